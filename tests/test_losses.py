"""Every worked example of the outline, reproduced by the core library to its printed precision.

The reference numbers come from ../shared/notes/outline.md, where they were computed independently
(with PyTorch's loss functions); a few are also recomputed here by hand from their formulas.
"""
import math

import numpy as np
import pytest

from lossbook import losses, regularization

# The cat/car/frog table: one ROW per image (the outline prints one column per image).
SCORES = np.array([[3.2, 5.1, -1.7],    # cat image: cat, car, frog scores
                   [1.3, 4.9, 2.0],     # car image
                   [2.2, 2.5, -3.1]])   # frog image
Y = np.array([0, 1, 2])


def test_svm_worked_example():
    per_image = losses.svm_loss(SCORES, Y, reduction="none")
    np.testing.assert_allclose(per_image, [2.9, 0.0, 12.9], atol=1e-12)
    assert round(losses.svm_loss(SCORES, Y), 2) == 5.27
    assert losses.svm_loss(SCORES, Y, reduction="sum") == pytest.approx(15.8)
    # the frog image term by term (erratum 1): max(0, 2.2+3.1+1) + max(0, 2.5+3.1+1)
    assert 6.3 + 6.6 == pytest.approx(per_image[2])


@pytest.mark.parametrize("margin, expected", [(0.5, [2.4, 0, 11.9]), (2.0, [3.9, 0, 14.9])])
def test_svm_other_margins(margin, expected):
    np.testing.assert_allclose(losses.svm_loss(SCORES, Y, margin=margin, reduction="none"),
                               expected, atol=1e-12)


def test_squared_hinge():
    np.testing.assert_allclose(losses.svm_loss(SCORES, Y, squared=True, reduction="none"),
                               [8.41, 0, 83.25], atol=1e-12)
    # by hand: 2.9**2 + 0 for the cat image; 6.3**2 + 6.6**2 for the frog image
    assert 2.9 ** 2 == pytest.approx(8.41) and 6.3 ** 2 + 6.6 ** 2 == pytest.approx(83.25)


def test_softmax_worked_example():
    p = losses.softmax(SCORES)
    np.testing.assert_allclose(np.round(p[0], 2), [0.13, 0.87, 0.00])
    per_image = losses.cross_entropy(SCORES, Y, reduction="none")
    assert round(per_image[0], 2) == 2.04
    assert round(per_image[1], 3) == 0.079
    assert round(per_image[2], 2) == 6.16
    assert round(losses.cross_entropy(SCORES, Y), 2) == 2.76
    # by hand, with the textbook formula -log(e^{s_y} / sum_j e^{s_j})
    by_hand = [-math.log(math.exp(s[k]) / sum(math.exp(v) for v in s)) for s, k in zip(SCORES, Y)]
    np.testing.assert_allclose(per_image, by_hand, rtol=1e-12)


def test_svm_versus_softmax():
    scores = np.array([[10, -2, 3], [10, 9, 9], [10, -100, -100]], dtype=float)
    y = np.zeros(3, dtype=int)
    np.testing.assert_array_equal(losses.svm_loss(scores, y, reduction="none"), [0, 0, 0])
    ce = losses.cross_entropy(scores, y, reduction="none")
    assert round(ce[0], 5) == 0.00092
    assert round(ce[1], 3) == 0.551
    # ≈0, but not 0: -log(1/(1 + 2e^-110)) = log1p(2e^-110) keeps its digits
    assert ce[2] == pytest.approx(2 * math.exp(-110), rel=1e-12)
    assert round(losses.cross_entropy(scores, y), 3) == 0.184


def test_bce_from_logits():
    z = np.array([-3, 0, 2.5, 40, -40])
    t = np.array([1, 0, 1, 0, 1])
    got = losses.binary_cross_entropy(z, t, reduction="none")
    np.testing.assert_allclose(np.round(got, 4), [3.0486, 0.6931, 0.0789, 40.0, 40.0])
    assert np.all(np.isfinite(got))
    # the naive formula overflows to inf at |z| = 40 in float32 and at |z| = 800 in float64
    big = losses.binary_cross_entropy([800.0, -800.0], [0.0, 1.0], reduction="none")
    np.testing.assert_allclose(big, [800.0, 800.0])


def test_gaussian_and_laplace_nll():
    f = np.array([0.5, 2.5, 1.0])
    y = np.array([1.0, 2.0, -0.5])
    np.testing.assert_allclose(np.round(losses.gaussian_nll(f, y, 0.8, reduction="none"), 4),
                               [0.8911, 0.8911, 2.4536])
    np.testing.assert_allclose(np.round(losses.laplace_nll(f, y, 0.8, reduction="none"), 4),
                               [1.0950, 1.0950, 2.3450])
    # against the densities written out: -log(1/sqrt(2 pi s^2) exp(-(y-f)^2 / (2 s^2)))
    s = 0.8
    dens = np.exp(-(y - f) ** 2 / (2 * s * s)) / math.sqrt(2 * math.pi * s * s)
    np.testing.assert_allclose(losses.gaussian_nll(f, y, s, reduction="none"), -np.log(dens))
    dens = np.exp(-np.abs(y - f) / s) / (2 * s)
    np.testing.assert_allclose(losses.laplace_nll(f, y, s, reduction="none"), -np.log(dens))


def test_laplace_mixture_nll():
    got = losses.laplace_mixture_nll([0.0, -1.0, 2.2], [0.3, 0.7], [-1, 2], [0.5, 1.5],
                                     reduction="none")
    np.testing.assert_allclose(np.round(got, 4), [2.2817, 1.1039, 1.5862])
    # the same mixture given per example, (N, M)
    w = np.tile([0.3, 0.7], (3, 1))
    got2 = losses.laplace_mixture_nll([0.0, -1.0, 2.2], w, np.tile([-1.0, 2.0], (3, 1)),
                                      np.tile([0.5, 1.5], (3, 1)), reduction="none")
    np.testing.assert_allclose(got2, got)
    # a one-component mixture is the plain Laplace likelihood
    np.testing.assert_allclose(
        losses.laplace_mixture_nll([0.3, 4.0], [1.0], [1.0], [0.8], reduction="none"),
        losses.laplace_nll([1.0, 1.0], [0.3, 4.0], 0.8, reduction="none"))


def test_cross_entropy_one_hot_example():
    p = np.array([0.3792, 0.3104, 0.3104])
    assert round(-math.log(p[0]), 4) == 0.9697
    # scores whose softmax is p: log p (up to a constant) give the same loss
    assert losses.cross_entropy(np.log(p)[None, :], [0]) == pytest.approx(-math.log(p[0] / p.sum()))
    # one-hot targets give the same as integer labels
    assert losses.cross_entropy(np.log(p)[None, :], np.array([[1.0, 0, 0]])) == \
        pytest.approx(losses.cross_entropy(np.log(p)[None, :], [0]))


def test_sigmoid_is_two_class_softmax():
    assert round(losses.sigmoid(1.7), 4) == 0.8455
    for lam in (-30.0, -1.7, 0.0, 1.7, 30.0):
        p = losses.softmax([lam, 0.0])
        assert p[0] == pytest.approx(losses.sigmoid(lam), rel=1e-12)
        assert p[1] == pytest.approx(losses.sigmoid(-lam), rel=1e-12)  # = 1 - sigma(lam)


def test_l2_l1_of_w1_w2():
    x = np.ones(4)
    w1 = np.array([1.0, 0, 0, 0])
    w2 = np.full(4, 0.25)
    assert w1 @ x == w2 @ x == 1.0
    assert regularization.l2(w1) == 1.0 and regularization.l2(w2) == 0.25
    assert regularization.l1(w1) == regularization.l1(w2) == 1.0  # erratum 7: L1 ties here
    assert regularization.elastic_net(w2, beta=0.5) == pytest.approx(0.5 * 0.25 + 1.0)


def test_w_and_2w_both_zero_svm_loss_on_car_image():
    car = SCORES[1:2]
    assert losses.svm_loss(car, [1]) == 0.0
    assert losses.svm_loss(2 * car, [1]) == 0.0


def test_sanity_checks_at_initialisation():
    # all scores equal: softmax loss log C, SVM loss C - 1
    for c in (2, 3, 10):
        s = np.zeros((5, c))
        y = np.arange(5) % c
        assert losses.cross_entropy(s, y) == pytest.approx(math.log(c))
        assert losses.svm_loss(s, y) == pytest.approx(c - 1)
    assert round(math.log(10), 3) == 2.303
