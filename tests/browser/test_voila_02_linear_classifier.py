"""Chapter 2 as an app (Voilà): the linear-classifier explorer (W, b sliders, SVM/softmax switch,
gradient step) driven like a reader.  Losses and gradients are checked against formulas written
out here (a loop over the points; finite differences for the gradient) and against the lib; after
each move the kernel's Python readout must equal the page's (the Python side followed)."""
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
    from lossbook.data import toy2d
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


def shown_gradient(scope):
    v = ui.values(scope)
    return np.array([[v[f"dW_{k}_{d}"] for d in range(2)] for k in range(3)])


def sliders(scope):
    return [[float(ui.slider_value(scope, f"W[{k},{d}]  class {k} · x{d + 1}")) for d in range(2)]
            for k in range(3)], [float(ui.slider_value(scope, f"b[{k}]  class {k} bias"))
                                 for k in range(3)]


@pytest.fixture(scope="module")
def lin(app_page):
    return ui.explorer(app_page, W00)


def test_typing_the_demo_parameters(lin):
    """Type the CS231n demo's W, b (and SVM, λ = 0.1) into the sliders, one by one, as a teacher
    would."""
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
    np.testing.assert_allclose(shown_gradient(lin), numeric_grad(DEMO_W, DEMO_B, "svm", 0.1),
                               atol=1e-6)
    kernel = ui.wait_kernel(lin)
    assert kernel["total_loss"] == pytest.approx(sum(loss_by_hand(DEMO_W, DEMO_B)), abs=1e-12)


def test_w_slider_with_the_keyboard(lin):
    """W[0,0] 1.00 -> 1.20 with twenty presses of → (step 0.01)."""
    ui.press_on_slider(lin, W00, "ArrowRight", 20)
    W = DEMO_W.copy()
    W[0, 0] = 1.2
    ui.wait_readouts(lin, expected(W, DEMO_B))
    assert ui.slider_value(lin, W00) == "1.20"
    assert ui.wait_kernel(lin)["data_loss"] == pytest.approx(loss_by_hand(W, DEMO_B)[0],
                                                             abs=1e-12)


def test_softmax_and_its_gradient(lin):
    W = DEMO_W.copy()
    W[0, 0] = 1.2
    ui.choose(lin, "Loss", "Softmax (cross-entropy)")
    ui.wait_readouts(lin, expected(W, DEMO_B, "softmax") | {"loss": "softmax"})
    np.testing.assert_allclose(shown_gradient(lin), numeric_grad(W, DEMO_B, "softmax", 0.1),
                               atol=1e-6)
    assert ui.wait_kernel(lin)["loss"] == "softmax"


def test_lambda_typed(lin):
    W = DEMO_W.copy()
    W[0, 0] = 1.2
    ui.type_into_slider(lin, REG, "0.5")
    ui.wait_readouts(lin, expected(W, DEMO_B, "softmax", 0.5))
    assert ui.wait_kernel(lin)["reg_loss"] == pytest.approx(0.5 * np.sum(W * W), abs=1e-12)


def test_one_gradient_step(lin):
    """The button takes W ← W − η ∂L/∂W (η = 0.1) in the page and snaps W, b to the sliders'
    0.01 grid: exactly the lib's step, snapped; the loss goes down; the kernel follows."""
    from lossbook.widgets.ch02_linear_classifier import compute, gradient_step, snap
    X, y = demo_data()
    W = DEMO_W.copy()
    W[0, 0] = 1.2
    before = float(ui.readout(lin, "total_loss"))
    assert ui.slider_value(lin, ETA) == "0.10"
    ui.click(lin, "One gradient step")
    W1, b1 = gradient_step(W, DEMO_B, X, y, "softmax", 0.5, 0.1)
    W1, b1 = snap(W1), snap(b1)
    total = compute(W1, b1, X, y, "softmax", 0.5).total_loss
    assert total == pytest.approx(sum(loss_by_hand(W1, b1, "softmax", 0.5)), abs=1e-9)
    shown = ui.wait_readouts(lin, {"total_loss": f"{total:.3f}"})
    assert float(shown["total_loss"]) < before
    assert sliders(lin) == (W1.tolist(), b1.tolist())
    kernel = ui.wait_kernel(lin)
    assert kernel["total_loss"] == pytest.approx(total, rel=1e-12)


def test_ten_steps_and_randomize(lin):
    """Ten steps (one snap at the end) equal the lib's LinearExplorer.step(10) from the same
    state; Randomize draws W, b on the grid in [−3, 3]; the kernel follows both."""
    from lossbook.widgets.ch02_linear_classifier import LinearExplorer
    W, b = sliders(lin)
    py = LinearExplorer(dataset="demo", W=W, b=b, loss="softmax", reg_strength=0.5,
                        learning_rate=0.1).step(10)
    ui.click(lin, "10 steps")
    ui.wait_readouts(lin, {"total_loss": py.printed()["total_loss"]})
    assert sliders(lin) == (py.W, py.b)
    ui.wait_kernel(lin)
    ui.click(lin, "Randomize W, b")
    ui.wait_change(lin, "total_loss", py.printed()["total_loss"])
    W, b = sliders(lin)
    assert np.all(np.abs(W) <= 3) and np.all(np.abs(b) <= 3)
    kernel = ui.wait_kernel(lin)
    assert kernel["total_loss"] == pytest.approx(
        sum(loss_by_hand(np.array(W), np.array(b), "softmax", 0.5)), abs=1e-9)


def test_another_data_set(lin):
    """The rings: 30 points in the table, and not all of them right."""
    from lossbook.data import toy2d
    X, _ = toy2d.make_toy("rings")
    ui.choose(lin, "Data set", "rings (not separable)")
    ui.wait_readouts(lin, {"x1_29": f"{X[29, 0]:.2f}"})
    kernel = ui.wait_kernel(lin)
    assert len([k for k in kernel if k.startswith("L_")]) == 30
    assert kernel["accuracy"] < 1.0


def test_page_had_no_errors(app_page):
    ui.assert_clean(app_page)
