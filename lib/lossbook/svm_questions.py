r"""Small computations that answer the six questions on the multiclass SVM loss (section 3).

Each function is one variant of the hinge loss or one probe of it, so that every answer in the
chapter is confirmed by a computation:

* Q1: :func:`zero_loss_slack` and :func:`worst_case_perturbation` — how far the scores can move
  before a zero loss becomes positive;
* Q4: :func:`svm_loss_all_classes` — the sum over *every* class, :math:`j = y_i` included;
* Q5: :func:`svm_loss_class_mean` — the mean over the :math:`C - 1` wrong classes instead of the sum.

All take ``scores`` (N, C), ``y`` (N,) and the margin :math:`\Delta` and return per-example values
(N,).
"""
from __future__ import annotations

import numpy as np

from . import losses
from ._validation import as_float_array, as_labels, as_scalar

__all__ = ["svm_loss_all_classes", "svm_loss_class_mean", "zero_loss_slack",
           "worst_case_perturbation"]


def _check(scores, y, margin):
    scores = as_float_array(scores, "scores", ndim=2)
    n, c = scores.shape
    if c < 2:
        raise ValueError(f"scores must have at least two classes (columns); got shape {scores.shape}")
    return scores, as_labels(y, "y", n, c), as_scalar(margin, "margin", nonnegative=True)


def svm_loss_all_classes(scores, y, margin: float = 1.0) -> np.ndarray:
    r"""Q4: :math:`\sum_{j} \max(0, s_j - s_{y_i} + \Delta)` over ALL classes, :math:`j = y_i`
    included.  The extra term is :math:`\max(0, \Delta) = \Delta`, so this is the SVM loss + Δ."""
    scores, y, margin = _check(scores, y, margin)
    correct = scores[np.arange(scores.shape[0]), y][:, None]
    return np.maximum(0.0, scores - correct + margin).sum(axis=1)


def svm_loss_class_mean(scores, y, margin: float = 1.0) -> np.ndarray:
    r"""Q5: :math:`\frac{1}{C-1}\sum_{j\ne y_i} \max(0, s_j - s_{y_i} + \Delta)`, the mean over the
    wrong classes: the SVM loss divided by the constant :math:`C - 1`."""
    scores, y, margin = _check(scores, y, margin)
    return losses.svm_loss(scores, y, margin=margin, reduction="none") / (scores.shape[1] - 1)


def zero_loss_slack(scores, y, margin: float = 1.0) -> np.ndarray:
    r"""Q1: :math:`\big(\min_{j\ne y_i}(s_{y_i} - s_j) - \Delta\big) / 2`.

    If every score moves by at most this much (in the worst direction: the correct score down,
    the others up), the loss of a zero-loss example stays 0.  Negative when the loss is already
    positive."""
    scores, y, margin = _check(scores, y, margin)
    rows = np.arange(scores.shape[0])
    gaps = scores[rows, y][:, None] - scores
    gaps[rows, y] = np.inf
    return (gaps.min(axis=1) - margin) / 2.0


def worst_case_perturbation(scores, y, size: float) -> np.ndarray:
    """Q1: the scores with the correct class's score lowered by ``size`` and every other score
    raised by ``size``: the change of at most ``size`` per score that hurts the loss most."""
    scores, y, _ = _check(scores, y, 0.0)
    size = as_scalar(size, "size", nonnegative=True)
    out = scores + size
    rows = np.arange(scores.shape[0])
    out[rows, y] = scores[rows, y] - size
    return out
