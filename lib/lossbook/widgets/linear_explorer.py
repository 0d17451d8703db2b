r"""The linear classifier explorer: a 2-D, 3-class classifier :math:`s = W x + b` you move by hand.

In the spirit of the CS231n linear-classification demo, and beyond it:

* a slider for every entry of :math:`W` (3 × 2) and :math:`b` (3,);
* the decision regions (:math:`\arg\max_k s_k`) and each class's zero-score line
  :math:`w_k^\top x + b_k = 0`, with an arrow along :math:`w_k`, redrawn live;
* a table of each point's coordinates, label, scores :math:`s_{i0}, s_{i1}, s_{i2}` and loss
  :math:`L_i`;
* the data loss :math:`\frac1N\sum_i L_i`, the regularization loss :math:`\lambda \sum W^2` and their
  sum, with the gradient :math:`\partial L / \partial W`, :math:`\partial L / \partial b`;
* a switch between the multiclass SVM (hinge) loss and the softmax (cross-entropy) loss, the
  regularization strength :math:`\lambda`, the step size :math:`\eta`;
* buttons for one gradient step :math:`W \leftarrow W - \eta\,\partial L/\partial W` (and ten), and to
  randomize :math:`W, b`; a choice of data set, separable or not.

:func:`compute` is the pure step, tested against :mod:`lossbook.losses`;
:class:`LinearExplorer` is the view.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import linear, losses, regularization
from .._validation import as_float_array, as_labels, as_scalar
from ..datasets import toy2d
from ..plots_linear import CLASS_COLORS, DecisionPlot
from .base import BlitFigureView, Displayable, Readout, slider

__all__ = ["LinearState", "compute", "gradient_step", "DEMO_W", "DEMO_B", "DATASET_OPTIONS",
           "LinearExplorer"]

#: The starting parameters (those of the CS231n demo).
DEMO_W = np.array([[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]])
DEMO_B = np.array([0.0, 0.5, -0.5])
DATASET_OPTIONS = (("9 points (separable)", "demo"), ("3 blobs of 10 (separable)", "blobs"),
                   ("rings (not separable)", "rings"),
                   ("XOR-like quadrants (not separable)", "quadrants"),
                   ("one class split in two (not separable)", "split"))
PARAM_RANGE = 5.0


@dataclass
class LinearState:
    """Everything the explorer shows, for one setting of its controls.

    ``scores`` (N, C) = X Wᵀ + b; ``losses`` (N,) the per-example :math:`L_i`; ``data_loss`` their
    mean; ``reg_loss`` = λ ΣW²; ``total_loss`` their sum; ``dW`` (C, D), ``db`` (C,) the gradient of
    the total loss; ``predictions`` (N,); ``accuracy`` the fraction correct.
    """
    scores: np.ndarray
    losses: np.ndarray
    data_loss: float
    reg_loss: float
    total_loss: float
    dW: np.ndarray
    db: np.ndarray
    predictions: np.ndarray
    accuracy: float


def compute(W, b, X, y, loss: str = "svm", reg_strength: float = 0.1,
            margin: float = 1.0) -> LinearState:
    r"""Scores, losses and gradient of :math:`L = \frac1N\sum_i L_i + \lambda\sum W^2`.

    :math:`L_i` is the multiclass SVM loss :math:`\sum_{j\ne y_i}\max(0, s_j - s_{y_i} + \Delta)`
    (``loss="svm"``) or the softmax cross-entropy :math:`-\log \mathrm{softmax}(s_i)_{y_i}`
    (``loss="softmax"``); ``b`` is not regularized.
    """
    if loss not in linear.LOSSES:
        raise ValueError(f"loss must be one of {linear.LOSSES}; got {loss!r}")
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    W = as_float_array(W, "W", ndim=2)
    X = as_float_array(X, "X", ndim=2)
    s = linear.scores(X, W, b)
    y = as_labels(y, "y", X.shape[0], W.shape[0])
    if loss == "svm":
        per = losses.svm_loss(s, y, margin=margin, reduction="none")
    else:
        per = losses.cross_entropy(s, y, reduction="none")
    parts = linear.loss_and_grad(W, b, X, y, loss=loss, reg="l2", reg_strength=reg_strength,
                                 margin=margin)
    data_loss = float(per.mean())
    reg_loss = reg_strength * regularization.l2(W)
    pred = np.argmax(s, axis=1)
    return LinearState(s, per, data_loss, reg_loss, data_loss + reg_loss, parts.dW, parts.db,
                       pred, float(np.mean(pred == y)))


def gradient_step(W, b, X, y, loss: str = "svm", reg_strength: float = 0.1,
                  learning_rate: float = 0.1, margin: float = 1.0):
    r"""One step of gradient descent: :math:`W - \eta\,\partial L/\partial W`,
    :math:`b - \eta\,\partial L/\partial b`; returns the new ``(W, b)``."""
    learning_rate = as_scalar(learning_rate, "learning_rate", positive=True)
    st = compute(W, b, X, y, loss, reg_strength, margin)
    return np.asarray(W, float) - learning_rate * st.dW, np.asarray(b, float) - learning_rate * st.db


def _fmt(v: float) -> str:
    return f"{v:.3f}"


class LinearExplorer(Displayable):
    """The explorer's view: controls, figure, readout and per-point table.

    Controls (attributes): ``dataset`` (Dropdown "Data set"), ``w_sliders[k][d]`` (sliders
    "W[k,d] ..."), ``b_sliders[k]`` ("b[k] ..."), ``loss`` (ToggleButtons "Loss"), ``reg_strength``
    ("λ reg. strength"), ``learning_rate`` ("η step size"), ``step_button`` ("One gradient step"),
    ``step10_button`` ("10 steps"), ``randomize_button`` ("Randomize W, b").
    ``readout.values`` holds the numbers shown; ``table_values`` the per-point table.
    """

    def __init__(self, dataset: str = "demo", W=None, b=None, loss: str = "svm",
                 reg_strength: float = 0.1, learning_rate: float = 0.1, seed: int = 0,
                 lim: float = 1.1):
        self._rng = np.random.default_rng(seed)
        self._busy = False
        W = DEMO_W if W is None else np.asarray(W, dtype=float)
        b = DEMO_B if b is None else np.asarray(b, dtype=float)
        if W.shape != (3, 2) or b.shape != (3,):
            raise ValueError(f"W must be (3, 2) and b (3,); got {W.shape} and {b.shape}")
        self.X, self.y = toy2d.make_toy(dataset)
        # controls
        self.dataset = widgets.Dropdown(options=DATASET_OPTIONS, value=dataset,
                                        description="Data set",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="340px"))
        self.w_sliders = [[slider(f"W[{k},{d}]  class {k} · x{d + 1}", W[k, d], -PARAM_RANGE,
                                  PARAM_RANGE, 0.01, width="300px") for d in range(2)]
                          for k in range(3)]
        self.b_sliders = [slider(f"b[{k}]  class {k} bias", b[k], -PARAM_RANGE, PARAM_RANGE,
                                 0.01, width="300px") for k in range(3)]
        self.loss = widgets.ToggleButtons(
            options=(("SVM (hinge)", "svm"), ("Softmax (cross-entropy)", "softmax")),
            value=loss, description="Loss", style={"description_width": "initial"})
        self.reg_strength = slider("λ reg. strength", reg_strength, 0.0, 1.0, 0.01,
                                   width="300px")
        self.learning_rate = slider("η step size", learning_rate, 0.01, 1.0, 0.01,
                                    width="300px")
        self.step_button = widgets.Button(description="One gradient step",
                                          tooltip="W ← W − η ∂L/∂W, b ← b − η ∂L/∂b")
        self.step10_button = widgets.Button(description="10 steps",
                                            tooltip="ten gradient steps")
        self.randomize_button = widgets.Button(description="Randomize W, b",
                                               tooltip="draw every entry uniformly in [−3, 3]")
        # outputs
        self.view = BlitFigureView(figsize=(4.2, 4.2))
        self.plot = DecisionPlot(self.view.ax, self.X, self.y, lim=lim)
        self.view.animated = self.plot.artists
        self.readout = Readout("Loss")
        self.readout.widget.layout.margin = "0 24px 0 0"
        self.table = widgets.HTML()
        self.table.add_class("lossbook-table")
        self.table_values: dict[str, str] = {}
        self.state: LinearState | None = None
        # wiring
        for s in self._param_sliders() + [self.reg_strength]:
            s.observe(self._on_change, names="value")
        self.loss.observe(self._on_change, names="value")
        self.dataset.observe(self._on_dataset, names="value")
        self.step_button.on_click(lambda _: self.step(1))
        self.step10_button.on_click(lambda _: self.step(10))
        self.randomize_button.on_click(lambda _: self.randomize())
        rows = []
        for k in range(3):
            rows.append(widgets.HTML(f"<b style='color:{CLASS_COLORS[k]}'>class {k}</b>"))
            rows.extend(self.w_sliders[k] + [self.b_sliders[k]])
        controls = widgets.VBox([self.dataset] + rows)
        training = widgets.VBox([self.loss, self.reg_strength, self.learning_rate,
                                 widgets.HBox([self.step_button, self.step10_button,
                                               self.randomize_button])])
        self.widget = widgets.VBox([
            widgets.HBox([self.view.image, controls]),
            training,
            widgets.HBox([self.readout.widget, self.table],
                         layout=widgets.Layout(align_items="flex-start")),
        ])
        self.update()

    # -- parameters ---------------------------------------------------------------------------
    def _param_sliders(self):
        return [s for row in self.w_sliders for s in row] + list(self.b_sliders)

    @property
    def W(self) -> np.ndarray:
        return np.array([[s.value for s in row] for row in self.w_sliders])

    @property
    def b(self) -> np.ndarray:
        return np.array([s.value for s in self.b_sliders])

    def set_params(self, W, b) -> None:
        """Move the sliders to ``W`` (3, 2) and ``b`` (3,) with one redraw.

        Values are clipped to ±5 and rounded to the sliders' step, 0.01: a slider can only hold a
        value on its grid (the browser snaps any other value and sends it back), so rounding here
        keeps what the reader sees, the kernel's W and the loss shown the same."""
        W = np.round(np.clip(np.asarray(W, dtype=float), -PARAM_RANGE, PARAM_RANGE), 2)
        b = np.round(np.clip(np.asarray(b, dtype=float), -PARAM_RANGE, PARAM_RANGE), 2)
        self._busy = True
        try:
            for k in range(3):
                for d in range(2):
                    self.w_sliders[k][d].value = float(W[k, d])
                self.b_sliders[k].value = float(b[k])
        finally:
            self._busy = False
        self.update()

    def step(self, n: int = 1) -> None:
        """``n`` gradient steps of size η on the current loss."""
        W, b = self.W, self.b
        for _ in range(n):
            W, b = gradient_step(W, b, self.X, self.y, self.loss.value, self.reg_strength.value,
                                 self.learning_rate.value)
        self.set_params(W, b)

    def randomize(self) -> None:
        """Draw every entry of W and b uniformly in [−3, 3] (from the explorer's seeded stream)."""
        self.set_params(self._rng.uniform(-3, 3, (3, 2)), self._rng.uniform(-3, 3, 3))

    # -- updates ------------------------------------------------------------------------------
    def _on_change(self, _change=None):
        if not self._busy:
            self.update()

    def _on_dataset(self, change):
        self.X, self.y = toy2d.make_toy(change["new"])
        self.plot.set_data(self.X, self.y)
        self.view.animated = self.plot.artists
        self.view.invalidate()
        self.update()

    def update(self) -> None:
        """Recompute from the controls, redraw the figure in place, refresh readout and table."""
        W, b = self.W, self.b
        st = compute(W, b, self.X, self.y, self.loss.value, self.reg_strength.value)
        self.state = st
        self.plot.update(W, b)
        name = "SVM" if self.loss.value == "svm" else "softmax"
        self.view.redraw()
        rows = [("loss", "loss", name),
                ("data_loss", "data loss (1/N) Σ Lᵢ", _fmt(st.data_loss)),
                ("reg_loss", f"reg. loss λ ΣW² (λ = {self.reg_strength.value:.2f})",
                 _fmt(st.reg_loss)),
                ("total_loss", "total loss", _fmt(st.total_loss)),
                ("accuracy", "accuracy", f"{st.accuracy:.3f}")]
        for k in range(3):
            for d in range(2):
                rows.append((f"dW_{k}_{d}", f"∂L/∂W[{k},{d}]", _fmt(st.dW[k, d])))
            rows.append((f"db_{k}", f"∂L/∂b[{k}]", _fmt(st.db[k])))
        self.readout.show(rows)
        self._show_table(st)

    def _show_table(self, st: LinearState) -> None:
        values, body = {}, []
        for i, ((x1, x2), yi) in enumerate(zip(self.X, self.y)):
            cells = [(f"x1_{i}", f"{x1:.2f}"), (f"x2_{i}", f"{x2:.2f}"), (f"y_{i}", str(yi))]
            cells += [(f"s_{i}_{k}", f"{st.scores[i, k]:.2f}") for k in range(3)]
            cells += [(f"L_{i}", f"{st.losses[i]:.3f}")]
            values.update(cells)
            wrong = st.predictions[i] != yi
            style = " style='background:#fde2e2'" if wrong else ""
            body.append(f"<tr{style}><td>{i}</td>" + "".join(
                f"<td style='text-align:right;font-family:monospace;padding:0 6px'>"
                f"<span class='lossbook-value' data-key='{key}'>{html.escape(text)}</span></td>"
                for key, text in cells) + "</tr>")
        head = "".join(f"<th style='padding:0 6px'>{h}</th>" for h in
                       ("i", "x₁", "x₂", "yᵢ", "s₀", "s₁", "s₂", "Lᵢ"))
        self.table_values = values
        self.table.value = (f"<div style='max-height:330px;overflow-y:auto'><table>"
                            f"<tr>{head}</tr>{''.join(body)}</table>"
                            "<small>rows in red: misclassified points</small></div>")

