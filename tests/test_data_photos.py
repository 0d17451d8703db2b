"""lossbook.data.photos: the challenge transforms on a real photo and their fixed ingredients
(what the chapter-1 explorer's JavaScript face is given).  The pixel distances and the explorer:
tests/test_ch01_semantic_gap.py."""
import numpy as np
import pytest

from lossbook.data import photos


@pytest.fixture(scope="module")
def cat():
    return photos.load_photo("chelsea", scale=0.25)


def l1_distance(a, b):
    """The L1 distance between two images, in floats (uint8 would wrap around)."""
    return float(np.abs(a.astype(np.float64) - b.astype(np.float64)).sum())


def test_load_photo(cat):
    assert cat.dtype == np.uint8 and cat.shape == (75, 113, 3)
    with pytest.raises(ValueError, match="name"):
        photos.load_photo("dog")


@pytest.mark.parametrize("name", list(photos.CHALLENGES))
def test_each_challenge_keeps_shape_and_is_identity_at_zero(cat, name):
    out0 = photos.apply(cat, name, 0.0)
    assert out0.shape == cat.shape and out0.dtype == np.uint8
    np.testing.assert_array_equal(out0, cat)
    d = [l1_distance(cat, photos.apply(cat, name, s)) for s in (0.3, 0.6, 1.0)]
    assert d[0] > 0
    assert d[2] > d[0]                      # stronger moves the pixels farther
    np.testing.assert_array_equal(photos.apply(cat, name, 0.6, seed=1),
                                  photos.apply(cat, name, 0.6, seed=1))


def test_illumination_by_hand(cat):
    out = photos.illumination(cat, 1.0)
    w = cat.shape[1]
    np.testing.assert_allclose(out[:, 0], np.clip(np.rint(cat[:, 0] * 0.1), 0, 255), atol=1)
    np.testing.assert_allclose(out[:, w - 1], np.clip(np.rint(cat[:, w - 1] * 0.7), 0, 255), atol=1)


def test_occlusion_hides_the_left_part(cat):
    out = photos.occlusion(cat, 1.0)
    edge = int(round(0.65 * cat.shape[1]))
    np.testing.assert_array_equal(out[:, edge:], cat[:, edge:])
    assert not np.array_equal(out[:, :edge], cat[:, :edge])


def test_background_challenges_leave_the_face(cat):
    m = photos.subject_mask(cat.shape)
    core = m >= 1.0
    for name in ("clutter", "context"):
        out = photos.apply(cat, name, 1.0)
        np.testing.assert_array_equal(out[core], cat[core])
        assert np.abs(out[m == 0].astype(int) - cat[m == 0]).mean() > 20


def test_bad_strength(cat):
    with pytest.raises(ValueError, match="strength"):
        photos.apply(cat, "viewpoint", 1.5)
    with pytest.raises(ValueError, match="challenge"):
        photos.apply(cat, "zoom", 0.5)
    with pytest.raises(TypeError, match="uint8"):
        photos.apply(cat.astype(float), "viewpoint", 0.5)


def test_the_public_checks_name_their_argument(cat):
    np.testing.assert_array_equal(photos.check_image(cat), cat)
    with pytest.raises(ValueError, match=r"reference must be an \(H, W, 3\)"):
        photos.check_image(cat[..., 0], "reference")
    with pytest.raises(TypeError, match="photo must be uint8"):
        photos.check_image(cat.astype(float), "photo")
    assert photos.check_strength(0.25) == 0.25 and isinstance(photos.check_strength(1), float)
    for bad in (-0.1, 1.01):
        with pytest.raises(ValueError, match=r"strength must be in \[0, 1\]"):
            photos.check_strength(bad)
    with pytest.raises(TypeError, match="strength"):
        photos.check_strength("0.5")


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
    m = photos.viewpoint_matrix(cat.shape, s)
    np.testing.assert_allclose(m, np.linalg.inv(t.params), rtol=0, atol=1e-12)
    np.testing.assert_allclose(m @ t.params, np.eye(3), atol=1e-12)
    by_skimage = warp(cat.astype(float), t.inverse, mode="edge", order=1, preserve_range=True)
    np.testing.assert_array_equal(photos.viewpoint(cat, s), np.clip(np.rint(by_skimage), 0, 255))


def test_texture_and_scene_are_uint8_and_read_only(cat):
    for img in (photos.clutter_texture(cat.shape, 0), photos.context_scene(cat.shape)):
        assert img.dtype == np.uint8 and img.shape == cat.shape
        assert not img.flags.writeable
    assert photos.clutter_texture(cat.shape, 0) is photos.clutter_texture(cat.shape, 0)  # cached
    assert not np.array_equal(photos.clutter_texture(cat.shape, 0),
                              photos.clutter_texture(cat.shape, 1))
    from skimage.data import rocket
    from skimage.transform import resize
    smooth = resize(rocket(), cat.shape[:2], anti_aliasing=True, preserve_range=True)
    assert np.abs(photos.context_scene(cat.shape) - smooth).max() <= 0.5 + 1e-9


def test_clutter_and_context_are_the_blend_by_hand(cat):
    m = photos.subject_mask(cat.shape)[..., None]
    for name, bg in (("clutter", photos.clutter_texture(cat.shape, 0)),
                     ("context", photos.context_scene(cat.shape))):
        s = 0.6
        blend = m * cat + (1 - m) * ((1 - s) * cat + s * bg.astype(float))
        np.testing.assert_array_equal(photos.apply(cat, name, s), np.clip(np.rint(blend), 0, 255))


def test_occlusion_board_is_the_grain_by_hand(cat):
    h, w = cat.shape[:2]
    grain = photos.occlusion_grain(h, 0)
    assert grain.shape == (h,)
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(
        grain, 12 * np.sin(np.linspace(0, 40, h)) + rng.normal(0, 4, (h, 1))[:, 0])
    out = photos.occlusion(cat, 0.5)
    edge = round(0.65 * 0.5 * w)
    for i in (0, h // 2, h - 1):
        for c in range(3):
            expected = min(255, max(0, round(photos.BOARD_RGB[c] + grain[i])))
            assert (out[i, :edge, c] == expected).all()
    assert (out[:, edge:] == cat[:, edge:]).all()


def test_deformation_waves_are_the_two_dimensional_formula(cat):
    """The waves along one axis, broadcast, are the displacement written over the whole grid."""
    from scipy.ndimage import map_coordinates

    h, w = cat.shape[:2]
    p = photos.deformation_phases(0)
    assert p.shape == (4,) and np.all((0 <= p) & (p < 2 * np.pi))
    sx, cy, sy, cx = photos.deformation_waves(cat.shape, 0)
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
    np.testing.assert_array_equal(photos.deformation(cat, s), np.clip(np.rint(out), 0, 255))


def test_subject_mask_parameters():
    m = photos.subject_mask((150, 226, 3))
    np.testing.assert_array_equal(m, photos.subject_mask((150, 226, 3), **photos.SUBJECT))
    assert m.max() == 1.0 and m.min() == 0.0
