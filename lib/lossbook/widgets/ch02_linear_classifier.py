r"""The linear classifier explorer (section 2): a 2-D, 3-class classifier :math:`s = W x + b` you
move by hand.

In the spirit of the CS231n linear-classification demo, and beyond it:

* a slider for every entry of :math:`W` (3 × 2) and :math:`b` (3,);
* the decision regions (:math:`\arg\max_k s_k`) and each class's zero-score line
  :math:`w_k^\top x + b_k = 0`, with an arrow along :math:`w_k`, redrawn live;
* a table of each point's coordinates, label, scores :math:`s_{i0}, s_{i1}, s_{i2}` and loss
  :math:`L_i` (misclassified points highlighted);
* the data loss :math:`\frac1N\sum_i L_i`, the regularization loss :math:`\lambda \sum W^2` and
  their sum, with the gradient :math:`\partial L / \partial W`, :math:`\partial L / \partial b`;
* a switch between the multiclass SVM (hinge) loss and the softmax (cross-entropy) loss, the
  regularization strength :math:`\lambda`, the step size :math:`\eta`;
* buttons for one gradient step :math:`W \leftarrow W - \eta\,\partial L/\partial W` (and ten), and
  to randomize :math:`W, b`; a choice of data set, separable or not.

* :func:`compute` is the pure step (tested against :func:`lossbook.linear.loss_and_grad` and hand
  loops).  It computes the scores and the gradient's sums in a fixed order (element by element,
  point after point), the order the JavaScript twin uses, so the two faces agree to the last bit
  wherever no transcendental function is involved: a gradient step lands on the same grid point
  of the sliders in the page and in Python.
* :func:`gradient_step` is one step of gradient descent; :func:`snap` puts parameters on the
  sliders' 0.01 grid (clipped to ±5), as :meth:`LinearExplorer.set_params` does.
* :class:`LinearExplorer` is the explorer (an :class:`~lossbook.widgets.base.Explorer`):
  controls ``dataset`` ("Data set"), ``W`` (sliders "W[k,d]  class k · x{d+1}"), ``b`` (sliders
  "b[k]  class k bias"), ``loss`` ("Loss": SVM (hinge) / Softmax (cross-entropy)),
  ``reg_strength`` ("λ reg. strength"), ``learning_rate`` ("η step size"); buttons "One gradient
  step", "10 steps" and "Randomize W, b".  Its JavaScript face, ``ch02_linear_classifier.js``,
  computes, steps and draws in the page (the five data sets travel in :attr:`data`).  Readout
  keys: ``loss``, ``data_loss``, ``reg_loss``, ``total_loss``, ``accuracy``, ``dW_<k>_<d>``,
  ``db_<k>``, ``next_total_loss`` (the total loss after one gradient step of size η, what the
  "One gradient step" button would give), and per point ``x1_<i>``, ``x2_<i>``, ``y_<i>``,
  ``s_<i>_<k>``, ``L_<i>``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import traitlets
from numpy.typing import ArrayLike, NDArray

from .. import linear, losses, regularization
from .._validation import as_choice, as_float_array, as_int, as_labels, as_scalar
from ..chapters.ch02_linear_classifier import CLASS_COLORS
from ..data import toy2d
from .base import Explorer, Real, to_json

__all__ = ["LinearState", "compute", "gradient_step", "gradient_steps", "snap", "DEMO_W", "DEMO_B",
           "DATASET_OPTIONS", "PARAM_RANGE", "PARAM_STEP", "LOSS_OPTIONS", "LinearExplorer"]

#: The starting parameters (those of the CS231n demo).
DEMO_W = np.array([[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]])
DEMO_B = np.array([0.0, 0.5, -0.5])
DATASET_OPTIONS = (("9 points (separable)", "demo"), ("3 blobs of 10 (separable)", "blobs"),
                   ("rings (not separable)", "rings"),
                   ("XOR-like quadrants (not separable)", "quadrants"),
                   ("one class split in two (not separable)", "split"))
LOSS_OPTIONS = (("SVM (hinge)", "svm"), ("Softmax (cross-entropy)", "softmax"))
#: the sliders of W and b run over [−PARAM_RANGE, PARAM_RANGE] in steps of PARAM_STEP
PARAM_RANGE = 5.0
PARAM_STEP = 0.01
#: "Randomize W, b" draws every entry uniformly in [−RANDOM_RANGE, RANDOM_RANGE]
RANDOM_RANGE = 3.0
N_CLASSES, N_FEATURES = 3, 2
#: the most steps :func:`gradient_steps` takes in one call (the page's buttons take 1 and 10)
MAX_STEPS = 10_000


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


def _scores(X, W, b) -> np.ndarray:
    """``X @ W.T + b`` summed element by element in the order d = 0, 1, ... (no BLAS, no fused
    multiply-add): the order the JavaScript face uses, so both get the same bits."""
    s = X[:, 0, None] * W[None, :, 0]
    for d in range(1, X.shape[1]):
        s = s + X[:, d, None] * W[None, :, d]
    return s + b


def compute(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike, loss: str = "svm",
            reg_strength: float = 0.1, margin: float = 1.0) -> LinearState:
    r"""Scores, losses and gradient of :math:`L = \frac1N\sum_i L_i + \lambda\sum W^2`.

    :math:`L_i` is the multiclass SVM loss :math:`\sum_{j\ne y_i}\max(0, s_j - s_{y_i} + \Delta)`
    (``loss="svm"``) or the softmax cross-entropy :math:`-\log \mathrm{softmax}(s_i)_{y_i}`
    (``loss="softmax"``); ``b`` is not regularized.  The same numbers as
    :func:`lossbook.linear.loss_and_grad` (its chain rule :math:`\partial L/\partial W = G^\top X
    + 2\lambda W`, :math:`\partial L/\partial b = \sum_i G_i` with :math:`G = \partial L/\partial s`
    from :mod:`lossbook.losses`), with the sums taken point after point.
    """
    loss = as_choice(loss, "loss", linear.LOSSES)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    margin = as_scalar(margin, "margin", nonnegative=True)
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    X = as_float_array(X, "X", ndim=2)
    if b.shape[0] != W.shape[0]:
        raise ValueError(f"b must have shape ({W.shape[0]},) to match W's {W.shape[0]} classes; "
                         f"got {b.shape}")
    if X.shape[1] != W.shape[1]:
        raise ValueError(f"X has {X.shape[1]} features per row but W expects {W.shape[1]} "
                         f"(W is (C, D) = {W.shape}); X must be (N, {W.shape[1]})")
    y = as_labels(y, "y", X.shape[0], W.shape[0])
    s = _scores(X, W, b)
    if loss == "svm":
        per = losses.svm_loss(s, y, margin=margin, reduction="none")
        _, G = losses.svm_loss_and_grad(s, y, margin=margin)
    else:
        per = losses.cross_entropy(s, y, reduction="none")
        _, G = losses.cross_entropy_and_grad(s, y)
    # Σ_i G_i x_iᵀ and Σ_i G_i, point after point (numpy sums a leading axis in order)
    dW = (np.sum(G[:, :, None] * X[:, None, :], axis=0)
          + regularization.reg_loss_grad(W, reg_strength, reg="l2"))     # 2λW, 0 at λ = 0
    db = G.sum(axis=0)
    data_loss = float(per.mean())
    reg_loss = regularization.reg_loss(W, reg_strength, reg="l2")     # λ ΣW², 0 at λ = 0
    pred = np.argmax(s, axis=1)
    return LinearState(s, per, data_loss, reg_loss, data_loss + reg_loss, dW, db,
                       pred, float(np.mean(pred == y)))


def gradient_step(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike, loss: str = "svm",
                  reg_strength: float = 0.1, learning_rate: float = 0.1, margin: float = 1.0
                  ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""One step of gradient descent: :math:`W - \eta\,\partial L/\partial W`,
    :math:`b - \eta\,\partial L/\partial b`; returns the new ``(W, b)`` (not snapped)."""
    learning_rate = as_scalar(learning_rate, "learning_rate", positive=True)
    st = compute(W, b, X, y, loss, reg_strength, margin)
    with np.errstate(over="ignore", invalid="ignore"):
        W1 = np.asarray(W, float) - learning_rate * st.dW
        b1 = np.asarray(b, float) - learning_rate * st.db
    if not (np.all(np.isfinite(W1)) and np.all(np.isfinite(b1))):
        raise ValueError(f"learning_rate {learning_rate:g} makes the step overflow float64 "
                         f"(the gradient's largest entry is {np.max(np.abs(st.dW)):g}); "
                         "take a smaller learning_rate")
    return W1, b1


def gradient_steps(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike, loss: str = "svm",
                   reg_strength: float = 0.1, learning_rate: float = 0.1, n: int = 1,
                   margin: float = 1.0) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``n`` steps of :func:`gradient_step`, then one :func:`snap` onto the sliders' grid: what
    the explorer's "One gradient step" and "10 steps" buttons do; returns ``(W, b)``.  At most
    :data:`MAX_STEPS` steps."""
    n = as_int(as_int(n, "n", minimum=1), "n", maximum=MAX_STEPS)
    W, b = as_float_array(W, "W", ndim=2), as_float_array(b, "b", ndim=1)
    for _ in range(n):
        W, b = gradient_step(W, b, X, y, loss, reg_strength, learning_rate, margin)
    return snap(W), snap(b)


def snap(values: ArrayLike) -> np.ndarray:
    """Parameters on the sliders' grid: clipped to ±5, then ``np.round(..., 2)`` (which rounds
    ``100 x`` half to even and divides by 100; the JavaScript face does exactly the same), plus
    0.0 so that a slider never shows "-0.00"."""
    values = as_float_array(values, "values")
    return np.round(np.clip(values, -PARAM_RANGE, PARAM_RANGE), 2) + 0.0


def _fmt(v: float) -> str:
    return f"{v:.3f}"


W_LABELS = [[f"W[{k},{d}]  class {k} · x{d + 1}" for d in range(N_FEATURES)]
            for k in range(N_CLASSES)]
B_LABELS = [f"b[{k}]  class {k} bias" for k in range(N_CLASSES)]


class LinearExplorer(Explorer):
    """The live explorer: move W and b, switch the loss, step down the gradient.

    ``dataset`` names one of :data:`lossbook.data.toy2d.DATASETS`; ``W`` (3, 2) and ``b`` (3,)
    start at the CS231n demo's (:data:`DEMO_W`, :data:`DEMO_B`); ``seed`` seeds
    :meth:`randomize`; ``lim`` is the half-width of the square drawn.
    """

    module = "ch02_linear_classifier"
    title = "A linear classifier in 2-D: regions, scores, loss and gradient"
    control_order = ("dataset", "W", "b", "loss", "reg_strength", "learning_rate")

    dataset = traitlets.Enum([v for _, v in DATASET_OPTIONS], "demo").tag(sync=True, control=dict(
        kind="select", label="Data set", options=[list(o) for o in DATASET_OPTIONS]))
    W = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True, control=dict(
        kind="slider_array", label="W", labels=W_LABELS, min=-PARAM_RANGE, max=PARAM_RANGE,
        step=PARAM_STEP))
    b = traitlets.List(traitlets.Float()).tag(sync=True, control=dict(
        kind="slider_array", label="b", labels=B_LABELS, min=-PARAM_RANGE, max=PARAM_RANGE,
        step=PARAM_STEP))
    loss = traitlets.Enum([v for _, v in LOSS_OPTIONS], "svm").tag(sync=True, control=dict(
        kind="toggle", label="Loss", options=[list(o) for o in LOSS_OPTIONS]))
    reg_strength = Real(0.1, min=0.0, max=1.0).tag(sync=True, control=dict(
        kind="slider", label="λ reg. strength", step=0.01))
    learning_rate = Real(0.1, min=0.01, max=1.0).tag(sync=True, control=dict(
        kind="slider", label="η step size", step=0.01))

    def __init__(self, dataset: str = "demo", W=None, b=None, loss: str = "svm",
                 reg_strength: float = 0.1, learning_rate: float = 0.1, seed: int = 0,
                 lim: float = 1.1):
        seed = as_int(seed, "seed", minimum=0)
        lim = as_scalar(lim, "lim", positive=True)
        self.seed, self.lim = int(seed), lim
        self._rng = np.random.default_rng(self.seed)
        self._datasets = {name: toy2d.make_toy(name) for _, name in DATASET_OPTIONS}
        W = DEMO_W if W is None else W
        b = DEMO_B if b is None else b
        data = dict(
            datasets={name: {"X": X, "y": y} for name, (X, y) in self._datasets.items()},
            lim=lim, seed=self.seed, random_range=RANDOM_RANGE,
            class_colors=list(CLASS_COLORS))
        super().__init__(data=to_json(data), dataset=dataset, W=np.asarray(W, float).tolist(),
                         b=np.asarray(b, float).tolist(), loss=loss,
                         reg_strength=reg_strength, learning_rate=learning_rate)

    # ---- validation: a wrong shape or value names its control -----------------------------------
    @traitlets.validate("W")
    def _check_W(self, proposal):
        return self._check_params(proposal["value"], "W", (N_CLASSES, N_FEATURES))

    @traitlets.validate("b")
    def _check_b(self, proposal):
        return self._check_params(proposal["value"], "b", (N_CLASSES,))

    @staticmethod
    def _check_params(value, name, shape):
        arr = as_float_array(value, name)
        if arr.shape != shape:
            raise traitlets.TraitError(f"{name} must have shape {shape}; got {arr.shape}")
        if not np.all(np.isfinite(arr)) or np.any(np.abs(arr) > PARAM_RANGE):
            raise traitlets.TraitError(f"{name} must hold finite numbers in [-{PARAM_RANGE:g}, "
                                       f"{PARAM_RANGE:g}] (its sliders' range); got {arr.tolist()}")
        return arr.tolist()

    # ---- the data set ----------------------------------------------------------------------------
    @property
    def X(self) -> np.ndarray:
        """The points of the current data set, (N, 2)."""
        return self._datasets[self.dataset][0]

    @property
    def y(self) -> np.ndarray:
        """Their labels, (N,)."""
        return self._datasets[self.dataset][1]

    @property
    def state(self) -> LinearState:
        """The last computation (the same as :attr:`result`)."""
        return self.result

    # ---- compute and readout --------------------------------------------------------------------
    def compute(self) -> LinearState:
        return compute(self.W, self.b, self.X, self.y, self.loss, self.reg_strength)

    def readout(self) -> dict:
        st = self.result
        values = {"loss": "SVM" if self.loss == "svm" else "softmax",
                  "data_loss": st.data_loss, "reg_loss": st.reg_loss,
                  "total_loss": st.total_loss, "accuracy": st.accuracy}
        for k in range(N_CLASSES):
            for d in range(N_FEATURES):
                values[f"dW_{k}_{d}"] = float(st.dW[k, d])
            values[f"db_{k}"] = float(st.db[k])
        # what "One gradient step" would give: the total loss after one step of size η, snapped
        W1, b1 = gradient_step(self.W, self.b, self.X, self.y, self.loss, self.reg_strength,
                               self.learning_rate)
        values["next_total_loss"] = compute(snap(W1), snap(b1), self.X, self.y, self.loss,
                                            self.reg_strength).total_loss
        for i, ((x1, x2), yi) in enumerate(zip(self.X, self.y)):
            values[f"x1_{i}"], values[f"x2_{i}"], values[f"y_{i}"] = float(x1), float(x2), int(yi)
            for k in range(N_CLASSES):
                values[f"s_{i}_{k}"] = float(st.scores[i, k])
            values[f"L_{i}"] = float(st.losses[i])
        return values

    def printed(self) -> dict[str, str]:
        """The readout as the page prints it (three decimals; coordinates and scores two)."""
        out = {}
        for key, v in self.readout().items():
            if isinstance(v, str) or key.startswith("y_"):
                out[key] = str(v)
            elif key.startswith(("x1_", "x2_", "s_")):
                out[key] = f"{v:.2f}"
            else:
                out[key] = _fmt(v)
        return out

    # ---- moving the parameters (the page's buttons do the same in JavaScript) -----------------
    def set_params(self, W: ArrayLike, b: ArrayLike) -> LinearExplorer:
        """Move the sliders to ``W`` (3, 2) and ``b`` (3,) with one recompute.

        Values are clipped to ±5 and rounded to the sliders' step, 0.01 (:func:`snap`): a slider
        can only hold a value on its grid, so rounding here keeps what the reader sees, the
        kernel's W and the loss shown the same."""
        return self.set(W=snap(W).tolist(), b=snap(b).tolist())

    def step(self, n: int = 1) -> LinearExplorer:
        """``n`` gradient steps of size η on the current loss, then one snap to the grid
        (:func:`gradient_steps`)."""
        W, b = gradient_steps(self.W, self.b, self.X, self.y, self.loss, self.reg_strength,
                              self.learning_rate, n)
        return self.set(W=W.tolist(), b=b.tolist())

    def randomize(self) -> LinearExplorer:
        """Draw every entry of W and b uniformly in [−3, 3] (from the explorer's seeded numpy
        stream; the page's button draws from its own seeded stream, not the same numbers)."""
        return self.set_params(self._rng.uniform(-RANDOM_RANGE, RANDOM_RANGE, (3, 2)),
                               self._rng.uniform(-RANDOM_RANGE, RANDOM_RANGE, 3))
