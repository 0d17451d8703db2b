r"""Used by chapter 4 (the softmax classifier): why the softmax is computed from shifted scores
(numerical stability, with the naive formulas for the demonstration), and the figure of its steps.

The textbook formula :math:`P(k) = e^{s_k} / \sum_j e^{s_j}` overflows as soon as a score exceeds
about 709 (:math:`e^{710}` is ``inf`` in float64), and underflows to 0/0 when every score is below
about −745.  Subtracting the maximum first changes nothing mathematically,

.. math:: \frac{e^{s_k}}{\sum_j e^{s_j}} = \frac{e^{s_k - m}}{\sum_j e^{s_j - m}}, \qquad m = \max_j s_j,

but every exponent is then :math:`\le 0`, so nothing overflows and the largest term is exactly 1.
:func:`lossbook.losses.softmax` does this; :func:`naive_softmax` does not, for the demonstration.

A second, subtler limit: when the correct class wins by far, :math:`L = \log(1 + \sum_{j\ne y}
e^{s_j - s_y})` is tiny, and ``log(1 + tiny)`` rounds to 0 in float64.
:func:`lossbook.losses.cross_entropy` writes it with ``log1p`` and keeps all the digits.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import losses
from .._validation import as_float_array, as_labels

__all__ = ["naive_softmax", "naive_cross_entropy", "softmax_steps_figure"]


def naive_softmax(scores: ArrayLike) -> np.ndarray:
    r"""The unshifted formula :math:`e^{s_k} / \sum_j e^{s_j}` along the last axis.

    For teaching only: it returns ``nan`` where the exponentials overflow (inf / inf) or all
    underflow (0 / 0).  Floating-point warnings are silenced; the ``nan`` is the lesson."""
    scores = as_float_array(scores, "scores", ndim=(1, 2))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        e = np.exp(scores)
        return e / e.sum(axis=-1, keepdims=True)


def naive_cross_entropy(scores: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""Per-example :math:`-\log` of :func:`naive_softmax` at the correct class, (N,):
    ``nan`` or ``inf`` where the naive formula breaks down."""
    scores = as_float_array(scores, "scores", ndim=2)
    y = as_labels(y, "y", scores.shape[0], scores.shape[1])
    p = naive_softmax(scores)[np.arange(scores.shape[0]), y]
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.log(p)


def softmax_steps_figure(scores: ArrayLike, y: int, class_names: Sequence[str]) -> Figure:
    r"""Scores → exponentials :math:`e^{s_k}` → probabilities → :math:`-\log P(Y = y)`, for one
    image's ``scores`` (C,), as four panels; the correct class ``y`` in red."""
    scores = as_float_array(scores, "scores", ndim=1)
    names = list(class_names)
    exps = np.exp(scores - scores.max()) * np.exp(scores.max())
    probs = losses.softmax(scores)
    loss = float(losses.cross_entropy(scores[None], np.array([y])))
    colors = ["C3" if k == y else "0.6" for k in range(scores.size)]
    fig = Figure(figsize=(10.0, 2.7), dpi=80, layout="constrained")
    axes = fig.subplots(1, 4)
    steps = [(scores, "1. scores $s_k$\n(unnormalized log-probabilities)", "{:.1f}"),
             (exps, "2. exponentials $e^{s_k}$\n(unnormalized probabilities)", "{:.2f}"),
             (probs, "3. normalize: $P(Y=k) = e^{s_k} / \\sum_j e^{s_j}$", "{:.2f}")]
    for ax, (values, title, fmt) in zip(axes, steps):
        ax.bar(range(scores.size), values, color=colors)
        for k, v in enumerate(values):
            ax.annotate(fmt.format(v), (k, v), ha="center",
                        va="bottom" if v >= 0 else "top", fontsize=8,
                        xytext=(0, 2 if v >= 0 else -2), textcoords="offset points")
        ax.axhline(0.0, color="0.3", lw=0.8)
        ax.set_xticks(range(scores.size), names)
        ax.set_title(title, fontsize=9)
        lo, hi = min(0.0, values.min()), max(0.0, values.max())
        ax.set_ylim(lo - 0.15 * (hi - lo) * (lo < 0), hi + 0.15 * (hi - lo))
    axes[2].set_ylim(0, 1.12)
    p = np.linspace(0.005, 1.0, 300)
    ax = axes[3]
    ax.plot(p, -np.log(p), color="0.4")
    ax.plot([probs[y]], [loss], "o", color="C3", ms=7)
    ax.annotate(f"$-\\log {probs[y]:.2f} = {loss:.2f}$", (probs[y], loss), xytext=(8, 4),
                textcoords="offset points", fontsize=9)
    ax.set_xlabel(f"P(Y = {names[y]}), the correct class")
    ax.set_title("4. loss $L_i = -\\log P(Y = y_i)$", fontsize=9)
    ax.set_ylim(0, 6)
    return fig
