"""The Korean edition's search language (``_ext/lossbook_search_ko.py``), without a browser.

- the Python splitter: Hangul runs as syllable bigrams plus the whole run, Latin words apart and
  lower-cased;
- the JavaScript ``splitQuery`` it puts on the search page (run with Node when it is installed):
  a query's terms are the bigrams, each of them a term of the index of a page holding the word
  with any particle;
- a real Sphinx build (``language = "ko"``) of a two-page project: its ``searchindex.js`` holds the
  bigrams of its pages; the same project built without the extension does not (what the extension
  is for).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))

from lossbook_search_ko import JS_SPLITTER, SearchKorean


@pytest.fixture(scope="module")
def korean():
    return SearchKorean({})


# ---- the Python splitter (the index side) ------------------------------------------------------
def test_hangul_run_is_indexed_as_itself_and_its_bigrams(korean):
    assert korean.split("평균입니다") == ["평균입니다", "평균", "균입", "입니", "니다"]
    assert korean.split("평균을") == ["평균을", "평균", "균을"]


def test_short_hangul_runs_stay_whole(korean):
    assert korean.split("평균 값") == ["평균", "값"]


def test_words_and_punctuation(korean):
    assert korean.split("손실 함수는, 곧") == ["손실", "함수는", "함수", "수는", "곧"]


def test_latin_words_are_lower_cased_and_split_from_particles(korean):
    assert korean.split("Softmax는 SVM의 L2-정규화") == [
        "softmax", "는", "svm", "의", "l2", "정규화", "정규", "규화"]
    assert korean.split("cross entropy") == ["cross", "entropy"]


def test_stemming_is_english_for_latin_words_only(korean):
    assert korean.stem("losses") == "loss"
    assert korean.stem("평균을") == "평균을"


# ---- the JavaScript splitter (the query side) ----------------------------------------------------
def split_query(queries: list[str]) -> list[list[str]]:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js is not installed: the JavaScript splitter is tested in the browser "
                    "test (tests/browser/test_search_ko.py)")
    script = (JS_SPLITTER + "\nconsole.log(JSON.stringify(JSON.parse(process.argv[1])"
              ".map((q) => splitQuery(q))));")
    out = subprocess.run([node, "-e", script, json.dumps(queries)], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return json.loads(out)


def test_query_hangul_runs_give_bigrams_only():
    assert split_query(["평균", "평균을", "손실 함수", "값", "softmax", "Softmax는 손실",
                        "L2-정규화"]) == [
        ["평균"], ["평균", "균을"], ["손실", "함수"], ["값"], ["softmax"],
        ["Softmax", "는", "손실"], ["L2", "정규", "규화"]]


@pytest.mark.parametrize("query, text", [
    ("평균", "평균입니다"), ("평균", "평균을 뺀다"), ("손실 함수", "이 손실 함수는 볼록하다"),
    ("정규화", "L2-정규화를 더한다"), ("softmax", "Softmax는 확률을 준다")])
def test_every_query_term_is_an_index_term_of_the_text(korean, query, text):
    index_terms = {korean.stem(word).lower() for word in korean.split(text)}
    query_terms = {korean.stem(term.lower()) for term in split_query([query])[0]}
    assert query_terms <= index_terms, (query, text, query_terms - index_terms)


# ---- a real Sphinx build -------------------------------------------------------------------------
PAGES = {
    "index.rst": "평균과 분산\n================\n\n.. toctree::\n\n   other\n\n"
                 "데이터 손실은 예제별 손실의 평균입니다.\n",
    "other.rst": "두 번째 쪽\n================\n\n이 손실 함수는 Softmax를 씁니다. 평균을 뺀다.\n",
}


def build(src: Path, extensions: list[str]) -> dict:
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        f"extensions = {extensions!r}\n"
        "language = 'ko'\nproject = 'test'\n", encoding="utf8")
    for name, text in PAGES.items():
        (src / name).write_text(text, encoding="utf8")
    out = src.parent / f"{src.name}-html"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W",
                           str(src), str(out)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    raw = (out / "searchindex.js").read_text(encoding="utf8")
    assert raw.startswith("Search.setIndex(") and raw.endswith(")")
    index = json.loads(raw[len("Search.setIndex("):-1])
    index["language_data.js"] = (out / "_static" / "language_data.js").read_text(encoding="utf8")
    return index


def pages_of(index: dict, term: str, kinds=("terms", "titleterms")) -> set[str]:
    """The pages that searchtools.js finds for the (stemmed) term: its text or title terms."""
    pages = set()
    for kind in kinds:
        found = index[kind].get(term, [])
        pages |= {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}
    return pages


@pytest.fixture(scope="module")
def korean_index(tmp_path_factory) -> dict:
    return build(tmp_path_factory.mktemp("ko") / "src", ["lossbook_search_ko"])


def test_build_indexes_bigrams_of_words_with_particles(korean_index):
    assert pages_of(korean_index, "평균") == {"index", "other"}  # 평균입니다, 평균을
    assert pages_of(korean_index, "함수") == {"other"}  # 함수는
    assert pages_of(korean_index, "손실") == {"index", "other"}
    assert pages_of(korean_index, "평균입니다") == {"index"}  # the whole run too


def test_build_indexes_latin_words_apart_from_particles(korean_index):
    assert pages_of(korean_index, "softmax") == {"other"}  # Softmax를


def test_build_indexes_title_bigrams(korean_index):
    assert pages_of(korean_index, "평균", ["titleterms"]) == {"index"}  # 평균과 분산


def test_build_puts_the_splitter_on_the_search_page(korean_index):
    assert "var splitQuery" in korean_index["language_data.js"]
    assert "lossbook_search_ko" in korean_index["language_data.js"]


def test_without_the_extension_the_bigrams_are_missing(tmp_path):
    """What the extension is for: Sphinx's fallback indexes "평균입니다" and "평균을" whole."""
    index = build(tmp_path / "src", [])
    assert pages_of(index, "평균") == set()
    assert pages_of(index, "평균을") == {"other"}
