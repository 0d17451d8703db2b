"""Tests of lossbook.regression: line fits under L2 and L1, likelihoods, densities.  The data
generators are tested in tests/test_data_toy1d.py, the loss and likelihood grid in
tests/test_ch06_regression_losses.py.

The L1 solver is checked against two independent solutions: a linear program
(scipy.optimize.linprog) and a brute-force search over the lines through pairs of points (some
L1-optimal line passes through two data points).
"""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.optimize import linprog, minimize

from lossbook import regression as R
from lossbook.data import toy1d


def l1_by_linprog(x, y):
    """min sum t_i  s.t.  -t_i <= y_i - a x_i - c <= t_i ; variables (a, c, t_1..t_N)."""
    n = x.size
    cost = np.r_[0.0, 0.0, np.ones(n)]
    A = np.column_stack([x, np.ones(n)])
    A_ub = np.block([[-A, -np.eye(n)], [A, -np.eye(n)]])
    b_ub = np.r_[-y, y]
    res = linprog(cost, A_ub=A_ub, b_ub=b_ub, bounds=[(None, None)] * 2 + [(0, None)] * n,
                  method="highs")
    assert res.status == 0
    return res.x[:2], res.fun


def l1_by_pairs(x, y):
    best = (math.inf, None)
    for i, j in itertools.combinations(range(x.size), 2):
        if x[i] == x[j]:
            continue
        a = (y[j] - y[i]) / (x[j] - x[i])
        c = y[i] - a * x[i]
        obj = sum(abs(y[k] - a * x[k] - c) for k in range(x.size))
        best = min(best, (obj, (a, c)), key=lambda t: t[0])
    return np.array(best[1]), best[0]


DATASETS = [
    dict(n=25, noise="gaussian", seed=0),
    dict(n=30, noise="laplace", scale=1.0, seed=3),
    dict(n=40, n_outliers=6, outlier_size=9.0, seed=1),
    dict(n=15, n_outliers=7, outlier_size=-20.0, seed=7),
]


@pytest.mark.parametrize("kw", DATASETS)
@pytest.mark.parametrize("method", ["exact", "irls"])
def test_fit_l1_matches_linear_program(kw, method):
    x, y, _ = toy1d.make_line_data(**kw)
    _, best = l1_by_linprog(x, y)
    params = R.fit_l1(x, y, method=method)
    obj = np.abs(y - params[0] * x - params[1]).sum()
    tol = 1e-9 if method == "exact" else 1e-5
    assert obj == pytest.approx(best, rel=tol, abs=tol)


@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_fit_l1_exact_matches_brute_force_over_pairs(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 3, 12)
    y = 2.0 * x - 1 + rng.standard_cauchy(12)
    pair_params, best = l1_by_pairs(x, y)
    params = R.fit_l1(x, y)
    assert np.abs(y - params[0] * x - params[1]).sum() == pytest.approx(best, rel=1e-12)
    # in general position the minimizer is unique
    np.testing.assert_allclose(params, pair_params, rtol=1e-9, atol=1e-9)


def test_fit_l1_handles_repeated_x():
    x = np.array([0.0, 0.0, 1.0, 1.0, 2.0, 2.0])
    y = np.array([0.0, 1.0, 1.0, 2.0, 2.0, 30.0])
    _, best = l1_by_linprog(x, y)
    p = R.fit_l1(x, y)
    assert np.abs(y - p[0] * x - p[1]).sum() == pytest.approx(best, abs=1e-9)


def test_fit_l2_matches_closed_form():
    x, y, _ = toy1d.make_line_data(n=30, n_outliers=3, outlier_size=5.0, seed=4)
    slope = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    intercept = y.mean() - slope * x.mean()
    np.testing.assert_allclose(R.fit_l2(x, y), [slope, intercept], rtol=1e-12)


def test_l1_robust_l2_not():
    x, y0, _ = toy1d.make_line_data(n=40, seed=1)
    x, y, out = toy1d.make_line_data(n=40, n_outliers=5, outlier_size=12.0, seed=1)
    assert out.sum() == 5
    l1_shift = np.abs(R.fit_l1(x, y) - R.fit_l1(x, y0)).max()
    l2_shift = np.abs(R.fit_l2(x, y) - R.fit_l2(x, y0)).max()
    assert l2_shift > 1.0 and l1_shift < 0.2


def test_likelihoods_by_hand():
    x = np.array([0.0, 1.0, 2.0])
    y = np.array([1.0, 2.0, -0.5])
    params = (1.0, 0.5)                              # f = (0.5, 1.5, 2.5)
    f = np.array([0.5, 1.5, 2.5])
    s, b = 0.8, 0.8
    gauss = sum(math.log(math.exp(-(yi - fi) ** 2 / (2 * s * s)) / math.sqrt(2 * math.pi * s * s))
                for yi, fi in zip(y, f))
    lap = sum(math.log(math.exp(-abs(yi - fi) / b) / (2 * b)) for yi, fi in zip(y, f))
    assert R.gaussian_log_likelihood(params, x, y, s) == pytest.approx(gauss, rel=1e-12)
    assert R.laplace_log_likelihood(params, x, y, b) == pytest.approx(lap, rel=1e-12)


def test_reference_values_of_the_outline():
    # f = (0.5, 2.5, 1.0), y = (1, 2, -0.5): a line through x = (0, 2, 0.5) with slope 1, f = x + .5
    x = np.array([0.0, 2.0, 0.5])
    y = np.array([1.0, 2.0, -0.5])
    g = [-R.gaussian_log_likelihood((1.0, 0.5), x[[i]], y[[i]], 0.8) for i in range(3)]
    lap = [-R.laplace_log_likelihood((1.0, 0.5), x[[i]], y[[i]], 0.8) for i in range(3)]
    np.testing.assert_allclose(g, [0.8911, 0.8911, 2.4536], atol=5e-5)
    np.testing.assert_allclose(lap, [1.0950, 1.0950, 2.3450], atol=5e-5)


def test_max_likelihood_by_optimizer_is_least_squares():
    x, y, _ = toy1d.make_line_data(n=30, n_outliers=2, outlier_size=4.0, seed=6)
    res = minimize(lambda p: -R.gaussian_log_likelihood(p, x, y, 1.3), x0=[0.0, 0.0],
                   method="BFGS", options={"gtol": 1e-10})
    np.testing.assert_allclose(res.x, R.fit_l2(x, y), atol=1e-5)


def test_mixture_pdf_integrates_to_one():
    kw = dict(weights=(0.3, 0.7), locs=(-1.0, 2.0), scales=(0.5, 1.5))
    grid = np.linspace(-40, 40, 200001)
    assert np.trapezoid(R.laplace_mixture_pdf(grid, **kw), grid) == pytest.approx(1.0, abs=1e-6)
    assert R.laplace_pdf(np.array([0.3]), 0.5)[0] == pytest.approx(math.exp(-0.6) / 1.0)
    assert R.gaussian_pdf(np.array([0.0]), 2.0)[0] == pytest.approx(1 / math.sqrt(8 * math.pi))


def test_validation():
    with pytest.raises(ValueError, match="x and y"):
        R.fit_l2([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="distinct"):
        R.fit_l1([1.0, 1.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="method"):
        R.fit_l1([0.0, 1.0], [0.0, 1.0], method="simplex")
    with pytest.raises(ValueError, match="params"):
        R.predict_line([1.0, 2.0, 3.0], [0.0])
    with pytest.raises(ValueError, match="sigma"):
        R.gaussian_log_likelihood((1.0, 0.0), [0.0], [0.0], -1.0)
    with pytest.raises(TypeError, match="x"):
        R.fit_l2("abc", [1.0])


def test_fit_laplace_maximizes_the_likelihood():
    y = np.array([0.3, -1.2, 2.5, 0.9, 4.0, 1.1, -0.2])
    loc, b = R.fit_laplace(y)
    assert loc == 0.9 and b == pytest.approx(np.mean(np.abs(y - 0.9)))

    def ll(f, s):
        return sum(-math.log(2 * s) - abs(v - f) / s for v in y)

    best = ll(loc, b)
    for f in np.linspace(-1, 3, 41):
        for s in np.linspace(0.3, 3, 28):
            assert ll(f, s) <= best + 1e-12
    with pytest.raises(ValueError, match="constant"):
        R.fit_laplace([1.0, 1.0])


def test_fit_l1_exact_is_optimal_on_random_small_sets_with_ties():
    """Property test: on small integer data sets (many ties in x and y), the exact solver's loss
    equals the best loss over all lines through pairs of points."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=60, deadline=None, derandomize=True)
    @hypothesis.given(st.lists(st.tuples(st.integers(-4, 4), st.integers(-6, 6)),
                               min_size=2, max_size=9))
    def check(points):
        x = np.array([p[0] for p in points], dtype=float)
        y = np.array([p[1] for p in points], dtype=float)
        hypothesis.assume(np.ptp(x) > 0)
        _, best = l1_by_pairs(x, y)
        p = R.fit_l1(x, y)
        assert np.abs(y - p[0] * x - p[1]).sum() == pytest.approx(best, rel=1e-9, abs=1e-9)

    check()
