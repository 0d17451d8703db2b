"""Chapter 7 as an app (Voilà): the logistic-regression and temperature explorers.

Reference values: softmax of the cat image's scores (3.2, 5.1, -1.7) at T = 1 is 0.13 / 0.87 /
0.00; a model with w = 0, b = 0 has binary cross-entropy log 2 = 0.6931.
"""
from __future__ import annotations

import math

import lossbook_browser as ui

NOTEBOOK = "chapters/07_classification_losses.ipynb"


def softmax(s, T):
    e = [math.exp(v / T) for v in s]
    return [v / sum(e) for v in e]


def test_logistic_explorer(app_page):
    scope = ui.explorer(app_page, "weight w₁")
    ui.type_into_slider(scope, "weight w₁", "0")
    ui.wait_readouts(scope, {"loss": f"{math.log(2):.4f}"})
    from lossbook import logistic
    from lossbook.widgets.classification_explorers import compute_logistic
    X, y = logistic.make_two_blobs(50, distance=3.0, spread=1.0, seed=0)
    ui.type_into_slider(scope, "weight w₁", "2.5")
    ui.type_into_slider(scope, "weight w₂", "1")
    res = compute_logistic(2.5, 1.0, 0.0, X, y)
    ui.wait_readouts(scope, {"loss": f"{res.loss:.4f}", "accuracy": f"{res.accuracy:.2f}",
                             "dw1": f"{res.dw[0]:+.4f}"})


def test_temperature_explorer(app_page):
    scope = ui.explorer(app_page, "temperature T")
    ui.wait_readouts(scope, {"p_cat": "0.1300", "p_car": "0.8690"})
    ui.type_into_slider(scope, "temperature T", "0.1")
    ui.wait_readouts(scope, {"p_car": "1.0000", "tv_to_one_hot": "0.0000"})
    ui.type_into_slider(scope, "temperature T", "10")
    p = softmax([3.2, 5.1, -1.7], 10.0)
    ui.wait_readouts(scope, {"p_cat": f"{p[0]:.4f}", "p_frog": f"{p[2]:.4f}"})
    ui.type_into_slider(scope, "score cat", "6")
    p = softmax([6.0, 5.1, -1.7], 10.0)
    ui.wait_readouts(scope, {"p_cat": f"{p[0]:.4f}"})


def test_page_is_clean(app_page):
    ui.assert_clean(app_page)
