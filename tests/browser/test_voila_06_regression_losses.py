"""Chapter 6 as an app (Voilà): the densities, outlier and mixture explorers driven like a reader.

Reference values (outline, section 6): Gaussian NLL with sigma = 0.8 at residuals 0.5 and -1.5 is
0.8911 and 2.4536; Laplace NLL with b = 0.8: 1.0950 and 2.3450.  The Laplace mixture with weights
(0.3, 0.7), locations (-1, 2), scales (0.5, 1.5) has NLL 2.2817, 1.1039, 1.5862 at y = 0, -1, 2.2.
"""
from __future__ import annotations

import math

import lossbook_browser as ui

NOTEBOOK = "chapters/06_regression_losses.ipynb"


def mixture_nll(y, w, f, b):
    """Independent of the lib: -log of the mixture density, by a loop."""
    return -math.log(sum(wm / (2 * bm) * math.exp(-abs(y - fm) / bm)
                         for wm, fm, bm in zip(w, f, b)))


def test_densities_reference_values(app_page):
    scope = ui.explorer(app_page, "residual r = y − f")
    ui.wait_readouts(scope, {"gaussian_nll": "0.8911", "laplace_nll": "1.0950"})
    ui.type_into_slider(scope, "residual r = y − f", "-1.5")
    ui.wait_readouts(scope, {"gaussian_nll": "2.4536", "laplace_nll": "2.3450"})
    ui.type_into_slider(scope, "σ (Gaussian)", "2")
    nll = 0.5 * math.log(2 * math.pi * 4.0) + 1.5 ** 2 / 8.0
    ui.wait_readouts(scope, {"gaussian_nll": f"{nll:.4f}", "laplace_nll": "2.3450"})


def test_outliers_move_the_l2_line_not_the_l1_line(app_page):
    from lossbook.widgets.regression_explorers import compute_outliers
    scope = ui.explorer(app_page, "number of outliers")
    before = ui.readouts(scope)
    ui.type_into_slider(scope, "outlier size", "15")
    res = compute_outliers(4, 15.0)
    shown = ui.wait_readouts(scope, {"l2_intercept": f"{res.l2_params[1]:.3f}"})
    assert shown["l1_slope"] == before["l1_slope"]
    assert shown["l1_intercept"] == before["l1_intercept"]
    assert float(shown["l2_intercept"]) > float(before["l2_intercept"])
    ui.type_into_slider(scope, "number of outliers", "10")
    res = compute_outliers(10, 15.0)
    ui.wait_readouts(scope, {"l2_slope": f"{res.l2_params[0]:.3f}",
                             "l1_fit_l1_loss": f"{res.l1_fit_l1:.3f}"})


def test_mixture(app_page):
    scope = ui.explorer(app_page, "location f₂")
    ui.wait_readouts(scope, {"nll_at_0": "2.2817", "nll_at_-1": "1.1039",
                             "nll_at_2.2": "1.5862"})
    ui.type_into_slider(scope, "location f₂", "4")
    expected = mixture_nll(2.2, (0.3, 0.7), (-1.0, 4.0), (0.5, 1.5))
    ui.wait_readouts(scope, {"nll_at_2.2": f"{expected:.4f}"})


def test_page_is_clean(app_page):
    ui.assert_clean(app_page)
