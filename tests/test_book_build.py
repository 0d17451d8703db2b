"""The book builds with warnings as errors, and every page of _toc.yml becomes an HTML page."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def toc_files():
    """Every `file:` entry of _toc.yml (and the root), read without a YAML library."""
    text = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    root = re.search(r"^root:\s*(\S+)", text, re.M).group(1)
    files = [m.group(1) for m in re.finditer(r"^\s*-\s*file:\s*(\S+)", text, re.M)]
    return [root] + files


@pytest.fixture(scope="module")
def built_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb) if jb.exists() else "jupyter-book", "build", str(ROOT), "--all", "-W", "-n",
           "--keep-going", "--path-output", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, "the book does not build with -W:\n" + log[-6000:]
    return out / "_build" / "html"


def test_book_builds_with_warnings_as_errors(built_book):
    assert (built_book / "index.html").is_file()


def test_every_toc_page_is_rendered(built_book):
    pages = toc_files()
    assert "intro" in pages and len(pages) >= 2
    for page in pages:
        html = built_book / (Path(page).with_suffix("").as_posix() + ".html")
        assert html.is_file(), f"{page} from _toc.yml has no page in the built book"


def test_every_chapter_file_is_in_the_toc():
    listed = {Path(p).with_suffix("").as_posix() for p in toc_files()}
    for path in sorted((ROOT / "chapters").glob("*")):
        if path.suffix in (".ipynb", ".md"):
            stem = path.relative_to(ROOT).with_suffix("").as_posix()
            assert stem in listed, f"{stem} is in chapters/ but not in _toc.yml"


def _text(html_fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html_fragment).split())


def test_citations_read_like_their_bibliography_labels(built_book):
    """A reader looks a citation up by its text: "Li et al., 2017" in a chapter must be the label
    "[Li et al., 2017]" of the entry it links to on the references page (not "[LJYK17]")."""
    refs = (built_book / "chapters" / "references.html").read_text(encoding="utf-8")
    labels = {m.group(1): _text(m.group(2)) for m in re.finditer(
        r'<div class="citation" id="([^"]+)"[^>]*>\s*<span class="label">(.*?)</span>\s*</span>',
        refs, re.S)}
    assert labels, "no bibliography entries found on the references page"
    checked, wrong = 0, []
    link = re.compile(r'<a class="reference internal" href="(?:chapters/)?references\.html'
                      r'#([^"]+)"[^>]*>(.*?)</a>', re.S)
    for page in sorted(built_book.rglob("*.html")):
        if page.name == "references.html" or "_static" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        for span in re.finditer(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', html, re.S):
            # parenthetical "[Li et al., 2017]": the link is the label; textual
            # "Weston and Watkins [1999]": the authors stand before the bracket, the year is linked
            authors = _text(span.group(1).split("[", 1)[0])
            for m in link.finditer(span.group(1)):
                anchor, cited = m.group(1), _text(m.group(2))
                if authors and re.fullmatch(r"\d{4}[a-z]?", cited):
                    cited = f"{authors}, {cited}"
                checked += 1
                label = labels.get(anchor, "(no entry)").strip("[]")
                if cited != label:
                    wrong.append(f"{page.name}: cites {cited!r}, the entry's label is {label!r}")
    assert checked >= 10, f"only {checked} citations found: did the citation markup change?"
    assert not wrong, "\n".join(wrong)


WIDGET_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)'
                          r"</script>", re.S)


def _questions(html: str) -> dict[str, dict]:
    import json

    m = WIDGET_STATE.search(html)
    state = json.loads(m.group(1))["state"] if m else {}
    return {mid: s["state"]["data"] for mid, s in state.items()
            if s["state"].get("_anywidget_id", "").endswith(".Question")}


def test_korean_pages_embed_their_questions_in_korean(built_book):
    """The Korean edition (``ko/``, _ext/lossbook_i18n.py) embeds the same questions with their
    texts from locale/ko/LC_MESSAGES/lossbook-widgets.po; the answers stay the same."""
    from babel.messages.pofile import read_po

    with (ROOT / "locale" / "ko" / "LC_MESSAGES" / "lossbook-widgets.po").open("rb") as f:
        catalog = {m.id: m.string for m in read_po(f) if m.id and m.string}
    seen = 0
    for english in sorted((built_book / "chapters").glob("*.html")):
        korean = built_book / "ko" / "chapters" / english.name
        en, ko = (_questions(p.read_text(encoding="utf-8")) for p in (english, korean))
        assert en.keys() == ko.keys(), english.name
        for mid, data in en.items():
            seen += 1
            assert ko[mid]["prompt"] == catalog.get(data["prompt"]), (english.name, data["prompt"])
            assert ko[mid]["answer"] == data["answer"]
            assert [v for v, _ in ko[mid]["hints"]] == [v for v, _ in data["hints"]]
    assert seen >= 10
