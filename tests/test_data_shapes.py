"""lossbook.data.shapes: the procedurally generated shapes data set: shapes, determinism, and what
each knob changes."""
import numpy as np
import pytest

from lossbook.data import shapes


def test_shapes_dtypes_and_labels():
    X, y = shapes.make_shapes(n_per_class=4, seed=0)
    assert X.shape == (12, 32, 32, 3) and X.dtype == np.uint8
    assert y.shape == (12,) and np.issubdtype(y.dtype, np.integer)
    assert np.bincount(y).tolist() == [4, 4, 4]
    assert shapes.CLASS_NAMES == ("square", "circle", "triangle")


def test_deterministic_and_seed_matters():
    kw = dict(viewpoint=0.4, illumination=0.3, clutter=0.5, occlusion=0.2, deformation=0.6,
              intraclass=0.7)
    a, ya = shapes.make_shapes(5, seed=3, **kw)
    b, yb = shapes.make_shapes(5, seed=3, **kw)
    c, _ = shapes.make_shapes(5, seed=4, **kw)
    assert np.array_equal(a, b) and np.array_equal(ya, yb)
    assert not np.array_equal(a, c)


def test_default_colours_identify_the_class():
    """All knobs at 0: blue squares, red circles, green triangles at the centre."""
    X, y, info = shapes.make_shapes(6, seed=1, return_info=True)
    centre = X[:, 16, 16, :].astype(int)
    dominant = centre.argmax(axis=1)          # channel with the most light: R=0, G=1, B=2
    assert np.all(dominant[y == 0] == 2) and np.all(dominant[y == 1] == 0)
    assert np.all(dominant[y == 2] == 1)
    # same area for the three shapes (square side 14 px -> 196 px², up to anti-aliasing)
    area = info["mask"].sum(axis=(1, 2))
    assert np.allclose(area, 196, rtol=0.04)


def _object_pixels(info):
    return info["mask"] > 0.99


def test_viewpoint_rotates_and_scales_only_the_geometry():
    _, _, base = shapes.make_shapes(20, seed=2, return_info=True)
    X, _, info = shapes.make_shapes(20, seed=2, viewpoint=1.0, return_info=True)
    assert np.all(base["angle"] == 0) and np.ptp(info["angle"]) > 3.0
    areas0, areas1 = base["mask"].sum(axis=(1, 2)), info["mask"].sum(axis=(1, 2))
    assert np.ptp(areas0) < 10 and np.ptp(areas1) > 100
    assert np.allclose(info["rgb"], base["rgb"])          # colours untouched


def test_illumination_changes_brightness_not_geometry():
    X0, _, i0 = shapes.make_shapes(20, seed=5, return_info=True)
    X1, _, i1 = shapes.make_shapes(20, seed=5, illumination=1.0, return_info=True)
    assert np.array_equal(i0["mask"], i1["mask"])
    m0, m1 = X0.reshape(60, -1).mean(axis=1), X1.reshape(60, -1).mean(axis=1)
    assert np.ptp(m0) < 20 and np.ptp(m1) > 60
    # the background of every image is uniform without light; a light gradient makes it vary
    bg = ~(i0["mask"] > 0)
    spread = [X1[i][bg[i]].astype(float).std() for i in range(60)]
    assert np.median(spread) > 3 and X0[0][bg[0]].std() == 0


def test_clutter_changes_the_background_only():
    X0, _, i0 = shapes.make_shapes(10, seed=6, return_info=True)
    X1, _, i1 = shapes.make_shapes(10, seed=6, clutter=1.0, return_info=True)
    assert np.array_equal(i0["mask"], i1["mask"])
    inside = _object_pixels(i0)
    assert np.array_equal(X0[inside], X1[inside])          # the object is untouched
    outside = i0["mask"] == 0
    assert X1[outside].astype(float).std() > 5 * max(X0[outside].astype(float).std(), 1.0)


def test_occlusion_hides_part_of_the_object():
    _, _, i0 = shapes.make_shapes(20, seed=7, return_info=True)
    _, _, i1 = shapes.make_shapes(20, seed=7, occlusion=1.0, return_info=True)
    vis0 = i0["visible"].sum(axis=(1, 2)) / i0["mask"].sum(axis=(1, 2))
    vis1 = i1["visible"].sum(axis=(1, 2)) / i1["mask"].sum(axis=(1, 2))
    assert np.allclose(vis0, 1.0)
    assert vis1.max() < 0.95 and vis1.mean() < 0.8 and vis1.min() > 0.0


def test_deformation_changes_the_outline():
    _, _, i0 = shapes.make_shapes(10, seed=8, return_info=True)
    _, _, i1 = shapes.make_shapes(10, seed=8, deformation=1.0, return_info=True)
    assert np.all(i0["stretch"] == 1) and np.all(i0["shear"] == 0)
    iou = (np.minimum(i0["mask"], i1["mask"]).sum(axis=(1, 2))
           / np.maximum(i0["mask"], i1["mask"]).sum(axis=(1, 2)))
    assert iou.mean() < 0.8


def test_intraclass_changes_colour_and_size():
    _, y, i0 = shapes.make_shapes(30, seed=9, return_info=True)
    _, _, i1 = shapes.make_shapes(30, seed=9, intraclass=1.0, return_info=True)
    for k in range(3):
        assert np.ptp(i0["rgb"][y == k], axis=0).max() == 0
        assert np.ptp(i1["rgb"][y == k], axis=0).max() > 0.3
    assert np.ptp(i1["scale"]) > 0.3 and np.all(i0["scale"] == 1)


def test_one_knob_leaves_other_streams_alone():
    """Turning up illumination must not move the shapes drawn with viewpoint on."""
    _, _, a = shapes.make_shapes(8, seed=10, viewpoint=0.5, return_info=True)
    _, _, b = shapes.make_shapes(8, seed=10, viewpoint=0.5, illumination=0.9, return_info=True)
    assert np.array_equal(a["angle"], b["angle"]) and np.array_equal(a["mask"], b["mask"])


@pytest.mark.parametrize("kw, exc", [
    (dict(n_per_class=0), ValueError), (dict(n_per_class=2.5), TypeError),
    (dict(viewpoint=1.5), ValueError), (dict(clutter=-0.1), ValueError),
    (dict(occlusion="a lot"), TypeError), (dict(seed=-1), ValueError)])
def test_bad_arguments(kw, exc):
    with pytest.raises(exc, match=next(iter(kw))):
        shapes.make_shapes(**kw)


def test_hsv_conversions_match_matplotlib_bit_for_bit():
    """The data module converts colours without matplotlib; the arithmetic must be matplotlib's."""
    import matplotlib.colors as mcolors

    from lossbook.data.shapes import _hsv_to_rgb, _rgb_to_hsv

    rng = np.random.default_rng(5)
    rgb = rng.random((500, 3))
    rgb[::5, 1] = rgb[::5, 0]                     # ties between channels
    rgb[::7] = rgb[::7, :1]                       # greys: no hue, no saturation
    rgb = np.vstack([rgb, np.eye(3), np.zeros((1, 3)), np.ones((1, 3))])
    assert np.array_equal(_rgb_to_hsv(rgb), mcolors.rgb_to_hsv(rgb))
    hsv = rng.random((500, 3))
    hsv[::4, 1] = 0.0
    hsv[::9, 0] = 1.0                             # h = 1 wraps to the first sector
    assert np.array_equal(_hsv_to_rgb(hsv), mcolors.hsv_to_rgb(hsv))
    assert np.array_equal(_rgb_to_hsv(rgb[0]), mcolors.rgb_to_hsv(rgb[0]))
