"""Chapter 8 (regularization): regularization as maximum a posteriori and the figures of
lossbook.chapters.ch08_regularization (each legible in the page, with the notebook's arguments),
and the λ explorer (lossbook.widgets.ch08_regularization): its compute step against independent
computations, and the explorer's Python face (controls, readout, warm starts, tolerances).  The
JavaScript face is checked against it in tests/browser/test_static_08_regularization.py."""
from __future__ import annotations

import time

import numpy as np
import pytest
from figure_checks import assert_legible
from matplotlib.figure import Figure
from scipy import optimize, special, stats
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
    fig = chapter.penalty_geometry_figure(reg_strength=0.8)     # as in the notebook
    assert_legible(fig)
    assert fig.get_figwidth() * fig.dpi <= 688
    assert isinstance(fig, Figure) and len(fig.axes) == 3
    for ax, reg in zip(fig.axes, ("l2", "l1", "elastic_net")):
        path, w_star, w_lam = ax.get_lines()[:3]
        lams = np.concatenate([[0.0], np.logspace(-3, 1, 200)])
        expected = chapter.optimum_path(reg, lams)
        np.testing.assert_allclose(np.c_[path.get_xdata(), path.get_ydata()], expected)
        assert (w_star.get_xdata()[0], w_star.get_ydata()[0]) == tuple(chapter.DEFAULT_W_STAR)
        np.testing.assert_allclose([w_lam.get_xdata()[0], w_lam.get_ydata()[0]],
                                   chapter.optimum_path(reg, [0.8])[0])
    # one legend for the three panels, under them
    assert len(fig.legends) == 1 and len(fig.legends[0].get_texts()) == 3
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
        # each line is named directly, in its own colour, at its small-λ end
        names = {t.get_text(): t for t in ax.texts}
        assert set(names) == {"x1", "x2"}
        for ln in weights:
            assert names[ln.get_label()].get_color() == ln.get_color()
            assert names[ln.get_label()].get_position()[0] < path.reg_strengths.min()
        assert ax.get_legend() is None
    assert fig.axes[0].get_shared_y_axes().joined(fig.axes[0], fig.axes[1])
    assert_legible(fig)
    train, test = [0.9, 0.8, 0.7, 0.5, 0.3], [0.8, 0.8, 0.7, 0.5, 0.3]
    fig = chapter.train_test_figure(lams, train, test, title="accuracy")
    tr, te = fig.axes[0].get_lines()
    assert (tr.get_label(), te.get_label()) == ("train", "test")
    np.testing.assert_array_equal(tr.get_ydata(), train)
    np.testing.assert_array_equal(te.get_ydata(), test)


def test_spread_labels_keeps_order_and_gap():
    values = np.array([0.30, 0.0, 0.01, 0.02, -0.4])
    placed = chapter._spread(values, gap=0.05)
    order = np.argsort(values)
    assert np.all(np.diff(placed[order]) >= 0.05 - 1e-9)
    assert np.array_equal(np.argsort(placed), order)
    # labels already far apart stay where they are
    np.testing.assert_array_equal(chapter._spread(np.array([0.0, 1.0]), gap=0.05), [0.0, 1.0])


# ------------------------------------------------------------------------------------------------
# the figures with the notebook's arguments: legible in the 688-px column
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def diabetes_paths():
    from sklearn.datasets import load_diabetes
    d = load_diabetes()
    Xd = (d.data - d.data.mean(0)) / d.data.std(0)
    yd = (d.target - d.target.mean()) / d.target.std()
    lams = np.logspace(1, -3, 40)
    paths = {reg: regpath.regularization_path(Xd, yd, lams, loss="squared", reg=reg, tol=1e-8)
             for reg in ("l2", "l1", "elastic_net")}
    return paths, d.feature_names


def test_paths_figure_as_in_the_notebook_is_legible(diabetes_paths):
    paths, names = diabetes_paths
    fig = chapter.paths_figure({"L2 (ridge)": paths["l2"], "L1 (lasso)": paths["l1"],
                                "elastic net (β = 1)": paths["elastic_net"]}, names)
    assert_legible(fig)
    assert fig.get_figwidth() * fig.dpi <= 688
    for ax in fig.axes:
        assert sorted(t.get_text() for t in ax.texts) == sorted(names)
        # the names do not overlap: at least about one line of 10-pt text apart
        ys = np.sort([t.get_position()[1] for t in ax.texts])
        lo, hi = ax.get_ylim()
        height_pt = ax.get_position().height * fig.get_figheight() * 72
        assert np.min(np.diff(ys)) / (hi - lo) * height_pt >= 10


def test_train_test_prior_and_templates_figures_are_legible():
    lams = np.logspace(0, -5, 11)
    fig = chapter.train_test_figure(lams, np.linspace(0.5, 1, 11), np.linspace(0.4, 0.9, 11),
                                    title="softmax + L2 on 200 digits")
    assert_legible(fig)
    assert_legible(chapter.prior_figure(prior_width=1.0))
    digits = lb.data.splits.prepare(*lb.data.digits.load_digits(), lb.data.digits.CLASS_NAMES,
                                    scale=lb.data.digits.SCALE, seed=0)
    W = np.random.default_rng(0).normal(size=(10, 64))
    fig = chapter.templates_figure(W, digits.class_names, (8, 8),
                                   title="λ = 1.0e-05:  |W| = 31.01")
    assert_legible(fig)
    assert fig.get_figwidth() * fig.dpi <= 688
    shown = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in shown] == list(digits.class_names)
    for k, ax in enumerate(shown):
        np.testing.assert_array_equal(ax.images[0].get_array(), W[k].reshape(8, 8))
    assert len(fig.axes) == 10                      # five a row, two rows
    with pytest.raises(ValueError, match="W must be"):
        chapter.templates_figure(W, digits.class_names, (4, 4))


def test_prior_figure_draws_the_two_priors_and_their_penalties():
    fig = chapter.prior_figure(prior_width=2.0)
    left, right = fig.axes
    (g, lap), (pg, pl) = left.get_lines()[:2], right.get_lines()[:2]
    w = g.get_xdata()
    np.testing.assert_allclose(g.get_ydata(), stats.norm.pdf(w, scale=2.0))
    s = 2.0 / np.sqrt(2.0)
    np.testing.assert_allclose(lap.get_ydata(), stats.laplace.pdf(w, scale=s))
    assert stats.laplace.var(scale=s) == pytest.approx(stats.norm.var(scale=2.0))
    np.testing.assert_allclose(pg.get_ydata(), stats.norm.logpdf(0, scale=2.0)
                               - stats.norm.logpdf(w, scale=2.0), atol=1e-12)
    np.testing.assert_allclose(pl.get_ydata(), stats.laplace.logpdf(0, scale=s)
                               - stats.laplace.logpdf(w, scale=s), atol=1e-12)


# ------------------------------------------------------------------------------------------------
# regularization as maximum a posteriori: λ = 1 / (2 N τ²) (Gaussian), λ = 1 / (N s) (Laplace)
# ------------------------------------------------------------------------------------------------
def test_prior_width_formulas_by_the_log_densities():
    rng = np.random.default_rng(1)
    W = rng.normal(size=(3, 4))
    n = 60
    for lam in (1e-4, 0.01, 3.0):
        tau = chapter.prior_width_l2(lam, n)
        # -log p(W) / N, the constant removed, is λ R_L2(W) (scipy's normal density)
        nlp = -np.sum(stats.norm.logpdf(W, scale=tau)) + np.sum(stats.norm.logpdf(0 * W,
                                                                                  scale=tau))
        assert nlp / n == pytest.approx(lam * lb.regularization.l2(W), rel=1e-12)
        assert chapter.reg_strength_l2(tau, n) == pytest.approx(lam, rel=1e-12)
        s = chapter.prior_scale_l1(lam, n)
        nlp = -np.sum(stats.laplace.logpdf(W, scale=s)) + np.sum(stats.laplace.logpdf(0 * W,
                                                                                    scale=s))
        assert nlp / n == pytest.approx(lam * lb.regularization.l1(W), rel=1e-12)
        assert chapter.reg_strength_l1(s, n) == pytest.approx(lam, rel=1e-12)
    # the numbers of the notebook's table, by hand
    assert chapter.prior_width_l2(0.01, 60) == pytest.approx((1 / 1.2) ** 0.5)
    assert chapter.prior_scale_l1(10.0, 60) == pytest.approx(1 / 600)


def _log_posterior_map_gaussian(X, y, tau):
    """Maximize the log posterior of the softmax model with W_kl ~ N(0, τ²) and a flat prior
    on b, written here from scipy's densities and minimized by BFGS (numerical gradient)."""
    n, d = X.shape
    C = int(y.max()) + 1

    def neg_log_post(theta):
        W, b = theta[:C * d].reshape(C, d), theta[C * d:]
        log_p = special.log_softmax(X @ W.T + b, axis=1)[np.arange(n), y]
        return -np.sum(log_p) - np.sum(stats.norm.logpdf(W, scale=tau))

    res = optimize.minimize(neg_log_post, np.zeros(C * d + C), method="BFGS",
                            options=dict(gtol=1e-9, maxiter=10000))
    return res.x[:C * d].reshape(C, d)


def test_map_with_a_gaussian_prior_is_the_l2_fit(data):
    X, y = data.X_train, data.y_train
    n = len(y)
    for tau in (0.3, 2.0):
        W_post = _log_posterior_map_gaussian(X, y, tau)
        fit = regpath.fit(X, y, reg="l2", reg_strength=chapter.reg_strength_l2(tau, n),
                          tol=1e-10, max_iter=20000)
        assert fit.converged
        np.testing.assert_allclose(fit.W, W_post, atol=1e-5)
        # the chapter's own MAP solver agrees too, more tightly
        W_map, b_map, _ = chapter.map_softmax(X, y, prior="gaussian", width=tau)
        np.testing.assert_allclose(W_map, fit.W, atol=1e-7)
        np.testing.assert_allclose(b_map, fit.b - fit.b.mean(), atol=1e-7)
    # the relation matters: λ = 1/(N τ²) (the factor 2 forgotten) gives another W
    wrong = regpath.fit(X, y, reg="l2", reg_strength=1 / (n * 2.0 ** 2), tol=1e-10,
                        max_iter=20000)
    assert np.abs(wrong.W - _log_posterior_map_gaussian(X, y, 2.0)).max() > 1e-2


def test_map_with_a_laplace_prior_is_the_l1_fit(data):
    X, y = data.X_train, data.y_train
    n = len(y)
    s = 1 / (n * 0.1)                       # λ = 0.1, the notebook's example
    fit = regpath.fit(X, y, reg="l1", reg_strength=chapter.reg_strength_l1(s, n), tol=1e-10,
                      max_iter=20000)
    W_map, b_map, _ = chapter.map_softmax(X, y, prior="laplace", width=s)
    np.testing.assert_allclose(W_map, fit.W, atol=1e-7)
    assert np.array_equal(W_map == 0, fit.W == 0) and np.sum(fit.W == 0) == 3
    # optimality of the log posterior, checked by hand: the gradient of the summed
    # negative log-likelihood g (a loop over examples) balances the prior's slope 1/s:
    # g + sign(W)/s = 0 where W != 0, |g| <= 1/s where W == 0, and the b-gradient is 0
    W, b = fit.W, fit.b
    g, gb = np.zeros_like(W), np.zeros_like(b)
    for xi, yi in zip(X, y):
        p = np.exp(W @ xi + b - np.max(W @ xi + b))
        p /= p.sum()
        p[yi] -= 1.0
        g += np.outer(p, xi)
        gb += p
    nz = W != 0
    np.testing.assert_allclose(g[nz] + np.sign(W[nz]) / s, 0, atol=1e-6)
    assert np.all(np.abs(g[~nz]) <= 1 / s + 1e-6)
    np.testing.assert_allclose(gb, 0, atol=1e-6)


def test_map_bad_input_is_refused_with_its_name(data):
    with pytest.raises(ValueError, match="prior"):
        chapter.map_softmax(data.X_train, data.y_train, prior="cauchy")
    with pytest.raises(ValueError, match="width"):
        chapter.map_softmax(data.X_train, data.y_train, width=0.0)
    with pytest.raises(ValueError, match="reg_strength"):
        chapter.prior_width_l2(0.0, 60)
    with pytest.raises(ValueError, match="n_train"):
        chapter.prior_scale_l1(0.1, 0)
