"""The Korean edition beside the English one, from the same sources (issue 17).

Loaded by ``_config.yml`` (``sphinx.local_extensions``).  The book's sources are English; the
Korean text is in gettext catalogs, ``locale/ko/LC_MESSAGES/<page>.po`` (one per page, every
paragraph, heading, list item and table cell a message; code cells and outputs are not
translated).  This extension:

1. **builds both editions with the one build command**: when ``jupyter-book build .`` has written
   the English HTML (``_build/html/``), it builds the Korean one into ``_build/html/ko/``
   (``python _ext/lossbook_i18n.py``: Jupyter Book's own build with ``language = "ko"``, in a
   process of its own, with the same warnings-as-errors setting); ``LOSSBOOK_ONE_EDITION=1``
   skips it;
2. **puts a language switch on every page**: a link, in the page's header, to the same page in
   the other edition ("한국어" on an English page, "English" on a Korean one);
3. **offers Korean notebooks** on the Korean pages' download buttons (``ko/_sources/``, written
   by ``_ext/lossbook_ko_notebooks.py`` from the same catalogs);
4. **translates what the stock gettext route misses**, from the book-level catalog
   ``locale/ko/LC_MESSAGES/lossbook-book.po``: the book's title, the part captions of
   ``_toc.yml``, the search box's text, the exercises' solution titles (``<summary>Solution to
   Exercise 3.1</summary>``, plain HTML in the notebooks) and the folded cells' prompts; and says
   once, on the first page, that code, outputs and figures stay English;
5. **translates the questions that check themselves** (prompt, hints, explanation, unit) in the
   widget state each Korean page embeds, from ``locale/ko/LC_MESSAGES/lossbook-widgets.po``
   (the explorers' own labels are translated by their JavaScript face: ``widgets/_ko.js``).

Catalogs are made and updated with ``python _ext/lossbook_i18n.py --update-catalogs`` (Sphinx's
gettext builder, then sphinx-intl); ``_ext/check_translations.py`` checks them.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
SECOND = "ko"
SUBDIR = SECOND
NAMES = {"en": "English", "ko": "한국어"}
#: the accessible name of the switch, in the page's language
SWITCH_LABEL = {"en": "Read this page in another language", "ko": "이 페이지를 다른 언어로 읽기"}
ONE_EDITION = "LOSSBOOK_ONE_EDITION"


def edition(config) -> str:
    return SECOND if (config.language or "en").startswith(SECOND) else "en"


# ---- the book-level texts -------------------------------------------------------------------
BOOK_CATALOG = "lossbook-book"
#: said once, at the top of the Korean edition's first page
EDITION_NOTE = ("The Korean edition translates the text; the code, its printed outputs and the "
                "words inside the figures stay in English, as they come from the same code as "
                "the English edition.")
_SUMMARY = re.compile(r"(<summary>)Solution to Exercise ([\w.]+)(</summary>)")


def book_catalog(srcdir: Path, language: str = SECOND, catalog: str = BOOK_CATALOG
                 ) -> dict[str, str]:
    """A catalog of the book's own (the book-level texts, or the questions'), msgid -> msgstr
    (translated messages only)."""
    from babel.messages.pofile import read_po

    path = Path(srcdir) / "locale" / language / "LC_MESSAGES" / f"{catalog}.po"
    with path.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and m.string}


def _translate_config(app, config) -> None:
    if edition(config) != SECOND:
        return
    book = book_catalog(app.srcdir)
    app.lossbook_book = book
    app.lossbook_widgets = book_catalog(app.srcdir, catalog=WIDGET_CATALOG)
    if config.html_title:
        config.html_title = book.get(config.html_title, config.html_title)
    options = dict(config.html_theme_options or {})
    if "search_bar_text" in options:
        options["search_bar_text"] = book.get(options["search_bar_text"],
                                              options["search_bar_text"])
    config.html_theme_options = options


def _translate_doctree(app, doctree) -> None:
    if edition(app.config) != SECOND:
        return
    book = app.lossbook_book
    if app.env.docname == app.config.root_doc and EDITION_NOTE in book:
        section = next(iter(doctree.findall(nodes.section)), None)
        if section is not None:
            note = nodes.note()
            note += nodes.paragraph(text=book[EDITION_NOTE])
            section.insert(1, note)
    for toctree in doctree.findall(addnodes.toctree):
        if toctree.get("caption"):
            toctree["caption"] = book.get(toctree["caption"], toctree["caption"])
    solution = book.get("Solution to Exercise {number}")
    for raw in doctree.findall(nodes.raw):
        text = raw.astext()
        if solution and _SUMMARY.search(text):
            new = _SUMMARY.sub(lambda m: m.group(1) + solution.replace("{number}", m.group(2))
                               + m.group(3), text)
            raw.replace_self(nodes.raw(raw.rawsource, new, format=raw["format"]))


class TogglePrompts(SphinxPostTransform):
    """The folded cells' prompts ("Show code cell source", "Show a solution") in Korean: after
    MyST-NB has written them (its ``HideInputCells``, 199)."""

    default_priority = 210
    formats = ("html",)

    def run(self, **kwargs) -> None:
        if edition(self.config) != SECOND:
            return
        from myst_nb.sphinx_ import HideCodeCellNode

        book = self.app.lossbook_book
        for node in self.document.findall(HideCodeCellNode):
            for key in ("prompt_show", "prompt_hide"):
                node[key] = book.get(node[key], node[key])


# ---- the questions' texts, inside the pages' saved widget state ------------------------------
WIDGET_CATALOG = "lossbook-widgets"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def question_texts(srcdir: Path) -> list[tuple[str, str, str]]:
    """(text, notebook, kind) of every text of the saved questions that check themselves: the
    prompt, each hint, the explanation and the unit (the Korean pages show them translated)."""
    import json

    texts = []
    for path in sorted((Path(srcdir) / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf8"))
        state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
        for model in state.values():
            model = model.get("state", {})
            if not model.get("_anywidget_id", "").endswith(".Question"):
                continue
            data = model.get("data", {})
            parts = [("prompt", data.get("prompt", ""))]
            parts += [("hint", hint[1]) for hint in data.get("hints", [])]
            parts += [("explanation", data.get("explanation", "")), ("unit", data.get("unit", ""))]
            texts += [(text, f"chapters/{path.name}", kind) for kind, text in parts if text]
    return texts


def translate_question(data: dict, catalog: dict[str, str]) -> dict:
    """A question's saved ``data`` with its texts translated (numbers and settings unchanged)."""
    out = dict(data)
    for key in ("prompt", "explanation", "unit"):
        if out.get(key):
            out[key] = catalog.get(out[key], out[key])
    out["hints"] = [[value, catalog.get(text, text)] for value, text in out.get("hints", [])]
    return out


def _translate_widget_state(app, pagename, templatename, context, doctree) -> None:
    """On a Korean page, the questions' texts in the widget state the page embeds (before MyST-NB
    adds it to the page)."""
    import json

    if edition(app.config) != SECOND:
        return
    js_files = getattr(app.env, "nb_metadata", {}).get(pagename, {}).get("js_files", {})
    if "ipywidgets_state" not in js_files:
        return
    uri, kwargs = js_files["ipywidgets_state"]
    state = json.loads(kwargs["body"])
    catalog = app.lossbook_widgets
    for model in state.get("state", {}).values():
        model = model.get("state", {})
        if model.get("_anywidget_id", "").endswith(".Question"):
            model["data"] = translate_question(model.get("data", {}), catalog)
    from myst_nb.core.render import sanitize_script_content

    js_files["ipywidgets_state"] = (uri, dict(kwargs, body=sanitize_script_content(
        json.dumps(state))))


# ---- the language switch -------------------------------------------------------------------------
def switch_href(pagename: str, here: str) -> str:
    """The relative address of ``pagename`` in the other edition, from that page in edition
    ``here``: the Korean pages live in ``ko/`` under the English ones."""
    depth = pagename.count("/")
    if here == "en":
        return "../" * depth + f"{SUBDIR}/{pagename}.html"
    return "../" * (depth + 1) + f"{pagename}.html"


def _language_switch(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    here = edition(app.config)
    other = "en" if here == SECOND else SECOND
    href = switch_href(pagename, here)
    link = (f'<nav class="lossbook-language" aria-label="{SWITCH_LABEL[here]}">'
            f'<a href="{href}" hreflang="{other}" lang="{other}">{NAMES[other]}</a></nav>')
    context["body"] = link + context.get("body", "")


# ---- the second edition ------------------------------------------------------------------------
def _build_second(app, exception) -> None:
    if exception is not None or app.builder.name != "html" or edition(app.config) != "en":
        return
    if os.environ.get(ONE_EDITION):
        return
    outdir = Path(app.outdir) / SUBDIR
    doctrees = Path(app.doctreedir).parent / f".doctrees-{SECOND}"
    command = [sys.executable, __file__, "--src", str(app.srcdir), "--out", str(outdir),
               "--doctrees", str(doctrees)]
    if app.warningiserror:
        command.append("-W")
    if getattr(app, "keep_going", False):
        command.append("--keep-going")
    logger.info(f"building the {NAMES[SECOND]} edition -> {outdir}")
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    output = done.stdout + done.stderr
    warnings = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]
    for line in warnings:
        logger.warning(f"[{SECOND}] {line}", type="lossbook", subtype="i18n")
    if done.returncode != 0:
        raise ExtensionError(f"the {NAMES[SECOND]} edition did not build (exit "
                             f"{done.returncode}):\n{output[-4000:]}")


def _korean_sources(app, exception) -> None:
    """The Korean pages' download buttons offer Korean notebooks (_ext/lossbook_ko_notebooks.py):
    the markdown cells from the catalogs, code and outputs as in the English ones."""
    if exception is not None or app.builder.name != "html" or edition(app.config) != SECOND:
        return
    from lossbook_ko_notebooks import write_korean_sources

    catalogs = Path(app.srcdir) / app.config.locale_dirs[0] / SECOND / "LC_MESSAGES"
    report = write_korean_sources(Path(app.srcdir), Path(app.outdir), catalogs)
    logger.info(f"[{SECOND}] downloadable notebooks: {report.summary()}")


def build_second(src: Path, out: Path, doctrees: Path, warnings_are_errors: bool,
                 keep_going: bool) -> int:
    """Jupyter Book's build of ``src`` into ``out`` with ``language = "ko"``."""
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(src, out, noconfig=True, path_config=str(src / "_config.yml"),
                          confoverrides={"language": SECOND, "latex_individualpages": False,
                                         "external_toc_path": str(src / "_toc.yml")},
                          doctreedir=doctrees, builder="html",
                          warningiserror=warnings_are_errors, keep_going=keep_going)
    if isinstance(result, Exception):
        raise result
    return int(result)


def update_catalogs(src: Path = ROOT) -> None:
    """Extract the messages (gettext builder) and merge them into ``locale/ko`` (sphinx-intl):
    new messages come empty, changed ones fuzzy; translations of unchanged ones are kept."""
    from jupyter_book.sphinx import build_sphinx

    pot = src / "_build" / "gettext"
    result = build_sphinx(src, pot, noconfig=True, path_config=str(src / "_config.yml"),
                          confoverrides={"external_toc_path": str(src / "_toc.yml"),
                                         "latex_individualpages": False,
                                         "gettext_compact": False},
                          doctreedir=src / "_build" / ".doctrees-gettext", builder="gettext")
    if isinstance(result, Exception) or result:
        raise SystemExit(f"the gettext build failed: {result}")
    subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(pot), "-l", SECOND,
                    "-d", str(src / "locale")], check=True)
    update_widget_catalog(src)


def widget_template(src: Path):
    """The questions' texts as a gettext template (babel ``Catalog``)."""
    from babel.messages.catalog import Catalog

    template = Catalog(project="lossbook")
    for text, notebook, kind in question_texts(src):
        template.add(text, locations=[(notebook, 0)], auto_comments=[kind])
    return template


def update_widget_catalog(src: Path = ROOT) -> None:
    """``lossbook-widgets.po`` merged with the questions' current texts, as sphinx-intl merges the
    pages' catalogs: new texts empty, changed ones fuzzy, the rest kept."""
    from babel.messages.pofile import read_po, write_po

    path = src / "locale" / SECOND / "LC_MESSAGES" / f"{WIDGET_CATALOG}.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=SECOND)
    catalog.update(widget_template(src))
    with path.open("wb") as f:
        write_po(f, catalog, width=100)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the Korean edition, or update its "
                                     "catalogs.")
    parser.add_argument("--src", type=Path, default=ROOT)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--doctrees", type=Path)
    parser.add_argument("-W", action="store_true", help="warnings are errors")
    parser.add_argument("--keep-going", action="store_true")
    parser.add_argument("--update-catalogs", action="store_true")
    args = parser.parse_args(argv)
    if args.update_catalogs:
        update_catalogs(args.src)
        return 0
    out = args.out or args.src / "_build" / "html" / SUBDIR
    doctrees = args.doctrees or args.src / "_build" / f".doctrees-{SECOND}"
    return build_second(args.src, out, doctrees, args.W, args.keep_going)


def setup(app):
    app.connect("config-inited", _translate_config)
    app.connect("doctree-read", _translate_doctree)
    app.add_post_transform(TogglePrompts)
    app.connect("html-page-context", _language_switch)
    # before MyST-NB's handler (500) puts the widget state into the page
    app.connect("html-page-context", _translate_widget_state, priority=400)
    app.connect("build-finished", _build_second)
    app.connect("build-finished", _korean_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
