r"""Numerical gradient checks, as in CS231n.

The centered difference :math:`\frac{f(x + h e_k) - f(x - h e_k)}{2h}` approximates
:math:`\partial f/\partial x_k` with error :math:`O(h^2)`.  An analytic gradient is right when its
relative error :math:`\frac{|a - n|}{\max(|a| + |n|, \epsilon)}` is small (≈1e-7 or less in
float64 away from kinks).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_float_array, as_int, as_scalar, check_same_shape

__all__ = ["numerical_gradient", "rel_error", "grad_check_sparse"]


def numerical_gradient(f: Callable[[np.ndarray], float], x: ArrayLike,
                       *, h: float = 1e-5) -> NDArray[np.float64]:
    """Centered-difference gradient of the scalar function ``f`` at ``x`` (every entry).

    ``f`` is called with arrays shaped like ``x``; ``x`` itself is not modified.
    """
    h = as_scalar(h, "h", positive=True)
    x = as_float_array(x, "x").copy()
    grad = np.zeros_like(x)
    for k in np.ndindex(x.shape):
        grad[k] = _centered_difference(f, x, k, h)
    return grad


def _centered_difference(f: Callable[[np.ndarray], float], x: np.ndarray, k: tuple,
                         h: float) -> float:
    """(f(x + h e_k) - f(x - h e_k)) / 2h, restoring x[k] afterwards."""
    old = x[k]
    x[k] = old + h
    f_plus = float(f(x))
    x[k] = old - h
    f_minus = float(f(x))
    x[k] = old
    return (f_plus - f_minus) / (2 * h)


def rel_error(a: ArrayLike, b: ArrayLike, *, eps: float = 1e-8) -> float:
    """The largest relative error between two arrays of the same shape."""
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    check_same_shape(a, b, "a", "b")
    return float(np.max(np.abs(a - b) / np.maximum(eps, np.abs(a) + np.abs(b))))


def grad_check_sparse(f: Callable[[np.ndarray], float], x: ArrayLike, analytic_grad: ArrayLike,
                      *, num_checks: int = 10, h: float = 1e-5,
                      seed: int = 0) -> list[tuple[tuple, float, float, float]]:
    """Compare ``analytic_grad`` with centered differences at ``num_checks`` random entries.

    Returns a list of ``(index, numerical, analytic, relative error)``, one per entry checked:
    on large W (CIFAR-10's 10 × 3073) checking every entry would take 60,000 loss evaluations.
    """
    num_checks = as_int(num_checks, "num_checks", minimum=1)
    h = as_scalar(h, "h", positive=True)
    seed = as_int(seed, "seed", minimum=0)
    x = as_float_array(x, "x").copy()
    analytic_grad = as_float_array(analytic_grad, "analytic_grad")
    if analytic_grad.shape != x.shape:
        raise ValueError(f"analytic_grad must have the shape of x {x.shape}; "
                         f"got {analytic_grad.shape}")
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(num_checks):
        k = tuple(int(rng.integers(d)) for d in x.shape)
        num = _centered_difference(f, x, k, h)
        ana = float(analytic_grad[k])
        out.append((k, num, ana, abs(num - ana) / max(1e-8, abs(num) + abs(ana))))
    return out
