"""The Korean edition's downloadable notebooks (``_ext/lossbook_ko_notebooks.py``).

Every chapter notebook, translated with its catalog ``locale/ko/LC_MESSAGES/chapters/<name>.po``:
valid, the same cells (ids, types, order), code cells and outputs identical, the markdown's
block structure (lists, tables, HTML blocks, fences) kept, at least 95 % of the translated
messages placed (checked on the notebook's text, not on the module's own counts), and no English
text of a translated message left.  A small synthetic notebook checks each kind of element, and
what must not be touched.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

import lossbook_ko_notebooks as ko  # noqa: E402

LOCALE = ROOT / "locale" / "ko" / "LC_MESSAGES"
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*.ipynb")
                  if (LOCALE / "chapters" / f"{p.stem}.po").is_file())
#: below this length an English message id may well occur in other text (a word, a number)
LONG = 20
PLACED = 0.95


def norm(text: str) -> str:
    return " ".join(text.split())


def markdown_text(nb) -> str:
    return norm("\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))


def block_structure(source: str) -> list[tuple]:
    """The block tokens of a markdown cell as MyST parses it: type, tag, nesting, level, and,
    for fences and HTML blocks, their text (they are never translated)."""
    structure = []
    for t in ko._parser().parse(source):
        if t.type == "inline":
            continue
        if t.type in ("fence", "colon_fence") and t.info.startswith("{"):
            # a directive: its name and options, and the structure of its content
            structure.append((t.type, t.info, t.level, t.content.split("\n")[0]
                              if t.content.startswith(":") else ""))
            structure += [("in " + t.info,) + item for item in block_structure(t.content)]
            continue
        structure.append((t.type, t.tag, t.nesting, t.level, t.info,
                          t.content if t.type in ("html_block", "fence", "math_block",
                                                  "math_block_label", "amsmath") else ""))
    return structure


def placement(nb, catalog: dict[str, str]) -> tuple[list[str], list[str]]:
    """From the notebook's text alone: the translated messages whose translation is not in the
    markdown, and the long ones whose English id still is (unless a translation contains it)."""
    text = markdown_text(nb)
    translated = {norm(k): norm(v) for k, v in catalog.items()
                  if v and norm(v) != norm(k) and norm(k)}
    # a translation is found escaped in a table cell when it contains a "|"
    not_placed = [k for k, v in translated.items()
                  if v not in text and v.replace("|", "\\|") not in text]
    inside_translations = " ".join(translated.values())
    english_left = [k for k in translated if len(k) > LONG and k in text
                    and k not in inside_translations]
    return not_placed, english_left


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda p: p.stem)
def chapter(request):
    path = request.param
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    catalog = ko.read_catalog(LOCALE / "chapters" / f"{path.stem}.po")
    original = copy.deepcopy(nb)
    translated, report = ko.translate_notebook(nb, catalog)
    assert nb == original, "translate_notebook changed its input"
    return path.stem, original, catalog, translated, report


def test_there_are_chapters_with_catalogs():
    assert len(CHAPTERS) >= 9


def test_translated_notebook_is_valid_with_the_same_cells(chapter):
    name, original, _, translated, _ = chapter
    nbformat.validate(translated)
    assert [(c.get("id"), c.cell_type) for c in translated.cells] == \
           [(c.get("id"), c.cell_type) for c in original.cells]
    assert translated.metadata == original.metadata
    assert (translated.nbformat, translated.nbformat_minor) == \
           (original.nbformat, original.nbformat_minor)
    for before, after in zip(original.cells, translated.cells):
        if before.cell_type != "markdown":
            assert after == before, f"{name}: cell {before.get('id')} changed"
        else:
            assert {k: v for k, v in after.items() if k != "source"} == \
                   {k: v for k, v in before.items() if k != "source"}


def test_markdown_keeps_its_block_structure(chapter):
    """Lists stay lists, tables keep their rows, HTML blocks, code and math stay as they are."""
    name, original, _, translated, _ = chapter
    for before, after in zip(original.cells, translated.cells):
        if before.cell_type == "markdown":
            assert block_structure(after.source) == block_structure(before.source), \
                f"{name}: cell {before.get('id')}"


def test_translated_messages_are_placed(chapter):
    name, _, catalog, translated, report = chapter
    not_placed, _ = placement(translated, catalog)
    wanted = len({norm(k) for k, v in catalog.items() if v and norm(v) != norm(k) and norm(k)})
    if wanted == 0:
        pytest.skip(f"{name}: nothing translated yet")
    rate = 1 - len(not_placed) / wanted
    misses = "\n".join(f"  - {m[:100]}" for m in not_placed)
    assert rate >= PLACED, f"{name}: {rate:.1%} of {wanted} placed; missed:\n{misses}"
    # the module's report agrees with the text
    assert report.used + report.not_found == wanted
    assert report.used >= wanted - len(not_placed)


def test_no_english_text_of_a_translated_message_is_left(chapter):
    name, _, catalog, translated, _ = chapter
    _, english_left = placement(translated, catalog)
    assert not english_left, f"{name}: English left:\n" + "\n".join(
        f"  - {m[:100]}" for m in english_left)


def test_the_checks_can_fail(chapter):
    """The untranslated notebook fails the checks above (when its catalog translates anything)."""
    name, original, catalog, _, _ = chapter
    not_placed, english_left = placement(original, catalog)
    translated = {norm(k) for k, v in catalog.items() if v and norm(v) != norm(k) and norm(k)}
    if not translated:
        pytest.skip(f"{name}: nothing translated yet")
    assert len(not_placed) / len(translated) > 1 - PLACED
    assert english_left


# ---- a synthetic notebook ------------------------------------------------------------------------
SYNTH_MD = """\
# The loss function

A paragraph that is
broken over three
lines, with $s_i = W x_i$ and `np.maximum`.

* **Cat**: the first item,
  which continues here.
* An untranslated item.

| ch. | loss |
|---|---|
| 3 | hinge \\| squared |

We read ch. 3 first.

<div class="box" id="x">

**Exercise 1 · Why?**

</div>

<details>
<summary>The loss function</summary>

Hidden answer.

</details>
"""
SYNTH_NOTE = """\
```{note}
:class: dropdown
A note
in two lines.
```

```python
# The loss function
x = 1
```
"""
SYNTH_CATALOG = {
    "The loss function": "손실 함수",
    "A paragraph that is broken over three lines, with $s_i = W x_i$ and `np.maximum`.":
        "$s_i = W x_i$와 `np.maximum`이 있는, 세 줄에 걸친 문단.",
    "**Cat**: the first item, which continues here.": "**고양이**: 첫 항목, 여기서 이어진다.",
    "An untranslated item.": "",
    "ch.": "장",
    "loss": "손실",
    "hinge | squared": "힌지 | 제곱",
    "3": "3",
    "We read ch. 3 first.": "3장을 먼저 읽는다.",
    "**Exercise 1 · Why?**": "**연습문제 1 · 왜?**",
    "Hidden answer.": "숨은 답.",
    "A note in two lines.": "두 줄로 된 메모.",
    "Not in the notebook at all.": "노트북에 없는 문장.",
}


def synthetic_notebook():
    code = new_code_cell("print('The loss function')", execution_count=1,
                         outputs=[new_output("stream", name="stdout", text="The loss function\n")])
    nb = new_notebook(cells=[new_markdown_cell(SYNTH_MD), code, new_markdown_cell(SYNTH_NOTE)],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_synthetic_notebook():
    nb = synthetic_notebook()
    translated, report = ko.translate_notebook(nb, SYNTH_CATALOG)
    nbformat.validate(translated)
    md, code, note = translated.cells
    assert [c.id for c in translated.cells] == ["cell-0", "cell-1", "cell-2"]
    assert code == nb.cells[1]
    assert translated.metadata == nb.metadata
    lines = md.source.split("\n")
    # a heading after its #s
    assert lines[0] == "# 손실 함수"
    # a paragraph broken over lines: one line, with its math and code kept
    assert "$s_i = W x_i$와 `np.maximum`이 있는, 세 줄에 걸친 문단." in lines
    # list items after their marker, the untranslated one as it was
    assert "* **고양이**: 첫 항목, 여기서 이어진다." in lines
    assert "* An untranslated item." in lines
    # table cells as whole cells, with a | escaped; the row structure kept
    assert "| 장 | 손실 |" in lines
    assert "|---|---|" in lines
    assert "| 3 | 힌지 \\| 제곱 |" in lines
    # "ch." inside a paragraph is no table cell
    assert "3장을 먼저 읽는다." in lines and "We read" not in md.source
    # HTML blocks stay; the markdown between them is translated
    assert '<div class="box" id="x">' in lines and "**연습문제 1 · 왜?**" in lines
    assert "<summary>The loss function</summary>" in lines
    assert "숨은 답." in lines
    # a directive's options and fences stay, its content is translated; code fences are code
    assert note.source == ("```{note}\n:class: dropdown\n두 줄로 된 메모.\n```\n\n"
                           "```python\n# The loss function\nx = 1\n```\n")
    assert block_structure(md.source) == block_structure(nb.cells[0].source)
    assert report.untranslated == 2          # "" and "3" == "3"
    assert report.not_found == 1 and report.missing == ["Not in the notebook at all."]
    assert report.used == len(SYNTH_CATALOG) - 3
    # the input is unchanged
    assert nb == synthetic_notebook()


def test_synthetic_catalog_with_a_stale_message_is_found_by_search():
    """A message that is no whole element (a stale catalog) is still found as text, across a
    line break, but never inside an HTML block or code."""
    nb = new_notebook(cells=[new_markdown_cell(
        "Some text. A sentence over\ntwo lines. More text.\n\n<div class=\"x\">\nA sentence over two lines.\n</div>\n\n"
        "```\nA sentence over two lines.\n```\n")])
    translated, report = ko.translate_notebook(nb, {"A sentence over two lines.": "두 줄 문장."})
    assert translated.cells[0].source.startswith("Some text. 두 줄 문장. More text.\n")
    assert translated.cells[0].source.count("A sentence over two lines.") == 2
    assert report.by_search == 1 and report.not_found == 0


def test_read_catalog_ignores_fuzzy_translations(tmp_path):
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Hello world"\nmsgstr "안녕 세상"\n\n'
                  '#, fuzzy\nmsgid "Old text"\nmsgstr "옛 글"\n\n'
                  'msgid "Empty"\nmsgstr ""\n', encoding="utf-8")
    assert ko.read_catalog(po) == {"Hello world": "안녕 세상", "Old text": "", "Empty": ""}


@pytest.mark.parametrize("suffix", ["", ".txt"])
def test_write_korean_sources_writes_where_the_download_button_points(tmp_path, suffix):
    src, out = tmp_path / "src", tmp_path / "html" / "ko"
    (src / "chapters").mkdir(parents=True)
    (LC := src / "locale" / "ko" / "LC_MESSAGES" / "chapters").mkdir(parents=True)
    nb = synthetic_notebook()
    nbformat.write(nb, str(src / "chapters" / "01_x.ipynb"))
    nbformat.write(nb, str(src / "chapters" / "02_no_page.ipynb"))
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po
    catalog = Catalog(locale="ko")
    for msgid, msgstr in SYNTH_CATALOG.items():
        catalog.add(msgid, msgstr)
    with open(LC / "01_x.po", "wb") as handle:
        write_po(handle, catalog)
    (out / "chapters").mkdir(parents=True)
    (out / "_sources" / "chapters").mkdir(parents=True)
    source_name = f"01_x.ipynb{suffix}"
    nbformat.write(nb, str(out / "_sources" / "chapters" / source_name))
    (out / "chapters" / "01_x.html").write_text(
        f'<li><a href="../_sources/chapters/{source_name}" target="_blank" '
        'class="btn btn-sm btn-download-source-button dropdown-item">', encoding="utf-8")
    report = ko.write_korean_sources(src, out, src / "locale" / "ko" / "LC_MESSAGES")
    assert report.written == [str((out / "_sources" / "chapters" / source_name).resolve())]
    written = nbformat.read(out / "_sources" / "chapters" / source_name, as_version=4)
    nbformat.validate(written)
    assert written.cells[0].source.startswith("# 손실 함수\n")
    assert list(report.notebooks) == ["01_x"]
    assert report.used == len(SYNTH_CATALOG) - 3 and report.not_found == 1
    assert not (out / "_sources" / "chapters" / "02_no_page.ipynb").exists()
