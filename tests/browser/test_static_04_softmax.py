"""Chapter 4 in the static book (no kernel): the softmax explorer computes and draws in the page.

Every control is driven like a reader (keyboard on the sliders, typing in their number boxes, the
dropdown), and the page's readout (``data-value``, full precision) is compared with a fresh Python
explorer brought to the same control values; the figure must change, the page must report no
error, and the explorer must fit a 390-px phone.
"""
from __future__ import annotations

import math
import random

import pytest

import lossbook_browser as ui
from lossbook.widgets.ch04_softmax import SoftmaxExplorer
from lossbook.data.worked_examples import CAT_CAR_FROG_PATH, load_score_table

PAGE = "chapters/04_softmax"
TEMPERATURE = "temperature T"
TABLE = load_score_table(CAT_CAR_FROG_PATH)
NAMES = tuple(TABLE.class_names)


def python_readout(scores, y, temperature):
    """A fresh explorer, built as the notebook builds it, brought to the same controls."""
    e = SoftmaxExplorer(scores=TABLE.scores[0], y=int(TABLE.y[0]), class_names=NAMES)
    return e.set(scores=[float(s) for s in scores], y=y, temperature=temperature).readout()


#: the printed precision of each readout key (the chapter's prose and the old readout)
FORMATS = {"exp": ".4g", "sum": ".4g", "prob": ".4f", "loss": ".4f", "temperature": ".2f"}


def check(scope, scores, y, temperature):
    """The page's numbers equal Python's (full precision), and print as Python prints them."""
    page_values = ui.values(scope)
    python = python_readout(scores, y, temperature)
    bad = ui.agree(page_values, python,
                   tolerances=getattr(SoftmaxExplorer, "tolerances", None))
    assert not bad, f"scores {scores}, y {y}, T {temperature}:\n  " + "\n  ".join(bad)
    texts = {k: format(v, FORMATS[k.split("_")[0]]) for k, v in python.items()}
    assert ui.readouts(scope) == texts
    return page_values


@pytest.fixture(scope="module")
def page(book_page):
    return book_page


@pytest.fixture(scope="module")
def scope(page):
    return ui.explorer(page, TEMPERATURE)


def test_starts_at_the_cat_image(scope):
    assert ui.control_labels(scope) == [
        "cat score", "car score", "frog score", TEMPERATURE, "correct class"]
    v = check(scope, (3.2, 5.1, -1.7), 0, 1.0)
    assert ui.readouts(scope)["loss"] == "2.0404" and ui.readouts(scope)["exp_1"] == "164"
    assert v["loss"] == pytest.approx(2.04035515280017, rel=1e-12)
    assert scope.locator("svg.lb-panel").count() == 3
    names = scope.locator("svg.lb-panel > title").evaluate_all(
        "els => els.map(e => e.textContent)")
    described = scope.locator("svg.lb-panel > desc").evaluate_all(
        "els => els.map(e => e.textContent)")
    assert all(names) and all(described) and "exponentials" in names[0]
    assert "cat 24.5, car 164, frog 0.183" in described[0]


def test_keyboard_on_every_slider(scope):
    before = ui.drawing(scope)
    ui.press_on_slider(scope, "cat score", "ArrowRight", 3)       # 3.2 -> 3.5
    ui.press_on_slider(scope, "car score", "ArrowLeft", 2)        # 5.1 -> 4.9
    ui.press_on_slider(scope, "frog score", "ArrowRight", 1)      # -1.7 -> -1.6
    ui.press_on_slider(scope, TEMPERATURE, "ArrowRight", 4)       # 1.00 -> 1.20
    ui.wait_readouts(scope, {"temperature": "1.20"})
    assert ui.slider_value(scope, "cat score") == "3.5"
    assert ui.slider_value(scope, "frog score") == "-1.6"
    check(scope, (3.5, 4.9, -1.6), 0, 1.2)
    assert ui.drawing(scope) != before
    ui.press_on_slider(scope, TEMPERATURE, "End")
    ui.wait_readouts(scope, {"temperature": "5.00"})
    check(scope, (3.5, 4.9, -1.6), 0, 5.0)


def test_random_states_typed_and_chosen(scope):
    rng = random.Random(4)
    for _ in range(10):
        scores = [round(rng.uniform(-10, 10), 1) for _ in NAMES]
        temperature = round(rng.randrange(2, 101) * 0.05, 2)
        y = rng.randrange(len(NAMES))
        before = ui.drawing(scope)
        for name, s in zip(NAMES, scores):
            ui.type_into_slider(scope, f"{name} score", f"{s:.1f}")
        ui.type_into_slider(scope, TEMPERATURE, f"{temperature:.2f}")
        ui.choose(scope, "correct class", NAMES[y])
        ui.wait_readouts(scope, {"temperature": f"{temperature:.2f}",
                                 "loss": f"{python_readout(scores, y, temperature)['loss']:.4f}"})
        check(scope, scores, y, temperature)
        assert ui.drawing(scope) != before


def test_typed_values_snap_to_the_slider_grid(scope):
    ui.type_into_slider(scope, "cat score", "12")                 # clamped to the range
    ui.type_into_slider(scope, "car score", "0.04")               # to the 0.1 grid
    ui.type_into_slider(scope, "frog score", "-3.33")
    ui.type_into_slider(scope, TEMPERATURE, "0.01")               # clamped to 0.1
    ui.choose(scope, "correct class", "car")
    ui.wait_readouts(scope, {"temperature": "0.10"})
    assert ui.slider_value(scope, "cat score") == "10.0"
    check(scope, (10.0, 0.0, -3.3), 1, 0.1)


def test_confident_loss_stays_finite_as_in_python(scope):
    """[10, -10, -10] at T = 0.1: exponentials up to e^100, a loss of log1p(2 e^-200) ~ 2.8e-87
    (not 0); with frog correct, a loss of 200 + log1p(2 e^-200) = 200.0 -- finite on both faces."""
    for name, s in zip(NAMES, (10, -10, -10)):
        ui.type_into_slider(scope, f"{name} score", s)
    ui.type_into_slider(scope, TEMPERATURE, "0.1")
    ui.choose(scope, "correct class", "cat")
    ui.wait_readouts(scope, {"temperature": "0.10", "exp_0": "2.688e+43"})
    v = check(scope, (10.0, -10.0, -10.0), 0, 0.1)
    assert v["loss"] == pytest.approx(math.log1p(2 * math.exp(-200.0)), rel=1e-12)
    assert 0 < v["loss"] < 1e-80
    ui.choose(scope, "correct class", "frog")
    ui.wait_readouts(scope, {"loss": "200.0000"})
    v = check(scope, (10.0, -10.0, -10.0), 2, 0.1)
    assert math.isfinite(v["loss"]) and v["prob_2"] > 0


def test_a_drag_updates_at_every_step(scope):
    """Drive the temperature slider 60 times from script: each input event updates the
    explorer (its speed is measured by benchmarks/widgets.py, not asserted)."""
    times = scope.locator('.lb-control[data-param="temperature"] input[type="range"]').evaluate(
        """(range) => {
            const out = [];
            for (let i = 0; i < 60; i++) {
                range.value = String(0.1 + 0.05 * (i % 90));
                const t0 = performance.now();
                range.dispatchEvent(new Event("input", {bubbles: true}));
                out.push(performance.now() - t0);
            }
            return out;
        }""")
    times.sort()
    print("update times (ms), median and max:", times[len(times) // 2], times[-1])
    assert ui.readouts(scope)["temperature"] == f"{0.1 + 0.05 * 59:.2f}"


def test_fits_a_phone(page, scope):
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(200)
    sizes = scope.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] <= sizes[1] + 1, sizes
    ui.press_on_slider(scope, "cat score", "ArrowLeft", 1)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_page_had_no_errors(page):
    ui.assert_clean(page)
