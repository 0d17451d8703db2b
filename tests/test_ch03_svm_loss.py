"""Chapter 3 (the multiclass SVM loss): lossbook.chapters.ch03_svm_loss (the questions on the
worked example, naive versus vectorized speed, the hinge figure) and the SVM explorer
lossbook.widgets.ch03_svm_loss: its compute step, the term-by-term text, and its Python face."""
from __future__ import annotations

import numpy as np
import pytest

import lossbook as lb
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
