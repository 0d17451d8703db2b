"""Hostile input to the explorers (issue 14): their Python faces and their controls.

Two parts, on the model of ``tests/test_hostile_inputs.py`` (whose ``Arg``, ``fixed_hostile`` and
scalar lists are reused here):

1. Every public function of the ``lossbook.widgets.chNN_*`` modules (enumerated with
   :mod:`inspect`; a function without a case fails) gets a valid baseline call; one argument at
   a time is replaced by a hostile value (None, a string, an object array of numeric strings, a
   0-d array, a bool, NaN, ±inf, complex, the wrong ndim, a ragged list, an empty array, an
   integer beyond float range, a label of 2**40 at a position hypothesis chooses) and the call
   must raise a ValueError or TypeError naming the argument, never another exception type and
   never a silent NaN or inf.  Counts (points, steps, grid sizes) have a stated upper bound.
2. Every control of every explorer: ``explorer.set(control=hostile)`` and the plain assignment
   ``explorer.control = hostile`` must be refused with an error naming the control, and leave
   ``params()`` and ``readout()`` as they were.  A number control (``widgets.base.Real``) raises
   a ``ControlError``, both a ValueError and a traitlets TraitError; the other traits (lists,
   choices, flags) raise traitlets' own :class:`traitlets.TraitError`, which derives from
   ``Exception`` only: it is accepted for them beside ValueError and TypeError, on the same
   conditions (it names the control and changes nothing).

Extreme but valid values (a huge or tiny temperature, a tiny scale) are checked against
independent computations (closed forms, scipy).
"""
from __future__ import annotations

import dataclasses
import inspect
import math
from functools import lru_cache

import numpy as np
import pytest
import traitlets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import special, stats

from test_hostile_inputs import FIXED, SCALAR_HOSTILE, Arg, arr, fixed_hostile, labels
from lossbook.widgets import (ch01_semantic_gap as ch01, ch02_linear_classifier as ch02,
                              ch03_svm_loss as ch03, ch04_softmax as ch04,
                              ch05_svm_vs_softmax as ch05, ch06_regression_losses as ch06,
                              ch07_classification_losses as ch07, ch08_regularization as ch08)

MODULES = (ch01, ch02, ch03, ch04, ch05, ch06, ch07, ch08)

# --- small valid data -------------------------------------------------------------------------
RNG = np.random.default_rng(0)
IMG = RNG.integers(0, 256, (6, 7, 3), dtype=np.uint8)
IMG2 = np.full_like(IMG, 128)
S = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0]])
Y2 = np.array([0, 1])
X4 = np.array([[0.5, -1.0], [1.5, 0.3], [-0.2, 0.8], [1.0, 1.0]])
Y4 = np.array([0, 1, 2, 1])
Y01 = np.array([0, 1, 1, 0])
TARGETS = np.array([0.1, -0.9, 2.3, 1.7])
SVM_RESULT = ch03.compute(S, Y2)
SOFTMAX_RESULT = ch04.compute(S[0], 0)
SMALL_DATA = ch08.make_data(4, seed=1)

REAL, INT, FLAG, SEED, CHOICE = Arg("real"), Arg("int"), Arg("flag"), Arg("seed"), Arg("choice")
COUNT = Arg("count")          # an integer with a stated upper bound
NAMES, TEXT, RESULT, DATA = Arg("names"), Arg("text"), Arg("result"), Arg("data")
PLAIN = {"W": arr(2), "b": arr(1), "X": arr(2), "y": labels(), "loss": CHOICE,
         "reg_strength": REAL, "margin": REAL}


@dataclasses.dataclass
class Case:
    call: object
    kwargs: dict
    args: dict
    #: result fields that may hold NaN or inf by design (documented in the result's class)
    nonfinite_ok: tuple[str, ...] = ()


CASES: dict[str, Case] = {
    "ch01.compute": Case(ch01.compute, {"image": IMG, "challenge": "viewpoint", "strength": 0.5,
                                        "reference": IMG2, "seed": 0},
                         {"image": Arg("image"), "challenge": CHOICE, "strength": REAL,
                          "reference": Arg("image", optional=True), "seed": SEED}),
    "ch01.png_base64": Case(ch01.png_base64, {"image": IMG}, {"image": Arg("image")}),
    "ch02.compute": Case(ch02.compute, {"W": ch02.DEMO_W, "b": ch02.DEMO_B, "X": X4, "y": Y4,
                                        "loss": "svm", "reg_strength": 0.1, "margin": 1.0},
                         PLAIN),
    "ch02.gradient_step": Case(ch02.gradient_step,
                               {"W": ch02.DEMO_W, "b": ch02.DEMO_B, "X": X4, "y": Y4,
                                "loss": "softmax", "reg_strength": 0.1, "learning_rate": 0.1,
                                "margin": 1.0},
                               {**PLAIN, "learning_rate": REAL}),
    "ch02.gradient_steps": Case(ch02.gradient_steps,
                                {"W": ch02.DEMO_W, "b": ch02.DEMO_B, "X": X4, "y": Y4,
                                 "loss": "svm", "reg_strength": 0.1, "learning_rate": 0.1,
                                 "n": 2, "margin": 1.0},
                                {**PLAIN, "learning_rate": REAL, "n": COUNT}),
    "ch02.snap": Case(ch02.snap, {"values": ch02.DEMO_W}, {"values": arr()}),
    "ch03.compute": Case(ch03.compute, {"scores": S, "y": Y2, "margin": 1.0, "squared": False},
                         {"scores": arr(2), "y": labels(), "margin": REAL, "squared": FLAG},
                         nonfinite_ok=("differences",)),      # NaN at j = y_i
    "ch03.explain": Case(ch03.explain, {"result": SVM_RESULT, "class_names": ("a", "b", "c"),
                                        "image_names": ("i", "j")},
                         {"result": RESULT, "class_names": NAMES, "image_names": NAMES}),
    "ch04.compute": Case(ch04.compute, {"scores": S[0], "y": 0, "temperature": 2.0},
                         {"scores": arr(1), "y": INT, "temperature": REAL}),
    "ch04.explain": Case(ch04.explain, {"result": SOFTMAX_RESULT,
                                        "class_names": ("a", "b", "c"), "name": "cat"},
                         {"result": RESULT, "class_names": NAMES, "name": TEXT}),
    "ch05.compute": Case(ch05.compute, {"other_scores": np.array([9.0, 2.0]),
                                        "correct_score": 10.0, "margin": 1.0,
                                        "grid": np.linspace(-1.0, 1.0, 5)},
                         {"other_scores": arr(1), "correct_score": REAL, "margin": REAL,
                          "grid": arr(1, optional=True)}),
    "ch06.compute_densities": Case(ch06.compute_densities,
                                   {"sigma": 0.8, "b": 0.5, "residual": 0.5, "r_max": 6.0,
                                    "num": 11},
                                   {"sigma": REAL, "b": REAL, "residual": REAL, "r_max": REAL,
                                    "num": COUNT}),
    "ch06.compute_outliers": Case(ch06.compute_outliers, {"n_outliers": 2, "outlier_size": 4.0,
                                                          "n": 12},
                                  {"n_outliers": COUNT, "outlier_size": REAL, "n": COUNT}),
    "ch06.mixture_data": Case(ch06.mixture_data, {"n": 20, "seed": 0},
                              {"n": COUNT, "seed": SEED}),
    "ch06.compute_mixture": Case(ch06.compute_mixture,
                                 {"weight1": 0.3, "loc1": -1.0, "loc2": 2.0, "scale1": 0.5,
                                  "scale2": 1.5, "data": TARGETS, "grid": np.linspace(-2, 2, 5)},
                                 {"weight1": REAL, "loc1": REAL, "loc2": REAL, "scale1": REAL,
                                  "scale2": REAL, "data": arr(1),
                                  "grid": arr(1, optional=True)}),
    "ch07.compute_temperature": Case(ch07.compute_temperature,
                                     {"scores": S[0], "temperature": 0.5},
                                     {"scores": arr(1), "temperature": REAL}),
    "ch07.compute_logistic": Case(ch07.compute_logistic,
                                  {"w1": 1.0, "w2": 0.5, "b": 0.1, "X": X4, "y": Y01,
                                   "resolution": 5},
                                  {"w1": REAL, "w2": REAL, "b": REAL, "X": arr(2),
                                   "y": labels(), "resolution": COUNT}),
    "ch08.make_data": Case(ch08.make_data, {"n_per_class": 4, "seed": 1, "noise": 1.0},
                           {"n_per_class": COUNT, "seed": SEED, "noise": REAL}),
    "ch08.compute": Case(ch08.compute, {"penalty": "l1", "reg_strength": 0.1,
                                        "data": SMALL_DATA, "W": np.ones((3, 2)),
                                        "b": np.zeros(3), "beta": 0.5},
                         {"penalty": CHOICE, "reg_strength": REAL, "data": DATA,
                          "W": arr(2, optional=True), "b": arr(1, optional=True),
                          "beta": REAL}),
}


def public_functions():
    names = set()
    for mod in MODULES:
        short = mod.__name__.rsplit(".", 1)[1].split("_")[0]
        for name, obj in inspect.getmembers(mod, inspect.isfunction):
            if not name.startswith("_") and obj.__module__ == mod.__name__:
                names.add(f"{short}.{name}")
    return names


def test_every_public_function_has_a_case():
    assert public_functions() == set(CASES)


def assert_finite(out, allowed=()):
    """Every number in a result is finite, but in the fields ``allowed`` to be non-finite."""
    if dataclasses.is_dataclass(out):
        out = [getattr(out, f.name) for f in dataclasses.fields(out) if f.name not in allowed]
    if isinstance(out, dict):
        out = [v for k, v in out.items() if k not in allowed]
    if isinstance(out, (list, tuple)):
        for item in out:
            assert_finite(item, allowed)
    elif isinstance(out, (float, np.floating, np.ndarray)) and np.asarray(out).dtype.kind in "fc":
        assert np.all(np.isfinite(out)), f"a silent non-finite result: {out!r:.200}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_baseline_is_valid_and_every_argument_is_described(name):
    case = CASES[name]
    params = inspect.signature(case.call).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
    assert takes_any or set(case.args) <= set(params), "an argument the function does not take"
    assert set(case.kwargs) == set(case.args), "every baseline argument has a kind"
    assert_finite(case.call(**case.kwargs), case.nonfinite_ok)


def expect_named_error(name, arg_name, kwargs):
    case = CASES[name]
    try:
        out = case.call(**kwargs)
    except (ValueError, TypeError) as exc:
        assert type(exc) in (ValueError, TypeError), f"{type(exc).__name__}: {exc}"
        assert arg_name in str(exc), f"the message does not name {arg_name}: {exc}"
        return
    pytest.fail(f"{name} accepted a hostile {arg_name}; returned {out!r:.200}")


# --- arrays -----------------------------------------------------------------------------------
def array_arguments():
    return [(name, a) for name, case in sorted(CASES.items())
            for a, spec in case.args.items() if spec.kind in ("array", "labels", "image")]


def image_hostile(kind, value):
    """Hostile images: an (H, W, 3) uint8 array is the only valid kind."""
    if kind == "zero_d":
        return np.array(3, dtype=np.uint8)
    if kind == "wrong_ndim":
        return value[..., 0]
    if kind == "empty":
        return value[:0]
    if kind == "huge_int":
        return value.astype(np.int64) + 2 ** 40
    return fixed_hostile(kind, value, Arg("array", ndim=(3,)))


@pytest.mark.parametrize("kind", FIXED + ("float_image",))
@pytest.mark.parametrize("name, arg", array_arguments())
def test_fixed_hostile_array(name, arg, kind):
    case = CASES[name]
    spec = case.args[arg]
    if spec.kind == "image":
        bad = value = case.kwargs[arg]
        bad = value / 255.0 if kind == "float_image" else image_hostile(kind, value)
    elif kind == "float_image":
        pytest.skip("not an image")
    else:
        bad = fixed_hostile(kind, case.kwargs[arg], spec)
    if bad is None and spec.optional:
        pytest.skip("None is valid here")
    expect_named_error(name, arg, {**case.kwargs, arg: bad})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("name, arg", [(n, a) for n, a in array_arguments()
                                       if CASES[n].args[a].kind != "image"])
def test_one_bad_entry(name, arg, data):
    """One entry, at a position hypothesis chooses, made NaN, ±inf or complex; for labels, one
    label made 2**40."""
    case = CASES[name]
    spec = case.args[arg]
    value = np.array(case.kwargs[arg])
    pos = data.draw(st.integers(0, value.size - 1), label="position")
    kinds = ["nan", "inf", "complex"] + (["huge_label"] if spec.kind == "labels" else [])
    kind = data.draw(st.sampled_from(kinds), label="kind")
    if kind == "huge_label":
        bad = value.astype(np.int64)
        bad.flat[pos] = 2 ** 40
    elif kind == "complex":
        bad = value.astype(complex)
        bad.flat[pos] += 1j
    else:
        bad = value.astype(float)
        bad.flat[pos] = np.nan if kind == "nan" else data.draw(st.sampled_from([np.inf, -np.inf]))
    expect_named_error(name, arg, {**case.kwargs, arg: bad})


# --- scalars, counts, names, results ----------------------------------------------------------
HOSTILE = {
    **SCALAR_HOSTILE,
    "count": SCALAR_HOSTILE["int"] + [-1, 10 ** 9, 2 ** 70],
    "names": [None, "abc", 3, ("a",), ("a", "b", "c", "d", "e")],
    "text": [None, 3, b"cat", ["cat"]],
    "result": [None, "result", 3, {"scores": S}],
    "data": [None, "data", (X4, Y4, X4, Y4), {"X_train": X4}],
    "image": [],
}


def scalar_arguments():
    return [(name, a, i) for name, case in sorted(CASES.items())
            for a, spec in case.args.items() if spec.kind in HOSTILE
            for i in range(len(HOSTILE[spec.kind]))]


@pytest.mark.parametrize("name, arg, i", scalar_arguments())
def test_hostile_scalar(name, arg, i):
    case = CASES[name]
    spec = case.args[arg]
    bad = HOSTILE[spec.kind][i]
    default = inspect.signature(case.call).parameters.get(arg)
    if bad is None and default is not None and default.default is None:
        pytest.skip("None is this argument's documented default")
    expect_named_error(name, arg, {**case.kwargs, arg: bad})


def test_counts_are_bounded_with_a_clear_message():
    """A count that would allocate gigabytes is refused before anything is allocated."""
    for name, case in CASES.items():
        for a, spec in case.args.items():
            if spec.kind == "count":
                bounded = rf"{a} must be (an integer (in \[|<=)|at most)"
                with pytest.raises(ValueError, match=bounded):
                    case.call(**{**case.kwargs, a: 10 ** 9})


# --- extreme but valid values: finite and correct ----------------------------------------------
@pytest.mark.parametrize("temperature", [1e-3, 1e-300, 1e300, 1e308])
def test_softmax_temperature_extremes(temperature):
    s = np.array([3.2, 5.1, -1.7])
    r = ch04.compute(s, 0, temperature)
    z = s / temperature                          # finite for these temperatures but 1e-300
    with np.errstate(over="ignore"):
        want = special.softmax(z) if np.all(np.isfinite(z)) else (s == s.max()).astype(float)
        want_loss = -special.log_softmax(z)[0] if np.all(np.isfinite(z)) else math.inf
    np.testing.assert_allclose(r.probs, want, rtol=1e-12, atol=1e-300)
    assert math.isfinite(r.loss) == math.isfinite(want_loss)
    if math.isfinite(want_loss):
        assert r.loss == pytest.approx(want_loss, rel=1e-12)
    t = ch07.compute_temperature(s, temperature)
    np.testing.assert_allclose(t.probs, want, rtol=1e-12, atol=1e-300)
    want_h = float(stats.entropy(want)) if np.all(np.isfinite(want)) else 0.0
    assert t.entropy == pytest.approx(want_h, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("scale", [1e-3, 1e-8, 1e3, 1e8])
def test_density_extremes(scale):
    r = ch06.compute_densities(scale, scale, residual=0.5e-3)
    assert r.gaussian_pdf == pytest.approx(stats.norm.pdf(0.5e-3, scale=scale), rel=1e-9)
    assert r.laplace_pdf == pytest.approx(stats.laplace.pdf(0.5e-3, scale=scale), rel=1e-9)
    assert r.gaussian_nll == pytest.approx(-stats.norm.logpdf(0.5e-3, scale=scale), rel=1e-9)
    # scipy's laplace.logpdf takes the log of an underflowed pdf: the closed form instead
    assert r.laplace_nll == pytest.approx(math.log(2 * scale) + 0.5e-3 / scale, rel=1e-12)
    assert r.gaussian_tail == pytest.approx(2 * stats.norm.sf(3.0, scale=scale), rel=1e-9,
                                            abs=1e-300)
    assert r.laplace_tail == pytest.approx(2 * stats.laplace.sf(3.0, scale=scale), rel=1e-9,
                                           abs=1e-300)
    assert_finite(r)


@pytest.mark.parametrize("scale", [1e-6, 1e6])
def test_mixture_extreme_scale(scale):
    r = ch06.compute_mixture(0.3, -1.0, 2.0, scale, 1.5, TARGETS, grid=np.linspace(-2, 2, 5))
    want = -np.log(0.3 * stats.laplace.pdf(TARGETS, -1.0, scale)
                   + 0.7 * stats.laplace.pdf(TARGETS, 2.0, 1.5)).mean()
    assert r.data_nll == pytest.approx(want, rel=1e-9)
    assert_finite(r)


# --- the explorers' controls ------------------------------------------------------------------
def _bad_floats(lo, hi):
    return [None, "1.0", True, math.nan, math.inf, -math.inf, 1 + 1j, 2 ** 1100,
            np.array([1.0, 2.0]), [1.0], lo - 1.0, hi + 1.0]


CONTROL_HOSTILE = {
    "float": _bad_floats,
    "int": lambda lo, hi: [None, "3", 2.5, math.nan, True, 2 ** 70, lo - 1, hi + 1],
    "choice": lambda *_: [None, 1, "no-such-thing", b"l2", ["l2"]],
    "flag": lambda *_: [None, "False", 2, 0.5, [True]],
    "vector": lambda *_: [None, "abc", [math.nan, 1.0, 1.0], [math.inf, 1.0, 1.0],
                          [1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [[1.0, 2.0], [3.0]],
                          [1 + 1j, 1.0, 1.0], [99.0, 0.0, 0.0], ["1", "2", "3"]],
    "matrix": lambda *_: [None, "abc", [[math.nan, 1.0]] * 3, [[1.0, 2.0], [3.0]],
                          [[1.0, 2.0]] * 2, [1.0, 2.0, 3.0], [[math.inf, 1.0]] * 3,
                          [[1 + 1j, 1.0]] * 3],
}


def _ch03():
    return ch03.SvmExplorer(scores=[[3.2, 5.1], [1.3, 4.9], [2.2, 2.5]], y=[0, 1, 1])


EXPLORERS = {
    "ChallengeExplorer": (lambda: ch01.ChallengeExplorer(image=IMG),
                          {"challenge": "choice", "strength": "float"}),
    "LinearExplorer": (ch02.LinearExplorer, {"dataset": "choice", "W": "matrix", "b": "vector",
                                             "loss": "choice", "reg_strength": "float",
                                             "learning_rate": "float"}),
    "SvmExplorer": (_ch03, {"scores": "matrix", "margin": "float", "squared": "flag"}),
    "SoftmaxExplorer": (ch04.SoftmaxExplorer, {"scores": "vector", "temperature": "float",
                                               "y": "int"}),
    "SvmVsSoftmaxExplorer": (ch05.SvmVsSoftmaxExplorer, {"example": "choice",
                                                         "correct_score": "float",
                                                         "margin": "float"}),
    "DensitiesExplorer": (ch06.DensitiesExplorer, {"sigma": "float", "b": "float",
                                                   "residual": "float"}),
    "OutlierExplorer": (ch06.OutlierExplorer, {"n_outliers": "int", "outlier_size": "float"}),
    "MixtureExplorer": (ch06.MixtureExplorer, {c: "float" for c in ("weight1", "loc1", "loc2",
                                                                    "scale1", "scale2")}),
    "TemperatureExplorer": (ch07.TemperatureExplorer, {"temperature": "float",
                                                       "scores": "vector"}),
    "LogisticExplorer": (ch07.LogisticExplorer, {"w1": "float", "w2": "float", "b": "float"}),
    "LambdaExplorer": (ch08.LambdaExplorer, {"penalty": "choice", "reg_strength": "float"}),
}


def test_every_explorer_and_control_has_a_case():
    classes = {name for mod in MODULES for name, obj in inspect.getmembers(mod, inspect.isclass)
               if obj.__module__ == mod.__name__ and issubclass(obj, traitlets.HasTraits)}
    assert classes == set(EXPLORERS)
    for name, (make, controls) in EXPLORERS.items():
        assert set(make().params()) == set(controls), name


@lru_cache(maxsize=None)
def explorer(name):
    return EXPLORERS[name][0]()


def control_cases():
    out = []
    for name, (_, controls) in sorted(EXPLORERS.items()):
        for control, kind in controls.items():
            n = len(CONTROL_HOSTILE[kind](0.0, 1.0))
            out += [pytest.param(name, control, i, id=f"{name}-{control}-{i}") for i in range(n)]
    return out


def _bounds(e, control):
    """The control's valid range: its trait's bounds, or the classes for a class index."""
    trait = e.traits()[control]
    if control == "y":
        return 0, len(e.class_names) - 1
    lo, hi = getattr(trait, "min", None), getattr(trait, "max", None)
    return (0.0 if lo is None else lo), (1.0 if hi is None else hi)


def _snapshot(e):
    return repr(e.params()), repr(dict(e.readout()))


@pytest.mark.parametrize("how", ["set", "assign"])
@pytest.mark.parametrize("name, control, i", control_cases())
def test_hostile_control_is_refused_and_changes_nothing(name, control, i, how):
    """``explorer.set(control=bad)`` and ``explorer.control = bad`` alike.  A number control
    (``widgets.base.Real``) refuses with a ControlError, a ValueError as well as a TraitError."""
    e = explorer(name)
    kind = EXPLORERS[name][1][control]
    lo, hi = _bounds(e, control)
    bad = CONTROL_HOSTILE[kind](lo, hi)[i]
    before = _snapshot(e)
    good = e.params()
    expected = (ValueError, TypeError) if kind == "float" else (
        ValueError, TypeError, traitlets.TraitError)
    try:
        with pytest.raises(expected) as info:
            if how == "set":
                e.set(**{control: bad})
            else:
                setattr(e, control, bad)
        assert control in str(info.value), f"{type(info.value).__name__}: {info.value}"
        assert _snapshot(e) == before, f"{control}={bad!r} changed the explorer"
    finally:
        if e.params() != good:  # keep the cached explorer valid for the next case
            e.set(**good)


def test_a_step_that_overflows_names_learning_rate():
    """A finite but huge step size would give W = ±inf: refused by name, not returned."""
    with pytest.raises(ValueError, match="learning_rate"):
        ch02.gradient_step(ch02.DEMO_W, ch02.DEMO_B, 100 * X4, Y4, learning_rate=1e308)
    W, b = ch02.gradient_step(ch02.DEMO_W, ch02.DEMO_B, X4, Y4, learning_rate=1e-300)
    # a tiny step: W − η ∂L/∂W within 1e-290 of W (computed here from the gradient)
    st = ch02.compute(ch02.DEMO_W, ch02.DEMO_B, X4, Y4)
    np.testing.assert_allclose(W, ch02.DEMO_W - 1e-300 * st.dW, rtol=1e-15, atol=1e-310)
    np.testing.assert_allclose(b, ch02.DEMO_B - 1e-300 * st.db, rtol=1e-15, atol=1e-310)
    assert np.all(np.abs(W - ch02.DEMO_W) < 1e-290)
