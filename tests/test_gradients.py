"""Analytic gradients against centered differences, and the naive loops against the vectorized code.

Points are drawn away from the kinks of the hinge, the absolute value and sign (a numerical
derivative straddling a kink is not a derivative).
"""
import numpy as np
import pytest

from lossbook import gradcheck, linear, losses, regularization

H = 1e-6


def away_from_hinge_kinks(scores, y, margin, gap=1e-3):
    rows = np.arange(len(y))
    m = scores - scores[rows, y][:, None] + margin
    m[rows, y] = 1.0
    return np.all(np.abs(m) > gap)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("squared", [False, True])
def test_svm_grad(rng, reduction, squared):
    scores = rng.normal(size=(6, 4))
    y = rng.integers(0, 4, size=6)
    assert away_from_hinge_kinks(scores, y, 1.0)

    def f(s):
        out = losses.svm_loss(s, y, squared=squared, reduction=reduction)
        return np.sum(out)  # "none": the gradient of the sum
    num = gradcheck.numerical_gradient(f, scores, h=H)
    ana = losses.svm_loss_grad(scores, y, squared=squared, reduction=reduction)
    assert gradcheck.rel_error(ana, num) < 1e-6


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_grad(rng, reduction):
    scores = rng.normal(size=(5, 3))
    y = rng.integers(0, 3, size=5)
    num = gradcheck.numerical_gradient(
        lambda s: np.sum(losses.cross_entropy(s, y, reduction=reduction)), scores, h=H)
    assert gradcheck.rel_error(losses.cross_entropy_grad(scores, y, reduction=reduction), num) < 1e-6
    t = rng.dirichlet(np.ones(3), size=5)  # soft targets
    num = gradcheck.numerical_gradient(lambda s: losses.cross_entropy(s, t), scores, h=H)
    assert gradcheck.rel_error(losses.cross_entropy_grad(scores, t), num) < 1e-6


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_bce_grad(rng, reduction):
    z = rng.normal(size=7) * 4
    t = rng.uniform(size=7)
    num = gradcheck.numerical_gradient(
        lambda v: losses.binary_cross_entropy(v, t, reduction=reduction), z, h=H)
    assert gradcheck.rel_error(losses.binary_cross_entropy_grad(z, t, reduction=reduction),
                               num) < 1e-6


@pytest.mark.parametrize("name", ["l2_loss", "l1_loss"])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_regression_grads(rng, name, reduction):
    f = rng.normal(size=(4, 2))
    y = rng.normal(size=(4, 2))
    assert np.all(np.abs(f - y) > 1e-3)
    loss, grad = getattr(losses, name), getattr(losses, name + "_grad")
    num = gradcheck.numerical_gradient(lambda p: loss(p, y, reduction=reduction), f, h=H)
    assert gradcheck.rel_error(grad(f, y, reduction=reduction), num) < 1e-6


@pytest.mark.parametrize("reg", ["l2", "l1", "elastic_net"])
def test_regularizer_grads(rng, reg):
    W = rng.normal(size=(3, 5))
    assert np.all(np.abs(W) > 1e-3)
    num = gradcheck.numerical_gradient(lambda w: regularization.penalty(w, reg, beta=0.7), W, h=H)
    assert gradcheck.rel_error(regularization.penalty_grad(W, reg, beta=0.7), num) < 1e-6
    # the named functions agree with the generic ones
    direct = {"l2": regularization.l2_grad(W), "l1": regularization.l1_grad(W),
              "elastic_net": regularization.elastic_net_grad(W, beta=0.7)}[reg]
    np.testing.assert_array_equal(direct, regularization.penalty_grad(W, reg, beta=0.7))


def _problem(rng, n=8, d=5, c=3):
    X = rng.normal(size=(n, d))
    y = rng.integers(0, c, size=n)
    W = rng.normal(size=(c, d)) * 0.5
    b = rng.normal(size=c) * 0.1
    return X, y, W, b


@pytest.mark.parametrize("loss", ["svm", "softmax"])
@pytest.mark.parametrize("reg", ["l2", "l1", "elastic_net"])
def test_classifier_gradient_wrt_W_and_b(rng, loss, reg):
    X, y, W, b = _problem(rng)
    assert loss == "softmax" or away_from_hinge_kinks(X @ W.T + b, y, 1.0)
    kw = dict(loss=loss, reg=reg, reg_strength=0.3, beta=0.5)
    parts = linear.loss_and_grad(W, b, X, y, **kw)
    assert parts.loss == pytest.approx(parts.data_loss + parts.reg_loss)
    num_W = gradcheck.numerical_gradient(lambda w: linear.loss_and_grad(w, b, X, y, **kw).loss,
                                         W, h=H)
    num_b = gradcheck.numerical_gradient(lambda v: linear.loss_and_grad(W, v, X, y, **kw).loss,
                                         b, h=H)
    assert gradcheck.rel_error(parts.dW, num_W) < 1e-6
    assert gradcheck.rel_error(parts.db, num_b) < 1e-6


def test_grad_check_sparse_finds_a_wrong_gradient(rng):
    X, y, W, b = _problem(rng)
    f = lambda w: linear.loss_and_grad(w, b, X, y, loss="softmax").loss  # noqa: E731
    good = linear.loss_and_grad(W, b, X, y, loss="softmax").dW
    assert max(r[-1] for r in gradcheck.grad_check_sparse(f, W, good, num_checks=8)) < 1e-6
    bad = good.copy()
    bad *= 1.01  # a gradient off by 1% everywhere
    assert min(r[-1] for r in gradcheck.grad_check_sparse(f, W, bad, num_checks=8)) > 1e-3


@pytest.mark.parametrize("reg_strength", [0.0, 0.05])
def test_naive_and_vectorized_svm_agree(rng, reg_strength):
    X, y, W, b = _problem(rng, n=20, d=7, c=4)
    naive = linear.svm_loss_naive(W, b, X, y, margin=1.0, reg_strength=reg_strength)
    vec = linear.svm_loss_vectorized(W, b, X, y, margin=1.0, reg_strength=reg_strength)
    assert naive[0] == pytest.approx(vec[0], rel=1e-12)
    np.testing.assert_allclose(naive[1], vec[1], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(naive[2], vec[2], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("reg_strength", [0.0, 0.05])
def test_naive_and_vectorized_softmax_agree(rng, reg_strength):
    X, y, W, b = _problem(rng, n=20, d=7, c=4)
    naive = linear.softmax_loss_naive(W, b, X, y, reg_strength=reg_strength)
    vec = linear.softmax_loss_vectorized(W, b, X, y, reg_strength=reg_strength)
    assert naive[0] == pytest.approx(vec[0], rel=1e-12)
    np.testing.assert_allclose(naive[1], vec[1], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(naive[2], vec[2], rtol=1e-10, atol=1e-12)


def test_naive_svm_gradient_is_right_too(rng):
    X, y, W, b = _problem(rng)
    loss, dW, _ = linear.svm_loss_naive(W, b, X, y, reg_strength=0.1)
    num = gradcheck.numerical_gradient(lambda w: linear.svm_loss_naive(w, b, X, y,
                                                                       reg_strength=0.1)[0], W, h=H)
    assert gradcheck.rel_error(dW, num) < 1e-6


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    num = gradcheck.numerical_gradient(lambda v: np.sum(v ** 3), x)
    np.testing.assert_allclose(num, 3 * x ** 2, rtol=1e-8)
    assert x[0, 0] == 1.0  # x itself untouched


def test_gradients_hold_no_negative_zeros():
    met = np.array([[5.0, 0.0, 0.0], [0.0, 4.0, 0.0]])
    for g in (losses.svm_loss_grad(met, [0, 1]), losses.cross_entropy_grad([[0.0, 0.0]], [0])):
        assert not np.any(np.signbit(g) & (g == 0)), g
