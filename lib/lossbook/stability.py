r"""Why the softmax is computed from shifted scores (section 4, numerical stability).

The textbook formula :math:`P(k) = e^{s_k} / \sum_j e^{s_j}` overflows as soon as a score exceeds
about 709 (:math:`e^{710}` is ``inf`` in float64), and underflows to 0/0 when every score is below
about −745.  Subtracting the maximum first changes nothing mathematically,

.. math:: \frac{e^{s_k}}{\sum_j e^{s_j}} = \frac{e^{s_k - m}}{\sum_j e^{s_j - m}}, \qquad m = \max_j s_j,

but every exponent is then :math:`\le 0`, so nothing overflows and the largest term is exactly 1.
:func:`lossbook.losses.softmax` does this; :func:`naive_softmax` does not, for the demonstration.

A second, subtler limit: when the correct class wins by far, :math:`L = \log(1 + \sum_{j\ne y}
e^{s_j - s_y})` is tiny, and ``log(1 + tiny)`` rounds to 0 in float64.
:func:`lossbook.losses.cross_entropy` writes it with ``log1p`` and keeps all the digits.
"""
from __future__ import annotations

import numpy as np

from ._validation import as_float_array, as_labels

__all__ = ["naive_softmax", "naive_cross_entropy"]


def naive_softmax(scores) -> np.ndarray:
    r"""The unshifted formula :math:`e^{s_k} / \sum_j e^{s_j}` along the last axis.

    For teaching only: it returns ``nan`` where the exponentials overflow (inf / inf) or all
    underflow (0 / 0).  Floating-point warnings are silenced; the ``nan`` is the lesson."""
    scores = as_float_array(scores, "scores", ndim=(1, 2))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        e = np.exp(scores)
        return e / e.sum(axis=-1, keepdims=True)


def naive_cross_entropy(scores, y) -> np.ndarray:
    r"""Per-example :math:`-\log` of :func:`naive_softmax` at the correct class, (N,):
    ``nan`` or ``inf`` where the naive formula breaks down."""
    scores = as_float_array(scores, "scores", ndim=2)
    y = as_labels(y, "y", scores.shape[0], scores.shape[1])
    p = naive_softmax(scores)[np.arange(scores.shape[0]), y]
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.log(p)
