"""Bad input gets a ValueError or TypeError whose message names the argument and what was expected."""
import numpy as np
import pytest

from lossbook import gradcheck, knn, linear, logistic, losses, regpath, regression, regularization
from lossbook._validation import as_choice, as_int
from lossbook.data import photos, shapes, toy1d, toy2d

S = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0]])
Y = np.array([0, 1])
CLASS_LOSSES = [losses.svm_loss, losses.svm_loss_grad, losses.cross_entropy,
                losses.cross_entropy_grad]


@pytest.mark.parametrize("fn", CLASS_LOSSES)
def test_scores_must_be_2d(fn):
    with pytest.raises(ValueError, match=r"scores must be 2-D"):
        fn(S[0], 0)


@pytest.mark.parametrize("fn", CLASS_LOSSES)
def test_label_count_must_match(fn):
    with pytest.raises(ValueError, match=r"y has 3 labels for the 2 rows of scores"):
        fn(S, np.array([0, 1, 2]))


@pytest.mark.parametrize("fn", CLASS_LOSSES)
@pytest.mark.parametrize("bad", [3, -1])
def test_labels_out_of_range(fn, bad):
    with pytest.raises(ValueError, match=rf"y must hold labels in \[0, 3\); found {bad}"):
        fn(S, np.array([0, bad]))


@pytest.mark.parametrize("fn", CLASS_LOSSES)
def test_labels_must_be_integers(fn):
    with pytest.raises(TypeError, match=r"y must hold integer class labels; got dtype float64"):
        fn(S, np.array([0.0, 1.5]))


@pytest.mark.parametrize("fn", CLASS_LOSSES)
@pytest.mark.parametrize("value, word", [(np.nan, "NaN"), (np.inf, "infinite")])
def test_scores_must_be_finite(fn, value, word):
    bad = S.copy()
    bad[1, 2] = value
    with pytest.raises(ValueError, match=rf"scores contains {word} values"):
        fn(bad, Y)


@pytest.mark.parametrize("fn", CLASS_LOSSES)
def test_empty_batch(fn):
    with pytest.raises(ValueError, match=r"scores is empty"):
        fn(np.zeros((0, 3)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("fn", CLASS_LOSSES + [losses.binary_cross_entropy, losses.l2_loss,
                                               losses.l1_loss])
def test_unknown_reduction(fn):
    a, b = (S, Y) if fn in CLASS_LOSSES else (np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match=r"reduction must be one of \('mean', 'sum', 'none'\); "
                                         r"got 'average'"):
        fn(a, b, reduction="average")


def test_strings_are_type_errors():
    with pytest.raises(TypeError, match=r"scores must be a numeric array"):
        losses.softmax("1, 2, 3")
    with pytest.raises(TypeError, match=r"scores must hold numbers"):
        losses.svm_loss(np.array([["a", "b"]]), [0])


def test_margin_and_temperature():
    with pytest.raises(ValueError, match=r"margin must be non-negative; got -1.0"):
        losses.svm_loss(S, Y, margin=-1)
    for t in (0, -2.0):
        with pytest.raises(ValueError, match=r"temperature must be positive"):
            losses.softmax(S, temperature=t)
    with pytest.raises(TypeError, match=r"temperature must be a real number"):
        losses.softmax(S, temperature="hot")
    with pytest.raises(ValueError, match=r"temperature must be finite"):
        losses.softmax(S, temperature=np.inf)


def test_softmax_axis():
    with pytest.raises(ValueError, match=r"axis must be an integer in \[-2, 1\]; got 2"):
        losses.softmax(S, axis=2)
    with pytest.raises(ValueError, match=r"axis must be an integer in \[-2, 1\]; got -3"):
        losses.log_softmax(S, axis=-3)
    with pytest.raises(TypeError, match=r"axis must be an integer; got float 1.0"):
        losses.softmax(S, axis=1.0)


def test_target_probabilities():
    with pytest.raises(ValueError, match=r"row 1 sums to 0.9"):
        losses.cross_entropy(S, np.array([[1.0, 0, 0], [0.5, 0.4, 0.0]]))
    with pytest.raises(ValueError, match=r"must be non-negative"):
        losses.cross_entropy(S, np.array([[1.5, -0.5, 0], [0, 1.0, 0.0]]))
    with pytest.raises(ValueError, match=r"scores and y \(target probabilities\) must have the "
                                         r"same shape"):
        losses.cross_entropy(S, np.eye(2))


def test_bce_shapes_and_targets():
    with pytest.raises(ValueError, match=r"logits and y must have the same shape; got \(3,\) "
                                         r"and \(2,\)"):
        losses.binary_cross_entropy([0.0, 1.0, 2.0], [1.0, 0.0])
    with pytest.raises(ValueError, match=r"y must hold targets in \[0, 1\]"):
        losses.binary_cross_entropy([0.0, 1.0], [1.0, 2.0])


def test_no_silent_broadcast_in_regression_losses():
    # (3,) against (3, 1) would broadcast to (3, 3): refused
    with pytest.raises(ValueError, match=r"pred and target must have the same shape"):
        losses.l2_loss(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"sigma must be a scalar or have shape \(3,\)"):
        losses.gaussian_nll(np.zeros(3), np.zeros(3), sigma=np.ones(2))


@pytest.mark.parametrize("fn, name", [(losses.gaussian_nll, "sigma"), (losses.laplace_nll, "b")])
@pytest.mark.parametrize("value", [0.0, -0.5, np.array([1.0, -1.0, 1.0])])
def test_non_positive_scale(fn, name, value):
    with pytest.raises(ValueError, match=rf"{name} must be positive"):
        fn(np.zeros(3), np.ones(3), value)


def test_mixture_parameters():
    y = [0.0, 1.0]
    with pytest.raises(ValueError, match=r"weights must be non-negative"):
        losses.laplace_mixture_nll(y, [1.2, -0.2], [0, 1], [1, 1])
    with pytest.raises(ValueError, match=r"weights must sum to 1 in each mixture; got a sum of 0.9"):
        losses.laplace_mixture_nll(y, [0.5, 0.4], [0, 1], [1, 1])
    with pytest.raises(ValueError, match=r"scales must be positive"):
        losses.laplace_mixture_nll(y, [0.5, 0.5], [0, 1], [1, 0])
    with pytest.raises(ValueError, match=r"same number of components M"):
        losses.laplace_mixture_nll(y, [0.5, 0.5], [0, 1, 2], [1, 1])
    with pytest.raises(ValueError, match=r"weights has 3 rows but y has 2 targets"):
        losses.laplace_mixture_nll(y, np.full((3, 2), 0.5), [0, 1], [1, 1])


def test_linear_shapes():
    X = np.zeros((4, 5))
    W = np.zeros((3, 5))
    with pytest.raises(ValueError, match=r"X has 6 features per row but W expects 5"):
        linear.scores(np.zeros((4, 6)), W, np.zeros(3))
    with pytest.raises(ValueError, match=r"b must have shape \(3,\)"):
        linear.scores(X, W, np.zeros(4))
    with pytest.raises(ValueError, match=r"W must be 2-D"):
        linear.scores(X, np.zeros(5), np.zeros(3))
    with pytest.raises(ValueError, match=r"X is empty"):
        linear.loss_and_grad(W, np.zeros(3), np.zeros((0, 5)), np.zeros(0, dtype=int))


def test_unknown_names():
    X, W, b, y = np.zeros((2, 5)), np.zeros((3, 5)), np.zeros(3), np.array([0, 1])
    with pytest.raises(ValueError, match=r"loss must be one of \('svm', 'softmax'\); got 'hinge'"):
        linear.loss_and_grad(W, b, X, y, loss="hinge")
    with pytest.raises(ValueError, match=r"reg must be one of \('l2', 'l1', 'elastic_net'\); "
                                         r"got 'l3'"):
        linear.loss_and_grad(W, b, X, y, reg="l3")
    with pytest.raises(ValueError, match=r"reg must be one of"):
        regularization.penalty(W, "ridge")
    with pytest.raises(ValueError, match=r"reg_strength must be non-negative"):
        linear.loss_and_grad(W, b, X, y, reg_strength=-1)
    with pytest.raises(ValueError, match=r"beta must be non-negative"):
        regularization.elastic_net(W, beta=-0.1)
    with pytest.raises(ValueError, match=r"loss must be one of"):
        linear.LinearClassifier(loss="perceptron")


def test_training_arguments():
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match=r"learning_rate must be positive"):
        linear.train_sgd(X, y, learning_rate=0)
    with pytest.raises(TypeError, match=r"num_iters must be an integer; got float 2.5"):
        linear.train_sgd(X, y, num_iters=2.5)
    with pytest.raises(ValueError, match=r"batch_size must be an integer >= 1; got 0"):
        linear.train_sgd(X, y, batch_size=0)
    with pytest.raises(ValueError, match=r"seed must be an integer >= 0; got -1"):
        linear.train_sgd(X, y, seed=-1)
    with pytest.raises(ValueError, match=r"pass both W and b, or neither"):
        linear.train_sgd(X, y, W=np.zeros((2, 2)))
    with pytest.raises(RuntimeError, match=r"not fitted yet"):
        linear.LinearClassifier().predict(X)


def test_gradcheck_arguments():
    with pytest.raises(ValueError, match=r"a and b must have the same shape"):
        gradcheck.rel_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match=r"h must be positive"):
        gradcheck.numerical_gradient(np.sum, np.zeros(2), h=0)


# ---------------------------------------------------------------------------------------------
# The shared integer and choice checks, and some of the places that use them
# ---------------------------------------------------------------------------------------------
def test_as_int_accepts_python_and_numpy_integers():
    assert as_int(3, "n") == 3
    value = as_int(np.int64(7), "n", minimum=0, maximum=7)
    assert value == 7 and type(value) is int


@pytest.mark.parametrize("bad, shown", [(True, "bool True"), (False, "bool False"),
                                        (3.0, "float 3.0"),
                                        (np.float64(2.0), r"float64 (np\.float64\()?2\.0\)?"),
                                        ("3", "str '3'"), (None, "NoneType None")])
def test_as_int_refuses_non_integers(bad, shown):
    with pytest.raises(TypeError, match=rf"^n_iter must be an integer; got {shown}$"):
        as_int(bad, "n_iter")


def test_as_int_range_message_names_argument_bound_and_value():
    with pytest.raises(ValueError, match=r"^batch must be an integer >= 1; got 0$"):
        as_int(0, "batch", minimum=1)
    with pytest.raises(ValueError, match=r"^k must be an integer in \[1, 5\]; got 6$"):
        as_int(6, "k", minimum=1, maximum=5)
    assert as_int(5, "k", minimum=1, maximum=5) == 5


def test_as_choice():
    assert as_choice("l1", "metric", ("l1", "l2")) == "l1"
    with pytest.raises(ValueError, match=r"^metric must be one of \('l1', 'l2'\); got 'cosine'$"):
        as_choice("cosine", "metric", ("l1", "l2"))
    # not a string: refused with the same message, even if it compares equal to nothing
    with pytest.raises(ValueError, match=r"^metric must be one of \('l1', 'l2'\); got 1$"):
        as_choice(1, "metric", ["l1", "l2"])
    # a dict's keys are its choices
    with pytest.raises(ValueError, match=r"^name must be one of \('a', 'b'\); got None$"):
        as_choice(None, "name", {"a": 1, "b": 2})


def test_knn_metric_and_k():
    X, y = np.eye(4), np.array([0, 1, 0, 1])
    model = knn.train(X, y)
    with pytest.raises(ValueError, match=r"metric must be one of \('l1', 'l2'\); got 'cosine'"):
        knn.predict(model, X, metric="cosine")
    with pytest.raises(ValueError, match=r"metric must be one of"):
        knn.pairwise_distances(X, X, metric="L2")
    with pytest.raises(ValueError, match=r"k must be an integer in \[1, 4\]; got 5"):
        knn.neighbors(model, X, k=5)
    with pytest.raises(TypeError, match=r"k must be an integer; got bool True"):
        knn.predict(model, X, k=True)
    with pytest.raises(TypeError, match=r"k must be an integer; got float 3.0"):
        knn.evaluate_k(X, y, X, y, ks=(1, 3.0))


def test_data_seeds_and_counts():
    with pytest.raises(ValueError, match=r"seed must be an integer >= 0; got -1"):
        toy2d.blobs(seed=-1)
    with pytest.raises(TypeError, match=r"seed must be an integer; got float 1.0"):
        toy2d.make_two_blobs(seed=1.0)
    with pytest.raises(ValueError, match=r"n_per_class must be an integer >= 1; got 0"):
        toy2d.rings(0)
    with pytest.raises(ValueError, match=r"name must be one of \('demo', 'blobs'"):
        toy2d.make_toy("spiral")
    with pytest.raises(TypeError, match=r"seed must be an integer; got str '0'"):
        toy1d.make_line_data(seed="0")
    with pytest.raises(ValueError, match=r"seed must be an integer >= 0; got -2"):
        toy1d.sample_laplace_mixture(5, [1.0], [0.0], [1.0], seed=-2)
    with pytest.raises(ValueError, match=r"n_per_class must be an integer >= 1; got 0"):
        shapes.make_shapes(0)
    with pytest.raises(TypeError, match=r"seed must be an integer; got bool True"):
        shapes.make_shapes(1, seed=True)
    with pytest.raises(ValueError, match=r"seed must be an integer >= 0; got -1"):
        photos.occlusion_grain(10, seed=-1)


def test_fit_arguments():
    x, y = [0.0, 1.0, 2.0], [0.0, 1.0, 3.0]
    for method in ("exact", "irls"):    # checked whichever solver runs
        with pytest.raises(ValueError, match=r"max_iter must be an integer >= 1; got 0"):
            regression.fit_l1(x, y, method=method, max_iter=0)
    with pytest.raises(ValueError, match=r"method must be one of \('exact', 'irls'\); got 'lp'"):
        regression.fit_l1(x, y, method="lp")
    X, labels = np.eye(3), np.array([0, 1, 2])
    with pytest.raises(ValueError, match=r"max_iter must be an integer >= 1; got 0"):
        regpath.fit(X, labels, max_iter=0)
    with pytest.raises(TypeError, match=r"n_classes must be an integer; got float 3.0"):
        regpath.fit(X, labels, n_classes=3.0)
    with pytest.raises(ValueError, match=r"loss must be one of \('softmax', 'squared'\)"):
        regpath.lipschitz_constant(X, loss="hinge")
    with pytest.raises(ValueError, match=r"n_classes must be an integer >= 1; got 0"):
        linear.init_params(4, 0)
    with pytest.raises(TypeError, match=r"num_checks must be an integer; got float 2.0"):
        gradcheck.grad_check_sparse(np.sum, np.zeros(2), np.ones(2), num_checks=2.0)


def test_checked_directly_not_by_a_dummy_call():
    # logistic.train checks y itself (it used to call its checker with a zero w)
    X, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match=r"y must hold labels 0 or 1"):
        logistic.train(X, y + 1)
    with pytest.raises(ValueError, match=r"y must have shape \(4,\) to match X"):
        logistic.train(X, y[:3])
    with pytest.raises(TypeError, match=r"num_iters must be an integer; got bool True"):
        logistic.train(X, y, num_iters=True)
    # LinearClassifier checks reg and beta itself (it used to compute a penalty of zeros)
    with pytest.raises(ValueError, match=r"reg must be one of \('l2', 'l1', 'elastic_net'\); "
                                         r"got 'ridge'"):
        linear.LinearClassifier(reg="ridge")
    with pytest.raises(ValueError, match=r"beta must be non-negative; got -1.0"):
        linear.LinearClassifier(reg="elastic_net", beta=-1)
