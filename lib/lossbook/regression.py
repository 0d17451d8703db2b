r"""Fitting a line under the L2 and the L1 loss, and the likelihoods behind them (section 6).

A line is ``params = (slope, intercept)``, :math:`f_w(x) = w_1 x + w_0`.  ``x`` and ``y`` are
``(N,)`` arrays: one input and one target per example.

* :func:`fit_l2` — least squares, :math:`\arg\min_w \sum_i (f_w(x_i) - y_i)^2`, the maximum
  likelihood line under Gaussian noise (eq. 6.4 of the chapter).
* :func:`fit_l1` — least absolute deviations, :math:`\arg\min_w \sum_i |f_w(x_i) - y_i|`, the
  maximum likelihood line under Laplace noise (eq. 6.6).  Two documented solvers:

  - ``method="exact"`` (default): the L1 objective is convex and piecewise linear, and some optimal
    line passes through two of the data points.  For a fixed slope :math:`a` the best intercept is a
    median of :math:`y_i - a x_i`, so :math:`g(a) = \min_c \sum_i |y_i - a x_i - c|` is a convex,
    piecewise-linear function of :math:`a` whose kinks are the slopes of lines through pairs of
    points.  A binary search over those sorted slopes finds its minimum exactly.
  - ``method="irls"``: iteratively reweighted least squares; each step solves a weighted least
    squares problem with weights :math:`1/\max(|r_i|, \epsilon)`, which makes
    :math:`\sum_i w_i r_i^2 \approx \sum_i |r_i|`.  Approximate (to about ``eps``), shown because it
    is the classic way to turn an L2 solver into an L1 solver.

* :func:`gaussian_log_likelihood`, :func:`laplace_log_likelihood` — :math:`\sum_i \log p(y_i\mid
  x_i, w)` of a line, from :func:`lossbook.losses.gaussian_nll` and
  :func:`lossbook.losses.laplace_nll`, so the chapter can show that the line that minimizes the
  loss is the line that maximizes the likelihood (on a grid: chapter 6's
  :func:`lossbook.chapters.ch06_regression_losses.loss_likelihood_grid`).
* :func:`laplace_mixture_pdf` — the density of the multimodal example (its data:
  :mod:`lossbook.data.toy1d`).
"""
from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import losses
from ._validation import as_choice, as_float_array, as_int, as_scalar, check_same_shape, reduce

__all__ = ["predict_line", "fit_l2", "fit_l1", "l1_objective", "l2_objective",
           "gaussian_log_likelihood", "laplace_log_likelihood",
           "laplace_pdf", "gaussian_pdf", "laplace_mixture_pdf", "fit_laplace"]

#: The solvers of :func:`fit_l1`.
_L1_METHODS = ("exact", "irls")


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------
def _xy(x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    check_same_shape(x, y, "x", "y")
    return x, y


def _params(params: ArrayLike) -> np.ndarray:
    p = as_float_array(params, "params", ndim=1)
    if p.shape != (2,):
        raise ValueError(f"params must be (slope, intercept), shape (2,); got shape {p.shape}")
    return p


# ---------------------------------------------------------------------------------------------
# Lines and their losses
# ---------------------------------------------------------------------------------------------
def predict_line(params: ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    r"""The line's predictions :math:`f_w(x_i) = w_1 x_i + w_0`, ``(N,)``; ``params = (w_1, w_0)``."""
    slope, intercept = _params(params)
    x = as_float_array(x, "x", ndim=1)
    return slope * x + intercept


def l2_objective(params: ArrayLike, x: ArrayLike, y: ArrayLike) -> float:
    r"""Sum of squared errors :math:`\sum_i (f_w(x_i) - y_i)^2` (eq. 6.4), via :func:`losses.l2_loss`."""
    x, y = _xy(x, y)
    return losses.l2_loss(predict_line(params, x), y, reduction="sum")


def l1_objective(params: ArrayLike, x: ArrayLike, y: ArrayLike) -> float:
    r"""Sum of absolute errors :math:`\sum_i |f_w(x_i) - y_i|` (eq. 6.6), via :func:`losses.l1_loss`."""
    x, y = _xy(x, y)
    return losses.l1_loss(predict_line(params, x), y, reduction="sum")


def fit_l2(x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    r"""Least-squares line :math:`\arg\min_w \sum_i (w_1 x_i + w_0 - y_i)^2`: ``(slope, intercept)``.

    Solved with ``numpy.linalg.lstsq`` on the design matrix :math:`[x_i, 1]`.  Needs at least two
    distinct ``x`` values.  Data far from magnitude 1 (beyond :math:`2^{\pm 20}`) is first scaled
    by exact powers of two, so the line does not depend on the units of ``x`` and ``y``.
    """
    x, y = _xy(x, y)
    if _ptp(x) == 0:
        raise ValueError("x must hold at least two distinct values to fit a line")
    (xs, ex), (ys, ey) = _pow2_scaled(x), _pow2_scaled(y)
    A = np.column_stack([xs, np.ones_like(xs)])
    sol, *_ = np.linalg.lstsq(A, ys, rcond=None)
    return _unscale_line(sol, ex, ey)


def _ptp(x: np.ndarray) -> float:
    """``max(x) - min(x)``, computed without overflow (only its being 0 matters)."""
    return float(np.max(x)) - float(np.min(x)) if np.max(x) != np.min(x) else 0.0


def _pow2_scaled(v: np.ndarray) -> tuple[np.ndarray, int]:
    r"""``(v / 2**e, e)``: ``v`` brought to magnitude about 1 by an exact power of two when its
    largest entry is outside :math:`[2^{-20}, 2^{20}]`, else ``(v, 0)``.

    Fitting a line is equivariant under the scaling :math:`x \to x/s_x`, :math:`y \to y/s_y`
    (slope times :math:`s_x/s_y`, intercept over :math:`s_y`), so the fits run on scaled data:
    ``lstsq`` would otherwise treat the column of ones as negligible beside an ``x`` of ``1e200``
    (the fit changed with the units of ``x``), and slopes between points overflow."""
    top = float(np.max(np.abs(v)))
    if top == 0.0 or 2.0 ** -20 <= top <= 2.0 ** 20:
        return v, 0
    e = int(np.frexp(top)[1])
    return np.ldexp(v, -e), e


def _unscale_line(params: np.ndarray, ex: int, ey: int) -> NDArray[np.float64]:
    """``(slope, intercept)`` of the line fitted to ``x / 2**ex``, ``y / 2**ey``, in the original
    units: ``(slope * 2**(ey - ex), intercept * 2**ey)``, exact (``inf`` beyond the floats)."""
    with np.errstate(over="ignore"):
        return np.array([np.ldexp(params[0], ey - ex), np.ldexp(params[1], ey)])


def _g(slope: float, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """min over the intercept of the L1 objective at a fixed slope: (value, best intercept)."""
    r = y - slope * x
    c = np.median(r)
    return np.abs(r - c).sum(), c


def _fit_l1_exact(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    i, j = np.triu_indices(x.size, k=1)
    dx = x[j] - x[i]
    keep = dx != 0
    slopes = np.unique((y[j][keep] - y[i][keep]) / dx[keep])
    lo, hi = 0, slopes.size - 1
    # g is convex and linear between neighbouring candidate slopes: bisect on its discrete slope
    while lo < hi:
        mid = (lo + hi) // 2
        if _g(slopes[mid], x, y)[0] <= _g(slopes[mid + 1], x, y)[0]:
            hi = mid
        else:
            lo = mid + 1
    _, c = _g(slopes[lo], x, y)
    return np.array([slopes[lo], c])


def _fit_l1_irls(x: np.ndarray, y: np.ndarray, max_iter: int, eps: float) -> np.ndarray:
    """IRLS on checked, scaled data; a RuntimeWarning naming ``max_iter`` if the steps do not
    settle (change below ``eps / 100``) within ``max_iter`` of them (the last iterate returned)."""
    A = np.column_stack([x, np.ones_like(x)])
    w, *_ = np.linalg.lstsq(A, y, rcond=None)
    for _ in range(max_iter):
        r = np.abs(y - A @ w)
        sw = 1.0 / np.sqrt(np.maximum(r, eps))       # sqrt of the weights 1 / max(|r|, eps)
        new, *_ = np.linalg.lstsq(A * sw[:, None], y * sw, rcond=None)
        if np.max(np.abs(new - w)) < eps * 1e-2:
            return new
        w = new
    warnings.warn(f"fit_l1(method='irls'): {max_iter} steps (max_iter={max_iter}) did not "
                  "converge; the last iterate is returned (raise max_iter or eps, or use "
                  "method='exact')", RuntimeWarning, stacklevel=3)
    return w


def fit_l1(x: ArrayLike, y: ArrayLike, *, method: str = "exact", max_iter: int = 1000,
           eps: float = 1e-8) -> NDArray[np.float64]:
    r"""Least-absolute-deviations line :math:`\arg\min_w \sum_i |w_1 x_i + w_0 - y_i|`.

    Returns ``(slope, intercept)``.  ``method="exact"`` (default) bisects the convex,
    piecewise-linear profile :math:`g(a) = \min_c \sum_i |y_i - a x_i - c|` over the slopes of the
    lines through pairs of points (its only kinks), taking for each slope the median intercept;
    it costs :math:`O(N^2 \log N)` and returns an exact minimizer.  ``method="irls"`` runs
    iteratively reweighted least squares (weights :math:`1/\max(|r_i|, \epsilon)`, at most
    ``max_iter`` steps) and is accurate to about ``eps``; it can need hundreds of steps when the
    L1 objective is nearly flat around its minimum (many outliers on one side), and if
    ``max_iter`` steps do not settle it returns the last iterate with a RuntimeWarning (as
    :func:`lossbook.regpath.quadratic_optimum` does).  The L1 minimizer
    need not be unique; both methods return one of the minimizers.  As in :func:`fit_l2`, data far
    from magnitude 1 is scaled by exact powers of two first (``eps`` with ``y``), so slopes between
    points and residuals do not overflow.
    """
    x, y = _xy(x, y)
    method = as_choice(method, "method", _L1_METHODS)
    max_iter = as_int(max_iter, "max_iter", minimum=1)
    eps = as_scalar(eps, "eps", positive=True)
    if _ptp(x) == 0:
        raise ValueError("x must hold at least two distinct values to fit a line")
    # on data scaled by powers of two (exact), so that slopes and residuals do not overflow
    (xs, ex), (ys, ey) = _pow2_scaled(x), _pow2_scaled(y)
    if method == "exact":
        return _unscale_line(_fit_l1_exact(xs, ys), ex, ey)
    eps_scaled = max(float(np.ldexp(eps, -ey)), np.finfo(np.float64).tiny)   # never 0: 1/eps
    return _unscale_line(_fit_l1_irls(xs, ys, max_iter, eps_scaled), ex, ey)


# ---------------------------------------------------------------------------------------------
# Likelihoods
# ---------------------------------------------------------------------------------------------
def gaussian_log_likelihood(params: ArrayLike, x: ArrayLike, y: ArrayLike,
                            sigma: ArrayLike) -> float:
    r"""Log-likelihood of a line under Gaussian noise (eq. 6.3):

    .. math:: \log \prod_i \mathcal N(y_i \mid f_w(x_i), \sigma^2)
              = -\tfrac N2 \log(2\pi\sigma^2) - \frac{1}{2\sigma^2}\sum_i (y_i - f_w(x_i))^2

    computed as ``-losses.gaussian_nll(..., reduction="sum")``.
    """
    x, y = _xy(x, y)
    return -losses.gaussian_nll(predict_line(params, x), y, sigma, reduction="sum")


def laplace_log_likelihood(params: ArrayLike, x: ArrayLike, y: ArrayLike,
                           b: ArrayLike) -> float:
    r"""Log-likelihood of a line under Laplace noise (eq. 6.5):

    .. math:: \log \prod_i \frac{1}{2b} e^{-|y_i - f_w(x_i)|/b}
              = -N \log(2b) - \frac1b \sum_i |y_i - f_w(x_i)|

    computed as ``-losses.laplace_nll(..., reduction="sum")``.
    """
    x, y = _xy(x, y)
    return -losses.laplace_nll(predict_line(params, x), y, b, reduction="sum")


def _density(kernel: np.ndarray, norm: np.ndarray | float, nll: np.ndarray) -> NDArray[np.float64]:
    r"""A density :math:`k / c` from its kernel :math:`k = e^{-\dots}` and normalizing constant
    :math:`c`, where both are ordinary normal floats (the book's formula, unchanged digits); else
    :math:`e^{-\mathrm{NLL}}` from the log-space negative log-likelihood ``nll``, which does not
    underflow or overflow on the way (a tiny kernel over a tiny constant, :math:`\sigma^2 = 0`)."""
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        direct = kernel / norm
    plain = ((kernel >= _NORMAL_ENOUGH) & np.isfinite(norm) & (norm >= _NORMAL_ENOUGH)
             & np.isfinite(direct) & (direct >= _NORMAL_ENOUGH))
    if np.all(plain):
        return direct
    with np.errstate(over="ignore", under="ignore"):
        return np.where(plain, direct, np.exp(-nll))


#: Values at least this large are far from the subnormal floats (1e-308), so are fully accurate.
_NORMAL_ENOUGH = 1e-290


def gaussian_pdf(r: ArrayLike, sigma: float) -> NDArray[np.float64]:
    r""":math:`\mathcal N(r \mid 0, \sigma^2) = e^{-r^2/(2\sigma^2)} / \sqrt{2\pi\sigma^2}`,
    element-wise.

    Where :math:`\sigma^2`, the exponential or the density would leave the normal floats (any
    :math:`\sigma` outside :math:`[10^{-150}, 10^{150}]`, a tiny exponential over a tiny constant),
    it is computed as :math:`\exp(-[\log\sigma + \tfrac12\log 2\pi + \tfrac12 (r/\sigma)^2])`,
    minus the log of :func:`lossbook.losses.gaussian_nll`, so the density is finite and accurate
    for any :math:`\sigma` (``1e-300`` to ``1e300``) where its true value is a float.
    """
    r = as_float_array(r, "r")
    sigma = as_scalar(sigma, "sigma", positive=True)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        var = np.square(np.float64(sigma))
        kernel = np.exp(-np.square(r) / (2 * var))
        norm = np.sqrt(2 * np.pi * var) if _NORMAL_ENOUGH < var < 1e290 else np.inf
    return _density(kernel, norm, losses.gaussian_nll(np.zeros_like(r), r, sigma, reduction="none"))


def laplace_pdf(r: ArrayLike, b: float) -> NDArray[np.float64]:
    r""":math:`\mathrm{Laplace}(r \mid 0, b) = e^{-|r|/b} / (2b)`, element-wise.

    Where the exponential, :math:`2b` or the density would leave the normal floats, computed as
    :math:`\exp(-[\log(2b) + |r|/b])` (minus :func:`lossbook.losses.laplace_nll`), so a tiny
    :math:`e^{-|r|/b}` over a tiny :math:`2b` does not underflow to 0 first.
    """
    r = as_float_array(r, "r")
    b = as_scalar(b, "b", positive=True)
    with np.errstate(over="ignore", under="ignore"):
        kernel = np.exp(-np.abs(r) / b)
        two_b = 2 * b
    return _density(kernel, two_b, losses.laplace_nll(np.zeros_like(r), r, b, reduction="none"))


def laplace_mixture_pdf(y: ArrayLike, weights: ArrayLike, locs: ArrayLike,
                        scales: ArrayLike) -> NDArray[np.float64]:
    r"""Mixture density :math:`\sum_m \tau^{(m)} \frac{1}{2b^{(m)}} e^{-|y - f^{(m)}|/b^{(m)}}`
    (eq. 6.7) at every ``y`` ``(N,)``: ``exp(-losses.laplace_mixture_nll(..., reduction="none"))``."""
    return np.exp(-losses.laplace_mixture_nll(y, weights, locs, scales, reduction="none"))


def fit_laplace(y: ArrayLike) -> tuple[float, float]:
    r"""Maximum likelihood Laplace density for the targets alone: ``(loc, b)`` with
    :math:`\hat f = \operatorname{median}(y)` and :math:`\hat b = \frac1N \sum_i |y_i - \hat f|`
    (setting the derivatives of eq. 6.5 with a constant :math:`f` to zero).

    Both are finite for any finite ``y``: where the median (the mean of the two middle values) or
    the residuals :math:`y_i - \hat f` would overflow, they are formed from ``y / 2`` and doubled.
    """
    y = as_float_array(y, "y", ndim=1)
    with np.errstate(over="ignore", invalid="ignore"):
        loc = float(np.median(y))
        if not np.isfinite(loc):
            loc = 2.0 * float(np.median(0.5 * y))
        b = float(reduce(np.abs(y - loc), "mean"))
        if not np.isfinite(b):
            b = 2.0 * float(reduce(np.abs(0.5 * y - 0.5 * loc), "mean"))
    if b == 0:
        raise ValueError("y must not be constant: the maximum likelihood scale would be 0")
    return loc, b
