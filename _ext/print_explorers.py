"""Pictures of the book's live explorers, for the print edition.

The HTML book draws each explorer (an anywidget view, ``lossbook.widgets.base.Explorer``) in the
static page from the notebook's saved widget state.  On paper an explorer prints as a picture of
that drawing: this module serves the built HTML on loopback, opens each page that embeds widget
views in headless Chromium (Playwright, Debian's ``/usr/bin/chromium``; ``playwright install`` is
never run), waits until every explorer is drawn and shows its numbers, hides what means nothing on
paper (buttons, focus rings, the text caret) and takes an element screenshot of each explorer::

    OUT_DIR/<page stem>/<model_id>.png        light theme, device scale factor 2
    OUT_DIR/index.json                        {model_id: {"page", "png", "title", "width_px",
                                               "height_px", "css_width", "css_height"}}

``width_px``/``height_px`` are the PNG's pixels; ``css_width``/``css_height`` the explorer's size
on the page (CSS px; the PNG is twice that).  The pages are opened 1000 CSS px wide: the article
column is then 800 px and an explorer 736 px, the layout a desktop reader sees (at 1280 px, with
the navigation sidebar, it is 688 px).

How a picture is tied to its model: the widget manager (``@jupyter-widgets/html-manager``,
``libembed.renderManager``) inserts each view into a new ``div.widget-subarea`` placed right
before the view's ``<script type="application/vnd.jupyter.widget-view+json">`` tag, whose JSON
names the model.  So the explorer of model M is the ``.lb-explorer`` inside the previous sibling
of M's script tag; the title it shows must equal ``_title`` of M in the page's saved widget state
(checked for every picture), and every view whose saved model is not a Question must give one.
Questions (``lossbook.widgets.question.Question``, drawn as ``.lb-question``) are not pictured:
the print edition prints them as text.

The machinery (book server, CDN assets from the npm registry, Chromium flags, ``settle_page``) is
the browser tests' own: ``tests/browser/browser_support.py``.

    python _ext/print_explorers.py HTML_DIR OUT_DIR [--page chapters/03_svm_loss ...]

Anything wrong -- Chromium missing, an explorer that does not draw in time, a view without a
picture, a title that does not match, content cut off -- raises :class:`RuntimeError` naming the
page and the model id (the CLI exits non-zero with that message).
"""
from __future__ import annotations

import argparse
import json
import re
import struct
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_BROWSER_TESTS = ROOT / "tests" / "browser"
if str(_BROWSER_TESTS) not in sys.path:
    sys.path.insert(0, str(_BROWSER_TESTS))

from browser_support import (CHROMIUM_ARGS, BookServer, CdnAssets, PageLog,  # noqa: E402
                             chromium_path, make_cdn_router, settle_page, theme_init_script)
from lossbook_browser import wait_for_explorers  # noqa: E402

VIEWPORT = {"width": 1000, "height": 900}
SCALE = 2
DRAW_TIMEOUT_MS = 60_000
QUESTION_ID = "lossbook.widgets.question.Question"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_VIEW_SCRIPT = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)'
                          r"</script>", re.S)
_STATE_SCRIPT = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)'
                           r"</script>", re.S)

#: what means nothing on paper: buttons (and a button row left empty), focus rings, the caret
PRINT_CSS = """
.lb-explorer button, .lb-explorer .lb-button { display: none !important; }
.lb-explorer .lb-actions:not(:has(> :not(button, .lb-button))) { display: none !important; }
.lb-explorer *, .lb-explorer *:focus, .lb-explorer *:focus-visible {
  outline: none !important; caret-color: transparent !important; }
.lb-explorer input:focus, .lb-explorer select:focus { box-shadow: none !important; }
"""

# Per widget-view script tag, in page order: its model id and what the manager drew before it.
_VIEWS_JS = """() => [...document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]')].map(s => {
  let id = null;
  try { id = JSON.parse(s.textContent).model_id; } catch (e) {}
  const sub = s.previousElementSibling;
  const area = sub && sub.classList.contains('widget-subarea') ? sub : null;
  const ex = area ? area.querySelectorAll('.lb-explorer') : [];
  const e = ex.length === 1 ? ex[0] : null;
  const values = e ? [...e.querySelectorAll('.lossbook-value')] : [];
  const heading = e && e.querySelector(':scope > .lb-heading');
  return {
    model_id: id,
    area: !!area,
    drawn: !!(area && area.childElementCount),
    explorers: ex.length,
    question: !!(area && area.querySelector('.lb-question')),
    values: values.length,
    empty_values: values.filter(v => !v.textContent.trim()).length,
    updates: e ? Number(e.dataset.updates || 0) : 0,
    title: heading ? heading.textContent.replace(/\\s+/g, ' ').trim()
                   : (e ? (e.getAttribute('aria-label') || '') : ''),
  };
})"""

_READY_JS = """(ids) => {
  const scripts = [...document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]')];
  return ids.every(id => {
    const s = scripts.find(t => { try { return JSON.parse(t.textContent).model_id === id; }
                                  catch (e) { return false; } });
    const area = s && s.previousElementSibling;
    if (!area || !area.classList.contains('widget-subarea')) return false;
    // drawn as a Question: done (no picture; the caller says so, without waiting for more)
    if (area.querySelector('.lb-question')) return true;
    const e = area.querySelector('.lb-explorer');
    if (!e || !Number(e.dataset.updates || 0)) return false;
    const values = [...e.querySelectorAll('.lossbook-value')];
    return values.length > 0 && values.every(v => v.textContent.trim());
  });
}"""

# Content of the explorer wider than its box (cut off or scrolling sideways in the picture).
_CUT_JS = """(e) => {
  const out = [];
  for (const x of [e, ...e.querySelectorAll('*')]) {
    if (!x.getClientRects().length) continue;
    const style = getComputedStyle(x);
    if (style.display === 'inline' || x instanceof SVGElement) continue;
    if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)
        && x.scrollWidth > x.clientWidth + 1)
      out.push(`${x.tagName.toLowerCase()}.${[...x.classList].join('.')}: `
               + `${x.scrollWidth} px of content in ${x.clientWidth} px`);
  }
  const r = e.getBoundingClientRect();
  // HTML boxes and SVG text (SVG shapes are clipped to their plot by clip paths)
  for (const x of e.querySelectorAll('*')) {
    if (x instanceof SVGElement && !(x instanceof SVGTextElement || x instanceof SVGSVGElement))
      continue;
    const q = x.getBoundingClientRect();
    if (!q.width || getComputedStyle(x).visibility === 'hidden') continue;
    if (q.right > r.right + 1 || q.left < r.left - 1)
      out.push(`${x.tagName.toLowerCase()}.${[...x.classList].join('.')} sticks out `
               + `of the explorer (${Math.round(q.left - r.left)}..${Math.round(q.right - r.left)}`
               + ` of ${Math.round(r.width)} px)`);
  }
  return out.slice(0, 5);
}"""


def _stem(page: str) -> str:
    return page.rsplit("/", 1)[-1]


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise RuntimeError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def widget_pages(html_dir: Path) -> list[str]:
    """Every page of the built book (path without ``.html``) that embeds a widget view; not those
    of another edition built inside it (``ko/``: a folder with a search index of its own)."""
    found = []
    for html in sorted(html_dir.rglob("*.html")):
        rel = html.relative_to(html_dir)
        if rel.parts[0].startswith(("_", ".")):
            continue
        if len(rel.parts) > 1 and (html_dir / rel.parts[0] / "searchindex.js").is_file():
            continue
        if f'type="{WIDGET_VIEW}"' in html.read_text(encoding="utf8", errors="replace"):
            found.append(rel.with_suffix("").as_posix())
    return found


def page_widgets(html_file: Path) -> tuple[list[str], dict]:
    """The page's widget views (model ids, in page order) and its saved widget state."""
    text = html_file.read_text(encoding="utf8")
    views = [json.loads(m)["model_id"] for m in _VIEW_SCRIPT.findall(text)]
    state = {}
    for m in _STATE_SCRIPT.findall(text):
        state.update(json.loads(m).get("state", {}))
    return views, state


def is_question(model: dict) -> bool:
    return model.get("state", {}).get("_anywidget_id", "") == QUESTION_ID


def capture(html_dir: Path, out_dir: Path, pages: list[str] | None = None, log=print, *,
            timeout_ms: int = DRAW_TIMEOUT_MS, viewport: dict | None = None) -> dict:
    """Take a picture of every explorer on ``pages`` (default: every page with a widget view);
    write them and ``index.json`` to ``out_dir``; return the index."""
    started = time.monotonic()
    html_dir, out_dir = Path(html_dir).resolve(), Path(out_dir).resolve()
    if not (html_dir / "index.html").is_file():
        raise RuntimeError(f"{html_dir} is not a built book (no index.html): run "
                           "`jupyter-book build .` first")
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("Chromium not found: the explorers' pictures are taken with Debian's "
                           "/usr/bin/chromium (apt-get install chromium; or set LOSSBOOK_CHROMIUM)")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise RuntimeError("the playwright Python package is not installed "
                           "(pip install -r requirements.txt)") from exc
    if pages is None:
        pages = widget_pages(html_dir)
    pages = [re.sub(r"\.(html|ipynb|md)$", "", p).strip("/") for p in pages]
    for page_name in pages:
        if not (html_dir / f"{page_name}.html").is_file():
            raise RuntimeError(f"{page_name}: no such page in {html_dir}")

    assets = CdnAssets()  # MathJax, require.js, the widget manager: npm's copies
    for page_name in pages:
        text = (html_dir / f"{page_name}.html").read_text(encoding="utf8")
        for version in set(re.findall(r"@jupyter-widgets/html-manager@([\d.]+)/dist/", text)):
            assets.package("@jupyter-widgets/html-manager", version)
    router = make_cdn_router(assets)
    out_dir.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict] = {}
    server = BookServer(html_dir, pages)
    try:
        with sync_playwright() as pw, \
                tempfile.TemporaryDirectory(prefix="lossbook-print-chromium-") as profile:
            try:
                context = pw.chromium.launch_persistent_context(
                    profile, executable_path=exe, headless=True, args=CHROMIUM_ARGS,
                    viewport=viewport or VIEWPORT, device_scale_factor=SCALE,
                    color_scheme="light", reduced_motion="reduce")
            except PlaywrightError as exc:
                raise RuntimeError(f"Chromium at {exe} did not start: {exc}") from exc
            try:
                context.set_default_timeout(30_000)
                # the theme reads its mode from localStorage before it paints; at that moment the
                # page has no <html> element yet, so theme_init_script's ``dataset`` lines throw:
                # guarded here (the mode is checked on every page once it has loaded)
                context.add_init_script("try {" + theme_init_script("light") + "} catch (e) {}")
                for page_name in pages:
                    t0 = time.monotonic()
                    shots = _capture_page(context, router, server, html_dir, out_dir,
                                          page_name, timeout_ms)
                    index.update(shots)
                    log(f"{page_name}: {len(shots)} explorer picture(s) "
                        f"in {time.monotonic() - t0:.1f} s")
            finally:
                context.close()
    finally:
        server.close()
    (out_dir / "index.json").write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf8")
    log(f"{len(index)} explorer picture(s) from {len(pages)} page(s) in "
        f"{time.monotonic() - started:.1f} s -> {out_dir / 'index.json'}")
    return index


def _capture_page(context, router, server, html_dir: Path, out_dir: Path, page_name: str,
                  timeout_ms: int) -> dict:
    views, state = page_widgets(html_dir / f"{page_name}.html")
    if not views:
        raise RuntimeError(f"{page_name}: the page embeds no widget view")
    missing = [m for m in views if m not in state]
    if missing:
        raise RuntimeError(f"{page_name}: widget view(s) {missing} have no saved state")
    wanted = [m for m in views if not is_question(state[m])]
    page = context.new_page()
    page.log = PageLog().attach(page)
    page.route("**/*", router)
    try:
        page.goto(server.url(page_name), wait_until="load")
        try:
            page.wait_for_function(_READY_JS, arg=wanted, timeout=timeout_ms, polling=100)
            wait_for_explorers(page, timeout_ms=timeout_ms)
            settle_page(page, timeout_ms=timeout_ms)
            page.evaluate("() => document.fonts.ready.then(() => true)")
        except Exception as exc:  # a timeout: say which views did not draw
            shown = {v["model_id"]: v for v in page.evaluate(_VIEWS_JS)}
            late = [f"{m} ({state[m]['state'].get('_title', '?')!r}: "
                    + ("not drawn" if not shown.get(m, {}).get("drawn")
                       else "no explorer" if not shown[m]["explorers"]
                       else "no numbers yet") + ")"
                    for m in wanted if not _ready(shown.get(m))]
            raise RuntimeError(
                f"{page_name}: explorer(s) not drawn within {timeout_ms / 1000:.0f} s: "
                f"{', '.join(late) or '(all explorers drawn; the page did not settle)'}"
                f"; the page reported: {page.log.problems()[:5]}; {exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else ''}") from exc
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        if theme != "light":
            raise RuntimeError(f"{page_name}: the page opened in the {theme!r} theme, not light")
        if page.log.page_errors:
            raise RuntimeError(f"{page_name}: the page raised errors while drawing: "
                               f"{page.log.page_errors[:5]}")
        page.add_style_tag(content=PRINT_CSS)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.mouse.move(0, 0)
        page.wait_for_timeout(100)

        shown = page.evaluate(_VIEWS_JS)
        by_id = {v["model_id"]: (i, v) for i, v in enumerate(shown)}
        if [v["model_id"] for v in shown] != views:
            raise RuntimeError(f"{page_name}: the page shows views {[v['model_id'] for v in shown]}"
                               f", the built HTML holds {views}")
        folder = out_dir / _stem(page_name)
        folder.mkdir(parents=True, exist_ok=True)
        shots = {}
        for model_id in views:
            i, view = by_id[model_id]
            model = state[model_id]["state"]
            if is_question(state[model_id]):
                if view["explorers"] or not view["question"]:
                    raise RuntimeError(f"{page_name}: view {model_id} is a Question in the saved "
                                       f"state but is not drawn as one ({view})")
                continue
            if view["explorers"] != 1:
                raise RuntimeError(f"{page_name}: widget view {model_id} "
                                   f"({model.get('_title', '?')!r}) has no picture: it drew "
                                   f"{view['explorers']} explorers ({view})")
            expected = " ".join(str(model.get("_title", "")).split())
            if view["title"] != expected:
                raise RuntimeError(f"{page_name}: view {model_id} shows the title "
                                   f"{view['title']!r}, its saved state says {expected!r}")
            explorer = page.locator("script[type='application/vnd.jupyter.widget-view+json']") \
                .nth(i).locator("xpath=preceding-sibling::*[1]").locator(".lb-explorer")
            explorer.scroll_into_view_if_needed()
            cut = explorer.evaluate(_CUT_JS)
            if cut:
                raise RuntimeError(f"{page_name}: explorer {model_id} ({expected!r}) is cut off "
                                   f"at {page.viewport_size['width']} px: {cut}")
            box = explorer.bounding_box()
            png = folder / f"{model_id}.png"
            explorer.screenshot(path=str(png), animations="disabled", caret="hide",
                                scale="device")
            w, h = _png_size(png)
            if w < 50 or h < 50:
                raise RuntimeError(f"{page_name}: the picture of {model_id} is {w}x{h} px")
            shots[model_id] = {"page": page_name, "png": f"{_stem(page_name)}/{model_id}.png",
                               "title": view["title"], "width_px": w, "height_px": h,
                               "css_width": round(box["width"], 1),
                               "css_height": round(box["height"], 1)}
        for old in folder.glob("*.png"):  # pictures of models this page no longer holds
            if old.stem not in shots:
                old.unlink()
        return shots
    finally:
        page.close()


def _ready(view: dict | None) -> bool:
    return bool(view and view["explorers"] == 1 and view["updates"] and view["values"]
                and not view["empty_values"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Take a picture of every explorer of the built book (for the print edition).")
    parser.add_argument("html_dir", type=Path, help="the built book's HTML (…/_build/html)")
    parser.add_argument("out_dir", type=Path, help="where the PNGs and index.json go")
    parser.add_argument("--page", action="append", dest="pages", metavar="PAGE",
                        help="only this page (e.g. chapters/03_svm_loss); repeatable")
    parser.add_argument("--timeout", type=float, default=DRAW_TIMEOUT_MS / 1000,
                        help="seconds an explorer may take to draw (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        capture(args.html_dir, args.out_dir, args.pages, timeout_ms=int(args.timeout * 1000))
    except RuntimeError as exc:
        print(f"print_explorers: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
