"""Tests of the chapter-7 explorers: the temperature softmax and logistic regression by hand."""
from __future__ import annotations

import math

import numpy as np
import pytest

from lossbook import logistic
from lossbook.widgets import classification_explorers as CE


def softmax_by_hand(s, T):
    e = [math.exp(v / T) for v in s]
    return [v / sum(e) for v in e]


@pytest.mark.parametrize("T", [0.1, 0.5, 1.0, 3.0, 50.0])
def test_compute_temperature_against_hand(T):
    s = [3.2, 5.1, -1.7]
    res = CE.compute_temperature(s, T)
    p = softmax_by_hand(s, T)
    np.testing.assert_allclose(res.probs, p, rtol=1e-12)
    assert res.entropy == pytest.approx(-sum(q * math.log(q) for q in p if q > 0), rel=1e-9)
    assert res.tv_to_one_hot == pytest.approx(1 - max(p))
    np.testing.assert_array_equal(res.one_hot, [0, 1, 0])


def test_temperature_limits():
    s = [3.2, 5.1, -1.7]
    assert CE.compute_temperature(s, 0.01).max_prob > 1 - 1e-12
    np.testing.assert_allclose(CE.compute_temperature(s, 1e6).probs, [1 / 3] * 3, atol=1e-5)
    assert CE.compute_temperature(s, 1e6).entropy == pytest.approx(math.log(3), abs=1e-9)
    # lower temperature, closer to one-hot
    tvs = [CE.compute_temperature(s, T).tv_to_one_hot for T in (4.0, 2.0, 1.0, 0.5, 0.25)]
    assert all(a > b for a, b in zip(tvs, tvs[1:]))


def test_temperature_explorer_view():
    e = CE.TemperatureExplorer()
    assert e.readout.values["p_cat"] == "0.1300"      # the outline: 0.13 / 0.87 / 0.00
    assert e.readout.values["p_car"] == "0.8690"
    e.temperature.value = 0.1
    p = softmax_by_hand([3.2, 5.1, -1.7], e.temperature.value)
    assert e.readout.values["p_cat"] == f"{p[0]:.4f}"
    assert e.readout.values["max_prob"] == f"{max(p):.4f}"
    e.temperature.value = 1.0
    e.score_sliders[0].value = 6.0                  # cat now wins
    np.testing.assert_array_equal([b.get_height() for b in e._onehot], [1, 0, 0])
    p = softmax_by_hand([6.0, 5.1, -1.7], 1.0)
    assert e.readout.values["p_cat"] == f"{p[0]:.4f}"
    assert [s.description for s in e.score_sliders] == ["score cat", "score car", "score frog"]
    assert e.temperature.description == "temperature T"


def test_compute_logistic_against_hand():
    X, y = logistic.make_two_blobs(50, 3.0, 1.0, seed=0)
    res = CE.compute_logistic(1.2, -0.7, 0.4, X, y)
    z = X @ np.array([1.2, -0.7]) + 0.4
    p = 1 / (1 + np.exp(-z))
    assert res.loss == pytest.approx(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
    assert res.accuracy == pytest.approx(np.mean((p > 0.5) == y))
    np.testing.assert_allclose(res.dw, X.T @ (p - y) / y.size, rtol=1e-10)
    assert res.db == pytest.approx(np.mean(p - y))
    # the boundary's end points lie on w.x + b = 0
    np.testing.assert_allclose(1.2 * res.boundary_x - 0.7 * res.boundary_y + 0.4, 0, atol=1e-12)
    assert res.P.min() >= 0 and res.P.max() <= 1


def test_logistic_explorer_view():
    e = CE.LogisticExplorer()
    assert set(e.readout.values) == {"loss", "accuracy", "dw1", "dw2", "db"}
    loss0 = float(e.readout.values["loss"])
    # a gradient step in the direction the readout gives lowers the loss
    e.w1.value = 1.0 - 2.0 * float(e.readout.values["dw1"])
    assert float(e.readout.values["loss"]) < loss0
    e.w1.value, e.w2.value, e.b.value = 0.0, 0.0, 0.0
    assert e.readout.values["loss"] == f"{math.log(2):.4f}"
    assert np.all(np.isnan(e.result.boundary_x))
