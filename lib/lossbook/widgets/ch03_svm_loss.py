r"""The multiclass SVM explorer (section 3): an editable score table, the margin, the squared hinge.

Every hinge term

.. math:: m_{ij} = \max(0,\; s_{ij} - s_{i y_i} + \Delta), \qquad j \ne y_i

is drawn as a bar, grouped by image; beside them, the per-image losses
:math:`L_i = \sum_{j\ne y_i} m_{ij}` (or :math:`\sum_j m_{ij}^2` for the squared hinge) and the data
loss :math:`L = \frac1N \sum_i L_i` as a line.

* :func:`compute` is the pure step: numbers in, numbers out (tested against
  :func:`lossbook.losses.svm_loss`).
* :func:`explain` writes every term out, ``max(0, 5.1 - 3.2 + 1) = 2.9``, for the notebook.
* :class:`SvmExplorer` is the explorer (an :class:`~lossbook.widgets.base.Explorer`): a number
  box per cell of the table (labelled ``"cat image: car score"``), a ``"margin Δ"`` slider, a
  ``"squared hinge"`` checkbox and a ``"reset to the worked example"`` button; its JavaScript face,
  ``ch03_svm_loss.js``, computes and draws the same terms in the page.  Readout keys: ``loss_<i>``
  (image ``i``), ``term_<i>_<j>`` (image ``i``, class ``j`` ≠ ``y_i``), ``total`` and ``margin``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from .. import losses
from .._validation import as_bool, as_float_array, as_labels, as_names, as_scalar
from .base import Explorer, Real

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


def compute(scores: ArrayLike, y: ArrayLike, margin: float = 1.0, squared: bool = False) -> SvmResult:
    """The hinge terms, per-image losses and mean loss for ``scores`` (N, C) and ``y`` (N,)."""
    scores = as_float_array(scores, "scores", ndim=2)
    n, c = scores.shape
    if c < 2:
        raise ValueError(f"scores must have at least two classes (columns); got shape {scores.shape}")
    y = as_labels(y, "y", n, c)
    margin = as_scalar(margin, "margin", nonnegative=True)
    squared = as_bool(squared, "squared")
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


def _names(names, n: int, name: str, default: str) -> list[str]:
    """Exactly ``n`` names (``default k`` for each if ``names`` is None), or an error naming
    ``name``."""
    if names is None:
        return [f"{default} {k}" for k in range(n)]
    names = as_names(names, 0, name)   # a sequence of names, of any length
    if len(names) != n:
        raise ValueError(f"{name} must hold {n} {default} names, one per {default}; "
                         f"got {len(names)}")
    return names


def explain(result: SvmResult, class_names: Sequence[str] | None = None,
            image_names: Sequence[str] | None = None) -> list[str]:
    """One line per image writing out every term, then the mean, e.g.::

        cat image: max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0 = 2.9
        L = (2.9 + 0 + 12.9) / 3 = 5.27
    """
    if not isinstance(result, SvmResult):
        raise TypeError(f"result must be an SvmResult (what compute returns); got "
                        f"{type(result).__name__}")
    n, c = result.scores.shape
    class_names = _names(class_names, c, "class_names", "class")
    image_names = _names(image_names, n, "image_names", "image")
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


class SvmExplorer(Explorer):
    """The live explorer: edit the scores, move the margin, switch to the squared hinge.

    ``scores`` (N, C) has one row per image; by default the worked example of section 3
    (:func:`lossbook.data.worked_examples.load_cat_car_frog`).
    """

    module = "ch03_svm_loss"
    title = "The multiclass SVM loss, term by term"
    scores = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True, control=dict(
        kind="matrix", label="scores", row_labels=[], col_labels=[], step=0.1,
        cell_label="{row}: {col} score"))
    margin = Real(1.0, min=0.0, max=5.0).tag(sync=True, control=dict(
        kind="slider", label="margin Δ", step=0.1))
    squared = traitlets.Bool(False).tag(sync=True, control=dict(
        kind="checkbox", label="squared hinge"))

    def __init__(self, scores=None, y=None, class_names=None, image_names=None,
                 margin: float = 1.0, squared: bool = False):
        if scores is None:
            from ..data.worked_examples import CAT_CAR_FROG_PATH, load_score_table
            table = load_score_table(CAT_CAR_FROG_PATH)
            scores, y = table.scores, table.y
            class_names = table.class_names if class_names is None else class_names
            image_names = table.image_names if image_names is None else image_names
        first = compute(scores, y, margin, squared)  # validates everything
        n, c = first.scores.shape
        class_names = tuple(class_names) if class_names is not None else tuple(
            f"class {k}" for k in range(c))
        image_names = tuple(image_names) if image_names is not None else tuple(
            f"image {i}" for i in range(n))
        if len(class_names) != c or len(image_names) != n:
            raise ValueError(f"need {c} class names and {n} image names; "
                             f"got {len(class_names)} and {len(image_names)}")
        self.y, self.class_names, self.image_names = first.y, class_names, image_names
        self._initial = dict(scores=first.scores.tolist(), margin=first.margin,
                             squared=first.squared)
        super().__init__(data=dict(y=first.y.tolist(), class_names=list(class_names),
                                   image_names=list(image_names), initial=self._initial),
                         **self._initial)

    def _control_spec(self, spec: dict) -> dict:
        if spec["name"] == "scores":
            return {**spec, "row_labels": list(self.image_names),
                    "col_labels": list(self.class_names)}
        return spec

    @traitlets.validate("scores")
    def _valid_scores(self, proposal):
        shape = (len(self.image_names), len(self.class_names))
        scores = as_float_array(proposal["value"], "scores", ndim=2)
        if scores.shape != shape:
            raise ValueError(f"scores must have shape {shape}: one row for each of the "
                             f"{shape[0]} labels in y, one column per class; got {scores.shape}")
        return scores.tolist()

    def compute(self) -> SvmResult:
        return compute(self.scores, self.y, self.margin, self.squared)

    def reset(self) -> None:
        """Back to the scores, margin and loss the explorer started with (the page's button)."""
        self.set(**self._initial)

    def readout(self) -> dict:
        r = self.result
        values = {}
        for i in range(len(self.image_names)):
            for j in range(len(self.class_names)):
                if j != self.y[i]:
                    values[f"term_{i}_{j}"] = float(r.terms[i, j])
            values[f"loss_{i}"] = float(r.losses[i])
        values["total"] = r.total
        values["margin"] = r.margin
        return values
