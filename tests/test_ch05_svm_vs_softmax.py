"""Chapter 5 (SVM versus softmax): the notes' three score vectors, the figure of both losses
against the score gap (lossbook.chapters.ch05_svm_vs_softmax) and the live curves
(lossbook.widgets.ch05_svm_vs_softmax)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from figure_checks import assert_legible

import lossbook as lb
from lossbook.chapters import ch05_svm_vs_softmax as chapter
from lossbook.widgets import ch05_svm_vs_softmax as vx


def hand_svm(s, margin=1.0):
    return sum(max(0.0, sj - s[0] + margin) for sj in s[1:])


def hand_softmax(s):
    return -math.log(math.exp(s[0]) / sum(math.exp(v) for v in s))


def test_the_notes_three_examples():
    svm, soft = [], []
    for others in vx.EXAMPLES.values():
        r = vx.compute(others, 10.0)
        svm.append(r.svm_loss)
        soft.append(r.softmax_loss)
    assert svm == [0.0, 0.0, 0.0]
    np.testing.assert_allclose(soft[:2], [hand_softmax([10, -2, 3]), hand_softmax([10, 9, 9])],
                               rtol=1e-12)
    assert round(soft[0], 5) == 0.00092 and round(soft[1], 3) == 0.551 and soft[2] < 1e-40
    assert round(float(np.mean(soft)), 3) == 0.184
    table = np.array([[10, -2, 3], [10, 9, 9], [10, -100, -100]], dtype=float)
    assert lb.losses.cross_entropy(table, np.zeros(3, dtype=int)) == pytest.approx(np.mean(soft))


def test_curves_against_hand_formulas(rng):
    grid = np.linspace(-5, 20, 26)
    for _ in range(10):
        others = rng.normal(scale=4, size=int(rng.integers(1, 4)))
        margin = float(rng.uniform(0, 3))
        s0 = float(rng.uniform(-5, 20))
        r = vx.compute(others, s0, margin, grid)
        for g, a, b in zip(grid, r.svm_curve, r.softmax_curve):
            s = [g, *others.tolist()]
            assert a == pytest.approx(hand_svm(s, margin), abs=1e-12)
            assert b == pytest.approx(hand_softmax(s), rel=1e-9, abs=1e-12)
        assert r.svm_loss == pytest.approx(hand_svm([s0, *others], margin), abs=1e-12)
        assert r.svm_zero_from == pytest.approx(max(others) + margin)
        assert r.prob_correct == pytest.approx(math.exp(-hand_softmax([s0, *others])))
        # the SVM loss is exactly zero from svm_zero_from on, and positive just before
        assert hand_svm([r.svm_zero_from, *others], margin) == pytest.approx(0.0, abs=1e-12)
        if margin > 0:
            assert hand_svm([r.svm_zero_from - 0.01, *others], margin) > 0


def test_softmax_never_zero_on_default_grid():
    r = vx.compute((9.0, 9.0), 10.0)
    assert np.all(r.softmax_curve > 0)
    assert np.all(np.diff(r.softmax_curve) < 0) and np.all(np.diff(r.svm_curve) <= 0)


def test_bad_input():
    with pytest.raises(ValueError, match="margin"):
        vx.compute((1.0,), 0.0, -1.0)
    with pytest.raises(TypeError, match="correct_score"):
        vx.compute((1.0,), "a")
    with pytest.raises(ValueError, match="example"):
        vx.SvmVsSoftmaxExplorer(example="[1, 2]")


# ------------------------------------------------------------------------------------------------
# the explorer (its Python face; the JavaScript face is checked against it in tests/browser)
# ------------------------------------------------------------------------------------------------
def test_explorer_controls_and_readout():
    e = vx.SvmVsSoftmaxExplorer()
    controls = {c["name"]: c for c in e._controls}
    assert list(controls) == ["example", "correct_score", "margin"]
    assert controls["example"]["label"] == "other scores (example)"
    assert controls["example"]["options"] == [[k, k] for k in vx.EXAMPLES]
    assert controls["correct_score"]["label"] == "correct class score s₀"
    assert (controls["correct_score"]["min"], controls["correct_score"]["max"],
            controls["correct_score"]["step"]) == (-5.0, 20.0, 0.1)
    assert controls["margin"]["label"] == "margin Δ"
    assert (controls["margin"]["min"], controls["margin"]["max"]) == (0.0, 5.0)
    assert e.data["examples"] == [[k, list(v)] for k, v in vx.EXAMPLES.items()]
    v = e.readout()
    assert set(v) == {"correct_score", "margin", "svm_loss", "softmax_loss", "prob_correct",
                      "svm_zero_from"}
    assert (v["correct_score"], v["margin"], v["svm_loss"], v["svm_zero_from"]) == (
        10.0, 1.0, 0.0, 10.0)
    assert v["softmax_loss"] == pytest.approx(hand_softmax([10, 9, 9]), rel=1e-12)
    assert round(v["softmax_loss"], 4) == 0.5514
    assert v["prob_correct"] == pytest.approx(math.exp(-hand_softmax([10, 9, 9])), rel=1e-12)
    assert e._kernel_readout == v
    assert repr(e) == "SvmVsSoftmaxExplorer(example='[10, 9, 9]', correct_score=10.0, margin=1.0)"


def test_controls_move_the_readout():
    e = vx.SvmVsSoftmaxExplorer()
    e.correct_score = 8.0          # below 9 + 1: the SVM loss is 2 * (9 - 8 + 1) = 4
    v = e.readout()
    assert v["svm_loss"] == 4.0
    assert v["softmax_loss"] == pytest.approx(hand_softmax([8, 9, 9]), rel=1e-12)

    e.margin = 2.0
    assert e.readout()["svm_loss"] == 6.0 and e.readout()["svm_zero_from"] == 11.0

    e.set(example="[10, −2, 3]", correct_score=10.0)
    v = e.readout()
    assert v["svm_loss"] == 0.0 and v["softmax_loss"] == pytest.approx(0.0009176, rel=1e-3)
    assert v["svm_zero_from"] == 5.0 and e._kernel_readout == v

    # the third example: a softmax loss of about 3.4e-48, kept by log1p (never rounded to 0)
    e.set(example="[10, −100, −100]", margin=1.0)
    v = e.readout()
    assert v["softmax_loss"] == pytest.approx(math.log1p(2 * math.exp(-110.0)), rel=1e-12)
    assert 3.3e-48 < v["softmax_loss"] < 3.4e-48
    assert v["prob_correct"] == 1.0 and v["svm_zero_from"] == -99.0


def test_bad_controls_are_refused_with_their_name():
    e = vx.SvmVsSoftmaxExplorer()
    with pytest.raises(Exception, match="margin"):
        e.margin = -1.0
    with pytest.raises(Exception, match="correct_score"):
        e.correct_score = 21.0
    with pytest.raises(Exception, match="example"):
        e.example = "[1, 2]"
    with pytest.raises(ValueError, match="unknown control"):
        e.set(temperature=2.0)
    with pytest.raises(ValueError, match="example"):
        vx.SvmVsSoftmaxExplorer(example="[1, 2]")
    with pytest.raises(Exception, match="margin"):
        vx.SvmVsSoftmaxExplorer(margin=-0.5)
    assert e.readout()["softmax_loss"] == pytest.approx(hand_softmax([10, 9, 9]), rel=1e-12)
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle[0]


# --- the chapter's figure ----------------------------------------------------------------------
def test_losses_against_gap_figure():
    fig = chapter.losses_against_gap_figure([(9.0, 9.0)], ["[10, 9, 9]"])
    ax = fig.axes[0]
    (g, svm), (_, soft) = ax.get_lines()[0].get_data(), ax.get_lines()[1].get_data()
    np.testing.assert_allclose(svm, 2 * np.maximum(0, 9 - g + 1), atol=1e-12)
    np.testing.assert_allclose(soft, np.log(1 + 2 * np.exp(9 - g)), rtol=1e-10)


def test_losses_against_gap_figure_is_legible():
    """The chapter's call: three panels, one per example of the notes."""
    fig = chapter.losses_against_gap_figure(list(vx.EXAMPLES.values()), list(vx.EXAMPLES))
    assert len(fig.axes) == 3
    assert_legible(fig)
