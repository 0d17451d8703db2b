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
