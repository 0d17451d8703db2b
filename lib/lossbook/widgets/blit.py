"""A :class:`~lossbook.widgets.base.FigureView` that redraws only what moves (blitting).

Drawing a whole figure re-renders every tick label, legend and title: about 80 ms for a two-panel
figure with labelled bars on this machine.  Most of that never changes when a slider moves.  A
:class:`BlitFigureView` renders the static part once, keeps it as a background, and on every
:meth:`redraw` pastes the background back and draws only the *animated* artists (bars, lines,
markers, value labels) on top: ~10 ms.  The background is re-rendered by itself whenever an axis'
limits change (or after :meth:`invalidate`), so the figure always looks exactly as a full draw would,
except that animated artists are drawn above the static ones.

Usage is the same as :class:`FigureView`: build the artists once, register the ones that change
with :meth:`animate`, change them in place, call :meth:`redraw`.
"""
from __future__ import annotations

import io

import numpy as np
from PIL import Image as PILImage

from .base import FigureView

__all__ = ["BlitFigureView"]


class BlitFigureView(FigureView):
    """:class:`FigureView` with a cached background; see the module's docstring."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._animated: list = []
        self._background = None
        self._limits = None

    def animate(self, *artists) -> None:
        """Mark artists as changing: they are drawn on top of the cached background."""
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)

    def invalidate(self) -> None:
        """Force the next :meth:`redraw` to render the static background again."""
        self._background = None

    def _current_limits(self):
        return tuple(ax.get_xlim() + ax.get_ylim() for ax in self.axes)

    def redraw(self) -> None:
        canvas = self.fig.canvas
        limits = self._current_limits()
        if self._background is None or limits != self._limits:
            canvas.draw()  # animated artists are skipped; the first call also lays out
            if self.fig.get_layout_engine() is not None:
                self.fig.set_layout_engine("none")
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._limits = limits
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        rgba = np.asarray(canvas.buffer_rgba())
        buf = io.BytesIO()
        PILImage.fromarray(rgba).save(buf, format="png", compress_level=1)
        self.image.value = buf.getvalue()
