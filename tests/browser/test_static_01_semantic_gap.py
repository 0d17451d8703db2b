"""Chapter 1 in the built book, with no kernel: the challenge explorer's JavaScript face transforms
the photo in the page.  Every challenge, at several strengths, gives the same pixels as
``lossbook.data.photos`` (compared byte for byte, read back from the canvas) and the same numbers as
the Python explorer, over states set as a reader sets them (dropdown, keyboard, typing)."""
from __future__ import annotations

import base64
import functools

import numpy as np
import pytest

import lossbook_browser as ui
from lossbook.data import photos
from lossbook.widgets.ch01_semantic_gap import CHALLENGE_LABELS, ChallengeExplorer

PAGE = "chapters/01_semantic_gap"
STRENGTH = "Strength"

# the pixels of canvas i of the explorer (0: original, 1: transformed, 2: |difference| heat map),
# RGB row by row, as base64
CANVAS_JS = """(root, i) => {
  const c = root.querySelectorAll('canvas')[i];
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let s = '';
  for (let p = 0; p < d.length; p += 4) s += String.fromCharCode(d[p], d[p + 1], d[p + 2]);
  return [c.width, c.height, btoa(s)];
}"""


@functools.lru_cache(maxsize=1)
def cat():
    return photos.load_photo("chelsea")


@functools.lru_cache(maxsize=1)
def reference() -> ChallengeExplorer:
    """A fresh Python explorer built as the notebook builds it."""
    return ChallengeExplorer(cat(), challenge="viewpoint", strength=0.25)


def python(challenge: str, strength: float) -> dict:
    return reference().set(challenge=challenge, strength=strength).readout()


def canvas(scope, i: int) -> np.ndarray:
    w, h, b64 = scope.evaluate(CANVAS_JS, i)
    return np.frombuffer(base64.b64decode(b64), dtype=np.uint8).reshape(h, w, 3)


def agree(scope, challenge, strength):
    expected = python(challenge, strength)
    shown = ui.values(scope)
    bad = ui.agree(shown, expected, tolerances=ChallengeExplorer.tolerances)
    assert not bad, f"{challenge} {strength}: {bad}"
    return expected


def settle(scope, challenge, strength):
    """Wait until the readout shows this challenge and strength."""
    return ui.wait_readouts(scope, {"challenge": challenge, "strength": f"{strength:.2f}"})


@pytest.fixture(scope="module")
def page(book_page):
    return book_page


@pytest.fixture(scope="module")
def chal(page):
    scope = ui.explorer(page, STRENGTH, timeout_ms=60_000)
    page.wait_for_selector(".lb-explorer[data-ready]", timeout=60_000)
    return scope


def test_saved_state_is_the_notebooks(chal):
    expected = agree(chal, "viewpoint", 0.25)
    texts = ui.readouts(chal)
    assert texts == {"challenge": "viewpoint", "strength": "0.25", "label_original": "cat",
                     "label_transformed": "cat", "l1": f"{expected['l1']:,.0f}",
                     "l2": f"{expected['l2']:,.0f}", "mean_abs": f"{expected['mean_abs']:.1f}",
                     "reference_l1": f"{expected['reference_l1']:,.0f}",
                     "ratio": f"{expected['ratio']:.2f}"}
    assert texts["ratio"] == "1.13"              # the number the chapter's exercise quotes
    assert ui.control_labels(chal) == ["Challenge", STRENGTH]
    assert ui.slider_value(chal, STRENGTH) == "0.25"


def test_the_photo_is_decoded_exactly(chal):
    np.testing.assert_array_equal(canvas(chal, 0), cat())
    np.testing.assert_array_equal(canvas(chal, 1), photos.viewpoint(cat(), 0.25))


@pytest.mark.parametrize("name", list(photos.CHALLENGES))
def test_every_challenge_pixel_for_pixel(chal, name):
    ui.choose(chal, "Challenge", CHALLENGE_LABELS[name])
    heat_before = None
    for s in (0.05, 0.35, 0.6, 1.0):
        ui.type_into_slider(chal, STRENGTH, f"{s:g}")
        settle(chal, name, s)
        agree(chal, name, s)
        np.testing.assert_array_equal(canvas(chal, 1), photos.apply(cat(), name, s),
                                      err_msg=f"{name} at strength {s}")
        heat = canvas(chal, 2)
        assert heat_before is None or not np.array_equal(heat, heat_before), \
            f"{name}: the heat map did not change at strength {s}"
        heat_before = heat
    caption = chal.locator(".lb-caption").inner_text()
    assert caption == photos.DESCRIPTIONS[name]
    label = chal.locator("canvas").nth(1).get_attribute("aria-label")
    assert name in label and "strength 1.00" in label


def test_random_states_agree_with_python(chal):
    """Ten seeded states, each reached as a reader would: the dropdown, then the keyboard (arrow
    keys from where the slider is) or the number box."""
    rng = np.random.default_rng(1)
    names = list(photos.CHALLENGES)
    current = float(ui.values(chal)["strength"])
    for k in range(10):
        name = names[rng.integers(len(names))]
        target = int(rng.integers(0, 21))          # strength target / 20, on the slider's grid
        before = canvas(chal, 1)
        shown_before = ui.values(chal)
        ui.choose(chal, "Challenge", CHALLENGE_LABELS[name])
        if k % 2 == 0:
            steps = target - round(current * 20)
            ui.press_on_slider(chal, STRENGTH, "ArrowRight" if steps > 0 else "ArrowLeft",
                               abs(steps))
        else:
            ui.type_into_slider(chal, STRENGTH, f"{target / 20:g}")
        s = target / 20
        settle(chal, name, s)
        agree(chal, name, s)
        if (shown_before["challenge"], shown_before["strength"]) != (name, s):
            after = canvas(chal, 1)
            expected = photos.apply(cat(), name, s)
            np.testing.assert_array_equal(after, expected)
            assert not np.array_equal(after, before) or np.array_equal(
                expected, photos.apply(cat(), shown_before["challenge"],
                                           shown_before["strength"]))
        current = s


def test_keyboard_ends_and_typed_values_snap(chal):
    ui.choose(chal, "Challenge", "Occlusion")
    ui.press_on_slider(chal, STRENGTH, "Home")
    settle(chal, "occlusion", 0.0)
    assert ui.readouts(chal)["l1"] == "0" and ui.readouts(chal)["ratio"] == "0.00"
    np.testing.assert_array_equal(canvas(chal, 1), cat())
    ui.press_on_slider(chal, STRENGTH, "End")
    settle(chal, "occlusion", 1.0)
    agree(chal, "occlusion", 1.0)
    # a typed value goes to the slider's grid (steps of 0.05) and into its range, as in Python
    ui.type_into_slider(chal, STRENGTH, "0.33")
    settle(chal, "occlusion", 0.35)
    assert ui.slider_value(chal, STRENGTH) == "0.35"
    ui.type_into_slider(chal, STRENGTH, "7")
    settle(chal, "occlusion", 1.0)
    agree(chal, "occlusion", 1.0)


def test_phone_width(built_book, new_page):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(built_book.url(PAGE), wait_until="load")
    page.wait_for_selector(".lb-explorer[data-ready]", timeout=60_000)
    sw, cw = page.locator(".lb-explorer").first.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sw <= cw + 1, f"{sw} px of content in {cw} px"
    widths = page.locator(".lb-explorer canvas").evaluate_all(
        "cs => cs.map(c => c.getBoundingClientRect().width)")
    assert len(widths) == 3 and all(150 <= w <= cw for w in widths), widths
    ui.assert_clean(page)
