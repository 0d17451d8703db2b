"""The challenge transforms on a real photo, the pixel distances, and the challenge explorer."""
import numpy as np
import pytest

from lossbook import challenges as ch
from lossbook.widgets import challenge_explorer as ce


@pytest.fixture(scope="module")
def cat():
    return ch.load_photo("chelsea", scale=0.25)


def test_load_photo(cat):
    assert cat.dtype == np.uint8 and cat.shape == (75, 113, 3)
    with pytest.raises(ValueError, match="name"):
        ch.load_photo("dog")


def test_pixel_distance_by_hand():
    a = np.array([[[0, 10, 20]]], dtype=np.uint8)
    b = np.array([[[3, 6, 20]]], dtype=np.uint8)      # uint8 would wrap around: must not
    assert ch.pixel_distance(a, b, "l1") == 7.0
    assert ch.pixel_distance(a, b, "l2") == pytest.approx(5.0)
    assert ch.mean_abs_difference(a, b) == pytest.approx(7 / 3)
    with pytest.raises(ValueError, match="metric"):
        ch.pixel_distance(a, b, "l3")
    with pytest.raises(ValueError, match="same shape"):
        ch.pixel_distance(a, b[..., :2])


@pytest.mark.parametrize("name", list(ch.CHALLENGES))
def test_each_challenge_keeps_shape_and_is_identity_at_zero(cat, name):
    out0 = ch.apply(cat, name, 0.0)
    assert out0.shape == cat.shape and out0.dtype == np.uint8
    np.testing.assert_array_equal(out0, cat)
    d = [ch.pixel_distance(cat, ch.apply(cat, name, s), "l1") for s in (0.3, 0.6, 1.0)]
    assert d[0] > 0
    assert d[2] > d[0]                      # stronger moves the pixels farther
    np.testing.assert_array_equal(ch.apply(cat, name, 0.6, seed=1), ch.apply(cat, name, 0.6, seed=1))


def test_illumination_by_hand(cat):
    out = ch.illumination(cat, 1.0)
    w = cat.shape[1]
    np.testing.assert_allclose(out[:, 0], np.clip(np.rint(cat[:, 0] * 0.1), 0, 255), atol=1)
    np.testing.assert_allclose(out[:, w - 1], np.clip(np.rint(cat[:, w - 1] * 0.7), 0, 255), atol=1)


def test_occlusion_hides_the_left_part(cat):
    out = ch.occlusion(cat, 1.0)
    edge = int(round(0.65 * cat.shape[1]))
    np.testing.assert_array_equal(out[:, edge:], cat[:, edge:])
    assert not np.array_equal(out[:, :edge], cat[:, :edge])


def test_background_challenges_leave_the_face(cat):
    m = ch.subject_mask(cat.shape)
    core = m >= 1.0
    for name in ("clutter", "context"):
        out = ch.apply(cat, name, 1.0)
        np.testing.assert_array_equal(out[core], cat[core])
        assert np.abs(out[m == 0].astype(int) - cat[m == 0]).mean() > 20


def test_bad_strength(cat):
    with pytest.raises(ValueError, match="strength"):
        ch.apply(cat, "viewpoint", 1.5)
    with pytest.raises(ValueError, match="challenge"):
        ch.apply(cat, "zoom", 0.5)
    with pytest.raises(TypeError, match="uint8"):
        ch.apply(cat.astype(float), "viewpoint", 0.5)


def test_explorer_compute_against_hand_distance(cat):
    ref = ce.flat_image(cat)
    assert np.all(ref == ref[0, 0]) and np.abs(ref[0, 0].astype(float) - cat.reshape(-1, 3).mean(0)).max() <= 0.5
    r = ce.compute(cat, "deformation", 0.7, ref)
    out = ch.deformation(cat, 0.7)
    diff = out.astype(float) - cat.astype(float)
    assert r["l1"] == pytest.approx(np.abs(diff).sum())
    assert r["l2"] == pytest.approx(np.sqrt((diff ** 2).sum()))
    ref_l1 = np.abs(ref.astype(float) - cat).sum()
    assert r["reference_l1"] == pytest.approx(ref_l1)
    assert r["ratio"] == pytest.approx(np.abs(diff).sum() / ref_l1)


def test_explorer_view_follows_the_controls(cat):
    e = ce.ChallengeExplorer(image=cat)
    e.challenge.value = "illumination"
    e.strength.value = 0.8
    out = ch.illumination(cat, 0.8)
    v = e.readout.values
    assert v["challenge"] == "illumination" and v["strength"] == "0.80"
    assert v["label_original"] == v["label_transformed"] == "cat"
    l1 = np.abs(out.astype(float) - cat).sum()
    assert float(v["l1"].replace(",", "")) == pytest.approx(l1, abs=1)
    assert float(v["mean_abs"]) == pytest.approx(l1 / cat.size, abs=0.05)
    np.testing.assert_array_equal(e.shown.get_array(), out)
    assert e.view.image.value[:2] == b"\xff\xd8"              # a JPEG frame was drawn
    assert e.challenge.description == "Challenge" and e.strength.description == "Strength"


def test_distance_rows_by_hand(cat):
    ref = ce.flat_image(cat)
    rows = ch.distance_rows(cat, ref, strengths=(0.5,))
    assert [r[0] for r in rows] == list(ch.CHALLENGES)
    name, s, mad, d1, ratio = rows[1]
    out = ch.illumination(cat, 0.5)
    l1 = np.abs(out.astype(float) - cat).sum()
    assert (name, s) == ("illumination", 0.5)
    assert d1 == pytest.approx(l1) and mad == pytest.approx(l1 / cat.size)
    assert ratio == pytest.approx(l1 / np.abs(ref.astype(float) - cat).sum())
    assert "illumination" in ch.distance_table(cat, ref, strengths=(0.5,))
