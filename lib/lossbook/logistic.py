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

from . import losses
from ._validation import as_float_array, as_scalar

__all__ = ["naive_binary_cross_entropy", "make_two_blobs", "logits", "predict_proba", "predict", "accuracy", "loss_and_grad",
           "LogisticResult", "train", "probability_grid", "training_figure"]


def _check(X, w=None, b=None, y=None):
    X = as_float_array(X, "X", ndim=2)
    out = [X]
    if w is not None:
        w = as_float_array(w, "w", ndim=1)
        if w.shape[0] != X.shape[1]:
            raise ValueError(f"w must have shape ({X.shape[1]},) to match X's {X.shape[1]} "
                             f"features; got {w.shape}")
        out += [w, as_scalar(b, "b")]
    if y is not None:
        y = np.asarray(y)
        if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
            raise TypeError(f"y must hold integer labels 0 or 1; got dtype {y.dtype}")
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must have shape ({X.shape[0]},) to match X; got {y.shape}")
        if np.any((y != 0) & (y != 1)):
            raise ValueError("y must hold labels 0 or 1")
        out.append(y.astype(np.float64))
    return out


def naive_binary_cross_entropy(logits, y) -> np.ndarray:
    r"""The textbook formula :math:`-[y\log\sigma(z) + (1-y)\log(1-\sigma(z))]`, element-wise, with
    :math:`\sigma(z) = 1/(1 + e^{-z})` computed literally — **for demonstration only**.

    In float64, :math:`\sigma(40)` rounds to exactly 1, so :math:`\log(1 - \sigma(40)) = -\infty`:
    the result is ``inf`` where the target is 0 and ``nan`` (from :math:`0 \cdot (-\infty)`) where it
    is 1.  Floating-point warnings are silenced so that the notebook shows the values themselves;
    use :func:`lossbook.losses.binary_cross_entropy`, which is finite for every finite logit.
    """
    z = as_float_array(logits, "logits", ndim=1)
    t = as_float_array(y, "y", ndim=1)
    if z.shape != t.shape:
        raise ValueError(f"logits and y must have the same shape; got {z.shape} and {t.shape}")
    with np.errstate(all="ignore"):
        mu = 1.0 / (1.0 + np.exp(-z))
        return -(t * np.log(mu) + (1 - t) * np.log(1 - mu))


def make_two_blobs(n_per_class: int = 50, distance: float = 3.0, spread: float = 1.0,
                   seed: int = 0):
    r"""Two seeded Gaussian blobs in 2-D: class 0 around :math:`(-d/2, -d/4)`, class 1 around
    :math:`(d/2, d/4)`, each with standard deviation ``spread``.  Returns ``X`` ``(2n, 2)`` and
    ``y`` ``(2n,)`` (integers 0/1).  Small ``spread`` relative to ``distance`` gives a linearly
    separable set."""
    if not isinstance(n_per_class, (int, np.integer)) or isinstance(n_per_class, bool) \
            or n_per_class < 1:
        raise ValueError(f"n_per_class must be a positive integer; got {n_per_class!r}")
    distance = as_scalar(distance, "distance", nonnegative=True)
    spread = as_scalar(spread, "spread", positive=True)
    rng = np.random.default_rng(seed)
    centre = np.array([distance / 2, distance / 4])
    X = np.vstack([rng.normal(-centre, spread, (n_per_class, 2)),
                   rng.normal(centre, spread, (n_per_class, 2))])
    y = np.repeat([0, 1], n_per_class)
    return X, y


def logits(X, w, b) -> np.ndarray:
    r"""The linear scores (logits) :math:`z_i = w^\top x_i + b`, ``(N,)``."""
    X, w, b = _check(X, w, b)
    return X @ w + b


def predict_proba(X, w, b) -> np.ndarray:
    r""":math:`P(y_i = 1 \mid x_i) = \sigma(w^\top x_i + b)`, ``(N,)`` (eq. 7.4)."""
    return np.atleast_1d(losses.sigmoid(logits(X, w, b)))


def predict(X, w, b) -> np.ndarray:
    r"""Labels :math:`\mathbb 1[\sigma(z_i) > 1/2] = \mathbb 1[z_i > 0]`, ``(N,)`` integers."""
    return (logits(X, w, b) > 0).astype(int)


def accuracy(X, y, w, b) -> float:
    """Fraction of rows of ``X`` whose predicted label equals ``y``."""
    X, w, b, yf = _check(X, w, b, y)
    return float(np.mean(predict(X, w, b) == yf))


def loss_and_grad(w, b, X, y, reg_strength: float = 0.0):
    r"""Mean binary cross-entropy of logistic regression and its gradient.

    .. math:: L(w, b) = \frac1N \sum_i \mathrm{BCE}(z_i, y_i) + \lambda \lVert w\rVert^2

    Returns ``(loss, dw, db)`` with ``dw`` ``(D,)`` and ``db`` a float, using
    :func:`losses.binary_cross_entropy` and :func:`losses.binary_cross_entropy_grad` (which give
    :math:`(\sigma(z_i) - y_i)/N`) and the chain rule through :math:`z = Xw + b`.
    """
    X, w, b, yf = _check(X, w, b, y)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
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


def train(X, y, learning_rate: float = 0.5, num_iters: int = 300, reg_strength: float = 0.0,
          init_scale: float = 0.01, seed: int = 0) -> LogisticResult:
    r"""Full-batch gradient descent :math:`w \leftarrow w - \eta\,\partial L/\partial w`,
    :math:`b \leftarrow b - \eta\,\partial L/\partial b` on :func:`loss_and_grad`.

    Starts from ``w = init_scale * randn(D)`` (seeded by ``seed``) and ``b = 0``.  ``loss_history``
    holds the loss before each of the ``num_iters`` steps, then the final loss
    (``num_iters + 1`` values).
    """
    X, = _check(X)
    _check(X, np.zeros(X.shape[1]), 0.0, y)
    learning_rate = as_scalar(learning_rate, "learning_rate", positive=True)
    init_scale = as_scalar(init_scale, "init_scale", nonnegative=True)
    if not isinstance(num_iters, (int, np.integer)) or isinstance(num_iters, bool) \
            or num_iters < 1:
        raise ValueError(f"num_iters must be a positive integer; got {num_iters!r}")
    rng = np.random.default_rng(seed)
    w = init_scale * rng.standard_normal(X.shape[1])
    b = 0.0
    history = []
    for _ in range(num_iters):
        loss, dw, db = loss_and_grad(w, b, X, y, reg_strength)
        history.append(loss)
        w = w - learning_rate * dw
        b = b - learning_rate * db
    history.append(loss_and_grad(w, b, X, y, reg_strength)[0])
    return LogisticResult(w, b, history)


def probability_grid(w, b, xlim=(-5.0, 5.0), ylim=(-5.0, 5.0), resolution: int = 100):
    r"""The probability map :math:`\sigma(w^\top x + b)` on a grid of 2-D points.

    Returns ``(xx, yy, P)``, each ``(resolution, resolution)``: ``P[i, j]`` is the probability of
    class 1 at ``(xx[i, j], yy[i, j])``, ready for ``imshow``/``pcolormesh``/``contour`` (the
    decision boundary is the level 0.5).
    """
    w = as_float_array(w, "w", ndim=1)
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,) for a 2-D probability map; got {w.shape}")
    if not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2; got {resolution!r}")
    xs = np.linspace(*[as_scalar(v, "xlim") for v in xlim], resolution)
    ys = np.linspace(*[as_scalar(v, "ylim") for v in ylim], resolution)
    xx, yy = np.meshgrid(xs, ys)
    P = predict_proba(np.column_stack([xx.ravel(), yy.ravel()]), w, b).reshape(xx.shape)
    return xx, yy, P


def training_figure(X, y, result: LogisticResult, lim=(-5.0, 5.0), dpi: int = 80):
    r"""A two-panel ``matplotlib.figure.Figure``: left, the probability map
    :math:`\sigma(w^\top x + b)` with the decision boundary (the level 1/2, where :math:`z = 0`)
    and the points of ``(X, y)``; right, ``result.loss_history`` against the step."""
    from matplotlib.figure import Figure

    X, w, b, yf = _check(X, result.w, result.b, y)
    xx, yy, P = probability_grid(w, b, lim, lim, resolution=120)
    fig = Figure(figsize=(9.0, 3.6), dpi=dpi, layout="constrained")
    ax, ax2 = fig.subplots(1, 2, width_ratios=(1.15, 1))
    im = ax.pcolormesh(xx, yy, P, cmap="RdBu_r", vmin=0, vmax=1, alpha=0.6, shading="auto")
    fig.colorbar(im, ax=ax, label="P(y = 1 | x)")
    ax.contour(xx, yy, P, levels=[0.5], colors="k", linewidths=1.5)
    for k, marker in ((0, "o"), (1, "s")):
        pts = X[yf == k]
        ax.scatter(pts[:, 0], pts[:, 1], s=14, marker=marker, edgecolor="k", linewidth=0.5,
                   color="C0" if k == 0 else "C3", label=f"y = {k}")
    ax.set(xlim=lim, ylim=lim, xlabel="x₁", ylabel="x₂",
           title="probability map and decision boundary")
    ax.legend(loc="upper left", fontsize=8)
    ax2.plot(np.arange(len(result.loss_history)), result.loss_history, color="C0")
    ax2.set(xlabel="gradient descent step", ylabel="mean binary cross-entropy",
            title="training loss")
    ax2.set_ylim(bottom=0)
    return fig
