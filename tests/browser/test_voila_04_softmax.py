"""Chapter 4 as an app (Voilà): the softmax explorer driven like a reader, in Chromium.

The cat image of the worked example, scores (cat, car, frog) = (3.2, 5.1, -1.7), correct class cat:
probabilities 0.13 / 0.87 / 0.00 and loss 2.04 (outline, section 4); equal scores give log 3.
"""
from __future__ import annotations

import math

import pytest

import lossbook_browser as ui

NOTEBOOK = "chapters/04_softmax.ipynb"
TEMPERATURE = "temperature T"
SCORES = (3.2, 5.1, -1.7)


def softmax_by_hand(scores, y, temperature=1.0):
    """Independent of the lib: probabilities and -log P(y), with math.exp."""
    z = [s / temperature for s in scores]
    m = max(z)
    e = [math.exp(v - m) for v in z]
    p = [v / sum(e) for v in e]
    return p, -math.log(p[y])


def lib_readout(scores, y, temperature):
    from lossbook.widgets.ch04_softmax import compute
    r = compute(scores, y, temperature)
    out = {f"prob_{k}": f"{p:.4f}" for k, p in enumerate(r.probs)}
    out["loss"] = f"{r.loss:.4f}"
    out["temperature"] = f"{r.temperature:.2f}"
    return out


@pytest.fixture(scope="module")
def softmax(app_page):
    return ui.explorer(app_page, TEMPERATURE)


def test_starts_at_the_cat_image(softmax):
    shown = ui.wait_readouts(softmax, lib_readout(SCORES, 0, 1.0))
    probs = [float(shown[f"prob_{k}"]) for k in range(3)]
    assert probs == pytest.approx([0.13, 0.87, 0.00], abs=0.005)
    assert float(shown["loss"]) == pytest.approx(2.04, abs=0.005)


def test_temperature_with_the_keyboard(softmax):
    """Focus the temperature slider and press → twenty times (step 0.05): T 1.00 -> 2.00."""
    ui.press_on_slider(softmax, TEMPERATURE, "ArrowRight", 20)
    shown = ui.wait_readouts(softmax, lib_readout(SCORES, 0, 2.0))
    p, loss = softmax_by_hand(SCORES, 0, 2.0)
    assert ui.slider_value(softmax, TEMPERATURE) == "2.00"
    assert float(shown["loss"]) == pytest.approx(loss, abs=5e-5)
    assert float(shown["prob_1"]) == pytest.approx(p[1], abs=5e-5)
    kernel = ui.wait_kernel(softmax)  # the Python side followed the slider
    assert kernel["temperature"] == 2.0
    assert kernel["loss"] == pytest.approx(loss, rel=1e-12)


def test_temperature_typed_into_the_slider(softmax):
    ui.type_into_slider(softmax, TEMPERATURE, "0.5")
    shown = ui.wait_readouts(softmax, lib_readout(SCORES, 0, 0.5))
    assert float(shown["loss"]) == pytest.approx(softmax_by_hand(SCORES, 0, 0.5)[1], abs=5e-5)
    ui.type_into_slider(softmax, TEMPERATURE, "1")
    ui.wait_readouts(softmax, lib_readout(SCORES, 0, 1.0))
    assert ui.wait_kernel(softmax)["temperature"] == 1.0


def test_correct_class_dropdown(softmax):
    ui.choose(softmax, "correct class", "car")
    shown = ui.wait_readouts(softmax, lib_readout(SCORES, 1, 1.0))
    assert float(shown["loss"]) == pytest.approx(softmax_by_hand(SCORES, 1)[1], abs=5e-5)
    assert ui.wait_kernel(softmax)["loss"] == pytest.approx(softmax_by_hand(SCORES, 1)[1],
                                                            rel=1e-12)
    ui.choose(softmax, "correct class", "cat")
    ui.wait_readouts(softmax, lib_readout(SCORES, 0, 1.0))
    ui.wait_kernel(softmax)


def test_equal_scores_give_log_c(softmax):
    """The sanity check of the chapter: all scores equal -> loss log C = log 3."""
    for name in ("cat", "car", "frog"):
        ui.type_into_slider(softmax, f"{name} score", "0")
    shown = ui.wait_readouts(softmax, lib_readout((0.0, 0.0, 0.0), 0, 1.0))
    assert float(shown["loss"]) == pytest.approx(math.log(3), abs=5e-5)
    assert [float(shown[f"prob_{k}"]) for k in range(3)] == pytest.approx([1 / 3] * 3, abs=5e-5)
    kernel = ui.wait_kernel(softmax)
    assert kernel["loss"] == pytest.approx(math.log(3), rel=1e-12)
    assert ui.values(softmax)["loss"] == pytest.approx(math.log(3), rel=1e-12)


def test_page_had_no_errors(app_page):
    ui.assert_clean(app_page)
