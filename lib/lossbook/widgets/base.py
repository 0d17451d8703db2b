"""Building blocks shared by every explorer: a figure shown as an image, a readout, a slider.

Why an ``Image`` widget and not ``%matplotlib widget``: it needs no extra front-end extension, works
the same in JupyterLab, in Voilà and (as the last saved frame) in the rendered book, and its bytes
can be checked in a test without a browser.
"""
from __future__ import annotations

import html
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

__all__ = ["encode_rgba", "figure_png", "FigureView", "BlitFigureView", "Displayable", "Readout",
           "slider"]


def encode_rgba(rgba: np.ndarray, image_format: str = "png") -> bytes:
    """Encode an (H, W, 4) RGBA array: PNG, lightly compressed (fast), or JPEG (photos)."""
    buf = io.BytesIO()
    rgb = PILImage.fromarray(rgba[..., :3])  # the figures are opaque: no alpha channel to encode
    if image_format == "jpeg":  # photos: JPEG encodes 3-4 times faster than PNG
        rgb.save(buf, format="jpeg", quality=90)
    else:
        rgb.save(buf, format="png", compress_level=1)
    return buf.getvalue()


def figure_png(fig: Figure) -> bytes:
    """Draw ``fig`` with Agg and return it as PNG bytes (fast, lightly compressed)."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return encode_rgba(np.asarray(canvas.buffer_rgba()))


class FigureView:
    """A matplotlib figure shown in an ``ipywidgets.Image``.

    Build the artists once, change them in place (``line.set_data``, ``bar.set_height``, ...),
    then call :meth:`redraw`.  ``figsize`` in inches, at ``dpi`` dots per inch.
    """

    def __init__(self, nrows: int = 1, ncols: int = 1, figsize=(6.0, 3.5), dpi: int = 80,
                 **subplot_kw):
        # a Figure made directly (not through pyplot) is never displayed twice by the notebook
        self.fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.fig)
        axes = self.fig.subplots(nrows, ncols, squeeze=False, **subplot_kw)
        self.axes = axes.ravel()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))

    @property
    def ax(self):
        return self.axes[0]

    def redraw(self) -> None:
        """Render the figure into the image.  The first call lays the figure out
        (constrained layout); later calls keep that layout, which halves the cost of a redraw."""
        self.image.value = figure_png(self.fig)
        if self.fig.get_layout_engine() is not None:
            self.fig.set_layout_engine("none")


class BlitFigureView(FigureView):
    """A :class:`FigureView` that redraws only what moves (blitting).

    Drawing a whole figure re-renders every tick label, legend and title, most of which never
    changes when a slider moves.  The first :meth:`redraw` lays the figure out and renders
    everything but the *animated* artists into a background; later calls paste the background back
    and draw only the animated artists on top (several times faster).  The background is rendered
    again whenever an axis' limits change, or after :meth:`invalidate`.

    Register the changing artists with :meth:`animate` (or assign the list ``animated``); they are
    drawn in that order, above the static ones.  ``image_format="jpeg"`` suits figures of photos.
    """

    def __init__(self, *args, image_format: str = "png", **kwargs):
        super().__init__(*args, **kwargs)
        if image_format not in ("png", "jpeg"):
            raise ValueError(f"image_format must be 'png' or 'jpeg'; got {image_format!r}")
        self.image_format = image_format
        self.image.format = image_format
        self.animated: list = []
        self._background = None
        self._limits = None

    def animate(self, *artists) -> None:
        """Mark artists as changing: they are drawn on top of the cached background."""
        self.animated.extend(artists)

    def invalidate(self) -> None:
        """Force the next :meth:`redraw` to render the static background again."""
        self._background = None

    def redraw(self) -> None:
        canvas = self.fig.canvas
        for artist in self.animated:
            artist.set_animated(True)
        limits = tuple(ax.get_xlim() + ax.get_ylim() for ax in self.axes)
        if self._background is None or limits != self._limits:
            canvas.draw()  # skips the animated artists; the first call also lays the figure out
            if self.fig.get_layout_engine() is not None:
                self.fig.set_layout_engine("none")
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._limits = limits
        else:
            canvas.restore_region(self._background)
        for artist in self.animated:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        self.image.value = encode_rgba(np.asarray(canvas.buffer_rgba()), self.image_format)


class Displayable:
    """Mixin for explorers: a notebook displays the object as its top-level ``widget``."""

    widget: widgets.Widget

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class Readout:
    """An ``HTML`` widget that shows named numbers.

    Each number is written as ``<span class="lossbook-value" data-key="KEY">TEXT</span>`` so that a
    browser test can read exactly the value the reader sees.  The widget carries the CSS class
    ``lossbook-readout``.
    """

    def __init__(self, title: str = ""):
        self.title = title
        self.widget = widgets.HTML()
        self.widget.add_class("lossbook-readout")
        self.values: dict[str, str] = {}

    def show(self, rows, note: str = "") -> None:
        """``rows``: a list of ``(key, label, text)``; the widget shows ``label: text`` per row."""
        self.values = {key: text for key, _, text in rows}
        cells = "".join(
            f"<tr><td>{html.escape(label)}</td><td style='text-align:right;font-family:monospace'>"
            f"<span class='lossbook-value' data-key='{html.escape(key)}'>{html.escape(text)}"
            f"</span></td></tr>" for key, label, text in rows)
        title = f"<b>{html.escape(self.title)}</b>" if self.title else ""
        extra = f"<div>{note}</div>" if note else ""
        self.widget.value = f"{title}<table>{cells}</table>{extra}"


def slider(description: str, value: float, min: float, max: float, step: float,
           fmt: str = ".2f", width: str = "420px") -> widgets.FloatSlider:
    """A labelled, continuously updating float slider with a readable label width."""
    return widgets.FloatSlider(value=value, min=min, max=max, step=step,
                               description=description, readout_format=fmt,
                               continuous_update=True,
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width=width))
