"""Checks CI runs on the print edition (``jupyter-book build . --builder pdflatex``).

Usage::

    python _ext/check_pdf.py [LATEX_DIR] [--root ROOT] [--overfull-pt 20]

``LATEX_DIR`` defaults to ``<root>/_build/latex``; it must hold ``lossbook.pdf`` and ``lossbook.log``
(the xelatex log of the last run).  The command always prints the page count, the paper size and the
file size, then the problems (exit status 1) and the notes (never fatal).

What is checked (each check is a function of text, so the tests can feed it text directly):

1. the PDF exists, is not empty, and its pages are A4 (595 x 842 pt, from ``pdfinfo``);
2. the LaTeX log: errors (``! ...`` lines, with their ``l.NNN`` input line and the chapter/section of
   ``lossbook.tex`` they fall in), glyphs the fonts lack (``Missing character``: each character, its code
   point and font, and how often), undefined references and citations, overfull boxes wider than a
   threshold (20 pt: smaller ones are notes), and a run that stopped before the end;
3. the text (``pdftotext -layout`` and plain) contains the title of every page of ``_toc.yml`` (the
   first ``# `` heading of the notebook's first markdown cell or of the ``.md`` file, the root too),
   compared without case, whitespace, punctuation, hyphenation and ligatures;
4. the text holds no maintainer or machine markup (widget reprs, nbval markers, cell tags, HTML,
   raw TeX), reported with the PDF page (1-based physical page) of every hit;
5. notes: the number of images (``pdfimages -list``) and the pages of each part.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

try:  # PyYAML is a dependency of jupyter-book; a tiny fallback keeps the module importable without it
    import yaml
except ImportError:  # pragma: no cover
    yaml = None

PDF_NAME = "lossbook.pdf"
LOG_NAME = "lossbook.log"
TEX_NAME = "lossbook.tex"

A4_PT = (595.0, 842.0)  # 210 x 297 mm; pdfinfo prints 595.28 x 841.89
A4_TOLERANCE_PT = 2.0
OVERFULL_FAIL_PT = 20.0  # wider than this: a problem (text runs visibly into the margin)
OVERFULL_NOTE_PT = 3.0  # between this and the threshold: a note; below: ignored (invisible)
MAX_PRINT_LINE = 79  # TeX Live's default: the log is hard-wrapped at 79 characters


# --------------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------------
@dataclass
class Report:
    latex_dir: Path
    pdf: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: int = 0
    size: tuple[float, float] | None = None  # page size in pt (width, height)
    paper: str = ""  # pdfinfo's name for it, e.g. "A4"
    file_size: int = 0  # bytes
    figures: int | None = None
    pages_per_part: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def format(self) -> str:
        size = f"{self.size[0]:g} x {self.size[1]:g} pt" if self.size else "unknown"
        out = [
            f"PDF:   {self.pdf}",
            f"pages: {self.pages}",
            f"paper: {size}" + (f" ({self.paper})" if self.paper else ""),
            f"file:  {self.file_size:,} bytes ({self.file_size / 1e6:.2f} MB)",
        ]
        if self.figures is not None:
            out.append(f"images: {self.figures}")
        if self.pages_per_part:
            out.append("pages per part:")
            out += [f"  {n:4d}  {name}" for name, n in self.pages_per_part.items()]
        if self.timings:
            out.append("timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items()))
        if self.notes:
            out.append(f"\nNOTES ({len(self.notes)}):")
            out += [_bullet(n) for n in self.notes]
        if self.problems:
            out.append(f"\nPROBLEMS ({len(self.problems)}):")
            out += [_bullet(p) for p in self.problems]
        else:
            out.append("\nOK: no problems found.")
        return "\n".join(out)


def _bullet(text: str) -> str:
    lines = text.splitlines() or [""]
    return "\n".join(["  - " + lines[0]] + ["    " + line for line in lines[1:]])


# --------------------------------------------------------------------------------------------------
# Running poppler
# --------------------------------------------------------------------------------------------------
def _run(cmd: list[str], timeout: float = 120) -> str:
    res = subprocess.run(cmd, capture_output=True, timeout=timeout)
    if res.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({res.returncode}): "
            f"{res.stderr.decode('utf-8', 'replace').strip()[:500]}"
        )
    return res.stdout.decode("utf-8", "replace")


def pdf_info(pdf: Path) -> dict[str, str]:
    """``pdfinfo``'s key: value lines as a dict."""
    info = {}
    for line in _run(["pdfinfo", str(pdf)]).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def extract_text(pdf: Path, layout: bool = True) -> str:
    """The PDF's text from ``pdftotext`` (``-layout`` or plain); pages end with a form feed."""
    cmd = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return _run(cmd)


def split_pages(text: str) -> list[str]:
    """The text of each page: pdftotext ends every page with a form feed (so drop the last, empty, piece)."""
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return pages


def count_images(pdf: Path) -> int:
    """The images of the PDF (``pdfimages -list``, without soft masks)."""
    rows = _run(["pdfimages", "-list", str(pdf)]).splitlines()[2:]
    return sum(1 for r in rows if len(r.split()) > 2 and r.split()[2] == "image")


# --------------------------------------------------------------------------------------------------
# 1. The PDF file and its paper size
# --------------------------------------------------------------------------------------------------
def parse_page_size(info: dict[str, str]) -> tuple[tuple[float, float] | None, str]:
    m = re.match(r"([\d.]+)\s*x\s*([\d.]+)\s*pts?(?:\s*\((.*)\))?", info.get("Page size", ""))
    if not m:
        return None, ""
    return (float(m.group(1)), float(m.group(2))), (m.group(3) or "").strip()


def check_paper(size: tuple[float, float] | None) -> list[str]:
    if size is None:
        return ["the paper size could not be read from pdfinfo"]
    w, h = size
    if abs(w - A4_PT[0]) > A4_TOLERANCE_PT or abs(h - A4_PT[1]) > A4_TOLERANCE_PT:
        return [
            f"the paper is {w:g} x {h:g} pt, not A4 ({A4_PT[0]:g} x {A4_PT[1]:g} pt)"
            + (" (US letter: set latex_elements papersize='a4paper')" if round(w) == 612 else "")
        ]
    return []


# --------------------------------------------------------------------------------------------------
# 2. The LaTeX log
# --------------------------------------------------------------------------------------------------
def unwrap_log(text: str, width: int = MAX_PRINT_LINE) -> list[str]:
    """The log's lines with TeX's hard wrapping (at exactly ``width`` characters) undone."""
    out: list[str] = []
    buf = ""
    for line in text.splitlines():
        buf += line
        if len(line) == width or len(line.encode("utf-8")) == width:
            continue
        out.append(buf)
        buf = ""
    if buf:
        out.append(buf)
    return out


def tex_outline(tex: str) -> list[tuple[int, str]]:
    """(line number, "Chapter > Section") at every ``\\chapter``/``\\section`` of lossbook.tex."""
    outline = []
    chapter = ""
    for i, line in enumerate(tex.splitlines(), 1):
        m = re.match(r"\s*\\(part|chapter|section)\*?\{(.*)\}", line)
        if not m:
            continue
        title = _tex_to_text(m.group(2))
        if m.group(1) in ("part", "chapter"):
            chapter = title if m.group(1) == "chapter" else f"Part {title}"
            outline.append((i, chapter))
        else:
            outline.append((i, f"{chapter} > {title}" if chapter else title))
    return outline


def _tex_to_text(s: str) -> str:
    s = re.sub(r"\\label\{[^}]*\}", "", s)
    s = re.sub(r"\\[A-Za-z]+\*?", "", s)
    return " ".join(s.replace("{", "").replace("}", "").split())


def _where(tex_line: int | None, outline: list[tuple[int, str]]) -> str:
    if tex_line is None or not outline:
        return ""
    here = ""
    for n, title in outline:
        if n > tex_line:
            break
        here = title
    return f" [{here}]" if here else ""


_FONT_SPEC = re.compile(
    r"\\[A-Z]{2,}/[^ ]*(?: |$)"
)  # \TU/FreeMono.otf(0)/m/n/8 in overfull contexts


def check_log(
    log: str, tex: str = "", threshold: float = OVERFULL_FAIL_PT
) -> tuple[list[str], list[str]]:
    """Problems and notes from the text of an xelatex log (and, for context, of the .tex source)."""
    problems: list[str] = []
    notes: list[str] = []
    outline = tex_outline(tex) if tex else []
    lines = unwrap_log(log)

    errors: list[str] = []
    missing: Counter = Counter()
    missing_font: dict[str, set[str]] = {}
    undefined: "OrderedDict[tuple[str, str], list[str]]" = OrderedDict()
    overfull_big: list[str] = []
    overfull_small: list[str] = []
    overfull_tiny = 0
    underfull = 0
    page = 0  # the last page (folio) shipped out: warnings are on page + 1
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("! "):
            ctx = ""
            tex_line = None
            for nxt in lines[i + 1 : i + 12]:
                m = re.match(r"l\.(\d+) ?(.*)", nxt)
                if m:
                    tex_line = int(m.group(1))
                    ctx = f" at lossbook.tex line {tex_line}" + (
                        f": {m.group(2).strip()!r}" if m.group(2).strip() else ""
                    )
                    break
            errors.append(
                f"{line[2:].strip()} (log line {i + 1}, after printed page {page}){ctx}{_where(tex_line, outline)}"
            )
            i += 1
            continue
        m = re.match(
            r"Missing character: There is no (.+?) \((U\+[0-9A-Fa-f]+)\) in font (.+?)!?$", line
        )
        if m:
            key = f"{m.group(1)} ({m.group(2)}, {unicodedata.name(m.group(1)[0], '?') if len(m.group(1)) == 1 else '?'})"
            missing[key] += 1
            font = re.sub(r"[:/].*$", "", m.group(3)).strip("[]")
            missing_font.setdefault(key, set()).add(font)
            i += 1
            continue
        m = re.search(
            r"(?:LaTeX|Package natbib|Package biblatex) Warning: (?:(Hyper reference|Reference)|(Citation)) "
            r"[`'](.+?)' on page (\S+) undefined(?: on input line (\d+))?",
            line,
        )
        if m:
            kind = (
                "citation"
                if m.group(2)
                else ("hyper reference" if m.group(1).startswith("Hyper") else "reference")
            )
            where = f"page {m.group(4)}" + (
                f" (tex line {m.group(5)}{_where(int(m.group(5)), outline)})" if m.group(5) else ""
            )
            undefined.setdefault((kind, m.group(3)), []).append(where)
            i += 1
            continue
        m = re.match(r"Overfull \\([hv])box \(([\d.]+)pt too (?:wide|high)\) (.*)", line)
        if m:
            amount = float(m.group(2))
            ctx_lines = []
            j = i + 1
            while j < len(lines) and lines[j].strip() and len(ctx_lines) < 4:
                ctx_lines.append(lines[j])
                j += 1
            context = " ".join(_FONT_SPEC.sub("", c).strip() for c in ctx_lines)
            context = re.sub(r"\s+", " ", context.replace("[]", " ")).strip()
            lm = re.search(r"lines? (\d+)", m.group(3))
            tex_line = int(lm.group(1)) if lm else None
            msg = (
                f"overfull \\{m.group(1)}box {amount:g}pt on printed page {page + 1} ({m.group(3)}"
                f"{_where(tex_line, outline)})" + (f": {context[:160]!r}" if context else "")
            )
            if amount > threshold:
                overfull_big.append(msg)
            elif amount >= OVERFULL_NOTE_PT:
                overfull_small.append(msg)
            else:
                overfull_tiny += 1
            i = j
            continue
        if line.startswith("Underfull \\"):
            underfull += 1
        for pm in re.finditer(r"(?:^|[\s\]])\[(\d+)(?=[\s\]<{]|$)", line):
            page = int(pm.group(1))
        i += 1

    if errors:
        problems.append(f"{len(errors)} LaTeX error(s):\n" + "\n".join(errors))
    if any("Emergency stop" in e or "Fatal error" in e for e in errors) or (
        log.strip() and "Output written on" not in log and "No pages of output" not in log
    ):
        problems.append(
            f"the LaTeX run stopped early (after printed page {page}): the PDF is incomplete"
        )
    if "No pages of output" in log:
        problems.append("LaTeX wrote no pages of output")
    if missing:
        total = sum(missing.values())
        detail = "\n".join(
            f"{k}: {n} time(s), font {', '.join(sorted(missing_font[k]))}"
            for k, n in missing.most_common()
        )
        problems.append(
            f"{total} missing glyph(s), {len(missing)} distinct character(s) the fonts lack:\n{detail}"
        )
    if undefined:
        detail = "\n".join(
            f"{kind} {label!r}: {', '.join(where[:6])}{' ...' if len(where) > 6 else ''}"
            for (kind, label), where in undefined.items()
        )
        problems.append(
            f"{len(undefined)} undefined reference(s)/citation(s) "
            f"({sum(len(w) for w in undefined.values())} uses):\n{detail}"
        )
    elif re.search(r"There were undefined (references|citations)", log):
        problems.append("the log says there were undefined references or citations")
    if re.search(r"Rerun to get cross-references right|Label\(s\) may have changed", log):
        notes.append("the log asks for a rerun (cross-references may be stale)")
    if overfull_big:
        problems.append(
            f"{len(overfull_big)} overfull box(es) over {threshold:g}pt:\n"
            + "\n".join(overfull_big)
        )
    if overfull_small:
        notes.append(
            f"{len(overfull_small)} overfull box(es) of {OVERFULL_NOTE_PT:g}-{threshold:g}pt:\n"
            + "\n".join(overfull_small[:30])
            + ("\n..." if len(overfull_small) > 30 else "")
        )
    if overfull_tiny or underfull:
        notes.append(
            f"{overfull_tiny} overfull box(es) under {OVERFULL_NOTE_PT:g}pt and {underfull} underfull box(es) (ignored)"
        )
    m = re.search(r"Output written on .*?\((\d+) pages?", log.replace("\n", ""))
    if m:
        notes.append(f"the log says {m.group(1)} pages were written")
    return problems, notes


# --------------------------------------------------------------------------------------------------
# 3. Every page of the table of contents is in the text
# --------------------------------------------------------------------------------------------------
def doc_title(path: Path) -> str | None:
    """The first ``# `` heading of a notebook's first markdown cell, or of a Markdown file."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "markdown"]
        text = "".join(cells[0]["source"]) if cells else ""
    else:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    for line in text.splitlines():
        if line.startswith("# "):
            return _strip_markdown(line[2:])
    return None


def _strip_markdown(s: str) -> str:
    s = re.sub(r"\{[a-z:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", s)  # {term}`text <target>`
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # [text](url)
    return s.replace("`", "").replace("*", "").replace("$", "").strip()


def _resolve(root: Path, name: str) -> Path | None:
    for cand in (
        root / name,
        *(root / f"{name}{ext}" for ext in (".ipynb", ".md", ".rst", ".myst")),
    ):
        if cand.is_file():
            return cand
    return None


def toc_entries(root: Path) -> list[tuple[str | None, str, str | None]]:
    """(part caption or None, file as in _toc.yml, title) for the root and every chapter, in order."""
    toc_text = (root / "_toc.yml").read_text(encoding="utf-8")
    if yaml is None:  # pragma: no cover
        raise RuntimeError("PyYAML is needed to read _toc.yml")
    toc = yaml.safe_load(toc_text)
    out: list[tuple[str | None, str, str | None]] = []

    def add(part, entry):
        if "file" in entry:
            path = _resolve(root, entry["file"])
            out.append((part, entry["file"], doc_title(path) if path else None))
        for sec in entry.get("sections", []) or []:
            add(part, sec)

    root_file = _resolve(root, toc["root"])
    out.append((None, toc["root"], doc_title(root_file) if root_file else None))
    for part in toc.get("parts", []) or []:
        for ch in part.get("chapters", []) or []:
            add(part.get("caption"), ch)
    for ch in toc.get("chapters", []) or []:
        add(None, ch)
    return out


_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}


def canon(text: str) -> str:
    """Text reduced to its letters and digits, lower case (ligatures, math alphanumerics, hyphenation,
    line breaks, punctuation and spacing all vanish)."""
    for lig, rep in _LIGATURES.items():
        text = text.replace(lig, rep)
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _opening_head(page: str) -> str | None:
    """The canonical heading of a chapter opening page ("CHAPTER / ONE / TITLE ..."), else None."""
    head = [ln.strip() for ln in page.splitlines() if ln.strip()][
        :5
    ]  # CHAPTER, ONE, title (<= 3 lines)
    if not head or head[0].upper() not in ("CHAPTER", "APPENDIX"):
        return None
    return canon(" ".join(head[1:]))


def check_titles(
    pages: list[str], titles: list[tuple[str, str | None]]
) -> tuple[list[str], list[str]]:
    """Every (file, title) must be in the text of the pages; notes give the page (1-based) it opens on."""
    problems: list[str] = []
    notes: list[str] = []
    canon_pages = [canon(p) for p in pages]
    # a title broken across a page boundary is rare; still, search the joined text too
    whole = "".join(canon_pages)
    found_at = []
    for file, title in titles:
        if not title:
            problems.append(
                f"{file}: no '# ' title found in the source, cannot check it is printed"
            )
            continue
        key = canon(title)
        if not key:
            problems.append(f"{file}: its title {title!r} has no letters to search for")
            continue
        hits = [i + 1 for i, cp in enumerate(canon_pages) if key in cp]
        if not hits and key not in whole:
            partial = canon("".join(ch for ch in title if ord(ch) < 0x2E80))  # without CJK
            lacking = "".join(ch for ch in title if ord(ch) >= 0x2E80)
            if lacking and partial and partial in whole:
                problems.append(
                    f"{file}: title {title!r} is printed without {lacking!r} (the font lacks those glyphs?)"
                )
            else:
                problems.append(f"{file}: title {title!r} not found in the PDF text")
            continue
        openings = [p for p in hits if key in (_opening_head(pages[p - 1]) or "")]
        first = openings[0] if openings else (hits[0] if hits else "?")
        found_at.append(
            f"{title!r}: page {first}"
            + ("" if openings or first == 1 else " (not as the heading of a chapter opening page)")
        )
    if found_at:
        notes.append("titles found (PDF page):\n" + "\n".join(found_at))
    return problems, notes


# --------------------------------------------------------------------------------------------------
# 4. No maintainer or machine markup
# --------------------------------------------------------------------------------------------------
# A call preceded by one of these (on the same line) is printed Python code, not a leaked repr:
# ``explorer = SvmExplorer()``, ``lb.widgets.Question(``, ``f(Question(...``, ``return VBox(``.
_CODE_BEFORE = re.compile(r"(?:[=.(\[,{]|\breturn|\blambda|\byield|>>>|\.\.\.)\s*$")

_TEX_MACROS = (
    "frac",
    "dfrac",
    "tfrac",
    "mathrm",
    "mathbf",
    "mathbb",
    "mathcal",
    "boldsymbol",
    "operatorname",
    "sum",
    "prod",
    "int",
    "cdot",
    "cdots",
    "ldots",
    "times",
    "left",
    "right",
    "lambda",
    "sigma",
    "theta",
    "alpha",
    "beta",
    "Delta",
    "delta",
    "infty",
    "partial",
    "nabla",
    "log",
    "exp",
    "sqrt",
    "hat",
    "tilde",
    "textbf",
    "textit",
    "text",
    "emph",
    "tag",
    "label",
    "ref",
    "eqref",
    "cite",
    "quad",
    "qquad",
    "mid",
    "leq",
    "geq",
    "neq",
    "approx",
    "propto",
    "top",
    "vert",
    "lVert",
    "rVert",
    "underbrace",
    "overline",
)

MARKUP_PATTERNS: list[tuple[str, re.Pattern, bool]] = [
    # (name, pattern, call: a code-call filter applies)
    ("widget repr VBox(", re.compile(r"\bVBox\("), True),
    ("widget repr HBox(", re.compile(r"\bHBox\("), True),
    ("widget repr ...Explorer(", re.compile(r"\b[A-Z]\w*Explorer\("), True),
    ("widget repr Question(", re.compile(r"\bQuestion\("), True),
    ("nbval marker NBVAL", re.compile(r"NBVAL"), False),
    ("nbval tag nbval-", re.compile(r"nbval-"), False),
    ("widget model IPY_MODEL_", re.compile(r"IPY_MODEL_"), False),
    ("MIME type application/vnd.jupyter", re.compile(r"application/vnd\.jupyter"), False),
    ("cell tag", re.compile(r"\b(?:hide|remove)-(?:input|output|cell)\b"), False),
    (
        "HTML tag",
        re.compile(
            r"</?(?:div|details|summary|span|iframe|script|style|img|button|table|center)\b[^>\n]{0,80}>?"
        ),
        False,
    ),
    (
        "Python repr <Figure size / <... object at 0x",
        re.compile(
            r"<Figure size [^>]*>|<IPython\.[\w.]+|<matplotlib\.[\w.]+|\bobject at 0x[0-9a-f]+"
        ),
        False,
    ),
    (
        "MyST role/directive",
        re.compile(
            r"\{(?:ref|doc|numref|eq|term|cite(?::[pt])?|math|download|glue(?::\w+)?|abbr|code-cell|admonition|note|warning|figure|dropdown|bibliography|toctree)\}[`‘'\s]"
        ),
        False,
    ),
    ("raw TeX environment", re.compile(r"\\(?:begin|end)\{"), False),
    ("raw TeX macro", re.compile(r"\\(?:" + "|".join(_TEX_MACROS) + r")(?![A-Za-z])"), False),
    ("raw TeX $$", re.compile(r"\$\$"), False),
    (
        "raw TeX $...$ math",
        re.compile(r"(?<!\$)\$(?!\$)[^$\n]{0,80}(?:\\[A-Za-z]+|[_^]\{)[^$\n]{0,80}(?<!\$)\$(?!\$)"),
        False,
    ),
]


def find_markup(pages: list[str]) -> dict[str, list[tuple[int, str, str]]]:
    """{pattern name: [(page, matched text, snippet), ...]} for every hit (pages are 1-based)."""
    hits: dict[str, list[tuple[int, str, str]]] = {}
    for pno, page in enumerate(pages, 1):
        for line in page.splitlines():
            for name, pat, call in MARKUP_PATTERNS:
                for m in pat.finditer(line):
                    if call and _CODE_BEFORE.search(line[: m.start()]):
                        continue
                    snippet = " ".join(line[max(0, m.start() - 30) : m.end() + 50].split())
                    hits.setdefault(name, []).append((pno, " ".join(m.group(0).split()), snippet))
    return hits


def check_markup(*page_lists: list[str], max_per_pattern: int = 40) -> list[str]:
    """Problems for the markup in one or more extractions (layout, plain) of the same pages.

    A hit read by both extractions is counted once: per page and matched text, the larger count wins."""
    merged: dict[str, dict[tuple[int, str], list[str]]] = {}
    for pages in page_lists:
        for name, found in find_markup(pages).items():
            these: dict[tuple[int, str], list[str]] = {}
            for pno, text, snip in found:
                these.setdefault((pno, text), []).append(snip)
            bucket = merged.setdefault(name, {})
            for key, snips in these.items():
                if len(snips) > len(bucket.get(key, [])):
                    bucket[key] = snips
    problems = []
    for name, bucket in merged.items():
        rows = [(pno, snip) for (pno, _), snips in sorted(bucket.items()) for snip in snips]
        pages_hit = sorted({p for p, _ in rows})
        detail = "\n".join(f"p. {p}: {s!r}" for p, s in rows[:max_per_pattern])
        more = (
            f"\n... and {len(rows) - max_per_pattern} more" if len(rows) > max_per_pattern else ""
        )
        problems.append(
            f"markup in the text: {name}: {len(rows)} hit(s) on page(s) "
            f"{', '.join(map(str, pages_hit))}\n{detail}{more}"
        )
    return problems


# --------------------------------------------------------------------------------------------------
# 5. Pages per part
# --------------------------------------------------------------------------------------------------
def part_pages(pages: list[str], captions: list[str]) -> dict[str, int]:
    """Pages from each part's opening page (a page starting "Part ..." with its caption) to the next."""
    starts = []
    for cap in captions:
        key = canon(cap)
        for i, page in enumerate(pages):
            c = canon(page)
            if c.startswith("part") and key in c and len(c) < len(key) + 40:
                starts.append((i, cap))
                break
    starts.sort()
    out: dict[str, int] = {}
    if starts:
        out["(front matter)"] = starts[0][0]
    for k, (i, cap) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(pages)
        out[cap] = end - i
    return out


# --------------------------------------------------------------------------------------------------
# Everything
# --------------------------------------------------------------------------------------------------
def check(latex_dir: Path, root: Path, threshold: float = OVERFULL_FAIL_PT) -> Report:
    latex_dir = Path(latex_dir)
    root = Path(root)
    pdf = latex_dir / PDF_NAME
    log = latex_dir / LOG_NAME
    tex = latex_dir / TEX_NAME
    rep = Report(latex_dir=latex_dir, pdf=pdf)
    t0 = time.perf_counter()

    def lap(name: str, start: float) -> float:
        now = time.perf_counter()
        rep.timings[name] = now - start
        return now

    # 2. the log (even without a PDF: it says why)
    t = t0
    if log.is_file():
        tex_text = tex.read_text(encoding="utf-8", errors="replace") if tex.is_file() else ""
        p, n = check_log(log.read_text(encoding="utf-8", errors="replace"), tex_text, threshold)
        rep.problems += p
        rep.notes += n
    else:
        rep.problems.append(f"no LaTeX log {log}")
    t = lap("log", t)

    # 1. the PDF
    if not pdf.is_file():
        rep.problems.insert(0, f"the PDF {pdf} is missing")
        return rep
    rep.file_size = pdf.stat().st_size
    if rep.file_size == 0:
        rep.problems.insert(0, f"the PDF {pdf} is empty (0 bytes)")
        return rep
    if tex.is_file() and pdf.stat().st_mtime < tex.stat().st_mtime:
        rep.problems.append(
            f"the PDF is older than {TEX_NAME}: it is a stale PDF from an earlier run"
        )
    if not shutil.which("pdfinfo") or not shutil.which("pdftotext"):
        rep.problems.append(
            "poppler-utils (pdfinfo, pdftotext) are not installed: the PDF cannot be checked"
        )
        return rep
    try:
        info = pdf_info(pdf)
    except Exception as exc:  # a truncated or corrupt file
        rep.problems.insert(0, f"pdfinfo cannot read the PDF: {exc}")
        return rep
    rep.pages = int(info.get("Pages", "0") or 0)
    rep.size, rep.paper = parse_page_size(info)
    rep.problems += check_paper(rep.size)
    if rep.pages == 0:
        rep.problems.append("the PDF has no pages")
    m = (
        re.search(
            r"Output written on .*?\((\d+) pages?",
            log.read_text(errors="replace").replace("\n", ""),
        )
        if log.is_file()
        else None
    )
    if m and int(m.group(1)) != rep.pages:
        rep.problems.append(
            f"the log says {m.group(1)} pages, the PDF has {rep.pages}: the PDF is not from the last run"
        )
    t = lap("pdfinfo", t)

    # 3. and 4. the text
    layout = split_pages(extract_text(pdf, layout=True))
    plain = split_pages(extract_text(pdf, layout=False))
    t = lap("pdftotext", t)
    if rep.pages and len(layout) != rep.pages:
        rep.notes.append(f"pdftotext gave {len(layout)} pages for {rep.pages}")
    if sum(len(p.strip()) for p in layout) < 100 * max(1, rep.pages) // 10:
        rep.problems.append("the PDF has (almost) no extractable text")
    try:
        entries = toc_entries(root)
    except Exception as exc:
        rep.problems.append(f"cannot read {root / '_toc.yml'}: {exc}")
        entries = []
    titles = [(f, title) for _, f, title in entries]
    p1, n1 = check_titles(layout, titles)
    if p1:  # layout can split a title over two columns: the plain text decides
        p2, n2 = check_titles(plain, titles)
        p1, n1 = p2, n2 + ["(titles searched in the plain text too)"]
    rep.problems += p1
    rep.notes += n1
    rep.problems += check_markup(layout, plain)
    t = lap("checks", t)

    # 5. figures and parts
    if shutil.which("pdfimages"):
        try:
            rep.figures = count_images(pdf)
            rep.notes.append(
                f"{rep.figures} image(s) in the PDF (pdfimages -list, soft masks not counted)"
            )
        except Exception as exc:
            rep.notes.append(f"pdfimages failed: {exc}")
    captions = list(OrderedDict.fromkeys(cap for cap, _, _ in entries if cap))
    rep.pages_per_part = part_pages(layout, captions)
    missing_parts = [c for c in captions if c not in rep.pages_per_part]
    if missing_parts:
        rep.problems.append(
            "part opening page(s) not found: " + "; ".join(repr(c) for c in missing_parts)
        )
    lap("images", t)
    rep.timings["total"] = time.perf_counter() - t0
    return rep


def main(argv: list[str] | None = None) -> int:
    default_root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("latex_dir", nargs="?", type=Path, help="default: <root>/_build/latex")
    ap.add_argument(
        "--root", type=Path, default=default_root, help=f"the book (default {default_root})"
    )
    ap.add_argument(
        "--overfull-pt",
        type=float,
        default=OVERFULL_FAIL_PT,
        help="overfull boxes wider than this are problems (default %(default)s)",
    )
    args = ap.parse_args(argv)
    latex_dir = args.latex_dir or args.root / "_build" / "latex"
    rep = check(latex_dir, args.root, args.overfull_pt)
    print(rep.format())
    return 0 if rep.ok else 1


if __name__ == "__main__":
    sys.exit(main())
