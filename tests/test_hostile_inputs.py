"""Hostile inputs to every public function: a ValueError or TypeError naming the argument.

The public functions of ``lossbook.linear``, ``regpath``, ``knn``, ``gradcheck``, ``losses``,
``regression``, ``logistic`` and ``regularization`` are enumerated with :mod:`inspect`; each has a hand-made baseline call below
(``CASES``: valid arguments, and the kind of each argument).  One argument at a time is replaced
by a hostile value — ``None``, a string, an object array of numeric strings, a 0-d array, a bool,
NaN, ±inf, a complex number, the wrong number of dimensions, a ragged list, an empty array, an
integer beyond float range, a label of 2**40 — and the call must raise a ValueError or TypeError
whose message contains the argument's name: never another exception type (IndexError,
AttributeError, ZeroDivisionError, UFuncTypeError, OverflowError, MemoryError...), never a
silent result holding NaN.  Where a value is hostile only by its position (NaN in one entry,
2**40 as one label), hypothesis chooses the position.

A label of 2**40 is legitimate where no number of classes is formed from it (``accuracy``, the
nearest-neighbour vote): there the call must succeed with a finite result, and quickly (no array
of 2**40 counts).
"""
from __future__ import annotations

import dataclasses
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lossbook import gradcheck, knn, linear, logistic, losses, regpath, regression, regularization

MODULES = (linear, regpath, knn, gradcheck, losses, regression, logistic, regularization)

# --- small valid data -------------------------------------------------------------------------
S = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0]])        # scores (2, 3)
Y2 = np.array([0, 1])
X = np.array([[0.5, -1.0], [1.5, 0.3], [-0.2, 0.8], [1.0, 1.0]])   # (4, 2)
Y = np.array([0, 1, 2, 1])
W = np.array([[0.1, -0.2], [0.0, 0.3], [-0.1, 0.1]])     # (3, 2)
B = np.array([0.0, 0.1, -0.1])
XR = np.array([0.0, 1.0, 2.0, 3.0])                       # regression inputs (4,)
YR = np.array([0.1, 0.9, 2.2, 2.9])
PRED, TARGET = np.array([0.5, 1.0, -0.5]), np.array([0.0, 1.5, -0.5])
A = np.array([[2.0, 0.5], [0.5, 1.0]])
WL, Y01 = np.array([0.3, -0.2]), np.array([0, 1, 1, 0])   # logistic regression: w (2,), 0/1 labels
MODEL = knn.train(X, Y)


def sum_of_squares(v):
    return float(np.sum(np.asarray(v) ** 2))


@dataclass
class Arg:
    """One argument of a case: its ``kind`` and, for arrays, the numbers of dimensions that are
    valid (``None``: any, including 0-d) and whether an empty array is valid."""
    kind: str                       # array, labels, real, int, flag, seed, choice, callable, model
    ndim: tuple[int, ...] | None = None
    allow_empty: bool = False
    huge_label_ok: bool = False     # a label of 2**40 is a valid label here
    optional: bool = False          # None is a valid value


@dataclass
class Case:
    call: Callable
    kwargs: dict
    args: dict[str, Arg] = field(default_factory=dict)


def arr(*ndim, **kw):
    return Arg("array", ndim=ndim or None, **kw)


def labels(**kw):
    return Arg("labels", ndim=(1,), **kw)


REAL, INT, FLAG, SEED, CHOICE = Arg("real"), Arg("int"), Arg("flag"), Arg("seed"), Arg("choice")
LINEAR_ARGS = {"W": arr(2), "b": arr(1), "X": arr(2), "y": labels()}
PROBLEM = {"X": X, "y": Y}
#: a two-component Laplace mixture (its NLL and its density take the same arguments)
MIXTURE = {"y": TARGET, "weights": np.array([0.3, 0.7]), "locs": np.array([0.0, 1.0]),
           "scales": np.array([1.0, 0.5])}
MIXTURE_KINDS = {"y": arr(0, 1), "weights": arr(1, 2), "locs": arr(1, 2), "scales": arr(1, 2)}

CASES: dict[str, Case] = {
    # lossbook.linear
    "linear.scores": Case(linear.scores, {"X": X, "W": W, "b": B},
                          {"X": arr(2), "W": arr(2), "b": arr(1)}),
    "linear.predict": Case(linear.predict, {"X": X, "W": W, "b": B},
                           {"X": arr(2), "W": arr(2), "b": arr(1)}),
    "linear.accuracy": Case(linear.accuracy, {"y_true": Y, "y_pred": np.array([0, 1, 1, 1])},
                            {"y_true": labels(huge_label_ok=True),
                             "y_pred": labels(huge_label_ok=True)}),
    "linear.init_params": Case(linear.init_params, {"n_features": 2, "n_classes": 3, "scale": 1e-3,
                                                    "seed": 0},
                               {"n_features": INT, "n_classes": INT, "scale": REAL, "seed": SEED}),
    "linear.loss_and_grad": Case(linear.loss_and_grad,
                                 {"W": W, "b": B, "X": X, "y": Y, "loss": "svm", "reg": "l2",
                                  "reg_strength": 0.1, "margin": 1.0, "beta": 0.5},
                                 {**LINEAR_ARGS, "loss": CHOICE, "reg": CHOICE, "reg_strength": REAL,
                                  "margin": REAL, "beta": REAL}),
    "linear.svm_loss_naive": Case(linear.svm_loss_naive,
                                  {"W": W, "b": B, "X": X, "y": Y, "margin": 1.0,
                                   "reg_strength": 0.1},
                                  {**LINEAR_ARGS, "margin": REAL, "reg_strength": REAL}),
    "linear.svm_loss_vectorized": Case(linear.svm_loss_vectorized,
                                       {"W": W, "b": B, "X": X, "y": Y, "margin": 1.0,
                                        "reg_strength": 0.1},
                                       {**LINEAR_ARGS, "margin": REAL, "reg_strength": REAL}),
    "linear.softmax_loss_naive": Case(linear.softmax_loss_naive,
                                      {"W": W, "b": B, "X": X, "y": Y, "reg_strength": 0.1},
                                      {**LINEAR_ARGS, "reg_strength": REAL}),
    "linear.softmax_loss_vectorized": Case(linear.softmax_loss_vectorized,
                                           {"W": W, "b": B, "X": X, "y": Y, "reg_strength": 0.1},
                                           {**LINEAR_ARGS, "reg_strength": REAL}),
    "linear.train_sgd": Case(linear.train_sgd,
                             {"X": X, "y": Y, "W": W, "b": B, "loss": "softmax", "reg": "l2",
                              "reg_strength": 0.1, "learning_rate": 0.1, "num_iters": 3,
                              "batch_size": 2, "margin": 1.0, "beta": 0.5, "seed": 0,
                              "verbose": False, "print_every": 1, "callback": None},
                             {**LINEAR_ARGS, "loss": CHOICE, "reg": CHOICE, "reg_strength": REAL,
                              "learning_rate": REAL, "num_iters": INT, "batch_size": INT,
                              "margin": REAL, "beta": REAL, "seed": SEED, "verbose": FLAG,
                              "print_every": INT, "callback": Arg("callable", optional=True)}),
    "linear.one_blas_thread": Case(linear.one_blas_thread, {"size": 10},
                                   {"size": Arg("int", optional=True)}),
    # lossbook.regpath
    "regpath.soft_threshold": Case(regpath.soft_threshold, {"V": W, "threshold": 0.05},
                                   {"V": arr(allow_empty=True), "threshold": REAL}),
    "regpath.lipschitz_constant": Case(regpath.lipschitz_constant, {"X": X, "loss": "softmax"},
                                       {"X": arr(2), "loss": CHOICE}),
    "regpath.objective": Case(regpath.objective,
                              {"W": W, "b": B, **PROBLEM, "loss": "softmax", "reg": "l2",
                               "reg_strength": 0.1, "beta": 0.5},
                              {**LINEAR_ARGS, "loss": CHOICE, "reg": CHOICE, "reg_strength": REAL,
                               "beta": REAL}),
    "regpath.fit": Case(regpath.fit,
                        {**PROBLEM, "W": W, "b": B, "loss": "softmax", "reg": "l1",
                         "reg_strength": 0.1, "beta": 0.5, "n_classes": None, "max_iter": 50,
                         "tol": 1e-6, "lipschitz": None},
                        {**LINEAR_ARGS, "loss": CHOICE, "reg": CHOICE, "reg_strength": REAL,
                         "beta": REAL, "n_classes": Arg("int", optional=True), "max_iter": INT,
                         "tol": REAL, "lipschitz": Arg("real", optional=True)}),
    "regpath.regularization_path": Case(regpath.regularization_path,
                                        {**PROBLEM, "reg_strengths": np.array([1.0, 0.1]),
                                         "loss": "softmax", "reg": "l2", "beta": 0.5,
                                         "n_classes": None, "max_iter": 50, "tol": 1e-3,
                                         "warm_start": True},
                                        {"X": arr(2), "y": labels(), "reg_strengths": arr(1),
                                         "loss": CHOICE, "reg": CHOICE, "beta": REAL,
                                         "n_classes": Arg("int", optional=True), "max_iter": INT,
                                         "tol": REAL, "warm_start": FLAG}),
    "regpath.lambda_max_l1": Case(regpath.lambda_max_l1,
                                  {**PROBLEM, "loss": "softmax", "n_classes": None},
                                  {"X": arr(2), "y": labels(), "loss": CHOICE,
                                   "n_classes": Arg("int", optional=True)}),
    "regpath.quadratic_optimum": Case(regpath.quadratic_optimum,
                                      {"A": A, "w_star": np.array([1.0, 0.5]), "reg": "l1",
                                       "reg_strength": 0.3, "beta": 0.5, "max_iter": 1000,
                                       "tol": 1e-10},
                                      {"A": arr(2), "w_star": arr(1), "reg": CHOICE,
                                       "reg_strength": REAL, "beta": REAL, "max_iter": INT,
                                       "tol": REAL}),
    # lossbook.knn
    "knn.pairwise_distances": Case(knn.pairwise_distances,
                                   {"X_test": X[:2], "X_train": X, "metric": "l2"},
                                   {"X_test": arr(2), "X_train": arr(2), "metric": CHOICE}),
    "knn.vote": Case(knn.vote, {"dists": knn.pairwise_distances(X[:2], X), "y_train": Y, "k": 3},
                     {"dists": arr(2), "y_train": labels(huge_label_ok=True), "k": INT}),
    "knn.train": Case(knn.train, {"images": X, "labels": Y},
                      {"images": arr(1, 2, 3, 4), "labels": labels(huge_label_ok=True)}),
    "knn.predict": Case(knn.predict, {"model": MODEL, "images": X[:2], "k": 3, "metric": "l1"},
                        {"model": Arg("model"), "images": arr(1, 2, 3, 4), "k": INT,
                         "metric": CHOICE}),
    "knn.neighbors": Case(knn.neighbors, {"model": MODEL, "images": X[:2], "k": 2,
                                          "metric": "l2"},
                          {"model": Arg("model"), "images": arr(1, 2, 3, 4), "k": INT,
                           "metric": CHOICE}),
    "knn.evaluate_k": Case(knn.evaluate_k, {"X_train": X, "y_train": Y, "X_val": X[:2],
                                            "y_val": Y2, "ks": (1, 3), "metric": "l1"},
                           {"X_train": arr(1, 2, 3, 4), "y_train": labels(huge_label_ok=True),
                            "X_val": arr(1, 2, 3, 4), "y_val": labels(huge_label_ok=True),
                            "metric": CHOICE}),
    # lossbook.gradcheck
    "gradcheck.numerical_gradient": Case(gradcheck.numerical_gradient,
                                         {"f": sum_of_squares, "x": W, "h": 1e-5},
                                         {"f": Arg("callable"), "x": arr(), "h": REAL}),
    "gradcheck.rel_error": Case(gradcheck.rel_error, {"a": W, "b": W + 1e-9, "eps": 1e-8},
                                {"a": arr(), "b": arr(), "eps": REAL}),
    "gradcheck.grad_check_sparse": Case(gradcheck.grad_check_sparse,
                                        {"f": sum_of_squares, "x": W, "analytic_grad": 2 * W,
                                         "num_checks": 3, "h": 1e-5, "seed": 0},
                                        {"f": Arg("callable"), "x": arr(),
                                         "analytic_grad": arr(), "num_checks": INT, "h": REAL,
                                         "seed": SEED}),
    # lossbook.losses
    "losses.softmax": Case(losses.softmax, {"scores": S, "axis": -1, "temperature": 2.0},
                           {"scores": arr(1, 2, 3, 4), "temperature": REAL}),
    "losses.log_softmax": Case(losses.log_softmax, {"scores": S, "axis": 1},
                               {"scores": arr(1, 2, 3, 4)}),
    "losses.sigmoid": Case(losses.sigmoid, {"z": PRED}, {"z": arr()}),
    **{f"losses.{fn.__name__}": Case(fn, {"scores": S, "y": Y2, "margin": 1.0,
                                          "squared": False, "reduction": "mean"},
                                     {"scores": arr(2), "y": labels(), "margin": REAL,
                                      "squared": FLAG, "reduction": CHOICE})
       for fn in (losses.svm_loss, losses.svm_loss_grad, losses.svm_loss_and_grad)},
    **{f"losses.{fn.__name__}": Case(fn, {"scores": S, "y": Y2, "reduction": "sum"},
                                     {"scores": arr(2), "y": labels(), "reduction": CHOICE})
       for fn in (losses.cross_entropy, losses.cross_entropy_grad,
                  losses.cross_entropy_and_grad)},
    **{f"losses.{fn.__name__}": Case(fn, {"logits": PRED, "y": np.array([1.0, 0.0, 0.5]),
                                          "reduction": "mean"},
                                     {"logits": arr(1, 2), "y": arr(1, 2), "reduction": CHOICE})
       for fn in (losses.binary_cross_entropy, losses.binary_cross_entropy_grad)},
    **{f"losses.{fn.__name__}": Case(fn, {"pred": PRED, "target": TARGET, "reduction": "none"},
                                     {"pred": arr(), "target": arr(), "reduction": CHOICE})
       for fn in (losses.l2_loss, losses.l2_loss_grad, losses.l1_loss, losses.l1_loss_grad)},
    "losses.gaussian_nll": Case(losses.gaussian_nll, {"pred": PRED, "target": TARGET,
                                                      "sigma": np.array([1.0, 0.5, 2.0])},
                                {"pred": arr(), "target": arr(), "sigma": arr()}),
    "losses.laplace_nll": Case(losses.laplace_nll, {"pred": PRED, "target": TARGET,
                                                    "b": np.array([1.0, 0.5, 2.0])},
                               {"pred": arr(), "target": arr(), "b": arr()}),
    "losses.laplace_mixture_nll": Case(losses.laplace_mixture_nll, MIXTURE, MIXTURE_KINDS),
    # lossbook.regression
    "regression.predict_line": Case(regression.predict_line,
                                    {"params": np.array([1.0, 0.1]), "x": XR},
                                    {"params": arr(1), "x": arr(1)}),
    **{f"regression.{fn.__name__}": Case(fn, {"params": np.array([1.0, 0.1]), "x": XR, "y": YR},
                                         {"params": arr(1), "x": arr(1), "y": arr(1)})
       for fn in (regression.l2_objective, regression.l1_objective)},
    "regression.fit_l2": Case(regression.fit_l2, {"x": XR, "y": YR},
                              {"x": arr(1), "y": arr(1)}),
    "regression.fit_l1": Case(regression.fit_l1, {"x": XR, "y": YR, "method": "irls",
                                                  "max_iter": 50, "eps": 1e-8},
                              {"x": arr(1), "y": arr(1), "method": CHOICE, "max_iter": INT,
                               "eps": REAL}),
    "regression.gaussian_log_likelihood": Case(regression.gaussian_log_likelihood,
                                               {"params": np.array([1.0, 0.1]), "x": XR, "y": YR,
                                                "sigma": 0.5},
                                               {"params": arr(1), "x": arr(1), "y": arr(1),
                                                "sigma": arr()}),
    "regression.laplace_log_likelihood": Case(regression.laplace_log_likelihood,
                                              {"params": np.array([1.0, 0.1]), "x": XR, "y": YR,
                                               "b": 0.5},
                                              {"params": arr(1), "x": arr(1), "y": arr(1),
                                               "b": arr()}),
    "regression.gaussian_pdf": Case(regression.gaussian_pdf, {"r": PRED, "sigma": 0.5},
                                    {"r": arr(), "sigma": REAL}),
    "regression.laplace_pdf": Case(regression.laplace_pdf, {"r": PRED, "b": 0.5},
                                   {"r": arr(), "b": REAL}),
    "regression.laplace_mixture_pdf": Case(regression.laplace_mixture_pdf, MIXTURE,
                                           MIXTURE_KINDS),
    "regression.fit_laplace": Case(regression.fit_laplace, {"y": YR}, {"y": arr(1)}),
    # lossbook.logistic
    **{f"logistic.{fn.__name__}": Case(fn, {"X": X, "w": WL, "b": 0.1},
                                       {"X": arr(2), "w": arr(1), "b": REAL})
       for fn in (logistic.logits, logistic.predict_proba, logistic.predict)},
    "logistic.loss_and_grad": Case(logistic.loss_and_grad,
                                   {"w": WL, "b": 0.1, "X": X, "y": Y01, "reg_strength": 0.1},
                                   {"w": arr(1), "b": REAL, "X": arr(2), "y": labels(),
                                    "reg_strength": REAL}),
    "logistic.train": Case(logistic.train,
                           {"X": X, "y": Y01, "learning_rate": 0.5, "num_iters": 3,
                            "reg_strength": 0.1, "init_scale": 0.01, "seed": 0},
                           {"X": arr(2), "y": labels(), "learning_rate": REAL, "num_iters": INT,
                            "reg_strength": REAL, "init_scale": REAL, "seed": SEED}),
    # lossbook.regularization (W of any shape; R of no weights is the empty sum 0)
    **{f"regularization.{fn.__name__}": Case(fn, {"W": W}, {"W": arr(allow_empty=True)})
       for fn in (regularization.l2, regularization.l2_grad, regularization.l1,
                  regularization.l1_grad)},
    **{f"regularization.{fn.__name__}": Case(fn, {"W": W, "beta": 0.5},
                                             {"W": arr(allow_empty=True), "beta": REAL})
       for fn in (regularization.elastic_net, regularization.elastic_net_grad)},
    **{f"regularization.{fn.__name__}": Case(fn, {"W": W, "reg": "elastic_net", "beta": 0.5},
                                             {"W": arr(allow_empty=True), "reg": CHOICE,
                                              "beta": REAL})
       for fn in (regularization.penalty, regularization.penalty_grad)},
    **{f"regularization.{fn.__name__}": Case(fn, {"W": W, "reg_strength": 0.1,
                                                  "reg": "elastic_net", "beta": 0.5},
                                             {"W": arr(allow_empty=True), "reg_strength": REAL,
                                              "reg": CHOICE, "beta": REAL})
       for fn in (regularization.reg_loss, regularization.reg_loss_grad)},
}


def public_functions():
    """``module.name`` of every public function of :data:`MODULES` (found with inspect)."""
    names = set()
    for mod in MODULES:
        short = mod.__name__.rsplit(".", 1)[1]
        for name, obj in inspect.getmembers(mod, inspect.isfunction):
            if not name.startswith("_") and obj.__module__ == mod.__name__:
                names.add(f"{short}.{name}")
    return names


def test_every_public_function_has_a_case():
    assert public_functions() == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_baseline_is_valid_and_every_argument_is_described(name):
    case = CASES[name]
    params = inspect.signature(case.call).parameters
    assert set(case.kwargs) <= set(params), "a baseline argument the function does not take"
    arrays = [p for p, a in case.args.items() if a.kind in ("array", "labels")]
    assert set(arrays) <= set(case.kwargs)
    assert_finite(case.call(**case.kwargs))


def assert_finite(out):
    """Every number in a result (floats, arrays, tuples, lists, dicts, dataclasses) is finite."""
    if dataclasses.is_dataclass(out):
        out = [getattr(out, f.name) for f in dataclasses.fields(out)]
    if isinstance(out, dict):
        out = list(out.values())
    if isinstance(out, (list, tuple)):
        for item in out:
            assert_finite(item)
    elif isinstance(out, (float, np.floating, np.ndarray)) and np.asarray(out).dtype.kind in "fc":
        assert np.all(np.isfinite(out)), f"a silent non-finite result: {out!r}"


def expect_named_error(name, arg_name, kwargs):
    """The call raises a ValueError or TypeError whose message names ``arg_name``."""
    case = CASES[name]
    try:
        out = case.call(**kwargs)
    except (ValueError, TypeError) as exc:
        assert type(exc) in (ValueError, TypeError), f"{type(exc).__name__}: {exc}"
        assert arg_name in str(exc), f"the message does not name {arg_name}: {exc}"
        return
    pytest.fail(f"{name} accepted a hostile {arg_name}; returned {out!r:.200}")


# --- hostile values ---------------------------------------------------------------------------
def wrong_ndim(value, allowed):
    """An array like ``value`` with a number of dimensions outside ``allowed`` (None if all
    numbers of dimensions >= 1 are allowed)."""
    for cand in (value[None], value.reshape(-1), value[None, None], value.reshape(1, 1, 1, 1, -1)):
        if cand.ndim not in allowed:
            return cand
    return None


FIXED = ("none", "string", "numeric_strings", "zero_d", "bool", "bool_array", "wrong_ndim",
         "ragged", "empty", "huge_int")


def fixed_hostile(kind, value, spec):
    """The hostile value of ``kind`` for an argument whose valid value is ``value``, or
    ``pytest.skip`` where that kind is a valid value for this argument."""
    value = np.asarray(value)
    is_labels = spec.kind == "labels"
    if kind == "none":
        return None
    if kind == "string":
        return "0, 1, 2"
    if kind == "numeric_strings":
        return np.array([str(v) for v in value.ravel()], dtype=object).reshape(value.shape)
    if kind == "zero_d":
        if spec.ndim is None or 0 in spec.ndim:
            pytest.skip("a single number is valid here")
        return np.array(1) if is_labels else np.array(1.5)
    if kind == "bool":
        return True
    if kind == "bool_array":
        return value != 0
    if kind == "wrong_ndim":
        if spec.ndim is None:
            pytest.skip("any number of dimensions is valid here")
        bad = wrong_ndim(value, spec.ndim)
        if bad is None:
            pytest.skip("every number of dimensions >= 1 is valid here")
        return bad
    if kind == "ragged":
        return [[0, 1], [1]] if is_labels else [[0.5, 1.0], [2.0]]
    if kind == "empty":
        if spec.allow_empty:
            pytest.skip("an empty array is valid here")
        return np.zeros((0,) + value.shape[1:], dtype=value.dtype)
    if kind == "huge_int":      # an integer beyond float range (numpy holds it as an object)
        out = value.astype(object)
        out.flat[0] = 2 ** 1100
        return out
    raise AssertionError(kind)


def array_arguments():
    return [(name, arg) for name, case in sorted(CASES.items())
            for arg, spec in case.args.items() if spec.kind in ("array", "labels")]


@pytest.mark.parametrize("kind", FIXED)
@pytest.mark.parametrize("name, arg", array_arguments())
def test_fixed_hostile_array(name, arg, kind):
    case = CASES[name]
    bad = fixed_hostile(kind, case.kwargs[arg], case.args[arg])
    expect_named_error(name, arg, {**case.kwargs, arg: bad})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("name, arg", array_arguments())
def test_one_bad_entry(name, arg, data):
    """One entry, at a position hypothesis chooses, made NaN, ±inf or complex; for labels, one
    label made 2**40 (an error, unless such a label is valid here: then a finite result)."""
    case = CASES[name]
    spec = case.args[arg]
    value = np.array(case.kwargs[arg])
    pos = data.draw(st.integers(0, value.size - 1), label="position") if value.ndim else 0
    kinds = ["nan", "inf", "complex"] + (["huge_label"] if spec.kind == "labels" else [])
    kind = data.draw(st.sampled_from(kinds), label="kind")
    if kind == "huge_label":
        bad = value.astype(np.int64)
        bad.flat[pos] = data.draw(st.sampled_from([2 ** 40, 2 ** 62]), label="label")
        kwargs = {**case.kwargs, arg: bad}
        if spec.huge_label_ok:
            assert_finite(case.call(**kwargs))
            return
        expect_named_error(name, arg, kwargs)
        return
    if kind == "complex":
        bad = value.astype(complex)
        bad.flat[pos] += 1j * data.draw(st.floats(0.5, 2.0), label="imaginary part")
    else:
        bad = value.astype(float)
        bad.flat[pos] = np.nan if kind == "nan" else data.draw(st.sampled_from([np.inf, -np.inf]))
    expect_named_error(name, arg, {**case.kwargs, arg: bad})


# --- hostile scalars and options --------------------------------------------------------------
SCALAR_HOSTILE = {
    "real": [None, "1.0", True, np.bool_(True), np.array(True), np.array("1.0"), math.nan,
             math.inf, -math.inf, 1 + 1j, 2 ** 1100, np.array([1.0, 2.0]), [1.0]],
    "int": [None, "3", True, np.bool_(True), 2.5, np.float64(3.0), np.array(3), [3]],
    "flag": [None, "False", "True", 0, 1, 1.0, np.array(True), [True]],
    "seed": ["0", -1, 1.5, True, np.float64(0.0), np.random.RandomState(0), [0]],
    "choice": [None, 1, b"l2", "L2 ", ["l2"]],
    "callable": [None, "f", 3, np.zeros(2)],
    "model": [None, "model", (X, Y), np.zeros((2, 2))],
}


def scalar_arguments():
    return [(name, arg, i) for name, case in sorted(CASES.items())
            for arg, spec in case.args.items() if spec.kind in SCALAR_HOSTILE
            for i in range(len(SCALAR_HOSTILE[spec.kind]))]


@pytest.mark.parametrize("name, arg, i", scalar_arguments())
def test_hostile_scalar(name, arg, i):
    case = CASES[name]
    spec = case.args[arg]
    bad = SCALAR_HOSTILE[spec.kind][i]
    if bad is None and spec.optional:
        pytest.skip("None is valid here")
    expect_named_error(name, arg, {**case.kwargs, arg: bad})
