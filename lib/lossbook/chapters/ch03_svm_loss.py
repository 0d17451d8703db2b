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

The sections beyond the questions:

* how to set :math:`\Delta`: :func:`train_svm_exact` minimizes the regularized SVM objective
  :math:`\frac1N\sum_i L_i + \lambda\lVert W\rVert^2` to high precision (dual coordinate ascent),
  so that the minimizers for :math:`(\Delta, \lambda)` and :math:`(c\Delta, \lambda / c)` can be
  compared (the second is :math:`c` times the first); :func:`svm_objective` is the objective;
* the binary SVM: :func:`binary_svm_loss`, :math:`\max(0, \Delta - t_i f_i)` with
  :math:`t_i \in \{-1, +1\}`, and :func:`two_class_as_binary`, the two-class scores written as
  one score :math:`f_i = s_{i1} - s_{i0}` and a sign :math:`t_i`;
* the multiclass variants: :func:`svm_loss_crammer_singer` (the largest violation only) and
  :func:`svm_loss_one_vs_rest` (one binary SVM per class).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import linear, losses, regularization
from .._validation import (as_count, as_float_array, as_int, as_labels, as_scalar,
                           infer_n_classes)

__all__ = ["svm_loss_all_classes", "svm_loss_class_mean", "zero_loss_slack",
           "worst_case_perturbation", "agreement", "best_time", "timings", "hinge_figure",
           "svm_objective", "train_svm_exact", "binary_svm_loss", "two_class_as_binary",
           "svm_loss_crammer_singer", "svm_loss_one_vs_rest"]


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


# ---- how to set the margin: the regularized minimizer, exactly ---------------------------------
def svm_objective(W: ArrayLike, X: ArrayLike, y: ArrayLike, *, margin: float = 1.0,
                  reg_strength: float = 0.0) -> float:
    r""":math:`\frac1N \sum_i \sum_{j\ne y_i} \max(0, w_j^\top x_i - w_{y_i}^\top x_i + \Delta)
    + \lambda \lVert W\rVert^2` for ``W`` (C, D), ``X`` (N, D), ``y`` (N,), without a bias (fold
    it into ``W`` with a column of ones in ``X``, the bias trick)."""
    W = as_float_array(W, "W", ndim=2)
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != W.shape[1]:
        raise ValueError(f"X has {X.shape[1]} features but W has {W.shape[1]} columns")
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    data = losses.svm_loss(X @ W.T, y, margin=margin)
    return float(data + regularization.reg_loss(W, reg_strength, reg="l2"))   # 0 at λ = 0


def train_svm_exact(X: ArrayLike, y: ArrayLike, *, n_classes: int | None = None,
                    margin: float = 1.0, reg_strength: float = 1e-2, tol: float = 1e-10,
                    max_sweeps: int = 20000) -> np.ndarray:
    r"""The minimizer ``W`` (C, D) of :func:`svm_objective`, to high precision.

    The objective is a quadratic program; this solves its dual by coordinate ascent.  With one
    multiplier :math:`\alpha_{ij} \in [0, 1/N]` per margin (:math:`j \ne y_i`),

    .. math:: W = \frac{1}{2\lambda} \sum_{i,\,j\ne y_i} \alpha_{ij}\,
              (e_{y_i} - e_j)\, x_i^\top ,

    and the dual's slope along :math:`\alpha_{ij}` is the margin term
    :math:`w_j^\top x_i - w_{y_i}^\top x_i + \Delta`, its curvature
    :math:`-\lVert x_i\rVert^2 / \lambda`.  Each step maximizes over one multiplier (a Newton
    step, clipped to the box); sweeps stop when no multiplier can move by more than ``tol``
    (in units of :math:`1/N`).  ``reg_strength`` :math:`\lambda` must be positive.
    """
    X = as_float_array(X, "X", ndim=2)
    n, d = X.shape
    if n_classes is None:  # the multipliers (N, C) and the weights (C, D)
        y = as_labels(y, "y", n, None)
        c = infer_n_classes(y, "y")
    else:
        c = as_count(n_classes, "n_classes", minimum=2, values_each=n + d)
        y = as_labels(y, "y", n, c)
    margin = as_scalar(margin, "margin", nonnegative=True)
    lam = as_scalar(reg_strength, "reg_strength", positive=True)
    tol = as_scalar(tol, "tol", positive=True)
    max_sweeps = as_int(max_sweeps, "max_sweeps", minimum=1)
    upper = 1.0 / n
    alpha = np.zeros((n, c))
    W = np.zeros((c, d))
    sq_norms = np.einsum("ij,ij->i", X, X)
    for _ in range(max_sweeps):
        largest = 0.0
        for i in range(n):
            if sq_norms[i] == 0.0:
                continue
            x, yi = X[i], y[i]
            for j in range(c):
                if j == yi:
                    continue
                slope = (W[j] - W[yi]) @ x + margin
                new = min(upper, max(0.0, alpha[i, j] + slope * lam / sq_norms[i]))
                step = new - alpha[i, j]
                if step != 0.0:
                    alpha[i, j] = new
                    W[yi] += step / (2.0 * lam) * x
                    W[j] -= step / (2.0 * lam) * x
                    largest = max(largest, abs(step) / upper)
        if largest < tol:
            break
    return W


# ---- the binary SVM and the multiclass variants ------------------------------------------------
def binary_svm_loss(f: ArrayLike, t: ArrayLike, *, margin: float = 1.0) -> np.ndarray:
    r"""The binary hinge :math:`\max(0, \Delta - t_i f_i)` per example, (N,), for one score
    :math:`f_i = w^\top x_i` per example and labels :math:`t_i \in \{-1, +1\}`."""
    f = as_float_array(f, "f", ndim=1)
    t = as_float_array(t, "t", ndim=1)
    if t.shape != f.shape:
        raise ValueError(f"t must have the shape of f, {f.shape}; got {t.shape}")
    if not np.all(np.abs(t) == 1.0):
        raise ValueError("t must hold labels -1 and +1 only")
    margin = as_scalar(margin, "margin", nonnegative=True)
    return np.maximum(0.0, margin - t * f)


def two_class_as_binary(scores: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    r"""Two-class ``scores`` (N, 2) and ``y`` in {0, 1} as one score and a sign:
    :math:`f_i = s_{i1} - s_{i0} = (w_1 - w_0)^\top x_i` and :math:`t_i = 2 y_i - 1`."""
    scores = as_float_array(scores, "scores", ndim=2)
    if scores.shape[1] != 2:
        raise ValueError(f"scores must have two columns (two classes); got shape {scores.shape}")
    y = as_labels(y, "y", scores.shape[0], 2)
    return scores[:, 1] - scores[:, 0], 2.0 * y - 1.0


def svm_loss_crammer_singer(scores: ArrayLike, y: ArrayLike, *,
                            margin: float = 1.0) -> np.ndarray:
    r"""Crammer and Singer's multiclass hinge, (N,): only the worst wrong class counts,
    :math:`\max\big(0,\ \max_{j\ne y_i} s_j - s_{y_i} + \Delta\big)`."""
    scores, y, margin = _check(scores, y, margin)
    rows = np.arange(scores.shape[0])
    wrong = scores.copy()
    wrong[rows, y] = -np.inf
    return np.maximum(0.0, wrong.max(axis=1) - scores[rows, y] + margin)


def svm_loss_one_vs_rest(scores: ArrayLike, y: ArrayLike, *, margin: float = 1.0) -> np.ndarray:
    r"""One-vs-rest, (N,): one binary SVM per class :math:`k`, which should score
    :math:`s_k \ge \Delta` on its own class and :math:`s_k \le -\Delta` on the others,
    :math:`\sum_k \max(0, \Delta - t_{ik} s_k)` with :math:`t_{ik} = +1` if :math:`k = y_i`
    else :math:`-1`."""
    scores, y, margin = _check(scores, y, margin)
    t = -np.ones_like(scores)
    t[np.arange(scores.shape[0]), y] = 1.0
    return np.maximum(0.0, margin - t * scores).sum(axis=1)


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
    ax1.legend(fontsize=9)
    table = np.column_stack([zeros, d])
    labels = np.zeros(d.size, dtype=np.intp)
    ax2.plot(d, losses.svm_loss(table, labels, reduction="none"), lw=2, label="hinge")
    ax2.plot(d, losses.svm_loss(table, labels, squared=True, reduction="none"), lw=2,
             label="squared hinge")
    ax2.set_ylim(0, 8)
    ax2.set_xlabel("$s_j - s_{y_i}$")
    ax2.set_title("Δ = 1: big violations cost more when squared", fontsize=10)
    ax2.legend(fontsize=9)
    return fig
