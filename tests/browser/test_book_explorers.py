"""Every explorer of the built book is live with no kernel: the checks common to all of them.

The book is built and served from disk on loopback, with no Jupyter server behind it.  On every
page that embeds explorers (anywidgets, ``lossbook.widgets.base``):

- every control of every explorer changes what the reader sees (its readout or its drawing), by
  keyboard on sliders, typing into number boxes, dropdowns, checkboxes and radio buttons; every
  button runs without an error;
- the page opens no websocket and requests nothing but the book's own files and the three pinned
  page assets every Jupyter Book page loads (MathJax, require.js, the widget manager), which the
  tests serve from the npm registry's copies; the anywidget front end and the explorers' code
  come from the book itself;
- each explorer fits a 390-px phone screen, and its text keeps its contrast in dark mode.

Each chapter's own ``test_static_<chapter>.py`` compares the numbers shown with the library's
Python compute over random states; ``benchmarks/widgets.py`` measures the speed.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from browser_support import toc_pages

PAGES = toc_pages()
ROOT = Path(__file__).resolve().parents[2]
#: the chapters whose notebooks hold explorers (anywidgets): each page must embed them live
EXPLORER_CHAPTERS = [p for p in PAGES if (ROOT / f"{p}.ipynb").is_file()
                     and '"AnyModel"' in (ROOT / f"{p}.ipynb").read_text(encoding="utf8")]


def explorer_pages(html_dir: Path) -> list[str]:
    return [p for p in PAGES if (html_dir / f"{p}.html").is_file()
            and '"model_name": "AnyModel"' in (html_dir / f"{p}.html").read_text(encoding="utf8")]


def open_explorers(new_page, book, name, width=1280, dark=False):
    page = new_page()
    page.sockets = []
    page.on("websocket", lambda ws: page.sockets.append(ws.url))
    page.requests = []
    page.on("request", lambda req: page.requests.append(req.url))
    page.set_viewport_size({"width": width, "height": 900})
    if dark:
        page.emulate_media(color_scheme="dark")
    page.goto(book.url(name), wait_until="load")
    n = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    page.wait_for_function(
        "n => document.querySelectorAll('.lb-explorer .lossbook-value').length > 0 && "
        "document.querySelectorAll('.lb-explorer').length >= n", arg=min(n, 1), timeout=60_000)
    return page


# what the reader sees of one explorer: readout texts, SVG marks and canvas pixels
SNAPSHOT_JS = """root => {
  const parts = [...root.querySelectorAll('.lossbook-value')].map(e => e.textContent);
  for (const s of root.querySelectorAll('svg.lb-panel')) parts.push(s.innerHTML);
  for (const c of root.querySelectorAll('canvas')) parts.push(c.toDataURL());
  for (const i of root.querySelectorAll('img')) parts.push(i.src);
  return parts.join('\\u0001');
}"""


def snapshot(explorer) -> str:
    return hashlib.sha1(explorer.evaluate(SNAPSHOT_JS).encode()).hexdigest()


def act(control, kind: str, attempt: int = 0) -> str:
    """Move one control as a reader would; returns what was done.  ``attempt`` 0, 1, 2, ...
    tries other moves (a hinge term that stays 0 shows no change for a small move)."""
    if kind == "range":
        before = control.input_value()
        control.focus()
        control.press(("End", "Home", "PageUp", "PageDown")[attempt % 4])
        return f"slider {before} -> {control.input_value()}"
    if kind == "number":
        value = float(control.input_value() or 0)
        step = float(control.get_attribute("step") or 1) if control.get_attribute(
            "step") not in (None, "any") else 1.0
        lo, hi = control.get_attribute("min"), control.get_attribute("max")
        new = value + (10, -10, 50, -50)[attempt % 4] * step
        if hi is not None:
            new = min(new, float(hi))
        if lo is not None:
            new = max(new, float(lo))
        control.fill(f"{new:.6g}")
        control.press("Enter")
        return f"typed {new:.6g} (was {value})"
    if kind == "select":
        options = control.evaluate("s => [...s.options].map(o => o.value)")
        current = control.input_value()
        other = next(o for o in options if o != current)
        control.select_option(other)
        return f"chose option {other}"
    if kind == "checkbox":
        control.set_checked(not control.is_checked())
        return "toggled"
    if kind == "radio":
        control.check()
        return "picked"
    raise AssertionError(kind)


def controls_of(explorer):
    """(locator, kind, accessible label) for every input of the explorer, radios but the one
    checked."""
    found = []
    inputs = explorer.locator("input, select")
    for i in range(inputs.count()):
        el = inputs.nth(i)
        tag = el.evaluate("e => e.tagName.toLowerCase()")
        typ = (el.get_attribute("type") or "").lower()
        kind = "select" if tag == "select" else {"range": "range", "number": "number",
                                                 "checkbox": "checkbox", "radio": "radio"}[typ]
        if kind == "radio" and el.is_checked():
            continue
        label = el.evaluate("""e => e.getAttribute('aria-label') ||
            (e.labels && e.labels.length ? e.labels[0].textContent : '')""")
        found.append((el, kind, " ".join(label.split())))
    return found


def test_anywidget_is_served_by_the_book(book):
    """The widget manager loads the ``anywidget`` module from the book (not a CDN), and it is
    the front end of the installed anywidget's own version."""
    import urllib.request

    import anywidget

    shipped = Path(anywidget.__file__).parent / "nbextension" / "index.js"
    with urllib.request.urlopen(f"{book.base_url}/_lossbook/anywidget.js") as resp:
        served = resp.read()
    assert served == shipped.read_bytes()
    assert f'"{anywidget.__version__}"'.encode() in served
    pages = explorer_pages(book.html_dir)
    assert pages, "no page of the book embeds an explorer"
    for name in pages:
        html = (book.html_dir / f"{name}.html").read_text(encoding="utf8")
        m = re.search(r'"anywidget": "([^"]+)"', html)
        assert m, f"{name}: no require.js path for anywidget"
        target = (book.html_dir / name).parent / f"{m.group(1)}.js"
        assert target.resolve() == (book.html_dir / "_lossbook" / "anywidget.js").resolve()
        assert "_static/" not in m.group(1)


def test_chapters_1_to_8_have_explorers():
    assert [p.split("/")[-1][:2] for p in EXPLORER_CHAPTERS] == [f"0{k}" for k in range(1, 9)]


@pytest.mark.parametrize("name", EXPLORER_CHAPTERS)
def test_every_control_moves_its_explorer(name, new_page, book, cdn_assets):
    assert name in explorer_pages(book.html_dir), f"{name}: the page embeds no explorer"
    page = open_explorers(new_page, book, name)
    explorers = page.locator(".lb-explorer")
    problems = []
    for e in range(explorers.count()):
        explorer = explorers.nth(e)
        title = explorer.get_attribute("aria-label")
        controls = controls_of(explorer)
        assert controls, f"{name}: explorer {title!r} has no control"
        for control, kind, label in controls:
            assert label, f"{name}: explorer {title!r} has a {kind} without an accessible name"
            tried = []
            for attempt in range(4 if kind in ("range", "number") else 1):
                before = snapshot(explorer)
                tried.append(act(control, kind, attempt))
                page.wait_for_timeout(30)
                if snapshot(explorer) != before:
                    break
            else:
                problems.append(f"{title}: {kind} {label!r}: {tried}, but nothing changed")
        buttons = explorer.locator("button")
        for b in range(buttons.count()):
            button = buttons.nth(b)
            assert button.inner_text().strip(), f"{name}: a button without a name"
            button.click()
            page.wait_for_timeout(30)
        # the figures have text alternatives
        names = explorer.evaluate("""r => [...r.querySelectorAll('svg.lb-panel, canvas')]
            .map(e => e.tagName === 'CANVAS' ? (e.getAttribute('aria-label') || '')
                 : (e.querySelector('title') || {textContent: ''}).textContent)""")
        for svg_name in names:
            if not svg_name.strip():
                problems.append(f"{title}: a drawing without a text alternative")
    problems += page.log.problems()
    assert not page.sockets, f"{name}: websockets opened: {page.sockets}"
    outside = [u for u in page.requests if not u.startswith(book.base_url)
               and not u.startswith("data:") and not u.startswith("blob:")]
    allowed = re.compile(r"^https://(cdn\.jsdelivr\.net/npm/(mathjax@|@jupyter-widgets/"
                         r"html-manager@)|cdnjs\.cloudflare\.com/ajax/libs/require\.js/)")
    assert all(allowed.match(u) for u in outside), \
        f"{name}: requests outside the book: {[u for u in outside if not allowed.match(u)]}"
    assert not any("anywidget" in u for u in outside)
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(float(v)) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


COLORS_JS = """root => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const fg = parse(getComputedStyle(root).color);
  let el = root, bg = [0, 0, 0, 0];
  while (el) {
    const c = parse(getComputedStyle(el).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c; break; }
    el = el.parentElement;
  }
  if (!el) bg = [255, 255, 255];
  return {fg: fg.slice(0, 3), bg: bg.slice(0, 3)};
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_phone_width_and_contrast(mode, new_page, book, cdn_assets):
    """At 390 px no explorer is wider than its box, and its text contrasts with its background
    (WCAG AA, 4.5:1) in light and dark mode."""
    problems = []
    for name in explorer_pages(book.html_dir):
        page = open_explorers(new_page, book, name, width=390, dark=(mode == "dark"))
        for e in range(page.locator(".lb-explorer").count()):
            explorer = page.locator(".lb-explorer").nth(e)
            title = explorer.get_attribute("aria-label")
            sw, cw = explorer.evaluate("e => [e.scrollWidth, e.clientWidth]")
            if sw > cw + 1:
                problems.append(f"{name}: {title}: {sw} px of content in {cw} px")
            colors = explorer.evaluate(COLORS_JS)
            lf, lb = _luminance(colors["fg"]), _luminance(colors["bg"])
            ratio = (max(lf, lb) + 0.05) / (min(lf, lb) + 0.05)
            if ratio < 4.5:
                problems.append(f"{name}: {title}: text contrast {ratio:.1f}:1 in {mode} mode "
                                f"({colors})")
        problems += [f"{name}: {p}" for p in page.log.problems()]
        page.close()
    assert not problems, "\n  ".join(problems)
