r"""The λ explorer (section 8): choose a penalty, move λ, watch a softmax classifier re-fit.

A linear softmax classifier on a 2-D, three-class data set with a held-out split is fitted
*exactly* (to a tolerance) for the chosen penalty and strength,

.. math:: \min_{W, b}\ \frac1N \sum_i -\log \mathrm{softmax}(W x_i + b)_{y_i} + \lambda R(W),

by :func:`lossbook.regpath.fit` (FISTA with adaptive restart; the soft-threshold makes L1 weights
exactly zero).  Each re-fit starts from the previous solution (a *warm start*), so moving the
slider costs a few dozen steps and feels instant.

* :func:`make_data` — the data set (:func:`lossbook.data.toy2d.overlapping_blobs`), split into
  train and test halves;
* :func:`compute` — the pure step: the fit, its losses and accuracies, the decision regions;
* :class:`LambdaExplorer` — the explorer (an :class:`~lossbook.widgets.base.Explorer`): a
  ``"penalty"`` dropdown and a log slider ``"λ (reg strength)"``; its JavaScript face,
  ``ch08_regularization.js``, runs the same FISTA in the page (warm-started from its own previous
  fit) and draws the decision regions with the rows of W as arrows, and the six weights as bars.
  Readout keys: ``penalty``, ``lambda``, ``weight_norm``, ``l1_norm``, ``n_zero``,
  ``data_loss``, ``reg_loss``, ``total_loss``, ``train_acc``, ``test_acc``, ``n_iter``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from .. import regpath, regularization
from .._validation import as_choice, as_float_array, as_int, as_scalar
from ..data import toy2d
from .base import Explorer, Real, to_json

__all__ = ["PENALTIES", "CLASS_NAMES", "ExplorerData", "make_data", "LambdaFit", "compute",
           "LambdaExplorer"]

#: The dropdown's options: (label, value of ``reg``).
PENALTIES = (("L2", "l2"), ("L1", "l1"), ("elastic net", "elastic_net"))
CLASS_NAMES = ("class 0", "class 1", "class 2")
GRID_SIZE = 100
LIMIT = 3.5
TOL = 1e-5
MAX_ITER = 3000
LOG_MIN, LOG_MAX, LOG_STEP = -4.0, 1.0, 0.05   # the λ slider, in log10 units
#: the most points per class :func:`make_data` draws
MAX_PER_CLASS = 100_000


@dataclass(frozen=True)
class ExplorerData:
    """Train and test halves: ``X_train`` (N, 2), ``y_train`` (N,), ``X_test``, ``y_test``."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def make_data(n_per_class: int = 40, *, seed: int = 0, noise: float = 1.0) -> ExplorerData:
    """The explorer's data: :func:`lossbook.data.toy2d.overlapping_blobs` (three overlapping
    blobs, a random half of each class for training, the other half for testing); at most
    :data:`MAX_PER_CLASS` points per class."""
    n_per_class = as_int(n_per_class, "n_per_class", maximum=MAX_PER_CLASS)
    return ExplorerData(*toy2d.overlapping_blobs(n_per_class, seed=seed, noise=noise))


def _grid(limit: float = LIMIT, size: int = GRID_SIZE) -> np.ndarray:
    g = np.linspace(-limit, limit, size)
    gx, gy = np.meshgrid(g, g)
    return np.column_stack([gx.ravel(), gy.ravel()])


_GRID = _grid()


@dataclass
class LambdaFit:
    """What the explorer shows for one (penalty, λ): the fitted ``W`` (3, 2) and ``b`` (3,); the
    data, regularization and total loss on the training set; ``weight_norm`` = √ΣW²,
    ``l1_norm`` = Σ|W|, ``n_zero`` = number of weights exactly 0; train and test accuracy;
    ``n_iter`` steps of the fit; ``regions`` (GRID_SIZE, GRID_SIZE), the predicted class on a
    grid over [−LIMIT, LIMIT]² (row 0 at the bottom)."""
    penalty: str
    reg_strength: float
    W: np.ndarray
    b: np.ndarray
    data_loss: float
    reg_loss: float
    total_loss: float
    weight_norm: float
    l1_norm: float
    n_zero: int
    train_accuracy: float
    test_accuracy: float
    n_iter: int
    regions: np.ndarray


def compute(penalty: str = "l2", reg_strength: float = 0.01, data: ExplorerData | None = None,
            W: ArrayLike | None = None, b: ArrayLike | None = None,
            beta: float = 1.0) -> LambdaFit:
    """Fit the softmax classifier with penalty ``penalty`` (``"l2"``, ``"l1"``,
    ``"elastic_net"``) and strength ``reg_strength`` on ``data`` (default :func:`make_data`),
    starting from ``W``, ``b`` if given (a warm start), and measure it.

    For L2 a warm start is first *centred* (the mean of the rows of ``W`` is subtracted from each
    row).  Adding one vector to every row of ``W`` adds the same number to every score, which
    the softmax ignores: the data loss is unchanged and ΣW² only goes down, and the L2 minimum
    has rows summing to zero.  Without this, a start from an L1 fit would keep a shared part
    that only the weak pull 2λW removes (thousands of steps for a small λ), and the stopping
    test, blind to so small a slope, would stop with it still there.
    """
    penalty = as_choice(penalty, "penalty", regularization.REGULARIZERS)
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    data = make_data() if data is None else data
    if not isinstance(data, ExplorerData):
        raise TypeError(f"data must be an ExplorerData (what make_data returns); got "
                        f"{type(data).__name__}")
    if W is not None:
        W = as_float_array(W, "W", ndim=2)
    if penalty == "l2" and W is not None:
        W = W - W.mean(axis=0)
    res = regpath.fit(data.X_train, data.y_train, loss="softmax", reg=penalty,
                      reg_strength=reg_strength, beta=beta, W=W, b=b, n_classes=3,
                      max_iter=MAX_ITER, tol=TOL)
    W, b = res.W, res.b
    train_acc = float(np.mean(np.argmax(data.X_train @ W.T + b, axis=1) == data.y_train))
    test_acc = float(np.mean(np.argmax(data.X_test @ W.T + b, axis=1) == data.y_test))
    regions = np.argmax(_GRID @ W.T + b, axis=1).reshape(GRID_SIZE, GRID_SIZE)
    return LambdaFit(penalty, reg_strength, W, b, res.data_loss, res.reg_loss, res.objective,
                     float(np.sqrt(np.sum(W * W))), float(np.sum(np.abs(W))),
                     int(np.sum(W == 0)), train_acc, test_acc, res.n_iter, regions)


class LambdaExplorer(Explorer):
    """The live explorer: a ``"penalty"`` dropdown (L2, L1, elastic net) and a log slider
    ``"λ (reg strength)"`` from 10⁻⁴ to 10 (steps of 0.05 in log10 λ).

    Every change re-fits the classifier, warm-started from the previous fit (:attr:`W`,
    :attr:`b`).  ``self.result`` is the last :class:`LambdaFit`.
    """

    module = "ch08_regularization"
    title = "The λ explorer: a softmax classifier re-fitted for each λ"
    penalty = traitlets.Enum([v for _, v in PENALTIES], "l2").tag(sync=True, control=dict(
        kind="select", label="penalty", options=[list(p) for p in PENALTIES]))
    reg_strength = Real(0.01, min=10 ** LOG_MIN, max=10 ** LOG_MAX).tag(
        sync=True, control=dict(kind="log_slider", label="λ (reg strength)", min=LOG_MIN,
                                max=LOG_MAX, step=LOG_STEP))

    #: Absolute tolerances of the page's numbers against a Python explorer that reached the same
    #: control values by another path.  Both faces run the same FISTA (replayed along the same
    #: path they agree to ~1e-13, n_iter included), but each re-fit starts from that face's
    #: previous fit and stops as soon as the gradient mapping is below TOL = 1e-5, so two paths
    #: stop at two points of the small set where that test holds.  Measured over 1,500 random
    #: (penalty, λ) states, each reached along a random path and from the default state
    #: (tests/test_ch08_regularization.py repeats a smaller sample): the norms differ by up
    #: to 2.3e-3 (at λ ≈ 1e-3 the loss is nearly flat in some directions, so a slope of 1e-5 is
    #: an error of 1e-3 in W), the data and reg losses by up to 1.5e-5 (they trade against each
    #: other along the flat directions), the total loss, the minimized objective and second
    #: order in the error, by up to 8e-9.  The tolerances are about twice that.  ``n_iter``
    #: depends on where the fit started, so it cannot agree: it is excluded by a tolerance of
    #: MAX_ITER (the replay check compares it exactly).  ``n_zero`` and the accuracies are not
    #: listed: they must agree exactly (the tests avoid the few λ where a weight sits at its
    #: sparsity threshold or a point on a decision boundary, which 1e-3 in W can move across).
    #: ``lambda`` is the control itself (rtol 1e-9).
    tolerances: ClassVar[dict[str, float]] = {
        "weight_norm": 5e-3, "l1_norm": 5e-3,
        "data_loss": 3e-5, "reg_loss": 3e-5, "total_loss": 2e-8,
        "n_iter": float(MAX_ITER),
    }

    def __init__(self, penalty: str = "l2", reg_strength: float = 0.01,
                 data: ExplorerData | None = None):
        self.fit_data = make_data() if data is None else data
        self.W = self.b = None
        d = self.fit_data
        # the bar chart's fixed scale: the largest weight of the least regularized fit
        top = 1.15 * float(np.max(np.abs(compute("l2", 10 ** LOG_MIN, d).W)))
        super().__init__(
            data=to_json(dict(X_train=d.X_train, y_train=d.y_train, X_test=d.X_test,
                              y_test=d.y_test, class_names=list(CLASS_NAMES), limit=LIMIT,
                              grid_size=GRID_SIZE, weight_limit=top, tol=TOL,
                              max_iter=MAX_ITER, beta=1.0)),
            penalty=penalty, reg_strength=reg_strength)

    def compute(self) -> LambdaFit:
        """Re-fit for the current controls, warm-started from the last fit."""
        r = compute(self.penalty, self.reg_strength, self.fit_data, self.W, self.b)
        self.W, self.b = r.W, r.b
        return r

    def readout(self) -> dict:
        r = self.result
        return {
            "penalty": dict((v, k) for k, v in PENALTIES)[r.penalty],
            "lambda": r.reg_strength,
            "weight_norm": r.weight_norm,
            "l1_norm": r.l1_norm,
            "n_zero": r.n_zero,
            "data_loss": r.data_loss,
            "reg_loss": r.reg_loss,
            "total_loss": r.total_loss,
            "train_acc": r.train_accuracy,
            "test_acc": r.test_accuracy,
            "n_iter": r.n_iter,
        }
