"""The challenge transforms on a real photo, their fixed ingredients, the pixel distances, and the
challenge explorer's pure compute (the explorer class: tests/test_semantic_gap_explorer.py)."""
import numpy as np
import pytest

from lossbook import challenges as ch
from lossbook.widgets import ch01_semantic_gap as ce


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


# ------------------------------------------------------------------------------------------------
# the fixed ingredients (what the explorer's JavaScript face is given)
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("s", [0.05, 0.25, 0.5, 1.0])
def test_viewpoint_matrix_is_the_inverse_of_the_camera_move(cat, s):
    """Written out entry by entry, the matrix is the inverse of scikit-image's composition
    (translate the centre to 0, rotate and zoom, translate back), and warps to the same pixels."""
    from skimage.transform import AffineTransform, warp

    h, w = cat.shape[:2]
    c = np.array([w / 2, h / 2])
    t = (AffineTransform(translation=-c)
         + AffineTransform(rotation=np.deg2rad(40 * s), scale=1 + 0.5 * s)
         + AffineTransform(translation=c))
    m = ch.viewpoint_matrix(cat.shape, s)
    np.testing.assert_allclose(m, np.linalg.inv(t.params), rtol=0, atol=1e-12)
    np.testing.assert_allclose(m @ t.params, np.eye(3), atol=1e-12)
    by_skimage = warp(cat.astype(float), t.inverse, mode="edge", order=1, preserve_range=True)
    np.testing.assert_array_equal(ch.viewpoint(cat, s), np.clip(np.rint(by_skimage), 0, 255))


def test_texture_and_scene_are_uint8_and_read_only(cat):
    for img in (ch.clutter_texture(cat.shape, 0), ch.context_scene(cat.shape)):
        assert img.dtype == np.uint8 and img.shape == cat.shape
        assert not img.flags.writeable
    assert ch.clutter_texture(cat.shape, 0) is ch.clutter_texture(cat.shape, 0)  # cached
    assert not np.array_equal(ch.clutter_texture(cat.shape, 0), ch.clutter_texture(cat.shape, 1))
    from skimage.data import rocket
    from skimage.transform import resize
    smooth = resize(rocket(), cat.shape[:2], anti_aliasing=True, preserve_range=True)
    assert np.abs(ch.context_scene(cat.shape) - smooth).max() <= 0.5 + 1e-9


def test_clutter_and_context_are_the_blend_by_hand(cat):
    m = ch.subject_mask(cat.shape)[..., None]
    for name, bg in (("clutter", ch.clutter_texture(cat.shape, 0)),
                     ("context", ch.context_scene(cat.shape))):
        s = 0.6
        blend = m * cat + (1 - m) * ((1 - s) * cat + s * bg.astype(float))
        np.testing.assert_array_equal(ch.apply(cat, name, s), np.clip(np.rint(blend), 0, 255))


def test_occlusion_board_is_the_grain_by_hand(cat):
    h, w = cat.shape[:2]
    grain = ch.occlusion_grain(h, 0)
    assert grain.shape == (h,)
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(
        grain, 12 * np.sin(np.linspace(0, 40, h)) + rng.normal(0, 4, (h, 1))[:, 0])
    out = ch.occlusion(cat, 0.5)
    edge = round(0.65 * 0.5 * w)
    for i in (0, h // 2, h - 1):
        for c in range(3):
            expected = min(255, max(0, round(ch.BOARD_RGB[c] + grain[i])))
            assert (out[i, :edge, c] == expected).all()
    assert (out[:, edge:] == cat[:, edge:]).all()


def test_deformation_waves_are_the_two_dimensional_formula(cat):
    """The waves along one axis, broadcast, are the displacement written over the whole grid."""
    from scipy.ndimage import map_coordinates

    h, w = cat.shape[:2]
    p = ch.deformation_phases(0)
    assert p.shape == (4,) and np.all((0 <= p) & (p < 2 * np.pi))
    sx, cy, sy, cx = ch.deformation_waves(cat.shape, 0)
    assert sx.shape == cx.shape == (w,) and cy.shape == sy.shape == (h,)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    s = 0.7
    amp = 0.06 * w * s
    dy = amp * np.sin(2 * np.pi * xx / (0.6 * w) + p[0]) * np.cos(2 * np.pi * yy / (0.9 * h) + p[1])
    dx = amp * np.sin(2 * np.pi * yy / (0.5 * h) + p[2]) * np.cos(2 * np.pi * xx / (0.8 * w) + p[3])
    np.testing.assert_allclose(dy, amp * sx[None, :] * cy[:, None], rtol=0, atol=1e-12)
    np.testing.assert_allclose(dx, amp * sy[:, None] * cx[None, :], rtol=0, atol=1e-12)
    out = np.stack([map_coordinates(cat[..., c].astype(float), [yy + dy, xx + dx], order=1,
                                    mode="reflect") for c in range(3)], axis=-1)
    np.testing.assert_array_equal(ch.deformation(cat, s), np.clip(np.rint(out), 0, 255))


def test_subject_mask_parameters():
    m = ch.subject_mask((150, 226, 3))
    np.testing.assert_array_equal(m, ch.subject_mask((150, 226, 3), **ch.SUBJECT))
    assert m.max() == 1.0 and m.min() == 0.0
