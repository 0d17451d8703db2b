"""The multiclass SVM explorer (section 3): compute step, term-by-term text, and the live view."""
from __future__ import annotations

import numpy as np
import pytest

import lossbook as lb
from lossbook.widgets import svm_explorer as se
from lossbook.worked_examples import load_cat_car_frog

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
                r.losses, lb.losses.svm_loss(scores, y, margin, squared, reduction="none"))
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


def test_nice_ceiling():
    assert [se.nice_ceiling(v) for v in (0, 0.5, 1, 1.2, 14.8, 20, 33, 95.7, 100.1)] == \
        [1, 1, 1, 1.5, 15, 20, 40, 100, 150]


# ------------------------------------------------------------------------------------------------
# the view
# ------------------------------------------------------------------------------------------------
def values(explorer):
    return {k: float(v) for k, v in explorer.readout.values.items()}


def test_view_starts_at_the_worked_example():
    e = se.SvmExplorer()
    v = values(e)
    assert (v["loss_0"], v["loss_1"], v["loss_2"], v["total"]) == (2.9, 0.0, 12.9, 5.27)
    assert (v["term_0_1"], v["term_0_2"], v["term_2_0"], v["term_2_1"]) == (2.9, 0.0, 6.3, 6.6)
    assert set(e.readout.values) == {"term_0_1", "term_0_2", "loss_0", "term_1_0", "term_1_2",
                                     "loss_1", "term_2_0", "term_2_1", "loss_2", "total", "margin"}
    assert e.cells[0][1].description == "cat image: car score"
    assert e.cells[2][0].description == "frog image: cat score"
    assert e.margin_slider.description == "margin Δ"
    assert e.squared_box.description == "squared hinge"
    assert e.image_names == IMAGES and e.class_names == NAMES
    assert e.view.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "lossbook-readout" in e.readout.widget._dom_classes
    assert 'data-key="total"' in e.readout.widget.value or "data-key='total'" in e.readout.widget.value


@pytest.mark.parametrize("margin, expected", [(0.5, [2.4, 0, 11.9]), (2.0, [3.9, 0, 14.9])])
def test_margin_slider(margin, expected):
    e = se.SvmExplorer()
    e.margin_slider.value = margin
    v = values(e)
    assert [v["loss_0"], v["loss_1"], v["loss_2"]] == pytest.approx(expected)
    assert v["margin"] == margin


def test_squared_checkbox_and_reset():
    e = se.SvmExplorer()
    before = e.view.image.value
    e.squared_box.value = True
    v = values(e)
    assert [v["loss_0"], v["loss_1"], v["loss_2"]] == [8.41, 0.0, 83.25]
    assert e.view.image.value != before
    e.reset()
    assert values(e)["total"] == 5.27 and e.squared_box.value is False


def test_editing_a_cell_updates_everything():
    e = se.SvmExplorer()
    e.cells[1][2].value = 4.5  # the car image's frog score: 4.5 - 4.9 + 1 = 0.6
    scores, y, _ = load_cat_car_frog()
    scores[1, 2] = 4.5
    expected = hand_terms(scores.tolist(), y.tolist(), 1.0, False)
    v = values(e)
    assert v["term_1_2"] == pytest.approx(0.6)
    assert v["loss_1"] == pytest.approx(expected[1].sum())
    assert v["total"] == pytest.approx(round(expected.sum() / 3, 2))
    assert e.result.total == pytest.approx(expected.sum() / 3)
    # the bar heights follow the result
    heights = {ij: bar.get_height() for ij, bar in zip(e._bar_index, e.term_bars)}
    assert heights[(1, 2)] == pytest.approx(0.6)


def test_custom_table_and_display():
    e = se.SvmExplorer(scores=[[1.0, 0.0, 0.0, 0.0]], y=[0])
    assert e.image_names == ("image 0",) and values(e)["loss_0"] == 0.0
    e.margin_slider.value = 1.5
    assert values(e)["loss_0"] == pytest.approx(1.5)
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    with pytest.raises(ValueError, match="names"):
        se.SvmExplorer(scores=[[1.0, 0.0]], y=[0], class_names=("a",))
