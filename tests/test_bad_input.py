"""Bad input gets a ValueError or TypeError whose message names the argument and what was expected."""
import math

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
    with pytest.raises(TypeError, match=r"ks\[1\] must be an integer; got float 3.0"):
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


# ---------------------------------------------------------------------------------------------
# Issue 14: what the shared checks used to let through
# ---------------------------------------------------------------------------------------------
from lossbook import _validation  # noqa: E402  (its new helpers are looked up in the tests)


def test_object_arrays_of_numeric_strings_are_refused():
    text = np.array([["3.2", "5.1", "-1.7"], ["1.3", "4.9", "2.0"]], dtype=object)
    with pytest.raises(TypeError, match=r"^scores must hold numbers; got values of dtype object "
                                        r"\(str\)$"):
        losses.svm_loss(text, Y)
    with pytest.raises(TypeError, match=r"^X must hold numbers; got values of dtype object"):
        linear.scores(np.array([["1", "2"]], dtype=object), np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(TypeError, match=r"^X must be a numeric array; got NoneType None$"):
        linear.scores(None, np.zeros((3, 2)), np.zeros(3))


@pytest.mark.parametrize("flag, shown", [(True, "bool True"), (np.bool_(True), "bool True"),
                                         (np.array(True), "a 0-D array of dtype bool")])
def test_booleans_are_not_numbers(flag, shown):
    with pytest.raises(TypeError, match=rf"^margin must be a real number; got {shown}$"):
        losses.svm_loss(S, Y, margin=flag)


def test_a_0d_string_array_is_not_a_number():
    with pytest.raises(TypeError, match=r"^reg_strength must be a real number; got a 0-D array of "
                                        r"dtype <U3$"):
        linear.loss_and_grad(np.zeros((3, 2)), np.zeros(3), np.zeros((2, 2)), Y,
                             reg_strength=np.array("0.1"))


def test_integers_beyond_float_range():
    with pytest.raises(ValueError, match=r"^margin must be finite; got an integer too large for "
                                         r"a float \(332 digits\)$"):
        _validation.as_scalar(2 ** 1100, "margin")
    with pytest.raises(ValueError, match=r"^scores holds an integer too large for a float64"):
        losses.softmax([[1, 2 ** 1100]])
    # inside float range, an integer numpy keeps as an object is still a number
    assert _validation.as_scalar(2 ** 70, "margin") == 2.0 ** 70
    np.testing.assert_array_equal(losses.log_softmax([2 ** 70, 0]),
                                  [0.0, -(2.0 ** 70)])


def test_ragged_labels_name_the_argument():
    with pytest.raises(ValueError, match=r"^y could not be read as an array: setting an array "
                                         r"element with a sequence"):
        losses.svm_loss(S, [[0, 1], [1]])
    with pytest.raises(ValueError, match=r"^y_true could not be read as an array"):
        linear.accuracy([0, [1, 2]], [0, 1])


def test_a_huge_label_does_not_size_the_weights():
    X = np.zeros((2, 3))
    y = np.array([0, 2 ** 40])
    # C = max(y) + 1 would be 2**40 + 1 rows of W: refused, naming y and how to state C
    with pytest.raises(ValueError, match=r"^y holds the label 1099511627776: inferring C = "
                                         r"max\(y\) \+ 1 = 1099511627777 classes .* labels must "
                                         r"be < 10000 when C is inferred \(pass W and b to "
                                         r"state C\)$"):
        linear.train_sgd(X, y)
    for fn in (regpath.fit, regpath.lambda_max_l1, regpath.regularization_path):
        extra = {"reg_strengths": [1.0]} if fn is regpath.regularization_path else {}
        with pytest.raises(ValueError, match=r"^y holds the label 1099511627776: .*\(pass "
                                             r"n_classes to state C\)$"):
            fn(X, y, **extra)
    with pytest.raises(ValueError, match=r"^y must hold labels in \[0, 2\); found 1099511627776$"):
        regpath.fit(X, y, n_classes=2)


def test_knn_votes_over_the_labels_that_occur():
    # the nearest-neighbour vote needs no number of classes: a label of 2**40 is just a label
    # (it used to allocate an (N_test, 2**40) table of counts)
    X = np.array([[0.0], [1.0], [10.0]])
    model = knn.train(X, [7, 2 ** 40, 2 ** 40])
    np.testing.assert_array_equal(knn.predict(model, [[0.2], [9.0]], k=1), [7, 2 ** 40])
    # ties still go to the smallest label: k=2 around 0.5 sees one 7 and one 2**40
    np.testing.assert_array_equal(knn.predict(model, [[0.5]], k=2), [7])


@pytest.mark.parametrize("value, shown", [("False", "str 'False'"), (0, "int 0"),
                                          (None, "NoneType None"),
                                          (np.array(True), "a 0-D array of dtype bool")])
def test_as_bool_refuses_truthiness(value, shown):
    with pytest.raises(TypeError, match=rf"^squared must be True or False; got {shown}$"):
        _validation.as_bool(value, "squared")
    assert _validation.as_bool(np.bool_(False), "squared") is False


def test_flags_of_the_library_are_real_bools():
    X, y = np.eye(3), np.array([0, 1, 2])
    with pytest.raises(TypeError, match=r"^warm_start must be True or False; got str 'False'$"):
        regpath.regularization_path(X, y, [1.0, 0.1], warm_start="False")
    with pytest.raises(TypeError, match=r"^verbose must be True or False; got int 1$"):
        linear.train_sgd(X, y, verbose=1)
    with pytest.raises(TypeError, match=r"^warm_start must be True or False; got str 'yes'$"):
        linear.LinearClassifier().fit(X, y, warm_start="yes")


def test_unused_hyperparameters_are_checked_too():
    W, b, X, y = np.zeros((3, 2)), np.zeros(3), np.eye(2), np.array([0, 1])
    # beta only matters for the elastic net, margin only for the SVM: still refused when bad
    with pytest.raises(ValueError, match=r"^beta must be finite; got nan$"):
        linear.loss_and_grad(W, b, X, y, reg="l2", beta=np.nan)
    with pytest.raises(ValueError, match=r"^margin must be non-negative; got -1.0$"):
        linear.loss_and_grad(W, b, X, y, loss="softmax", margin=-1)
    with pytest.raises(ValueError, match=r"^beta must be finite; got nan$"):
        regpath.fit(X, y, reg="l2", beta=np.nan)
    with pytest.raises(ValueError, match=r"^beta must be finite; got inf$"):
        regpath.objective(W, b, X, y, reg="l1", beta=np.inf)
    with pytest.raises(ValueError, match=r"^beta must be non-negative; got -1.0$"):
        regpath.quadratic_optimum(np.eye(2), [1.0, 0.0], reg="l2", beta=-1)
    with pytest.raises(TypeError, match=r"^margin must be a real number; got str '1'$"):
        linear.LinearClassifier(loss="softmax", margin="1")
    with pytest.raises(ValueError, match=r"^n_classes must be None or 1 for loss='squared'"):
        regpath.fit(X, [0.5, 1.0], loss="squared", n_classes=3)


def test_a_fit_that_stops_at_max_iter_says_so():
    X, y = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0, 1, 1])
    assert not regpath.fit(X, y, max_iter=1).converged
    with pytest.warns(RuntimeWarning, match=r"^regularization_path: 2 of 2 fits stopped at "
                                            r"max_iter=1 without reaching tol=1e-06"):
        path = regpath.regularization_path(X, y, [1.0, 0.1], max_iter=1)
    np.testing.assert_array_equal(path.converged, [False, False])
    assert regpath.regularization_path(X, y, [1.0, 0.1]).converged.all()
    with pytest.warns(RuntimeWarning, match=r"^quadratic_optimum: 1 steps did not reach"):
        regpath.quadratic_optimum(np.array([[2.0, 0.5], [0.5, 1.0]]), [1.0, 0.5], reg="l1",
                                  reg_strength=0.3, max_iter=1)


def test_lambda_max_l1_uses_the_best_bias():
    # labels 0, 0, 0, 1 on x = 1, 2, 3, 4: at W = 0 the best bias gives P(1) = 1/4 to every
    # example, so dL/dW_1 = (1/N) sum_i (P_i - t_i) x_i = ((1/4)(1 + 2 + 3 + 4) - 4) / 4 = -3/8
    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    assert regpath.lambda_max_l1(X, [0, 0, 0, 1]) == pytest.approx(3 / 8, rel=1e-12)
    # squared: best bias = mean(y) = 1, dL/dw = (2/N) sum_i (1 - y_i) x_i = (2/4)(-1 - 1 + 1 + 1)
    # ... on y = 0, 0, 2, 2: (2/4)(1 + 2 - 3 - 4) = -2
    assert regpath.lambda_max_l1(X, [0.0, 0.0, 2.0, 2.0], loss="squared") == pytest.approx(2.0)


def test_gradcheck_counts_steps_and_seeds():
    f, x, g = (lambda v: float(np.sum(v * v))), np.ones(3), 2 * np.ones(3)
    with pytest.raises(ValueError, match=r"^num_checks must be an integer >= 1; got 0$"):
        gradcheck.grad_check_sparse(f, x, g, num_checks=0)
    for eps in (0, -1e-8, np.nan):
        with pytest.raises(ValueError, match=r"^eps must be (positive|finite)"):
            gradcheck.rel_error(x, g, eps=eps)
    with pytest.raises(TypeError, match=r"^seed must be None, a non-negative integer or a numpy "
                                        r"Generator; got str '0'$"):
        gradcheck.grad_check_sparse(f, x, g, seed="0")
    with pytest.raises(ValueError, match=r"^seed must be an integer >= 0; got -1$"):
        gradcheck.grad_check_sparse(f, x, g, seed=-1)
    rows = gradcheck.grad_check_sparse(f, x, g, num_checks=2, seed=np.random.default_rng(1))
    assert [r[3] < 1e-8 for r in rows] == [True, True]
    assert isinstance(_validation.as_seed(None), np.random.Generator)
    with pytest.raises(TypeError, match=r"^f must be a function"):
        gradcheck.numerical_gradient(None, x)
    with pytest.raises(ValueError, match=r"^f must return a finite real number; at x\[0\] ± h: "
                                         r"f\(x\) must be finite; got nan$"):
        gradcheck.numerical_gradient(lambda v: np.nan, x)


def test_seeds_of_training_and_init():
    with pytest.raises(TypeError, match=r"^seed must be None, a non-negative integer or a numpy "
                                        r"Generator; got float 0.5$"):
        linear.init_params(2, 3, seed=0.5)
    with pytest.raises(TypeError, match=r"^seed must be None, a non-negative integer or a numpy "
                                        r"Generator; got RandomState"):
        linear.train_sgd(np.eye(2), [0, 1], seed=np.random.RandomState(0))
    # an int seed gives what it gave before: default_rng(seed)
    W, _ = linear.init_params(2, 3, scale=1.0, seed=4)
    np.testing.assert_array_equal(W, np.random.default_rng(4).standard_normal((3, 2)))


def test_public_names_not_inner_ones():
    model = knn.train(np.eye(3), [0, 1, 2])
    with pytest.raises(TypeError, match=r"^images must be a numeric array; got NoneType None$"):
        knn.predict(model, None)
    with pytest.raises(ValueError, match=r"^images must be an array of shape \(N, \.\.\.\)"):
        knn.neighbors(model, np.float64(2.0))
    with pytest.raises(ValueError, match=r"^images has 2 features per row, the model's training "
                                         r"images 3"):
        knn.predict(model, np.zeros((1, 2)))
    with pytest.raises(TypeError, match=r"^images must be a numeric array; got NoneType None$"):
        knn.train(None, [0])
    with pytest.raises(ValueError, match=r"^y_val has 2 labels for the 3 rows of X_val"):
        knn.evaluate_k(np.eye(3), [0, 1, 2], np.eye(3), [0, 1])
    with pytest.raises(ValueError, match=r"^X_val has 2 features per row, X_train 3"):
        knn.evaluate_k(np.eye(3), [0, 1, 2], np.eye(2), [0, 1])
    with pytest.raises(TypeError, match=r"^labels must hold integer class labels; got dtype "
                                        r"float64$"):
        model.score(np.eye(3), [0.0, 1.0, 2.0])
    W, b, X = np.zeros((3, 2)), np.zeros(3), np.zeros((2, 2))
    with pytest.raises(ValueError, match=r"^y has 3 labels for the 2 rows of X; they must match$"):
        linear.loss_and_grad(W, b, X, [0, 1, 2])
    with pytest.raises(ValueError, match=r"^y has 3 labels for the 2 rows of X"):
        linear.softmax_loss_naive(W, b, X, [0, 1, 2])
    with pytest.raises(TypeError, match=r"^X must be a numeric array; got NoneType None$"):
        linear.loss_and_grad(W, b, None, [0, 1])
    with pytest.raises(TypeError, match=r"^W must be a numeric array; got NoneType None$"):
        regpath.objective(None, b, X, [0, 1])
    with pytest.raises(TypeError, match=r"^size must be an integer; got str"):
        linear.one_blas_thread("big")
    X, y = np.eye(3), np.array([0, 1, 2])
    clf = linear.LinearClassifier().fit(X, y, num_iters=2)
    trained = linear.train_sgd(X, y, num_iters=2)
    for score in (clf.score, trained.score):
        with pytest.raises(ValueError, match=r"^y has 2 labels for the 3 rows of X; they must "
                                             r"match$"):
            score(X, [0, 1])


def test_naive_softmax_is_stable_for_large_score_gaps():
    # one example, scores (0, g) with the label on the lower score: L = log(1 + e^g)
    # = g + log1p(e^-g); the loop used to take log(e^-g / ...) = log(0) once g > ~745
    X, b = np.array([[1.0]]), np.zeros(2)
    for g in (30.0, 800.0, 1e5):
        W = np.array([[0.0], [g]])
        loss, dW, db = linear.softmax_loss_naive(W, b, X, [0])
        assert loss == pytest.approx(g + math.log1p(math.exp(-g)), rel=1e-15)
        vec = linear.softmax_loss_vectorized(W, b, X, [0])
        assert loss == pytest.approx(vec[0], rel=1e-15)
        np.testing.assert_allclose(dW, vec[1], rtol=1e-12, atol=0)


@pytest.mark.filterwarnings("ignore:overflow encountered")
def test_diverging_training_stops_naming_learning_rate():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 3)) * 100, rng.integers(0, 3, size=20)
    # W <- W - lr (2 lambda W + ...) multiplies W by about -1999 per step: inf within ~110 steps
    with pytest.raises(FloatingPointError, match=r"^training diverged at iteration \d+ \(.*\): "
                                                 r"lower learning_rate \(now 1000\)$"):
        linear.train_sgd(X, y, learning_rate=1e3, reg_strength=1.0, num_iters=1000)


# --- flags, seeds and solvers that stop (issue 14) ---------------------------------------------
@pytest.mark.parametrize("fn", [losses.svm_loss, losses.svm_loss_grad, losses.svm_loss_and_grad])
@pytest.mark.parametrize("bad", ["False", 0, 1, None, np.array([True])])
def test_svm_squared_is_a_bool_not_a_truthy_value(fn, bad):
    # "False" used to be read by truthiness: the squared hinge, silently
    with pytest.raises(TypeError, match=r"squared must be True or False; got"):
        fn(S, Y, squared=bad)


def test_svm_squared_accepts_numpy_bools():
    # (3.2, 5.1, -1.7), label 0: hinge terms 5.1 - 3.2 + 1 = 2.9 and 0; (1.3, 4.9, 2.0), label 1:
    # 0 and 0 -> squared hinge per example 2.9² and 0, mean 8.41 / 2
    assert losses.svm_loss(S, Y, squared=np.bool_(True)) == pytest.approx(2.9 ** 2 / 2, rel=1e-15)
    assert losses.svm_loss(S, Y, squared=False) == pytest.approx(2.9 / 2, rel=1e-15)


def test_logistic_train_seed_takes_a_generator_and_refuses_floats():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0]])
    y = np.array([0, 1, 1])
    # init w = init_scale * standard_normal(D) from the generator: the same draw as seed=5
    a = logistic.train(X, y, num_iters=1, init_scale=1.0, seed=np.random.default_rng(5))
    b = logistic.train(X, y, num_iters=1, init_scale=1.0, seed=5)
    np.testing.assert_array_equal(a.w, b.w)
    for bad in (1.5, "0", True):
        with pytest.raises(TypeError, match=r"seed must be None, a non-negative integer"):
            logistic.train(X, y, seed=bad)
    with pytest.raises(ValueError, match=r"seed must be an integer >= 0; got -1"):
        logistic.train(X, y, seed=-1)


def test_irls_that_does_not_converge_warns_naming_max_iter():
    # points with 10 outliers above the line: IRLS needs far more than one reweighting
    x = np.arange(20.0)
    y = 0.5 * x + np.where(np.arange(20) % 2 == 0, 10.0, 0.0)
    with pytest.warns(RuntimeWarning, match=r"max_iter=1\b.*did not converge"):
        regression.fit_l1(x, y, method="irls", max_iter=1)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        regression.fit_l1(x, y, method="irls", max_iter=10_000)   # converges: no warning
