"""Chapter 1 as an app (Voilà): the challenge explorer (a real photo transformed; the pixel
distance to the original) driven like a reader; the kernel's Python side follows."""
from __future__ import annotations

import numpy as np
import pytest

import lossbook_browser as ui

NOTEBOOK = "chapters/01_semantic_gap.ipynb"
STRENGTH = "Strength"


def expected(challenge, strength):
    """The lib's transformation of the photo, measured here (L1 = Σ|Δ|, L2 = √ΣΔ²)."""
    from lossbook.data import photos
    cat = photos.load_photo("chelsea")
    out = photos.apply(cat, challenge, strength, seed=0)
    diff = out.astype(np.float64) - cat.astype(np.float64)
    return {"challenge": challenge, "strength": f"{strength:.2f}",
            "l1": f"{np.abs(diff).sum():,.0f}", "l2": f"{np.sqrt((diff ** 2).sum()):,.0f}",
            "mean_abs": f"{np.abs(diff).mean():.1f}"}


@pytest.fixture(scope="module")
def chal(app_page):
    return ui.explorer(app_page, STRENGTH)


def test_starts_at_viewpoint(chal):
    ui.wait_readouts(chal, expected("viewpoint", 0.25) | {"label_transformed": "cat"})
    assert ui.wait_kernel(chal)["l1"] == float(expected("viewpoint", 0.25)["l1"].replace(",", ""))


def test_strength_with_the_keyboard(chal):
    """Strength 0.25 -> 0.50 with five presses of → (step 0.05)."""
    ui.press_on_slider(chal, STRENGTH, "ArrowRight", 5)
    ui.wait_readouts(chal, expected("viewpoint", 0.5))
    kernel = ui.wait_kernel(chal)  # the Python side followed the slider
    assert (kernel["challenge"], kernel["strength"]) == ("viewpoint", 0.5)


def test_other_challenges(chal):
    from lossbook.chapters.ch01_semantic_gap import flat_image
    from lossbook.data import photos
    from lossbook.widgets.ch01_semantic_gap import compute
    ui.choose(chal, "Challenge", "Illumination")
    ui.wait_readouts(chal, expected("illumination", 0.5))
    ui.wait_kernel(chal)
    ui.type_into_slider(chal, STRENGTH, "1")
    shown = ui.wait_readouts(chal, expected("illumination", 1.0))
    cat = photos.load_photo("chelsea")
    r = compute(cat, "illumination", 1.0, flat_image(cat))
    assert shown["ratio"] == f"{r['ratio']:.2f}"
    assert ui.wait_kernel(chal)["ratio"] == pytest.approx(r["ratio"], rel=1e-12)
    ui.choose(chal, "Challenge", "Occlusion")
    ui.wait_readouts(chal, expected("occlusion", 1.0) | {"label_transformed": "cat"})
    ui.choose(chal, "Challenge", "Intraclass variation")
    ui.wait_readouts(chal, expected("intraclass", 1.0))
    ui.wait_kernel(chal)


def test_page_had_no_errors(app_page):
    ui.assert_clean(app_page)
