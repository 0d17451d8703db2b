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

from . import linear, losses
from ._validation import as_float_array, as_int, as_scalar

__all__ = ["logits", "predict_proba", "predict", "loss_and_grad", "LogisticResult",
           "train"]


def _check_labels(y: ArrayLike, n: int) -> np.ndarray:
    """The 0/1 labels ``y`` ``(n,)``, as floats (the targets of the binary cross-entropy)."""
    y = np.asarray(y)
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer labels 0 or 1; got dtype {y.dtype}")
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},) to match X; got {y.shape}")
    if np.any((y != 0) & (y != 1)):
        raise ValueError("y must hold labels 0 or 1")
    return y.astype(np.float64)


def _check(X: ArrayLike, w: ArrayLike | None = None, b: float | None = None,
           y: ArrayLike | None = None) -> list:
    X = as_float_array(X, "X", ndim=2)
    out = [X]
    if w is not None:
        w = as_float_array(w, "w", ndim=1)
        if w.shape[0] != X.shape[1]:
            raise ValueError(f"w must have shape ({X.shape[1]},) to match X's {X.shape[1]} "
                             f"features; got {w.shape}")
        out += [w, as_scalar(b, "b")]
    if y is not None:
        out.append(_check_labels(y, X.shape[0]))
    return out


def logits(X: ArrayLike, w: ArrayLike, b: float) -> NDArray[np.float64]:
    r"""The linear scores (logits) :math:`z_i = w^\top x_i + b`, ``(N,)``."""
    X, w, b = _check(X, w, b)
    return X @ w + b


def predict_proba(X: ArrayLike, w: ArrayLike, b: float) -> NDArray[np.float64]:
    r""":math:`P(y_i = 1 \mid x_i) = \sigma(w^\top x_i + b)`, ``(N,)`` (eq. 7.4)."""
    return np.atleast_1d(losses.sigmoid(logits(X, w, b)))


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
    X, w, b, yf = _check(X, w, b, y)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    return _loss_and_grad(w, b, X, yf, reg_strength)


def _loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, yf: np.ndarray,
                   reg_strength: float) -> tuple[float, np.ndarray, float]:
    """The kernel of :func:`loss_and_grad`, on checked arguments (``yf``: the labels as floats)."""
    z = X @ w + b
    loss = losses.binary_cross_entropy(z, yf) + reg_strength * float(w @ w)
    g = losses.binary_cross_entropy_grad(z, yf)
    return loss, X.T @ g + 2 * reg_strength * w, float(g.sum())


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
          reg_strength: float = 0.0, init_scale: float = 0.01, seed: int = 0) -> LogisticResult:
    r"""Full-batch gradient descent :math:`w \leftarrow w - \eta\,\partial L/\partial w`,
    :math:`b \leftarrow b - \eta\,\partial L/\partial b` on :func:`loss_and_grad`.

    Starts from ``w = init_scale * randn(D)`` (seeded by ``seed``) and ``b = 0``.  ``loss_history``
    holds the loss before each of the ``num_iters`` steps, then the final loss
    (``num_iters + 1`` values).
    """
    X = as_float_array(X, "X", ndim=2)
    yf = _check_labels(y, X.shape[0])
    learning_rate = as_scalar(learning_rate, "learning_rate", positive=True)
    init_scale = as_scalar(init_scale, "init_scale", nonnegative=True)
    num_iters = as_int(num_iters, "num_iters", minimum=1)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    w = init_scale * rng.standard_normal(X.shape[1])
    b = 0.0
    history = []
    for _ in range(num_iters):
        loss, dw, db = _loss_and_grad(w, b, X, yf, reg_strength)
        history.append(loss)
        w = w - learning_rate * dw
        b = b - learning_rate * db
    history.append(_loss_and_grad(w, b, X, yf, reg_strength)[0])
    return LogisticResult(w, b, history)


