r"""Used by chapter 3 (the multiclass SVM loss): the computations behind its six questions, the
naive loop against the vectorized loss (agreement and timing), and the hinge figure.

The questions' computations (:mod:`lossbook.losses` holds the loss itself):

Each function is one variant of the hinge loss or one probe of it, so that every answer in the
chapter is confirmed by a computation:

* Q1: :func:`zero_loss_slack` and :func:`worst_case_perturbation` — how far the scores can move
  before a zero loss becomes positive;
* Q4: :func:`svm_loss_all_classes` — the sum over *every* class, :math:`j = y_i` included;
* Q5: :func:`svm_loss_class_mean` — the mean over the :math:`C - 1` wrong classes instead of the sum.

All take ``scores`` (N, C), ``y`` (N,) and the margin :math:`\Delta` and return per-example values
(N,).  :func:`agreement` and :func:`timings` compare :func:`lossbook.linear.svm_loss_naive` with
:func:`lossbook.linear.svm_loss_vectorized`.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import linear, losses
from .._validation import as_float_array, as_int, as_labels, as_scalar

__all__ = ["svm_loss_all_classes", "svm_loss_class_mean", "zero_loss_slack",
           "worst_case_perturbation", "agreement", "best_time", "timings", "hinge_figure"]


def _check(scores, y, margin):
    scores = as_float_array(scores, "scores", ndim=2)
    n, c = scores.shape
    if c < 2:
        raise ValueError(f"scores must have at least two classes (columns); got shape {scores.shape}")
    return scores, as_labels(y, "y", n, c), as_scalar(margin, "margin", nonnegative=True)


def svm_loss_all_classes(scores: ArrayLike, y: ArrayLike, *, margin: float = 1.0) -> np.ndarray:
    r"""Q4: :math:`\sum_{j} \max(0, s_j - s_{y_i} + \Delta)` over ALL classes, :math:`j = y_i`
    included.  The extra term is :math:`\max(0, \Delta) = \Delta`, so this is the SVM loss + Δ."""
    scores, y, margin = _check(scores, y, margin)
    correct = scores[np.arange(scores.shape[0]), y][:, None]
    return np.maximum(0.0, scores - correct + margin).sum(axis=1)


def svm_loss_class_mean(scores: ArrayLike, y: ArrayLike, *, margin: float = 1.0) -> np.ndarray:
    r"""Q5: :math:`\frac{1}{C-1}\sum_{j\ne y_i} \max(0, s_j - s_{y_i} + \Delta)`, the mean over the
    wrong classes: the SVM loss divided by the constant :math:`C - 1`."""
    scores, y, margin = _check(scores, y, margin)
    return losses.svm_loss(scores, y, margin=margin, reduction="none") / (scores.shape[1] - 1)


def zero_loss_slack(scores: ArrayLike, y: ArrayLike, *, margin: float = 1.0) -> np.ndarray:
    r"""Q1: :math:`\big(\min_{j\ne y_i}(s_{y_i} - s_j) - \Delta\big) / 2`.

    If every score moves by at most this much (in the worst direction: the correct score down,
    the others up), the loss of a zero-loss example stays 0.  Negative when the loss is already
    positive."""
    scores, y, margin = _check(scores, y, margin)
    rows = np.arange(scores.shape[0])
    gaps = scores[rows, y][:, None] - scores
    gaps[rows, y] = np.inf
    return (gaps.min(axis=1) - margin) / 2.0


def worst_case_perturbation(scores: ArrayLike, y: ArrayLike, size: float) -> np.ndarray:
    """Q1: the scores with the correct class's score lowered by ``size`` and every other score
    raised by ``size``: the change of at most ``size`` per score that hurts the loss most."""
    scores, y, _ = _check(scores, y, 0.0)
    size = as_scalar(size, "size", nonnegative=True)
    out = scores + size
    rows = np.arange(scores.shape[0])
    out[rows, y] = scores[rows, y] - size
    return out


def agreement(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike, *, margin: float = 1.0,
              reg_strength: float = 0.0) -> dict:
    """Loss and gradients of both implementations and their largest absolute differences."""
    loss_n, dW_n, db_n = linear.svm_loss_naive(W, b, X, y, margin=margin,
                                               reg_strength=reg_strength)
    loss_v, dW_v, db_v = linear.svm_loss_vectorized(W, b, X, y, margin=margin,
                                                   reg_strength=reg_strength)
    return {"loss_naive": loss_n, "loss_vectorized": loss_v,
            "loss_difference": abs(loss_n - loss_v),
            "dW_max_difference": float(np.max(np.abs(dW_n - dW_v))),
            "db_max_difference": float(np.max(np.abs(db_n - db_v)))}


def best_time(run: Callable[[], object], *, repeat: int = 5) -> float:
    """The fastest of ``repeat`` calls of ``run()``, in seconds (the least disturbed run)."""
    repeat = as_int(repeat, "repeat", minimum=1)
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return float(best)


def timings(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike, *, margin: float = 1.0,
            reg_strength: float = 0.0, repeat: int = 3) -> dict:
    """Best-of-``repeat`` seconds for each implementation, and the speed-up."""
    options = dict(margin=margin, reg_strength=reg_strength)
    t_naive = best_time(lambda: linear.svm_loss_naive(W, b, X, y, **options), repeat=repeat)
    t_vec = best_time(lambda: linear.svm_loss_vectorized(W, b, X, y, **options), repeat=repeat)
    return {"naive_seconds": t_naive, "vectorized_seconds": t_vec,
            "speedup": t_naive / t_vec}


def hinge_figure(*, margins: Sequence[float] = (0.5, 1.0, 2.0)) -> Figure:
    r"""One hinge term :math:`\max(0, d + \Delta)` against :math:`d = s_j - s_{y_i}` for several
    margins (left), and the hinge versus the squared hinge for :math:`\Delta = 1` (right)."""
    d = np.linspace(-4.0, 3.0, 281)
    zeros = np.zeros_like(d)
    fig = Figure(figsize=(8.0, 2.9), dpi=80, layout="constrained")
    ax1, ax2 = fig.subplots(1, 2)
    for k, m in enumerate(margins):
        # a two-class table [s_y, s_j] = [0, d]: its SVM loss is exactly the one term
        term = losses.svm_loss(np.column_stack([zeros, d]), np.zeros(d.size, dtype=np.intp),
                               margin=m, reduction="none")
        ax1.plot(d, term, lw=2, color=f"C{k}", label=f"Δ = {m:g}")
    ax1.axvline(0.0, color="0.5", lw=0.8, ls=":")
    ax1.set_xlabel("$s_j - s_{y_i}$ (a wrong class's score minus the correct one)")
    ax1.set_ylabel("the term $\\max(0, s_j - s_{y_i} + \\Delta)$")
    ax1.set_title("zero once the correct class wins by Δ", fontsize=10)
    ax1.legend(fontsize=8)
    table = np.column_stack([zeros, d])
    labels = np.zeros(d.size, dtype=np.intp)
    ax2.plot(d, losses.svm_loss(table, labels, reduction="none"), lw=2, label="hinge")
    ax2.plot(d, losses.svm_loss(table, labels, squared=True, reduction="none"), lw=2,
             label="squared hinge")
    ax2.set_ylim(0, 8)
    ax2.set_xlabel("$s_j - s_{y_i}$")
    ax2.set_title("Δ = 1: big violations cost more when squared", fontsize=10)
    ax2.legend(fontsize=8)
    return fig
