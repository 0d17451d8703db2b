r"""Static figures of Part II (sections 3–5): the hinge term, the softmax steps, both losses.

Each function returns a :class:`matplotlib.figure.Figure` (not registered with pyplot), which a
notebook shows by leaving it as a cell's last expression.  The numbers come from
:mod:`lossbook.losses`.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from . import losses
from ._validation import as_float_array

__all__ = ["hinge_figure", "softmax_steps_figure", "losses_against_gap_figure"]


def hinge_figure(margins=(0.5, 1.0, 2.0)) -> Figure:
    r"""One hinge term :math:`\max(0, d + \Delta)` against :math:`d = s_j - s_{y_i}` for several
    margins (left), and the hinge versus the squared hinge for :math:`\Delta = 1` (right)."""
    d = np.linspace(-4.0, 3.0, 281)
    zeros = np.zeros_like(d)
    fig = Figure(figsize=(8.0, 2.9), dpi=80, layout="constrained")
    ax1, ax2 = fig.subplots(1, 2)
    for k, m in enumerate(margins):
        # a two-class table [s_y, s_j] = [0, d]: its SVM loss is exactly the one term
        term = losses.svm_loss(np.column_stack([zeros, d]), np.zeros(d.size, dtype=np.intp),
                               margin=m, reduction="none")
        ax1.plot(d, term, lw=2, color=f"C{k}", label=f"Δ = {m:g}")
    ax1.axvline(0.0, color="0.5", lw=0.8, ls=":")
    ax1.set_xlabel("$s_j - s_{y_i}$ (a wrong class's score minus the correct one)")
    ax1.set_ylabel("the term $\\max(0, s_j - s_{y_i} + \\Delta)$")
    ax1.set_title("zero once the correct class wins by Δ", fontsize=10)
    ax1.legend(fontsize=8)
    table = np.column_stack([zeros, d])
    labels = np.zeros(d.size, dtype=np.intp)
    ax2.plot(d, losses.svm_loss(table, labels, reduction="none"), lw=2, label="hinge")
    ax2.plot(d, losses.svm_loss(table, labels, squared=True, reduction="none"), lw=2,
             label="squared hinge")
    ax2.set_ylim(0, 8)
    ax2.set_xlabel("$s_j - s_{y_i}$")
    ax2.set_title("Δ = 1: big violations cost more when squared", fontsize=10)
    ax2.legend(fontsize=8)
    return fig


def softmax_steps_figure(scores, y: int, class_names) -> Figure:
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


def losses_against_gap_figure(other_scores_list, labels, margin: float = 1.0) -> Figure:
    r"""SVM and softmax losses against the correct class's score :math:`s_0`, one panel per set
    of other scores (class 0 correct); the notes' value :math:`s_0 = 10` is marked."""
    fig = Figure(figsize=(10.0, 2.8), dpi=80, layout="constrained")
    axes = fig.subplots(1, len(other_scores_list), sharey=True)
    for ax, others, label in zip(np.atleast_1d(axes), other_scores_list, labels):
        others = as_float_array(others, "other_scores", ndim=1)
        # from a little below the other scores (where the SVM loss bends) to 20
        grid = np.linspace(min(-5.0, others.max() - 6.0), 20.0, 501)
        table = np.column_stack([grid, np.broadcast_to(others, (grid.size, others.size))])
        zeros = np.zeros(grid.size, dtype=np.intp)
        ax.plot(grid, losses.svm_loss(table, zeros, margin=margin, reduction="none"),
                lw=2, label="SVM")
        ax.plot(grid, losses.cross_entropy(table, zeros, reduction="none"), lw=2,
                label="softmax")
        s = np.concatenate([[10.0], others])[None]
        ax.plot([10.0], [losses.svm_loss(s, zeros[:1], margin=margin)], "o", color="C0")
        ax.plot([10.0], [losses.cross_entropy(s, zeros[:1])], "o", color="C1", mfc="white",
                mew=2)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("$s_0$, the correct class's score")
        ax.set_ylim(-0.1, 4.0)
    np.atleast_1d(axes)[0].set_ylabel("loss")
    np.atleast_1d(axes)[0].legend(fontsize=8)
    return fig
