"""lossbook.data.digits: scikit-learn's 8 x 8 digits, one loader (its splits:
tests/test_data_splits.py)."""
from __future__ import annotations

import numpy as np
from sklearn.datasets import load_digits as sklearn_digits

from lossbook.data import digits


def test_load_digits_is_sklearns_digits_as_images():
    images, labels = digits.load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.intp
    d = sklearn_digits()
    np.testing.assert_array_equal(images.reshape(1797, 64), d.data)
    np.testing.assert_array_equal(labels, d.target)
    assert images.min() == 0.0 and images.max() == digits.SCALE == 16.0
    assert images.shape[1:] == digits.IMAGE_SHAPE == (8, 8)
    assert digits.CLASS_NAMES == tuple("0123456789")
    assert np.bincount(labels).size == len(digits.CLASS_NAMES)


def test_each_call_is_a_fresh_copy():
    a, ya = digits.load_digits()
    a[0, 0, 0] = 99.0
    ya[0] = 9
    b, yb = digits.load_digits()
    assert b[0, 0, 0] == 0.0 and yb[0] == 0
