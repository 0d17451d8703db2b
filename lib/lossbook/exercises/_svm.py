r"""The multiclass SVM exercises (section 3): the loss with loops, vectorized, and its gradient.

.. math:: L = \frac1N \sum_i \sum_{j \ne y_i} \max(0,\; s_{ij} - s_{iy_i} + \Delta)

Each known mistake is a variant of the reference, written as a reader would write it.
"""
from __future__ import annotations

import numpy as np

from .. import losses
from ._cases import svm_cases, svm_timed
from ._spec import Exercise, Mistake

ARGS = ("scores", "y", "margin")


def _terms(scores, y, margin):
    """s_ij - s_iyi + margin for every (i, j), the correct class included."""
    return scores - scores[np.arange(len(y)), y][:, None] + margin


def _others(scores, y):
    """A mask of the wrong classes j != y_i."""
    mask = np.ones(scores.shape, dtype=bool)
    mask[np.arange(len(y)), y] = False
    return mask


# -- the loss --------------------------------------------------------------------------------
def reference_loss(scores, y, margin):
    return losses.svm_loss(scores, y, margin=margin)


def _loss_with_yi(scores, y, margin):
    return np.maximum(0, _terms(scores, y, margin)).sum(axis=1).mean()


def _loss_no_max(scores, y, margin):
    return (_terms(scores, y, margin) * _others(scores, y)).sum(axis=1).mean()


def _loss_class_mean(scores, y, margin):
    return (np.maximum(0, _terms(scores, y, margin)) * _others(scores, y)).mean()


def _loss_class_mean_others(scores, y, margin):
    hinge = np.maximum(0, _terms(scores, y, margin)) * _others(scores, y)
    return (hinge.sum(axis=1) / (scores.shape[1] - 1)).mean()


def _loss_minus_margin(scores, y, margin):
    hinge = np.maximum(0, _terms(scores, y, -margin)) * _others(scores, y)
    return hinge.sum(axis=1).mean()


def _loss_reversed(scores, y, margin):
    return (np.maximum(0, margin - _terms(scores, y, 0.0)) * _others(scores, y)).sum(axis=1).mean()


def _loss_sum(scores, y, margin):
    return reference_loss(scores, y, margin) * len(y)


LOSS_MISTAKES = (
    Mistake("the sum over j includes j = yᵢ, so every loss is Δ too large: skip the correct "
            "class (j ≠ yᵢ).", (_loss_with_yi,)),
    Mistake("the max(0, ·) is missing: a class beaten by more than Δ must add 0, not a "
            "negative amount.", (_loss_no_max,)),
    Mistake("the loss is averaged over the classes: Lᵢ is a sum over j ≠ yᵢ, not a mean "
            "(only the examples are averaged).", (_loss_class_mean, _loss_class_mean_others)),
    Mistake("Δ has the wrong sign: the term is s_j − s_yᵢ + Δ (the correct score must win by "
            "Δ).", (_loss_minus_margin,)),
    Mistake("the difference is reversed: the term is s_j − s_yᵢ + Δ, a wrong class's score "
            "minus the correct one's.", (_loss_reversed,)),
    Mistake("the loss is summed over the examples; the exercise asks for the mean (divide by "
            "N).", (_loss_sum,)),
)


# -- the gradient ----------------------------------------------------------------------------
def reference_grad(scores, y, margin):
    return losses.svm_loss_grad(scores, y, margin=margin)


def _grad_from_mask(mask, y):
    """The SVM gradient of the mean loss from a mask of the counted terms (j != y_i)."""
    grad = mask.astype(float)
    rows = np.arange(len(y))
    grad[rows, y] = 0.0
    grad[rows, y] = -grad.sum(axis=1)
    return grad / len(y)


def _grad_sign(scores, y, margin):
    return -reference_grad(scores, y, margin)


def _grad_no_mean(scores, y, margin):
    return reference_grad(scores, y, margin) * len(y)


def _grad_no_correct_column(scores, y, margin):
    mask = (_terms(scores, y, margin) > 0) & _others(scores, y)
    return mask / len(y)


def _grad_kink(scores, y, margin):
    return _grad_from_mask(_terms(scores, y, margin) >= 0, y)


def _grad_no_max(scores, y, margin):
    return _grad_from_mask(np.ones(scores.shape, dtype=bool), y)


def _grad_minus_margin(scores, y, margin):
    return _grad_from_mask(_terms(scores, y, -margin) > 0, y)


def _grad_class_mean(scores, y, margin):
    return reference_grad(scores, y, margin) / scores.shape[1]


GRAD_MISTAKES = (
    Mistake("the gradient has the wrong sign: ∂L/∂s_j = +1/N for each wrong class inside the "
            "margin, and the correct class gets minus their count.", (_grad_sign,)),
    Mistake("the 1/N is missing: the loss is a mean over the N examples, so is its gradient.",
            (_grad_no_mean,)),
    Mistake("the correct class's column is missing: ∂Lᵢ/∂s_yᵢ = −(number of classes with "
            "s_j − s_yᵢ + Δ > 0).", (_grad_no_correct_column,)),
    Mistake("a margin met exactly (s_j − s_yᵢ + Δ = 0) is counted: the book takes the "
            "subgradient 0 there, so count a class only when the term is > 0.", (_grad_kink,)),
    Mistake("every wrong class counts, even those beyond the margin: only the terms with "
            "s_j − s_yᵢ + Δ > 0 have a gradient (the max(0, ·)).", (_grad_no_max,)),
    Mistake("Δ has the wrong sign: a class counts when s_j − s_yᵢ + Δ > 0.",
            (_grad_minus_margin,)),
    Mistake("the gradient is divided by C as well: only the mean over the examples (1/N) "
            "belongs in it.", (_grad_class_mean,)),
)

EXERCISES = (
    Exercise("svm_loss_loop", "svm_loss_loop(scores, y, margin) -> float",
             "the mean multiclass SVM loss, written with loops over i and j", ARGS,
             reference_loss, svm_cases, LOSS_MISTAKES),
    Exercise("svm_loss", "svm_loss(scores, y, margin) -> float",
             "the mean multiclass SVM loss, vectorized (no Python loop)", ARGS,
             reference_loss, svm_cases, LOSS_MISTAKES, timed=svm_timed()),
    Exercise("svm_grad", "svm_grad(scores, y, margin) -> array (N, C)",
             "the gradient of the mean SVM loss with respect to scores", ARGS,
             reference_grad, svm_cases, GRAD_MISTAKES, output="array"),
)
