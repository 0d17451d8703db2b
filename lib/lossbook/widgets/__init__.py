"""The book's interactive explorers.

Each explorer is two parts, in its own module:

* a pure *compute* step, ``compute(...) -> dict`` (or a small dataclass): plain numbers and arrays
  from the controls' values, tested without a browser against :mod:`lossbook.losses`;
* a thin *view* class that builds labelled ipywidgets controls, calls the compute step when a
  control changes, updates its figure in place (``set_data``/``set_height`` and a redraw, never a
  new plot) and writes the numbers into a :class:`~lossbook.widgets.base.Readout`.

Shared building blocks live in :mod:`lossbook.widgets.base`.
"""
from .base import BlitFigureView, FigureView, Readout, figure_png, slider

__all__ = ["BlitFigureView", "FigureView", "Readout", "figure_png", "slider"]
