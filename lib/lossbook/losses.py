r"""Loss functions of the book, with their gradients.

Conventions (used in every chapter):

* ``scores``: ``(N, C)``, one row of class scores per example, :math:`s = f(x_i; W)`.
* ``y``: ``(N,)`` integer labels in ``[0, C)`` (``cross_entropy`` also takes ``(N, C)`` target
  probabilities).
* ``reduction``: ``"mean"`` gives :math:`L = \frac1N \sum_i L_i` (the default), ``"sum"`` gives
  :math:`\sum_i L_i` and ``"none"`` the per-example losses :math:`L_i`.  For the element-wise
  regression losses the mean runs over every element, as in PyTorch.
* ``<loss>_grad`` takes the same arguments and returns the gradient with respect to the first
  argument, of the same shape.  With ``reduction="none"`` it returns the gradient of the sum
  (row ``i`` is :math:`\partial L_i / \partial s_i`, since :math:`L_i` depends on row ``i`` only).

Everything is numpy, computed in float64, and stable for any finite input.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import (REDUCTIONS, as_bool, as_choice, as_float_array, as_int, as_labels,
                          as_scalar, check_same_shape, positive_param, reduce, reduction_scale)

__all__ = [
    "softmax", "log_softmax", "sigmoid",
    "svm_loss", "svm_loss_grad", "svm_loss_and_grad",
    "cross_entropy", "cross_entropy_grad", "cross_entropy_and_grad",
    "binary_cross_entropy", "binary_cross_entropy_grad",
    "l2_loss", "l2_loss_grad", "l1_loss", "l1_loss_grad",
    "gaussian_nll", "laplace_nll", "laplace_mixture_nll",
]


# ---------------------------------------------------------------------------------------------
# Probabilities from scores
# ---------------------------------------------------------------------------------------------
def log_softmax(scores: ArrayLike, *, axis: int = -1) -> NDArray[np.float64]:
    r"""Log-probabilities :math:`\log P(k) = s_k - \log \sum_j e^{s_j}` (section 4).

    Computed as :math:`(s_k - m) - \log\sum_j e^{s_j - m}` with :math:`m = \max_j s_j`, so that no
    exponential overflows: scores of :math:`\pm 10^4` give finite, exact results.
    """
    scores = as_float_array(scores, "scores", ndim=(1, 2, 3, 4))
    axis = as_int(axis, "axis", minimum=-scores.ndim, maximum=scores.ndim - 1)
    shifted, _, log_norm = _shift_exp_lognorm(scores, axis)
    return shifted - log_norm


def _shift_exp_lognorm(scores: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Shifted scores :math:`s - m`, their exponentials, and :math:`\log\sum_j e^{s_j - m}`.

    The largest term of the sum is exactly :math:`e^0 = 1`, so the log is taken as
    :math:`\log(1 + r)` = ``log1p(r)`` with :math:`r` the sum of the other terms: a confident
    prediction (:math:`r \approx 10^{-48}`) keeps all its digits instead of rounding to 0.
    """
    shifted = scores - scores.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    first_max = np.expand_dims(np.argmax(scores, axis=axis), axis)
    others = e.copy()
    np.put_along_axis(others, first_max, 0.0, axis=axis)
    return shifted, e, np.log1p(others.sum(axis=axis, keepdims=True))


def softmax(scores: ArrayLike, *, axis: int = -1, temperature: float = 1.0) -> NDArray[np.float64]:
    r"""Softmax probabilities :math:`P(Y=k \mid x) = e^{s_k/T} / \sum_j e^{s_j/T}` (section 4).

    ``temperature`` :math:`T > 0`; as :math:`T \to 0` the result tends to the one-hot argmax
    ("soft argmax", section 7).  Stable: softmax(s) = softmax(s - max s).
    """
    temperature = as_scalar(temperature, "temperature", positive=True)
    scores = as_float_array(scores, "scores", ndim=(1, 2, 3, 4))
    axis = as_int(axis, "axis", minimum=-scores.ndim, maximum=scores.ndim - 1)
    shifted = (scores - scores.max(axis=axis, keepdims=True)) / temperature
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def sigmoid(z: ArrayLike) -> NDArray[np.float64] | float:
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})` (section 7), element-wise.

    Uses :math:`e^{z} / (1 + e^{z})` for negative ``z`` so that no exponential overflows.
    Returns a float for a scalar input.
    """
    out = _sigmoid(as_float_array(z, "z"))
    return float(out) if out.ndim == 0 else out


def _sigmoid(arr: np.ndarray) -> np.ndarray:
    """The kernel of :func:`sigmoid`, on a checked float array of any shape."""
    out = np.empty_like(arr)
    pos = arr >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-arr[pos]))
    ez = np.exp(arr[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def _scores_and_labels(scores: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    scores = as_float_array(scores, "scores", ndim=2)
    n, c = scores.shape
    if c == 0:
        raise ValueError("scores has no columns; need at least one class (C >= 1)")
    return scores, as_labels(y, "y", n, c)


# ---------------------------------------------------------------------------------------------
# Multiclass SVM (hinge) loss, section 3
# ---------------------------------------------------------------------------------------------
def _svm_margins(scores: ArrayLike, y: ArrayLike,
                 margin: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the checked labels and the matrix of terms s_j - s_{y_i} + margin, 0 at j = y_i."""
    scores, y = _scores_and_labels(scores, y)
    margin = as_scalar(margin, "margin", nonnegative=True)
    rows = np.arange(scores.shape[0])
    terms = scores - scores[rows, y][:, None] + margin
    terms[rows, y] = 0.0
    return y, terms


def svm_loss(scores: ArrayLike, y: ArrayLike, *, margin: float = 1.0, squared: bool = False,
             reduction: str = "mean") -> float | NDArray[np.float64]:
    r"""Multiclass SVM (Weston–Watkins hinge) loss, section 3:

    .. math:: L_i = \sum_{j \ne y_i} \max(0,\; s_j - s_{y_i} + \Delta)

    with the margin :math:`\Delta` = ``margin`` :math:`\ge 0`.  ``squared=True`` squares each term
    (the squared hinge, :math:`\sum_{j\ne y_i} \max(0, s_j - s_{y_i} + \Delta)^2`).
    """
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    squared = as_bool(squared, "squared")
    _, terms = _svm_margins(scores, y, margin)
    hinge = np.maximum(0.0, terms)
    per_example = (hinge ** 2 if squared else hinge).sum(axis=1)
    return reduce(per_example, reduction)


def svm_loss_grad(scores: ArrayLike, y: ArrayLike, *, margin: float = 1.0, squared: bool = False,
                  reduction: str = "mean") -> NDArray[np.float64]:
    r"""Gradient of :func:`svm_loss` with respect to ``scores``, shape ``(N, C)``.

    For :math:`j \ne y_i`: :math:`\partial L_i/\partial s_j = \mathbb 1[m_{ij} > 0]` (squared:
    :math:`2\max(0, m_{ij})`), with :math:`m_{ij} = s_j - s_{y_i} + \Delta`; and
    :math:`\partial L_i / \partial s_{y_i} = -\sum_{j\ne y_i} \partial L_i/\partial s_j`.
    At a kink (:math:`m_{ij} = 0`) the subgradient 0 is used.
    """
    return svm_loss_and_grad(scores, y, margin=margin, squared=squared, reduction=reduction)[1]


def svm_loss_and_grad(scores: ArrayLike, y: ArrayLike, *, margin: float = 1.0,
                      squared: bool = False, reduction: str = "mean"
                      ) -> tuple[float | NDArray[np.float64], NDArray[np.float64]]:
    """:func:`svm_loss` and :func:`svm_loss_grad` at once, sharing the margins: ``(loss, grad)``."""
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    squared = as_bool(squared, "squared")
    y, terms = _svm_margins(scores, y, margin)
    hinge = np.maximum(0.0, terms)
    per_example = (hinge ** 2 if squared else hinge).sum(axis=1)
    grad = 2.0 * hinge if squared else (terms > 0).astype(np.float64)
    rows = np.arange(grad.shape[0])
    grad[rows, y] = 0.0 - grad.sum(axis=1)  # 0.0 - x: no -0.0 in rows without violations
    return reduce(per_example, reduction), grad * reduction_scale(grad.shape[0], reduction)


# ---------------------------------------------------------------------------------------------
# Softmax cross-entropy, sections 4 and 7
# ---------------------------------------------------------------------------------------------
def _targets(scores: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Scores (N, C) and target probabilities (N, C) from labels (N,) or probabilities (N, C)."""
    scores = as_float_array(scores, "scores", ndim=2)
    n, c = scores.shape
    if c == 0:
        raise ValueError("scores has no columns; need at least one class (C >= 1)")
    if np.ndim(y) == 2:
        t = as_float_array(y, "y")
        check_same_shape(scores, t, "scores", "y (target probabilities)")
        if np.any(t < 0):
            raise ValueError("y (target probabilities) must be non-negative")
        sums = t.sum(axis=1)
        if not np.allclose(sums, 1.0, atol=1e-6):
            i = int(np.argmax(np.abs(sums - 1.0)))
            raise ValueError(f"each row of y (target probabilities) must sum to 1; "
                             f"row {i} sums to {sums[i]:.6g}")
        return scores, t
    labels = as_labels(y, "y", n, c)
    t = np.zeros_like(scores)
    t[np.arange(n), labels] = 1.0
    return scores, t


def cross_entropy(scores: ArrayLike, y: ArrayLike,
                  *, reduction: str = "mean") -> float | NDArray[np.float64]:
    r"""Softmax cross-entropy from raw scores, sections 4 and 7:

    .. math:: L_i = -\sum_c t_{ic} \log \mathrm{softmax}(s_i)_c

    which for an integer label (one-hot :math:`t`) is :math:`L_i = -\log P(Y = y_i \mid x_i)`.
    ``y`` is ``(N,)`` integer labels or ``(N, C)`` target probabilities (one-hot or soft).
    """
    return cross_entropy_and_grad(scores, y, reduction=reduction)[0]


def cross_entropy_grad(scores: ArrayLike, y: ArrayLike,
                       *, reduction: str = "mean") -> NDArray[np.float64]:
    r"""Gradient of :func:`cross_entropy` with respect to ``scores``: :math:`\mathrm{softmax}(s_i) - t_i`."""
    return cross_entropy_and_grad(scores, y, reduction=reduction)[1]


def cross_entropy_and_grad(scores: ArrayLike, y: ArrayLike, *, reduction: str = "mean"
                           ) -> tuple[float | NDArray[np.float64], NDArray[np.float64]]:
    """:func:`cross_entropy` and its gradient at once, sharing the softmax: ``(loss, grad)``."""
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    scores, t = _targets(scores, y)
    shifted, e, log_norm = _shift_exp_lognorm(scores, axis=1)
    logp = shifted - log_norm
    per_example = 0.0 - (np.where(t > 0, t * logp, 0.0)).sum(axis=1)  # 0.0 - x: no -0.0
    grad = (e / e.sum(axis=1, keepdims=True) - t) * reduction_scale(scores.shape[0], reduction)
    return reduce(per_example, reduction), grad


# ---------------------------------------------------------------------------------------------
# Binary cross-entropy from logits, section 7
# ---------------------------------------------------------------------------------------------
def _logits_and_targets(logits: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    z = as_float_array(logits, "logits", ndim=(1, 2))
    t = as_float_array(y, "y")
    check_same_shape(z, t, "logits", "y")
    if np.any((t < 0) | (t > 1)):
        raise ValueError("y must hold targets in [0, 1] (labels 0/1 or probabilities)")
    return z, t


def binary_cross_entropy(logits: ArrayLike, y: ArrayLike,
                         *, reduction: str = "mean") -> float | NDArray[np.float64]:
    r"""Binary cross-entropy from logits :math:`z`, section 7 (Bernoulli negative log-likelihood):

    .. math:: L_i = -[\,y_i \log\sigma(z_i) + (1 - y_i)\log(1 - \sigma(z_i))\,]
              = \max(z_i, 0) - z_i y_i + \log(1 + e^{-|z_i|})

    The right-hand form never takes the log of 0, so it stays finite (and exact) for
    :math:`|z| = 40` and beyond, where the naive formula gives ``inf`` or ``nan``.
    Element-wise; ``y`` has the shape of ``logits`` and values in [0, 1].
    """
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    z, t = _logits_and_targets(logits, y)
    per_element = np.maximum(z, 0.0) - z * t + np.log1p(np.exp(-np.abs(z)))
    return reduce(per_element, reduction)


def binary_cross_entropy_grad(logits: ArrayLike, y: ArrayLike,
                              *, reduction: str = "mean") -> NDArray[np.float64]:
    r"""Gradient of :func:`binary_cross_entropy`: :math:`\sigma(z_i) - y_i`."""
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    z, t = _logits_and_targets(logits, y)
    return (_sigmoid(z) - t) * reduction_scale(z.size, reduction)


# ---------------------------------------------------------------------------------------------
# Regression losses and likelihoods, section 6
# ---------------------------------------------------------------------------------------------
def _pred_and_target(pred: ArrayLike, target: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    f = as_float_array(pred, "pred")
    y = as_float_array(target, "target")
    check_same_shape(f, y, "pred", "target")
    return f, y


def _standardized(target: np.ndarray, pred: np.ndarray, scale: np.ndarray | float) -> np.ndarray:
    r"""The residual in units of the scale, :math:`z_i = (y_i - f_i) / s_i`, element-wise.

    Dividing the residual by the scale *before* squaring it keeps :math:`z` finite for any
    scale from ``1e-300`` to ``1e300`` (squaring the scale first overflows or underflows).  Where
    :math:`y_i - f_i` itself overflows (``1e308 - (-1e308)``) it is formed from the halves
    :math:`y_i/2 - f_i/2`, exact for such large numbers, and doubled after the division.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        r = target - pred
    ok = np.isfinite(r)
    with np.errstate(over="ignore"):     # r / scale beyond the largest float: inf, its true value
        if np.all(ok):
            return r / scale
        z = np.where(ok, r, 0.5 * target - 0.5 * pred) / scale
        return np.where(ok, z, 2.0 * z)


def _log_two(scale: np.ndarray | float) -> np.ndarray | float:
    r""":math:`\log(2s)` for a positive scale :math:`s`, finite up to the largest float (``2s``
    is exact, so :math:`\log(2s)` is used until it overflows, then :math:`\log 2 + \log s`)."""
    with np.errstate(over="ignore"):
        two = 2.0 * np.asarray(scale, dtype=np.float64)
    return np.where(np.isfinite(two), np.log(np.where(np.isfinite(two), two, 1.0)),
                    _LOG_2 + np.log(scale))


_LOG_2 = float(np.log(2.0))
#: :math:`\tfrac12 \log(2\pi)`, the constant of the Gaussian negative log-likelihood.
_HALF_LOG_2PI = 0.5 * float(np.log(2.0 * np.pi))


def l2_loss(pred: ArrayLike, target: ArrayLike,
            *, reduction: str = "mean") -> float | NDArray[np.float64]:
    r"""Squared error :math:`L_i = (f_i - y_i)^2`, element-wise (section 6: Gaussian noise ⇒ L2)."""
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    f, y = _pred_and_target(pred, target)
    with np.errstate(over="ignore"):
        return reduce((f - y) ** 2, reduction)


def l2_loss_grad(pred: ArrayLike, target: ArrayLike,
                 *, reduction: str = "mean") -> NDArray[np.float64]:
    r"""Gradient of :func:`l2_loss` with respect to ``pred``: :math:`2 (f_i - y_i)`."""
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    f, y = _pred_and_target(pred, target)
    # (2/N)(f - y), not 2(f - y)/N: the same number, but no overflow of 2(f - y) when N > 1
    with np.errstate(over="ignore"):
        return (2.0 * reduction_scale(f.size, reduction)) * (f - y)


def l1_loss(pred: ArrayLike, target: ArrayLike,
            *, reduction: str = "mean") -> float | NDArray[np.float64]:
    r"""Absolute error :math:`L_i = |f_i - y_i|`, element-wise (section 6: Laplace noise ⇒ L1)."""
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    f, y = _pred_and_target(pred, target)
    with np.errstate(over="ignore"):
        return reduce(np.abs(f - y), reduction)


def l1_loss_grad(pred: ArrayLike, target: ArrayLike,
                 *, reduction: str = "mean") -> NDArray[np.float64]:
    r"""Gradient of :func:`l1_loss`: :math:`\mathrm{sign}(f_i - y_i)` (0 at the kink)."""
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    f, y = _pred_and_target(pred, target)
    with np.errstate(over="ignore"):
        return np.sign(f - y) * reduction_scale(f.size, reduction)


def _gaussian_nll_terms(f: np.ndarray, y: np.ndarray,
                        sigma: np.ndarray | float) -> NDArray[np.float64]:
    r"""Element-wise :math:`\log\sigma_i + \tfrac12\log(2\pi) + \tfrac12 z_i^2` with
    :math:`z_i = (y_i - f_i)/\sigma_i` (checked arguments).  No :math:`\sigma^2` is formed, so the
    result is finite for any :math:`\sigma` where the true value is (``inf`` only when
    :math:`z^2/2` exceeds the largest float)."""
    z = _standardized(y, f, sigma)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        var = np.square(sigma)
        safe = (var > 1e-290) & (var < 1e290)
        safe_var = np.where(safe, var, 1.0)
        # While sigma^2 is an ordinary float the book's form 1/2 log(2 pi sigma^2) + r^2/(2 sigma^2)
        # is used as is (the digits the chapters print); beyond, or where r^2 overflows, log-space.
        book = 0.5 * np.log(2 * np.pi * safe_var) + (y - f) ** 2 / (2 * safe_var)
        logspace = np.log(sigma) + _HALF_LOG_2PI + (0.5 * z) * z
        return np.where(safe & np.isfinite(book), book, logspace)


def _laplace_nll_terms(f: np.ndarray, y: np.ndarray,
                       b: np.ndarray | float) -> NDArray[np.float64]:
    r"""Element-wise :math:`\log(2b_i) + |y_i - f_i| / b_i` (checked arguments), finite for any
    scale :math:`b` where the true value is."""
    with np.errstate(over="ignore"):
        return _log_two(b) + np.abs(_standardized(y, f, b))


def gaussian_nll(pred: ArrayLike, target: ArrayLike, sigma: ArrayLike,
                 *, reduction: str = "mean") -> float | NDArray[np.float64]:
    r"""Full Gaussian negative log-likelihood, section 6:

    .. math:: -\log \mathcal N(y_i \mid f_i, \sigma^2) = \tfrac12 \log(2\pi\sigma^2)
              + \frac{(y_i - f_i)^2}{2\sigma^2}
              = \log\sigma + \tfrac12\log(2\pi) + \tfrac12\Big(\frac{y_i - f_i}{\sigma}\Big)^2

    ``sigma`` > 0 is a scalar or has the shape of ``pred``.  Computed in the right-hand form,
    dividing the residual by :math:`\sigma` before squaring: :math:`\sigma^2` would overflow for
    :math:`\sigma > 10^{154}` and underflow to 0 for :math:`\sigma < 10^{-162}`, so the result is
    finite and accurate for any :math:`\sigma` (``1e-300`` to ``1e300``) where the true value is.
    """
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    f, y = _pred_and_target(pred, target)
    sigma = positive_param(sigma, "sigma", f)
    return reduce(_gaussian_nll_terms(f, y, sigma) + np.zeros_like(f), reduction)


def laplace_nll(pred: ArrayLike, target: ArrayLike, b: ArrayLike,
                *, reduction: str = "mean") -> float | NDArray[np.float64]:
    r"""Full Laplace negative log-likelihood, section 6:

    .. math:: -\log \mathrm{Laplace}(y_i \mid f_i, b) = \log(2b) + \frac{|y_i - f_i|}{b}

    ``b`` > 0 (the scale) is a scalar or has the shape of ``pred``.  Finite and accurate for any
    scale (``1e-300`` to ``1e300``) and residual where the true value is.
    """
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    f, y = _pred_and_target(pred, target)
    b = positive_param(b, "b", f)
    return reduce(_laplace_nll_terms(f, y, b) + np.zeros_like(f), reduction)


def laplace_mixture_nll(y: ArrayLike, weights: ArrayLike, locs: ArrayLike, scales: ArrayLike,
                        *, reduction: str = "mean") -> float | NDArray[np.float64]:
    r"""Negative log-likelihood of a mixture of :math:`M` Laplace densities, section 6:

    .. math:: L_i = -\log \sum_{m=1}^{M} \tau^{(m)} \frac{1}{2 b^{(m)}}
              \exp\!\Big(-\frac{|y_i - f^{(m)}|}{b^{(m)}}\Big)

    ``y``: ``(N,)`` targets (or a scalar).  ``weights`` :math:`\tau`, ``locs`` :math:`f` and
    ``scales`` :math:`b`: each ``(M,)`` (shared by all examples) or ``(N, M)`` (one mixture per
    example, as a mixture density network outputs).  Weights are non-negative and sum to 1 in each
    mixture; scales are positive.  Computed with log-sum-exp over the components' log-terms
    :math:`\log\tau^{(m)} - \log(2b^{(m)}) - |y_i - f^{(m)}|/b^{(m)}`, so it stays finite far in the
    tails and for any scale (``1e-300`` to ``1e300``) where the true value is.
    """
    reduction = as_choice(reduction, "reduction", REDUCTIONS)
    y = as_float_array(y, "y", ndim=(0, 1))
    y = np.atleast_1d(y)
    n = y.shape[0]
    params = {}
    for name, value in (("weights", weights), ("locs", locs), ("scales", scales)):
        arr = as_float_array(value, name, ndim=(1, 2))
        if arr.ndim == 2 and arr.shape[0] != n:
            raise ValueError(f"{name} has {arr.shape[0]} rows but y has {n} targets; "
                             f"use shape ({n}, M) or (M,)")
        params[name] = arr
    m_sizes = {name: arr.shape[-1] for name, arr in params.items()}
    if len(set(m_sizes.values())) != 1:
        raise ValueError(f"weights, locs and scales must have the same number of components M; "
                         f"got {m_sizes}")
    w, f, b = (np.broadcast_to(params[k], (n, m_sizes["weights"]))
               for k in ("weights", "locs", "scales"))
    if np.any(w < 0):
        raise ValueError("weights must be non-negative")
    sums = w.sum(axis=1)
    if not np.allclose(sums, 1.0, atol=1e-6):
        raise ValueError(f"weights must sum to 1 in each mixture; got a sum of "
                         f"{sums[np.argmax(np.abs(sums - 1))]:.6g}")
    if np.any(b <= 0):
        raise ValueError("scales must be positive")
    with np.errstate(divide="ignore"):
        log_terms = np.log(w) - _laplace_nll_terms(f, np.broadcast_to(y[:, None], f.shape), b)
    return reduce(-_logsumexp_rows(log_terms), reduction)


def _logsumexp_rows(log_terms: np.ndarray) -> NDArray[np.float64]:
    r""":math:`\log\sum_m e^{a_{im}}` for each row of ``log_terms`` ``(N, M)`` (entries may be
    :math:`-\infty`), as :math:`\max_m a_{im} + \log(1 + \sum_{\text{others}} e^{a_{im} - \max})`.
    A row whose terms are all :math:`-\infty` (every component's density underflows even in
    log-space) gives :math:`-\infty`, not NaN."""
    top = log_terms.max(axis=1)
    out = top.copy()
    finite = np.isfinite(top)
    if np.any(finite):
        _, _, log_norm = _shift_exp_lognorm(log_terms[finite], axis=1)
        out[finite] = top[finite] + log_norm[:, 0]
    return out
