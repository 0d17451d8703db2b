"""Chapter 7 in the static book (no kernel): both explorers are live in the page.

Every control of both explorers is driven like a reader (arrow keys, Home/End, numbers typed into
the boxes); after each of a dozen seeded random moves the page's readout (``data-value``, full
precision) is compared with a fresh Python explorer brought to the same controls, the drawing is
checked to have changed (the canvas pixels of the probability map, the boundary, the bars), and
the map's pixels are checked against σ(w·x + b).  Extreme settings (T = 0.01 with a score gap of
20, weights and bias at ±5) must stay finite and agree.  The page must fit a 390-px phone and
report no error.
"""
from __future__ import annotations

import hashlib
import math

import numpy as np
import pytest

import lossbook_browser as ui
from lossbook.widgets.ch07_classification_losses import LogisticExplorer, TemperatureExplorer

PAGE = "chapters/07_classification_losses"
W1, W2, BIAS = "weight w₁", "weight w₂", "bias b"
TEMPERATURE = "temperature T"
NAMES = ("cat", "car", "frog")
SCORE_LABELS = tuple(f"score {n}" for n in NAMES)
MOVES = 12


def open_chapter(built_book, new_page, width: int = 1280, dark: bool = False):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    if dark:
        page.emulate_media(color_scheme="dark")
    page.goto(built_book.url(PAGE))
    page.wait_for_selector(".lb-explorer .lossbook-value", timeout=30_000)
    return page


def slider_positions(scope) -> dict[str, float]:
    """Each slider's position, by label (a log slider's in log10 units)."""
    pairs = scope.locator('.lb-control input[type="range"]').evaluate_all(
        "els => els.map(e => [e.closest('.lb-control').querySelector('label').textContent,"
        " e.value])")
    return {label.strip(): float(value) for label, value in pairs}


def tolerances(cls) -> dict:
    return getattr(cls, "tolerances", None) or {}


def check_agreement(scope, explorer, formats: dict[str, str]):
    """The page's full-precision values equal Python's readout, and its texts Python's formats."""
    expected = explorer.readout()
    page_values = ui.values(scope)
    bad = ui.agree(page_values, expected, tolerances=tolerances(type(explorer)))
    assert not bad, f"page and Python disagree at {explorer!r}: {bad}"
    assert all(math.isfinite(v) for v in page_values.values()), page_values
    texts = ui.readouts(scope)
    for key, value in expected.items():
        spec = next(f for prefix, f in formats.items() if key.startswith(prefix))
        assert texts[key] == format(value, spec), (key, texts[key], value)


def move(rng, scope, label: str, current: float, lo: float, hi: float, step: float,
         log: bool = False):
    """One random reader's move of the slider ``label`` (keys, or a number typed into its box);
    returns where the slider must then be (log10 units for a log slider)."""
    kind = rng.choice(["keys", "keys", "type", "type", "ends"])
    decimals = 2 if log else 1
    if kind == "keys":
        key, sign = ("ArrowRight", 1) if rng.random() < 0.5 else ("ArrowLeft", -1)
        presses = int(rng.integers(1, 6))
        ui.press_on_slider(scope, label, key, presses)
        return round(min(hi, max(lo, current + sign * presses * step)), decimals)
    if kind == "ends":
        key = "Home" if rng.random() < 0.5 else "End"
        ui.press_on_slider(scope, label, key)
        return lo if key == "Home" else hi
    if log:  # a temperature typed as a reader would, sometimes out of the slider's range
        exponent = round(float(rng.uniform(lo - 0.5, hi + 0.5)), 2)
        ui.type_into_slider(scope, label, f"{10 ** exponent:.6g}")
        return round(min(hi, max(lo, exponent)), 2)
    value = round(float(rng.uniform(lo - 1.5, hi + 1.5)), 2)
    if round(value * 100) % 10 == 5:   # keep away from a tie between two grid points
        value = round(value - 0.01, 2)
    ui.type_into_slider(scope, label, f"{value:.2f}")
    return round(min(hi, max(lo, value)), 1)


def canvas_digest(scope) -> str:
    data = scope.locator("canvas").first.evaluate("c => c.toDataURL()")
    return hashlib.sha1(data.encode()).hexdigest()


def expected_alpha(p: float) -> int:
    """The map's alpha at probability p: the page's 512-level table, 0.72·|2p − 1|^0.8."""
    k = math.floor(p * 511 + 0.5)
    return math.floor(255 * 0.72 * abs(2 * k / 511 - 1) ** 0.8 + 0.5)


def check_map_pixels(scope, w1: float, w2: float, b: float):
    """A grid of canvas pixels: blue where P < 1/2, vermillion where P > 1/2, alpha from P."""
    w, h, pixels = scope.locator("canvas").first.evaluate("""c => {
        const ctx = c.getContext('2d');
        const out = [];
        for (const fy of [0.1, 0.35, 0.6, 0.9]) for (const fx of [0.05, 0.3, 0.55, 0.8, 0.95]) {
            const i = Math.floor(fx * c.width), j = Math.floor(fy * c.height);
            out.push([i, j, ...ctx.getImageData(i, j, 1, 1).data]);
        }
        return [c.width, c.height, out];
    }""")
    for i, j, r, g, bl, a in pixels:
        x1 = -5 + (i + 0.5) * 10 / w
        x2 = 5 - (j + 0.5) * 10 / h
        z = w1 * x1 + w2 * x2 + b
        p = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
        assert abs(a - expected_alpha(p)) <= 1, (i, j, p, a)
        if a > 40 and abs(z) > 1e-6:
            assert (bl > r) == (p < 0.5), (i, j, p, (r, g, bl, a))


def boundary_attrs(scope):
    return scope.locator("svg line").evaluate_all(
        "els => els.filter(e => e.getAttribute('stroke-width') === '2')"
        ".map(e => ['x1','y1','x2','y2','display'].map(k => e.getAttribute(k)))")


def bars_drawn(scope):
    """The bars' heights and the chart's title and text alternative (which name T and s)."""
    heights = scope.locator("svg.lb-panel rect").evaluate_all(
        "els => els.map(e => e.getAttribute('height'))")
    texts = [scope.locator(f"svg.lb-panel {tag}").first.text_content()
             for tag in ("text.lb-title", "desc")]
    return heights, texts


# ---- logistic regression by hand -------------------------------------------------------------

def test_logistic_explorer_random_states(built_book, new_page):
    page = open_chapter(built_book, new_page)
    scope = ui.explorer(page, W1)
    assert page.locator(".lb-explorer").count() == 2
    python = LogisticExplorer(w1=1.0, w2=0.0, b=0.0)   # as in the notebook
    formats = {"loss": ".4f", "accuracy": ".2f", "dw": "+.4f", "db": "+.4f"}
    check_agreement(scope, python, formats)
    assert ui.readouts(scope)["loss"] == "0.2882"
    check_map_pixels(scope, 1.0, 0.0, 0.0)
    assert slider_positions(scope) == {W1: 1.0, W2: 0.0, BIAS: 0.0}

    rng = np.random.default_rng(7)
    names = {W1: "w1", W2: "w2", BIAS: "b"}
    state = {W1: 1.0, W2: 0.0, BIAS: 0.0}
    drawn = (canvas_digest(scope), boundary_attrs(scope))
    for _ in range(MOVES):
        before = dict(state)
        for label in rng.permutation(list(names)):  # one, two or three sliders each time
            if rng.random() < 0.6:
                state[label] = move(rng, scope, label, state[label], -5.0, 5.0, 0.1)
        shown = slider_positions(scope)
        assert shown == pytest.approx(state, abs=1e-12), (shown, state)
        params = {names[label]: shown[label] for label in names}
        python.set(**params)
        check_agreement(scope, python, formats)
        check_map_pixels(scope, params["w1"], params["w2"], params["b"])
        now = (canvas_digest(scope), boundary_attrs(scope))
        if state != before:
            assert now[0] != drawn[0], f"the probability map did not change for {params}"
        drawn = now

    # the extremes: logits of about ±60, and w = 0 (no boundary, P = σ(b) everywhere)
    for w1, w2, b in [(5.0, 5.0, 5.0), (-5.0, -5.0, -5.0), (0.0, 0.0, 3.0)]:
        for label, v in zip(names, (w1, w2, b)):
            ui.type_into_slider(scope, label, str(v))
        ui.wait_readouts(scope, {"loss": f"{python.set(w1=w1, w2=w2, b=b).readout()['loss']:.4f}"})
        check_agreement(scope, python, formats)
        check_map_pixels(scope, w1, w2, b)
    assert boundary_attrs(scope)[0][-1] == "none"      # w = 0: the boundary is hidden
    desc = scope.locator("svg desc").first.text_content()
    assert "no boundary" in desc
    ui.assert_clean(page)


# ---- softmax with a temperature --------------------------------------------------------------

def test_temperature_explorer_random_states(built_book, new_page):
    page = open_chapter(built_book, new_page)
    scope = ui.explorer(page, TEMPERATURE)
    python = TemperatureExplorer(scores=(3.2, 5.1, -1.7), class_names=NAMES, temperature=1.0)
    formats = {"p_": ".4f", "max_prob": ".4f", "entropy": ".4f", "tv_to_one_hot": ".4f"}
    check_agreement(scope, python, formats)
    assert [ui.readouts(scope)[f"p_{n}"] for n in NAMES] == ["0.1300", "0.8690", "0.0010"]
    assert ui.control_labels(scope) == [TEMPERATURE, *SCORE_LABELS]

    rng = np.random.default_rng(11)
    state = {TEMPERATURE: 0.0, **dict(zip(SCORE_LABELS, (3.2, 5.1, -1.7)))}
    drawn = bars_drawn(scope)
    for _ in range(MOVES):
        before = dict(state)
        for label in rng.permutation(list(state)):
            if rng.random() < 0.5:
                if label == TEMPERATURE:
                    state[label] = move(rng, scope, label, state[label], -2.0, 2.0, 0.01,
                                        log=True)
                else:
                    state[label] = move(rng, scope, label, state[label], -10.0, 10.0, 0.1)
        shown = slider_positions(scope)
        assert shown == pytest.approx(state, abs=1e-12), (shown, state)
        python.set(temperature=10 ** shown[TEMPERATURE],
                   scores=[shown[label] for label in SCORE_LABELS])
        check_agreement(scope, python, formats)
        note = scope.locator(".lb-note").first.text_content()
        assert note == f"T = {python.temperature:.3g}"
        now = bars_drawn(scope)
        assert f"T = {python.temperature:.3g}" in now[1][0]
        if state != before:
            assert now != drawn, f"the chart did not change at {python!r}"
        drawn = now

    # T = 0.01 with a gap of 20: exp(-2000) underflows to 0, nothing overflows; then a tie
    for scores in [("10", "-10", "0"), ("-10", "10", "10"), ("3.2", "5.1", "-1.7")]:
        for label, v in zip(SCORE_LABELS, scores):
            ui.type_into_slider(scope, label, v)
        ui.type_into_slider(scope, TEMPERATURE, "0.01")
        python.set(temperature=0.01, scores=[float(v) for v in scores])
        ui.wait_readouts(scope, {f"p_{n}": f"{python.readout()[f'p_{n}']:.4f}" for n in NAMES})
        check_agreement(scope, python, formats)
    assert python.readout()["p_cat"] == pytest.approx(math.exp(-190), rel=1e-9)
    assert ui.values(scope)["p_cat"] == pytest.approx(math.exp(-190), rel=1e-9)
    ui.assert_clean(page)


# ---- the page as a whole ---------------------------------------------------------------------

def test_updates_are_synchronous(built_book, new_page):
    """A slider's input event runs compute, drawing and readout synchronously (40 moves each;
    their speed is measured by benchmarks/widgets.py, not asserted)."""
    page = open_chapter(built_book, new_page)
    timings = page.evaluate("""() => {
        const out = {};
        for (const root of document.querySelectorAll('.lb-explorer')) {
            const range = root.querySelector('input[type="range"]');
            const times = [];
            for (let i = 0; i < 40; i++) {
                range.value = String(Number(range.min) + (i % 20 + 1) * (range.max - range.min) / 25);
                const t = performance.now();
                range.dispatchEvent(new Event('input'));
                times.push(performance.now() - t);
            }
            times.sort((a, b) => a - b);
            out[root.getAttribute('aria-label')] = [times[20], root.dataset.updates];
        }
        return out;
    }""")
    assert len(timings) == 2
    for name, (median, updates) in timings.items():
        assert int(updates) >= 40, (name, updates)
    ui.assert_clean(page)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_fits_a_phone(built_book, new_page, dark):
    page = open_chapter(built_book, new_page, width=390, dark=dark)
    page.wait_for_timeout(300)
    sizes = page.locator(".lb-explorer").evaluate_all(
        "els => els.map(e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right])")
    assert len(sizes) == 2
    for scroll, client, right in sizes:
        assert scroll <= client + 1 and right <= 390 + 1, sizes
    # the drawings keep their text alternatives, and the text follows the page's colour
    scope = ui.explorer(page, W1)
    assert "Probability map" in scope.locator("svg title").first.text_content()
    colours = page.locator(".lb-explorer").first.evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(e.querySelector('.lb-tick')).fill]")
    assert colours[0] == colours[1]
    ui.assert_clean(page)
