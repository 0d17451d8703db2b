"""Chapter 4 (softmax and cross-entropy): lossbook.chapters.ch04_softmax (the naive formulas that
break, the steps figure) and the softmax explorer lossbook.widgets.ch04_softmax."""
from __future__ import annotations

import math

import numpy as np
import pytest

import lossbook as lb
from figure_checks import assert_legible
from lossbook.chapters import ch04_softmax as chapter
from lossbook.data.worked_examples import load_cat_car_frog
from lossbook.widgets import ch04_softmax as sx


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
    (([1.0, 2.0], 2), ValueError, r"y must be an integer in \[0, 1\]; got 2"),
    (([1.0, 2.0], 1.0), TypeError, "integer"),
    (([1.0, 2.0], True), TypeError, "integer"),
    (([1.0, 2.0], 0, 0.0), ValueError, "temperature"),
    (([[1.0, 2.0]], 0), ValueError, "1-D"),
])
def test_bad_input(args, err, match):
    with pytest.raises(err, match=match):
        sx.compute(*args)


# ------------------------------------------------------------------------------------------------
# the explorer (its Python face; the JavaScript face is checked against it in tests/browser)
# ------------------------------------------------------------------------------------------------
KEYS = {"exp_0", "exp_1", "exp_2", "sum_exp", "prob_0", "prob_1", "prob_2", "loss", "temperature"}


def test_explorer_controls_and_readout():
    e = sx.SoftmaxExplorer()
    controls = {c["name"]: c for c in e._controls}
    assert list(controls) == ["scores", "temperature", "y"]
    assert controls["scores"]["kind"] == "slider_array"
    assert controls["scores"]["labels"] == ["cat score", "car score", "frog score"]
    assert (controls["scores"]["min"], controls["scores"]["max"], controls["scores"]["step"]) == (
        -10.0, 10.0, 0.1)
    assert controls["temperature"]["label"] == "temperature T"
    assert (controls["temperature"]["min"], controls["temperature"]["max"],
            controls["temperature"]["step"]) == (0.1, 5.0, 0.05)
    assert controls["y"]["label"] == "correct class"
    assert controls["y"]["options"] == [["cat", 0], ["car", 1], ["frog", 2]]
    v = e.readout()
    assert set(v) == KEYS
    e_, p, loss = hand([3.2, 5.1, -1.7], 0)
    assert [v[f"exp_{k}"] for k in range(3)] == pytest.approx(e_, rel=1e-12)
    assert v["sum_exp"] == pytest.approx(sum(e_), rel=1e-12)
    assert [v[f"prob_{k}"] for k in range(3)] == pytest.approx(p, rel=1e-12)
    assert v["loss"] == pytest.approx(loss, rel=1e-12) and round(v["loss"], 4) == 2.0404
    assert (round(v["prob_0"], 3), round(v["prob_1"], 3), round(v["prob_2"], 3)) == (
        0.13, 0.869, 0.001)
    assert v["temperature"] == 1.0
    assert e._kernel_readout == v
    assert e.data["class_names"] == ["cat", "car", "frog"]


def test_controls_move_the_readout():
    e = sx.SoftmaxExplorer()
    e.scores = [1.3, 4.9, 2.0]
    e.y = 1
    _, p, loss = hand([1.3, 4.9, 2.0], 1)
    v = e.readout()
    assert v["loss"] == pytest.approx(loss, rel=1e-12)
    assert [v[f"prob_{k}"] for k in range(3)] == pytest.approx(p, rel=1e-12)

    e.temperature = 2.0
    _, p, loss = hand([1.3, 4.9, 2.0], 1, 2.0)
    v = e.readout()
    assert v["temperature"] == 2.0 and v["loss"] == pytest.approx(loss, rel=1e-12)
    assert [v[f"prob_{k}"] for k in range(3)] == pytest.approx(p, rel=1e-12)
    assert e._kernel_readout == v

    # set() moves several controls with a single recompute
    e.set(scores=[0.0, 0.0, 0.0], y=2, temperature=0.5)
    assert e.readout()["loss"] == pytest.approx(math.log(3), rel=1e-12)
    assert e.params() == {"scores": [0.0, 0.0, 0.0], "temperature": 0.5, "y": 2}


def test_confident_loss_keeps_its_digits():
    """[10, -10, -10] at T = 0.5: the loss is log1p(2 e^-40), about 8.5e-18, not 0."""
    e = sx.SoftmaxExplorer(scores=[10.0, -10.0, -10.0], temperature=0.5)
    assert e.readout()["loss"] == pytest.approx(math.log1p(2 * math.exp(-40.0)), rel=1e-12)
    assert e.readout()["loss"] > 0


def test_overflowing_exponentials_reach_the_readout_as_inf():
    e = sx.SoftmaxExplorer(scores=[100.0, 0.0, -100.0], score_range=100.0, temperature=0.1)
    v = e.readout()
    assert math.isinf(v["exp_0"]) and math.isinf(v["sum_exp"]) and v["exp_2"] == 0.0
    assert v["prob_0"] == 1.0 and v["loss"] == 0.0          # e^-1000 underflows: exactly 0
    assert e._kernel_readout["exp_0"] == "inf" and e._kernel_readout["loss"] == v["loss"]


def test_bad_controls_are_refused_with_their_name():
    e = sx.SoftmaxExplorer()
    with pytest.raises(Exception, match="temperature"):
        e.temperature = 0.0
    with pytest.raises(Exception, match="temperature"):
        e.temperature = 6.0
    with pytest.raises(Exception, match="scores"):
        e.scores = [1.0, 2.0]                 # one score per class
    with pytest.raises(Exception, match="scores"):
        e.scores = [1.0, 2.0, 10.5]           # outside the sliders' range
    with pytest.raises(Exception, match="y"):
        e.y = 3
    with pytest.raises(ValueError, match="unknown control"):
        e.set(margin=1.0)
    with pytest.raises(ValueError, match="class names"):
        sx.SoftmaxExplorer(class_names=("cat", "car"))
    with pytest.raises(Exception, match="scores"):
        sx.SoftmaxExplorer(scores=[20.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="score_range"):
        sx.SoftmaxExplorer(score_range=0.0)
    assert e.readout()["loss"] == pytest.approx(hand([3.2, 5.1, -1.7], 0)[2], rel=1e-12)


def test_equal_scores_give_log_c_and_display():
    e = sx.SoftmaxExplorer(scores=[0.0] * 10, y=3, class_names=[str(k) for k in range(10)])
    assert e.readout()["loss"] == pytest.approx(math.log(10), rel=1e-12)
    assert [c["labels"] for c in e._controls if c["name"] == "scores"] == [
        [f"{k} score" for k in range(10)]]
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle[0]
    assert repr(sx.SoftmaxExplorer()) == (
        "SoftmaxExplorer(scores=[3.2, 5.1, -1.7], temperature=1.0, y=0)")


def test_explain_line():
    line = sx.explain(sx.compute([3.2, 5.1, -1.7], 0), ("cat", "car", "frog"), "cat image")
    assert line == ("cat image: e^(s) = (24.53, 164.02, 0.18), sum 188.74\n"
                    "    -> P = (0.13, 0.87, 0.00) -> loss -log P(cat) = -log 0.130 = 2.040")
    assert "e^(s/2)" in sx.explain(sx.compute([1.0, 2.0], 1, 2.0))
    with pytest.raises(ValueError, match="class names"):
        sx.explain(sx.compute([1.0, 2.0], 1), ("a",))


# ------------------------------------------------------------------------------------------------
# the chapter module: the naive softmax and the steps figure
# ------------------------------------------------------------------------------------------------
# --- the naive formulas (stability) -------------------------------------------------------------
def test_naive_softmax_breaks_where_the_stable_one_does_not():
    big = np.array([1000.0, 999.0, 998.0])
    assert np.isnan(chapter.naive_softmax(big)).all()
    assert np.isnan(chapter.naive_softmax(-big)).all()   # 0 / 0
    small = np.array([1.0, 2.0, 3.0])
    e = [math.exp(v) for v in small]
    np.testing.assert_allclose(chapter.naive_softmax(small), [v / sum(e) for v in e])
    np.testing.assert_allclose(lb.losses.softmax(big), chapter.naive_softmax(big - 1000.0))
    assert np.isinf(chapter.naive_cross_entropy(np.array([[0.0, 800.0]]), [0]))[0]


# --- figures -----------------------------------------------------------------------------------
def test_softmax_steps_figure():
    fig = chapter.softmax_steps_figure([3.2, 5.1, -1.7], 0, ("cat", "car", "frog"))
    ax_s, ax_e, ax_p, ax_l = fig.axes
    e = [math.exp(v) for v in (3.2, 5.1, -1.7)]
    np.testing.assert_allclose([p.get_height() for p in ax_e.patches], e, rtol=1e-12)
    np.testing.assert_allclose([p.get_height() for p in ax_p.patches],
                               [v / sum(e) for v in e], rtol=1e-12)
    x, yv = ax_l.get_lines()[1].get_data()
    assert x[0] == np.float64(x[0]) and abs(x[0] - e[0] / sum(e)) < 1e-12
    assert abs(yv[0] + math.log(e[0] / sum(e))) < 1e-12


def test_figures_are_legible():
    """Every figure of the chapter module, with the notebook's arguments."""
    scores, y, names = load_cat_car_frog()
    assert_legible(chapter.softmax_steps_figure(scores[0], int(y[0]), names))


# --- information theory ---------------------------------------------------------------------------
def test_entropy_and_kl_against_scipy(rng):
    from scipy.stats import entropy as scipy_entropy

    for _ in range(20):
        c = int(rng.integers(2, 7))
        p, q = rng.dirichlet(np.ones(c)), rng.dirichlet(np.ones(c))
        assert chapter.entropy(p) == pytest.approx(scipy_entropy(p), rel=1e-12)
        assert chapter.kl_divergence(p, q) == pytest.approx(scipy_entropy(p, q), rel=1e-10)
        hand = -sum(pk * math.log(qk) for pk, qk in zip(p, q))
        assert chapter.cross_entropy_pq(p, q) == pytest.approx(hand, rel=1e-12)
        # H(p, q) = H(p) + KL(p || q), each side from scipy
        assert chapter.cross_entropy_pq(p, q) == pytest.approx(
            scipy_entropy(p) + scipy_entropy(p, q), rel=1e-10)
    # rows of a (N, C) table
    P, Q = rng.dirichlet(np.ones(4), size=5), rng.dirichlet(np.ones(4), size=5)
    np.testing.assert_allclose(chapter.kl_divergence(P, Q), scipy_entropy(P, Q, axis=1))


def test_the_books_example_one_hot_and_soft():
    from scipy.stats import entropy as scipy_entropy

    scores, y, _ = load_cat_car_frog()
    e = [math.exp(v) for v in scores[0]]
    q = np.array([v / sum(e) for v in e])
    one_hot = np.array([1.0, 0.0, 0.0])
    assert chapter.entropy(one_hot) == 0.0 and not np.signbit(chapter.entropy(one_hot))
    loss = -math.log(q[0])
    assert chapter.cross_entropy_pq(one_hot, q) == pytest.approx(loss, rel=1e-12)
    assert chapter.kl_divergence(one_hot, q) == pytest.approx(loss, rel=1e-12)
    assert loss == pytest.approx(float(lb.losses.cross_entropy(scores[:1], y[:1])), rel=1e-12)
    soft = np.array([0.8, 0.1, 0.1])
    h = -(0.8 * math.log(0.8) + 2 * 0.1 * math.log(0.1))
    assert chapter.entropy(soft) == pytest.approx(h, rel=1e-12)
    assert chapter.cross_entropy_pq(soft, q) == pytest.approx(
        h + scipy_entropy(soft, q), rel=1e-12)
    assert chapter.kl_divergence(soft, soft) == 0.0


def test_information_bad_input():
    with pytest.raises(ValueError, match="p must be a probability distribution"):
        chapter.entropy([0.5, 0.6])
    with pytest.raises(ValueError, match="q must be a probability distribution"):
        chapter.kl_divergence([0.5, 0.5], [-0.5, 1.5])
    with pytest.raises(ValueError, match="same shape"):
        chapter.cross_entropy_pq([0.5, 0.5], [0.2, 0.3, 0.5])
    # a zero probability where the truth has mass: infinitely surprised
    assert np.isinf(chapter.cross_entropy_pq([0.5, 0.5], [1.0, 0.0]))


# --- confidence and the size of W -----------------------------------------------------------------
def test_probabilities_at_scales_against_numpy():
    scores, y, _ = load_cat_car_frog()
    factors = (0.5, 1.0, 2.0, 10.0)
    P = chapter.probabilities_at_scales(scores, factors)
    assert P.shape == (4, 3, 3)
    for k, c in enumerate(factors):
        e = np.exp(c * scores)
        np.testing.assert_allclose(P[k], e / e.sum(axis=1, keepdims=True), rtol=1e-12)
    rows = np.arange(3)
    correct = P[:, rows, y]                     # (factors, images)
    top = P.max(axis=2)
    # the top class always sharpens; the correct class only where it is the top class (car)
    assert np.all(np.diff(top, axis=0) > 0)
    assert np.all(np.diff(correct[:, 1]) > 0)
    assert np.all(np.diff(correct[:, 0]) < 0) and np.all(np.diff(correct[:, 2]) < 0)
    # the predictions never change
    assert np.all(P.argmax(axis=2) == np.argmax(scores, axis=1))
    with pytest.raises(ValueError, match="factors"):
        chapter.probabilities_at_scales(scores, [0.0, 1.0])


def test_stronger_regularization_gives_flatter_probabilities():
    X, y = lb.data.toy2d.blobs(20, seed=1, noise=0.3)
    sizes, confidence = [], []
    for lam in (1e-4, 1e-2, 1e-1):
        fit = lb.linear.train_sgd(X, y, loss="softmax", reg_strength=lam, learning_rate=0.5,
                                  num_iters=300, batch_size=len(X), seed=0)
        s = X @ fit.W.T + fit.b
        e = np.exp(s - s.max(axis=1, keepdims=True))
        sizes.append(np.sqrt(np.sum(fit.W ** 2)))
        confidence.append(np.mean(e.max(axis=1) / e.sum(axis=1)))
    assert sizes[0] > sizes[1] > sizes[2]
    assert confidence[0] > confidence[1] > confidence[2]
