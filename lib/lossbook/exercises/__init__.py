"""Your-turn exercises: the checker that tells the reader which mistake they made.

In a chapter, the reader fills in a stub cell and runs the check cell::

    def my_svm_loss(scores, y, margin):
        ...                                   # the reader's code

    lb.exercises.check("svm_loss", my_svm_loss)

:func:`check` runs the reader's function on hidden, seeded cases (random ones and the edges:
equal scores, a margin met exactly, scores of ±1e4, N = 1, C = 2), compares it with the
library's reference (relative tolerance 1e-6) and returns a :class:`CheckResult` that shows
itself as a short report.  A wrong answer is matched against the exercise's known mistakes (each
a variant of the reference run on the same cases) and the report names the one it looks like;
an answer that matches none is shown its smallest failing case.  The reader's exceptions, wrong
shapes, NaN and changes to its arguments are caught and explained; a stub not filled in yet
(``...``, ``pass`` or ``raise NotImplementedError``) is reported as "not written".

:data:`CATALOGUE` maps each exercise's name to its :class:`Exercise` (signature, one-line
description); :func:`names` lists them and :func:`describe` writes them out.
"""
from __future__ import annotations

from types import MappingProxyType

from .._validation import as_choice
from ._likelihood import EXERCISES as LIKELIHOOD
from ._optimization import EXERCISES as OPTIMIZATION
from ._penalties import EXERCISES as PENALTIES
from ._result import CheckResult, FailedCase
from ._run import run
from ._softmax import EXERCISES as SOFTMAX
from ._spec import Exercise
from ._svm import EXERCISES as SVM

__all__ = ["CATALOGUE", "CheckResult", "Exercise", "FailedCase", "check", "describe", "names"]

#: Every exercise by name, in the book's order.
CATALOGUE = MappingProxyType({ex.name: ex for ex in
                              SVM + SOFTMAX + PENALTIES + LIKELIHOOD + OPTIMIZATION})


def names() -> tuple[str, ...]:
    """The exercises' names, in the book's order."""
    return tuple(CATALOGUE)


def describe(*name: str) -> str:
    """The signature to write and a one-line description of the exercises named (of all when
    none is): ``print(lb.exercises.describe("svm_loss"))``."""
    chosen = [as_choice(n, "name", names()) for n in name] or names()
    return "\n".join(repr(CATALOGUE[n]) for n in chosen)


def check(name: str, fn) -> CheckResult:
    """Check the reader's function ``fn`` for the exercise ``name`` on the hidden cases.

    Returns a :class:`CheckResult` (``.passed``, ``.status``, ``.hints``, ``.failed_case``)
    that displays itself as a short report.  ``fn`` is called positionally, with the arguments of
    the exercise's signature (:func:`describe`).  An unknown ``name`` is a ValueError listing the
    names; an ``fn`` that is not callable a TypeError.
    """
    if not isinstance(name, str) or name not in CATALOGUE:
        raise ValueError(f"name must be one of the exercises {names()}; got {name!r}")
    if not callable(fn):
        raise TypeError(f"fn must be your function (a callable, e.g. my_{name} without "
                        f"parentheses); got {type(fn).__name__} {fn!r:.40}")
    return run(CATALOGUE[name], fn)
