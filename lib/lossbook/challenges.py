r"""The challenges of image classification (section 1), each as a transform of a real photo.

A photo is an array ``(H, W, 3)`` of integers 0–255.  Each challenge below changes that array while
the label stays "cat", and :func:`pixel_distance` measures how far the numbers moved:

.. math:: d_1(I_1, I_2) = \sum_p |I_1^p - I_2^p|, \qquad d_2(I_1, I_2) = \sqrt{\sum_p (I_1^p - I_2^p)^2}

(the sums run over every pixel and channel: the L1 and L2 distances of the nearest-neighbour
classifier).  Every transform takes ``(image, strength, seed)`` with ``strength`` in [0, 1]
(0 returns the image unchanged) and returns a new uint8 image of the same shape::

    from lossbook import challenges
    cat = challenges.load_photo("chelsea")
    dark = challenges.apply(cat, "illumination", 0.8)
    challenges.pixel_distance(cat, dark, "l1")

The photos are those bundled with scikit-image (no download).  The cat fills most of the photo;
transforms that act on the background (clutter, context) use a soft ellipse around the cat's face,
:func:`subject_mask`.
"""
from __future__ import annotations

import functools

import numpy as np

from ._validation import as_scalar

__all__ = ["PHOTOS", "CHALLENGES", "DESCRIPTIONS", "load_photo", "subject_mask",
           "pixel_distance", "mean_abs_difference", "distance_rows", "distance_table", "apply", "viewpoint", "illumination",
           "clutter", "occlusion", "deformation", "intraclass", "context"]

#: The photos bundled with scikit-image that this module loads by name.
PHOTOS = ("chelsea", "coffee", "astronaut", "rocket")


def load_photo(name: str = "chelsea", scale: float = 0.5) -> np.ndarray:
    """A bundled scikit-image photo as uint8 ``(H, W, 3)``, resized by ``scale`` (anti-aliased).

    ``"chelsea"`` is a cat (300 × 451 at full size), ``"coffee"`` a cup, ``"astronaut"`` a portrait,
    ``"rocket"`` a launch pad.
    """
    import skimage.data
    from skimage.transform import rescale

    if name not in PHOTOS:
        raise ValueError(f"name must be one of {PHOTOS}; got {name!r}")
    scale = as_scalar(scale, "scale", positive=True)
    img = getattr(skimage.data, name)()
    if scale != 1.0:
        img = rescale(img, scale, channel_axis=-1, anti_aliasing=True, preserve_range=True)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def _check_image(image, name="image"):
    arr = np.asarray(image)
    if arr.ndim != 3 or arr.shape[2] != 3:
        raise ValueError(f"{name} must be an (H, W, 3) colour image; got shape {arr.shape}")
    if arr.dtype != np.uint8:
        raise TypeError(f"{name} must be uint8 (values 0-255); got dtype {arr.dtype}")
    return arr


def _check_strength(strength):
    s = as_scalar(strength, "strength")
    if not 0.0 <= s <= 1.0:
        raise ValueError(f"strength must be in [0, 1]; got {s}")
    return s


def _to_uint8(a):
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


def pixel_distance(a, b, metric: str = "l1") -> float:
    r"""The L1 distance :math:`\sum_p |a_p - b_p|` or the L2 distance
    :math:`\sqrt{\sum_p (a_p - b_p)^2}` between two images of the same shape (any dtype)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    d = a.astype(np.float64) - b.astype(np.float64)
    if metric == "l1":
        return float(np.abs(d).sum())
    if metric == "l2":
        return float(np.sqrt((d * d).sum()))
    raise ValueError(f"metric must be 'l1' or 'l2'; got {metric!r}")


def mean_abs_difference(a, b) -> float:
    """The L1 distance divided by the number of values: how far, on the 0–255 scale, an average
    pixel value moved."""
    return pixel_distance(a, b, "l1") / np.asarray(a).size


def subject_mask(shape, center=(0.53, 0.477), radii=(0.5, 0.4), feather: float = 0.08):
    """A soft ellipse ``(H, W)`` in [0, 1]: 1 on the subject, 0 on the background.

    ``center`` and ``radii`` are fractions of (height, width); the defaults cover the cat's face in
    ``chelsea``.  ``feather`` is the width of the soft edge, as a fraction of the radius.
    """
    h, w = shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.sqrt(((yy + 0.5) / h - center[0]) ** 2 / radii[0] ** 2
                + ((xx + 0.5) / w - center[1]) ** 2 / radii[1] ** 2)
    return np.clip((1.0 + feather - r) / (2 * feather), 0.0, 1.0)


# ---------------------------------------------------------------------------------------------
# The challenges
# ---------------------------------------------------------------------------------------------
def viewpoint(image, strength: float, seed: int = 0) -> np.ndarray:
    """The camera turns and moves: rotation by 40° · s and a zoom by 1 + 0.5 s about the centre."""
    from skimage.transform import AffineTransform, warp

    img, s = _check_image(image), _check_strength(strength)
    if s == 0:
        return img.copy()
    h, w = img.shape[:2]
    c = np.array([w / 2, h / 2])
    t = (AffineTransform(translation=-c) + AffineTransform(rotation=np.deg2rad(40 * s),
                                                           scale=1 + 0.5 * s)
         + AffineTransform(translation=c))
    out = warp(img.astype(np.float64), t.inverse, mode="edge", order=1, preserve_range=True)
    return _to_uint8(out)


def illumination(image, strength: float, seed: int = 0) -> np.ndarray:
    """The light changes: dimmer overall and a shadow falling from the left (at s = 1 the left edge
    keeps 10 % of its light, the right edge 70 %)."""
    img, s = _check_image(image), _check_strength(strength)
    w = img.shape[1]
    ramp = np.linspace(0.1, 0.7, w)[None, :, None]
    return _to_uint8(img * ((1 - s) + s * ramp))


@functools.lru_cache(maxsize=8)
def _clutter_texture(shape, seed):
    """A busy background: many overlapping rectangles and discs of random colours (cached)."""
    rng = np.random.default_rng(seed)
    h, w = shape[:2]
    tex = np.empty((h, w, 3))
    tex[:] = rng.uniform(60, 200, 3)
    yy, xx = np.mgrid[0:h, 0:w]
    for _ in range(90):
        col = rng.uniform(0, 255, 3)
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        r = rng.uniform(0.02, 0.12) * max(h, w)
        if rng.uniform() < 0.5:
            m = (np.abs(yy - cy) < r * rng.uniform(0.2, 1)) & (np.abs(xx - cx) < r)
        else:
            m = (yy - cy) ** 2 + (xx - cx) ** 2 < r * r
        tex[m] = col
    return tex


def clutter(image, strength: float, seed: int = 0) -> np.ndarray:
    """Background clutter: the background (outside :func:`subject_mask`) is blended, with weight
    s, into a busy scene of random coloured shapes."""
    img, s = _check_image(image), _check_strength(strength)
    m = subject_mask(img.shape)[..., None]
    tex = _clutter_texture(tuple(img.shape), int(seed))
    bg = (1 - s) * img + s * tex
    return _to_uint8(m * img + (1 - m) * bg)


def occlusion(image, strength: float, seed: int = 0) -> np.ndarray:
    """Occlusion: a wooden board slides in from the left and hides a fraction 0.65 · s of the
    width."""
    img, s = _check_image(image), _check_strength(strength)
    out = img.copy()
    h, w = img.shape[:2]
    edge = int(round(0.65 * s * w))
    if edge > 0:
        rng = np.random.default_rng(seed)
        grain = 12 * np.sin(np.linspace(0, 40, h))[:, None] + rng.normal(0, 4, (h, 1))
        board = np.array([120.0, 85.0, 50.0])[None, None, :] + grain[..., None]
        out[:, :edge] = _to_uint8(np.broadcast_to(board, (h, edge, 3)))
    return out


def deformation(image, strength: float, seed: int = 0) -> np.ndarray:
    """Deformation: a smooth, non-rigid warp; every pixel moves by up to 6 % of the width · s."""
    from scipy.ndimage import map_coordinates

    img, s = _check_image(image), _check_strength(strength)
    if s == 0:
        return img.copy()
    h, w = img.shape[:2]
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    amp = 0.06 * w * s
    p = rng.uniform(0, 2 * np.pi, 4)
    dy = amp * np.sin(2 * np.pi * xx / (0.6 * w) + p[0]) * np.cos(2 * np.pi * yy / (0.9 * h) + p[1])
    dx = amp * np.sin(2 * np.pi * yy / (0.5 * h) + p[2]) * np.cos(2 * np.pi * xx / (0.8 * w) + p[3])
    out = np.stack([map_coordinates(img[..., c].astype(np.float64), [yy + dy, xx + dx], order=1,
                                    mode="reflect") for c in range(3)], axis=-1)
    return _to_uint8(out)


def intraclass(image, strength: float, seed: int = 0) -> np.ndarray:
    """Intraclass variation: another cat, with fur of another colour: the hue of the subject is
    turned by 0.5 · s of the colour wheel and its brightness lowered by 35 % · s."""
    from skimage.color import hsv2rgb, rgb2hsv

    img, s = _check_image(image), _check_strength(strength)
    if s == 0:
        return img.copy()
    hsv = rgb2hsv(img)
    hsv[..., 0] = (hsv[..., 0] + 0.5 * s) % 1.0
    hsv[..., 1] = np.clip(hsv[..., 1] * (1 + 0.6 * s), 0, 1)
    hsv[..., 2] = hsv[..., 2] * (1 - 0.35 * s)
    recoloured = hsv2rgb(hsv) * 255.0
    m = subject_mask(img.shape)[..., None]
    return _to_uint8(m * recoloured + (1 - m) * img)


@functools.lru_cache(maxsize=4)
def _scene(shape):
    import skimage.data
    from skimage.transform import resize
    return resize(skimage.data.rocket(), shape, anti_aliasing=True, preserve_range=True)


def context(image, strength: float, seed: int = 0) -> np.ndarray:
    """Context: the cat is put in front of another scene (a rocket launch pad from scikit-image),
    blended in with weight s outside :func:`subject_mask`."""
    img, s = _check_image(image), _check_strength(strength)
    scene = _scene(tuple(img.shape[:2]))
    m = subject_mask(img.shape)[..., None]
    bg = (1 - s) * img + s * scene
    return _to_uint8(m * img + (1 - m) * bg)


#: Each challenge's transform, in the order of the lecture notes.
CHALLENGES = {"viewpoint": viewpoint, "illumination": illumination, "clutter": clutter,
              "occlusion": occlusion, "deformation": deformation, "intraclass": intraclass,
              "context": context}
#: One line per challenge, for captions and the explorer.
DESCRIPTIONS = {
    "viewpoint": "Viewpoint variation: the camera turns and comes closer.",
    "illumination": "Illumination: dimmer light and a shadow from the left.",
    "clutter": "Background clutter: a busy background around the cat.",
    "occlusion": "Occlusion: a board hides part of the cat.",
    "deformation": "Deformation: the cat's shape bends (cats are not rigid).",
    "intraclass": "Intraclass variation: a cat with fur of another colour.",
    "context": "Context: the same cat in front of another scene.",
}


def distance_rows(image, reference, strengths=(0.25, 0.5, 1.0), seed: int = 0) -> list:
    """For every challenge and strength: ``(challenge, strength, mean |Δ|, L1, L1 / L1_ref)``,
    where ``L1_ref`` is the L1 distance from ``image`` to ``reference``."""
    ref = pixel_distance(image, reference, "l1")
    rows = []
    for name in CHALLENGES:
        for s in strengths:
            out = apply(image, name, s, seed)
            d1 = pixel_distance(image, out, "l1")
            rows.append((name, float(s), mean_abs_difference(image, out), d1, d1 / ref))
    return rows


def distance_table(image, reference, strengths=(0.25, 0.5, 1.0), seed: int = 0) -> str:
    """:func:`distance_rows` as a text table."""
    lines = [f"{'challenge':<13}{'strength':>9}{'mean |Δ|':>10}{'L1':>12}{'L1 / ref':>10}"]
    for name, s, mad, d1, ratio in distance_rows(image, reference, strengths, seed):
        lines.append(f"{name:<13}{s:>9.2f}{mad:>10.1f}{d1:>12,.0f}{ratio:>10.2f}")
    return "\n".join(lines)


def apply(image, challenge: str, strength: float, seed: int = 0) -> np.ndarray:
    """Apply the transform named ``challenge`` (a key of :data:`CHALLENGES`)."""
    if challenge not in CHALLENGES:
        raise ValueError(f"challenge must be one of {tuple(CHALLENGES)}; got {challenge!r}")
    return CHALLENGES[challenge](image, strength, seed)
