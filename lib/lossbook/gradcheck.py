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

from ._validation import as_float_array, as_int, as_scalar, as_seed, check_same_shape

__all__ = ["numerical_gradient", "rel_error", "grad_check_sparse"]


def numerical_gradient(f: Callable[[np.ndarray], float], x: ArrayLike,
                       *, h: float = 1e-5) -> NDArray[np.float64]:
    """Centered-difference gradient of the scalar function ``f`` at ``x`` (every entry).

    ``f`` is called with arrays shaped like ``x``; ``x`` itself is not modified.  ``f`` must
    return a finite real number; ``h > 0``.
    """
    _check_function(f)
    h = as_scalar(h, "h", positive=True)
    x = as_float_array(x, "x").copy()
    grad = np.zeros_like(x)
    for k in np.ndindex(x.shape):
        grad[k] = _centered_difference(f, x, k, h)
    return grad


def _check_function(f: object) -> None:
    if not callable(f):
        raise TypeError(f"f must be a function of an array returning a number; "
                        f"got {type(f).__name__} {f!r:.40}")


def _value(f: Callable[[np.ndarray], float], x: np.ndarray, k: tuple) -> float:
    """``f(x)`` as a finite float, or an error naming ``f`` and the entry being checked."""
    out = f(x)
    try:
        value = as_scalar(out, "f(x)")
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"f must return a finite real number; at x{list(k)} ± h: {exc}") from None
    return value


def _centered_difference(f: Callable[[np.ndarray], float], x: np.ndarray, k: tuple,
                         h: float) -> float:
    """(f(x + h e_k) - f(x - h e_k)) / 2h, restoring x[k] afterwards."""
    old = x[k]
    x[k] = old + h
    try:
        f_plus = _value(f, x, k)
        x[k] = old - h
        f_minus = _value(f, x, k)
    finally:
        x[k] = old
    return (f_plus - f_minus) / (2 * h)


def rel_error(a: ArrayLike, b: ArrayLike, *, eps: float = 1e-8) -> float:
    r"""The largest relative error :math:`\max_k |a_k - b_k| / \max(\epsilon, |a_k| + |b_k|)`
    between two arrays of the same shape (or two numbers); ``eps > 0`` and finite."""
    eps = as_scalar(eps, "eps", positive=True)
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    check_same_shape(a, b, "a", "b")
    return float(np.max(np.abs(a - b) / np.maximum(eps, np.abs(a) + np.abs(b))))


def grad_check_sparse(f: Callable[[np.ndarray], float], x: ArrayLike, analytic_grad: ArrayLike,
                      *, num_checks: int = 10, h: float = 1e-5,
                      seed: int | np.random.Generator | None = 0
                      ) -> list[tuple[tuple, float, float, float]]:
    """Compare ``analytic_grad`` with centered differences at ``num_checks`` random entries.

    Returns a list of ``(index, numerical, analytic, relative error)``, one per entry checked:
    on large W (CIFAR-10's 10 × 3073) checking every entry would take 60,000 loss evaluations.
    ``num_checks >= 1``; ``seed``: a non-negative integer, a numpy Generator or None.
    """
    _check_function(f)
    num_checks = as_int(num_checks, "num_checks", minimum=1)
    h = as_scalar(h, "h", positive=True)
    rng = as_seed(seed, "seed")
    x = as_float_array(x, "x").copy()
    analytic_grad = as_float_array(analytic_grad, "analytic_grad")
    if analytic_grad.shape != x.shape:
        raise ValueError(f"analytic_grad must have the shape of x {x.shape}; "
                         f"got {analytic_grad.shape}")
    out = []
    for _ in range(num_checks):
        k = tuple(int(rng.integers(d)) for d in x.shape)
        num = _centered_difference(f, x, k, h)
        ana = float(analytic_grad[k])
        out.append((k, num, ana, abs(num - ana) / max(1e-8, abs(num) + abs(ana))))
    return out
