"""The print edition's pictures of the explorers (``_ext/print_explorers.py``), on a fresh build.

On chapters 3 and 6 (one explorer, three explorers): every widget view of the notebook whose saved
model is an explorer (not a Question) gets a PNG; each PNG decodes, has a plausible size (device
scale factor 2 of an explorer about 736 CSS px wide), is not blank, and its title is the saved
state's ``_title`` of that very model; no Question is pictured.  And the capture fails loudly: an
explorer that cannot draw in time, or a view that draws no explorer, raises naming the page and
the model id.

Without Chromium (or npm for the CDN assets) these tests are skipped, or fail with
``LOSSBOOK_REQUIRE_BROWSER=1`` (``conftest.py``).
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["chapters/03_svm_loss", "chapters/06_regression_losses"]
EXPECTED_COUNT = {"chapters/03_svm_loss": 1, "chapters/06_regression_losses": 3}
QUESTION = "lossbook.widgets.question.Question"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def load_module():
    spec = importlib.util.spec_from_file_location(
        "print_explorers", ROOT / "_ext" / "print_explorers.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def notebook_widgets(page: str) -> tuple[list[str], dict]:
    """The notebook's widget views (model ids, in cell order) and its saved widget state."""
    nb = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf8"))
    views = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view:
                views.append(view["model_id"])
    state = nb["metadata"]["widgets"][WIDGET_STATE]["state"]
    return views, state


def explorer_ids(page: str) -> dict[str, str]:
    """Model id -> ``_title`` of every explorer view of the notebook (Questions left out)."""
    views, state = notebook_widgets(page)
    out = {}
    for model_id in views:
        model = state[model_id]
        assert model["model_name"] == "AnyModel", f"{page}: {model_id} is {model['model_name']}"
        if model["state"].get("_anywidget_id") != QUESTION:
            out[model_id] = model["state"]["_title"]
    return out


class _InThread:
    """The module, with ``capture`` run in a thread of its own: the session's Chromium
    (``conftest.browser``) holds this thread's Playwright, and Playwright's sync API runs one
    instance per thread."""

    def __init__(self, module):
        self.module = module

    def capture(self, *args, **kwargs):
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(self.module.capture, *args, **kwargs).result()


@pytest.fixture(scope="module")
def module():
    return _InThread(load_module())


@pytest.fixture(scope="module")
def pictures(module, built_book, cdn_assets, tmp_path_factory):
    out = tmp_path_factory.mktemp("print-explorers")
    lines = []
    index = module.capture(built_book.html_dir, out, PAGES, log=lines.append)
    return out, index, lines


@pytest.mark.parametrize("page", PAGES)
def test_every_explorer_has_its_picture(page, pictures):
    out, index, lines = pictures
    expected = explorer_ids(page)
    assert len(expected) == EXPECTED_COUNT[page], f"{page}: the notebook's explorers: {expected}"
    got = {m: e for m, e in index.items() if e["page"] == page}
    assert set(got) == set(expected), (
        f"{page}: pictures of {sorted(got)}, the notebook's explorers are {sorted(expected)}"
    )
    assert json.loads((out / "index.json").read_text(encoding="utf8")) == index
    assert any(line.startswith(f"{page}:") for line in lines), lines
    _, state = notebook_widgets(page)
    for model_id, entry in got.items():
        assert entry["title"] == expected[model_id], (
            f"{page}: {model_id}: picture titled {entry['title']!r}, saved _title "
            f"{expected[model_id]!r}"
        )
        assert entry["png"] == f"{page.split('/')[-1]}/{model_id}.png"
        assert state[model_id]["state"].get("_anywidget_id") != QUESTION


@pytest.mark.parametrize("page", PAGES)
def test_pictures_are_real_images(page, pictures):
    from PIL import Image

    out, index, _ = pictures
    for model_id, entry in index.items():
        if entry["page"] != page:
            continue
        path = out / entry["png"]
        assert path.is_file(), f"{page}: {path} missing"
        with Image.open(path) as img:
            assert img.format == "PNG"
            rgb = np.asarray(img.convert("RGB"), dtype=float)
        h, w, _ = rgb.shape
        assert (w, h) == (entry["width_px"], entry["height_px"]), (w, h, entry)
        # device scale factor 2 of an explorer in a ~1000 px wide page (736 CSS px)
        assert 1000 <= w <= 2400 and 400 <= h <= 4000, f"{page}: {model_id}: {w}x{h} px"
        assert abs(w - 2 * entry["css_width"]) <= 2, entry
        # not blank: ink on white, many colours (text, figure, palette)
        assert rgb.std() > 15, f"{page}: {model_id}: nearly uniform (std {rgb.std():.1f})"
        colours = len(np.unique(rgb.reshape(-1, 3).astype(np.uint8), axis=0))
        assert colours > 50, f"{page}: {model_id}: only {colours} colours"
        # light theme: a white background inside the border (2 device px) and the padding
        assert rgb[h // 2, 8].mean() > 240 and rgb[h - 8, w // 2].mean() > 240, (
            f"{page}: {model_id}: not a light background"
        )


def test_questions_are_not_pictured(pictures):
    _, index, _ = pictures
    for page in PAGES:
        views, state = notebook_widgets(page)
        questions = [m for m in views if state[m]["state"].get("_anywidget_id") == QUESTION]
        assert questions, f"{page}: expected Questions on the page"
        assert not set(questions) & set(index)


def test_an_explorer_that_does_not_draw_fails_loudly(module, built_book, cdn_assets, tmp_path):
    """The anywidget front end broken: no explorer draws, and the capture stops after its
    timeout, naming the page and the explorer's model id."""
    html = tmp_path / "html"
    shutil.copytree(built_book.html_dir, html)
    (html / "_lossbook" / "anywidget.js").write_text("define([], () => { throw 1; });\n")
    with pytest.raises(RuntimeError) as err:
        module.capture(
            html, tmp_path / "out", ["chapters/03_svm_loss"], log=lambda _: None, timeout_ms=5_000
        )
    message = str(err.value)
    assert "chapters/03_svm_loss" in message and "not drawn within 5 s" in message, message
    assert all(m in message for m in explorer_ids("chapters/03_svm_loss")), message


def test_a_view_without_a_picture_fails_loudly(module, built_book, cdn_assets, tmp_path):
    """A view whose saved model is not a Question but draws no explorer (here: a question
    renamed in the saved state) has no picture: the capture stops, naming it."""
    html = tmp_path / "html"
    shutil.copytree(built_book.html_dir, html)
    page = html / "chapters" / "03_svm_loss.html"
    text = page.read_text(encoding="utf8")
    views = re.findall(r'"model_id": "([0-9a-f]+)"', text)
    _, state = notebook_widgets("chapters/03_svm_loss")
    question = next(m for m in views if state[m]["state"].get("_anywidget_id") == QUESTION)
    # rename that one model's class in the page's saved state (the state JSON is one line)
    start = text.index(f'"{question}": {{')
    end = text.index('"_anywidget_id": "lossbook.widgets.question.Question"', start)
    text = (
        text[:end]
        + '"_anywidget_id": "lossbook.widgets.question.Renamed"'
        + text[end + len('"_anywidget_id": "lossbook.widgets.question.Question"') :]
    )
    page.write_text(text, encoding="utf8")
    with pytest.raises(RuntimeError) as err:
        module.capture(html, tmp_path / "out", ["chapters/03_svm_loss"], log=lambda _: None)
    assert "chapters/03_svm_loss" in str(err.value) and question in str(err.value)
    assert "has no picture" in str(err.value)
