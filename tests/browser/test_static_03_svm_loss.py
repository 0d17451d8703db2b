"""Chapter 3 in the built book, with no kernel: the SVM explorer's JavaScript face computes the
same numbers as the library's Python compute, over random states set as a reader sets them."""
from __future__ import annotations

import numpy as np
import pytest

import lossbook_browser as ui
from lossbook.widgets.ch03_svm_loss import SvmExplorer

PAGE = "chapters/03_svm_loss"
IMAGES = ("cat image", "car image", "frog image")
CLASSES = ("cat", "car", "frog")


@pytest.fixture(scope="module")
def svm(book_page):
    return ui.explorer(book_page, "margin Δ")


def test_saved_state_is_the_worked_example(svm):
    python = SvmExplorer().readout()
    assert not ui.agree(ui.values(svm), python)
    assert ui.readouts(svm)["total"] == "5.27"


def test_random_states_agree_with_python(svm):
    rng = np.random.default_rng(3)
    reference = SvmExplorer()
    for _ in range(8):
        scores = np.round(rng.uniform(-6, 6, (3, 3)), 1)
        margin = float(np.round(rng.uniform(0, 5), 1))
        squared = bool(rng.integers(2))
        for i, image in enumerate(IMAGES):
            for j, name in enumerate(CLASSES):
                ui.type_into_text(svm, f"{image}: {name} score", f"{scores[i, j]:g}")
        ui.type_into_slider(svm, "margin Δ", f"{margin:g}")
        ui.tick(svm, "squared hinge", squared)
        expected = reference.set(scores=scores.tolist(), margin=margin,
                                 squared=squared).readout()
        shown = ui.values(svm)
        assert not ui.agree(shown, expected), ui.agree(shown, expected)
        # the printed texts are the library's numbers at the printed precision
        texts = ui.readouts(svm)
        assert texts["total"] == f"{expected['total']:.2f}" or abs(
            float(texts["total"]) - expected["total"]) <= 0.005 + 1e-12


def test_keyboard_and_reset(svm):
    ui.type_into_slider(svm, "margin Δ", "1")
    ui.click(svm, "reset to the worked example")
    ui.wait_readouts(svm, {"total": "5.27", "margin": "1.00"})
    ui.press_on_slider(svm, "margin Δ", "ArrowRight", 10)  # 1.0 -> 2.0 in steps of 0.1
    ui.wait_readouts(svm, {"margin": "2.00", "loss_0": "3.90", "loss_1": "0.00",
                           "loss_2": "14.90"})
    assert ui.slider_value(svm, "margin Δ") == "2.0"
    # a typed value outside the slider's range is clamped to it, as the Python trait requires
    ui.type_into_slider(svm, "margin Δ", "9")
    ui.wait_readouts(svm, {"margin": "5.00"})
    ui.click(svm, "reset to the worked example")
    ui.wait_readouts(svm, {"total": "5.27"})
