"""How each challenge hurts a linear classifier: test accuracy on the shapes data set as one knob
is turned up (section 1 meets section 2).

For every knob of :mod:`lossbook.datasets.shapes` and every level, a fresh training set and a
fresh test set are drawn with only that knob turned up, a softmax linear classifier
(:class:`lossbook.linear.LinearClassifier`) is trained on the raw pixels, scaled to [0, 1] and
centred by the training mean image, and its test accuracy is recorded.  Chance is 1/3.
"""
from __future__ import annotations

import numpy as np

from . import linear
from .datasets import shapes

__all__ = ["preprocess", "train_linear", "knob_accuracy", "accuracy_figure"]


def preprocess(X, mean=None):
    """Flatten uint8 images ``(N, 32, 32, 3)`` to ``(N, 3072)`` floats in [0, 1] and subtract
    ``mean`` (default: their own mean image).  Returns ``(X_flat, mean)``."""
    Xf = np.asarray(X, dtype=np.float64).reshape(len(X), -1) / 255.0
    if mean is None:
        mean = Xf.mean(axis=0)
    return Xf - mean, mean


def train_linear(X_train, y_train, loss: str = "softmax", reg_strength: float = 1e-3,
                 learning_rate: float = 0.2, num_iters: int = 100, seed: int = 0):
    """Fit a linear classifier on images (full-batch gradient descent, seeded); returns
    ``(classifier, mean_image)``."""
    Xf, mean = preprocess(X_train)
    clf = linear.LinearClassifier(loss=loss, reg_strength=reg_strength)
    clf.fit(Xf, y_train, learning_rate=learning_rate, num_iters=num_iters,
            batch_size=len(Xf), seed=seed)
    return clf, mean


def _one_blas_thread():
    """Small matrix products run fastest on one thread (and do not fight other processes)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        import contextlib
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


def knob_accuracy(levels=(0.0, 0.5, 1.0), knobs=shapes.KNOBS,
                  n_train_per_class: int = 80, n_test_per_class: int = 50, seed: int = 0,
                  base: dict | None = None, **train_kwargs) -> dict:
    """Test accuracy for each knob at each level: ``{knob: array of len(levels)}``.

    ``base`` sets knobs held fixed for the whole study (e.g. ``{"intraclass": 1.0}``: colours
    random, so only the shape tells the class).  The training set uses ``seed``, the test set
    ``seed + 1``; level 0 is the same for every knob and is computed once.
    """
    levels = tuple(float(v) for v in levels)
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

    with _one_blas_thread():
        return {k: np.array([run({k: v} if v > 0 else {}) for v in levels]) for k in knobs}


def accuracy_figure(levels, studies: dict, figsize=None, dpi: int = 80):
    """Accuracy versus knob level: one panel per study (``{panel title: knob_accuracy(...)}``),
    one line per knob, chance (1/3) dashed."""
    from matplotlib.figure import Figure

    n = len(studies)
    fig = Figure(figsize=figsize or (4.2 * n, 3.6), dpi=dpi, layout="constrained")
    axes = fig.subplots(1, n, squeeze=False, sharey=True)[0]
    markers = dict(zip(shapes.KNOBS, "osd^vP"))
    for ax, (title, results) in zip(axes, studies.items()):
        for name, acc in results.items():
            ax.plot(levels, acc, marker=markers.get(name, "o"), label=name)
        ax.axhline(1 / 3, color="0.5", ls="--", lw=1)
        ax.text(levels[-1], 1 / 3 + 0.02, "chance", color="0.4", fontsize=8, ha="right")
        ax.set_xlabel("knob level (0 = off, 1 = hardest)")
        ax.set_ylim(0, 1.05)
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=8, ncol=2, loc="lower left")
    axes[0].set_ylabel("test accuracy")
    return fig
