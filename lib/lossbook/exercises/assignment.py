"""Write a chapter as an assignment: the answers removed, the exercises and their checks kept.

For a teacher handing a chapter out::

    lossbook-assignment chapters/03_svm_loss.ipynb -o assignment/
    python -m lossbook.exercises.assignment chapters/*.ipynb -o assignment/

The book's notebooks mark their exercises with nbgrader's cell metadata (``"nbgrader":
{"solution": true, ...}`` on the cell the student fills in, ``"locked": true`` on the cell that
checks it), so the assignment can also be released and collected with nbgrader. What this command
removes:

* every cell tagged ``solution`` (the folded answer keys: a solution and the check it passes);
* every written answer, ``<details class="lossbook-solution">…</details>``, from the markdown
  (a markdown cell left empty by it is dropped);
* every output, execution count and saved widget state (the student runs the notebook).

Everything else is kept, in order: the story, the exercises, the stubs (``raise
NotImplementedError()``, so each check reports "not written yet") and the checks.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

__all__ = ["SOLUTION_TAG", "Assignment", "make_assignment", "write_assignment", "main"]

#: the tag of a cell that is part of an answer key
SOLUTION_TAG = "solution"
_WRITTEN_ANSWER = re.compile(r'\n*<details class="lossbook-solution">.*?</details>[ \t]*\n?',
                             re.S)


@dataclass(frozen=True)
class Assignment:
    """What :func:`make_assignment` made: the notebook and what was taken out of it."""
    notebook: nbformat.NotebookNode
    answer_cells_removed: int
    written_answers_removed: int
    exercises: tuple[str, ...]   # the grade ids of the cells the student fills in

    def summary(self, name: str) -> str:
        return (f"{name}: {len(self.exercises)} exercise(s) to write "
                f"({', '.join(self.exercises) or 'none'}); removed "
                f"{self.answer_cells_removed} answer cell(s) and "
                f"{self.written_answers_removed} written answer(s)")


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def make_assignment(notebook: nbformat.NotebookNode) -> Assignment:
    """The assignment version of a book notebook (a new notebook; the argument is unchanged)."""
    if not isinstance(notebook, nbformat.NotebookNode) or "cells" not in notebook:
        raise TypeError(f"notebook must be a notebook read with nbformat; got "
                        f"{type(notebook).__name__}")
    nb = nbformat.from_dict(notebook)   # a deep copy
    cells, removed, answers, exercises = [], 0, 0, []
    for cell in nb.cells:
        if SOLUTION_TAG in _tags(cell):
            removed += 1
            continue
        if cell.cell_type == "markdown":
            text, n = _WRITTEN_ANSWER.subn("\n", cell.source)
            answers += n
            if n:
                cell.source = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
                if not cell.source.strip():
                    continue
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            if cell.metadata.get("nbgrader", {}).get("solution"):
                exercises.append(cell.metadata["nbgrader"].get("grade_id", "?"))
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return Assignment(nb, removed, answers, tuple(exercises))


def write_assignment(source: str | Path, out_dir: str | Path, *, force: bool = False) -> Path:
    """Read the notebook ``source``, write its assignment version into ``out_dir`` under the
    same name and return that path. An existing file is kept unless ``force``; the source
    itself is never overwritten."""
    source = Path(source)
    if source.suffix != ".ipynb" or not source.is_file():
        raise FileNotFoundError(f"source must be an existing .ipynb notebook; got {str(source)!r}")
    out_dir = Path(out_dir)
    target = out_dir / source.name
    if target.exists() and target.resolve() == source.resolve():
        raise ValueError(f"out_dir {str(out_dir)!r} holds the source itself; choose another "
                         "folder (the book's notebook would lose its answers)")
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; pass force=True (--force) to replace it")
    made = make_assignment(nbformat.read(source, as_version=4))
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(made.notebook, target)
    print(made.summary(str(target)))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lossbook-assignment",
        description="Write chapters as assignments: answers removed, exercises and checks kept.")
    parser.add_argument("notebooks", nargs="+", help="the chapters' .ipynb files")
    parser.add_argument("-o", "--out-dir", default="assignment",
                        help="folder to write into (default: ./assignment)")
    parser.add_argument("--force", action="store_true", help="replace existing files")
    args = parser.parse_args(argv)
    try:
        for path in args.notebooks:
            write_assignment(path, args.out_dir, force=args.force)
    except (OSError, ValueError, TypeError) as exc:
        print(f"lossbook-assignment: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
