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
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"X_test has {A.shape[1]} features per row, X_train {B.shape[1]}; "
                         "they must match")
    if metric == "l2":
        sq = (A * A).sum(1)[:, None] + (B * B).sum(1)[None, :] - 2.0 * A @ B.T
        return np.sqrt(np.maximum(sq, 0.0))
    out = np.empty((A.shape[0], B.shape[0]))
    step = max(1, 4_000_000 // max(B.shape[0] * B.shape[1], 1))
    for start in range(0, A.shape[0], step):
        out[start:start + step] = np.abs(A[start:start + step, None, :] - B[None, :, :]).sum(-1)
    return out


def vote(dists: ArrayLike, y_train: ArrayLike, *, k: int = 1) -> NDArray[np.intp]:
    """For each row of ``dists`` ``(N_test, N_train)``, the majority label of the ``k`` nearest
    training points (ties: the smallest label).  Equal distances are broken by training order."""
    dists = as_float_array(dists, "dists", ndim=2)
    k = as_int(k, "k", minimum=1, maximum=dists.shape[1])
    return _vote(dists, _train_labels(y_train, dists.shape[1]), k)


def _train_labels(y_train: ArrayLike, n: int) -> np.ndarray:
    y_train = np.asarray(y_train)
    return as_labels(y_train, "y_train", n, int(y_train.max()) + 1)


def _vote(dists: np.ndarray, y_train: np.ndarray, k: int) -> np.ndarray:
    """The kernel of :func:`vote`, on checked arguments."""
    nearest = np.argsort(dists, axis=1, kind="stable")[:, :k]
    labels = y_train[nearest]
    n_classes = int(y_train.max()) + 1
    counts = np.zeros((dists.shape[0], n_classes), dtype=int)
    np.add.at(counts, (np.repeat(np.arange(dists.shape[0]), k), labels.ravel()), 1)
    return counts.argmax(axis=1)


@dataclass
class NearestNeighborModel:
    """What :func:`train` returns: the memorized training set, ``X`` (N, D) and ``y`` (N,)."""
    X: np.ndarray
    y: np.ndarray

    def score(self, images: ArrayLike, labels: ArrayLike, *, k: int = 1,
              metric: str = "l1") -> float:
        """The accuracy of :func:`predict` on ``images`` against ``labels``."""
        return linear.accuracy(labels, predict(self, images, k=k, metric=metric))


def train(images: ArrayLike, labels: ArrayLike) -> NearestNeighborModel:
    """Memorize the training data (``images`` of any shape ``(N, ...)`` are flattened)."""
    X = as_float_array(np.asarray(images).reshape(len(images), -1), "images", ndim=2)
    labels = np.asarray(labels)
    y = as_labels(labels, "labels", X.shape[0],
                  int(labels.max()) + 1 if labels.size and np.issubdtype(labels.dtype,
                                                                         np.integer) else 1)
    return NearestNeighborModel(X, y)


def _check_model(model: NearestNeighborModel) -> NearestNeighborModel:
    if not isinstance(model, NearestNeighborModel):
        raise TypeError(f"model must be what knn.train returns; got {type(model).__name__}")
    return model


def predict(model: NearestNeighborModel, images: ArrayLike, *, k: int = 1,
            metric: str = "l1") -> NDArray[np.intp]:
    """Predict a label for each image: the vote of its ``k`` nearest training images."""
    model = _check_model(model)
    k = as_int(k, "k", minimum=1, maximum=model.X.shape[0])
    X = np.asarray(images).reshape(len(images), -1)
    return _vote(pairwise_distances(X, model.X, metric=metric), model.y, k)


def neighbors(model: NearestNeighborModel, images: ArrayLike, *, k: int = 1,
              metric: str = "l1") -> NDArray[np.intp]:
    """Indices ``(N, k)`` into the training set of each image's ``k`` nearest training images,
    nearest first (ties broken by training order)."""
    model = _check_model(model)
    k = as_int(k, "k", minimum=1, maximum=model.X.shape[0])
    d = pairwise_distances(np.asarray(images).reshape(len(images), -1), model.X,
                           metric=metric)
    return np.argsort(d, axis=1, kind="stable")[:, :k]


def evaluate_k(X_train: ArrayLike, y_train: ArrayLike, X_val: ArrayLike, y_val: ArrayLike,
               *, ks: Iterable[int] = (1, 3, 5, 10), metric: str = "l1") -> dict[int, float]:
    """Validation accuracy for each ``k`` (distances computed once): ``{k: accuracy}``."""
    X_train = np.asarray(X_train).reshape(len(X_train), -1)
    X_val = np.asarray(X_val).reshape(len(X_val), -1)
    ks = [as_int(k, "k", minimum=1, maximum=X_train.shape[0]) for k in ks]
    d = pairwise_distances(X_val, X_train, metric=metric)
    y_train = _train_labels(y_train, d.shape[1])
    return {k: linear.accuracy(y_val, _vote(d, y_train, k)) for k in ks}
