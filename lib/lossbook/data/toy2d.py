"""Small 2-D, 3-class data sets for the linear classifier (section 2).

Each function returns ``X`` float ``(N, 2)`` (one point per row, coordinates roughly in
[−1, 1]) and ``y`` int ``(N,)`` with labels 0, 1, 2.

- :func:`demo_points`: nine points, three per class, in the spirit of the CS231n demo; separable.
- :func:`blobs`: three Gaussian blobs, linearly separable.
- The non-linear arrangements of the lecture notes ("10 blue squares, 10 red circles, 10 green
  dots" that no linear classifier separates), ten points per class by default:
  :func:`rings` (concentric rings), :func:`quadrants` (XOR-like: one class in quadrants I and III,
  one in II and IV, one at the centre) and :func:`split_class` (one class in two blobs with another
  class between them).

A linear classifier with three classes cuts the plane into three *convex* regions (each is an
intersection of half-planes :math:`s_k \\ge s_j`), so a class whose points surround another
class's points can never be separated from it.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .._validation import as_choice, as_count, as_int, as_scalar

__all__ = ["make_two_blobs", "overlapping_blobs", "demo_points", "blobs", "rings", "quadrants", "split_class", "NONLINEAR", "DATASETS",
           "make_toy"]


#: What every data set returns: ``X`` float ``(N, 2)`` and ``y`` int ``(N,)``.
_Points = tuple[NDArray[np.float64], NDArray[np.int_]]


def _check(n_per_class: int, seed: int,
           noise: float) -> tuple[int, np.random.Generator, float]:
    # at most 4 classes, 3 numbers a point (x1, x2, y)
    n_per_class = as_count(n_per_class, "n_per_class", values_each=4 * 3)
    seed = as_int(seed, "seed", minimum=0)
    noise = as_scalar(noise, "noise", nonnegative=True)
    return n_per_class, np.random.default_rng(seed), noise


def demo_points() -> _Points:
    """Nine points, three of each class, separable by a linear classifier."""
    X = np.array([[0.5, 0.4], [0.8, 0.3], [0.3, 0.8],
                  [-0.4, 0.3], [-0.3, 0.7], [-0.7, 0.2],
                  [0.7, -0.4], [0.5, -0.6], [-0.4, -0.5]])
    return X, np.repeat(np.arange(3), 3)


def blobs(n_per_class: int = 10, *, seed: int = 0, noise: float = 0.15) -> _Points:
    """Three Gaussian blobs (std ``noise``) centred 120° apart on a circle of radius 0.6."""
    n, rng, noise = _check(n_per_class, seed, noise)
    angles = np.deg2rad([90.0, 210.0, 330.0])
    centres = 0.6 * np.c_[np.cos(angles), np.sin(angles)]
    y = np.repeat(np.arange(3), n)
    return centres[y] + noise * rng.standard_normal((3 * n, 2)), y


def rings(n_per_class: int = 10, *, seed: int = 0, noise: float = 0.04) -> _Points:
    """Three concentric rings of radius 0.2, 0.5 and 0.8 (class 0 inside)."""
    n, rng, noise = _check(n_per_class, seed, noise)
    y = np.repeat(np.arange(3), n)
    r = np.array([0.2, 0.5, 0.8])[y] + noise * rng.standard_normal(3 * n)
    t = rng.uniform(0, 2 * np.pi, 3 * n)
    return np.c_[r * np.cos(t), r * np.sin(t)], y


def quadrants(n_per_class: int = 10, *, seed: int = 0, noise: float = 0.1) -> _Points:
    """XOR-like: class 0 in quadrants I and III, class 1 in II and IV, class 2 at the centre."""
    n, rng, noise = _check(n_per_class, seed, noise)
    y = np.repeat(np.arange(3), n)
    sign = np.where(np.arange(3 * n) % 2 == 0, 1.0, -1.0)      # alternate the two quadrants
    centres = np.zeros((3 * n, 2))
    centres[y == 0] = 0.6 * np.c_[sign[y == 0], sign[y == 0]]
    centres[y == 1] = 0.6 * np.c_[-sign[y == 1], sign[y == 1]]
    return centres + noise * rng.standard_normal((3 * n, 2)), y


def split_class(n_per_class: int = 10, *, seed: int = 0, noise: float = 0.1) -> _Points:
    """Class 0 in two blobs, left and right; class 1 between them; class 2 above."""
    n, rng, noise = _check(n_per_class, seed, noise)
    y = np.repeat(np.arange(3), n)
    centres = np.zeros((3 * n, 2))
    centres[y == 0] = np.c_[np.where(np.arange(n) % 2 == 0, -0.7, 0.7), np.zeros(n)]
    centres[y == 1] = (0.0, 0.0)
    centres[y == 2] = (0.0, 0.65)
    return centres + noise * rng.standard_normal((3 * n, 2)), y


#: The arrangements no linear classifier separates.
NONLINEAR = {"rings": rings, "quadrants": quadrants, "split": split_class}
#: Every data set by name (``demo`` takes no arguments).
DATASETS = {"demo": demo_points, "blobs": blobs, **NONLINEAR}


def make_toy(name: str, n_per_class: int = 10, *, seed: int = 0) -> _Points:
    """The data set ``name`` (a key of :data:`DATASETS`): ``(X (N, 2), y (N,))``."""
    name = as_choice(name, "name", DATASETS)
    if name == "demo":
        return demo_points()
    return DATASETS[name](n_per_class=n_per_class, seed=seed)


def make_two_blobs(n_per_class: int = 50, *, distance: float = 3.0, spread: float = 1.0,
                   seed: int = 0) -> _Points:
    r"""Two seeded Gaussian blobs in 2-D: class 0 around :math:`(-d/2, -d/4)`, class 1 around
    :math:`(d/2, d/4)`, each with standard deviation ``spread``.  Returns ``X`` ``(2n, 2)`` and
    ``y`` ``(2n,)`` (integers 0/1).  Small ``spread`` relative to ``distance`` gives a linearly
    separable set."""
    n_per_class = as_count(n_per_class, "n_per_class", values_each=2 * 3)  # 2 classes: x1, x2, y
    distance = as_scalar(distance, "distance", nonnegative=True)
    spread = as_scalar(spread, "spread", positive=True)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    centre = np.array([distance / 2, distance / 4])
    X = np.vstack([rng.normal(-centre, spread, (n_per_class, 2)),
                   rng.normal(centre, spread, (n_per_class, 2))])
    y = np.repeat([0, 1], n_per_class)
    return X, y


def overlapping_blobs(n_per_class: int = 40, *, seed: int = 0, noise: float = 1.0
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Three overlapping Gaussian blobs in 2-D (centres (−1.6, −0.4), (0, 0.9), (1.6, −0.4), each
    coordinate with standard deviation ``noise``), ``n_per_class`` points each; the first half of
    each class's draws is the training set, the rest the test set (chapter 8's λ explorer).
    Returns ``X_train, y_train, X_test, y_test``."""
    n_per_class = as_count(n_per_class, "n_per_class", minimum=2, values_each=3 * 3)
    noise = as_scalar(noise, "noise", positive=True)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    centres = np.array([[-1.6, -0.4], [0.0, 0.9], [1.6, -0.4]])
    half = n_per_class // 2
    X_train, y_train, X_test, y_test = [], [], [], []
    for k, c in enumerate(centres):
        pts = c + noise * rng.standard_normal((n_per_class, 2))
        X_train.append(pts[:half])
        X_test.append(pts[half:])
        y_train.append(np.full(half, k, dtype=np.intp))
        y_test.append(np.full(n_per_class - half, k, dtype=np.intp))
    return (np.concatenate(X_train), np.concatenate(y_train), np.concatenate(X_test),
            np.concatenate(y_test))
