r"""One-dimensional data for the regression chapter (section 6): points around a line, with
optional outliers, and draws from a Laplace mixture.  Seeded, so a notebook prints the same
numbers on every run.

* :func:`make_line_data` — ``(x, y, is_outlier)`` around :math:`y = \text{slope}\, x +
  \text{intercept}` with Gaussian or Laplace noise; :func:`line_data_parts` is what it is built from,
  for a page that rebuilds it (the chapter's outlier explorer).
* :func:`sample_laplace_mixture` — the multimodal example of eq. 6.7.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import as_choice, as_count, as_float_array, as_int, as_scalar

__all__ = ["NOISES", "make_line_data", "line_data_parts", "sample_laplace_mixture"]

#: The noise models of :func:`make_line_data`.
NOISES = ("gaussian", "laplace")


def _mixture(weights: ArrayLike, locs: ArrayLike,
             scales: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Checked ``(M,)`` weights (non-negative, summing to 1), locations and positive scales."""
    w = as_float_array(weights, "weights", ndim=1)
    f = as_float_array(locs, "locs", ndim=1)
    b = as_float_array(scales, "scales", ndim=1)
    if not w.shape == f.shape == b.shape:
        raise ValueError("weights, locs and scales must have the same number of components M; "
                         f"got {w.shape[0]}, {f.shape[0]} and {b.shape[0]}")
    if np.any(w < 0):
        raise ValueError("weights must be non-negative")
    if not np.allclose(w.sum(), 1.0, atol=1e-6):
        raise ValueError(f"weights must sum to 1; got a sum of {w.sum()}")
    if np.any(b <= 0):
        raise ValueError("scales must be positive")
    return w, f, b


def _x_range(x_range: object) -> tuple[float, float]:
    """``(low, high)``: two finite numbers with low < high, or an error naming ``x_range``."""
    arr = as_float_array(x_range, "x_range", ndim=1)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        raise ValueError(f"x_range must be (low, high) with low < high; got {x_range}")
    return float(arr[0]), float(arr[1])


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------
def make_line_data(n: int = 40, *, slope: float = 0.5, intercept: float = 1.0,
                   noise: str = "gaussian", scale: float = 0.5, n_outliers: int = 0,
                   outlier_size: float = 0.0, x_range: tuple[float, float] = (0.0, 10.0),
                   seed: int = 0
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    r"""Seeded points around the line :math:`y = \text{slope}\, x + \text{intercept}`.

    ``x`` is uniform on ``x_range``; the noise is Gaussian with :math:`\sigma` = ``scale`` or
    Laplace with :math:`b` = ``scale``.  Then ``n_outliers`` of the points — always the same ones
    for a given ``seed``, in a fixed order, so that one more outlier adds one more point — are
    moved up by ``outlier_size``.  Returns ``(x, y, is_outlier)``, each ``(n,)``, sorted by ``x``.
    """
    n = as_count(n, "n", minimum=2, values_each=4)   # x, y, is_outlier, order
    n_outliers = as_int(n_outliers, "n_outliers", minimum=0)
    if n_outliers > n:
        raise ValueError(f"n_outliers must be at most n = {n}; got {n_outliers}")
    slope = as_scalar(slope, "slope")
    intercept = as_scalar(intercept, "intercept")
    scale = as_scalar(scale, "scale", positive=True)
    outlier_size = as_scalar(outlier_size, "outlier_size")
    lo, hi = _x_range(x_range)
    noise = as_choice(noise, "noise", NOISES)
    seed = as_int(seed, "seed", minimum=0)
    x, y, order = _line_data_parts(n, slope, intercept, noise, scale, lo, hi, seed)
    is_outlier = np.zeros(n, dtype=bool)
    is_outlier[order[:n_outliers]] = True
    y = y + outlier_size * is_outlier
    return x, y, is_outlier


def _line_data_parts(n: int, slope: float, intercept: float, noise: str, scale: float,
                     lo: float, hi: float, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(lo, hi, n))
    eps = rng.normal(0.0, scale, n) if noise == "gaussian" else rng.laplace(0.0, scale, n)
    y = slope * x + intercept + eps
    order = rng.permutation(n)
    return x, y, order


def line_data_parts(n: int = 40, *, slope: float = 0.5, intercept: float = 1.0,
                    noise: str = "gaussian", scale: float = 0.5,
                    x_range: tuple[float, float] = (0.0, 10.0), seed: int = 0
                    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    r"""What :func:`make_line_data` builds its data from, for a page that rebuilds it: ``(x, y,
    order)``, each ``(n,)``: the points before any outlier is moved (sorted by ``x``) and the
    order in which outliers are taken.  ``make_line_data(..., n_outliers=k, outlier_size=s)``
    returns ``x`` and ``y + s * is_outlier`` with ``is_outlier[order[:k]] = True``."""
    n = as_count(n, "n", minimum=2, values_each=3)   # x, y, order
    slope = as_scalar(slope, "slope")
    intercept = as_scalar(intercept, "intercept")
    scale = as_scalar(scale, "scale", positive=True)
    lo, hi = _x_range(x_range)
    noise = as_choice(noise, "noise", NOISES)
    seed = as_int(seed, "seed", minimum=0)
    return _line_data_parts(n, slope, intercept, noise, scale, lo, hi, seed)


def sample_laplace_mixture(n: int, weights: ArrayLike, locs: ArrayLike, scales: ArrayLike,
                           *, seed: int = 0) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    r"""``n`` seeded draws from a Laplace mixture: pick component :math:`m` with probability
    :math:`\tau^{(m)}`, then draw from :math:`\mathrm{Laplace}(f^{(m)}, b^{(m)})`.
    Returns ``(y, component)``, each ``(n,)``."""
    n = as_count(n, "n", values_each=2)   # y, component
    w, f, b = _mixture(weights, locs, scales)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    comp = rng.choice(w.size, size=n, p=w / w.sum())
    return rng.laplace(f[comp], b[comp]), comp
