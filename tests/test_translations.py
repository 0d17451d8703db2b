"""The Korean catalogs (``locale/ko/LC_MESSAGES``): every message translated and none fuzzy, the
markup kept, the glossary's terms used, and no catalog stale against the sources
(``_ext/check_translations.py``); and each check shown to fail on a tiny catalog made to fail."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

import check_translations as ct  # noqa: E402

CATALOGS = sorted(ct.CATALOGS.rglob("*.po"))


@pytest.mark.parametrize("path", CATALOGS, ids=[str(p.relative_to(ct.CATALOGS)) for p in CATALOGS])
def test_catalog_passes(path):
    assert ct.check_file(path) == []


def test_no_catalog_is_stale_and_the_check_writes_nothing():
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in CATALOGS}
    assert ct.stale_catalogs(ROOT) == []
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in CATALOGS} == before


def test_the_term_table_comes_from_the_glossary():
    rows, book_terms = ct.glossary_terms()
    by_english = {english: (term, rejected) for english, term, rejected in rows}
    assert by_english["regularization"] == ("규제", ["정규화", "정칙화"])
    assert by_english["gradient"] == ("기울기", ["그래디언트"])
    assert "경사 하강법" in book_terms and "정규화되지 않은 로그 확률" in book_terms
    assert "label" not in by_english  # "label / class": two terms, not alternatives


# ---- each check can fail -------------------------------------------------------------------------
HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

'''


def catalog(tmp_path, body: str, name: str = "page.po") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_a_good_catalog_passes(tmp_path):
    path = catalog(tmp_path, 'msgid "The loss is $x$ with a penalty of 2.5."\n'
                             'msgstr "손실은 $x$이고 페널티는 2.5이다."\n')
    assert ct.check_file(path) == []


def test_an_empty_msgstr_fails(tmp_path):
    path = catalog(tmp_path, 'msgid "The loss."\nmsgstr ""\n')
    assert [p.split(": ")[-1] for p in ct.check_file(path)] == ["not translated"]


def test_a_fuzzy_message_fails(tmp_path):
    path = catalog(tmp_path, '#, fuzzy\nmsgid "The loss."\nmsgstr "손실."\n')
    assert [p.split(": ")[-1] for p in ct.check_file(path)] == ["fuzzy"]


def test_changed_math_fails(tmp_path):
    path = catalog(tmp_path, 'msgid "The loss is $x$."\nmsgstr "손실은 $y$이다."\n')
    problems = ct.check_file(path)
    assert any("'$x$' changed or missing" in p for p in problems)
    assert any("'$y$' is not in the source" in p for p in problems)


def test_regularization_as_jeonggyuhwa_alone_fails(tmp_path):
    path = catalog(tmp_path, 'msgid "Regularization prefers small weights."\n'
                             'msgstr "정규화는 작은 가중치를 선호한다."\n')
    problems = ct.check_file(path)
    assert len(problems) == 1
    assert "page.po" in problems[0] and "'Regularization prefers" in problems[0]
    assert "term 'regularization'" in problems[0] and "'정규화'" in problems[0]


@pytest.mark.parametrize("msgid, msgstr", [
    ("L2 regularization (chapter 8).", "L2 규제(regularization, 정규화, [8장](08.ipynb))."),
    ("Regularization: the penalty.", "규제: 페널티."),
    ("The unnormalized log-probabilities and the regularization.",
     "정규화되지 않은 로그 확률과 규제."),
    ("One gradient descent step.", "경사 하강법의 한 스텝."),
    ("Divide by the sum to normalize.", "합으로 나누어 정규화한다."),
])
def test_the_book_terms_and_the_gloss_pass(msgid, msgstr):
    assert ct.check_terms(msgid, msgstr) == []


@pytest.mark.parametrize("msgid, msgstr, term", [
    ("The gradient of the loss.", "손실의 그래디언트.", "gradient"),
    ("The gradient of the loss.", "손실의 경사.", "gradient"),
    ("The cross-entropy loss.", "크로스 엔트로피 손실.", "cross-entropy"),
    ("The penalty grows.", "벌점이 커진다.", "penalty"),
    ("A soft target.", "소프트 타깃.", "target"),
    ("See Part IV.", "IV부를 보라.", "Part"),
    ("This is erratum 3.", "오류 3번이다.", "erratum"),
])
def test_rejected_variants_fail(msgid, msgstr, term):
    problems = ct.check_terms(msgid, msgstr)
    assert problems and f"term {term!r}" in problems[0]


def test_a_stale_msgid_fails(tmp_path):
    src = tmp_path / "src"
    po = catalog(src / "locale" / "ko" / "LC_MESSAGES" / "chapters", 'msgid "The old loss."\n'
                 'msgstr "예전 손실."\n\nmsgid "Kept."\nmsgstr "그대로."\n', "page.po")
    pots = tmp_path / "pot"
    (pots / "chapters").mkdir(parents=True)
    (pots / "chapters" / "page.pot").write_text(
        HEADER + 'msgid "The new loss."\nmsgstr ""\n\nmsgid "Kept."\nmsgstr ""\n', encoding="utf-8")
    (pots / "other.pot").write_text(HEADER + 'msgid "New page."\nmsgstr ""\n', encoding="utf-8")
    before = po.read_bytes()
    problems = ct.stale_catalogs(src, templates=pots)
    assert po.read_bytes() == before
    assert any("page.po: stale: new message 'The new loss.'" in p
               or "page.po: stale: message would be fuzzy 'The new loss.'" in p for p in problems)
    assert any("other.po: stale: no catalog" in p for p in problems)
    # and a catalog matching its template is not stale
    (pots / "other.pot").unlink()
    (pots / "chapters" / "page.pot").write_text(
        HEADER + 'msgid "The old loss."\nmsgstr ""\n\nmsgid "Kept."\nmsgstr ""\n', encoding="utf-8")
    assert ct.stale_catalogs(src, templates=pots) == []
