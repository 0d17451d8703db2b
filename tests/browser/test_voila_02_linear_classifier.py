"""Chapter 2 as an app (Voilà): the linear-classifier explorer (W, b sliders, SVM/softmax switch,
gradient step) driven like a reader.  Losses and gradients are checked against formulas written
out here (a loop over the points; finite differences for the gradient) and against the lib."""
from __future__ import annotations

import math

import numpy as np
import pytest

import lossbook_browser as ui

NOTEBOOK = "chapters/02_linear_classifier.ipynb"
W00 = "W[0,0]  class 0 · x1"
REG = "λ reg. strength"
ETA = "η step size"
DEMO_W = np.array([[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]])
DEMO_B = np.array([0.0, 0.5, -0.5])


def demo_data():
    from lossbook.datasets import toy2d
    return toy2d.make_toy("demo")


def loss_by_hand(W, b, loss="svm", reg_strength=0.1):
    """(1/N) Σ L_i + λ ΣW², with L_i by a loop over the classes."""
    X, y = demo_data()
    per = []
    for x, yi in zip(X, y):
        s = [W[k] @ x + b[k] for k in range(3)]
        if loss == "svm":
            per.append(sum(max(0.0, s[j] - s[yi] + 1.0) for j in range(3) if j != yi))
        else:
            m = max(s)
            per.append(-(s[yi] - m - math.log(sum(math.exp(v - m) for v in s))))
    data = sum(per) / len(per)
    return data, reg_strength * float(np.sum(W * W))


def numeric_grad(W, b, loss, reg_strength, h=1e-5):
    gW = np.zeros_like(W)
    for k in range(3):
        for d in range(2):
            Wp, Wm = W.copy(), W.copy()
            Wp[k, d] += h
            Wm[k, d] -= h
            gW[k, d] = (sum(loss_by_hand(Wp, b, loss, reg_strength))
                        - sum(loss_by_hand(Wm, b, loss, reg_strength))) / (2 * h)
    return gW


def expected(W, b, loss="svm", reg_strength=0.1):
    data, reg = loss_by_hand(W, b, loss, reg_strength)
    return {"data_loss": f"{data:.3f}", "reg_loss": f"{reg:.3f}", "total_loss": f"{data + reg:.3f}"}


@pytest.fixture(scope="module")
def lin(app_page):
    return ui.explorer(app_page, W00)


def test_typing_the_demo_parameters(lin):
    """The chapter trains the explorer before the reader sees it; type the CS231n demo's W, b
    (and SVM, λ = 0.1) into the sliders, one by one, as a teacher would."""
    ui.choose(lin, "Data set", "9 points (separable)")
    ui.choose(lin, "Loss", "SVM (hinge)")
    ui.type_into_slider(lin, REG, "0.1")
    ui.type_into_slider(lin, ETA, "0.1")
    for k in range(3):
        for d in range(2):
            ui.type_into_slider(lin, f"W[{k},{d}]  class {k} · x{d + 1}", f"{DEMO_W[k, d]:g}")
        ui.type_into_slider(lin, f"b[{k}]  class {k} bias", f"{DEMO_B[k]:g}")
    shown = ui.wait_readouts(lin, expected(DEMO_W, DEMO_B) | {"loss": "SVM"})
    assert shown["reg_loss"] == "3.500"      # 0.1 · (1 + 4 + 4 + 16 + 9 + 1)
    g = numeric_grad(DEMO_W, DEMO_B, "svm", 0.1)
    shown_g = np.array([[float(shown[f"dW_{k}_{d}"]) for d in range(2)] for k in range(3)])
    np.testing.assert_allclose(shown_g, g, atol=6e-4)


def test_w_slider_with_the_keyboard(lin):
    """W[0,0] 1.00 -> 1.20 with twenty presses of → (step 0.01)."""
    ui.press_on_slider(lin, W00, "ArrowRight", 20)
    W = DEMO_W.copy()
    W[0, 0] = 1.2
    ui.wait_readouts(lin, expected(W, DEMO_B))
    assert ui.slider_value(lin, W00) == "1.20"


def test_softmax_and_its_gradient(lin):
    W = DEMO_W.copy()
    W[0, 0] = 1.2
    ui.choose(lin, "Loss", "Softmax (cross-entropy)")
    shown = ui.wait_readouts(lin, expected(W, DEMO_B, "softmax") | {"loss": "softmax"})
    g = numeric_grad(W, DEMO_B, "softmax", 0.1)
    shown_g = np.array([[float(shown[f"dW_{k}_{d}"]) for d in range(2)] for k in range(3)])
    np.testing.assert_allclose(shown_g, g, atol=6e-4)


def test_lambda_typed(lin):
    W = DEMO_W.copy()
    W[0, 0] = 1.2
    ui.type_into_slider(lin, REG, "0.5")
    ui.wait_readouts(lin, expected(W, DEMO_B, "softmax", 0.5))


def test_one_gradient_step(lin):
    """The button takes W ← W − η ∂L/∂W (η = 0.1): the loss goes down, to the lib's value.

    The new W is off the sliders' 0.01 grid; the browser's slider may snap it to the grid and send
    that back (ipywidgets' FloatSlider), so the page shows the loss of either W."""
    import time

    from lossbook.widgets.linear_explorer import compute, gradient_step
    X, y = demo_data()
    W = DEMO_W.copy()
    W[0, 0] = 1.2
    before = float(ui.readout(lin, "total_loss"))
    assert ui.slider_value(lin, ETA) == "0.10"
    lin.get_by_role("button", name="One gradient step").click()
    W1, b1 = gradient_step(W, DEMO_B, X, y, "softmax", 0.5, 0.1)
    candidates = {}
    for Wc, bc in ((W1, b1), (np.round(W1, 2), np.round(b1, 2))):
        total = compute(Wc, bc, X, y, "softmax", 0.5).total_loss
        assert total == pytest.approx(sum(loss_by_hand(Wc, bc, "softmax", 0.5)), abs=1e-9)
        candidates[f"{total:.3f}"] = total
    end = time.monotonic() + ui.UPDATE_TIMEOUT_MS / 1000
    while ui.readout(lin, "total_loss") not in candidates and time.monotonic() < end:
        time.sleep(0.05)
    shown = ui.readout(lin, "total_loss")
    assert shown in candidates, f"total loss {shown}, expected one of {sorted(candidates)}"
    assert float(shown) < before
    assert [ui.slider_value(lin, f"W[{k},{d}]  class {k} · x{d + 1}")
            for k in range(3) for d in range(2)] == [f"{v:.2f}" for v in W1.ravel()]


def test_page_had_no_errors(app_page):
    ui.assert_clean(app_page)
