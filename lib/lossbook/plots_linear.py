r"""Figures for the linear classifier (section 2): decision regions, score lines, templates.

:class:`DecisionPlot` draws a 2-D, 3-class linear classifier :math:`s = W x + b` on an axis once
(regions coloured by the winning class :math:`\arg\max_k s_k`, each class's zero-score line
:math:`w_k^\top x + b_k = 0` with an arrow along :math:`w_k`, the data points) and then
:meth:`DecisionPlot.update` changes those artists in place: the explorer widget calls it on every
move of a control.  :func:`decision_figure` and :func:`template_figure` return static figures.
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

__all__ = ["CLASS_COLORS", "REGION_COLORS", "MARKERS", "zero_score_segment", "DecisionPlot",
           "decision_figure", "decision_panels", "templates_as_images", "template_figure"]

#: Blue, red, green: the notes' "blue squares, red circles, green dots".
CLASS_COLORS = ("#1f5fd6", "#d62728", "#2ca02c")
REGION_COLORS = ("#c9d8f5", "#f5c9c9", "#cdeccd")
MARKERS = ("s", "o", "^")


def zero_score_segment(w, b, lim):
    r"""The part of the line :math:`w^\top x + b = 0` inside the square ``[-lim, lim]²``.

    Returns ``(xs, ys)`` (two points each) or two empty arrays when the line misses the square or
    ``w = 0``.
    """
    w = np.asarray(w, dtype=float)
    pts = []
    if abs(w[1]) > 1e-12:
        for x in (-lim, lim):
            yv = -(b + w[0] * x) / w[1]
            if -lim - 1e-9 <= yv <= lim + 1e-9:
                pts.append((x, yv))
    if abs(w[0]) > 1e-12:
        for yv in (-lim, lim):
            x = -(b + w[1] * yv) / w[0]
            if -lim - 1e-9 <= x <= lim + 1e-9:
                pts.append((x, yv))
    if len(pts) < 2:
        return np.array([]), np.array([])
    pts = np.array(pts)
    # the two points farthest apart (corners can repeat)
    d = ((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    return pts[[i, j], 0], pts[[i, j], 1]


class DecisionPlot:
    """Regions, zero-score lines, arrows and points of a 2-D linear classifier on ``ax``.

    ``lim`` is the half-width of the square shown; ``resolution`` the number of grid cells per
    side used for the regions.
    """

    def __init__(self, ax, X, y, lim: float = 1.0, resolution: int = 120, numbers: bool = True):
        self.ax, self.lim = ax, float(lim)
        g = np.linspace(-lim, lim, resolution)
        gx, gy = np.meshgrid(g, g)
        self.grid = np.c_[gx.ravel(), gy.ravel()]
        self.resolution = resolution
        self.regions = ax.imshow(np.zeros((resolution, resolution)), origin="lower",
                                 extent=(-lim, lim, -lim, lim), cmap=ListedColormap(REGION_COLORS),
                                 vmin=-0.5, vmax=2.5, interpolation="nearest", zorder=0)
        self.lines = [ax.plot([], [], color=c, lw=2, zorder=2)[0] for c in CLASS_COLORS]
        self.arrows = ax.quiver(np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3),
                                color=list(CLASS_COLORS), angles="xy", scale_units="xy", scale=1,
                                width=0.012, zorder=3)
        self.points = [ax.scatter([], [], c=c, marker=m, s=46, edgecolors="k", linewidths=0.8,
                                  zorder=4, label=f"class {k}")
                       for k, (c, m) in enumerate(zip(CLASS_COLORS, MARKERS))]
        self.numbers = numbers
        self.max_numbered = 12      # more labels cost too much per frame (and crowd the plot)
        self.labels = []
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        self.set_data(X, y)

    def set_data(self, X, y) -> None:
        """Show another data set (same axis, same artists for the regions and lines)."""
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        for k, pts in enumerate(self.points):
            pts.set_offsets(X[y == k] if np.any(y == k) else np.empty((0, 2)))
        for t in self.labels:
            t.remove()
        self.labels = []
        if self.numbers and len(X) <= self.max_numbered:
            self.labels = [self.ax.text(x0 + 0.035 * self.lim, x1 + 0.035 * self.lim, str(i),
                                        fontsize=7, zorder=5) for i, (x0, x1) in enumerate(X)]

    @property
    def artists(self) -> list:
        """The artists drawn over the regions, bottom to top (for blitting)."""
        return [self.regions, *self.lines, self.arrows, *self.points, *self.labels]

    def update(self, W, b) -> None:
        """Redraw regions, lines and arrows for ``W`` (3, 2) and ``b`` (3,), in place."""
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        s = self.grid @ W.T + b
        self.regions.set_data(np.argmax(s, axis=1).reshape(self.resolution, self.resolution))
        origins = np.zeros((3, 2))
        for k, line in enumerate(self.lines):
            line.set_data(*zero_score_segment(W[k], b[k], self.lim))
            n2 = W[k] @ W[k]
            # the arrow starts on the line, at its point closest to the origin, and shows w_k
            origins[k] = -b[k] * W[k] / n2 if n2 > 1e-12 else (np.nan, np.nan)
        length = np.linalg.norm(W, axis=1, keepdims=True)
        # arrows show the direction of w_k, scaled to a readable length
        direction = np.divide(W, length, out=np.zeros_like(W), where=length > 1e-12)
        arrow = direction * 0.25 * self.lim
        self.arrows.set_offsets(origins)
        self.arrows.set_UVC(arrow[:, 0], arrow[:, 1])


def decision_figure(W, b, X, y, title: str = "", lim: float = 1.0, figsize=(4.0, 4.0),
                    dpi: int = 80, numbers: bool = False) -> Figure:
    """A static figure of the regions, score lines and points for ``W`` (3, 2), ``b`` (3,)."""
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    ax = fig.subplots()
    plot = DecisionPlot(ax, X, y, lim=lim, numbers=numbers)
    plot.update(W, b)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def decision_panels(panels, lim: float = 1.1, size: float = 3.3, dpi: int = 80) -> Figure:
    """Several classifiers side by side; ``panels`` is a list of ``(W, b, X, y, title)``."""
    fig = Figure(figsize=(size * len(panels), size + 0.3), dpi=dpi, layout="constrained")
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, (W, b, X, y, title) in zip(axes, panels):
        DecisionPlot(ax, X, y, lim=lim, numbers=False).update(W, b)
        ax.set_title(title, fontsize=9)
    return fig


def templates_as_images(W, shape=(32, 32, 3)) -> np.ndarray:
    """Each row of ``W`` (C, D) reshaped to ``shape`` and scaled to [0, 1] (min to max of the
    row), as CS231n shows the learned templates: ``(C, *shape)``."""
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[1] != int(np.prod(shape)):
        raise ValueError(f"W must be (C, {int(np.prod(shape))}) for images of shape {shape}; "
                         f"got {W.shape}")
    lo, hi = W.min(axis=1, keepdims=True), W.max(axis=1, keepdims=True)
    scaled = (W - lo) / np.where(hi > lo, hi - lo, 1.0)
    return scaled.reshape((W.shape[0],) + tuple(shape))


def template_figure(W, class_names, shape=(32, 32, 3), figsize=None, dpi: int = 80,
                    cmap: str = "gray") -> Figure:
    """The rows of ``W`` shown as images, one panel per class (``cmap`` for grey templates)."""
    imgs = templates_as_images(W, shape)
    c = imgs.shape[0]
    fig = Figure(figsize=figsize or (max(1.3 * c, 5.4), 2.1 if c <= 5 else 1.7), dpi=dpi,
                 layout="constrained")
    axes = fig.subplots(1, c, squeeze=False)[0]
    for ax, img, name in zip(axes, imgs, class_names):
        ax.imshow(img, cmap=None if img.ndim == 3 else cmap)
        ax.set_title(name, fontsize=9)
        ax.axis("off")
    return fig
