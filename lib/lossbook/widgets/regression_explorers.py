r"""Explorers of chapter 6 (regression losses from maximum likelihood).

Three explorers, each a pure ``compute_*`` function and a thin view class:

* :class:`DensitiesExplorer` — the Gaussian and Laplace noise densities side by side, on a linear
  and a log scale, with the scales :math:`\sigma` and :math:`b` and a residual :math:`r = y - f`
  as sliders; the readout gives each density and negative log-likelihood at :math:`r`.
* :class:`OutlierExplorer` — a line fitted under L2 (least squares) and under L1 (exact least
  absolute deviations) to data whose outliers' number and size are sliders.
* :class:`MixtureExplorer` — a two-component Laplace mixture (weights, locations, scales) over
  data drawn from a reference mixture, with its density and negative log-likelihood.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib import ticker

from .. import losses, regression
from .._validation import as_scalar
from .base import BlitFigureView, Displayable, Readout, slider

__all__ = ["compute_densities", "DensitiesExplorer", "compute_outliers", "OutlierExplorer",
           "REFERENCE_MIXTURE", "REFERENCE_POINTS", "mixture_data", "compute_mixture",
           "MixtureExplorer"]


def _fmt(v: float, digits: int = 4) -> str:
    return f"{v:.{digits}f}"


# ---------------------------------------------------------------------------------------------
# 1. Densities: Gaussian versus Laplace
# ---------------------------------------------------------------------------------------------
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
    r = np.linspace(-r_max, r_max, num)
    return DensityResult(
        r=r, gaussian=regression.gaussian_pdf(r, sigma), laplace=regression.laplace_pdf(r, b),
        residual=residual,
        gaussian_pdf=float(regression.gaussian_pdf(residual, sigma)),
        laplace_pdf=float(regression.laplace_pdf(residual, b)),
        gaussian_nll=losses.gaussian_nll([0.0], [residual], sigma),
        laplace_nll=losses.laplace_nll([0.0], [residual], b),
        gaussian_tail=math.erfc(3.0 / (sigma * math.sqrt(2.0))),
        laplace_tail=math.exp(-3.0 / b))


class DensitiesExplorer(Displayable):
    """Sliders ``σ (Gaussian)``, ``b (Laplace)`` and ``residual r = y − f``; a linear and a
    log-scale panel.  Readout keys: ``gaussian_pdf``, ``laplace_pdf``, ``gaussian_nll``,
    ``laplace_nll``, ``gaussian_tail``, ``laplace_tail``."""

    def __init__(self, sigma: float = 0.8, b: float = 0.8, residual: float = 0.5):
        self.sigma = slider("σ (Gaussian)", sigma, 0.2, 3.0, 0.05)
        self.b = slider("b (Laplace)", b, 0.2, 3.0, 0.05)
        self.residual = slider("residual r = y − f", residual, -5.0, 5.0, 0.1)
        self.readout = Readout("At the residual r")
        self.view = BlitFigureView(1, 2, figsize=(7.5, 2.8))
        res = compute_densities(self.sigma.value, self.b.value, self.residual.value)
        lin, log = self.view.axes
        self._lines = []
        for ax, title in ((lin, "linear scale"), (log, "log scale")):
            g, = ax.plot(res.r, res.gaussian, color="C0", label="Gaussian (L2)")
            l, = ax.plot(res.r, res.laplace, color="C3", label="Laplace (L1)")
            v = ax.axvline(res.residual, color="0.4", lw=1, ls="--")
            self._lines.append((g, l, v))
            self.view.animate(g, l, v)
            ax.set_title(title)
            ax.set_xlabel("residual r = y − f")
        lin.set_ylabel("density p(r)")
        log.set_yscale("log")
        log.set_ylim(1e-12, 5)
        # few tick labels: text is most of the cost of a redraw
        log.set_yticks([1e-12, 1e-8, 1e-4, 1.0], ["1e-12", "1e-8", "1e-4", "1"])
        log.yaxis.set_minor_locator(ticker.NullLocator())
        lin.set_ylim(0, 2.6)
        lin.legend(loc="upper right", fontsize=8)
        for w in (self.sigma, self.b, self.residual):
            w.observe(self._update, names="value")
        self.widget = widgets.VBox([self.sigma, self.b, self.residual, self.view.image,
                                    self.readout.widget])
        self._update()

    def _update(self, change=None) -> None:
        res = compute_densities(self.sigma.value, self.b.value, self.residual.value)
        for g, l, v in self._lines:
            g.set_ydata(res.gaussian)
            l.set_ydata(res.laplace)
            v.set_xdata([res.residual, res.residual])
        self.view.redraw()
        self.result = res
        self.readout.show([
            ("gaussian_pdf", "Gaussian density", _fmt(res.gaussian_pdf)),
            ("laplace_pdf", "Laplace density", _fmt(res.laplace_pdf)),
            ("gaussian_nll", "Gaussian NLL", _fmt(res.gaussian_nll)),
            ("laplace_nll", "Laplace NLL", _fmt(res.laplace_nll)),
            ("gaussian_tail", "Gaussian P(|r| > 3)", f"{res.gaussian_tail:.3g}"),
            ("laplace_tail", "Laplace P(|r| > 3)", f"{res.laplace_tail:.3g}"),
        ])


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
    r"""Data from :func:`lossbook.regression.make_line_data` (defaults ``OUTLIER_DATA``: 40 points
    around :math:`y = 0.5x + 1`, Gaussian noise :math:`\sigma = 0.5`, seed 1) with ``n_outliers``
    points moved up by ``outlier_size``; both fitted lines and each line's mean L2 and L1 loss."""
    kw = {**OUTLIER_DATA, **data}
    x, y, out = regression.make_line_data(n_outliers=n_outliers, outlier_size=outlier_size, **kw)
    p2 = regression.fit_l2(x, y)
    p1 = regression.fit_l1(x, y)
    f2 = regression.predict_line(p2, x)
    f1 = regression.predict_line(p1, x)
    return OutlierResult(x, y, out, p2, p1,
                         losses.l2_loss(f2, y), losses.l1_loss(f2, y),
                         losses.l2_loss(f1, y), losses.l1_loss(f1, y))


class OutlierExplorer(Displayable):
    """Sliders ``number of outliers`` (0–15) and ``outlier size`` (0–15); the data, the true
    line and the L2 and L1 lines.  Readout keys: ``l2_slope``, ``l2_intercept``, ``l1_slope``,
    ``l1_intercept``, ``l2_fit_l2_loss``, ``l2_fit_l1_loss``, ``l1_fit_l2_loss``,
    ``l1_fit_l1_loss``."""

    def __init__(self, n_outliers: int = 4, outlier_size: float = 8.0):
        self.n_outliers = widgets.IntSlider(value=n_outliers, min=0, max=15, step=1,
                                            description="number of outliers",
                                            continuous_update=True,
                                            style={"description_width": "initial"},
                                            layout=widgets.Layout(width="420px"))
        self.outlier_size = slider("outlier size", outlier_size, 0.0, 15.0, 0.5, fmt=".1f")
        self.readout = Readout("Fitted lines (mean losses over all points)")
        self.view = BlitFigureView(figsize=(6.0, 3.4))
        ax = self.view.ax
        res = compute_outliers(self.n_outliers.value, self.outlier_size.value)
        xs = np.array([0.0, 10.0])
        ax.plot(xs, OUTLIER_DATA["slope"] * xs + OUTLIER_DATA["intercept"], color="0.6",
                ls=":", label="true line")
        self._points = ax.scatter(res.x, res.y, s=18, zorder=3)
        self._l2, = ax.plot(xs, xs, color="C0", lw=2, label="L2 fit (least squares)")
        self._l1, = ax.plot(xs, xs, color="C3", lw=2, ls="--", label="L1 fit (least abs.)")
        self._xs = xs
        self.view.animate(self._points, self._l2, self._l1)
        ax.set_xlim(-0.3, 10.3)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend(loc="upper left", fontsize=8)
        ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        ax.set_ylim(-1.0, 32.0)  # lay the figure out once for the widest tick labels
        self.view.redraw()
        for w in (self.n_outliers, self.outlier_size):
            w.observe(self._update, names="value")
        self.widget = widgets.VBox([self.n_outliers, self.outlier_size, self.view.image,
                                    self.readout.widget])
        self._update()

    def _update(self, change=None) -> None:
        res = compute_outliers(self.n_outliers.value, self.outlier_size.value)
        self._points.set_offsets(np.column_stack([res.x, res.y]))
        self._points.set_facecolor(np.where(res.is_outlier[:, None],
                                            [[0.85, 0.1, 0.1, 1.0]], [[0.2, 0.2, 0.2, 0.8]]))
        self._l2.set_ydata(regression.predict_line(res.l2_params, self._xs))
        self._l1.set_ydata(regression.predict_line(res.l1_params, self._xs))
        # the top moves in steps of 2, so most updates reuse the cached background
        self.view.ax.set_ylim(-1.0, max(8.0, 2 * np.ceil((float(res.y.max()) + 1.0) / 2)))
        self.view.redraw()
        self.result = res
        self.readout.show([
            ("l2_slope", "L2 line: slope", _fmt(res.l2_params[0], 3)),
            ("l2_intercept", "L2 line: intercept", _fmt(res.l2_params[1], 3)),
            ("l1_slope", "L1 line: slope", _fmt(res.l1_params[0], 3)),
            ("l1_intercept", "L1 line: intercept", _fmt(res.l1_params[1], 3)),
            ("l2_fit_l2_loss", "L2 line: mean L2 loss", _fmt(res.l2_fit_l2, 3)),
            ("l2_fit_l1_loss", "L2 line: mean L1 loss", _fmt(res.l2_fit_l1, 3)),
            ("l1_fit_l2_loss", "L1 line: mean L2 loss", _fmt(res.l1_fit_l2, 3)),
            ("l1_fit_l1_loss", "L1 line: mean L1 loss", _fmt(res.l1_fit_l1, 3)),
        ], note="true line: slope 0.5, intercept 1")


# ---------------------------------------------------------------------------------------------
# 3. A mixture of two Laplace densities
# ---------------------------------------------------------------------------------------------
REFERENCE_MIXTURE = dict(weights=(0.3, 0.7), locs=(-1.0, 2.0), scales=(0.5, 1.5))
REFERENCE_POINTS = (0.0, -1.0, 2.2)


def mixture_data(n: int = 300, seed: int = 0) -> np.ndarray:
    """``n`` seeded targets drawn from ``REFERENCE_MIXTURE``, ``(n,)``."""
    return regression.sample_laplace_mixture(n, seed=seed, **REFERENCE_MIXTURE)[0]


@dataclass
class MixtureResult:
    grid: np.ndarray
    density: np.ndarray          # the mixture density on the grid
    components: np.ndarray       # (2, len(grid)): tau_m * Laplace(y | f_m, b_m)
    data_nll: float              # mean NLL of the data
    point_nll: np.ndarray        # NLL at REFERENCE_POINTS


def compute_mixture(weight1: float, loc1: float, loc2: float, scale1: float, scale2: float,
                    data, grid=None) -> MixtureResult:
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
    grid = np.linspace(-5.0, 8.0, 521) if grid is None else np.asarray(grid, dtype=float)
    density = regression.laplace_mixture_pdf(grid, w, f, b)
    comps = np.stack([w[m] * regression.laplace_pdf(grid - f[m], b[m]) for m in range(2)])
    return MixtureResult(grid, density, comps,
                         losses.laplace_mixture_nll(data, w, f, b),
                         losses.laplace_mixture_nll(np.array(REFERENCE_POINTS), w, f, b,
                                                    reduction="none"))


class MixtureExplorer(Displayable):
    """Sliders ``weight τ₁ (τ₂ = 1 − τ₁)``, ``location f₁``, ``location f₂``, ``scale b₁``,
    ``scale b₂``; the data's histogram, the mixture density and its components.  Readout keys:
    ``tau1``, ``tau2``, ``data_nll``, ``nll_at_0``, ``nll_at_-1``, ``nll_at_2.2``."""

    def __init__(self, weight1=0.3, loc1=-1.0, loc2=2.0, scale1=0.5, scale2=1.5, n: int = 300,
                 seed: int = 0):
        self.data = mixture_data(n, seed)
        self.weight1 = slider("weight τ₁ (τ₂ = 1 − τ₁)", weight1, 0.0, 1.0, 0.05)
        self.loc1 = slider("location f₁", loc1, -4.0, 6.0, 0.1)
        self.loc2 = slider("location f₂", loc2, -4.0, 6.0, 0.1)
        self.scale1 = slider("scale b₁", scale1, 0.1, 3.0, 0.05)
        self.scale2 = slider("scale b₂", scale2, 0.1, 3.0, 0.05)
        self.controls = [self.weight1, self.loc1, self.loc2, self.scale1, self.scale2]
        self.readout = Readout("Negative log-likelihood")
        self.view = BlitFigureView(figsize=(6.0, 3.0))
        ax = self.view.ax
        ax.hist(self.data, bins=np.linspace(-5, 8, 53), density=True, color="0.85",
                label=f"data (N = {self.data.size})")
        res = self._compute()
        self._comp = [ax.plot(res.grid, res.components[m], lw=1, ls="--", color=c,
                              label=f"τ{'₁₂'[m]} × component {m + 1}")[0]
                      for m, c in ((0, "C2"), (1, "C1"))]
        self._dens, = ax.plot(res.grid, res.density, color="C0", lw=2, label="mixture density")
        self.view.animate(*self._comp, self._dens)
        ax.plot(REFERENCE_POINTS, [0] * 3, "k|", ms=12, mew=2)
        ax.set_xlim(-5, 8)
        ax.set_xlabel("y")
        ax.set_ylabel("density")
        ax.legend(loc="upper right", fontsize=7)
        for w in self.controls:
            w.observe(self._update, names="value")
        self.widget = widgets.VBox([*self.controls, self.view.image, self.readout.widget])
        self._update()

    def _compute(self) -> MixtureResult:
        return compute_mixture(*(w.value for w in self.controls), data=self.data)

    def _update(self, change=None) -> None:
        res = self._compute()
        self._dens.set_ydata(res.density)
        for line, comp in zip(self._comp, res.components):
            line.set_ydata(comp)
        # the top of the axis moves in steps of 0.25, so most updates reuse the cached background
        self.view.ax.set_ylim(0, max(0.5, np.ceil(4.6 * float(res.density.max())) / 4))
        self.view.redraw()
        self.result = res
        w1 = self.weight1.value
        self.readout.show([
            ("tau1", "τ₁", _fmt(w1, 2)),
            ("tau2", "τ₂", _fmt(1.0 - w1, 2)),
            ("data_nll", "mean NLL (data)", _fmt(res.data_nll)),
            ("nll_at_0", "NLL at y = 0", _fmt(res.point_nll[0])),
            ("nll_at_-1", "NLL at y = −1", _fmt(res.point_nll[1])),
            ("nll_at_2.2", "NLL at y = 2.2", _fmt(res.point_nll[2])),
        ])
