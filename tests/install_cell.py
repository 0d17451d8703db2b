"""The first code cell of every chapter: install ``lossbook`` when the kernel lacks it.

A chapter opened alone (Colab, a downloaded notebook) has no ``lossbook``; this cell installs it
from the book's repository, whose address is ``repository.url`` (and ``repository.branch``) in
``_config.yml``: the one place the launch buttons are made from too.  Where ``lossbook`` is
importable (a checkout, Binder, an installed wheel, nbval) it does nothing and prints nothing.

``python tests/install_cell.py`` writes the cell into every notebook of ``_toc.yml`` (replacing an
older one); ``tests/test_launch_config.py`` checks that each notebook holds exactly this text.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MARKER = "# @title Install the book's library"

#: Colab shows a cell with ``# @title`` and ``cellView: form`` as its title alone; JupyterLab
#: collapses a ``source_hidden`` input; the book collapses ``hide-input`` behind a toggle.
METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}, "tags": ["hide-input"]}

TEMPLATE = '''\
# @title Install the book's library if this Python lacks it
# For Colab or a chapter downloaded alone.  Where lossbook is installed
# (a checkout, Binder, pip) this cell does nothing.
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("lossbook") is None:
    SOURCE = "lossbook @ git+{url}@{branch}"
    print(f"Installing {{SOURCE}} (about a minute) ...", flush=True)
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", SOURCE],
        capture_output=True, text=True)
    if pip.returncode != 0:
        raise RuntimeError(
            f"pip could not install lossbook:\\n{{pip.stderr[-3000:]}}")
    importlib.invalidate_caches()
    print("lossbook is installed.")
if "google.colab" in sys.modules:
    # Colab draws third-party widgets (the explorers) only with this on
    from google.colab import output
    output.enable_custom_widget_manager()'''


def repository(config_path: Path = ROOT / "_config.yml") -> tuple[str, str]:
    """``(url, branch)`` of the book's repository, from ``_config.yml``."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    repo = config["repository"]
    return repo["url"].rstrip("/"), repo.get("branch", "main")


def install_cell_source(config_path: Path = ROOT / "_config.yml") -> str:
    """The cell's source, with the repository address filled in from ``_config.yml``."""
    url, branch = repository(config_path)
    return TEMPLATE.format(url=url, branch=branch)


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook page listed in ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    return [root / f"{f}.ipynb" for f in files if (root / f"{f}.ipynb").exists()]


def first_code_cell(notebook: dict) -> dict:
    return next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")


def write(path: Path) -> None:
    """Put the install cell first among the code cells of ``path`` (replacing an older one)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"]
             if not (c["cell_type"] == "code" and "".join(c["source"]).startswith(MARKER))]
    first = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
    source = install_cell_source()
    cell = {"cell_type": "code", "execution_count": None, "id": "install-lossbook",
            "metadata": json.loads(json.dumps(METADATA)), "outputs": [],
            "source": source.splitlines(keepends=True)}
    cells.insert(first, cell)
    notebook["cells"] = cells
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for nb in toc_notebooks():
        write(nb)
        print("install cell written:", nb.relative_to(ROOT), file=sys.stderr)
