"""Helpers of Part II: the SVM questions, the stability demonstration, naive vs vectorized speed."""
from __future__ import annotations

import math

import numpy as np
import pytest

import lossbook as lb
from lossbook import speed, stability, svm_questions as q
from lossbook.worked_examples import load_cat_car_frog


# --- svm_questions ------------------------------------------------------------------------------
def test_q4_all_classes_adds_the_margin(rng):
    scores, y, _ = load_cat_car_frog()
    np.testing.assert_allclose(q.svm_loss_all_classes(scores, y), [3.9, 1.0, 13.9])
    for margin in (0.0, 0.5, 2.0):
        s = rng.normal(size=(6, 4))
        yy = rng.integers(0, 4, size=6)
        loop = [sum(max(0.0, s[i, j] - s[i, yy[i]] + margin) for j in range(4)) for i in range(6)]
        np.testing.assert_allclose(q.svm_loss_all_classes(s, yy, margin), loop, atol=1e-12)
        np.testing.assert_allclose(q.svm_loss_all_classes(s, yy, margin),
                                   lb.losses.svm_loss(s, yy, margin, reduction="none") + margin)


def test_q5_class_mean_rescales():
    scores, y, _ = load_cat_car_frog()
    np.testing.assert_allclose(q.svm_loss_class_mean(scores, y), [1.45, 0.0, 6.45])


def test_q1_slack_and_worst_case():
    scores, y, _ = load_cat_car_frog()
    # car image: 4.9 beats 2.0 by 2.9; 2.9 - 1 = 1.9 of room, shared by two moving scores
    np.testing.assert_allclose(q.zero_loss_slack(scores, y), [-1.45, 0.95, -3.3])
    car, yc = scores[1:2], y[1:2]
    np.testing.assert_allclose(q.worst_case_perturbation(car, yc, 0.9), [[2.2, 4.0, 2.9]])
    assert lb.losses.svm_loss(q.worst_case_perturbation(car, yc, 0.94), yc) == 0.0
    assert lb.losses.svm_loss(q.worst_case_perturbation(car, yc, 1.0), yc) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="size"):
        q.worst_case_perturbation(car, yc, -1.0)


def test_q1_bound_is_tight_on_random_tables(rng):
    for _ in range(20):
        s = rng.normal(scale=3, size=(1, 4))
        yy = np.array([int(np.argmax(s))])
        slack = q.zero_loss_slack(s, yy)[0]
        if slack <= 0.01:
            continue
        assert lb.losses.svm_loss(q.worst_case_perturbation(s, yy, slack - 1e-9), yy) == 0.0
        assert lb.losses.svm_loss(q.worst_case_perturbation(s, yy, slack + 1e-3), yy) > 0.0
        # any perturbation within the slack leaves the loss 0
        d = rng.uniform(-slack, slack, size=s.shape) * 0.999
        assert lb.losses.svm_loss(s + d, yy) == 0.0


def test_questions_bad_input():
    with pytest.raises(ValueError, match="two classes"):
        q.svm_loss_all_classes([[1.0]], [0])
    with pytest.raises(ValueError, match="margin"):
        q.svm_loss_class_mean([[1.0, 2.0]], [0], margin=-1)


# --- stability ----------------------------------------------------------------------------------
def test_naive_softmax_breaks_where_the_stable_one_does_not():
    big = np.array([1000.0, 999.0, 998.0])
    assert np.isnan(stability.naive_softmax(big)).all()
    assert np.isnan(stability.naive_softmax(-big)).all()   # 0 / 0
    small = np.array([1.0, 2.0, 3.0])
    e = [math.exp(v) for v in small]
    np.testing.assert_allclose(stability.naive_softmax(small), [v / sum(e) for v in e])
    np.testing.assert_allclose(lb.losses.softmax(big), stability.naive_softmax(big - 1000.0))
    assert np.isinf(stability.naive_cross_entropy(np.array([[0.0, 800.0]]), [0]))[0]


# --- speed --------------------------------------------------------------------------------------
def test_agreement_and_timings(rng):
    X = rng.normal(size=(30, 5))
    y = rng.integers(0, 4, size=30)
    W, b = lb.linear.init_params(5, 4, scale=0.5, seed=1)
    a = speed.agreement(W, b, X, y, reg_strength=0.1)
    assert a["loss_difference"] < 1e-12 and a["dW_max_difference"] < 1e-12
    assert a["db_max_difference"] < 1e-12
    # the loss itself, by an independent loop
    s = X @ W.T + b
    loop = np.mean([sum(max(0, s[i, j] - s[i, y[i]] + 1) for j in range(4) if j != y[i])
                    for i in range(30)]) + 0.1 * np.sum(W * W)
    assert a["loss_naive"] == pytest.approx(loop)
    t = speed.timings(W, b, X, y, repeat=1)
    assert t["naive_seconds"] > 0 and t["vectorized_seconds"] > 0
    assert t["speedup"] == pytest.approx(t["naive_seconds"] / t["vectorized_seconds"])
    with pytest.raises(ValueError, match="repeat"):
        speed.best_time(print, repeat=0)
