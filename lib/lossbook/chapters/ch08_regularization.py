r"""Used by chapter 8 (regularization): regularization as maximum a posteriori (the prior width
that a λ stands for, and the MAP estimate found by a general-purpose optimizer), the penalty
geometry in 2-D, regularization paths, train and test accuracy against λ, and the templates.

Each ``*_figure`` function returns a :class:`matplotlib.figure.Figure` (not registered with
pyplot: a notebook shows it by leaving it as a cell's last expression, or with ``display``); the
numbers behind it come from :mod:`lossbook.regpath`.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import regpath, regularization
from .._validation import (as_choice, as_float_array, as_int, as_labels, as_scalar,
                           infer_n_classes)
# the templates (rows of W as images) are drawn as chapter 2 draws them
from .ch02_linear_classifier import templates_figure

__all__ = ["prior_width_l2", "reg_strength_l2", "prior_scale_l1", "reg_strength_l1",
           "map_softmax", "prior_figure", "DEFAULT_A", "DEFAULT_W_STAR", "optimum_path",
           "penalty_geometry_figure", "paths_figure", "train_test_figure", "templates_figure"]


# ---------------------------------------------------------------------------------------------
# Regularization as maximum a posteriori.  The MAP estimate minimizes
#     -sum_i log p(y_i | x_i, W) - log p(W)  =  sum_i L_i - log p(W)   (softmax: L_i = -log p).
# Divided by N it is the book's full loss (1/N) sum_i L_i + λ R(W) when
#   Gaussian prior W_kl ~ N(0, τ²):  -log p(W) = R_L2(W) / (2 τ²) + const,  λ = 1 / (2 N τ²);
#   Laplace prior, scale κ:          -log p(W) = R_L1(W) / κ + const,        λ = 1 / (N κ).
# The bias b gets a flat prior (it is not regularized).
# ---------------------------------------------------------------------------------------------
def prior_width_l2(reg_strength: float, n_train: int) -> float:
    r"""The standard deviation τ of the Gaussian prior :math:`W_{kl} \sim \mathcal N(0, \tau^2)`
    whose MAP estimate is the L2 fit with strength λ on ``n_train`` examples:
    :math:`\tau = 1/\sqrt{2N\lambda}` (from :math:`\lambda = 1/(2N\tau^2)`)."""
    lam = as_scalar(reg_strength, "reg_strength", positive=True)
    n = as_int(n_train, "n_train", minimum=1)
    return float(1.0 / np.sqrt(2.0 * n * lam))


def reg_strength_l2(prior_width: float, n_train: int) -> float:
    r""":math:`\lambda = 1/(2N\tau^2)`: the L2 strength of a Gaussian prior of width τ."""
    tau = as_scalar(prior_width, "prior_width", positive=True)
    n = as_int(n_train, "n_train", minimum=1)
    return float(1.0 / (2.0 * n * tau * tau))


def prior_scale_l1(reg_strength: float, n_train: int) -> float:
    r"""The scale κ of the Laplace prior :math:`p(W_{kl}) = e^{-|W_{kl}|/\kappa}/(2\kappa)` whose
    MAP estimate is the L1 fit with strength λ: :math:`\kappa = 1/(N\lambda)` (κ, since b is
    the bias and s a score)."""
    lam = as_scalar(reg_strength, "reg_strength", positive=True)
    n = as_int(n_train, "n_train", minimum=1)
    return float(1.0 / (n * lam))


def reg_strength_l1(prior_scale: float, n_train: int) -> float:
    r""":math:`\lambda = 1/(N\kappa)`: the L1 strength of a Laplace prior of scale κ."""
    s = as_scalar(prior_scale, "prior_scale", positive=True)
    n = as_int(n_train, "n_train", minimum=1)
    return float(1.0 / (n * s))


def _neg_log_likelihood(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray
                        ) -> tuple[float, np.ndarray, np.ndarray]:
    r""":math:`-\sum_i \log p(y_i | x_i, W)` of the softmax model (a *sum*, not a mean) and
    its gradients in ``W`` (C, D) and ``b`` (C,)."""
    scores = X @ W.T + b                                   # (N, C)
    top = scores.max(axis=1, keepdims=True)
    log_z = top[:, 0] + np.log(np.exp(scores - top).sum(axis=1))
    rows = np.arange(len(y))
    nll = float(np.sum(log_z - scores[rows, y]))
    p = np.exp(scores - log_z[:, None])
    p[rows, y] -= 1.0                                      # dNLL / dscores
    return nll, p.T @ X, p.sum(axis=0)


def map_softmax(X: ArrayLike, y: ArrayLike, *, prior: str = "gaussian", width: float = 1.0,
                n_classes: int | None = None) -> tuple[np.ndarray, np.ndarray, float]:
    r"""The MAP estimate of the softmax classifier, found by maximizing the log posterior with
    a general-purpose optimizer (scipy's L-BFGS-B), not with :func:`lossbook.regpath.fit`:

    .. math:: \hat W = rg\min_{W, b} \Big[-\sum_i \log p(y_i \mid x_i, W, b) - \log p(W)\Big]

    ``prior="gaussian"``: :math:`W_{kl} \sim \mathcal N(0, \text{width}^2)`;
    ``prior="laplace"``: Laplace with scale ``width``, made smooth by writing
    :math:`W = U - V` with :math:`U, V \ge 0` (bounds), so that :math:`|W| = U + V` at the
    optimum.  ``b`` has a flat prior.  ``X``: (N, D), ``y``: (N,).
    Returns ``(W, b, negative log posterior without its constant)``; ``b`` is centred (the
    softmax ignores a constant added to every score)."""
    from scipy.optimize import minimize

    prior = as_choice(prior, "prior", ("gaussian", "laplace"))
    width = as_scalar(width, "width", positive=True)
    X = as_float_array(X, "X", ndim=2)
    n, d = X.shape
    y = as_labels(y, "y", n, None, rows="X")
    C = (infer_n_classes(y, "y") if n_classes is None
         else as_int(n_classes, "n_classes", minimum=2))
    y = as_labels(y, "y", n, C, rows="X")
    k = C * d

    def unpack(theta):
        if prior == "gaussian":
            return theta[:k].reshape(C, d), theta[k:]
        U, V = theta[:k].reshape(C, d), theta[k:2 * k].reshape(C, d)
        return U - V, theta[2 * k:]

    def objective(theta):
        W, b = unpack(theta)
        nll, gW, gb = _neg_log_likelihood(W, b, X, y)
        if prior == "gaussian":
            value = nll + float(np.sum(W * W)) / (2.0 * width ** 2)
            return value, np.concatenate([(gW + W / width ** 2).ravel(), gb])
        UV = theta[:2 * k]
        value = nll + float(np.sum(UV)) / width
        grad = np.concatenate([(gW + 1.0 / width).ravel(), (-gW + 1.0 / width).ravel(), gb])
        return value, grad

    n_w = k if prior == "gaussian" else 2 * k
    bounds = [(None, None) if prior == "gaussian" else (0.0, None)] * n_w + [(None, None)] * C
    res = minimize(objective, np.zeros(n_w + C), jac=True, method="L-BFGS-B", bounds=bounds,
                   options=dict(maxiter=20000, maxcor=30, ftol=1e-15, gtol=1e-11))
    W, b = unpack(res.x)
    return W, b - b.mean(), float(res.fun)


def prior_figure(*, prior_width: float = 1.0) -> Figure:
    r"""One weight's Gaussian prior :math:`\mathcal N(0, \tau^2)` and the Laplace prior with the
    same variance (scale :math:`\kappa = \tau/\sqrt2`), left: their densities; right: the penalty each
    adds to the loss, :math:`-\log p(w) + \log p(0)`: the parabola :math:`w^2/(2\tau^2)` and the
    V :math:`|w|/\kappa`, whose corner at 0 is what gives exact zeros."""
    tau = as_scalar(prior_width, "prior_width", positive=True)
    s = tau / np.sqrt(2.0)
    w = np.linspace(-3 * tau, 3 * tau, 601)
    gauss = np.exp(-w ** 2 / (2 * tau ** 2)) / np.sqrt(2 * np.pi * tau ** 2)
    laplace = np.exp(-np.abs(w) / s) / (2 * s)
    fig = Figure(figsize=(8.4, 3.1), dpi=80, layout="constrained")
    left, right = fig.subplots(1, 2)
    left.plot(w, gauss, color="tab:blue", label=rf"Gaussian, $\tau = {tau:g}$")
    left.plot(w, laplace, color="tab:orange", label=rf"Laplace, $\kappa = {s:.3g}$")
    left.set(xlabel="weight $w$", ylabel="prior density $p(w)$",
             title="two priors with the same variance")
    left.legend(fontsize=10, loc="upper right")
    right.plot(w, w ** 2 / (2 * tau ** 2), color="tab:blue", label=r"$w^2 / (2\tau^2)$")
    right.plot(w, np.abs(w) / s, color="tab:orange", label=r"$|w| / \kappa$")
    right.set(xlabel="weight $w$", ylabel=r"$-\log p(w) + \log p(0)$",
              title="the penalty each prior adds", ylim=(0, 4.5))
    right.legend(fontsize=10, loc="upper center")
    for ax in (left, right):
        ax.axvline(0, color="gray", linewidth=0.6)
    return fig


#: The quadratic data loss ½ (w − w*)ᵀ A (w − w*) of the 2-D picture: tilted ellipses.
DEFAULT_A = np.array([[1.0, 0.3], [0.3, 1.0]])
DEFAULT_W_STAR = np.array([1.6, 0.5])
_TITLES = {"l2": r"L2: $R = w_1^2 + w_2^2$", "l1": r"L1: $R = |w_1| + |w_2|$",
           "elastic_net": r"elastic net: $R = \sum \beta w^2 + |w|$"}


def optimum_path(reg: str, reg_strengths: ArrayLike, *, A: ArrayLike = DEFAULT_A,
                 w_star: ArrayLike = DEFAULT_W_STAR, beta: float = 1.0) -> np.ndarray:
    """The regularized optimum :math:`w(\\lambda)` for each λ: ``(K, 2)``
    (:func:`lossbook.regpath.quadratic_optimum`)."""
    lams = as_float_array(reg_strengths, "reg_strengths", ndim=1)
    return np.array([regpath.quadratic_optimum(A, w_star, reg=reg, reg_strength=lam, beta=beta)
                     for lam in lams])


def penalty_geometry_figure(*, regs: Sequence[str] = ("l2", "l1", "elastic_net"),
                            reg_strength: float = 0.8, A: ArrayLike = DEFAULT_A,
                            w_star: ArrayLike = DEFAULT_W_STAR, beta: float = 1.0) -> Figure:
    r"""One panel per penalty: the data loss's elliptical contours around its optimum
    :math:`w^*` (×), the penalty's contours (circles for L2, diamonds for L1), the path of the
    regularized optimum :math:`w(\lambda)` as λ grows from 0 (a line), and the optimum at
    ``reg_strength`` (●), where a data-loss contour touches a penalty contour."""
    if regs is None or isinstance(regs, (str, bytes)) or not hasattr(regs, "__iter__"):
        raise TypeError(f"regs must be a sequence of penalty names; got {regs!r:.40}")
    regs = tuple(as_choice(r, "regs", tuple(_TITLES)) for r in regs)
    if not regs:
        raise ValueError("regs is empty; need at least one penalty name")
    A = as_float_array(A, "A", ndim=2)
    w_star = as_float_array(w_star, "w_star", ndim=1)
    if A.shape != (2, 2) or w_star.shape != (2,):
        raise ValueError(f"the picture is 2-D: A must be (2, 2) and w_star (2,); got A "
                         f"{A.shape} and w_star {w_star.shape}")
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    beta = as_scalar(beta, "beta", nonnegative=True)
    regpath.quadratic_optimum(A, w_star, reg="l2", reg_strength=0.0)   # A symmetric positive
    g = np.linspace(-0.6, 2.4, 241)
    gx, gy = np.meshgrid(g, g)
    P = np.stack([gx - w_star[0], gy - w_star[1]], axis=-1)
    data = 0.5 * np.einsum("...i,ij,...j->...", P, A, P)
    lams = np.concatenate([[0.0], np.logspace(-3, 1, 200)])
    fig = Figure(figsize=(8.5, 3.9), dpi=80, layout="constrained")
    axes = fig.subplots(1, len(regs), squeeze=False)
    for ax, reg in zip(axes[0], regs):
        c2, c1 = {"l2": (1.0, 0.0), "l1": (0.0, 1.0), "elastic_net": (beta, 1.0)}[reg]
        pen = c2 * (gx ** 2 + gy ** 2) + c1 * (np.abs(gx) + np.abs(gy))  # R(w) on the grid
        path = optimum_path(reg, lams, A=A, w_star=w_star, beta=beta)
        w_lam = regpath.quadratic_optimum(A, w_star, reg=reg, reg_strength=reg_strength,
                                          beta=beta)
        r_lam = regularization.penalty(w_lam, reg, beta=beta)
        d_lam = 0.5 * (w_lam - w_star) @ A @ (w_lam - w_star)
        ax.contour(gx, gy, data, levels=[0.05, 0.2, 0.5, 1.0, 2.0],
                   colors="tab:blue", linewidths=0.8, alpha=0.6)
        ax.contour(gx, gy, data, levels=[d_lam], colors="tab:blue", linewidths=2.0)
        ax.contour(gx, gy, pen, levels=[r_lam], colors="tab:orange", linewidths=2.0)
        ax.contour(gx, gy, pen, levels=[0.25, 1.0, 2.0],
                   colors="tab:orange", linewidths=0.6, alpha=0.5, linestyles="--")
        ax.plot(path[:, 0], path[:, 1], color="k", linewidth=1.5,
                label=r"path of the optimum $w(\lambda)$, λ from 0 to 10")
        ax.plot(*w_star, "x", color="tab:blue", markersize=9, mew=2,
                label=r"$w^*$, the optimum at λ = 0")
        ax.plot(*w_lam, "o", color="k", markersize=6,
                label=f"the optimum at λ = {reg_strength:g}")
        ax.axhline(0, color="gray", linewidth=0.6)
        ax.axvline(0, color="gray", linewidth=0.6)
        ax.set(xlim=(g[0], g[-1]), ylim=(g[0], g[-1]), aspect="equal", xlabel="$w_1$",
               ylabel="$w_2$")
        ax.set_title(f"{_TITLES[reg]}\n$w$({reg_strength:g}) = "
                     f"({w_lam[0]:.2f}, {w_lam[1]:.2f})", fontsize=10)
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center", ncol=2,
               fontsize=10, frameon=False)
    return fig


def _spread(values: np.ndarray, gap: float) -> np.ndarray:
    """``values`` moved apart as little as possible so that neighbours (in sorted order) are at
    least ``gap`` apart, keeping their order: where the labels of the lines are written."""
    order = np.argsort(values)
    placed = values[order].astype(float)
    for _ in range(200):
        moved = False
        for i in range(1, placed.size):
            short = gap - (placed[i] - placed[i - 1])
            if short > 1e-12:
                placed[i - 1] -= short / 2
                placed[i] += short / 2
                moved = True
        if not moved:
            break
    out = np.empty_like(placed)
    out[order] = placed
    return out


def paths_figure(paths: Mapping[str, regpath.PathResult],
                 feature_names: Sequence[str] | None = None, *, class_index: int = 0) -> Figure:
    """Regularization paths one above the other, one panel per ``{title: path}``: each weight
    of class ``class_index`` (a row of W; ``path.W`` is (K, C, D)) against λ on a log axis, one
    y scale for all panels, each line named at its small-λ end (left), where the weights are
    largest (a label is moved up or down only as much as needed to not overlap another)."""
    if not isinstance(paths, Mapping) or not paths:
        raise TypeError(f"paths must be a non-empty dict {{title: PathResult}}; got "
                        f"{type(paths).__name__}")
    for title, path in paths.items():
        if not isinstance(path, regpath.PathResult):
            raise TypeError(f"paths[{title!r}] must be a lossbook.regpath.PathResult; got "
                            f"{type(path).__name__}")
    n_classes, n_features = next(iter(paths.values())).W.shape[1:]
    class_index = as_int(class_index, "class_index", minimum=0, maximum=n_classes - 1)
    if feature_names is not None:
        if isinstance(feature_names, (str, bytes)) or not hasattr(feature_names, "__len__"):
            raise TypeError(f"feature_names must be a sequence of names; got "
                            f"{type(feature_names).__name__} {feature_names!r:.40}")
        if len(feature_names) < n_features:
            raise ValueError(f"feature_names must name all {n_features} features; got "
                             f"{len(feature_names)} names")
    n = len(paths)
    fig = Figure(figsize=(8.5, 2.8 * n + 0.4), dpi=80, layout="constrained")
    axes = fig.subplots(n, 1, squeeze=False, sharex=True, sharey=True)[:, 0]
    colours = [f"C{j}" for j in range(10)]
    styles = ["-", "-", "-", "-", "-", "--", "--", "--", "--", "--"]
    for ax, (title, path) in zip(axes, paths.items()):
        Wk = path.W[:, class_index, :]
        names = (feature_names if feature_names is not None
                 else [f"w{j}" for j in range(Wk.shape[1])])
        for j in range(Wk.shape[1]):
            ax.plot(path.reg_strengths, Wk[:, j], label=names[j], linewidth=1.6,
                    color=colours[j % 10], linestyle=styles[j % 10])
        ax.set_xscale("log")
        ax.axhline(0, color="k", linewidth=0.6)
        ax.set_title(title, fontsize=11)
        ax.set_ylabel("weight")
    lo = min(float(np.min(p.W[:, class_index, :])) for p in paths.values())
    hi = max(float(np.max(p.W[:, class_index, :])) for p in paths.values())
    pad = 0.08 * (hi - lo or 1.0)
    axes[0].set_ylim(lo - pad, hi + pad)
    small = min(float(np.min(p.reg_strengths)) for p in paths.values())
    large = max(float(np.max(p.reg_strengths)) for p in paths.values())
    axes[0].set_xlim(small / 6.0, large * 1.2)        # room on the left for the names
    for ax, path in zip(axes, paths.values()):
        end = int(np.argmin(path.reg_strengths))
        Wk = path.W[end, class_index, :]
        where = _spread(Wk, gap=0.075 * (hi - lo + 2 * pad))
        for line, y_text in zip(ax.get_lines()[:Wk.size], where):
            ax.text(path.reg_strengths[end] / 1.1, y_text, line.get_label(), ha="right",
                    va="center", fontsize=10, color=line.get_color())
    axes[-1].set_xlabel(r"$\lambda$ (log scale)")
    return fig


def train_test_figure(reg_strengths: ArrayLike, train_acc: ArrayLike, test_acc: ArrayLike,
                      *, title: str = "") -> Figure:
    """Train and test accuracy against λ (log axis)."""
    reg_strengths = as_float_array(reg_strengths, "reg_strengths", ndim=1)
    if np.any(reg_strengths <= 0):
        raise ValueError("reg_strengths must be positive (they are drawn on a log axis)")
    for name, acc in (("train_acc", train_acc), ("test_acc", test_acc)):
        acc = as_float_array(acc, name, ndim=1)
        if acc.shape != reg_strengths.shape:
            raise ValueError(f"{name} must have one accuracy per λ, shape {reg_strengths.shape}; "
                             f"got {acc.shape}")
    train_acc = as_float_array(train_acc, "train_acc", ndim=1)
    test_acc = as_float_array(test_acc, "test_acc", ndim=1)
    fig = Figure(figsize=(5.0, 3.2), dpi=80, layout="constrained")
    ax = fig.subplots()
    ax.plot(reg_strengths, train_acc, "o-", label="train", markersize=3)
    ax.plot(reg_strengths, test_acc, "s-", label="test", markersize=3)
    ax.set_xscale("log")
    ax.set(xlabel=r"$\lambda$ (log scale)", ylabel="accuracy", title=title)
    ax.legend()
    return fig
