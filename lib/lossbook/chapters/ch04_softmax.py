r"""Used by chapter 4 (the softmax classifier): why the softmax is computed from shifted scores
(numerical stability, with the naive formulas for the demonstration), and the figure of its steps.

The textbook formula :math:`P(k) = e^{s_k} / \sum_j e^{s_j}` overflows as soon as a score exceeds
about 709 (:math:`e^{710}` is ``inf`` in float64), and underflows to 0/0 when every score is below
about −745.  Subtracting the maximum first changes nothing mathematically,

.. math:: \frac{e^{s_k}}{\sum_j e^{s_j}} = \frac{e^{s_k - m}}{\sum_j e^{s_j - m}}, \qquad m = \max_j s_j,

but every exponent is then :math:`\le 0`, so nothing overflows and the largest term is exactly 1.
:func:`lossbook.losses.softmax` does this; :func:`naive_softmax` does not, for the demonstration.

A second, subtler limit: when the correct class wins by far, :math:`L = \log(1 + \sum_{j\ne y}
e^{s_j - s_y})` is tiny, and ``log(1 + tiny)`` rounds to 0 in float64.
:func:`lossbook.losses.cross_entropy` writes it with ``log1p`` and keeps all the digits.

Beyond the loss itself:

* information theory: :func:`entropy` :math:`H(p)`, :func:`cross_entropy_pq` :math:`H(p, q)` and
  :func:`kl_divergence` :math:`D_{KL}(p\,\|\,q)` of two distributions, in nats, so that
  :math:`H(p, q) = H(p) + D_{KL}(p\,\|\,q)` can be checked on the book's example;
* confidence and the size of :math:`W`: :func:`probabilities_at_scales`, the softmax of the scores
  multiplied by each of several factors :math:`c` (what scaling :math:`W` and :math:`b` does).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import losses
from .._validation import as_float_array, as_int, as_labels, as_names, check_same_shape

__all__ = ["naive_softmax", "naive_cross_entropy", "softmax_steps_figure", "entropy",
           "cross_entropy_pq", "kl_divergence", "probabilities_at_scales"]




def naive_softmax(scores: ArrayLike) -> np.ndarray:
    r"""The unshifted formula :math:`e^{s_k} / \sum_j e^{s_j}` along the last axis.

    For teaching only: it returns ``nan`` where the exponentials overflow (inf / inf) or all
    underflow (0 / 0).  Floating-point warnings are silenced; the ``nan`` is the lesson."""
    scores = as_float_array(scores, "scores", ndim=(1, 2))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        e = np.exp(scores)
        return e / e.sum(axis=-1, keepdims=True)


def naive_cross_entropy(scores: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""Per-example :math:`-\log` of :func:`naive_softmax` at the correct class, (N,):
    ``nan`` or ``inf`` where the naive formula breaks down."""
    scores = as_float_array(scores, "scores", ndim=2)
    y = as_labels(y, "y", scores.shape[0], scores.shape[1])
    p = naive_softmax(scores)[np.arange(scores.shape[0]), y]
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.log(p)


# ---- information theory ------------------------------------------------------------------------
def _distribution(p: ArrayLike, name: str) -> np.ndarray:
    p = as_float_array(p, name, ndim=(1, 2))
    if np.any(p < 0) or not np.allclose(p.sum(axis=-1), 1.0, atol=1e-9):
        raise ValueError(f"{name} must be a probability distribution along its last axis "
                         f"(non-negative, summing to 1)")
    return p


def _pair(p: ArrayLike, q: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    p, q = _distribution(p, "p"), _distribution(q, "q")
    check_same_shape(p, q, "p", "q")
    return p, q


def entropy(p: ArrayLike) -> np.ndarray | float:
    r"""Entropy :math:`H(p) = -\sum_k p_k \log p_k` in nats along the last axis
    (:math:`0 \log 0 = 0`): a float for one distribution (C,), (N,) for (N, C)."""
    p = _distribution(p, "p")
    safe = np.where(p > 0, p, 1.0)
    return 0.0 - np.sum(p * np.log(safe), axis=-1)          # 0.0 - 0.0: no "-0.0"


def cross_entropy_pq(p: ArrayLike, q: ArrayLike) -> np.ndarray | float:
    r"""Cross-entropy :math:`H(p, q) = -\sum_k p_k \log q_k` in nats (terms with
    :math:`p_k = 0` count 0; ``inf`` if :math:`q_k = 0` where :math:`p_k > 0`).  With :math:`p`
    one-hot at :math:`y_i` it is the softmax loss :math:`-\log q_{y_i}`."""
    p, q = _pair(p, q)
    with np.errstate(divide="ignore"):
        logs = np.where(p > 0, np.log(np.where(p > 0, q, 1.0)), 0.0)
    return -np.sum(p * logs, axis=-1)


def kl_divergence(p: ArrayLike, q: ArrayLike) -> np.ndarray | float:
    r"""Kullback–Leibler divergence :math:`D_{KL}(p\,\|\,q) = \sum_k p_k \log(p_k / q_k)` in
    nats: zero exactly when :math:`q = p`, positive otherwise."""
    p, q = _pair(p, q)
    with np.errstate(divide="ignore"):
        ratio = np.where(p > 0, np.log(np.where(p > 0, p, 1.0))
                         - np.log(np.where(p > 0, q, 1.0)), 0.0)
    return np.sum(p * ratio, axis=-1)


# ---- confidence and the size of W --------------------------------------------------------------
def probabilities_at_scales(scores: ArrayLike, factors: Sequence[float]) -> np.ndarray:
    r"""The softmax of ``scores`` (N, C) multiplied by each factor :math:`c` of ``factors``
    (F,): (F, N, C).  Multiplying :math:`W` and :math:`b` by :math:`c` multiplies every score
    by :math:`c`."""
    scores = as_float_array(scores, "scores", ndim=2)
    factors = as_float_array(factors, "factors", ndim=1)
    if np.any(factors <= 0):
        raise ValueError("factors must be positive")
    return np.stack([losses.softmax(c * scores) for c in factors])


def softmax_steps_figure(scores: ArrayLike, y: int, class_names: Sequence[str]) -> Figure:
    r"""Scores → exponentials :math:`e^{s_k}` → probabilities → :math:`-\log P(Y = y)`, for one
    image's ``scores`` (C,), as four panels in a 2 × 2 grid (640 px wide at dpi 80, text of
    9 pt or more, so that it reads at the book's column width); the correct class ``y`` in red."""
    scores = as_float_array(scores, "scores", ndim=1)
    y = as_int(y, "y", minimum=0, maximum=scores.size - 1)
    names = as_names(class_names, scores.size)
    exps = np.exp(scores - scores.max()) * np.exp(scores.max())
    probs = losses.softmax(scores)
    loss = float(losses.cross_entropy(scores[None], np.array([y])))
    colors = ["C3" if k == y else "0.6" for k in range(scores.size)]
    fig = Figure(figsize=(8.0, 5.6), dpi=80, layout="constrained")
    axes = fig.subplots(2, 2).ravel()
    steps = [(scores, "1. scores $s_k$\n(unnormalized log-probabilities)", "{:.1f}"),
             (exps, "2. exponentials $e^{s_k}$\n(unnormalized probabilities)", "{:.2f}"),
             (probs, "3. normalize: $P(Y=k) = e^{s_k} / \\sum_j e^{s_j}$", "{:.2f}")]
    for ax, (values, title, fmt) in zip(axes, steps):
        ax.bar(range(scores.size), values, color=colors)
        for k, v in enumerate(values):
            ax.annotate(fmt.format(v), (k, v), ha="center",
                        va="bottom" if v >= 0 else "top", fontsize=9,
                        xytext=(0, 2 if v >= 0 else -2), textcoords="offset points")
        ax.axhline(0.0, color="0.3", lw=0.8)
        ax.set_xticks(range(scores.size), names)
        ax.set_title(title, fontsize=10)
        lo, hi = min(0.0, values.min()), max(0.0, values.max())
        ax.set_ylim(lo - 0.15 * (hi - lo) * (lo < 0), hi + 0.15 * (hi - lo))
    axes[2].set_ylim(0, 1.12)
    p = np.linspace(0.005, 1.0, 300)
    ax = axes[3]
    ax.plot(p, -np.log(p), color="0.4")
    ax.plot([probs[y]], [loss], "o", color="C3", ms=7)
    ax.annotate(f"$-\\log {probs[y]:.2f} = {loss:.2f}$", (probs[y], loss), xytext=(8, 4),
                textcoords="offset points", fontsize=9)
    ax.set_xlabel(f"P(Y = {names[y]}), the correct class")
    ax.set_title("4. loss $L_i = -\\log P(Y = y_i)$", fontsize=10)
    ax.set_ylim(0, 6)
    return fig
