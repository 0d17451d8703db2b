"""The library's rooms and who may import whom, read from the source (``ast``), not by importing.

lossbook is laid out in rooms by role (see ``lossbook/__init__.py``):

1. the math, ``lossbook/*.py`` at the top level (``_validation`` among them): imports only other
   math modules, numpy and the standard library; threadpoolctl, scipy and scikit-learn only
   lazily (inside a function); never ``data``, ``chapters``, ``widgets`` nor matplotlib;
2. ``data/``: imports only ``_validation`` (and the other data modules), numpy and the standard
   library; scikit-learn, scikit-image and scipy only lazily; never the rest of the math,
   ``chapters``, ``widgets`` nor matplotlib;
3. ``chapters/chNN_*``: the math, ``data`` and *earlier* chapters (a smaller NN) only; never
   ``widgets``;
4. an explorer ``widgets/chNN_*``: the math, ``data``, its own chapter module (same stem) and
   ``widgets/base``; never another explorer nor another chapter's module;
6. ``exercises/``: the math and its own modules only (it checks a reader's function against the
   library's reference); never ``data``, ``chapters``, ``widgets`` nor matplotlib; nbformat only
   in ``exercises/assignment`` (the teacher's command, which the package does not import);
5. no private name (``_name``, not a dunder) crosses a module boundary, by ``from m import _name``
   or by ``module._name`` (the module ``_validation`` itself excepted); no ``matplotlib.pyplot``
   anywhere; and every import of the package names a module that exists.

A package's ``__init__`` may import its own modules.  Stems: a notebook
``chapters/NN_stem.ipynb``, its chapter module ``lossbook/chapters/chNN_stem.py``, its explorers
``lossbook/widgets/chNN_stem*.py`` and its test ``tests/test_chNN_stem.py`` share one stem.

The checkers take a directory, so the last tests run them on small fake packages with a
violation of each rule, to show that the checks can fail.
"""
from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import lossbook

LIB = Path(lossbook.__file__).resolve().parent
ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "chapters"
TESTS = ROOT / "tests"

RULES = {
    1: "math modules import only the math, numpy and the standard library "
       "(threadpoolctl, scipy, sklearn lazily)",
    2: "data imports only _validation, other data modules, numpy and the standard library "
       "(sklearn, skimage, scipy, platformdirs lazily)",
    3: "a chapter module imports the math, data and earlier chapters only",
    4: "an explorer imports the math, data, its own chapter module and widgets/base only",
    5: "no private name across modules, no matplotlib.pyplot, no import of a missing module",
    6: "exercises imports only the math and its own modules (nbformat in assignment only)",
}
MATH_LAZY = {"threadpoolctl", "scipy", "sklearn"}
DATA_LAZY = {"sklearn", "skimage", "scipy", "platformdirs"}
STEM = re.compile(r"^ch(\d\d)_(\w+)$")


@dataclass(frozen=True)
class Violation:
    rule: int
    path: str        # relative to the package's parent directory
    line: int
    code: str        # the import (or attribute) as written
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: `{self.code}`: {self.why}"


@dataclass(frozen=True)
class Import:
    target: str      # the module imported from (absolute), e.g. "lossbook.linear" or "numpy"
    name: str | None  # the name taken from it (``from target import name``), None for a module
    line: int
    lazy: bool       # inside a function
    code: str


# ------------------------------------------------------------------------------------------------
# reading a package
# ------------------------------------------------------------------------------------------------
def package_modules(package_dir: Path) -> dict[str, Path]:
    """Every module and sub-package of the package at ``package_dir``, by dotted name."""
    base = package_dir.parent
    out = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def read_imports(path: Path, module: str, modules: dict[str, Path]):
    """The imports of one file and the names it binds to modules of the package."""
    tree = ast.parse(path.read_text(encoding="utf8"), filename=str(path))
    source = path.read_text(encoding="utf8")
    is_package = path.name == "__init__.py"
    here = module.split(".") if is_package else module.split(".")[:-1]
    imports: list[Import] = []
    bound: dict[str, str] = {}      # local name -> module of the package

    def visit(node, lazy):
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                code = " ".join((ast.get_source_segment(source, child) or "").split())
                for alias in child.names:
                    imports.append(Import(alias.name, None, child.lineno, lazy, code))
                    if alias.name in modules:
                        if alias.asname:
                            bound[alias.asname] = alias.name
                        else:
                            top = alias.name.split(".")[0]
                            bound[top] = top
            elif isinstance(child, ast.ImportFrom):
                code = " ".join((ast.get_source_segment(source, child) or "").split())
                if child.level:
                    parts = here[:len(here) - (child.level - 1)]
                    base = ".".join(parts + ([child.module] if child.module else []))
                else:
                    base = child.module or ""
                for alias in child.names:
                    full = f"{base}.{alias.name}"
                    if full in modules:
                        imports.append(Import(full, None, child.lineno, lazy, code))
                        bound[alias.asname or alias.name] = full
                    else:
                        imports.append(Import(base, alias.name, child.lineno, lazy, code))
            visit(child, inner)

    visit(tree, False)
    return tree, source, imports, bound


def room(name: str, package: str):
    """("root" | "math" | "data" | "chapters" | "widgets" | "exercises", the module's own name
    or None)."""
    parts = name.split(".")
    if parts == [package]:
        return "root", None
    if len(parts) == 2 and parts[1] not in ("data", "chapters", "widgets", "exercises"):
        return "math", parts[1]
    return parts[1], (parts[2] if len(parts) > 2 else None)


def chapter_number(stem: str | None) -> int | None:
    m = STEM.match(stem or "")
    return int(m.group(1)) if m else None


# ------------------------------------------------------------------------------------------------
# the rules
# ------------------------------------------------------------------------------------------------
def _lossbook_rule(kind, own, target_room, target_own, chapters):
    """For an import of the package (already known to exist): None if allowed, else
    ``(rule, reason)``."""
    if kind == "math":
        if target_room == "math":
            return None
        return 1, f"a math module imports {target_room!r}"
    if kind == "data":
        if target_room == "data" or (target_room, target_own) == ("math", "_validation"):
            return None
        return 2, f"a data module imports {target_room} ({target_own or 'the package'})"
    if kind == "chapters":
        n = chapter_number(own)
        if target_room in ("math", "data"):
            return None
        if target_room == "chapters":
            m = chapter_number(target_own)
            if m is None:
                return 3, "a chapter module imports the chapters package (every chapter)"
            if n is not None and m < n:
                return None
            return 3, f"chapter {own} imports {target_own}, which is not an earlier chapter"
        return 3, f"a chapter module imports {target_room} ({target_own or 'the package'})"
    if kind == "widgets":
        if own == "base":
            if target_room == "math":
                return None
            return 4, f"widgets/base imports {target_room} ({target_own or 'the package'})"
        if target_room in ("math", "data"):
            return None
        if target_room == "widgets":
            if target_own == "base":
                return None
            return 4, f"explorer {own} imports {target_own or 'the widgets package'}"
        if target_room == "chapters":
            if target_own is not None and target_own == chapters.get(own):
                return None
            return 4, (f"explorer {own} imports chapters.{target_own or ''} (its own chapter "
                       f"module is chapters.{chapters.get(own)})")
        return 4, f"explorer {own} imports {target_room}"
    if kind == "exercises":
        if target_room in ("math", "exercises"):
            return None
        return 6, f"exercises imports {target_room} ({target_own or 'the package'})"
    return None


def _third_party_rule(kind, imp: Import, own: str | None = None):
    top = imp.target.split(".")[0]
    if top in sys.stdlib_module_names or top == "numpy":
        return None
    if kind == "math":
        if imp.lazy and top in MATH_LAZY:
            return None
        return 1, (f"a math module imports {imp.target}"
                   + ("" if top not in MATH_LAZY else " at module level (only lazily)"))
    if kind == "data":
        if imp.lazy and top in DATA_LAZY:
            return None
        return 2, (f"a data module imports {imp.target}"
                   + ("" if top not in DATA_LAZY else " at module level (only lazily)"))
    if kind == "exercises":
        if top == "nbformat" and own == "assignment":
            return None
        return 6, f"exercises imports {imp.target}"
    return None


def _own_chapters(modules: dict[str, Path], package: str) -> dict[str, str | None]:
    """Each explorer module's chapter module: same NN, the chapter's stem a prefix of its own."""
    chapter_stems = [n.split(".")[-1] for n in modules if n.startswith(f"{package}.chapters.")]
    out = {}
    for name in modules:
        if name.startswith(f"{package}.widgets."):
            stem = name.split(".")[-1]
            out[stem] = next((c for c in chapter_stems if chapter_number(c) is not None
                              and chapter_number(c) == chapter_number(stem)
                              and (stem == c or stem.startswith(c + "_"))), None)
    return out


def layout_violations(package_dir: Path) -> list[Violation]:
    """Every breach of rules 1–5 in the package at ``package_dir``."""
    package_dir = Path(package_dir)
    package = package_dir.name
    modules = package_modules(package_dir)
    chapters = _own_chapters(modules, package)
    out: list[Violation] = []
    for module, path in modules.items():
        rel = path.relative_to(package_dir.parent).as_posix()
        kind, own = room(module, package)
        is_init = path.name == "__init__.py"
        tree, source, imports, bound = read_imports(path, module, modules)
        for imp in imports:
            def add(rule, why):
                out.append(Violation(rule, rel, imp.line, imp.code, why))

            top = imp.target.split(".")[0]
            # rule 5: pyplot
            if imp.target in ("matplotlib.pyplot", "pylab") or top == "pylab" \
                    or imp.target.startswith("matplotlib.pyplot.") \
                    or (imp.target == "matplotlib" and imp.name == "pyplot"):
                add(5, "imports matplotlib.pyplot (build a matplotlib.figure.Figure instead)")
                continue
            if top != package:
                rule = _third_party_rule(kind, imp, own)
                if rule:
                    add(*rule)
                continue
            # an import of the package: it must exist
            if imp.target not in modules:
                add(5, f"imports {imp.target}, which is not a module of the package")
                continue
            # rule 5: private names
            target_leaf = imp.target.split(".")[-1]
            if imp.name is not None and _is_private(imp.name) and imp.target != module:
                add(5, f"imports the private name {imp.name} of {imp.target}")
            elif imp.name is None and _is_private(target_leaf) and target_leaf != "_validation":
                add(5, f"imports the private module {imp.target}")
            # rules 1-4
            if is_init and (imp.target == module or imp.target.startswith(module + ".")):
                continue                   # a package's __init__ imports its own modules
            if kind == "root":
                continue
            t_room, t_own = room(imp.target, package)
            if t_room == "root":
                add({"math": 1, "data": 2, "chapters": 3, "widgets": 4}[kind],
                    f"imports the whole package {package} (every room)")
                continue
            rule = _lossbook_rule(kind, own, t_room, t_own, chapters)
            if rule:
                add(*rule)
        # rule 5: module._private through a name bound to a module of the package
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            chain = []
            cur = node
            while isinstance(cur, ast.Attribute):
                chain.insert(0, cur.attr)
                cur = cur.value
            if not isinstance(cur, ast.Name) or cur.id not in bound:
                continue
            target, written = bound[cur.id], cur.id
            for attr in chain:
                written += f".{attr}"
                if f"{target}.{attr}" in modules:
                    target = f"{target}.{attr}"
                    if _is_private(attr) and attr != "_validation":
                        out.append(Violation(5, rel, node.lineno, written,
                                             f"uses the private module {target}"))
                        break
                    continue
                if _is_private(attr) and target != module:
                    out.append(Violation(5, rel, node.lineno, written,
                                         f"uses the private name {attr} of {target}"))
                break
    return sorted(set(out), key=lambda v: (v.rule, v.path, v.line, v.code))


def stem_violations(notebooks: Path, package_dir: Path, tests: Path) -> list[str]:
    """A notebook NN_stem.ipynb, its chapter module chNN_stem.py, its explorers chNN_stem*.py and
    its test test_chNN_stem.py share one stem."""
    out = []
    chapter_dir, widget_dir = Path(package_dir) / "chapters", Path(package_dir) / "widgets"
    books = {f"ch{p.stem}" for p in Path(notebooks).glob("*.ipynb")
             if re.match(r"^\d\d_\w+$", p.stem)}
    modules = {p.stem for p in chapter_dir.glob("ch*.py") if STEM.match(p.stem)}
    for stem in sorted(books):
        if stem not in modules:
            out.append(f"{notebooks.name}/{stem[2:]}.ipynb has no chapter module "
                       f"chapters/{stem}.py")
        if not (Path(tests) / f"test_{stem}.py").is_file():
            out.append(f"{notebooks.name}/{stem[2:]}.ipynb has no test tests/test_{stem}.py")
    for stem in sorted(modules - books):
        out.append(f"chapters/{stem}.py has no notebook {notebooks.name}/{stem[2:]}.ipynb")
    for path in sorted(widget_dir.glob("ch*.py")):
        if not any(path.stem == m or path.stem.startswith(m + "_") for m in modules):
            out.append(f"widgets/{path.name} has no chapter module of the same stem "
                       f"(chapters/{path.stem}.py)")
    return out


# ------------------------------------------------------------------------------------------------
# the library
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def violations():
    return layout_violations(LIB)


def test_the_rooms_are_all_there():
    modules = package_modules(LIB)
    rooms = {room(m, "lossbook")[0] for m in modules}
    assert rooms == {"root", "math", "data", "chapters", "widgets", "exercises"}
    assert "lossbook._validation" in modules and "lossbook.widgets.base" in modules
    assert sum(m.startswith("lossbook.chapters.ch") for m in modules) >= 9


@pytest.mark.parametrize("rule", sorted(RULES), ids=[f"rule{r}" for r in sorted(RULES)])
def test_library_layout(violations, rule):
    bad = [str(v) for v in violations if v.rule == rule]
    assert not bad, f"rule {rule} ({RULES[rule]}) is broken:\n" + "\n".join(bad)


def test_stems_are_shared():
    bad = stem_violations(NOTEBOOKS, LIB, TESTS)
    assert not bad, "stems differ:\n" + "\n".join(bad)


# ------------------------------------------------------------------------------------------------
# the checkers can fail: fake packages with one violation of each rule
# ------------------------------------------------------------------------------------------------
CLEAN = {
    "__init__.py": "from . import linear, losses, data, chapters, widgets, exercises\n",
    "_validation.py": "import numbers\n\nimport numpy as np\n",
    "losses.py": "import numpy as np\n\nfrom ._validation import as_float_array\n",
    "linear.py": ("import contextlib\n\nfrom . import losses\nfrom .losses import softmax\n\n\n"
                  "def one_thread():\n    from threadpoolctl import threadpool_limits\n"
                  "    return threadpool_limits\n"),
    "data/__init__.py": "from . import toy, splits\n",
    "data/toy.py": ("from .._validation import as_int\n\n\ndef load():\n"
                    "    from sklearn.datasets import load_digits\n    return load_digits\n"),
    "data/splits.py": "from .toy import load\nfrom .._validation import as_int\n",
    "chapters/__init__.py": "from . import ch01_first, ch02_second\n",
    "chapters/ch01_first.py": ("from matplotlib.figure import Figure\n\nfrom .. import linear\n"
                               "from ..data import toy\n"),
    "chapters/ch02_second.py": ("from .. import losses\nfrom .ch01_first import Figure\n"
                                "from lossbook.data.splits import load\n"),
    "widgets/__init__.py": "from .base import Explorer\n",
    "widgets/base.py": "import traitlets\n\nfrom .. import _validation\n",
    "widgets/ch01_first.py": ("import traitlets\n\nfrom .. import linear\n"
                              "from ..chapters import ch01_first as chapter\n"
                              "from ..data import toy\nfrom .base import Explorer\n"),
    "widgets/ch02_second_mixture.py": ("from ..chapters.ch02_second import losses\n"
                                       "from .base import Explorer\n"),
    "exercises/__init__.py": "from .._validation import as_choice\nfrom ._svm import CASES\n",
    "exercises/_svm.py": "import numpy as np\n\nfrom .. import losses\n",
    "exercises/assignment.py": "import argparse\n\nimport nbformat\n",
}


def make_package(root: Path, files: dict[str, str]) -> Path:
    pkg = root / "lossbook"
    for rel, text in files.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf8")
    return pkg


def test_a_clean_fake_package_passes(tmp_path):
    assert layout_violations(make_package(tmp_path, CLEAN)) == []


@pytest.mark.parametrize("rel, line, rule, code, why", [
    # 1. the math
    ("linear.py", "from .data import toy", 1, "from .data import toy", "imports 'data'"),
    ("linear.py", "from .chapters import ch01_first", 1, "from .chapters import ch01_first",
     "imports 'chapters'"),
    ("losses.py", "from lossbook.widgets import base", 1, "from lossbook.widgets import base",
     "imports 'widgets'"),
    ("losses.py", "import matplotlib.colors", 1, "import matplotlib.colors",
     "imports matplotlib.colors"),
    ("losses.py", "def f():\n    import matplotlib", 1, "import matplotlib",
     "imports matplotlib"),
    ("losses.py", "import scipy.special", 1, "import scipy.special", "only lazily"),
    ("losses.py", "import lossbook", 1, "import lossbook", "the whole package"),
    # 2. data
    ("data/toy.py", "from .. import linear", 2, "from .. import linear", "imports math (linear)"),
    ("data/toy.py", "from ..chapters import ch01_first", 2, "from ..chapters import ch01_first",
     "imports chapters"),
    ("data/toy.py", "def f():\n    import matplotlib.colors as mc", 2,
     "import matplotlib.colors as mc", "imports matplotlib.colors"),
    ("data/splits.py", "from sklearn.datasets import load_digits", 2,
     "from sklearn.datasets import load_digits", "only lazily"),
    # 3. chapters
    ("chapters/ch01_first.py", "from .ch02_second import losses", 3,
     "from .ch02_second import losses", "not an earlier chapter"),
    ("chapters/ch02_second.py", "from ..widgets import ch01_first", 3,
     "from ..widgets import ch01_first", "imports widgets"),
    ("chapters/ch02_second.py", "from .. import chapters", 3, "from .. import chapters",
     "the chapters package"),
    ("chapters/ch02_second.py", "from . import ch02_second", 3, "from . import ch02_second",
     "not an earlier chapter"),
    # 4. explorers
    ("widgets/ch01_first.py", "from ..chapters import ch02_second", 4,
     "from ..chapters import ch02_second", "its own chapter module is chapters.ch01_first"),
    ("widgets/ch01_first.py", "from .ch02_second_mixture import Explorer", 4,
     "from .ch02_second_mixture import Explorer", "imports ch02_second_mixture"),
    ("widgets/ch02_second_mixture.py", "from lossbook.chapters.ch01_first import Figure", 4,
     "from lossbook.chapters.ch01_first import Figure", "chapters.ch01_first"),
    ("widgets/base.py", "from ..data import toy", 4, "from ..data import toy",
     "widgets/base imports data"),
    # 5. private names, pyplot, missing modules
    ("linear.py", "from .losses import _shift", 5, "from .losses import _shift",
     "private name _shift of lossbook.losses"),
    ("widgets/ch01_first.py", "x = chapter._helper(1)", 5, "chapter._helper",
     "private name _helper of lossbook.chapters.ch01_first"),
    ("chapters/ch02_second.py", "from .. import linear as lin\ny = lin._check(lin.W)", 5,
     "lin._check", "private name _check of lossbook.linear"),
    ("__init__.py", "import lossbook as lb\ny = lb.linear._check.__doc__", 5,
     "lb.linear._check", "private name _check of lossbook.linear"),
    ("widgets/ch01_first.py", "from ..data import _raw", 5, "from ..data import _raw",
     "private name _raw of lossbook.data"),
    ("chapters/ch01_first.py", "import matplotlib.pyplot as plt", 5,
     "import matplotlib.pyplot as plt", "matplotlib.pyplot"),
    ("widgets/ch01_first.py", "def f():\n    from matplotlib import pyplot", 5,
     "from matplotlib import pyplot", "matplotlib.pyplot"),
    # 6. exercises
    ("exercises/_svm.py", "from ..data import toy", 6, "from ..data import toy",
     "exercises imports data"),
    ("exercises/_svm.py", "from ..widgets import base", 6, "from ..widgets import base",
     "exercises imports widgets"),
    ("exercises/_svm.py", "import nbformat", 6, "import nbformat", "imports nbformat"),
    ("exercises/_svm.py", "import matplotlib", 6, "import matplotlib", "imports matplotlib"),
    ("widgets/ch01_first.py", "from ..worked_examples import load", 5,
     "from ..worked_examples import load", "lossbook.worked_examples, which is not a module"),
])
def test_each_rule_can_fail(tmp_path, rel, line, rule, code, why):
    files = dict(CLEAN)
    files[rel] = files[rel] + "\n" + line + "\n"
    found = layout_violations(make_package(tmp_path, files))
    assert found, f"{rel}: `{line}` was not reported"
    (v,) = found
    assert (v.rule, v.path, v.code) == (rule, f"lossbook/{rel}", code)
    assert why in v.why
    assert str(v).startswith(f"lossbook/{rel}:{v.line}: `{code}`: ")
    assert code in files[rel].splitlines()[v.line - 1]      # the line of the offending import


def test_a_bad_import_in_a_copy_of_the_library_is_reported(tmp_path, violations):
    """The library as it is, copied, with an explorer importing another chapter's module, a data
    module importing the math, and a chapter module reaching into a private helper."""
    import shutil

    copy = tmp_path / "lossbook"
    shutil.copytree(LIB, copy, ignore=shutil.ignore_patterns("__pycache__", "*.js", "*.csv"))
    bad = {"widgets/ch03_svm_loss.py": "from ..chapters.ch04_softmax import naive_softmax",
           "data/splits.py": "from .. import linear",
           "chapters/ch05_svm_vs_softmax.py": "from ..losses import _scores_and_labels"}
    for rel, line in bad.items():
        with open(copy / rel, "a", encoding="utf8") as f:
            f.write(f"\n{line}\n")
    before = {(v.rule, v.path, v.code) for v in violations}
    new = {(v.rule, v.path, v.code) for v in layout_violations(copy)} - before
    assert new == {(4, "lossbook/widgets/ch03_svm_loss.py", bad["widgets/ch03_svm_loss.py"]),
                   (2, "lossbook/data/splits.py", bad["data/splits.py"]),
                   (5, "lossbook/chapters/ch05_svm_vs_softmax.py",
                    bad["chapters/ch05_svm_vs_softmax.py"])}


def test_the_library_test_reports_the_file_and_the_import(tmp_path):
    files = dict(CLEAN)
    files["data/toy.py"] += "\nfrom ..chapters.ch02_second import losses\n"
    found = layout_violations(make_package(tmp_path, files))
    with pytest.raises(AssertionError) as info:
        test_library_layout(found, 2)
    message = str(info.value)
    assert "rule 2" in message
    assert "lossbook/data/toy.py:" in message
    assert "`from ..chapters.ch02_second import losses`" in message


def test_the_stem_check_can_fail(tmp_path):
    pkg = make_package(tmp_path, CLEAN)
    books, tests = tmp_path / "chapters", tmp_path / "tests"
    books.mkdir()
    tests.mkdir()
    for name in ("01_first.ipynb", "02_second.ipynb", "errata.ipynb"):
        (books / name).write_text("{}")
    for name in ("test_ch01_first.py", "test_ch02_second.py"):
        (tests / name).write_text("")
    assert stem_violations(books, pkg, tests) == []
    (books / "03_third.ipynb").write_text("{}")
    (pkg / "widgets" / "ch04_fourth.py").write_text("")
    (pkg / "chapters" / "ch05_fifth.py").write_text("")
    (tests / "test_ch02_second.py").unlink()
    assert stem_violations(books, pkg, tests) == [
        "chapters/02_second.ipynb has no test tests/test_ch02_second.py",
        "chapters/03_third.ipynb has no chapter module chapters/ch03_third.py",
        "chapters/03_third.ipynb has no test tests/test_ch03_third.py",
        "chapters/ch05_fifth.py has no notebook chapters/05_fifth.ipynb",
        "widgets/ch04_fourth.py has no chapter module of the same stem (chapters/ch04_fourth.py)",
    ]


# ------------------------------------------------------------------------------------------------
# options are keyword-only (the conventions)
# ------------------------------------------------------------------------------------------------
#: Defaulted parameters that stay positional: the data a function works on, or the "how many" /
#: "which one" that reads naturally in a call (``make_shapes(100, seed=0)``,
#: ``penalty(W, "l1")``, ``templates_figure(W, names, (8, 8))``).
POSITIONAL_DEFAULTS = {
    ("make_shapes", "n_per_class"), ("blobs", "n_per_class"), ("rings", "n_per_class"),
    ("quadrants", "n_per_class"), ("split_class", "n_per_class"), ("make_toy", "n_per_class"),
    ("make_two_blobs", "n_per_class"), ("make_line_data", "n"), ("line_data_parts", "n"),
    ("load_photo", "name"), ("load_cat_car_frog", "path"), ("one_blas_thread", "size"),
    ("train_sgd", "W"), ("train_sgd", "b"), ("check_image", "name"),
    ("templates_as_images", "shape"), ("templates_figure", "image_shape"),
    ("prepare", "image_shape"), ("preprocess", "mean"), ("safe_load_batch", "name"),
    ("verify_checksum", "md5"), ("verify_checksum", "sha256"), ("knob_accuracy", "levels"),
    ("download_cifar10", "data_dir"), ("load_cifar10", "data_dir"),
    ("deformation_phases", "seed"), ("clutter_texture", "seed"), ("occlusion_grain", "seed"),
    ("deformation_waves", "seed"), ("paths_figure", "feature_names"), ("penalty", "reg"),
    ("penalty_grad", "reg"), ("overlapping_blobs", "n_per_class"),
    ("main", "argv"),   # a command's entry point: main(["chapter.ipynb", "-o", "out"])
}


def positional_options(package_dir: Path) -> list[str]:
    """Public functions (and methods of public classes) of the math, ``data`` and ``chapters``
    whose options (defaulted parameters) can be passed by position, outside
    :data:`POSITIONAL_DEFAULTS`."""
    out = []
    for module, path in package_modules(package_dir).items():
        parts = module.split(".")
        if "widgets" in parts or parts[-1].startswith("_"):
            continue
        tree = ast.parse(path.read_text(encoding="utf8"))
        public = [n for n in tree.body if not getattr(n, "name", "_").startswith("_")]
        methods = [m for c in public if isinstance(c, ast.ClassDef) for m in c.body]
        for node in public + methods:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                args = node.args.posonlyargs + node.args.args
                defaulted = args[len(args) - len(node.args.defaults):] if node.args.defaults else []
                out += [f"{path.relative_to(package_dir.parent)}:{node.lineno}: "
                        f"{node.name}({a.arg}=...) can be passed by position"
                        for a in defaulted if (node.name, a.arg) not in POSITIONAL_DEFAULTS]
    return out


def test_options_are_keyword_only():
    problems = positional_options(LIB)
    assert not problems, "options must come after `*`:\n" + "\n".join(problems)


def test_positional_options_can_fail(tmp_path):
    pkg = tmp_path / "lossbook"
    (pkg / "data").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "data" / "__init__.py").write_text("")
    (pkg / "losses.py").write_text("def svm_loss(scores, y, *, margin=1.0):\n    pass\n"
                                   "def _kernel(scores, margin=1.0):\n    pass\n"
                                   "class _Bar:\n    def update(self, final=False):\n        pass\n"
                                   "class Model:\n    def score(self, X, k=1):\n        pass\n")
    (pkg / "data" / "toy.py").write_text("def blobs(n_per_class=10, seed=0):\n    pass\n")
    assert sorted(positional_options(pkg)) == [
        "lossbook/data/toy.py:1: blobs(seed=...) can be passed by position",
        "lossbook/losses.py:9: score(k=...) can be passed by position"]
