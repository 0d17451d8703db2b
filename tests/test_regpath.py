"""Tests of lossbook.regpath: exact regularized fits, warm starts and regularization paths.

Independent references: scikit-learn's Lasso / Ridge / ElasticNet / LogisticRegression (same
objectives up to a rescaling of λ), closed forms, and lossbook.linear.loss_and_grad."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_diabetes, load_digits
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression, Ridge

import lossbook as lb
from lossbook import regpath


@pytest.fixture(scope="module")
def diabetes():
    X, y = load_diabetes(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    return X, (y - y.mean()) / y.std()


@pytest.fixture(scope="module")
def digits_small():
    d = load_digits()
    X = d.data[:400] / 16.0
    return X - X.mean(0), d.target[:400].astype(np.intp)


def test_soft_threshold_by_hand():
    out = regpath.soft_threshold(np.array([-2.0, -0.5, 0.0, 0.3, 1.5]), 0.5)
    np.testing.assert_array_equal(out, [-1.5, 0.0, 0.0, 0.0, 1.0])


@pytest.mark.parametrize("lam", [0.5, 0.1, 0.01])
def test_l1_squared_matches_sklearn_lasso(diabetes, lam):
    X, y = diabetes
    res = regpath.fit(X, y, loss="squared", reg="l1", reg_strength=lam, tol=1e-10,
                      max_iter=50000)
    # ours: mean (f - y)^2 + lam |w|_1 ; sklearn: (1/2N) |y - f|^2 + alpha |w|_1
    sk = Lasso(alpha=lam / 2, tol=1e-12, max_iter=200000).fit(X, y)
    assert res.converged
    np.testing.assert_allclose(res.W[0], sk.coef_, atol=1e-6)
    np.testing.assert_allclose(res.b[0], sk.intercept_, atol=1e-6)
    # exact zeros, where the lasso has them
    np.testing.assert_array_equal(res.W[0] == 0, sk.coef_ == 0)


def test_l2_squared_matches_ridge_and_elastic_net(diabetes):
    X, y = diabetes
    n = X.shape[0]
    res = regpath.fit(X, y, loss="squared", reg="l2", reg_strength=0.05, tol=1e-10,
                      max_iter=50000)
    sk = Ridge(alpha=0.05 * n).fit(X, y)  # sklearn: |y - f|^2 + alpha |w|^2
    np.testing.assert_allclose(res.W[0], sk.coef_, atol=1e-6)
    # elastic net: mean r^2 + lam (beta w^2 + |w|)  ==  2 * [(1/2N) r^2 + a (r |w| + (1-r)/2 w^2)]
    lam, beta = 0.2, 0.5
    res = regpath.fit(X, y, loss="squared", reg="elastic_net", reg_strength=lam, beta=beta,
                      tol=1e-10, max_iter=50000)
    alpha = lam / 2 * (1 + 2 * beta)
    sk = ElasticNet(alpha=alpha, l1_ratio=1 / (1 + 2 * beta), tol=1e-12,
                    max_iter=200000).fit(X, y)
    np.testing.assert_allclose(res.W[0], sk.coef_, atol=1e-6)


def test_softmax_l2_matches_sklearn_logistic(digits_small):
    X, y = digits_small
    lam = 1e-2
    res = regpath.fit(X, y, loss="softmax", reg="l2", reg_strength=lam, tol=1e-9,
                      max_iter=20000)
    # sklearn minimizes C * sum_i CE_i + 1/2 |W|^2  ==  N C (mean CE + |W|^2 / (2 N C))
    sk = LogisticRegression(C=1 / (2 * lam * len(y)), tol=1e-12, max_iter=20000).fit(X, y)
    np.testing.assert_allclose(res.W, sk.coef_, atol=1e-4)
    # the biases agree up to the softmax's shift invariance
    np.testing.assert_allclose(res.b - res.b.mean(), sk.intercept_ - sk.intercept_.mean(),
                               atol=1e-4)


def test_objective_agrees_with_core_loss(digits_small, rng):
    X, y = digits_small
    W, b = rng.normal(size=(10, 64)), rng.normal(size=10)
    for reg in ("l2", "l1", "elastic_net"):
        obj, data, regl = regpath.objective(W, b, X, y, loss="softmax", reg=reg, reg_strength=0.3, beta=0.7)
        parts = lb.linear.loss_and_grad(W, b, X, y, loss="softmax", reg=reg, reg_strength=0.3,
                                        beta=0.7)
        assert obj == pytest.approx(parts.loss, rel=1e-12)
        assert data == pytest.approx(parts.data_loss, rel=1e-12)
        assert regl == pytest.approx(parts.reg_loss, rel=1e-12)
    w, b1 = rng.normal(size=(1, 5)), rng.normal(size=1)
    Xr, yr = rng.normal(size=(30, 5)), rng.normal(size=30)
    _, data, _ = regpath.objective(w, b1, Xr, yr, loss="squared")
    assert data == pytest.approx(lb.losses.l2_loss(Xr @ w[0] + b1[0], yr))


def test_solution_is_stationary(digits_small):
    """At an L1 optimum: |grad| <= lam where W == 0 and grad = -lam sign(W) elsewhere."""
    X, y = digits_small
    lam = 3e-3
    res = regpath.fit(X, y, reg="l1", reg_strength=lam, tol=1e-9, max_iter=50000)
    g = lb.linear.loss_and_grad(res.W, res.b, X, y, loss="softmax", reg="l2", reg_strength=0.0)
    zero = res.W == 0
    assert zero.any() and (~zero).any()
    assert np.all(np.abs(g.dW[zero]) <= lam + 1e-6)
    np.testing.assert_allclose(g.dW[~zero], -lam * np.sign(res.W[~zero]), atol=1e-6)


@pytest.mark.parametrize("reg", ["l2", "l1", "elastic_net"])
def test_warm_start_equals_cold_fit(digits_small, reg):
    X, y = digits_small
    start = regpath.fit(X, y, reg=reg, reg_strength=0.007, tol=1e-8, max_iter=20000)
    warm = regpath.fit(X, y, reg=reg, reg_strength=0.005, W=start.W, b=start.b, tol=1e-8,
                       max_iter=20000)
    cold = regpath.fit(X, y, reg=reg, reg_strength=0.005, tol=1e-8, max_iter=20000)
    assert warm.converged and cold.converged
    assert warm.objective == pytest.approx(cold.objective, abs=1e-9)
    np.testing.assert_allclose(warm.W, cold.W, atol=1e-4)
    assert warm.n_iter < cold.n_iter, (warm.n_iter, cold.n_iter)  # a neighbouring λ: cheaper
    # the warm start did not modify the arrays it was given
    again = regpath.fit(X, y, reg=reg, reg_strength=0.007, tol=1e-8, max_iter=20000)
    np.testing.assert_array_equal(start.W, again.W)


def test_path_warm_equals_cold_and_is_cheaper(diabetes):
    X, y = diabetes
    lams = np.logspace(0, -3, 12)
    warm = regpath.regularization_path(X, y, lams, loss="squared", reg="l1", tol=1e-9)
    cold = regpath.regularization_path(X, y, lams, loss="squared", reg="l1", tol=1e-9,
                                       warm_start=False)
    np.testing.assert_allclose(warm.W, cold.W, atol=1e-6)
    assert warm.n_iter.sum() < cold.n_iter.sum()
    assert np.all(np.diff(warm.reg_strengths) < 0)  # largest first
    # L1: the number of non-zero weights grows as λ falls; L2 never gives an exact zero
    nnz = (warm.W != 0).sum(axis=(1, 2))
    assert nnz[0] < nnz[-1]
    l2 = regpath.regularization_path(X, y, lams, loss="squared", reg="l2", tol=1e-9)
    assert np.all(l2.W != 0)


def test_lambda_max_l1(diabetes):
    X, y = diabetes
    lmax = regpath.lambda_max_l1(X, y, loss="squared")
    # by hand: at w = 0 (b = mean y = 0) the gradient of mean (f - y)^2 is -2 X^T y / N
    assert lmax == pytest.approx(np.max(np.abs(2 * X.T @ y / len(y))), rel=1e-8)
    assert np.all(regpath.fit(X, y, loss="squared", reg="l1", reg_strength=lmax * 1.001).W == 0)
    assert np.any(regpath.fit(X, y, loss="squared", reg="l1", reg_strength=lmax * 0.99).W != 0)


def test_quadratic_optimum_closed_forms():
    A = np.diag([1.0, 2.0])
    ws = np.array([1.5, 0.4])
    # diagonal A: each coordinate separately; L1 soft-thresholds w*_j by λ / A_jj
    np.testing.assert_allclose(regpath.quadratic_optimum(A, ws, reg="l1", reg_strength=0.5),
                               [1.0, 0.15])
    np.testing.assert_allclose(regpath.quadratic_optimum(A, ws, reg="l1", reg_strength=1.0), [0.5, 0.0])
    np.testing.assert_allclose(regpath.quadratic_optimum(A, ws, reg="l2", reg_strength=0.5),
                               [1.5 / 2.0, 0.8 / 3.0])


def test_bad_input():
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match="loss"):
        regpath.fit(X, np.array([0, 1, 0, 1]), loss="hinge")
    with pytest.raises(ValueError, match="reg"):
        regpath.fit(X, np.array([0, 1, 0, 1]), reg="l3")
    with pytest.raises(ValueError, match="reg_strength"):
        regpath.fit(X, np.array([0, 1, 0, 1]), reg_strength=-1.0)
    with pytest.raises(TypeError, match="y"):
        regpath.fit(X, np.array([0.5, 1, 0, 1]))
    with pytest.raises(ValueError, match="W"):
        regpath.fit(X, np.array([0, 1, 0, 1]), W=np.zeros((3, 2)), b=np.zeros(3))
    with pytest.raises(ValueError, match="both W and b"):
        regpath.fit(X, np.array([0, 1, 0, 1]), W=np.zeros((2, 2)))


def test_fit_result_score_is_the_fraction_right_counted_by_hand():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(30, 2))
    y = (X[:, 0] + 0.3 * rng.normal(size=30) > 0).astype(int)
    fit = regpath.fit(X, y, loss="softmax", reg="l2", reg_strength=0.1)
    right = 0
    for x_i, y_i in zip(X, y):     # a hand loop over the scores w_k · x + b_k
        s = [sum(w * v for w, v in zip(fit.W[k], x_i)) + fit.b[k] for k in range(2)]
        right += int(max(range(2), key=lambda k: s[k]) == y_i)
    assert fit.score(X, y) == right / 30
    with pytest.raises(ValueError, match="y"):
        fit.score(X, y[:-1])
    with pytest.raises((ValueError, TypeError), match="X"):
        fit.score(None, y)
