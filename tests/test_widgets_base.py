"""The explorer protocol (lossbook.widgets.base): bundling, controls by name, one update path."""
from __future__ import annotations

import importlib
import math
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest
import traitlets

import lossbook.widgets
from lossbook.widgets import base

WIDGETS = Path(lossbook.widgets.__file__).parent


class Toy(base.Explorer):
    """A two-control explorer whose compute is a sum (no JavaScript face needed here)."""
    b = traitlets.Float(2.0, min=-5.0, max=5.0).tag(sync=True, control=dict(
        kind="slider", label="b value", step=0.5))
    a = traitlets.Float(1.0).tag(sync=True, control=dict(
        kind="slider", label="a value", min=0.0, max=3.0, step=0.1))
    flag = traitlets.Bool(False).tag(sync=True, control=dict(kind="checkbox", label="flag"))
    def compute(self):
        self.n_computed = getattr(self, "n_computed", 0) + 1
        return self.a + self.b + (10 if self.flag else 0)

    def readout(self):
        return {"sum": self.result, "a": self.a}


def test_controls_in_declaration_order_with_trait_bounds():
    t = Toy()
    assert [c["name"] for c in t._controls] == ["b", "a", "flag"]
    b = t._controls[0]
    assert (b["min"], b["max"], b["step"], b["label"]) == (-5.0, 5.0, 0.5, "b value")
    assert t._controls[1]["min"] == 0.0 and t._controls[1]["max"] == 3.0
    assert t.params() == {"b": 2.0, "a": 1.0, "flag": False}


def test_one_update_path_and_set():
    t = Toy()
    assert t.result == 3.0 and t._kernel_readout == {"sum": 3.0, "a": 1.0}
    t.a = 2.0
    assert t.result == 4.0 and t._kernel_readout["sum"] == 4.0
    before = t.n_computed
    t.set(a=0.5, b=-1.0, flag=True)
    assert t.n_computed == before + 1  # several controls, one recompute
    assert t.result == 9.5 and t.readout() == {"sum": 9.5, "a": 0.5}
    with pytest.raises(ValueError, match=r"unknown control\(s\) \['c'\]"):
        t.set(c=1)
    with pytest.raises(traitlets.TraitError, match="'b' trait"):
        t.b = 6.0
    # a refused value in a move of several controls leaves every control as it was
    with pytest.raises(traitlets.TraitError, match="'b' trait"):
        t.set(a=2.5, b=6.0)
    assert t.params() == {"b": -1.0, "a": 0.5, "flag": True} and t.result == 9.5


def test_repr_is_stable():
    text = repr(Toy())
    assert text == "Toy(b=2.0, a=1.0, flag=False)"
    assert "0x" not in Toy()._repr_mimebundle_()[0]["text/plain"]


def test_bad_control_specs_name_the_trait():
    class BadKind(base.Explorer):
        x = traitlets.Float(0).tag(sync=True, control=dict(kind="knob", label="x"))

    with pytest.raises(ValueError, match=r"BadKind\.x: control kind must be one of"):
        base.control_specs(BadKind)

    class Missing(base.Explorer):
        x = traitlets.Float(0).tag(sync=True, control=dict(kind="slider", label="x"))

    with pytest.raises(ValueError, match=r"Missing\.x: a slider control needs \['min', 'max', "
                                         r"'step'\]"):
        base.control_specs(Missing)


def test_to_json():
    out = base.to_json({"X": np.arange(4.0).reshape(2, 2), "n": np.int64(3),
                        1: (np.bool_(True),)})
    assert out == {"X": [[0.0, 1.0], [2.0, 3.0]], "n": 3, "1": [True]}
    assert type(out["n"]) is int
    with pytest.raises(ValueError, match="finite"):
        base.to_json([1.0, np.inf])


def test_bundle_joins_the_helper_the_translations_and_the_chapter(tmp_path, monkeypatch):
    (tmp_path / "_explorer.js").write_text("export const HELP = 1;\n")
    (tmp_path / "_ko.js").write_text('import { HELP } from "./_explorer.js";\nconst KO = HELP;\n')
    (tmp_path / "chx.js").write_text('import { HELP } from "./_explorer.js";\n'
                                     "export default { render() { return HELP; } };\n")
    (tmp_path / "bad.js").write_text("export default {};\n")
    monkeypatch.setattr(base, "HERE", tmp_path)
    base.bundle.cache_clear()
    try:
        text = base.bundle("chx")
        assert "export const HELP = 1;" in text and "render()" in text
        # in this order: the helper, the dictionary (it calls the helper), the chapter
        assert text.index("HELP = 1") < text.index("const KO") < text.index("render()")
        assert "import" not in text.split("// ---- _ko.js ----")[1]
        with pytest.raises(FileNotFoundError, match="nothere.js"):
            base.bundle("nothere")
        with pytest.raises(ValueError, match="must import its helpers"):
            base.bundle("bad")
    finally:
        base.bundle.cache_clear()


def explorer_classes():
    found = []
    for info in pkgutil.iter_modules(lossbook.widgets.__path__):
        module = importlib.import_module(f"lossbook.widgets.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, base.Explorer) \
                    and value.__module__ == module.__name__ and value.module:
                found.append(value)
    return found


def test_every_explorer_has_its_javascript_face_and_every_face_an_explorer():
    classes = explorer_classes()
    assert classes
    used = set()
    for cls in classes:
        stem = cls.module
        # chNN_<stem>.py beside chNN_<stem>.js (or chNN_<stem>_<explorer>.js for a chapter of
        # several explorers)
        assert stem.startswith(cls.__module__.rsplit(".", 1)[1]), cls
        assert (WIDGETS / f"{stem}.js").is_file()
        assert cls._esm == base.bundle(stem)
        assert cls.title, f"{cls.__name__} has no title (its accessible name)"
        used.add(f"{stem}.js")
    faces = {p.name for p in WIDGETS.glob("*.js")} - {"_explorer.js", "_ko.js"}
    assert faces == used, f"JavaScript files no explorer uses: {sorted(faces - used)}"


def test_every_face_imports_only_the_helper_and_has_one_default_export():
    for path in WIDGETS.glob("ch*.js"):
        text = path.read_text(encoding="utf8")
        imports = re.findall(r"^import [^;]*;", text, flags=re.M)  # one may span lines
        assert imports == [imports[0]] and '"./_explorer.js"' in imports[0], path.name
        assert text.count("export default") == 1, path.name
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") \
            and "https://" not in text, f"{path.name} must not load anything from the web"


def test_readout_prints_six_digits_and_keeps_full_precision():
    t = Toy()
    t.set(a=1 / 3, b=0.0)
    r = t.readout()
    assert isinstance(r, base.ReadoutValues) and isinstance(r, dict)
    assert r["a"] == 1 / 3  # full precision for the tests and the kernel's readout
    assert repr(r) == "{'sum': 0.333333, 'a': 0.333333}"
    assert t._kernel_readout["a"] == 1 / 3
    long = base.ReadoutValues({f"key_{k}": k / 7 for k in range(6)})
    assert repr(long).splitlines() == ["{'key_0': 0,"] + [
        f" 'key_{k}': {k / 7:.6g}," for k in range(1, 5)] + [" 'key_5': 0.714286}"]


TOP_LEVEL = re.compile(r"^(?:export\s+)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+"
                       r"([A-Za-z_$][\w$]*)", re.M)


def test_chapter_modules_do_not_redeclare_the_helpers_names():
    """A chapter's module and the helper run as one ES module: a name declared in both is a
    SyntaxError that stops the explorer."""
    helper = set(TOP_LEVEL.findall((WIDGETS / "_explorer.js").read_text(encoding="utf8")))
    assert {"explorer", "panel", "readout", "fixed"} <= helper
    for path in WIDGETS.glob("ch*.js"):
        helper |= set(TOP_LEVEL.findall((WIDGETS / "_ko.js").read_text(encoding="utf8")))
        clash = helper & set(TOP_LEVEL.findall(path.read_text(encoding="utf8")))
        assert not clash, f"{path.name} declares {sorted(clash)}, as _explorer.js does"


class Picky(Toy):
    """A Toy whose computation refuses a value its traits accept (a = b)."""
    def compute(self):
        if self.a == self.b:
            raise ValueError("a must differ from b")
        return super().compute()


def test_a_value_the_computation_refuses_is_undone_whichever_way_it_comes():
    """``explorer.set(a=...)`` and ``explorer.a = ...`` alike: the error reaches the caller and
    the explorer keeps its last good value and readout (nothing half-set, no stale result)."""
    for move in (lambda p: p.set(a=2.0), lambda p: setattr(p, "a", 2.0)):
        p = Picky()
        before = (p.params(), dict(p.readout()), p._kernel_readout)
        with pytest.raises(ValueError, match="differ"):
            move(p)
        assert (p.params(), dict(p.readout()), p._kernel_readout) == before
        p.a = 2.5                                   # and it still follows good values
        assert p.readout()["sum"] == 4.5


def test_a_number_control_refuses_what_traitlets_float_would_take():
    """``Real``: True, NaN and 2**1100 are refused by name with a ValueError (ControlError)."""
    class Strict(base.Explorer):
        margin = base.Real(1.0, min=0.0, max=5.0).tag(sync=True, control=dict(
            kind="slider", label="margin", step=0.1))

        def compute(self):
            return self.margin

        def readout(self):
            return {"margin": self.result}

    s = Strict()
    for bad in (True, math.nan, math.inf, 2 ** 1100, "1.5", None, 7.0, -1.0):
        with pytest.raises(ValueError, match="margin") as info:
            s.margin = bad
        assert isinstance(info.value, traitlets.TraitError)
        assert s.margin == 1.0 and s.readout()["margin"] == 1.0
    s.margin = 2
    assert s.margin == 2.0 and isinstance(s.margin, float)


@pytest.mark.parametrize("stem", [None, 3, b"ch03_svm_loss", "../_explorer", "ch03 svm", ""])
def test_bundle_names_a_bad_stem(stem):
    """Not a module name (None, bytes, a path that climbs out): a TypeError naming ``stem``."""
    with pytest.raises(TypeError, match="stem must be a module name"):
        base.bundle(stem)


@pytest.mark.parametrize("cls", [None, 3, "SvmExplorer", Toy()])
def test_control_specs_names_a_bad_class(cls):
    with pytest.raises(TypeError, match="cls must be an Explorer class"):
        base.control_specs(cls)
