r"""SVM versus softmax (section 5): both losses as the correct class's score moves.

One image, class 0 correct, scores :math:`s = (s_0, s_1, \dots)` with the other scores fixed.  As a
function of :math:`s_0`:

.. math:: L^{\mathrm{SVM}}(s_0) = \sum_{j \ne 0} \max(0, s_j - s_0 + \Delta), \qquad
          L^{\mathrm{softmax}}(s_0) = -\log \frac{e^{s_0}}{\sum_j e^{s_j}}

The SVM loss is exactly 0 from :math:`s_0 = \max_{j\ne0} s_j + \Delta` on; the softmax loss only tends
to 0 and is never 0.

* :func:`compute` is the pure step (tested against :func:`lossbook.losses.svm_loss` and
  :func:`lossbook.losses.cross_entropy`).
* :class:`SvmVsSoftmaxExplorer` is the view: an ``"other scores"`` dropdown (the three examples of
  the notes), a ``"correct class score s₀"`` slider and a ``"margin Δ"`` slider.  Readout keys:
  ``correct_score``, ``margin``, ``svm_loss``, ``softmax_loss``, ``prob_correct``, ``svm_zero_from``.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import losses
from .._validation import as_float_array, as_scalar
from .base import BlitFigureView, Displayable, Readout, slider
from .svm_explorer import nice_ceiling

__all__ = ["EXAMPLES", "CurvesResult", "compute", "SvmVsSoftmaxExplorer"]

#: The other classes' scores of the notes' three examples [10, −2, 3], [10, 9, 9], [10, −100, −100].
EXAMPLES = {"[10, −2, 3]": (-2.0, 3.0), "[10, 9, 9]": (9.0, 9.0),
            "[10, −100, −100]": (-100.0, -100.0)}


@dataclass(frozen=True)
class CurvesResult:
    """Both losses at the current score and along ``grid`` (values of :math:`s_0`)."""
    scores: np.ndarray       # (C,): the current scores, class 0 first
    margin: float
    svm_loss: float
    softmax_loss: float
    prob_correct: float
    svm_zero_from: float     # the smallest s_0 with a zero SVM loss: max_{j≠0} s_j + Δ
    grid: np.ndarray         # (G,)
    svm_curve: np.ndarray    # (G,)
    softmax_curve: np.ndarray  # (G,)


def compute(other_scores, correct_score: float, margin: float = 1.0, grid=None) -> CurvesResult:
    """Both losses for the scores ``(correct_score, *other_scores)`` with class 0 correct, and
    along ``grid`` (default: 251 points from −5 to 20)."""
    others = as_float_array(other_scores, "other_scores", ndim=1)
    s0 = as_scalar(correct_score, "correct_score")
    margin = as_scalar(margin, "margin", nonnegative=True)
    grid = np.linspace(-5.0, 20.0, 251) if grid is None else as_float_array(grid, "grid", ndim=1)
    scores = np.concatenate([[s0], others])
    table = np.column_stack([grid, np.broadcast_to(others, (grid.size, others.size))])
    labels = np.zeros(grid.size, dtype=np.intp)
    one = np.zeros(1, dtype=np.intp)
    return CurvesResult(
        scores=scores, margin=margin,
        svm_loss=float(losses.svm_loss(scores[None], one, margin=margin)),
        softmax_loss=float(losses.cross_entropy(scores[None], one)),
        prob_correct=float(losses.softmax(scores)[0]),
        svm_zero_from=float(others.max() + margin),
        grid=grid,
        svm_curve=losses.svm_loss(table, labels, margin=margin, reduction="none"),
        softmax_curve=losses.cross_entropy(table, labels, reduction="none"))


class SvmVsSoftmaxExplorer(Displayable):
    """The live explorer; starts at the notes' second example, [10, 9, 9], with Δ = 1."""

    def __init__(self, example: str = "[10, 9, 9]", correct_score: float = 10.0,
                 margin: float = 1.0):
        if example not in EXAMPLES:
            raise ValueError(f"example must be one of {list(EXAMPLES)}; got {example!r}")
        self.example_dropdown = widgets.Dropdown(options=list(EXAMPLES), value=example,
                                                 description="other scores (example)",
                                                 style={"description_width": "initial"})
        self.score_slider = slider("correct class score s₀", correct_score, -5.0, 20.0, 0.1,
                                   fmt=".1f")
        self.margin_slider = slider("margin Δ", margin, 0.0, 5.0, 0.1, fmt=".1f")

        self.view = BlitFigureView(1, 2, figsize=(8.5, 3.2))
        self.svm_lines, self.softmax_lines, self.svm_points, self.softmax_points = [], [], [], []
        self.current_lines, self.zero_lines = [], []
        for ax in self.view.axes:
            self.svm_lines += ax.plot([], [], color="C0", lw=2)
            self.softmax_lines += ax.plot([], [], color="C1", lw=2)
            self.svm_points += ax.plot([], [], "o", color="C0", ms=8)
            self.softmax_points += ax.plot([], [], "o", color="C1", ms=8, mfc="white", mew=2)
            self.current_lines.append(ax.axvline(10.0, color="0.3", lw=1, ls=":"))
            self.zero_lines.append(ax.axvline(10.0, color="C0", lw=1, ls="--"))
            ax.set_xlabel("score of the correct class, $s_0$", fontsize=9)
            ax.tick_params(labelsize=8)
        ax_full, ax_zoom = self.view.axes
        ax_full.set_xlim(-5.0, 20.0)
        ax_full.set_ylabel("loss", fontsize=9)
        ax_zoom.set_ylim(-0.05, 2.0)
        ax_zoom.set_title("zoom: losses below 2", fontsize=9)
        self.view.fig.legend([self.svm_lines[0], self.softmax_lines[0], self.zero_lines[0]],
                             ["SVM (hinge) loss", "softmax loss",
                              "the SVM loss is 0 from here on (max other score + Δ)"],
                             loc="outside upper center", ncols=3, fontsize=8, frameon=False)
        self.title = ax_full.set_title("", fontsize=9)
        self.view.animate(*self.svm_lines, *self.softmax_lines, *self.svm_points,
                          *self.softmax_points, *self.current_lines, *self.zero_lines, self.title)

        self.readout = Readout("SVM versus softmax, class 0 correct")
        for w in (self.example_dropdown, self.score_slider, self.margin_slider):
            w.observe(self._on_change, names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.example_dropdown, self.score_slider]), self.margin_slider,
            self.view.image, self.readout.widget])
        self.update()

    def _on_change(self, _change=None) -> None:
        self.update()

    def update(self) -> None:
        others = EXAMPLES[self.example_dropdown.value]
        r = compute(others, self.score_slider.value, self.margin_slider.value)
        self.result = r
        s0 = float(r.scores[0])
        for k in range(2):
            self.svm_lines[k].set_data(r.grid, r.svm_curve)
            self.softmax_lines[k].set_data(r.grid, r.softmax_curve)
            self.svm_points[k].set_data([s0], [r.svm_loss])
            self.softmax_points[k].set_data([s0], [r.softmax_loss])
            self.current_lines[k].set_xdata([s0, s0])
            self.zero_lines[k].set_xdata([r.svm_zero_from, r.svm_zero_from])
        top = nice_ceiling(1.1 * max(float(r.svm_curve.max()), float(r.softmax_curve.max())))
        ax_full, ax_zoom = self.view.axes
        ax_full.set_ylim(-0.02 * top, top)
        # the zoom follows the current score in steps of 5, so its background rarely changes
        left = 5.0 * np.floor((s0 - 2.5) / 5.0)
        ax_zoom.set_xlim(left, left + 10.0)
        scores = ", ".join(f"{v:g}" for v in r.scores)
        self.title.set_text(f"scores [{scores}]: SVM {r.svm_loss:.3g}, "
                            f"softmax {r.softmax_loss:.3g}")
        self.view.redraw()
        self.readout.show([
            ("correct_score", "correct class score s₀", f"{s0:.2f}"),
            ("margin", "margin Δ", f"{r.margin:.2f}"),
            ("svm_loss", "SVM loss", f"{r.svm_loss:.4f}"),
            ("softmax_loss", "softmax loss", f"{r.softmax_loss:.4g}"),
            ("prob_correct", "softmax P(Y = 0)", f"{r.prob_correct:.4f}"),
            ("svm_zero_from", "SVM loss is 0 for s₀ ≥", f"{r.svm_zero_from:.2f}"),
        ])

