r"""A numeric question that checks itself in the page, with no kernel (issue 15).

The reader types a number in a box and presses *Check* (or Enter); the browser says whether it is
right, gives the hint written for a common wrong answer (the notes' 9.9 for the SVM mean, a sum
where a mean is asked, ...), and after two tries that are not right offers *Show answer*.

A :class:`Question` is an :class:`~lossbook.widgets.base.Explorer` with two faces, like the
explorers:

* **Python face.**  :meth:`Question.check` is the reference verdict for a typed text (or a number):
  a :class:`Verdict` with ``status`` ``"right"``, ``"hint"``, ``"wrong"`` or ``"invalid"`` and the
  ``message`` the page shows.  A typed value :math:`v` is right when
  :math:`|v - a| \le \tau`, with the accepted distance
  :math:`\tau = \max(\text{tolerance},\ \text{rel\_tolerance}\cdot|a|)`; else the first hint
  :math:`(h, \text{text})` with :math:`|v - h| \le \tau` gives its text; else it is wrong.
* **JavaScript face.**  ``widgets/question.js`` parses and checks the same way in the reader's
  browser, with the texts of :data:`MESSAGES` (sent with the question), so the static book needs
  no kernel.  With a kernel (JupyterLab, Voilà) each checked text is synced as ``response`` and
  :meth:`readout` gives the kernel's verdict (``status``, ``message``).

What a reader may type (both faces): optional spaces around, an optional sign (``-`` or ``−``),
digits with an optional decimal *point*, an optional exponent (``14.9``, ``-2``, ``.5``,
``1e-3``).  A comma is refused with a message (``14,9`` could be 14.9 or 149; ``1,000`` a
thousand), as are text, an empty box, a number too large for a float and, for ``integer=True``,
a number with a fractional part.
"""
from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass

import traitlets

from .._validation import as_bool, as_scalar
from .base import Explorer

__all__ = ["MESSAGES", "Verdict", "parse_answer", "Question"]

#: the texts both faces show; ``{value}`` and ``{answer}`` are numbers printed with ``.6g``
MESSAGES = {
    "empty": "Nothing to check yet: type a number in the box.",
    "comma": "Please write the number with a decimal point and no commas, e.g. 14.9 or 1000.",
    "not_a_number": "That is not a number: type digits, e.g. 14.9, -2 or 1e-3.",
    "not_finite": "That number is too large to check: type an ordinary number.",
    "not_whole": "The answer is a whole number: type one without decimals, e.g. 3.",
    "right": "Right: {value}.",
    "hint": "Not quite.",
    "wrong": "Not right: {value} is not the answer. Try again.",
    "reveal": "The answer is {answer}.",
}
STATUSES = ("right", "hint", "wrong", "invalid")
#: spaces a reader may leave around the number (the same set in question.js)
SPACES = " \t\n\r\u00a0\u2009\u202f"
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Verdict:
    """The verdict on one typed answer: ``status`` (one of :data:`STATUSES`), the ``message`` the
    page shows, and the ``value`` read (``None`` when nothing could be read)."""
    status: str
    message: str
    value: float | None = None


def _show(x: float, unit: str = "") -> str:
    """A number as both faces print it: a whole number below 1e15 in full (``153600000``, not
    ``1.536e+08``), any other with ``.6g`` (JavaScript: ``general(x, 6)``); then the unit."""
    x = float(x)
    text = str(int(x)) if x.is_integer() and abs(x) < 1e15 else f"{x:.6g}"
    return f"{text} {unit}" if unit else text


def parse_answer(text: str, *, integer: bool = False) -> float | str:
    """The number a reader typed, or the key in :data:`MESSAGES` of why it is refused
    (``"empty"``, ``"comma"``, ``"not_a_number"``, ``"not_finite"``, ``"not_whole"``)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__} {text!r:.40}")
    text = text.strip(SPACES).replace("\u2212", "-")
    if not text:
        return "empty"
    if "," in text:
        return "comma"
    if not NUMBER.fullmatch(text):
        return "not_a_number"
    value = float(text)
    if not math.isfinite(value):
        return "not_finite"
    if integer and value != math.floor(value):
        return "not_whole"
    return value


def _text(x: object, name: str, *, allow_empty: bool) -> str:
    if not isinstance(x, str):
        raise TypeError(f"{name} must be a str; got {type(x).__name__} {x!r:.40}")
    if not allow_empty and not x.strip():
        raise ValueError(f"{name} must be a non-empty text; got {x!r}")
    return x.strip()


class Question(Explorer):
    """A numeric question checked in the page: the prompt, a number box, *Check*, hints.

    ``answer``: the right value; ``tolerance`` (absolute) and ``rel_tolerance`` (times
    ``|answer|``) set the accepted distance τ, the larger of the two (a question with
    ``integer=True`` and neither given takes τ = 0.5: the exact whole number).  ``hints``: a
    list of ``(wrong value, hint text)`` pairs, matched within the same τ, the first that fits
    wins.  ``explanation`` is shown once the answer is right (or shown); ``unit`` is written
    after the box and after the numbers of the messages.
    """

    module = "question"
    title = "A question that checks itself"
    #: the last text the reader checked in the page (``None``: not answered yet)
    response = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    def __init__(self, prompt: str, *, answer: float, tolerance: float | None = None,
                 rel_tolerance: float = 0.0, hints: Sequence = (), explanation: str = "",
                 integer: bool = False, unit: str = ""):
        self.prompt = _text(prompt, "prompt", allow_empty=False)
        self.answer = as_scalar(answer, "answer")
        self.integer = as_bool(integer, "integer")
        self.explanation = _text(explanation, "explanation", allow_empty=True)
        self.unit = _text(unit, "unit", allow_empty=True)
        if self.integer and self.answer != math.floor(self.answer):
            raise ValueError(f"answer must be a whole number when integer=True; got {self.answer}")
        self.tolerance = self._band(tolerance, rel_tolerance)
        self.hints = self._hints(hints)
        super().__init__(data=dict(
            prompt=self.prompt, answer=self.answer, tolerance=self.tolerance,
            hints=[[v, t] for v, t in self.hints], explanation=self.explanation,
            integer=self.integer, unit=self.unit, messages=dict(MESSAGES)))
        # no control: the one input is the checked text, ``response``
        self.observe(self._on_control, names="response")

    def _band(self, tolerance, rel_tolerance) -> float:
        """τ = max(tolerance, rel_tolerance·|answer|), which must be positive."""
        rel = as_scalar(rel_tolerance, "rel_tolerance", nonnegative=True)
        if tolerance is None:
            absolute = 0.5 if self.integer and rel == 0 else 0.0
        else:
            absolute = as_scalar(tolerance, "tolerance", positive=True)
        band = max(absolute, rel * abs(self.answer))
        if not band > 0:
            raise ValueError("tolerance is needed: how far from the answer a typed value may be "
                             "and still count as right (e.g. tolerance=0.01), or rel_tolerance "
                             f"> 0 with an answer other than 0; got tolerance={tolerance!r}, "
                             f"rel_tolerance={rel_tolerance!r}")
        return band

    def _hints(self, hints) -> list[tuple[float, str]]:
        if isinstance(hints, (str, bytes, dict)) or not isinstance(hints, Sequence):
            raise TypeError("hints must be a list of (wrong value, hint text) pairs; got "
                            f"{type(hints).__name__} {hints!r:.40}")
        out: list[tuple[float, str]] = []
        for i, pair in enumerate(hints):
            if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
                raise TypeError(f"hints[{i}] must be a (wrong value, hint text) pair; got "
                                f"{type(pair).__name__} {pair!r:.40}")
            value = as_scalar(pair[0], f"hints[{i}][0] (the wrong value)")
            text = _text(pair[1], f"hints[{i}][1] (the hint text)", allow_empty=False)
            if abs(value - self.answer) <= self.tolerance:
                raise ValueError(f"hints[{i}] is for {value}, within the tolerance "
                                 f"{self.tolerance:g} of the answer {self.answer}: it would "
                                 "never be shown (the answer is right there)")
            if self.integer and value != math.floor(value):
                raise ValueError(f"hints[{i}] is for {value}, not a whole number: with "
                                 "integer=True it could never be typed")
            for j, (other, _) in enumerate(out):
                if abs(value - other) <= self.tolerance:
                    raise ValueError(f"hints[{i}] is for {value}, within the tolerance "
                                     f"{self.tolerance:g} of hints[{j}] ({other}): the first "
                                     "would always be shown instead")
            out.append((value, text))
        return out

    # ---- the Python face: the reference verdict ---------------------------------------------
    def check(self, value: str | float) -> Verdict:
        """The verdict on ``value``: a text as the reader typed it (parsed by
        :func:`parse_answer`), or a number."""
        if isinstance(value, str):
            read = parse_answer(value, integer=self.integer)
            if isinstance(read, str):
                return Verdict("invalid", MESSAGES[read])
            value = read
        elif isinstance(value, (bool, complex)) or not isinstance(value, numbers.Real):
            raise TypeError(f"value must be a typed text or a real number; got "
                            f"{type(value).__name__} {value!r:.40}")
        value = float(value)
        if not math.isfinite(value):
            return Verdict("invalid", MESSAGES["not_finite"])
        if self.integer and value != math.floor(value):
            return Verdict("invalid", MESSAGES["not_whole"])
        if abs(value - self.answer) <= self.tolerance:
            message = MESSAGES["right"].replace("{value}", _show(value, self.unit))
            return Verdict("right", " ".join(filter(None, [message, self.explanation])), value)
        for hint, text in self.hints:
            if abs(value - hint) <= self.tolerance:
                return Verdict("hint", f"{MESSAGES['hint']} {text}", value)
        return Verdict("wrong", MESSAGES["wrong"].replace("{value}", _show(value, self.unit)),
                       value)

    def reveal(self) -> str:
        """What *Show answer* says: the answer (and the explanation)."""
        message = MESSAGES["reveal"].replace("{answer}", _show(self.answer, self.unit))
        return " ".join(filter(None, [message, self.explanation]))

    # ---- the explorer protocol: with a kernel, the page's last checked text -----------------
    def compute(self) -> Verdict | None:
        return None if self.response is None else self.check(self.response)

    def readout(self) -> dict:
        """``status`` and ``message`` of the last checked text (``"unanswered"`` before one)."""
        if self.result is None:
            return {"status": "unanswered", "message": ""}
        return {"status": self.result.status, "message": self.result.message}

    def __repr__(self) -> str:
        return f"Question({self.prompt!r:.60}, answer={self.answer:g})"
