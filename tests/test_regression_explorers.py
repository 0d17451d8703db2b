"""Tests of the chapter-6 explorers: compute steps against hand formulas and scipy, and the views
driven by setting their controls in plain Python."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from scipy.optimize import linprog

from lossbook.widgets import regression_explorers as RE


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


def test_densities_explorer_view():
    e = RE.DensitiesExplorer()
    assert e.readout.values["gaussian_nll"] == "0.8911"
    assert e.readout.values["laplace_nll"] == "1.0950"
    e.residual.value = -1.5
    assert e.readout.values["gaussian_nll"] == "2.4536"
    assert e.readout.values["laplace_nll"] == "2.3450"
    before = e.view.image.value
    e.sigma.value = 2.0
    assert e.readout.values["gaussian_pdf"] == f"{stats.norm.pdf(1.5, scale=2.0):.4f}"
    assert e.view.image.value != before
    assert e.sigma.description and e.b.description and e.residual.description


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


def test_outlier_explorer_view():
    e = RE.OutlierExplorer(n_outliers=0, outlier_size=8.0)
    keys = {"l2_slope", "l2_intercept", "l1_slope", "l1_intercept", "l2_fit_l2_loss",
            "l2_fit_l1_loss", "l1_fit_l2_loss", "l1_fit_l1_loss"}
    assert set(e.readout.values) == keys
    e.n_outliers.value = 6
    res = RE.compute_outliers(6, 8.0)
    assert e.readout.values["l2_intercept"] == f"{res.l2_params[1]:.3f}"
    assert e.readout.values["l1_fit_l1_loss"] == f"{res.l1_fit_l1:.3f}"
    e.outlier_size.value = 12.0
    res = RE.compute_outliers(6, 12.0)
    assert e.readout.values["l2_slope"] == f"{res.l2_params[0]:.3f}"
    np.testing.assert_allclose(e._l2.get_ydata(), res.l2_params[0] * np.array([0, 10.0])
                               + res.l2_params[1])


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


def test_mixture_explorer_view():
    e = RE.MixtureExplorer()
    assert e.readout.values["nll_at_0"] == "2.2817"
    assert e.readout.values["nll_at_-1"] == "1.1039"
    assert e.readout.values["nll_at_2.2"] == "1.5862"
    best = float(e.readout.values["data_nll"])
    e.loc2.value = 4.0                      # a worse model of the same data
    assert float(e.readout.values["data_nll"]) > best
    e.weight1.value = 0.6
    assert e.readout.values["tau2"] == "0.40"
    hand = mixture_nll_by_hand(2.2, (0.6, 0.4), (-1.0, 4.0), (0.5, 1.5))
    assert e.readout.values["nll_at_2.2"] == f"{hand:.4f}"


def test_validation():
    with pytest.raises(ValueError, match="sigma"):
        RE.compute_densities(0.0, 1.0)
    with pytest.raises(ValueError, match="weight1"):
        RE.compute_mixture(1.5, 0, 1, 1, 1, data=[0.0])
    with pytest.raises(ValueError, match="scale2"):
        RE.compute_mixture(0.5, 0, 1, 1, -1, data=[0.0])
