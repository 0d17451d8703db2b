"""Chapter 5 as an app (Voilà): the SVM-versus-softmax explorer driven like a reader.

Correct class 0, scores [10, -2, 3], [10, 9, 9], [10, -100, -100]: SVM losses 0, 0, 0; softmax losses
0.00092, 0.551, ~0 (outline, section 5).
"""
from __future__ import annotations

import math

import pytest

import lossbook_browser as ui

NOTEBOOK = "chapters/05_svm_vs_softmax.ipynb"
SCORE = "correct class score s₀"
MARGIN = "margin Δ"
EXAMPLE = "other scores (example)"


def by_hand(scores, margin):
    """Independent of the lib: SVM and softmax losses of one image, class 0 correct."""
    svm = sum(max(0.0, s - scores[0] + margin) for s in scores[1:])
    m = max(scores)
    softmax = -(scores[0] - m - math.log(sum(math.exp(s - m) for s in scores)))
    return svm, softmax


def lib_readout(others, s0, margin):
    from lossbook.widgets.ch05_svm_vs_softmax import compute
    r = compute(others, s0, margin)
    return {"svm_loss": f"{r.svm_loss:.4f}", "softmax_loss": f"{r.softmax_loss:.4g}",
            "prob_correct": f"{r.prob_correct:.4f}", "svm_zero_from": f"{r.svm_zero_from:.2f}"}


@pytest.fixture(scope="module")
def explorer(app_page):
    return ui.explorer(app_page, SCORE)


def test_starts_at_10_9_9(explorer):
    shown = ui.wait_readouts(explorer, lib_readout((9.0, 9.0), 10.0, 1.0))
    assert float(shown["svm_loss"]) == 0.0
    assert float(shown["softmax_loss"]) == pytest.approx(0.551, abs=5e-4)


def test_the_other_examples(explorer):
    ui.choose(explorer, EXAMPLE, "[10, −2, 3]")
    shown = ui.wait_readouts(explorer, lib_readout((-2.0, 3.0), 10.0, 1.0))
    assert float(shown["svm_loss"]) == 0.0
    assert float(shown["softmax_loss"]) == pytest.approx(by_hand((10, -2, 3), 1)[1], rel=1e-3)
    assert float(shown["softmax_loss"]) == pytest.approx(0.00092, abs=5e-6)
    ui.choose(explorer, EXAMPLE, "[10, −100, −100]")
    shown = ui.wait_readouts(explorer, lib_readout((-100.0, -100.0), 10.0, 1.0))
    assert float(shown["svm_loss"]) == 0.0 and float(shown["softmax_loss"]) < 1e-40
    kernel = ui.wait_kernel(explorer)   # the kernel keeps the 3.4e-48 as well
    assert kernel["softmax_loss"] == pytest.approx(math.log1p(2 * math.exp(-110.0)), rel=1e-12)
    assert ui.values(explorer)["softmax_loss"] == pytest.approx(kernel["softmax_loss"], rel=1e-9)
    ui.choose(explorer, EXAMPLE, "[10, 9, 9]")
    ui.wait_readouts(explorer, lib_readout((9.0, 9.0), 10.0, 1.0))
    ui.wait_kernel(explorer)


def test_correct_score_with_the_keyboard(explorer):
    """s₀ 10.0 -> 9.0 with ten presses of ←: all scores equal, SVM 2Δ = 2, softmax log 3."""
    ui.press_on_slider(explorer, SCORE, "ArrowLeft", 10)
    shown = ui.wait_readouts(explorer, {"correct_score": "9.00"}
                             | lib_readout((9.0, 9.0), 9.0, 1.0))
    svm, softmax = by_hand((9.0, 9.0, 9.0), 1.0)
    assert float(shown["svm_loss"]) == pytest.approx(svm) == 2.0
    assert float(shown["softmax_loss"]) == pytest.approx(softmax, abs=5e-4)
    kernel = ui.wait_kernel(explorer)
    assert kernel["correct_score"] == 9.0 and kernel["svm_loss"] == 2.0


def test_margin_typed_into_the_slider(explorer):
    ui.type_into_slider(explorer, MARGIN, "0")
    shown = ui.wait_readouts(explorer, {"margin": "0.00"} | lib_readout((9.0, 9.0), 9.0, 0.0))
    assert float(shown["svm_loss"]) == 0.0        # s_j - s_0 + 0 = 0 for both wrong classes
    ui.type_into_slider(explorer, MARGIN, "2.5")
    shown = ui.wait_readouts(explorer, lib_readout((9.0, 9.0), 9.0, 2.5))
    assert float(shown["svm_loss"]) == pytest.approx(by_hand((9.0, 9.0, 9.0), 2.5)[0]) == 5.0
    assert float(shown["svm_zero_from"]) == 11.5
    kernel = ui.wait_kernel(explorer)
    assert (kernel["margin"], kernel["svm_loss"], kernel["svm_zero_from"]) == (2.5, 5.0, 11.5)


def test_page_had_no_errors(app_page):
    ui.assert_clean(app_page)
