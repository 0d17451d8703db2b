"""The errata page's claims, each checked by a computation independent of the library's loss code
(plain loops with ``math``, scipy's quadrature), and the page's structure."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy import integrate

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


def test_page_lists_the_seven_errata(repo_root):
    nb = json.loads((repo_root / "chapters" / "errata.ipynb").read_text(encoding="utf-8"))
    heads = [line for c in nb["cells"] if c["cell_type"] == "markdown"
             for line in "".join(c["source"]).splitlines() if line.startswith("## ")]
    numbered = [h for h in heads if h[3:4].isdigit()]
    assert [h[3] for h in numbered] == list("1234567")
    assert "".join(nb["cells"][0]["source"]).startswith("# ")
