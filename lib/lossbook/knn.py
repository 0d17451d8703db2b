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

from dataclasses import dataclass

import numpy as np

from ._validation import as_float_array, as_labels

__all__ = ["METRICS", "pairwise_distances", "vote", "NearestNeighborModel", "train", "predict",
           "neighbors", "accuracy", "evaluate_k"]

METRICS = ("l1", "l2")


def _check_metric(metric):
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}; got {metric!r}")


def pairwise_distances(X_test, X_train, metric: str = "l2") -> np.ndarray:
    r"""Distances ``(N_test, N_train)``: entry ``[i, j]`` is :math:`d(x_i^{test}, x_j^{train})`.

    L2 uses :math:`\|a - b\|^2 = \|a\|^2 + \|b\|^2 - 2 a^\top b` (one matrix product, clipped at 0
    against rounding); L1 is computed a few test rows at a time (about 32 MB of differences).
    """
    _check_metric(metric)
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


def vote(dists, y_train, k: int = 1) -> np.ndarray:
    """For each row of ``dists`` ``(N_test, N_train)``, the majority label of the ``k`` nearest
    training points (ties: the smallest label).  Equal distances are broken by training order."""
    dists = as_float_array(dists, "dists", ndim=2)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= dists.shape[1]:
        raise ValueError(f"k must be an integer in [1, {dists.shape[1]}] (the number of training "
                         f"points); got {k!r}")
    y_train = np.asarray(y_train)
    y_train = as_labels(y_train, "y_train", dists.shape[1], int(y_train.max()) + 1)
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


def train(images, labels) -> NearestNeighborModel:
    """Memorize the training data (``images`` of any shape ``(N, ...)`` are flattened)."""
    X = as_float_array(np.asarray(images).reshape(len(images), -1), "images", ndim=2)
    labels = np.asarray(labels)
    y = as_labels(labels, "labels", X.shape[0],
                  int(labels.max()) + 1 if labels.size and np.issubdtype(labels.dtype,
                                                                         np.integer) else 1)
    return NearestNeighborModel(X, y)


def predict(model: NearestNeighborModel, images, k: int = 1, metric: str = "l1") -> np.ndarray:
    """Predict a label for each image: the vote of its ``k`` nearest training images."""
    if not isinstance(model, NearestNeighborModel):
        raise TypeError(f"model must be what knn.train returns; got {type(model).__name__}")
    X = np.asarray(images).reshape(len(images), -1)
    return vote(pairwise_distances(X, model.X, metric), model.y, k)


def neighbors(model: NearestNeighborModel, images, k: int = 1, metric: str = "l1") -> np.ndarray:
    """Indices ``(N, k)`` into the training set of each image's ``k`` nearest training images,
    nearest first (ties broken by training order)."""
    if not isinstance(model, NearestNeighborModel):
        raise TypeError(f"model must be what knn.train returns; got {type(model).__name__}")
    d = pairwise_distances(np.asarray(images).reshape(len(images), -1), model.X, metric)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= d.shape[1]:
        raise ValueError(f"k must be an integer in [1, {d.shape[1]}]; got {k!r}")
    return np.argsort(d, axis=1, kind="stable")[:, :k]


def accuracy(y_pred, y_true) -> float:
    """The fraction of predictions equal to the true labels."""
    y_pred, y_true = np.asarray(y_pred), np.asarray(y_true)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"y_pred and y_true must have the same shape; got {y_pred.shape} and "
                         f"{y_true.shape}")
    return float(np.mean(y_pred == y_true))


def evaluate_k(X_train, y_train, X_val, y_val, ks=(1, 3, 5, 10), metric: str = "l1") -> dict:
    """Validation accuracy for each ``k`` (distances computed once): ``{k: accuracy}``."""
    X_train = np.asarray(X_train).reshape(len(X_train), -1)
    X_val = np.asarray(X_val).reshape(len(X_val), -1)
    d = pairwise_distances(X_val, X_train, metric)
    return {int(k): accuracy(vote(d, y_train, int(k)), y_val) for k in ks}
