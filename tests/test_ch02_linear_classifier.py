"""Chapter 2 (the linear classifier): lossbook.chapters.ch02_linear_classifier (the zero-score
line, the decision regions, the templates, the accuracy-versus-knob study on the shapes data set)
and the linear classifier explorer lossbook.widgets.ch02_linear_classifier: its compute step
against independent formulas, the grid snap, and its Python face (its JavaScript face is checked
against it in tests/browser)."""
from pathlib import Path

import numpy as np
import pytest
import traitlets
from figure_checks import assert_legible
from matplotlib.figure import Figure
from matplotlib.text import Text

from lossbook import linear, losses
from lossbook.chapters import ch02_linear_classifier as chapter
from lossbook.data import shapes, toy2d
from lossbook.widgets import ch02_linear_classifier as le


def _svm_by_hand(S, y, margin=1.0):
    out = []
    for s, yi in zip(S, y):
        out.append(sum(max(0.0, s[j] - s[yi] + margin) for j in range(len(s)) if j != yi))
    return np.array(out)


def _softmax_by_hand(S, y):
    return np.array([-np.log(np.exp(s[yi]) / np.exp(s).sum()) for s, yi in zip(S, y)])


@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_compute_matches_hand_formulas(loss, rng):
    X, y = toy2d.blobs(5, seed=1)
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    st = le.compute(W, b, X, y, loss=loss, reg_strength=0.3)
    S = np.array([[W[k] @ x + b[k] for k in range(3)] for x in X])
    np.testing.assert_allclose(st.scores, S)
    per = _svm_by_hand(S, y) if loss == "svm" else _softmax_by_hand(S, y)
    np.testing.assert_allclose(st.losses, per)
    assert st.data_loss == pytest.approx(per.mean())
    assert st.reg_loss == pytest.approx(0.3 * (W ** 2).sum())
    assert st.total_loss == pytest.approx(per.mean() + 0.3 * (W ** 2).sum())
    assert st.accuracy == pytest.approx(np.mean(S.argmax(1) == y))
    np.testing.assert_array_equal(st.predictions, S.argmax(1))


@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_compute_equals_the_library(loss, rng):
    """The explorer sums in its own fixed order; the numbers are those of linear.loss_and_grad
    (and of the naive loops of CS231n's assignment)."""
    for name in toy2d.DATASETS:
        X, y = toy2d.make_toy(name)
        W, b = rng.uniform(-3, 3, (3, 2)), rng.uniform(-3, 3, 3)
        st = le.compute(W, b, X, y, loss, 0.37)
        ref = linear.loss_and_grad(W, b, X, y, loss=loss, reg="l2", reg_strength=0.37)
        np.testing.assert_allclose(st.scores, linear.scores(X, W, b), rtol=1e-13, atol=1e-13)
        assert st.total_loss == pytest.approx(ref.loss, rel=1e-13)
        assert st.data_loss == pytest.approx(ref.data_loss, rel=1e-13)
        assert st.reg_loss == pytest.approx(ref.reg_loss, rel=1e-13)
        np.testing.assert_allclose(st.dW, ref.dW, rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(st.db, ref.db, rtol=1e-12, atol=1e-13)
        naive = (linear.svm_loss_naive(W, b, X, y, reg_strength=0.37) if loss == "svm"
                 else linear.softmax_loss_naive(W, b, X, y, reg_strength=0.37))
        assert st.total_loss == pytest.approx(naive[0], rel=1e-12)
        np.testing.assert_allclose(st.dW, naive[1], rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_gradient_matches_finite_differences(loss, rng):
    X, y = toy2d.demo_points()
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    st = le.compute(W, b, X, y, loss=loss, reg_strength=0.2)
    h = 1e-6
    for k in range(3):
        for d in range(2):
            Wp, Wm = W.copy(), W.copy()
            Wp[k, d] += h
            Wm[k, d] -= h
            num = (le.compute(Wp, b, X, y, loss, 0.2).total_loss
                   - le.compute(Wm, b, X, y, loss, 0.2).total_loss) / (2 * h)
            assert st.dW[k, d] == pytest.approx(num, abs=1e-5)
        bp, bm = b.copy(), b.copy()
        bp[k] += h
        bm[k] -= h
        num = (le.compute(W, bp, X, y, loss, 0.2).total_loss
               - le.compute(W, bm, X, y, loss, 0.2).total_loss) / (2 * h)
        assert st.db[k] == pytest.approx(num, abs=1e-5)


def test_gradient_step_lowers_the_loss():
    X, y = toy2d.demo_points()
    W, b = le.DEMO_W, le.DEMO_B
    before = le.compute(W, b, X, y, "softmax", 0.1).total_loss
    W2, b2 = le.gradient_step(W, b, X, y, "softmax", 0.1, learning_rate=0.05)
    st = le.compute(W, b, X, y, "softmax", 0.1)
    np.testing.assert_allclose(W2, W - 0.05 * st.dW)
    np.testing.assert_allclose(b2, b - 0.05 * st.db)
    assert le.compute(W2, b2, X, y, "softmax", 0.1).total_loss < before


def test_compute_rejects_bad_input():
    X, y = toy2d.demo_points()
    with pytest.raises(ValueError, match="loss"):
        le.compute(le.DEMO_W, le.DEMO_B, X, y, loss="hinge")
    with pytest.raises(ValueError, match="reg_strength"):
        le.compute(le.DEMO_W, le.DEMO_B, X, y, reg_strength=-1)
    with pytest.raises(ValueError, match="X"):
        le.compute(le.DEMO_W, le.DEMO_B, X[:, :1], y)
    with pytest.raises(ValueError, match="b"):
        le.compute(le.DEMO_W, le.DEMO_B[:2], X, y)
    with pytest.raises(ValueError, match="learning_rate"):
        le.gradient_step(le.DEMO_W, le.DEMO_B, X, y, learning_rate=0.0)


def test_snap_is_numpys_round_half_even_on_the_grid():
    values = [0.125, 0.135, -0.125, 1.005, 2.675, 7.3, -9.0, -0.001, 0.004999]
    snapped = le.snap(values)
    np.testing.assert_array_equal(snapped, np.round(np.clip(values, -5, 5), 2))
    assert snapped.tolist()[:2] == [0.12, 0.14]            # halves of 100 x to even
    assert snapped[5] == 5.0 and snapped[6] == -5.0         # clipped to the sliders' range
    assert not np.signbit(snapped[7])                       # no "-0.00" on a slider


def test_zero_score_segment_lies_on_the_line():
    xs, ys = chapter.zero_score_segment([1.0, 2.0], 0.5, 1.0)
    np.testing.assert_allclose(1.0 * xs + 2.0 * ys + 0.5, 0, atol=1e-12)
    assert np.all(np.abs(xs) <= 1 + 1e-9) and np.all(np.abs(ys) <= 1 + 1e-9)
    # y = -5 misses the square
    assert chapter.zero_score_segment([0.0, 1.0], 5.0, 1.0)[0].size == 0


# ------------------------------------------------------------------------------------------------
# the explorer (its Python face)
# ------------------------------------------------------------------------------------------------
READOUT_KEYS = {"loss", "data_loss", "reg_loss", "total_loss", "accuracy", "next_total_loss",
                *(f"dW_{k}_{d}" for k in range(3) for d in range(2)),
                *(f"db_{k}" for k in range(3))}


def test_controls_are_labelled():
    e = le.LinearExplorer()
    controls = {c["name"]: c for c in e._controls}
    assert list(controls) == ["dataset", "W", "b", "loss", "reg_strength", "learning_rate"]
    assert controls["dataset"]["label"] == "Data set" and controls["dataset"]["kind"] == "select"
    assert [v for _, v in controls["dataset"]["options"]] == list(toy2d.DATASETS)
    assert controls["W"]["kind"] == controls["b"]["kind"] == "slider_array"
    assert controls["W"]["labels"] == [[f"W[{k},{d}]  class {k} · x{d + 1}" for d in range(2)]
                                       for k in range(3)]
    assert controls["b"]["labels"] == [f"b[{k}]  class {k} bias" for k in range(3)]
    for name in ("W", "b"):
        assert (controls[name]["min"], controls[name]["max"], controls[name]["step"]) == (
            -5.0, 5.0, 0.01)
    assert controls["loss"]["label"] == "Loss" and controls["loss"]["kind"] == "toggle"
    assert controls["loss"]["options"] == [["SVM (hinge)", "svm"],
                                           ["Softmax (cross-entropy)", "softmax"]]
    assert controls["reg_strength"]["label"] == "λ reg. strength"
    assert (controls["reg_strength"]["min"], controls["reg_strength"]["max"]) == (0.0, 1.0)
    assert controls["learning_rate"]["label"] == "η step size"
    assert (controls["learning_rate"]["min"], controls["learning_rate"]["max"]) == (0.01, 1.0)
    # the buttons live in the JavaScript face; their labels are part of the chapter's text
    source = Path(le.__file__).with_suffix(".js").read_text(encoding="utf8")
    for label in ("One gradient step", "10 steps", "Randomize W, b"):
        assert f'"{label}"' in source


def test_explorer_starts_at_the_demo_and_ships_every_data_set():
    e = le.LinearExplorer()
    X, y = toy2d.demo_points()
    np.testing.assert_array_equal(e.W, le.DEMO_W)
    np.testing.assert_array_equal(e.b, le.DEMO_B)
    v = e.readout()
    per = losses.svm_loss(X @ le.DEMO_W.T + le.DEMO_B, y, reduction="none")
    assert v["loss"] == "SVM"
    assert v["data_loss"] == pytest.approx(per.mean(), rel=1e-12)
    assert v["reg_loss"] == pytest.approx(3.5, rel=1e-12)       # 0.1 · (1 + 4 + 4 + 16 + 9 + 1)
    per_point = {f"{c}_{i}" for i in range(9) for c in ("x1", "x2", "y", "L")}
    scores = {f"s_{i}_{k}" for i in range(9) for k in range(3)}
    assert set(v) == READOUT_KEYS | per_point | scores
    assert e._kernel_readout == v
    for name, (Xd, yd) in ((n, toy2d.make_toy(n)) for n in toy2d.DATASETS):
        shipped = e.data["datasets"][name]
        np.testing.assert_array_equal(shipped["X"], Xd)
        assert shipped["y"] == yd.tolist()
    assert e.data["lim"] == 1.1 and e.data["seed"] == 0


def test_readout_follows_the_controls():
    e = le.LinearExplorer()
    X, y = toy2d.demo_points()
    W = le.DEMO_W.copy()
    W[1, 0] = -1.5
    b = le.DEMO_B.copy()
    b[2] = 0.75
    e.set(W=W.tolist(), b=b.tolist(), reg_strength=0.25, loss="softmax")
    S = X @ W.T + b
    per = losses.cross_entropy(S, y, reduction="none")
    v = e.readout()
    assert v["loss"] == "softmax"
    assert v["data_loss"] == pytest.approx(per.mean(), rel=1e-12)
    assert v["reg_loss"] == pytest.approx(0.25 * (W ** 2).sum(), rel=1e-12)
    assert v["total_loss"] == pytest.approx(per.mean() + 0.25 * (W ** 2).sum(), rel=1e-12)
    for i in range(len(y)):
        assert v[f"L_{i}"] == pytest.approx(per[i], rel=1e-12)
        assert (v[f"x1_{i}"], v[f"x2_{i}"], v[f"y_{i}"]) == (X[i, 0], X[i, 1], y[i])
        for k in range(3):
            assert v[f"s_{i}_{k}"] == pytest.approx(S[i, k], rel=1e-12, abs=1e-12)
    printed = e.printed()
    assert printed["total_loss"] == f"{per.mean() + 0.25 * (W ** 2).sum():.3f}"
    assert printed["s_0_1"] == f"{S[0, 1]:.2f}" and printed["y_4"] == "1"
    # one control at a time recomputes too
    e.reg_strength = 0.0
    assert e.readout()["total_loss"] == pytest.approx(per.mean(), rel=1e-12)


def test_dataset_switch():
    e = le.LinearExplorer()
    e.dataset = "rings"
    X, y = toy2d.make_toy("rings")
    v = e.readout()
    assert len([k for k in v if k.startswith("L_")]) == len(y) == 30
    assert v["x1_29"] == X[29, 0]
    assert e.result.accuracy < 1.0 and e.state is e.result
    np.testing.assert_array_equal(e.X, X)


def test_step_buttons_land_on_the_slider_grid():
    """A step moves W to the sliders' 0.01 grid, so the kernel's W is what the sliders show and
    the loss shown is the loss of that W; ten steps snap once, at the end."""
    e = le.LinearExplorer(loss="softmax", reg_strength=0.5)
    W0, b0 = np.array(e.W), np.array(e.b)
    before = e.result.total_loss
    assert e.step(1) is e
    W1, b1 = le.gradient_step(W0, b0, e.X, e.y, "softmax", 0.5, e.learning_rate)
    np.testing.assert_array_equal(e.W, np.round(W1, 2))
    np.testing.assert_array_equal(e.b, np.round(b1, 2))
    assert not np.allclose(e.W, W1, atol=1e-6)  # the step really was off the grid
    expected = le.compute(np.round(W1, 2), np.round(b1, 2), e.X, e.y, "softmax", 0.5)
    assert e.readout()["total_loss"] == expected.total_loss < before
    # the readout announced that loss before the step was taken
    assert le.LinearExplorer(loss="softmax", reg_strength=0.5).readout()["next_total_loss"] == \
        expected.total_loss
    e.learning_rate = 0.02
    W2, b2 = le.gradient_step(e.W, e.b, e.X, e.y, "softmax", 0.5, 0.02)
    assert e.readout()["next_total_loss"] == le.compute(
        le.snap(W2), le.snap(b2), e.X, e.y, "softmax", 0.5).total_loss
    e.learning_rate = 0.1
    # ten steps, one snap
    W, b = np.array(e.W), np.array(e.b)
    for _ in range(10):
        W, b = le.gradient_step(W, b, e.X, e.y, "softmax", 0.5, e.learning_rate)
    e.step(10)
    np.testing.assert_array_equal(e.W, le.snap(W))
    np.testing.assert_array_equal(e.b, le.snap(b))


def test_notebook_numbers_after_ten_steps():
    """The chapter prints the state after 10 steps from the CS231n demo (SVM, λ = 0.1, η = 0.1)
    with gradient_steps, which is what the explorer's "10 steps" button does (the explorer shown
    keeps its first state)."""
    e = le.LinearExplorer(dataset="demo", loss="svm", reg_strength=0.1, learning_rate=0.1)
    W, b = le.gradient_steps(e.W, e.b, e.X, e.y, "svm", 0.1, 0.1, n=10)
    np.testing.assert_allclose(W, [[1.21, 1.66], [1.26, -2.93], [2.43, -1.19]])
    np.testing.assert_allclose(b, [-0.11, 0.6, -0.49])
    assert f"{le.compute(W, b, e.X, e.y, 'svm', 0.1).total_loss:.3f}" == "4.040"
    e.step(10)  # the explorer's own step lands on the same grid point
    np.testing.assert_array_equal(e.W, W)
    np.testing.assert_array_equal(e.b, b)
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        le.gradient_steps(W, b, e.X, e.y, n=0)


def test_randomize_is_seeded_and_on_the_grid():
    a, b = le.LinearExplorer(seed=3), le.LinearExplorer(seed=3)
    a.randomize()
    b.randomize()
    np.testing.assert_array_equal(a.W, b.W)
    np.testing.assert_array_equal(a.b, b.b)
    assert np.all(np.abs(a.W) <= 3) and not np.allclose(a.W, le.DEMO_W)
    np.testing.assert_array_equal(a.W, np.round(a.W, 2))
    assert a.randomize() is a and not np.array_equal(a.W, b.W)


def test_set_params_snaps_and_clips():
    e = le.LinearExplorer()
    e.set_params([[1.234, 9.0], [0.0, -0.004], [1.0, 1.0]], [0.125, -7.0, 0.0])
    assert e.W == [[1.23, 5.0], [0.0, 0.0], [1.0, 1.0]] and e.b == [0.12, -5.0, 0.0]
    assert not np.signbit(e.W[1][1])


def test_bad_controls_are_refused_with_their_name():
    e = le.LinearExplorer()
    with pytest.raises(traitlets.TraitError, match="dataset"):
        e.dataset = "moons"
    with pytest.raises(traitlets.TraitError, match="loss"):
        e.loss = "hinge"
    with pytest.raises(traitlets.TraitError, match="reg_strength"):
        e.reg_strength = 2.0
    with pytest.raises(traitlets.TraitError, match="learning_rate"):
        e.learning_rate = 0.0
    with pytest.raises(traitlets.TraitError, match="W must have shape"):
        e.W = [[1.0, 2.0]]
    with pytest.raises(traitlets.TraitError, match="W must hold finite numbers"):
        e.W = [[1.0, 2.0], [0.0, 0.0], [6.0, 0.0]]
    with pytest.raises(traitlets.TraitError, match="b must have shape"):
        e.b = [0.0, 0.0]
    with pytest.raises(ValueError, match="unknown control"):
        e.set(margin=2.0)
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        e.step(0)
    with pytest.raises(traitlets.TraitError, match="W"):
        le.LinearExplorer(W=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="seed"):
        le.LinearExplorer(seed=-1)
    np.testing.assert_array_equal(e.W, le.DEMO_W)  # nothing moved


def test_display_and_repr():
    e = le.LinearExplorer(dataset="blobs", loss="softmax")
    bundle = e._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle[0]
    assert bundle[0]["text/plain"].startswith("LinearExplorer(dataset='blobs', W=[[1.0, 2.0]")
    assert " at 0x" not in repr(e)


# ------------------------------------------------------------------------------------------------
# the chapter's figures: decision regions and templates
# ------------------------------------------------------------------------------------------------
def test_templates_scale_each_row_to_unit_range():
    W = np.array([[0.0, 2.0, 4.0, 1.0], [-1.0, -1.0, 1.0, 0.0]])
    imgs = chapter.templates_as_images(W, shape=(2, 2))
    np.testing.assert_allclose(imgs[0], [[0, 0.5], [1, 0.25]])
    np.testing.assert_allclose(imgs[1], [[0, 0], [1, 0.5]])
    with pytest.raises(ValueError, match="W must be"):
        chapter.templates_as_images(W, shape=(3, 3))


def test_decision_plot_regions_are_the_argmax():
    X, y = toy2d.demo_points()
    fig = chapter.decision_figure(np.eye(3, 2), np.zeros(3), X, y, lim=1.0)
    region = fig.axes[0].images[0].get_array()
    g = np.linspace(-1, 1, region.shape[0])
    i, j = 10, 100                                    # row = y index, column = x index
    assert region[i, j] == np.argmax(np.eye(3, 2) @ np.array([g[j], g[i]]))


def test_templates_figure_colour_templates_are_the_scaled_rows():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(3, 32 * 32 * 3))
    fig = chapter.templates_figure(W, ("square", "circle", "triangle"), title="templates")
    assert isinstance(fig, Figure)
    shown = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in shown] == ["square", "circle", "triangle"]
    expected = chapter.templates_as_images(W)
    for ax, img in zip(shown, expected):
        np.testing.assert_array_equal(ax.images[0].get_array(), img)
    assert fig.get_suptitle() == "templates"


def test_templates_figure_grey_templates_share_one_diverging_scale():
    """Digits' templates (8 x 8, grey): each row of W as it is, red positive, blue negative, the
    same scale [-max|W|, max|W|] for every class; five panels a row."""
    rng = np.random.default_rng(1)
    W = rng.normal(size=(12, 64))
    names = [str(k) for k in range(12)]
    fig = chapter.templates_figure(W, names, image_shape=(8, 8))
    assert len(fig.axes) == 15                      # three rows of five, the last three empty
    shown = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in shown] == names
    top = np.abs(W).max()
    for k, ax in enumerate(shown):
        im = ax.images[0]
        np.testing.assert_array_equal(im.get_array(), W[k].reshape(8, 8))
        assert im.get_clim() == (-top, top) and im.get_cmap().name == "RdBu_r"
    assert fig.get_suptitle() == ""
    with pytest.raises(ValueError, match="W must be"):
        chapter.templates_figure(W, names, image_shape=(32, 32, 3))
    with pytest.raises(TypeError):
        chapter.templates_figure(W, names, (8, 8), "a title given by position")   # keyword-only


# ------------------------------------------------------------------------------------------------
# the accuracy-versus-knob study on the shapes data set
# ------------------------------------------------------------------------------------------------
def test_preprocess_flattens_scales_and_centres():
    X, _ = shapes.make_shapes(2, seed=0)
    Xf, mean = chapter.preprocess(X)
    assert Xf.shape == (6, 3072)
    np.testing.assert_allclose(mean, (X.reshape(6, -1) / 255.0).mean(0))
    np.testing.assert_allclose(Xf.mean(0), 0, atol=1e-12)
    Xg, _ = chapter.preprocess(X, mean=np.zeros(3072))
    assert Xg.max() <= 1.0 and Xg.min() >= 0.0


def test_knob_accuracy_small_study():
    levels = (0.0, 1.0)
    res = chapter.knob_accuracy(levels, knobs=("intraclass", "illumination"), n_train_per_class=30,
                           n_test_per_class=20, num_iters=60)
    assert set(res) == {"intraclass", "illumination"}
    assert res["intraclass"][0] == res["illumination"][0] == 1.0   # colour gives the class away
    assert res["intraclass"][1] < 0.9                               # not when colours are random
    # the accuracy reported is the fraction of test images whose argmax score is the label
    Xtr, ytr = shapes.make_shapes(30, seed=0, intraclass=1.0)
    Xte, yte = shapes.make_shapes(20, seed=1, intraclass=1.0)
    clf, mean = chapter.train_linear(Xtr, ytr, num_iters=60)
    scores = chapter.preprocess(Xte, mean)[0] @ clf.W.T + clf.b
    assert res["intraclass"][1] == pytest.approx(np.mean(scores.argmax(1) == yte))


def test_base_knobs_are_checked():
    with pytest.raises(ValueError, match="unknown knobs"):
        chapter.knob_accuracy((0.0,), knobs=("clutter",), base={"colour": 1.0})


def test_knob_accuracy_figure_draws_each_study():
    levels = (0.0, 0.5, 1.0)
    studies = {"colour on": {"clutter": np.array([1.0, 0.9, 0.6]),
                             "occlusion": np.array([1.0, 0.8, 0.5])},
               "colour random": {"clutter": np.array([0.7, 0.5, 0.4])}}
    fig = chapter.knob_accuracy_figure(levels, studies)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    for ax, (title, results) in zip(fig.axes, studies.items()):
        assert ax.get_title() == title
        lines = [ln for ln in ax.get_lines() if ln.get_label() in results]
        assert [ln.get_label() for ln in lines] == list(results)
        for ln in lines:
            np.testing.assert_array_equal(ln.get_xdata(), levels)
            np.testing.assert_array_equal(ln.get_ydata(), results[ln.get_label()])
    assert not hasattr(chapter, "accuracy_figure")



# ------------------------------------------------------------------------------------------------
# the worked example drawn: the image stretched into a column, W x + b, and the bias trick
# ------------------------------------------------------------------------------------------------
#: the chapter's 4-pixel image and its cat / dog / ship classifier (the chapter's inputs)
EX_X = [56.0, 231.0, 24.0, 2.0]
EX_W = [[0.2, -0.5, 0.1, 2.0], [1.5, 1.3, 2.1, 0.0], [0.0, 0.25, 0.2, -0.3]]
EX_B = [1.1, 3.2, -1.2]
EX_NAMES = ["cat", "dog", "ship"]


def _printed(fig):
    """{gid: text} of every text of the figure that carries a gid."""
    return {t.get_gid(): t for t in fig.findobj(Text) if t.get_gid()}


def _column(texts, gid, n):
    return [float(texts[f"{gid}-{i}"].get_text()) for i in range(n)]


def _hand_scores(W, x, b):
    return [b[k] + sum(W[k][d] * x[d] for d in range(len(x))) for k in range(len(W))]


def test_stretch_figure_prints_the_scores_of_w_x_plus_b():
    fig = chapter.stretch_figure(np.array(EX_X), np.array(EX_W), np.array(EX_B), EX_NAMES)
    texts = _printed(fig)
    # the image's pixels, read row by row, are the column x
    pixels = [float(texts[f"pixel-{r}-{c}"].get_text()) for r in range(2) for c in range(2)]
    assert pixels == EX_X == _column(texts, "x", 4)
    assert [[float(texts[f"W-{k}-{d}"].get_text()) for d in range(4)]
            for k in range(3)] == EX_W
    assert _column(texts, "b", 3) == EX_B
    printed = _column(texts, "scores", 3)
    np.testing.assert_allclose(printed, _hand_scores(EX_W, EX_X, EX_B), atol=0.005)
    # the winner (dog, 437.9) in bold, and only the winner
    bold = [texts[f"scores-{k}"].get_fontweight() for k in range(3)]
    assert bold == ["normal", "bold", "normal"]
    assert_legible(fig)


def test_bias_trick_figure_extended_product_is_the_same_scores():
    fig = chapter.bias_trick_figure(np.array(EX_X), np.array(EX_W), np.array(EX_B), EX_NAMES)
    texts = _printed(fig)
    W1 = [[float(texts[f"Wb-{k}-{d}"].get_text()) for d in range(5)] for k in range(3)]
    x1 = _column(texts, "x1", 5)
    assert x1 == EX_X + [1.0]
    assert [row[:4] for row in W1] == EX_W and [row[4] for row in W1] == EX_B
    # the printed [W b] times the printed [x; 1], by hand, is what both rows print
    extended = [sum(W1[k][d] * x1[d] for d in range(5)) for k in range(3)]
    np.testing.assert_allclose(_column(texts, "scores1", 3), extended, atol=0.005)
    np.testing.assert_allclose(_column(texts, "scores", 3), extended, atol=0.005)
    np.testing.assert_allclose(extended, _hand_scores(EX_W, EX_X, EX_B), atol=1e-12)
    assert_legible(fig)


def test_worked_example_figures_refuse_bad_shapes():
    x, W, b = np.array(EX_X), np.array(EX_W), np.array(EX_B)
    with pytest.raises(ValueError, match="W"):
        chapter.stretch_figure(x[:3], W, b, EX_NAMES)
    with pytest.raises(ValueError, match="class_names"):
        chapter.bias_trick_figure(x, W, b, EX_NAMES[:2])
    with pytest.raises(ValueError, match="image_shape"):
        chapter.stretch_figure(x, W, b, EX_NAMES, image_shape=(3, 3))


# ------------------------------------------------------------------------------------------------
# centring and scaling the pixels
# ------------------------------------------------------------------------------------------------
def test_prepare_uses_the_training_mean_for_both_sets():
    X_train, _ = shapes.make_shapes(2, seed=0)
    X_test, _ = shapes.make_shapes(1, seed=5)
    raw_tr, raw_te = chapter.prepare(X_train, X_test, how="raw")
    assert raw_tr.shape == (6, 3072) and raw_te.shape == (3, 3072)
    assert raw_tr[4, 7] == float(X_train[4].ravel()[7])
    sc_tr, sc_te = chapter.prepare(X_train, X_test, how="scaled")
    assert sc_te[2, 100] == pytest.approx(X_test[2].ravel()[100] / 255)
    # the mean image by a loop over the training images only
    mean = [0.0] * 3072
    for img in X_train:
        for d, v in enumerate(img.ravel().tolist()):
            mean[d] += v / 255 / len(X_train)
    c_tr, c_te = chapter.prepare(X_train, X_test, how="centred")
    for i, d in [(0, 0), (1, 1500), (2, 3071)]:
        assert c_te[i, d] == pytest.approx(X_test[i].ravel()[d] / 255 - mean[d], abs=1e-12)
        assert c_tr[i, d] == pytest.approx(X_train[i].ravel()[d] / 255 - mean[d], abs=1e-12)
    # other test images do not move the training set's centring
    c_tr2, _ = chapter.prepare(X_train, 255 - X_test, how="centred")
    np.testing.assert_array_equal(c_tr, c_tr2)
    with pytest.raises(ValueError, match="how"):
        chapter.prepare(X_train, X_test, how="standardized")


def test_score_parts_split_each_score_by_hand():
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, size=(7, 5)) + 2.0
    W = rng.normal(size=(3, 5))
    offset, spread = chapter.score_parts(W, X)
    mean = [sum(X[i, d] for i in range(7)) / 7 for d in range(5)]
    for k in range(3):
        assert offset[k] == pytest.approx(sum(W[k, d] * mean[d] for d in range(5)))
        rest = [sum(W[k, d] * (X[i, d] - mean[d]) for d in range(5)) for i in range(7)]
        m = sum(rest) / 7
        assert spread[k] == pytest.approx((sum((r - m) ** 2 for r in rest) / 7) ** 0.5)
        # the two parts add up to the scores
        np.testing.assert_allclose(X @ W[k], offset[k] + np.array(rest))


# ------------------------------------------------------------------------------------------------
# every figure of the chapter, with the chapter's arguments, reads at the size it is shown
# ------------------------------------------------------------------------------------------------
def test_chapter_figures_are_legible():
    rng = np.random.default_rng(0)
    # the templates: shapes (3 colour templates) and digits (10 grey ones)
    for title in ("every knob at 0", "random colours (intraclass = 1)"):
        assert_legible(chapter.templates_figure(rng.normal(size=(3, 3072)),
                                                shapes.CLASS_NAMES, title=title))
    assert_legible(chapter.templates_figure(rng.normal(size=(10, 64)),
                                            [str(d) for d in range(10)], (8, 8)))
    # the demo classifier with its numbered points
    X, y = toy2d.demo_points()
    assert_legible(chapter.decision_figure(le.DEMO_W, le.DEMO_B, X, y, numbers=True,
                                           title="regions and zero-score lines"))
    # the three arrangements no linear classifier separates
    panels = []
    for name in toy2d.NONLINEAR:
        X, y = toy2d.make_toy(name, n_per_class=10, seed=0)
        fit = linear.train_sgd(X, y, loss="softmax", learning_rate=0.5, num_iters=50,
                               batch_size=len(X), seed=0)
        panels.append((fit.W, fit.b, X, y, f"{name}: accuracy 0.50"))
    assert_legible(chapter.decision_panels_figure(panels))
    # the accuracy-versus-knob study: every knob in one panel, all but intraclass in the other
    levels = (0.0, 0.5, 1.0)
    studies = {"colours as drawn": {k: np.array([1.0, 0.9, 0.7]) for k in shapes.KNOBS},
               "random colours (intraclass = 1)": {
                   k: np.array([0.67, 0.5, 0.4]) for k in shapes.KNOBS if k != "intraclass"}}
    assert_legible(chapter.knob_accuracy_figure(levels, studies))
