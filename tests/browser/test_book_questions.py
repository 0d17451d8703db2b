"""The chapters' self-checking questions in the built book, with no kernel, as a reader meets them.

Each question a chapter shows (the cells ``ex-q-*``, written by ``tests/exercise_cells.py``) is
found on its page; typed as a reader types, its answer — computed here by hand, independently of
the library that computed the notebook's — is accepted, each of its hints answers the wrong number
it was written for, and another number is "not right".  Chapter 8's question is also answered by
the λ explorer on the same page: set to L1 and λ = 0.1 it counts as many exact zeros.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import lossbook_browser as ui

ROOT = Path(__file__).resolve().parents[2]
S = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])


def _softmax(s):
    e = [math.exp(v - max(s)) for v in s]
    return [v / sum(e) for v in e]


#: each question's answer, by hand (not by lossbook)
ANSWERS = {
    "pixels-one": 32 * 32 * 3,
    "pixels-all": 50_000 * 3 * 1024,
    "ship-score": 0 * 56 + 0.25 * 231 + 0.2 * 24 - 0.3 * 2 - 1.2,
    "cifar-parameters": 10 * (32 * 32 * 3 + 1),
    "softmax-10-9-9": math.log(1 + 2 * math.exp(-1)),
    "softmax-mean": (math.log(1 + math.exp(-12) + math.exp(-7)) + math.log(1 + 2 * math.exp(-1))
                     + math.log(1 + 2 * math.exp(-110))) / 3,
    "frog-margin-2": max(0, 2.2 + 3.1 + 2) + max(0, 2.5 + 3.1 + 2),
    "svm-mean": (max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1)
                 + max(0, 1.3 - 4.9 + 1) + max(0, 2.0 - 4.9 + 1)
                 + max(0, 2.2 + 3.1 + 1) + max(0, 2.5 + 3.1 + 1)) / 3,
    "svm-init": 9,
    "cat-softmax": -math.log(_softmax([3.2, 5.1, -1.7])[0]),
    "equal-scores": math.log(10),
    "gaussian-point": 0.5 * math.log(2 * math.pi * 0.8 ** 2) + 0.5 ** 2 / (2 * 0.8 ** 2),
    "laplace-point": math.log(2 * 0.8) + 0.5 / 0.8,
    "temperature-car": _softmax([3.2 / 0.5, 5.1 / 0.5, -1.7 / 0.5])[1],
    "bce-zero": math.log(2),
    "l2-spread": 4 * 0.25 ** 2,
    "l1-zeros": None,   # read from the λ explorer on the same page
}


def questions(stem: str) -> list[tuple[str, dict]]:
    """The questions of a chapter in page order: (slug, the saved widget's data)."""
    nb = json.loads((ROOT / "chapters" / f"{stem}.ipynb").read_text(encoding="utf8"))
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    out = []
    for cell in nb["cells"]:
        if str(cell.get("id", "")).startswith("ex-q-"):
            view = cell["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"]
            out.append((cell["id"].removeprefix("ex-q-"), state[view["model_id"]]["state"]["data"]))
    return out


STEMS = sorted({p.stem for p in (ROOT / "chapters").glob("*.ipynb")
                if '"ex-q-' in p.read_text(encoding="utf8")})


def test_every_question_has_an_independent_answer():
    slugs = [slug for stem in STEMS for slug, _ in questions(stem)]
    assert len(slugs) >= 16 and sorted(slugs) == sorted(ANSWERS)
    for stem in STEMS:
        assert len(questions(stem)) >= 2, stem


def _verdict(scope) -> tuple[str, str]:
    region = scope.locator('[aria-live="polite"]')
    return region.get_attribute("data-status"), region.inner_text().strip()


def _answer(scope, typed: str) -> tuple[str, str]:
    box = scope.get_by_label("Your answer", exact=True)
    box.fill(typed)
    box.press("Enter")
    return _verdict(scope)


def _zeros_in_the_explorer(page) -> int:
    scope = ui.explorer(page, "penalty")
    ui.choose(scope, "penalty", "L1")
    ui.wait_readouts(scope, {"penalty": "L1"})
    ui.type_into_slider(scope, "λ (reg strength)", "0.1")
    shown = ui.wait_readouts(scope, {"lambda": "1.00e-01"})
    return int(shown["n_zero"])


@pytest.mark.parametrize("stem", STEMS)
def test_the_page_checks_each_question(stem, new_page, built_book):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(built_book.url(f"chapters/{stem}"), wait_until="load")
    asked = questions(stem)
    page.wait_for_function(f"() => document.querySelectorAll('.lb-question input').length "
                           f"=== {len(asked)}", timeout=60_000)
    boxes = page.locator(".lb-question")
    for k, (slug, data) in enumerate(asked):
        scope = boxes.nth(k)
        assert data["prompt"] in scope.inner_text()
        answer = ANSWERS[slug]
        if answer is None:
            answer = _zeros_in_the_explorer(page)
        assert abs(answer - data["answer"]) <= 1e-9 * max(1.0, abs(answer)), slug
        status, message = _answer(scope, f"{answer:.10g}")
        assert status == "right", (slug, message)
        for value, hint in data["hints"]:
            status, message = _answer(scope, f"{value:g}")
            assert status == "hint" and hint in message, (slug, value, message)
        status, message = _answer(scope, f"{answer + 17:.10g}")
        assert status == "wrong" and "not the answer" in message, (slug, message)
    ui.assert_clean(page)
