"""Korean notebooks for the Korean edition's download buttons.

Each page's download button offers the page's source (``_sources/chapters/<name>.ipynb``); in the
Korean edition (``_build/html/ko/``) Sphinx copies the English notebook there.  This module writes
over that copy a *Korean* notebook: every translatable element of the markdown cells (paragraph,
heading, list item, table cell, directive content) replaced by its translation from
``locale/ko/LC_MESSAGES/chapters/<name>.po``; code cells, outputs, metadata, attachments, widget
state and cell ids untouched.

How an element is found: each markdown cell is tokenized by MyST's own markdown-it parser (the
extensions of ``_config.yml``), the parser the build uses.  Every ``inline`` token (the text of a
paragraph, heading, list item paragraph, table cell, ...) carries its source lines, and its
content, with line breaks as spaces, is exactly the message id that Sphinx's gettext builder
extracts.  So an element is translated only when its *whole* text is a message: a heading after its
``#``s, a list item after its marker, a table cell only as a whole cell (``| ch. |``), never a
phrase inside a longer paragraph.  HTML blocks (``<div ...>``, ``<details>``, ``<summary>``),
code fences and math blocks are not messages and stay as they are; the content of a directive
(```` ```{note} ````) is tokenized in turn.  The translated text of a paragraph or list item is
written on one line (a line break in a paragraph is a space), so lists and tables keep their line
structure and the cell stays valid MyST.

Messages whose translation is empty, fuzzy or equal to the message id are left in English (as in
the Korean HTML).  Any translated message that no element matched exactly is then looked for once
more, as text anywhere in the cell's prose lines, with any whitespace where the message id has a
space (longest message ids first, never inside HTML blocks, code or math); what is still not found
is reported.

Use::

    from lossbook_ko_notebooks import write_korean_sources
    report = write_korean_sources(srcdir, outdir, locale_dir)   # outdir: the Korean HTML

``python _ext/lossbook_ko_notebooks.py --src . --out _build/html/ko`` does the same from a shell.
"""
from __future__ import annotations

import argparse
import copy
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

#: the MyST extensions of ``_config.yml`` (``parse.myst_enable_extensions``)
MYST_EXTENSIONS = ("amsmath", "colon_fence", "deflist", "dollarmath", "html_image", "substitution")
#: directives whose content is not markdown (code, math, raw output, ...)
LITERAL_DIRECTIVES = {"code", "code-block", "sourcecode", "code-cell", "literalinclude", "math",
                      "raw", "eval-rst", "csv-table", "list-table-raw", "glue:math", "mermaid",
                      "graphviz", "bibliography"}
CHAPTERS = "chapters"


# ---- catalogs ----------------------------------------------------------------------------------
def norm(text: str) -> str:
    """A message id with its whitespace normalized (Sphinx makes line breaks spaces)."""
    return " ".join(text.split())


def read_catalog(po_path: Path) -> dict[str, str]:
    """``{msgid: msgstr}`` of a gettext catalog; a fuzzy translation counts as none (Sphinx does
    not use it either), so its msgstr is ``""``."""
    from babel.messages.pofile import read_po

    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    messages = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        string = message.string if isinstance(message.string, str) else ""
        messages[message.id] = "" if message.fuzzy else (string or "")
    return messages


def translated_messages(catalog: dict[str, str]) -> dict[str, str]:
    """The messages that have a translation: ``{normalized msgid: msgstr}``."""
    return {norm(k): v for k, v in catalog.items() if v and norm(v) != norm(k) and norm(k)}


# ---- the report ---------------------------------------------------------------------------------
@dataclass
class Report:
    """What a translation did.

    ``used``: distinct translated messages placed in the notebook; ``not_found``: translated
    messages placed nowhere (their ids, in ``missing``); ``untranslated``: catalog messages with
    no usable translation (empty, fuzzy or equal to the id); ``replaced``: elements replaced
    (a message used twice counts twice); ``by_search``: messages placed only by the whitespace-
    tolerant search (not as a whole element); ``unknown``: elements of the notebook that are not
    in the catalog at all (a stale catalog), in ``unknown_texts``."""
    used: int = 0
    not_found: int = 0
    untranslated: int = 0
    replaced: int = 0
    by_search: int = 0
    unknown: int = 0
    missing: list[str] = field(default_factory=list)
    unknown_texts: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    notebooks: dict[str, "Report"] = field(default_factory=dict)

    @property
    def translated(self) -> int:
        return self.used + self.not_found

    def add(self, name: str, other: "Report") -> None:
        self.notebooks[name] = other
        for attr in ("used", "not_found", "untranslated", "replaced", "by_search", "unknown"):
            setattr(self, attr, getattr(self, attr) + getattr(other, attr))
        self.missing += [f"{name}: {m}" for m in other.missing]
        self.unknown_texts += [f"{name}: {m}" for m in other.unknown_texts]
        self.written += other.written

    def summary(self) -> str:
        return (f"{self.used} messages used, {self.not_found} not found in the source, "
                f"{self.untranslated} untranslated ({self.replaced} elements replaced)")


# ---- the parser --------------------------------------------------------------------------------
_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        from markdown_it.renderer import RendererHTML
        from myst_parser.config.main import MdParserConfig
        from myst_parser.parsers.mdit import create_md_parser

        _PARSER = create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)),
                                   RendererHTML)
    return _PARSER


@dataclass
class _Element:
    """A translatable element: its text and its place in the cell, as character offsets."""
    text: str
    start: int
    end: int
    kind: str


def _split_row(line: str) -> list[tuple[int, int]]:
    """The cells of a table row, as ``(start, end)`` column spans of their stripped text; a
    ``\\|`` is not a cell border."""
    borders, i = [], 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == "|":
            borders.append(i)
        i += 1
    stripped = line.strip()
    bounds = [-1] + borders + [len(line)]
    spans = []
    for a, b in zip(bounds, bounds[1:]):
        a += 1
        while a < b and line[a].isspace():
            a += 1
        e = b
        while e > a and line[e - 1].isspace():
            e -= 1
        spans.append((a, e))
    # a leading / trailing border makes an empty first / last piece, which is no cell
    if stripped.startswith("|") and spans and spans[0][0] >= spans[0][1]:
        spans = spans[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|") and spans and \
            spans[-1][0] >= spans[-1][1]:
        spans = spans[:-1]
    return spans


def _directive_body(lines: list[str]) -> int:
    """How many lines at the start of a directive's body are options (``:key: value`` lines or
    a ``---`` YAML block)."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return i + 1
        return 0
    n = 0
    while n < len(lines) and re.match(r"^\s*:[\w-]+:", lines[n]):
        n += 1
    return n


def _elements(source: str, line0: int = 0, line_starts: list[int] | None = None,
              protected: list[tuple[int, int]] | None = None) -> list[_Element]:
    """The translatable elements of ``source``, a markdown cell (or, with ``line0``, the body of
    a directive starting at that line of the cell).  Adds to ``protected`` the character spans
    that are no message (HTML blocks, code, math)."""
    if line_starts is None:
        line_starts = _line_starts(source)
    if protected is None:
        protected = []
    lines = source.split("\n")
    tokens = _parser().parse(source)
    found: list[_Element] = []

    def offset(line: int, col: int) -> int:
        return line_starts[line0 + line] + col

    def block_span(a: int, b: int) -> tuple[int, int]:
        return offset(a, 0), offset(b - 1, len(lines[b - 1])) if b > a else offset(a, 0)

    parents: list[str] = []
    for token in tokens:
        if token.nesting == 1:
            parents.append(token.type)
        elif token.nesting == -1:
            parents.pop()
        if token.type in ("html_block", "math_block", "math_block_label", "amsmath",
                          "code_block", "front_matter") and token.map:
            protected.append(block_span(*token.map))
        elif token.type in ("fence", "colon_fence") and token.map:
            a, b = token.map
            name = token.info.strip()
            match = re.match(r"^\{([^}]+)\}\s*(.*)$", name)
            if not match or match.group(1).strip() in LITERAL_DIRECTIVES:
                protected.append(block_span(a, b))
                continue
            # the opening line (its argument may be a title) and the closing one: not replaced
            # here; the body: tokenized in turn
            protected.append(block_span(a, a + 1))
            closed = b - 1 > a and lines[b - 1].strip().startswith(token.markup[:3])
            body_end = b - 1 if closed else b
            if closed:
                protected.append(block_span(b - 1, b))
            body = lines[a + 1:body_end]
            skip = _directive_body(body)
            if skip:
                protected.append(block_span(a + 1, a + 1 + skip))
            start = a + 1 + skip
            if start < body_end:
                found += _elements("\n".join(lines[start:body_end]), line0 + start, line_starts,
                                   protected)
        elif token.type == "inline" and token.map:
            kind = parents[-1] if parents else "inline"
            if kind in ("th_open", "td_open"):
                continue  # the table's rows are handled below, cell by cell
            content = token.content
            if not content.strip():
                continue
            first_line, *rest = content.split("\n")
            a = token.map[0]
            col = lines[a].find(first_line)
            if col < 0:
                continue
            last_line_no = a + content.count("\n")
            if rest:
                last = rest[-1]
                end_col = lines[last_line_no].rfind(last)
                if end_col < 0:
                    continue
                end_col += len(last)
            else:
                end_col = col + len(first_line)
            found.append(_Element(content, offset(a, col), offset(last_line_no, end_col),
                                  kind.replace("_open", "")))
        elif token.type == "tr_open" and token.map:
            row = token.map[0]
            for c0, c1 in _split_row(lines[row]):
                if c1 > c0:
                    found.append(_Element(lines[row][c0:c1], offset(row, c0), offset(row, c1),
                                          "cell"))
    return found


def _line_starts(source: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(source):
        if ch == "\n":
            starts.append(i + 1)
    return starts


# ---- the translation ---------------------------------------------------------------------------
def _replacement(msgstr: str, kind: str) -> str:
    """The text that replaces an element: one line (a line break in a paragraph is a space);
    a ``|`` in a table cell escaped."""
    text = " ".join(msgstr.split("\n")).strip()
    if kind == "cell":
        text = re.sub(r"(?<!\\)\|", r"\\|", text)
    return text


def _lookup(element: _Element, messages: dict[str, str]) -> tuple[str, str] | None:
    key = norm(element.text)
    if key in messages:
        return key, messages[key]
    if element.kind == "cell":
        unescaped = norm(element.text.replace("\\|", "|"))
        if unescaped in messages:
            return unescaped, messages[unescaped]
    return None


def _search_pattern(msgid: str) -> re.Pattern:
    words = [re.escape(w) for w in msgid.split()]
    return re.compile(r"(?<!\S)" + r"\s+".join(words) + r"(?!\S)")


def translate_source(source: str, messages: dict[str, str], known: set[str] | None = None
                     ) -> tuple[str, set[str], int, list[str]]:
    """One markdown cell: ``(translated source, normalized msgids used, elements replaced,
    texts of elements not in the catalog)``.  ``messages``: translated messages by normalized
    id; ``known``: every normalized id of the catalog (to tell untranslated from unknown)."""
    protected: list[tuple[int, int]] = []
    elements = _elements(source, protected=protected)
    edits: list[tuple[int, int, str]] = []
    used: set[str] = set()
    unknown: list[str] = []
    for element in elements:
        hit = _lookup(element, messages)
        if hit is None:
            if known is not None and norm(element.text) not in known and \
                    norm(element.text.replace("\\|", "|")) not in known:
                unknown.append(element.text)
            continue
        msgid, msgstr = hit
        edits.append((element.start, element.end, _replacement(msgstr, element.kind)))
        used.add(msgid)
    return _apply(source, edits), used, len(edits), unknown


def _apply(source: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, text in sorted(edits):
        if start < pos:  # overlapping (should not happen): keep the first
            continue
        out.append(source[pos:start])
        out.append(text)
        pos = end
    out.append(source[pos:])
    return "".join(out)


def _search(source: str, msgids: list[str], messages: dict[str, str]
            ) -> tuple[str, set[str], int]:
    """The fallback: each of ``msgids`` (longest first) as text in the cell's prose, any
    whitespace where it has a space, outside HTML blocks, code and math, and not inside text
    already replaced."""
    protected: list[tuple[int, int]] = []
    _elements(source, protected=protected)
    taken = list(protected)
    edits: list[tuple[int, int, str]] = []
    used: set[str] = set()
    for msgid in sorted(msgids, key=len, reverse=True):
        for match in _search_pattern(msgid).finditer(source):
            a, b = match.span()
            if any(a < e and s < b for s, e in taken):
                continue
            edits.append((a, b, _replacement(messages[msgid], "paragraph")))
            taken.append((a, b))
            used.add(msgid)
    return _apply(source, edits), used, len(edits)


def _cell_source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def translate_notebook(nb: nbformat.NotebookNode, catalog: dict[str, str]
                       ) -> tuple[nbformat.NotebookNode, Report]:
    """A copy of ``nb`` whose markdown cells are translated with ``catalog`` (``{msgid:
    msgstr}``, as from :func:`read_catalog`), and the report.  Code cells, outputs, metadata,
    attachments and cell ids are those of ``nb``."""
    messages = translated_messages(catalog)
    known = {norm(k) for k in catalog}
    report = Report(untranslated=sum(1 for k, v in catalog.items()
                                     if norm(k) and (not v or norm(v) == norm(k))))
    out = copy.deepcopy(nb)
    markdown = [cell for cell in out.cells if cell.get("cell_type") == "markdown"]
    used: set[str] = set()
    originals = {}
    for cell in markdown:
        source = _cell_source(cell)
        originals[id(cell)] = source
        text, hits, replaced, unknown = translate_source(source, messages, known)
        cell["source"] = text
        used |= hits
        report.replaced += replaced
        report.unknown_texts += unknown
    # messages that no whole element matched: look for them as text
    left = [m for m in messages if m not in used]
    if left:
        for cell in markdown:
            text, hits, replaced = _search(cell["source"], left, messages)
            if hits:
                cell["source"] = text
                used |= hits
                report.replaced += replaced
                report.by_search += len(hits)
                left = [m for m in left if m not in hits]
            if not left:
                break
    report.used = len(used)
    report.missing = [m for m in messages if m not in used]
    report.not_found = len(report.missing)
    report.unknown = len(report.unknown_texts)
    return out, report


# ---- the Korean build's sources -----------------------------------------------------------------
def _download_target(outdir: Path, docname: str, suffix: str) -> Path:
    """Where the page's download button points: the ``href`` ending in the source's name in the
    built page, else ``_sources/<docname><suffix>`` (Jupyter Book keeps the suffix, no
    ``.txt``)."""
    page = outdir / f"{docname}.html"
    name = Path(docname).name + suffix
    if page.is_file():
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#?]*_sources/[^"#?]*)"', html):
            if Path(href).name.startswith(name):
                return (page.parent / href).resolve()
    for candidate in (f"{docname}{suffix}", f"{docname}{suffix}.txt"):
        if (outdir / "_sources" / candidate).is_file():
            return outdir / "_sources" / candidate
    return outdir / "_sources" / f"{docname}{suffix}"


def write_korean_sources(srcdir: Path, outdir: Path, locale_dir: Path) -> Report:
    """Write, for every chapter notebook of ``srcdir`` with a page in ``outdir`` (the Korean
    HTML), the translated notebook where that page's download button points
    (``outdir/_sources/chapters/<name>.ipynb``).  ``locale_dir``: the catalogs'
    ``LC_MESSAGES`` folder (``locale/ko/LC_MESSAGES``)."""
    srcdir, outdir, locale_dir = Path(srcdir), Path(outdir), Path(locale_dir)
    total = Report()
    for path in sorted((srcdir / CHAPTERS).glob("*.ipynb")):
        docname = f"{CHAPTERS}/{path.stem}"
        if not (outdir / f"{docname}.html").is_file():
            continue  # not a page of this build
        po = locale_dir / f"{docname}.po"
        catalog = read_catalog(po) if po.is_file() else {}
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        translated, report = translate_notebook(nb, catalog)
        nbformat.validate(translated)
        target = _download_target(outdir, docname, path.suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(translated, str(target))
        report.written.append(str(target))
        total.add(path.stem, report)
    return total


def main(argv=None) -> int:
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=root)
    parser.add_argument("--out", type=Path, default=root / "_build" / "html" / "ko")
    parser.add_argument("--locale", type=Path)
    args = parser.parse_args(argv)
    locale = args.locale or args.src / "locale" / "ko" / "LC_MESSAGES"
    report = write_korean_sources(args.src, args.out, locale)
    for name, part in report.notebooks.items():
        print(f"{name}: {part.summary()}")
    for miss in report.missing:
        print(f"not found: {miss[:120]}")
    print(f"total: {report.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
