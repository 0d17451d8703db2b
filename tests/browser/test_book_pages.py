"""The rendered book, page by page, in headless Chromium.

Every page listed in ``_toc.yml`` is opened from a fresh build (MathJax, require.js and the widget
manager served from the npm registry's copies).  On each page: no JavaScript error, no failed
request; the math is typeset (a MathJax container for every math element, no TeX error, no raw
``\\(`` or ``\\[`` left in the text); every image loads; every embedded widget renders, with every
labelled control, readout and image of its saved state; every internal link resolves (the page
exists, and so does the anchor).
"""
from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import pytest

from browser_support import toc_pages

# the English pages, and the same pages of the Korean edition (``ko/``, _ext/lossbook_i18n.py)
ROOT = Path(__file__).resolve().parents[2]
PAGES = toc_pages() + [f"ko/{page}" for page in toc_pages()]
SETTLE_MS = 300

# which URLs (without fragment) answered, and which ids each page has: shared by all pages
_link_status: dict[str, int] = {}
_page_ids: dict[str, set[str]] = {}


def korean_texts() -> dict[str, str]:
    """The explorers' Korean texts (``widgets/_ko.js``: ``"English": "한국어"`` entries)."""
    source = (ROOT / "lib" / "lossbook" / "widgets" / "_ko.js").read_text(encoding="utf8")
    pairs = re.findall(r'"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"', source)
    return {json.loads(f'"{en}"'): json.loads(f'"{ko}"') for en, ko in pairs}


def shown_as(name: str):
    """How a page shows a saved control's English label: as it is on an English page; on a
    Korean page (``ko/``) its Korean text where the dictionary has the whole label (a label the
    JavaScript composes from parts is left to tests/browser/test_ko_explorers.py: None)."""
    if not name.startswith("ko/"):
        return lambda label: label
    korean = korean_texts()
    return lambda label: korean.get(label) if label else label


def open_book_page(new_page, book, name):
    page = new_page()
    response = page.goto(book.url(name), wait_until="load")
    assert response is not None and response.status == 200, f"{name}: {response}"
    return page


def wait_for_math(page):
    """Wait until MathJax has started and typeset the page (if the page has math)."""
    n_math = page.locator(".math").count()
    if n_math == 0:
        return 0
    page.wait_for_function(
        "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000)
    page.evaluate("() => MathJax.startup.promise")
    return n_math


WIDGET_MODELS_JS = """
() => {
  const stateEl = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
  const state = stateEl ? JSON.parse(stateEl.textContent).state : {};
  const views = [...document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]')];
  return views.map((v, i) => {
    const id = JSON.parse(v.textContent).model_id;
    // the model and all models it refers to (children, ...), minus layouts and styles
    const seen = new Set(); const stack = [id]; const parts = [];
    while (stack.length) {
      const m = stack.pop();
      if (seen.has(m) || !state[m]) continue;
      seen.add(m);
      const s = state[m].state || {};
      const name = state[m].model_name;
      if (!/Layout|Style/.test(name)) parts.push({
        name, description: s.description || '',
        readout: (s._dom_classes || []).includes('lossbook-readout') || name === 'AnyModel',
        // an explorer (anywidget): the labels of the controls its JavaScript face builds
        controls: (s._controls || []).flatMap(c => c.labels ? c.labels.flat() : [c.label]),
      });
      for (const [k, val] of Object.entries(s)) {
        if (k === 'layout' || k === 'style') continue;
        const refs = Array.isArray(val) ? val : [val];
        for (const r of refs) if (typeof r === 'string' && r.startsWith('IPY_MODEL_'))
          stack.push(r.slice(10));
      }
    }
    v.setAttribute('data-test-view', String(i));
    return {index: i, model_id: id, known: !!state[id], parts};
  });
}
"""


def widget_views(page):
    return page.evaluate(WIDGET_MODELS_JS)


def rendered_view(page, index):
    """The element the widget manager rendered for view script ``index`` (its container's
    rendered widget)."""
    return page.locator(f'script[data-test-view="{index}"] >> xpath=..').locator(
        ".jupyter-widgets, .lm-Widget").first


@pytest.mark.parametrize("name", PAGES)
def test_page(name, new_page, book, cdn_assets):
    page = open_book_page(new_page, book, name)
    problems = []

    # -- math --------------------------------------------------------------------------------
    n_math = wait_for_math(page)
    if n_math:
        untypeset = page.evaluate(
            "() => [...document.querySelectorAll('.math')]"
            ".filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 80))")
        if untypeset:
            problems.append(f"{len(untypeset)} of {n_math} math elements not typeset: "
                            f"{untypeset[:5]}")
        errors = page.locator("mjx-merror").all_inner_texts()
        if errors:
            problems.append(f"MathJax TeX errors: {errors[:5]}")
    raw = page.evaluate(r"""() => {
        const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const bad = [];
        while (w.nextNode()) {
          const t = w.currentNode;
          if (t.parentElement.closest('pre, code, script, style, textarea, mjx-container, .highlight'))
            continue;
          if (/\\\(|\\\[|\$\$/.test(t.textContent)) bad.push(t.textContent.trim().slice(0, 80));
        }
        return bad;
    }""")
    if raw:
        problems.append(f"raw TeX left in the text: {raw[:5]}")

    # -- widgets -----------------------------------------------------------------------------
    views = widget_views(page)
    for view in views:
        if not view["known"]:
            problems.append(f"widget view {view['model_id']} has no saved state")
            continue
        try:
            rendered_view(page, view["index"]).wait_for(state="visible", timeout=30_000)
        except Exception:  # noqa: BLE001 - reported with the page's own errors below
            problems.append(f"widget view {view['index']} ({view['model_id']}) did not render")
            continue
        container = page.locator(f'script[data-test-view="{view["index"]}"] >> xpath=..')
        # every control's description (slider and box labels, button and checkbox texts) is
        # on the rendered view
        text = " ".join(container.evaluate("e => e.innerText").split())
        shown = shown_as(name)
        for part in view["parts"]:
            for label in part["controls"]:
                label = shown(label)
                if label is not None and " ".join(label.split()) not in text:
                    problems.append(f"widget view {view['index']}: explorer control "
                                    f"{label!r} not shown")
            description = shown(part["description"])
            description = " ".join(description.split()) if description else ""
            if description and description not in text:
                problems.append(f"widget view {view['index']}: control "
                                f"{part['description']!r} ({part['name']}) not shown")
        n_readouts = sum(p["readout"] for p in view["parts"])
        shown = container.locator(".lossbook-value").count()
        if n_readouts and shown == 0:
            problems.append(f"widget view {view['index']}: readout shows no values")
        n_images = sum(p["name"] == "ImageModel" for p in view["parts"])
        if container.locator("img").count() < n_images:
            problems.append(f"widget view {view['index']}: {n_images} images in the state, "
                            f"{container.locator('img').count()} shown")
    if page.get_by_text(re.compile("Error displaying widget|Could not create a view")).count():
        problems.append("a widget shows an error instead of its view")

    # -- answers -----------------------------------------------------------------------------
    # every exercise's solution is folded until the reader opens it; the first one opens
    solutions = page.locator("details.lossbook-solution")
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        summary = " ".join(solution.locator("summary").inner_text().split())
        if solution.evaluate("e => e.open"):
            problems.append(f"solution {summary!r} is open before the reader opens it")
        if solution.locator(":scope > :not(summary)").first.is_visible():
            problems.append(f"solution {summary!r}: its answer is visible while folded")
    if solutions.count():
        first = solutions.first
        first.locator("summary").click()
        if not first.locator(":scope > :not(summary)").first.is_visible():
            problems.append("the first solution does not open when its summary is clicked")
        first.locator("summary").click()

    # -- images ------------------------------------------------------------------------------
    page.evaluate("() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=30_000)
    broken = page.evaluate(
        "() => [...document.images].filter(i => !(i.naturalWidth > 0))"
        ".map(i => i.getAttribute('src') ? i.getAttribute('src').slice(0, 100) : '(no src)')")
    if broken:
        problems.append(f"images that did not load: {broken}")

    # -- internal links ----------------------------------------------------------------------
    here = page.url.split("#")[0]
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    origin = book.base_url
    for href in sorted(set(hrefs)):
        if not href.startswith(origin):
            continue
        target, _, frag = href.partition("#")
        if target not in _link_status:
            resp = page.request.get(target)
            _link_status[target] = resp.status
            if resp.ok and "html" in resp.headers.get("content-type", ""):
                _page_ids[target] = set(re.findall(r'\s(?:id|name)="([^"]+)"', resp.text()))
        if _link_status[target] != 200:
            problems.append(f"link {href} -> HTTP {_link_status[target]}")
            continue
        frag = urllib.parse.unquote(frag)
        if frag and target in _page_ids and frag not in _page_ids[target]:
            problems.append(f"link {href}: no element with id {frag!r} on "
                            f"{'this page' if target == here else target}")

    # -- errors (last, so that late ones are caught) ------------------------------------------
    page.wait_for_timeout(SETTLE_MS)
    problems += page.log.problems()
    assert not problems, f"{name}.html:\n  " + "\n  ".join(problems)


def test_toc_pages_were_built(book):
    """Every page of ``_toc.yml`` exists in the build, and nothing in the build is orphaned from
    the pages the tests open."""
    missing = [p for p in PAGES if not (book.html_dir / f"{p}.html").is_file()]
    assert not missing, f"pages listed in _toc.yml but not built: {missing}"


def test_assets_came_from_the_npm_cache(book, new_page, cdn_assets):
    """On a page with math and widgets (if the book has one), MathJax, require.js and the widget
    manager were answered from the npm packages, and nothing was refused."""
    def has(page_name, text):
        return text in (book.html_dir / f"{page_name}.html").read_text(encoding="utf8")
    rich = [p for p in PAGES if has(p, "widget-state+json") and has(p, 'class="math')]
    name = rich[0] if rich else PAGES[0]
    page = open_book_page(new_page, book, name)
    wait_for_math(page)
    if rich:
        page.locator(".lossbook-value, .widget-slider").first.wait_for(timeout=30_000)
        served = " ".join(cdn_assets.served)
        for asset in ("mathjax", "require.js", "html-manager"):
            assert asset in served, f"{asset} not served from the npm cache: {cdn_assets.served}"
    assert not cdn_assets.refused, cdn_assets.refused
