"""The exercise checker, ``lossbook.exercises`` (issue 15), tested as a reader would meet it.

Every answer here is written by hand, as the book would show it (no call to the library): the
right answer of every exercise passes, and every known mistake, written as its own wrong
function, gets its own hint first.  Stubs, exceptions, wrong types and shapes, NaN and changes to
the arguments get their status and a clear report; the report is deterministic (same text twice,
and in another process with another hash seed), at most 76 characters a line, never a traceback.
"""
from __future__ import annotations

import html
import math
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import lossbook as lb
from lossbook import exercises


def rows(y):
    return np.arange(len(y))


# ------------------------------------------------------------------------------------------------
# the right answers, as the book writes them
# ------------------------------------------------------------------------------------------------
def svm_loss_loop(scores, y, margin):
    n, c = scores.shape
    total = 0.0
    for i in range(n):
        for j in range(c):
            if j != y[i]:
                total += max(0.0, scores[i, j] - scores[i, y[i]] + margin)
    return total / n


def svm_loss(scores, y, margin):
    m = np.maximum(0, scores - scores[rows(y), y][:, None] + margin)
    m[rows(y), y] = 0
    return m.sum() / len(y)


def svm_grad(scores, y, margin):
    m = scores - scores[rows(y), y][:, None] + margin
    d = (m > 0).astype(float)
    d[rows(y), y] = 0
    d[rows(y), y] = -d.sum(axis=1)
    return d / len(y)


def softmax_loss(scores, y):
    s = scores - scores.max(axis=1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    return -log_p[rows(y), y].mean()


def softmax_grad(scores, y):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    p[rows(y), y] -= 1
    return p / len(y)


def bce_loss(logits, y):
    return np.mean(np.maximum(logits, 0) - logits * y + np.log1p(np.exp(-np.abs(logits))))


def l2_penalty(W, reg_strength):
    return reg_strength * np.sum(W * W)


def l2_grad(W, reg_strength):
    return 2 * reg_strength * W


def l1_penalty(W, reg_strength):
    return reg_strength * np.sum(np.abs(W))


def l1_grad(W, reg_strength):
    return reg_strength * np.sign(W)


def gaussian_nll(y, prediction, sigma):
    return np.mean(0.5 * np.log(2 * np.pi * sigma ** 2) + (y - prediction) ** 2 / (2 * sigma ** 2))


def laplace_nll(y, prediction, b):
    return np.mean(np.log(2 * b) + np.abs(y - prediction) / b)


def sgd_step(W, grad, learning_rate):
    return W - learning_rate * grad


def numerical_gradient(loss_fn, x, h):
    grad = np.zeros_like(x, dtype=float)
    for k in np.ndindex(x.shape):
        old = x[k]
        x[k] = old + h
        f_plus = loss_fn(x)
        x[k] = old - h
        f_minus = loss_fn(x)
        x[k] = old
        grad[k] = (f_plus - f_minus) / (2 * h)
    return grad


RIGHT = {
    "svm_loss_loop": svm_loss_loop, "svm_loss": svm_loss, "svm_grad": svm_grad,
    "softmax_loss": softmax_loss, "softmax_grad": softmax_grad, "bce_loss": bce_loss,
    "l2_penalty": l2_penalty, "l2_grad": l2_grad, "l1_penalty": l1_penalty, "l1_grad": l1_grad,
    "gaussian_nll": gaussian_nll, "laplace_nll": laplace_nll, "sgd_step": sgd_step,
    "numerical_gradient": numerical_gradient,
}


def test_the_catalogue_lists_every_exercise_of_the_issue():
    assert exercises.names() == tuple(RIGHT)
    assert set(exercises.CATALOGUE) == set(RIGHT)
    text = exercises.describe()
    for name, ex in exercises.CATALOGUE.items():
        assert ex.signature.startswith(f"{name}(") and ex.description
        assert ex.signature in text and ex.signature in exercises.describe(name)


@pytest.mark.parametrize("name", RIGHT)
def test_the_right_answer_passes(name):
    result = exercises.check(name, RIGHT[name])
    assert result.status == "passed" and result.passed, repr(result)
    assert result.hints == [] and result.failed_case is None
    assert repr(result).splitlines()[0] == f"✓ {name}: all {result.n_cases} cases pass"
    assert result.n_cases >= 4


def test_an_answer_that_calls_the_library_passes():
    def calls_library(scores, y, margin):
        return lb.losses.svm_loss(scores, y, margin=margin)
    assert exercises.check("svm_loss", calls_library).passed


def test_an_answer_right_only_for_one_example_fails():
    def first_row_only(scores, y, margin):
        return svm_loss(scores[:1], y[:1], margin)
    result = exercises.check("svm_loss", first_row_only)
    assert result.status == "failed" and not result.passed


def test_the_hidden_cases_hold_the_edges():
    cases = exercises.CATALOGUE["svm_loss"].cases()
    shapes = [c.args[0].shape for c in cases]
    assert any(n == 1 for n, _ in shapes) and any(c == 2 for _, c in shapes)
    assert any(np.all(c.args[0] == c.args[0].flat[0]) for c in cases)           # equal scores
    assert any(np.max(np.abs(c.args[0])) >= 1e4 and c.large for c in cases)    # ±1e4
    met = [c for c in cases
           if np.any(np.delete((c.args[0] - c.args[0][rows(c.args[1]), c.args[1]][:, None]
                                + c.args[2]).ravel(),
                               (rows(c.args[1]) * c.args[0].shape[1] + c.args[1])) == 0)]
    assert met, "no case meets the margin exactly"
    big = [c for c in exercises.CATALOGUE["softmax_loss"].cases() if c.large]
    assert any(np.max(np.abs(c.args[0])) >= 1e4 for c in big)


# ------------------------------------------------------------------------------------------------
# every known mistake, written by hand, gets its own hint
# ------------------------------------------------------------------------------------------------
def svm_includes_yi(scores, y, margin):
    n, c = scores.shape
    total = 0.0
    for i in range(n):
        for j in range(c):
            total += max(0.0, scores[i, j] - scores[i, y[i]] + margin)
    return total / n


def svm_no_max(scores, y, margin):
    m = scores - scores[rows(y), y][:, None] + margin
    m[rows(y), y] = 0
    return m.sum() / len(y)


def svm_mean_over_classes(scores, y, margin):
    m = np.maximum(0, scores - scores[rows(y), y][:, None] + margin)
    m[rows(y), y] = 0
    return np.mean(m)


def svm_minus_margin(scores, y, margin):
    m = np.maximum(0, scores - scores[rows(y), y][:, None] - margin)
    m[rows(y), y] = 0
    return m.sum() / len(y)


def svm_reversed(scores, y, margin):
    m = np.maximum(0, scores[rows(y), y][:, None] - scores + margin)
    m[rows(y), y] = 0
    return m.sum() / len(y)


def svm_summed(scores, y, margin):
    m = np.maximum(0, scores - scores[rows(y), y][:, None] + margin)
    m[rows(y), y] = 0
    return m.sum()


def svm_grad_sign(scores, y, margin):
    return -svm_grad(scores, y, margin)


def svm_grad_no_mean(scores, y, margin):
    m = scores - scores[rows(y), y][:, None] + margin
    d = (m > 0).astype(float)
    d[rows(y), y] = 0
    d[rows(y), y] = -d.sum(axis=1)
    return d


def svm_grad_no_correct_column(scores, y, margin):
    m = scores - scores[rows(y), y][:, None] + margin
    d = (m > 0).astype(float)
    d[rows(y), y] = 0
    return d / len(y)


def svm_grad_at_kink(scores, y, margin):
    n, c = scores.shape
    d = np.zeros((n, c))
    for i in range(n):
        for j in range(c):
            if j != y[i] and scores[i, j] - scores[i, y[i]] + margin >= 0:
                d[i, j] += 1
                d[i, y[i]] -= 1
    return d / n


def svm_grad_no_max(scores, y, margin):
    n, c = scores.shape
    d = np.ones((n, c))
    d[rows(y), y] = -(c - 1)
    return d / n


def svm_grad_minus_margin(scores, y, margin):
    return svm_grad(scores, y, -margin)


def svm_grad_over_classes(scores, y, margin):
    return svm_grad(scores, y, margin) / scores.shape[1]


def softmax_naive(scores, y):
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[rows(y), y]))


def softmax_global_max(scores, y):
    e = np.exp(scores - np.max(scores))
    p = e / e.sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[rows(y), y]))


def softmax_log_of_probability(scores, y):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return -np.mean(np.log(p[rows(y), y]))


def softmax_unnormalized(scores, y):
    return -np.mean(np.log(np.exp(scores[rows(y), y])))


def softmax_log_scores(scores, y):
    return -np.mean(np.log(scores[rows(y), y]))


def softmax_sign(scores, y):
    return -softmax_loss(scores, y)


def softmax_summed(scores, y):
    return softmax_loss(scores, y) * len(y)


def softmax_grad_naive(scores, y):
    p = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    p[rows(y), y] -= 1
    return p / len(y)


def softmax_grad_global_max(scores, y):
    e = np.exp(scores - scores.max())
    p = e / e.sum(axis=1, keepdims=True)
    p[rows(y), y] -= 1
    return p / len(y)


def softmax_grad_sign(scores, y):
    return -softmax_grad(scores, y)


def softmax_grad_no_mean(scores, y):
    return softmax_grad(scores, y) * len(y)


def softmax_grad_no_one_hot(scores, y):
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True) / len(y)


def bce_naive(logits, y):
    p = 1 / (1 + np.exp(-logits))
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def bce_overflow(logits, y):
    return np.mean(logits - logits * y + np.log(1 + np.exp(-logits)))


def bce_no_max(logits, y):
    return np.mean(-logits * y + np.log1p(np.exp(-np.abs(logits))))


def bce_sign(logits, y):
    return -bce_loss(logits, y)


def bce_swapped(logits, y):
    return bce_loss(logits, 1 - y)


def bce_summed(logits, y):
    return np.sum(np.maximum(logits, 0) - logits * y + np.log1p(np.exp(-np.abs(logits))))


MISTAKES = [  # (exercise, the wrong function, words its first hint must hold)
    ("svm_loss", svm_includes_yi, "includes j = yᵢ"),
    ("svm_loss_loop", svm_includes_yi, "includes j = yᵢ"),
    ("svm_loss", svm_no_max, "max(0, ·) is missing"),
    ("svm_loss", svm_mean_over_classes, "averaged over the classes"),
    ("svm_loss", svm_minus_margin, "Δ has the wrong sign"),
    ("svm_loss", svm_reversed, "difference is reversed"),
    ("svm_loss", svm_summed, "summed over the examples"),
    ("svm_loss_loop", svm_summed, "summed over the examples"),
    ("svm_grad", svm_grad_sign, "wrong sign"),
    ("svm_grad", svm_grad_no_mean, "1/N is missing"),
    ("svm_grad", svm_grad_no_correct_column, "correct class's column is missing"),
    ("svm_grad", svm_grad_at_kink, "margin met exactly"),
    ("svm_grad", svm_grad_no_max, "even those beyond the margin"),
    ("svm_grad", svm_grad_minus_margin, "Δ has the wrong sign"),
    ("svm_grad", svm_grad_over_classes, "divided by C"),
    ("softmax_loss", softmax_naive, "no shift by the maximum"),
    ("softmax_loss", softmax_global_max, "maximum of the whole array"),
    ("softmax_loss", softmax_log_of_probability, "underflowed to 0"),
    ("softmax_loss", softmax_unnormalized, "unnormalized scores"),
    ("softmax_loss", softmax_log_scores, "log of the raw scores"),
    ("softmax_loss", softmax_sign, "sign is flipped"),
    ("softmax_loss", softmax_summed, "summed over the examples"),
    ("softmax_grad", softmax_grad_naive, "no shift by the maximum"),
    ("softmax_grad", softmax_grad_global_max, "maximum of the whole array"),
    ("softmax_grad", softmax_grad_sign, "wrong sign"),
    ("softmax_grad", softmax_grad_no_mean, "1/N is missing"),
    ("softmax_grad", softmax_grad_no_one_hot, "one-hot target is not subtracted"),
    ("bce_loss", bce_naive, "become log 0"),
    ("bce_loss", bce_overflow, "e^{−z} overflows"),
    ("bce_loss", bce_no_max, "max(z, 0) term is missing"),
    ("bce_loss", bce_sign, "sign is flipped"),
    ("bce_loss", bce_swapped, "labels are swapped"),
    ("bce_loss", bce_summed, "summed over the examples"),
    ("l2_penalty", lambda W, reg_strength: np.sum(W ** 2), "reg_strength (λ) is missing"),
    ("l2_penalty", lambda W, reg_strength: 0.5 * reg_strength * np.sum(W ** 2), "has no ½"),
    ("l2_penalty", lambda W, reg_strength: reg_strength * np.linalg.norm(W), "the norm itself"),
    ("l2_penalty", lambda W, reg_strength: reg_strength * np.mean(W ** 2), "squares are averaged"),
    ("l2_penalty", lambda W, reg_strength: reg_strength * np.sum(W) ** 2, "the sum is squared"),
    ("l2_penalty", lambda W, reg_strength: reg_strength * np.abs(W).sum(), "the L1 penalty"),
    ("l2_grad", lambda W, reg_strength: reg_strength * W, "factor 2 is missing"),
    ("l2_grad", lambda W, reg_strength: 2 * W, "reg_strength (λ) is missing"),
    ("l2_grad", lambda W, reg_strength: -2 * reg_strength * W, "wrong sign"),
    ("l2_grad", lambda W, reg_strength: reg_strength * np.sign(W), "the L1 gradient"),
    ("l1_penalty", lambda W, reg_strength: np.abs(W).sum(), "reg_strength (λ) is missing"),
    ("l1_penalty", lambda W, reg_strength: reg_strength * W.sum(), "absolute value is missing"),
    ("l1_penalty", lambda W, reg_strength: reg_strength * np.abs(W).mean(),
     "absolute values are averaged"),
    ("l1_penalty", lambda W, reg_strength: reg_strength * (W * W).sum(), "the L2 penalty"),
    ("l1_grad", lambda W, reg_strength: reg_strength * W / np.abs(W), "0 / 0 = nan"),
    ("l1_grad", lambda W, reg_strength: reg_strength * np.where(W >= 0, 1.0, -1.0),
     "subgradient 0"),
    ("l1_grad", lambda W, reg_strength: np.sign(W), "reg_strength (λ) is missing"),
    ("l1_grad", lambda W, reg_strength: -reg_strength * np.sign(W), "wrong sign"),
    ("l1_grad", lambda W, reg_strength: 2 * reg_strength * np.sign(W), "no factor 2"),
    ("l1_grad", lambda W, reg_strength: 2 * reg_strength * W, "the L2 gradient"),
    ("gaussian_nll", lambda y, f, s: np.mean((y - f) ** 2 / (2 * s ** 2)),
     "constant ½ log(2πσ²) is missing"),
    ("gaussian_nll", lambda y, f, s: np.mean(0.5 * np.log(s ** 2) + (y - f) ** 2 / (2 * s ** 2)),
     "2π is missing"),
    ("gaussian_nll", lambda y, f, s: np.mean(0.5 * np.log(2 * np.pi * s) + (y - f) ** 2 / (2 * s)),
     "σ is used where σ² belongs"),
    ("gaussian_nll",
     lambda y, f, s: np.mean(0.5 * np.log(2 * np.pi * s ** 2) + (y - f) ** 2 / s ** 2),
     "½ of the squared term"),
    ("gaussian_nll", lambda y, f, s: np.sum(0.5 * np.log(2 * np.pi * s ** 2)
                                            + (y - f) ** 2 / (2 * s ** 2)), "summed"),
    ("laplace_nll", lambda y, f, b: np.mean(np.abs(y - f) / b), "constant log(2b) is missing"),
    ("laplace_nll", lambda y, f, b: np.mean(np.log(b) + np.abs(y - f) / b), "log(b) is used"),
    ("laplace_nll", lambda y, f, b: np.mean(np.log(2 * b) + (y - f) ** 2 / b),
     "residual is squared"),
    ("laplace_nll", lambda y, f, b: np.sum(np.log(2 * b) + np.abs(y - f) / b), "summed"),
    ("sgd_step", lambda W, grad, learning_rate: W + learning_rate * grad, "goes uphill"),
    ("sgd_step", lambda W, grad, learning_rate: W - grad, "learning rate is missing"),
    ("sgd_step", lambda W, grad, learning_rate: -learning_rate * grad, "the step alone"),
]


def forward_difference(loss_fn, x, h):
    grad = np.zeros(x.shape)
    fx = loss_fn(x)
    for k in np.ndindex(x.shape):
        xp = x.copy()
        xp[k] += h
        grad[k] = (loss_fn(xp) - fx) / h
    return grad


def divided_by_h(loss_fn, x, h):
    return 2 * numerical_gradient(loss_fn, x, h)


def all_entries_at_once(loss_fn, x, h):
    return np.ones(x.shape) * (loss_fn(x + h) - loss_fn(x - h)) / (2 * h)


def x_left_modified(loss_fn, x, h):
    grad = np.zeros(x.shape)
    for k in np.ndindex(x.shape):
        x[k] += h
        f_plus = loss_fn(x)
        x[k] -= 2 * h
        grad[k] = (f_plus - loss_fn(x)) / (2 * h)
    return grad


def sgd_in_place(W, grad, learning_rate):
    W -= learning_rate * grad
    return W


MISTAKES += [
    ("numerical_gradient", forward_difference, "one-sided difference"),
    ("numerical_gradient", divided_by_h, "divided by h"),
    ("numerical_gradient", all_entries_at_once, "nudged at once"),
    ("numerical_gradient", x_left_modified, "x is left changed"),
    ("sgd_step", sgd_in_place, "W is changed in place"),
]


@pytest.mark.parametrize("name, fn, words", MISTAKES,
                         ids=[f"{n}-{getattr(f, '__name__', '')}-{w[:18]}" for n, f, w in MISTAKES])
def test_each_known_mistake_gets_its_own_hint(name, fn, words):
    result = exercises.check(name, fn)
    assert result.status == "failed" and not result.passed, repr(result)
    assert result.hints and words in result.hints[0], repr(result)
    text = " ".join(repr(result).split())
    assert " ".join(result.hints[0].split()) in text
    assert result.failed_case is not None


def test_the_mistakes_of_one_exercise_get_different_hints():
    first = {}
    for name, fn, _ in MISTAKES:
        first.setdefault((name, exercises.check(name, fn).hints[0]), []).append(fn)
    repeated = {k: v for k, v in first.items() if len(v) > 1}
    assert not repeated


def test_every_mistake_of_the_catalogue_is_tested_by_hand():
    tested = {(name, exercises.check(name, fn).hints[0]) for name, fn, _ in MISTAKES}
    hints = {(name, m.hint) for name, ex in exercises.CATALOGUE.items() for m in ex.mistakes
             if name not in ("svm_loss_loop",)}
    assert hints <= tested, sorted(hints - tested)


def test_an_unknown_mistake_is_shown_its_smallest_failing_case():
    def off_by_a_quarter(scores, y, margin):
        return svm_loss(scores, y, margin) + 0.25
    result = exercises.check("svm_loss", off_by_a_quarter)
    assert result.status == "failed" and result.hints == []
    case = result.failed_case
    sizes = [c.args[0].size for c in exercises.CATALOGUE["svm_loss"].cases()]
    assert case.inputs["scores"].size == min(sizes)
    assert case.got == pytest.approx(case.expected + 0.25)
    assert case.expected == pytest.approx(svm_loss(case.inputs["scores"], case.inputs["y"],
                                                   case.inputs["margin"]))
    text = repr(result)
    assert f'Smallest failing case, "{case.label}"' in text
    assert "scores = [[" in text and "expected:" in text and "got:" in text


def test_naive_softmax_with_math_exp_raises_and_gets_the_overflow_hint():
    def with_math(scores, y):
        total = 0.0
        for i in range(len(y)):
            z = sum(math.exp(s) for s in scores[i])
            total -= math.log(math.exp(scores[i, y[i]]) / z)
        return total / len(y)
    result = exercises.check("softmax_loss", with_math)
    assert result.status == "error"
    assert result.hints and "no shift by the maximum" in result.hints[0]
    assert "OverflowError" in repr(result) and result.failed_case.label in repr(result)


def test_a_large_score_failure_of_unknown_form_gets_the_stability_hint():
    def clipped(scores, y):
        e = np.exp(np.clip(scores, -700, 700))
        p = e / e.sum(axis=1, keepdims=True)
        return -np.mean(np.log(p[rows(y), y] + 1e-300))
    result = exercises.check("softmax_loss", clipped)
    assert result.status == "failed"
    assert result.failed_case.label in ("scores of ±1e4", "rows 2e4 apart", "scores near 1000")
    assert "no shift by the maximum" in result.hints[0]


# ------------------------------------------------------------------------------------------------
# stubs, exceptions, wrong types and shapes, NaN, arguments changed in place
# ------------------------------------------------------------------------------------------------
def stub_ellipsis(scores, y, margin):
    ...


def stub_pass(scores, y, margin):
    """Your code here."""
    # compute the loss
    pass


def stub_raises(scores, y, margin):
    raise NotImplementedError("fill me in")


@pytest.mark.parametrize("stub", [stub_ellipsis, stub_pass, stub_raises])
def test_a_stub_is_not_written_yet(stub):
    result = exercises.check("svm_loss", stub)
    assert result.status == "not written" and not result.passed
    assert result.hints == [] and result.failed_case is None
    assert repr(result) == ("○ svm_loss: not written yet\n"
                            "Fill in the cell above, then run this one again.")
    assert "not written yet" in result._repr_html_()


def test_a_forgotten_return_is_not_a_stub():
    def forgot_return(scores, y, margin):
        loss = svm_loss(scores, y, margin)  # noqa: F841
    result = exercises.check("svm_loss", forgot_return)
    assert result.status == "failed"
    assert "returned None: did you forget `return`?" in repr(result)


def test_the_readers_exception_is_reported_in_one_line():
    def raises(scores, y, margin):
        if scores.shape[0] > 1:
            raise ValueError("boom\nsecond line")
        return svm_loss(scores, y, margin)
    result = exercises.check("svm_loss", raises)
    assert result.status == "error" and not result.passed
    text = repr(result)
    assert "your function raised an error" in text
    assert "ValueError: boom second line" in " ".join(text.split())
    n = result.failed_case.inputs["scores"].shape[0]
    assert n > 1 and f'"{result.failed_case.label}"' in text
    for out in (text, result._repr_html_()):
        assert "Traceback" not in out and 'File "' not in out


def test_a_wrong_number_of_arguments_is_an_error_not_a_crash():
    result = exercises.check("svm_loss", lambda scores, y: 0.0)
    assert result.status == "error" and "TypeError" in repr(result)


@pytest.mark.parametrize("out, words", [
    ([1.0, 2.0], "a list of 2 items; expected one number"),
    ((1.5,), "a tuple of 1 items; expected one number"),
    ("1.5", "str '1.5'; expected one number"),
    (True, "bool True; expected one number"),
    (np.ones((2, 2)), "shape (2, 2); expected one number"),
])
def test_a_wrong_type_for_a_loss_is_explained(out, words):
    result = exercises.check("softmax_loss", lambda scores, y: out)
    assert result.status == "failed" and words in " ".join(repr(result).split())


def test_per_example_losses_instead_of_their_mean_are_explained():
    def per_example(scores, y):
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        return -np.log(e[rows(y), y] / e.sum(axis=1))
    text = " ".join(repr(exercises.check("softmax_loss", per_example)).split())
    assert "(one loss per example?); expected one number: their mean" in text


@pytest.mark.parametrize("make, words", [
    (lambda g: g.T, "(transposed?)"),
    (lambda g: g.ravel(), "expected shape"),
    (lambda g: g.tolist(), "a list of"),
    (lambda g: float(g.sum()), "returned one number; expected an array"),
])
def test_a_wrong_shape_for_a_gradient_is_explained(make, words):
    result = exercises.check("softmax_grad", lambda scores, y: make(softmax_grad(scores, y)))
    assert result.status == "failed" and words in " ".join(repr(result).split())


class NoRepr:
    def __repr__(self):
        raise RuntimeError("cannot show myself")


@pytest.mark.parametrize("name", ["svm_loss", "svm_grad"])
@pytest.mark.parametrize("out", [NoRepr(), 10 ** 400, np.array("x"), 1j, (i for i in range(3)),
                                 np.array([["a"]]), np.zeros((1, 3), dtype=object)],
                         ids=["no-repr", "huge-int", "0-d-str", "complex", "generator",
                              "str-array", "object-array"])
def test_odd_return_values_are_reported_not_crashed_on(name, out):
    result = exercises.check(name, lambda scores, y, margin: out)
    assert result.status == "failed" and result.failed_case is not None
    text = repr(result)
    assert all(len(line) <= 76 for line in text.splitlines()) and "Traceback" not in text
    assert "Traceback" not in result._repr_html_()


def test_nan_is_explained():
    result = exercises.check("svm_loss", lambda scores, y, margin: float("nan"))
    assert result.status == "failed" and "it returned nan" in repr(result)
    grad = exercises.check("svm_grad", lambda s, y, m: np.full(s.shape, np.inf))
    assert grad.status == "failed" and "it returned inf in" in repr(grad)


def test_changing_an_argument_in_place_fails_with_a_hint():
    def shifts_in_place(scores, y):
        scores -= scores.max(axis=1, keepdims=True)
        return softmax_loss(scores, y)
    result = exercises.check("softmax_loss", shifts_in_place)
    assert result.status == "failed"
    assert "changes its argument scores in place" in result.hints[-1]


def test_sgd_in_place_without_return_is_explained():
    def in_place(W, grad, learning_rate):
        W -= learning_rate * grad
    result = exercises.check("sgd_step", in_place)
    assert result.status == "failed"
    assert "W is changed in place" in result.hints[0]
    assert "did you forget `return`?" in " ".join(repr(result).split())


def test_no_warning_escapes_the_checker():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = [exercises.check("softmax_loss", softmax_naive),
                   exercises.check("l1_grad", lambda W, r: r * W / np.abs(W)),
                   exercises.check("l2_penalty", lambda W, r: warnings.warn("mine") or 0.0)]
    assert [str(w.message) for w in caught] == []
    assert [r.status for r in results] == ["failed"] * 3
    with np.errstate(all="raise"):        # a reader's own setting does not change the report
        assert repr(exercises.check("softmax_loss", softmax_naive)) == repr(results[0])


def test_a_vectorized_answer_gets_no_speed_note_and_a_loop_gets_one():
    assert exercises.check("svm_loss", svm_loss).notes == ()
    slow = exercises.check("svm_loss", svm_loss_loop)
    assert slow.passed and "slower" in repr(slow)
    assert exercises.check("svm_loss_loop", svm_loss_loop).notes == ()


# ------------------------------------------------------------------------------------------------
# the arguments of check
# ------------------------------------------------------------------------------------------------
def test_an_unknown_name_lists_the_names():
    with pytest.raises(ValueError, match="name must be one of") as info:
        exercises.check("svm", svm_loss)
    assert all(n in str(info.value) for n in RIGHT)
    with pytest.raises(ValueError, match="name must be one of"):
        exercises.describe("svm")


@pytest.mark.parametrize("fn", [None, 1.0, "svm_loss", svm_loss(np.eye(2), np.array([0, 1]), 1)])
def test_fn_must_be_callable(fn):
    with pytest.raises(TypeError, match=r"^fn must be your function"):
        exercises.check("svm_loss", fn)


# ------------------------------------------------------------------------------------------------
# the report: short lines, deterministic, no traceback, HTML with text and classes
# ------------------------------------------------------------------------------------------------
def _reports():
    out = [exercises.check(name, fn) for name, fn in RIGHT.items()]
    out += [exercises.check(name, fn) for name, fn, _ in MISTAKES]
    out += [exercises.check("svm_loss", stub_ellipsis),
            exercises.check("svm_loss", lambda s, y, m: s[5, 0]),
            exercises.check("svm_loss", lambda s, y, m: svm_loss(s, y, m) + 1e-3),
            exercises.check("numerical_gradient", lambda f, x, h: x.ravel()),
            exercises.check("softmax_grad", lambda s, y: s.T)]
    return out


def test_every_line_of_every_report_fits_76_characters():
    for result in _reports():
        for line in repr(result).splitlines():
            assert len(line) <= 76, f"{len(line)}: {line}"


def test_the_report_is_the_same_twice():
    first = [repr(r) for r in _reports()]
    assert first == [repr(r) for r in _reports()]


SCRIPT = textwrap.dedent("""
    import numpy as np
    from lossbook import exercises
    def off(scores, y, margin):
        m = np.maximum(0, scores - scores[np.arange(len(y)), y][:, None] + margin)
        return m.sum() / len(y) * 1.01
    print(repr(exercises.check("svm_loss", off)))
    print(repr(exercises.check("softmax_grad", lambda s, y: s.T)))
    print(repr(exercises.check("numerical_gradient", lambda f, x, h: 2 * x)))
""")


def test_the_report_is_the_same_in_another_process_with_another_hash_seed():
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                             env=env, check=True, timeout=120)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert "Smallest failing case" in outputs[0] and "expected shape" in outputs[0]
    lines = []
    exec(SCRIPT, {"print": lines.append})          # the same reports, in this process
    assert outputs[0] == "".join(f"{line}\n" for line in lines)


def test_the_html_report_has_text_classes_and_no_inline_colour():
    for result in _reports():
        page = result._repr_html_()
        assert 'class="lossbook-check lossbook-check-' in page
        assert "style=" not in page and "color" not in page and "Traceback" not in page
        assert html.escape(result.heading().split(" ", 1)[1]) in page
        for hint in result.hints:
            assert html.escape(hint) in page


def test_the_failed_case_holds_inputs_expected_and_got():
    result = exercises.check("l2_grad", lambda W, reg_strength: reg_strength * W)
    case = result.failed_case
    assert set(case.inputs) == {"W", "reg_strength"}
    np.testing.assert_allclose(case.expected, 2 * case.inputs["reg_strength"] * case.inputs["W"])
    np.testing.assert_allclose(case.got, case.inputs["reg_strength"] * case.inputs["W"])
    assert case.label in repr(case) and "expected:" in repr(case)
