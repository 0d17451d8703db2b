"""The print edition (issue 16): what the LaTeX build makes of the book, and the PDF itself.

Most tests read the LaTeX source that ``jupyter-book build --builder latex`` writes with the print
edition's changes (``_ext/lossbook_print.py``); that needs no TeX, and stands in pictures made
here for the explorers' screenshots.  Each expectation is taken from the notebooks themselves
(their saved widget state, their exercise and solution cells), never written down twice.

The last test runs the README's print command, ``python _ext/print_book.py``, into a temporary
folder: it needs TeX Live, the fonts, poppler and Chromium (``.ci/run`` installs them; elsewhere it
is skipped with the reason, or fails with ``LOSSBOOK_REQUIRE_TEX=1``).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import print_book  # noqa: E402

URL = "https://lossbook.github.io/lossbook"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
QUESTION = "lossbook.widgets.question.Question"
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


def notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf8"))


def views(path: Path) -> list[tuple[str, dict]]:
    """(model id, saved state) of every widget view the notebook shows, in order."""
    nb = notebook(path)
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    out = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                out.append((view["model_id"], state[view["model_id"]]["state"]))
    return out


def explorers(path: Path) -> list[tuple[str, dict]]:
    return [(m, s) for m, s in views(path) if s.get("_anywidget_id") != QUESTION]


def questions(path: Path) -> list[dict]:
    return [s for _, s in views(path) if s.get("_anywidget_id") == QUESTION]


def build_latex(out: Path, pictures: Path) -> tuple[str, str, Path]:
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb) if jb.exists() else "jupyter-book", "build", str(ROOT), "--builder", "latex",
           "-W", "-n", "--keep-going", "--path-output", str(out)]
    env = dict(os.environ, LOSSBOOK_PRINT_PICTURES=str(pictures))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env,
                          stdin=subprocess.DEVNULL)
    log = proc.stdout + proc.stderr
    latex_dir = out / "_build" / "latex"
    tex = latex_dir / "lossbook.tex"
    assert tex.is_file(), "the LaTeX build wrote no lossbook.tex:\n" + log[-6000:]
    return tex.read_text(encoding="utf8"), log, latex_dir


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The LaTeX source, with a stand-in picture (a different colour each) for every explorer."""
    pictures = tmp_path_factory.mktemp("pictures")
    index = {}
    for k, path in enumerate(NOTEBOOKS):
        for j, (model_id, state) in enumerate(explorers(path)):
            png = Path(path.stem) / f"{model_id}.png"
            (pictures / png.parent).mkdir(exist_ok=True)
            matplotlib.image.imsave(pictures / png, np.full((6, 8), k + j / 10), vmin=0, vmax=12)
            index[model_id] = {"page": f"chapters/{path.stem}", "png": png.as_posix(),
                               "title": state["_title"]}
    (pictures / "index.json").write_text(json.dumps(index), encoding="utf8")
    tex, log, latex_dir = build_latex(tmp_path_factory.mktemp("print"), pictures)
    assert "WARNING" not in log, "the print build warns:\n" + "\n".join(
        line for line in log.splitlines() if "WARNING" in line)
    return tex, latex_dir


def chapter_tex(tex: str, stem: str) -> str:
    """The LaTeX of one page, from its ``\\chapter`` to the next ``\\chapter`` or ``\\part``."""
    label = f"\\label{{\\detokenize{{chapters/{stem}::doc}}}}"
    at = tex.index(label)
    start = tex.rfind("\\chapter{", 0, at)
    ends = [i for i in (tex.find("\\chapter{", at), tex.find("\\part{", at),
                        tex.find("\\begin{sphinxthebibliography}", at)) if i >= 0]
    return tex[start:min(ends) if ends else len(tex)]


def split_at_solutions(chapter: str) -> tuple[str, str]:
    heads = [m.start() for m in re.finditer(r"\\section\{Solutions\}", chapter)]
    assert len(heads) <= 1
    return (chapter, "") if not heads else (chapter[:heads[0]], chapter[heads[0]:])


def untex(text: str) -> str:
    """LaTeX's escapes undone where the tests compare texts: ``01\\_semantic`` -> ``01_semantic``."""
    return text.replace("\\sphinxhyphen{}", "-").replace("\\_", "_")


def plain(text: str, n: int = 40) -> str:
    """The first words of a text, up to the first character LaTeX would escape."""
    return re.split(r"[\\$%&_{}#^~`*]", text)[0][:n].strip()


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if explorers(p)], ids=lambda p: p.stem)
def test_every_explorer_prints_as_its_picture_with_the_live_address(book, path):
    tex, latex_dir = book
    chapter = chapter_tex(tex, path.stem)
    for model_id, state in explorers(path):
        assert chapter.count(f"explorer-{model_id}") == 1, state["_title"]
        assert (latex_dir / f"explorer-{model_id}.png").is_file()
        figure = chapter[chapter.index(f"explorer-{model_id}"):]
        caption = figure[:figure.index("\\end{figure}")]
        assert f"{URL}/chapters/{path.stem}.html" in untex(caption)
        assert plain(state["_title"], 20) in caption


def test_no_widget_text_in_print(book):
    tex, _ = book
    for machine in ("Explorer(", "Question(", "VBox(", "IPY_MODEL_", WIDGET_VIEW):
        assert machine not in tex


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if questions(p)], ids=lambda p: p.stem)
def test_questions_print_with_their_answer_in_the_solutions(book, path):
    from lossbook.widgets.question import Question

    tex, _ = book
    body, solutions = split_at_solutions(chapter_tex(tex, path.stem))
    number = int(path.stem.split("_")[0])
    for k, state in enumerate(questions(path), start=1):
        data = state["data"]
        label = f"Question {number}.{k}"
        assert plain(data["prompt"]) in untex(body.split(label, 1)[1][:400]), label
        question = Question(data["prompt"], answer=data["answer"], tolerance=data["tolerance"],
                            hints=data["hints"], explanation=data["explanation"],
                            integer=data["integer"], unit=data["unit"])
        reveal = question.reveal()
        question.close()
        answer = solutions.split(f"Answer to {label}", 1)[1][:600]
        assert plain(reveal, 30) in answer, (label, reveal)


def exercise_numbers(path: Path) -> tuple[list[str], list[str]]:
    """The numbers of the chapter's exercises with a written solution, and with a code key."""
    written, keys = [], []
    for cell in notebook(path)["cells"]:
        text = "".join(cell["source"])
        written += re.findall(r"<summary>Solution to Exercise ([\d.]+)</summary>", text)
        if "solution" in cell.get("metadata", {}).get("tags", []) and cell["cell_type"] == "code":
            keys += re.findall(r"# A solution to Exercise ([\d.]+)", text)
    return written, keys


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if exercise_numbers(p)[0]],
                         ids=lambda p: p.stem)
def test_solutions_are_gathered_at_the_end_of_their_chapter(book, path):
    tex, _ = book
    body, solutions = split_at_solutions(chapter_tex(tex, path.stem))
    written, keys = exercise_numbers(path)
    positions = []
    for number in written:
        assert f"Exercise {number}" in body            # the exercise stays in the text
        assert f"Solution to Exercise {number}" not in body
        assert solutions.count(f"Solution to Exercise {number}.") == 1
        positions.append(solutions.index(f"Solution to Exercise {number}."))
    assert positions == sorted(positions)              # in the order of the exercises
    for number in keys:                                # the code key, after its written answer
        assert f"A solution to Exercise {number}" not in body
        key = solutions.index(f"A solution to Exercise {number}")
        assert key > solutions.index(f"Solution to Exercise {number}.")


def test_screen_only_text_and_the_install_cell_are_left_out(book):
    tex, _ = book
    sources = "".join("".join(c["source"]) for p in NOTEBOOKS for c in notebook(p)["cells"])
    screen_only = re.findall(r'<div class="lossbook-screen-only">\s*(.*?)\s*</div>', sources,
                             re.S)
    assert len(screen_only) >= 10
    for text in set(screen_only):
        assert plain(text) not in tex, text
    assert "Install the book" in sources
    assert "Install the book" not in tex


def test_hand_numbered_equations_keep_their_tag_outside_split(book):
    tex, _ = book
    sources = "".join("".join(c["source"]) for p in NOTEBOOKS for c in notebook(p)["cells"]
                      if c["cell_type"] == "markdown")
    # in $$ ... $$ (Sphinx wraps it in split); an align* environment is written as it is
    tags = [tag for block in re.findall(r"\$\$(.*?)\$\$", sources, re.S)
            for tag in re.findall(r"\\tag\{([^}]*)\}", block)]
    assert len(tags) >= 10
    for tag in tags:
        at = tex.index(f"\\tag{{{tag}}}")
        assert tex[:at].rstrip().endswith("\\end{split}"), tag
        assert tex[at:].lstrip(f"\\tag{{{tag}}}").lstrip().startswith("\\end{equation*}"), tag


def test_parts_appendix_about_and_references(book):
    tex, _ = book
    captions = re.findall(r'caption:\s*"([^"]+)"', (ROOT / "_toc.yml").read_text("utf8"))
    parts = re.findall(r"\\part\{([^}]*)\}", tex)
    assert parts == [re.sub(r"^[IVX]+\.\s+", "", c) for c in captions]
    assert tex.index("\\appendix") < tex.index("\\part{Appendix}")
    assert tex.index("\\part{Appendix}") < tex.index("\\label{\\detokenize{chapters/notation::doc}}")
    assert tex.count("\\chapter*{About this book}") == 1
    assert tex.index("\\chapter*{About this book}") < tex.index("\\part{")
    assert not re.search(r"\\(sub)*section\{\d+\. ", tex)   # the errata's own numbers dropped
    assert tex.count("\\begin{sphinxthebibliography}") == 1
    assert "\\chapter{References}" not in tex
    assert tex.count("\\label{\\detokenize{chapters/references::doc}}") == 1


def test_tables_wrap_their_text(book):
    tex, _ = book
    specs = re.findall(r"\\begin\{(longtable|tabulary|tabular)\}(?:\[[^\]]*\])?(?:\{[^}]*\})?"
                       r"\{([^}]*)\}", tex)
    assert len(specs) >= 10
    for env, spec in specs:
        assert not re.fullmatch(r"[|lcr]+", spec), (env, spec)   # l/c/r columns never wrap


def test_without_pictures_explorers_print_their_controls(tmp_path):
    tex, log, _ = build_latex(tmp_path / "out", tmp_path / "no-pictures")
    n = sum(len(explorers(p)) for p in NOTEBOOKS)
    assert f"no picture of {n} explorer(s)" in log
    assert tex.count("saved value") == n
    state = explorers(ROOT / "chapters" / "03_svm_loss.ipynb")[0][1]
    assert "margin" in state and f"{state['margin']:.6g}" in chapter_tex(tex, "03_svm_loss")


def test_the_print_command_builds_and_checks_the_pdf(tmp_path):
    missing = print_book.missing_tools()
    if missing:
        if os.environ.get("LOSSBOOK_REQUIRE_TEX"):
            pytest.fail(f"LOSSBOOK_REQUIRE_TEX is set but the print route lacks {missing}")
        pytest.skip(f"the print route needs {', '.join(sorted(missing))} "
                    "(`python _ext/print_book.py` installs them on Debian as root)")
    proc = subprocess.run([sys.executable, str(ROOT / "_ext" / "print_book.py"), "--out",
                           str(tmp_path), "--no-install"], capture_output=True, text=True,
                          timeout=1800, cwd=ROOT, stdin=subprocess.DEVNULL)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-8000:]
    assert "OK: no problems found" in out
    pdf = tmp_path / "_build" / "latex" / "lossbook.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    n = sum(len(explorers(p)) for p in NOTEBOOKS)
    assert re.sub(r"\s+", " ", text).count("move its controls in the online book") == n
    shots = json.loads((tmp_path / "_build" / "print-explorers" / "index.json").read_text())
    assert len(shots) == n
    # Korean keeps the spaces between its words ("선형 분류기", not "선형분류기")
    flat = re.sub(r"\s+", " ", text)
    glossary = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf8")
    korean = {term.strip() for row in re.findall(r"^\|[^|]*\|([^|]*)\|", glossary, re.M)
              for term in row.split("/") if re.search(r"[\uac00-\ud7af] [\uac00-\ud7af]", term)}
    assert len(korean) >= 20
    run_together = sorted(t for t in korean if t.replace(" ", "") in flat)
    assert not run_together, run_together
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                            text=True).stdout
    widths = {int(line.split()[3]) for line in images.splitlines()[2:] if line.split()}
    assert {entry["width_px"] for entry in shots.values()} <= widths   # the pictures, embedded
