r"""The challenge explorer (section 1): pick a challenge, move its strength, watch the photo and its
distance.

The label stays "cat" while the pixels move.  Beside the L1 and L2 distances between the original
and the transformed photo,

.. math:: d_1 = \sum_p |I^p - T^p|, \qquad d_2 = \sqrt{\sum_p (I^p - T^p)^2},

the readout gives the L1 distance from the cat to a featureless image, every pixel the cat's mean
colour (:func:`lossbook.chapters.ch01_semantic_gap.flat_image`): when the transformed cat is farther from the original than that blank
image is (ratio above 1), raw pixel distance says the blank image looks more like our cat than the
cat itself does.

* :func:`compute` is the pure step (tested against :mod:`lossbook.data.photos` and a hand-written
  distance).
* :class:`ChallengeExplorer` is the explorer (an :class:`~lossbook.widgets.base.Explorer`): a
  ``"Challenge"`` dropdown and a ``"Strength"`` slider; the figure shows the original, the
  transformed photo and the per-pixel |difference| as a heat map.  Its JavaScript face,
  ``ch01_semantic_gap.js``, transforms the photo in the page, with the same interpolation,
  boundary rules and rounding as :mod:`lossbook.data.photos`: the photo, the clutter texture and the
  context scene travel in :attr:`~ChallengeExplorer.data` as PNG images (lossless), the occlusion
  grain, the deformation waves and the subject mask's parameters as numbers.  Readout keys:
  ``challenge``, ``strength``, ``label_original``, ``label_transformed``, ``l1``, ``l2``,
  ``mean_abs``, ``reference_l1`` and ``ratio``.
"""
from __future__ import annotations

import base64
import io
from typing import ClassVar

import numpy as np
import traitlets
from numpy.typing import ArrayLike

from ..chapters import ch01_semantic_gap as chapter
from .._validation import as_choice, as_int
from ..data import photos
from .base import Explorer, Real, to_json

__all__ = ["compute", "png_base64", "ChallengeExplorer", "CHALLENGE_LABELS"]

#: The dropdown's label of each challenge.
CHALLENGE_LABELS = {name: ("Intraclass variation" if name == "intraclass" else name.capitalize())
                    for name in photos.CHALLENGES}


def compute(image: ArrayLike, challenge: str, strength: float,
            reference: ArrayLike | None = None, seed: int = 0) -> dict:
    """Transform ``image`` and measure it: a dict with ``"image"`` (the transformed uint8 array),
    ``"difference"`` ``(H, W)`` (mean |Δ| over the channels), ``"l1"``, ``"l2"``,
    ``"mean_abs"`` and, if a ``reference`` image of the same shape is given, ``"reference_l1"``
    (its L1 distance to ``image``) and ``"ratio"`` (``l1 / reference_l1``).

    ``image`` and ``reference`` are uint8 ``(H, W, 3)`` photos of one shape; the reference must
    differ from the image (its distance is the ratio's denominator)."""
    image = photos.check_image(image, "image")
    if reference is not None:
        reference = photos.check_image(reference, "reference")
        if reference.shape != image.shape:
            raise ValueError(f"reference must have the image's shape {image.shape}; "
                             f"got {reference.shape}")
    out = photos.apply(image, challenge, strength, seed=seed)
    diff = np.abs(out.astype(np.float64) - np.asarray(image, dtype=np.float64)).mean(axis=2)
    result = {"image": out, "difference": diff,
              "l1": chapter.pixel_distance(image, out, metric="l1"),
              "l2": chapter.pixel_distance(image, out, metric="l2"),
              "mean_abs": chapter.mean_abs_difference(image, out)}
    if reference is not None:
        ref = chapter.pixel_distance(image, reference, metric="l1")
        result["reference_l1"] = ref
        if not ref > 0:
            raise ValueError("reference must differ from image (its L1 distance to the image "
                             "is the yardstick of the ratio)")
        result["ratio"] = result["l1"] / ref
    return result


def png_base64(image: ArrayLike) -> str:
    """A uint8 ``(H, W, 3)`` image as a base64 PNG (lossless: decoded, it is the same array)."""
    from PIL import Image

    image = photos.check_image(image, "image")
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image), mode="RGB").save(
        buf, "PNG", optimize=True)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _magma_hex() -> str:
    """matplotlib's magma colour map, 256 colours as one string of ``rrggbb`` groups."""
    from matplotlib import colormaps

    rgb = np.rint(colormaps["magma"](np.arange(256))[:, :3] * 255).astype(int)
    return "".join(f"{r:02x}{g:02x}{b:02x}" for r, g, b in rgb)


class ChallengeExplorer(Explorer):
    """Controls: ``challenge`` (dropdown "Challenge"), ``strength`` (slider "Strength", 0 to 1 in
    steps of 0.05).

    ``image`` is a uint8 ``(H, W, 3)`` photo (default: scikit-image's cat, half size);
    ``reference`` the yardstick image (default: the chapter's ``flat_image`` of the photo); ``seed`` the
    seed of the random textures; ``label`` the name the photo keeps.  ``explorer.result`` is
    :func:`compute`'s dict; ``explorer.readout()`` has the keys ``challenge``, ``strength``,
    ``label_original``, ``label_transformed``, ``l1``, ``l2``, ``mean_abs``, ``reference_l1`` and
    ``ratio``.
    """

    module = "ch01_semantic_gap"
    title = "The challenges: the same cat, other numbers"
    challenge = traitlets.Enum(tuple(photos.CHALLENGES), default_value="viewpoint").tag(
        sync=True, control=dict(kind="select", label="Challenge",
                                options=[[label, name] for name, label in
                                         CHALLENGE_LABELS.items()]))
    strength = Real(0.5, min=0.0, max=1.0).tag(sync=True, control=dict(
        kind="slider", label="Strength", step=0.05))

    #: No per-key tolerance: the page computes every pixel as numpy, scikit-image and scipy do
    #: (same interpolation, boundary rules, operation order and round-half-to-even), and the
    #: distances are sums of integers, exact in any order.
    tolerances: ClassVar[dict[str, float]] = {}

    def __init__(self, image=None, reference=None, challenge: str = "viewpoint",
                 strength: float = 0.5, seed: int = 0, label: str = "cat"):
        image = photos.load_photo("chelsea") if image is None else image
        image = photos.check_image(image)
        if reference is None:
            reference = chapter.flat_image(image)
        reference = np.asarray(reference)
        if reference.shape != image.shape:
            raise ValueError(f"reference must have the photo's shape {image.shape}; "
                             f"got {reference.shape}")
        reference_l1 = chapter.pixel_distance(image, reference, metric="l1")
        if not reference_l1 > 0:
            raise ValueError("reference must differ from the photo (its L1 distance to the "
                             "photo is the yardstick)")
        seed = as_int(seed, "seed", minimum=0)
        if not isinstance(label, str) or not label:
            raise ValueError(f"label must be a non-empty string; got {label!r}")
        challenge = as_choice(challenge, "challenge", photos.CHALLENGES)
        photos.check_strength(strength)
        self.image, self.reference = image, reference
        self.seed, self.label, self.reference_l1 = int(seed), label, reference_l1
        h, w = image.shape[:2]
        sx, cy, sy, cx = photos.deformation_waves(image.shape, self.seed)
        data = dict(
            width=w, height=h, label=label, seed=self.seed,
            photo=png_base64(image),
            texture=png_base64(photos.clutter_texture(image.shape, self.seed)),
            scene=png_base64(photos.context_scene(image.shape)),
            grain=photos.occlusion_grain(h, self.seed),
            board=list(photos.BOARD_RGB),
            waves=dict(sx=sx, cy=cy, sy=sy, cx=cx),
            mask={k: list(v) if isinstance(v, tuple) else v
                  for k, v in photos.SUBJECT.items()},
            reference_l1=reference_l1,
            descriptions=dict(photos.DESCRIPTIONS),
            magma=_magma_hex(),
        )
        super().__init__(data=to_json(data), challenge=challenge, strength=float(strength))

    def compute(self) -> dict:
        return compute(self.image, self.challenge, self.strength, self.reference, self.seed)

    def readout(self) -> dict:
        r = self.result
        return {"challenge": self.challenge, "strength": float(self.strength),
                "label_original": self.label, "label_transformed": self.label,
                "l1": r["l1"], "l2": r["l2"], "mean_abs": r["mean_abs"],
                "reference_l1": r["reference_l1"], "ratio": r["ratio"]}
