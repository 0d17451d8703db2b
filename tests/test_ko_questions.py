"""The Korean edition's questions that check themselves (_ext/lossbook_i18n.py): their texts come
from ``locale/ko/LC_MESSAGES/lossbook-widgets.po``, which must follow the notebooks, and only the
texts change (the answer, tolerance and the hints' values stay the Python face's)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import lossbook_i18n as i18n  # noqa: E402

CATALOG = ROOT / "locale" / "ko" / "LC_MESSAGES" / "lossbook-widgets.po"


def catalog_messages() -> dict[str, str]:
    with CATALOG.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def test_the_catalog_holds_exactly_the_questions_texts():
    texts = {text for text, _, _ in i18n.question_texts(ROOT)}
    assert len(texts) >= 40
    messages = catalog_messages()
    assert set(messages) == texts, (sorted(texts - set(messages))[:5],
                                    sorted(set(messages) - texts)[:5])


def test_translate_question_changes_the_texts_only():
    data = {"prompt": "What is L?", "answer": 5.26667, "tolerance": 0.01,
            "hints": [[9.9, "The notes' slip."], [15.8, "A sum, not a mean."]],
            "explanation": "L = 15.8 / 3.", "integer": False, "unit": "",
            "messages": {"right": "Right: {value}."}}
    catalog = {"What is L?": "L은 얼마인가?", "The notes' slip.": "강의 노트의 실수다.",
               "L = 15.8 / 3.": "L = 15.8 / 3이다."}
    out = i18n.translate_question(data, catalog)
    assert out["prompt"] == "L은 얼마인가?" and out["explanation"] == "L = 15.8 / 3이다."
    assert out["hints"] == [[9.9, "강의 노트의 실수다."], [15.8, "A sum, not a mean."]]
    assert {k: out[k] for k in ("answer", "tolerance", "integer", "unit", "messages")} == \
        {k: data[k] for k in ("answer", "tolerance", "integer", "unit", "messages")}
    assert data["prompt"] == "What is L?"          # the saved state itself is not changed


def test_update_keeps_translations_and_flags_changed_texts(tmp_path, monkeypatch):
    src = tmp_path / "book"
    (src / "locale" / "ko" / "LC_MESSAGES").mkdir(parents=True)
    (src / "locale" / "ko" / "LC_MESSAGES" / "lossbook-widgets.po").write_bytes(
        CATALOG.read_bytes())
    texts = i18n.question_texts(ROOT)
    changed = texts[0][0] + " (changed)"
    monkeypatch.setattr(i18n, "question_texts",
                        lambda _: [(changed, *texts[0][1:]), *texts[1:]])
    i18n.update_widget_catalog(src)
    with (src / "locale" / "ko" / "LC_MESSAGES" / "lossbook-widgets.po").open("rb") as f:
        merged = {m.id: m for m in read_po(f) if m.id}
    assert changed in merged and texts[0][0] not in merged
    kept = catalog_messages()
    for text, _, _ in texts[1:]:
        assert merged[text].string == kept[text]
    assert merged[changed].fuzzy or not merged[changed].string


@pytest.mark.parametrize("kind", ["prompt", "hint", "explanation"])
def test_every_kind_of_text_is_translated_into_korean(kind):
    messages = catalog_messages()
    for text, notebook, what in i18n.question_texts(ROOT):
        if what == kind:
            assert any("\uac00" <= ch <= "\ud7a3" for ch in messages[text]), (notebook, text)
