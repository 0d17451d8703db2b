r"""Used by chapter 8 (regularization): the penalty geometry in 2-D, regularization paths, train and
test accuracy against λ, and the digit templates (:func:`templates_figure`, from chapter 2).

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
from .._validation import as_float_array
from .ch02_linear_classifier import templates_figure

__all__ = ["DEFAULT_A", "DEFAULT_W_STAR", "optimum_path", "penalty_geometry_figure", "paths_figure",
           "train_test_figure", "templates_figure"]

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
    A = np.asarray(A, float)
    w_star = np.asarray(w_star, float)
    g = np.linspace(-0.6, 2.4, 241)
    gx, gy = np.meshgrid(g, g)
    P = np.stack([gx - w_star[0], gy - w_star[1]], axis=-1)
    data = 0.5 * np.einsum("...i,ij,...j->...", P, A, P)
    lams = np.concatenate([[0.0], np.logspace(-3, 1, 200)])
    fig = Figure(figsize=(3.6 * len(regs), 3.7), dpi=80, layout="constrained")
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
        ax.plot(path[:, 0], path[:, 1], color="k", linewidth=1.5, label=r"optimum $w(\lambda)$")
        ax.plot(*w_star, "x", color="tab:blue", markersize=9, mew=2, label=r"$w^*$ (λ = 0)")
        ax.plot(*w_lam, "o", color="k", markersize=6,
                label=f"λ = {reg_strength:g}: ({w_lam[0]:.2f}, {w_lam[1]:.2f})")
        ax.axhline(0, color="gray", linewidth=0.6)
        ax.axvline(0, color="gray", linewidth=0.6)
        ax.set(xlim=(g[0], g[-1]), ylim=(g[0], g[-1]), aspect="equal", xlabel="$w_1$",
               ylabel="$w_2$")
        ax.set_title(_TITLES[reg], fontsize=10)
        ax.legend(fontsize=7, loc="upper left")
    return fig


def paths_figure(paths: Mapping[str, regpath.PathResult],
                 feature_names: Sequence[str] | None = None, *, class_index: int = 0) -> Figure:
    """Regularization paths side by side, one panel per ``{title: path}``: each weight of class
    ``class_index`` (a row of W; ``path.W`` is (K, C, D)) against λ on a log axis, one y scale for
    all panels, the weights named in the first panel's legend."""
    fig = Figure(figsize=(4.0 * len(paths), 3.6), dpi=80, layout="constrained")
    axes = fig.subplots(1, len(paths), squeeze=False, sharey=True)[0]
    for ax, (title, path) in zip(axes, paths.items()):
        Wk = path.W[:, class_index, :]
        names = (feature_names if feature_names is not None
                 else [f"w{j}" for j in range(Wk.shape[1])])
        for j in range(Wk.shape[1]):
            ax.plot(path.reg_strengths, Wk[:, j], label=names[j], linewidth=1.4)
        ax.set_xscale("log")
        ax.axhline(0, color="k", linewidth=0.6)
        ax.set(xlabel=r"$\lambda$ (log scale)", title=title)
    axes[0].set_ylabel("weight")
    axes[0].legend(fontsize=7, ncol=2)
    return fig


def train_test_figure(reg_strengths: ArrayLike, train_acc: ArrayLike, test_acc: ArrayLike,
                      *, title: str = "") -> Figure:
    """Train and test accuracy against λ (log axis)."""
    fig = Figure(figsize=(5.0, 3.2), dpi=80, layout="constrained")
    ax = fig.subplots()
    ax.plot(reg_strengths, train_acc, "o-", label="train", markersize=3)
    ax.plot(reg_strengths, test_acc, "s-", label="test", markersize=3)
    ax.set_xscale("log")
    ax.set(xlabel=r"$\lambda$ (log scale)", ylabel="accuracy", title=title)
    ax.legend()
    return fig
