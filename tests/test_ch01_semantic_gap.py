"""Chapter 1 (the semantic gap): lossbook.chapters.ch01_semantic_gap (the pixel distances, the
distance table) and the challenge explorer lossbook.widgets.ch01_semantic_gap (its pure compute and
its Python face).  The transforms themselves: tests/test_data_photos.py.

The explorer's JavaScript face is checked against it in tests/browser
(test_static_01_semantic_gap.py: every challenge, pixel by pixel)."""
from __future__ import annotations

import base64
import io

import numpy as np
import pytest
import traitlets
from figure_checks import assert_legible
from PIL import Image

from lossbook import knn
from lossbook.chapters import ch01_semantic_gap as chapter
from lossbook.data import digits, photos, splits
from lossbook.widgets import ch01_semantic_gap as sg


@pytest.fixture(scope="module")
def cat():
    return photos.load_photo("chelsea", scale=0.25)


# ------------------------------------------------------------------------------------------------
# the chapter module: pixel distances
# ------------------------------------------------------------------------------------------------
def test_pixel_distance_by_hand():
    a = np.array([[[0, 10, 20]]], dtype=np.uint8)
    b = np.array([[[3, 6, 20]]], dtype=np.uint8)      # uint8 would wrap around: must not
    assert chapter.pixel_distance(a, b, metric="l1") == 7.0
    assert chapter.pixel_distance(a, b, metric="l2") == pytest.approx(5.0)
    assert chapter.mean_abs_difference(a, b) == pytest.approx(7 / 3)
    with pytest.raises(ValueError, match="metric"):
        chapter.pixel_distance(a, b, metric="l3")
    with pytest.raises(ValueError, match="same shape"):
        chapter.pixel_distance(a, b[..., :2])


def test_explorer_compute_against_hand_distance(cat):
    ref = chapter.flat_image(cat)
    assert np.all(ref == ref[0, 0])
    assert np.abs(ref[0, 0].astype(float) - cat.reshape(-1, 3).mean(0)).max() <= 0.5
    r = sg.compute(cat, "deformation", 0.7, ref)
    out = photos.deformation(cat, 0.7)
    diff = out.astype(float) - cat.astype(float)
    assert r["l1"] == pytest.approx(np.abs(diff).sum())
    assert r["l2"] == pytest.approx(np.sqrt((diff ** 2).sum()))
    ref_l1 = np.abs(ref.astype(float) - cat).sum()
    assert r["reference_l1"] == pytest.approx(ref_l1)
    assert r["ratio"] == pytest.approx(np.abs(diff).sum() / ref_l1)


def test_distance_rows_by_hand(cat):
    ref = chapter.flat_image(cat)
    rows = chapter.distance_rows(cat, ref, strengths=(0.5,))
    assert [r[0] for r in rows] == list(photos.CHALLENGES)
    name, s, mad, d1, ratio = rows[1]
    out = photos.illumination(cat, 0.5)
    l1 = np.abs(out.astype(float) - cat).sum()
    assert (name, s) == ("illumination", 0.5)
    assert d1 == pytest.approx(l1) and mad == pytest.approx(l1 / cat.size)
    assert ratio == pytest.approx(l1 / np.abs(ref.astype(float) - cat).sum())
    assert "illumination" in chapter.distance_table(cat, ref, strengths=(0.5,))


# ------------------------------------------------------------------------------------------------
# the challenge explorer (its Python face)
# ------------------------------------------------------------------------------------------------
KEYS = ["challenge", "strength", "label_original", "label_transformed", "l1", "l2",
        "mean_abs", "reference_l1", "ratio"]


def hand_distances(a, b):
    """L1 and L2 by a loop over the values (independent of the library)."""
    l1 = sq = 0
    for x, y in zip(a.ravel().tolist(), b.ravel().tolist()):
        l1 += abs(x - y)
        sq += (x - y) ** 2
    return float(l1), float(np.sqrt(sq))


def decode(b64):
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(b64))).convert("RGB"))


def test_starts_where_the_notebook_puts_it(cat):
    e = sg.ChallengeExplorer(cat, challenge="viewpoint", strength=0.25)
    v = e.readout()
    assert list(v) == KEYS
    assert (v["challenge"], v["strength"]) == ("viewpoint", 0.25)
    assert v["label_original"] == v["label_transformed"] == "cat"
    out = photos.viewpoint(cat, 0.25)
    l1, l2 = hand_distances(out.astype(int), cat.astype(int))
    ref_l1, _ = hand_distances(chapter.flat_image(cat).astype(int), cat.astype(int))
    assert v["l1"] == l1 and v["l2"] == pytest.approx(l2, rel=1e-15)
    assert v["mean_abs"] == pytest.approx(l1 / cat.size, rel=1e-15)
    assert v["reference_l1"] == ref_l1 == e.reference_l1
    assert v["ratio"] == pytest.approx(l1 / ref_l1, rel=1e-15)
    np.testing.assert_array_equal(e.result["image"], out)
    assert e._kernel_readout == v
    assert repr(e) == "ChallengeExplorer(challenge='viewpoint', strength=0.25)"
    assert " at 0x" not in repr(e)


def test_controls_and_labels(cat):
    e = sg.ChallengeExplorer(cat)
    controls = {c["name"]: c for c in e._controls}
    assert list(controls) == ["challenge", "strength"]
    assert controls["challenge"]["kind"] == "select"
    assert controls["challenge"]["label"] == "Challenge"
    assert controls["challenge"]["options"] == [
        ["Viewpoint", "viewpoint"], ["Illumination", "illumination"], ["Clutter", "clutter"],
        ["Occlusion", "occlusion"], ["Deformation", "deformation"],
        ["Intraclass variation", "intraclass"], ["Context", "context"]]
    s = controls["strength"]
    assert (s["kind"], s["label"], s["min"], s["max"], s["step"]) == (
        "slider", "Strength", 0.0, 1.0, 0.05)
    assert e.params() == {"challenge": "viewpoint", "strength": 0.5}
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle[0]


def test_data_carries_exactly_what_the_transforms_use(cat):
    e = sg.ChallengeExplorer(cat, seed=3)
    d = e.data
    h, w = cat.shape[:2]
    assert (d["height"], d["width"], d["label"], d["seed"]) == (h, w, "cat", 3)
    np.testing.assert_array_equal(decode(d["photo"]), cat)
    np.testing.assert_array_equal(decode(d["texture"]), photos.clutter_texture(cat.shape, 3))
    np.testing.assert_array_equal(decode(d["scene"]), photos.context_scene(cat.shape))
    assert d["grain"] == photos.occlusion_grain(h, 3).tolist()      # floats survive JSON exactly
    sx, cy, sy, cx = photos.deformation_waves(cat.shape, 3)
    assert d["waves"] == {"sx": sx.tolist(), "cy": cy.tolist(), "sy": sy.tolist(),
                          "cx": cx.tolist()}
    assert d["mask"] == {"center": [0.53, 0.477], "radii": [0.5, 0.4], "feather": 0.08}
    assert d["board"] == list(photos.BOARD_RGB)
    assert d["reference_l1"] == e.reference_l1
    assert d["descriptions"] == photos.DESCRIPTIONS
    assert len(d["magma"]) == 6 * 256 and d["magma"][:6] == "000004"


@pytest.mark.parametrize("name", list(photos.CHALLENGES))
def test_every_challenge_follows_the_controls(cat, name):
    e = sg.ChallengeExplorer(cat)
    e.challenge = name
    for s in (0.0, 0.35, 1.0):
        e.strength = s
        out = photos.apply(cat, name, s)
        l1, l2 = hand_distances(out.astype(int), cat.astype(int))
        v = e.readout()
        assert (v["challenge"], v["strength"]) == (name, s)
        assert v["l1"] == l1 and v["l2"] == pytest.approx(l2, rel=1e-15)
        assert e._kernel_readout["l1"] == l1
        np.testing.assert_array_equal(e.result["image"], out)
        np.testing.assert_allclose(e.result["difference"],
                                   np.abs(out.astype(float) - cat).mean(axis=2))


def test_set_moves_both_controls_with_one_recompute(cat):
    e = sg.ChallengeExplorer(cat)
    calls = []
    original = e.compute
    e.compute = lambda: calls.append(1) or original()
    assert e.set(challenge="illumination", strength=0.8) is e
    assert len(calls) == 1
    out = photos.illumination(cat, 0.8)
    v = e.readout()
    assert v["l1"] == hand_distances(out.astype(int), cat.astype(int))[0]
    assert v["challenge"] == "illumination" and v["strength"] == 0.8


def test_bad_controls_are_refused_with_their_name(cat):
    e = sg.ChallengeExplorer(cat)
    with pytest.raises(traitlets.TraitError, match="strength"):
        e.strength = 1.5
    with pytest.raises(traitlets.TraitError, match="challenge"):
        e.challenge = "zoom"
    with pytest.raises(ValueError, match="unknown control"):
        e.set(seed=2)
    assert e.params() == {"challenge": "viewpoint", "strength": 0.5}


@pytest.mark.parametrize("kwargs, err, match", [
    (dict(image=np.zeros((4, 4, 3))), TypeError, "uint8"),
    (dict(image=np.zeros((4, 4), np.uint8)), ValueError, "image"),
    (dict(reference=np.zeros((4, 4, 3), np.uint8)), ValueError, "reference"),
    (dict(challenge="zoom"), ValueError, "challenge"),
    (dict(strength=2.0), ValueError, "strength"),
    (dict(seed=-1), ValueError, "seed"),
    (dict(label=""), ValueError, "label"),
])
def test_bad_input(cat, kwargs, err, match):
    kwargs.setdefault("image", cat)
    with pytest.raises(err, match=match):
        sg.ChallengeExplorer(**kwargs)


def test_a_reference_equal_to_the_photo_is_refused(cat):
    with pytest.raises(ValueError, match="reference"):
        sg.ChallengeExplorer(cat, reference=cat.copy())


def test_custom_reference_and_label(cat):
    black = np.zeros_like(cat)
    e = sg.ChallengeExplorer(cat, reference=black, label="Chelsea", challenge="occlusion",
                             strength=1.0)
    v = e.readout()
    assert v["reference_l1"] == float(cat.astype(int).sum())
    assert v["label_original"] == v["label_transformed"] == "Chelsea"
    assert v["ratio"] == pytest.approx(v["l1"] / v["reference_l1"])


def test_the_old_view_is_gone():
    """The old ipywidgets view is gone: the chapter's explorer is an Explorer of
    lossbook.widgets.base (an anywidget), and nothing in its module uses ipywidgets."""
    import importlib.util

    from lossbook.widgets.base import Explorer

    assert importlib.util.find_spec("lossbook.widgets.challenge_explorer") is None
    source = open(sg.__file__, encoding="utf8").read()
    assert "ipywidgets" not in source
    assert issubclass(sg.ChallengeExplorer, Explorer)
    assert [c.__name__ for c in sg.ChallengeExplorer.__mro__[:2]] == ["ChallengeExplorer",
                                                                       "Explorer"]


# ------------------------------------------------------------------------------------------------
# every figure of the chapter, with the chapter's arguments, reads at the size it is shown
# ------------------------------------------------------------------------------------------------
def test_channels_and_challenges_figures_are_legible():
    assert_legible(chapter.channels_figure(photos.load_photo("chelsea", scale=1.0)))
    assert_legible(chapter.challenges_figure(photos.load_photo("chelsea"), strength=0.5))


def test_shapes_figure_is_legible():
    assert_legible(chapter.shapes_figure(level=1.0))


def test_neighbours_figure_is_legible_and_marks_wrong_neighbours():
    images, labels = digits.load_digits()
    X_train, y_train, X_test, y_test = splits.shuffle_split(images, labels,
                                                            test_fraction=0.25, seed=0)
    model = knn.train(X_train, y_train)
    y_pred = knn.predict(model, X_test, k=1, metric="l1")
    rows = np.r_[0:3, np.flatnonzero(y_pred != y_test)[:1]]
    near = knn.neighbors(model, X_test[rows], k=5, metric="l1")
    fig = chapter.neighbours_figure(X_test[rows], y_test[rows], X_train, y_train, near)
    assert_legible(fig)
    titles = [ax.title for ax in fig.axes]
    assert len(titles) == 4 * 6
    for i in range(4):
        assert titles[6 * i].get_text() == f"test: {y_test[rows[i]]}"
        for j in range(5):
            t = titles[6 * i + j + 1]
            wrong = y_train[near[i, j]] != y_test[rows[i]]
            assert t.get_text() == f"{j + 1}: {y_train[near[i, j]]}"
            assert t.get_color() == ("red" if wrong else "black")
