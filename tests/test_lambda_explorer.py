"""The λ explorer: its compute step against independent computations, and the live view."""
from __future__ import annotations

import time

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

import lossbook as lb
from lossbook.widgets import lambda_explorer as le


@pytest.fixture(scope="module")
def data():
    return le.make_data()


def test_make_data_is_seeded_and_split(data):
    again = le.make_data()
    np.testing.assert_array_equal(data.X_train, again.X_train)
    assert data.X_train.shape == (60, 2) and data.X_test.shape == (60, 2)
    assert np.bincount(data.y_train).tolist() == [20, 20, 20]
    assert not np.array_equal(le.make_data(seed=1).X_train, data.X_train)


def test_compute_numbers_are_consistent(data):
    r = le.compute("l2", 0.01, data)
    # losses recomputed with the core library
    s = data.X_train @ r.W.T + r.b
    assert r.data_loss == pytest.approx(lb.losses.cross_entropy(s, data.y_train), rel=1e-10)
    assert r.reg_loss == pytest.approx(0.01 * lb.regularization.l2(r.W), rel=1e-10)
    assert r.total_loss == pytest.approx(r.data_loss + r.reg_loss)
    assert r.weight_norm == pytest.approx(np.linalg.norm(r.W))
    assert r.l1_norm == pytest.approx(np.abs(r.W).sum())
    assert r.train_accuracy == pytest.approx(lb.linear.accuracy(data.X_train, data.y_train,
                                                                r.W, r.b))
    assert r.test_accuracy == pytest.approx(lb.linear.accuracy(data.X_test, data.y_test,
                                                               r.W, r.b))
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


def test_weights_shrink_as_lambda_grows(data):
    norms = [le.compute("l2", lam, data).weight_norm for lam in (1e-3, 1e-2, 1e-1, 1.0)]
    assert all(a > b for a, b in zip(norms, norms[1:]))


def test_warm_start_matches_cold(data):
    prev = le.compute("l1", 0.05, data)
    warm = le.compute("l1", 0.04, data, prev.W, prev.b)
    cold = le.compute("l1", 0.04, data)
    np.testing.assert_allclose(warm.W, cold.W, atol=1e-3)
    assert warm.total_loss == pytest.approx(cold.total_loss, abs=1e-7)


def test_bad_penalty():
    with pytest.raises(ValueError, match="penalty"):
        le.compute("l3", 0.1)
    with pytest.raises(ValueError, match="reg_strength"):
        le.compute("l2", -0.1)


def test_view_controls_readout_and_speed():
    ex = le.LambdaExplorer()
    assert ex.penalty_control.description == "penalty"
    assert ex.lambda_control.description == "λ (reg strength)"
    assert set(ex.readout.values) == {"penalty", "lambda", "weight_norm", "l1_norm", "n_zero",
                                      "data_loss", "reg_loss", "total_loss", "train_acc",
                                      "test_acc", "n_iter"}
    png0 = ex.view.image.value
    ex.penalty_control.value = "l1"
    ex.lambda_control.value = 0.5
    assert ex.readout.values["penalty"] == "L1"
    assert ex.readout.values["lambda"] == "5.00e-01"
    cold = le.compute("l1", 0.5, ex.data)
    assert float(ex.readout.values["total_loss"]) == pytest.approx(cold.total_loss, abs=1e-4)
    assert int(ex.readout.values["n_zero"]) == cold.n_zero
    assert float(ex.readout.values["test_acc"]) == pytest.approx(ex.result.test_accuracy,
                                                                 abs=1e-3)
    np.testing.assert_allclose(ex.result.W, cold.W, atol=1e-3)
    # the warm and cold fits agree to the tolerance; a test point right on a boundary may flip
    assert abs(ex.result.test_accuracy - cold.test_accuracy) <= 1 / 60 + 1e-12
    assert ex.view.image.value != png0
    # bars show the weights
    np.testing.assert_allclose([b.get_height() for b in ex._bars], ex.result.W.ravel())
    # live updates: median well under 50 ms (generous bound for a shared CI machine)
    times = []
    for v in np.logspace(-3, 0, 15):
        t = time.perf_counter()
        ex.lambda_control.value = float(v)
        times.append(time.perf_counter() - t)
    assert np.median(times) < 0.1
