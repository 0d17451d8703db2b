"""What makes a chapter launch anywhere, checked without a network: the install cell, the one
repository address, the Python floor and Binder's Python, and exercise answers that stay folded
in every renderer (the book, JupyterLab, Colab and Voilà all read the same markdown).

The real installs (a wheel in a fresh virtual environment, each chapter run alone, the install
cell installing from the repository) are in ``tests/test_launch.py``.
"""
from __future__ import annotations

import html.parser
import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import install_cell

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = install_cell.toc_notebooks()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REPO_URL, BRANCH = install_cell.repository()


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def markdown_cells(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown"]


def test_every_page_notebook_is_checked():
    assert len(NOTEBOOKS) >= 10, [p.name for p in NOTEBOOKS]
    assert sorted(ROOT.glob("chapters/*.ipynb")) == sorted(NOTEBOOKS), \
        "a notebook in chapters/ is not a page of _toc.yml (or the other way round)"


# -- the install cell --------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_installs_lossbook_when_missing(path):
    code = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    first = code[0]
    assert "".join(first["source"]) == install_cell.install_cell_source(), (
        f"{path.name}: the first code cell is not the install cell made from _config.yml; "
        "run `python tests/install_cell.py`")
    for key, value in install_cell.METADATA.items():
        assert first["metadata"].get(key) == value, f"{path.name}: metadata {key!r}"
    assert not any("".join(c["source"]).startswith(install_cell.MARKER) for c in code[1:])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_install_cell_address_is_the_launch_buttons_address(path):
    """The address the cell installs from is read back from the notebook itself and compared
    with ``_config.yml``'s ``repository`` (the launch, repository and issue buttons)."""
    first = next(c for c in load(path)["cells"] if c["cell_type"] == "code")
    found = re.findall(r"lossbook @ git\+(https://[^\s\"@]+)@([\w./-]+)", "".join(first["source"]))
    assert found == [(REPO_URL, BRANCH)]


def test_package_urls_are_the_one_repository_address():
    urls = PYPROJECT["project"]["urls"]
    assert urls, "pyproject.toml has no [project.urls]"
    for name, url in urls.items():
        assert url == REPO_URL or url.startswith(REPO_URL + "/"), f"{name} = {url}"


def test_readme_installs_from_the_one_repository_address():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"git\+(https://[^\s\"@]+)", readme)
    assert found and set(found) == {REPO_URL}, found


def test_install_cell_does_nothing_where_lossbook_is_installed():
    """Run the cell's own text in a Python that has lossbook, with pip made unreachable: it must
    neither call pip nor print anything (nbval and a checkout see no output)."""
    guard = ("import subprocess\n"
             "def refuse(*args, **kwargs):\n"
             "    raise SystemExit('the install cell called a subprocess: ' + repr(args))\n"
             "subprocess.run = subprocess.check_call = subprocess.Popen = refuse\n")
    proc = subprocess.run([sys.executable, "-c", guard + install_cell.install_cell_source()],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout == "" and proc.stderr == ""


def test_install_cell_reports_a_failed_install_clearly(tmp_path):
    """Where lossbook is missing and pip fails, the reader gets pip's own words, not silence."""
    source = install_cell.install_cell_source().replace(
        'find_spec("lossbook")', 'find_spec("lossbook_not_there")')
    fake = tmp_path / "fake_pip.py"
    fake.write_text("import sys\nprint('ERROR: no route to the repository', file=sys.stderr)\n"
                    "sys.exit(1)\n")
    runner = ("import subprocess, sys\n"
              "real = subprocess.run\n"
              f"subprocess.run = lambda args, **kw: real([sys.executable, {str(fake)!r}], **kw)\n")
    proc = subprocess.run([sys.executable, "-c", runner + source], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode != 0
    assert "Installing lossbook @ git+" in proc.stdout
    assert "pip could not install lossbook" in proc.stderr
    assert "no route to the repository" in proc.stderr


# -- Python versions ---------------------------------------------------------------------------

def python_floor() -> Version:
    spec = PYPROJECT["project"]["requires-python"]
    match = re.fullmatch(r">=\s*(\d+\.\d+)", spec)
    assert match, f"requires-python should be a plain floor, not {spec!r}"
    return Version(match[1])


def pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            req = Requirement(line)
            pins[req.name] = str(req.specifier).removeprefix("==")
    return pins


def requires_python(name: str, version: str) -> SpecifierSet:
    dist = importlib.metadata.distribution(name)
    assert dist.version == version, f"{name} {dist.version} is installed, requirements pin {version}"
    return SpecifierSet(dist.metadata.get("Requires-Python") or "")


def test_python_floor_is_one_the_pinned_stack_supports():
    """``requires-python`` states the truth: every pinned release accepts the floor (numpy 2.4,
    for one, needs 3.11), and the running Python is not below it."""
    floor = python_floor()
    refusing = {name: str(requires_python(name, version))
                for name, version in pinned().items()
                if not requires_python(name, version).contains(floor)}
    assert not refusing, f"pinned releases that refuse Python {floor}: {refusing}"
    assert Version(f"{sys.version_info.major}.{sys.version_info.minor}") >= floor


def test_binder_python_is_supported_and_installs_the_pins():
    runtime = (ROOT / ".binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", runtime)
    assert match, f".binder/runtime.txt should read python-X.Y, not {runtime!r}"
    binder = Version(match[1])
    assert binder >= python_floor()
    refusing = [name for name, version in pinned().items()
                if not requires_python(name, version).contains(binder)]
    assert not refusing, f"pinned releases without Python {binder}: {refusing}"
    lines = (ROOT / ".binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-r ../requirements.txt" in [line.strip() for line in lines]


def test_readme_states_the_python_floor():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = set(re.findall(r"Python (\d+\.\d+)\+", readme))
    assert stated == {str(python_floor())}, stated


# -- answers folded everywhere -----------------------------------------------------------------

class _Details(html.parser.HTMLParser):
    """Collects, for each ``<details class="lossbook-solution">``, its summary and the text
    inside it (what a renderer keeps folded)."""

    def __init__(self):
        super().__init__()
        self.depth, self.found, self.outside = 0, [], []
        self.in_summary = False

    def handle_starttag(self, tag, attrs):
        if tag == "details" and ("class", "lossbook-solution") in attrs:
            self.depth += 1
            self.found.append({"summary": "", "body": ""})
        elif tag == "summary" and self.depth:
            self.in_summary = True

    def handle_endtag(self, tag):
        if tag == "details" and self.depth:
            self.depth -= 1
        elif tag == "summary":
            self.in_summary = False

    def handle_data(self, data):
        if self.depth:
            self.found[-1]["summary" if self.in_summary else "body"] += data
        else:
            self.outside.append(data)


def render_commonmark(markdown: str) -> str:
    """CommonMark with raw HTML, as JupyterLab's and Colab's renderers read it."""
    return MarkdownIt("commonmark").render(markdown)


def render_nbconvert(markdown: str) -> str:
    """nbconvert's markdown filter (mistune): what Voilà shows."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    return markdown2html_mistune(markdown)


def exercise_cells(path: Path) -> list[str]:
    return [cell for cell in markdown_cells(path) if "lossbook-exercise" in cell]


CHAPTERS_WITH_EXERCISES = [p for p in NOTEBOOKS if exercise_cells(p)]


def test_no_notebook_holds_sphinx_only_exercise_markup():
    """JupyterLab, Colab and Voilà show a ``{solution}`` directive as raw text, answer and all."""
    for path in NOTEBOOKS:
        for cell in markdown_cells(path):
            assert not re.search(r"\{(solution|exercise)\}", cell), path.name


@pytest.mark.parametrize("path", CHAPTERS_WITH_EXERCISES, ids=lambda p: p.stem)
@pytest.mark.parametrize("render", [render_commonmark, render_nbconvert],
                         ids=["commonmark", "nbconvert"])
def test_solutions_render_folded(path, render):
    """Rendered as the notebook front ends render markdown, the exercises are numbered in order
    ("Exercise 3.1", "3.2", ...), each has its solution, and the solution's whole answer sits
    inside its ``<details>``: nothing of it leaks outside the fold."""
    chapter = int(path.name[:2])
    exercises, solutions = [], []
    for cell in markdown_cells(path):
        if "lossbook-exercise" not in cell and "lossbook-solution" not in cell:
            continue
        parser = _Details()
        parser.feed(render(cell))
        exercises += re.findall(r"Exercise (\d+\.\d+) ·", "".join(parser.outside))
        solutions += parser.found
        assert parser.depth == 0, f"{path.name}: a <details> is not closed"
    numbers = [f"{chapter}.{k}" for k in range(1, len(exercises) + 1)]
    assert exercises == numbers
    assert [" ".join(s["summary"].split()) for s in solutions] == \
        [f"Solution to Exercise {n}" for n in numbers]
    for solution in solutions:
        assert len(solution["body"].split()) >= 5, f"{path.name}: an empty solution"


def test_no_maintainer_markup_in_what_readers_see():
    """Every front end shows the cells' source: nbval's instructions are cell tags, not comments."""
    for path in NOTEBOOKS:
        for cell in load(path)["cells"]:
            assert "NBVAL" not in "".join(cell["source"]), f"{path.name}: {cell.get('id')}"
