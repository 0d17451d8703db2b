"""Chapter 3 as an app (Voilà): the SVM explorer driven like a reader, in Chromium.

Worked example (rows: images; columns: class scores cat, car, frog):
cat image (3.2, 5.1, -1.7), car image (1.3, 4.9, 2.0), frog image (2.2, 2.5, -3.1).
Losses from the outline: margin 1 -> 2.9, 0, 12.9 (L = 5.27); margin 2 -> 3.9, 0, 14.9;
margin 0.5 -> 2.4, 0, 11.9; squared hinge -> 8.41, 0, 83.25.
"""
from __future__ import annotations

import numpy as np
import pytest

import lossbook_browser as ui

NOTEBOOK = "chapters/03_svm_loss.ipynb"
MARGIN = "margin Δ"

SCORES = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
Y = np.array([0, 1, 2])


def hinge_losses(scores, y, margin, squared=False):
    """Independent of the lib: the hinge loss of each row, by a loop."""
    out = []
    for s, yi in zip(scores, y):
        terms = [max(0.0, s[j] - s[yi] + margin) for j in range(len(s)) if j != yi]
        out.append(sum(t * t if squared else t for t in terms))
    return out


def shown_losses(scope):
    return [float(ui.readout(scope, f"loss_{i}")) for i in range(3)]


def lib_readout(scores, margin, squared=False):
    """The lib's numbers, formatted as the explorer formats them."""
    from lossbook.widgets.ch03_svm_loss import compute
    r = compute(scores, Y, margin, squared)
    return {"loss_0": f"{r.losses[0]:.2f}", "loss_1": f"{r.losses[1]:.2f}",
            "loss_2": f"{r.losses[2]:.2f}", "total": f"{r.total:.2f}"}


@pytest.fixture(scope="module")
def svm(app_page):
    return ui.explorer(app_page, MARGIN)


def test_starts_at_the_worked_example(svm):
    assert ui.readouts(svm)["total"] == "5.27"
    assert shown_losses(svm) == pytest.approx([2.9, 0.0, 12.9], abs=1e-9)
    assert ui.slider_value(svm, MARGIN) == "1.0"


def test_margin_2_with_the_keyboard(svm):
    """Focus the margin slider and press → ten times (step 0.1): 1.0 -> 2.0."""
    ui.press_on_slider(svm, MARGIN, "ArrowRight", 10)
    shown = ui.wait_readouts(svm, {"margin": "2.00"} | lib_readout(SCORES, 2.0))
    assert ui.slider_value(svm, MARGIN) == "2.0"
    assert shown_losses(svm) == pytest.approx([3.9, 0.0, 14.9], abs=1e-9)
    assert shown_losses(svm) == pytest.approx(hinge_losses(SCORES, Y, 2.0), abs=0.005)
    kernel = ui.wait_kernel(svm)  # the Python side followed the slider
    assert kernel["total"] == pytest.approx((3.9 + 0 + 14.9) / 3, abs=1e-12)
    assert float(shown["total"]) == pytest.approx((3.9 + 0 + 14.9) / 3, abs=0.005)


def test_margin_typed_into_the_slider(svm):
    ui.type_into_slider(svm, MARGIN, "0.5")
    ui.wait_readouts(svm, {"margin": "0.50"} | lib_readout(SCORES, 0.5))
    assert shown_losses(svm) == pytest.approx([2.4, 0.0, 11.9], abs=1e-9)


def test_squared_hinge(svm):
    ui.type_into_slider(svm, MARGIN, "1")
    ui.wait_readouts(svm, {"margin": "1.00"})
    ui.tick(svm, "squared hinge")
    ui.wait_readouts(svm, lib_readout(SCORES, 1.0, squared=True))
    assert shown_losses(svm) == pytest.approx([8.41, 0.0, 83.25], abs=0.005)
    assert shown_losses(svm) == pytest.approx(hinge_losses(SCORES, Y, 1.0, True), abs=0.005)
    ui.tick(svm, "squared hinge", False)
    ui.wait_readouts(svm, {"total": "5.27"})


def test_editing_a_score(svm):
    """Q1 of the chapter: the car image's loss stays 0 while its scores change a little; it
    becomes positive once a wrong class comes within the margin."""
    ui.type_into_text(svm, "car image: car score", "4.5")
    ui.wait_readouts(svm, {"loss_1": "0.00"})
    ui.type_into_text(svm, "car image: cat score", "4.0")
    scores = SCORES.copy()
    scores[1, 1], scores[1, 0] = 4.5, 4.0
    shown = ui.wait_readouts(svm, lib_readout(scores, 1.0))
    assert float(shown["loss_1"]) == pytest.approx(hinge_losses(scores, Y, 1.0)[1], abs=0.005)
    assert float(shown["loss_1"]) == pytest.approx(0.5, abs=1e-9)   # max(0, 4.0 - 4.5 + 1)
    assert ui.wait_kernel(svm)["loss_1"] == pytest.approx(0.5, abs=1e-12)


def test_reset_button(svm):
    svm.get_by_role("button", name="reset to the worked example").click()
    ui.wait_readouts(svm, {"total": "5.27", "margin": "1.00", "loss_1": "0.00"})
    assert ui.wait_kernel(svm)["total"] == pytest.approx(15.8 / 3, abs=1e-12)


def test_a_question_with_a_kernel(app_page):
    """Under Voilà the page's answer reaches the kernel: Question.check's verdict comes back as
    the kernel's readout, the same as the page's (the frog's loss with Δ = 2, by hand)."""
    import json

    frog = hinge_losses(SCORES[2:], Y[2:], 2.0)[0]
    scope = app_page.locator(".lb-question").first
    assert "frog image's loss" in scope.inner_text()
    box = scope.get_by_label("Your answer", exact=True)
    for typed, status in ((f"{frog:g}", "right"), ("12.9", "hint"), ("3", "wrong")):
        box.fill(typed)
        box.press("Enter")
        region = scope.locator('[aria-live="polite"]')
        assert region.get_attribute("data-status") == status
        app_page.wait_for_function(
            "([e, s]) => JSON.parse(e.dataset.kernelReadout || '{}').status === s",
            arg=[scope.element_handle(), status], timeout=30_000)
        kernel = json.loads(scope.get_attribute("data-kernel-readout"))
        assert kernel["message"] == region.inner_text().strip()


def test_page_had_no_errors(app_page):
    ui.assert_clean(app_page)
