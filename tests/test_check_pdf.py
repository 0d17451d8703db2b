"""Each check of ``_ext/check_pdf.py`` (the print edition's CI checks) can fail, and names the problem.

Fast: the checks take text, so fake logs and fake ``pdftotext`` pages are fed directly.  The PDF-level
tests skip without poppler-utils; one builds a real one-page A4 PDF with xelatex when TeX is present.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("check_pdf", ROOT / "_ext" / "check_pdf.py")
cp = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("check_pdf", cp)  # dataclasses look their module up
_spec.loader.exec_module(cp)

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="poppler-utils (pdftotext, pdfinfo) not installed",
)
needs_xelatex = pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex not installed")


def _wrap(line: str, width: int = 79) -> str:
    """A log line hard-wrapped the way TeX writes it."""
    return "\n".join(line[i : i + width] for i in range(0, len(line), width))


GOOD_LOG = "This is XeTeX\n[1] [2]\nOutput written on lossbook.pdf (2 pages).\n"


# ---------------------------------------------------------------------------- the log
def test_clean_log_has_no_problems():
    problems, notes = cp.check_log(GOOD_LOG)
    assert problems == []
    assert any("2 pages" in n for n in notes)


def test_log_error_is_reported_with_input_line_and_section():
    log = (
        "[1] [2]\n! Package amsmath Error: \\tag not allowed here.\n\nSee the amsmath package documentation.\n"
        "l.40 \\end{split}\n\n! Emergency stop.\nl.40 \\end{split}\nOutput written on lossbook.pdf (2 pages).\n"
    )
    tex = "\n".join(
        ["x"] * 10
        + ["\\chapter{Regression losses}"]
        + ["y"] * 10
        + ["\\section{The L1 loss}"]
        + ["z"] * 30
    )
    problems, _ = cp.check_log(log, tex)
    text = "\n".join(problems)
    assert "2 LaTeX error(s)" in text
    assert "\\tag not allowed here" in text
    assert "lossbook.tex line 40" in text
    assert "Regression losses > The L1 loss" in text
    assert "stopped early" in text


def test_log_without_output_line_means_the_run_stopped():
    problems, _ = cp.check_log("This is XeTeX\n[1] [2] [3]\n")
    assert any("stopped early" in p and "page 3" in p for p in problems)


def test_missing_characters_are_named_and_counted():
    line = "Missing character: There is no \u1d62 (U+1D62) in font [FreeMono.otf]/OT:script=latn;language=dflt;!"
    hangul = "Missing character: There is no \uc6a9 (U+C6A9) in font [lmroman10-regular]:mapping=tex-text;!"
    log = "\n".join([_wrap(line), _wrap(line), _wrap(hangul), GOOD_LOG])
    problems, _ = cp.check_log(log)
    (msg,) = [p for p in problems if "missing glyph" in p]
    assert "3 missing glyph(s), 2 distinct" in msg
    assert "\u1d62 (U+1D62, LATIN SUBSCRIPT SMALL LETTER I): 2 time(s), font FreeMono.otf" in msg
    assert "\uc6a9 (U+C6A9" in msg


def test_undefined_references_and_citations_even_when_wrapped():
    lines = [
        "LaTeX Warning: Hyper reference `chapters/errata::doc' on page 1 undefined on input line 195.",
        "LaTeX Warning: Reference `fig:loss' on page 7 undefined on input line 300.",
        "LaTeX Warning: Citation `bishop2006' on page 9 undefined on input line 420.",
    ]
    log = "\n".join(_wrap(l) for l in lines) + "\n" + GOOD_LOG
    problems, _ = cp.check_log(log)
    (msg,) = [p for p in problems if "undefined" in p]
    assert "3 undefined" in msg
    assert "hyper reference 'chapters/errata::doc': page 1" in msg
    assert "reference 'fig:loss': page 7" in msg
    assert "citation 'bishop2006': page 9" in msg


def test_overfull_box_over_threshold_is_a_problem_smaller_a_note():
    log = (
        "[1] [2]\n"
        "Overfull \\hbox (37.0234pt too wide) in paragraph at lines 9315--9315\n"
        "[]\\TU/FreeMono.otf(0)/m/n/8 loss_and_grad(.\n\n"
        "[3]\n"
        "Overfull \\hbox (9.5pt too wide) in paragraph at lines 10--12\n[]\\TU/lmr/m/n/10 shape|\n\n"
        "Overfull \\hbox (0.5pt too wide) detected at line 30\n[]\n\n"
        "[4]\nOutput written on lossbook.pdf (4 pages).\n"
    )
    problems, notes = cp.check_log(log, threshold=20)
    (msg,) = [p for p in problems if "overfull" in p]
    assert "1 overfull box(es) over 20pt" in msg
    assert "37.0234pt on printed page 3" in msg and "loss_and_grad(." in msg
    assert "\\TU/" not in msg
    assert any("9.5pt on printed page 4" in n for n in notes)
    assert any("1 overfull box(es) under 3pt" in n for n in notes)
    # with a higher threshold it is no longer a problem
    problems, _ = cp.check_log(log, threshold=40)
    assert not [p for p in problems if "overfull" in p]


def test_unwrap_log_joins_79_character_lines_only():
    long = "LaTeX Warning: Reference `a' on page 2 undefined on input line 12345678901234567890."
    assert cp.unwrap_log(_wrap(long) + "\nshort\n") == [long, "short"]


# ---------------------------------------------------------------------------- paper
def test_paper_size():
    assert cp.check_paper((595.28, 841.89)) == []
    (msg,) = cp.check_paper((612.0, 792.0))
    assert "not A4" in msg and "612" in msg
    assert cp.check_paper(None)
    assert cp.parse_page_size({"Page size": "595.28 x 841.89 pts (A4)"}) == ((595.28, 841.89), "A4")


# ---------------------------------------------------------------------------- titles
PAGES = [
    "Loss functions, from the semantic\n   gap to regularization\n",
    "                CHAPTER\n\n                 ONE\n\n     THE IMAGE CLASSIFICATION PROB-\n     LEM\n\nText.\n",
    "           CHAPTER\n\n  TWO\n\n  THE LINEAR CLASSIFIER\n\nText.\n",
    "A page of prose.\nWe \ufb01nd \ufb02at weights.\n",
]


def test_titles_found_across_breaks_hyphens_case_and_ligatures():
    titles = [
        ("intro", "Loss functions, from the semantic gap to regularization"),
        ("chapters/01", "The image classification problem"),
        ("chapters/02", "The linear classifier"),
        ("x", "We find flat weights"),
    ]
    problems, notes = cp.check_titles(PAGES, titles)
    assert problems == []
    assert "'The image classification problem': page 2\n" in notes[0]
    assert "'We find flat weights': page 4 (not as the heading" in notes[0]


def test_missing_title_is_a_problem():
    problems, _ = cp.check_titles(
        PAGES, [("chapters/03_svm_loss", "The multiclass SVM loss"), ("chapters/glossary", None)]
    )
    assert any("chapters/03_svm_loss" in p and "not found" in p for p in problems)
    assert any("chapters/glossary" in p and "no '# ' title" in p for p in problems)


def test_title_printed_without_its_korean_glyphs():
    problems, _ = cp.check_titles(
        ["CHAPTER\nELEVEN\nGLOSSARY ()\n"], [("chapters/glossary", "Glossary (용어집)")]
    )
    assert len(problems) == 1 and "without '용어집'" in problems[0]


def test_toc_entries_and_doc_titles(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        'format: jb-book\nroot: intro\nparts:\n  - caption: "I. Part one"\n    chapters:\n'
        "      - file: chapters/a\n      - file: chapters/b\n"
    )
    (tmp_path / "intro.md").write_text("---\ntitle: x\n---\n# The *book* title\n\ntext\n")
    (tmp_path / "chapters").mkdir()
    nb = {
        "cells": [
            {"cell_type": "code", "source": ["# not a title\n"]},
            {"cell_type": "markdown", "source": ["# Chapter `A`\n", "\n", "## sub\n"]},
        ]
    }
    (tmp_path / "chapters" / "a.ipynb").write_text(json.dumps(nb))
    (tmp_path / "chapters" / "b.md").write_text("no heading\n")
    assert cp.toc_entries(tmp_path) == [
        (None, "intro", "The book title"),
        ("I. Part one", "chapters/a", "Chapter A"),
        ("I. Part one", "chapters/b", None),
    ]


def test_the_real_toc_has_a_title_for_every_page():
    entries = cp.toc_entries(ROOT)
    assert len(entries) > 1
    assert all(title for _, _, title in entries), entries


# ---------------------------------------------------------------------------- markup
LEAKS = {
    "VBox(": "     VBox(children=(IntSlider(value=3), Output()))",
    "HBox(": "HBox(children=(FloatSlider(value=1.0),))",
    "Explorer(": "     SvmExplorer(scores=[[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [..., margin=1.0,",
    "Question(": "     Question('How many numbers make up one 32 × 32 colour image?', answer=3072)",
    "NBVAL": "# NBVAL_IGNORE_OUTPUT",
    "nbval-": "tags: nbval-ignore-output",
    "IPY_MODEL_": "{'model_id': 'IPY_MODEL_4f2a'}",
    "application/vnd.jupyter": "application/vnd.jupyter.widget-view+json",
    "cell tag": "tags: [hide-input]",
    "HTML tag": "<details><summary>Answer</summary>",
    "raw TeX environment": "\\begin{aligned} a &= b \\end{aligned}",
    "raw TeX macro": "L = \\frac{1}{N} \\sum_i L_i + \\lambda R(W)",
    "raw TeX $$": "$$ L = 1 $$",
    "raw TeX $...$ math": "the loss $L_{i}$ of example i",
    "<Figure size": "<Figure size 640x480 with 1 Axes>",
    "MyST role": "see {term}`hinge loss`",
}


@pytest.mark.parametrize("name", list(LEAKS))
def test_each_kind_of_markup_is_found_with_its_page(name):
    pages = ["clean first page\n", "prose\n" + LEAKS[name] + "\nmore prose\n"]
    problems = cp.check_markup(pages)
    assert problems, name
    assert all("page(s) 2" in p for p in problems), problems
    assert all("p. 2:" in p for p in problems)


def test_html_div_and_closing_tags():
    problems = cp.check_markup(['<div class="cell">\n', "text </div>\n"])
    (msg,) = problems
    assert "HTML tag" in msg and "page(s) 1, 2" in msg


def test_printed_python_code_is_not_markup():
    code = "\n".join(
        [
            " explorer = SvmExplorer()",
            ' explorer = ChallengeExplorer(cat, challenge="viewpoint",',
            " lb.widgets.Question(",
            ' print("\\n".join(lines))',
            ' print("W =\\n", W_demo, "\\nb =", b_demo)',
            ' print(f"\\nL = ({losses[0]:.2f} + {losses[1]:.3f})")',
            ' print(f"\\nmean: SVM {svm.mean():g}")',
            " A chapter can also run as an app: voila chapters/<chapter>.ipynb.",
            " The price is $5, and the other is $6.",
            " total = a$b",
        ]
    )
    assert cp.check_markup([code]) == []


def test_hits_read_by_both_extractions_are_counted_once():
    layout = ["\n\n   prose    NBVAL_SKIP here\n"]
    plain = ["prose NBVAL_SKIP here\n"]
    (msg,) = cp.check_markup(layout, plain)
    assert "1 hit(s)" in msg


# ---------------------------------------------------------------------------- parts, pages
def test_split_pages_and_part_pages():
    text = "title\fPart I\n\nI. One\n\fch 1\fch 1 more\fPart II\nII. Two\fch 2\f"
    pages = cp.split_pages(text)
    assert len(pages) == 6
    assert cp.part_pages(pages, ["I. One", "II. Two"]) == {
        "(front matter)": 1,
        "I. One": 3,
        "II. Two": 2,
    }


def test_missing_and_empty_pdf(tmp_path):
    rep = cp.check(tmp_path, ROOT)
    assert any("missing" in p for p in rep.problems)
    assert any("no LaTeX log" in p for p in rep.problems)
    (tmp_path / cp.PDF_NAME).write_bytes(b"")
    rep = cp.check(tmp_path, ROOT)
    assert any("empty" in p for p in rep.problems)
    assert "pages: 0" in rep.format()


@needs_poppler
def test_corrupt_pdf(tmp_path):
    (tmp_path / cp.PDF_NAME).write_bytes(b"%PDF-1.5\nnot really\n")
    (tmp_path / cp.LOG_NAME).write_text(GOOD_LOG)
    rep = cp.check(tmp_path, ROOT)
    assert any("pdfinfo cannot read" in p for p in rep.problems)


# ---------------------------------------------------------------------------- a real PDF
TINY = r"""\documentclass{article}
\usepackage[%s]{geometry}
\begin{document}
\section*{The linear classifier}
Some text, then leaked output: VBox(children=(IntSlider(value=3),))
\end{document}
"""


def _xelatex(tmp_path: Path, paper: str) -> Path:
    d = tmp_path / paper
    d.mkdir()
    (d / "lossbook.tex").write_text(TINY % paper)
    subprocess.run(
        ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "lossbook.tex"],
        cwd=d,
        capture_output=True,
        timeout=120,
        check=True,
    )
    return d


@needs_poppler
@needs_xelatex
def test_real_one_page_pdf(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: ch\n")
    (book / "intro.md").write_text("# The linear classifier\n")
    (book / "ch.md").write_text("# The multiclass SVM loss\n")

    rep = cp.check(_xelatex(tmp_path, "a4paper"), book)
    assert rep.pages == 1
    assert rep.size is not None and abs(rep.size[0] - 595.28) < 1 and abs(rep.size[1] - 841.89) < 1
    assert rep.file_size > 0
    text = "\n".join(rep.problems)
    assert "not A4" not in text
    assert "'The multiclass SVM loss' not found" in text
    assert "VBox(" in text and "page(s) 1" in text
    assert "The linear classifier" not in text  # found

    rep = cp.check(_xelatex(tmp_path, "letterpaper"), book)
    assert any("not A4" in p for p in rep.problems)
