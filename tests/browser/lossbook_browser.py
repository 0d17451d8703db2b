"""Reader-like actions on live ipywidgets (ipywidgets 8 DOM) and the book's readouts.

A control is found by its visible label (the widget's ``description``); numbers are read from the
explorer's :class:`lossbook.widgets.base.Readout`, ``<span class="lossbook-value" data-key=KEY>``.
When a page holds several explorers, :func:`explorer` narrows every look-up to the one whose
controls carry a given label.
"""
from __future__ import annotations

import itertools
import re
import time

READY_TIMEOUT_MS = 120_000   # a chapter runs top to bottom before Voilà shows it
UPDATE_TIMEOUT_MS = 15_000

_scope_ids = itertools.count()


def open_app(page, app, timeout_ms: int = READY_TIMEOUT_MS):
    """Open a Voilà app and wait until its explorers show numbers and the kernel is idle."""
    page.goto(app.url, timeout=timeout_ms)
    page.wait_for_selector(".lossbook-readout .lossbook-value", timeout=timeout_ms)
    # the live views exist; give the page's widget manager a moment to finish connecting
    page.wait_for_load_state("load", timeout=timeout_ms)
    return page


def _label_re(label: str):
    """Matches ``label`` exactly, with any run of white space standing for any other."""
    words = [re.escape(w) for w in label.split()]
    return re.compile(r"^\s*" + r"\s+".join(words) + r"\s*$")


def explorer(page, label: str, timeout_ms: int = 15_000):
    """The smallest widget box holding a control labelled ``label`` and a readout: a locator
    that later look-ups can be scoped to.  Waits up to ``timeout_ms`` for it to be rendered."""
    scope = f"s{next(_scope_ids)}"
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(_MARK_EXPLORER_JS, [label, scope]):
        if time.monotonic() > deadline:
            raise AssertionError(f"no explorer with a control labelled {label!r} and a readout; "
                                 f"labels on the page: {control_labels(page)}")
        time.sleep(0.2)
    return page.locator(f'[data-lossbook-scope="{scope}"]')


_MARK_EXPLORER_JS = """([label, scope]) => {
    const norm = s => s.replace(/\\s+/g, ' ').trim();
    const labels = [...document.querySelectorAll('.widget-label, .widget-label-basic, '
        + '.widget-checkbox label, button')].filter(e => norm(e.textContent) === norm(label));
    for (const lab of labels) {
        for (let el = lab.parentElement; el; el = el.parentElement) {
            if (el.querySelector('.lossbook-readout')) {
                el.setAttribute('data-lossbook-scope', scope);
                return true;
            }
        }
    }
    return false;
}"""


def control_labels(scope) -> list[str]:
    return [t.strip() for t in scope.locator(".widget-label").all_inner_texts() if t.strip()]


def control(scope, label: str, kind: str = ""):
    """The widget (``.widget-inline-hbox``/``.widget-checkbox``/...) whose label reads
    ``label``; ``kind`` narrows it to e.g. ``"widget-slider"``, ``"widget-text"``."""
    css = f".{kind}" if kind else ".lm-Widget:has(> .widget-label)"
    page = scope if not hasattr(scope, "page") else scope.page
    loc = scope.locator(css).filter(
        has=page.locator(".widget-label").filter(has_text=_label_re(label)))
    if loc.count() == 0:
        raise AssertionError(f"no control labelled {label!r}; labels: {control_labels(scope)}")
    return loc.first


# ---- reading ---------------------------------------------------------------------------------

def readout(scope, key: str) -> str:
    """The text of the readout value ``key`` (as the reader sees it)."""
    loc = scope.locator(f'.lossbook-value[data-key="{key}"]')
    if loc.count() == 0:
        keys = scope.locator(".lossbook-value").evaluate_all(
            "els => els.map(e => e.dataset.key)")
        raise AssertionError(f"no readout value {key!r}; keys shown: {keys}")
    return loc.first.inner_text().strip()


def readouts(scope) -> dict[str, str]:
    return scope.locator(".lossbook-value").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.key, e.textContent.trim()]))")


def wait_readouts(scope, expected: dict[str, str], timeout_ms: int = UPDATE_TIMEOUT_MS):
    """Wait until every ``key`` in ``expected`` shows its text; on timeout, fail listing what the
    page shows."""
    deadline = time.monotonic() + timeout_ms / 1000
    shown = {}
    while time.monotonic() < deadline:
        shown = readouts(scope)
        if all(shown.get(k) == v for k, v in expected.items()):
            return shown
        time.sleep(0.05)
    raise AssertionError(f"readout did not reach {expected}; it shows {shown}")


def wait_change(scope, key: str, before: str, timeout_ms: int = UPDATE_TIMEOUT_MS) -> str:
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        now = readout(scope, key)
        if now != before:
            return now
        time.sleep(0.02)
    raise AssertionError(f"readout {key!r} stayed at {before!r}")


def slider_value(scope, label: str) -> str:
    """What the slider's own readout shows (with an ASCII minus for the readout's "−")."""
    text = control(scope, label, "widget-slider").locator(".widget-readout").inner_text()
    return text.strip().replace("\u2212", "-")


# ---- acting like a reader --------------------------------------------------------------------

def type_into_slider(scope, label: str, value):
    """Click the slider's number (its readout), replace it with ``value`` and press Enter."""
    box = control(scope, label, "widget-slider").locator(".widget-readout")
    box.click()
    box.press("Control+A")
    box.press_sequentially(str(value))
    box.press("Enter")


def press_on_slider(scope, label: str, key: str = "ArrowRight", times: int = 1):
    """Focus the slider's handle and press ``key`` (ArrowRight/ArrowLeft/PageUp/Home/End...)."""
    handle = control(scope, label, "widget-slider").locator(".noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)


def type_into_text(scope, label: str, value):
    """Replace the text of a labelled ``Text``/``FloatText``/``BoundedFloatText`` box and press
    Enter."""
    box = control(scope, label).locator("input").first
    box.fill(str(value))
    box.press("Enter")


def choose(scope, label: str, option: str):
    """Pick ``option`` in a labelled ``Dropdown``, or click it in ``ToggleButtons``/
    ``RadioButtons``."""
    ctl = control(scope, label)
    select = ctl.locator("select")
    if select.count():
        select.first.select_option(label=option)
        shown = select.first.evaluate("s => s.options[s.selectedIndex].text")
        if " ".join(shown.split()) != " ".join(option.split()):
            raise AssertionError(f"dropdown {label!r} shows {shown!r} after choosing {option!r}")
        return
    button = ctl.locator("button").filter(has_text=_label_re(option))
    if button.count():
        button.first.click()
        return
    radio = ctl.locator("label").filter(has_text=_label_re(option)).locator("input")
    if radio.count():
        radio.first.check()
        return
    raise AssertionError(f"control {label!r} has no option {option!r}")


def tick(scope, label: str, checked: bool = True):
    """Tick (or untick) the checkbox whose accessible name is ``label``."""
    box = scope.get_by_role("checkbox", name=label, exact=True)
    if box.count() == 0:
        raise AssertionError(f"no checkbox labelled {label!r}")
    box.first.set_checked(checked)


def fmt(x: float, spec: str) -> str:
    return format(float(x), spec)


def assert_clean(page, allow: tuple[str, ...] = ()):
    """No uncaught error, console error or failed request on the page so far (messages matching
    one of the regexes in ``allow`` excepted)."""
    problems = [p for p in page.log.problems() if not any(re.search(a, p) for a in allow)]
    assert not problems, "the page reported:\n  " + "\n  ".join(problems)
