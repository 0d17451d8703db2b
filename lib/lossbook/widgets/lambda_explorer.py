r"""The λ explorer (section 8): choose a penalty, move λ, watch a softmax classifier re-fit.

A linear softmax classifier on a 2-D, three-class data set with a held-out split is fitted
*exactly* (to a tolerance) for the chosen penalty and strength,

.. math:: \min_{W, b}\ \frac1N \sum_i -\log \mathrm{softmax}(W x_i + b)_{y_i} + \lambda R(W),

by :func:`lossbook.regpath.fit` (proximal gradient: L1 weights become exactly zero).  Each
re-fit starts from the previous solution (a *warm start*), so moving the slider costs a few
dozen steps and feels instant.

* :func:`make_data` — the data set (seeded), split into train and test halves;
* :func:`compute` — the pure step: the fit, its losses and accuracies, the decision regions;
* :class:`LambdaExplorer` — the view: a dropdown ``"penalty"``, a log slider
  ``"λ (reg strength)"``, a figure (decision regions with the rows of W as arrows; the six
  weights as bars) and a :class:`~lossbook.widgets.base.Readout`.
"""
from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap

from .. import regpath, regularization
from .._validation import as_scalar
from .base import BlitFigureView, Displayable, Readout


__all__ = ["PENALTIES", "CLASS_NAMES", "ExplorerData", "make_data", "LambdaFit", "compute",
           "LambdaExplorer"]

#: The dropdown's options: (label, value of ``reg``).
PENALTIES = (("L2", "l2"), ("L1", "l1"), ("elastic net", "elastic_net"))
CLASS_NAMES = ("class 0", "class 1", "class 2")
_COLORS = ("#1f77b4", "#d62728", "#2ca02c")
_LIGHT = ("#c6dbef", "#fcc5c0", "#c7e9c0")
GRID_SIZE = 100
LIMIT = 3.5
TOL = 1e-5
MAX_ITER = 3000


@dataclass(frozen=True)
class ExplorerData:
    """Train and test halves: ``X_train`` (N, 2), ``y_train`` (N,), ``X_test``, ``y_test``."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def make_data(n_per_class: int = 40, seed: int = 0, noise: float = 1.0) -> ExplorerData:
    """Three overlapping Gaussian blobs in 2-D (centres (−1.6, −0.4), (0, 0.9), (1.6, −0.4), each
    coordinate with standard deviation ``noise``), ``n_per_class`` points each; a random half of
    each class is the training set, the other half the test set."""
    if not isinstance(n_per_class, (int, np.integer)) or isinstance(n_per_class, bool) \
            or n_per_class < 2:
        raise ValueError(f"n_per_class must be an integer ≥ 2; got {n_per_class!r}")
    noise = as_scalar(noise, "noise", positive=True)
    rng = np.random.default_rng(seed)
    centres = np.array([[-1.6, -0.4], [0.0, 0.9], [1.6, -0.4]])
    parts = {"X_train": [], "y_train": [], "X_test": [], "y_test": []}
    for k, c in enumerate(centres):
        pts = c + noise * rng.standard_normal((n_per_class, 2))
        half = n_per_class // 2
        parts["X_train"].append(pts[:half])
        parts["X_test"].append(pts[half:])
        parts["y_train"].append(np.full(half, k, dtype=np.intp))
        parts["y_test"].append(np.full(n_per_class - half, k, dtype=np.intp))
    return ExplorerData(**{k: np.concatenate(v) for k, v in parts.items()})


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
            W=None, b=None, beta: float = 1.0) -> LambdaFit:
    """Fit the softmax classifier with penalty ``penalty`` (``"l2"``, ``"l1"``,
    ``"elastic_net"``) and strength ``reg_strength`` on ``data`` (default :func:`make_data`),
    starting from ``W``, ``b`` if given (a warm start), and measure it."""
    if penalty not in regularization.REGULARIZERS:
        raise ValueError(f"penalty must be one of {regularization.REGULARIZERS}; got {penalty!r}")
    reg_strength = as_scalar(reg_strength, "reg_strength", nonnegative=True)
    data = make_data() if data is None else data
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


class LambdaExplorer(Displayable):
    """The live view.  Controls: ``penalty_control`` (Dropdown, description ``"penalty"``) and
    ``lambda_control`` (FloatLogSlider, description ``"λ (reg strength)"``, 10⁻⁴ … 10).  Readout
    keys: ``penalty``, ``lambda``, ``weight_norm``, ``l1_norm``, ``n_zero``, ``data_loss``,
    ``reg_loss``, ``total_loss``, ``train_acc``, ``test_acc``, ``n_iter``.  ``self.result`` is the
    last :class:`LambdaFit`."""

    def __init__(self, penalty: str = "l2", reg_strength: float = 0.01,
                 data: ExplorerData | None = None):
        self.data = make_data() if data is None else data
        self.penalty_control = widgets.Dropdown(
            options=list(PENALTIES), value=penalty, description="penalty",
            style={"description_width": "initial"})
        self.lambda_control = widgets.FloatLogSlider(
            value=reg_strength, base=10, min=-4, max=1, step=0.05,
            description="λ (reg strength)", readout_format=".2e", continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="460px"))
        self.readout = Readout("softmax classifier, re-fitted for this λ")
        self.view = BlitFigureView(1, 2, figsize=(8.4, 3.6), dpi=80)
        self._W = self._b = None
        self._build_figure()
        self.update()
        self.penalty_control.observe(self.update, names="value")
        self.lambda_control.observe(self.update, names="value")
        self.widget = widgets.VBox([
            widgets.HBox([self.penalty_control, self.lambda_control]),
            widgets.HBox([self.view.image, self.readout.widget]),
        ])

    def _build_figure(self):
        ax, axw = self.view.axes
        d = self.data
        self._regions = ax.imshow(np.zeros((GRID_SIZE, GRID_SIZE)), origin="lower",
                                  extent=(-LIMIT, LIMIT, -LIMIT, LIMIT), cmap=ListedColormap(_LIGHT),
                                  vmin=-0.5, vmax=2.5, interpolation="nearest", aspect="equal")
        for k in range(3):
            tr, te = d.X_train[d.y_train == k], d.X_test[d.y_test == k]
            ax.scatter(tr[:, 0], tr[:, 1], s=18, color=_COLORS[k], edgecolor="k", linewidth=0.4,
                       label=f"{CLASS_NAMES[k]} (train)" if k == 0 else None)
            ax.scatter(te[:, 0], te[:, 1], s=18, facecolor="none", edgecolor=_COLORS[k],
                       linewidth=1.0, label="test (hollow)" if k == 0 else None)
        self._arrows = ax.quiver(np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3),
                                 color=list(_COLORS), angles="xy", scale_units="xy", scale=1.0,
                                 width=0.012)
        ax.set(xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), xlabel="$x_1$", ylabel="$x_2$")
        ax.set_title("decision regions; arrows: rows of $W$", fontsize=10)
        ax.legend(loc="lower left", fontsize=7, framealpha=0.8)
        labels = [f"$W_{{{k},{j}}}$" for k in range(3) for j in (1, 2)]
        self._bars = axw.bar(range(6), np.zeros(6), color=[c for c in _COLORS for _ in (1, 2)])
        axw.set_xticks(range(6), labels)
        ref = compute("l2", 1e-4, self.data)
        top = 1.15 * float(np.max(np.abs(ref.W)))
        axw.set_ylim(-top, top)
        axw.axhline(0, color="k", linewidth=0.6)
        self._title = axw.set_title("", fontsize=10)
        # Blitting: the axes, ticks and labels (text is most of the drawing time) are drawn once
        # into a background; an update restores it and draws only the artists listed here.
        self.view.animate(self._regions, *ax.collections, *ax.spines.values(), ax.get_legend(),
                          *self._bars, self._title)

    def update(self, change=None) -> LambdaFit:
        """Re-fit (warm-started from the last fit) and refresh the figure and the readout."""
        r = compute(self.penalty_control.value, self.lambda_control.value, self.data,
                    self._W, self._b)
        self._W, self._b = r.W, r.b
        self.result = r
        self._regions.set_data(r.regions)
        self._arrows.set_UVC(r.W[:, 0], r.W[:, 1])
        for bar, h in zip(self._bars, r.W.ravel()):
            bar.set_height(h)
        self._title.set_text(f"the 6 weights: {r.n_zero} exactly zero")
        self.view.redraw()
        label = dict((v, k) for k, v in PENALTIES)[r.penalty]
        self.readout.show([
            ("penalty", "penalty", label),
            ("lambda", "λ", f"{r.reg_strength:.2e}"),
            ("weight_norm", "‖W‖ = √ΣW²", f"{r.weight_norm:.4f}"),
            ("l1_norm", "Σ|W|", f"{r.l1_norm:.4f}"),
            ("n_zero", "weights exactly 0", f"{r.n_zero}"),
            ("data_loss", "data loss", f"{r.data_loss:.4f}"),
            ("reg_loss", "reg loss λR(W)", f"{r.reg_loss:.4f}"),
            ("total_loss", "total loss", f"{r.total_loss:.4f}"),
            ("train_acc", "train accuracy", f"{r.train_accuracy:.3f}"),
            ("test_acc", "test accuracy", f"{r.test_accuracy:.3f}"),
            ("n_iter", "steps of this re-fit", f"{r.n_iter}"),
        ])
        return r

