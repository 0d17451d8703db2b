"""A new reader's ways into the book, proved with real installs and no mocks (issue 12).

1. **The wheel and the sdist.**  Both are built from a clean copy of the working tree (below); the
   wheel must hold every file of ``lib/lossbook`` that git knows (the JavaScript faces and the CSV
   the library opens included, so a new file left out of the package data fails) and complete
   metadata; the sdist must hold the same files and build the same wheel.
2. **Installed, not editable, in a fresh virtual environment.**  The wheel and the pins of
   requirements.txt (as constraints) go into a new venv, which must then import every module of
   the library with only the declared dependencies; with ipykernel and nbclient added, each chapter
   notebook, copied *alone* into an empty folder, runs to its end there, in that venv's kernel,
   with ``HOME`` an empty folder too.
3. **The install cell's own path.**  In a fresh venv with the dependencies but no lossbook, a
   chapter copied alone must install lossbook with its first cell, as written, from the repository
   address: git is redirected from ``repository.url`` (``_config.yml``) to a local repository whose
   ``main`` branch holds the working tree.

*The clean copy.*  It is every file ``git ls-files --cached --others --exclude-standard`` lists
that exists: the tracked files as they are in the working tree (uncommitted edits included) plus
new files not yet added, and nothing git ignores (``_build/``, ``*.egg-info``, caches, downloads).
That is what the next ``git add -A && git commit`` would hold, so the test proves the commit about
to be made; on CI's clean clone it is exactly HEAD.  ``git clone`` would miss uncommitted edits,
and copying the folder would carry ignored build leftovers into the build.

Nothing is skipped: a registry pip cannot reach is a failure (CI must prove these paths).  pip's
download cache is the one thing shared with the developer's account (it only makes a second run
quicker).  Every step prints its time (``pytest -s`` shows them).
"""
from __future__ import annotations

import email.parser
import importlib.metadata
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from install_cell import repository  # (url, branch) from _config.yml, as the install cell

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
#: the chapter whose install cell is run for real in section 3
INSTALL_CELL_CHAPTER = "03_svm_loss.ipynb"
KERNEL = "lossbook-launch"
CELL_TIMEOUT = 600          # seconds per cell, as _config.yml's execute.timeout
NOTEBOOK_TIMEOUT = 1200     # seconds per notebook run (kernel start included)
PIP_TIMEOUT = 1200          # seconds per pip command
NO_REGISTRY = ("if pip could not reach the package registry, this is a failure, not a skip: "
               "CI must prove that a new reader's install works")

# the environment variables that would let the developer's set-up leak into a "new reader's" run
_DROPPED_PREFIXES = ("PYTHON", "JUPYTER", "IPYTHON", "VIRTUAL_ENV", "CONDA", "LOSSBOOK", "MPL",
                     "GIT_", "PIP_CACHE_DIR", "PIP_CONSTRAINT", "PIP_REQUIRE")
_DROPPED_NAMES = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
                  "XDG_RUNTIME_DIR")

#: appended to the notebook's copy: where the kernel's Python, lossbook and working folder are
PROBE = ("import json, os, sys, lossbook\n"
         "print('LAUNCH-PROBE ' + json.dumps({'executable': sys.executable, "
         "'lossbook': lossbook.__file__, 'cwd': os.getcwd()}), flush=True)")

IMPORT_CHECK = '''\
"""Run with only lossbook's wheel and its declared dependencies installed: import every module of
lossbook, and find every package its source imports, function-level imports included (those in a
``try`` that catches ImportError are optional and left out)."""
import ast
import importlib
import importlib.util
import pkgutil
import sys
from pathlib import Path

import lossbook

for module in pkgutil.walk_packages(lossbook.__path__, "lossbook."):
    importlib.import_module(module.name)


def optional_imports(tree):
    """The nodes inside a ``try`` whose handlers catch ImportError."""
    nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                for h in node.handlers):
            nodes.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return nodes


missing = {}
for path in sorted(Path(lossbook.__file__).parent.rglob("*.py")):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    optional = optional_imports(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and id(node) not in optional:
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and id(node) not in optional:
            names = [node.module]
        else:
            continue
        for top in {name.split(".")[0] for name in names}:
            if (top not in sys.stdlib_module_names and top != "lossbook"
                    and importlib.util.find_spec(top) is None):
                missing.setdefault(top, []).append(f"{path.name}:{node.lineno}")
if missing:
    sys.exit(f"imported by lossbook but not installed with it: {missing}")
print("every module of lossbook imports, and every package its source imports is installed")
'''

DRIVER = '''\
"""Execute one notebook with nbclient in the named kernel, its own folder as working directory.

Usage: python run_notebook.py NOTEBOOK KERNEL CELL_TIMEOUT.  A probe cell is appended; the
executed notebook is written beside the original as executed.ipynb, even when a cell fails.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

path, kernel, timeout = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(%r))
client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=False,
                        resources={"metadata": {"path": str(path.parent)}})
try:
    client.execute()
finally:
    nbformat.write(nb, path.with_name("executed.ipynb"))
''' % PROBE


# -------------------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------------------
def log(message: str) -> None:
    """One line of the test's progress (shown with ``pytest -s``)."""
    print(f"[launch] {message}", flush=True)


@contextmanager
def timed(what: str):
    """Print how long the block took."""
    start = time.perf_counter()
    yield
    log(f"{what}: {time.perf_counter() - start:.1f} s")


def tail(text: str, chars: int = 5000) -> str:
    """The end of a command's output, without terminal colours."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return text if len(text) <= chars else "…" + text[-chars:]


def run(cmd: list, *, what: str, timeout: float, cwd: Path | None = None,
        env: dict | None = None, check: bool = True, hint: str = "") -> subprocess.CompletedProcess:
    """Run ``cmd`` in its own process group, print its time, and fail the test, showing the tail
    of its output, when it exits non-zero (with ``check``) or outlives ``timeout`` (then the whole
    group, a kernel included, is killed)."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        pytest.fail(f"{what}: still running after {timeout} s, killed.\n"
                    f"$ {' '.join(map(str, cmd))}\n--- output tail ---\n{tail(output)}")
    log(f"{what}: {time.perf_counter() - start:.1f} s")
    if check and proc.returncode != 0:
        pytest.fail(f"{what}: exit status {proc.returncode}.\n$ {' '.join(map(str, cmd))}\n"
                    f"--- output tail ---\n{tail(output)}" + (f"\n({hint})" if hint else ""))
    return subprocess.CompletedProcess(proc.args, proc.returncode, output, "")


def working_tree_files(root: Path) -> list[str]:
    """The clean copy's files (see the module's docstring), relative to ``root``."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=root, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, f"git ls-files failed in {root}:\n{out.stderr}"
    return sorted(f for f in set(out.stdout.split("\0")) if f and (root / f).is_file())


def isolated_git_env() -> dict:
    """An environment for the test's own git commands: no user or system git configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return env | {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                  "GIT_AUTHOR_NAME": "lossbook launch test", "GIT_AUTHOR_EMAIL": "launch@invalid",
                  "GIT_COMMITTER_NAME": "lossbook launch test",
                  "GIT_COMMITTER_EMAIL": "launch@invalid"}


def reader_env(home: Path, pip_cache: str | None, venv: Path | None = None, **extra: str) -> dict:
    """The environment of a new reader's shell: ``HOME`` an empty folder, no Python, Jupyter,
    git or lossbook variables of the developer, the venv's ``bin`` first on ``PATH``.  pip's
    download cache and the machine's registry settings (``PIP_INDEX_URL`` …, /etc) are kept."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(_DROPPED_PREFIXES) and k not in _DROPPED_NAMES}
    env["HOME"] = str(home)
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    if pip_cache:
        env["PIP_CACHE_DIR"] = pip_cache
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env | extra


def make_venv(path: Path, env: dict, what: str) -> Path:
    """A fresh virtual environment (no system site-packages) made by this Python; its python."""
    run([sys.executable, "-m", "venv", path], what=f"{what}: python -m venv", timeout=300, env=env)
    return path / "bin" / "python"


def pip_install(python: Path, args: list, env: dict, what: str) -> None:
    """``python -m pip install args`` in a venv, failing with pip's output tail."""
    run([python, "-m", "pip", "install", "--no-input", "--progress-bar", "off", *args],
        what=what, timeout=PIP_TIMEOUT, env=env, hint=NO_REGISTRY)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def constraints_file(dest: Path) -> Path:
    """requirements.txt's pins as a constraints file: without ``-e .`` (pip refuses editables as
    constraints) or other options, plus ipykernel and nbclient pinned to this Python's versions
    when requirements.txt does not pin them."""
    lines, pinned = [], set()
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        spec = line.split("#", 1)[0].strip()
        if not spec or spec.startswith("-"):
            continue
        lines.append(spec)
        pinned.add(canonical(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]))
    for name in ("ipykernel", "nbclient"):
        if name not in pinned:
            lines.append(f"{name}=={importlib.metadata.version(name)}")
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def site_packages(python: Path, env: dict) -> Path:
    """The venv's ``purelib`` folder."""
    out = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
              what="site-packages of the venv", timeout=60, env=env)
    return Path(out.stdout.strip().splitlines()[-1]).resolve()


def installed_lossbook(python: Path, env: dict, cwd: Path) -> dict:
    """Where ``import lossbook`` resolves in ``python`` (run from ``cwd``) and how pip installed it
    (its ``direct_url.json``, PEP 610)."""
    code = ("import importlib.metadata as m, json, lossbook\n"
            "d = m.distribution('lossbook')\n"
            "direct = json.loads(d.read_text('direct_url.json') or 'null')\n"
            "print(json.dumps({'file': lossbook.__file__, 'version': d.version,\n"
            "                  'direct_url': direct}))")
    out = run([python, "-c", code], what="where lossbook is imported from", timeout=120,
              env=env, cwd=cwd)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_alone(notebook: Path, folder: Path, venv: SimpleNamespace, *, what: str,
              check: bool = True, **env_extra: str) -> SimpleNamespace:
    """Copy ``notebook`` alone into the empty ``folder`` and execute it there in the venv's
    kernel, with an empty ``HOME``; return the executed cells and the probe's answer."""
    folder.mkdir(parents=True)
    shutil.copy2(notebook, folder / notebook.name)
    env = reader_env(folder.parent / f"{folder.name}-home", venv.pip_cache, venv.path, **env_extra)
    proc = run([venv.python, venv.driver, folder / notebook.name, KERNEL, CELL_TIMEOUT],
               what=what, timeout=NOTEBOOK_TIMEOUT, cwd=folder, env=env, check=check)
    executed = folder / "executed.ipynb"
    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"] if executed.exists() else []
    code = [c for c in cells if c["cell_type"] == "code"]
    match = re.search(r"LAUNCH-PROBE (\{.*\})", cell_text(code[-1]) if code else "")
    probe = json.loads(match.group(1)) if match else None
    return SimpleNamespace(proc=proc, code_cells=code, probe=probe)


def joined(text: str | list) -> str:
    """A notebook's multi-line string, which its JSON may store as a list of lines."""
    return "".join(text) if isinstance(text, list) else text


def cell_text(cell: dict) -> str:
    """The text a code cell printed (streams and plain-text results)."""
    return "".join(joined(o.get("text", "")) + joined(o.get("data", {}).get("text/plain", ""))
                   for o in cell.get("outputs", []))


def assert_ran_to_the_end(result: SimpleNamespace, name: str) -> None:
    """Every cell ran without an error output and the probe, the last cell, answered."""
    errors = [f"{o['ename']}: {o['evalue']}" for c in result.code_cells for o in c["outputs"]
              if o["output_type"] == "error"]
    assert result.proc.returncode == 0 and not errors, (
        f"{name} failed when run alone: {'; '.join(errors) or 'see below'}\n"
        f"--- output tail ---\n{tail(result.proc.stdout)}")
    assert result.probe is not None, f"{name}: the probe cell after the last cell did not run"


def assert_installed_in(info: dict, site: Path, *, what: str) -> None:
    """lossbook is imported from the venv's site-packages, installed non-editable."""
    location = Path(info["file"]).resolve()
    assert location.is_relative_to(site), (
        f"{what}: lossbook is imported from {location}, not from the venv's {site}")
    assert not location.is_relative_to(ROOT), f"{what}: lossbook comes from the checkout"
    direct = info["direct_url"] or {}
    assert not direct.get("dir_info", {}).get("editable"), f"{what}: an editable install: {direct}"


# -------------------------------------------------------------------------------------------------
# Fixtures: each builds or installs once per module
# -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("launch")


@pytest.fixture(scope="module")
def pip_cache() -> str | None:
    """pip's download cache folder of this account (shared so that a second run is quicker)."""
    out = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True,
                         text=True, timeout=60)
    return out.stdout.strip() or None if out.returncode == 0 else None


@pytest.fixture(scope="module")
def source(work) -> SimpleNamespace:
    """The clean copy of the working tree, committed on ``main`` of a new git repository."""
    files = working_tree_files(ROOT)
    path = work / "src"
    with timed(f"clean copy of the working tree ({len(files)} files)"):
        for name in files:
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, path / name)
    env = isolated_git_env()
    _, branch = repository()
    for cmd in (["git", "init", "--quiet", "--initial-branch", branch],
                ["git", "add", "--all"],
                ["git", "commit", "--quiet", "--no-verify", "-m", "working tree of the checkout"]):
        run(cmd, what=f"source repository: {cmd[1]}", timeout=120, cwd=path, env=env)
    commit = run(["git", "rev-parse", "HEAD"], what="source commit", timeout=60, cwd=path,
                 env=env).stdout.strip()
    return SimpleNamespace(path=path, files=files, commit=commit)


@pytest.fixture(scope="module")
def build_python(work, pip_cache) -> Path:
    """A venv holding the build backend that pyproject.toml's ``[build-system]`` asks for."""
    build_system = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["build-system"]
    requires = build_system["requires"]
    env = reader_env(work / "build-home", pip_cache)
    python = make_venv(work / "build-venv", env, "build venv")
    pip_install(python, list(requires), env, f"build venv: pip install {' '.join(requires)}")
    return python


@pytest.fixture(scope="module")
def wheel(source, build_python, work, pip_cache) -> Path:
    """The wheel pip builds from the source tree, as ``pip install git+…`` does."""
    out = work / "wheel"
    env = reader_env(work / "build-home", pip_cache)
    run([build_python, "-m", "pip", "wheel", "--no-deps", "--no-input", "--wheel-dir", out,
         source.path], what="pip wheel --no-deps (from the tree)", timeout=PIP_TIMEOUT, env=env,
        hint=NO_REGISTRY)
    (path,) = out.glob("lossbook-*.whl")
    return path


@pytest.fixture(scope="module")
def sdist(source, build_python, work, pip_cache) -> Path:
    """The sdist, made by calling the PEP 517 hook ``build_sdist`` of the declared backend (what
    ``python -m build --sdist`` does, without adding ``build`` to the stack)."""
    out = work / "sdist"
    out.mkdir()
    backend = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["build-system"][
        "build-backend"]
    code = (f"import sys, {backend} as backend\n"
            "print(backend.build_sdist(sys.argv[1]))")
    proc = run([build_python, "-c", code, out], what=f"sdist ({backend}.build_sdist)",
               timeout=600, cwd=source.path, env=reader_env(work / "build-home", pip_cache))
    return out / proc.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def driver(work) -> Path:
    path = work / "run_notebook.py"
    path.write_text(DRIVER, encoding="utf-8")
    return path


def new_venv(path: Path, work: Path, pip_cache: str | None, driver: Path,
             what: str) -> SimpleNamespace:
    """A fresh venv at ``path`` with its own empty ``HOME``, and the pins as constraints."""
    env = reader_env(work / f"{path.name}-home", pip_cache, path)
    return SimpleNamespace(path=path, python=make_venv(path, env, what), env=env, what=what,
                           driver=driver, pip_cache=pip_cache,
                           constraints=constraints_file(work / "constraints.txt"))


def add_kernel(venv: SimpleNamespace, requirements: list) -> SimpleNamespace:
    """Install ``requirements`` plus ipykernel and nbclient (under the pins) into the venv, and
    a kernel spec, ``KERNEL``, whose command is this venv's python."""
    packages = [*map(str, requirements), "ipykernel", "nbclient"]
    pip_install(venv.python, [*packages, "-c", venv.constraints], venv.env,
                f"{venv.what}: pip install {' '.join(packages)}")
    run([venv.python, "-m", "ipykernel", "install", "--prefix", venv.path, "--name", KERNEL],
        what=f"{venv.what}: kernel spec", timeout=120, env=venv.env)
    venv.site = site_packages(venv.python, venv.env)
    return venv


@pytest.fixture(scope="module")
def reader_venv(wheel, work, pip_cache, driver) -> SimpleNamespace:
    """Section 2's venv.  First only the wheel and its dependencies go in, and ``IMPORT_CHECK``
    runs (its result is kept in ``imports`` for a test); then ipykernel and nbclient."""
    venv = new_venv(work / "reader-venv", work, pip_cache, driver, "reader venv")
    pip_install(venv.python, [wheel, "-c", venv.constraints], venv.env,
                "reader venv: pip install the wheel")
    check = work / "check_imports.py"
    check.write_text(IMPORT_CHECK, encoding="utf-8")
    (work / "empty").mkdir(exist_ok=True)
    venv.imports = run([venv.python, check], what="reader venv: every import of lossbook",
                       timeout=300, env=venv.env, cwd=work / "empty", check=False)
    return add_kernel(venv, [])


@pytest.fixture(scope="module")
def colab_venv(wheel, work, pip_cache, driver) -> SimpleNamespace:
    """Section 3's venv: the wheel's dependencies (its ``Requires-Dist``) but no lossbook."""
    with zipfile.ZipFile(wheel) as zf:
        meta = email.parser.Parser().parsestr(zf.read(dist_info(zf) + "/METADATA").decode())
    requirements = [r for r in meta.get_all("Requires-Dist", []) if "extra ==" not in r]
    venv = add_kernel(new_venv(work / "colab-venv", work, pip_cache, driver, "colab venv"),
                      requirements)
    (work / "empty").mkdir(exist_ok=True)
    probe = run([venv.python, "-c", "import importlib.util as u; print(u.find_spec('lossbook'))"],
                what="colab venv: lossbook absent", timeout=60, env=venv.env, cwd=work / "empty")
    assert probe.stdout.strip() == "None", f"the venv already has lossbook: {probe.stdout}"
    return venv


def dist_info(zf: zipfile.ZipFile) -> str:
    (name,) = {n.split("/")[0] for n in zf.namelist() if n.split("/")[0].endswith(".dist-info")}
    return name


def package_files(files: list[str]) -> set[str]:
    """The package's files as git knows them, as paths inside the wheel (``lossbook/…``)."""
    return {f.removeprefix("lib/") for f in files if f.startswith("lib/lossbook/")}


# -------------------------------------------------------------------------------------------------
# 1. The wheel and the sdist
# -------------------------------------------------------------------------------------------------
def test_wheel_holds_every_file_of_the_package(wheel, source):
    expected = package_files(source.files)
    data = {f for f in expected if not f.endswith(".py")}
    # what the library opens: the worked example's table and every explorer's JavaScript face
    assert "lossbook/data/cat_car_frog_scores.csv" in data
    assert "lossbook/widgets/_explorer.js" in data and len(data) > 2
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
        info = dist_info(zf)
    tops = {n.split("/")[0] for n in names}
    assert tops == {"lossbook", info}, f"the wheel holds more than the package: {sorted(tops)}"
    inside = {n for n in names if n.startswith("lossbook/")}
    assert not expected - inside, (
        f"files of lib/lossbook missing from the wheel: {sorted(expected - inside)}")
    assert not inside - expected, (
        f"files in the wheel that git does not know: {sorted(inside - expected)}")


def test_wheel_metadata_is_complete(wheel):
    url, _ = repository()
    with zipfile.ZipFile(wheel) as zf:
        info = dist_info(zf)
        meta = email.parser.Parser().parsestr(zf.read(f"{info}/METADATA").decode("utf-8"))
        names = set(zf.namelist())
    assert meta["Name"] == "lossbook" and meta["Version"] and meta["Summary"]
    assert meta.get("License-Expression") or meta.get("License"), "no license in the metadata"
    for license_file in meta.get_all("License-File", []):
        assert f"{info}/licenses/{license_file}" in names, f"{license_file} is not in the wheel"
    assert meta.get("Requires-Python"), "no Requires-Python"
    assert meta.get_all("Classifier"), "no classifiers"
    assert meta.get_all("Requires-Dist"), "no dependencies"
    assert meta.get("Description-Content-Type") == "text/markdown" and meta.get_payload().strip(), \
        "the README is not the long description"
    project_urls = meta.get_all("Project-URL", [])
    assert project_urls, "no Project-URL"
    for entry in project_urls:
        label, _, address = entry.partition(",")
        assert address.strip().startswith(url), (
            f"Project-URL {label!r} is {address.strip()!r}, not under the repository {url}")


def test_sdist_holds_the_package_and_builds_the_same_wheel(sdist, wheel, source, build_python,
                                                           work, pip_cache):
    with tarfile.open(sdist) as tf:
        names = {m.name for m in tf.getmembers() if m.isfile()}
    (top,) = {n.split("/")[0] for n in names}
    inside = {n.removeprefix(f"{top}/lib/") for n in names if n.startswith(f"{top}/lib/lossbook/")}
    expected = package_files(source.files)
    assert not expected - inside, f"files missing from the sdist: {sorted(expected - inside)}"
    for name in ("pyproject.toml", "README.md", "PKG-INFO"):
        assert f"{top}/{name}" in names, f"{name} is not in the sdist"
    out = work / "wheel-from-sdist"
    run([build_python, "-m", "pip", "wheel", "--no-deps", "--no-input", "--wheel-dir", out, sdist],
        what="pip wheel --no-deps (from the sdist)", timeout=PIP_TIMEOUT,
        env=reader_env(work / "build-home", pip_cache), hint=NO_REGISTRY)
    (rebuilt,) = out.glob("lossbook-*.whl")
    with zipfile.ZipFile(rebuilt) as a, zipfile.ZipFile(wheel) as b:
        assert sorted(a.namelist()) == sorted(b.namelist()), (
            "the wheel built from the sdist differs from the one built from the tree: "
            f"{sorted(set(a.namelist()) ^ set(b.namelist()))}")


# -------------------------------------------------------------------------------------------------
# 2. Installed from the wheel, in a fresh venv; every chapter alone
# -------------------------------------------------------------------------------------------------
def test_installed_library_finds_every_import_in_its_declared_dependencies(reader_venv):
    proc = reader_venv.imports
    assert proc.returncode == 0, (
        "with only the wheel's declared dependencies installed, lossbook imports a package that "
        f"is not installed (missing from pyproject.toml's dependencies?):\n{tail(proc.stdout)}")


def test_import_resolves_to_the_venv_not_the_checkout(reader_venv, wheel, work):
    info = installed_lossbook(reader_venv.python, reader_venv.env, work / "empty")
    assert_installed_in(info, reader_venv.site, what="reader venv")
    assert info["direct_url"] and info["direct_url"]["url"].endswith(wheel.name), info


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_runs_alone_with_the_installed_wheel(notebook, reader_venv, source, work):
    folder = work / "alone" / notebook.stem
    result = run_alone(source.path / "chapters" / notebook.name, folder, reader_venv,
                       what=f"{notebook.name} alone", check=False)
    assert_ran_to_the_end(result, notebook.name)
    assert Path(result.probe["executable"]).parent == reader_venv.python.parent, result.probe
    assert Path(result.probe["cwd"]).resolve() == folder.resolve(), result.probe
    assert Path(result.probe["lossbook"]).resolve().is_relative_to(reader_venv.site), result.probe
    first = cell_text(result.code_cells[0])
    assert "Installing" not in first, f"the install cell ran though lossbook is installed: {first}"


def test_an_alone_run_fails_a_notebook_that_reads_the_repository(reader_venv, source, work):
    """The harness's own check: a notebook reading ``../lib/…`` runs beside the repository's
    files, and fails alone."""
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "print(open('../lib/lossbook/data/cat_car_frog_scores.csv').readline())")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    in_repo = source.path / "chapters" / "zz_reads_the_repository.ipynb"
    nbformat.write(nb, in_repo)
    try:
        beside = work / "beside"
        beside.mkdir()
        proc = run([reader_venv.python, reader_venv.driver, in_repo, KERNEL, CELL_TIMEOUT],
                   what="a notebook reading ../lib, in the repository", timeout=NOTEBOOK_TIMEOUT,
                   cwd=in_repo.parent, env=reader_env(beside, reader_venv.pip_cache,
                                                      reader_venv.path), check=False)
        assert proc.returncode == 0, f"the control run failed:\n{tail(proc.stdout)}"
        alone = run_alone(in_repo, work / "alone-reader", reader_venv,
                          what="a notebook reading ../lib, alone", check=False)
    finally:
        in_repo.unlink()
        in_repo.with_name("executed.ipynb").unlink(missing_ok=True)
    assert alone.proc.returncode != 0 and "FileNotFoundError" in alone.proc.stdout, (
        f"reading ../lib did not fail alone:\n{tail(alone.proc.stdout)}")


# -------------------------------------------------------------------------------------------------
# 3. The install cell, as written, in a Python without lossbook
# -------------------------------------------------------------------------------------------------
def test_install_cell_installs_lossbook_from_the_repository(colab_venv, source, work):
    url, branch = repository()
    gitconfig = work / "redirect.gitconfig"
    gitconfig.write_text(f'[url "{source.path.as_uri()}"]\n\tinsteadOf = {url}\n', "utf-8")
    folder = work / "install-cell"
    notebook = source.path / "chapters" / INSTALL_CELL_CHAPTER
    result = run_alone(notebook, folder, colab_venv, check=False,
                       what=f"{INSTALL_CELL_CHAPTER} alone, installing lossbook with its cell",
                       GIT_CONFIG_GLOBAL=str(gitconfig))
    first = cell_text(result.code_cells[0]) if result.code_cells else ""
    assert f"git+{url}@{branch}" in first, (
        f"the first code cell did not install lossbook from {url}@{branch}; it printed:\n{first}"
        f"\n{tail(result.proc.stdout)}")
    assert_ran_to_the_end(result, INSTALL_CELL_CHAPTER)
    info = installed_lossbook(colab_venv.python, colab_venv.env, folder)
    assert_installed_in(info, colab_venv.site, what="colab venv after the install cell")
    direct = info["direct_url"]
    assert direct and direct.get("vcs_info", {}).get("commit_id") == source.commit, (
        f"lossbook was not installed from the repository's {branch} ({source.commit}): {direct}")
    assert direct["url"] == url, direct
    assert Path(result.probe["lossbook"]).resolve().is_relative_to(colab_venv.site), result.probe
