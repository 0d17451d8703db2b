"""Chapter 8 as an app (Voilà): the λ explorer (a softmax classifier re-fitted for each λ) driven
like a reader.  The L2 fit is checked against scikit-learn's multinomial logistic regression,
which minimizes the same objective, mean cross-entropy + λ ΣW², when C = 1 / (2 λ N).  After each
move the kernel's Python explorer has followed the page: its readout agrees with the page's within
``LambdaExplorer.tolerances`` (each face re-fits from its own previous fit)."""
from __future__ import annotations

import numpy as np
import pytest

import lossbook_browser as ui

NOTEBOOK = "chapters/08_regularization.ipynb"
LAMBDA = "λ (reg strength)"
PENALTY = "penalty"


def sklearn_l2_objective(reg_strength):
    """The minimum of mean CE + λ ΣW² (b not penalized), by scikit-learn, evaluated here."""
    from sklearn.linear_model import LogisticRegression

    from lossbook.widgets.ch08_regularization import make_data
    d = make_data()
    n = len(d.y_train)
    clf = LogisticRegression(C=1.0 / (2.0 * reg_strength * n), tol=1e-10, max_iter=10_000)
    clf.fit(d.X_train, d.y_train)
    W, b = clf.coef_, clf.intercept_
    z = d.X_train @ W.T + b
    z = z - z.max(axis=1, keepdims=True)
    ce = np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(n), d.y_train])
    return ce + reg_strength * np.sum(W * W), np.sqrt(np.sum(W * W))


@pytest.fixture(scope="module")
def lam(app_page):
    return ui.explorer(app_page, LAMBDA)


def kernel_follows(scope):
    """The kernel's readout equals the page's (within the explorer's declared tolerances)."""
    from lossbook.widgets.ch08_regularization import LambdaExplorer
    return ui.wait_kernel(scope, tolerances=LambdaExplorer.tolerances)


def numbers(shown, *keys):
    return [float(shown[k]) for k in keys]


def check_consistent(shown, reg_strength, penalty):
    data, reg, total, norm, l1 = numbers(shown, "data_loss", "reg_loss", "total_loss",
                                         "weight_norm", "l1_norm")
    assert total == pytest.approx(data + reg, abs=2e-4)
    r = {"L2": norm ** 2, "L1": l1, "elastic net": norm ** 2 + l1}[penalty]
    assert reg == pytest.approx(reg_strength * r, abs=2e-4 + 1e-3 * reg)


def test_starts_at_l2_0_01(lam):
    shown = ui.readouts(lam)
    assert shown["penalty"] == "L2" and shown["lambda"] == "1.00e-02"
    check_consistent(shown, 0.01, "L2")
    total, norm = sklearn_l2_objective(0.01)
    assert float(shown["total_loss"]) == pytest.approx(total, abs=2e-4)
    assert float(shown["weight_norm"]) == pytest.approx(norm, abs=2e-3)
    # both faces fitted this first state from zeros: the same steps, the same numbers
    assert ui.wait_kernel(lam)["n_iter"] == int(shown["n_iter"])


def test_lambda_typed_into_the_slider(lam):
    before = float(ui.readout(lam, "weight_norm"))
    ui.type_into_slider(lam, LAMBDA, "0.1")
    shown = ui.wait_readouts(lam, {"lambda": "1.00e-01"})
    check_consistent(shown, 0.1, "L2")
    total, norm = sklearn_l2_objective(0.1)
    assert float(shown["total_loss"]) == pytest.approx(total, abs=2e-4)
    assert float(shown["weight_norm"]) == pytest.approx(norm, abs=2e-3)
    assert float(shown["weight_norm"]) < before          # larger λ, smaller weights
    kernel = kernel_follows(lam)
    assert kernel["lambda"] == pytest.approx(0.1, rel=1e-12) and kernel["penalty"] == "L2"


def test_lambda_with_the_keyboard(lam):
    """Twenty presses of → raise log10 λ by 1 (step 0.05): λ 0.1 -> 1."""
    before = float(ui.readout(lam, "weight_norm"))
    ui.press_on_slider(lam, LAMBDA, "ArrowRight", 20)
    shown = ui.wait_readouts(lam, {"lambda": "1.00e+00"}, timeout_ms=30_000)
    check_consistent(shown, 1.0, "L2")
    total, _ = sklearn_l2_objective(1.0)
    assert float(shown["total_loss"]) == pytest.approx(total, abs=2e-4)
    assert float(shown["weight_norm"]) < before
    assert kernel_follows(lam)["lambda"] == pytest.approx(1.0, rel=1e-12)


def test_l1_penalty(lam):
    """L1 at λ = 0.1: the shown fit is the lib's (cold-started) minimum, with exact zeros."""
    from lossbook.widgets.ch08_regularization import compute
    ui.type_into_slider(lam, LAMBDA, "0.1")
    ui.wait_readouts(lam, {"lambda": "1.00e-01"})
    ui.choose(lam, PENALTY, "L1")
    shown = ui.wait_readouts(lam, {"penalty": "L1"})
    check_consistent(shown, 0.1, "L1")
    r = compute("l1", 0.1)
    assert float(shown["total_loss"]) == pytest.approx(r.total_loss, abs=2e-4)
    assert int(shown["n_zero"]) == r.n_zero
    assert int(shown["n_zero"]) >= 1
    kernel = kernel_follows(lam)
    assert kernel["penalty"] == "L1" and kernel["n_zero"] == r.n_zero


def test_page_had_no_errors(app_page):
    ui.assert_clean(app_page)
