r"""Used by chapter 2 (the linear classifier): decision regions, score lines, templates, and how
each challenge of chapter 1 hurts a linear classifier (:func:`knob_accuracy`).

:class:`DecisionPlot` draws a 2-D, 3-class linear classifier :math:`s = W x + b` on an axis once
(regions coloured by the winning class :math:`\arg\max_k s_k`, each class's zero-score line
:math:`w_k^\top x + b_k = 0` with an arrow along :math:`w_k`, the data points) and then
:meth:`DecisionPlot.update` changes those artists in place: the explorer widget calls it on every
move of a control.  :func:`decision_figure` and :func:`templates_figure` return static figures.

:func:`stretch_figure` and :func:`bias_trick_figure` draw the worked example's
:math:`s = W x + b` with its numbers in the cells; :func:`prepare` and :func:`score_parts` show why
the pixels are scaled and centred before training.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from numpy.typing import ArrayLike, NDArray

from .. import linear
from .._validation import (MAX_DPI, as_choice, as_float_array, as_int, as_labels, as_names,
                           as_scalar, as_shape)
from ..data import shapes

__all__ = ["CLASS_COLORS", "REGION_COLORS", "MARKERS", "zero_score_segment", "DecisionPlot",
           "decision_figure", "decision_panels_figure", "templates_as_images", "templates_figure",
           "stretch_figure", "bias_trick_figure", "PREPARATIONS", "prepare", "score_parts",
           "preprocess", "train_linear", "knob_accuracy", "knob_accuracy_figure"]

#: Blue, red, green: the notes' "blue squares, red circles, green dots".
CLASS_COLORS = ("#1f5fd6", "#d62728", "#2ca02c")
REGION_COLORS = ("#c9d8f5", "#f5c9c9", "#cdeccd")
MARKERS = ("s", "o", "^")


def _matrix(x: ArrayLike, name: str, shape: tuple[int | None, ...]) -> np.ndarray:
    """``x`` as a finite float array of ``shape`` (``None``: any length), or an error naming
    ``name``."""
    arr = as_float_array(x, name, ndim=len(shape))
    if any(want is not None and got != want for got, want in zip(arr.shape, shape)):
        want = "(" + ", ".join("N" if w is None else str(w) for w in shape) + ("," if len(shape) == 1 else "") + ")"
        raise ValueError(f"{name} must have shape {want}; got {arr.shape}")
    return arr






def _images(X: ArrayLike, name: str) -> np.ndarray:
    """Images ``(N, ...)`` (N >= 1, at least 2-D) of finite real numbers, as float64."""
    arr = as_float_array(X, name)
    if arr.ndim < 2:
        raise ValueError(f"{name} must hold one image per row, shape (N, ...); got {arr.shape}")
    return arr


def zero_score_segment(w: ArrayLike, b: float,
                       lim: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""The part of the line :math:`w^\top x + b = 0` inside the square ``[-lim, lim]²``.

    Returns ``(xs, ys)`` (two points each) or two empty arrays when the line misses the square or
    ``w = 0``.
    """
    w = _matrix(w, "w", (2,))
    b = as_scalar(b, "b")
    lim = as_scalar(lim, "lim", positive=True)
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
        lim = as_scalar(lim, "lim", positive=True)
        resolution = as_int(resolution, "resolution", minimum=2, maximum=4096)
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

    def set_data(self, X: ArrayLike, y: ArrayLike) -> None:
        """Show another data set (same axis, same artists for the regions and lines):
        ``X`` (N, 2), ``y`` (N,) labels in {0, 1, 2}."""
        X = as_float_array(X, "X", ndim=2, allow_empty=True)
        if X.shape[1:] != (2,):
            raise ValueError(f"X must have shape (N, 2); got {X.shape}")
        y = as_labels(y, "y", X.shape[0], 3, rows="X")
        for k, pts in enumerate(self.points):
            pts.set_offsets(X[y == k] if np.any(y == k) else np.empty((0, 2)))
        for t in self.labels:
            t.remove()
        self.labels = []
        if self.numbers and len(X) <= self.max_numbered:
            self.labels = [self.ax.text(x0 + 0.035 * self.lim, x1 + 0.035 * self.lim, str(i),
                                        fontsize=9, zorder=5) for i, (x0, x1) in enumerate(X)]

    @property
    def artists(self) -> list:
        """The artists drawn over the regions, bottom to top (for blitting)."""
        return [self.regions, *self.lines, self.arrows, *self.points, *self.labels]

    def update(self, W: ArrayLike, b: ArrayLike) -> None:
        """Redraw regions, lines and arrows for ``W`` (3, 2) and ``b`` (3,), in place."""
        W, b = _matrix(W, "W", (3, 2)), _matrix(b, "b", (3,))
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


def decision_figure(W: ArrayLike, b: ArrayLike, X: ArrayLike, y: ArrayLike, *, title: str = "",
                    lim: float = 1.0, figsize: tuple[float, float] = (4.0, 4.0),
                    dpi: int = 80, numbers: bool = False) -> Figure:
    """A static figure of the regions, score lines and points for ``W`` (3, 2), ``b`` (3,)."""
    W, b = _matrix(W, "W", (3, 2)), _matrix(b, "b", (3,))
    dpi = as_int(dpi, "dpi", minimum=1, maximum=MAX_DPI)
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    ax = fig.subplots()
    plot = DecisionPlot(ax, X, y, lim=lim, numbers=numbers)
    plot.update(W, b)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def decision_panels_figure(panels: Sequence[tuple], *, lim: float = 1.1, size: float = 2.8,
                           dpi: int = 80) -> Figure:
    """Several classifiers side by side; ``panels`` is a list of ``(W, b, X, y, title)``.
    Each panel is ``size`` inches: three fit the 8.6-in text column at dpi 80."""
    lim = as_scalar(lim, "lim", positive=True)
    size = as_scalar(size, "size", positive=True)
    dpi = as_int(dpi, "dpi", minimum=1, maximum=MAX_DPI)
    if panels is None or isinstance(panels, (str, bytes)) or not hasattr(panels, "__len__"):
        raise TypeError(f"panels must be a list of (W, b, X, y, title); got {panels!r:.40}")
    if len(panels) == 0:
        raise ValueError("panels is empty; need at least one (W, b, X, y, title)")
    for i, panel in enumerate(panels):
        if not isinstance(panel, (tuple, list)) or len(panel) != 5:
            raise ValueError(f"panels[{i}] must be a tuple (W, b, X, y, title); got "
                             f"{type(panel).__name__} of length "
                             f"{len(panel) if hasattr(panel, '__len__') else '?'}")
    fig = Figure(figsize=(size * len(panels), size + 0.3), dpi=dpi, layout="constrained")
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for i, (ax, (W, b, X, y, title)) in enumerate(zip(axes, panels)):
        try:
            DecisionPlot(ax, X, y, lim=lim, numbers=False).update(W, b)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"panels[{i}]: {exc}") from None
        ax.set_title(title, fontsize=9)
    return fig


def templates_as_images(W: ArrayLike, shape: tuple[int, ...] = (32, 32, 3)) -> np.ndarray:
    """Each row of ``W`` (C, D) reshaped to ``shape`` and scaled to [0, 1] (min to max of the
    row), as CS231n shows the learned templates: ``(C, *shape)``."""
    W = as_float_array(W, "W", ndim=2)
    shape = as_shape(shape, "shape")
    if W.ndim != 2 or W.shape[1] != int(np.prod(shape)):
        raise ValueError(f"W must be (C, {int(np.prod(shape))}) for images of shape {shape}; "
                         f"got {W.shape}")
    lo, hi = W.min(axis=1, keepdims=True), W.max(axis=1, keepdims=True)
    scaled = (W - lo) / np.where(hi > lo, hi - lo, 1.0)
    return scaled.reshape((W.shape[0],) + tuple(shape))


def templates_figure(W: ArrayLike, class_names: Sequence[str],
                     image_shape: tuple[int, ...] = (32, 32, 3), *, title: str = "",
                     dpi: int = 80) -> Figure:
    """Each row of ``W`` (C, D) reshaped to ``image_shape`` and shown as an image — the *visual
    view* of the linear classifier (section 2; chapters 8 and 9 show their templates with it too).
    Colour templates are stretched to [0, 1] each (:func:`templates_as_images`), as CS231n shows
    them; grey templates use a diverging map (red positive, blue negative, white 0, one scale for
    all classes).  Five panels a row, so that ten classes fit the text column in two rows with
    titles that stay legible."""
    W = as_float_array(W, "W", ndim=2)
    image_shape = as_shape(image_shape, "image_shape")
    dpi = as_int(dpi, "dpi", minimum=1, maximum=MAX_DPI)
    if W.shape[1] != int(np.prod(image_shape)):
        raise ValueError(f"W must be (C, {int(np.prod(image_shape))}) for images of shape "
                         f"{image_shape}; got {W.shape}")
    C = W.shape[0]
    class_names = as_names(class_names, C)
    cols = min(C, 5)
    rows = int(np.ceil(C / cols))
    fig = Figure(figsize=(max(1.3 * cols, 4.6), 1.45 * rows + (0.35 if title else 0.1)),
                 dpi=dpi, layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    colour = len(image_shape) == 3
    images = templates_as_images(W, image_shape) if colour else W.reshape((C,) + image_shape)
    top = float(np.max(np.abs(W))) or 1.0
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if k >= C:
            continue
        if colour:
            ax.imshow(images[k])
        else:
            ax.imshow(images[k], cmap="RdBu_r", vmin=-top, vmax=top)
        ax.set_title(class_names[k], fontsize=10)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


# ---------------------------------------------------------------------------------------------
# The score function drawn with the numbers of the worked example (section 1): the image
# stretched into a column x, then s = W x + b, and the bias trick s = [W b] [x; 1].
# Every number is written in its cell; each text carries a gid ("W-k-d", "x-d", "b-k",
# "scores-k", and in the bias-trick figure "Wb-k-d", "x1-d", "scores1-k") so that the numbers
# can be read back from the figure.
# ---------------------------------------------------------------------------------------------
_TINTS = ("#dbe6fa", "#fadcdc", "#dcf2dc")      # light class colours (blue, red, green)
_BIAS_EDGE = "#e07b00"                          # what the bias trick moves is outlined in orange


def _as_example(x: ArrayLike, W: ArrayLike, b: ArrayLike, class_names: Sequence[str]
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    x = as_float_array(x, "x", ndim=1)
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    if x.ndim != 1 or W.ndim != 2 or W.shape[1] != x.size or b.shape != (W.shape[0],):
        raise ValueError(f"x must be (D,), W (C, D) and b (C,); got x {x.shape}, W {W.shape}, "
                         f"b {b.shape}")
    as_names(class_names, 0)
    if len(class_names) != W.shape[0]:
        raise ValueError(f"class_names must name the {W.shape[0]} rows of W; "
                         f"got {len(class_names)} names")
    return x, W, b, [str(n) for n in class_names]


def _tint(k: int) -> str:
    return _TINTS[k % len(_TINTS)]


def _grid(ax, values, x0: float, y_top: float, *, gid: str, fmt: str = "{:g}",
          width: float = 1.1, height: float = 0.8, faces=None, edges=None,
          weights=None, fontsize: float = 11) -> float:
    """Draw ``values`` (rows, cols) as a grid of numbered cells with its top-left corner at
    ``(x0, y_top)``; ``faces[r][c]`` / ``edges[r][c]`` colour a cell.  Returns its right edge."""
    values = np.asarray(values, dtype=float)
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            face = faces[r][c] if faces is not None else "white"
            edge = edges[r][c] if edges is not None else None
            ax.add_patch(Rectangle((x0 + c * width, y_top - (r + 1) * height), width, height,
                                   facecolor=face, edgecolor=edge or "0.35",
                                   linewidth=2.2 if edge else 0.8, zorder=1 if not edge else 2))
            grey = isinstance(face, tuple)
            dark = grey and sum(face[:3]) < 1.5
            text = ax.text(x0 + (c + 0.5) * width, y_top - (r + 0.5) * height,
                           fmt.format(values[r, c]), ha="center", va="center",
                           fontsize=fontsize, color="white" if dark else "black",
                           fontweight=(weights[r][c] if weights is not None else "normal"),
                           zorder=3)
            name = f"{gid}-{r}-{c}" if cols > 1 else f"{gid}-{r}"
            text.set_gid(name)
    return x0 + cols * width


def _greys(v: np.ndarray) -> list:
    """Cell colours for pixel values 0–255: black to white."""
    cmap = colormaps["gray"]
    return [[tuple(cmap(float(val) / 255.0))] for val in np.ravel(v)]


def _label(ax, x: float, y: float, text: str, **kw) -> None:
    kw.setdefault("fontsize", 11)
    ax.text(x, y, text, ha="center", va="center", **kw)


def _scores_block(ax, s: np.ndarray, names: list[str], x0: float, y_top: float, *,
                  gid: str, height: float = 0.8) -> float:
    """The scores column (winner in bold) with the class names to its right."""
    C = len(s)
    best = int(np.argmax(s))
    weights = [["bold" if k == best else "normal"] for k in range(C)]
    right = _grid(ax, s[:, None], x0, y_top, gid=gid, fmt="{:.2f}", width=1.5, height=height,
                  faces=[[_tint(k)] for k in range(C)], weights=weights)
    for k, name in enumerate(names):
        ax.text(right + 0.15, y_top - (k + 0.5) * height, name, ha="left", va="center",
                fontsize=11, fontweight="bold" if k == best else "normal")
    return right


def _finish(ax, fig: Figure, xlim: tuple[float, float], ylim: tuple[float, float],
            width_in: float) -> Figure:
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.set_size_inches(width_in, width_in * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0]))
    return fig


def stretch_figure(x: ArrayLike, W: ArrayLike, b: ArrayLike, class_names: Sequence[str],
                   *, image_shape: tuple[int, int] = (2, 2), dpi: int = 80) -> Figure:
    r"""The score function :math:`s = W x + b` with the numbers in the cells, as CS231n draws it:
    the image (``image_shape`` pixels, values 0–255, one channel) stretched row by row into the
    column ``x`` (D,), the weights ``W`` (C, D) one tinted row per class, ``+ b`` (C,),
    ``=`` the scores (C,), the highest in bold."""
    x, W, b, names = _as_example(x, W, b, class_names)
    h, w = as_shape(image_shape, "image_shape", ndim=(2,))
    if h * w != x.size:
        raise ValueError(f"image_shape {image_shape} must hold the {x.size} values of x")
    C, D = W.shape
    s = W @ x + b
    cell_h = 0.8
    fig = Figure(dpi=dpi, layout="constrained")
    ax = fig.subplots()
    top = max(D, C) * cell_h / 2          # every block is centred on y = 0
    # the image, square pixels, and the arrow to the column
    pix = 1.0
    img_top = h * pix / 2
    _grid(ax, x.reshape(h, w), 0.0, img_top, gid="pixel", width=pix, height=pix,
          faces=[[_greys(v)[0][0] for v in row] for row in x.reshape(h, w)])
    _label(ax, w * pix / 2, img_top + 0.45, "image")
    _label(ax, w * pix / 2, -img_top - 0.45, f"{h} × {w} pixels", fontsize=10)
    a0 = w * pix + 0.25
    ax.annotate("", xy=(a0 + 1.3, 0), xytext=(a0, 0),
                arrowprops=dict(arrowstyle="-|>", lw=1.6, color="0.25"))
    _label(ax, a0 + 0.65, 0.45, "stretch", fontsize=10)
    _label(ax, a0 + 0.65, -0.45, "row by row", fontsize=10)
    # W x + b = s
    xw = a0 + 1.65
    tints = [[_tint(k)] * D for k in range(C)]
    right = _grid(ax, W, xw, C * cell_h / 2, gid="W", faces=tints)
    _label(ax, (xw + right) / 2, top + 0.4, "$W$")
    _label(ax, (xw + right) / 2, -top - 0.4, f"{C} × {D}", fontsize=10)
    xx = right + 0.2
    right = _grid(ax, x[:, None], xx, D * cell_h / 2, gid="x", faces=_greys(x))
    _label(ax, (xx + right) / 2, top + 0.4, "$x$")
    _label(ax, (xx + right) / 2, -top - 0.4, f"{D} × 1", fontsize=10)
    _label(ax, right + 0.35, 0, "+", fontsize=14)
    xb = right + 0.7
    right = _grid(ax, b[:, None], xb, C * cell_h / 2, gid="b",
                  faces=[[_tint(k)] for k in range(C)])
    _label(ax, (xb + right) / 2, top + 0.4, "$b$")
    _label(ax, (xb + right) / 2, -top - 0.4, f"{C} × 1", fontsize=10)
    _label(ax, right + 0.35, 0, "=", fontsize=14)
    xs = right + 0.7
    right = _scores_block(ax, s, names, xs, C * cell_h / 2, gid="scores")
    _label(ax, (xs + right) / 2, top + 0.4, "scores")
    _label(ax, (xs + right) / 2, -top - 0.4, f"{C} × 1", fontsize=10)
    x_end = right + 0.3 + 0.22 * max(len(n) for n in names)
    return _finish(ax, fig, (-0.1, x_end), (-top - 0.8, top + 0.8), 8.4)


def bias_trick_figure(x: ArrayLike, W: ArrayLike, b: ArrayLike, class_names: Sequence[str],
                      *, dpi: int = 80) -> Figure:
    r"""The bias trick with the numbers in the cells: on top :math:`W x + b`, below the same
    scores as one product :math:`[W \; b] \begin{bmatrix} x \\ 1 \end{bmatrix}`, with the
    column ``b`` appended to ``W`` and the 1 appended to ``x`` outlined."""
    x, W, b, names = _as_example(x, W, b, class_names)
    C, D = W.shape
    h = 0.8
    fig = Figure(dpi=dpi, layout="constrained")
    ax = fig.subplots()
    # top row: W x + b = s, centred on y = y1
    s = W @ x + b
    y1 = 0.0
    t1 = max(D, C) * h / 2
    tints = [[_tint(k)] * D for k in range(C)]
    orange = [[_BIAS_EDGE] for _ in range(C)]
    right = _grid(ax, W, 0.0, y1 + C * h / 2, gid="W", faces=tints)
    _label(ax, right / 2, y1 + t1 + 0.4, "$W$")
    xx = right + 0.2
    right = _grid(ax, x[:, None], xx, y1 + D * h / 2, gid="x", faces=_greys(x))
    _label(ax, (xx + right) / 2, y1 + t1 + 0.4, "$x$")
    _label(ax, right + 0.35, y1, "+", fontsize=14)
    xb = right + 0.7
    right = _grid(ax, b[:, None], xb, y1 + C * h / 2, gid="b",
                  faces=[[_tint(k)] for k in range(C)], edges=orange)
    _label(ax, (xb + right) / 2, y1 + t1 + 0.4, "$b$")
    _label(ax, right + 0.35, y1, "=", fontsize=14)
    xs = right + 0.7
    right = _scores_block(ax, s, names, xs, y1 + C * h / 2, gid="scores")
    _label(ax, (xs + right) / 2, y1 + t1 + 0.4, "scores")
    # bottom row: [W b] [x; 1] = s, centred on y = y2
    W1 = np.column_stack([W, b])
    x1 = np.append(x, 1.0)
    s1 = W1 @ x1
    t2 = max(D + 1, C) * h / 2
    y2 = y1 - t1 - 1.3 - t2
    faces = [[_tint(k)] * (D + 1) for k in range(C)]
    edges = [[None] * D + [_BIAS_EDGE] for _ in range(C)]
    right = _grid(ax, W1, 0.0, y2 + C * h / 2, gid="Wb", faces=faces, edges=edges)
    _label(ax, right / 2, y2 + t2 + 0.4, r"$[\,W \;\; b\,]$")
    _label(ax, right / 2, y2 - t2 - 0.4, f"{C} × {D + 1}", fontsize=10)
    xx = right + 0.2
    x_faces = _greys(x) + [["white"]]
    x_edges = [[None]] * D + [[_BIAS_EDGE]]
    right = _grid(ax, x1[:, None], xx, y2 + (D + 1) * h / 2, gid="x1", faces=x_faces,
                  edges=x_edges)
    _label(ax, (xx + right) / 2, y2 + t2 + 0.4, "$x$, 1")
    _label(ax, (xx + right) / 2, y2 - t2 - 0.4, f"{D + 1} × 1", fontsize=10)
    _label(ax, right + 0.35, y2, "=", fontsize=14)
    xs2 = right + 0.7
    right2 = _scores_block(ax, s1, names, xs2, y2 + C * h / 2, gid="scores1")
    _label(ax, (xs2 + right2) / 2, y2 + t2 + 0.4, "scores")
    x_end = max(right, right2) + 0.3 + 0.22 * max(len(n) for n in names)
    return _finish(ax, fig, (-0.1, x_end), (y2 - t2 - 0.8, y1 + t1 + 0.8), 6.4)


# ---------------------------------------------------------------------------------------------
# Preparing the pixels (section "centring and scaling"): the same transform, computed on the
# training set only, applied to the training and the test images.
# ---------------------------------------------------------------------------------------------
#: The three inputs the chapter compares: raw pixels 0–255, scaled to [0, 1], scaled and centred.
PREPARATIONS = ("raw", "scaled", "centred")


def prepare(X_train: ArrayLike, X_test: ArrayLike, *, how: str = "centred"
            ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Flatten images ``(N, ...)`` to rows ``(N, D)`` and prepare both sets the same way:
    ``"raw"`` keeps the values 0–255, ``"scaled"`` divides by 255 (values in [0, 1]),
    ``"centred"`` also subtracts the training set's mean image
    :math:`\mu = \frac{1}{N}\sum_i x_i / 255` from both sets (:func:`preprocess`).  The test
    set never contributes to :math:`\mu`."""
    how = as_choice(how, "how", PREPARATIONS)
    X_train, X_test = _images(X_train, "X_train"), _images(X_test, "X_test")
    if X_train.shape[1:] != X_test.shape[1:]:
        raise ValueError(f"X_train and X_test must hold images of the same shape; got "
                         f"{X_train.shape[1:]} and {X_test.shape[1:]}")
    if how == "centred":
        A_train, mean = preprocess(X_train)
        return A_train, preprocess(X_test, mean)[0]
    div = 1.0 if how == "raw" else 255.0
    flat = [X.reshape(len(X), -1) / div for X in (X_train, X_test)]
    return flat[0], flat[1]


def score_parts(W: ArrayLike, X: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Split the scores :math:`w_k^\top x_i` of the images ``X`` (N, D) into the part every
    image shares and the part that tells them apart:
    :math:`w_k^\top x_i = w_k^\top \bar x + w_k^\top (x_i - \bar x)`.  Returns ``(offset,
    spread)``, both (C,): the shared part :math:`w_k^\top \bar x` and the standard deviation
    over the images of the rest."""
    W = as_float_array(W, "W", ndim=2)
    X = as_float_array(X, "X", ndim=2)
    if W.shape[1] != X.shape[1]:
        raise ValueError(f"W (C, D) and X (N, D) must have the same D; got {W.shape} and {X.shape}")
    mean = X.mean(axis=0)
    return W @ mean, ((X - mean) @ W.T).std(axis=0)


# ---------------------------------------------------------------------------------------------
# How each challenge hurts a linear classifier: test accuracy on the shapes data set as one knob
# is turned up (section 1 meets section 2).  For every knob of :mod:`lossbook.data.shapes` and
# every level, a fresh training set and a fresh test set are drawn with only that knob turned up,
# a softmax linear classifier is trained on the raw pixels, scaled to [0, 1] and centred by the
# training mean image, and its test accuracy is recorded.  Chance is 1/3.
# ---------------------------------------------------------------------------------------------
def preprocess(X: ArrayLike, mean: ArrayLike | None = None
               ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Flatten uint8 images ``(N, 32, 32, 3)`` to ``(N, 3072)`` floats in [0, 1] and subtract
    ``mean`` (default: their own mean image).  Returns ``(X_flat, mean)``."""
    Xf = _images(X, "X").reshape(len(X), -1) / 255.0
    if mean is None:
        mean = Xf.mean(axis=0)
    else:
        mean = _matrix(mean, "mean", (Xf.shape[1],))
    return Xf - mean, mean


def train_linear(X_train: ArrayLike, y_train: ArrayLike, *, loss: str = "softmax",
                 reg_strength: float = 1e-3, learning_rate: float = 0.2, num_iters: int = 100,
                 seed: int = 0) -> tuple[linear.LinearClassifier, NDArray[np.float64]]:
    """Fit a linear classifier on images (full-batch gradient descent, seeded); returns
    ``(classifier, mean_image)``."""
    X_train = _images(X_train, "X_train")
    y_train = as_labels(y_train, "y_train", X_train.shape[0], None, rows="X_train")
    Xf, mean = preprocess(X_train)
    clf = linear.LinearClassifier(loss=loss, reg_strength=reg_strength)
    clf.fit(Xf, y_train, learning_rate=learning_rate, num_iters=num_iters,
            batch_size=len(Xf), seed=seed)
    return clf, mean


def _level(v: float, name: str) -> float:
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"{name} must be knob levels in [0, 1]; got {v}")
    return float(v)


def _sequence(x: object, name: str) -> list:
    if x is None or isinstance(x, (str, bytes)) or not hasattr(x, "__iter__"):
        raise TypeError(f"{name} must be a sequence; got {x!r:.40}")
    return list(x)


def knob_accuracy(levels: Sequence[float] = (0.0, 0.5, 1.0), *, knobs: Sequence[str] = shapes.KNOBS,
                  n_train_per_class: int = 80, n_test_per_class: int = 50, seed: int = 0,
                  base: dict | None = None, **train_kwargs) -> dict:
    """Test accuracy for each knob at each level: ``{knob: array of len(levels)}``.

    ``base`` sets knobs held fixed for the whole study (e.g. ``{"intraclass": 1.0}``: colours
    random, so only the shape tells the class).  The training set uses ``seed``, the test set
    ``seed + 1``; level 0 is the same for every knob and is computed once.
    """
    levels = tuple(_level(v, "levels") for v in as_float_array(levels, "levels", ndim=1))
    knobs = tuple(as_choice(k, "knobs", shapes.KNOBS) for k in _sequence(knobs, "knobs"))
    n_train_per_class = as_int(n_train_per_class, "n_train_per_class", minimum=1)
    n_test_per_class = as_int(n_test_per_class, "n_test_per_class", minimum=1)
    seed = as_int(seed, "seed", minimum=0)
    base = dict(base or {})
    unknown = set(base) - set(shapes.KNOBS)
    if unknown:
        raise ValueError(f"base has unknown knobs {sorted(unknown)}; knobs are {shapes.KNOBS}")
    cache: dict = {}

    def run(kw):
        kw = {**base, **kw}
        key = tuple(sorted(kw.items()))
        if key not in cache:
            Xtr, ytr = shapes.make_shapes(n_train_per_class, seed=seed, **kw)
            Xte, yte = shapes.make_shapes(n_test_per_class, seed=seed + 1, **kw)
            clf, mean = train_linear(Xtr, ytr, **train_kwargs)
            cache[key] = clf.score(preprocess(Xte, mean)[0], yte)
        return cache[key]

    with linear.one_blas_thread():
        return {k: np.array([run({k: v} if v > 0 else {}) for v in levels]) for k in knobs}


def knob_accuracy_figure(levels: Sequence[float], studies: dict,
                         *, figsize: tuple[float, float] | None = None, dpi: int = 80) -> Figure:
    """Accuracy versus knob level: one panel per study (``{panel title: knob_accuracy(...)}``),
    one line per knob, chance (1/3) dashed."""
    levels = as_float_array(levels, "levels", ndim=1)
    if not isinstance(studies, dict) or not studies:
        raise TypeError(f"studies must be a non-empty dict {{title: {{knob: accuracies}}}}; got "
                        f"{studies!r:.40}")
    for title, results in studies.items():
        if not isinstance(results, dict) or not results:
            raise TypeError(f"studies[{title!r}] must be a non-empty dict {{knob: accuracies}}; "
                            f"got {type(results).__name__}")
        for name, acc in results.items():
            _matrix(acc, f"studies[{title!r}][{name!r}]", (levels.size,))
    dpi = as_int(dpi, "dpi", minimum=1, maximum=MAX_DPI)
    n = len(studies)
    fig = Figure(figsize=figsize or (4.2 * n, 3.6), dpi=dpi, layout="constrained")
    axes = fig.subplots(1, n, squeeze=False, sharey=True)[0]
    markers = dict(zip(shapes.KNOBS, "osd^vP"))
    for ax, (title, results) in zip(axes, studies.items()):
        for name, acc in results.items():
            ax.plot(levels, acc, marker=markers.get(name, "o"), label=name)
        ax.axhline(1 / 3, color="0.5", ls="--", lw=1)
        # on the left, where no line comes down to chance
        ax.text(levels[0], 1 / 3 + 0.02, "chance", color="0.4", fontsize=10, ha="left")
        ax.set_xlabel("knob level (0 = off, 1 = hardest)")
        ax.set_ylim(0, 1.05)
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=9, ncol=2, loc="lower left")
    axes[0].set_ylabel("test accuracy")
    return fig
