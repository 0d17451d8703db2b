"""The hidden cases, seeded: the same numbers on every run and machine (the report is compared
by nbval).  Random values are rounded to two decimals so that a shown case reads easily; the
edges are written out: equal scores, a margin met exactly, scores of ±1e4, N = 1, C = 2."""
from __future__ import annotations

import functools

import numpy as np

from ._spec import Case, frozen


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _random_scores(n: int, c: int, seed: int, margin: float = 1.0) -> tuple[np.ndarray, ...]:
    """Scores (N, C) rounded to 0.01 and labels (N,), with no term s_j - s_yi + margin within
    1e-3 of 0 (a kink is an edge case of its own, not an accident of rounding)."""
    while True:
        rng = _rng(seed)
        scores = np.round(rng.normal(0.0, 2.0, size=(n, c)), 2)
        y = rng.integers(0, c, size=n)
        terms = scores - scores[np.arange(n), y][:, None] + margin
        terms[np.arange(n), y] = 1.0
        if np.all(np.abs(terms) > 1e-3):
            return scores, y
        seed += 1000


def _labels(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.intp)


#: Scores of ±1e4: rows whose maxima differ by thousands, correct classes far below the top.
_HUGE = (np.array([[1e4, -1e4, 5e3, 0.0], [-1e4, 2e3, -5e3, 1e3], [3e3, 1e4, -2e3, -1e4]]),
         _labels(1, 0, 2))
#: Rows 2e4 apart with the correct class on top: a shift by the maximum of the whole array
#: (instead of each row's) leaves the low row as 0 / 0.
_APART = (np.array([[1e4 + 0.5, 1e4, 1e4 - 1.25], [-1e4, -1e4 - 2.0, -1e4 + 0.75]]),
          _labels(0, 2))


@functools.cache
def svm_cases() -> tuple[Case, ...]:
    """(scores, y, margin) for the multiclass SVM loss and its gradient."""
    kink = np.array([[3.0, 2.0, 0.5], [0.25, 1.25, 1.0]])     # 2 - 3 + 1 = 0, 0.25 - 1.25 + 1 = 0
    one = _random_scores(1, 3, 11)
    return (
        Case("random, N = 4, C = 3", frozen(*_random_scores(4, 3, 1)) + (1.0,)),
        Case("random, N = 6, C = 5, margin 2.5",
             frozen(*_random_scores(6, 5, 2, margin=2.5)) + (2.5,)),
        Case("random, N = 8, C = 10", frozen(*_random_scores(8, 10, 3)) + (1.0,)),
        Case("equal scores", frozen(np.full((3, 4), 0.5), _labels(0, 2, 3)) + (1.0,)),
        Case("a margin met exactly", frozen(kink, _labels(0, 1)) + (1.0,)),
        Case("N = 1", frozen(*one) + (1.0,)),
        Case("C = 2", frozen(*_random_scores(5, 2, 12)) + (1.0,)),
        Case("margin 0", frozen(*_random_scores(4, 3, 13, margin=0.0)) + (0.0,)),
        Case("scores of ±1e4", frozen(*_HUGE) + (1.0,), large=True),
    )


@functools.cache
def softmax_cases() -> tuple[Case, ...]:
    """(scores, y) for the softmax cross-entropy and its gradient."""
    near = _random_scores(3, 4, 21)
    return (
        Case("random, N = 4, C = 3", frozen(*_random_scores(4, 3, 1))),
        Case("random, N = 6, C = 5", frozen(*_random_scores(6, 5, 2))),
        Case("random, N = 8, C = 10", frozen(*_random_scores(8, 10, 3))),
        Case("equal scores", frozen(np.full((3, 4), 0.5), _labels(0, 2, 3))),
        Case("N = 1", frozen(*_random_scores(1, 3, 11))),
        Case("C = 2", frozen(*_random_scores(5, 2, 12))),
        Case("scores near 1000", frozen(near[0] + 1000.0, near[1]), large=True),
        Case("scores of ±1e4", frozen(*_HUGE), large=True),
        Case("rows 2e4 apart", frozen(*_APART), large=True),
    )


def _random_logits(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = _rng(seed)
    return np.round(rng.normal(0.0, 2.0, size=n), 2), rng.integers(0, 2, size=n)


@functools.cache
def bce_cases() -> tuple[Case, ...]:
    """(logits, y) for the binary cross-entropy from logits."""
    return (
        Case("random, N = 5", frozen(*_random_logits(5, 31))),
        Case("random, N = 10", frozen(*_random_logits(10, 32))),
        Case("N = 1", frozen(np.array([0.75]), _labels(0))),
        Case("logits 0", frozen(np.zeros(4), _labels(0, 1, 1, 0))),
        Case("logits of ±50", frozen(np.array([50.0, -50.0, 50.0, -50.0]), _labels(1, 0, 0, 1)),
             large=True),
        Case("logits of ±1e4", frozen(np.array([1e4, -1e4, 3e3]), _labels(1, 0, 0)),
             large=True),
    )


def _weights(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.round(_rng(seed).normal(0.0, 1.0, size=shape), 2)


@functools.cache
def penalty_cases() -> tuple[Case, ...]:
    """(W, reg_strength) for the L2 and L1 penalties and their gradients."""
    with_zeros = _weights((3, 4), 43)
    with_zeros[[0, 1, 2, 2], [1, 3, 0, 2]] = 0.0
    return (
        Case("W 3×4, reg_strength 0.1", frozen(_weights((3, 4), 41)) + (0.1,)),
        Case("W 1×1, reg_strength 2.5", frozen(np.array([[-1.5]])) + (2.5,)),
        Case("W with zeros, reg_strength 0.5", frozen(with_zeros) + (0.5,)),
        Case("W 10×3, reg_strength 1e-3", frozen(_weights((10, 3), 44)) + (1e-3,)),
        Case("W 2×5, reg_strength 3", frozen(_weights((2, 5), 45)) + (3.0,)),
    )


def _regression(n: int, seed: int, spread: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    rng = _rng(seed)
    y = np.round(rng.normal(0.0, 2.0, size=n), 2)
    return y, np.round(y + rng.normal(0.0, spread, size=n), 2)


@functools.cache
def regression_cases() -> tuple[Case, ...]:
    """(y, prediction, scale) for the Gaussian (scale σ) and Laplace (scale b) NLLs."""
    y = np.round(_rng(51).normal(0.0, 1.0, size=4), 2)
    return (
        Case("random, N = 5, scale 1.5", frozen(*_regression(5, 52)) + (1.5,)),
        Case("random, N = 10, scale 0.5", frozen(*_regression(10, 53)) + (0.5,)),
        Case("N = 1, scale 2", frozen(np.array([0.5]), np.array([-1.25])) + (2.0,)),
        Case("a perfect fit, scale 1.3", frozen(y, y) + (1.3,)),
        Case("large residuals, scale 0.1", frozen(*_regression(6, 54, spread=20.0)) + (0.1,)),
        Case("scale 1", frozen(*_regression(4, 55)) + (1.0,)),
    )


@functools.cache
def sgd_cases() -> tuple[Case, ...]:
    """(W, grad, learning_rate) for one step of gradient descent."""
    return (
        Case("W 3×4, learning_rate 0.1", frozen(_weights((3, 4), 61), _weights((3, 4), 62))
             + (0.1,)),
        Case("W 1×1, learning_rate 0.5", frozen(np.array([[2.0]]), np.array([[-1.5]])) + (0.5,)),
        Case("W 10×5, learning_rate 1e-3",
             frozen(_weights((10, 5), 63), _weights((10, 5), 64)) + (1e-3,)),
        Case("W 2×3, learning_rate 2", frozen(_weights((2, 3), 65), _weights((2, 3), 66))
             + (2.0,)),
    )


class Function:
    """A scalar function of an array for the gradient check, shown by its formula."""

    def __init__(self, formula: str, fn) -> None:
        self.formula = formula
        self._fn = fn

    def __call__(self, x: np.ndarray) -> float:
        return float(self._fn(np.asarray(x, dtype=np.float64)))

    def __repr__(self) -> str:
        return self.formula


CUBIC = Function("f(x) = Σ x³/3 + Σ sin x", lambda x: np.sum(x ** 3) / 3 + np.sum(np.sin(x)))
LOGSUMEXP = Function("f(x) = log Σ exp x", lambda x: np.log(np.sum(np.exp(x))))
PRODUCT = Function("f(x) = Σ exp(x/2) + x₀²·Σ x",
                   lambda x: np.sum(np.exp(x / 2)) + x.flat[0] ** 2 * np.sum(x))


@functools.cache
def gradient_cases() -> tuple[Case, ...]:
    """(loss_fn, x, h) for the centred-difference numerical gradient."""
    return (
        Case("f = Σ x³/3 + Σ sin x, x of shape (3,)",
             (CUBIC,) + frozen(_weights((3,), 71)) + (1e-3,)),
        Case("f = log Σ exp x, x of shape (2, 3)",
             (LOGSUMEXP,) + frozen(_weights((2, 3), 72)) + (1e-4,)),
        Case("x of shape (1,)", (CUBIC,) + frozen(np.array([0.7])) + (1e-2,)),
        Case("f = Σ exp(x/2) + x₀²·Σ x, x of shape (4, 2)",
             (PRODUCT,) + frozen(_weights((4, 2), 73)) + (1e-3,)),
    )


@functools.cache
def svm_timed() -> tuple[str, tuple]:
    """The larger case a passing vectorized SVM loss is timed on: N = 500, C = 10."""
    return "N = 500, C = 10", frozen(*_random_scores(500, 10, 99, margin=1.0)) + (1.0,)
