r"""SVM versus softmax (section 5): both losses as the correct class's score moves.

One image, class 0 correct, scores :math:`s = (s_0, s_1, \dots)` with the other scores fixed.  As a
function of :math:`s_0`:

.. math:: L^{\mathrm{SVM}}(s_0) = \sum_{j \ne 0} \max(0, s_j - s_0 + \Delta), \qquad
          L^{\mathrm{softmax}}(s_0) = -\log \frac{e^{s_0}}{\sum_j e^{s_j}}

The SVM loss is exactly 0 from :math:`s_0 = \max_{j\ne0} s_j + \Delta` on; the softmax loss only tends
to 0 and is never 0.

* :func:`compute` is the pure step (tested against :func:`lossbook.losses.svm_loss` and
  :func:`lossbook.losses.cross_entropy`).
* :class:`SvmVsSoftmaxExplorer` is the explorer (an :class:`~lossbook.widgets.base.Explorer`):
  an ``"other scores (example)"`` dropdown (the three examples of the notes), a
  ``"correct class score s₀"`` slider and a ``"margin Δ"`` slider; its JavaScript face,
  ``ch05_svm_vs_softmax.js``, computes and draws both curves in the page.  Readout keys:
  ``correct_score``, ``margin``, ``svm_loss``, ``softmax_loss``, ``prob_correct``,
  ``svm_zero_from``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from .. import losses
from .._validation import as_choice, as_float_array, as_scalar
from .base import Explorer, Real

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


def compute(other_scores: ArrayLike, correct_score: float, margin: float = 1.0,
            grid: ArrayLike | None = None) -> CurvesResult:
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


class SvmVsSoftmaxExplorer(Explorer):
    """The live explorer; starts at the notes' second example, [10, 9, 9], with Δ = 1.

    ``example`` is a key of :data:`EXAMPLES` (the other classes' scores); ``correct_score`` is
    :math:`s_0`, in [−5, 20].
    """

    module = "ch05_svm_vs_softmax"
    title = "SVM versus softmax as the correct score moves"
    example = traitlets.Unicode("[10, 9, 9]").tag(sync=True, control=dict(
        kind="select", label="other scores (example)",
        options=[[name, name] for name in EXAMPLES]))
    correct_score = Real(10.0, min=-5.0, max=20.0).tag(sync=True, control=dict(
        kind="slider", label="correct class score s₀", step=0.1))
    margin = Real(1.0, min=0.0, max=5.0).tag(sync=True, control=dict(
        kind="slider", label="margin Δ", step=0.1))

    def __init__(self, example: str = "[10, 9, 9]", correct_score: float = 10.0,
                 margin: float = 1.0):
        example = as_choice(example, "example", EXAMPLES)
        first = compute(EXAMPLES[example], correct_score, margin)  # validates the numbers
        super().__init__(data=dict(examples=[[name, list(others)]
                                             for name, others in EXAMPLES.items()]),
                         example=example, correct_score=float(first.scores[0]),
                         margin=first.margin)

    @traitlets.validate("example")
    def _valid_example(self, proposal):
        if proposal["value"] not in EXAMPLES:
            raise traitlets.TraitError(f"example must be one of {list(EXAMPLES)}; "
                                       f"got {proposal['value']!r}")
        return proposal["value"]

    def compute(self) -> CurvesResult:
        return compute(EXAMPLES[self.example], self.correct_score, self.margin)

    def readout(self) -> dict:
        r = self.result
        return {"correct_score": float(r.scores[0]), "margin": r.margin,
                "svm_loss": r.svm_loss, "softmax_loss": r.softmax_loss,
                "prob_correct": r.prob_correct, "svm_zero_from": r.svm_zero_from}
