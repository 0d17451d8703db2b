"""The shared widget building blocks: Readout, Displayable, FigureView frames."""
import html
import re

import ipywidgets as widgets
import pytest

from lossbook.widgets import base


def test_readout_shows_each_value_under_its_key_and_escapes_text():
    r = base.Readout("Loss <L>")
    r.show([("total", "L = mean", "5.27"), ("odd", "a < b", "<b>x</b>")])
    assert r.values == {"total": "5.27", "odd": "<b>x</b>"}
    spans = dict(re.findall(r"data-key='([^']+)'>([^<]*)</span>", r.widget.value))
    assert spans["total"] == "5.27"
    assert html.unescape(spans["odd"]) == "<b>x</b>"  # shown as text, not as markup
    assert "Loss &lt;L&gt;" in r.widget.value
    assert "lossbook-readout" in r.widget._dom_classes


def test_displayable_shows_its_widget():
    class Demo(base.Displayable):
        def __init__(self):
            self.widget = widgets.HTML("hi")
    demo = Demo()
    bundle = demo._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == demo.widget.model_id


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("jpeg", b"\xff\xd8\xff")])
def test_frames_are_encoded_in_the_asked_format(fmt, magic):
    view = base.BlitFigureView(figsize=(2, 1.5), image_format=fmt)
    line, = view.ax.plot([0, 1], [0, 1])
    view.animate(line)
    view.redraw()
    assert bytes(view.image.value).startswith(magic)
    with pytest.raises(ValueError, match="image_format must be 'png' or 'jpeg'"):
        base.BlitFigureView(image_format="gif")
