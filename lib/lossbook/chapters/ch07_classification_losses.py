r"""Used by chapter 7 (classification losses from likelihoods): the textbook BCE formula that
fails, and the figures of logistic regression (its probability map and training loss).
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike, NDArray

from .. import logistic
from .._validation import MAX_DPI, as_float_array, as_int, as_labels, as_scalar

__all__ = ["naive_binary_cross_entropy", "probability_grid", "training_figure"]


def naive_binary_cross_entropy(logits: ArrayLike, y: ArrayLike) -> np.ndarray:
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


def _limits(lim: object, name: str) -> tuple[float, float]:
    """``(low, high)``, two finite numbers with low < high, or an error naming ``name``."""
    arr = as_float_array(lim, name, ndim=1)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        raise ValueError(f"{name} must be (low, high) with low < high; got {lim}")
    return float(arr[0]), float(arr[1])


def probability_grid(w: ArrayLike, b: float, *, xlim: tuple[float, float] = (-5.0, 5.0),
                     ylim: tuple[float, float] = (-5.0, 5.0), resolution: int = 100
                     ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    r"""The probability map :math:`\sigma(w^\top x + b)` on a grid of 2-D points.

    Returns ``(xx, yy, P)``, each ``(resolution, resolution)``: ``P[i, j]`` is the probability of
    class 1 at ``(xx[i, j], yy[i, j])``, ready for ``imshow``/``pcolormesh``/``contour`` (the
    decision boundary is the level 0.5).
    """
    w = as_float_array(w, "w", ndim=1)
    if w.shape != (2,):
        raise ValueError(f"w must have shape (2,) for a 2-D probability map; got {w.shape}")
    b = as_scalar(b, "b")
    resolution = as_int(resolution, "resolution", minimum=2)
    xs = np.linspace(*_limits(xlim, "xlim"), resolution)
    ys = np.linspace(*_limits(ylim, "ylim"), resolution)
    xx, yy = np.meshgrid(xs, ys)
    P = logistic.predict_proba(np.column_stack([xx.ravel(), yy.ravel()]), w, b).reshape(xx.shape)
    return xx, yy, P


def training_figure(X: ArrayLike, y: ArrayLike, result: logistic.LogisticResult,
                    *, lim: tuple[float, float] = (-5.0, 5.0), dpi: int = 80) -> Figure:
    r"""A two-panel ``matplotlib.figure.Figure``: left, the probability map
    :math:`\sigma(w^\top x + b)` with the decision boundary (the level 1/2, where :math:`z = 0`)
    and the points of ``(X, y)``; right, ``result.loss_history`` against the step."""
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2) for a 2-D probability map; got {X.shape}")
    yf = as_labels(y, "y", X.shape[0], 2, rows="X")
    lim = _limits(lim, "lim")
    dpi = as_int(dpi, "dpi", minimum=1, maximum=MAX_DPI)
    if not isinstance(result, logistic.LogisticResult):
        raise TypeError(f"result must be a lossbook.logistic.LogisticResult; got "
                        f"{type(result).__name__}")
    w = as_float_array(result.w, "result.w", ndim=1)
    if w.shape != (2,):
        raise ValueError(f"result.w must have shape (2,) for a 2-D probability map; got {w.shape}")
    b = as_scalar(result.b, "result.b")
    history = as_float_array(result.loss_history, "result.loss_history", ndim=1,
                             allow_empty=True)
    xx, yy, P = probability_grid(w, b, xlim=lim, ylim=lim, resolution=120)
    # 8.6 in is 688 px at dpi 80, the text column's width: the page shows it unscaled
    fig = Figure(figsize=(8.6, 3.6), dpi=dpi, layout="constrained")
    ax, ax2 = fig.subplots(1, 2, width_ratios=(1.15, 1))
    im = ax.pcolormesh(xx, yy, P, cmap="RdBu_r", vmin=0, vmax=1, alpha=0.6, shading="auto")
    fig.colorbar(im, ax=ax, label="P(y = 1 | x)")
    ax.contour(xx, yy, P, levels=[0.5], colors="k", linewidths=1.5)
    for k, marker in ((0, "o"), (1, "s")):
        pts = X[yf == k]
        ax.scatter(pts[:, 0], pts[:, 1], s=14, marker=marker, edgecolor="k", linewidth=0.5,
                   color="C0" if k == 0 else "C3", label=f"y = {k}")
    ax.set(xlim=lim, ylim=lim, xlabel="x₁", ylabel="x₂",
           title="probability map and boundary")
    ax.legend(loc="upper left", fontsize=10)
    ax2.plot(np.arange(history.size), history, color="C0")
    ax2.set(xlabel="gradient descent step", ylabel="mean binary cross-entropy",
            title="training loss")
    ax2.set_ylim(bottom=0)
    return fig
