"""Chapter 5 in the static book (no kernel): the SVM-versus-softmax explorer computes and draws in
the page.

Every control is driven like a reader (the example dropdown, keyboard on the sliders, typing in
their number boxes), and the page's readout (``data-value``, full precision) is compared with a
fresh Python explorer brought to the same control values; the figure must change, the page must
report no error, and the explorer must fit a 390-px phone.
"""
from __future__ import annotations

import math
import random

import pytest

import lossbook_browser as ui
from lossbook.widgets.ch05_svm_vs_softmax import EXAMPLES, SvmVsSoftmaxExplorer

PAGE = "chapters/05_svm_vs_softmax"
EXAMPLE = "other scores (example)"
SCORE = "correct class score s₀"
MARGIN = "margin Δ"


def python_readout(example, correct_score, margin):
    """A fresh explorer, built as the notebook builds it, brought to the same controls."""
    e = SvmVsSoftmaxExplorer(example="[10, 9, 9]", correct_score=10.0, margin=1.0)
    return e.set(example=example, correct_score=correct_score, margin=margin).readout()


#: the printed precision of each readout key (the chapter's prose and the old readout)
FORMATS = {"correct_score": ".2f", "margin": ".2f", "svm_loss": ".4f", "softmax_loss": ".4g",
           "prob_correct": ".4f", "svm_zero_from": ".2f"}


def check(scope, example, correct_score, margin):
    """The page's numbers equal Python's (full precision), and print as Python prints them."""
    page_values = ui.values(scope)
    python = python_readout(example, correct_score, margin)
    bad = ui.agree(page_values, python,
                   tolerances=getattr(SvmVsSoftmaxExplorer, "tolerances", None))
    assert not bad, f"{example}, s0 {correct_score}, margin {margin}:\n  " + "\n  ".join(bad)
    assert ui.readouts(scope) == {k: format(v, FORMATS[k]) for k, v in python.items()}
    return page_values


def texts(scope, selector) -> list[str]:
    return scope.locator(selector).evaluate_all("els => els.map(e => e.textContent)")


@pytest.fixture(scope="module")
def page(book_page):
    return book_page


@pytest.fixture(scope="module")
def scope(page):
    return ui.explorer(page, SCORE)


def test_starts_at_10_9_9(scope):
    assert ui.control_labels(scope) == [EXAMPLE, SCORE, MARGIN]
    v = check(scope, "[10, 9, 9]", 10.0, 1.0)
    assert ui.readouts(scope) == {"correct_score": "10.00", "margin": "1.00",
                                  "svm_loss": "0.0000", "softmax_loss": "0.5514",
                                  "prob_correct": "0.5761", "svm_zero_from": "10.00"}
    assert v["softmax_loss"] == pytest.approx(0.5514447139320511, rel=1e-12)
    assert scope.locator("svg.lb-panel").count() == 2
    assert all(texts(scope, "svg.lb-panel > title")) and all(texts(scope, "svg.lb-panel > desc"))
    assert "[10, 9, 9]: SVM 0, softmax 0.551" in texts(scope, "svg.lb-panel .lb-title")


def test_every_example(scope):
    for name in EXAMPLES:
        before = ui.drawing(scope)
        ui.choose(scope, EXAMPLE, name)
        zero = max(EXAMPLES[name]) + 1.0
        ui.wait_readouts(scope, {"svm_zero_from": f"{zero:.2f}"})
        v = check(scope, name, 10.0, 1.0)
        assert v["svm_loss"] == 0.0
        assert ui.drawing(scope) != before
    # [10, -100, -100]: the softmax loss is log1p(2 e^-110) ~ 3.4e-48 on the page too, not 0
    assert v["softmax_loss"] == pytest.approx(math.log1p(2 * math.exp(-110.0)), rel=1e-12)
    assert ui.readouts(scope)["softmax_loss"] == "3.378e-48"
    ui.choose(scope, EXAMPLE, "[10, 9, 9]")
    ui.wait_readouts(scope, {"svm_zero_from": "10.00"})


def test_keyboard_on_the_sliders(scope):
    before = ui.drawing(scope)
    ui.press_on_slider(scope, SCORE, "ArrowLeft", 10)             # 10.0 -> 9.0
    ui.press_on_slider(scope, MARGIN, "ArrowRight", 5)            # 1.0 -> 1.5
    ui.wait_readouts(scope, {"correct_score": "9.00", "margin": "1.50"})
    v = check(scope, "[10, 9, 9]", 9.0, 1.5)
    assert v["svm_loss"] == 3.0                                   # 2 * (9 - 9 + 1.5)
    assert ui.drawing(scope) != before
    ui.press_on_slider(scope, SCORE, "Home")
    ui.press_on_slider(scope, MARGIN, "End")
    ui.wait_readouts(scope, {"correct_score": "-5.00", "margin": "5.00"})
    check(scope, "[10, 9, 9]", -5.0, 5.0)


def test_the_zoom_follows_the_score_in_steps_of_5(scope):
    def zoom_ticks():
        return texts(scope, "svg.lb-panel:nth-of-type(2) .lb-axes text.lb-tick")

    ui.type_into_slider(scope, SCORE, "10")
    ui.wait_readouts(scope, {"correct_score": "10.00"})
    at_10 = zoom_ticks()
    ui.type_into_slider(scope, SCORE, "11.5")                     # same window [5, 15]
    ui.wait_readouts(scope, {"correct_score": "11.50"})
    assert zoom_ticks() == at_10
    ui.type_into_slider(scope, SCORE, "12.6")                     # next window [10, 20]
    ui.wait_readouts(scope, {"correct_score": "12.60"})
    assert zoom_ticks() != at_10


def test_random_states(scope):
    rng = random.Random(5)
    names = list(EXAMPLES)
    for _ in range(10):
        example = rng.choice(names)
        s0 = round(rng.uniform(-5, 20), 1) + 0.0           # never -0.0
        margin = round(rng.uniform(0, 5), 1)
        before = ui.drawing(scope)
        ui.choose(scope, EXAMPLE, example)
        ui.type_into_slider(scope, SCORE, f"{s0:.1f}")
        ui.type_into_slider(scope, MARGIN, f"{margin:.1f}")
        ui.wait_readouts(scope, {"correct_score": f"{s0:.2f}", "margin": f"{margin:.2f}",
                                 "svm_zero_from": f"{max(EXAMPLES[example]) + margin:.2f}"})
        check(scope, example, s0, margin)
        assert ui.drawing(scope) != before


def test_typed_values_snap_to_the_slider_grid(scope):
    ui.choose(scope, EXAMPLE, "[10, −2, 3]")
    ui.type_into_slider(scope, SCORE, "25")                       # clamped to 20
    ui.type_into_slider(scope, MARGIN, "0.26")                    # to the 0.1 grid
    ui.wait_readouts(scope, {"correct_score": "20.00", "margin": "0.30"})
    check(scope, "[10, −2, 3]", 20.0, 0.3)


def test_a_drag_updates_at_every_step(scope):
    """Drive the s₀ slider 60 times from script: each update (compute + redraw of both panels,
    251 + 201 points per curve) follows each input event (its speed is measured by
    benchmarks/widgets.py, not asserted)."""
    times = scope.locator('.lb-control[data-param="correct_score"] input[type="range"]').evaluate(
        """(range) => {
            const out = [];
            for (let i = 0; i < 60; i++) {
                range.value = String(-5 + 0.4 * i);
                const t0 = performance.now();
                range.dispatchEvent(new Event("input", {bubbles: true}));
                out.push(performance.now() - t0);
            }
            return out;
        }""")
    times.sort()
    print("update times (ms), median and max:", times[len(times) // 2], times[-1])


def test_fits_a_phone(page, scope):
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(200)
    sizes = scope.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] <= sizes[1] + 1, sizes
    page.set_viewport_size({"width": 1280, "height": 900})


def test_page_had_no_errors(page):
    ui.assert_clean(page)
