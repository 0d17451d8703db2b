"""The explorers speak the page's language: every English text they show has a Korean entry.

``_explorer.js``'s ``tr(text, values)`` shows a text in the page's language; the Korean texts are
one dictionary, ``widgets/_ko.js``, keyed by the English text (``{name}`` placeholders filled by
``tr``).  These tests run the JavaScript in Node (as ``test_js_faces.py`` does) and check:

- every English text the modules hand to the translator -- the literals passed to ``tr()`` and to
  the helpers that translate them (legend, control, panel and readout labels, panel titles and
  descriptions, buttons, readout titles and notes), the Python specs' titles, control labels and
  option labels, the names in the explorers' data (classes, images, challenges) and the question
  widget's messages -- has a Korean entry, so a new label without a translation fails here;
- every entry keeps its placeholders and is Korean (Hangul), and ``tr`` falls back to the English
  text (never a key or "undefined") where an entry is missing, and changes nothing on an English
  page or where ``<html lang>`` is absent (JupyterLab, Voilà, Node).

The browser test ``tests/browser/test_ko_explorers.py`` checks the built Korean pages themselves.
"""
from __future__ import annotations

import re

import pytest

from lossbook.widgets import base
from lossbook.widgets.question import MESSAGES
from test_js_faces import NODE, WIDGETS, run_js
from test_widgets_base import explorer_classes

pytestmark = pytest.mark.skipif(NODE is None, reason="no Node.js to run the JavaScript faces")

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
#: as _explorer.js: a text with no word (math words aside) needs no translation
WORD = re.compile(r"[A-Za-z]{2}")
MATH_WORDS = re.compile(r"\b(?:log|exp|max|argmax)\b")
PLACEHOLDER = re.compile(r"\{(\w+)\}")

#: class names the chapters' notebooks give their explorers (beyond the explorers' defaults)
BOOK_NAMES = ("cat", "car", "frog")

LIT = r'"(?:[^"\\\n]|\\.)*"'
LITS = rf"{LIT}(?:\s*\+\s*{LIT})*"
#: an argument that is English text: literals joined by +, or a choice between two such
TEXT_ARG = re.compile(rf"^(?:[\w.!=<>\s]+\?\s*)?({LITS})(?:\s*:\s*({LITS}))?$")
#: the calls whose arguments (by position) are shown through tr()
CALLS = {"tr": (0,), "setTitle": (0,), "describe": (0, 1), "button": (1,), "show": (1,)}
#: object properties that the helpers translate (legend items, panel options, buttons' titles)
PROPERTY = re.compile(rf"\b(?:label|title|xLabel|yLabel|readoutTitle):\s*({LITS})")
#: a readout row ["key", "label", value, text] (the key may be a template: `loss_${i}`)
ROW = re.compile(rf'\[\s*[`"][\w${{}}]+[`"]\s*,\s*({LITS})\s*,\s*[^"\s]')


def _join(lits: str) -> str:
    return "".join(eval(lit) for lit in re.findall(LIT, lits))  # noqa: S307 - JS literals


def _arguments(text: str, start: int) -> list[str]:
    """The top-level arguments of the call whose "(" is at ``start``."""
    args, depth, quote, begin, i = [], 0, None, start + 1, start + 1
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                args.append(text[begin:i])
                return args
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(text[begin:i])
            begin = i + 1
        i += 1
    return args


def js_texts() -> dict[str, set[str]]:
    """English text -> the modules that show it, from the sources."""
    found: dict[str, set[str]] = {}
    for path in sorted(WIDGETS.glob("*.js")):
        if path.name == "_ko.js":
            continue
        source = path.read_text(encoding="utf8")
        code = re.sub(r"^\s*(?://|\*|/\*\*).*$", "", source, flags=re.M)  # comments
        texts = [_join(m.group(1)) for m in PROPERTY.finditer(code)]
        texts += [_join(m.group(1)) for m in ROW.finditer(code)]
        for m in re.finditer(r"\b(" + "|".join(CALLS) + r")\(", code):
            args = _arguments(code, m.end() - 1)
            for k in CALLS[m.group(1)]:
                if k < len(args) and (t := TEXT_ARG.match(args[k].strip())):
                    texts += [_join(g) for g in t.groups() if g]
        for text in texts:
            found.setdefault(text, set()).add(path.name)
    return found


def python_texts() -> dict[str, set[str]]:
    """English text -> where it comes from: the explorers' titles, control specs and data names
    (default instances), and the question widget's messages."""
    found: dict[str, set[str]] = {}

    def add(text, where):
        if isinstance(text, str):
            found.setdefault(text, set()).add(where)
        elif isinstance(text, (list, tuple)):
            for t in text:
                add(t, where)

    for cls in explorer_classes():
        if cls.__name__ == "Question":
            continue
        where = cls.__name__
        explorer = cls()
        add(explorer._title, where)
        for spec in explorer._controls:
            add(spec["label"], where)
            add([label for label, _ in spec.get("options", [])], where)
            for key in ("labels", "row_labels", "col_labels", "cell_label"):
                add(spec.get(key, []), where)
        data = explorer.data
        for key in ("class_names", "image_names", "label"):
            add(data.get(key, []), where)
        add(list(data.get("descriptions", {})), where)       # the challenges' names
        add(list(data.get("descriptions", {}).values()), where)
    add(list(BOOK_NAMES), "the chapters' class names")
    add(list(MESSAGES.values()), "question.MESSAGES")
    add(["explorer", "{label} (type a value)"], "_explorer.js")
    return found


@pytest.fixture(scope="module")
def korean() -> dict[str, str]:
    return run_js("_explorer.js", f'await import("{(WIDGETS / "_ko.js").as_uri()}");\n'
                                  'out = m.translations("ko");')


def needs_translation(text: str) -> bool:
    return bool(WORD.search(MATH_WORDS.sub("", text))) and not HANGUL.search(text)


def test_the_texts_are_found_in_the_sources():
    """The scan sees the kinds of text it is meant to (else the next test would pass on nothing)."""
    texts = js_texts()
    for text in ("{image}: loss L_{i}", "per-image losses and their mean", "One gradient step",
                 "ten gradient steps", "L = mean of the L_i", "SVM (hinge) loss",
                 "density p(r), log scale", "multiclass SVM loss", "Show answer",
                 "gradient descent moves each slider against the sign of its gradient",
                 "Bar chart of the squared hinge terms, grouped by image"):
        assert text in texts, text
    assert "margin Δ" in python_texts() and MESSAGES["wrong"] in python_texts()


def test_every_english_text_has_a_korean_entry(korean):
    wanted = {**python_texts()}
    for text, where in js_texts().items():
        wanted.setdefault(text, set()).update(where)
    missing = {text: sorted(where) for text, where in wanted.items()
               if needs_translation(text) and text not in korean}
    assert not missing, ("texts with no Korean entry in widgets/_ko.js:\n"
                         + "\n".join(f"  {t!r}  ({', '.join(w)})" for t, w in missing.items()))


def test_every_entry_is_korean_and_keeps_its_placeholders(korean):
    assert len(korean) > 100
    for english, text in korean.items():
        assert isinstance(text, str) and text.strip(), english
        assert HANGUL.search(text) or not needs_translation(english) or english in {
            "SVM", "softmax(s / T)"} or text == english.replace("softmax", "소프트맥스"), \
            (english, text)
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(english)), \
            (english, text)


def test_tr_follows_the_page_language_and_falls_back_to_english():
    page = 'globalThis.document = {documentElement: {lang: %s}};\n'
    body = (f'await import("{(WIDGETS / "_ko.js").as_uri()}");\n'
            'const say = () => [m.tr("margin Δ"), m.tr("{image}: loss L_{i}", {image: "cat", i: 2}),'
            ' m.tr("no such text here"), m.tr("τ₁"), m.tr("{n} exactly zero", {n: 0}),'
            ' m.tr(m.tr("margin Δ"))];\n')
    none = run_js("_explorer.js", body + "out = [m.pageLanguage(), ...say()];")
    english = run_js("_explorer.js", page % '"en"' + body + "out = [m.pageLanguage(), ...say()];")
    absent = run_js("_explorer.js", page % '""' + body + "out = [m.pageLanguage(), ...say()];")
    plain = ["en", "margin Δ", "cat: loss L_2", "no such text here", "τ₁", "0 exactly zero",
             "margin Δ"]
    assert none == english == absent == plain
    ko = run_js("_explorer.js", page % '"ko-KR"' + body
                + "out = [m.pageLanguage(), ...say(), [...globalThis.lossbookUntranslated]];")
    lang, margin, loss, unknown, tau, zero, twice, untranslated = ko
    assert lang == "ko"
    assert HANGUL.search(margin) and "Δ" in margin and twice == margin
    assert HANGUL.search(loss) and "cat" in loss and "L_2" in loss and "{" not in loss
    assert unknown == "no such text here" and untranslated == ["no such text here"]
    assert tau == "τ₁" and zero == "정확히 0인 것 0개"


def test_the_bundle_carries_the_korean_texts():
    text = base.bundle("ch03_svm_loss")
    assert text.index("export function tr(") < text.index('addTranslations("ko"') \
        < text.index("function setup(")
