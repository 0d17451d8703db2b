"""Chapter 7 (classification losses from likelihoods): the naive BCE formula, the probability map
and the training figure of lossbook.chapters.ch07_classification_losses, and the chapter's
explorers (lossbook.widgets.ch07_classification_losses): the temperature softmax and logistic
regression by hand.

The pure steps (:func:`compute_temperature`, :func:`compute_logistic`) are checked against
formulas written out here; the explorers (their Python face) for their controls, labels, readout
keys and values, ``set``, and refusals that name the control.  The JavaScript faces are checked
against the Python ones in ``tests/browser``.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
import traitlets
from figure_checks import assert_legible
from matplotlib.figure import Figure

from lossbook import logistic
from lossbook.chapters import ch07_classification_losses as chapter
from lossbook.data import toy2d
from lossbook.widgets import ch07_classification_losses as CE

SCORES = [3.2, 5.1, -1.7]
NAMES = ("cat", "car", "frog")


def softmax_by_hand(s, T):
    e = [math.exp(v / T) for v in s]
    return [v / sum(e) for v in e]


def bce_by_hand(w, b, X, y):
    """Mean binary cross-entropy, its gradient and the accuracy, by a loop over the points."""
    loss = 0.0
    dw = np.zeros(2)
    db = 0.0
    right = 0
    for x, t in zip(X, y):
        z = w[0] * x[0] + w[1] * x[1] + b
        p = 1 / (1 + math.exp(-z))
        loss += math.log1p(math.exp(-z)) if t == 1 else math.log1p(math.exp(z))
        dw += (p - t) * x
        db += p - t
        right += (z > 0) == (t == 1)
    n = len(y)
    return loss / n, dw / n, db / n, right / n


@pytest.fixture(scope="module")
def blobs():
    return toy2d.make_two_blobs(50, distance=3.0, spread=1.0, seed=0)


# ------------------------------------------------------------------------------------------------
# softmax with a temperature
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("T", [0.1, 0.5, 1.0, 3.0, 50.0])
def test_compute_temperature_against_hand(T):
    res = CE.compute_temperature(SCORES, T)
    p = softmax_by_hand(SCORES, T)
    np.testing.assert_allclose(res.probs, p, rtol=1e-12)
    assert res.entropy == pytest.approx(-sum(q * math.log(q) for q in p if q > 0), rel=1e-9)
    assert res.tv_to_one_hot == pytest.approx(1 - max(p))
    np.testing.assert_array_equal(res.one_hot, [0, 1, 0])


def test_temperature_limits():
    assert CE.compute_temperature(SCORES, 0.01).max_prob > 1 - 1e-12
    np.testing.assert_allclose(CE.compute_temperature(SCORES, 1e6).probs, [1 / 3] * 3, atol=1e-5)
    assert CE.compute_temperature(SCORES, 1e6).entropy == pytest.approx(math.log(3), abs=1e-9)
    # lower temperature, closer to one-hot
    tvs = [CE.compute_temperature(SCORES, T).tv_to_one_hot for T in (4.0, 2.0, 1.0, 0.5, 0.25)]
    assert all(a > b for a, b in zip(tvs, tvs[1:]))


def test_extreme_temperature_stays_finite():
    """T = 0.01 with a gap of 20 between the scores: exp(-2000) underflows to 0 (no overflow, no
    nan) and the result is the one-hot argmax exactly; a gap of 1.9 leaves e^-190 for cat."""
    r = CE.compute_temperature([10.0, -10.0, 0.0], 0.01)
    assert np.all(np.isfinite(r.probs)) and math.isfinite(r.entropy)
    np.testing.assert_array_equal(r.probs, [1.0, 0.0, 0.0])
    assert (r.entropy, r.tv_to_one_hot, r.max_prob) == (0.0, 0.0, 1.0)
    r = CE.compute_temperature(SCORES, 0.01)
    assert r.probs[0] == pytest.approx(math.exp(-190), rel=1e-12)
    assert r.entropy == pytest.approx(190 * math.exp(-190), rel=1e-9)
    # a tie splits the probability; the outline (numpy.argmax) takes the first of the tied
    r = CE.compute_temperature([-10.0, 10.0, 10.0], 0.01)
    np.testing.assert_array_equal(r.probs, [0.0, 0.5, 0.5])
    np.testing.assert_array_equal(r.one_hot, [0, 1, 0])
    assert r.entropy == pytest.approx(math.log(2)) and r.tv_to_one_hot == pytest.approx(0.5)


def test_temperature_explorer_controls_and_readout():
    e = CE.TemperatureExplorer()
    v = e.readout()
    assert list(v) == ["p_cat", "p_car", "p_frog", "max_prob", "entropy", "tv_to_one_hot"]
    assert f"{v['p_cat']:.4f}" == "0.1300" and f"{v['p_car']:.4f}" == "0.8690"  # the outline
    assert v["p_car"] == pytest.approx(softmax_by_hand(SCORES, 1.0)[1], rel=1e-12)
    assert e._kernel_readout == v
    controls = {c["name"]: c for c in e._controls}
    assert list(controls) == ["temperature", "scores"]
    assert controls["temperature"] == {"name": "temperature", "kind": "log_slider",
                                       "label": "temperature T", "min": -2.0, "max": 2.0,
                                       "step": 0.01}
    assert controls["scores"]["kind"] == "slider_array"
    assert controls["scores"]["labels"] == ["score cat", "score car", "score frog"]
    assert (controls["scores"]["min"], controls["scores"]["max"],
            controls["scores"]["step"]) == (-10.0, 10.0, 0.1)
    assert e.data == {"class_names": list(NAMES)}
    assert repr(e) == "TemperatureExplorer(temperature=1.0, scores=[3.2, 5.1, -1.7])"


def test_temperature_explorer_moves():
    e = CE.TemperatureExplorer()
    e.temperature = 0.1
    p = softmax_by_hand(SCORES, 0.1)
    v = e.readout()
    assert v["p_cat"] == pytest.approx(p[0], rel=1e-9)
    assert v["max_prob"] == pytest.approx(max(p), rel=1e-12)
    e.set(temperature=1.0, scores=[6.0, 5.1, -1.7])          # cat now wins
    np.testing.assert_array_equal(e.result.one_hot, [1, 0, 0])
    p = softmax_by_hand([6.0, 5.1, -1.7], 1.0)
    assert e.readout()["p_cat"] == pytest.approx(p[0], rel=1e-12)
    assert e._kernel_readout["p_cat"] == pytest.approx(p[0], rel=1e-12)


def test_temperature_explorer_refuses_bad_values_naming_the_control():
    e = CE.TemperatureExplorer()
    with pytest.raises(traitlets.TraitError, match="temperature"):
        e.temperature = 1000.0
    with pytest.raises(traitlets.TraitError, match="temperature"):
        e.temperature = 0.0
    with pytest.raises(traitlets.TraitError, match="scores must hold 3 values"):
        e.scores = [1.0, 2.0]
    with pytest.raises(traitlets.TraitError, match=r"scores must lie in \[-10, 10\]"):
        e.scores = [1.0, 2.0, 30.0]
    with pytest.raises(ValueError, match="unknown control"):
        e.set(margin=1.0)
    assert e.scores == SCORES and e.readout()["p_car"] == pytest.approx(0.8690495, abs=1e-7)
    with pytest.raises(ValueError, match="class_names"):
        CE.TemperatureExplorer(scores=(1.0, 2.0), class_names=("a",))
    with pytest.raises(ValueError, match="temperature"):
        CE.TemperatureExplorer(temperature=-1.0)


def test_temperature_explorer_other_classes():
    e = CE.TemperatureExplorer(scores=(1.0, 0.0), class_names=("yes", "no"), temperature=2.0)
    assert set(e.readout()) == {"p_yes", "p_no", "max_prob", "entropy", "tv_to_one_hot"}
    assert e.readout()["p_yes"] == pytest.approx(1 / (1 + math.exp(-0.5)), rel=1e-12)
    assert e._controls[1]["labels"] == ["score yes", "score no"]


# ------------------------------------------------------------------------------------------------
# logistic regression by hand
# ------------------------------------------------------------------------------------------------
def test_compute_logistic_against_hand(blobs):
    X, y = blobs
    res = CE.compute_logistic(1.2, -0.7, 0.4, X, y)
    z = X @ np.array([1.2, -0.7]) + 0.4
    p = 1 / (1 + np.exp(-z))
    assert res.loss == pytest.approx(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
    assert res.accuracy == pytest.approx(np.mean((p > 0.5) == y))
    np.testing.assert_allclose(res.dw, X.T @ (p - y) / y.size, rtol=1e-10)
    assert res.db == pytest.approx(np.mean(p - y))
    loss, dw, db, acc = bce_by_hand((1.2, -0.7), 0.4, X, y)
    assert (res.loss, res.db, res.accuracy) == pytest.approx((loss, db, acc), rel=1e-12)
    np.testing.assert_allclose(res.dw, dw, rtol=1e-12)
    # the boundary's end points lie on w.x + b = 0
    np.testing.assert_allclose(1.2 * res.boundary_x - 0.7 * res.boundary_y + 0.4, 0, atol=1e-12)
    assert res.P.min() >= 0 and res.P.max() <= 1


def test_logistic_extremes_stay_finite(blobs):
    """w = (5, 5), b = 5: logits up to about 60 in size; the BCE from logits stays finite."""
    X, y = blobs
    for w1, w2, b in [(5.0, 5.0, 5.0), (-5.0, -5.0, -5.0), (5.0, -5.0, 0.0)]:
        r = CE.compute_logistic(w1, w2, b, X, y)
        loss, dw, db, acc = bce_by_hand((w1, w2), b, X, y)
        assert math.isfinite(r.loss) and np.all(np.isfinite(r.dw)) and math.isfinite(r.db)
        assert r.loss == pytest.approx(loss, rel=1e-12)
        np.testing.assert_allclose(r.dw, dw, rtol=1e-12)
    r = CE.compute_logistic(0.0, 0.0, 0.0, X, y)
    assert r.loss == pytest.approx(math.log(2)) and np.all(np.isnan(r.boundary_x))


def test_logistic_explorer_controls_and_readout(blobs):
    X, y = blobs
    e = CE.LogisticExplorer()
    v = e.readout()
    assert list(v) == ["loss", "accuracy", "dw1", "dw2", "db"]
    assert [f"{v['loss']:.4f}", f"{v['accuracy']:.2f}", f"{v['dw1']:+.4f}", f"{v['dw2']:+.4f}",
            f"{v['db']:+.4f}"] == ["0.2882", "0.91", "-0.1770", "-0.1397", "-0.0130"]
    loss, dw, db, acc = bce_by_hand((1.0, 0.0), 0.0, X, y)
    assert (v["loss"], v["dw1"], v["dw2"], v["db"], v["accuracy"]) == pytest.approx(
        (loss, dw[0], dw[1], db, acc), rel=1e-12)
    assert e._kernel_readout == v
    controls = {c["name"]: c for c in e._controls}
    assert list(controls) == ["w1", "w2", "b"]
    assert [c["label"] for c in controls.values()] == ["weight w₁", "weight w₂", "bias b"]
    assert all((c["kind"], c["min"], c["max"], c["step"]) == ("slider", -5.0, 5.0, 0.1)
               for c in controls.values())
    assert e.data["X"] == X.tolist() and e.data["y"] == y.tolist()
    assert e.data["lim"] == [-5.0, 5.0]
    assert repr(e) == "LogisticExplorer(w1=1.0, w2=0.0, b=0.0)"


def test_logistic_explorer_moves():
    e = CE.LogisticExplorer()
    loss0 = e.readout()["loss"]
    # a gradient step in the direction the readout gives lowers the loss
    e.w1 = 1.0 - 2.0 * e.readout()["dw1"]
    assert e.readout()["loss"] < loss0
    e.set(w1=0.0, w2=0.0, b=0.0)
    assert e.readout()["loss"] == pytest.approx(math.log(2), rel=1e-12)
    assert np.all(np.isnan(e.result.boundary_x))
    assert e._kernel_readout["loss"] == pytest.approx(math.log(2), rel=1e-12)


def test_logistic_explorer_refuses_bad_values_naming_the_control():
    e = CE.LogisticExplorer()
    for name in ("w1", "w2", "b"):
        with pytest.raises(traitlets.TraitError, match=f"'{name}'"):
            setattr(e, name, 6.0)
    with pytest.raises(ValueError, match="unknown control"):
        e.set(w3=1.0)
    with pytest.raises(TypeError, match="w2"):
        CE.LogisticExplorer(w2="big")
    assert e.readout()["loss"] == pytest.approx(0.2882092017, abs=1e-10)


def test_display_bundle_and_old_module_gone():
    for e in (CE.TemperatureExplorer(), CE.LogisticExplorer()):
        bundle = e._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle[0]
        assert " at 0x" not in bundle[0]["text/plain"]
        chapter = e._esm.split(f"// ---- {e.module}.js ----")[1]   # one bundled ES module
        assert 'from "./_explorer.js"' not in chapter and "export default" in chapter
    with pytest.raises(ImportError):
        import lossbook.widgets.classification_explorers  # noqa: F401


# ------------------------------------------------------------------------------------------------
# the chapter module: the naive formula, the probability map, the training figure
# ------------------------------------------------------------------------------------------------
def test_naive_bce_overflows_where_the_stable_one_does_not():
    z = np.array([-3.0, 0.0, 2.5, 40.0, -40.0, 40.0])
    t = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 1.0])
    naive = chapter.naive_binary_cross_entropy(z, t)
    np.testing.assert_allclose(naive[:3], [3.0486, 0.6931, 0.0789], atol=5e-5)
    assert naive[3] == np.inf and np.isnan(naive[5])
    # the exact value for (40, 1) is log(1 + e^-40)
    assert math.log1p(math.exp(-40)) == pytest.approx(4.248354255291589e-18, rel=1e-12)


def test_probability_grid():
    w, b = np.array([1.5, -0.5]), 0.25
    xx, yy, P = chapter.probability_grid(w, b, xlim=(-2, 2), ylim=(-1, 3), resolution=7)
    assert P.shape == xx.shape == (7, 7)
    i, j = 3, 5
    z = 1.5 * xx[i, j] - 0.5 * yy[i, j] + 0.25
    assert P[i, j] == pytest.approx(1 / (1 + math.exp(-z)))


def test_training_figure():
    X, y = toy2d.make_two_blobs(20, seed=0)
    res = logistic.train(X, y, num_iters=10)
    fig = chapter.training_figure(X, y, res)
    assert isinstance(fig, Figure)
    ax_map, ax_loss = fig.axes[:2]
    np.testing.assert_allclose(ax_loss.lines[0].get_ydata(), res.loss_history)
    assert ax_map.get_xlim() == (-5.0, 5.0)


def test_training_figure_is_legible(blobs):
    """The chapter's call: 100 points, 300 steps with learning rate 0.5, the default dpi."""
    X, y = blobs
    res = logistic.train(X, y, learning_rate=0.5, num_iters=300, seed=0)
    assert_legible(chapter.training_figure(X, y, res))
