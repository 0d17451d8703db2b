r"""The explorers of chapter 6 (regression losses from maximum likelihood).

Three explorers, each a pure ``compute_*`` function (numpy, through :mod:`lossbook.losses` and
:mod:`lossbook.regression`: the reference) and an :class:`~lossbook.widgets.base.Explorer`
whose JavaScript face computes and draws the same thing in the page:

* :class:`DensitiesExplorer` (``ch06_regression_losses_densities.js``) — the Gaussian and Laplace
  noise densities side by side, on a linear and a log scale, with sliders ``"σ (Gaussian)"``,
  ``"b (Laplace)"`` and ``"residual r = y − f"``; the readout gives each density and negative
  log-likelihood at :math:`r` and each tail mass :math:`P(|r| > 3)`.  Readout keys
  ``gaussian_pdf``, ``laplace_pdf``, ``gaussian_nll``, ``laplace_nll``, ``gaussian_tail``,
  ``laplace_tail``.
* :class:`OutlierExplorer` (``ch06_regression_losses_outliers.js``) — a line fitted under L2
  (least squares) and under L1 (exact least absolute deviations) to data whose outliers' number
  and size are sliders (``"number of outliers"``, ``"outlier size"``).  Readout keys ``l2_slope``,
  ``l2_intercept``, ``l1_slope``, ``l1_intercept``, ``l2_fit_l2_loss``, ``l2_fit_l1_loss``,
  ``l1_fit_l2_loss``, ``l1_fit_l1_loss``.
* :class:`MixtureExplorer` (``ch06_regression_losses_mixture.js``) — a two-component Laplace
  mixture over data drawn from a reference mixture, with its density and negative
  log-likelihood; sliders ``"weight τ₁ (τ₂ = 1 − τ₁)"``, ``"location f₁"``, ``"location f₂"``,
  ``"scale b₁"``, ``"scale b₂"``.  Readout keys ``tau1``, ``tau2``, ``data_nll``, ``nll_at_0``,
  ``nll_at_-1``, ``nll_at_2.2``.

The page shows the readout with the precision the chapter quotes (4 decimals for densities and
NLLs, 3 significant digits for tail masses, 3 decimals for the fitted lines, 2 for the weights);
:meth:`~lossbook.widgets.base.Explorer.readout` gives the full-precision numbers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from .. import losses, regression
from ..data import toy1d
from .._validation import as_float_array, as_int, as_scalar
from .base import Explorer, Real, to_json

__all__ = ["DensityResult", "compute_densities", "DensitiesExplorer",
           "OUTLIER_DATA", "OutlierResult", "compute_outliers", "OutlierExplorer",
           "REFERENCE_MIXTURE", "REFERENCE_POINTS", "mixture_data", "MixtureResult",
           "compute_mixture", "MixtureExplorer"]


# ---------------------------------------------------------------------------------------------
# 1. Densities: Gaussian versus Laplace
# ---------------------------------------------------------------------------------------------
#: the residual beyond which the tail mass P(|r| > TAIL_AT) is measured
TAIL_AT = 3.0
#: the most grid points of a density curve, and the most data points drawn or fitted
MAX_GRID = 100_000
MAX_POINTS = 100_000


@dataclass
class DensityResult:
    """Densities on the grid ``r`` and the values at the chosen residual."""
    r: np.ndarray
    gaussian: np.ndarray
    laplace: np.ndarray
    residual: float
    gaussian_pdf: float
    laplace_pdf: float
    gaussian_nll: float
    laplace_nll: float
    gaussian_tail: float   # P(|r| > 3) under each density
    laplace_tail: float


def compute_densities(sigma: float, b: float, residual: float = 0.5, r_max: float = 6.0,
                      num: int = 401) -> DensityResult:
    r"""Gaussian :math:`\mathcal N(0, \sigma^2)` and Laplace :math:`(0, b)` densities on
    ``[-r_max, r_max]``; at ``residual`` :math:`r`: both densities and both negative
    log-likelihoods :math:`\tfrac12\log(2\pi\sigma^2) + r^2/(2\sigma^2)` and
    :math:`\log(2b) + |r|/b` (from :mod:`lossbook.losses`); and the tail masses
    :math:`P(|r| > 3)`: :math:`\operatorname{erfc}(3/(\sigma\sqrt2))` and :math:`e^{-3/b}`."""
    sigma = as_scalar(sigma, "sigma", positive=True)
    b = as_scalar(b, "b", positive=True)
    residual = as_scalar(residual, "residual")
    r_max = as_scalar(r_max, "r_max", positive=True)
    num = as_int(num, "num", minimum=2, maximum=MAX_GRID)
    r = np.linspace(-r_max, r_max, num)
    return DensityResult(
        r=r, gaussian=regression.gaussian_pdf(r, sigma), laplace=regression.laplace_pdf(r, b),
        residual=residual,
        gaussian_pdf=float(regression.gaussian_pdf(residual, sigma)),
        laplace_pdf=float(regression.laplace_pdf(residual, b)),
        gaussian_nll=losses.gaussian_nll([0.0], [residual], sigma),
        laplace_nll=losses.laplace_nll([0.0], [residual], b),
        gaussian_tail=math.erfc(TAIL_AT / (sigma * math.sqrt(2.0))),
        laplace_tail=math.exp(-TAIL_AT / b))


class DensitiesExplorer(Explorer):
    """Sliders ``σ (Gaussian)``, ``b (Laplace)`` and ``residual r = y − f``; a linear and a
    log-scale panel of both densities, the residual marked on each.  Readout keys:
    ``gaussian_pdf``, ``laplace_pdf``, ``gaussian_nll``, ``laplace_nll``, ``gaussian_tail``,
    ``laplace_tail``."""

    module = "ch06_regression_losses_densities"
    title = "Gaussian and Laplace noise: densities and tails"
    sigma = Real(0.8, min=0.2, max=3.0).tag(sync=True, control=dict(
        kind="slider", label="σ (Gaussian)", step=0.05))
    b = Real(0.8, min=0.2, max=3.0).tag(sync=True, control=dict(
        kind="slider", label="b (Laplace)", step=0.05))
    residual = Real(0.5, min=-5.0, max=5.0).tag(sync=True, control=dict(
        kind="slider", label="residual r = y − f", step=0.1))

    #: the grid the densities are drawn on: ``num`` points on ``[-r_max, r_max]``
    r_max = 6.0
    num = 401

    def __init__(self, sigma: float = 0.8, b: float = 0.8, residual: float = 0.5):
        compute_densities(sigma, b, residual)  # validates (errors name the argument)
        super().__init__(data=dict(r_max=self.r_max, num=self.num, tail_at=TAIL_AT),
                         sigma=sigma, b=b, residual=residual)

    def compute(self) -> DensityResult:
        return compute_densities(self.sigma, self.b, self.residual, self.r_max, self.num)

    def readout(self) -> dict:
        r = self.result
        return {"gaussian_pdf": r.gaussian_pdf, "laplace_pdf": r.laplace_pdf,
                "gaussian_nll": r.gaussian_nll, "laplace_nll": r.laplace_nll,
                "gaussian_tail": r.gaussian_tail, "laplace_tail": r.laplace_tail}


# ---------------------------------------------------------------------------------------------
# 2. Outliers: L2 versus L1 line fits
# ---------------------------------------------------------------------------------------------
OUTLIER_DATA = dict(n=40, slope=0.5, intercept=1.0, noise="gaussian", scale=0.5, seed=1)


@dataclass
class OutlierResult:
    x: np.ndarray
    y: np.ndarray
    is_outlier: np.ndarray
    l2_params: np.ndarray   # (slope, intercept) of the least-squares line
    l1_params: np.ndarray   # (slope, intercept) of the least-absolute-deviations line
    l2_fit_l2: float        # mean squared error of the L2 line
    l2_fit_l1: float        # mean absolute error of the L2 line
    l1_fit_l2: float
    l1_fit_l1: float


def compute_outliers(n_outliers: int, outlier_size: float, **data) -> OutlierResult:
    r"""Data from :func:`lossbook.data.toy1d.make_line_data` (defaults ``OUTLIER_DATA``: 40 points
    around :math:`y = 0.5x + 1`, Gaussian noise :math:`\sigma = 0.5`, seed 1) with ``n_outliers``
    points moved up by ``outlier_size``; both fitted lines (:func:`~lossbook.regression.fit_l2`,
    and the exact :func:`~lossbook.regression.fit_l1`) and each line's mean L2 and L1 loss."""
    kw = {**OUTLIER_DATA, **data}
    kw["n"] = as_int(kw["n"], "n", minimum=2, maximum=MAX_POINTS)
    x, y, out = toy1d.make_line_data(n_outliers=n_outliers, outlier_size=outlier_size, **kw)
    p2 = regression.fit_l2(x, y)
    p1 = regression.fit_l1(x, y)
    f2 = regression.predict_line(p2, x)
    f1 = regression.predict_line(p1, x)
    return OutlierResult(x, y, out, p2, p1,
                         losses.l2_loss(f2, y), losses.l1_loss(f2, y),
                         losses.l2_loss(f1, y), losses.l1_loss(f1, y))


class OutlierExplorer(Explorer):
    """Sliders ``number of outliers`` (0–15) and ``outlier size`` (0–15); the data, the true
    line and the L2 and L1 lines.  Readout keys: ``l2_slope``, ``l2_intercept``, ``l1_slope``,
    ``l1_intercept``, ``l2_fit_l2_loss``, ``l2_fit_l1_loss``, ``l1_fit_l2_loss``,
    ``l1_fit_l1_loss``.

    The page rebuilds the data exactly as :func:`~lossbook.data.toy1d.make_line_data` does, from
    ``data["x"]``, ``data["y"]`` (the points before any outlier is moved) and ``data["order"]``
    (the order in which points become outliers), and fits the L1 line with the same exact
    algorithm as :func:`~lossbook.regression.fit_l1` (the same arithmetic, so the same line,
    also where the optimum is not unique)."""

    module = "ch06_regression_losses_outliers"
    title = "Outliers: the L2 and the L1 line"
    n_outliers = traitlets.Int(4, min=0, max=15).tag(sync=True, control=dict(
        kind="int_slider", label="number of outliers", step=1))
    outlier_size = Real(8.0, min=0.0, max=15.0).tag(sync=True, control=dict(
        kind="slider", label="outlier size", step=0.5))

    def __init__(self, n_outliers: int = 4, outlier_size: float = 8.0):
        compute_outliers(n_outliers, outlier_size)  # validates (errors name the argument)
        x, y, order = toy1d.line_data_parts(**OUTLIER_DATA)
        super().__init__(data=to_json(dict(x=x, y=y, order=order,
                                           slope=OUTLIER_DATA["slope"],
                                           intercept=OUTLIER_DATA["intercept"])),
                         n_outliers=n_outliers, outlier_size=outlier_size)

    @traitlets.validate("n_outliers")
    def _valid_n_outliers(self, proposal):
        return as_int(proposal["value"], "n_outliers")   # a bool is an int to traitlets

    def compute(self) -> OutlierResult:
        return compute_outliers(self.n_outliers, self.outlier_size)

    def readout(self) -> dict:
        r = self.result
        return {"l2_slope": float(r.l2_params[0]), "l2_intercept": float(r.l2_params[1]),
                "l1_slope": float(r.l1_params[0]), "l1_intercept": float(r.l1_params[1]),
                "l2_fit_l2_loss": r.l2_fit_l2, "l2_fit_l1_loss": r.l2_fit_l1,
                "l1_fit_l2_loss": r.l1_fit_l2, "l1_fit_l1_loss": r.l1_fit_l1}


# ---------------------------------------------------------------------------------------------
# 3. A mixture of two Laplace densities
# ---------------------------------------------------------------------------------------------
REFERENCE_MIXTURE = dict(weights=(0.3, 0.7), locs=(-1.0, 2.0), scales=(0.5, 1.5))
REFERENCE_POINTS = (0.0, -1.0, 2.2)
#: the histogram's bins and the grid the densities are drawn on
MIXTURE_BINS = np.linspace(-5.0, 8.0, 53)
MIXTURE_GRID = dict(start=-5.0, stop=8.0, num=521)


def mixture_data(n: int = 300, seed: int = 0) -> np.ndarray:
    """``n`` seeded targets drawn from ``REFERENCE_MIXTURE``, ``(n,)`` (at most
    :data:`MAX_POINTS`)."""
    n = as_int(n, "n", minimum=1, maximum=MAX_POINTS)
    return toy1d.sample_laplace_mixture(n, seed=seed, **REFERENCE_MIXTURE)[0]


@dataclass
class MixtureResult:
    grid: np.ndarray
    density: np.ndarray          # the mixture density on the grid
    components: np.ndarray       # (2, len(grid)): tau_m * Laplace(y | f_m, b_m)
    data_nll: float              # mean NLL of the data
    point_nll: np.ndarray        # NLL at REFERENCE_POINTS


def compute_mixture(weight1: float, loc1: float, loc2: float, scale1: float, scale2: float,
                    data: ArrayLike, grid: ArrayLike | None = None) -> MixtureResult:
    r"""The mixture :math:`\tau_1 \mathrm{Laplace}(f_1, b_1) + (1 - \tau_1)\mathrm{Laplace}(f_2,
    b_2)` (eq. 6.7): its density on ``grid`` (default ``[-5, 8]``), each weighted component, the
    mean negative log-likelihood of ``data`` and the NLL at ``REFERENCE_POINTS`` (eq. 6.8), all
    from :func:`lossbook.losses.laplace_mixture_nll`."""
    weight1 = as_scalar(weight1, "weight1")
    if not 0.0 <= weight1 <= 1.0:
        raise ValueError(f"weight1 must be in [0, 1]; got {weight1}")
    w = np.array([weight1, 1.0 - weight1])
    f = np.array([as_scalar(loc1, "loc1"), as_scalar(loc2, "loc2")])
    b = np.array([as_scalar(scale1, "scale1", positive=True),
                  as_scalar(scale2, "scale2", positive=True)])
    grid = (np.linspace(**MIXTURE_GRID) if grid is None
            else as_float_array(grid, "grid", ndim=1))
    data = as_float_array(data, "data", ndim=1)
    density = regression.laplace_mixture_pdf(grid, w, f, b)
    comps = np.stack([w[m] * regression.laplace_pdf(grid - f[m], b[m]) for m in range(2)])
    return MixtureResult(grid, density, comps,
                         losses.laplace_mixture_nll(data, w, f, b),
                         losses.laplace_mixture_nll(np.array(REFERENCE_POINTS), w, f, b,
                                                    reduction="none"))


class MixtureExplorer(Explorer):
    """Sliders ``weight τ₁ (τ₂ = 1 − τ₁)``, ``location f₁``, ``location f₂``, ``scale b₁``,
    ``scale b₂``; the data's histogram, the mixture density and its weighted components.
    Readout keys: ``tau1``, ``tau2``, ``data_nll``, ``nll_at_0``, ``nll_at_-1``,
    ``nll_at_2.2``.  The data (``n`` targets drawn from ``REFERENCE_MIXTURE`` with ``seed``) are
    :attr:`targets`, and ``data["targets"]`` on the page."""

    module = "ch06_regression_losses_mixture"
    title = "A mixture of two Laplace densities"
    weight1 = Real(0.3, min=0.0, max=1.0).tag(sync=True, control=dict(
        kind="slider", label="weight τ₁ (τ₂ = 1 − τ₁)", step=0.05))
    loc1 = Real(-1.0, min=-4.0, max=6.0).tag(sync=True, control=dict(
        kind="slider", label="location f₁", step=0.1))
    loc2 = Real(2.0, min=-4.0, max=6.0).tag(sync=True, control=dict(
        kind="slider", label="location f₂", step=0.1))
    scale1 = Real(0.5, min=0.1, max=3.0).tag(sync=True, control=dict(
        kind="slider", label="scale b₁", step=0.05))
    scale2 = Real(1.5, min=0.1, max=3.0).tag(sync=True, control=dict(
        kind="slider", label="scale b₂", step=0.05))

    def __init__(self, weight1: float = 0.3, loc1: float = -1.0, loc2: float = 2.0,
                 scale1: float = 0.5, scale2: float = 1.5, n: int = 300, seed: int = 0):
        self.targets = mixture_data(n, seed)
        compute_mixture(weight1, loc1, loc2, scale1, scale2, data=self.targets)  # validates
        heights, edges = np.histogram(self.targets, bins=MIXTURE_BINS, density=True)
        super().__init__(data=to_json(dict(targets=self.targets, edges=edges, heights=heights,
                                           points=REFERENCE_POINTS, grid=MIXTURE_GRID)),
                         weight1=weight1, loc1=loc1, loc2=loc2, scale1=scale1, scale2=scale2)

    def compute(self) -> MixtureResult:
        return compute_mixture(self.weight1, self.loc1, self.loc2, self.scale1, self.scale2,
                               data=self.targets)

    def readout(self) -> dict:
        r = self.result
        return {"tau1": self.weight1, "tau2": 1.0 - self.weight1, "data_nll": r.data_nll,
                "nll_at_0": float(r.point_nll[0]), "nll_at_-1": float(r.point_nll[1]),
                "nll_at_2.2": float(r.point_nll[2])}
