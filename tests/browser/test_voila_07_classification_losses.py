"""Chapter 7 as an app (Voilà): the logistic-regression and temperature explorers driven like a
reader; numbers checked against the lib and against formulas written out here, and the kernel's
Python readout checked against the page's after every move (``ui.wait_kernel``)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import lossbook_browser as ui

NOTEBOOK = "chapters/07_classification_losses.ipynb"
W1, W2, BIAS = "weight w₁", "weight w₂", "bias b"
TEMPERATURE = "temperature T"
SCORES = (3.2, 5.1, -1.7)
NAMES = ("cat", "car", "frog")


def softmax_t(scores, t):
    z = [s / t for s in scores]
    m = max(z)
    e = [math.exp(v - m) for v in z]
    return [v / sum(e) for v in e]


def bce_by_hand(w, b):
    """Mean binary cross-entropy and its gradient on the explorer's data, written out."""
    from lossbook.data import toy2d
    X, y = toy2d.make_two_blobs(50, distance=3.0, spread=1.0, seed=0)
    z = X @ np.asarray(w) + b
    loss = np.mean(np.logaddexp(0.0, z) - y * z)          # -[y log σ(z) + (1-y) log(1-σ(z))]
    p = 1.0 / (1.0 + np.exp(-z))
    return loss, X.T @ (p - y) / len(y), np.mean(p - y), np.mean((z > 0) == (y == 1))


@pytest.fixture(scope="module")
def logistic_ex(app_page):
    return ui.explorer(app_page, W1)


@pytest.fixture(scope="module")
def temperature_ex(app_page):
    return ui.explorer(app_page, TEMPERATURE)


def expect_logistic(w1, w2, b):
    loss, dw, db, acc = bce_by_hand((w1, w2), b)
    return {"loss": f"{loss:.4f}", "dw1": f"{dw[0]:+.4f}", "dw2": f"{dw[1]:+.4f}",
            "db": f"{db:+.4f}", "accuracy": f"{acc:.2f}"}


def test_logistic_start(logistic_ex):
    ui.wait_readouts(logistic_ex, expect_logistic(1.0, 0.0, 0.0))
    assert [ui.slider_value(logistic_ex, label) for label in (W1, W2, BIAS)] == ["1.0", "0.0", "0.0"]
    ui.wait_kernel(logistic_ex)


def test_logistic_sliders(logistic_ex):
    """w₁ 1.0 -> 0.5 by keyboard (five presses of ←); w₂ and b typed."""
    from lossbook.widgets.ch07_classification_losses import compute_logistic
    ui.press_on_slider(logistic_ex, W1, "ArrowLeft", 5)
    ui.wait_readouts(logistic_ex, expect_logistic(0.5, 0.0, 0.0))
    ui.type_into_slider(logistic_ex, W2, "1.5")
    ui.type_into_slider(logistic_ex, BIAS, "-0.5")
    shown = ui.wait_readouts(logistic_ex, expect_logistic(0.5, 1.5, -0.5))
    from lossbook.data import toy2d
    X, y = toy2d.make_two_blobs(50, distance=3.0, spread=1.0, seed=0)
    r = compute_logistic(0.5, 1.5, -0.5, X, y)
    assert float(shown["loss"]) == pytest.approx(r.loss, abs=5e-5)
    assert ui.values(logistic_ex)["loss"] == pytest.approx(bce_by_hand((0.5, 1.5), -0.5)[0],
                                                           rel=1e-12)
    kernel = ui.wait_kernel(logistic_ex)  # the Python side followed the sliders
    assert kernel["loss"] == pytest.approx(r.loss, rel=1e-12)
    assert kernel["dw2"] == pytest.approx(r.dw[1], rel=1e-12)


def expect_temperature(scores, t):
    p = softmax_t(scores, t)
    out = {f"p_{n}": f"{v:.4f}" for n, v in zip(NAMES, p)}
    out["max_prob"] = f"{max(p):.4f}"
    return out


def test_temperature_start(temperature_ex):
    shown = ui.wait_readouts(temperature_ex, expect_temperature(SCORES, 1.0))
    assert float(shown["p_car"]) == pytest.approx(0.87, abs=0.005)   # outline: 0.13 / 0.87 / 0.00
    assert ui.slider_value(temperature_ex, TEMPERATURE) == "1"
    assert [ui.slider_value(temperature_ex, f"score {n}") for n in NAMES] == ["3.2", "5.1", "-1.7"]
    ui.wait_kernel(temperature_ex)


def test_temperature_typed_towards_argmax(temperature_ex):
    """T -> 0.1: softmax(s/T) is almost the one-hot argmax (car)."""
    from lossbook.widgets.ch07_classification_losses import compute_temperature
    ui.type_into_slider(temperature_ex, TEMPERATURE, "0.1")
    shown = ui.wait_readouts(temperature_ex, expect_temperature(SCORES, 0.1))
    r = compute_temperature(SCORES, 0.1)
    assert float(shown["tv_to_one_hot"]) == pytest.approx(r.tv_to_one_hot, abs=5e-5)
    assert float(shown["p_car"]) > 0.999
    kernel = ui.wait_kernel(temperature_ex)
    assert kernel["p_cat"] == pytest.approx(softmax_t(SCORES, 0.1)[0], rel=1e-9)


def test_temperature_with_the_keyboard(temperature_ex):
    """The log slider: thirty presses of → from T = 0.1 raise log10 T by 0.3 (step 0.01)."""
    ui.press_on_slider(temperature_ex, TEMPERATURE, "ArrowRight", 30)
    t = 10 ** (-1 + 0.3)
    ui.wait_readouts(temperature_ex, expect_temperature(SCORES, t))
    assert float(ui.slider_value(temperature_ex, TEMPERATURE)) == pytest.approx(t, rel=1e-2)
    assert ui.wait_kernel(temperature_ex)["max_prob"] == pytest.approx(
        max(softmax_t(SCORES, t)), rel=1e-9)


def test_two_classes_softmax_is_sigmoid(temperature_ex):
    """Scores (1.7, 0, ...) at T = 1: P(cat) over cat and car is σ(1.7) = 0.8455 — with the frog
    pushed far down, softmax of the three is the two-class softmax."""
    ui.type_into_slider(temperature_ex, TEMPERATURE, "1")
    for name, v in zip(NAMES, ("1.7", "0", "-10")):
        ui.type_into_slider(temperature_ex, f"score {name}", v)
    shown = ui.wait_readouts(temperature_ex, expect_temperature((1.7, 0.0, -10.0), 1.0))
    p = [float(shown[f"p_{n}"]) for n in NAMES]
    assert p[0] / (p[0] + p[1]) == pytest.approx(1 / (1 + math.exp(-1.7)), abs=2e-4)
    full = ui.values(temperature_ex)
    assert full["p_cat"] / (full["p_cat"] + full["p_car"]) == pytest.approx(
        1 / (1 + math.exp(-1.7)), rel=1e-12)
    ui.wait_kernel(temperature_ex)


def test_extreme_temperature_stays_finite(temperature_ex):
    """T = 0.01 with a score gap of 20 (cat 10, car -10, frog 0): exp(-2000) underflows to 0 on
    both sides; the readout is the one-hot argmax, finite, and the kernel agrees."""
    for name, v in zip(NAMES, ("10", "-10", "0")):
        ui.type_into_slider(temperature_ex, f"score {name}", v)
    ui.type_into_slider(temperature_ex, TEMPERATURE, "0.01")
    ui.wait_readouts(temperature_ex, {"p_cat": "1.0000", "p_car": "0.0000", "p_frog": "0.0000",
                                      "entropy": "0.0000", "tv_to_one_hot": "0.0000"})
    assert ui.values(temperature_ex)["max_prob"] == 1.0
    ui.wait_kernel(temperature_ex)


def test_page_had_no_errors(app_page):
    ui.assert_clean(app_page)
