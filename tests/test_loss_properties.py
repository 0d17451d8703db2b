"""Properties of the losses over random inputs (hypothesis), checked against plain formulas."""
import math
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lossbook import losses

# In CI the examples are derandomized, so a run is reproducible; on a developer's machine they vary.
settings.register_profile("lossbook", max_examples=60, deadline=None,
                          derandomize=bool(os.environ.get("CI")))
settings.load_profile("lossbook")

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False)


@st.composite
def scores_and_labels(draw, max_n=6, max_c=6):
    n = draw(st.integers(1, max_n))
    c = draw(st.integers(2, max_c))
    scores = draw(arrays(np.float64, (n, c), elements=finite))
    y = draw(arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
    return scores, y


@given(scores_and_labels())
def test_softmax_rows_sum_to_one_and_are_in_0_1(data):
    scores, _ = data
    p = losses.softmax(scores)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all((p >= 0) & (p <= 1))


@given(scores_and_labels(), st.floats(-1e3, 1e3))
def test_softmax_is_shift_invariant(data, shift):
    scores, y = data
    np.testing.assert_allclose(losses.softmax(scores + shift), losses.softmax(scores), atol=1e-12)
    assert losses.cross_entropy(scores + shift, y) == pytest.approx(
        losses.cross_entropy(scores, y), rel=1e-9, abs=1e-9)


@given(scores_and_labels())
def test_log_softmax_matches_log_of_softmax(data):
    scores, _ = data
    p = losses.softmax(scores)
    mask = p > 1e-300
    np.testing.assert_allclose(losses.log_softmax(scores)[mask], np.log(p[mask]), rtol=1e-9,
                               atol=1e-12)


@given(scores_and_labels(), st.floats(0, 5))
def test_hinge_matches_the_double_loop_and_is_nonnegative(data, margin):
    scores, y = data
    per = losses.svm_loss(scores, y, margin=margin, reduction="none")
    assert np.all(per >= 0)
    for i, s in enumerate(scores):
        by_loop = sum(max(0.0, s[j] - s[y[i]] + margin) for j in range(len(s)) if j != y[i])
        assert per[i] == pytest.approx(by_loop, abs=1e-9)


@given(scores_and_labels(), st.floats(0, 5))
def test_hinge_is_zero_once_every_margin_is_met(data, margin):
    scores, y = data
    met = scores.copy()
    rows = np.arange(len(y))
    others = np.where(np.arange(scores.shape[1])[None, :] == y[:, None], -np.inf, scores)
    # the correct score beats every other by the margin (and a hair more, against rounding)
    met[rows, y] = others.max(axis=1) + margin + 1e-9
    assert np.all(losses.svm_loss(met, y, margin=margin, reduction="none") == 0)
    assert np.all(losses.svm_loss(met, y, margin=margin, squared=True, reduction="none") == 0)


@given(st.integers(1, 6), st.integers(2, 12), finite)
def test_equal_scores_give_log_c_and_c_minus_1(n, c, value):
    scores = np.full((n, c), value)
    y = np.arange(n) % c
    assert losses.cross_entropy(scores, y) == pytest.approx(math.log(c))
    assert losses.svm_loss(scores, y) == pytest.approx(c - 1)


@given(scores_and_labels())
def test_reductions_agree(data):
    scores, y = data
    n = len(y)
    for fn in (losses.svm_loss, losses.cross_entropy):
        none = fn(scores, y, reduction="none")
        assert none.shape == (n,)
        assert fn(scores, y, reduction="sum") == pytest.approx(none.sum())
        assert fn(scores, y, reduction="mean") == pytest.approx(none.mean())
        assert fn(scores, y) == fn(scores, y, reduction="mean")
    z = scores[:, 0]
    t = (y % 2).astype(float)
    none = losses.binary_cross_entropy(z, t, reduction="none")
    assert losses.binary_cross_entropy(z, t, reduction="sum") == pytest.approx(none.sum())
    assert losses.binary_cross_entropy(z, t) == pytest.approx(none.mean())


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-700, 700)))
def test_bce_matches_the_textbook_formula_where_that_is_finite(z):
    t = (np.arange(z.size) % 2).astype(float)
    got = losses.binary_cross_entropy(z, t, reduction="none")
    mu = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
    textbook = -(t * np.log(mu) + (1 - t) * np.log(1 - mu))
    # the textbook formula cancels catastrophically (log(1 - mu), mu near 1) for large |z|
    ok = np.abs(z) < 10
    np.testing.assert_allclose(got[ok], textbook[ok], rtol=1e-7, atol=1e-12)
    # far out, the exact asymptote: the loss tends to |z| when the label disagrees, 0 otherwise
    far = np.abs(z) > 40
    wrong = far & ((z > 0) != (t > 0.5))
    np.testing.assert_allclose(got[wrong], np.abs(z[wrong]), rtol=1e-15)
    assert np.all(got[far & ~wrong] < 1e-17)
    assert np.all(np.isfinite(got))


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e4, 1e4)))
def test_sigmoid_is_stable_and_symmetric(z):
    s = losses.sigmoid(z)
    assert np.all(np.isfinite(s)) and np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(s + losses.sigmoid(-z), 1.0, rtol=1e-12)


def test_extreme_scores_stay_finite():
    scores = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]])
    y = np.array([1, 2])
    p = losses.softmax(scores)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p, [[1, 0, 0], [0, 0.5, 0.5]], atol=1e-300)
    ce = losses.cross_entropy(scores, y, reduction="none")
    np.testing.assert_allclose(ce, [2e4, math.log(2)])
    np.testing.assert_allclose(losses.log_softmax(scores)[0], [0.0, -2e4, -1e4])
    assert np.all(np.isfinite(losses.cross_entropy_grad(scores, y)))


@given(scores_and_labels(), st.floats(0.05, 20))
def test_temperature_divides_the_scores(data, temperature):
    scores, _ = data
    np.testing.assert_allclose(losses.softmax(scores, temperature=temperature),
                               losses.softmax(scores / temperature), atol=1e-12)


def test_low_temperature_tends_to_one_hot_argmax():
    s = np.array([1.0, 3.0, 2.5])
    np.testing.assert_allclose(losses.softmax(s, temperature=1e-3), [0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(losses.softmax(s, temperature=1e6), [1 / 3] * 3, atol=1e-5)


@given(arrays(np.float64, (5,), elements=finite), arrays(np.float64, (5,), elements=finite))
def test_regression_losses_match_formulas(f, y):
    np.testing.assert_allclose(losses.l2_loss(f, y, reduction="none"), (f - y) ** 2)
    np.testing.assert_allclose(losses.l1_loss(f, y, reduction="none"), np.abs(f - y))
    assert losses.l2_loss(f, y) == pytest.approx(np.mean((f - y) ** 2))
    assert losses.l1_loss(f, y, reduction="sum") == pytest.approx(np.sum(np.abs(f - y)))
    # Gaussian NLL is the L2 loss rescaled plus a constant; Laplace NLL likewise for L1
    s = 1.3
    np.testing.assert_allclose(losses.gaussian_nll(f, y, s, reduction="none"),
                               0.5 * math.log(2 * math.pi * s * s) + (f - y) ** 2 / (2 * s * s))
    np.testing.assert_allclose(losses.laplace_nll(f, y, s, reduction="none"),
                               math.log(2 * s) + np.abs(f - y) / s)


def test_soft_targets():
    scores = np.array([[2.0, 0.0, -1.0]])
    t = np.array([[0.5, 0.25, 0.25]])
    logp = scores[0] - np.log(np.exp(scores[0]).sum())
    assert losses.cross_entropy(scores, t) == pytest.approx(-(t[0] * logp).sum())
