r"""The softmax explorer (section 4): scores → exponentials → probabilities → −log.

For one image with class scores :math:`s` (C,), correct class :math:`y` and temperature :math:`T`:

.. math:: e_k = e^{s_k / T}, \qquad P(Y = k \mid x) = \frac{e_k}{\sum_j e_j}, \qquad
          L = -\log P(Y = y \mid x)

(:math:`T = 1` is the plain softmax of section 4; the temperature is section 7's "soft argmax").

* :func:`compute` is the pure step (tested against :func:`lossbook.losses.softmax` and
  :func:`lossbook.losses.cross_entropy`).
* :class:`SoftmaxExplorer` is the view: one slider per class (``"cat score"``, ...), a
  ``"temperature T"`` slider and a ``"correct class"`` dropdown.  Readout keys: ``exp_<k>``,
  ``prob_<k>``, ``sum_exp``, ``loss``, ``temperature``.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import losses
from .._validation import as_float_array, as_scalar
from .base import BlitFigureView, Displayable, Readout, slider
from .svm_explorer import nice_ceiling

__all__ = ["SoftmaxResult", "compute", "explain", "SoftmaxExplorer"]


@dataclass(frozen=True)
class SoftmaxResult:
    """``exps`` (C,): :math:`e^{s_k/T}` (``inf`` where that overflows float64; the probabilities
    and the loss never overflow); ``probs`` (C,); ``loss``: :math:`-\\log P(Y=y)`."""
    scores: np.ndarray
    y: int
    temperature: float
    exps: np.ndarray
    sum_exp: float
    probs: np.ndarray
    loss: float


def _check_class(y, n_classes: int) -> int:
    if isinstance(y, bool) or not isinstance(y, (int, np.integer)):
        raise TypeError(f"y must be an integer class label; got {type(y).__name__}")
    if not 0 <= y < n_classes:
        raise ValueError(f"y must be a class label in [0, {n_classes}); got {y}")
    return int(y)


def compute(scores, y: int, temperature: float = 1.0) -> SoftmaxResult:
    """Exponentials, probabilities and loss of one image's ``scores`` (C,) with label ``y``."""
    scores = as_float_array(scores, "scores", ndim=1)
    if scores.shape[0] < 2:
        raise ValueError(f"scores must hold at least two class scores; got {scores.shape[0]}")
    y = _check_class(y, scores.shape[0])
    temperature = as_scalar(temperature, "temperature", positive=True)
    with np.errstate(over="ignore"):
        exps = np.exp(scores / temperature)
    probs = losses.softmax(scores, temperature=temperature)
    loss = losses.cross_entropy(scores[None, :] / temperature, np.array([y]))
    return SoftmaxResult(scores=scores, y=y, temperature=temperature, exps=exps,
                         sum_exp=float(exps.sum()), probs=probs, loss=float(loss))


def explain(result: SoftmaxResult, class_names=None, name: str = "") -> str:
    """The four steps of one image on two lines, e.g.::

        cat image: e^(s) = (24.53, 164.02, 0.18), sum 188.74
            -> P = (0.13, 0.87, 0.00) -> loss -log P(cat) = -log 0.130 = 2.040
    """
    c = result.scores.shape[0]
    class_names = [f"class {k}" for k in range(c)] if class_names is None else list(class_names)
    if len(class_names) != c:
        raise ValueError(f"need {c} class names; got {len(class_names)}")
    t = "" if result.temperature == 1.0 else f"/{result.temperature:g}"
    exps = ", ".join(f"{v:.2f}" for v in result.exps)
    probs = ", ".join(f"{v:.2f}" for v in result.probs)
    head = f"{name}: " if name else ""
    return (f"{head}e^(s{t}) = ({exps}), sum {result.sum_exp:.2f}\n"
            f"    -> P = ({probs}) -> loss -log P({class_names[result.y]}) "
            f"= -log {result.probs[result.y]:.3f} = {result.loss:.3f}")


class SoftmaxExplorer(Displayable):
    """The live explorer; by default the cat image of the worked example, scores (3.2, 5.1, −1.7)."""

    def __init__(self, scores=(3.2, 5.1, -1.7), y: int = 0, class_names=("cat", "car", "frog"),
                 temperature: float = 1.0, score_range: float = 10.0):
        first = compute(scores, y, temperature)
        c = first.scores.shape[0]
        self.class_names = tuple(class_names)
        if len(self.class_names) != c:
            raise ValueError(f"need {c} class names; got {len(self.class_names)}")
        score_range = as_scalar(score_range, "score_range", positive=True)

        self.score_sliders = [slider(f"{name} score", float(first.scores[k]), -score_range,
                                     score_range, 0.1, fmt=".1f", width="360px")
                              for k, name in enumerate(self.class_names)]
        self.temperature_slider = slider("temperature T", first.temperature, 0.1, 5.0, 0.05,
                                         fmt=".2f", width="360px")
        self.class_dropdown = widgets.Dropdown(options=[(n, k) for k, n in
                                                        enumerate(self.class_names)],
                                               value=first.y, description="correct class",
                                               style={"description_width": "initial"})

        self.view = BlitFigureView(1, 3, figsize=(9.0, 2.8))
        ax_e, ax_p, ax_l = self.view.axes
        x = np.arange(c)
        self.exp_bars = ax_e.bar(x, np.zeros(c), color="0.6")
        self.exp_texts = [ax_e.text(k, 0.0, "", ha="center", va="bottom", fontsize=8) for k in x]
        ax_e.set_title("exponentials $e^{s_k/T}$", fontsize=9)
        self.prob_bars = ax_p.bar(x, np.zeros(c), color="0.6")
        self.prob_texts = [ax_p.text(k, 0.0, "", ha="center", va="bottom", fontsize=8) for k in x]
        ax_p.set_ylim(0.0, 1.1)
        ax_p.set_title("probabilities $P(Y=k)$ (sum 1)", fontsize=9)
        for ax in (ax_e, ax_p):
            ax.set_xticks(x, self.class_names, fontsize=8)
        p = np.linspace(1e-3, 1.0, 300)
        ax_l.plot(p, -np.log(p), color="0.4", lw=1.2)
        self.loss_marker, = ax_l.plot([0.5], [0.5], "o", color="C3", ms=7)
        self.loss_guide, = ax_l.plot([0.5, 0.5], [0.0, 0.5], color="C3", lw=1, ls=":")
        ax_l.set_xlim(0.0, 1.0)
        ax_l.set_ylim(0.0, 7.0)
        ax_l.set_xlabel("probability of the correct class", fontsize=8)
        self.loss_title = ax_l.set_title("", fontsize=9)
        for ax in self.view.axes:
            ax.tick_params(labelsize=8)
        self.view.animate(*self.exp_bars, *self.exp_texts, *self.prob_bars, *self.prob_texts,
                          self.loss_marker, self.loss_guide, self.loss_title)

        self.readout = Readout("softmax")
        for w in (*self.score_sliders, self.temperature_slider, self.class_dropdown):
            w.observe(self._on_change, names="value")
        controls = widgets.HBox([widgets.VBox(self.score_sliders),
                                 widgets.VBox([self.temperature_slider, self.class_dropdown])])
        self.widget = widgets.VBox([controls, self.view.image, self.readout.widget])
        self.result = first
        self.update()

    def current_scores(self) -> np.ndarray:
        return np.array([s.value for s in self.score_sliders], dtype=np.float64)

    def _on_change(self, _change=None) -> None:
        self.update()

    def update(self) -> None:
        r = compute(self.current_scores(), self.class_dropdown.value,
                    self.temperature_slider.value)
        self.result = r
        finite = r.exps[np.isfinite(r.exps)]
        top = nice_ceiling(1.15 * float(finite.max()), floor=1e-300) if finite.size else 1.0
        self.view.axes[0].set_ylim(0.0, top)
        for k, (bar, text, e) in enumerate(zip(self.exp_bars, self.exp_texts, r.exps)):
            h = min(float(e), top)
            bar.set_height(h)
            bar.set_color("C3" if k == r.y else "0.6")
            text.set_y(h)
            text.set_text(f"{e:.3g}")
        for k, (bar, text, pk) in enumerate(zip(self.prob_bars, self.prob_texts, r.probs)):
            bar.set_height(pk)
            bar.set_color("C3" if k == r.y else "0.6")
            text.set_y(pk)
            text.set_text(f"{pk:.2f}")
        py = float(r.probs[r.y])
        shown = min(r.loss, 7.0)
        self.loss_marker.set_data([py], [shown])
        self.loss_guide.set_data([py, py], [0.0, shown])
        self.loss_title.set_text(f"loss −log P(Y = y) = {r.loss:.3f}")
        self.view.redraw()

        name = self.class_names
        rows = [(f"exp_{k}", f"e^(s_{name[k]}/T)", f"{r.exps[k]:.4g}") for k in range(len(name))]
        rows.append(("sum_exp", "sum of the exponentials", f"{r.sum_exp:.4g}"))
        rows += [(f"prob_{k}", f"P(Y = {name[k]})", f"{r.probs[k]:.4f}")
                 for k in range(len(name))]
        rows.append(("loss", f"loss −log P(Y = {name[r.y]})", f"{r.loss:.4f}"))
        rows.append(("temperature", "temperature T", f"{r.temperature:.2f}"))
        self.readout.show(rows)

