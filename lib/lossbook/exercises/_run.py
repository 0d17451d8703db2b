"""Running the reader's function on the hidden cases, and reading what it did.

Each case is run on fresh copies of its arrays, with numpy's warnings silenced (the report says
what went wrong); every exception of the reader's is caught and turned into one line.  An answer
that is wrong is matched against the exercise's known mistakes, each a variant of the reference
run on the same cases: a mistake is recognised when the reader's outputs equal the variant's on
every case (NaN or inf where the variant has NaN or inf counts as equal).
"""
from __future__ import annotations

import dis
import numbers
import time
import warnings
from dataclasses import dataclass

import numpy as np

from ._result import CheckResult, FailedCase, safe_repr
from ._spec import Case, Exercise

#: Relative tolerance of a comparison (the reader's float arithmetic differs from the library's).
RTOL = 1e-6
#: ... and the absolute one, relative to the largest expected magnitude (for entries near 0).
ATOL = 1e-9
#: Exceptions that mean the arithmetic overflowed (e.g. ``math.exp(1e4)``).
_OVERFLOWS = (OverflowError, FloatingPointError)
#: A passing answer this many times slower than the reference gets a note (the ratio of a loop
#: to numpy is in the hundreds, of two vectorized versions near 1: the note is stable).
SLOWER = 20.0
_SLOW_NOTE = ("Note: it runs over {times:g}× slower than the library's on {case}: is a Python "
              "loop left in it? (Not a failure.)")
_GENERIC_MUTATION = ("your function changes its argument {names} in place: the caller's array "
                     "must stay as it was (work on a copy, e.g. `a = a - ...`, not `a -= ...`).")


@dataclass(frozen=True)
class Outcome:
    """What one call gave: ``value`` (a float64 array, 0-d for a number) when its type and shape
    are right, else None; ``problem``: None, "raised", "none", "type", "shape" or "nonfinite";
    ``detail``: one line; ``mutated``: the arguments changed in place; ``error``: the exception's
    type when it raised; ``raw``: the returned object itself."""
    value: np.ndarray | None
    problem: str | None = None
    detail: str = ""
    mutated: tuple[str, ...] = ()
    error: type | None = None
    raw: object = None


def is_stub(fn: object) -> bool:
    """True if ``fn``'s body does nothing (``...``, ``pass``, a docstring, ``return None``)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    ops = [(i.opname, i.argval) for i in dis.get_instructions(code)
           if i.opname not in ("RESUME", "NOP", "CACHE")]
    return ops in ([("LOAD_CONST", None), ("RETURN_VALUE", None)], [("RETURN_CONST", None)])


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _describe(x: object) -> str:
    """What the reader's function returned, in a few words (its repr, if it has a working one,
    cut to 30 characters)."""
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of {len(x)} items"
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    if callable(x):
        return f"the function {getattr(x, '__name__', '')!s:.30} (call it?)"
    return f"{type(x).__name__} {safe_repr(x):.30}"


def _as_number(out: object, case: Case) -> tuple[np.ndarray | None, str, str]:
    """(value, problem, detail) for an output that must be one number."""
    n = next((a.shape[0] for a in case.args if isinstance(a, np.ndarray)), None)
    if isinstance(out, np.ndarray) and out.ndim == 0:
        out = out[()]
    if isinstance(out, (bool, np.bool_)) or not isinstance(out, (numbers.Real, np.ndarray)):
        return None, "type", f"it returned {_describe(out)}; expected one number (a float)."
    if isinstance(out, np.ndarray):
        if out.ndim == 1 and out.shape[0] == n:
            return None, "shape", (f"it returned an array of shape ({n},) (one loss per "
                                   "example?); expected one number: their mean.")
        return None, "shape", (f"it returned an array of shape {out.shape}; expected one "
                               "number (a float, e.g. `float(loss)`).")
    try:
        return np.asarray(float(out)), "", ""
    except OverflowError:          # an integer beyond float range: reported as inf
        return np.asarray(np.inf), "", ""


def _as_array(out: object, shape: tuple[int, ...]) -> tuple[np.ndarray | None, str, str]:
    """(value, problem, detail) for an output that must be an array of ``shape``."""
    if isinstance(out, (numbers.Number, np.generic)) and not isinstance(out, np.ndarray):
        return None, "type", f"it returned one number; expected an array of shape {shape}."
    if not isinstance(out, np.ndarray):
        return None, "type", (f"it returned {_describe(out)}; expected a numpy array of shape "
                              f"{shape}.")
    if out.dtype == bool or not np.issubdtype(out.dtype, np.number) or np.iscomplexobj(out):
        return None, "type", f"it returned an array of dtype {out.dtype}; expected floats."
    if out.shape != shape:
        also = " (transposed?)" if out.shape == shape[::-1] and len(shape) == 2 else ""
        return None, "shape", (f"it returned an array of shape {out.shape}; expected shape "
                               f"{shape}{also}.")
    return out.astype(np.float64), "", ""


def call(fn, case: Case, ex: Exercise, expected: np.ndarray | None = None) -> Outcome:
    """Run ``fn`` on a fresh copy of ``case`` and read its output."""
    args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in case.args)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            out = fn(*args)
        except Exception as exc:     # the reader's error, reported in one line
            return Outcome(None, "raised", f"it raised {_one_line(exc)}", error=type(exc))
    mutated = tuple(name for name, a, b in zip(ex.arg_names, case.args, args)
                    if isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True))
    if out is None:
        return Outcome(None, "none", "it returned None: did you forget `return`?", mutated)
    if ex.output == "number":
        value, problem, detail = _as_number(out, case)
    else:
        value, problem, detail = _as_array(out, expected.shape)
    if value is not None and not np.all(np.isfinite(value)):
        bad = "nan" if np.isnan(value).any() else "inf"
        problem, detail = "nonfinite", f"it returned {bad}" + (
            "." if value.ndim == 0 else f" in {np.sum(~np.isfinite(value))} entries.")
    return Outcome(value, problem or None, detail, mutated, raw=out)


def _differs(got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Where ``got`` (shaped like ``expected``) is beyond :data:`RTOL` (relative) and
    :data:`ATOL` times the largest expected magnitude, or not finite."""
    scale = max(1.0, float(np.max(np.abs(expected)))) if expected.size else 1.0
    with np.errstate(invalid="ignore", over="ignore"):
        ok = np.abs(got - expected) <= RTOL * np.abs(expected) + ATOL * scale
    return ~ok


def close(got: np.ndarray, expected: np.ndarray) -> bool:
    """``got`` equals ``expected`` within the tolerances (shape included)."""
    return got.shape == expected.shape and not np.any(_differs(got, expected))


def same(a: Outcome, b: Outcome) -> bool:
    """The reader's outcome ``a`` equals a variant's ``b`` (both non-finite counts as equal)."""
    if a.value is None or b.value is None or a.value.shape != b.value.shape:
        return False
    bad_a, bad_b = not np.all(np.isfinite(a.value)), not np.all(np.isfinite(b.value))
    if bad_a or bad_b:
        return bad_a and bad_b
    return close(a.value, b.value)


_EXPECTED: dict[str, tuple[np.ndarray, ...]] = {}
_VARIANTS: dict[tuple[str, int, int], tuple[Outcome, ...]] = {}


def expected_values(ex: Exercise) -> tuple[np.ndarray, ...]:
    """The reference's output on every hidden case (computed once)."""
    if ex.name not in _EXPECTED:
        _EXPECTED[ex.name] = tuple(np.asarray(ex.reference(*c.args), dtype=np.float64)
                                   for c in ex.cases())
    return _EXPECTED[ex.name]


def variant_outcomes(ex: Exercise, i: int, j: int) -> tuple[Outcome, ...]:
    """Variant ``j`` of mistake ``i`` run on every hidden case (computed once)."""
    key = (ex.name, i, j)
    if key not in _VARIANTS:
        fn = ex.mistakes[i].variants[j]
        _VARIANTS[key] = tuple(call(fn, c, ex, e) for c, e in zip(ex.cases(), expected_values(ex)))
    return _VARIANTS[key]


def recognised(ex: Exercise, outcomes: list[Outcome]) -> list[str]:
    """The hints of the known mistakes whose variants the reader's outputs match on every case,
    in the exercise's order (the most common mistake first)."""
    if any(o.value is None for o in outcomes):
        return []
    hints = []
    for i, mistake in enumerate(ex.mistakes):
        for j in range(len(mistake.variants)):
            if all(same(o, v) for o, v in zip(outcomes, variant_outcomes(ex, i, j))):
                hints.append(mistake.hint)
                break
    return hints


def _failed_case(ex: Exercise, case: Case, expected: np.ndarray, outcome: Outcome,
                 why: str) -> FailedCase:
    if outcome.value is None:
        got = outcome.raw            # what the function returned (None if it raised)
    else:
        got = float(outcome.value) if outcome.value.ndim == 0 else outcome.value
    return FailedCase(case.label, dict(zip(ex.arg_names, case.args)),
                      float(expected) if expected.ndim == 0 else expected, got, why)


def _smallest(cases: list[Case], indices: list[int]) -> int:
    return min(indices, key=lambda k: (cases[k].size, k))


def _mutation_hint(ex: Exercise, outcomes: list[Outcome]) -> list[str]:
    names = sorted({n for o in outcomes for n in o.mutated}, key=ex.arg_names.index)
    if not names:
        return []
    return [ex.mutation_hint or _GENERIC_MUTATION.format(names=" and ".join(names))]


def _why(outcome: Outcome, expected: np.ndarray) -> str:
    if outcome.problem:
        return outcome.detail
    if outcome.value is not None and not close(outcome.value, expected):
        if expected.ndim == 0:
            return (f"expected {float(expected):.6g}, got {float(outcome.value):.6g}.")
        if expected.size == 1:
            return "its one entry differs from the expected one."
        wrong = int(np.sum(_differs(outcome.value, expected)))
        return f"{wrong} of {expected.size} entries differ from the expected ones."
    return f"it changed {' and '.join(outcome.mutated)} in place."


def run(ex: Exercise, fn) -> CheckResult:
    """Check ``fn`` against the exercise ``ex`` (arguments already checked)."""
    cases = list(ex.cases())
    expected = expected_values(ex)
    if is_stub(fn):
        return CheckResult(ex.name, "not written", len(cases))
    outcomes = [call(fn, c, ex, e) for c, e in zip(cases, expected)]
    if any(o.error is NotImplementedError for o in outcomes):
        return CheckResult(ex.name, "not written", len(cases))
    raised = [k for k, o in enumerate(outcomes) if o.problem == "raised"]
    if raised:
        k = _smallest(cases, raised)
        hints = [ex.stability_hint] if (ex.stability_hint and cases[k].large
                                        and issubclass(outcomes[k].error, _OVERFLOWS)) else []
        return CheckResult(ex.name, "error", len(cases), len(raised), hints,
                           _failed_case(ex, cases[k], expected[k], outcomes[k],
                                        outcomes[k].detail))
    failing = [k for k, (o, e) in enumerate(zip(outcomes, expected))
               if o.problem or o.mutated or not close(o.value, e)]
    if not failing:
        return CheckResult(ex.name, "passed", len(cases), notes=_speed_notes(ex, fn))
    hints = recognised(ex, outcomes)
    if not hints and ex.stability_hint and all(cases[k].large for k in failing):
        hints = [ex.stability_hint]
    hints += _mutation_hint(ex, outcomes)
    k = _smallest(cases, failing)
    return CheckResult(ex.name, "failed", len(cases), len(failing), hints,
                       _failed_case(ex, cases[k], expected[k], outcomes[k],
                                    _why(outcomes[k], expected[k])), show_case=not hints)


def _best_time(fn, args: tuple, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - start)
    return best


def _speed_notes(ex: Exercise, fn) -> tuple[str, ...]:
    """A note if ``fn`` is over :data:`SLOWER` times slower than the reference on ``ex.timed``."""
    if ex.timed is None:
        return ()
    label, args = ex.timed
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            ratio = _best_time(fn, args, repeat=1) / _best_time(ex.reference, args)
            if ratio > SLOWER:   # a second look, so that one slow moment is not reported
                ratio = _best_time(fn, args) / _best_time(ex.reference, args)
        except Exception:        # it passed the hidden cases; the timing is only a remark
            return ()
    return (_SLOW_NOTE.format(times=SLOWER, case=label),) if ratio > SLOWER else ()
