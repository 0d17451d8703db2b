"""Nearest neighbour against brute-force loops and scikit-learn."""
import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.neighbors import KNeighborsClassifier

from lossbook import knn, linear


def _brute_distances(A, B, metric):
    out = np.zeros((len(A), len(B)))
    for i, a in enumerate(A):
        for j, b in enumerate(B):
            d = [float(u) - float(v) for u, v in zip(a, b)]
            out[i, j] = sum(abs(t) for t in d) if metric == "l1" else sum(t * t for t in d) ** 0.5
    return out


def _brute_predict(A, B, yB, k, metric):
    D = _brute_distances(A, B, metric)
    pred = []
    for row in D:
        order = sorted(range(len(row)), key=lambda j: (row[j], j))[:k]
        votes = {}
        for j in order:
            votes[yB[j]] = votes.get(yB[j], 0) + 1
        best = max(votes.values())
        pred.append(min(c for c, v in votes.items() if v == best))
    return np.array(pred)


@pytest.mark.parametrize("metric", ["l1", "l2"])
def test_distances_match_brute_force(metric, rng):
    A = rng.integers(0, 256, size=(7, 12))
    B = rng.integers(0, 256, size=(9, 12))
    np.testing.assert_allclose(knn.pairwise_distances(A, B, metric=metric), _brute_distances(A, B, metric),
                               rtol=1e-10, atol=1e-6)


@pytest.mark.parametrize("metric", ["l1", "l2"])
@pytest.mark.parametrize("k", [1, 3, 4, 7])
def test_predictions_match_brute_force(metric, k, rng):
    B = rng.integers(0, 8, size=(30, 5))      # small integer values: many exact ties
    yB = rng.integers(0, 4, size=30)
    A = rng.integers(0, 8, size=(12, 5))
    model = knn.train(B, yB)
    np.testing.assert_array_equal(knn.predict(model, A, k=k, metric=metric),
                                  _brute_predict(A, B, yB, k, metric))


def test_one_nn_on_training_data_is_perfect(rng):
    X = rng.normal(size=(20, 4))
    y = rng.integers(0, 3, 20)
    assert linear.accuracy(y, knn.predict(knn.train(X, y), X, k=1, metric="l2")) == 1.0
    assert knn.train(X, y).score(X, y, k=1, metric="l2") == 1.0


def test_digits_agrees_with_sklearn():
    digits = load_digits()
    X, y = digits.data, digits.target
    Xtr, ytr, Xte, yte = X[:1000], y[:1000], X[1000:1300], y[1000:1300]
    for metric, p in (("l1", 1), ("l2", 2)):
        ours = knn.predict(knn.train(Xtr, ytr), Xte, k=1, metric=metric)
        ref = KNeighborsClassifier(n_neighbors=1, p=p, algorithm="brute").fit(Xtr, ytr)
        # 1-NN: the same unless two training points are exactly equally near
        assert np.mean(ours == ref.predict(Xte)) > 0.99
    acc = knn.evaluate_k(Xtr, ytr, Xte, yte, ks=(1, 3), metric="l2")
    assert set(acc) == {1, 3} and all(a > 0.9 for a in acc.values())


def test_images_are_flattened(rng):
    imgs = rng.integers(0, 256, size=(6, 4, 4, 3)).astype(np.uint8)
    y = np.array([0, 1, 2, 0, 1, 2])
    model = knn.train(imgs, y)
    assert model.X.shape == (6, 48)
    np.testing.assert_array_equal(knn.predict(model, imgs, k=1), y)


def test_bad_arguments(rng):
    X = rng.normal(size=(5, 3))
    y = np.array([0, 1, 0, 1, 0])
    model = knn.train(X, y)
    with pytest.raises(ValueError, match="metric"):
        knn.predict(model, X, metric="cosine")
    with pytest.raises(ValueError, match="k must"):
        knn.predict(model, X, k=6)
    with pytest.raises(ValueError, match="features"):
        knn.predict(model, X[:, :2])
    with pytest.raises(TypeError, match="labels"):
        knn.train(X, y.astype(float))
    with pytest.raises(TypeError, match="model"):
        knn.predict((X, y), X)


def test_neighbors_are_sorted_by_distance(rng):
    X = rng.normal(size=(15, 3))
    y = rng.integers(0, 3, 15)
    Q = rng.normal(size=(4, 3))
    idx = knn.neighbors(knn.train(X, y), Q, k=4, metric="l2")
    for q, row in zip(Q, idx):
        d = np.sqrt(((X - q) ** 2).sum(1))
        np.testing.assert_array_equal(row, np.argsort(d)[:4])
