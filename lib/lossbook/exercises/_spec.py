"""What an exercise is made of: its hidden cases, its reference and its known mistakes."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Case:
    """One hidden case: a short ``label`` for the report, the positional ``args`` the reader's
    function is called with, and ``large`` for a large-score case (where a missing shift by the
    maximum overflows)."""
    label: str
    args: tuple
    large: bool = False

    @property
    def size(self) -> int:
        """How many numbers the case holds: the smallest failing case is shown."""
        return sum(np.size(a) for a in self.args if isinstance(a, np.ndarray))


@dataclass(frozen=True)
class Mistake:
    """A known mistake: its ``hint`` and one or more ``variants``, wrong functions written like
    the reader's (same signature), whose outputs the reader's are matched against."""
    hint: str
    variants: tuple[Callable, ...]


@dataclass(frozen=True)
class Exercise:
    """One your-turn exercise.

    ``arg_names`` name the positional arguments (in the report); ``output`` is ``"number"`` (a
    loss or a penalty: one float) or ``"array"`` (a gradient or a new ``W``: the shape of the
    reference's); ``stability_hint`` is given when only the large-score cases fail and no known
    mistake matches; ``mutation_hint`` when the reader's function changes an input in place;
    ``timed``, if given, the arguments of a larger case on which a passing answer is timed
    against the reference (a note, never a failure, when it is much slower).
    """
    name: str
    signature: str
    description: str
    arg_names: tuple[str, ...]
    reference: Callable
    cases: Callable[[], tuple[Case, ...]]
    mistakes: tuple[Mistake, ...] = ()
    output: str = "number"
    stability_hint: str | None = None
    mutation_hint: str | None = None
    timed: tuple | None = None

    def __repr__(self) -> str:
        return f"{self.signature}\n    {self.description}"


def frozen(*arrays: np.ndarray) -> tuple:
    """The arrays as read-only copies: hidden cases are shared, the reader gets copies."""
    out = []
    for a in arrays:
        if isinstance(a, np.ndarray):
            a = a.copy()
            a.flags.writeable = False
        out.append(a)
    return tuple(out)
