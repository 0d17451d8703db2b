"""The print edition: what the LaTeX build of the book does differently from the web pages.

Loaded by ``_config.yml`` (``sphinx.local_extensions``); it changes nothing in the HTML build.  The
one command ``python _ext/print_book.py`` (see the README) takes pictures of the explorers, then
runs ``jupyter-book build . --builder pdflatex``, which applies these changes to the assembled
book, chapter by chapter (a post-transform of the LaTeX builder only):

1. **Explorers** (anywidget views) print as the picture of the explorer as the book opens it,
   taken from the web page by ``_ext/print_explorers.py`` (``lossbook_print_pictures``, or the
   environment's ``LOSSBOOK_PRINT_PICTURES``: the folder of its ``index.json``), with the address
   of the chapter's live page below.  Without a picture
   (a plain ``jupyter-book build --builder pdflatex``) the explorer prints as a table of its
   controls' saved values and the same address, and the build says so once.
2. **Questions that check themselves** print as the question and a line for the answer; the answer
   (with its explanation) goes to the chapter's *Solutions*.
3. **Solutions** — the written answers (``<details class="lossbook-solution">``) and the answer
   keys (code cells tagged ``solution``) — are gathered in a *Solutions* section at the end of
   their chapter, in the order of their exercises, instead of beside the question.
4. **Screen-only text**: a block between ``<div class="lossbook-screen-only">`` and its
   ``</div>`` (e.g. "a folded cell below holds a solution"), or words between
   ``<span class="lossbook-screen-only">`` and ``</span>``, are left out of print (and words in
   ``<span class="lossbook-print-only">``, which the web pages hide, show only there); the install
   cell (id ``install-lossbook``), which only a reader running the notebook needs, too.
5. **Numbered equations**: a hand-written ``\\tag{6.1}`` cannot stay inside the ``split``
   environment Sphinx wraps display math in; such an equation is written as ``equation*`` with
   its tag outside the ``split``.
6. **Part titles**: the ``_toc.yml`` captions carry their numeral ("II. SVM and softmax losses")
   for the web; LaTeX numbers parts itself ("Part II"), so the numeral is dropped.  The pages of
   the part captioned "Appendix" are lettered (Appendix A, B, ...), not numbered on from the
   chapters.  A section title that starts with its own number ("12. The full loss ...", the errata's)
   loses it: LaTeX numbers the sections ("C.12").
7. **The book's own front page text** (the root page, whose title is the book's) prints as an
   unnumbered chapter, *About this book*, listed in the contents, opening with the addresses of
   the online book and of the repository (from the configuration).
8. **References**: the bibliography prints once, at the end, titled *References* (the preamble
   renames LaTeX's "Bibliography"); the web edition's References page, which only holds it,
   is left out.
9. **Tables** without column widths get widths from their text (see :class:`TableWidths`), so
   that LaTeX wraps them.

The preamble in ``_config.yml`` (``latex_elements``) does the rest: A4, xeCJK with the Noto CJK
fonts and Korean's spaces kept, figures kept in place, ``bbm.sty`` stood in for
(``_ext/latex/``).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_VIEW_SCRIPT = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)'
                          r"</script>", re.S)
# an opening may follow the ``</div>`` of its exercise in one raw node, a closing may precede
# the next exercise's ``<div ...>``
_DETAILS_OPEN = re.compile(r'<details class="lossbook-solution">\s*<summary>(.*?)</summary>',
                           re.S)
_DETAILS_CLOSE = re.compile(r"^\s*</details>")
_SCREEN_ONLY_OPEN = re.compile(r'^\s*<(div|span)\s+class="lossbook-screen-only">\s*$')
_CLOSE = {"div": re.compile(r"^\s*</div>\s*$"), "span": re.compile(r"^\s*</span>\s*$")}
_TAG = re.compile(r"\\tag\{([^{}]*)\}")
_PART_NUMERAL = re.compile(r"^[IVXLC]+\.\s+")
_CJK = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u4e00-\u9fff]")
_SECTION_NUMBER = re.compile(r"^\d+\.\s+")
INSTALL_CELL = "install-lossbook"
SOLUTIONS_TITLE = "Solutions"
ROOT_TITLE = "About this book"
APPENDIX_CAPTION = "Appendix"
REFERENCES_PAGE = "chapters/references"


def chapter_number(docname: str) -> str:
    """``chapters/03_svm_loss`` -> ``"3"``; ``""`` for a page without a number."""
    m = re.match(r"(?:.*/)?0*(\d+)_", docname)
    return m.group(1) if m else ""


def widget_state(path: Path) -> dict:
    """The saved widget models of a notebook, by model id (empty for other pages)."""
    if path.suffix != ".ipynb" or not path.is_file():
        return {}
    nb = json.loads(path.read_text(encoding="utf8"))
    return nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def cell_ids(path: Path) -> list[str]:
    if path.suffix != ".ipynb" or not path.is_file():
        return []
    nb = json.loads(path.read_text(encoding="utf8"))
    return [cell.get("id", "") for cell in nb["cells"]]


def _own_nodes(page):
    """The nodes of ``page`` in document order, not those of a page included inside it.  (A
    walk down the children: the LaTeX builder's assembled tree does not set the parent of a
    page's top nodes to its ``start_of_file``.)"""
    for child in page.children:
        if isinstance(child, addnodes.start_of_file):
            continue
        yield child
        if isinstance(child, nodes.Element):
            yield from _own_nodes(child)


def _paragraph(*parts) -> nodes.paragraph:
    para = nodes.paragraph()
    for part in parts:
        para += part if isinstance(part, nodes.Node) else nodes.Text(part)
    return para


class PrintEdition(SphinxPostTransform):
    """Applies the print edition's changes to the LaTeX builder's assembled book."""

    builders = ("latex",)
    # before sphinx-jupyterbook-latex drops the folded cells (400) and moves each page's
    # sections out of its start_of_file node (700)
    default_priority = 350

    def run(self, **kwargs) -> None:
        self.pictures = _pictures(self.app)
        self.fallbacks: list[str] = []
        for page in list(self.document.findall(addnodes.start_of_file)):
            docname = page.get("docname", "")
            if docname in self.env.found_docs:
                self.chapter(page, docname)
        root = next((s for s in self.document.children if isinstance(s, nodes.section)), None)
        if root is not None:
            self.chapter(root, self.config.root_doc)
        if root is not None and root.children and isinstance(root[0], nodes.title):
            heading = (f"\\chapter*{{{ROOT_TITLE}}}\\addcontentsline{{toc}}{{chapter}}"
                       f"{{{ROOT_TITLE}}}\\markboth{{{ROOT_TITLE}}}{{{ROOT_TITLE}}}")
            root.insert(1, nodes.raw("", heading, format="latex"))
            root.insert(2, self.editions())
        for block in list(self.document.findall(nodes.math_block)):
            _move_tag(block)
        # "12. The full loss needs the strength" (the errata's own numbers): LaTeX numbers
        # sections itself ("C.12")
        for title in self.document.findall(nodes.title):
            first = title.children[0] if title.children else None
            if isinstance(first, nodes.Text) and _SECTION_NUMBER.match(first):
                title.replace(first, nodes.Text(_SECTION_NUMBER.sub("", first)))
        if self.fallbacks:
            logger.warning("no picture of %d explorer(s) (%s): printed as tables of their "
                           "controls; `python _ext/print_book.py` takes the pictures",
                           len(self.fallbacks), ", ".join(self.fallbacks),
                           type="lossbook", subtype="print")

    # ---- one chapter -----------------------------------------------------------------------
    def chapter(self, page, docname: str) -> None:
        path = Path(self.env.doc2path(docname))
        state = widget_state(path)
        ids = cell_ids(path)
        url = self.config.lossbook_online_url.rstrip("/") + f"/{docname}.html"
        number = chapter_number(docname)
        solutions: list[tuple[str, list[nodes.Node]]] = []
        questions = 0
        for node in [n for n in _own_nodes(page) if isinstance(n, (nodes.raw, nodes.container))]:
            if node.parent is None or not _attached(node, page):
                continue  # already moved or removed
            if isinstance(node, nodes.container):
                index = node.get("cell_index")
                if index is None or node.get("nb_element") != "cell_code":
                    continue
                cell_id = ids[index] if index < len(ids) else ""
                tags = _tags(node)
                if cell_id == INSTALL_CELL:
                    node.parent.remove(node)
                elif "solution" in tags:
                    node.parent.remove(node)
                    _strip_hide(node)
                    if solutions:
                        solutions[-1][1].append(node)
                    else:
                        solutions.append(("Solution", [node]))
                continue
            if "html" not in node.get("format", "").split():
                continue
            text = node.astext()
            view = _VIEW_SCRIPT.search(text)
            if view:
                model_id = json.loads(view.group(1))["model_id"]
                model = state.get(model_id, {}).get("state", {})
                kind = model.get("_anywidget_id", "")
                if kind.endswith(".Question"):
                    questions += 1
                    label = f"Question {number}.{questions}" if number else \
                        f"Question {questions}"
                    printed, answer = _question(label, model)
                    solutions.append((f"Answer to {label}", answer))
                else:
                    printed = self.explorer(model_id, model, docname, url)
                _replace(node, printed)
                continue
            details = _DETAILS_OPEN.search(text)
            if details:
                body = _take_until(node, _DETAILS_CLOSE)
                solutions.append((_plain_html(details.group(1)), body))
                continue
            screen_only = _SCREEN_ONLY_OPEN.match(text)
            if screen_only:
                _take_until(node, _CLOSE[screen_only.group(1)])
        if solutions:
            _append_solutions(page, solutions)

    def editions(self) -> nodes.paragraph:
        """Where the online book and its sources are (addresses from the configuration)."""
        online = self.config.lossbook_online_url.rstrip("/") + "/"
        repository = (self.config.html_theme_options or {}).get("repository_url", "")
        para = _paragraph("This is the print edition. The online book, where the explorers are "
                          "live: ", nodes.reference(online, online, refuri=online), ".")
        if repository:
            para += nodes.Text(" Its notebooks and library: ")
            para += nodes.reference(repository, repository, refuri=repository)
            para += nodes.Text(".")
        return para

    def explorer(self, model_id: str, model: dict, docname: str, url: str) -> list[nodes.Node]:
        title = model.get("_title") or "Explorer"
        picture = self.pictures.get(model_id)
        figure = nodes.figure(classes=["lossbook-explorer-print"])
        if picture is not None:
            # copied into the LaTeX folder by _pictures: not one of Sphinx's images to resolve
            figure += nodes.image(uri=picture, candidates={"*": picture}, alt=title,
                                  width="100%")
        else:
            self.fallbacks.append(f"{docname}: {title}")
            figure += _controls_table(model)
        caption = nodes.caption()
        caption += nodes.strong(text=title)
        caption += nodes.Text(". The live explorer as the book opens it; move its controls "
                              "in the online book: ")
        caption += nodes.reference(url, url, refuri=url)
        figure += caption
        return [figure]


class PartTitles(SphinxPostTransform):
    """"Part II" above "SVM and softmax losses", not above "II. SVM and softmax losses"."""

    builders = ("latex",)
    # after sphinx-jupyterbook-latex made the parts (700) and Sphinx gathered the citations (750)
    default_priority = 760

    def run(self, **kwargs) -> None:
        for page in list(self.document.findall(addnodes.start_of_file)):
            docname = page.get("docname", "")
            if docname == REFERENCES_PAGE:
                # its citations are in the bibliography at the end by now (Sphinx, 750); a link
                # to the page leads there
                page.parent.remove(page)
                bibliography = next(iter(self.document.findall(thebibliography)), None)
                if bibliography is not None:
                    label = (f"\\phantomsection\\label{{\\detokenize{{{REFERENCES_PAGE}"
                             f"::doc}}}}")
                    bibliography.parent.insert(bibliography.parent.index(bibliography),
                                               nodes.raw("", label, format="latex"))
                continue
            if docname in self.env.found_docs:
                continue  # a page; a part's docname is its caption
            for title in page.findall(nodes.title):
                text = title.astext()
                if _PART_NUMERAL.match(text):
                    title.children = [nodes.Text(_PART_NUMERAL.sub("", text))]
                if text == APPENDIX_CAPTION:
                    page.parent.insert(page.parent.index(page),
                                       nodes.raw("", "\\appendix", format="latex"))
                break


class TableWidths(SphinxPostTransform):
    """Column widths for the tables that give none, so that LaTeX wraps their text.

    Without widths Sphinx writes a long table (over 30 rows) as ``longtable{llll}``, whose
    columns never wrap (the glossary ran 870 pt off the page), and lets ``tabulary`` squeeze a
    column below its longest word (the notation's ``reg_strength``).  Each column gets at least
    its longest unbreakable word and at most 45 characters' share, from its cells' text.
    """

    builders = ("latex",)
    default_priority = 800

    def run(self, **kwargs) -> None:
        for table in self.document.findall(nodes.table):
            if "colwidths-given" in table.get("classes", []):
                continue
            group = next(iter(table.findall(nodes.tgroup)), None)
            if group is None:
                continue
            specs = [c for c in group.children if isinstance(c, nodes.colspec)]
            widths = _column_widths(group, len(specs))
            if widths is None:
                continue
            for spec, width in zip(specs, widths):
                spec["colwidth"] = width
            table["classes"] = [*table.get("classes", []), "colwidths-given"]


def _column_widths(group, ncols: int) -> list[int] | None:
    longest_word = [4.0] * ncols   # a column is never narrower than a short word ("ch.")
    longest_text = [1.0] * ncols
    for row in group.findall(nodes.row):
        entries = [e for e in row.children if isinstance(e, nodes.entry)]
        if len(entries) != ncols or any(e.get("morecols") for e in entries):
            return None  # spanning cells: leave the table to Sphinx
        for j, entry in enumerate(entries):
            words, length = _words(entry)
            longest_word[j] = max(longest_word[j], *words)
            longest_text[j] = max(longest_text[j], length)
    raw = [max(word + 2, min(text, 45)) for word, text in zip(longest_word, longest_text)]
    total = sum(raw)
    return [max(1, round(100 * w / total)) for w in raw]


def _words(entry) -> tuple[list[float], float]:
    """The widths (in characters) of a cell's unbreakable pieces, and of its whole text: an
    inline formula is one piece, about as wide as its source without the commands' names."""
    words: list[float] = [0.0]
    length = 0.0
    for node in entry.findall(nodes.Text):
        if _CJK.search(node.astext()):   # Hangul and CJK ideographs are twice as wide
            pieces = node.astext().split()
            words += [len(w) + len(_CJK.findall(w)) for w in pieces]
            length += len(node.astext()) + len(_CJK.findall(node.astext()))
        elif isinstance(node.parent, nodes.math):
            width = float(len(re.sub(r"\\[a-zA-Z]+", "x", re.sub(r"[{}_^]", "", node.astext()))))
            words.append(width)
            length += width
        else:
            pieces = node.astext().split()
            # a heading is bold, code is monospace: both wider per character
            scale = 1.3 if isinstance(entry.parent.parent, nodes.thead) else \
                1.35 if isinstance(node.parent, nodes.literal) else 1.0
            words += [scale * len(w) for w in pieces]
            length += len(node.astext())
    return words, length


# ---- pieces --------------------------------------------------------------------------------
def _attached(node, page) -> bool:
    """Whether ``node`` is still in the page (not inside a block moved or removed before)."""
    while node.parent is not None:
        if node.parent is page or node.parent.parent is None:
            return True
        if node not in node.parent.children:
            return False
        node = node.parent
    return False


def _pictures(app) -> dict[str, str]:
    """Model id -> file name in the LaTeX output folder, copied there from the pictures' folder."""
    folder = os.environ.get("LOSSBOOK_PRINT_PICTURES") or app.config.lossbook_print_pictures
    if not folder:
        return {}
    folder = Path(folder)
    if not folder.is_absolute():
        folder = Path(app.srcdir) / folder
    index_file = folder / "index.json"
    if not index_file.is_file():
        return {}
    index = json.loads(index_file.read_text(encoding="utf8"))
    out = {}
    for model_id, entry in index.items():
        source = folder / entry["png"]
        name = f"explorer-{model_id}.png"
        shutil.copyfile(source, Path(app.outdir) / name)
        out[model_id] = name
    return out


def _tags(container) -> list[str]:
    meta = container.get("cell_metadata") or {}
    if isinstance(meta, str):  # docutils may hold it as its repr
        return re.findall(r"'([\w-]+)'", meta.split("'tags':", 1)[1]) if "'tags':" in meta else []
    return list(meta.get("tags", []))


def _strip_hide(container) -> None:
    """A solution cell prints open: no "Show a solution" fold on paper."""
    container["hide_mode"] = None
    container.attributes.pop("hide_mode", None)
    container["classes"] = [c for c in container["classes"] if not c.startswith("tag_hide")]


def _take_until(opening: nodes.raw, closing: re.Pattern) -> list[nodes.Node]:
    """Remove ``opening``, the siblings after it up to the raw node matching ``closing``, and
    that one; return the siblings in between."""
    parent = opening.parent
    start = parent.index(opening)
    taken = []
    end = None
    for i in range(start + 1, len(parent)):
        sibling = parent[i]
        if isinstance(sibling, nodes.raw) and closing.match(sibling.astext()):
            end = i
            break
        taken.append(sibling)
    if end is None:
        raise ValueError(f"{opening.astext().strip()[:60]!r} is never closed in its cell")
    del parent[start:end + 1]
    return taken


def _replace(node, new: list[nodes.Node]) -> None:
    """Replace a widget view's raw node; its output container keeps only the new nodes (the
    text/plain repr never prints)."""
    node.replace_self(new)


def _plain_html(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).strip()


def _question(label: str, model: dict) -> tuple[list[nodes.Node], list[nodes.Node]]:
    """The printed question and its answer for the Solutions (the Python face's own texts)."""
    from lossbook.widgets.question import Question

    data = model.get("data", {})
    question = Question(data["prompt"], answer=data["answer"], tolerance=data["tolerance"],
                        hints=data.get("hints", ()), explanation=data.get("explanation", ""),
                        integer=data.get("integer", False), unit=data.get("unit", ""))
    try:
        printed = [
            _paragraph(nodes.strong(text=label + "."), " " + question.prompt),
            _paragraph("Your answer: " + "_" * 14 + (f" {question.unit}" if question.unit else "")
                       + "   (answer at the end of the chapter)"),
        ]
        answer = [_paragraph(question.reveal())]
    finally:
        question.close()
    container = nodes.container(classes=["lossbook-question-print"])
    container.extend(printed)
    return [container], answer


def _controls_table(model: dict) -> nodes.table:
    """The explorer's controls and their saved values, as a two-column table."""
    rows = []
    for spec in model.get("_controls", []):
        value = model.get(spec["name"])
        rows.append((spec.get("label", spec["name"]), _value_text(value)))
    table = nodes.table()
    group = nodes.tgroup(cols=2)
    table += group
    group += nodes.colspec(colwidth=1)
    group += nodes.colspec(colwidth=2)
    head = nodes.thead()
    group += head
    head += _row(("control", "saved value"))
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row)
    return table


def _row(cells) -> nodes.row:
    row = nodes.row()
    for text in cells:
        entry = nodes.entry()
        entry += nodes.paragraph(text=text)
        row += entry
    return row


def _value_text(value) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    return str(value)


def _without_screen_only(body: list[nodes.Node]) -> list[nodes.Node]:
    """``body`` (nodes moved out of the page) without its screen-only blocks and words: the
    page's own pass never reached inside them."""
    kept: list[nodes.Node] = []
    closing = None
    for node in body:
        text = node.astext() if isinstance(node, nodes.raw) else ""
        if closing is not None:
            if isinstance(node, nodes.raw) and closing.match(text):
                closing = None
            continue
        opening = _SCREEN_ONLY_OPEN.match(text) if text else None
        if opening:
            closing = _CLOSE[opening.group(1)]
            continue
        if isinstance(node, nodes.Element) and node.children:
            inner = _without_screen_only(list(node.children))
            node.children = []
            node.extend(inner)
        kept.append(node)
    if closing is not None:
        raise ValueError("a lossbook-screen-only block in a solution is never closed")
    return kept


def _append_solutions(page, solutions) -> None:
    """A *Solutions* section at the end of the chapter's top section."""
    top = next((s for s in page.children if isinstance(s, nodes.section)), None)
    if top is None:
        top = page
    section = nodes.section(ids=[f"solutions-{page['docname'].replace('/', '-')}"],
                            classes=["lossbook-solutions"])
    section += nodes.title(text=SOLUTIONS_TITLE)
    for title, body in solutions:
        section += _paragraph(nodes.strong(text=title + "."))
        section.extend(_without_screen_only(body))
    top += section


def _move_tag(block: nodes.math_block) -> None:
    r"""``\tag{...}`` out of the ``split`` Sphinx would wrap the equation in."""
    text = block.astext()
    tags = _TAG.findall(text)
    if len(tags) != 1 or block.get("nowrap"):
        return
    body = _TAG.sub("", text).strip()
    latex = (f"\\begin{{equation*}}\n\\begin{{split}}{body}\\end{{split}}\\tag{{{tags[0]}}}\n"
             f"\\end{{equation*}}")
    block["nowrap"] = True
    block.children = [nodes.Text(latex)]


def setup(app):
    app.add_config_value("lossbook_print_pictures", "", "env")
    app.add_config_value("lossbook_online_url", "", "env")
    app.add_post_transform(PrintEdition)
    app.add_post_transform(PartTitles)
    app.add_post_transform(TableWidths)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
