"""lossbook.linear: scores, prediction, the one accuracy, minibatch SGD (seeded, with progress),
the classifier object, and the one-BLAS-thread context."""
import math

import numpy as np
import pytest

from lossbook import linear
from lossbook.data import toy2d


def blobs(rng, n_per_class=40, centers=((0, 4), (4, -2), (-4, -2)), spread=0.6):
    X = np.concatenate([rng.normal(c, spread, size=(n_per_class, 2)) for c in centers])
    y = np.repeat(np.arange(len(centers)), n_per_class)
    return X, y


def test_scores_are_Wx_plus_b_row_by_row(rng):
    X = rng.normal(size=(5, 4))
    W = rng.normal(size=(3, 4))
    b = rng.normal(size=3)
    s = linear.scores(X, W, b)
    assert s.shape == (5, 3)
    for i in range(5):
        np.testing.assert_allclose(s[i], W @ X[i] + b)
    np.testing.assert_array_equal(linear.predict(X, W, b), [int(np.argmax(W @ x + b)) for x in X])


def test_bias_trick_gives_the_same_scores(rng):
    X = rng.normal(size=(6, 4))
    W = rng.normal(size=(3, 4))
    b = rng.normal(size=3)
    X1 = np.hstack([X, np.ones((6, 1))])
    W1 = np.hstack([W, b[:, None]])
    np.testing.assert_allclose(linear.scores(X1, W1, np.zeros(3)), linear.scores(X, W, b))


def test_init_params_sanity_losses(rng):
    X = rng.normal(size=(200, 64))
    y = rng.integers(0, 10, size=200)
    W, b = linear.init_params(64, 10, seed=0)
    assert W.shape == (10, 64) and b.shape == (10,) and np.all(b == 0)
    assert linear.loss_and_grad(W, b, X, y, loss="softmax").loss == pytest.approx(math.log(10),
                                                                                  abs=0.01)
    assert linear.loss_and_grad(W, b, X, y, loss="svm").loss == pytest.approx(9.0, abs=0.05)


@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_sgd_separates_blobs_and_the_loss_falls(rng, loss):
    X, y = blobs(rng)
    result = linear.train_sgd(X, y, loss=loss, reg_strength=1e-3, learning_rate=0.05,
                              num_iters=300, batch_size=32, seed=3)
    assert len(result.loss_history) == 300
    assert np.mean(result.loss_history[-20:]) < 0.2 * np.mean(result.loss_history[:5])
    assert linear.accuracy(y, linear.predict(X, result.W, result.b)) == 1.0


def test_sgd_is_deterministic_under_a_seed(rng):
    X, y = blobs(rng)
    kw = dict(loss="softmax", learning_rate=0.05, num_iters=50, batch_size=16)
    a = linear.train_sgd(X, y, seed=7, **kw)
    b = linear.train_sgd(X, y, seed=7, **kw)
    c = linear.train_sgd(X, y, seed=8, **kw)
    np.testing.assert_array_equal(a.W, b.W)
    assert a.loss_history == b.loss_history
    assert not np.array_equal(a.W, c.W)


def test_sgd_does_not_modify_the_start_and_full_batch_is_plain_gd(rng):
    X, y = blobs(rng, n_per_class=5)
    W0, b0 = linear.init_params(2, 3, seed=1)
    W_copy = W0.copy()
    result = linear.train_sgd(X, y, W0, b0, learning_rate=0.1, num_iters=1, batch_size=1000)
    np.testing.assert_array_equal(W0, W_copy)
    parts = linear.loss_and_grad(W0, b0, X, y, loss="svm")
    np.testing.assert_allclose(result.W, W0 - 0.1 * parts.dW)
    np.testing.assert_allclose(result.b, b0 - 0.1 * parts.db)


def test_progress_is_printed_and_callback_called(rng, capsys):
    X, y = blobs(rng, n_per_class=10)
    seen = []
    linear.train_sgd(X, y, num_iters=25, batch_size=8, verbose=True, print_every=10,
                     callback=lambda it, loss: seen.append(it))
    lines = capsys.readouterr().out.strip().splitlines()
    assert [ln.split(":")[0] for ln in lines] == ["iteration     1 / 25", "iteration    11 / 25",
                                                  "iteration    21 / 25", "iteration    25 / 25"]
    assert seen == list(range(25))


def test_diverging_training_says_so(rng):
    X, y = blobs(rng)
    with pytest.raises(FloatingPointError, match=r"lower learning_rate"):
        linear.train_sgd(X * 1e150, y, learning_rate=1e150, num_iters=20, loss="softmax")


def test_classifier_object_and_warm_start(rng):
    X, y = blobs(rng)
    clf = linear.LinearClassifier(loss="softmax", reg_strength=1e-3)
    clf.fit(X, y, learning_rate=0.05, num_iters=100, batch_size=32)
    assert clf.score(X, y) == 1.0
    assert clf.scores(X).shape == (120, 3)
    first = clf.W.copy()
    clf.fit(X, y, learning_rate=0.05, num_iters=10, batch_size=32, warm_start=True)
    assert len(clf.loss_history_) == 110
    assert np.linalg.norm(clf.W - first) < 0.5 * np.linalg.norm(first)


def test_accuracy_is_the_fraction_of_correct_labels():
    y_true = np.array([0, 1, 2, 2, 1])
    y_pred = np.array([0, 2, 2, 2, 0])
    assert linear.accuracy(y_true, y_pred) == 3 / 5
    assert linear.accuracy(y_pred, y_true) == 3 / 5
    assert isinstance(linear.accuracy([1, 0], [1, 0]), float)
    with pytest.raises(ValueError, match="y_pred has 2 labels for the 5 rows of y_true"):
        linear.accuracy(y_true, y_pred[:2])
    with pytest.raises(TypeError, match="y_pred must hold integer class labels"):
        linear.accuracy(y_true, y_pred.astype(float))
    with pytest.raises(ValueError, match="y_true is empty"):
        linear.accuracy(np.array([], dtype=int), np.array([], dtype=int))


def test_one_accuracy_for_every_model(rng):
    """The models' .score methods are lossbook.linear.accuracy on their predictions."""
    from lossbook import knn, logistic

    X, y = blobs(rng)
    clf = linear.LinearClassifier(loss="svm").fit(X, y, num_iters=5, batch_size=16)
    assert clf.score(X, y) == linear.accuracy(y, clf.predict(X))
    model = knn.train(X[::2], y[::2])
    assert model.score(X, y, k=3, metric="l2") == linear.accuracy(
        y, knn.predict(model, X, k=3, metric="l2"))
    y01 = (y == 0).astype(int)
    res = logistic.train(X, y01, num_iters=20)
    assert res.score(X, y01) == linear.accuracy(y01, logistic.predict(X, res.w, res.b))
    for module in (knn, logistic):
        assert not hasattr(module, "accuracy")


def test_one_blas_thread():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    with linear.one_blas_thread():
        blas = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
        assert all(p["num_threads"] == 1 for p in blas)
    with linear.one_blas_thread(size=100) as ctx:   # a tiny problem: nothing to limit
        assert ctx is None
    with linear.one_blas_thread(size=10 ** 6):
        blas = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
        assert all(p["num_threads"] == 1 for p in blas)


def test_train_result_scores_its_classifier():
    X, y = toy2d.blobs(20, seed=4)
    res = linear.train_sgd(X, y, loss="softmax", learning_rate=0.5, num_iters=50,
                           batch_size=len(X), seed=0)
    by_hand = np.mean(np.argmax(X @ res.W.T + res.b, axis=1) == y)
    assert res.score(X, y) == by_hand
    assert 0.9 < res.score(X, y) <= 1.0            # three separable blobs
