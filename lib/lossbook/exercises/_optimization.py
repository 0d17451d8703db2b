r"""The optimization exercises: one step of gradient descent, and the centred-difference
numerical gradient (the check of the reader's own gradients).

.. math:: W \leftarrow W - \eta\,\nabla_W L, \qquad
          \frac{\partial f}{\partial x_k} \approx \frac{f(x + h e_k) - f(x - h e_k)}{2h}

Each known mistake is a variant of the reference, written as a reader would write it.
"""
from __future__ import annotations

import numpy as np

from .. import gradcheck
from ._cases import gradient_cases, sgd_cases
from ._spec import Exercise, Mistake


# -- one SGD step ------------------------------------------------------------------------------
def reference_sgd(W, grad, learning_rate):
    return W - learning_rate * grad


def _sgd_plus(W, grad, learning_rate):
    return W + learning_rate * grad


def _sgd_no_rate(W, grad, learning_rate):
    return W - grad


def _sgd_gradient_only(W, grad, learning_rate):
    return -learning_rate * grad


SGD_MISTAKES = (
    Mistake("the step goes uphill: W − learning_rate · grad, with a minus (the gradient points "
            "to where the loss grows).", (_sgd_plus,)),
    Mistake("the learning rate is missing: the step is learning_rate · grad.", (_sgd_no_rate,)),
    Mistake("this is the step alone: the new W is W − learning_rate · grad.",
            (_sgd_gradient_only,)),
)
SGD_MUTATION = ("W is changed in place (W -= ...): the caller's W must stay as it was; return "
                "a new array, W - learning_rate * grad.")


# -- the numerical gradient --------------------------------------------------------------------
def reference_gradient(loss_fn, x, h):
    return gradcheck.numerical_gradient(loss_fn, x, h=h)


def _differences(loss_fn, x, h, step):
    """``step(f, x_plus, x_minus, x)`` for every entry, on copies of x."""
    grad = np.zeros(x.shape)
    for k in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[k] += h
        minus[k] -= h
        grad[k] = step(loss_fn, plus, minus, x)
    return grad


def _forward(loss_fn, x, h):
    return _differences(loss_fn, x, h, lambda f, p, m, x0: (f(p) - f(x0)) / h)


def _backward(loss_fn, x, h):
    return _differences(loss_fn, x, h, lambda f, p, m, x0: (f(x0) - f(m)) / h)


def _over_h(loss_fn, x, h):
    return _differences(loss_fn, x, h, lambda f, p, m, x0: (f(p) - f(m)) / h)


def _all_at_once(loss_fn, x, h):
    return np.full(x.shape, (loss_fn(x + h) - loss_fn(x - h)) / (2 * h))


GRADIENT_MISTAKES = (
    Mistake("this is a one-sided difference, (f(x + h) − f(x)) / h, with an error of order h: "
            "use the centred one, (f(x + h e_k) − f(x − h e_k)) / (2h).", (_forward, _backward)),
    Mistake("the difference is divided by h: the two points are 2h apart, so divide by 2h.",
            (_over_h,)),
    Mistake("every entry is nudged at once (x + h): nudge one entry at a time, x[k] ± h, "
            "keeping the others.", (_all_at_once,)),
)
GRADIENT_MUTATION = ("x is left changed after your function returns: restore x[k] after each "
                     "nudge (old = x[k]; ...; x[k] = old), or work on a copy.")

EXERCISES = (
    Exercise("sgd_step", "sgd_step(W, grad, learning_rate) -> new W",
             "one step of gradient descent, W − learning_rate · grad (W itself unchanged)",
             ("W", "grad", "learning_rate"), reference_sgd, sgd_cases, SGD_MISTAKES,
             output="array", mutation_hint=SGD_MUTATION),
    Exercise("numerical_gradient", "numerical_gradient(loss_fn, x, h) -> array like x",
             "the centred-difference gradient of loss_fn at x (x unchanged afterwards)",
             ("loss_fn", "x", "h"), reference_gradient, gradient_cases, GRADIENT_MISTAKES,
             output="array", mutation_hint=GRADIENT_MUTATION),
)
