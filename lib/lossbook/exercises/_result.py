"""The checker's answer: :class:`CheckResult`, which shows itself as a short report (plain text
in ``repr``, HTML in a notebook), and :class:`FailedCase`, the smallest case that failed."""
from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field

import numpy as np

#: The widest line of a report (the book's code and output column).
WIDTH = 76
STATUSES = ("passed", "failed", "not written", "error")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_MARKS = {"passed": "✓", "failed": "✗", "error": "✗", "not written": "○"}


@dataclass(frozen=True)
class FailedCase:
    """The smallest hidden case the reader's function failed: its ``label``, the ``inputs`` by
    argument name, the ``expected`` value (the reference's), what the function gave (``got``: its
    return value, or ``None`` if it raised) and ``why``, one line."""
    label: str
    inputs: dict
    expected: object
    got: object
    why: str

    def lines(self) -> list[str]:
        """The case written out: each input, expected and got (≤ 76 characters a line)."""
        out = [f"  {name} = {show(value, len(name) + 5)}" for name, value in self.inputs.items()]
        out.append(f"  expected: {show(self.expected, 12)}")
        if self.got is not None:
            out.append(f"  got:      {show(self.got, 12)}")
        return out

    def __repr__(self) -> str:
        return "\n".join([f"case {self.label!r}: {self.why}"] + self.lines())


def show(value: object, indent: int) -> str:
    """A value as the report prints it: numbers to 6 significant digits, numeric arrays by numpy
    with 4 decimals, wrapped to fit the line after ``indent`` characters; anything else the
    reader's function returned by its repr, cut to the line."""
    numeric = isinstance(value, np.ndarray) and value.dtype.kind in "biuf"
    if numeric and value.ndim > 0:
        return np.array2string(value, precision=4, separator=", ", max_line_width=WIDTH - 2,
                               prefix=" " * indent, threshold=24, edgeitems=2,
                               floatmode="maxprec")
    if numeric or isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    text = " ".join(safe_repr(value).split())
    return text if len(text) <= WIDTH - indent else text[:WIDTH - indent - 1] + "…"


def safe_repr(x: object) -> str:
    """``repr(x)`` without memory addresses (the report is the same on every run), or a
    placeholder when the reader's object cannot show itself."""
    try:
        text = repr(x)
    except Exception:
        return f"<a {type(x).__name__} that cannot be shown>"
    return _ADDRESS.sub("", text)


@dataclass(frozen=True)
class CheckResult:
    """What :func:`lossbook.exercises.check` found.

    ``status`` is ``"passed"``, ``"failed"``, ``"not written"`` or ``"error"``; ``passed`` is
    True only for ``"passed"``; ``hints`` lists the mistakes recognised, the most likely first;
    ``failed_case`` is the smallest failing case (a :class:`FailedCase`) or None;
    ``n_cases`` / ``n_failed`` count the hidden cases.  ``show_case`` writes the failing case out
    in full (when no known mistake matched); ``notes`` are friendly remarks, not failures.
    """
    name: str
    status: str
    n_cases: int
    n_failed: int = 0
    hints: list[str] = field(default_factory=list)
    failed_case: FailedCase | None = None
    show_case: bool = False
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}; got {self.status!r}")

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    # -- the report --------------------------------------------------------------------------
    def heading(self) -> str:
        """The first line of the report, with its mark: ``✓ svm_loss: all 9 cases pass``."""
        if self.status == "passed":
            text = f"{self.name}: all {self.n_cases} cases pass"
        elif self.status == "not written":
            text = f"{self.name}: not written yet"
        elif self.status == "error":
            text = f"{self.name}: your function raised an error"
        else:
            text = f"{self.name}: {self.n_failed} of {self.n_cases} cases fail"
        return f"{_MARKS[self.status]} {text}"

    def _advice(self) -> str:
        if self.status == "not written":
            return "Fill in the cell above, then run this one again."
        return " ".join(self.notes)

    def _hint_lines(self) -> list[str]:
        if not self.hints:
            return []
        if len(self.hints) == 1:
            return _wrap(f"Looks like: {self.hints[0]}")
        out = ["Looks like one of these:"]
        for hint in self.hints:
            out += _wrap(f"- {hint}", indent="  ")
        return out

    def _case_lines(self) -> list[str]:
        case = self.failed_case
        if case is None:
            return []
        if self.status == "error" or not self.show_case:
            return _wrap(f"On the case \"{case.label}\": {case.why}")
        return _wrap(f"Smallest failing case, \"{case.label}\": {case.why}") + case.lines()

    def lines(self) -> list[str]:
        """The report, line by line (each ≤ 76 characters)."""
        out = _wrap(self.heading())
        if self._advice():
            out += _wrap(self._advice())
        out += self._hint_lines()
        out += self._case_lines()
        return out

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        status = self.status.replace(" ", "-")
        mark, _, text = self.heading().partition(" ")
        parts = [f'<div class="lossbook-check lossbook-check-{status}">',
                 f'<p class="lossbook-check-heading"><span class="lossbook-check-mark" '
                 f'aria-hidden="true">{mark}</span> <strong>{html.escape(text)}</strong></p>']
        if self._advice():
            parts.append(f'<p class="lossbook-check-advice">{html.escape(self._advice())}</p>')
        if self.hints:
            parts.append('<p class="lossbook-check-hint-title">Looks like:</p>'
                         '<ul class="lossbook-check-hints">'
                         + "".join(f"<li>{html.escape(h)}</li>" for h in self.hints) + "</ul>")
        case = self.failed_case
        if case is not None and self.show_case:
            parts.append(f'<pre class="lossbook-check-case">'
                         f'{html.escape(chr(10).join(self._case_lines()))}</pre>')
        elif case is not None:
            parts.append(f'<p class="lossbook-check-case">On the case '
                         f'“{html.escape(case.label)}”: {html.escape(case.why)}</p>')
        parts.append("</div>")
        return "\n".join(parts)


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, subsequent_indent=indent + "  ", break_long_words=True,
                         break_on_hyphens=False) or [""]
