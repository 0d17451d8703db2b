r"""Explorers of chapter 7 (classification losses from maximum likelihood).

* :class:`TemperatureExplorer` — softmax as a *soft argmax*: a temperature slider (and one slider
  per class score) morphs :math:`\mathrm{softmax}(s/T)` toward the one-hot argmax as
  :math:`T \to 0` and toward the uniform distribution as :math:`T \to \infty`.
* :class:`LogisticExplorer` — logistic regression on a 2-D data set by hand: sliders for
  :math:`w_1, w_2, b` move the decision boundary and the probability map, and the readout gives
  the binary cross-entropy, the accuracy and the gradient (the direction gradient descent would
  move the sliders).
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import logistic, losses
from .._validation import as_float_array, as_scalar
from .base import BlitFigureView, Displayable, Readout, slider

__all__ = ["compute_temperature", "TemperatureExplorer", "compute_logistic", "LogisticExplorer"]


# ---------------------------------------------------------------------------------------------
# Softmax with a temperature
# ---------------------------------------------------------------------------------------------
@dataclass
class TemperatureResult:
    probs: np.ndarray      # softmax(scores / T), (C,)
    one_hot: np.ndarray    # the one-hot argmax, (C,)
    max_prob: float
    entropy: float         # -sum p log p, in nats
    tv_to_one_hot: float   # total variation distance to the one-hot argmax = 1 - max_prob


def compute_temperature(scores, temperature: float) -> TemperatureResult:
    r""":math:`p = \mathrm{softmax}(s / T)` (``losses.softmax(scores, temperature=T)``), the
    one-hot argmax, the largest probability, the entropy :math:`-\sum_k p_k \log p_k` and the total
    variation distance :math:`\tfrac12 \sum_k |p_k - \mathbb 1[k = \arg\max s]| = 1 - \max_k p_k`
    (a tie goes to the first class, as ``numpy.argmax`` does)."""
    s = as_float_array(scores, "scores", ndim=1)
    temperature = as_scalar(temperature, "temperature", positive=True)
    p = losses.softmax(s, temperature=temperature)
    one_hot = np.zeros_like(p)
    one_hot[np.argmax(s)] = 1.0
    nz = p > 0
    entropy = float(0.0 - np.sum(p[nz] * np.log(p[nz])))
    return TemperatureResult(p, one_hot, float(p.max()), entropy,
                             float(0.5 * np.abs(p - one_hot).sum()))


class TemperatureExplorer(Displayable):
    """A log-scale slider ``temperature T`` and one slider ``score <class>`` per class; bars of
    :math:`\\mathrm{softmax}(s/T)` over the outlined one-hot argmax.  Readout keys:
    ``p_<class>`` for each class, ``max_prob``, ``entropy``, ``tv_to_one_hot``."""

    def __init__(self, scores=(3.2, 5.1, -1.7), class_names=("cat", "car", "frog"),
                 temperature: float = 1.0):
        s = as_float_array(scores, "scores", ndim=1)
        if len(class_names) != s.size:
            raise ValueError(f"class_names must name the {s.size} classes; got {len(class_names)}")
        self.class_names = tuple(class_names)
        self.temperature = widgets.FloatLogSlider(
            value=temperature, base=10, min=-2, max=2, step=0.01, description="temperature T",
            readout_format=".3g", continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))
        self.score_sliders = [slider(f"score {name}", float(v), -10.0, 10.0, 0.1)
                              for name, v in zip(self.class_names, s)]
        self.readout = Readout("softmax(s / T)")
        self.view = BlitFigureView(figsize=(5.0, 2.6))
        ax = self.view.ax
        pos = np.arange(s.size)
        self._onehot = ax.bar(pos, np.zeros(s.size), width=0.8, fill=False, edgecolor="k",
                              linestyle="--", label="one-hot argmax")
        self._bars = ax.bar(pos, np.zeros(s.size), width=0.6, color="C0", label="softmax(s / T)")
        self.view.animate(*self._onehot, *self._bars)
        ax.set_xticks(pos, self.class_names)
        ax.set_ylim(0, 1.05)
        ax.set_ylabel("probability")
        ax.legend(loc="upper left", fontsize=8)
        for w in (self.temperature, *self.score_sliders):
            w.observe(self._update, names="value")
        self.widget = widgets.VBox([self.temperature, *self.score_sliders, self.view.image,
                                    self.readout.widget])
        self._update()

    def _update(self, change=None) -> None:
        scores = [w.value for w in self.score_sliders]
        res = compute_temperature(scores, self.temperature.value)
        for bar, p in zip(self._bars, res.probs):
            bar.set_height(p)
        for bar, h in zip(self._onehot, res.one_hot):
            bar.set_height(h)
        self.view.redraw()
        self.result = res
        rows = [(f"p_{name}", f"P({name})", f"{p:.4f}")
                for name, p in zip(self.class_names, res.probs)]
        rows += [("max_prob", "largest probability", f"{res.max_prob:.4f}"),
                 ("entropy", "entropy (nats)", f"{res.entropy:.4f}"),
                 ("tv_to_one_hot", "distance to one-hot", f"{res.tv_to_one_hot:.4f}")]
        self.readout.show(rows, note=f"T = {self.temperature.value:.3g}")


# ---------------------------------------------------------------------------------------------
# Logistic regression by hand
# ---------------------------------------------------------------------------------------------
@dataclass
class LogisticResult:
    P: np.ndarray          # probability map sigma(w.x + b) on the grid, (R, R)
    boundary_x: np.ndarray  # two points of the decision boundary w.x + b = 0 (NaN if w = 0)
    boundary_y: np.ndarray
    loss: float            # mean binary cross-entropy
    accuracy: float
    dw: np.ndarray         # gradient of the loss, (2,)
    db: float


LIM = (-5.0, 5.0)


def compute_logistic(w1: float, w2: float, b: float, X, y, resolution: int = 60) -> LogisticResult:
    r"""For :math:`w = (w_1, w_2)` and :math:`b`: the probability map on ``LIM`` × ``LIM``, the
    decision boundary :math:`w_1 x_1 + w_2 x_2 + b = 0`, the mean binary cross-entropy of
    ``(X, y)``, its gradient (:func:`lossbook.logistic.loss_and_grad`) and the accuracy."""
    w = np.array([as_scalar(w1, "w1"), as_scalar(w2, "w2")])
    b = as_scalar(b, "b")
    _, _, P = logistic.probability_grid(w, b, LIM, LIM, resolution)
    loss, dw, db = logistic.loss_and_grad(w, b, X, y)
    if abs(w[1]) >= abs(w[0]) and w[1] != 0:
        bx = np.array(LIM)
        by = -(w[0] * bx + b) / w[1]
    elif w[0] != 0:
        by = np.array(LIM)
        bx = -(w[1] * by + b) / w[0]
    else:
        bx = by = np.array([np.nan, np.nan])
    return LogisticResult(P, bx, by, loss, logistic.accuracy(X, y, w, b), dw, db)


class LogisticExplorer(Displayable):
    """Sliders ``weight w₁``, ``weight w₂``, ``bias b`` over :func:`lossbook.logistic.make_two_blobs`
    data; the probability map, the boundary and the points.  Readout keys: ``loss``,
    ``accuracy``, ``dw1``, ``dw2``, ``db``."""

    def __init__(self, w1: float = 1.0, w2: float = 0.0, b: float = 0.0, seed: int = 0):
        self.X, self.y = logistic.make_two_blobs(50, distance=3.0, spread=1.0, seed=seed)
        self.w1 = slider("weight w₁", w1, -5.0, 5.0, 0.1)
        self.w2 = slider("weight w₂", w2, -5.0, 5.0, 0.1)
        self.b = slider("bias b", b, -5.0, 5.0, 0.1)
        self.controls = [self.w1, self.w2, self.b]
        self.readout = Readout("Binary cross-entropy")
        self.view = BlitFigureView(figsize=(4.2, 3.6))
        ax = self.view.ax
        res = self._compute()
        self._im = ax.imshow(res.P, origin="lower", extent=(*LIM, *LIM), vmin=0, vmax=1,
                             cmap="RdBu_r", alpha=0.6, aspect="auto")
        self.view.fig.colorbar(self._im, ax=ax, label="P(y = 1 | x)")
        for k, marker in ((0, "o"), (1, "s")):
            pts = self.X[self.y == k]
            ax.scatter(pts[:, 0], pts[:, 1], s=14, marker=marker, edgecolor="k", linewidth=0.5,
                       color="C0" if k == 0 else "C3", label=f"y = {k}")
        self._boundary, = ax.plot(res.boundary_x, res.boundary_y, "k-", lw=1.5)
        ax.set_xlim(*LIM)
        ax.set_ylim(*LIM)
        ax.set_xlabel("x₁")
        ax.set_ylabel("x₂")
        ax.legend(loc="upper left", fontsize=8)
        # the probability map changes: it and everything drawn above it are redrawn each update
        self.view.animate(self._im, *ax.collections, self._boundary, *ax.spines.values(),
                          ax.get_legend())
        for w in self.controls:
            w.observe(self._update, names="value")
        self.widget = widgets.VBox([*self.controls, self.view.image, self.readout.widget])
        self._update()

    def _compute(self) -> LogisticResult:
        return compute_logistic(self.w1.value, self.w2.value, self.b.value, self.X, self.y)

    def _update(self, change=None) -> None:
        res = self._compute()
        self._im.set_data(res.P)
        self._boundary.set_data(res.boundary_x, res.boundary_y)
        self.view.redraw()
        self.result = res
        self.readout.show([
            ("loss", "mean BCE", f"{res.loss:.4f}"),
            ("accuracy", "accuracy", f"{res.accuracy:.2f}"),
            ("dw1", "∂L/∂w₁", f"{res.dw[0]:+.4f}"),
            ("dw2", "∂L/∂w₂", f"{res.dw[1]:+.4f}"),
            ("db", "∂L/∂b", f"{res.db:+.4f}"),
        ], note="gradient descent moves each slider against the sign of its gradient")
