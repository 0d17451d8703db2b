"""Splitting a data set reproducibly, and preparing it for a linear classifier.

* :func:`shuffle_split` — a seeded shuffle, then the last ``test_fraction`` for testing
  (chapters 1, 2: the nearest-neighbour and first linear classifiers on digits);
* :func:`train_val_test_split` — train / validation / test, class by class (stratified);
* :func:`prepare` — that split, each image flattened to a row, scaled to [0, 1] and centred by the
  *training* mean image (the validation and test sets are never looked at): a :class:`Split`
  (chapters 8, 9).

Everything is seeded, so a split is the same on every run.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .._validation import as_float_array, as_int, as_labels, as_scalar, as_shape

__all__ = ["shuffle_split", "train_val_test_split", "Split", "prepare"]


def _examples(X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """``X`` with one example per row, ``(N, ...)``, and its labels ``y`` ``(N,)``, checked:
    ``X`` must hold finite real numbers (it is returned as it came, dtype unchanged)."""
    X = _rows(X, "X")
    return X, as_labels(y, "y", X.shape[0], None, rows="X")


def _rows(X: ArrayLike, name: str) -> np.ndarray:
    """``X`` as an array ``(N, ...)`` of finite real numbers, at least 2-D and with N >= 1, in its
    own dtype; or an error naming ``name``."""
    checked = as_float_array(X, name, allow_empty=True)       # type, NaN, inf, complex, ragged
    if checked.ndim < 2 or checked.shape[0] == 0:
        raise ValueError(f"{name} must hold one example per row, shape (N, ...); "
                         f"got {checked.shape}")
    if checked.size == 0:
        raise ValueError(f"{name} is empty (shape {checked.shape}); need at least one value")
    return np.asarray(X)


def shuffle_split(X: ArrayLike, y: ArrayLike, *, test_fraction: float = 0.25,
                  seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``X_train, y_train, X_test, y_test``: the rows of ``X`` (N, ...) and ``y`` (N,) shuffled
    with ``seed``, the first ``round(test_fraction * N)`` of them for testing, the rest for
    training."""
    X, y = _examples(X, y)
    test_fraction = as_scalar(test_fraction, "test_fraction", positive=True)
    if not test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1); got {test_fraction!r}")
    seed = as_int(seed, "seed", minimum=0)
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = int(round(test_fraction * len(order)))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


def train_val_test_split(X: ArrayLike, y: ArrayLike, *, val_fraction: float = 0.2,
                         test_fraction: float = 0.2, seed: int = 0) -> tuple[np.ndarray, ...]:
    """Split ``X`` (N, ...) and ``y`` (N,) into train, validation and test parts, class by class
    (each part has about the same class proportions).  Returns
    ``(X_train, y_train, X_val, y_val, X_test, y_test)``; the order inside a part is shuffled."""
    X, y = _examples(X, y)
    val_fraction = as_scalar(val_fraction, "val_fraction", positive=True)
    test_fraction = as_scalar(test_fraction, "test_fraction", positive=True)
    if val_fraction + test_fraction >= 1:
        raise ValueError("val_fraction + test_fraction must be below 1; got "
                         f"{val_fraction} + {test_fraction}")
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    parts = ([], [], [])
    for k in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == k))
        n_test = int(round(test_fraction * idx.size))
        n_val = int(round(val_fraction * idx.size))
        parts[2].append(idx[:n_test])
        parts[1].append(idx[n_test:n_test + n_val])
        parts[0].append(idx[n_test + n_val:])
    out = []
    for p in parts:
        idx = rng.permutation(np.concatenate(p))
        out += [X[idx], y[idx]]
    return tuple(out)


def _class_names(class_names: object, n_classes: int) -> tuple[str, ...]:
    """A sequence of at least ``n_classes`` names (one per label), or an error naming
    ``class_names``."""
    if class_names is None or isinstance(class_names, (str, bytes)) or not hasattr(
            class_names, "__len__"):
        raise TypeError("class_names must be a sequence of names (a tuple or list); got "
                        f"{type(class_names).__name__} {class_names!r:.40}")
    if len(class_names) < n_classes:
        raise ValueError(f"class_names must name every class: the labels go up to "
                         f"{n_classes - 1}, but only {len(class_names)} names were given")
    return tuple(class_names)


@dataclass
class Split:
    """A prepared data set: ``X_*`` (N_*, D) float, centred; ``y_*`` (N_*,) int.
    ``mean`` (D,) is the training mean that was subtracted (in [0, 1] pixel units),
    ``image_shape`` the shape of one image (``(8, 8)`` for digits, ``(32, 32, 3)`` for colour)."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray
    image_shape: tuple
    class_names: tuple

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def sizes(self) -> str:
        return (f"train {len(self.y_train)}, validation {len(self.y_val)}, "
                f"test {len(self.y_test)} images of {self.X_train.shape[1]} numbers each")


def prepare(X: ArrayLike, y: ArrayLike, class_names: Sequence[str],
            image_shape: Sequence[int] | None = None, *, scale: float = 255.0,
            val_fraction: float = 0.2, test_fraction: float = 0.2, seed: int = 0) -> Split:
    """Split (:func:`train_val_test_split`), flatten each image to a row, divide by ``scale``
    (255 for 8-bit images, 16 for scikit-learn's digits) and subtract the training mean image."""
    X = _rows(X, "X")
    image_shape = (tuple(X.shape[1:]) if image_shape is None
                   else as_shape(image_shape, "image_shape"))
    Xf = as_float_array(X.reshape(X.shape[0], -1), "X", ndim=2) / as_scalar(scale, "scale",
                                                                            positive=True)
    if int(np.prod(image_shape)) != Xf.shape[1]:
        raise ValueError(f"image_shape {image_shape} does not hold {Xf.shape[1]} numbers")
    labels = as_labels(y, "y", X.shape[0], None, rows="X")
    class_names = _class_names(class_names, int(labels.max()) + 1)
    Xtr, ytr, Xva, yva, Xte, yte = train_val_test_split(
        Xf, y, val_fraction=val_fraction, test_fraction=test_fraction, seed=seed)
    mean = Xtr.mean(axis=0)
    return Split(Xtr - mean, ytr, Xva - mean, yva, Xte - mean, yte, mean, image_shape,
                 class_names)
