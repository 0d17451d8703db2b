"""Chapter 8 (regularization): the figures of lossbook.chapters.ch08_regularization, and the λ
explorer (lossbook.widgets.ch08_regularization): its compute step against independent
computations, and the explorer's Python face (controls, readout, warm starts, tolerances).  The
JavaScript face is checked against it in tests/browser/test_static_08_regularization.py."""
from __future__ import annotations

import time

import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.linear_model import LogisticRegression

import lossbook as lb
from lossbook import regpath
from lossbook.chapters import ch08_regularization as chapter
from lossbook.widgets import ch08_regularization as le

KEYS = {"penalty", "lambda", "weight_norm", "l1_norm", "n_zero", "data_loss", "reg_loss",
        "total_loss", "train_acc", "test_acc", "n_iter"}


@pytest.fixture(scope="module")
def data():
    return le.make_data()


def test_make_data_is_seeded_and_split(data):
    again = le.make_data()
    np.testing.assert_array_equal(data.X_train, again.X_train)
    assert data.X_train.shape == (60, 2) and data.X_test.shape == (60, 2)
    assert np.bincount(data.y_train).tolist() == [20, 20, 20]
    assert not np.array_equal(le.make_data(seed=1).X_train, data.X_train)
    with pytest.raises(ValueError, match="n_per_class"):
        le.make_data(n_per_class=1)


def test_compute_numbers_are_consistent(data):
    r = le.compute("l2", 0.01, data)
    # losses recomputed with the core library
    s = data.X_train @ r.W.T + r.b
    assert r.data_loss == pytest.approx(lb.losses.cross_entropy(s, data.y_train), rel=1e-10)
    assert r.reg_loss == pytest.approx(0.01 * lb.regularization.l2(r.W), rel=1e-10)
    assert r.total_loss == pytest.approx(r.data_loss + r.reg_loss)
    assert r.weight_norm == pytest.approx(np.linalg.norm(r.W))
    assert r.l1_norm == pytest.approx(np.abs(r.W).sum())
    assert r.train_accuracy == pytest.approx(
        lb.linear.accuracy(data.y_train, lb.linear.predict(data.X_train, r.W, r.b)))
    assert r.test_accuracy == pytest.approx(
        lb.linear.accuracy(data.y_test, lb.linear.predict(data.X_test, r.W, r.b)))
    # the regions are the predictions on the grid
    g = np.linspace(-le.LIMIT, le.LIMIT, le.GRID_SIZE)
    i, j = 7, 63
    pt = np.array([g[j], g[i]])
    assert r.regions[i, j] == np.argmax(r.W @ pt + r.b)


def test_compute_matches_sklearn(data):
    lam = 0.01
    r = le.compute("l2", lam, data)
    sk = LogisticRegression(C=1 / (2 * lam * len(data.y_train)), tol=1e-10,
                            max_iter=10000).fit(data.X_train, data.y_train)
    np.testing.assert_allclose(r.W, sk.coef_, atol=2e-3)


def test_l1_gives_exact_zeros_and_all_zero_for_large_lambda(data):
    assert le.compute("l1", 0.3, data).n_zero >= 3
    assert le.compute("l2", 0.3, data).n_zero == 0
    big = le.compute("l1", 10.0, data)
    assert big.n_zero == 6 and big.weight_norm == 0.0
    # W = 0: every score is the bias, the data loss is that of the class frequencies: log 3
    assert big.data_loss == pytest.approx(np.log(3), abs=1e-6)
    # the smallest λ with W = 0 (regpath.lambda_max_l1): just above it, all zero; below, not
    lam_max = regpath.lambda_max_l1(data.X_train, data.y_train)
    assert le.compute("l1", 1.01 * lam_max, data).n_zero == 6
    assert le.compute("l1", 0.9 * lam_max, data).n_zero < 6


def test_l1_leaves_one_zero_per_column(data):
    """The softmax ignores a vector added to every row of W, so the L1 minimum takes, in each
    column, the shift that minimizes Σ_k |W_kj + c_j|: the median of three, which is 0."""
    for lam in (1e-3, 1e-2, 0.1):
        W = le.compute("l1", lam, data).W
        assert all(np.sum(W[:, j] == 0) >= 1 for j in range(2)), W


def test_weights_shrink_as_lambda_grows(data):
    norms = [le.compute("l2", lam, data).weight_norm for lam in (1e-3, 1e-2, 1e-1, 1.0)]
    assert all(a > b for a, b in zip(norms, norms[1:]))


def test_warm_start_matches_cold(data):
    prev = le.compute("l1", 0.05, data)
    warm = le.compute("l1", 0.04, data, prev.W, prev.b)
    cold = le.compute("l1", 0.04, data)
    np.testing.assert_allclose(warm.W, cold.W, atol=1e-3)
    assert warm.total_loss == pytest.approx(cold.total_loss, abs=1e-7)


def test_l2_warm_start_is_centred(data):
    """An L2 re-fit from an L1 fit (rows not summing to 0) lands where a cold L2 fit lands: the
    start is centred, so no shared part of the rows is left for the weak 2λW pull."""
    l1 = le.compute("l1", 0.01, data)
    assert np.abs(l1.W.sum(axis=0)).max() > 0.1
    warm = le.compute("l2", 1e-4, data, l1.W, l1.b)
    exact = regpath.fit(data.X_train, data.y_train, reg="l2", reg_strength=1e-4, tol=1e-12,
                        max_iter=100_000, n_classes=3)
    assert np.abs(warm.W.sum(axis=0)).max() < 1e-12
    assert warm.l1_norm == pytest.approx(np.abs(exact.W).sum(), abs=2e-3)
    # without centring, the same start stops far away (the shared part barely moved)
    raw = regpath.fit(data.X_train, data.y_train, reg="l2", reg_strength=1e-4, W=l1.W,
                      b=l1.b, n_classes=3, tol=le.TOL, max_iter=le.MAX_ITER)
    assert abs(np.abs(raw.W).sum() - np.abs(exact.W).sum()) > 1e-2


def test_bad_penalty():
    with pytest.raises(ValueError, match="penalty"):
        le.compute("l3", 0.1)
    with pytest.raises(ValueError, match="reg_strength"):
        le.compute("l2", -0.1)


# ------------------------------------------------------------------------------------------------
# the explorer (its Python face)
# ------------------------------------------------------------------------------------------------
def test_explorer_controls_and_readout():
    ex = le.LambdaExplorer()
    controls = {c["name"]: c for c in ex._controls}
    assert list(controls) == ["penalty", "reg_strength"]
    assert controls["penalty"]["label"] == "penalty" and controls["penalty"]["kind"] == "select"
    assert controls["penalty"]["options"] == [["L2", "l2"], ["L1", "l1"],
                                              ["elastic net", "elastic_net"]]
    lam = controls["reg_strength"]
    assert lam["label"] == "λ (reg strength)" and lam["kind"] == "log_slider"
    assert (lam["min"], lam["max"], lam["step"]) == (-4.0, 1.0, 0.05)
    v = ex.readout()
    assert set(v) == KEYS
    assert v["penalty"] == "L2" and v["lambda"] == 0.01
    cold = le.compute("l2", 0.01)
    for key, attr in [("weight_norm", "weight_norm"), ("l1_norm", "l1_norm"),
                      ("data_loss", "data_loss"), ("reg_loss", "reg_loss"),
                      ("total_loss", "total_loss"), ("train_acc", "train_accuracy"),
                      ("test_acc", "test_accuracy"), ("n_iter", "n_iter"), ("n_zero", "n_zero")]:
        assert v[key] == getattr(cold, attr), key   # the first fit is a cold start
    assert isinstance(v["n_zero"], int) and isinstance(v["n_iter"], int)
    assert ex._kernel_readout == v
    assert repr(ex) == "LambdaExplorer(penalty='l2', reg_strength=0.01)"
    # the browser gets the data and the fixed scale of the bars
    d = ex.data
    assert len(d["X_train"]) == 60 and d["y_test"][:3] == [0, 0, 0]
    assert d["tol"] == le.TOL and d["max_iter"] == le.MAX_ITER and d["limit"] == le.LIMIT
    assert d["weight_limit"] == pytest.approx(
        1.15 * np.abs(le.compute("l2", 1e-4).W).max(), rel=1e-12)


def test_explorer_moves_and_warm_starts():
    ex = le.LambdaExplorer()
    ex.penalty = "l1"
    ex.reg_strength = 0.5
    v = ex.readout()
    assert v["penalty"] == "L1" and v["lambda"] == 0.5
    cold = le.compute("l1", 0.5, ex.fit_data)
    assert v["total_loss"] == pytest.approx(cold.total_loss, abs=le.LambdaExplorer.tolerances[
        "total_loss"])
    assert v["n_zero"] == cold.n_zero == 4
    np.testing.assert_allclose(ex.result.W, cold.W, atol=1e-3)
    # the warm start: the fit began at the previous one, which is the one just before
    before = ex.W.copy(), ex.b.copy()
    ex.reg_strength = 0.4
    again = le.compute("l1", 0.4, ex.fit_data, *before)
    np.testing.assert_array_equal(ex.result.W, again.W)
    assert ex.readout()["n_iter"] == again.n_iter
    # set(): several controls with one re-fit
    ex.set(penalty="elastic_net", reg_strength=0.01)
    assert ex.readout()["penalty"] == "elastic net" and ex.result.reg_strength == 0.01


def test_explorer_agrees_with_a_fresh_one_within_its_tolerances():
    """A random path through the controls against fresh explorers set to each state: within
    ``tolerances`` for the fitted numbers (a smaller sample of the measurement stated there)."""
    rng = np.random.default_rng(3)
    tol = le.LambdaExplorer.tolerances
    walker = le.LambdaExplorer()
    pens = ["l2", "l1", "elastic_net"]
    for _ in range(40):
        params = dict(penalty=pens[rng.integers(3)],
                      reg_strength=float(10 ** (-4 + 0.05 * rng.integers(0, 101))))
        page = walker.set(**params).readout()
        fresh = le.LambdaExplorer().set(**params).readout()
        for key, limit in tol.items():
            assert abs(page[key] - fresh[key]) <= limit, (params, key, page[key], fresh[key])
        assert page["lambda"] == fresh["lambda"] and page["penalty"] == fresh["penalty"]
        assert page["n_zero"] == fresh["n_zero"], params


def test_bad_controls_are_refused_with_their_name():
    ex = le.LambdaExplorer()
    with pytest.raises(Exception, match="penalty"):
        ex.penalty = "l3"
    with pytest.raises(Exception, match="reg_strength"):
        ex.reg_strength = 100.0
    with pytest.raises(Exception, match="reg_strength"):
        ex.reg_strength = 0.0
    with pytest.raises(ValueError, match="unknown control"):
        ex.set(margin=1.0)
    assert ex.readout()["lambda"] == 0.01


def test_display_and_speed():
    ex = le.LambdaExplorer(penalty="l1", reg_strength=0.1)
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle[0]
    assert " at 0x" not in repr(ex)
    # live updates in the kernel: median well under 50 ms (generous for a shared CI machine)
    times = []
    for v in np.logspace(-3, 0, 15):
        t = time.perf_counter()
        ex.reg_strength = float(v)
        times.append(time.perf_counter() - t)
    assert np.median(times) < 0.05


# ------------------------------------------------------------------------------------------------
# the chapter module: the penalty geometry, the regularization path, train versus test
# ------------------------------------------------------------------------------------------------
def test_optimum_path_is_the_regularized_optimum():
    lams = [0.0, 0.1, 0.8, 5.0]
    for reg in ("l2", "l1", "elastic_net"):
        path = chapter.optimum_path(reg, lams)
        assert path.shape == (4, 2)
        for lam, w in zip(lams, path):
            np.testing.assert_array_equal(
                w, regpath.quadratic_optimum(chapter.DEFAULT_A, chapter.DEFAULT_W_STAR, reg=reg,
                                  reg_strength=lam))
    np.testing.assert_allclose(chapter.optimum_path("l2", [0.0])[0], chapter.DEFAULT_W_STAR)
    # L2 by its closed form: (A + 2 λ I) w = A w*
    A, w_star = chapter.DEFAULT_A, chapter.DEFAULT_W_STAR
    np.testing.assert_allclose(chapter.optimum_path("l2", [0.8])[0],
                               np.linalg.solve(A + 1.6 * np.eye(2), A @ w_star), rtol=1e-12)


def test_penalty_geometry_figure():
    fig = chapter.penalty_geometry_figure(reg_strength=0.8)
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    for ax, reg in zip(fig.axes, ("l2", "l1", "elastic_net")):
        path, w_star, w_lam = ax.get_lines()[:3]
        lams = np.concatenate([[0.0], np.logspace(-3, 1, 200)])
        expected = chapter.optimum_path(reg, lams)
        np.testing.assert_allclose(np.c_[path.get_xdata(), path.get_ydata()], expected)
        assert (w_star.get_xdata()[0], w_star.get_ydata()[0]) == tuple(chapter.DEFAULT_W_STAR)
        np.testing.assert_allclose([w_lam.get_xdata()[0], w_lam.get_ydata()[0]],
                                   chapter.optimum_path(reg, [0.8])[0])
    # the L1 optimum sits on an axis at this λ, the L2 one does not
    assert 0.0 in chapter.optimum_path("l1", [0.8])[0]
    assert 0.0 not in chapter.optimum_path("l2", [0.8])[0]


def test_paths_and_train_test_figures(data):
    lams = np.logspace(-3, 0, 5)
    l1 = regpath.regularization_path(data.X_train, data.y_train, lams, reg="l1")
    l2 = regpath.regularization_path(data.X_train, data.y_train, lams, reg="l2")
    fig = chapter.paths_figure({"L1 path": l1, "L2 path": l2}, feature_names=["x1", "x2"],
                               class_index=1)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["L1 path", "L2 path"]
    for ax, path in zip(fig.axes, (l1, l2)):
        assert ax.get_xscale() == "log"
        weights = [ln for ln in ax.get_lines() if ln.get_label() in ("x1", "x2")]
        assert len(weights) == 2
        for j, ln in enumerate(weights):
            np.testing.assert_array_equal(ln.get_xdata(), path.reg_strengths)
            np.testing.assert_array_equal(ln.get_ydata(), path.W[:, 1, j])
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["x1", "x2"]
    assert fig.axes[1].get_legend() is None
    assert fig.axes[0].get_shared_y_axes().joined(fig.axes[0], fig.axes[1])
    train, test = [0.9, 0.8, 0.7, 0.5, 0.3], [0.8, 0.8, 0.7, 0.5, 0.3]
    fig = chapter.train_test_figure(lams, train, test, title="accuracy")
    tr, te = fig.axes[0].get_lines()
    assert (tr.get_label(), te.get_label()) == ("train", "test")
    np.testing.assert_array_equal(tr.get_ydata(), train)
    np.testing.assert_array_equal(te.get_ydata(), test)
