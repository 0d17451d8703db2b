r"""The nearest-neighbour classifier, the first data-driven classifier of section 1.

Training memorizes the data; prediction finds, for each test image, the ``k`` training images at
the smallest distance and takes a vote of their labels.  Images are compared pixel by pixel:

.. math:: d_1(I_1, I_2) = \sum_p |I_1^p - I_2^p| \qquad d_2(I_1, I_2) = \sqrt{\sum_p (I_1^p - I_2^p)^2}

The data-driven pipeline of the lecture notes, as two functions::

    model = knn.train(X_train, y_train)                # memorize
    y_pred = knn.predict(model, X_test, k=3, metric="l1")

``X`` is ``(N, D)``: one flattened image per row (``images.reshape(len(images), -1)``).
Ties in the vote go to the class with the smallest label among the tied ones (as
``np.bincount(...).argmax()`` does).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import linear
from ._validation import as_choice, as_float_array, as_int, as_labels

__all__ = ["METRICS", "pairwise_distances", "vote", "NearestNeighborModel", "train", "predict",
           "neighbors", "evaluate_k"]

METRICS = ("l1", "l2")


def pairwise_distances(X_test: ArrayLike, X_train: ArrayLike,
                       *, metric: str = "l2") -> NDArray[np.float64]:
    r"""Distances ``(N_test, N_train)``: entry ``[i, j]`` is :math:`d(x_i^{test}, x_j^{train})`.

    L2 uses :math:`\|a - b\|^2 = \|a\|^2 + \|b\|^2 - 2 a^\top b` (one matrix product, clipped at 0
    against rounding); L1 is computed a few test rows at a time (about 32 MB of differences).
    """
    metric = as_choice(metric, "metric", METRICS)
    A = as_float_array(X_test, "X_test", ndim=2)
    B = as_float_array(X_train, "X_train", ndim=2)
    _same_features(A, B, "X_test", "X_train")
    return _distances(A, B, metric)


def _same_features(A: np.ndarray, B: np.ndarray, name_a: str, name_b: str) -> None:
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"{name_a} has {A.shape[1]} features per row, {name_b} {B.shape[1]}; "
                         "they must match")


def _distances(A: np.ndarray, B: np.ndarray, metric: str) -> np.ndarray:
    """The kernel of :func:`pairwise_distances`, on checked arrays."""
    if metric == "l2":
        sq = (A * A).sum(1)[:, None] + (B * B).sum(1)[None, :] - 2.0 * A @ B.T
        return np.sqrt(np.maximum(sq, 0.0))
    out = np.empty((A.shape[0], B.shape[0]))
    step = max(1, 4_000_000 // max(B.shape[0] * B.shape[1], 1))
    for start in range(0, A.shape[0], step):
        out[start:start + step] = np.abs(A[start:start + step, None, :] - B[None, :, :]).sum(-1)
    return out


def _rows(images: ArrayLike, name: str) -> np.ndarray:
    """``images`` of shape ``(N, ...)`` checked and flattened to ``(N, D)``, one row per image."""
    arr = as_float_array(images, name)
    if arr.ndim == 0:
        raise ValueError(f"{name} must be an array of shape (N, ...), one image per row; "
                         "got a single number")
    return arr.reshape(arr.shape[0], -1)


def vote(dists: ArrayLike, y_train: ArrayLike, *, k: int = 1) -> NDArray[np.intp]:
    """For each row of ``dists`` ``(N_test, N_train)``, the majority label of the ``k`` nearest
    training points (ties: the smallest label).  Equal distances are broken by training order."""
    dists = as_float_array(dists, "dists", ndim=2)
    k = as_int(k, "k", minimum=1, maximum=dists.shape[1])
    return _vote(dists, _train_labels(y_train, dists.shape[1]), k)


def _train_labels(y_train: ArrayLike, n: int, rows: str = "dists' columns") -> np.ndarray:
    return as_labels(y_train, "y_train", n, None, rows=rows)


def _vote(dists: np.ndarray, y_train: np.ndarray, k: int) -> np.ndarray:
    """The kernel of :func:`vote`, on checked arguments.  The votes are counted over the labels
    that occur (``np.unique``, sorted), so a label of 2**40 costs no more than a label of 1."""
    nearest = np.argsort(dists, axis=1, kind="stable")[:, :k]
    classes, codes = np.unique(y_train[nearest], return_inverse=True)
    counts = np.zeros((dists.shape[0], classes.size), dtype=int)
    np.add.at(counts, (np.repeat(np.arange(dists.shape[0]), k), codes.ravel()), 1)
    return classes[counts.argmax(axis=1)]


@dataclass
class NearestNeighborModel:
    """What :func:`train` returns: the memorized training set, ``X`` (N, D) and ``y`` (N,)."""
    X: np.ndarray
    y: np.ndarray

    def score(self, images: ArrayLike, labels: ArrayLike, *, k: int = 1,
              metric: str = "l1") -> float:
        """The accuracy of :func:`predict` on ``images`` against ``labels``."""
        X = _rows(images, "images")
        labels = as_labels(labels, "labels", X.shape[0], None, rows="images")
        return linear.accuracy(labels, predict(self, X, k=k, metric=metric))


def train(images: ArrayLike, labels: ArrayLike) -> NearestNeighborModel:
    """Memorize the training data (``images`` of any shape ``(N, ...)`` are flattened)."""
    X = _rows(images, "images")
    y = as_labels(labels, "labels", X.shape[0], None, rows="images")
    return NearestNeighborModel(X, y)


def _check_model(model: NearestNeighborModel) -> NearestNeighborModel:
    if not isinstance(model, NearestNeighborModel):
        raise TypeError(f"model must be what knn.train returns; got {type(model).__name__}")
    return model


def _model_distances(model: NearestNeighborModel, images: ArrayLike, k: int,
                     metric: str) -> tuple[np.ndarray, int]:
    """Checked ``k`` and the distances ``(N, N_train)`` from each of ``images`` to the model's."""
    model = _check_model(model)
    k = as_int(k, "k", minimum=1, maximum=model.X.shape[0])
    metric = as_choice(metric, "metric", METRICS)
    X = _rows(images, "images")
    _same_features(X, model.X, "images", "the model's training images")
    return _distances(X, model.X, metric), k


def predict(model: NearestNeighborModel, images: ArrayLike, *, k: int = 1,
            metric: str = "l1") -> NDArray[np.intp]:
    """Predict a label for each image: the vote of its ``k`` nearest training images."""
    d, k = _model_distances(model, images, k, metric)
    return _vote(d, model.y, k)


def neighbors(model: NearestNeighborModel, images: ArrayLike, *, k: int = 1,
              metric: str = "l1") -> NDArray[np.intp]:
    """Indices ``(N, k)`` into the training set of each image's ``k`` nearest training images,
    nearest first (ties broken by training order)."""
    d, k = _model_distances(model, images, k, metric)
    return np.argsort(d, axis=1, kind="stable")[:, :k]


def evaluate_k(X_train: ArrayLike, y_train: ArrayLike, X_val: ArrayLike, y_val: ArrayLike,
               *, ks: Iterable[int] = (1, 3, 5, 10), metric: str = "l1") -> dict[int, float]:
    """Validation accuracy for each ``k`` (distances computed once): ``{k: accuracy}``.

    ``X_train``, ``X_val``: ``(N, ...)`` (flattened per row); ``ks``: one or more integers in
    ``[1, N_train]``."""
    metric = as_choice(metric, "metric", METRICS)
    X_train = _rows(X_train, "X_train")
    X_val = _rows(X_val, "X_val")
    _same_features(X_val, X_train, "X_val", "X_train")
    y_train = _train_labels(y_train, X_train.shape[0], rows="X_train")
    y_val = as_labels(y_val, "y_val", X_val.shape[0], None, rows="X_val")
    if isinstance(ks, (str, bytes)) or not isinstance(ks, Iterable):
        raise TypeError(f"ks must be a sequence of integers; got {type(ks).__name__} {ks!r:.40}")
    ks = [as_int(k, f"ks[{i}]", minimum=1, maximum=X_train.shape[0]) for i, k in enumerate(ks)]
    if not ks:
        raise ValueError("ks is empty; need at least one k")
    d = _distances(X_val, X_train, metric)
    return {k: linear.accuracy(y_val, _vote(d, y_train, k)) for k in ks}
