r"""Regularization penalties :math:`R(W)` and their gradients, section 8.

The full loss is :math:`L(W) = \frac1N \sum_i L_i + \lambda R(W)` with :math:`\lambda` =
``reg_strength``.  The bias ``b`` is not regularized (see :mod:`lossbook.linear`).

The term :math:`\lambda R(W)` itself is :func:`reg_loss` (and its gradient :func:`reg_loss_grad`):
exactly 0 when :math:`\lambda = 0` (never :math:`0 \cdot \infty` = NaN for large weights), and
computed with :math:`W` scaled by its largest entry, so that :math:`\lambda R(W)` is finite whenever
its true value is, even when :math:`R(W)` alone overflows (:math:`\lambda = 10^{-300}`,
:math:`W = 10^{200}`).
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_choice, as_float_array, as_scalar

__all__ = ["l2", "l2_grad", "l1", "l1_grad", "elastic_net", "elastic_net_grad",
           "REGULARIZERS", "penalty", "penalty_grad", "reg_loss", "reg_loss_grad"]


def l2(W: ArrayLike) -> float:
    r""":math:`R(W) = \sum_k \sum_l W_{k,l}^2` (L2, weight decay)."""
    W = as_float_array(W, "W")
    return float(np.sum(W * W))


def l2_grad(W: ArrayLike) -> NDArray[np.float64]:
    r""":math:`\partial R / \partial W = 2W`."""
    return 2.0 * as_float_array(W, "W")


def l1(W: ArrayLike) -> float:
    r""":math:`R(W) = \sum_k \sum_l |W_{k,l}|` (L1, lasso)."""
    return float(np.sum(np.abs(as_float_array(W, "W"))))


def l1_grad(W: ArrayLike) -> NDArray[np.float64]:
    r""":math:`\partial R / \partial W = \mathrm{sign}(W)` (the subgradient 0 at :math:`W = 0`)."""
    return np.sign(as_float_array(W, "W"))


def elastic_net(W: ArrayLike, *, beta: float = 1.0) -> float:
    r""":math:`R(W) = \sum_k \sum_l \big(\beta W_{k,l}^2 + |W_{k,l}|\big)` (elastic net, β ≥ 0)."""
    beta = as_scalar(beta, "beta", nonnegative=True)
    W = as_float_array(W, "W")
    return float(np.sum(beta * W * W + np.abs(W)))


def elastic_net_grad(W: ArrayLike, *, beta: float = 1.0) -> NDArray[np.float64]:
    r""":math:`\partial R / \partial W = 2\beta W + \mathrm{sign}(W)`."""
    beta = as_scalar(beta, "beta", nonnegative=True)
    W = as_float_array(W, "W")
    return 2.0 * beta * W + np.sign(W)


REGULARIZERS = ("l2", "l1", "elastic_net")


def penalty(W: ArrayLike, reg: str = "l2", *, beta: float = 1.0) -> float:
    """:math:`R(W)` for the regularizer named ``reg`` (``"l2"``, ``"l1"`` or ``"elastic_net"``)."""
    reg = as_choice(reg, "reg", REGULARIZERS)
    return elastic_net(W, beta=beta) if reg == "elastic_net" else {"l2": l2, "l1": l1}[reg](W)


def penalty_grad(W: ArrayLike, reg: str = "l2", *, beta: float = 1.0) -> NDArray[np.float64]:
    """:math:`\\partial R / \\partial W` for the regularizer named ``reg``."""
    reg = as_choice(reg, "reg", REGULARIZERS)
    if reg == "elastic_net":
        return elastic_net_grad(W, beta=beta)
    return {"l2": l2_grad, "l1": l1_grad}[reg](W)


#: Below this, R(W) or λR(W) may hold underflowed (subnormal) terms: recompute with scaling.
_SAFE_LOW = 1e-290


def _weighted_sum_sq(root: float, W: np.ndarray) -> float:
    r""":math:`c \sum W_{k,l}^2` with :math:`c = \mathrm{root}^2 \ge 0`, without needless overflow
    or underflow: :math:`(\mathrm{root}\cdot m)^2 \sum (W/m)^2` with :math:`m = \max|W|`."""
    m = float(np.max(np.abs(W))) if W.size else 0.0
    if root == 0.0 or m == 0.0:
        return 0.0
    with np.errstate(over="ignore", under="ignore"):
        t = root * m
        return float(t * (t * np.sum(np.square(W / m))))


def _weighted_sum_abs(coef: float, W: np.ndarray) -> float:
    r""":math:`c \sum |W_{k,l}|` for :math:`c \ge 0`, as :math:`(c\,m) \sum |W|/m`."""
    m = float(np.max(np.abs(W))) if W.size else 0.0
    if coef == 0.0 or m == 0.0:
        return 0.0
    with np.errstate(over="ignore", under="ignore"):
        return float((coef * m) * np.sum(np.abs(W) / m))


def reg_loss(W: ArrayLike, reg_strength: float, *, reg: str = "l2", beta: float = 1.0) -> float:
    r"""The regularization term :math:`\lambda R(W)` of the full loss, :math:`\lambda` =
    ``reg_strength`` :math:`\ge 0` (section 8).

    Equal to ``reg_strength * penalty(W, reg, beta=beta)`` where that product is finite, but
    exactly ``0.0`` when :math:`\lambda = 0` (whatever :math:`W`), and finite whenever the true
    :math:`\lambda R(W)` is: :math:`\lambda \sum W^2` is formed as
    :math:`(\sqrt\lambda\, m)^2 \sum (W/m)^2` with :math:`m = \max|W|`, so a huge :math:`W` with a
    tiny :math:`\lambda` does not overflow on the way.
    """
    reg = as_choice(reg, "reg", REGULARIZERS)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    beta = as_scalar(beta, "beta", nonnegative=True)
    W = as_float_array(W, "W")
    if reg_strength == 0.0:
        return 0.0
    with np.errstate(over="ignore", under="ignore"):
        plain = penalty(W, reg, beta=beta)
        direct = reg_strength * plain
    if np.isfinite(direct) and min(plain, direct) >= _SAFE_LOW:
        return direct               # the plain product: identical to what the book prints
    root = np.sqrt(reg_strength)
    if reg == "l2":
        return _weighted_sum_sq(root, W)
    if reg == "l1":
        return _weighted_sum_abs(reg_strength, W)
    with np.errstate(over="ignore"):
        return _weighted_sum_sq(root * np.sqrt(beta), W) + _weighted_sum_abs(reg_strength, W)


def reg_loss_grad(W: ArrayLike, reg_strength: float,
                  *, reg: str = "l2", beta: float = 1.0) -> NDArray[np.float64]:
    r""":math:`\lambda\,\partial R/\partial W`, the gradient of :func:`reg_loss`, shape of ``W``.

    Exactly 0 when :math:`\lambda = 0` (no :math:`0\cdot\infty`); otherwise
    :math:`(2\lambda) W` for L2, :math:`\lambda\,\mathrm{sign}(W)` for L1 and
    :math:`(2\lambda\beta) W + \lambda\,\mathrm{sign}(W)` for the elastic net, the factors
    multiplied first so that :math:`2W` cannot overflow on its own (the elastic net uses the plain
    :math:`\lambda(2\beta W + \mathrm{sign}\,W)` wherever that is finite).
    """
    reg = as_choice(reg, "reg", REGULARIZERS)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    beta = as_scalar(beta, "beta", nonnegative=True)
    W = as_float_array(W, "W")
    if reg_strength == 0.0:
        return np.zeros_like(W)
    with np.errstate(over="ignore"):
        if reg == "l2":
            return (2.0 * reg_strength) * W
        if reg == "l1":
            return reg_strength * np.sign(W)
        direct = reg_strength * elastic_net_grad(W, beta=beta)
        if np.all(np.isfinite(direct)):
            return direct           # the plain product, as in the book
        return (2.0 * reg_strength * beta) * W + reg_strength * np.sign(W)
