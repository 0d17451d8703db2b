r"""The book's worked examples, loaded from small text files that travel with the package.

The cat / car / frog example of sections 3, 4 and 8 is stored in ``cat_car_frog_scores.csv`` (in
this folder, ``lossbook/data/``),
one row per image::

    image,correct_class,cat,car,frog
    cat image,cat,3.2,5.1,-1.7
    car image,car,1.3,4.9,2.0
    frog image,frog,2.2,2.5,-3.1

The first two columns are the image's name and its correct class; every further column is the score
of one class (the header names the class).  Row :math:`i` is the score vector
:math:`s_i = f(x_i; W)` of image :math:`i` (the lecture notes print the transpose: one column per
image).

>>> scores, y, class_names = load_cat_car_frog()
>>> scores.shape, y, class_names
((3, 3), array([0, 1, 2]), ('cat', 'car', 'frog'))
"""
from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["DATA_DIR", "CAT_CAR_FROG_PATH", "ScoreTable", "load_score_table", "load_cat_car_frog"]

#: The folder of the package's data files (``lossbook/data/``, installed with the package).
DATA_DIR = Path(__file__).resolve().parent
#: The worked example of sections 3, 4 and 8.
CAT_CAR_FROG_PATH = DATA_DIR / "cat_car_frog_scores.csv"

_FIXED = ("image", "correct_class")


@dataclass(frozen=True)
class ScoreTable:
    """A table of class scores: ``scores`` (N, C), ``y`` (N,), and the names of both axes."""
    scores: np.ndarray
    y: np.ndarray
    class_names: tuple[str, ...]
    image_names: tuple[str, ...]

    def as_text(self) -> str:
        """The table as the lecture notes print it: one row per CLASS, one column per image."""
        width = max(len(n) for n in self.image_names) + 2
        first = max(len(n) for n in self.class_names) + 2
        lines = ["class".ljust(first) + "".join(n.rjust(width) for n in self.image_names)]
        for k, name in enumerate(self.class_names):
            lines.append(name.ljust(first) + "".join(f"{v:{width}.1f}"
                                                     for v in self.scores[:, k]))
        lines.append("correct".ljust(first) + "".join(self.class_names[c].rjust(width)
                                                       for c in self.y))
        return "\n".join(lines)


def load_score_table(path: str | os.PathLike) -> ScoreTable:
    """Read and validate a score table in the format above; raise ``ValueError`` naming the
    file, the line and the problem if it is malformed."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path (a str or os.PathLike); got "
                        f"{type(path).__name__} {path!r:.40}")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"score table not found: {path}")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [row for row in csv.reader(fh)]
    rows = [(n, [cell.strip() for cell in row]) for n, row in enumerate(rows, start=1)
            if any(cell.strip() for cell in row)]
    if not rows:
        raise ValueError(f"{path}: the file is empty; expected a header and one row per image")
    _, header = rows[0]
    if tuple(header[:2]) != _FIXED:
        raise ValueError(f"{path}: the header must start with 'image,correct_class'; "
                         f"got {','.join(header[:2])!r}")
    class_names = tuple(header[2:])
    if len(class_names) < 2:
        raise ValueError(f"{path}: the header must name at least two classes after "
                         f"'image,correct_class'; got {list(class_names)}")
    if any(not c for c in class_names) or len(set(class_names)) != len(class_names):
        raise ValueError(f"{path}: class names in the header must be non-empty and distinct; "
                         f"got {list(class_names)}")
    if len(rows) < 2:
        raise ValueError(f"{path}: no images; expected one row per image after the header")
    n_cols = len(header)
    images, labels, table = [], [], []
    for line, row in rows[1:]:
        if len(row) != n_cols:
            raise ValueError(f"{path}, line {line}: expected {n_cols} fields "
                             f"(image, correct_class, {len(class_names)} scores); got {len(row)}")
        image, label, *cells = row
        if not image:
            raise ValueError(f"{path}, line {line}: the image name is empty")
        if image in images:
            raise ValueError(f"{path}, line {line}: image {image!r} appears twice")
        if label not in class_names:
            raise ValueError(f"{path}, line {line}: correct_class {label!r} is not one of the "
                             f"classes {list(class_names)}")
        values = []
        for name, cell in zip(class_names, cells):
            try:
                v = float(cell)
            except ValueError:
                raise ValueError(f"{path}, line {line}: the {name} score {cell!r} is not a "
                                 "number") from None
            if not math.isfinite(v):
                raise ValueError(f"{path}, line {line}: the {name} score must be finite; "
                                 f"got {cell!r}")
            values.append(v)
        images.append(image)
        labels.append(class_names.index(label))
        table.append(values)
    return ScoreTable(scores=np.array(table, dtype=np.float64),
                      y=np.array(labels, dtype=np.intp),
                      class_names=class_names, image_names=tuple(images))


def load_cat_car_frog(path: str | os.PathLike | None = None
                      ) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """The worked example of sections 3, 4 and 8: ``(scores, y, class_names)``.

    ``scores`` is (3, 3) with ONE ROW PER IMAGE (cat, car, frog image) and one column per class
    (cat, car, frog); ``y = [0, 1, 2]``.  A fresh copy on every call.  ``path`` defaults to
    :data:`CAT_CAR_FROG_PATH`.
    """
    t = load_score_table(CAT_CAR_FROG_PATH if path is None else path)
    return t.scores, t.y, t.class_names
