"""The Korean edition's search, in headless Chromium (``_ext/lossbook_search_ko.py``).

A Korean word carries its particles ("평균은", "평균이"): the search page of the Korean edition
(``ko/search.html?q=...``) must find a chapter for "평균" even when that chapter writes the word
only with a particle attached (such chapters are found in the catalogs, ``locale/ko``), must find
every page holding both words of a two-word query ("손실 함수", on pages with "손실을" or "함수는"),
and must still find an English word ("softmax") on the Korean pages.
"""
from __future__ import annotations

import re
import urllib.parse

from babel.messages.pofile import read_po
from browser_support import ROOT, toc_pages
from lossbook_browser import assert_clean

CATALOGS = ROOT / "locale" / "ko" / "LC_MESSAGES"
SEARCH_TIMEOUT_MS = 30_000


def korean_words(page: str) -> list[str]:
    """The words (runs of word characters) of the page's Korean text, from its catalog."""
    path = CATALOGS / f"{page}.po"
    if not path.is_file():
        return []
    with path.open("rb") as f:
        catalog = read_po(f)
    words = []
    for message in catalog:
        if not message.id or message.fuzzy:  # Sphinx does not use a fuzzy translation
            continue
        strings = [message.string] if isinstance(message.string, str) else message.string
        for text in strings:
            words += re.findall(r"\w+", text or "")
    return words


def only_with_particle(word: str) -> list[str]:
    """The book's pages whose Korean text has ``word`` only with something attached."""
    pages = []
    for page in toc_pages():
        words = korean_words(page)
        if word not in words and any(w.startswith(word) for w in words):
            pages.append(page)
    return pages


def search(new_page, book, query: str):
    """Open the Korean edition's search page for ``query``; return the page when the search is
    done and the pages it lists (as ``chapters/04_softmax``), best first."""
    page = new_page()
    url = f"{book.base_url}/ko/search.html?q={urllib.parse.quote(query)}"
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url}: {response}"
    # searchtools.js writes the summary line ("... found N page(s) ...") when it has finished
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results .search-summary');"
        " return s && s.innerText.trim() !== ''; }", timeout=SEARCH_TIMEOUT_MS)
    hrefs = page.eval_on_selector_all("#search-results ul.search > li > a",
                                      "links => links.map(a => a.href)")
    prefix = f"{book.base_url}/ko/"
    found = []
    for href in hrefs:
        path = urllib.parse.urlsplit(href).path
        assert href.startswith(prefix), f"{query!r}: a result outside the Korean edition: {href}"
        found.append(path[len("/ko/"):].removesuffix(".html"))
    return page, found


HINT = ("-- is the Korean search language loaded? _config.yml needs `lossbook_search_ko: _ext` "
        "under sphinx.local_extensions")


def test_two_syllable_word_finds_the_pages_that_attach_a_particle(new_page, built_book):
    expected = only_with_particle("평균")
    assert expected, ("no page has 평균 only with a particle any more: pick another word from "
                      "locale/ko for this test")
    page, found = search(new_page, built_book, "평균")
    missing = [p for p in expected if p not in found]
    assert not missing, (f"searching 평균 does not list {missing} (their Korean text has it only "
                         f"as {sorted({w for p in missing for w in korean_words(p) if w.startswith('평균')})}); "
                         f"it lists {found} {HINT}")
    # the result's summary shows the word on that page
    item = page.locator("#search-results ul.search > li").filter(
        has=page.locator(f'a[href^="{expected[0]}.html"]'))
    item.locator("p.context").wait_for(timeout=SEARCH_TIMEOUT_MS)
    assert "평균" in item.locator("p.context").inner_text()
    assert_clean(page)


def test_two_word_query_finds_both_words_with_any_particles(new_page, built_book):
    """Each word of the query is required, in any form: "손실 함수" lists every page whose Korean
    text has 손실 and 함수 (such as 손실을 ... 함수는), written alone or with a particle."""
    def has(words, word):
        return any(word in w for w in words)

    expected = [p for p in toc_pages()
                if has(korean_words(p), "손실") and has(korean_words(p), "함수")]
    attached = [p for p in expected if "함수" not in korean_words(p)]
    assert attached, "no page has 함수 only with a particle any more: pick another query"
    page, found = search(new_page, built_book, "손실 함수")
    missing = [p for p in expected if p not in found]
    assert not missing, f"searching 손실 함수 does not list {missing}; it lists {found} {HINT}"
    assert_clean(page)


def test_english_word_finds_the_softmax_chapter(new_page, built_book):
    page, found = search(new_page, built_book, "softmax")
    assert "chapters/04_softmax" in found, f"searching softmax lists {found}"
    assert_clean(page)
