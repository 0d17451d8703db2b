"""The errata page's claims, each checked by a computation independent of the library's loss code
(plain loops with ``math``, closed forms, scipy's quadrature, distributions and optimizer), and
the page's structure."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy import integrate, optimize, stats

import lossbook as lb

TABLE = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]  # rows: cat, car, frog image


def hinge_by_hand(s, y, margin=1.0):
    return sum(max(0.0, s[j] - s[y] + margin) for j in range(len(s)) if j != y)


def test_erratum_1_svm_average():
    losses = [hinge_by_hand(TABLE[i], i) for i in range(3)]
    assert losses == pytest.approx([2.9, 0.0, 12.9])
    assert sum(losses) / 3 == pytest.approx(5.2667, abs=1e-4)
    assert sum(losses) / 3 != pytest.approx(9.9, abs=0.1)  # the notes' value
    assert lb.losses.svm_loss(np.array(TABLE), np.arange(3)) == pytest.approx(sum(losses) / 3)


def test_erratum_2_margin_needed():
    # the highest score is not enough for a zero loss: the lead must be at least the margin
    assert hinge_by_hand([3.0, 2.5, 0.0], 0) == pytest.approx(0.5)


def test_erratum_3_softmax_mean():
    rows = [[10, -2, 3], [10, 9, 9], [10, -100, -100]]
    ce = [-(r[0] - math.log(sum(math.exp(v) for v in r))) for r in rows]
    assert ce[1] == pytest.approx(0.5514, abs=1e-4)
    assert sum(ce) / 3 == pytest.approx(0.1841, abs=1e-4)
    assert lb.losses.cross_entropy(np.array(rows, float), np.zeros(3, int)) == \
        pytest.approx(sum(ce) / 3)


def test_erratum_4_gaussian_constant():
    s = 0.8
    assert math.log(1 / math.sqrt(2 * math.pi * s * s)) == \
        pytest.approx(-0.5 * math.log(2 * math.pi * s * s))


def test_erratum_5_laplace_normalization():
    b = 0.9
    ok, _ = integrate.quad(lambda v: math.exp(-abs(v) / b) / (2 * b), -np.inf, np.inf)
    notes, _ = integrate.quad(lambda v: math.exp(-abs(v) / (2 * b)) / (2 * b), -np.inf, np.inf)
    assert ok == pytest.approx(1.0) and notes == pytest.approx(2.0)
    # the library's Laplace NLL is the negative log of the normalized density
    lib, _ = integrate.quad(lambda v: math.exp(-lb.losses.laplace_nll(np.array([0.0]),
                                                                      np.array([v]), b)),
                            -np.inf, np.inf)
    assert lib == pytest.approx(1.0, abs=1e-6)


def test_erratum_6_cross_entropy_example():
    assert sum([0.2698, 0.2978, 0.3351]) == pytest.approx(0.9027)
    p0 = math.exp(0.2) / (math.exp(0.2) + 2)
    assert round(p0, 4) == 0.3792 and -math.log(0.3792) == pytest.approx(0.9697, abs=1e-4)


def test_erratum_7_l1_equal():
    assert sum(abs(v) for v in [1, 0, 0, 0]) == sum(abs(v) for v in [0.25] * 4) == 1
    assert sum(v * v for v in [1, 0, 0, 0]) == 1 and sum(v * v for v in [0.25] * 4) == 0.25


def test_erratum_8_cat_line():
    cat = TABLE[0]
    as_written = max(0.0, 5.1 - 3.2 + 1) + max(0.0, 2.5 - 3.2 + 1)
    assert as_written == pytest.approx(3.2)
    assert cat[2] == -1.7 and 2.5 not in cat  # 2.5 is the frog image's car score
    assert hinge_by_hand(cat, 0) == pytest.approx(2.9)
    assert lb.losses.svm_loss(np.array([cat]), np.array([0])) == pytest.approx(2.9)


def test_erratum_9_softmax_numerator():
    rows = [[10, -2, 3], [10, 9, 9], [10, -100, -100]]  # correct class 0 throughout

    def nll(r, k):
        return math.log(sum(math.exp(v - max(r)) for v in r)) - (r[k] - max(r))

    right = [nll(r, 0) for r in rows]
    literal = [nll(r, i) for i, r in enumerate(rows)]  # e^{s_i}, i the example
    assert sum(right) / 3 == pytest.approx(0.1841, abs=1e-4)
    assert literal[1] == pytest.approx(1 + right[1])  # s_1 = 9 is one below s_0 = 10
    assert literal[2] == pytest.approx(110.0, abs=1e-6)
    assert sum(literal) / 3 == pytest.approx(37.1841, abs=1e-4)
    lib = lb.losses.cross_entropy(np.array(rows, float), np.zeros(3, int), reduction="none")
    assert lib == pytest.approx(right)


def test_erratum_10_laplace_constant():
    b, f, t = 0.8, [0.5, 2.5, 1.0], [1.0, 2.0, -0.5]
    reference = [-stats.laplace.logpdf(ti, loc=fi, scale=b) for fi, ti in zip(f, t)]
    right = [math.log(2 * b) + abs(ti - fi) / b for fi, ti in zip(f, t)]
    notes = [math.log(b) + abs(ti - fi) / b for fi, ti in zip(f, t)]
    assert right == pytest.approx(reference)
    assert right == pytest.approx([1.0950, 1.0950, 2.3450], abs=1e-4)
    assert [r - n for r, n in zip(right, notes)] == pytest.approx([math.log(2)] * 3)
    # exp(-NLL) with the notes' constant integrates to 2: it is not a density
    area, _ = integrate.quad(lambda v: math.exp(-(math.log(b) + abs(v) / b)), -np.inf, np.inf)
    assert area == pytest.approx(2.0)
    lib = lb.losses.laplace_nll(np.array(f), np.array(t), b, reduction="none")
    assert lib == pytest.approx(reference)


def test_erratum_11_argmin_needs_the_minus_sign():
    counts = [5, 3, 2]  # labels of classes 0, 1, 2
    grid = [(a / 100, c / 100, (100 - a - c) / 100)
            for a in range(1, 99) for c in range(1, 99) if a + c < 100]

    def loglik(p):
        return sum(n * math.log(pk) for n, pk in zip(counts, p))

    best = max(grid, key=loglik)
    worst = min(grid, key=loglik)
    assert best == pytest.approx((0.5, 0.3, 0.2))
    assert worst == pytest.approx((0.01, 0.01, 0.98))
    # the MLE of a categorical distribution is the label frequencies (closed form)
    assert best == pytest.approx(tuple(n / sum(counts) for n in counts))
    labels = np.repeat([0, 1, 2], counts)
    ce = [lb.losses.cross_entropy(np.tile(np.log(p), (10, 1)), labels, reduction="sum")
          for p in (best, worst)]
    assert ce == pytest.approx([-loglik(best), -loglik(worst)])
    assert ce[0] < ce[1]


def test_erratum_12_strength_cannot_be_tuned_without_lambda():
    # 1-D ridge regression on centred data: mean squared error + lam * w^2
    rng = np.random.default_rng(12)
    x = rng.normal(size=40)
    y = 2.0 * x + rng.normal(scale=0.5, size=40)
    x, y = x - x.mean(), y - y.mean()
    n = len(x)

    def ridge(lam):  # closed form: d/dw = 0
        return float(x @ y / (x @ x + n * lam))

    def notes_objective(w):  # (1/N) sum L_i + R(w), no strength
        return float(np.mean((w * x - y) ** 2) + w * w)

    w_notes = optimize.minimize_scalar(notes_objective).x
    assert w_notes == pytest.approx(ridge(1.0), rel=1e-6)  # the notes fix lambda = 1
    assert ridge(0.01) == pytest.approx(2.0, abs=0.3) and ridge(1.0) < 1.5
    for lam in (1.0, 0.01):
        fit = lb.regpath.fit(x[:, None], y, loss="squared", reg="l2", reg_strength=lam,
                             tol=1e-10, max_iter=10000)
        assert fit.W[0, 0] == pytest.approx(ridge(lam), rel=1e-6)


def test_page_lists_the_twelve_errata(repo_root):
    nb = json.loads((repo_root / "chapters" / "errata.ipynb").read_text(encoding="utf-8"))
    heads = [line for c in nb["cells"] if c["cell_type"] == "markdown"
             for line in "".join(c["source"]).splitlines() if line.startswith("## ")]
    numbered = [int(h[3:].split(".")[0]) for h in heads if h[3:4].isdigit()]
    assert numbered == list(range(1, 13))
    assert "".join(nb["cells"][0]["source"]).startswith("# ")
