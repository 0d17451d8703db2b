"""Figures for section 1 (the image classification problem): an image as numbers, the challenges,
the shapes data set and nearest neighbours.  Each function returns a matplotlib ``Figure``."""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from . import challenges
from .datasets import shapes

__all__ = ["channels_figure", "challenges_figure", "shapes_figure", "neighbours_figure",
           "image_grid_figure"]


def channels_figure(image, dpi: int = 80) -> Figure:
    """The photo and its red, green and blue channels, each a grid of numbers 0–255."""
    image = np.asarray(image)
    fig = Figure(figsize=(10, 2.3), dpi=dpi, layout="constrained")
    axes = fig.subplots(1, 4)
    axes[0].imshow(image)
    axes[0].set_title(f"the photo, {image.shape[0]} × {image.shape[1]} × 3", fontsize=9)
    for ax, c, name, cmap in zip(axes[1:], range(3), ("red", "green", "blue"),
                                 ("Reds_r", "Greens_r", "Blues_r")):
        im = ax.imshow(image[..., c], cmap=cmap, vmin=0, vmax=255)
        ax.set_title(f"{name} channel: image[:, :, {c}]", fontsize=9)
    fig.colorbar(im, ax=axes[1:], shrink=0.8, label="value (0–255)")
    for ax in axes:
        ax.axis("off")
    return fig


def challenges_figure(image, strength: float = 0.5, seed: int = 0, reference=None,
                      dpi: int = 80) -> Figure:
    """The original and every challenge at ``strength``, each titled with its mean |Δ| per value
    and its L1 distance relative to the L1 distance to ``reference`` (a flat image by default)."""
    from .widgets.ch01_semantic_gap import flat_image

    image = np.asarray(image)
    reference = flat_image(image) if reference is None else reference
    ref = challenges.pixel_distance(image, reference, "l1")
    fig = Figure(figsize=(10, 4.6), dpi=dpi, layout="constrained")
    axes = fig.subplots(2, 4).ravel()
    axes[0].imshow(image)
    axes[0].set_title('original: "cat"', fontsize=9)
    for ax, name in zip(axes[1:], challenges.CHALLENGES):
        out = challenges.apply(image, name, strength, seed)
        d = challenges.pixel_distance(image, out, "l1")
        ax.imshow(out)
        ax.set_title(f'{name}: "cat"\nmean |Δ| {challenges.mean_abs_difference(image, out):.1f},'
                     f" L1 = {d / ref:.2f} × flat", fontsize=9)
    for ax in axes:
        ax.axis("off")
    return fig


def shapes_figure(n_per_row: int = 9, seed: int = 1, level: float = 1.0, dpi: int = 80) -> Figure:
    """Samples of the shapes data set: one row with every knob off, then one row per knob at
    ``level``."""
    rows = [("no challenge", {})] + [(k, {k: level}) for k in shapes.KNOBS]
    fig = Figure(figsize=(0.95 * n_per_row + 1.3, 0.95 * len(rows)), dpi=dpi, layout="constrained")
    axes = fig.subplots(len(rows), n_per_row, squeeze=False)
    per_class = -(-n_per_row // 3)
    for r, (name, kw) in enumerate(rows):
        X, _ = shapes.make_shapes(per_class, seed=seed, **kw)
        for c in range(n_per_row):
            axes[r, c].imshow(X[c])
            axes[r, c].set_xticks([])
            axes[r, c].set_yticks([])
        axes[r, 0].set_ylabel(name if not kw else f"{name} = {level:g}", rotation=0,
                              ha="right", va="center", fontsize=9)
    return fig


def image_grid_figure(images, titles=None, ncols: int = 8, cmap=None, size: float = 1.0,
                      dpi: int = 80) -> Figure:
    """Images in a grid, with optional titles."""
    images = np.asarray(images)
    n = len(images)
    nrows = -(-n // ncols)
    fig = Figure(figsize=(size * ncols, (size + 0.25) * nrows), dpi=dpi, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i], cmap=cmap)
            if titles is not None:
                ax.set_title(titles[i], fontsize=8)
    return fig


def neighbours_figure(test_images, test_labels, train_images, train_labels, neighbours,
                      metric: str = "l1", dpi: int = 80) -> Figure:
    """Each test image (left) and its nearest training images (``neighbours``: ``(n, k)`` indices
    into the training set), titled with their labels; wrong neighbours in red."""
    n, k = np.asarray(neighbours).shape
    fig = Figure(figsize=(1.0 * (k + 1) + 0.4, 1.15 * n), dpi=dpi, layout="constrained")
    axes = fig.subplots(n, k + 1, squeeze=False)
    for i in range(n):
        axes[i, 0].imshow(test_images[i], cmap="gray_r")
        axes[i, 0].set_title(f"test: {test_labels[i]}", fontsize=8, fontweight="bold")
        for j, idx in enumerate(neighbours[i]):
            ax = axes[i, j + 1]
            ax.imshow(train_images[idx], cmap="gray_r")
            ok = train_labels[idx] == test_labels[i]
            ax.set_title(f"{j + 1}: {train_labels[idx]}", fontsize=8,
                         color="black" if ok else "red")
        for ax in axes[i]:
            ax.axis("off")
    fig.suptitle(f"nearest training images by {metric.upper()} distance", fontsize=9)
    return fig
