"""Chapter 6 as an app (Voilà): the three regression explorers driven like a reader.

Reference values (outline, section 6): σ = 0.8, residual r = y − f: Gaussian NLL 0.8911 at r = 0.5
and 2.4536 at r = −1.5; Laplace NLL (b = 0.8) 1.0950 and 2.3450.  Laplace mixture, weights
(0.3, 0.7), locations (−1, 2), scales (0.5, 1.5): NLL at y = 0, −1, 2.2 is 2.2817, 1.1039, 1.5862.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import lossbook_browser as ui

NOTEBOOK = "chapters/06_regression_losses.ipynb"
SIGMA, B, RESIDUAL = "σ (Gaussian)", "b (Laplace)", "residual r = y − f"
N_OUT, SIZE = "number of outliers", "outlier size"
TAU1 = "weight τ₁ (τ₂ = 1 − τ₁)"


def gaussian_nll(r, sigma):
    return 0.5 * math.log(2 * math.pi * sigma ** 2) + r * r / (2 * sigma ** 2)


def laplace_nll(r, b):
    return math.log(2 * b) + abs(r) / b


def mixture_nll(y, w, f, b):
    return -math.log(sum(wm / (2 * bm) * math.exp(-abs(y - fm) / bm)
                         for wm, fm, bm in zip(w, f, b)))


@pytest.fixture(scope="module")
def densities(app_page):
    return ui.explorer(app_page, SIGMA)


@pytest.fixture(scope="module")
def outliers(app_page):
    return ui.explorer(app_page, N_OUT)


@pytest.fixture(scope="module")
def mixture(app_page):
    return ui.explorer(app_page, TAU1)


def test_densities_start(densities):
    shown = ui.readouts(densities)
    assert float(shown["gaussian_nll"]) == pytest.approx(0.8911, abs=5e-5)
    assert float(shown["laplace_nll"]) == pytest.approx(1.0950, abs=5e-5)
    assert ui.slider_value(densities, SIGMA) == "0.80"
    assert ui.slider_value(densities, RESIDUAL) == "0.5"
    assert ui.values(densities)["gaussian_nll"] == pytest.approx(gaussian_nll(0.5, 0.8),
                                                                 rel=1e-12)


def test_residual_typed_into_the_slider(densities):
    from lossbook.widgets.ch06_regression_losses import compute_densities
    ui.type_into_slider(densities, RESIDUAL, "-1.5")
    r = compute_densities(0.8, 0.8, -1.5)
    shown = ui.wait_readouts(densities, {"gaussian_nll": f"{r.gaussian_nll:.4f}",
                                         "laplace_nll": f"{r.laplace_nll:.4f}"})
    assert float(shown["gaussian_nll"]) == pytest.approx(2.4536, abs=5e-5)
    assert float(shown["laplace_nll"]) == pytest.approx(2.3450, abs=5e-5)
    kernel = ui.wait_kernel(densities)  # the Python side followed the slider
    assert kernel["gaussian_nll"] == pytest.approx(gaussian_nll(-1.5, 0.8), rel=1e-12)


def test_sigma_with_the_keyboard(densities):
    """σ 0.80 -> 1.00 with four presses of → (step 0.05), at r = −1.5."""
    ui.press_on_slider(densities, SIGMA, "ArrowRight", 4)
    shown = ui.wait_readouts(densities, {"gaussian_nll": f"{gaussian_nll(-1.5, 1.0):.4f}"})
    assert ui.slider_value(densities, SIGMA) == "1.00"
    assert shown["laplace_nll"] == f"{laplace_nll(-1.5, 0.8):.4f}"   # b did not move
    ui.press_on_slider(densities, B, "ArrowLeft", 6)                   # b 0.80 -> 0.50
    ui.wait_readouts(densities, {"laplace_nll": f"{laplace_nll(-1.5, 0.5):.4f}"})
    kernel = ui.wait_kernel(densities)
    assert kernel["laplace_nll"] == pytest.approx(laplace_nll(-1.5, 0.5), rel=1e-12)
    assert kernel["gaussian_tail"] == pytest.approx(math.erfc(3 / math.sqrt(2)), rel=1e-12)


def _fit_check(shown, n_outliers, size):
    """The shown fits against independent ones: least squares by numpy.polyfit, least absolute
    deviations by a linear program (scipy), on the explorer's data."""
    from scipy.optimize import linprog

    from lossbook.data import toy1d
    from lossbook.widgets.ch06_regression_losses import OUTLIER_DATA
    x, y, _ = toy1d.make_line_data(n_outliers=n_outliers, outlier_size=size, **OUTLIER_DATA)
    slope, intercept = np.polyfit(x, y, 1)
    assert float(shown["l2_slope"]) == pytest.approx(slope, abs=5e-4)
    assert float(shown["l2_intercept"]) == pytest.approx(intercept, abs=5e-4)
    # min sum |y - a x - c|: variables (a, c, t_1..t_n), t_i >= |y_i - a x_i - c|
    n = x.size
    cost = np.r_[0.0, 0.0, np.ones(n) / n]
    a_ub = np.block([[-x[:, None], -np.ones((n, 1)), -np.eye(n)],
                     [x[:, None], np.ones((n, 1)), -np.eye(n)]])
    b_ub = np.r_[-y, y]
    lp = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=[(None, None)] * 2 + [(0, None)] * n)
    assert lp.success
    assert float(shown["l1_fit_l1_loss"]) == pytest.approx(lp.fun, abs=5e-4)


def lib_fits(n_outliers, size):
    from lossbook.widgets.ch06_regression_losses import compute_outliers
    r = compute_outliers(n_outliers, size)
    return {"l2_slope": f"{r.l2_params[0]:.3f}", "l2_intercept": f"{r.l2_params[1]:.3f}",
            "l1_slope": f"{r.l1_params[0]:.3f}", "l1_intercept": f"{r.l1_params[1]:.3f}",
            "l2_fit_l2_loss": f"{r.l2_fit_l2:.3f}", "l1_fit_l1_loss": f"{r.l1_fit_l1:.3f}"}


def test_outliers_with_the_keyboard(outliers):
    """A re-fitting explorer: 4 -> 0 outliers (four presses of ←), then 6 (six of →)."""
    ui.press_on_slider(outliers, N_OUT, "ArrowLeft", 4)
    shown = ui.wait_readouts(outliers, lib_fits(0, 8.0))
    assert ui.slider_value(outliers, N_OUT) == "0"
    _fit_check(shown, 0, 8.0)
    ui.press_on_slider(outliers, N_OUT, "ArrowRight", 6)
    shown = ui.wait_readouts(outliers, lib_fits(6, 8.0))
    assert ui.slider_value(outliers, N_OUT) == "6"
    _fit_check(shown, 6, 8.0)
    # outliers pull the L2 line far more than the L1 line
    assert abs(float(shown["l2_slope"]) - 0.5) > abs(float(shown["l1_slope"]) - 0.5)
    kernel = ui.wait_kernel(outliers)
    assert kernel["l1_slope"] == ui.values(outliers)["l1_slope"]  # the same exact L1 line


def test_outlier_size_typed(outliers):
    ui.type_into_slider(outliers, SIZE, "12.5")
    shown = ui.wait_readouts(outliers, lib_fits(6, 12.5))
    _fit_check(shown, 6, 12.5)
    assert ui.slider_value(outliers, SIZE) == "12.5"
    ui.wait_kernel(outliers)


def test_mixture_start_and_weight(mixture):
    shown = ui.readouts(mixture)
    assert [float(shown[k]) for k in ("nll_at_0", "nll_at_-1", "nll_at_2.2")] == \
        pytest.approx([2.2817, 1.1039, 1.5862], abs=5e-5)
    ui.press_on_slider(mixture, TAU1, "ArrowRight", 4)          # τ₁ 0.30 -> 0.50
    w, f, b = (0.5, 0.5), (-1.0, 2.0), (0.5, 1.5)
    shown = ui.wait_readouts(mixture, {"tau1": "0.50", "tau2": "0.50",
                                       "nll_at_0": f"{mixture_nll(0.0, w, f, b):.4f}"})
    assert float(shown["nll_at_2.2"]) == pytest.approx(mixture_nll(2.2, w, f, b), abs=5e-5)
    ui.type_into_slider(mixture, "location f₂", "3")
    f = (-1.0, 3.0)
    shown = ui.wait_readouts(mixture, {"nll_at_2.2": f"{mixture_nll(2.2, w, f, b):.4f}"})
    assert float(shown["nll_at_-1"]) == pytest.approx(mixture_nll(-1.0, w, f, b), abs=5e-5)
    kernel = ui.wait_kernel(mixture)
    assert kernel["nll_at_-1"] == pytest.approx(mixture_nll(-1.0, w, f, b), rel=1e-12)
    assert (kernel["tau1"], kernel["tau2"]) == (0.5, 0.5)


def test_page_had_no_errors(app_page):
    ui.assert_clean(app_page)
