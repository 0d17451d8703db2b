"""The explorers speak the page's language: Korean on the Korean edition, English elsewhere.

The book's Korean pages (``_build/html/ko/...``, ``<html lang="ko">``) embed the same explorers as
the English ones; ``tr()`` of ``widgets/_explorer.js`` shows their texts from the Korean
dictionary ``widgets/_ko.js``.  For every chapter page with explorers, the English and the Korean
page are opened with no kernel, and:

(a) the readouts carry the same keys and values (``data-key``, ``data-value``) on both pages: only
    the words change, never the numbers;
(b) on the Korean page every text an explorer shows -- heading, control labels and options,
    legends, buttons, panel titles and axis labels, readout title and labels, notes, captions,
    the figures' accessible names and descriptions, and the question widgets' labels, buttons
    and messages -- contains Hangul, unless it is a number or a math token (no word in it:
    "W", "τ₁", "∂L/∂w₁", "x₂", once the few math words of :data:`MATH_WORDS` are set aside), also
    after a control moved; and no text went untranslated (``globalThis.lossbookUntranslated``);
(c) the English page shows no Hangul in its explorers and questions.

``tests/test_ko_translations.py`` checks the dictionary against the sources without a browser.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_support import toc_pages
from lossbook.widgets.question import MESSAGES
from lossbook_browser import assert_clean, wait_for_explorers

ROOT = Path(__file__).resolve().parents[2]
EXPLORER_CHAPTERS = [p for p in toc_pages() if (ROOT / f"{p}.ipynb").is_file()
                     and '"AnyModel"' in (ROOT / f"{p}.ipynb").read_text(encoding="utf8")]

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
#: the math words a Korean text may keep without Hangul ("−log P(Y = y) = 0.417")
MATH_WORDS = ("log", "exp", "max", "argmax")  # as in _explorer.js
WORD = re.compile(r"[A-Za-z]{2}")

# every text an explorer (or a question widget) shows, by kind, and its readout's keys and values
TEXTS_JS = r"""() => {
  const clean = (t) => (t || '').replace(/\s+/g, ' ').trim();
  const one = (root, selectors) => {
    const texts = [];
    for (const [kind, selector, attr] of selectors) {
      for (const el of root.querySelectorAll(selector)) {
        const t = clean(attr ? el.getAttribute(attr) : el.textContent);
        if (t) texts.push([kind, t]);
      }
    }
    return texts;
  };
  const EXPLORER = [
    ['heading', '.lb-heading'], ['control', 'label'], ['control', 'legend'],
    ['option', 'option'], ['legend', '.lb-legend-item'], ['button', 'button'],
    ['button title', 'button[title]', 'title'], ['panel title', 'svg.lb-panel text.lb-title'],
    ['axis label', 'svg.lb-panel text.lb-label'], ['tick', 'svg.lb-panel text.lb-tick'],
    ['figure name', 'svg.lb-panel > title'], ['figure description', 'svg.lb-panel > desc'],
    ['readout title', '.lb-readout-title'], ['readout label', '.lb-readout td:first-child'],
    ['note', '.lb-note'], ['caption', '.lb-caption'], ['caption', 'figcaption'],
    ['header', 'th'], ['accessible name', '[aria-label]', 'aria-label']];
  const QUESTION = [['control', 'label'], ['button', 'button'],
    ['message', '.lb-q-verdict']];
  const explorers = [...document.querySelectorAll('.lb-explorer')].map((root) => ({
    title: root.getAttribute('aria-label'),
    texts: [['accessible name', clean(root.getAttribute('aria-label'))], ...one(root, EXPLORER)],
    values: [...root.querySelectorAll('.lossbook-value')].map(
      (e) => `${e.getAttribute('data-key')}=${e.getAttribute('data-value')}`),
  }));
  const questions = [...document.querySelectorAll('.lb-question')].map((root) => ({
    texts: one(root, QUESTION)}));
  return {lang: document.documentElement.lang, explorers, questions,
    untranslated: [...(globalThis.lossbookUntranslated || [])]};
}"""


def open_page(new_page, book, path: str):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(book.url(path), wait_until="load")
    wait_for_explorers(page)
    # chapter 1's photo is decoded in the page: its readout comes when it is drawn
    page.wait_for_function("() => [...document.querySelectorAll('.lb-explorer')].every("
                           "e => e.querySelector('.lossbook-value'))", timeout=60_000)
    return page


def not_korean(texts) -> list:
    """The (kind, text) pairs that should be Korean and are not."""
    def is_math(text):
        for word in MATH_WORDS:
            text = re.sub(rf"\b{word}\b", "", text)
        return not WORD.search(text)
    return [(kind, text) for kind, text in texts if not HANGUL.search(text) and not is_math(text)]


def move_every_first_slider(page):
    """Move the first slider of every explorer (to its end), so that the texts drawn from values
    are drawn again."""
    for slider in page.locator('.lb-explorer input[type="range"]').all():
        slider.focus()
        slider.press("End")
    page.wait_for_timeout(300)


def check_question(page, korean: bool):
    """Type a text that is not a number into the first question and check it: the message (and
    the labels) in the page's language."""
    questions = page.locator(".lb-question")
    if not questions.count():
        return
    q = questions.first
    q.locator("input").fill("abc")
    q.locator("button").first.click()
    message = q.locator('[data-key="message"]')
    message.wait_for()
    text = message.get_attribute("data-value")
    if korean:
        assert HANGUL.search(text), text
    else:
        assert text == MESSAGES["not_a_number"]


@pytest.mark.parametrize("name", EXPLORER_CHAPTERS)
def test_korean_page_explorers_speak_korean_with_the_same_numbers(new_page, book, name):
    if not (book.html_dir / "ko" / f"{name}.html").is_file():
        pytest.skip(f"no Korean page for {name}")
    en_page = open_page(new_page, book, name)
    ko_page = open_page(new_page, book, f"ko/{name}")
    en = en_page.evaluate(TEXTS_JS)
    ko = ko_page.evaluate(TEXTS_JS)
    assert ko["lang"].startswith("ko") and not en["lang"].startswith("ko")
    assert en["explorers"] and len(en["explorers"]) == len(ko["explorers"])

    # (a) the same readout keys and values, explorer by explorer
    for e, k in zip(en["explorers"], ko["explorers"]):
        assert sorted(e["values"]) == sorted(k["values"]), e["title"]

    def check(en, ko, when):
        for e, k in zip(en["explorers"], ko["explorers"]):
            # (b) every text of the Korean page in Korean (numbers and math tokens aside)
            assert not not_korean(k["texts"]), (when, k["title"], not_korean(k["texts"]))
            # (c) no Korean on the English page
            korean = [t for t in e["texts"] if HANGUL.search(t[1])]
            assert not korean, (when, e["title"], korean)
        for e, k in zip(en["questions"], ko["questions"]):
            assert not not_korean(k["texts"]), (when, not_korean(k["texts"]))
            assert not [t for t in e["texts"] if HANGUL.search(t[1])], when
        assert not ko["untranslated"], (when, ko["untranslated"])
        assert not en["untranslated"], (when, en["untranslated"])

    check(en, ko, "as the page opened")
    for page in (en_page, ko_page):
        move_every_first_slider(page)
    check_question(en_page, korean=False)
    check_question(ko_page, korean=True)
    check(en_page.evaluate(TEXTS_JS), ko_page.evaluate(TEXTS_JS), "after the controls moved")
    assert_clean(en_page)
    assert_clean(ko_page)
