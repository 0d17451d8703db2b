r"""The challenge explorer: pick a challenge, move its strength, watch the photo and its distance.

The label stays "cat" while the pixels move.  Beside the L1 and L2 distances between the original
and the transformed photo, the readout gives the L1 distance from the cat to a featureless image,
every pixel the cat's mean colour (:func:`flat_image`): when the transformed cat is farther from
the original than that blank image is (ratio above 1), raw pixel distance says the blank image
looks more like our cat than the cat itself does.

:func:`compute` is the pure step (tested against :mod:`lossbook.challenges` and a hand-written
distance); :class:`ChallengeExplorer` is the view.
"""
from __future__ import annotations

import numpy as np
import ipywidgets as widgets

from .. import challenges
from .base import BlitFigureView, Displayable, Readout, slider

__all__ = ["flat_image", "compute", "ChallengeExplorer"]


def flat_image(image) -> np.ndarray:
    """An image of the same shape filled with ``image``'s mean colour: no cat, no edges, nothing."""
    image = np.asarray(image)
    mean = np.rint(image.reshape(-1, image.shape[-1]).mean(axis=0))
    return np.broadcast_to(mean.astype(image.dtype), image.shape).copy()


def compute(image, challenge: str, strength: float, reference=None, seed: int = 0) -> dict:
    """Transform ``image`` and measure it: a dict with ``"image"`` (the transformed uint8 array),
    ``"difference"`` ``(H, W)`` (mean |Δ| over the channels), ``"l1"``, ``"l2"``,
    ``"mean_abs"`` and, if a ``reference`` image of the same shape is given, ``"reference_l1"``
    (its L1 distance to ``image``) and ``"ratio"`` (``l1 / reference_l1``)."""
    out = challenges.apply(image, challenge, strength, seed)
    diff = np.abs(out.astype(np.float64) - np.asarray(image, dtype=np.float64)).mean(axis=2)
    result = {"image": out, "difference": diff,
              "l1": challenges.pixel_distance(image, out, "l1"),
              "l2": challenges.pixel_distance(image, out, "l2"),
              "mean_abs": challenges.mean_abs_difference(image, out)}
    if reference is not None:
        ref = challenges.pixel_distance(image, reference, "l1")
        result["reference_l1"] = ref
        result["ratio"] = result["l1"] / ref if ref > 0 else float("inf")
    return result


class ChallengeExplorer(Displayable):
    """Controls: ``challenge`` (Dropdown "Challenge"), ``strength`` (slider "Strength").

    The figure shows the original, the transformed photo and the per-pixel difference;
    ``readout.values`` has the keys ``challenge``, ``strength``, ``label_original``,
    ``label_transformed``, ``l1``, ``l2``, ``mean_abs``, ``reference_l1`` and ``ratio``.
    """

    def __init__(self, image=None, reference=None, challenge: str = "viewpoint",
                 strength: float = 0.5, seed: int = 0, label: str = "cat"):
        self.image = challenges.load_photo("chelsea") if image is None else np.asarray(image)
        self.reference = flat_image(self.image) if reference is None else np.asarray(reference)
        self.seed, self.label = seed, label
        self.challenge = widgets.Dropdown(
            options=[(name.capitalize() if name != "intraclass" else "Intraclass variation", name)
                     for name in challenges.CHALLENGES],
            value=challenge, description="Challenge", style={"description_width": "initial"})
        self.strength = slider("Strength", strength, 0.0, 1.0, 0.05)
        self.caption = widgets.HTML()
        h, w = self.image.shape[:2]
        self.view = BlitFigureView(1, 3, image_format="jpeg", figsize=(7.5, 7.5 * h / w / 3 + 0.45))
        a0, a1, a2 = self.view.axes
        a0.imshow(self.image)
        a0.set_title(f'original: "{label}"', fontsize=9)
        self.shown = a1.imshow(self.image)
        self.title = a1.set_title("", fontsize=9)
        self.diff = a2.imshow(np.zeros((h, w)), cmap="magma", vmin=0, vmax=255)
        a2.set_title("|difference| (mean over R, G, B)", fontsize=9)
        for ax in self.view.axes:
            ax.axis("off")
        self.view.animated = [self.shown, self.title, self.diff]
        self.readout = Readout("Pixel distance to the original")
        self.challenge.observe(self._on_change, names="value")
        self.strength.observe(self._on_change, names="value")
        self.widget = widgets.VBox([widgets.HBox([self.challenge, self.strength]), self.caption,
                                    self.view.image, self.readout.widget])
        self.result: dict = {}
        self.update()

    def _on_change(self, _change=None):
        self.update()

    def update(self) -> None:
        name, s = self.challenge.value, self.strength.value
        r = compute(self.image, name, s, self.reference, self.seed)
        self.result = r
        self.shown.set_data(r["image"])
        self.diff.set_data(r["difference"])
        self.title.set_text(f'{name}, strength {s:.2f}: still "{self.label}"')
        self.view.redraw()
        self.caption.value = f"<i>{challenges.DESCRIPTIONS[name]}</i>"
        self.readout.show([
            ("challenge", "challenge", name),
            ("strength", "strength", f"{s:.2f}"),
            ("label_original", "label of the original", self.label),
            ("label_transformed", "label of the transformed photo", self.label),
            ("l1", "L1 distance Σ|Δ|", f"{r['l1']:,.0f}"),
            ("l2", "L2 distance √(ΣΔ²)", f"{r['l2']:,.0f}"),
            ("mean_abs", "mean |Δ| per value (0–255)", f"{r['mean_abs']:.1f}"),
            ("reference_l1", "L1 distance cat → flat mean-colour image",
             f"{r['reference_l1']:,.0f}"),
            ("ratio", "ratio of the two L1 distances", f"{r['ratio']:.2f}"),
        ])

