"""Numerics at extreme parameters (issue 14, "numerics outside the four stable functions").

The negative log-likelihoods and densities of section 6 (:mod:`lossbook.losses`,
:mod:`lossbook.regression`) must be finite and accurate for scales from ``1e-300`` to ``1e300``
wherever the true value is a finite float; the regularization term :math:`\\lambda R(W)`
(:mod:`lossbook.regularization`, :mod:`lossbook.logistic`) must be exactly 0 for
:math:`\\lambda = 0` and must not overflow needlessly; a diverging logistic-regression training
loop must stop with a clear error.

Every expected value is computed independently with mpmath at 60 significant digits from the
closed forms (the float inputs are converted exactly), never with the functions under test.
"""
from __future__ import annotations

import itertools
import math
import sys
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lossbook import logistic, losses, regression, regularization



@pytest.fixture(autouse=True, scope="module")
def _sixty_digits():
    """mpmath at 60 significant digits in this module only (restored afterwards)."""
    with mpmath.workdps(60):
        yield

SCALES = [1e-300, 1e-150, 1e-8, 1.0, 1e8, 1e150, 1e300]
#: (pred, target) pairs: residual 0, small, moderate, huge, and one whose difference overflows.
PAIRS = [(0.0, 0.0), (0.0, 1e-300), (0.0, 1.0), (3.0, -4.5), (0.0, 1e150), (-1e300, 1e300),
         (-1e308, 1e308)]
EPS = sys.float_info.epsilon
RTOL = 1e-12


def to_float(x: mpmath.mpf) -> float:
    """The float nearest to a high-precision value: ``inf`` from the largest float plus half its
    ulp, as IEEE 754 rounds (mpmath's conversion does this)."""
    assert mpmath.mp.dps >= 60, "the expected values need mpmath at 60 digits"
    return float(x)


def exact_gaussian_nll(f: float, y: float, sigma: float) -> mpmath.mpf:
    s, r = mpmath.mpf(sigma), mpmath.mpf(y) - mpmath.mpf(f)
    return mpmath.log(s) + mpmath.log(2 * mpmath.pi) / 2 + r ** 2 / (2 * s ** 2)


def exact_laplace_nll(f: float, y: float, b: float) -> mpmath.mpf:
    b_ = mpmath.mpf(b)
    return mpmath.log(2 * b_) + abs(mpmath.mpf(y) - mpmath.mpf(f)) / b_


def assert_close(got: float, true: mpmath.mpf, scale_of_terms: mpmath.mpf | float = 0.0) -> None:
    """``got`` is the float of ``true`` to ``RTOL`` (plus a few ulps of the terms that were added,
    when the sum cancels); ``inf`` exactly when the true value is beyond the largest float."""
    want = to_float(true)
    if math.isinf(want):
        assert got == want, f"expected {want}, got {got}"
        return
    assert math.isfinite(got), f"expected {want!r} (finite), got {got!r}"
    tol = RTOL * abs(want) + 8 * EPS * float(scale_of_terms) + 5e-324
    assert abs(got - want) <= tol, f"expected {want!r}, got {got!r} (tol {tol:.3g})"


# ---------------------------------------------------------------------------------------------
# Gaussian and Laplace negative log-likelihoods and densities on the grid of scales
# ---------------------------------------------------------------------------------------------
NLLS = {"gaussian": (losses.gaussian_nll, exact_gaussian_nll),
        "laplace": (losses.laplace_nll, exact_laplace_nll)}


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("f, y", PAIRS)
@pytest.mark.parametrize("model", sorted(NLLS))
def test_nll_matches_closed_form_for_any_scale(model, f, y, scale):
    """The Gaussian NLL with σ = ``scale``, the Laplace NLL with b = ``scale``."""
    nll, exact = NLLS[model]
    got = nll([f], [y], scale, reduction="none")[0]
    assert_close(got, exact(f, y, scale))


def test_gaussian_nll_issue_example():
    # log(1e200) + log(2 pi)/2 = 461.4359...; sigma**2 = inf made it inf
    assert_close(losses.gaussian_nll([0.0], [1.0], 1e200), exact_gaussian_nll(0.0, 1.0, 1e200))


def test_laplace_nll_at_the_largest_scale():
    # log(2b) with 2b = inf gave inf; the true value is log 2 + log(1.5e308) = 710.2...
    b = 1.5e308
    assert_close(losses.laplace_nll([0.0], [1.0], b), exact_laplace_nll(0.0, 1.0, b))


@pytest.mark.parametrize("sigma", SCALES)
def test_gaussian_nll_array_sigma_and_sum(sigma):
    f = np.array([0.0, 1.0, -2.0])
    y = np.array([0.5, 1.0, 3.0])
    sig = np.array([sigma, 2 * sigma, sigma / 4])
    true = sum(exact_gaussian_nll(*a) for a in zip(f, y, sig))
    assert_close(losses.gaussian_nll(f, y, sig, reduction="sum"), true,
                 scale_of_terms=sum(abs(exact_gaussian_nll(*a)) for a in zip(f, y, sig)))


def test_mean_of_huge_finite_losses_does_not_overflow():
    # each loss is about 1.5e308 (finite); their sum overflows, their mean does not
    f, y, sigma = [0.0, 0.0], [1.7e4, -1.7e4], 1e-150
    true = sum(exact_gaussian_nll(a, b, sigma) for a, b in zip(f, y)) / 2
    assert_close(losses.gaussian_nll(f, y, sigma), true)
    r = 1.2e308
    assert_close(losses.l1_loss([0.0, 0.0], [r, -r]), mpmath.mpf(r))


@pytest.mark.parametrize("sigma", SCALES)
@pytest.mark.parametrize("r", [0.0, 1e-300, 1.0, 30.0, 1e150])
def test_gaussian_pdf_matches_closed_form(r, sigma):
    true = mpmath.exp(-exact_gaussian_nll(0.0, r, sigma))
    got = float(regression.gaussian_pdf([r], sigma)[0])
    want = to_float(true)
    if want < sys.float_info.min:      # subnormal or 0: only a few ulps of 5e-324 are meaningful
        assert abs(got - want) <= 1e-320
    else:
        # exp(-nll) turns an absolute error of a few ulps of nll (|nll| < 746) into a relative one
        assert_close(got, true, scale_of_terms=abs(want) * 1000)


@pytest.mark.parametrize("b", SCALES)
@pytest.mark.parametrize("r", [0.0, 1e-300, 8e-298, 1.0, 30.0, 1e150])
def test_laplace_pdf_matches_closed_form(r, b):
    true = mpmath.exp(-exact_laplace_nll(0.0, r, b))
    got = float(regression.laplace_pdf([r], b)[0])
    want = to_float(true)
    if want < sys.float_info.min:
        assert abs(got - want) <= 1e-320
    else:
        assert_close(got, true, scale_of_terms=abs(want) * 1000)


def test_pdf_whose_parts_underflow_is_not_zero():
    # exp(-(45)^2/2) = 1e-440 underflows alone, but divided by sigma = 1e-300 the density is 4e-141
    sigma, r = 1e-300, 45e-300
    assert_close(float(regression.gaussian_pdf([r], sigma)[0]),
                 mpmath.exp(-exact_gaussian_nll(0.0, r, sigma)), scale_of_terms=1e-138)
    # exp(-800) underflows alone; divided by 2b = 2e-300 the Laplace density is 8e-49
    b, r = 1e-300, 800e-300
    assert_close(float(regression.laplace_pdf([r], b)[0]),
                 mpmath.exp(-exact_laplace_nll(0.0, r, b)), scale_of_terms=1e-45)


@pytest.mark.parametrize("sigma", SCALES)
def test_log_likelihoods_of_a_line_for_any_scale(sigma):
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([0.5, 0.7, 2.5, 2.9])
    params = (1.0, 0.1)
    f = params[0] * x + params[1]
    true_g = -sum(exact_gaussian_nll(a, b, sigma) for a, b in zip(f, y))
    true_l = -sum(exact_laplace_nll(a, b, sigma) for a, b in zip(f, y))
    terms_g = sum(abs(exact_gaussian_nll(a, b, sigma)) for a, b in zip(f, y))
    terms_l = sum(abs(exact_laplace_nll(a, b, sigma)) for a, b in zip(f, y))
    assert_close(regression.gaussian_log_likelihood(params, x, y, sigma), true_g, terms_g)
    assert_close(regression.laplace_log_likelihood(params, x, y, sigma), true_l, terms_l)


# ---------------------------------------------------------------------------------------------
# Laplace mixtures: log-sum-exp over the components, at any scale
# ---------------------------------------------------------------------------------------------
def exact_mixture_nll(y, weights, locs, scales):
    total = mpmath.mpf(0)
    for w, f, b in zip(weights, locs, scales):
        if w > 0:
            total += mpmath.mpf(w) * mpmath.exp(-exact_laplace_nll(f, y, b))
    return -mpmath.log(total)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("y", [0.0, 1.0, -3.0, 1e150])
def test_laplace_mixture_nll_matches_closed_form(y, scale):
    weights, locs = [0.25, 0.75], [0.0, 1.0]
    scales = [scale, 3 * scale]
    true = exact_mixture_nll(y, weights, locs, scales)
    got = losses.laplace_mixture_nll([y], weights, locs, scales, reduction="none")[0]
    assert_close(got, true, scale_of_terms=abs(true) + abs(math.log(scale)) + 2)


def test_laplace_mixture_nll_far_in_every_tail_is_inf_not_nan():
    # |y - f| / b = 1e300 / 1e-300 overflows for both components: the likelihood is 0, the NLL inf
    got = losses.laplace_mixture_nll([1e300], [0.5, 0.5], [0.0, -1.0], [1e-300, 1e-300])
    assert got == math.inf


@pytest.mark.parametrize("y, locs, scales", [
    (1e-299, [0.0, 1e-299], [1e-300, 1e-300]),      # tiny scales: exp(-10) / 2e-300
    (0.0, [0.0, 1.0], [1.5e308, 1.6e308]),          # 2b overflows: a subnormal density 3.2e-309
])
def test_laplace_mixture_pdf_at_extreme_scales(y, locs, scales):
    weights = [0.5, 0.5]
    true = mpmath.exp(-exact_mixture_nll(y, weights, locs, scales))
    got = float(regression.laplace_mixture_pdf([y], weights, locs, scales)[0])
    if to_float(true) < sys.float_info.min:
        assert abs(got - to_float(true)) <= 1e-320
    else:
        assert_close(got, true, scale_of_terms=abs(to_float(true)) * 1000)


# ---------------------------------------------------------------------------------------------
# Property tests: finite wherever the true value is, and accurate
# ---------------------------------------------------------------------------------------------
#: Any float, with the largest ones (whose differences overflow) drawn often.
finite = st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                   st.sampled_from([1.7e308, -1.7e308, 1e308, -1e308, 0.0]))
#: log10 of a scale: the whole range of normal floats (2b overflows above 9e307).
log10_scale = st.one_of(st.floats(min_value=-307.0, max_value=308.0),
                        st.sampled_from([-300.0, 300.0, 308.0]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=finite, y=finite, e=log10_scale)
def test_gaussian_nll_property(f, y, e):
    sigma = 10.0 ** e
    true = exact_gaussian_nll(f, y, sigma)
    terms = abs(mpmath.log(sigma)) + 1 + true
    assert_close(losses.gaussian_nll([f], [y], sigma), true, terms)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=finite, y=finite, e=log10_scale)
def test_laplace_nll_property(f, y, e):
    b = 10.0 ** e
    true = exact_laplace_nll(f, y, b)
    terms = abs(mpmath.log(b)) + 1 + abs(true)
    assert_close(losses.laplace_nll([f], [y], b), true, terms)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(y=finite, f1=finite, f2=finite, e1=log10_scale, e2=log10_scale,
       w=st.floats(min_value=0.0, max_value=1.0))
def test_laplace_mixture_nll_property(y, f1, f2, e1, e2, w):
    weights, locs, scales = [w, 1.0 - w], [f1, f2], [10.0 ** e1, 10.0 ** e2]
    true = exact_mixture_nll(y, weights, locs, scales)
    terms = abs(true) + abs(mpmath.log(scales[0])) + abs(mpmath.log(scales[1])) + 2
    assert_close(losses.laplace_mixture_nll([y], weights, locs, scales), true, terms)


def test_fit_laplace_with_huge_targets():
    y = [1.0e308, 1.5e308, -1.7e308, 1.6e308]
    ys = [mpmath.mpf(v) for v in y]
    loc_true = (ys[0] + ys[1]) / 2                           # the median: mean of the middle two
    b_true = sum(abs(v - loc_true) for v in ys) / len(ys)
    loc, b = regression.fit_laplace(y)
    assert_close(loc, loc_true)
    assert_close(b, b_true)


# ---------------------------------------------------------------------------------------------
# Line fits in extreme units: the fit must not depend on the units of x and y
# ---------------------------------------------------------------------------------------------
X0 = [0.0, 1.0, 2.0, 3.0, 4.0]
Y0 = [1.0, 3.1, 4.9, 7.2, 9.0]
UNITS = [(1e200, 1.0), (1.0, 1e200), (1e-200, 1.0), (1.0, 1e-200), (1e300, 1e300),
         (1e-300, 1e-300), (1e150, 1e-150)]


def exact_l2_line(x, y):
    """Least squares in exact rational arithmetic on the float inputs."""
    xs, ys = [Fraction(v) for v in x], [Fraction(v) for v in y]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = (sum((a - mx) * (b - my) for a, b in zip(xs, ys))
             / sum((a - mx) ** 2 for a in xs))
    return slope, my - slope * mx


def exact_l1_objective(params, x, y):
    a, c = (Fraction(float(v)) for v in params)
    return sum(abs(Fraction(b) - a * Fraction(t) - c) for t, b in zip(x, y))


def exact_l1_minimum(x, y):
    """Some L1-optimal line passes through two data points, with the median intercept for its
    slope: the minimum over the lines through pairs, in exact arithmetic."""
    xs, ys = [Fraction(v) for v in x], [Fraction(v) for v in y]
    best = None
    for i, j in itertools.combinations(range(len(xs)), 2):
        if xs[i] == xs[j]:
            continue
        a = (ys[j] - ys[i]) / (xs[j] - xs[i])
        for c in (b - a * t for t, b in zip(xs, ys)):
            val = sum(abs(b - a * t - c) for t, b in zip(xs, ys))
            best = val if best is None else min(best, val)
    return best


@pytest.mark.parametrize("sx, sy", UNITS)
def test_fit_l2_in_any_units(sx, sy):
    x, y = [v * sx for v in X0], [v * sy for v in Y0]
    slope, intercept = exact_l2_line(x, y)
    got = regression.fit_l2(x, y)
    assert_close(float(got[0]), mpmath.mpf(slope.numerator) / slope.denominator)
    assert_close(float(got[1]), mpmath.mpf(intercept.numerator) / intercept.denominator)


def test_fit_l1_exact_where_differences_between_points_overflow():
    # y_j - y_i reaches 3e308 (inf): the candidate slopes were inf and the fit NaN
    x = [0.0, 10.0, 20.0, 30.0, 40.0]
    y = [1.5e308, 1.0e308, 0.5e308, -0.1e308, -1.5e308]
    got = regression.fit_l1(x, y)
    assert np.all(np.isfinite(got))
    best = exact_l1_minimum(x, y)
    assert exact_l1_objective(got, x, y) <= best * (1 + Fraction(1, 10 ** 12))


# ---------------------------------------------------------------------------------------------
# The regularization term: exactly 0 for lambda = 0, no needless overflow
# ---------------------------------------------------------------------------------------------
W_HUGE = np.array([[1e200, -3e199], [0.0, 2.0]])


@pytest.mark.parametrize("reg", regularization.REGULARIZERS)
def test_reg_loss_is_exactly_zero_for_zero_strength(reg):
    assert regularization.reg_loss(W_HUGE, 0.0, reg=reg) == 0.0
    big = np.full((3, 2), 1e308)
    assert regularization.reg_loss(big, 0.0, reg=reg) == 0.0
    grad = regularization.reg_loss_grad(big, 0.0, reg=reg)
    assert np.array_equal(grad, np.zeros_like(big))


def exact_reg_loss(W, lam, reg, beta=1.0):
    entries = [mpmath.mpf(float(v)) for v in np.ravel(W)]
    sq, ab = sum(v * v for v in entries), sum(abs(v) for v in entries)
    lam = mpmath.mpf(lam)
    return {"l2": lam * sq, "l1": lam * ab, "elastic_net": lam * (mpmath.mpf(beta) * sq + ab)}[reg]


@pytest.mark.parametrize("reg", regularization.REGULARIZERS)
@pytest.mark.parametrize("lam, W", [
    (1e-300, W_HUGE),                              # R(W) = 1e400 overflows, lambda R = 1e100
    (1e300, np.array([1e-200, -3e-201])),          # R(W) underflows to 0, lambda R = 1e-100
    (1e-3, np.array([[3.0, -4.0], [0.5, 0.0]])),   # ordinary numbers
    (1e-300, np.array([1e308, 1e308])),
])
def test_reg_loss_matches_closed_form(reg, lam, W):
    assert_close(regularization.reg_loss(W, lam, reg=reg), exact_reg_loss(W, lam, reg))


def test_reg_loss_elastic_net_with_tiny_beta():
    W, lam, beta = W_HUGE, 1e-300, 1e-300
    assert_close(regularization.reg_loss(W, lam, reg="elastic_net", beta=beta),
                 exact_reg_loss(W, lam, "elastic_net", beta))


def test_logistic_loss_with_zero_strength_and_huge_weights_is_finite():
    # w @ w = inf; with reg_strength = 0 the penalty used to be 0 * inf = NaN
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
    y = np.array([1, 0, 0])
    w = np.array([1e-100, 1e160])          # logits are 1e-100, 1e160, -1e-100: finite
    loss, dw, db = logistic.loss_and_grad(w, 0.0, X, y, reg_strength=0.0)
    z = [mpmath.mpf(1e-100), mpmath.mpf(1e160), mpmath.mpf(-1e-100)]
    bce = [mpmath.log(1 + mpmath.exp(-zi)) if t else mpmath.log(1 + mpmath.exp(zi))
           for zi, t in zip(z, y)]
    assert_close(loss, sum(bce) / 3)
    assert np.all(np.isfinite(dw)) and math.isfinite(db)


# ---------------------------------------------------------------------------------------------
# Training loops: a divergence stops with a clear error; a huge but sound step does not
# ---------------------------------------------------------------------------------------------
def _toy():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 3))
    return X, (X[:, 0] > 0).astype(int)


def test_logistic_train_divergence_raises_a_clear_error():
    X, y = _toy()
    # w <- w (1 - 2 eta lambda) = -19 w each step: |w| overflows after about 240 steps
    with pytest.raises(FloatingPointError,
                       match=r"^training diverged at iteration \d+ \(loss .*\): "
                             r"lower learning_rate \(now 10\)$"):
        logistic.train(X, y, learning_rate=10.0, reg_strength=1.0, num_iters=1000)


def test_logistic_train_overflowing_logits_raise_a_clear_error():
    X, y = _toy()
    X = X * 1e150    # one step of 1e10 makes |w| about 1e160, and the logits X @ w overflow
    with pytest.raises(FloatingPointError, match=r"^training diverged at iteration 2 "
                                                 r"\(the logits .* overflowed\): lower "
                                                 r"learning_rate \(now 1e\+10\)$"):
        logistic.train(X, y, learning_rate=1e10, num_iters=50)


@pytest.mark.parametrize("learning_rate, what", [(1e300, "w or b no longer finite")])
def test_logistic_train_overflowing_weights_raise_a_clear_error(learning_rate, what):
    X, y = _toy()
    with pytest.raises(FloatingPointError, match=rf"^training diverged at iteration 1 \(loss "
                                                 rf"[^,]+, {what}\): lower learning_rate"):
        logistic.train(X * 1e150, y, learning_rate=learning_rate, num_iters=50)


def test_logistic_train_huge_steps_without_penalty_stay_finite():
    # separable data, reg_strength = 0: |w| grows to 1e299 but the loss is 0, not 0 * inf = NaN
    X, y = _toy()
    result = logistic.train(X, y, learning_rate=1e300, num_iters=5)
    assert np.all(np.isfinite(result.loss_history))
    assert result.score(X, y) == 1.0


def test_logistic_probabilities_of_overflowing_logits():
    # z = 1e200 * 1e200 overflows; sigma(+-inf) is 1 or 0, not an error about "z"
    X = np.array([[1e200], [-1e200], [1.0]])
    w, b = np.array([1e200]), 0.0
    np.testing.assert_array_equal(logistic.predict_proba(X, w, b), [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(logistic.predict(X, w, b), [1, 0, 1])


# ------------------------------------------------------------------------------------------------
# λR(W) inside the full losses: exactly 0 at λ = 0 whatever W (no 0 · inf = NaN)
# ------------------------------------------------------------------------------------------------
#: One example x = (1, 0) of class 1 and weights so large that ΣW² = 2e400 overflows, while the
#: scores s = W x = (1e200, 0) are finite.  By hand: the SVM loss is max(0, 1e200 - 0 + 1) = 1e200
#: (the 1 is lost in rounding), the softmax loss log(e^1e200 + e^0) - 0 = 1e200; with λ = 0 the
#: full loss is that data loss, and dW = Gᵀx with G = (1, -1) (SVM) has rows (1, 0) and (-1, 0).
W_OVER = np.array([[1e200, 0.0], [0.0, 1e200]])
X_ONE, Y_ONE = np.array([[1.0, 0.0]]), np.array([1])


@pytest.mark.parametrize("reg", regularization.REGULARIZERS)
@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_linear_loss_with_zero_strength_and_huge_weights_is_finite(loss, reg):
    from lossbook import linear
    parts = linear.loss_and_grad(W_OVER, np.zeros(2), X_ONE, Y_ONE, loss=loss, reg=reg,
                                 reg_strength=0.0)
    assert parts.reg_loss == 0.0
    assert parts.loss == parts.data_loss == 1e200
    assert np.all(np.isfinite(parts.dW))
    if loss == "svm":
        assert np.array_equal(parts.dW, [[1.0, 0.0], [-1.0, 0.0]])


@pytest.mark.parametrize("naive", ["svm_loss_naive", "softmax_loss_naive"])
def test_naive_losses_with_zero_strength_and_huge_weights_are_finite(naive):
    from lossbook import linear
    loss, dW, _ = getattr(linear, naive)(W_OVER, np.zeros(2), X_ONE, Y_ONE, reg_strength=0.0)
    assert loss == 1e200
    assert np.all(np.isfinite(dW))


@pytest.mark.parametrize("reg", regularization.REGULARIZERS)
def test_regpath_objective_with_zero_strength_and_huge_weights_is_finite(reg):
    from lossbook import regpath
    obj, data, reg_loss = regpath.objective(W_OVER, np.zeros(2), X_ONE, Y_ONE, loss="softmax",
                                            reg=reg, reg_strength=0.0)
    assert (obj, data, reg_loss) == (1e200, 1e200, 0.0)


def test_chapter_and_explorer_objectives_with_zero_strength_and_huge_weights_are_finite():
    from lossbook.chapters import ch03_svm_loss
    from lossbook.widgets import ch02_linear_classifier
    assert ch03_svm_loss.svm_objective(W_OVER, X_ONE, Y_ONE, reg_strength=0.0) == 1e200
    st_ = ch02_linear_classifier.compute(W_OVER, np.zeros(2), X_ONE, Y_ONE, "svm", 0.0)
    assert (st_.reg_loss, st_.total_loss) == (0.0, 1e200)
    assert np.array_equal(st_.dW, [[1.0, 0.0], [-1.0, 0.0]])
