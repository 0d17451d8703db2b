"""Chapter 9 (real images, the capstone's pipeline): lossbook.chapters.ch09_real_images, the
validation search, the confusion matrix, the figures, the comparison with scikit-learn, on the
digits prepared by lossbook.data.splits (tested in tests/test_data_splits.py)."""
from __future__ import annotations

import numpy as np
import pytest
from figure_checks import assert_legible
from matplotlib.figure import Figure

import lossbook as lb
from lossbook.chapters import ch09_real_images as chapter
from lossbook.data import digits as digits_data
from lossbook.data import splits


@pytest.fixture(scope="module")
def digits():
    images, labels = digits_data.load_digits()
    return splits.prepare(images, labels, digits_data.CLASS_NAMES, scale=digits_data.SCALE,
                          seed=0)


def test_confusion_matrix_against_loop(rng):
    y = rng.integers(0, 4, 50)
    p = rng.integers(0, 4, 50)
    M = chapter.confusion_matrix(y, p, 4)
    ref = np.zeros((4, 4), int)
    for a, b in zip(y, p):
        ref[a, b] += 1
    np.testing.assert_array_equal(M, ref)
    assert np.trace(M) == np.sum(y == p)


def test_search_reaches_stated_accuracy_and_is_deterministic(digits):
    kw = dict(loss="svm", learning_rates=(0.3, 1.0), reg_strengths=(1e-3, 1e-2), num_iters=300,
              verbose=False)
    a = chapter.validation_search(digits, **kw)
    b = chapter.validation_search(digits, **kw)
    assert a.rows == b.rows
    np.testing.assert_array_equal(a.model.W, b.model.W)
    # the stated accuracy: a linear SVM on digits reaches over 93 % on held-out test images
    test_acc = lb.linear.accuracy(digits.y_test, lb.linear.predict(digits.X_test, a.model.W,
                                                                   a.model.b))
    assert test_acc > 0.93
    assert a.best["val_acc"] == max(r["val_acc"] for r in a.rows)
    # a different seed gives a different run
    c = chapter.validation_search(digits, seed=1, **kw)
    assert not np.array_equal(a.model.W, c.model.W)


def test_softmax_training_reaches_accuracy(digits):
    res = lb.linear.train_sgd(digits.X_train, digits.y_train, loss="softmax",
                              reg_strength=1e-4, learning_rate=1.0, num_iters=400, seed=0)
    # sanity check of the first loss: log 10 with tiny initial weights
    assert res.loss_history[0] == pytest.approx(np.log(10), abs=0.01)
    assert lb.linear.accuracy(digits.y_test, lb.linear.predict(digits.X_test, res.W, res.b)) > 0.9


def test_compare_with_sklearn_rows(digits):
    W, b = np.zeros((10, 64)), np.zeros(10)
    rows = chapter.compare_with_sklearn(digits, {"zeros": (W, b, 0.0)})
    assert [r["model"] for r in rows] == ["zeros", "sklearn LinearSVC",
                                          "sklearn LogisticRegression"]
    # all-zero W predicts class 0 everywhere
    assert rows[0]["test_acc"] == pytest.approx(np.mean(digits.y_test == 0))
    assert rows[1]["test_acc"] > 0.9 and rows[2]["test_acc"] > 0.9
    text = chapter.format_table(rows)
    assert "sklearn LinearSVC" in text and len(text.splitlines()) == 5


def test_figures(digits):
    y = digits.y_test
    M = chapter.confusion_matrix(y, np.roll(y, 1), 10)
    fig = chapter.confusion_figure(M, digits.class_names, title="confusion")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    np.testing.assert_array_equal(ax.images[0].get_array(), M)
    assert ax.get_title() == "confusion"
    assert [t.get_text() for t in ax.get_xticklabels()] == list(digits.class_names)
    h = np.linspace(2.0, 1.0, 30)
    fig = chapter.loss_curves_figure({"svm": h, "short": [3.0, 2.0]}, smooth=10)
    raw, run, short = fig.axes[0].get_lines()
    np.testing.assert_array_equal(raw.get_ydata(), h)
    np.testing.assert_allclose(run.get_ydata(), np.convolve(h, np.ones(10) / 10, mode="valid"))
    assert (run.get_label(), short.get_label()) == ("svm", "short")
    # the templates are chapter 8's figure (five a row), reused
    assert chapter.templates_figure is lb.chapters.ch08_regularization.templates_figure
    fig = chapter.templates_figure(np.ones((10, 64)), digits.class_names, digits.image_shape)
    assert [ax.get_title() for ax in fig.axes if ax.images] == list(digits.class_names)


def test_figures_as_in_the_notebook_are_legible(digits):
    """Every figure of the chapter, with the notebook's arguments, shows its texts at 9 CSS px
    or more in the 688-px column."""
    assert_legible(chapter.examples_figure(digits))
    h = np.linspace(9.0, 0.1, 500)
    assert_legible(chapter.loss_curves_figure(
        {"SVM": h, "softmax": h / 4}, title="digits: minibatch loss (line: mean of 10)"))
    y = digits.y_test
    M = chapter.confusion_matrix(y, np.roll(y, 1), 10)
    assert_legible(chapter.confusion_figure(M, digits.class_names,
                                            title="SVM on the digits' test set"))
    W = np.random.default_rng(0).normal(size=(10, 64))
    for loss in ("svm", "softmax"):
        fig = chapter.templates_figure(W, digits.class_names, (8, 8),
                                       title=f"{loss}: rows of W")
        assert_legible(fig)
        assert fig.get_figwidth() * fig.dpi <= 688
    knobs = dict(viewpoint=0.5, illumination=0.5, clutter=0.5, occlusion=0.3,
                 deformation=0.3, intraclass=0.5)
    X, ys = lb.data.shapes.make_shapes(n_per_class=4, seed=0, **knobs)
    X0, _ = lb.data.shapes.make_shapes(n_per_class=4, seed=0)
    names, shape = lb.data.shapes.CLASS_NAMES, lb.data.shapes.IMAGE_SHAPE
    fig = chapter.challenge_pairs_figure(X0, X, ys, names)
    assert_legible(fig)
    assert fig.get_figwidth() * fig.dpi <= 688
    W3 = np.random.default_rng(0).normal(size=(3, int(np.prod(shape))))
    assert_legible(chapter.templates_figure(W3, names, shape,
                                            title="SVM templates (each stretched to [0, 1])"))


def test_examples_figure_shows_each_class_uncentred(digits):
    fig = chapter.examples_figure(digits)
    shown = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in shown] == list(digits.class_names)
    images, labels = digits_data.load_digits()
    for k, ax in enumerate(shown):
        image = ax.images[0].get_array()
        # the first training image of class k, with the mean added back, is one of the digits
        i = np.flatnonzero(digits.y_train == k)[0]
        np.testing.assert_allclose(image, (digits.X_train[i] + digits.mean).reshape(8, 8),
                                   atol=1e-12)
        match = np.flatnonzero(np.all(np.abs(images / 16.0 - image) < 1e-12, axis=(1, 2)))
        assert match.size and set(labels[match]) == {k}


def test_challenge_pairs_figure():
    rng = np.random.default_rng(0)
    clean = rng.integers(0, 256, (10, 4, 4, 3), dtype=np.uint8)
    hard = rng.integers(0, 256, (10, 4, 4, 3), dtype=np.uint8)
    y = np.arange(10) % 3
    fig = chapter.challenge_pairs_figure(clean, hard, y, ("square", "circle", "triangle"), n=5)
    axes = np.array(fig.axes).reshape(2, 5)
    for j in range(5):
        np.testing.assert_array_equal(axes[0, j].images[0].get_array(), clean[j])
        np.testing.assert_array_equal(axes[1, j].images[0].get_array(), hard[j])
        assert axes[0, j].get_title() == ("square", "circle", "triangle")[y[j]]
    with pytest.raises(ValueError, match="n"):
        chapter.challenge_pairs_figure(clean, hard, y, ("a", "b", "c"), n=11)
