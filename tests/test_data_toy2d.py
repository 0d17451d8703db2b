"""lossbook.data.toy2d: the 2-D toy sets of the linear classifier (chapter 2) and the two blobs of
logistic regression (chapter 7).  (The chapter-2 figures drawn on them:
tests/test_ch02_linear_classifier.py.)"""
import numpy as np
import pytest

import lossbook as lb
from lossbook.data import toy2d


@pytest.mark.parametrize("name", list(toy2d.DATASETS))
def test_shapes_labels_and_determinism(name):
    X, y = toy2d.make_toy(name)
    n = 9 if name == "demo" else 30
    assert X.shape == (n, 2) and y.shape == (n,)
    assert np.bincount(y).tolist() == [n // 3] * 3
    X2, y2 = toy2d.make_toy(name)
    np.testing.assert_array_equal(X, X2)


def test_separable_sets_are_fitted_and_nonlinear_ones_are_not():
    for name in toy2d.DATASETS:
        X, y = toy2d.make_toy(name)
        fit = lb.linear.train_sgd(X, y, loss="softmax", learning_rate=0.5, num_iters=2000,
                                  batch_size=len(X))
        acc = lb.linear.accuracy(y, lb.linear.predict(X, fit.W, fit.b))
        if name in toy2d.NONLINEAR:
            assert acc < 0.9, name
        else:
            assert acc == 1.0, name


def test_rings_radii_and_split_geometry():
    X, y = toy2d.rings(10, seed=3, noise=0.0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r, np.array([0.2, 0.5, 0.8])[y])
    X, y = toy2d.split_class(10, seed=0, noise=0.0)
    assert set(np.round(X[y == 0, 0], 6)) == {-0.7, 0.7}


def test_bad_arguments():
    with pytest.raises(ValueError, match="name"):
        toy2d.make_toy("spiral")
    with pytest.raises(ValueError, match="n_per_class"):
        toy2d.rings(0)


def test_two_blobs_are_seeded_and_centred_where_stated():
    X, y = toy2d.make_two_blobs(50, distance=3.0, spread=1.0, seed=0)
    assert X.shape == (100, 2) and y.tolist() == [0] * 50 + [1] * 50
    assert np.issubdtype(y.dtype, np.integer)
    again, _ = toy2d.make_two_blobs(50, distance=3.0, spread=1.0, seed=0)
    np.testing.assert_array_equal(X, again)
    # the same draws, written out: class 0 around (-d/2, -d/4), class 1 around (d/2, d/4)
    rng = np.random.default_rng(0)
    c = np.array([1.5, 0.75])
    np.testing.assert_array_equal(X, np.vstack([rng.normal(-c, 1.0, (50, 2)),
                                                rng.normal(c, 1.0, (50, 2))]))
    # far apart and tight: separable by the line x1 = 0
    X, y = toy2d.make_two_blobs(50, distance=6.0, spread=0.5, seed=0)
    assert np.all((X[:, 0] > 0) == (y == 1))


def test_two_blobs_bad_arguments():
    with pytest.raises(ValueError, match="n_per_class"):
        toy2d.make_two_blobs(0)
    with pytest.raises(ValueError, match="spread"):
        toy2d.make_two_blobs(5, spread=0.0)
    with pytest.raises(ValueError, match="distance"):
        toy2d.make_two_blobs(5, distance=-1.0)


def test_overlapping_blobs_against_numpy():
    """Chapter 8's data: each class drawn in turn around its centre, first half for training."""
    X_train, y_train, X_test, y_test = toy2d.overlapping_blobs(6, seed=2, noise=0.5)
    rng = np.random.default_rng(2)
    centres = [(-1.6, -0.4), (0.0, 0.9), (1.6, -0.4)]
    draws = [np.array(c) + 0.5 * rng.standard_normal((6, 2)) for c in centres]
    np.testing.assert_array_equal(X_train, np.vstack([d[:3] for d in draws]))
    np.testing.assert_array_equal(X_test, np.vstack([d[3:] for d in draws]))
    np.testing.assert_array_equal(y_train, [0, 0, 0, 1, 1, 1, 2, 2, 2])
    np.testing.assert_array_equal(y_test, y_train)
    with pytest.raises(ValueError, match="n_per_class"):
        toy2d.overlapping_blobs(1)
    with pytest.raises(ValueError, match="noise"):
        toy2d.overlapping_blobs(4, noise=0.0)
