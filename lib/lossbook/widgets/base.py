r"""The one explorer protocol: an anywidget with two faces.

An explorer is one :class:`Explorer` subclass, in the module named after its chapter
(``widgets/ch03_svm_loss.py``), beside a JavaScript module of the same stem
(``widgets/ch03_svm_loss.js``):

* **Python face.**  The controls are traits tagged ``control={...}``, named as the parameters of
  the module's pure ``compute(**params)`` (numpy, the reference the notebook prints and the tests
  check against independent computations).  Whenever a control changes, from a cell or from the
  browser, :meth:`Explorer.refresh` recomputes :attr:`Explorer.result` (one update path) and
  :meth:`Explorer.readout` gives the numbers shown, by key.
* **JavaScript face.**  ``widgets/<stem>.js`` computes and draws the same thing in the reader's
  browser, so the explorer is live in the static book with no kernel; with a kernel (JupyterLab,
  Voilà, Colab) the Python side follows the controls.  The controls are built from the trait tags
  by the shared helper ``widgets/_explorer.js``; readout values carry ``data-key`` (and the full
  precision number in ``data-value``), which the browser tests compare with :meth:`readout`.

A subclass declares::

    class SvmExplorer(Explorer):
        module = "ch03_svm_loss"                              # the .js beside this module
        margin = Real(1.0, min=0.0, max=5.0).tag(sync=True, control=dict(
            kind="slider", label="margin Δ", min=0.0, max=5.0, step=0.1))

        def compute(self):                                    # -> self.result
            return compute(self.scores, self.y, self.margin, self.squared)

        def readout(self):                                    # key -> number or text
            return {"total": self.result.total, ...}

Fixed inputs the browser needs (data sets, names, photos) go in the synced :attr:`Explorer.data`
dict as plain lists, numbers and strings.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import numpy as np
import traitlets

from .._validation import as_scalar

__all__ = ["ControlError", "Explorer", "Real", "ReadoutValues", "bundle", "control_specs",
           "to_json"]

HERE = Path(__file__).resolve().parent
SHARED = "_explorer"
#: the dictionaries bundled after the shared helper (``tr()`` of the page's language)
TRANSLATIONS = ("_ko",)
_IMPORT_SHARED = re.compile(r'^import\s*\{[^}]*\}\s*from\s*"\./_explorer\.js";\s*$', re.M)

#: the kinds of control the shared helper builds, and the keys each needs
CONTROL_KINDS = {
    "slider": ("label", "min", "max", "step"),
    "int_slider": ("label", "min", "max", "step"),
    "log_slider": ("label", "min", "max", "step"),   # min, max, step in log10 units
    "checkbox": ("label",),
    "select": ("label", "options"),                   # options: [[label, value], ...]
    "toggle": ("label", "options"),
    "matrix": ("label", "row_labels", "col_labels", "step"),
    "slider_array": ("label", "labels", "min", "max", "step"),  # labels: the value's shape
}


@lru_cache(maxsize=None)
def bundle(stem: str) -> str:
    """The ES module the browser runs for ``widgets/<stem>.js``: the shared helper
    ``_explorer.js``, the translations ``_ko.js`` (the Korean texts, which ``tr()`` in
    ``_explorer.js`` shows on a page whose ``<html lang>`` is Korean), then the chapter's module;
    their ``import {...} from "./_explorer.js"`` lines are dropped (an ESM embedded in a page
    cannot import a neighbour).

    Each file is a valid ES module on its own (the browser tests also load them as such)."""
    if not isinstance(stem, str) or not re.fullmatch(r"[A-Za-z0-9_]+", stem):
        raise TypeError(f"stem must be a module name such as 'ch03_svm_loss' (letters, digits, "
                        f"underscores); got {type(stem).__name__} {stem!r:.60}")
    path = HERE / f"{stem}.js"
    if not path.is_file():
        raise FileNotFoundError(f"no JavaScript module {path.name} beside {__name__}")
    chapter = path.read_text(encoding="utf8")
    if not _IMPORT_SHARED.search(chapter):
        raise ValueError(f"{path.name} must import its helpers from \"./_explorer.js\"")
    shared = (HERE / f"{SHARED}.js").read_text(encoding="utf8")
    parts = [f"// lossbook explorer: {' + '.join(f'{n}.js' for n in (SHARED, *TRANSLATIONS, stem))}",
             shared]
    for name in TRANSLATIONS:
        text = (HERE / f"{name}.js").read_text(encoding="utf8")
        parts += [f"// ---- {name}.js ----", _IMPORT_SHARED.sub("", text)]
    parts += [f"// ---- {stem}.js ----", _IMPORT_SHARED.sub("", chapter)]
    return "\n".join(parts)


def to_json(value: Any) -> Any:
    """Numpy arrays and scalars as plain lists and numbers (what a synced trait can carry);
    non-finite floats as ``None`` would lose meaning, so they are refused."""
    if isinstance(value, np.ndarray):
        return to_json(value.tolist())
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"explorer data must be finite; got {value}")
        return float(value)
    return value


def control_specs(cls: type[Explorer]) -> list[dict]:
    """The controls of an explorer class, in declaration order: ``{"name": trait, **tag}``."""
    if not (isinstance(cls, type) and issubclass(cls, traitlets.HasTraits)):
        raise TypeError(f"cls must be an Explorer class; got {type(cls).__name__} {cls!r:.60}")
    declared: dict[str, traitlets.TraitType] = {}
    for klass in reversed(cls.__mro__):  # declaration order, base classes first
        for name, value in vars(klass).items():
            if isinstance(value, traitlets.TraitType) and value.metadata.get("control"):
                declared.setdefault(name, value)
                declared[name] = value
    specs = []
    for name, trait in declared.items():
        spec = dict(trait.metadata["control"])
        for bound in ("min", "max"):  # a bounded trait (Float(min=..., max=...)) states its range
            value = getattr(trait, bound, None)
            if value is not None and math.isfinite(value):
                spec.setdefault(bound, value)
        kind = spec.get("kind")
        if kind not in CONTROL_KINDS:
            raise ValueError(f"{cls.__name__}.{name}: control kind must be one of "
                             f"{tuple(CONTROL_KINDS)}; got {kind!r}")
        missing = [k for k in CONTROL_KINDS[kind] if k not in spec]
        if missing:
            raise ValueError(f"{cls.__name__}.{name}: a {kind} control needs {missing}")
        specs.append({"name": name, **to_json(spec)})
    order = {name: i for i, name in enumerate(cls.control_order)} if cls.control_order else {}
    specs.sort(key=lambda s: order.get(s["name"], len(order)))
    return specs


class ControlError(traitlets.TraitError, ValueError):
    """A value a control refuses: a TraitError (what traitlets raises for every trait) that is
    also a ValueError (what the library raises for a bad argument)."""


class Real(traitlets.Float):
    """A number control: a finite real number within the trait's ``min``/``max``, checked by
    :func:`lossbook._validation.as_scalar` first — traitlets' own Float takes ``True`` as 1.0,
    NaN past its bounds and raises OverflowError for ``2**1100``.  A refused value raises
    :class:`ControlError` naming the control; the explorer keeps its old value."""

    def validate(self, obj, value):
        try:
            value = as_scalar(value, self.name)
        except (TypeError, ValueError) as exc:
            raise ControlError(str(exc)) from None
        try:
            return super().validate(obj, value)
        except traitlets.TraitError as exc:
            raise ControlError(str(exc)) from None


class ReadoutValues(dict):
    """An explorer's readout, key -> number or text: a plain dict at full precision, shown with
    six significant digits (as a reader reads it, and the same on every platform)."""

    def __repr__(self) -> str:
        def show(v):
            return f"{v:.6g}" if isinstance(v, float) else repr(v)
        items = [f"{k!r}: {show(v)}" for k, v in self.items()]
        one_line = "{" + ", ".join(items) + "}"
        # a long readout one entry a line, as pprint does, so that no page cuts it off
        return one_line if len(one_line) <= 72 else "{" + ",\n ".join(items) + "}"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))


def _readout_values(readout):
    """Wrap a subclass's ``readout()`` so that it returns :class:`ReadoutValues`."""
    def wrapped(self):
        return ReadoutValues(readout(self))
    wrapped.__doc__ = readout.__doc__
    wrapped.__wrapped__ = readout
    return wrapped


class Explorer(anywidget.AnyWidget):
    """Base class of every explorer: controls as tagged traits, one update path, two faces.

    ``explorer.result`` is the last Python compute; ``explorer.readout()`` the numbers shown, by
    the readout keys the page uses; ``explorer.set(**params)`` moves several controls with one
    recompute.
    """

    #: stem of the JavaScript module beside the subclass's Python module
    module: ClassVar[str] = ""
    #: controls in this order (default: the order the traits are declared in)
    control_order: ClassVar[tuple[str, ...]] = ()
    #: a title shown above the explorer and its accessible name
    title: ClassVar[str] = ""

    _controls = traitlets.List().tag(sync=True)
    _title = traitlets.Unicode("").tag(sync=True)
    data = traitlets.Dict().tag(sync=True)
    #: the kernel's readout after its last recompute (the Voilà tests read it from the page)
    _kernel_readout = traitlets.Dict().tag(sync=True)

    def __init_subclass__(cls, **kwargs):
        if "readout" in cls.__dict__:
            cls.readout = _readout_values(cls.__dict__["readout"])
        if cls.__dict__.get("module"):
            cls._esm = bundle(cls.module)
        super().__init_subclass__(**kwargs)

    def __init__(self, **kwargs):
        self._batch = 0
        self.result = None
        super().__init__(**kwargs)
        self._controls = [self._control_spec(spec) for spec in control_specs(type(self))]
        self._title = self.title
        names = [spec["name"] for spec in self._controls]
        if names:  # observe(names=[]) would mean every trait to traitlets
            self.observe(self._on_control, names=names)
        self.refresh()

    def _control_spec(self, spec: dict) -> dict:
        """Hook: complete a control's spec with what only the instance knows (row labels, ...)."""
        return spec

    # ---- the one update path -------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        """The controls' current values, by name."""
        return {spec["name"]: getattr(self, spec["name"]) for spec in self._controls}

    def compute(self) -> Any:
        """The pure Python computation for the current controls (subclasses call their module's
        ``compute``)."""
        raise NotImplementedError

    def readout(self) -> dict[str, Any]:
        """The numbers (or short texts) the explorer shows, by readout key, from
        :attr:`result`."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Recompute :attr:`result` from the controls and publish the kernel's readout."""
        self.result = self.compute()
        # a synced trait carries finite numbers only: an overflow (inf) travels as its text
        self._kernel_readout = to_json({
            key: repr(v) if isinstance(v, float) and not math.isfinite(v) else v
            for key, v in self.readout().items()})

    def set(self, **params) -> Explorer:
        """Move several controls at once, with a single recompute; returns the explorer."""
        unknown = set(params) - set(self.params())
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; the controls are "
                             f"{sorted(self.params())}")
        before = self._state()
        self._batch += 1
        try:
            with self.hold_sync():
                for name, value in params.items():
                    setattr(self, name, value)
            self.refresh()
        except Exception:
            self._restore(before, params)  # refused by a trait or by the computation
            raise
        finally:
            self._batch -= 1
        return self

    def _on_control(self, change=None) -> None:
        if self._batch:
            return
        before = self._state()
        try:
            self.refresh()
        except Exception:
            if change is None:
                raise
            # a value the trait took but the computation refuses (explorer.scores = ...)
            before[0][change["name"]] = change["old"]
            self._batch += 1
            try:
                self._restore(before, [change["name"]])
            finally:
                self._batch -= 1
            raise

    def _state(self) -> tuple[dict[str, Any], Any, dict]:
        return self.params(), self.result, dict(self._kernel_readout)

    def _restore(self, state: tuple[dict[str, Any], Any, dict], names) -> None:
        """Undo a move: the controls ``names`` back to their values in ``state``, and the last
        good result and readout with them (no recompute: a warm-started fit would move)."""
        params, result, readout = state
        with self.hold_sync():
            for name in names:
                setattr(self, name, params[name])
            self.result = result
            self._kernel_readout = readout

    # ---- display ------------------------------------------------------------------------------
    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={_short(v)}" for k, v in self.params().items())
        return f"{type(self).__name__}({shown})"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
