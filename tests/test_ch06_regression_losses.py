"""Chapter 6 (regression losses from likelihoods): the loss and likelihood grid of
lossbook.chapters.ch06_regression_losses, and the chapter's explorers
(lossbook.widgets.ch06_regression_losses): compute steps against hand formulas, scipy and a linear
program, and the explorers' Python face (controls, labels, readout, set, bad input).  Their
JavaScript face is checked against this one in tests/browser/test_static_06_regression_losses.py."""
from __future__ import annotations

import math

import numpy as np
import pytest
import traitlets
from figure_checks import assert_legible
from scipy import stats
from scipy.optimize import linprog

from lossbook.chapters import ch06_regression_losses as chapter
from lossbook.data import toy1d
from lossbook.widgets import ch06_regression_losses as RE


def test_compute_densities_reference_values():
    res = RE.compute_densities(0.8, 0.8, residual=0.5)
    assert res.gaussian_nll == pytest.approx(0.8911, abs=5e-5)
    assert res.laplace_nll == pytest.approx(1.0950, abs=5e-5)
    res = RE.compute_densities(0.8, 0.8, residual=-1.5)
    assert res.gaussian_nll == pytest.approx(2.4536, abs=5e-5)
    assert res.laplace_nll == pytest.approx(2.3450, abs=5e-5)


@pytest.mark.parametrize("sigma,b,r", [(1.0, 1.0, 0.0), (0.5, 2.0, 2.5), (2.7, 0.3, -4.0)])
def test_compute_densities_against_scipy(sigma, b, r):
    res = RE.compute_densities(sigma, b, residual=r)
    np.testing.assert_allclose(res.gaussian, stats.norm.pdf(res.r, scale=sigma), rtol=1e-12)
    np.testing.assert_allclose(res.laplace, stats.laplace.pdf(res.r, scale=b), rtol=1e-12)
    assert res.gaussian_pdf == pytest.approx(stats.norm.pdf(r, scale=sigma))
    assert res.laplace_nll == pytest.approx(-stats.laplace.logpdf(r, scale=b))
    assert res.gaussian_nll == pytest.approx(-stats.norm.logpdf(r, scale=sigma))
    assert res.gaussian_tail == pytest.approx(2 * stats.norm.sf(3, scale=sigma), rel=1e-9)
    assert res.laplace_tail == pytest.approx(2 * stats.laplace.sf(3, scale=b), rel=1e-9)


def test_densities_explorer():
    e = RE.DensitiesExplorer()
    v = e.readout()
    assert list(v) == ["gaussian_pdf", "laplace_pdf", "gaussian_nll", "laplace_nll",
                       "gaussian_tail", "laplace_tail"]
    assert f"{v['gaussian_nll']:.4f}" == "0.8911" and f"{v['laplace_nll']:.4f}" == "1.0950"
    assert f"{v['gaussian_tail']:.3g}" == "0.000177" and f"{v['laplace_tail']:.3g}" == "0.0235"
    assert e._kernel_readout == v
    controls = {c["name"]: c for c in e._controls}
    assert list(controls) == ["sigma", "b", "residual"]
    assert [c["label"] for c in controls.values()] == ["σ (Gaussian)", "b (Laplace)",
                                                       "residual r = y − f"]
    assert [(c["min"], c["max"], c["step"]) for c in controls.values()] == [
        (0.2, 3.0, 0.05), (0.2, 3.0, 0.05), (-5.0, 5.0, 0.1)]
    e.residual = -1.5
    v = e.readout()
    assert f"{v['gaussian_nll']:.4f}" == "2.4536" and f"{v['laplace_nll']:.4f}" == "2.3450"
    e.set(sigma=2.0, b=0.5)
    v = e.readout()
    assert v["gaussian_pdf"] == pytest.approx(stats.norm.pdf(1.5, scale=2.0), rel=1e-12)
    assert v["laplace_nll"] == pytest.approx(-stats.laplace.logpdf(1.5, scale=0.5), rel=1e-12)
    assert e.result.residual == -1.5 and e._kernel_readout == v
    assert repr(e) == "DensitiesExplorer(sigma=2.0, b=0.5, residual=-1.5)"
    assert e.data == {"r_max": 6.0, "num": 401, "tail_at": 3.0}


def _l1_lp_objective(x, y):
    n = x.size
    A = np.column_stack([x, np.ones(n)])
    res = linprog(np.r_[0, 0, np.ones(n)], A_ub=np.block([[-A, -np.eye(n)], [A, -np.eye(n)]]),
                  b_ub=np.r_[-y, y], bounds=[(None, None)] * 2 + [(0, None)] * n,
                  method="highs")
    return res.fun


@pytest.mark.parametrize("k,size", [(0, 0.0), (4, 8.0), (10, 12.0)])
def test_compute_outliers_against_independent_fits(k, size):
    res = RE.compute_outliers(k, size)
    assert res.is_outlier.sum() == k
    slope, intercept = np.polyfit(res.x, res.y, 1)
    np.testing.assert_allclose(res.l2_params, [slope, intercept], rtol=1e-9, atol=1e-12)
    n = res.x.size
    assert res.l1_fit_l1 * n == pytest.approx(_l1_lp_objective(res.x, res.y), rel=1e-9)
    f2 = slope * res.x + intercept
    assert res.l2_fit_l2 == pytest.approx(np.mean((f2 - res.y) ** 2))
    assert res.l2_fit_l1 == pytest.approx(np.mean(np.abs(f2 - res.y)))
    # each line is the best under its own loss
    assert res.l2_fit_l2 <= res.l1_fit_l2 + 1e-12
    assert res.l1_fit_l1 <= res.l2_fit_l1 + 1e-12


def test_l1_line_ignores_how_far_the_outliers_are():
    # points above the L1 line can move further up without changing it (their residual signs stay)
    a, b = RE.compute_outliers(4, 8.0), RE.compute_outliers(4, 15.0)
    np.testing.assert_allclose(a.l1_params, b.l1_params, atol=1e-9)
    # the L2 line passes through the mean point, whose height rises by 4 * 7 / 40 = 0.7
    xbar = a.x.mean()
    rise = (b.l2_params[0] - a.l2_params[0]) * xbar + b.l2_params[1] - a.l2_params[1]
    assert rise == pytest.approx(0.7, rel=1e-9)


def test_line_data_parts_rebuild_make_line_data():
    """What the page gets (the points before any outlier and the outliers' order) rebuilds
    make_line_data's data exactly, for every number and size of outliers."""
    x0, y0, order = toy1d.line_data_parts(**RE.OUTLIER_DATA)
    assert sorted(order.tolist()) == list(range(40))
    for k in range(16):
        for size in (0.0, 0.5, 8.0, 15.0):
            x, y, out = toy1d.make_line_data(n_outliers=k, outlier_size=size,
                                             **RE.OUTLIER_DATA)
            rebuilt = np.array([v + size * (i in set(order[:k].tolist()))
                                for i, v in enumerate(y0)])
            assert np.array_equal(x, x0) and np.array_equal(y, rebuilt)
            assert np.flatnonzero(out).tolist() == sorted(order[:k].tolist())


def test_outlier_explorer():
    e = RE.OutlierExplorer(n_outliers=0, outlier_size=8.0)
    keys = ["l2_slope", "l2_intercept", "l1_slope", "l1_intercept", "l2_fit_l2_loss",
            "l2_fit_l1_loss", "l1_fit_l2_loss", "l1_fit_l1_loss"]
    assert list(e.readout()) == keys
    controls = {c["name"]: c for c in e._controls}
    assert list(controls) == ["n_outliers", "outlier_size"]
    assert controls["n_outliers"] == {"name": "n_outliers", "kind": "int_slider",
                                      "label": "number of outliers", "step": 1, "min": 0,
                                      "max": 15}
    assert (controls["outlier_size"]["label"], controls["outlier_size"]["min"],
            controls["outlier_size"]["max"], controls["outlier_size"]["step"]) == (
        "outlier size", 0.0, 15.0, 0.5)
    x0, y0, order = toy1d.line_data_parts(**RE.OUTLIER_DATA)
    assert e.data["x"] == x0.tolist() and e.data["y"] == y0.tolist()
    assert e.data["order"] == order.tolist()
    assert (e.data["slope"], e.data["intercept"]) == (0.5, 1.0)
    e.n_outliers = 6
    res = RE.compute_outliers(6, 8.0)
    v = e.readout()
    assert v["l2_intercept"] == res.l2_params[1] and v["l1_fit_l1_loss"] == res.l1_fit_l1
    e.outlier_size = 12.0
    res = RE.compute_outliers(6, 12.0)
    assert e.readout()["l2_slope"] == res.l2_params[0]
    assert e._kernel_readout == e.readout()
    e.set(n_outliers=4, outlier_size=8.0)
    v = e.readout()
    assert [f"{v[k]:.3f}" for k in keys] == ["0.569", "1.387", "0.520", "0.977", "5.272",
                                             "1.359", "5.724", "1.005"]


def mixture_nll_by_hand(y, w, f, b):
    return -math.log(sum(wm / (2 * bm) * math.exp(-abs(y - fm) / bm)
                         for wm, fm, bm in zip(w, f, b)))


def test_compute_mixture_reference_values():
    res = RE.compute_mixture(0.3, -1.0, 2.0, 0.5, 1.5, data=RE.mixture_data(50))
    np.testing.assert_allclose(res.point_nll, [2.2817, 1.1039, 1.5862], atol=5e-5)


@pytest.mark.parametrize("params", [(0.3, -1.0, 2.0, 0.5, 1.5), (0.8, 0.5, 3.0, 1.0, 0.2),
                                    (0.0, -2.0, 1.0, 0.4, 0.9)])
def test_compute_mixture_against_hand_loop(params):
    t1, f1, f2, b1, b2 = params
    data = RE.mixture_data(40, seed=2)
    res = RE.compute_mixture(*params, data=data)
    w, f, b = (t1, 1 - t1), (f1, f2), (b1, b2)
    hand = np.mean([mixture_nll_by_hand(v, w, f, b) for v in data])
    assert res.data_nll == pytest.approx(hand, rel=1e-12)
    assert np.trapezoid(res.density, res.grid) == pytest.approx(1.0, abs=0.02)
    np.testing.assert_allclose(res.components.sum(axis=0), res.density, rtol=1e-12)


def test_mixture_explorer():
    e = RE.MixtureExplorer()
    v = e.readout()
    assert list(v) == ["tau1", "tau2", "data_nll", "nll_at_0", "nll_at_-1", "nll_at_2.2"]
    assert [f"{v[k]:.4f}" for k in ("nll_at_0", "nll_at_-1", "nll_at_2.2")] == [
        "2.2817", "1.1039", "1.5862"]
    assert f"{v['data_nll']:.4f}" == "2.1292"
    controls = {c["name"]: c for c in e._controls}
    assert [c["label"] for c in controls.values()] == [
        "weight τ₁ (τ₂ = 1 − τ₁)", "location f₁", "location f₂", "scale b₁", "scale b₂"]
    assert [(c["min"], c["max"], c["step"]) for c in controls.values()] == [
        (0.0, 1.0, 0.05), (-4.0, 6.0, 0.1), (-4.0, 6.0, 0.1), (0.1, 3.0, 0.05),
        (0.1, 3.0, 0.05)]
    # what the page draws and sums: the same targets, the histogram numpy makes
    np.testing.assert_array_equal(e.targets, RE.mixture_data(300, 0))
    assert e.data["targets"] == e.targets.tolist()
    heights, edges = np.histogram(e.targets, bins=np.linspace(-5, 8, 53), density=True)
    assert e.data["heights"] == heights.tolist() and e.data["edges"] == edges.tolist()
    assert e.data["points"] == [0.0, -1.0, 2.2]
    best = v["data_nll"]
    e.loc2 = 4.0                      # a worse model of the same data
    assert e.readout()["data_nll"] > best
    e.weight1 = 0.6
    v = e.readout()
    assert f"{v['tau2']:.2f}" == "0.40" and v["tau1"] == 0.6
    hand = mixture_nll_by_hand(2.2, (0.6, 0.4), (-1.0, 4.0), (0.5, 1.5))
    assert v["nll_at_2.2"] == pytest.approx(hand, rel=1e-12)
    e.set(weight1=1.0, scale1=0.1)    # one component only: the other's weight is 0
    v = e.readout()
    assert v["nll_at_-1"] == pytest.approx(-math.log(1 / 0.2), rel=1e-12)
    assert math.isfinite(v["data_nll"]) and e._kernel_readout == v
    assert repr(e) == "MixtureExplorer(weight1=1.0, loc1=-1.0, loc2=4.0, scale1=0.1, scale2=1.5)"


@pytest.mark.parametrize("cls, name, bad", [
    (RE.DensitiesExplorer, "sigma", 0.1), (RE.DensitiesExplorer, "residual", 6.0),
    (RE.OutlierExplorer, "n_outliers", 16), (RE.OutlierExplorer, "outlier_size", -1.0),
    (RE.MixtureExplorer, "weight1", 1.5), (RE.MixtureExplorer, "scale2", 0.0),
])
def test_bad_controls_are_refused_with_their_name(cls, name, bad):
    e = cls()
    before = e.readout()
    with pytest.raises(traitlets.TraitError, match=name):
        setattr(e, name, bad)
    with pytest.raises(traitlets.TraitError, match=name):
        e.set(**{name: bad})
    assert e.readout() == before
    with pytest.raises(ValueError, match="unknown control"):
        e.set(temperature=2.0)


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="sigma"):
        RE.DensitiesExplorer(sigma=-1.0)
    with pytest.raises(ValueError, match="n_outliers"):
        RE.OutlierExplorer(n_outliers=-1)
    with pytest.raises(ValueError, match="weight1"):
        RE.MixtureExplorer(weight1=2.0)


def test_validation():
    with pytest.raises(ValueError, match="sigma"):
        RE.compute_densities(0.0, 1.0)
    with pytest.raises(ValueError, match="weight1"):
        RE.compute_mixture(1.5, 0, 1, 1, 1, data=[0.0])
    with pytest.raises(ValueError, match="scale2"):
        RE.compute_mixture(0.5, 0, 1, 1, -1, data=[0.0])


# ------------------------------------------------------------------------------------------------
# the chapter module: argmin of the loss = argmax of the likelihood, on a grid
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("noise", ["gaussian", "laplace"])
def test_argmin_loss_is_argmax_likelihood_on_a_grid(noise):
    x, y, _ = toy1d.make_line_data(n=30, noise=noise, seed=2)
    g = chapter.loss_likelihood_grid(x, y, np.linspace(0, 1, 41), np.linspace(0, 2, 41),
                                     noise=noise, scale=0.7)
    np.testing.assert_array_equal(g["argmin_loss"], g["argmax_likelihood"])
    # the likelihood is a decreasing affine function of the loss
    slope = np.polyfit(g["loss"].ravel(), g["log_likelihood"].ravel(), 1)[0]
    expected = -1 / (2 * 0.7 ** 2) if noise == "gaussian" else -1 / 0.7
    assert slope == pytest.approx(expected, rel=1e-9)


def test_loss_likelihood_figure_is_one_slice_of_the_grid():
    x, y, _ = toy1d.make_line_data(n=30, noise="laplace", seed=2)
    slopes, intercepts = np.linspace(0, 1, 41), np.linspace(0, 2, 41)
    g = chapter.loss_likelihood_grid(x, y, slopes, intercepts, noise="laplace", scale=0.7)
    fig = chapter.loss_likelihood_figure(g, slopes, intercepts, noise="laplace")
    loss_ax, likelihood_ax = fig.axes
    j = int(np.flatnonzero(intercepts == g["argmin_loss"][1])[0])   # the best intercept's column
    loss_line, marker = loss_ax.get_lines()
    np.testing.assert_array_equal(loss_line.get_xdata(), slopes)
    np.testing.assert_array_equal(loss_line.get_ydata(), g["loss"][:, j])
    np.testing.assert_array_equal(likelihood_ax.get_lines()[0].get_ydata(),
                                  g["log_likelihood"][:, j])
    assert marker.get_xdata()[0] == g["argmin_loss"][0]
    assert (loss_ax.get_ylabel(), likelihood_ax.get_ylabel()) == ("L1 loss (sum)",
                                                                  "Laplace log-likelihood")
    with pytest.raises(ValueError, match="noise"):
        chapter.loss_likelihood_figure(g, slopes, intercepts, noise="cauchy")


@pytest.mark.parametrize("noise", ["gaussian", "laplace"])
def test_loss_likelihood_figure_is_legible(noise):
    """The chapter's grid (30 points, seed 2, 81 x 81 lines, scale 0.5) and figure call."""
    x, y, _ = toy1d.make_line_data(n=30, noise=noise, scale=0.5, seed=2)
    slopes, intercepts = np.linspace(0.3, 0.7, 81), np.linspace(0.0, 2.0, 81)
    g = chapter.loss_likelihood_grid(x, y, slopes, intercepts, noise=noise, scale=0.5)
    assert_legible(chapter.loss_likelihood_figure(g, slopes, intercepts, noise=noise))
