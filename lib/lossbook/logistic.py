r"""Logistic regression: a Bernoulli model whose mean is the sigmoid of a linear score (section 7).

Shapes: ``X`` is ``(N, D)``, ``y`` is ``(N,)`` with labels 0 or 1, ``w`` is ``(D,)`` and ``b`` a
float.  The model is

.. math:: z_i = w^\top x_i + b, \qquad \mu_i = P(y_i = 1 \mid x_i) = \sigma(z_i)
          = \frac{1}{1 + e^{-z_i}},

so the score :math:`z_i` is the log-odds :math:`\log\frac{\mu_i}{1 - \mu_i}` (the *logit*).  The
loss is the mean binary cross-entropy (the Bernoulli negative log-likelihood, eq. 7.3), computed
from the logits by :func:`lossbook.losses.binary_cross_entropy`; its gradient with respect to the
logits is :math:`(\sigma(z_i) - y_i)/N` (:func:`lossbook.losses.binary_cross_entropy_grad`), and by
the chain rule :math:`\partial L/\partial w = X^\top (\sigma(z) - y)/N`,
:math:`\partial L/\partial b = \sum_i (\sigma(z_i) - y_i)/N`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import linear, losses, regularization
from ._validation import as_float_array, as_int, as_labels, as_scalar, as_seed

__all__ = ["logits", "predict_proba", "predict", "loss_and_grad", "LogisticResult",
           "train"]


def _check_labels(y: ArrayLike, n: int) -> np.ndarray:
    """The 0/1 labels ``y`` ``(n,)``, as floats (the targets of the binary cross-entropy)."""
    try:
        labels = as_labels(y, "y", None, None)
    except TypeError as exc:     # keep the words of this module: "integer labels 0 or 1"
        got = str(exc).split("; ", 1)[-1]
        raise TypeError(f"y must hold integer labels 0 or 1; {got}") from None
    if labels.shape != (n,):
        raise ValueError(f"y must have shape ({n},) to match X; got {labels.shape}")
    if np.any(labels > 1):
        raise ValueError(f"y must hold labels 0 or 1; found {labels[labels > 1][0]}")
    return labels.astype(np.float64)


def _check(X: ArrayLike, w: ArrayLike, b: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Checked ``X`` (N, D), ``w`` (D,) and ``b`` (a finite number)."""
    X = as_float_array(X, "X", ndim=2)
    w = as_float_array(w, "w", ndim=1)
    if w.shape[0] != X.shape[1]:
        raise ValueError(f"w must have shape ({X.shape[1]},) to match X's {X.shape[1]} "
                         f"features; got {w.shape}")
    return X, w, as_scalar(b, "b")


def logits(X: ArrayLike, w: ArrayLike, b: float) -> NDArray[np.float64]:
    r"""The linear scores (logits) :math:`z_i = w^\top x_i + b`, ``(N,)``.

    A logit beyond the largest float is ``inf`` (its sign is still meaningful); a product that
    has no value at all (``inf - inf``: ``w`` or ``X`` far too large) raises
    ``FloatingPointError`` rather than returning NaN."""
    X, w, b = _check(X, w, b)
    with np.errstate(over="ignore", invalid="ignore"):
        z = X @ w + b
    if np.any(np.isnan(z)):
        raise FloatingPointError("the logits X @ w + b are NaN (inf - inf): w, b or X is far "
                                 "too large")
    return z


def predict_proba(X: ArrayLike, w: ArrayLike, b: float) -> NDArray[np.float64]:
    r""":math:`P(y_i = 1 \mid x_i) = \sigma(w^\top x_i + b)`, ``(N,)`` (eq. 7.4).

    A logit that overflowed to :math:`\pm\infty` gives the probability 1 or 0, the exact
    :math:`\sigma` rounded to a float (it already is for :math:`|z| > 745`)."""
    z = np.clip(logits(X, w, b), -np.finfo(np.float64).max, np.finfo(np.float64).max)
    return np.atleast_1d(losses.sigmoid(z))


def predict(X: ArrayLike, w: ArrayLike, b: float) -> NDArray[np.int_]:
    r"""Labels :math:`\mathbb 1[\sigma(z_i) > 1/2] = \mathbb 1[z_i > 0]`, ``(N,)`` integers."""
    return (logits(X, w, b) > 0).astype(int)


def loss_and_grad(w: ArrayLike, b: float, X: ArrayLike, y: ArrayLike, *, reg_strength: float = 0.0
                  ) -> tuple[float, NDArray[np.float64], float]:
    r"""Mean binary cross-entropy of logistic regression and its gradient.

    .. math:: L(w, b) = \frac1N \sum_i \mathrm{BCE}(z_i, y_i) + \lambda \lVert w\rVert^2

    Returns ``(loss, dw, db)`` with ``dw`` ``(D,)`` and ``db`` a float, using
    :func:`losses.binary_cross_entropy` and :func:`losses.binary_cross_entropy_grad` (which give
    :math:`(\sigma(z_i) - y_i)/N`) and the chain rule through :math:`z = Xw + b`.
    """
    X, w, b = _check(X, w, b)
    yf = _check_labels(y, X.shape[0])
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    return _loss_and_grad(w, b, X, yf, reg_strength)


def _loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, yf: np.ndarray,
                   reg_strength: float) -> tuple[float, np.ndarray, float]:
    r"""The kernel of :func:`loss_and_grad`, on checked arguments (``yf``: the labels as floats).

    The penalty :math:`\lambda\lVert w\rVert^2` is :func:`regularization.reg_loss`: exactly 0 for
    :math:`\lambda = 0` however large ``w`` is.  Raises ``FloatingPointError`` if the logits
    overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        z = X @ w + b
    if not np.all(np.isfinite(z)):
        raise FloatingPointError("the logits X @ w + b overflowed: w, b or X is too large "
                                 "(in training: lower learning_rate)")
    loss = (losses.binary_cross_entropy(z, yf)
            + regularization.reg_loss(w, reg_strength, reg="l2"))
    g = losses.binary_cross_entropy_grad(z, yf)
    with np.errstate(over="ignore"):
        dw = X.T @ g + regularization.reg_loss_grad(w, reg_strength, reg="l2")
    return loss, dw, float(g.sum())


def _diverged(iteration: int, learning_rate: float, what: str) -> FloatingPointError:
    """The error :func:`train` raises when an iteration leaves the finite floats (the same words
    as :func:`lossbook.linear.train_sgd`)."""
    return FloatingPointError(f"training diverged at iteration {iteration} ({what}): "
                              f"lower learning_rate (now {learning_rate:g})")


@dataclass
class LogisticResult:
    """What :func:`train` returns: the weights ``w`` (D,), the bias ``b`` and the loss per step."""
    w: np.ndarray
    b: float
    loss_history: list = field(default_factory=list)

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """The accuracy of :func:`predict` on ``X`` against the 0/1 labels ``y``."""
        return linear.accuracy(y, predict(X, self.w, self.b))


def train(X: ArrayLike, y: ArrayLike, *, learning_rate: float = 0.5, num_iters: int = 300,
          reg_strength: float = 0.0, init_scale: float = 0.01,
          seed: int | np.random.Generator | None = 0) -> LogisticResult:
    r"""Full-batch gradient descent :math:`w \leftarrow w - \eta\,\partial L/\partial w`,
    :math:`b \leftarrow b - \eta\,\partial L/\partial b` on :func:`loss_and_grad`.

    Starts from ``w = init_scale * randn(D)`` and ``b = 0``; ``seed``: a non-negative integer
    (reproducible), a numpy Generator (drawn from) or None (fresh entropy).  ``loss_history``
    holds the loss before each of the ``num_iters`` steps, then the final loss
    (``num_iters + 1`` values).

    Raises ``FloatingPointError`` ("training diverged at iteration k (...): lower learning_rate
    (now ...)", as :func:`lossbook.linear.train_sgd`) as soon as the logits, the loss, the
    gradient, ``w`` or ``b`` stop being finite, instead of running on with NaN.
    """
    X = as_float_array(X, "X", ndim=2)
    yf = _check_labels(y, X.shape[0])
    learning_rate = as_scalar(learning_rate, "learning_rate", positive=True)
    init_scale = as_scalar(init_scale, "init_scale", nonnegative=True)
    num_iters = as_int(num_iters, "num_iters", minimum=1)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    rng = as_seed(seed, "seed")
    w = init_scale * rng.standard_normal(X.shape[1])
    b = 0.0
    history = []
    for it in range(num_iters):
        loss, dw, db = _checked_loss_and_grad(w, b, X, yf, reg_strength, it + 1, learning_rate)
        history.append(loss)
        with np.errstate(over="ignore", invalid="ignore"):
            w = w - learning_rate * dw
            b = b - learning_rate * db
        if not (np.all(np.isfinite(w)) and np.isfinite(b)):
            raise _diverged(it + 1, learning_rate, f"loss {loss:.4g}, w or b no longer finite")
    history.append(_checked_loss_and_grad(w, b, X, yf, reg_strength, num_iters,
                                          learning_rate)[0])
    return LogisticResult(w, b, history)


def _checked_loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, yf: np.ndarray,
                           reg_strength: float, iteration: int,
                           learning_rate: float) -> tuple[float, np.ndarray, float]:
    """:func:`_loss_and_grad` inside :func:`train`: an overflow of the logits, or a loss or
    gradient that is no longer finite, is reported as the divergence it is, naming the iteration
    and the learning rate."""
    try:
        loss, dw, db = _loss_and_grad(w, b, X, yf, reg_strength)
    except FloatingPointError:
        raise _diverged(iteration, learning_rate, "the logits X @ w + b overflowed") from None
    if not (np.isfinite(loss) and np.all(np.isfinite(dw)) and np.isfinite(db)):
        raise _diverged(iteration, learning_rate, f"loss {loss:.4g}, gradient no longer finite")
    return loss, dw, db
