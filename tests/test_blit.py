"""BlitFigureView: drawing only the animated artists gives the same picture as a full draw."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from lossbook.widgets.base import figure_png
from lossbook.widgets.base import BlitFigureView


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def make():
    v = BlitFigureView(1, 1, figsize=(3, 2))
    line, = v.ax.plot([0, 1], [0, 0], color="C3", lw=3)
    v.ax.set_xlim(-0.5, 1.5)
    v.ax.set_ylim(-1, 1)
    v.animate(line)
    return v, line


def test_blit_matches_a_full_draw():
    v, line = make()
    v.redraw()
    first = v.image.value
    line.set_ydata([0.5, -0.5])
    v.redraw()
    assert v.image.value != first
    line.set_animated(False)      # a full draw of the same state, for reference
    full = figure_png(v.fig)
    diff = np.abs(pixels(v.image.value) - pixels(full))
    assert diff.mean() < 0.5          # identical up to anti-aliasing at the spines


def test_the_old_state_does_not_leak_and_limits_rerender():
    v, line = make()
    v.redraw()
    line.set_ydata([0.9, 0.9])
    v.redraw()
    line.set_ydata([-0.9, -0.9])
    v.redraw()
    blitted = pixels(v.image.value)
    line.set_animated(False)
    full = pixels(figure_png(v.fig))   # the line at 0.9 must not be left behind
    line.set_animated(True)
    assert np.abs(blitted - full).mean() < 0.5
    calls = []
    orig = v.fig.canvas.draw
    v.fig.canvas.draw = lambda *a, **k: (calls.append(1), orig(*a, **k))
    v.redraw()
    assert calls == []
    v.ax.set_ylim(-2, 2)
    v.redraw()
    assert calls == [1]
    v.invalidate()
    v.redraw()
    assert calls == [1, 1]
