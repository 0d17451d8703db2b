"""SVM versus softmax (section 5): the notes' three score vectors and the live curves."""
from __future__ import annotations

import math

import numpy as np
import pytest

import lossbook as lb
from lossbook.widgets import svm_vs_softmax_explorer as vx


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


def values(e):
    return {k: float(v) for k, v in e.readout.values.items()}


def test_view():
    e = vx.SvmVsSoftmaxExplorer()
    assert e.example_dropdown.description == "other scores (example)"
    assert e.score_slider.description == "correct class score s₀"
    assert e.margin_slider.description == "margin Δ"
    v = values(e)
    assert set(v) == {"correct_score", "margin", "svm_loss", "softmax_loss", "prob_correct",
                      "svm_zero_from"}
    assert (v["svm_loss"], v["softmax_loss"], v["svm_zero_from"]) == (0.0, 0.5514, 10.0)

    e.score_slider.value = 8.0          # below 9 + 1: the SVM loss is 2 * (9 - 8 + 1) = 4
    v = values(e)
    assert v["svm_loss"] == 4.0 and v["softmax_loss"] == pytest.approx(
        hand_softmax([8, 9, 9]), abs=5e-4)
    assert e.svm_points[0].get_ydata()[0] == pytest.approx(4.0)

    e.margin_slider.value = 2.0
    assert values(e)["svm_loss"] == 6.0 and values(e)["svm_zero_from"] == 11.0

    e.example_dropdown.value = "[10, −2, 3]"
    e.score_slider.value = 10.0
    v = values(e)
    assert v["svm_loss"] == 0.0 and v["softmax_loss"] == pytest.approx(0.0009176, rel=1e-3)
    assert e.view.image.value[:4] == b"\x89PNG"
    assert "application/vnd.jupyter.widget-view+json" in e._repr_mimebundle_()
