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

import contextlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import losses, regularization
from ._validation import (as_bool, as_choice, as_count, as_float_array, as_int, as_labels, as_scalar,
                          as_seed, infer_n_classes)

__all__ = ["LOSSES", "scores", "predict", "accuracy", "init_params", "LossParts", "loss_and_grad",
           "svm_loss_naive", "svm_loss_vectorized", "softmax_loss_naive",
           "softmax_loss_vectorized", "TrainResult", "train_sgd", "LinearClassifier", "one_blas_thread"]

LOSSES = ("svm", "softmax")


_NO_X = object()  # _check_params without X (None is a bad X, not a missing one)


def _check_params(W: ArrayLike, b: ArrayLike,
                  X: ArrayLike = _NO_X) -> tuple[np.ndarray, ...]:
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    if b.shape[0] != W.shape[0]:
        raise ValueError(f"b must have shape ({W.shape[0]},) to match W's {W.shape[0]} classes; "
                         f"got {b.shape}")
    if X is _NO_X:
        return W, b
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != W.shape[1]:
        raise ValueError(f"X has {X.shape[1]} features per row but W expects {W.shape[1]} "
                         f"(W is (C, D) = {W.shape}); X must be (N, {W.shape[1]})")
    return W, b, X


def scores(X: ArrayLike, W: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    r"""Class scores :math:`s_i = W x_i + b` for every row of ``X``: ``(N, C)``."""
    W, b, X = _check_params(W, b, X)
    return X @ W.T + b


def predict(X: ArrayLike, W: ArrayLike, b: ArrayLike) -> NDArray[np.intp]:
    r"""Predicted labels :math:`\hat y_i = \arg\max_k s_{ik}`: ``(N,)``."""
    return np.argmax(scores(X, W, b), axis=1)


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""The fraction of correct predictions, :math:`\frac1N \sum_i \mathbb 1[\hat y_i = y_i]`.

    ``y_true`` and ``y_pred``: integer labels, ``(N,)`` each.  The one accuracy of the library:
    the models' ``.score(X, y)`` methods and every chapter use it.
    """
    y_true = as_labels(y_true, "y_true", None, None)
    if y_true.size == 0:
        raise ValueError("y_true is empty; need at least one label")
    y_pred = as_labels(y_pred, "y_pred", y_true.shape[0], None, rows="y_true")
    return float(np.mean(y_pred == y_true))


def init_params(n_features: int, n_classes: int, *, scale: float = 1e-4,
                seed: int | np.random.Generator | None = 0
                ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Small random weights ``W = scale * randn(C, D)`` and zero bias, as CS231n starts training.

    ``seed``: a non-negative integer (reproducible), a numpy Generator (drawn from) or None.

    With such a W every score is ≈ 0, so the SVM loss starts near C − 1 and the softmax loss near
    log C (the sanity checks of sections 3 and 4).
    """
    n_features = as_count(n_features, "n_features")
    n_classes = as_count(n_classes, "n_classes", values_each=n_features + 1)  # W (C, D), b (C,)
    scale = as_scalar(scale, "scale", nonnegative=True)
    rng = as_seed(seed, "seed")
    return scale * rng.standard_normal((n_classes, n_features)), np.zeros(n_classes)


@dataclass
class LossParts:
    """The loss and its gradient: ``loss = data_loss + reg_loss``; ``dW`` (C, D), ``db`` (C,)."""
    loss: float
    data_loss: float
    reg_loss: float
    dW: np.ndarray
    db: np.ndarray


def loss_and_grad(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike, *, loss: str = "svm",
                  reg: str = "l2", reg_strength: float = 0.0, margin: float = 1.0,
                  beta: float = 1.0) -> LossParts:
    r"""Full loss :math:`\frac1N\sum_i L_i + \lambda R(W)` and its gradient, vectorized.

    The chain rule through :math:`s = X W^\top + b`: with :math:`G = \partial L/\partial s`
    ``(N, C)``, :math:`\partial L/\partial W = G^\top X + \lambda \nabla R(W)` and
    :math:`\partial L/\partial b = \sum_i G_i`.
    """
    loss = as_choice(loss, "loss", LOSSES)
    reg, reg_strength, margin, beta = _check_hyper(reg, reg_strength, margin, beta)
    W, b, X = _check_params(W, b, X)
    y = as_labels(y, "y", X.shape[0], W.shape[0], rows="X")
    return _loss_and_grad(W, b, X, y, loss, reg, reg_strength, margin, beta)


def _check_hyper(reg: str, reg_strength: float, margin: float,
                 beta: float) -> tuple[str, float, float, float]:
    """Check the penalty and the hyperparameters, all of them whichever loss and penalty use
    them (a NaN ``beta`` with ``reg="l2"`` is an error too)."""
    return (as_choice(reg, "reg", regularization.REGULARIZERS),
            as_scalar(reg_strength, "reg_strength", nonnegative=True),
            as_scalar(margin, "margin", nonnegative=True),
            as_scalar(beta, "beta", nonnegative=True))


def _loss_and_grad(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: ArrayLike, loss: str,
                   reg: str, reg_strength: float, margin: float, beta: float) -> LossParts:
    """The kernel of :func:`loss_and_grad`, on checked arguments."""
    with np.errstate(over="ignore", invalid="ignore"):
        s = X @ W.T + b
    if not np.all(np.isfinite(s)):
        raise FloatingPointError("the scores X @ W.T + b overflowed: W or X is too large "
                                 "(in training: lower learning_rate)")
    if loss == "svm":
        data_loss, G = losses.svm_loss_and_grad(s, y, margin=margin)
    else:
        data_loss, G = losses.cross_entropy_and_grad(s, y)
    reg_loss = regularization.reg_loss(W, reg_strength, reg=reg, beta=beta)   # 0 at λ = 0
    dW = G.T @ X + regularization.reg_loss_grad(W, reg_strength, reg=reg, beta=beta)
    return LossParts(data_loss + reg_loss, data_loss, reg_loss, dW, G.sum(axis=0))


# ---------------------------------------------------------------------------------------------
# Naive loops beside the vectorized versions (CS231n assignment 1)
# ---------------------------------------------------------------------------------------------
def svm_loss_naive(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike, *, margin: float = 1.0,
                   reg_strength: float = 0.0
                   ) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
    r"""SVM loss and gradient with explicit loops over examples and classes; L2 penalty.

    Returns ``(loss, dW, db)`` for :math:`\frac1N\sum_i\sum_{j\ne y_i}\max(0, s_j - s_{y_i} + \Delta)
    + \lambda \sum W^2`.
    """
    W, b, X = _check_params(W, b, X)
    num_classes, num_train = W.shape[0], X.shape[0]
    y = as_labels(y, "y", num_train, num_classes, rows="X")
    margin = as_scalar(margin, "margin", nonnegative=True)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    loss = 0.0
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    for i in range(num_train):
        s = _example_scores(W, b, X, i)
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
    loss += regularization.reg_loss(W, reg_strength, reg="l2")        # λ ΣW², 0 at λ = 0
    dW += regularization.reg_loss_grad(W, reg_strength, reg="l2")     # 2λW
    return float(loss), dW, db


def _example_scores(W: np.ndarray, b: np.ndarray, X: np.ndarray, i: int) -> np.ndarray:
    """The scores ``W x_i + b`` of example ``i``, refusing an overflow (inf or NaN scores)."""
    with np.errstate(over="ignore", invalid="ignore"):
        s = W.dot(X[i]) + b
    if not np.all(np.isfinite(s)):
        raise FloatingPointError(f"the scores W @ X[{i}] + b overflowed: W or X is too large")
    return s


def svm_loss_vectorized(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike,
                        *, margin: float = 1.0, reg_strength: float = 0.0
                        ) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
    """The same as :func:`svm_loss_naive`, without loops: ``(loss, dW, db)``."""
    parts = loss_and_grad(W, b, X, y, loss="svm", reg="l2", reg_strength=reg_strength,
                          margin=margin)
    return parts.loss, parts.dW, parts.db


def softmax_loss_naive(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike,
                       *, reg_strength: float = 0.0
                       ) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
    r"""Softmax loss and gradient with explicit loops; L2 penalty.

    Returns ``(loss, dW, db)`` for :math:`\frac1N\sum_i -\log\frac{e^{s_{y_i}}}{\sum_j e^{s_j}}
    + \lambda \sum W^2`, shifting each row by its maximum for stability.
    """
    W, b, X = _check_params(W, b, X)
    num_classes, num_train = W.shape[0], X.shape[0]
    y = as_labels(y, "y", num_train, num_classes, rows="X")
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    loss = 0.0
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    for i in range(num_train):
        s = _example_scores(W, b, X, i)
        top = max(s)  # shift by the largest score: every exponent <= 0, the largest term is 1
        exps = [math.exp(s[j] - top) for j in range(num_classes)]
        total = sum(exps)  # >= 1, so its log is finite
        # -log(e^(s_y - top) / total) = log(total) - (s_y - top): finite even when e^(s_y - top)
        # underflows to 0 (a score gap beyond ~745)
        loss += math.log(total) - (s[y[i]] - top)
        for j in range(num_classes):
            p = exps[j] / total
            coef = p - (1.0 if j == y[i] else 0.0)
            dW[j] += coef * X[i]
            db[j] += coef
    loss /= num_train
    dW /= num_train
    db /= num_train
    loss += regularization.reg_loss(W, reg_strength, reg="l2")        # λ ΣW², 0 at λ = 0
    dW += regularization.reg_loss_grad(W, reg_strength, reg="l2")     # 2λW
    return float(loss), dW, db


def softmax_loss_vectorized(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike,
                            *, reg_strength: float = 0.0
                            ) -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
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

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """The accuracy of the trained classifier on ``(X, y)``."""
        return _score(X, y, self.W, self.b)


def train_sgd(X: ArrayLike, y: ArrayLike, W: ArrayLike | None = None, b: ArrayLike | None = None,
              *, loss: str = "svm", reg: str = "l2", reg_strength: float = 0.0,
              learning_rate: float = 1e-3, num_iters: int = 100, batch_size: int = 200,
              margin: float = 1.0, beta: float = 1.0,
              seed: int | np.random.Generator | None = 0, verbose: bool = False,
              print_every: int = 100,
              callback: Callable[[int, float], object] | None = None) -> TrainResult:
    r"""Minibatch SGD on the full loss: :math:`W \leftarrow W - \eta\,\partial L/\partial W`.

    Each iteration draws ``batch_size`` examples without replacement (the whole set if it is
    smaller) from a generator seeded with ``seed`` (a non-negative integer, so a run is
    reproducible; or a numpy Generator; or None).  ``W``/``b`` default to :func:`init_params`
    (seeded too), with C = max(y) + 1 classes; the arrays passed in are not modified.  With
    ``verbose`` it prints the loss every ``print_every`` iterations; ``callback(iteration,
    loss)``, if given, is called after every step (for live plots and progress bars).  A run
    whose loss or weights stop being finite stops with a FloatingPointError naming
    ``learning_rate``.
    """
    loss = as_choice(loss, "loss", LOSSES)
    reg, reg_strength, margin, beta = _check_hyper(reg, reg_strength, margin, beta)
    X = as_float_array(X, "X", ndim=2)
    y = as_labels(y, "y", X.shape[0], None, rows="X")
    num_iters = as_int(num_iters, "num_iters", minimum=1)
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    print_every = as_int(print_every, "print_every", minimum=1)
    learning_rate = as_scalar(learning_rate, "learning_rate", positive=True)
    verbose = as_bool(verbose, "verbose")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be None or a function (iteration, loss); "
                        f"got {type(callback).__name__}")
    as_seed(seed, "seed")  # checked before anything is drawn
    if W is None or b is None:
        if W is not None or b is not None:
            raise ValueError("pass both W and b, or neither (to start from init_params)")
        W, b = init_params(X.shape[1], infer_n_classes(y, "y", "W and b"), seed=seed)
    W, b, X = _check_params(W, b, X)
    y = as_labels(y, "y", X.shape[0], W.shape[0], rows="X")
    W, b = W.copy(), b.copy()
    rng = as_seed(seed, "seed")
    n = X.shape[0]
    history = []
    for it in range(num_iters):
        idx = rng.choice(n, size=batch_size, replace=False) if batch_size < n else slice(None)
        try:
            parts = _loss_and_grad(W, b, X[idx], y[idx], loss, reg, reg_strength, margin, beta)
        except FloatingPointError:
            raise FloatingPointError(_diverged(it, learning_rate, "the scores overflowed")
                                     ) from None
        with np.errstate(over="ignore", invalid="ignore"):
            W -= learning_rate * parts.dW
            b -= learning_rate * parts.db
        history.append(parts.loss)
        if not (np.isfinite(parts.loss) and np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise FloatingPointError(_diverged(it, learning_rate, f"loss {parts.loss:.4g}, W or "
                                               "b no longer finite"))
        if verbose and (it % print_every == 0 or it == num_iters - 1):
            print(f"iteration {it + 1:>5} / {num_iters}: loss {parts.loss:.4f}")
        if callback is not None:
            callback(it, parts.loss)
    return TrainResult(W, b, history)


def _score(X: ArrayLike, y: ArrayLike, W: np.ndarray, b: np.ndarray) -> float:
    """The accuracy of ``(W, b)`` on ``(X, y)``, with the checks naming ``X`` and ``y``."""
    W, b, X = _check_params(W, b, X)
    y = as_labels(y, "y", X.shape[0], None, rows="X")
    return accuracy(y, predict(X, W, b))


def _diverged(it: int, learning_rate: float, what: str) -> str:
    return (f"training diverged at iteration {it + 1} ({what}): lower learning_rate "
            f"(now {learning_rate:g})")


class LinearClassifier:
    """A thin object around the functions above, in the scikit-learn style.

    >>> clf = LinearClassifier(loss="softmax", reg_strength=1e-3).fit(X, y, num_iters=500)
    >>> clf.score(X_test, y_test)
    """

    def __init__(self, loss: str = "svm", reg: str = "l2", reg_strength: float = 0.0,
                 margin: float = 1.0, beta: float = 1.0):
        self.loss = as_choice(loss, "loss", LOSSES)
        self.reg = as_choice(reg, "reg", regularization.REGULARIZERS)
        self.beta = as_scalar(beta, "beta", nonnegative=True)
        self.margin = as_scalar(margin, "margin", nonnegative=True)
        self.reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
        self.W = self.b = None
        self.loss_history_: list = []

    def fit(self, X: ArrayLike, y: ArrayLike, *, learning_rate: float = 1e-3, num_iters: int = 100,
            batch_size: int = 200, seed: int | np.random.Generator | None = 0,
            verbose: bool = False, warm_start: bool = False, **kwargs) -> LinearClassifier:
        """Train with :func:`train_sgd`; ``warm_start`` continues from the current W and b."""
        warm_start = as_bool(warm_start, "warm_start")
        start = (self.W, self.b) if warm_start and self.W is not None else (None, None)
        result = train_sgd(X, y, *start, loss=self.loss, reg=self.reg,
                           reg_strength=self.reg_strength, learning_rate=learning_rate,
                           num_iters=num_iters, batch_size=batch_size, margin=self.margin,
                           beta=self.beta, seed=seed, verbose=verbose, **kwargs)
        self.W, self.b = result.W, result.b
        self.loss_history_ = (self.loss_history_ if warm_start else []) + result.loss_history
        return self

    def _fitted(self) -> None:
        if self.W is None:
            raise RuntimeError("this LinearClassifier is not fitted yet: call fit(X, y) first")

    def scores(self, X: ArrayLike) -> NDArray[np.float64]:
        self._fitted()
        return scores(X, self.W, self.b)

    def predict(self, X: ArrayLike) -> NDArray[np.intp]:
        self._fitted()
        return predict(X, self.W, self.b)

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """Accuracy on ``(X, y)``."""
        self._fitted()
        return _score(X, y, self.W, self.b)


def one_blas_thread(size: int | None = None) -> contextlib.AbstractContextManager:
    """A context in which numpy's BLAS uses one thread, for problems of ``size`` numbers or more
    (always when ``size`` is None).  On a small shared machine OpenBLAS's threads fight over the
    cores: a (10, 1797) @ (1797, 64) product gets 20 times slower, SGD on (200, 3072) batches
    ten times.  A no-op for tiny problems (the explorers) and when threadpoolctl (a scikit-learn
    dependency) is missing."""
    if size is not None and as_int(size, "size", minimum=0) < 20000:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
