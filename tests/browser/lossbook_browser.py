"""Reader-like actions on the book's explorers (``lossbook.widgets.base``) and their readouts.

An explorer is a ``.lb-explorer`` element drawn by its JavaScript face; a control is found by its
visible label (``<label>`` or ``<legend>``), exactly as a reader (or a screen reader) finds it.
Numbers are read from the readout, ``<span class="lossbook-value" data-key=KEY data-value=V>``:
the text is what the reader sees, ``data-value`` the full-precision number.  Under a kernel
(Voilà) the explorer's root also carries ``data-kernel-readout``, the Python side's readout after
its last recompute.  When a page holds several explorers, :func:`explorer` narrows every look-up
to the one whose controls carry a given label.
"""
from __future__ import annotations

import itertools
import json
import math
import re
import time

READY_TIMEOUT_MS = 120_000   # a chapter runs top to bottom before Voilà shows it
UPDATE_TIMEOUT_MS = 15_000

_scope_ids = itertools.count()


def open_app(page, app, timeout_ms: int = READY_TIMEOUT_MS):
    """Open a Voilà app and wait until its explorers show numbers and the kernel answered."""
    page.goto(app.url, timeout=timeout_ms)
    page.wait_for_selector(".lb-explorer .lossbook-value", timeout=timeout_ms)
    page.wait_for_load_state("load", timeout=timeout_ms)
    return page


def wait_for_explorers(page, timeout_ms: int = 60_000):
    """Wait until every widget view of the page is drawn and every explorer shows numbers."""
    n = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    page.wait_for_function(
        """n => { const all = [...document.querySelectorAll('.lb-explorer')];
                  return all.length >= n && all.every(e => e.querySelector('.lossbook-value')); }""",
        arg=min(n, 1), timeout=timeout_ms)
    return page


def _label_re(label: str):
    """Matches ``label`` exactly, with any run of white space standing for any other."""
    words = [re.escape(w) for w in label.split()]
    return re.compile(r"^\s*" + r"\s+".join(words) + r"\s*$")


def explorer(page, label: str, timeout_ms: int = 15_000):
    """The explorer (``.lb-explorer``) with a control or button labelled ``label``: a locator
    that later look-ups can be scoped to.  Waits up to ``timeout_ms`` for it to be rendered."""
    scope = f"s{next(_scope_ids)}"
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(_MARK_EXPLORER_JS, [label, scope]):
        if time.monotonic() > deadline:
            raise AssertionError(f"no explorer with a control labelled {label!r}; labels on the "
                                 f"page: {control_labels(page)}")
        time.sleep(0.2)
    return page.locator(f'[data-lossbook-scope="{scope}"]')


_MARK_EXPLORER_JS = """([label, scope]) => {
    const norm = s => s.replace(/\\s+/g, ' ').trim();
    const names = [...document.querySelectorAll('.lb-explorer label, .lb-explorer legend, '
        + '.lb-explorer button, .lb-explorer [aria-label]')]
        .filter(e => norm(e.getAttribute('aria-label') || e.textContent) === norm(label));
    for (const el of names) {
        const root = el.closest('.lb-explorer');
        if (root) {
            root.setAttribute('data-lossbook-scope', scope);
            return true;
        }
    }
    return false;
}"""


def control_labels(scope) -> list[str]:
    return [t.strip() for t in scope.locator(".lb-control > label, .lb-control > legend")
            .all_inner_texts() if t.strip()]


def control(scope, label: str, kind: str = ""):
    """The control box (``.lb-control``) whose label or legend reads ``label``."""
    page = scope if not hasattr(scope, "page") else scope.page
    loc = scope.locator(".lb-control").filter(
        has=page.locator(":scope > label, :scope > legend").filter(has_text=_label_re(label)))
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
    """What the slider's number box shows."""
    return control(scope, label).locator("input.lb-number").input_value().strip()


# ---- acting like a reader --------------------------------------------------------------------

def type_into_slider(scope, label: str, value):
    """Click the slider's number box, replace it with ``value`` and press Enter."""
    box = control(scope, label).locator("input.lb-number")
    box.click()
    box.press("Control+A")
    box.press_sequentially(str(value))
    box.press("Enter")


def press_on_slider(scope, label: str, key: str = "ArrowRight", times: int = 1):
    """Focus the slider and press ``key`` (ArrowRight/ArrowLeft/PageUp/Home/End...)."""
    handle = control(scope, label).locator('input[type="range"]')
    handle.focus()
    for _ in range(times):
        handle.press(key)


def type_into_text(scope, label: str, value):
    """Replace the number in the box whose accessible name is ``label`` and press Enter."""
    box = scope.get_by_label(label, exact=True)
    if box.count() == 0:
        raise AssertionError(f"no input labelled {label!r}")
    box.first.fill(str(value))
    box.first.press("Enter")


def choose(scope, label: str, option: str):
    """Pick ``option`` in a labelled dropdown, or its radio button in a toggle group."""
    ctl = control(scope, label)
    select = ctl.locator("select")
    if select.count():
        select.first.select_option(label=option)
        shown = select.first.evaluate("s => s.options[s.selectedIndex].text")
        if " ".join(shown.split()) != " ".join(option.split()):
            raise AssertionError(f"dropdown {label!r} shows {shown!r} after choosing {option!r}")
        return
    radio = ctl.get_by_label(option, exact=True)
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


def click(scope, label: str):
    """Click the button whose text is ``label``."""
    button = scope.get_by_role("button", name=label, exact=True)
    if button.count() == 0:
        raise AssertionError(f"no button labelled {label!r}")
    button.first.click()


# ---- the two faces -------------------------------------------------------------------------------

def drawing(scope) -> str:
    """The explorer's drawing as markup: compare two of them to see that the figure changed."""
    return scope.locator(".lb-figure").inner_html()


def values(scope) -> dict:
    """The readout's full-precision values (``data-value``), numbers where they parse."""
    raw = scope.locator(".lossbook-value").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.key, e.dataset.value]))")
    return {k: _number(v) for k, v in raw.items()}


def kernel_readout(scope) -> dict:
    """The Python side's readout after its last recompute (``data-kernel-readout``)."""
    root = scope if scope.evaluate("e => e.classList.contains('lb-explorer')") else \
        scope.locator(".lb-explorer").first
    return json.loads(root.get_attribute("data-kernel-readout") or "{}")


def agree(page_values: dict, python_values: dict, rtol: float = 1e-9, atol: float = 1e-12,
          tolerances: dict | None = None) -> list[str]:
    """The keys on which two readouts disagree (numbers within ``rtol``/``atol`` or the
    per-key absolute tolerance in ``tolerances``; texts equal); both must show the same keys."""
    bad = []
    if set(page_values) != set(python_values):
        bad.append(f"keys differ: page only {sorted(set(page_values) - set(python_values))}, "
                   f"python only {sorted(set(python_values) - set(page_values))}")
    for key in sorted(set(page_values) & set(python_values)):
        a, b = page_values[key], python_values[key]
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(b, bool):
            tol = (tolerances or {}).get(key)
            ok = (math.isclose(a, b, rel_tol=rtol, abs_tol=atol) if tol is None
                  else abs(a - b) <= tol) or (math.isnan(a) and math.isnan(b))
        else:
            ok = str(a) == str(b)
        if not ok:
            bad.append(f"{key}: page {a!r} != python {b!r}")
    return bad


def wait_kernel(scope, timeout_ms: int = UPDATE_TIMEOUT_MS, **agree_kw) -> dict:
    """Wait until the kernel's readout equals the page's (the Python side followed the
    controls); returns it.  On timeout, fail with the keys that still differ."""
    deadline = time.monotonic() + timeout_ms / 1000
    bad = ["never read"]
    while time.monotonic() < deadline:
        kernel = kernel_readout(scope)
        bad = agree(values(scope), kernel, **agree_kw)
        if not bad:
            return kernel
        time.sleep(0.05)
    raise AssertionError("the kernel's readout does not match the page's:\n  " + "\n  ".join(bad))


def _number(text):
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def fmt(x: float, spec: str) -> str:
    return format(float(x), spec)


def assert_clean(page, allow: tuple[str, ...] = ()):
    """No uncaught error, console error or failed request on the page so far (messages matching
    one of the regexes in ``allow`` excepted)."""
    problems = [p for p in page.log.problems() if not any(re.search(a, p) for a in allow)]
    assert not problems, "the page reported:\n  " + "\n  ".join(problems)


def count_solutions(notebook_path) -> int:
    """How many folded exercise solutions (``<details class="lossbook-solution">``) the
    notebook's markdown cells hold: what a page showing the notebook must fold."""
    nb = json.loads(open(notebook_path, encoding="utf8").read())
    return sum("".join(c["source"]).count('<details class="lossbook-solution">')
               for c in nb["cells"] if c["cell_type"] == "markdown")
