"""A Sphinx search language for Korean, so that the Korean edition's search finds its words.

Loaded by ``_config.yml`` (``sphinx.local_extensions``); it matters only to the Korean edition
(``language = "ko"``, see ``_ext/lossbook_i18n.py``).

**Why.** Sphinx has no Korean search language, so a Korean page is indexed like an English one:
one term per run of word characters.  But a Korean word carries its particles and endings
("평균입니다", "평균을", "softmax는"), so the index holds "평균을" and a search for "평균" finds
nothing (Sphinx only looks for parts of words in query terms of more than two letters, and most
Korean nouns have two syllables).

**What.** The classic answer for CJK text without a dictionary: character bigrams.

- *index* (:meth:`SearchKorean.split`): every run of Hangul becomes its syllable bigrams, plus the
  whole run ("평균을" -> "평균을", "평균", "균을"); a one-syllable run stays as it is.  Hangul
  and Latin letters in one word are split apart ("softmax는" -> "softmax", "는"); Latin words are
  lower-cased and stemmed as in English (Porter, as Sphinx's English search does);
- *query* (:data:`JS_SPLITTER`, the ``splitQuery`` of the search page): the same split, but a
  Hangul run of two or more syllables gives only its bigrams ("평균을" -> "평균", "균을"): every
  bigram is then a required term, so the query finds the pages that hold all of its syllable pairs,
  whatever particle follows ("손실 함수" -> "손실", "함수" finds "손실 함수는").  A two-syllable query
  is one bigram, which Sphinx looks up exactly (it discards short terms only beside longer ones).

Known limits: a one-syllable query ("값") finds only the pages where that syllable stands alone;
in a query that mixes Hangul with a Latin word of three or more letters, Sphinx's searchtools
makes the two-letter terms (the bigrams) optional; and a compound written without its space
("손실함수") does not find the spaced form ("손실 함수"), since "실함" is not on that page.
"""
from __future__ import annotations

import re

from sphinx.search.en import SearchEnglish

#: Hangul syllables, Hangul Jamo and Hangul Compatibility Jamo (as escapes that Python's and
#: JavaScript's regular expressions read alike)
HANGUL = r"\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_PARTS = re.compile(f"[{HANGUL}]+|[^{HANGUL}]+")
_IS_HANGUL = re.compile(f"[{HANGUL}]")


def bigrams(run: str) -> list[str]:
    """The two-syllable pieces of ``run`` (the run itself when it is shorter)."""
    return [run[i:i + 2] for i in range(len(run) - 1)] or [run]


# The query side, in JavaScript: the page's language_data.js defines it after searchtools.js,
# replacing searchtools' default splitQuery.  (The template inserts it unescaped.)
JS_SPLITTER = r"""
/* lossbook_search_ko: a Hangul run is searched as its syllable bigrams ("평균을" -> 평균, 균을) */
var splitQuery = (query) => {
  const terms = [];
  for (const word of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    for (const part of word.match(/[HANGUL]+|[^HANGUL]+/gu) || []) {
      if (!/^[HANGUL]/u.test(part) || part.length < 2) terms.push(part);
      else for (let i = 0; i + 1 < part.length; i++) terms.push(part.slice(i, i + 2));
    }
  }
  return terms;
};
""".replace("HANGUL", HANGUL)


class SearchKorean(SearchEnglish):
    """Korean: Hangul as syllable bigrams (and whole runs), Latin words as in English."""

    lang = "ko"
    language_name = "Korean"
    js_splitter_code = JS_SPLITTER

    def split(self, input: str) -> list[str]:
        terms: list[str] = []
        for word in self._word_re.findall(input):
            for part in _PARTS.findall(word.lower()):
                if _IS_HANGUL.match(part) and len(part) > 2:
                    terms.append(part)
                    terms.extend(bigrams(part))
                else:
                    terms.append(part)
        return terms

    def stem(self, word: str) -> str:
        return word if _IS_HANGUL.match(word) else super().stem(word)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
