r"""The multiclass SVM explorer (section 3): an editable score table, the margin, the squared hinge.

Every hinge term

.. math:: m_{ij} = \max(0,\; s_{ij} - s_{i y_i} + \Delta), \qquad j \ne y_i

is drawn as a bar, grouped by image; beside them, the per-image losses
:math:`L_i = \sum_{j\ne y_i} m_{ij}` (or :math:`\sum_j m_{ij}^2` for the squared hinge) and the data
loss :math:`L = \frac1N \sum_i L_i` as a line.

* :func:`compute` is the pure step: numbers in, numbers out (tested against
  :func:`lossbook.losses.svm_loss`).
* :func:`explain` writes every term out, ``max(0, 5.1 - 3.2 + 1) = 2.9``, for the notebook.
* :class:`SvmExplorer` is the view: one ``FloatText`` per cell of the table (labelled
  ``"cat image: car score"``), a ``"margin Δ"`` slider, a ``"squared hinge"`` checkbox and a
  ``"reset to the worked example"`` button.  Its :class:`~lossbook.widgets.base.Readout` has the keys
  ``loss_<i>`` (image ``i``), ``term_<i>_<j>`` (image ``i``, class ``j`` ≠ ``y_i``), ``total``
  and ``margin``.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D

from .. import losses
from .._validation import as_float_array, as_labels, as_scalar
from .base import BlitFigureView, Displayable, Readout, slider

__all__ = ["SvmResult", "compute", "explain", "SvmExplorer"]


@dataclass(frozen=True)
class SvmResult:
    """What :func:`compute` returns.

    ``differences`` (N, C): :math:`s_{ij} - s_{iy_i} + \\Delta`, NaN at :math:`j = y_i`;
    ``terms`` (N, C): the hinge terms (squared if ``squared``), 0 at :math:`j = y_i`;
    ``losses`` (N,): :math:`L_i`; ``total``: :math:`L`, their mean.
    """
    scores: np.ndarray
    y: np.ndarray
    margin: float
    squared: bool
    differences: np.ndarray
    terms: np.ndarray
    losses: np.ndarray
    total: float


def compute(scores, y, margin: float = 1.0, squared: bool = False) -> SvmResult:
    """The hinge terms, per-image losses and mean loss for ``scores`` (N, C) and ``y`` (N,)."""
    scores = as_float_array(scores, "scores", ndim=2)
    n, c = scores.shape
    if c < 2:
        raise ValueError(f"scores must have at least two classes (columns); got shape {scores.shape}")
    y = as_labels(y, "y", n, c)
    margin = as_scalar(margin, "margin", nonnegative=True)
    if not isinstance(squared, (bool, np.bool_)):
        raise TypeError(f"squared must be True or False; got {type(squared).__name__}")
    rows = np.arange(n)
    differences = scores - scores[rows, y][:, None] + margin
    differences[rows, y] = np.nan
    terms = np.maximum(0.0, np.nan_to_num(differences, nan=0.0))
    if squared:
        terms = terms ** 2
    per_image = losses.svm_loss(scores, y, margin=margin, squared=bool(squared), reduction="none")
    return SvmResult(scores=scores, y=y, margin=margin, squared=bool(squared),
                     differences=differences, terms=terms, losses=per_image,
                     total=float(per_image.mean()))


def _num(x: float) -> str:
    """A short, exact-looking number: 2.9, 0, 12.9, 5.27 (two decimals at most)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _signed(x: float) -> str:
    return f"({_num(x)})" if x < 0 else _num(x)


def explain(result: SvmResult, class_names=None, image_names=None) -> list[str]:
    """One line per image writing out every term, then the mean, e.g.::

        cat image: max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0 = 2.9
        L = (2.9 + 0 + 12.9) / 3 = 5.27
    """
    n, c = result.scores.shape
    class_names = [f"class {k}" for k in range(c)] if class_names is None else list(class_names)
    image_names = [f"image {i}" for i in range(n)] if image_names is None else list(image_names)
    if len(class_names) != c or len(image_names) != n:
        raise ValueError(f"need {c} class names and {n} image names; "
                         f"got {len(class_names)} and {len(image_names)}")
    power = "^2" if result.squared else ""
    lines = []
    for i in range(n):
        yi = result.y[i]
        s = result.scores[i]
        exprs = [f"max(0, {_num(s[j])} - {_signed(s[yi])} + {_num(result.margin)}){power}"
                 for j in range(c) if j != yi]
        values = [_num(result.terms[i, j]) for j in range(c) if j != yi]
        lines.append(f"{image_names[i]}: {' + '.join(exprs)} = {' + '.join(values)} "
                     f"= {_num(result.losses[i])}")
    lines.append(f"L = ({' + '.join(_num(v) for v in result.losses)}) / {n} "
                 f"= {_num(result.total)}")
    return lines


class SvmExplorer(Displayable):
    """The live explorer: edit the scores, move the margin, switch to the squared hinge.

    ``scores`` (N, C) has one row per image; by default the worked example of section 3
    (:func:`lossbook.worked_examples.load_cat_car_frog`).
    """

    def __init__(self, scores=None, y=None, class_names=None, image_names=None,
                 margin: float = 1.0, squared: bool = False):
        if scores is None:
            from ..worked_examples import CAT_CAR_FROG_PATH, load_score_table
            table = load_score_table(CAT_CAR_FROG_PATH)
            scores, y = table.scores, table.y
            class_names = table.class_names if class_names is None else class_names
            image_names = table.image_names if image_names is None else image_names
        first = compute(scores, y, margin, squared)  # validates everything
        n, c = first.scores.shape
        self.class_names = tuple(class_names) if class_names is not None else tuple(
            f"class {k}" for k in range(c))
        self.image_names = tuple(image_names) if image_names is not None else tuple(
            f"image {i}" for i in range(n))
        if len(self.class_names) != c or len(self.image_names) != n:
            raise ValueError(f"need {c} class names and {n} image names")
        self.y = first.y
        self._initial = (first.scores.copy(), first.margin, first.squared)

        # --- controls ---------------------------------------------------------------------
        self.cells = [[widgets.FloatText(value=float(first.scores[i, j]), step=0.1,
                                         description=f"{self.image_names[i]}: "
                                                     f"{self.class_names[j]} score",
                                         style={"description_width": "initial"},
                                         layout=widgets.Layout(width="210px"))
                       for j in range(c)] for i in range(n)]
        self.margin_slider = slider("margin Δ", first.margin, 0.0, 5.0, 0.1, fmt=".1f")
        self.squared_box = widgets.Checkbox(value=first.squared, description="squared hinge",
                                            indent=False)
        self.reset_button = widgets.Button(description="reset to the worked example")
        self.reset_button.on_click(lambda _: self.reset())

        # --- figure: terms (left), per-image losses and the mean (right) --------------------
        self.view = BlitFigureView(1, 2, figsize=(8.0, 3.0), gridspec_kw={"width_ratios": [2, 1]})
        ax_t, ax_l = self.view.axes
        colors = [f"C{k}" for k in range(c)]
        width = 0.8 / (c - 1)
        self._bar_index = []  # (i, j) for each term bar, in drawing order
        xs, cs = [], []
        for i in range(n):
            others = [j for j in range(c) if j != self.y[i]]
            for k, j in enumerate(others):
                xs.append(i - 0.4 + width * (k + 0.5))
                cs.append(colors[j])
                self._bar_index.append((i, j))
        self.term_bars = ax_t.bar(xs, np.zeros(len(xs)), width=width * 0.9, color=cs)
        self.term_texts = [ax_t.text(x, 0.0, "", ha="center", va="bottom", fontsize=8)
                           for x in xs]
        ax_t.set_xticks(range(n), [f"{name}\n(correct: {self.class_names[self.y[i]]})"
                                   for i, name in enumerate(self.image_names)], fontsize=8)
        handles = [_patch(colors[j]) for j in range(c)] + [
            Line2D([], [], color="C3", lw=1.5, ls="--")]
        self.view.fig.legend(handles, [f"term of class {name}" for name in self.class_names]
                             + ["L, the mean"], loc="outside upper center", ncols=c + 1,
                             fontsize=8, frameon=False)
        self.term_title = ax_t.set_title("", fontsize=9)
        self.loss_bars = ax_l.bar(range(n), np.zeros(n), color="0.55")
        self.loss_texts = [ax_l.text(i, 0.0, "", ha="center", va="bottom", fontsize=8)
                           for i in range(n)]
        self.total_line = ax_l.axhline(0.0, color="C3", lw=1.5, ls="--")
        ax_l.set_xticks(range(n), self.image_names, fontsize=8)
        ax_l.set_title("per-image loss $L_i$", fontsize=9)
        for ax in self.view.axes:
            ax.tick_params(labelsize=8)
            ax.set_xlim(-0.6, n - 0.4)
        self.view.animate(*self.term_bars, *self.term_texts, *self.loss_bars, *self.loss_texts,
                          self.total_line, self.term_title)

        self.readout = Readout("multiclass SVM loss")
        for row in self.cells:
            for cell in row:
                cell.observe(self._on_change, names="value")
        self.margin_slider.observe(self._on_change, names="value")
        self.squared_box.observe(self._on_change, names="value")

        table = widgets.VBox([widgets.HBox(row) for row in self.cells])
        options = widgets.HBox([self.margin_slider, self.squared_box, self.reset_button])
        self.widget = widgets.VBox([table, options, self.view.image, self.readout.widget])
        self.result: SvmResult = first
        self.update()

    # ------------------------------------------------------------------------------------------
    def current_scores(self) -> np.ndarray:
        return np.array([[cell.value for cell in row] for row in self.cells], dtype=np.float64)

    def _on_change(self, _change=None) -> None:
        self.update()

    def reset(self) -> None:
        """Back to the scores, margin and loss the explorer started with."""
        scores, margin, squared = self._initial
        self._updating_all = True
        try:
            for i, row in enumerate(self.cells):
                for j, cell in enumerate(row):
                    cell.value = float(scores[i, j])
            self.margin_slider.value = margin
            self.squared_box.value = squared
        finally:
            self._updating_all = False
        self.update()

    def update(self) -> None:
        if getattr(self, "_updating_all", False):
            return
        r = compute(self.current_scores(), self.y, self.margin_slider.value,
                    self.squared_box.value)
        self.result = r
        heights = [r.terms[i, j] for i, j in self._bar_index]
        for bar, text, h in zip(self.term_bars, self.term_texts, heights):
            bar.set_height(h)
            text.set_y(h)
            text.set_text(_num(h))
        for bar, text, h in zip(self.loss_bars, self.loss_texts, r.losses):
            bar.set_height(h)
            text.set_y(h)
            text.set_text(_num(h))
        self.total_line.set_ydata([r.total, r.total])
        top = nice_ceiling(1.15 * float(np.max(r.losses)))
        for ax in self.view.axes:
            ax.set_ylim(0.0, top)
        hinge = "squared hinge " if r.squared else "hinge "
        self.term_title.set_text(f"{hinge}terms, Δ = {r.margin:g}")
        self.view.redraw()

        sq = "²" if r.squared else ""
        rows = []
        for i in range(len(self.image_names)):
            yi = self.y[i]
            for j in range(len(self.class_names)):
                if j == yi:
                    continue
                rows.append((f"term_{i}_{j}",
                             f"{self.image_names[i]}: max(0, s_{self.class_names[j]} − "
                             f"s_{self.class_names[yi]} + Δ){sq}", f"{r.terms[i, j]:.2f}"))
            rows.append((f"loss_{i}", f"{self.image_names[i]}: loss L_{i}", f"{r.losses[i]:.2f}"))
        rows.append(("total", "L = mean of the L_i", f"{r.total:.2f}"))
        rows.append(("margin", "margin Δ", f"{r.margin:.2f}"))
        self.readout.show(rows)


def nice_ceiling(x: float, floor: float = 1.0) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, ... that is >= ``x`` (and >= ``floor``):
    axis limits that change only in steps, so the figure's background is rarely re-rendered."""
    x = max(float(x), floor)
    k = np.floor(np.log10(x))
    for m in (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * 10.0 ** k >= x * (1 - 1e-12):
            return float(m * 10.0 ** k)
    return float(10.0 ** (k + 1))


def _patch(color):
    """A legend handle: a filled square of ``color``."""
    from matplotlib.patches import Patch
    return Patch(color=color)
