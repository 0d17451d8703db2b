r"""Regularized linear models fitted exactly, and the regularization path, section 8.

The objective is the full loss of section 8,

.. math:: L(W, b) = \underbrace{\frac1N \sum_i L_i\big(f(x_i; W, b), y_i\big)}_{\text{data loss}}
          + \lambda R(W),

with the data loss one of

* ``"softmax"``: the softmax cross-entropy of a linear classifier, ``W`` (C, D), ``b`` (C,),
  labels ``y`` (N,) in ``[0, C)``;
* ``"squared"``: the mean squared error :math:`\frac1N\sum_i (w^\top x_i + b - y_i)^2` of linear
  regression, ``W`` (1, D), ``b`` (1,), real targets ``y`` (N,);

and the penalty :math:`R` one of :mod:`lossbook.regularization`'s: L2 :math:`\sum W^2`, L1
:math:`\sum |W|`, elastic net :math:`\sum (\beta W^2 + |W|)`.  The bias is not penalized.

Both data losses are smooth, so the minimum is found by **proximal gradient descent** (ISTA, with
Nesterov's acceleration: FISTA, and a restart whenever the objective goes up).  One step is a
gradient step on the smooth part (data loss and the :math:`\beta W^2` part of the penalty),

.. math:: V = W - \eta\,\nabla_W\Big(\tfrac1N\textstyle\sum_i L_i + \lambda\beta\sum W^2\Big),

followed by the *proximal map* of the L1 part, the soft-threshold

.. math:: W \leftarrow \operatorname{sign}(V)\,\max\big(|V| - \eta\lambda,\ 0\big).

The soft-threshold sets every weight with :math:`|V| \le \eta\lambda` to **exactly zero** — this is
why L1 gives sparse weights, where a (sub)gradient step would only make them jitter around 0.
The step :math:`\eta = 1/L` uses the Lipschitz constant :math:`L` of the smooth part's gradient
(:func:`lipschitz_constant`).

A *regularization path* fits the model for a grid of λ, from the largest to the smallest, each
fit starting from the previous solution (a **warm start**): neighbouring λ have neighbouring
solutions, so each fit needs only a few steps (:func:`regularization_path`).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import linear, regularization
from ._validation import (as_bool, as_choice, as_count, as_float_array, as_int, as_labels, as_scalar,
                          infer_n_classes)

__all__ = ["DATA_LOSSES", "FitResult", "soft_threshold", "lipschitz_constant", "objective",
           "fit", "PathResult", "regularization_path", "lambda_max_l1", "quadratic_optimum"]

DATA_LOSSES = ("softmax", "squared")


@dataclass
class FitResult:
    """One regularized fit: ``W`` (C, D), ``b`` (C,); the objective and its two parts at the end;
    ``n_iter`` steps taken; ``converged`` is True if the stopping test was met before
    ``max_iter``."""
    W: np.ndarray
    b: np.ndarray
    objective: float
    data_loss: float
    reg_loss: float
    n_iter: int
    converged: bool

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """The accuracy of the fitted classifier on ``(X, y)`` (as
        :meth:`lossbook.linear.TrainResult.score`)."""
        X = as_float_array(X, "X", ndim=2)
        y = as_labels(y, "y", X.shape[0], None, rows="X")
        return linear.accuracy(y, linear.predict(X, self.W, self.b))


def soft_threshold(V: ArrayLike, threshold: float) -> NDArray[np.float64]:
    r"""The proximal map of :math:`t\,\|\cdot\|_1`: :math:`\operatorname{sign}(v)\max(|v| - t, 0)`,
    element-wise (zero wherever :math:`|v| \le t`)."""
    V = as_float_array(V, "V", allow_empty=True)
    threshold = as_scalar(threshold, "threshold", nonnegative=True)
    return np.sign(V) * np.maximum(np.abs(V) - threshold, 0.0)


def _split_penalty(reg: str, beta: float) -> tuple[float, float]:
    """(coefficient of Σ W² in R, coefficient of Σ |W| in R) for the named penalty; checks
    ``reg`` and ``beta`` (whichever penalty is named: a NaN ``beta`` is an error with L2 too)."""
    reg = as_choice(reg, "reg", regularization.REGULARIZERS)
    beta = as_scalar(beta, "beta", nonnegative=True)
    return {"l2": (1.0, 0.0), "l1": (0.0, 1.0), "elastic_net": (beta, 1.0)}[reg]


def _check_problem(X: ArrayLike, y: ArrayLike, loss: str,
                   n_classes: int | None = None) -> tuple[np.ndarray, np.ndarray, int]:
    """Checked ``(X, y, C)``.  ``n_classes`` is checked whichever the loss: None or an integer
    >= 1, and 1 for ``"squared"``; for ``"softmax"`` it defaults to max(y) + 1 (bounded by
    :data:`lossbook._validation.MAX_INFERRED_CLASSES`)."""
    loss = as_choice(loss, "loss", DATA_LOSSES)
    if n_classes is not None:
        n_classes = as_int(n_classes, "n_classes", minimum=1)
    X = as_float_array(X, "X", ndim=2)
    n = X.shape[0]
    if loss == "squared":
        if n_classes not in (None, 1):
            raise ValueError(f"n_classes must be None or 1 for loss='squared' (one output); "
                             f"got {n_classes}")
        y = as_float_array(y, "y", ndim=1)
        if y.shape[0] != n:
            raise ValueError(f"y has {y.shape[0]} targets but X has {n} rows; they must match")
        return X, y, 1
    if n_classes is not None:  # the weights (C, D) and the one-hot targets (N, C)
        as_count(n_classes, "n_classes", values_each=X.shape[1] + n + 1)
    y = as_labels(y, "y", n, n_classes, rows="X")
    return X, y, infer_n_classes(y, "y") if n_classes is None else n_classes


def lipschitz_constant(X: ArrayLike, *, loss: str = "softmax") -> float:
    r"""A bound :math:`L` on the curvature of the data loss in :math:`(W, b)`.

    With :math:`\tilde X = [X, 1]` (the bias trick) and :math:`\sigma_1` its largest singular value:
    :math:`\sigma_1^2 / (2N)` for the softmax cross-entropy (the Hessian of
    :math:`-\log\mathrm{softmax}` in the scores is at most :math:`\tfrac12 I`) and
    :math:`2\sigma_1^2 / N` for the mean squared error.
    """
    loss = as_choice(loss, "loss", DATA_LOSSES)
    X = as_float_array(X, "X", ndim=2)
    Xt = np.hstack([X, np.ones((X.shape[0], 1))])
    s1 = np.linalg.norm(Xt, 2)
    return float(s1 * s1 / X.shape[0] * (0.5 if loss == "softmax" else 2.0))


def _data_loss_grad(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray, loss: str,
                    onehot: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Data loss and its gradient, in plain numpy (the inner loop; checked against
    :func:`lossbook.linear.loss_and_grad` and :func:`lossbook.losses.l2_loss` in the tests)."""
    n = X.shape[0]
    s = X @ W.T + b
    if loss == "softmax":
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        z = e.sum(axis=1, keepdims=True)
        data = float(np.mean(np.log(z[:, 0]) - s[onehot]))
        G = (e / z)
        G[onehot] -= 1.0
        G /= n
    else:
        r = s[:, 0] - y
        data = float(np.mean(r * r))
        G = (2.0 / n) * r[:, None]
    return data, G.T @ X, G.sum(axis=0)


def objective(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike, *, loss: str = "softmax",
              reg: str = "l2", reg_strength: float = 0.0,
              beta: float = 1.0) -> tuple[float, float, float]:
    """``(objective, data_loss, reg_loss)`` of :math:`(W, b)`; the reg loss is
    ``lossbook.regularization.reg_loss(W, reg_strength, reg=reg, beta=beta)`` (that is
    ``reg_strength * penalty(W, reg, beta=beta)``, exactly 0 at ``reg_strength = 0``)."""
    loss = as_choice(loss, "loss", DATA_LOSSES)
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    X = as_float_array(X, "X", ndim=2)
    n_classes = W.shape[0] if loss == "softmax" else 1
    if W.shape != (n_classes, X.shape[1]) or b.shape != (n_classes,):
        raise ValueError(f"W must be ({n_classes}, {X.shape[1]}) and b ({n_classes},); "
                         f"got {W.shape} and {b.shape}")
    X, y, _ = _check_problem(X, y, loss, n_classes)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    _split_penalty(reg, beta)
    onehot = np.zeros((X.shape[0], n_classes), bool)
    if loss == "softmax":
        onehot[np.arange(X.shape[0]), y] = True
    data, _, _ = _data_loss_grad(W, b, X, y, loss, onehot)
    reg_loss = regularization.reg_loss(W, reg_strength, reg=reg, beta=beta)   # 0 at λ = 0
    return data + reg_loss, data, reg_loss


def fit(X: ArrayLike, y: ArrayLike, *, loss: str = "softmax", reg: str = "l2",
        reg_strength: float = 0.0, beta: float = 1.0, W: ArrayLike | None = None,
        b: ArrayLike | None = None, n_classes: int | None = None, max_iter: int = 2000,
        tol: float = 1e-6, lipschitz: float | None = None) -> FitResult:
    r"""Minimize :math:`\frac1N\sum_i L_i + \lambda R(W)` by accelerated proximal gradient (FISTA).

    ``W``, ``b``: the starting point (a warm start; copied, not modified); zeros if omitted.
    ``n_classes``: C for ``"softmax"`` (default ``max(y) + 1``).  Stops when the largest change of
    any parameter in one step, divided by the step size, is below ``tol`` — the size of the
    *gradient mapping*, which is zero exactly at the minimum — or after ``max_iter`` steps.
    ``lipschitz``: the step is ``1 / (lipschitz + 2 λ β)``; computed by :func:`lipschitz_constant`
    when omitted (pass it when fitting the same ``X`` many times).  A fit that reaches
    ``max_iter`` without meeting ``tol`` returns ``converged=False`` (and ``n_iter == max_iter``).
    """
    X, y, n_classes = _check_problem(X, y, loss, n_classes)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    c2, c1 = _split_penalty(reg, beta)
    max_iter = as_int(max_iter, "max_iter", minimum=1)
    tol = as_scalar(tol, "tol", positive=True)
    n, d = X.shape
    if W is None and b is None:
        W, b = np.zeros((n_classes, d)), np.zeros(n_classes)
    elif W is None or b is None:
        raise ValueError("pass both W and b (a warm start), or neither (start from zeros)")
    else:
        W = as_float_array(W, "W", ndim=2).copy()
        b = as_float_array(b, "b", ndim=1).copy()
        if W.shape != (n_classes, d) or b.shape != (n_classes,):
            raise ValueError(f"W must be ({n_classes}, {d}) and b ({n_classes},) for this "
                             f"problem; got {W.shape} and {b.shape}")
    L = lipschitz_constant(X, loss=loss) if lipschitz is None else as_scalar(lipschitz, "lipschitz",
                                                                        positive=True)
    lam2, lam1 = reg_strength * c2, reg_strength * c1
    step = 1.0 / (L + 2.0 * lam2)
    thresh = step * lam1
    onehot = np.zeros((n, n_classes), bool)
    if loss == "softmax":
        onehot[np.arange(n), y] = True

    def smooth_grad(Wc: np.ndarray, bc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Gradient of the smooth part, data loss + λ c₂ ΣW² (its 2λc₂ W: 0 at λ = 0)."""
        _, gW, gb = _data_loss_grad(Wc, bc, X, y, loss, onehot)
        return gW + 2.0 * lam2 * Wc, gb

    # FISTA with gradient-based adaptive restart (O'Donoghue & Candes, 2015): the momentum is
    # dropped whenever it points against the last step, which keeps it fast on these problems.
    W_prev, b_prev = W, b
    Wy, by, t = W, b, 1.0
    converged = False
    it = 0
    with linear.one_blas_thread(X.size):
        for it in range(1, max_iter + 1):
            gW, gb = smooth_grad(Wy, by)
            V = Wy - step * gW
            W_new = np.sign(V) * np.maximum(np.abs(V) - thresh, 0.0) if thresh > 0 else V
            b_new = by - step * gb
            move = max(float(np.max(np.abs(W_new - Wy))), float(np.max(np.abs(b_new - by))))
            if move / step < tol:
                W, b = W_new, b_new
                converged = True
                break
            if (np.sum((Wy - W_new) * (W_new - W_prev)) + np.sum((by - b_new) * (b_new - b_prev))
                    > 0):
                t = 1.0
            t_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
            mom = (t - 1.0) / t_new
            Wy = W_new + mom * (W_new - W_prev)
            by = b_new + mom * (b_new - b_prev)
            W_prev, b_prev, t = W_new, b_new, t_new
            W, b = W_new, b_new
    obj, data, reg_loss = _final_parts(W, b, X, y, loss, onehot, reg, reg_strength, beta)
    return FitResult(W, b, obj, data, reg_loss, it, converged)


def _final_parts(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray, loss: str,
                 onehot: np.ndarray, reg: str, reg_strength: float,
                 beta: float) -> tuple[float, float, float]:
    data, _, _ = _data_loss_grad(W, b, X, y, loss, onehot)
    reg_loss = regularization.reg_loss(W, reg_strength, reg=reg, beta=beta)   # 0 at λ = 0
    return data + reg_loss, data, reg_loss


@dataclass
class PathResult:
    """A regularization path: ``reg_strengths`` (K,) in the order fitted (largest first);
    ``W`` (K, C, D) and ``b`` (K, C) the solutions; ``data_loss``, ``reg_loss`` and ``n_iter``
    (K,) each; ``converged`` (K,) bools, False where a fit stopped at ``max_iter`` (a warning
    says so too)."""
    reg_strengths: np.ndarray
    W: np.ndarray
    b: np.ndarray
    data_loss: np.ndarray
    reg_loss: np.ndarray
    n_iter: np.ndarray
    converged: np.ndarray


def regularization_path(X: ArrayLike, y: ArrayLike, reg_strengths: ArrayLike,
                        *, loss: str = "softmax", reg: str = "l2", beta: float = 1.0,
                        n_classes: int | None = None, max_iter: int = 2000, tol: float = 1e-6,
                        warm_start: bool = True) -> PathResult:
    """Fit :func:`fit` for every λ in ``reg_strengths`` (sorted from largest to smallest), each
    fit warm-started from the previous one (``warm_start=False``: every fit starts from zeros).
    Fits that stop at ``max_iter`` without converging are flagged in ``converged`` and named in a
    RuntimeWarning."""
    lams = as_float_array(reg_strengths, "reg_strengths", ndim=1)
    if np.any(lams < 0):
        raise ValueError(f"reg_strengths must be non-negative; found {lams[lams < 0][0]}")
    lams = np.sort(lams)[::-1]
    X, y, n_classes = _check_problem(X, y, loss, n_classes)
    _split_penalty(reg, beta)
    max_iter = as_int(max_iter, "max_iter", minimum=1)
    tol = as_scalar(tol, "tol", positive=True)
    warm_start = as_bool(warm_start, "warm_start")
    L = lipschitz_constant(X, loss=loss)
    Ws, bs, data, regl, iters, conv = [], [], [], [], [], []
    W = b = None
    for lam in lams:
        res = fit(X, y, loss=loss, reg=reg, reg_strength=float(lam), beta=beta, W=W, b=b,
                  n_classes=n_classes, max_iter=max_iter, tol=tol, lipschitz=L)
        if warm_start:
            W, b = res.W, res.b
        Ws.append(res.W)
        bs.append(res.b)
        data.append(res.data_loss)
        regl.append(res.reg_loss)
        iters.append(res.n_iter)
        conv.append(res.converged)
    conv = np.array(conv, dtype=bool)
    if not conv.all():
        warnings.warn(f"regularization_path: {int((~conv).sum())} of {conv.size} fits stopped at "
                      f"max_iter={max_iter} without reaching tol={tol:g} (first at reg_strength="
                      f"{lams[~conv][0]:g}); raise max_iter or tol", RuntimeWarning, stacklevel=2)
    return PathResult(lams, np.array(Ws), np.array(bs), np.array(data), np.array(regl),
                      np.array(iters), conv)


def lambda_max_l1(X: ArrayLike, y: ArrayLike, *, loss: str = "softmax",
                  n_classes: int | None = None) -> float:
    r"""The smallest λ at which the L1-regularized solution is :math:`W = 0`.

    At :math:`W = 0` (with the best bias) the gradient of the data loss is :math:`G`; zero is the
    minimum as long as :math:`\lambda \ge \max |G|` (the soft-threshold keeps every weight at 0).
    The best bias has a closed form: the mean target for ``"squared"``; for ``"softmax"`` the
    probabilities it gives are the class frequencies, so :math:`G = \frac1N (P - T)^\top X` with
    every row of :math:`P` the frequencies and :math:`T` the one-hot labels.
    """
    X, y, n_classes = _check_problem(X, y, loss, n_classes)
    n = X.shape[0]
    if loss == "squared":
        G = (2.0 / n) * (y.mean() - y)[:, None]                    # (N, 1)
    else:
        T = np.zeros((n, n_classes))
        T[np.arange(n), y] = 1.0
        G = (T.mean(axis=0) - T) / n                               # (N, C)
    return float(np.max(np.abs(G.T @ X)))


def quadratic_optimum(A: ArrayLike, w_star: ArrayLike, *, reg: str = "l2",
                      reg_strength: float = 0.0,
                      beta: float = 1.0, max_iter: int = 10000,
                      tol: float = 1e-12) -> NDArray[np.float64]:
    r"""The minimizer of :math:`\tfrac12 (w - w^*)^\top A (w - w^*) + \lambda R(w)` in 2-D (or any D).

    A quadratic data loss with elliptical contours around its own optimum :math:`w^*` — the
    picture of section 8 — regularized by the named penalty; solved by proximal gradient
    (closed form for L2: :math:`(A + 2\lambda I)^{-1} A w^*`).  If ``max_iter`` steps do not
    reach ``tol``, the last iterate is returned with a RuntimeWarning.
    """
    A = as_float_array(A, "A", ndim=2)
    w_star = as_float_array(w_star, "w_star", ndim=1)
    if A.shape != (w_star.size, w_star.size):
        raise ValueError(f"A must be ({w_star.size}, {w_star.size}) to match w_star; got {A.shape}")
    if not np.allclose(A, A.T) or np.linalg.eigvalsh(A).min() <= 0:
        raise ValueError("A must be symmetric positive definite")
    lam = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    c2, c1 = _split_penalty(reg, beta)
    max_iter = as_int(max_iter, "max_iter", minimum=1)
    tol = as_scalar(tol, "tol", positive=True)
    if c1 == 0:
        return np.linalg.solve(A + 2 * lam * c2 * np.eye(w_star.size), A @ w_star)
    step = 1.0 / (np.linalg.eigvalsh(A).max() + 2 * lam * c2)
    w = w_star.copy()
    for _ in range(max_iter):
        v = w - step * (A @ (w - w_star) + 2 * lam * c2 * w)
        w_new = np.sign(v) * np.maximum(np.abs(v) - step * lam * c1, 0.0)
        if np.max(np.abs(w_new - w)) < tol:
            return w_new
        w = w_new
    warnings.warn(f"quadratic_optimum: {max_iter} steps did not reach tol={tol:g}; the last "
                  "iterate is returned (raise max_iter or tol)", RuntimeWarning, stacklevel=2)
    return w
