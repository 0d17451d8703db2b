"""Tests of lossbook.logistic: the loss and gradient by hand and by finite differences, training
on a separable set, agreement with scikit-learn's unpenalized logistic regression.  (The
chapter's naive formula and figures: tests/test_ch07_classification_losses.py.)"""
from __future__ import annotations

import math

import numpy as np
import pytest

from lossbook import linear
from lossbook import logistic as L
from lossbook.data.toy2d import make_two_blobs


def bce_by_hand(w, b, X, y):
    total = 0.0
    for xi, yi in zip(X, y):
        z = float(np.dot(w, xi) + b)
        p = 1.0 / (1.0 + math.exp(-z))
        total += -(yi * math.log(p) + (1 - yi) * math.log(1 - p))
    return total / len(y)


def test_loss_matches_hand_formula():
    X, y = make_two_blobs(10, distance=2.0, spread=1.0, seed=3)
    w, b = np.array([0.7, -0.4]), 0.2
    loss, _, _ = L.loss_and_grad(w, b, X, y)
    assert loss == pytest.approx(bce_by_hand(w, b, X, y), rel=1e-12)


@pytest.mark.parametrize("reg_strength", [0.0, 0.1])
def test_gradient_matches_finite_differences(reg_strength):
    X, y = make_two_blobs(15, distance=2.0, spread=1.2, seed=5)
    rng = np.random.default_rng(0)
    w, b = rng.normal(size=2), 0.3

    def f(theta):
        return bce_by_hand(theta[:2], theta[2], X, y) + reg_strength * float(theta[:2] @ theta[:2])

    theta = np.r_[w, b]
    h = 1e-6
    num = np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in np.eye(3)])
    _, dw, db = L.loss_and_grad(w, b, X, y, reg_strength=reg_strength)
    np.testing.assert_allclose(np.r_[dw, db], num, rtol=1e-6, atol=1e-9)


def test_separable_set_is_learned_perfectly():
    X, y = make_two_blobs(50, distance=6.0, spread=0.5, seed=0)
    # the set is separable: the line x1 = 0 already separates it
    assert np.all((X[:, 0] > 0) == (y == 1))
    res = L.train(X, y, learning_rate=0.5, num_iters=200)
    assert linear.accuracy(y, L.predict(X, res.w, res.b)) == 1.0
    assert res.score(X, y) == 1.0
    assert len(res.loss_history) == 201
    assert res.loss_history[-1] < 0.01 < res.loss_history[0]
    assert np.all(np.diff(res.loss_history) <= 1e-12)     # gradient descent never went uphill


def test_training_is_seeded():
    X, y = make_two_blobs(20, seed=1)
    a = L.train(X, y, num_iters=20, seed=4)
    b = L.train(X, y, num_iters=20, seed=4)
    np.testing.assert_array_equal(a.w, b.w)
    assert a.loss_history == b.loss_history


def test_agrees_with_sklearn_unpenalized():
    sklearn = pytest.importorskip("sklearn.linear_model")
    X, y = make_two_blobs(40, distance=2.0, spread=1.0, seed=2)
    ref = sklearn.LogisticRegression(C=np.inf, tol=1e-10, max_iter=10000).fit(X, y)
    res = L.train(X, y, learning_rate=2.0, num_iters=4000)
    np.testing.assert_allclose(res.w, ref.coef_[0], atol=1e-4)
    assert res.b == pytest.approx(ref.intercept_[0], abs=1e-4)


def test_predictions_and_log_odds():
    w, b = np.array([1.5, -0.5]), 0.25
    X = np.array([[1.0, 0.0], [-1.0, 0.0]])
    np.testing.assert_array_equal(L.predict(X, w, b), [1, 0])
    # the logit is the log-odds
    p = L.predict_proba(X, w, b)
    np.testing.assert_allclose(np.log(p / (1 - p)), L.logits(X, w, b))


def test_validation():
    X, y = make_two_blobs(5)
    with pytest.raises(ValueError, match="w must have shape"):
        L.loss_and_grad(np.zeros(3), 0.0, X, y)
    with pytest.raises(ValueError, match="labels 0 or 1"):
        L.loss_and_grad(np.zeros(2), 0.0, X, y + 1)
    with pytest.raises(TypeError, match="integer labels"):
        L.train(X, y.astype(float))
    with pytest.raises(ValueError, match="num_iters"):
        L.train(X, y, num_iters=0)
