r"""Used by chapter 5 (the SVM and the softmax side by side): both losses against the score gap.

The figure is a :class:`matplotlib.figure.Figure` (not registered with pyplot), which a notebook
shows by leaving it as a cell's last expression.  The numbers come from :mod:`lossbook.losses`.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike

from .. import losses
from .._validation import as_float_array, as_names, as_scalar

__all__ = ["losses_against_gap_figure"]




def losses_against_gap_figure(other_scores_list: Sequence[ArrayLike], labels: Sequence[str],
                              *, margin: float = 1.0) -> Figure:
    r"""SVM and softmax losses against the correct class's score :math:`s_0`, one panel per set
    of other scores (class 0 correct); the notes' value :math:`s_0 = 10` is marked."""
    if other_scores_list is None or isinstance(other_scores_list, (str, bytes)) or not hasattr(
            other_scores_list, "__len__") or isinstance(other_scores_list, np.ndarray):
        raise TypeError("other_scores_list must be a list of 1-D arrays of other scores; got "
                        f"{type(other_scores_list).__name__} {other_scores_list!r:.40}")
    if len(other_scores_list) == 0:
        raise ValueError("other_scores_list is empty; need one array of other scores a panel")
    others_list = [as_float_array(o, f"other_scores_list[{i}]", ndim=1)
                   for i, o in enumerate(other_scores_list)]
    labels = as_names(labels, len(others_list), "labels")
    if len(labels) != len(others_list):
        raise ValueError(f"labels must title each of the {len(others_list)} panels; got "
                         f"{len(labels)} labels")
    as_scalar(margin, "margin")
    # 688 px wide at dpi 80, the text column's width, so that the page shows it unscaled
    fig = Figure(figsize=(8.6, 3.1), dpi=80, layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(others_list), sharey=True))
    for ax, others, label in zip(axes, others_list, labels):
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
        ax.set_title(label, fontsize=11)
        ax.set_ylim(-0.1, 4.0)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
        ax.tick_params(labelsize=10)
    fig.supxlabel("$s_0$, the correct class's score", fontsize=11)
    axes[0].set_ylabel("loss", fontsize=11)
    axes[0].legend(fontsize=10)
    return fig
