"""scikit-learn's bundled handwritten digits (1,797 images of 8 × 8 pixels, values 0–16), split
into a training and a test set reproducibly.  No download: the data ship with scikit-learn."""
from __future__ import annotations

import numpy as np

__all__ = ["load_digits_split"]


def load_digits_split(test_fraction: float = 0.25, seed: int = 0):
    """Return ``X_train, y_train, X_test, y_test``: images ``(n, 8, 8)`` as float64 in [0, 16]
    and integer labels 0–9, shuffled with ``seed`` and split so that ``test_fraction`` of the
    1,797 images are for testing."""
    from sklearn.datasets import load_digits

    if not 0.0 < float(test_fraction) < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1); got {test_fraction!r}")
    d = load_digits()
    order = np.random.default_rng(seed).permutation(len(d.target))
    n_test = int(round(test_fraction * len(order)))
    test, tr = order[:n_test], order[n_test:]
    return d.images[tr], d.target[tr], d.images[test], d.target[test]
