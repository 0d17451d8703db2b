r"""The regularization exercises (section 8): the L2 and L1 penalties and their gradients.

.. math:: \lambda R_2(W) = \lambda \sum_{k,l} W_{kl}^2, \quad \nabla = 2\lambda W; \qquad
          \lambda R_1(W) = \lambda \sum_{k,l} |W_{kl}|, \quad \nabla = \lambda\,\mathrm{sign}(W)

with :math:`\lambda` = ``reg_strength`` and the subgradient 0 at :math:`W_{kl} = 0`.  Each known
mistake is a variant of the reference, written as a reader would write it.
"""
from __future__ import annotations

import numpy as np

from .. import regularization
from ._cases import penalty_cases
from ._spec import Exercise, Mistake

ARGS = ("W", "reg_strength")


def reference_l2(W, reg_strength):
    return regularization.reg_loss(W, reg_strength, reg="l2")


def reference_l2_grad(W, reg_strength):
    return regularization.reg_loss_grad(W, reg_strength, reg="l2")


def reference_l1(W, reg_strength):
    return regularization.reg_loss(W, reg_strength, reg="l1")


def reference_l1_grad(W, reg_strength):
    return regularization.reg_loss_grad(W, reg_strength, reg="l1")


def _no_strength(reference):
    def variant(W, reg_strength):
        return reference(W, 1.0)
    return variant


def _scaled(reference, factor):
    def variant(W, reg_strength):
        return factor * np.asarray(reference(W, reg_strength))
    return variant


def _l2_half(W, reg_strength):
    return 0.5 * reg_strength * np.sum(W * W)


def _l2_norm(W, reg_strength):
    return reg_strength * np.sqrt(np.sum(W * W))


def _l2_mean(W, reg_strength):
    return reg_strength * np.mean(W * W)


def _l2_square_of_sum(W, reg_strength):
    return reg_strength * np.sum(W) ** 2


def _l2_grad_no_two(W, reg_strength):
    return reg_strength * W


def _l1_no_abs(W, reg_strength):
    return reg_strength * np.sum(W)


def _l1_mean(W, reg_strength):
    return reg_strength * np.mean(np.abs(W))


def _l1_grad_divide(W, reg_strength):
    return reg_strength * W / np.abs(W)


def _l1_grad_plus_at_zero(W, reg_strength):
    return reg_strength * np.where(W >= 0, 1.0, -1.0)


def _l1_grad_minus_at_zero(W, reg_strength):
    return reg_strength * np.where(W > 0, 1.0, -1.0)


def _l1_grad_two(W, reg_strength):
    return 2 * reg_strength * np.sign(W)


def _strength_missing(what):
    return f"reg_strength (λ) is missing: the {what} is λ times it."


SIGN = "the gradient has the wrong sign: "
L2_MISTAKES = (
    Mistake(_strength_missing("penalty") + " λ Σ W².", (_no_strength(reference_l2),)),
    Mistake("the book's L2 penalty has no ½: it is λ Σ W² (its gradient is then 2λW).",
            (_l2_half,)),
    Mistake("this is λ‖W‖, the norm itself: the L2 penalty is the sum of the squares, λ Σ W², "
            "no square root.", (_l2_norm,)),
    Mistake("the squares are averaged: the penalty is their sum, λ Σ W² (np.sum, not np.mean).",
            (_l2_mean,)),
    Mistake("the sum is squared: square each weight first, then sum (np.sum(W**2), not "
            "np.sum(W)**2).", (_l2_square_of_sum,)),
    Mistake("this is the L1 penalty λ Σ |W|: L2 squares the weights.", (reference_l1,)),
)
L2_GRAD_MISTAKES = (
    Mistake("the factor 2 is missing: the gradient of λ Σ W² is 2λW.", (_l2_grad_no_two,)),
    Mistake(_strength_missing("gradient") + " 2λW.", (_no_strength(reference_l2_grad),)),
    Mistake(SIGN + "it is +2λW (the penalty grows with |W|).", (_scaled(reference_l2_grad, -1),)),
    Mistake("this is the L1 gradient λ sign(W): the gradient of λ Σ W² is 2λW.",
            (reference_l1_grad,)),
)
L1_MISTAKES = (
    Mistake(_strength_missing("penalty") + " λ Σ |W|.", (_no_strength(reference_l1),)),
    Mistake("the absolute value is missing: the penalty is λ Σ |W|, and negative weights count "
            "too.", (_l1_no_abs,)),
    Mistake("the absolute values are averaged: the penalty is their sum, λ Σ |W|.", (_l1_mean,)),
    Mistake("this is the L2 penalty λ Σ W²: L1 sums the absolute values.", (reference_l2,)),
)
L1_GRAD_MISTAKES = (
    Mistake("W / |W| is 0 / 0 = nan at W = 0: use np.sign(W), which gives the subgradient 0 "
            "there.", (_l1_grad_divide,)),
    Mistake("at W = 0 the book takes the subgradient 0 (np.sign(0) = 0), not ±λ.",
            (_l1_grad_plus_at_zero, _l1_grad_minus_at_zero)),
    Mistake(_strength_missing("gradient") + " λ sign(W).", (_no_strength(reference_l1_grad),)),
    Mistake(SIGN + "it is +λ sign(W).", (_scaled(reference_l1_grad, -1),)),
    Mistake("there is no factor 2 in the L1 gradient (that is L2's): it is λ sign(W).",
            (_l1_grad_two,)),
    Mistake("this is the L2 gradient 2λW: the gradient of λ Σ |W| is λ sign(W).",
            (reference_l2_grad,)),
)

EXERCISES = (
    Exercise("l2_penalty", "l2_penalty(W, reg_strength) -> float",
             "the L2 penalty λ Σ W² with λ = reg_strength", ARGS, reference_l2, penalty_cases,
             L2_MISTAKES),
    Exercise("l2_grad", "l2_grad(W, reg_strength) -> array like W",
             "the gradient of the L2 penalty, 2λW", ARGS, reference_l2_grad, penalty_cases,
             L2_GRAD_MISTAKES, output="array"),
    Exercise("l1_penalty", "l1_penalty(W, reg_strength) -> float",
             "the L1 penalty λ Σ |W| with λ = reg_strength", ARGS, reference_l1, penalty_cases,
             L1_MISTAKES),
    Exercise("l1_grad", "l1_grad(W, reg_strength) -> array like W",
             "the (sub)gradient of the L1 penalty, λ sign(W), 0 where W = 0", ARGS,
             reference_l1_grad, penalty_cases, L1_GRAD_MISTAKES, output="array"),
)
