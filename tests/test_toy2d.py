"""The 2-D toy sets and the linear-classifier figures."""
import numpy as np
import pytest

import lossbook as lb
from lossbook import plots_linear
from lossbook.datasets import toy2d


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
        acc = lb.linear.accuracy(X, y, fit.W, fit.b)
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


def test_templates_scale_each_row_to_unit_range():
    W = np.array([[0.0, 2.0, 4.0, 1.0], [-1.0, -1.0, 1.0, 0.0]])
    imgs = plots_linear.templates_as_images(W, shape=(2, 2))
    np.testing.assert_allclose(imgs[0], [[0, 0.5], [1, 0.25]])
    np.testing.assert_allclose(imgs[1], [[0, 0], [1, 0.5]])
    with pytest.raises(ValueError, match="W must be"):
        plots_linear.templates_as_images(W, shape=(3, 3))


def test_decision_plot_regions_are_the_argmax():
    X, y = toy2d.demo_points()
    fig = plots_linear.decision_figure(np.eye(3, 2), np.zeros(3), X, y, lim=1.0)
    region = fig.axes[0].images[0].get_array()
    g = np.linspace(-1, 1, region.shape[0])
    i, j = 10, 100                                    # row = y index, column = x index
    assert region[i, j] == np.argmax(np.eye(3, 2) @ np.array([g[j], g[i]]))
