r"""Training linear classifiers on real images, end to end: the capstone's helpers.

The pipeline of CS231n's assignment 1, on data that is available offline:

1. :func:`prepare` — a stratified train / validation / test split
   (:func:`train_val_test_split`), pixels scaled to [0, 1] and centred by the *training* mean
   image (the validation and test sets are never looked at);
2. :func:`validation_search` — minibatch SGD (:func:`lossbook.linear.train_sgd`) for every
   learning rate × λ on a grid, each scored on the validation set, with a progress line per run;
3. :func:`confusion_matrix`, :func:`plot_confusion`, :func:`plot_templates` (each row of W as
   an image), :func:`plot_loss_curves`;
4. :func:`compare_with_sklearn` — the same split with scikit-learn's ``LinearSVC`` and
   ``LogisticRegression``: accuracy and training time in one table.

Everything is seeded, so a run is reproducible.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np

from . import linear
from .regpath import _one_blas_thread
from ._validation import as_float_array, as_labels, as_scalar

__all__ = ["one_blas_thread", "train", "Split", "train_val_test_split", "prepare", "load_digits_split", "SearchResult",
           "validation_search", "confusion_matrix", "plot_confusion", "plot_templates",
           "plot_loss_curves", "compare_with_sklearn", "format_table"]


def one_blas_thread():
    """A context in which numpy's BLAS uses one thread.  On a small shared machine OpenBLAS's
    threads fight over the cores and make SGD on (200, 3072) batches about ten times slower;
    every helper below trains inside this context."""
    return _one_blas_thread(10 ** 9)


def train(split: "Split", loss: str = "svm", reg_strength: float = 1e-3,
          learning_rate: float = 0.1, num_iters: int = 500, batch_size: int = 200, seed: int = 0,
          verbose: bool = False, print_every: int = 100):
    """:func:`lossbook.linear.train_sgd` on ``split``'s training part (L2 penalty, seeded
    :func:`lossbook.linear.init_params`), in :func:`one_blas_thread`.  Returns
    ``(result, seconds)``: the :class:`lossbook.linear.TrainResult` and the wall-clock time."""
    W0, b0 = linear.init_params(split.X_train.shape[1], split.n_classes, seed=seed)
    with one_blas_thread():
        t0 = time.perf_counter()
        res = linear.train_sgd(split.X_train, split.y_train, W0, b0, loss=loss, reg="l2",
                               reg_strength=reg_strength, learning_rate=learning_rate,
                               num_iters=num_iters, batch_size=batch_size, seed=seed,
                               verbose=verbose, print_every=print_every)
        sec = time.perf_counter() - t0
    return res, sec


@dataclass
class Split:
    """A prepared data set: ``X_*`` (N_*, D) float, centred; ``y_*`` (N_*,) int.
    ``mean`` (D,) is the training mean that was subtracted (in [0, 1] pixel units),
    ``image_shape`` the shape of one image (``(8, 8)`` for digits, ``(32, 32, 3)`` for colour)."""
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray
    image_shape: tuple
    class_names: tuple

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def sizes(self) -> str:
        return (f"train {len(self.y_train)}, validation {len(self.y_val)}, "
                f"test {len(self.y_test)} images of {self.X_train.shape[1]} numbers each")


def train_val_test_split(X, y, val_fraction: float = 0.2, test_fraction: float = 0.2,
                         seed: int = 0):
    """Split ``X`` (N, ...) and ``y`` (N,) into train, validation and test parts, class by class
    (each part has about the same class proportions).  Returns
    ``(X_train, y_train, X_val, y_val, X_test, y_test)``; the order inside a part is shuffled."""
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim < 2 or X.shape[0] == 0:
        raise ValueError(f"X must hold one example per row, shape (N, ...); got {X.shape}")
    y = as_labels(y, "y", X.shape[0], int(np.max(y)) + 1 if y.size else 1)
    val_fraction = as_scalar(val_fraction, "val_fraction", positive=True)
    test_fraction = as_scalar(test_fraction, "test_fraction", positive=True)
    if val_fraction + test_fraction >= 1:
        raise ValueError("val_fraction + test_fraction must be below 1; got "
                         f"{val_fraction} + {test_fraction}")
    rng = np.random.default_rng(seed)
    parts = ([], [], [])
    for k in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == k))
        n_test = int(round(test_fraction * idx.size))
        n_val = int(round(val_fraction * idx.size))
        parts[2].append(idx[:n_test])
        parts[1].append(idx[n_test:n_test + n_val])
        parts[0].append(idx[n_test + n_val:])
    out = []
    for p in parts:
        idx = rng.permutation(np.concatenate(p))
        out += [X[idx], y[idx]]
    return tuple(out)


def prepare(X, y, class_names, image_shape=None, scale: float = 255.0,
            val_fraction: float = 0.2, test_fraction: float = 0.2, seed: int = 0) -> Split:
    """Split (:func:`train_val_test_split`), flatten each image to a row, divide by ``scale``
    (255 for 8-bit images, 16 for scikit-learn's digits) and subtract the training mean image."""
    X = np.asarray(X)
    image_shape = tuple(X.shape[1:]) if image_shape is None else tuple(image_shape)
    Xf = as_float_array(X.reshape(X.shape[0], -1), "X", ndim=2) / as_scalar(scale, "scale",
                                                                            positive=True)
    if int(np.prod(image_shape)) != Xf.shape[1]:
        raise ValueError(f"image_shape {image_shape} does not hold {Xf.shape[1]} numbers")
    Xtr, ytr, Xva, yva, Xte, yte = train_val_test_split(Xf, y, val_fraction, test_fraction, seed)
    mean = Xtr.mean(axis=0)
    return Split(Xtr - mean, ytr, Xva - mean, yva, Xte - mean, yte, mean, image_shape,
                 tuple(class_names))


def load_digits_split(seed: int = 0) -> Split:
    """scikit-learn's bundled handwritten digits (1,797 images of 8 × 8 pixels with values 0–16,
    classes 0–9), prepared by :func:`prepare` (60 / 20 / 20 %)."""
    from sklearn.datasets import load_digits
    d = load_digits()
    return prepare(d.images, d.target.astype(np.intp), [str(k) for k in range(10)], (8, 8),
                   scale=16.0, seed=seed)


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
        return format_table(self.rows, ["learning_rate", "reg_strength", "final_loss",
                                         "train_acc", "val_acc"])


def validation_search(split: Split, loss: str = "svm", learning_rates=(1e-2, 1e-1),
                      reg_strengths=(1e-4, 1e-3, 1e-2), num_iters: int = 300,
                      batch_size: int = 200, seed: int = 0, verbose: bool = True) -> SearchResult:
    """Train one model per (learning rate, λ) with :func:`lossbook.linear.train_sgd` (L2 penalty,
    the same seed for every run) on the training part and score it on the validation part.
    With ``verbose``, print one progress line per run."""
    lrs = as_float_array(learning_rates, "learning_rates", ndim=1)
    lams = as_float_array(reg_strengths, "reg_strengths", ndim=1)
    total = lrs.size * lams.size
    rows, models, histories = [], [], {}
    k = 0
    for lr in lrs:
        for lam in lams:
            k += 1
            res, _ = train(split, loss, float(lam), float(lr), num_iters, batch_size, seed)
            row = {"learning_rate": float(lr), "reg_strength": float(lam),
                   "final_loss": float(np.mean(res.loss_history[-20:])),
                   "train_acc": linear.accuracy(split.X_train, split.y_train, res.W, res.b),
                   "val_acc": linear.accuracy(split.X_val, split.y_val, res.W, res.b)}
            rows.append(row)
            models.append(res)
            histories[(float(lr), float(lam))] = res.loss_history
            if verbose:
                print(f"[{k:>2}/{total}] {loss} η {lr:.0e} λ {lam:.0e}: "
                      f"train {row['train_acc']:.3f}, val {row['val_acc']:.3f}")
    best_i = int(np.argmax([r["val_acc"] for r in rows]))
    return SearchResult(loss, rows, rows[best_i], models[best_i], histories)


def confusion_matrix(y_true, y_pred, n_classes: int) -> np.ndarray:
    """``M[i, j]`` = how many examples of true class ``i`` were predicted as class ``j``:
    ``(C, C)`` integers; the diagonal holds the correct predictions."""
    y_true = as_labels(y_true, "y_true", np.asarray(y_true).shape[0], n_classes)
    y_pred = as_labels(y_pred, "y_pred", y_true.shape[0], n_classes)
    M = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(M, (y_true, y_pred), 1)
    return M


def plot_confusion(M, class_names, title: str = ""):
    """The confusion matrix as an annotated image.  Returns the figure."""
    M = np.asarray(M)
    n = M.shape[0]
    fig, ax = plt.subplots(figsize=(0.34 * n + 1.5, 0.34 * n + 1.2), dpi=80, layout="constrained")
    ax.imshow(M, cmap="Blues")
    for i in range(n):
        for j in range(n):
            if M[i, j]:
                ax.text(j, i, str(M[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if M[i, j] > M.max() / 2 else "black")
    ax.set_xticks(range(n), class_names, rotation=45 if max(map(len, class_names)) > 2 else 0)
    ax.set_yticks(range(n), class_names)
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    return fig


def plot_templates(W, image_shape, class_names, title: str = ""):
    """Each row of ``W`` (C, D) reshaped to ``image_shape`` and shown as an image — the *visual
    view* of the linear classifier (section 2).  Grey images use a diverging map (red positive,
    blue negative, white 0, one scale for all classes); colour templates are stretched to [0, 1]
    each, as CS231n shows them.  Returns the figure."""
    W = as_float_array(W, "W", ndim=2)
    C = W.shape[0]
    cols = min(C, 10)
    rows = int(np.ceil(C / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.15 * cols, 1.3 * rows + 0.3), dpi=80,
                             layout="constrained", squeeze=False)
    top = float(np.max(np.abs(W))) or 1.0
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if k >= C:
            continue
        img = W[k].reshape(image_shape)
        if img.ndim == 3:
            lo, hi = img.min(), img.max()
            ax.imshow((img - lo) / (hi - lo if hi > lo else 1.0))
        else:
            ax.imshow(img, cmap="RdBu_r", vmin=-top, vmax=top)
        ax.set_title(class_names[k], fontsize=9)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def plot_loss_curves(histories: dict, title: str = "", smooth: int = 10):
    """Loss against iteration for each labelled history (a running mean over ``smooth``
    iterations drawn over the raw curve).  Returns the figure."""
    fig, ax = plt.subplots(figsize=(6.0, 3.2), dpi=80, layout="constrained")
    for label, h in histories.items():
        h = np.asarray(h, float)
        line, = ax.plot(h, alpha=0.3, linewidth=0.8)
        if h.size >= smooth:
            run = np.convolve(h, np.ones(smooth) / smooth, mode="valid")
            ax.plot(np.arange(smooth - 1, h.size), run, color=line.get_color(), label=label)
        else:
            line.set_label(label)
    ax.set(xlabel="iteration", ylabel="loss (minibatch)", title=title)
    ax.legend(fontsize=8)
    return fig


def compare_with_sklearn(split: Split, ours: dict, C: float = 1.0, seed: int = 0) -> list:
    """Fit scikit-learn's ``LinearSVC`` and ``LogisticRegression`` (regularization ``C``, default
    settings otherwise, enough iterations to converge) on the same training part and score all
    models on the test part.

    ``ours``: ``{name: (W, b, seconds)}`` for the book's models.  Returns one dict per model:
    ``model``, ``test_acc``, ``train_seconds``.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    rows = [{"model": name, "test_acc": linear.accuracy(split.X_test, split.y_test, W, b),
             "train_seconds": float(sec)} for name, (W, b, sec) in ours.items()]
    peers = {"sklearn LinearSVC": LinearSVC(C=C, max_iter=20000, random_state=seed),
             "sklearn LogisticRegression": LogisticRegression(C=C, max_iter=5000)}
    for name, model in peers.items():
        with one_blas_thread():
            t0 = time.perf_counter()
            model.fit(split.X_train, split.y_train)
            sec = time.perf_counter() - t0
        rows.append({"model": name, "test_acc": float(model.score(split.X_test, split.y_test)),
                     "train_seconds": sec})
    return rows


_FORMATS = {"learning_rate": ".0e", "reg_strength": ".0e"}


def format_table(rows: list, columns=None) -> str:
    """A plain-text table of a list of dicts: learning rates and λ as ``1e-03``, other floats
    with three decimals."""
    columns = list(rows[0]) if columns is None else list(columns)

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
