r"""The explorers of chapter 7 (classification losses from maximum likelihood).

* :class:`TemperatureExplorer` — softmax as a *soft argmax*: a temperature slider (and one slider
  per class score) morphs :math:`\mathrm{softmax}(s/T)` toward the one-hot argmax as
  :math:`T \to 0` and toward the uniform distribution as :math:`T \to \infty`.  Its JavaScript face
  is ``ch07_classification_losses_temperature.js``.
* :class:`LogisticExplorer` — logistic regression on a 2-D data set by hand: sliders for
  :math:`w_1, w_2, b` move the decision boundary and the probability map, and the readout gives
  the binary cross-entropy, the accuracy and the gradient (the direction gradient descent would
  move the sliders).  Its JavaScript face is ``ch07_classification_losses_logistic.js``.

:func:`compute_temperature` and :func:`compute_logistic` are the pure steps (numbers in, numbers
out, through :mod:`lossbook.losses` and :mod:`lossbook.logistic`); the JavaScript faces compute the
same numbers with the same stable formulas (shift by the largest score before ``exp``; the binary
cross-entropy from the logits, :math:`\max(z, 0) - zy + \log(1 + e^{-|z|})`), so that extreme
settings (:math:`T = 0.01` with large score gaps, :math:`|z|` in the hundreds) stay finite on both
sides and agree.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from .. import linear, logistic, losses
from ..chapters.ch07_classification_losses import probability_grid
from ..data import toy2d
from .._validation import as_float_array, as_int, as_scalar
from .base import Explorer, Real

__all__ = ["TemperatureResult", "compute_temperature", "TemperatureExplorer",
           "LogisticView", "compute_logistic", "LogisticExplorer", "LIM"]


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


def compute_temperature(scores: ArrayLike, temperature: float) -> TemperatureResult:
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


#: the range and step of the score sliders
SCORE_MIN, SCORE_MAX, SCORE_STEP = -10.0, 10.0, 0.1


class TemperatureExplorer(Explorer):
    """A log-scale slider ``temperature T`` (0.01 to 100) and one slider ``score <class>`` per
    class (−10 to 10); bars of :math:`\\mathrm{softmax}(s/T)` over the outlined one-hot argmax.
    Readout keys: ``p_<class>`` for each class, ``max_prob``, ``entropy``, ``tv_to_one_hot``."""

    module = "ch07_classification_losses_temperature"
    title = "Softmax with a temperature: a soft argmax"
    temperature = Real(1.0, min=0.01, max=100.0).tag(sync=True, control=dict(
        kind="log_slider", label="temperature T", min=-2.0, max=2.0, step=0.01))
    scores = traitlets.List(traitlets.Float()).tag(sync=True, control=dict(
        kind="slider_array", label="scores", labels=[], min=SCORE_MIN, max=SCORE_MAX,
        step=SCORE_STEP))

    def __init__(self, scores=(3.2, 5.1, -1.7), class_names=("cat", "car", "frog"),
                 temperature: float = 1.0):
        s = as_float_array(scores, "scores", ndim=1)
        if s.size < 2:
            raise ValueError(f"scores must hold at least two classes; got {s.size}")
        if isinstance(class_names, str) or len(class_names) != s.size:
            raise ValueError(f"class_names must name the {s.size} classes; got {class_names!r}")
        self.class_names = tuple(str(name) for name in class_names)
        super().__init__(data=dict(class_names=list(self.class_names)),
                         scores=s.tolist(), temperature=as_scalar(temperature, "temperature",
                                                                  positive=True))

    @traitlets.validate("scores")
    def _valid_scores(self, proposal):
        s = as_float_array(proposal["value"], "scores", ndim=1)
        if s.size != len(self.class_names):
            raise traitlets.TraitError(f"scores must hold {len(self.class_names)} values, one per "
                                       f"class {list(self.class_names)}; got {s.size}")
        if np.any((s < SCORE_MIN) | (s > SCORE_MAX)):
            raise traitlets.TraitError(f"scores must lie in [{SCORE_MIN:g}, {SCORE_MAX:g}] (the "
                                       f"sliders' range); got {s.tolist()}")
        return s.tolist()

    def _control_spec(self, spec: dict) -> dict:
        if spec["name"] == "scores":
            return {**spec, "labels": [f"score {name}" for name in self.class_names]}
        return spec

    def compute(self) -> TemperatureResult:
        return compute_temperature(self.scores, self.temperature)

    def readout(self) -> dict:
        r = self.result
        values = {f"p_{name}": float(p) for name, p in zip(self.class_names, r.probs)}
        values["max_prob"] = r.max_prob
        values["entropy"] = r.entropy
        values["tv_to_one_hot"] = r.tv_to_one_hot
        return values


# ---------------------------------------------------------------------------------------------
# Logistic regression by hand
# ---------------------------------------------------------------------------------------------
@dataclass
class LogisticView:
    P: np.ndarray          # probability map sigma(w.x + b) on the grid, (R, R)
    boundary_x: np.ndarray  # two points of the decision boundary w.x + b = 0 (NaN if w = 0)
    boundary_y: np.ndarray
    loss: float            # mean binary cross-entropy
    accuracy: float
    dw: np.ndarray         # gradient of the loss, (2,)
    db: float


LIM = (-5.0, 5.0)
#: the finest probability map: MAX_RESOLUTION × MAX_RESOLUTION points
MAX_RESOLUTION = 2_000


def compute_logistic(w1: float, w2: float, b: float, X: ArrayLike, y: ArrayLike,
                     resolution: int = 60) -> LogisticView:
    r"""For :math:`w = (w_1, w_2)` and :math:`b`: the probability map on ``LIM`` × ``LIM``, the
    decision boundary :math:`w_1 x_1 + w_2 x_2 + b = 0`, the mean binary cross-entropy of
    ``(X, y)``, its gradient (:func:`lossbook.logistic.loss_and_grad`) and the accuracy."""
    w = np.array([as_scalar(w1, "w1"), as_scalar(w2, "w2")])
    b = as_scalar(b, "b")
    resolution = as_int(resolution, "resolution", minimum=2, maximum=MAX_RESOLUTION)
    _, _, P = probability_grid(w, b, xlim=LIM, ylim=LIM, resolution=resolution)
    loss, dw, db = logistic.loss_and_grad(w, b, X, y)
    if abs(w[1]) >= abs(w[0]) and w[1] != 0:
        bx = np.array(LIM)
        by = -(w[0] * bx + b) / w[1]
    elif w[0] != 0:
        by = np.array(LIM)
        bx = -(w[1] * by + b) / w[0]
    else:
        bx = by = np.array([np.nan, np.nan])
    return LogisticView(P, bx, by, loss, linear.accuracy(y, logistic.predict(X, w, b)), dw, db)


class LogisticExplorer(Explorer):
    """Sliders ``weight w₁``, ``weight w₂``, ``bias b`` (−5 to 5) over
    :func:`lossbook.data.toy2d.make_two_blobs` data (50 points per class, ``seed``); the probability
    map, the decision boundary and the points.  Readout keys: ``loss``, ``accuracy``, ``dw1``,
    ``dw2``, ``db``."""

    module = "ch07_classification_losses_logistic"
    title = "Logistic regression by hand"
    w1 = Real(1.0, min=-5.0, max=5.0).tag(sync=True, control=dict(
        kind="slider", label="weight w₁", step=0.1))
    w2 = Real(0.0, min=-5.0, max=5.0).tag(sync=True, control=dict(
        kind="slider", label="weight w₂", step=0.1))
    b = Real(0.0, min=-5.0, max=5.0).tag(sync=True, control=dict(
        kind="slider", label="bias b", step=0.1))

    def __init__(self, w1: float = 1.0, w2: float = 0.0, b: float = 0.0, seed: int = 0):
        self.seed = as_int(seed, "seed", minimum=0)
        self.X, self.y = toy2d.make_two_blobs(50, distance=3.0, spread=1.0, seed=seed)
        super().__init__(data=dict(X=self.X.tolist(), y=self.y.tolist(), lim=list(LIM)),
                         w1=as_scalar(w1, "w1"), w2=as_scalar(w2, "w2"), b=as_scalar(b, "b"))

    def compute(self) -> LogisticView:
        return compute_logistic(self.w1, self.w2, self.b, self.X, self.y)

    def readout(self) -> dict:
        r = self.result
        return {"loss": float(r.loss), "accuracy": float(r.accuracy), "dw1": float(r.dw[0]),
                "dw2": float(r.dw[1]), "db": float(r.db)}
