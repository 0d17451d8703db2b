"""Chapter 3 (the multiclass SVM loss): lossbook.chapters.ch03_svm_loss (the questions on the
worked example, naive versus vectorized speed, the hinge figure) and the SVM explorer
lossbook.widgets.ch03_svm_loss: its compute step, the term-by-term text, and its Python face."""
from __future__ import annotations

import numpy as np
import pytest

import lossbook as lb
from figure_checks import assert_legible
from lossbook.chapters import ch03_svm_loss as chapter
from lossbook.data.worked_examples import load_cat_car_frog
from lossbook.widgets import ch03_svm_loss as se

NAMES = ("cat", "car", "frog")
IMAGES = ("cat image", "car image", "frog image")


def hand_terms(scores, y, margin, squared):
    """An independent double loop over images and classes."""
    n, c = len(scores), len(scores[0])
    out = [[0.0] * c for _ in range(n)]
    for i in range(n):
        for j in range(c):
            if j != y[i]:
                t = max(0.0, scores[i][j] - scores[i][y[i]] + margin)
                out[i][j] = t * t if squared else t
    return np.array(out)


@pytest.mark.parametrize("margin, squared, expected", [
    (1.0, False, [2.9, 0.0, 12.9]),
    (0.5, False, [2.4, 0.0, 11.9]),
    (2.0, False, [3.9, 0.0, 14.9]),
    (1.0, True, [8.41, 0.0, 83.25]),
])
def test_outline_numbers(margin, squared, expected):
    scores, y, _ = load_cat_car_frog()
    r = se.compute(scores, y, margin, squared)
    np.testing.assert_allclose(r.losses, expected, atol=1e-12)
    assert r.total == pytest.approx(np.mean(expected), abs=1e-12)
    np.testing.assert_allclose(r.terms, hand_terms(scores.tolist(), y.tolist(), margin, squared),
                               atol=1e-12)


def test_total_is_5_27():
    scores, y, _ = load_cat_car_frog()
    assert round(se.compute(scores, y).total, 2) == 5.27


def test_random_tables_agree_with_core_and_loop(rng):
    for _ in range(20):
        n, c = rng.integers(1, 6), rng.integers(2, 6)
        scores = rng.normal(scale=3, size=(n, c))
        y = rng.integers(0, c, size=n)
        margin = float(rng.uniform(0, 3))
        for squared in (False, True):
            r = se.compute(scores, y, margin, squared)
            terms = hand_terms(scores.tolist(), y.tolist(), margin, squared)
            np.testing.assert_allclose(r.terms, terms, atol=1e-12)
            np.testing.assert_allclose(r.losses, terms.sum(axis=1), atol=1e-12)
            np.testing.assert_allclose(
                r.losses, lb.losses.svm_loss(scores, y, margin=margin, squared=squared, reduction="none"))
            assert np.isnan(r.differences[np.arange(n), y]).all()


def test_explain_writes_every_term():
    scores, y, _ = load_cat_car_frog()
    lines = se.explain(se.compute(scores, y), NAMES, IMAGES)
    assert lines == [
        "cat image: max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0 = 2.9",
        "car image: max(0, 1.3 - 4.9 + 1) + max(0, 2 - 4.9 + 1) = 0 + 0 = 0",
        "frog image: max(0, 2.2 - (-3.1) + 1) + max(0, 2.5 - (-3.1) + 1) = 6.3 + 6.6 = 12.9",
        "L = (2.9 + 0 + 12.9) / 3 = 5.27",
    ]
    sq = se.explain(se.compute(scores, y, squared=True), NAMES, IMAGES)
    assert sq[0].endswith("^2 = 8.41 + 0 = 8.41") and sq[-1] == "L = (8.41 + 0 + 83.25) / 3 = 30.55"


@pytest.mark.parametrize("kwargs, err, match", [
    (dict(scores=[[1.0, 2.0]], y=[0], margin=-1.0), ValueError, "margin"),
    (dict(scores=[1.0, 2.0], y=[0]), ValueError, "2-D"),
    (dict(scores=[[1.0], [2.0]], y=[0, 0]), ValueError, "two classes"),
    (dict(scores=[[1.0, 2.0]], y=[2]), ValueError, "labels in"),
    (dict(scores=[[1.0, 2.0]], y=[0.0]), TypeError, "integer"),
    (dict(scores=[[1.0, np.nan]], y=[0]), ValueError, "NaN"),
    (dict(scores=[[1.0, 2.0]], y=[0], squared="yes"), TypeError, "squared"),
])
def test_bad_input(kwargs, err, match):
    with pytest.raises(err, match=match):
        se.compute(**kwargs)


# ------------------------------------------------------------------------------------------------
# the explorer (its Python face; the JavaScript face is checked against it in tests/browser)
# ------------------------------------------------------------------------------------------------
def test_explorer_starts_at_the_worked_example():
    e = se.SvmExplorer()
    v = e.readout()
    assert [v["loss_0"], v["loss_1"], v["loss_2"]] == pytest.approx([2.9, 0.0, 12.9], abs=1e-12)
    assert v["total"] == pytest.approx(15.8 / 3, abs=1e-12)
    assert [v["term_0_1"], v["term_0_2"], v["term_2_0"], v["term_2_1"]] == pytest.approx(
        [2.9, 0.0, 6.3, 6.6], abs=1e-12)
    assert set(v) == {"term_0_1", "term_0_2", "loss_0", "term_1_0", "term_1_2",
                      "loss_1", "term_2_0", "term_2_1", "loss_2", "total", "margin"}
    controls = {c["name"]: c for c in e._controls}
    assert list(controls) == ["scores", "margin", "squared"]
    assert controls["margin"]["label"] == "margin Δ"
    assert (controls["margin"]["min"], controls["margin"]["max"]) == (0.0, 5.0)
    assert controls["squared"]["label"] == "squared hinge"
    assert controls["scores"]["row_labels"] == list(IMAGES)
    assert controls["scores"]["col_labels"] == list(NAMES)
    assert e.image_names == IMAGES and e.class_names == NAMES
    assert e.data["y"] == [0, 1, 2]
    assert e._kernel_readout == v


@pytest.mark.parametrize("margin, expected", [(0.5, [2.4, 0, 11.9]), (2.0, [3.9, 0, 14.9])])
def test_margin_control(margin, expected):
    e = se.SvmExplorer()
    e.margin = margin
    v = e.readout()
    assert [v["loss_0"], v["loss_1"], v["loss_2"]] == pytest.approx(expected, abs=1e-12)
    assert v["margin"] == margin
    assert e._kernel_readout["total"] == pytest.approx(np.mean(expected), abs=1e-12)


def test_squared_and_reset():
    e = se.SvmExplorer()
    e.squared = True
    v = e.readout()
    assert [v["loss_0"], v["loss_1"], v["loss_2"]] == pytest.approx([8.41, 0.0, 83.25],
                                                                    abs=1e-12)
    e.set(margin=3.0, scores=[[0.0, 0.0, 0.0]] * 3)
    assert e.readout()["total"] == pytest.approx(2 * 9.0, abs=1e-12)
    e.reset()
    assert e.readout()["total"] == pytest.approx(15.8 / 3) and e.squared is False


def test_editing_a_cell_updates_everything():
    e = se.SvmExplorer()
    scores = [row[:] for row in e.scores]
    scores[1][2] = 4.5  # the car image's frog score: 4.5 - 4.9 + 1 = 0.6
    e.scores = scores
    s, y, _ = load_cat_car_frog()
    s[1, 2] = 4.5
    expected = hand_terms(s.tolist(), y.tolist(), 1.0, False)
    v = e.readout()
    assert v["term_1_2"] == pytest.approx(0.6)
    assert v["loss_1"] == pytest.approx(expected[1].sum())
    assert e.result.total == pytest.approx(expected.sum() / 3)


def test_bad_controls_are_refused_with_their_name():
    e = se.SvmExplorer()
    with pytest.raises(Exception, match="margin"):
        e.margin = 6.0
    with pytest.raises(ValueError, match="unknown control"):
        e.set(temperature=2.0)
    with pytest.raises(ValueError, match="y"):
        e.scores = [[1.0, 2.0]]  # a table of the wrong shape: y has three labels


def test_custom_table_and_display():
    e = se.SvmExplorer(scores=[[1.0, 0.0, 0.0, 0.0]], y=[0])
    assert e.image_names == ("image 0",) and e.readout()["loss_0"] == 0.0
    e.margin = 1.5
    assert e.readout()["loss_0"] == pytest.approx(1.5)
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle[0]
    assert bundle[0]["text/plain"].startswith("SvmExplorer(scores=[[1.0, 0.0, 0.0, 0.0]]")
    assert " at 0x" not in repr(e)
    with pytest.raises(ValueError, match="names"):
        se.SvmExplorer(scores=[[1.0, 0.0]], y=[0], class_names=("a",))


# ------------------------------------------------------------------------------------------------
# the chapter module: the questions on the worked example, speed, the hinge figure
# ------------------------------------------------------------------------------------------------
# --- the questions on the worked example --------------------------------------------------------
def test_q4_all_classes_adds_the_margin(rng):
    scores, y, _ = load_cat_car_frog()
    np.testing.assert_allclose(chapter.svm_loss_all_classes(scores, y), [3.9, 1.0, 13.9])
    for margin in (0.0, 0.5, 2.0):
        s = rng.normal(size=(6, 4))
        yy = rng.integers(0, 4, size=6)
        loop = [sum(max(0.0, s[i, j] - s[i, yy[i]] + margin) for j in range(4)) for i in range(6)]
        np.testing.assert_allclose(chapter.svm_loss_all_classes(s, yy, margin=margin), loop, atol=1e-12)
        np.testing.assert_allclose(chapter.svm_loss_all_classes(s, yy, margin=margin),
                                   lb.losses.svm_loss(s, yy, margin=margin, reduction="none") + margin)


def test_q5_class_mean_rescales():
    scores, y, _ = load_cat_car_frog()
    np.testing.assert_allclose(chapter.svm_loss_class_mean(scores, y), [1.45, 0.0, 6.45])


def test_q1_slack_and_worst_case():
    scores, y, _ = load_cat_car_frog()
    # car image: 4.9 beats 2.0 by 2.9; 2.9 - 1 = 1.9 of room, shared by two moving scores
    np.testing.assert_allclose(chapter.zero_loss_slack(scores, y), [-1.45, 0.95, -3.3])
    car, yc = scores[1:2], y[1:2]
    np.testing.assert_allclose(chapter.worst_case_perturbation(car, yc, 0.9), [[2.2, 4.0, 2.9]])
    assert lb.losses.svm_loss(chapter.worst_case_perturbation(car, yc, 0.94), yc) == 0.0
    assert lb.losses.svm_loss(chapter.worst_case_perturbation(car, yc, 1.0), yc) == \
        pytest.approx(0.1)
    with pytest.raises(ValueError, match="size"):
        chapter.worst_case_perturbation(car, yc, -1.0)


def test_q1_bound_is_tight_on_random_tables(rng):
    for _ in range(20):
        s = rng.normal(scale=3, size=(1, 4))
        yy = np.array([int(np.argmax(s))])
        slack = chapter.zero_loss_slack(s, yy)[0]
        if slack <= 0.01:
            continue
        assert lb.losses.svm_loss(chapter.worst_case_perturbation(s, yy, slack - 1e-9), yy) == 0.0
        assert lb.losses.svm_loss(chapter.worst_case_perturbation(s, yy, slack + 1e-3), yy) > 0.0
        # any perturbation within the slack leaves the loss 0
        d = rng.uniform(-slack, slack, size=s.shape) * 0.999
        assert lb.losses.svm_loss(s + d, yy) == 0.0


def test_questions_bad_input():
    with pytest.raises(ValueError, match="two classes"):
        chapter.svm_loss_all_classes([[1.0]], [0])
    with pytest.raises(ValueError, match="margin"):
        chapter.svm_loss_class_mean([[1.0, 2.0]], [0], margin=-1)


# --- speed --------------------------------------------------------------------------------------
def test_agreement_and_timings(rng):
    X = rng.normal(size=(30, 5))
    y = rng.integers(0, 4, size=30)
    W, b = lb.linear.init_params(5, 4, scale=0.5, seed=1)
    a = chapter.agreement(W, b, X, y, reg_strength=0.1)
    assert a["loss_difference"] < 1e-12 and a["dW_max_difference"] < 1e-12
    assert a["db_max_difference"] < 1e-12
    # the loss itself, by an independent loop
    s = X @ W.T + b
    loop = np.mean([sum(max(0, s[i, j] - s[i, y[i]] + 1) for j in range(4) if j != y[i])
                    for i in range(30)]) + 0.1 * np.sum(W * W)
    assert a["loss_naive"] == pytest.approx(loop)
    t = chapter.timings(W, b, X, y, repeat=1)
    assert t["naive_seconds"] > 0 and t["vectorized_seconds"] > 0
    assert t["speedup"] == pytest.approx(t["naive_seconds"] / t["vectorized_seconds"])
    with pytest.raises(ValueError, match="repeat"):
        chapter.best_time(print, repeat=0)


# --- figures -----------------------------------------------------------------------------------
def test_hinge_figure_curves():
    fig = chapter.hinge_figure(margins=(0.5, 1.0, 2.0))
    ax1, ax2 = fig.axes
    for line, m in zip(ax1.get_lines(), (0.5, 1.0, 2.0)):
        d, v = line.get_data()
        np.testing.assert_allclose(v, np.maximum(0, d + m), atol=1e-12)
    (d, hinge), (_, sq) = (ln.get_data() for ln in ax2.get_lines())
    np.testing.assert_allclose(sq, np.maximum(0, d + 1) ** 2, atol=1e-12)


def test_best_time_is_the_fastest_of_the_runs(monkeypatch):
    """With a clock that reads 0, 5, 10, 12, 20, 23 (runs of 5, 2 and 3 s), the best is 2 s."""
    import types

    readings = iter([0.0, 5.0, 10.0, 12.0, 20.0, 23.0])
    monkeypatch.setattr(chapter, "time", types.SimpleNamespace(perf_counter=lambda: next(readings)))
    calls = []
    assert chapter.best_time(lambda: calls.append(1), repeat=3) == 2.0
    assert len(calls) == 3
    with pytest.raises(TypeError):
        chapter.best_time(print, 3)                    # repeat is keyword-only


def test_figures_are_legible():
    """Every figure of the chapter module, with the notebook's arguments."""
    assert_legible(chapter.hinge_figure())


# --- the loss with the rows of W; how to set the margin -----------------------------------------
def hand_objective(W, X, y, margin, reg_strength):
    """(1/N) sum_i sum_{j != y_i} max(0, w_j.x_i - w_{y_i}.x_i + margin) + lambda sum W^2,
    by loops over examples, classes and features."""
    n, c = len(X), len(W)
    total = 0.0
    for i in range(n):
        s = [sum(W[k][d] * X[i][d] for d in range(len(X[i]))) for k in range(c)]
        total += sum(max(0.0, s[j] - s[y[i]] + margin) for j in range(c) if j != y[i])
    return total / n + reg_strength * sum(v * v for row in W for v in row)


def scipy_svm(X, y, c, margin, reg_strength):
    """The same minimizer by an independent route: the primal quadratic program with one slack
    per margin, xi_ij >= (w_j - w_yi).x_i + margin, xi_ij >= 0, solved by scipy's SLSQP."""
    from scipy.optimize import minimize

    n, d = X.shape
    pairs = [(i, j) for i in range(n) for j in range(c) if j != y[i]]
    k = c * d

    def objective(v):
        return reg_strength * v[:k] @ v[:k] + v[k:].sum() / n

    def gradient(v):
        return np.r_[2 * reg_strength * v[:k], np.full(len(pairs), 1.0 / n)]

    def margins(v):
        W = v[:k].reshape(c, d)
        return np.array([v[k + m] - ((W[j] - W[y[i]]) @ X[i] + margin)
                         for m, (i, j) in enumerate(pairs)])

    res = minimize(objective, np.zeros(k + len(pairs)), jac=gradient, method="SLSQP",
                   constraints=[{"type": "ineq", "fun": margins},
                                {"type": "ineq", "fun": lambda v: v[k:]}],
                   options={"ftol": 1e-13, "maxiter": 2000})
    assert res.success, res.message
    return res.x[:k].reshape(c, d)


def blobs_with_ones():
    X, y = lb.data.toy2d.blobs(10, seed=0, noise=0.3)
    return np.c_[X, np.ones(len(X))], y


def test_svm_objective_is_the_loss_with_the_rows_of_W(rng):
    for _ in range(5):
        X = rng.normal(size=(7, 3))
        y = rng.integers(0, 4, size=7)
        W = rng.normal(size=(4, 3))
        for margin, lam in [(1.0, 0.0), (0.5, 0.3)]:
            assert chapter.svm_objective(W, X, y, margin=margin, reg_strength=lam) == \
                pytest.approx(hand_objective(W.tolist(), X.tolist(), y.tolist(), margin, lam))
    with pytest.raises(ValueError, match="features"):
        chapter.svm_objective(np.zeros((3, 2)), np.zeros((4, 3)), [0, 1, 2, 0])


def test_train_svm_exact_matches_an_independent_solver():
    X, y = blobs_with_ones()
    W = chapter.train_svm_exact(X, y, margin=1.0, reg_strength=0.1)
    W_scipy = scipy_svm(X, y, 3, 1.0, 0.1)
    np.testing.assert_allclose(W, W_scipy, atol=1e-6)
    # and it is a minimizer: no lower objective nearby
    J = hand_objective(W.tolist(), X.tolist(), y.tolist(), 1.0, 0.1)
    assert J <= hand_objective(W_scipy.tolist(), X.tolist(), y.tolist(), 1.0, 0.1) + 1e-10
    rng = np.random.default_rng(0)
    for _ in range(20):
        V = W + 1e-3 * rng.normal(size=W.shape)
        assert hand_objective(V.tolist(), X.tolist(), y.tolist(), 1.0, 0.1) > J


def test_margin_and_reg_strength_trade_off_the_same_thing():
    """The minimizer for (c Delta, lambda / c) is c times the one for (Delta, lambda), with the
    same predictions; checked on the chapter's solver and on scipy's."""
    X, y = blobs_with_ones()
    W_1 = chapter.train_svm_exact(X, y, margin=1.0, reg_strength=0.1)
    W_2 = chapter.train_svm_exact(X, y, margin=2.0, reg_strength=0.05)
    np.testing.assert_allclose(W_2, 2 * W_1, atol=1e-9)
    np.testing.assert_array_equal((X @ W_1.T).argmax(axis=1), (X @ W_2.T).argmax(axis=1))
    S_1, S_2 = scipy_svm(X, y, 3, 1.0, 0.1), scipy_svm(X, y, 3, 2.0, 0.05)
    np.testing.assert_allclose(S_2, 2 * S_1, atol=1e-5)
    np.testing.assert_allclose(W_2, S_2, atol=1e-5)
    # the same lambda with a larger margin is NOT a rescaling
    W_3 = chapter.train_svm_exact(X, y, margin=2.0, reg_strength=0.1)
    assert np.max(np.abs(W_3 - 2 * W_1)) > 1e-2
    assert chapter.svm_objective(W_2, X, y, margin=2.0, reg_strength=0.05) == pytest.approx(
        2 * hand_objective(W_1.tolist(), X.tolist(), y.tolist(), 1.0, 0.1))


def test_train_svm_exact_bad_input():
    X, y = blobs_with_ones()
    with pytest.raises(ValueError, match="reg_strength"):
        chapter.train_svm_exact(X, y, reg_strength=0.0)
    with pytest.raises(ValueError, match="margin"):
        chapter.train_svm_exact(X, y, margin=-1.0)
    with pytest.raises(ValueError, match="y"):
        chapter.train_svm_exact(X, y[:5])


# --- the binary SVM -----------------------------------------------------------------------------
def test_binary_svm_loss_by_hand(rng):
    f = rng.normal(scale=2, size=12)
    t = rng.choice([-1.0, 1.0], size=12)
    for margin in (1.0, 0.5):
        hand = [max(0.0, margin - ti * fi) for fi, ti in zip(f, t)]
        np.testing.assert_allclose(chapter.binary_svm_loss(f, t, margin=margin), hand)
    with pytest.raises(ValueError, match="-1 and \\+1"):
        chapter.binary_svm_loss([1.0, 2.0], [0, 1])
    with pytest.raises(ValueError, match="shape"):
        chapter.binary_svm_loss([1.0, 2.0], [1.0])


def test_two_classes_are_the_binary_svm(rng):
    # the worked example's cat and car images, cat and car classes
    scores, y, _ = load_cat_car_frog()
    f, t = chapter.two_class_as_binary(scores[:2, :2], y[:2])
    np.testing.assert_allclose(f, [5.1 - 3.2, 4.9 - 1.3])
    np.testing.assert_array_equal(t, [-1.0, 1.0])
    np.testing.assert_allclose(chapter.binary_svm_loss(f, t), [2.9, 0.0], atol=1e-12)
    for _ in range(10):
        s = rng.normal(scale=2, size=(8, 2))
        yy = rng.integers(0, 2, size=8)
        loop = [max(0.0, s[i, 1 - yy[i]] - s[i, yy[i]] + 1.0) for i in range(8)]
        f, t = chapter.two_class_as_binary(s, yy)
        np.testing.assert_allclose(chapter.binary_svm_loss(f, t), loop, atol=1e-12)
    with pytest.raises(ValueError, match="two columns"):
        chapter.two_class_as_binary(scores, y)


def test_two_class_minimizer_is_antisymmetric_and_binary():
    X, y = blobs_with_ones()
    keep = y < 2
    X, y = X[keep], y[keep]
    W = chapter.train_svm_exact(X, y, margin=1.0, reg_strength=0.1)
    np.testing.assert_allclose(W[0], -W[1], atol=1e-9)
    # the binary objective 1/2 |w|^2 + C sum hinge, C = 1 / (lambda N), by a loop
    w = W[1] - W[0]
    C = 1 / (0.1 * len(y))
    textbook = 0.5 * sum(v * v for v in w) + C * sum(
        max(0.0, 1 - (2 * yi - 1) * float(w @ xi)) for xi, yi in zip(X, y))
    assert textbook == pytest.approx(hand_objective(W.tolist(), X.tolist(), y.tolist(), 1, 0.1)
                                     / 0.1)


# --- the multiclass variants ---------------------------------------------------------------------
def hand_crammer_singer(scores, y, margin):
    out = []
    for s, yi in zip(scores, y):
        worst = max(s[j] for j in range(len(s)) if j != yi)
        out.append(max(0.0, worst - s[yi] + margin))
    return out


def hand_one_vs_rest(scores, y, margin):
    out = []
    for s, yi in zip(scores, y):
        out.append(sum(max(0.0, margin - (1 if k == yi else -1) * s[k]) for k in range(len(s))))
    return out


def test_crammer_singer_and_one_vs_rest_on_the_worked_example():
    scores, y, _ = load_cat_car_frog()
    cs = chapter.svm_loss_crammer_singer(scores, y)
    ovr = chapter.svm_loss_one_vs_rest(scores, y)
    np.testing.assert_allclose(cs, hand_crammer_singer(scores.tolist(), y.tolist(), 1.0))
    np.testing.assert_allclose(ovr, hand_one_vs_rest(scores.tolist(), y.tolist(), 1.0))
    # by hand: frog image 2.5 + 3.1 + 1; one-vs-rest 0 + 6.1 + 0, 2.3 + 0 + 3, 3.2 + 3.5 + 4.1
    np.testing.assert_allclose(cs, [2.9, 0.0, 6.6], atol=1e-12)
    np.testing.assert_allclose(ovr, [6.1, 5.3, 10.8], atol=1e-12)
    # exercise 3.7: + 10 on the car image changes one-vs-rest only
    shifted = scores[1:2] + 10.0
    assert chapter.svm_loss_crammer_singer(shifted, y[1:2])[0] == 0.0
    assert chapter.svm_loss_one_vs_rest(shifted, y[1:2])[0] == pytest.approx(25.3)


def test_variants_on_random_tables(rng):
    for _ in range(20):
        n, c = int(rng.integers(1, 6)), int(rng.integers(2, 6))
        s = rng.normal(scale=3, size=(n, c))
        yy = rng.integers(0, c, size=n)
        margin = float(rng.uniform(0, 2))
        np.testing.assert_allclose(chapter.svm_loss_crammer_singer(s, yy, margin=margin),
                                   hand_crammer_singer(s.tolist(), yy.tolist(), margin))
        np.testing.assert_allclose(chapter.svm_loss_one_vs_rest(s, yy, margin=margin),
                                   hand_one_vs_rest(s.tolist(), yy.tolist(), margin))
        # the max never exceeds the sum
        ww = lb.losses.svm_loss(s, yy, margin=margin, reduction="none")
        assert np.all(chapter.svm_loss_crammer_singer(s, yy, margin=margin) <= ww + 1e-12)
