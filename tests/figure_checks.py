"""What a figure of the book must be to read well in the page (used by the chapter tests).

The book's text column is 688 CSS pixels wide at a 1280-px window (measured in Chromium with the
pinned sphinx-book-theme).  A figure wider than the column is scaled down to fit, its text with
it, so the size a reader sees is ``fontsize [pt] * dpi / 72 * min(1, column / width [px])``.
"""
from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

COLUMN_PX = 688
#: the smallest text a reader should have to read in a figure, in CSS pixels at 1280 px (the
#: page's body text is 16 px; 9 px is about the size of a small print footnote)
MIN_TEXT_PX = 9.0


def shown_text_px(fig: Figure, column_px: float = COLUMN_PX) -> list[tuple[float, str]]:
    """Every visible, non-empty text of ``fig`` (titles, labels, tick labels, legends,
    annotations) with the size it is shown at, smallest first."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.canvas.draw()  # lays out ticks and legends, so that their texts exist
    width_px = fig.get_figwidth() * fig.dpi
    scale = min(1.0, column_px / width_px)
    sizes = []
    for text in fig.findobj(Text):
        shown = text.get_visible() and (text.axes is None or text.axes.get_visible())
        if shown and text.get_text().strip():
            sizes.append((text.get_fontsize() * fig.dpi / 72 * scale, text.get_text()))
    return sorted(sizes)


def assert_legible(fig: Figure, min_px: float = MIN_TEXT_PX) -> None:
    """Fail with the too-small texts named if any text of ``fig`` is shown below ``min_px``."""
    small = [(round(px, 1), t) for px, t in shown_text_px(fig) if px < min_px]
    width_px = fig.get_figwidth() * fig.dpi
    assert not small, (
        f"figure {width_px:.0f} px wide (column {COLUMN_PX} px): texts shown below "
        f"{min_px} px: {small[:8]}")
