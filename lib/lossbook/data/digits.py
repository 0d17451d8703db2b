"""scikit-learn's bundled handwritten digits: 1,797 images of 8 × 8 pixels with values 0–16,
classes 0–9.  No download: the data ship with scikit-learn.

One loader, :func:`load_digits`; the splits are :mod:`lossbook.data.splits`'s::

    images, labels = lb.data.digits.load_digits()
    X_train, y_train, X_test, y_test = lb.data.splits.shuffle_split(images, labels)   # 75 / 25
    split = lb.data.splits.prepare(images, labels, lb.data.digits.CLASS_NAMES,
                                   scale=lb.data.digits.SCALE)                       # 60 / 20 / 20
"""
from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["CLASS_NAMES", "IMAGE_SHAPE", "SCALE", "load_digits"]

#: The class names, "0" … "9" (class k is the digit k).
CLASS_NAMES = tuple(str(k) for k in range(10))
#: The shape of one image.
IMAGE_SHAPE = (8, 8)
#: The largest pixel value (divide by it for [0, 1]).
SCALE = 16.0


def load_digits() -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """Every digit in scikit-learn's order: ``images`` ``(1797, 8, 8)`` float64 in [0, 16] and
    ``labels`` ``(1797,)`` integers 0–9."""
    from sklearn.datasets import load_digits as sklearn_digits

    d = sklearn_digits()
    return d.images, d.target.astype(np.intp)
