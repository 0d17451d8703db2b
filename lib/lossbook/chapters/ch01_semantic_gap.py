r"""Used by chapter 1 (the semantic gap): how far the challenges move a photo's numbers, and the
chapter's figures (an image as numbers, the challenges, the shapes data set, nearest neighbours).

A photo is an array ``(H, W, 3)`` of integers 0–255 (:mod:`lossbook.data.photos` transforms it);
:func:`pixel_distance` measures how far the numbers moved:

.. math:: d_1(I_1, I_2) = \sum_p |I_1^p - I_2^p|, \qquad
          d_2(I_1, I_2) = \sqrt{\sum_p (I_1^p - I_2^p)^2}

(the sums run over every pixel and channel: the L1 and L2 distances of the nearest-neighbour
classifier).  Each ``*_figure`` function returns a matplotlib ``Figure``.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .._validation import (MAX_DPI, as_choice, as_float_array, as_int, as_int_array, as_labels,
                           as_scalar)
from ..data import photos, shapes

__all__ = ["METRICS", "flat_image", "pixel_distance", "mean_abs_difference", "distance_rows",
           "distance_table", "channels_figure", "challenges_figure", "shapes_figure",
           "neighbours_figure"]

#: The two distances between images.
METRICS = ("l1", "l2")


def _image(image: ArrayLike, name: str, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """``image`` as an array of finite real numbers (any dtype but bool, kept as it came), not
    empty, with ``ndim`` dimensions if given; or an error naming ``name``."""
    as_float_array(image, name, ndim=ndim)          # type, ragged, ndim, empty, NaN, inf
    return np.asarray(image)


def _labels(y: ArrayLike, name: str, n: int, rows: str) -> np.ndarray:
    return as_labels(y, name, n, None, rows=rows)


def flat_image(image: ArrayLike) -> np.ndarray:
    """An image of the same shape filled with ``image``'s mean colour: no cat, no edges, nothing."""
    image = _image(image, "image", ndim=3)
    mean = np.rint(image.reshape(-1, image.shape[-1]).mean(axis=0))
    return np.broadcast_to(mean.astype(image.dtype), image.shape).copy()


def pixel_distance(a: ArrayLike, b: ArrayLike, *, metric: str = "l1") -> float:
    r"""The L1 distance :math:`\sum_p |a_p - b_p|` or the L2 distance
    :math:`\sqrt{\sum_p (a_p - b_p)^2}` between two images of the same shape (any real dtype; NaN, inf, complex
    and booleans are refused naming ``a`` or ``b``)."""
    a, b = _image(a, "a"), _image(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    metric = as_choice(metric, "metric", METRICS)
    d = a.astype(np.float64) - b.astype(np.float64)
    if metric == "l1":
        return float(np.abs(d).sum())
    return float(np.sqrt((d * d).sum()))


def mean_abs_difference(a: ArrayLike, b: ArrayLike) -> float:
    """The L1 distance divided by the number of values: how far, on the 0–255 scale, an average
    pixel value moved."""
    return pixel_distance(a, b, metric="l1") / np.asarray(a).size


def distance_rows(image: ArrayLike, reference: ArrayLike,
                  *, strengths: Sequence[float] = (0.25, 0.5, 1.0), seed: int = 0) -> list:
    """For every challenge and strength: ``(challenge, strength, mean |Δ|, L1, L1 / L1_ref)``,
    where ``L1_ref`` is the L1 distance from ``image`` to ``reference``."""
    image = photos.check_image(image)
    reference = _image(reference, "reference")
    if reference.shape != image.shape:
        raise ValueError(f"reference must have image's shape {image.shape}; "
                         f"got {reference.shape}")
    strengths = [photos.check_strength(s) for s in as_float_array(strengths, "strengths", ndim=1)]
    seed = as_int(seed, "seed", minimum=0)
    ref = pixel_distance(image, reference, metric="l1")
    rows = []
    for name in photos.CHALLENGES:
        for s in strengths:
            out = photos.apply(image, name, s, seed=seed)
            d1 = pixel_distance(image, out, metric="l1")
            rows.append((name, float(s), mean_abs_difference(image, out), d1, d1 / ref))
    return rows


def distance_table(image: ArrayLike, reference: ArrayLike,
                   *, strengths: Sequence[float] = (0.25, 0.5, 1.0), seed: int = 0) -> str:
    """:func:`distance_rows` as a text table."""
    lines = [f"{'challenge':<13}{'strength':>9}{'mean |Δ|':>10}{'L1':>12}{'L1 / ref':>10}"]
    for name, s, mad, d1, ratio in distance_rows(image, reference, strengths=strengths, seed=seed):
        lines.append(f"{name:<13}{s:>9.2f}{mad:>10.1f}{d1:>12,.0f}{ratio:>10.2f}")
    return "\n".join(lines)




def channels_figure(image: ArrayLike, *, dpi: int = 80) -> Figure:
    """The photo and its red, green and blue channels, each a grid of numbers 0–255."""
    image = _image(image, "image", ndim=3)
    if image.shape[2] != 3:
        raise ValueError(f"image must be an (H, W, 3) colour image; got shape {image.shape}")
    dpi = as_int(dpi, "dpi", minimum=1, maximum=MAX_DPI)
    fig = Figure(figsize=(8.4, 2.3), dpi=dpi, layout="constrained")
    axes = fig.subplots(1, 4)
    axes[0].imshow(image)
    h, w = image.shape[:2]
    axes[0].set_title(f"the photo\n{h} × {w} × 3", fontsize=10)
    for ax, c, name, cmap in zip(axes[1:], range(3), ("red", "green", "blue"),
                                 ("Reds_r", "Greens_r", "Blues_r")):
        im = ax.imshow(image[..., c], cmap=cmap, vmin=0, vmax=255)
        ax.set_title(f"{name} channel\nimage[:, :, {c}]", fontsize=10)
    fig.colorbar(im, ax=axes[1:], shrink=0.8, label="value (0–255)")
    for ax in axes:
        ax.axis("off")
    return fig


def challenges_figure(image: ArrayLike, *, strength: float = 0.5, seed: int = 0,
                      reference: ArrayLike | None = None, dpi: int = 80) -> Figure:
    """The original and every challenge at ``strength``, each titled with its mean |Δ| per value
    and its L1 distance relative to the L1 distance to ``reference`` (a flat image by default)."""
    image = photos.check_image(image)
    reference = flat_image(image) if reference is None else _image(reference, "reference")
    if reference.shape != image.shape:
        raise ValueError(f"reference must have image's shape {image.shape}; "
                         f"got {reference.shape}")
    strength = photos.check_strength(strength)
    seed = as_int(seed, "seed", minimum=0)
    dpi = as_int(dpi, "dpi", minimum=1, maximum=MAX_DPI)
    ref = pixel_distance(image, reference, metric="l1")
    fig = Figure(figsize=(8.4, 5.0), dpi=dpi, layout="constrained")
    axes = fig.subplots(2, 4).ravel()
    axes[0].imshow(image)
    axes[0].set_title('original: "cat"', fontsize=10)
    for ax, name in zip(axes[1:], photos.CHALLENGES):
        out = photos.apply(image, name, strength, seed=seed)
        d = pixel_distance(image, out, metric="l1")
        ax.imshow(out)
        ax.set_title(f'{name}: "cat"\nmean |Δ| {mean_abs_difference(image, out):.1f}\n'
                     f"L1 = {d / ref:.2f} × flat", fontsize=10)
    for ax in axes:
        ax.axis("off")
    return fig


def shapes_figure(*, n_per_row: int = 9, seed: int = 1, level: float = 1.0,
                  dpi: int = 80) -> Figure:
    """Samples of the shapes data set: one row with every knob off, then one row per knob at
    ``level``."""
    n_per_row = as_int(n_per_row, "n_per_row", minimum=1, maximum=40)
    level = as_scalar(level, "level")
    if not 0.0 <= level <= 1.0:
        raise ValueError(f"level must be in [0, 1]; got {level}")
    seed = as_int(seed, "seed", minimum=0)
    dpi = as_int(dpi, "dpi", minimum=1, maximum=MAX_DPI)
    rows = [("no challenge", {})] + [(k, {k: level}) for k in shapes.KNOBS]
    # 0.78 in a panel: nine panels and the row labels fit the 8.6-in text column at dpi 80
    fig = Figure(figsize=(0.78 * n_per_row + 1.4, 0.8 * len(rows)), dpi=dpi,
                 layout="constrained")
    axes = fig.subplots(len(rows), n_per_row, squeeze=False)
    per_class = -(-n_per_row // 3)
    for r, (name, kw) in enumerate(rows):
        X, _ = shapes.make_shapes(per_class, seed=seed, **kw)
        for c in range(n_per_row):
            axes[r, c].imshow(X[c])
            axes[r, c].set_xticks([])
            axes[r, c].set_yticks([])
        axes[r, 0].set_ylabel(name if not kw else f"{name} = {level:g}", rotation=0,
                              ha="right", va="center", fontsize=10)
    return fig


def _neighbours(neighbours: ArrayLike, n_test: int, n_train: int) -> np.ndarray:
    """``neighbours`` as integer indices ``(n_test, k)`` into a training set of ``n_train``
    images, or an error naming it."""
    arr = as_int_array(neighbours, "neighbours", "integer indices")
    if arr.ndim != 2 or arr.shape[0] != n_test or arr.shape[1] == 0:
        raise ValueError(f"neighbours must be ({n_test}, k), one row per test image, k >= 1; "
                         f"got shape {arr.shape}")
    if arr.min() < 0 or arr.max() >= n_train:
        raise ValueError(f"neighbours must index the {n_train} training images (0 to "
                         f"{n_train - 1}); found {arr.min() if arr.min() < 0 else arr.max()}")
    return arr


def neighbours_figure(test_images: ArrayLike, test_labels: ArrayLike, train_images: ArrayLike,
                      train_labels: ArrayLike, neighbours: ArrayLike,
                      *, metric: str = "l1", dpi: int = 80) -> Figure:
    """Each test image (left) and its nearest training images (``neighbours``: ``(n, k)`` indices
    into the training set), titled with their labels; wrong neighbours in red."""
    test_images = _image(test_images, "test_images", ndim=(3, 4))
    train_images = _image(train_images, "train_images", ndim=(3, 4))
    test_labels = _labels(test_labels, "test_labels", len(test_images), "test_images")
    train_labels = _labels(train_labels, "train_labels", len(train_images), "train_images")
    neighbours = _neighbours(neighbours, len(test_images), len(train_images))
    metric = as_choice(metric, "metric", METRICS)
    dpi = as_int(dpi, "dpi", minimum=1, maximum=MAX_DPI)
    n, k = neighbours.shape
    fig = Figure(figsize=(1.1 * (k + 1) + 0.5, 1.3 * n + 0.3), dpi=dpi, layout="constrained")
    axes = fig.subplots(n, k + 1, squeeze=False)
    for i in range(n):
        axes[i, 0].imshow(test_images[i], cmap="gray_r")
        axes[i, 0].set_title(f"test: {test_labels[i]}", fontsize=11, fontweight="bold")
        for j, idx in enumerate(neighbours[i]):
            ax = axes[i, j + 1]
            ax.imshow(train_images[idx], cmap="gray_r")
            ok = train_labels[idx] == test_labels[i]
            ax.set_title(f"{j + 1}: {train_labels[idx]}", fontsize=11,
                         color="black" if ok else "red")
        for ax in axes[i]:
            ax.axis("off")
    fig.suptitle(f"nearest training images by {metric.upper()} distance "
                 "(wrong label in red)", fontsize=11)
    return fig
