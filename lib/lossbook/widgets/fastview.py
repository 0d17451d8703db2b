"""A faster :class:`~lossbook.widgets.base.FigureView` for explorers whose figures change only in
part: blitting (the static part is drawn once) and, for photos, JPEG frames."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image as PILImage

from .base import FigureView

__all__ = ["BlitFigureView"]


class BlitFigureView(FigureView):
    """A :class:`FigureView` that redraws only its moving artists (blitting).

    The first :meth:`redraw` draws everything except ``animated`` artists and keeps that
    background; later calls paste the background back and draw the animated artists on it, which
    skips the axes, ticks and labels (most of the cost of a frame).  Call :meth:`invalidate` when
    something static changes.  ``image_format="jpeg"`` suits figures of photos.
    """

    def __init__(self, *args, image_format: str = "png", **kwargs):
        super().__init__(*args, **kwargs)
        if image_format not in ("png", "jpeg"):
            raise ValueError(f"image_format must be 'png' or 'jpeg'; got {image_format!r}")
        self.image_format = image_format
        self.image.format = image_format
        self.animated: list = []
        self._background = None

    def invalidate(self) -> None:
        self._background = None

    def redraw(self) -> None:
        canvas = self.fig.canvas
        for a in self.animated:
            a.set_animated(True)
        if self._background is None:
            canvas.draw()
            if self.fig.get_layout_engine() is not None:
                self.fig.set_layout_engine("none")
                canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for a in self.animated:
            self.fig.draw_artist(a)
        rgba = np.asarray(canvas.buffer_rgba())
        buf = io.BytesIO()
        if self.image_format == "jpeg":       # photos: JPEG encodes 3-4 times faster than PNG
            PILImage.fromarray(rgba[..., :3]).save(buf, format="jpeg", quality=90)
        else:
            PILImage.fromarray(rgba).save(buf, format="png", compress_level=1)
        self.image.value = buf.getvalue()
