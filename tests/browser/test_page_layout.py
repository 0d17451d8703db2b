"""Every page of ``_toc.yml`` read as a student reads it (issue 13), in headless Chromium.

At 1280 px and at 390 px (a phone), on a fresh build with MathJax typeset, every explorer drawn
and every folded solution or cell opened (``<details>``):

- at 1280 px nothing in the text column is cut off or scrolls sideways: no code block, printed
  output, display formula or table is wider than its box (each is reported with its longest line,
  the TeX source for a formula);
- at both widths the page itself is no wider than the window;
- every image of the content has a text alternative that says something (five words or more, not
  a file name); no image is shown larger than its pixels unless it is drawn pixelated on purpose;
  at 1280 px no image is shrunk below 80 % of its width (its text would become too small);
- no text meant for maintainers shows ("NBVAL", "pytest", "the tests check");
- axe-core (the accessibility rules engine) finds no serious or critical violation inside the
  content, in light mode and in dark mode, once the explorers are drawn; and the explorers' text,
  SVG text included (which axe leaves unchecked), has a contrast of 4.5:1 at least.
"""
from __future__ import annotations

import re

import pytest

from browser_support import (AXE_CORE_VERSION, CONTENT, alt_problem, cut_blocks, images,
                             low_contrast_texts, open_all_details, page_width, run_axe,
                             settle_page, theme_init_script, toc_pages, visible_text)

# the English pages, and the same pages of the Korean edition (``ko/``, _ext/lossbook_i18n.py)
PAGES = toc_pages() + [f"ko/{page}" for page in toc_pages()]
WIDTHS = (1280, 390)
HEIGHT = 900

#: an image may be shown down to this fraction of its own width at 1280 px
MIN_SCALE = 0.8

#: text for maintainers that readers must never see
MAINTAINER_TEXT = re.compile(r"NBVAL|nbval|pytest|the tests check", re.I)

#: what axe reports that the book cannot fix, by rule and by the element it is found on.  Nothing
#: else is excluded.
AXE_EXCLUDED = {
    # The reference list is written by docutils' HTML writer (sphinxcontrib-bibtex's
    # bibliography): <div role="list" class="citation-list"> around <div role="doc-biblioentry">
    # entries.  DPUB-ARIA 1.1 deprecated doc-biblioentry (it was a listitem), so axe no longer
    # counts the entries as list items and reports the links inside them as children a list may
    # not have.  The markup comes from docutils, not from the book.
    ("aria-required-children", ".citation-list"),
}

SERIOUS = ("serious", "critical")


def open_page(new_page, book, name, width, mode=None):
    page = new_page()
    if mode is not None:
        page.add_init_script(theme_init_script(mode))
    page.set_viewport_size({"width": width, "height": HEIGHT})
    response = page.goto(book.url(name), wait_until="load")
    assert response is not None and response.status == 200, f"{name}: {response}"
    settle_page(page)
    # what a folded solution or cell shows must read as well once the reader opens it
    open_all_details(page)
    return page


def layout_problems(page, width: int) -> list[str]:
    """What a reader at ``width`` px cannot read on the open page, one line per problem."""
    problems = []
    if width >= 1280:
        for block in cut_blocks(page):
            where = block["where"] or "the page"
            problems.append(f"cut off by {block['over']} px (box {block['width']} px): "
                            f"{block['what']} in {where}: {block['line']!r}")
    wide = page_width(page)
    if wide > width:
        problems.append(f"the page is {wide} px wide in a {width}-px window")
    for img in images(page):
        name = img["src"].rsplit("/", 1)[-1][:60] or "(no src)"
        why = alt_problem(img["alt"])
        if why:
            problems.append(f"image {name}: {why}")
        if not img["visible"] or not img["natural"][0]:
            continue
        shown, natural = img["shown"][0], img["natural"][0]
        if shown > natural + 1 and not img["pixelated"]:
            problems.append(f"image {name}: shown {shown:.0f} px wide, larger than its "
                            f"{natural} px (blurred)")
        if width >= 1280 and shown < MIN_SCALE * natural - 1:
            problems.append(f"image {name}: shrunk to {shown:.0f} px of its {natural} px "
                            f"({shown / natural:.0%} < {MIN_SCALE:.0%}): its text gets too small")
    found = sorted(set(MAINTAINER_TEXT.findall(visible_text(page))))
    if found:
        problems.append(f"text for maintainers visible: {found}")
    return problems


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("name", PAGES)
def test_page_reads_at_width(name, width, new_page, built_book, cdn_assets):
    page = open_page(new_page, built_book, name, width)
    problems = layout_problems(page, width)
    assert not problems, f"{name}.html at {width} px:\n  " + "\n  ".join(problems)


def excluded(rule: str, target: str) -> bool:
    return any(rule == r and selector in target for r, selector in AXE_EXCLUDED)


@pytest.mark.parametrize("mode", ("light", "dark"))
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(name, mode, new_page, built_book, axe_core):
    page = open_page(new_page, built_book, name, 1280, mode)
    assert page.evaluate("() => document.documentElement.dataset.theme") == mode
    problems = []
    for rule in run_axe(page, axe_core, CONTENT):
        nodes = [n for n in rule["nodes"]
                 if (n["impact"] or rule["impact"]) in SERIOUS
                 and not excluded(rule["id"], n["target"])]
        for node in nodes:
            summary = " ".join((node["summary"] or "").split())
            problems.append(f"{rule['id']} ({node['impact'] or rule['impact']}): {rule['help']}"
                            f"\n      at {node['target']}: {node['html'][:140]}"
                            f"\n      {summary[:300]}")
    # axe leaves the explorers' SVG text (ticks, labels, values on marks) unchecked: measured here
    for text in low_contrast_texts(page):
        problems.append(f"text contrast {text['ratio']}:1 (too low) of {text['text']!r} "
                        f"({text['what']}): rgb({text['color']}) on rgb({text['background']})")
    assert not problems, (f"{name}.html in {mode} mode (axe-core {AXE_CORE_VERSION}):\n  "
                          + "\n  ".join(problems))
