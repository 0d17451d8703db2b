"""A chapter as an assignment (``lossbook-assignment``): answers out, exercises and checks in.

Checked on the book's own chapters: every answer key (cells tagged ``solution``) and every
written answer (``<details class="lossbook-solution">``) is gone, every other cell is kept in
order with its text, outputs are cleared, the stubs and checks keep nbgrader's metadata, and the
assignment runs top to bottom in a fresh kernel with every check saying "not written yet".
"""
from __future__ import annotations

import hashlib
import html.parser
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lossbook import exercises
from lossbook.exercises.assignment import make_assignment, write_assignment

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
WITH_EXERCISES = [p for p in CHAPTERS if any(
    c.metadata.get("nbgrader", {}).get("solution")
    for c in nbformat.read(p, as_version=4).cells)]


class _Outside(html.parser.HTMLParser):
    """The text of a markdown cell outside its ``<details>`` answers, and the answers' count."""

    def __init__(self):
        super().__init__()
        self.depth, self.answers, self.text = 0, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self.depth += 1
            self.answers += 1

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.text.append(data)


def outside_answers(markdown: str) -> tuple[list[str], int]:
    parser = _Outside()
    parser.feed(markdown)
    return " ".join(parser.text).split(), parser.answers


def test_the_chapters_have_exercises_to_write():
    stems = {p.stem for p in WITH_EXERCISES}
    assert {"03_svm_loss", "04_softmax", "06_regression_losses", "07_classification_losses",
            "08_regularization"} <= stems


def test_every_exercise_of_the_checker_is_in_a_chapter():
    checked = set()
    for path in WITH_EXERCISES:
        for cell in nbformat.read(path, as_version=4).cells:
            checked |= set(re.findall(r'lb\.exercises\.check\("(\w+)"', cell.source))
    assert set(exercises.names()) <= checked


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.stem)
def test_answers_are_removed_and_nothing_else(path):
    book = nbformat.read(path, as_version=4)
    made = make_assignment(book)
    out = made.notebook
    keys = [c for c in book.cells if "solution" in c.metadata.get("tags", [])]
    assert keys and made.answer_cells_removed == len(keys)
    assert all("lb.exercises.check(" in c.source or "holds one solution" in c.source
               for c in keys)
    kept = [c for c in book.cells if c not in keys]
    assert [c.id for c in out.cells] == [c.id for c in kept if c.cell_type != "markdown"
                                         or outside_answers(c.source)[0]]
    answers = 0
    by_id = {c.id: c for c in out.cells}
    for cell in kept:
        if cell.cell_type == "markdown":
            words, n = outside_answers(cell.source)
            answers += n
            if words:   # the text outside the answers is kept word for word
                assert outside_answers(by_id[cell.id].source) == (words, 0)
        else:
            assert by_id[cell.id].source == cell.source
            assert by_id[cell.id].outputs == [] and by_id[cell.id].execution_count is None
    assert made.written_answers_removed == answers > 0
    text = "\n".join(c.source for c in out.cells)
    assert "lossbook-solution" not in text and "_solution(" not in text
    assert "widgets" not in out.metadata
    stubs = [c for c in out.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [c.metadata.nbgrader.grade_id for c in stubs] == list(made.exercises)
    assert all("raise NotImplementedError()" in c.source for c in stubs)
    checks = [c for c in out.cells if c.metadata.get("nbgrader", {}).get("locked")]
    assert len(checks) >= len(stubs) and all("lb.exercises.check(" in c.source
                                             for c in checks)
    assert nbformat.validate(out) is None
    assert book == nbformat.read(path, as_version=4)   # the book's notebook is untouched


def test_the_assignment_runs_and_every_check_says_not_written(tmp_path):
    from nbclient import NotebookClient

    path = ROOT / "chapters" / "03_svm_loss.ipynb"
    target = write_assignment(path, tmp_path)
    nb = nbformat.read(target, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    checks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("locked")]
    assert checks
    for cell in checks:
        shown = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        assert "not written yet" in shown, (cell.source, shown)
    assert not any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_command_line(tmp_path):
    source = ROOT / "chapters" / "04_softmax.ipynb"
    before = _digest(source)
    run = [sys.executable, "-m", "lossbook.exercises.assignment"]
    done = subprocess.run([*run, str(source), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "exercise(s) to write" in done.stdout and "answer cell(s)" in done.stdout
    written = tmp_path / "out" / source.name
    assert written.is_file()
    # nothing lost: an existing file is kept unless --force
    written.write_text("a student's work", encoding="utf8")
    again = subprocess.run([*run, str(source), "-o", str(tmp_path / "out")],
                           capture_output=True, text=True, check=False)
    assert again.returncode == 2 and "--force" in again.stderr and "Traceback" not in again.stderr
    assert written.read_text(encoding="utf8") == "a student's work"
    forced = subprocess.run([*run, str(source), "-o", str(tmp_path / "out"), "--force"],
                            capture_output=True, text=True, check=False)
    assert forced.returncode == 0 and nbformat.read(written, as_version=4).cells
    # never over the book's own notebook
    home = subprocess.run([*run, str(source), "-o", str(source.parent), "--force"],
                          capture_output=True, text=True, check=False)
    assert home.returncode == 2 and "source itself" in home.stderr
    missing = subprocess.run([*run, str(tmp_path / "nope.ipynb")], capture_output=True,
                             text=True, check=False)
    assert missing.returncode == 2 and "nope.ipynb" in missing.stderr
    assert _digest(source) == before
