"""lossbook.data.splits: the seeded shuffle split (chapters 1, 2), the stratified train /
validation / test split, and the prepared Split (chapters 8, 9), on the digits of
lossbook.data.digits."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits as sklearn_digits

from lossbook import knn
from lossbook.data import digits, splits


@pytest.fixture(scope="module")
def digit_images():
    return digits.load_digits()


@pytest.fixture(scope="module")
def prepared(digit_images):
    """What the chapters use (the old ``training.load_digits_split(seed=0)``)."""
    return splits.prepare(*digit_images, digits.CLASS_NAMES, scale=digits.SCALE, seed=0)


# ------------------------------------------------------------------------------------------------
# shuffle_split
# ------------------------------------------------------------------------------------------------
def test_shuffle_split_of_the_digits_against_numpy():
    """The split of chapters 1 and 2, rebuilt from scikit-learn's digits and numpy's seeded
    permutation: the first quarter of the shuffled order is the test set."""
    X_train, y_train, X_test, y_test = splits.shuffle_split(*digits.load_digits(),
                                                            test_fraction=0.25, seed=0)
    d = sklearn_digits()
    order = np.random.default_rng(0).permutation(1797)
    n_test = 449                                   # round(0.25 * 1797)
    np.testing.assert_array_equal(X_test, d.images[order[:n_test]])
    np.testing.assert_array_equal(y_test, d.target[order[:n_test]])
    np.testing.assert_array_equal(X_train, d.images[order[n_test:]])
    np.testing.assert_array_equal(y_train, d.target[order[n_test:]])
    assert X_train.shape == (1348, 8, 8) and X_test.shape == (449, 8, 8)
    # the defaults are the same split
    for a, b in zip(splits.shuffle_split(*digits.load_digits()),
                    (X_train, y_train, X_test, y_test)):
        np.testing.assert_array_equal(a, b)


def test_shuffle_split_gives_chapter_ones_numbers():
    """Chapter 1 prints the 1-NN test accuracy on this split: 0.984 (L1) and 0.991 (L2)."""
    X_train, y_train, X_test, y_test = splits.shuffle_split(*digits.load_digits(), seed=0)
    model = knn.train(X_train, y_train)
    assert f"{model.score(X_test, y_test, k=1, metric='l1'):.3f}" == "0.984"
    assert f"{model.score(X_test, y_test, k=1, metric='l2'):.3f}" == "0.991"


def test_shuffle_split_seed_and_fraction():
    X = np.arange(20).reshape(10, 2)
    y = np.arange(10) % 3
    Xtr, ytr, Xte, yte = splits.shuffle_split(X, y, test_fraction=0.3, seed=5)
    order = np.random.default_rng(5).permutation(10)
    np.testing.assert_array_equal(Xte, X[order[:3]])
    np.testing.assert_array_equal(ytr, y[order[3:]])
    assert sorted(np.r_[Xtr[:, 0], Xte[:, 0]].tolist()) == X[:, 0].tolist()
    assert not np.array_equal(splits.shuffle_split(X, y, seed=6)[2], Xte)


def test_shuffle_split_bad_arguments():
    X, y = np.zeros((10, 2)), np.arange(10) % 2
    with pytest.raises(ValueError, match="test_fraction"):
        splits.shuffle_split(X, y, test_fraction=1.0)
    with pytest.raises(ValueError, match="test_fraction"):
        splits.shuffle_split(X, y, test_fraction=0.0)
    with pytest.raises(ValueError, match="y has 9 labels for the 10 rows of X"):
        splits.shuffle_split(X, y[:9])
    with pytest.raises(TypeError, match="seed"):
        splits.shuffle_split(X, y, seed=0.5)
    with pytest.raises(TypeError):
        splits.shuffle_split(X, y, 0.5)          # the options are keyword-only


# ------------------------------------------------------------------------------------------------
# train_val_test_split and prepare
# ------------------------------------------------------------------------------------------------
def test_split_is_stratified_disjoint_and_centred(prepared):
    d = sklearn_digits()
    s = prepared
    assert len(s.y_train) + len(s.y_val) + len(s.y_test) == len(d.target)
    # every class is in every part, in about the same proportion
    for part in (s.y_train, s.y_val, s.y_test):
        frac = np.bincount(part, minlength=10) / len(part)
        np.testing.assert_allclose(frac, np.bincount(d.target) / len(d.target), atol=0.01)
    np.testing.assert_allclose(s.X_train.mean(axis=0), 0, atol=1e-12)
    # the rows are the original images, scaled and centred: recover them and find them
    orig = sorted(tuple(np.round(r, 9)) for r in d.data / 16)
    rows = sorted(tuple(np.round(r + s.mean, 9)) for X in (s.X_train, s.X_val, s.X_test)
                  for r in X)
    assert rows == orig


def test_prepared_split_describes_itself(prepared):
    s = prepared
    assert s.image_shape == (8, 8) and s.class_names == digits.CLASS_NAMES
    assert s.n_classes == 10 and s.X_train.shape[1] == 64
    assert s.sizes() == (f"train {len(s.y_train)}, validation {len(s.y_val)}, "
                         f"test {len(s.y_test)} images of 64 numbers each")
    # prepare is the stratified split, flattened, scaled and centred by the training mean
    images, labels = digits.load_digits()
    parts = splits.train_val_test_split(images.reshape(1797, 64) / 16.0, labels,
                                        val_fraction=0.2, test_fraction=0.2, seed=0)
    Xtr, ytr, Xva, yva, Xte, yte = parts
    np.testing.assert_array_equal(s.mean, Xtr.mean(axis=0))
    np.testing.assert_array_equal(s.X_val, Xva - Xtr.mean(axis=0))
    np.testing.assert_array_equal(s.y_test, yte)


def test_prepare_options_and_image_shape():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 256, (30, 4, 4, 3)).astype(np.uint8)
    y = np.arange(30) % 3
    s = splits.prepare(X, y, ("a", "b", "c"))
    assert s.image_shape == (4, 4, 3) and s.X_train.shape[1] == 48
    assert s.X_train.max() <= 1.0 and s.X_train.min() >= -1.0        # scaled by 255
    with pytest.raises(ValueError, match="image_shape"):
        splits.prepare(X, y, ("a", "b", "c"), (5, 5, 3))
    with pytest.raises(TypeError):
        splits.prepare(X, y, ("a", "b", "c"), None, 255.0)      # the options are keyword-only


def test_bad_fractions():
    X, y = np.zeros((10, 2)), np.arange(10) % 2
    with pytest.raises(ValueError, match="below 1"):
        splits.train_val_test_split(X, y, val_fraction=0.5, test_fraction=0.5)
    with pytest.raises(ValueError, match="val_fraction"):
        splits.train_val_test_split(X, y, val_fraction=-0.1, test_fraction=0.2)
    with pytest.raises(TypeError):
        splits.train_val_test_split(X, y, 0.5, 0.5)             # the options are keyword-only
