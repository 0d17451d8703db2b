r"""The softmax explorer (section 4): scores → exponentials → probabilities → −log.

For one image with class scores :math:`s` (C,), correct class :math:`y` and temperature :math:`T`:

.. math:: e_k = e^{s_k / T}, \qquad P(Y = k \mid x) = \frac{e_k}{\sum_j e_j}, \qquad
          L = -\log P(Y = y \mid x)

(:math:`T = 1` is the plain softmax of section 4; the temperature is section 7's "soft argmax").

* :func:`compute` is the pure step (tested against :func:`lossbook.losses.softmax` and
  :func:`lossbook.losses.cross_entropy`).
* :func:`explain` writes the four steps of one image out, for the notebook.
* :class:`SoftmaxExplorer` is the explorer (an :class:`~lossbook.widgets.base.Explorer`): one
  slider per class (``"cat score"``, ...), a ``"temperature T"`` slider and a ``"correct class"``
  dropdown; its JavaScript face, ``ch04_softmax.js``, computes and draws the same numbers in the
  page.  Readout keys: ``exp_<k>``, ``sum_exp``, ``prob_<k>``, ``loss``, ``temperature``.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from .. import losses
from .._validation import as_float_array, as_int, as_names, as_scalar
from .base import Explorer, Real

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
    return as_int(y, "y", minimum=0, maximum=n_classes - 1)


def compute(scores: ArrayLike, y: int, temperature: float = 1.0) -> SoftmaxResult:
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


def explain(result: SoftmaxResult, class_names: Sequence[str] | None = None,
            name: str = "") -> str:
    """The four steps of one image on two lines, e.g.::

        cat image: e^(s) = (24.53, 164.02, 0.18), sum 188.74
            -> P = (0.13, 0.87, 0.00) -> loss -log P(cat) = -log 0.130 = 2.040
    """
    if not isinstance(result, SoftmaxResult):
        raise TypeError(f"result must be a SoftmaxResult (what compute returns); got "
                        f"{type(result).__name__}")
    if not isinstance(name, str):
        raise TypeError(f"name must be a string; got {type(name).__name__}")
    c = result.scores.shape[0]
    if class_names is None:
        class_names = [f"class {k}" for k in range(c)]
    class_names = as_names(class_names, 0, "class_names")   # a sequence, of any length
    if len(class_names) != c:
        raise ValueError(f"class_names must hold {c} class names; got {len(class_names)}")
    t = "" if result.temperature == 1.0 else f"/{result.temperature:g}"
    exps = ", ".join(f"{v:.2f}" for v in result.exps)
    probs = ", ".join(f"{v:.2f}" for v in result.probs)
    head = f"{name}: " if name else ""
    return (f"{head}e^(s{t}) = ({exps}), sum {result.sum_exp:.2f}\n"
            f"    -> P = ({probs}) -> loss -log P({class_names[result.y]}) "
            f"= -log {result.probs[result.y]:.3f} = {result.loss:.3f}")


class SoftmaxExplorer(Explorer):
    """The live explorer: move the class scores and the temperature, pick the correct class.

    By default the cat image of the worked example, scores (3.2, 5.1, −1.7), cat correct.  Each
    score's slider runs over [−``score_range``, ``score_range``] in steps of 0.1.
    """

    module = "ch04_softmax"
    title = "The softmax: scores → exponentials → probabilities → −log"
    scores = traitlets.List(traitlets.Float()).tag(sync=True, control=dict(
        kind="slider_array", label="class scores", labels=[], min=-10.0, max=10.0, step=0.1))
    temperature = Real(1.0, min=0.1, max=5.0).tag(sync=True, control=dict(
        kind="slider", label="temperature T", step=0.05))
    y = traitlets.Int(0).tag(sync=True, control=dict(
        kind="select", label="correct class", options=[]))

    def __init__(self, scores=(3.2, 5.1, -1.7), y: int = 0, class_names=("cat", "car", "frog"),
                 temperature: float = 1.0, score_range: float = 10.0):
        first = compute(scores, y, temperature)  # validates everything
        c = first.scores.shape[0]
        class_names = tuple(str(n) for n in class_names)
        if len(class_names) != c:
            raise ValueError(f"need {c} class names; got {len(class_names)}")
        self.class_names = class_names
        self.score_range = as_scalar(score_range, "score_range", positive=True)
        self._check_scores(first.scores.tolist())
        super().__init__(data=dict(class_names=list(class_names)),
                         scores=first.scores.tolist(), y=first.y,
                         temperature=first.temperature)

    def _check_scores(self, value) -> list[float]:
        c = len(self.class_names)
        if len(value) != c:
            raise traitlets.TraitError(f"scores must hold {c} class scores (one per class "
                                       f"{list(self.class_names)}); got {len(value)}")
        bad = [v for v in value if not (math.isfinite(v) and abs(v) <= self.score_range)]
        if bad:
            raise traitlets.TraitError(f"scores must lie in [-{self.score_range:g}, "
                                       f"{self.score_range:g}] (the sliders' range); got {bad}")
        return [float(v) for v in value]

    @traitlets.validate("scores")
    def _valid_scores(self, proposal):
        return self._check_scores(proposal["value"])

    @traitlets.validate("y")
    def _valid_y(self, proposal):
        # a bool is an int to traitlets: as_int refuses it (the correct class is an index)
        return as_int(proposal["value"], "y (the correct class)", minimum=0,
                      maximum=len(self.class_names) - 1)

    def _control_spec(self, spec: dict) -> dict:
        if spec["name"] == "scores":
            return {**spec, "labels": [f"{name} score" for name in self.class_names],
                    "min": -self.score_range, "max": self.score_range}
        if spec["name"] == "y":
            return {**spec, "options": [[name, k] for k, name in enumerate(self.class_names)]}
        return spec

    def compute(self) -> SoftmaxResult:
        return compute(self.scores, self.y, self.temperature)

    def readout(self) -> dict:
        r = self.result
        values = {f"exp_{k}": float(v) for k, v in enumerate(r.exps)}
        values["sum_exp"] = r.sum_exp
        values.update({f"prob_{k}": float(p) for k, p in enumerate(r.probs)})
        values["loss"] = r.loss
        values["temperature"] = r.temperature
        return values
