r"""The softmax cross-entropy exercises (sections 4 and 7): the stable loss and its gradient, and
the binary cross-entropy from logits.

.. math:: L = -\frac1N \sum_i \log \frac{e^{s_{iy_i}}}{\sum_j e^{s_{ij}}}, \qquad
          \frac{\partial L}{\partial s_{ij}} = \frac1N\big(P_{ij} - \mathbb 1[j = y_i]\big)

.. math:: L_{\mathrm{BCE}} = \frac1N \sum_i \max(z_i, 0) - z_i y_i + \log(1 + e^{-|z_i|})

Each known mistake is a variant of the reference, written as a reader would write it.
"""
from __future__ import annotations

import numpy as np

from .. import losses
from ._cases import bce_cases, softmax_cases
from ._spec import Exercise, Mistake

ARGS = ("scores", "y")
NO_SHIFT = ("there is no shift by the maximum: e^s overflows at large scores (inf / inf is "
            "nan). Subtract each row's maximum first; the softmax does not change.")


def _rows(y):
    return np.arange(len(y))


def _one_hot(scores, y):
    t = np.zeros(scores.shape)
    t[_rows(y), y] = 1.0
    return t


def _naive_probs(scores):
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def _global_shift_probs(scores):
    e = np.exp(scores - scores.max())
    return e / e.sum(axis=1, keepdims=True)


def _row_shift_probs(scores):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# -- the loss --------------------------------------------------------------------------------
def reference_loss(scores, y):
    return losses.cross_entropy(scores, y)


def _loss_no_shift(scores, y):
    return -np.log(_naive_probs(scores)[_rows(y), y]).mean()


def _loss_global_shift(scores, y):
    return -np.log(_global_shift_probs(scores)[_rows(y), y]).mean()


def _loss_log_of_probs(scores, y):
    return -np.log(_row_shift_probs(scores)[_rows(y), y]).mean()


def _loss_unnormalized(scores, y):
    return -scores[_rows(y), y].mean()


def _loss_unnormalized_exp(scores, y):
    return -np.log(np.exp(scores[_rows(y), y])).mean()


def _loss_unnormalized_shifted(scores, y):
    return -(scores - scores.max(axis=1, keepdims=True))[_rows(y), y].mean()


def _loss_log_scores(scores, y):
    return -np.log(scores[_rows(y), y]).mean()


def _loss_sign(scores, y):
    return -reference_loss(scores, y)


def _loss_sum(scores, y):
    return reference_loss(scores, y) * len(y)


LOSS_MISTAKES = (
    Mistake(NO_SHIFT, (_loss_no_shift,)),
    Mistake("the shift uses the maximum of the whole array: subtract each row's own maximum "
            "(axis=1, keepdims=True), or a row far below the top becomes 0 / 0.",
            (_loss_global_shift,)),
    Mistake("the log is taken of a probability that underflowed to 0 (log 0 = −inf): compute "
            "log P directly, (s_yᵢ − m) − log Σ_j e^{s_j − m}.", (_loss_log_of_probs,)),
    Mistake("the log of unnormalized scores: log P(yᵢ) = s_yᵢ − log Σ_j e^{s_j}; the "
            "normalizer Σ_j e^{s_j} is missing.",
            (_loss_unnormalized, _loss_unnormalized_exp, _loss_unnormalized_shifted)),
    Mistake("the log of the raw scores: scores are not probabilities; take the log of the "
            "softmax, e^{s_yᵢ} / Σ_j e^{s_j}.", (_loss_log_scores,)),
    Mistake("the sign is flipped: the loss is −log P(yᵢ), never negative.", (_loss_sign,)),
    Mistake("the loss is summed over the examples; the exercise asks for the mean (divide by "
            "N).", (_loss_sum,)),
)


# -- the gradient ----------------------------------------------------------------------------
def reference_grad(scores, y):
    return losses.cross_entropy_grad(scores, y)


def _grad_sign(scores, y):
    return -reference_grad(scores, y)


def _grad_no_mean(scores, y):
    return reference_grad(scores, y) * len(y)


def _grad_no_shift(scores, y):
    return (_naive_probs(scores) - _one_hot(scores, y)) / len(y)


def _grad_global_shift(scores, y):
    return (_global_shift_probs(scores) - _one_hot(scores, y)) / len(y)


def _grad_no_one_hot(scores, y):
    return _row_shift_probs(scores) / len(y)


GRAD_MISTAKES = (
    Mistake(NO_SHIFT, (_grad_no_shift,)),
    Mistake("the shift uses the maximum of the whole array: subtract each row's own maximum "
            "(axis=1, keepdims=True), or a row far below the top becomes 0 / 0.",
            (_grad_global_shift,)),
    Mistake("the gradient has the wrong sign: it is (P − one-hot(y)) / N, the probabilities "
            "minus the targets.", (_grad_sign,)),
    Mistake("the 1/N is missing: the loss is a mean over the N examples, so is its gradient.",
            (_grad_no_mean,)),
    Mistake("the one-hot target is not subtracted: the gradient is (P − one-hot(y)) / N, so "
            "the correct class's entry gets −1/N.", (_grad_no_one_hot,)),
)


# -- binary cross-entropy from logits ---------------------------------------------------------
def reference_bce(logits, y):
    return losses.binary_cross_entropy(logits, y)


def _bce_naive(logits, y):
    p = 1.0 / (1.0 + np.exp(-logits))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()


def _bce_overflow(logits, y):
    return (logits - logits * y + np.log(1 + np.exp(-logits))).mean()


def _bce_no_max(logits, y):
    return (-logits * y + np.log1p(np.exp(-np.abs(logits)))).mean()


def _bce_sign(logits, y):
    return -reference_bce(logits, y)


def _bce_swapped(logits, y):
    return reference_bce(logits, 1 - y)


def _bce_sum(logits, y):
    return reference_bce(logits, y) * len(y)


BCE_STABLE = ("use the stable form max(z, 0) − z·y + log(1 + e^{−|z|}), which never takes the "
              "log of 0 nor the exp of a large number.")
BCE_MISTAKES = (
    Mistake("log σ(z) and log(1 − σ(z)) become log 0 once σ(z) rounds to 0 or 1 (|z| ≳ 37): "
            + BCE_STABLE, (_bce_naive,)),
    Mistake("e^{−z} overflows for very negative logits: " + BCE_STABLE, (_bce_overflow,)),
    Mistake("the max(z, 0) term is missing: the loss is max(z, 0) − z·y + log(1 + e^{−|z|}).",
            (_bce_no_max,)),
    Mistake("the sign is flipped: the loss is −[y log σ(z) + (1 − y) log(1 − σ(z))], never "
            "negative.", (_bce_sign,)),
    Mistake("the labels are swapped: y = 1 goes with log σ(z), y = 0 with log(1 − σ(z)).",
            (_bce_swapped,)),
    Mistake("the loss is summed over the examples; the exercise asks for the mean (divide by "
            "N).", (_bce_sum,)),
)

EXERCISES = (
    Exercise("softmax_loss", "softmax_loss(scores, y) -> float",
             "the mean softmax cross-entropy, stable (finite at scores of ±1e4)", ARGS,
             reference_loss, softmax_cases, LOSS_MISTAKES, stability_hint=NO_SHIFT),
    Exercise("softmax_grad", "softmax_grad(scores, y) -> array (N, C)",
             "the gradient of the mean cross-entropy with respect to scores", ARGS,
             reference_grad, softmax_cases, GRAD_MISTAKES, output="array",
             stability_hint=NO_SHIFT),
    Exercise("bce_loss", "bce_loss(logits, y) -> float",
             "the mean binary cross-entropy from logits (N,) and labels y in {0, 1}, stable",
             ("logits", "y"), reference_bce, bce_cases, BCE_MISTAKES,
             stability_hint="it is not stable at large logits: " + BCE_STABLE),
)
