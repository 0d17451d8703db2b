"""Chapter 6 in the static book (no kernel): the three regression explorers computed and drawn by
their JavaScript faces, driven like a reader, checked against the Python explorers.

For each explorer and ~10 seeded random control states, every control is moved with the
keyboard (arrow keys, Home/End) or by typing into its number box; the page's full-precision
readout (``data-value``) must equal a fresh Python explorer's ``readout()`` at the same control
values (rtol 1e-9), and the drawing must change.  The page must also fit a 390-px phone, and
update well within a frame.
"""
from __future__ import annotations

import math
import time

import numpy as np
import pytest

import lossbook_browser as ui

from lossbook.widgets.ch06_regression_losses import (DensitiesExplorer, MixtureExplorer,
                                                     OutlierExplorer)

PAGE = "chapters/06_regression_losses"

# each explorer: its class, the notebook's arguments, a label that finds it, and its controls
# as (name, label, min, max, step, decimals shown in the number box)
EXPLORERS = {
    "densities": (DensitiesExplorer, dict(sigma=0.8, b=0.8, residual=0.5), "σ (Gaussian)", [
        ("sigma", "σ (Gaussian)", 0.2, 3.0, 0.05, 2),
        ("b", "b (Laplace)", 0.2, 3.0, 0.05, 2),
        ("residual", "residual r = y − f", -5.0, 5.0, 0.1, 1)]),
    "outliers": (OutlierExplorer, dict(n_outliers=4, outlier_size=8.0), "number of outliers", [
        ("n_outliers", "number of outliers", 0, 15, 1, 0),
        ("outlier_size", "outlier size", 0.0, 15.0, 0.5, 1)]),
    "mixture": (MixtureExplorer, dict(weight1=0.3, loc1=-1.0, loc2=2.0, scale1=0.5, scale2=1.5),
                "weight τ₁ (τ₂ = 1 − τ₁)", [
        ("weight1", "weight τ₁ (τ₂ = 1 − τ₁)", 0.0, 1.0, 0.05, 2),
        ("loc1", "location f₁", -4.0, 6.0, 0.1, 1),
        ("loc2", "location f₂", -4.0, 6.0, 0.1, 1),
        ("scale1", "scale b₁", 0.1, 3.0, 0.05, 2),
        ("scale2", "scale b₂", 0.1, 3.0, 0.05, 2)]),
}
STATES = 10


@pytest.fixture(scope="module")
def page(book_page):
    return book_page


def python_readout(name, params):
    cls, args, _, _ = EXPLORERS[name]
    return cls(**args).set(**params).readout()


def shown_params(scope, name):
    """The control values the page shows (its number boxes), as the Python traits take them."""
    out = {}
    for trait, label, *_, digits in EXPLORERS[name][3]:
        text = ui.slider_value(scope, label)
        out[trait] = int(text) if digits == 0 else float(text)
    return out


def drawing(scope) -> str:
    """Everything drawn: the SVG of every panel (paths, marks, axes)."""
    return scope.locator("svg.lb-panel").evaluate_all(
        "els => els.map(e => e.innerHTML).join('\\n')")


def wait_agree(scope, name, params, timeout_s=5.0):
    cls = EXPLORERS[name][0]
    expected = python_readout(name, params)
    deadline = time.monotonic() + timeout_s
    while True:
        bad = ui.agree(ui.values(scope), expected, tolerances=getattr(cls, "tolerances", None))
        if not bad or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not bad, f"{name} at {params}: page and Python disagree:\n  " + "\n  ".join(bad)
    return expected


def move(scope, label, current, target, lo, step, how):
    """Bring a slider from ``current`` to ``target`` by keys or by typing."""
    k_from_here = round((target - current) / step)
    k_from_min = round((target - lo) / step)
    if how == "keys" and abs(k_from_here) <= 25:
        if k_from_here:
            ui.press_on_slider(scope, label, "ArrowRight" if k_from_here > 0 else "ArrowLeft",
                               abs(k_from_here))
    elif how == "home" and k_from_min <= 25:
        ui.press_on_slider(scope, label, "Home")
        if k_from_min:
            ui.press_on_slider(scope, label, "ArrowRight", k_from_min)
    else:
        ui.type_into_slider(scope, label, f"{target:g}")


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_starts_as_the_notebook(page, name):
    cls, args, label, _ = EXPLORERS[name]
    scope = ui.explorer(page, label)
    assert shown_params(scope, name) == args
    assert not ui.agree(ui.values(scope), cls(**args).readout())


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_random_states_agree_with_python(page, name):
    cls, args, label, controls = EXPLORERS[name]
    scope = ui.explorer(page, label)
    rng = np.random.default_rng(606 + len(name))
    current = dict(args)
    for state in range(STATES):
        before = drawing(scope)
        target = {}
        for trait, ctl_label, lo, hi, step, digits in controls:
            k = int(rng.integers(0, round((hi - lo) / step) + 1))
            value = lo + k * step
            value = int(value) if digits == 0 else round(value, digits)
            how = ("keys", "home", "type")[int(rng.integers(0, 3))]
            move(scope, ctl_label, current[trait], value, lo, step, how)
            target[trait] = value
        shown = shown_params(scope, name)
        assert shown == pytest.approx(target, abs=1e-12), f"state {state}: controls show {shown}"
        wait_agree(scope, name, shown)
        if shown != current:
            assert drawing(scope) != before, f"{name}: the figure did not change at {shown}"
        current = shown


def test_densities_reference_values_and_the_text(page):
    scope = ui.explorer(page, "σ (Gaussian)")
    ui.type_into_slider(scope, "σ (Gaussian)", "0.8")
    ui.type_into_slider(scope, "b (Laplace)", "0.8")
    ui.type_into_slider(scope, "residual r = y − f", "-1.5")
    shown = ui.wait_readouts(scope, {"gaussian_nll": "2.4536", "laplace_nll": "2.3450"})
    py = python_readout("densities", dict(sigma=0.8, b=0.8, residual=-1.5))
    assert shown["gaussian_tail"] == f"{py['gaussian_tail']:.3g}" == "0.000177"
    assert shown["laplace_pdf"] == f"{py['laplace_pdf']:.4f}"
    # the Gaussian tail through the page's erfc, at the smallest σ (erfc(10.6) ≈ 1e-50)
    ui.press_on_slider(scope, "σ (Gaussian)", "Home")
    ui.wait_readouts(scope, {"gaussian_tail": f"{math.erfc(3 / (0.2 * math.sqrt(2))):.3g}"})
    assert ui.values(scope)["gaussian_tail"] == pytest.approx(
        math.erfc(3 / (0.2 * math.sqrt(2))), rel=1e-13)
    desc = scope.locator("svg.lb-panel desc").all_text_contents()
    assert len(desc) == 2 and all("r = -1.5" in d for d in desc)


def test_outliers_typed_out_of_range_and_the_exact_l1_line(page):
    """A typed value beyond the slider goes to its end; the L1 line is Python's, to the bit."""
    scope = ui.explorer(page, "number of outliers")
    ui.type_into_slider(scope, "number of outliers", "99")
    ui.type_into_slider(scope, "outlier size", "-3")
    assert shown_params(scope, "outliers") == {"n_outliers": 15, "outlier_size": 0.0}
    py = wait_agree(scope, "outliers", {"n_outliers": 15, "outlier_size": 0.0})
    for size in ("15", "7.5"):
        ui.type_into_slider(scope, "outlier size", size)
        py = wait_agree(scope, "outliers", {"n_outliers": 15, "outlier_size": float(size)})
        page_values = ui.values(scope)
        assert (page_values["l1_slope"], page_values["l1_intercept"]) == (
            py["l1_slope"], py["l1_intercept"])
    n_marked = scope.locator('circle[data-outlier="1"]').count()
    assert n_marked == 15
    ui.type_into_slider(scope, "number of outliers", "4")
    ui.type_into_slider(scope, "outlier size", "8")
    ui.wait_readouts(scope, {"l2_slope": "0.569", "l1_slope": "0.520", "l1_intercept": "0.977"})
    assert "true line: slope 0.5, intercept 1" in scope.locator(".lb-note").inner_text()


def test_mixture_weight_ends(page):
    """τ₁ = 0 and τ₁ = 1 leave one component (log 0 = −∞ inside the log-sum-exp)."""
    scope = ui.explorer(page, "weight τ₁ (τ₂ = 1 − τ₁)")
    for key, expected in (("Home", 0.0), ("End", 1.0)):
        ui.press_on_slider(scope, "weight τ₁ (τ₂ = 1 − τ₁)", key)
        params = shown_params(scope, "mixture")
        assert params["weight1"] == expected
        wait_agree(scope, "mixture", params)
        assert all(math.isfinite(v) for v in ui.values(scope).values())


def test_fits_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.wait_for_timeout(300)
        widths = page.locator(".lb-explorer").evaluate_all(
            "els => els.map(e => [e.scrollWidth, e.clientWidth])")
        assert len(widths) == 3
        for scroll, client in widths:
            assert scroll <= client + 1, f"the explorer overflows a phone: {widths}"
        # still live on the phone
        scope = ui.explorer(page, "location f₁")
        ui.type_into_slider(scope, "location f₁", "0.5")
        wait_agree(scope, "mixture", shown_params(scope, "mixture"))
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_page_had_no_errors(page):
    ui.assert_clean(page)
