"""The linear classifier explorer: its compute step against independent formulas, and its view."""
import numpy as np
import pytest

from lossbook import losses
from lossbook.datasets import toy2d
from lossbook.plots_linear import zero_score_segment
from lossbook.widgets import linear_explorer as le


def _svm_by_hand(S, y, margin=1.0):
    out = []
    for s, yi in zip(S, y):
        out.append(sum(max(0.0, s[j] - s[yi] + margin) for j in range(len(s)) if j != yi))
    return np.array(out)


def _softmax_by_hand(S, y):
    return np.array([-np.log(np.exp(s[yi]) / np.exp(s).sum()) for s, yi in zip(S, y)])


@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_compute_matches_hand_formulas(loss, rng):
    X, y = toy2d.blobs(5, seed=1)
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    st = le.compute(W, b, X, y, loss=loss, reg_strength=0.3)
    S = np.array([[W[k] @ x + b[k] for k in range(3)] for x in X])
    np.testing.assert_allclose(st.scores, S)
    per = _svm_by_hand(S, y) if loss == "svm" else _softmax_by_hand(S, y)
    np.testing.assert_allclose(st.losses, per)
    assert st.data_loss == pytest.approx(per.mean())
    assert st.reg_loss == pytest.approx(0.3 * (W ** 2).sum())
    assert st.total_loss == pytest.approx(per.mean() + 0.3 * (W ** 2).sum())
    assert st.accuracy == pytest.approx(np.mean(S.argmax(1) == y))


@pytest.mark.parametrize("loss", ["svm", "softmax"])
def test_gradient_matches_finite_differences(loss, rng):
    X, y = toy2d.demo_points()
    W, b = rng.normal(size=(3, 2)), rng.normal(size=3)
    st = le.compute(W, b, X, y, loss=loss, reg_strength=0.2)
    h = 1e-6
    for k in range(3):
        for d in range(2):
            Wp, Wm = W.copy(), W.copy()
            Wp[k, d] += h
            Wm[k, d] -= h
            num = (le.compute(Wp, b, X, y, loss, 0.2).total_loss
                   - le.compute(Wm, b, X, y, loss, 0.2).total_loss) / (2 * h)
            assert st.dW[k, d] == pytest.approx(num, abs=1e-5)
        bp, bm = b.copy(), b.copy()
        bp[k] += h
        bm[k] -= h
        num = (le.compute(W, bp, X, y, loss, 0.2).total_loss
               - le.compute(W, bm, X, y, loss, 0.2).total_loss) / (2 * h)
        assert st.db[k] == pytest.approx(num, abs=1e-5)


def test_gradient_step_lowers_the_loss():
    X, y = toy2d.demo_points()
    W, b = le.DEMO_W, le.DEMO_B
    before = le.compute(W, b, X, y, "softmax", 0.1).total_loss
    W2, b2 = le.gradient_step(W, b, X, y, "softmax", 0.1, learning_rate=0.05)
    assert le.compute(W2, b2, X, y, "softmax", 0.1).total_loss < before


def test_compute_rejects_bad_input():
    X, y = toy2d.demo_points()
    with pytest.raises(ValueError, match="loss"):
        le.compute(le.DEMO_W, le.DEMO_B, X, y, loss="hinge")
    with pytest.raises(ValueError, match="reg_strength"):
        le.compute(le.DEMO_W, le.DEMO_B, X, y, reg_strength=-1)
    with pytest.raises(ValueError, match="X"):
        le.compute(le.DEMO_W, le.DEMO_B, X[:, :1], y)


def test_view_readout_follows_the_controls():
    e = le.LinearExplorer()
    X, y = toy2d.demo_points()
    e.w_sliders[1][0].value = -1.5
    e.b_sliders[2].value = 0.75
    e.reg_strength.value = 0.25
    e.loss.value = "softmax"
    W = le.DEMO_W.copy()
    W[1, 0] = -1.5
    b = le.DEMO_B.copy()
    b[2] = 0.75
    S = X @ W.T + b
    per = losses.cross_entropy(S, y, reduction="none")
    v = e.readout.values
    assert v["loss"] == "softmax"
    assert float(v["data_loss"]) == pytest.approx(per.mean(), abs=1e-3)
    assert float(v["reg_loss"]) == pytest.approx(0.25 * (W ** 2).sum(), abs=1e-3)
    assert float(v["total_loss"]) == pytest.approx(per.mean() + 0.25 * (W ** 2).sum(), abs=1e-3)
    for i in range(len(y)):
        assert float(e.table_values[f"L_{i}"]) == pytest.approx(per[i], abs=1e-3)
        for k in range(3):
            assert float(e.table_values[f"s_{i}_{k}"]) == pytest.approx(S[i, k], abs=5e-3)
    assert "data-key='L_0'" in e.table.value and "data-key='total_loss'" in e.readout.widget.value
    assert len(e.view.image.value) > 1000                      # a PNG was drawn


def test_view_svm_values_and_buttons():
    e = le.LinearExplorer(loss="svm", reg_strength=0.0)
    X, y = toy2d.demo_points()
    per = losses.svm_loss(X @ le.DEMO_W.T + le.DEMO_B, y, reduction="none")
    assert float(e.readout.values["data_loss"]) == pytest.approx(per.mean(), abs=1e-3)
    before = e.state.total_loss
    png = e.view.image.value
    e.step_button.click()
    expected_W, expected_b = le.gradient_step(le.DEMO_W, le.DEMO_B, X, y, "svm", 0.0, 0.1)
    np.testing.assert_allclose(e.W, np.round(expected_W, 2))  # on the sliders' 0.01 grid
    np.testing.assert_allclose(e.b, np.round(expected_b, 2))
    assert e.state.total_loss < before and e.view.image.value != png
    e.step10_button.click()
    e.randomize_button.click()
    assert np.all(np.abs(e.W) <= 3) and not np.allclose(e.W, expected_W)


def test_randomize_is_seeded():
    a, b = le.LinearExplorer(seed=3), le.LinearExplorer(seed=3)
    a.randomize()
    b.randomize()
    np.testing.assert_array_equal(a.W, b.W)
    np.testing.assert_array_equal(a.b, b.b)


def test_dataset_switch_updates_table():
    e = le.LinearExplorer()
    e.dataset.value = "rings"
    X, y = toy2d.make_toy("rings")
    assert len([k for k in e.table_values if k.startswith("L_")]) == len(y) == 30
    assert float(e.table_values["x1_29"]) == pytest.approx(X[29, 0], abs=5e-3)
    assert e.state.accuracy < 1.0


def test_controls_are_labelled():
    e = le.LinearExplorer()
    names = [s.description for row in e.w_sliders for s in row] + \
        [s.description for s in e.b_sliders]
    assert names[0].startswith("W[0,0]") and names[-1].startswith("b[2]")
    assert e.loss.description == "Loss" and e.dataset.description == "Data set"
    assert e.step_button.description == "One gradient step"
    assert e.randomize_button.description == "Randomize W, b"


def test_zero_score_segment_lies_on_the_line():
    xs, ys = zero_score_segment([1.0, 2.0], 0.5, 1.0)
    np.testing.assert_allclose(1.0 * xs + 2.0 * ys + 0.5, 0, atol=1e-12)
    assert np.all(np.abs(xs) <= 1 + 1e-9) and np.all(np.abs(ys) <= 1 + 1e-9)
    assert zero_score_segment([0.0, 1.0], 5.0, 1.0)[0].size == 0   # y = -5 misses the square


def test_gradient_step_lands_on_the_slider_grid():
    """A step moves W to the sliders' 0.01 grid, so the kernel's W is what the sliders show and
    the loss shown is the loss of that W (a browser would snap an off-grid value anyway)."""
    ex = le.LinearExplorer(loss="softmax", reg_strength=0.5)
    W0, b0 = ex.W, ex.b
    ex.step(1)
    W1, b1 = le.gradient_step(W0, b0, ex.X, ex.y, "softmax", 0.5, ex.learning_rate.value)
    np.testing.assert_allclose(ex.W, np.round(W1, 2), atol=1e-12)
    np.testing.assert_allclose(ex.b, np.round(b1, 2), atol=1e-12)
    assert not np.allclose(ex.W, W1, atol=1e-6)  # the step really was off the grid
    expected = le.compute(np.round(W1, 2), np.round(b1, 2), ex.X, ex.y, "softmax", 0.5)
    assert ex.readout.values["total_loss"] == f"{expected.total_loss:.3f}"
