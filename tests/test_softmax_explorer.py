"""The softmax explorer (section 4)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import lossbook as lb
from lossbook.widgets import softmax_explorer as sx
from lossbook.worked_examples import load_cat_car_frog


def hand(scores, y, T=1.0):
    e = [math.exp(s / T) for s in scores]
    p = [v / sum(e) for v in e]
    return e, p, -math.log(p[y])


def test_worked_example_outline_numbers():
    scores, y, _ = load_cat_car_frog()
    results = [sx.compute(s, int(k)) for s, k in zip(scores, y)]
    np.testing.assert_allclose(np.round(results[0].probs, 2), [0.13, 0.87, 0.00])
    losses = [r.loss for r in results]
    assert [round(losses[0], 2), round(losses[1], 3), round(losses[2], 2)] == [2.04, 0.079, 6.16]
    np.testing.assert_allclose(losses, [hand(s.tolist(), int(k))[2] for s, k in zip(scores, y)],
                               rtol=1e-12)
    assert round(float(np.mean([r.loss for r in results])), 2) == 2.76
    # against the core, which computes the three at once
    np.testing.assert_allclose([r.loss for r in results],
                               lb.losses.cross_entropy(scores, y, reduction="none"))


def test_random_against_hand_formula(rng):
    for _ in range(30):
        c = int(rng.integers(2, 7))
        s = rng.normal(scale=3, size=c)
        y = int(rng.integers(c))
        T = float(rng.uniform(0.1, 5))
        r = sx.compute(s, y, T)
        e, p, loss = hand(s.tolist(), y, T)
        np.testing.assert_allclose(r.exps, e, rtol=1e-12)
        np.testing.assert_allclose(r.probs, p, rtol=1e-12)
        assert r.sum_exp == pytest.approx(sum(e), rel=1e-12)
        assert r.loss == pytest.approx(loss, rel=1e-10)
        assert r.probs.sum() == pytest.approx(1.0)


def test_large_scores_overflow_only_the_exponentials():
    r = sx.compute([1000.0, 999.0, 0.0], 0)
    assert np.isinf(r.exps[0]) and np.isinf(r.sum_exp)
    assert np.all(np.isfinite(r.probs))
    assert r.loss == pytest.approx(math.log1p(math.exp(-1.0) + math.exp(-1000.0)), rel=1e-12)


def test_temperature_limits():
    s = [3.2, 5.1, -1.7]
    cold = sx.compute(s, 1, 0.05)
    hot = sx.compute(s, 1, 1e6)
    np.testing.assert_allclose(cold.probs, [0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(hot.probs, [1 / 3] * 3, atol=1e-5)
    assert hot.loss == pytest.approx(math.log(3), abs=1e-5)


@pytest.mark.parametrize("args, err, match", [
    (([1.0], 0), ValueError, "at least two"),
    (([1.0, 2.0], 2), ValueError, r"\[0, 2\)"),
    (([1.0, 2.0], 1.0), TypeError, "integer"),
    (([1.0, 2.0], True), TypeError, "integer"),
    (([1.0, 2.0], 0, 0.0), ValueError, "temperature"),
    (([[1.0, 2.0]], 0), ValueError, "1-D"),
])
def test_bad_input(args, err, match):
    with pytest.raises(err, match=match):
        sx.compute(*args)


def values(e):
    return {k: float(v) for k, v in e.readout.values.items()}


def test_view_controls_and_readout():
    e = sx.SoftmaxExplorer()
    assert [s.description for s in e.score_sliders] == ["cat score", "car score", "frog score"]
    assert e.temperature_slider.description == "temperature T"
    assert e.class_dropdown.description == "correct class"
    v = values(e)
    assert set(v) == {"exp_0", "exp_1", "exp_2", "sum_exp", "prob_0", "prob_1", "prob_2",
                      "loss", "temperature"}
    assert (v["prob_0"], v["prob_1"], v["prob_2"]) == (0.13, 0.869, 0.001)
    assert v["loss"] == 2.0404

    e.score_sliders[0].value = 1.3
    e.score_sliders[1].value = 4.9
    e.score_sliders[2].value = 2.0
    e.class_dropdown.value = 1
    assert values(e)["loss"] == pytest.approx(hand([1.3, 4.9, 2.0], 1)[2], abs=5e-5)
    assert [b.get_height() for b in e.prob_bars] == pytest.approx(hand([1.3, 4.9, 2.0], 1)[1])

    e.temperature_slider.value = 2.0
    _, p, loss = hand([1.3, 4.9, 2.0], 1, 2.0)
    v = values(e)
    assert v["temperature"] == 2.0 and v["loss"] == pytest.approx(loss, abs=5e-5)
    assert [v[f"prob_{k}"] for k in range(3)] == pytest.approx(p, abs=5e-5)
    assert e.view.image.value[:4] == b"\x89PNG"
    assert "application/vnd.jupyter.widget-view+json" in e._repr_mimebundle_()


def test_equal_scores_give_log_c():
    e = sx.SoftmaxExplorer(scores=[0.0] * 10, y=3, class_names=[str(k) for k in range(10)])
    assert values(e)["loss"] == pytest.approx(math.log(10), abs=5e-5)


def test_explain_line():
    line = sx.explain(sx.compute([3.2, 5.1, -1.7], 0), ("cat", "car", "frog"), "cat image")
    assert line == ("cat image: e^(s) = (24.53, 164.02, 0.18), sum 188.74\n"
                    "    -> P = (0.13, 0.87, 0.00) -> loss -log P(cat) = -log 0.130 = 2.040")
    assert "e^(s/2)" in sx.explain(sx.compute([1.0, 2.0], 1, 2.0))
    with pytest.raises(ValueError, match="class names"):
        sx.explain(sx.compute([1.0, 2.0], 1), ("a",))
