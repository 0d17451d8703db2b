r"""Regularization penalties :math:`R(W)` and their gradients, section 8.

The full loss is :math:`L(W) = \frac1N \sum_i L_i + \lambda R(W)` with :math:`\lambda` =
``reg_strength``.  The bias ``b`` is not regularized (see :mod:`lossbook.linear`).
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import as_choice, as_float_array, as_scalar

__all__ = ["l2", "l2_grad", "l1", "l1_grad", "elastic_net", "elastic_net_grad",
           "REGULARIZERS", "penalty", "penalty_grad"]


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
