"""The explorers saved in the notebooks are current: the rendered book runs the JavaScript stored in
each notebook's widget state, so a stored explorer must carry today's JavaScript face and
controls, and every explorer output must have its state saved.

(After changing ``lib/lossbook/widgets/*.js``, re-execute the chapters: README, "After changing a
notebook or the library".)
"""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from lossbook.widgets.base import Explorer, control_specs

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"


def saved_explorers(path: Path):
    nb = json.loads(path.read_text(encoding="utf8"))
    state = nb.get("metadata", {}).get("widgets", {}).get(STATE, {}).get("state", {})
    views = [out["data"][VIEW]["model_id"] for cell in nb["cells"] if cell["cell_type"] == "code"
             for out in cell.get("outputs", []) if VIEW in out.get("data", {})]
    return state, views


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_saved_explorers_are_current(path):
    state, views = saved_explorers(path)
    for model_id in views:
        assert model_id in state, f"{path.name}: widget {model_id} is shown but not saved"
    for model_id, model in state.items():
        if model["model_name"] != "AnyModel":
            continue
        s = model["state"]
        module_name, _, class_name = s["_anywidget_id"].rpartition(".")
        cls = getattr(importlib.import_module(module_name), class_name)
        assert issubclass(cls, Explorer)
        assert s["_esm"] == cls._esm, (
            f"{path.name}: the saved {class_name} runs outdated JavaScript; re-execute the "
            "notebook")
        saved = {c["name"]: (c["kind"], c["label"]) for c in s["_controls"]}
        now = {c["name"]: (c["kind"], c["label"]) for c in control_specs(cls)}
        assert saved == now, f"{path.name}: the saved {class_name} has other controls"
        assert s["_kernel_readout"], f"{path.name}: {class_name} saved without its readout"
