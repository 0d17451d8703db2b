r"""The linear classifier :math:`f(x; W, b) = W x + b`, its loss, gradient and training, section 2.

Shapes (CIFAR-10 in brackets): ``X`` is ``(N, D)`` with one example per row [D = 3072],
``W`` is ``(C, D)`` [10 × 3072], ``b`` is ``(C,)`` [10], and the scores are
``scores = X @ W.T + b``, ``(N, C)`` — row :math:`i` is :math:`W x_i + b`.

The full loss (section 8) is

.. math:: L(W, b) = \frac1N \sum_i L_i\big(f(x_i; W, b), y_i\big) + \lambda R(W)

with :math:`L_i` the SVM or softmax loss (:mod:`lossbook.losses`), :math:`R` a penalty from
:mod:`lossbook.regularization` and :math:`\lambda` = ``reg_strength``; ``b`` is not regularized.

Beside the vectorized functions stand the naive, loop-based ``svm_loss_naive`` and
``softmax_loss_naive``, written the way CS231n's assignment 1 teaches them (one example, one
class at a time), so that the two can be checked against each other and timed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import losses, regularization
from ._validation import as_float_array, as_labels, as_scalar

__all__ = ["LOSSES", "scores", "predict", "accuracy", "init_params", "LossParts", "loss_and_grad",
           "svm_loss_naive", "svm_loss_vectorized", "softmax_loss_naive",
           "softmax_loss_vectorized", "TrainResult", "train_sgd", "LinearClassifier"]

LOSSES = ("svm", "softmax")


def _check_params(W, b, X=None):
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    if b.shape[0] != W.shape[0]:
        raise ValueError(f"b must have shape ({W.shape[0]},) to match W's {W.shape[0]} classes; "
                         f"got {b.shape}")
    if X is None:
        return W, b
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != W.shape[1]:
        raise ValueError(f"X has {X.shape[1]} features per row but W expects {W.shape[1]} "
                         f"(W is (C, D) = {W.shape}); X must be (N, {W.shape[1]})")
    return W, b, X


def _check_loss(loss):
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}; got {loss!r}")


def scores(X, W, b) -> np.ndarray:
    r"""Class scores :math:`s_i = W x_i + b` for every row of ``X``: ``(N, C)``."""
    W, b, X = _check_params(W, b, X)
    return X @ W.T + b


def predict(X, W, b) -> np.ndarray:
    r"""Predicted labels :math:`\hat y_i = \arg\max_k s_{ik}`: ``(N,)``."""
    return np.argmax(scores(X, W, b), axis=1)


def accuracy(X, y, W, b) -> float:
    """Fraction of rows of ``X`` whose predicted label equals ``y``."""
    pred = predict(X, W, b)
    y = as_labels(y, "y", pred.shape[0], np.asarray(W).shape[0])
    return float(np.mean(pred == y))


def init_params(n_features: int, n_classes: int, scale: float = 1e-4, seed: int = 0):
    """Small random weights ``W = scale * randn(C, D)`` and zero bias, as CS231n starts training.

    With such a W every score is ≈ 0, so the SVM loss starts near C − 1 and the softmax loss near
    log C (the sanity checks of sections 3 and 4).
    """
    for name, v in (("n_features", n_features), ("n_classes", n_classes)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{name} must be a positive integer; got {v!r}")
    scale = as_scalar(scale, "scale", nonnegative=True)
    rng = np.random.default_rng(seed)
    return scale * rng.standard_normal((n_classes, n_features)), np.zeros(n_classes)


@dataclass
class LossParts:
    """The loss and its gradient: ``loss = data_loss + reg_loss``; ``dW`` (C, D), ``db`` (C,)."""
    loss: float
    data_loss: float
    reg_loss: float
    dW: np.ndarray
    db: np.ndarray


def loss_and_grad(W, b, X, y, loss: str = "svm", reg: str = "l2", reg_strength: float = 0.0,
                  margin: float = 1.0, beta: float = 1.0) -> LossParts:
    r"""Full loss :math:`\frac1N\sum_i L_i + \lambda R(W)` and its gradient, vectorized.

    The chain rule through :math:`s = X W^\top + b`: with :math:`G = \partial L/\partial s`
    ``(N, C)``, :math:`\partial L/\partial W = G^\top X + \lambda \nabla R(W)` and
    :math:`\partial L/\partial b = \sum_i G_i`.
    """
    _check_loss(loss)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    W, b, X = _check_params(W, b, X)
    with np.errstate(over="ignore", invalid="ignore"):
        s = X @ W.T + b
    if not np.all(np.isfinite(s)):
        raise FloatingPointError("the scores X @ W.T + b overflowed: W or X is too large "
                                 "(in training: lower learning_rate)")
    if loss == "svm":
        data_loss, G = losses.svm_loss_and_grad(s, y, margin=margin)
    else:
        data_loss, G = losses.cross_entropy_and_grad(s, y)
    reg_loss = reg_strength * regularization.penalty(W, reg, beta)
    dW = G.T @ X + reg_strength * regularization.penalty_grad(W, reg, beta)
    return LossParts(data_loss + reg_loss, data_loss, reg_loss, dW, G.sum(axis=0))


# ---------------------------------------------------------------------------------------------
# Naive loops beside the vectorized versions (CS231n assignment 1)
# ---------------------------------------------------------------------------------------------
def svm_loss_naive(W, b, X, y, margin: float = 1.0, reg_strength: float = 0.0):
    r"""SVM loss and gradient with explicit loops over examples and classes; L2 penalty.

    Returns ``(loss, dW, db)`` for :math:`\frac1N\sum_i\sum_{j\ne y_i}\max(0, s_j - s_{y_i} + \Delta)
    + \lambda \sum W^2`.
    """
    W, b, X = _check_params(W, b, X)
    num_classes, num_train = W.shape[0], X.shape[0]
    y = as_labels(y, "y", num_train, num_classes)
    margin = as_scalar(margin, "margin", nonnegative=True)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    loss = 0.0
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    for i in range(num_train):
        s = W.dot(X[i]) + b
        correct = s[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            m = s[j] - correct + margin
            if m > 0:
                loss += m
                dW[j] += X[i]
                dW[y[i]] -= X[i]
                db[j] += 1.0
                db[y[i]] -= 1.0
    loss /= num_train
    dW /= num_train
    db /= num_train
    loss += reg_strength * np.sum(W * W)
    dW += 2 * reg_strength * W
    return float(loss), dW, db


def svm_loss_vectorized(W, b, X, y, margin: float = 1.0, reg_strength: float = 0.0):
    """The same as :func:`svm_loss_naive`, without loops: ``(loss, dW, db)``."""
    parts = loss_and_grad(W, b, X, y, loss="svm", reg="l2", reg_strength=reg_strength,
                          margin=margin)
    return parts.loss, parts.dW, parts.db


def softmax_loss_naive(W, b, X, y, reg_strength: float = 0.0):
    r"""Softmax loss and gradient with explicit loops; L2 penalty.

    Returns ``(loss, dW, db)`` for :math:`\frac1N\sum_i -\log\frac{e^{s_{y_i}}}{\sum_j e^{s_j}}
    + \lambda \sum W^2`, shifting each row by its maximum for stability.
    """
    W, b, X = _check_params(W, b, X)
    num_classes, num_train = W.shape[0], X.shape[0]
    y = as_labels(y, "y", num_train, num_classes)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    loss = 0.0
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    for i in range(num_train):
        s = W.dot(X[i]) + b
        top = max(s)
        exps = [math.exp(s[j] - top) for j in range(num_classes)]
        total = sum(exps)
        loss += -math.log(exps[y[i]] / total)
        for j in range(num_classes):
            p = exps[j] / total
            coef = p - (1.0 if j == y[i] else 0.0)
            dW[j] += coef * X[i]
            db[j] += coef
    loss /= num_train
    dW /= num_train
    db /= num_train
    loss += reg_strength * np.sum(W * W)
    dW += 2 * reg_strength * W
    return float(loss), dW, db


def softmax_loss_vectorized(W, b, X, y, reg_strength: float = 0.0):
    """The same as :func:`softmax_loss_naive`, without loops: ``(loss, dW, db)``."""
    parts = loss_and_grad(W, b, X, y, loss="softmax", reg="l2", reg_strength=reg_strength)
    return parts.loss, parts.dW, parts.db


# ---------------------------------------------------------------------------------------------
# Minibatch stochastic gradient descent
# ---------------------------------------------------------------------------------------------
@dataclass
class TrainResult:
    """What :func:`train_sgd` returns: the final parameters and the loss of every iteration."""
    W: np.ndarray
    b: np.ndarray
    loss_history: list = field(default_factory=list)


def _positive_int(v, name):
    if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
        raise ValueError(f"{name} must be a positive integer; got {v!r}")
    return int(v)


def train_sgd(X, y, W=None, b=None, loss: str = "svm", reg: str = "l2",
              reg_strength: float = 0.0, learning_rate: float = 1e-3, num_iters: int = 100,
              batch_size: int = 200, margin: float = 1.0, beta: float = 1.0, seed: int = 0,
              verbose: bool = False, print_every: int = 100, callback=None) -> TrainResult:
    r"""Minibatch SGD on the full loss: :math:`W \leftarrow W - \eta\,\partial L/\partial W`.

    Each iteration draws ``batch_size`` examples without replacement (the whole set if it is
    smaller) from a generator seeded with ``seed``, so a run is reproducible.  ``W``/``b`` default
    to :func:`init_params` (seeded too); the arrays passed in are not modified.  With ``verbose``
    it prints the loss every ``print_every`` iterations; ``callback(iteration, loss)``, if given,
    is called after every step (for live plots and progress bars).
    """
    _check_loss(loss)
    X = as_float_array(X, "X", ndim=2)
    y = as_labels(y, "y", X.shape[0], np.iinfo(np.intp).max)
    num_iters = _positive_int(num_iters, "num_iters")
    batch_size = _positive_int(batch_size, "batch_size")
    print_every = _positive_int(print_every, "print_every")
    learning_rate = as_scalar(learning_rate, "learning_rate", positive=True)
    if W is None or b is None:
        if W is not None or b is not None:
            raise ValueError("pass both W and b, or neither (to start from init_params)")
        W, b = init_params(X.shape[1], int(y.max()) + 1, seed=seed)
    W, b, X = _check_params(W, b, X)
    y = as_labels(y, "y", X.shape[0], W.shape[0])
    W, b = W.copy(), b.copy()
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    history = []
    for it in range(num_iters):
        idx = rng.choice(n, size=batch_size, replace=False) if batch_size < n else slice(None)
        parts = loss_and_grad(W, b, X[idx], y[idx], loss=loss, reg=reg,
                              reg_strength=reg_strength, margin=margin, beta=beta)
        with np.errstate(over="ignore", invalid="ignore"):
            W -= learning_rate * parts.dW
            b -= learning_rate * parts.db
        history.append(parts.loss)
        if not (np.isfinite(parts.loss) and np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise FloatingPointError(f"training diverged at iteration {it + 1} (loss "
                                     f"{parts.loss:.4g}, W no longer finite): lower learning_rate")
        if verbose and (it % print_every == 0 or it == num_iters - 1):
            print(f"iteration {it + 1:>5} / {num_iters}: loss {parts.loss:.4f}")
        if callback is not None:
            callback(it, parts.loss)
    return TrainResult(W, b, history)


class LinearClassifier:
    """A thin object around the functions above, in the scikit-learn style.

    >>> clf = LinearClassifier(loss="softmax", reg_strength=1e-3).fit(X, y, num_iters=500)
    >>> clf.score(X_test, y_test)
    """

    def __init__(self, loss: str = "svm", reg: str = "l2", reg_strength: float = 0.0,
                 margin: float = 1.0, beta: float = 1.0):
        _check_loss(loss)
        regularization.penalty(np.zeros(1), reg, beta)  # validates reg and beta
        self.loss, self.reg, self.margin, self.beta = loss, reg, margin, beta
        self.reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
        self.W = self.b = None
        self.loss_history_: list = []

    def fit(self, X, y, learning_rate: float = 1e-3, num_iters: int = 100, batch_size: int = 200,
            seed: int = 0, verbose: bool = False, warm_start: bool = False, **kwargs):
        """Train with :func:`train_sgd`; ``warm_start`` continues from the current W and b."""
        start = (self.W, self.b) if warm_start and self.W is not None else (None, None)
        result = train_sgd(X, y, *start, loss=self.loss, reg=self.reg,
                           reg_strength=self.reg_strength, learning_rate=learning_rate,
                           num_iters=num_iters, batch_size=batch_size, margin=self.margin,
                           beta=self.beta, seed=seed, verbose=verbose, **kwargs)
        self.W, self.b = result.W, result.b
        self.loss_history_ = (self.loss_history_ if warm_start else []) + result.loss_history
        return self

    def _fitted(self):
        if self.W is None:
            raise RuntimeError("this LinearClassifier is not fitted yet: call fit(X, y) first")

    def scores(self, X) -> np.ndarray:
        self._fitted()
        return scores(X, self.W, self.b)

    def predict(self, X) -> np.ndarray:
        self._fitted()
        return predict(X, self.W, self.b)

    def score(self, X, y) -> float:
        """Accuracy on ``(X, y)``."""
        self._fitted()
        return accuracy(X, y, self.W, self.b)
