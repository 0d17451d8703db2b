r"""Used by chapter 9 (real images, end to end): its training runs, search, tables and figures.

The pipeline of CS231n's assignment 1, on data that is available offline:

1. :func:`lossbook.data.splits.prepare` — a stratified train / validation / test split, pixels
   scaled to [0, 1] and centred by the *training* mean image;
2. :func:`validation_search` — minibatch SGD (:func:`lossbook.linear.train_sgd`) for every
   learning rate × λ on a grid, each scored on the validation set, with a progress line per run;
3. :func:`confusion_matrix`, :func:`confusion_figure`, :func:`templates_figure` (each row of W as
   an image, from chapter 8, five a row), :func:`loss_curves_figure`;
4. :func:`compare_with_sklearn` — the same split with scikit-learn's ``LinearSVC`` and
   ``LogisticRegression``: accuracy and training time in one table.

Everything is seeded, so a run is reproducible.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import linear
from .._validation import (as_bool, as_float_array, as_int, as_int_array, as_labels, as_names,
                           as_scalar)
from ..data.splits import Split
from .ch08_regularization import templates_figure

__all__ = ["train", "SearchResult", "validation_search", "examples_figure", "challenge_pairs_figure",
           "confusion_matrix", "confusion_figure",
           "templates_figure", "loss_curves_figure", "compare_with_sklearn", "format_table"]




def _check_split(split: object) -> Split:
    if not isinstance(split, Split):
        raise TypeError(f"split must be a lossbook.data.splits.Split (from splits.prepare); got "
                        f"{type(split).__name__} {split!r:.40}")
    return split


def _images(x: ArrayLike, name: str) -> np.ndarray:
    """Images ``(N, H, W)`` or ``(N, H, W, 3)`` of finite real numbers, as they came."""
    as_float_array(x, name, ndim=(3, 4))
    return np.asarray(x)


def train(split: Split, *, loss: str = "svm", reg_strength: float = 1e-3,
          learning_rate: float = 0.1, num_iters: int = 500, batch_size: int = 200, seed: int = 0,
          verbose: bool = False, print_every: int = 100) -> tuple[linear.TrainResult, float]:
    """:func:`lossbook.linear.train_sgd` on ``split``'s training part (L2 penalty, seeded
    :func:`lossbook.linear.init_params`), in :func:`lossbook.linear.one_blas_thread`.  Returns
    ``(result, seconds)``: the :class:`lossbook.linear.TrainResult` and the wall-clock time."""
    split = _check_split(split)
    seed = as_int(seed, "seed", minimum=0)
    W0, b0 = linear.init_params(split.X_train.shape[1], split.n_classes, seed=seed)
    with linear.one_blas_thread():
        t0 = time.perf_counter()
        res = linear.train_sgd(split.X_train, split.y_train, W0, b0, loss=loss, reg="l2",
                               reg_strength=reg_strength, learning_rate=learning_rate,
                               num_iters=num_iters, batch_size=batch_size, seed=seed,
                               verbose=verbose, print_every=print_every)
        sec = time.perf_counter() - t0
    return res, sec


@dataclass
class SearchResult:
    """The outcome of :func:`validation_search`.  ``rows``: one dict per run (``learning_rate``,
    ``reg_strength``, ``train_acc``, ``val_acc``, ``final_loss``); ``best``: the row with the highest
    validation accuracy (the first one on ties); ``model``: its :class:`lossbook.linear.TrainResult`;
    ``histories``: the loss history of every run, keyed by ``(learning_rate, reg_strength)``."""
    loss: str
    rows: list
    best: dict
    model: linear.TrainResult
    histories: dict = field(default_factory=dict)

    def table(self) -> str:
        return format_table(self.rows, columns=["learning_rate", "reg_strength", "final_loss",
                                         "train_acc", "val_acc"])


def validation_search(split: Split, *, loss: str = "svm",
                      learning_rates: Sequence[float] = (1e-2, 1e-1),
                      reg_strengths: Sequence[float] = (1e-4, 1e-3, 1e-2), num_iters: int = 300,
                      batch_size: int = 200, seed: int = 0, verbose: bool = True) -> SearchResult:
    """Train one model per (learning rate, λ) with :func:`lossbook.linear.train_sgd` (L2 penalty,
    the same seed for every run) on the training part and score it on the validation part.
    With ``verbose``, print one progress line per run."""
    split = _check_split(split)
    verbose = as_bool(verbose, "verbose")
    lrs = as_float_array(learning_rates, "learning_rates", ndim=1)
    lams = as_float_array(reg_strengths, "reg_strengths", ndim=1)
    total = lrs.size * lams.size
    rows, models, histories = [], [], {}
    k = 0
    for lr in lrs:
        for lam in lams:
            k += 1
            res, _ = train(split, loss=loss, reg_strength=float(lam), learning_rate=float(lr),
                           num_iters=num_iters, batch_size=batch_size, seed=seed)
            row = {"learning_rate": float(lr), "reg_strength": float(lam),
                   "final_loss": float(np.mean(res.loss_history[-20:])),
                   "train_acc": res.score(split.X_train, split.y_train),
                   "val_acc": res.score(split.X_val, split.y_val)}
            rows.append(row)
            models.append(res)
            histories[(float(lr), float(lam))] = res.loss_history
            if verbose:
                print(f"[{k:>2}/{total}] {loss} η {lr:.0e} λ {lam:.0e}: "
                      f"train {row['train_acc']:.3f}, val {row['val_acc']:.3f}")
    best_i = int(np.argmax([r["val_acc"] for r in rows]))
    return SearchResult(loss, rows, rows[best_i], models[best_i], histories)


def examples_figure(split: Split, *, cmap: str = "gray_r") -> Figure:
    """The first training image of each class, as it was before centring (the training mean
    added back); grey images with ``cmap``."""
    split = _check_split(split)
    C = split.n_classes
    fig = Figure(figsize=(min(0.85 * C, 8.5), 1.25), dpi=80, layout="constrained")
    for k, ax in enumerate(fig.subplots(1, C, squeeze=False)[0]):
        i = int(np.flatnonzero(split.y_train == k)[0])
        image = (split.X_train[i] + split.mean).reshape(split.image_shape)
        ax.imshow(np.clip(image, 0.0, 1.0), cmap=None if image.ndim == 3 else cmap)
        ax.set_title(split.class_names[k], fontsize=10)
        ax.axis("off")
    return fig


def challenge_pairs_figure(clean: ArrayLike, hard: ArrayLike, y: ArrayLike,
                           class_names: Sequence[str], *, n: int = 8) -> Figure:
    """The first ``n`` images drawn twice: ``clean`` (top, every challenge off) and ``hard``
    (bottom, the same draws with the challenges on), titled with their class."""
    clean, hard = _images(clean, "clean"), _images(hard, "hard")
    if hard.shape != clean.shape:
        raise ValueError(f"hard must have clean's shape {clean.shape}; got {hard.shape}")
    y = as_labels(y, "y", len(clean), None, rows="clean")
    names = as_names(class_names, int(y.max()) + 1)
    n = as_int(n, "n", minimum=1, maximum=len(clean))
    fig = Figure(figsize=(8.5, 2.7), dpi=80, layout="constrained")
    axes = fig.subplots(2, n, squeeze=False)
    for j in range(n):
        axes[0, j].imshow(clean[j])
        axes[1, j].imshow(hard[j])
        axes[0, j].set_title(names[int(y[j])], fontsize=10)
    for ax in axes.ravel():
        ax.axis("off")
    fig.suptitle("top: no challenge; bottom: the same draws with the challenges on",
                 fontsize=11)
    return fig


def confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike, n_classes: int) -> np.ndarray:
    """``M[i, j]`` = how many examples of true class ``i`` were predicted as class ``j``:
    ``(C, C)`` integers; the diagonal holds the correct predictions."""
    n_classes = as_int(n_classes, "n_classes", minimum=1)
    y_true = as_labels(y_true, "y_true", None, n_classes)
    y_pred = as_labels(y_pred, "y_pred", y_true.shape[0], n_classes, rows="y_true")
    M = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(M, (y_true, y_pred), 1)
    return M


def _counts(M: ArrayLike) -> np.ndarray:
    """A confusion matrix: ``(C, C)`` non-negative integers, or an error naming ``M``."""
    arr = as_int_array(M, "M", "integer counts")
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.size == 0:
        raise ValueError(f"M must be a square (C, C) matrix, C >= 1; got shape {arr.shape}")
    if arr.min() < 0:
        raise ValueError(f"M must hold non-negative counts; found {arr.min()}")
    return arr


def confusion_figure(M: ArrayLike, class_names: Sequence[str], *, title: str = "") -> Figure:
    """The confusion matrix as an annotated image: ``M`` (C, C) non-negative integer counts."""
    M = _counts(M)
    n = M.shape[0]
    class_names = as_names(class_names, n)
    fig = Figure(figsize=(0.34 * n + 1.5, 0.34 * n + 1.2), dpi=80, layout="constrained")
    ax = fig.subplots()
    ax.imshow(M, cmap="Blues")
    for i in range(n):
        for j in range(n):
            if M[i, j]:
                ax.text(j, i, str(M[i, j]), ha="center", va="center", fontsize=9,
                        color="white" if M[i, j] > M.max() / 2 else "black")
    ax.set_xticks(range(n), class_names, rotation=45 if max(map(len, class_names)) > 2 else 0)
    ax.set_yticks(range(n), class_names)
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    return fig


def loss_curves_figure(histories: dict, *, title: str = "", smooth: int = 10) -> Figure:
    """Loss against iteration for each labelled history (a running mean over ``smooth``
    iterations drawn over the raw curve)."""
    smooth = as_int(smooth, "smooth", minimum=1)
    if not isinstance(histories, dict) or not histories:
        raise TypeError(f"histories must be a non-empty dict {{label: losses}}; got "
                        f"{type(histories).__name__} {histories!r:.40}")
    histories = {label: as_float_array(h, f"histories[{label!r}]", ndim=1)
                 for label, h in histories.items()}
    fig = Figure(figsize=(6.0, 3.2), dpi=80, layout="constrained")
    ax = fig.subplots()
    for label, h in histories.items():
        h = np.asarray(h, float)
        line, = ax.plot(h, alpha=0.3, linewidth=0.8)
        if h.size >= smooth:
            run = np.convolve(h, np.ones(smooth) / smooth, mode="valid")
            ax.plot(np.arange(smooth - 1, h.size), run, color=line.get_color(), label=label)
        else:
            line.set_label(label)
    ax.set(xlabel="iteration", ylabel="loss (minibatch)", title=title)
    ax.legend(fontsize=10)
    return fig


def compare_with_sklearn(split: Split, ours: dict, *, C: float = 1.0, seed: int = 0) -> list:
    """Fit scikit-learn's ``LinearSVC`` and ``LogisticRegression`` (regularization ``C``, default
    settings otherwise, enough iterations to converge) on the same training part and score all
    models on the test part.

    ``ours``: ``{name: (W, b, seconds)}`` for the book's models.  Returns one dict per model:
    ``model``, ``test_acc``, ``train_seconds``.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    split = _check_split(split)
    C = as_scalar(C, "C", positive=True)
    seed = as_int(seed, "seed", minimum=0)
    if not isinstance(ours, dict):
        raise TypeError(f"ours must be a dict {{name: (W, b, seconds)}}; got {type(ours).__name__}")

    rows = [{"model": name, "test_acc": linear.accuracy(split.y_test, linear.predict(split.X_test, W, b)),
             "train_seconds": float(sec)} for name, (W, b, sec) in ours.items()]
    peers = {"sklearn LinearSVC": LinearSVC(C=C, dual="auto", max_iter=20000, random_state=seed),
             "sklearn LogisticRegression": LogisticRegression(C=C, max_iter=5000)}
    for name, model in peers.items():
        with linear.one_blas_thread():
            t0 = time.perf_counter()
            model.fit(split.X_train, split.y_train)
            sec = time.perf_counter() - t0
        rows.append({"model": name, "test_acc": float(model.score(split.X_test, split.y_test)),
                     "train_seconds": sec})
    return rows


_FORMATS = {"learning_rate": ".0e", "reg_strength": ".0e"}


def format_table(rows: list, *, columns: Sequence[str] | None = None) -> str:
    """A plain-text table of a list of dicts: learning rates and λ as ``1e-03``, other floats
    with three decimals."""
    if not isinstance(rows, (list, tuple)) or not rows:
        raise TypeError(f"rows must be a non-empty list of dicts; got {rows!r:.40}")
    if not all(isinstance(r, dict) for r in rows):
        raise TypeError("rows must be a list of dicts (one per table row)")
    columns = list(rows[0]) if columns is None else list(columns)
    missing = [(i, c) for i, r in enumerate(rows) for c in columns if c not in r]
    if missing:
        raise ValueError(f"rows[{missing[0][0]}] has no column {missing[0][1]!r}; every row "
                         f"needs {columns}")

    def fmt(v, c):
        if c in _FORMATS and isinstance(v, float):
            return format(v, _FORMATS[c])
        if isinstance(v, float):
            return f"{v:.3f}"
        return str(v)

    cells = [[fmt(r[c], c) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths)) for row in cells]
    return "\n".join(out)
