"""What every page must be for a reader, checked in the sources (fast; the rendered pages are
checked in Chromium by ``tests/browser/test_page_layout.py``):

- code lines short enough for the text column at 1280 px (code cells and fenced code alike);
- every figure a notebook shows carries alt text saying what it shows (MyST-NB reads it from
  the cell's ``mystnb.image.alt`` metadata);
- no text meant for the maintainers (test markup, "the tests check ...") in what readers read.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import install_cell

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = install_cell.toc_notebooks()
MD_PAGES = sorted((ROOT / "chapters").glob("*.md")) + [ROOT / "intro.md"]

#: a code block of the column at 1280 px shows 77 characters of the theme's monospace font
#: (measured in Chromium: 8.3 px a character, 684 px less padding); 76 keeps a character spare
#: (the browser test, tests/browser/test_page_layout.py, measures the rendered blocks)
MAX_CODE_LINE = 76

MAINTAINER_TEXT = re.compile(
    r"NBVAL|\bnbval\b|\bpytest\b|\btests?/|[Tt]he (unit )?tests? (check|prove|verif|compare)"
    r"|\bCI\b|[Aa]dd an entry to|cite it from any page")


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def fenced_code(markdown: str) -> list[str]:
    return [t.content for t in MarkdownIt("commonmark").parse(markdown)
            if t.type in ("fence", "code_block") and not t.info.startswith("{")]


def code_blocks(path: Path) -> list[tuple[str, str]]:
    """(where, code) for every code cell and fenced code block of a page."""
    if path.suffix == ".md":
        return [(f"fence {k}", c) for k, c in enumerate(fenced_code(path.read_text("utf-8")))]
    blocks = []
    for i, cell in enumerate(cells(path)):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            blocks.append((f"cell {i} ({cell.get('id')})", source))
        elif cell["cell_type"] == "markdown":
            blocks += [(f"cell {i} fence", c) for c in fenced_code(source)]
    return blocks


def reader_text(path: Path) -> list[tuple[str, str]]:
    """(where, text) for what a reader reads: markdown, code comments and printed outputs."""
    if path.suffix == ".md":
        return [("page", path.read_text("utf-8"))]
    texts = []
    for i, cell in enumerate(cells(path)):
        where = f"cell {i} ({cell.get('id')})"
        texts.append((where, "".join(cell["source"])))
        for out in cell.get("outputs", []):
            texts.append((where + " output", "".join(out.get("text", "")) + "".join(
                out.get("data", {}).get("text/plain", ""))))
    return texts


PAGES = NOTEBOOKS + MD_PAGES


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_code_lines_fit_the_column(path):
    long = [f"{where}: {len(line)} chars: {line.strip()[:60]}..."
            for where, code in code_blocks(path) for line in code.splitlines()
            if len(line) > MAX_CODE_LINE]
    assert not long, f"{path.name}: lines over {MAX_CODE_LINE} characters:\n  " + "\n  ".join(long)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_alt_text(path):
    missing = []
    for i, cell in enumerate(cells(path)):
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if not images:
            continue
        alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
        words = alt.split()
        if len(words) < 5 or re.search(r"[/\\]|\.(png|jpe?g|svg)\b", alt):
            missing.append(f"cell {i} ({cell.get('id')}): {len(images)} image(s), alt {alt!r}")
    assert not missing, (f"{path.name}: figures without a real alt text (cell metadata "
                         f"mystnb.image.alt, five words or more):\n  " + "\n  ".join(missing))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_maintainer_text(path):
    found = [f"{where}: ...{m.string[max(0, m.start() - 30):m.end() + 30]!r}..."
             for where, text in reader_text(path)
             for m in MAINTAINER_TEXT.finditer(text)]
    assert not found, f"{path.name}: text meant for maintainers, shown to readers:\n  " + \
        "\n  ".join(found)
