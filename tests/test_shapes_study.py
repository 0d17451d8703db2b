"""The accuracy-versus-knob study on the shapes data set."""
import numpy as np
import pytest

from lossbook import shapes_study as ss
from lossbook.datasets import shapes


def test_preprocess_flattens_scales_and_centres():
    X, _ = shapes.make_shapes(2, seed=0)
    Xf, mean = ss.preprocess(X)
    assert Xf.shape == (6, 3072)
    np.testing.assert_allclose(mean, (X.reshape(6, -1) / 255.0).mean(0))
    np.testing.assert_allclose(Xf.mean(0), 0, atol=1e-12)
    Xg, _ = ss.preprocess(X, mean=np.zeros(3072))
    assert Xg.max() <= 1.0 and Xg.min() >= 0.0


def test_knob_accuracy_small_study():
    levels = (0.0, 1.0)
    res = ss.knob_accuracy(levels, knobs=("intraclass", "illumination"), n_train_per_class=30,
                           n_test_per_class=20, num_iters=60)
    assert set(res) == {"intraclass", "illumination"}
    assert res["intraclass"][0] == res["illumination"][0] == 1.0   # colour gives the class away
    assert res["intraclass"][1] < 0.9                               # not when colours are random
    # the accuracy reported is the fraction of test images whose argmax score is the label
    Xtr, ytr = shapes.make_shapes(30, seed=0, intraclass=1.0)
    Xte, yte = shapes.make_shapes(20, seed=1, intraclass=1.0)
    clf, mean = ss.train_linear(Xtr, ytr, num_iters=60)
    scores = ss.preprocess(Xte, mean)[0] @ clf.W.T + clf.b
    assert res["intraclass"][1] == pytest.approx(np.mean(scores.argmax(1) == yte))


def test_base_knobs_are_checked():
    with pytest.raises(ValueError, match="unknown knobs"):
        ss.knob_accuracy((0.0,), knobs=("clutter",), base={"colour": 1.0})
