r"""The challenges of image classification (section 1), each as a transform of a real photo.

A photo is an array ``(H, W, 3)`` of integers 0–255.  Each challenge below changes that array while
the label stays "cat" (how far the numbers moved is chapter 1's
:func:`lossbook.chapters.ch01_semantic_gap.pixel_distance`).  Every transform takes
``(image, strength, seed)`` with ``strength`` in [0, 1] (0 returns the image unchanged) and returns
a new uint8 image of the same shape::

    cat = lb.data.photos.load_photo("chelsea")
    dark = lb.data.photos.apply(cat, "illumination", 0.8)

The photos are those bundled with scikit-image (no download).  The cat fills most of the photo;
transforms that act on the background (clutter, context) use a soft ellipse around the cat's face,
:func:`subject_mask`.

The fixed ingredients of the transforms are small public helpers, so that another implementation
(the explorer's JavaScript face, :mod:`lossbook.widgets.ch01_semantic_gap`) can be given exactly
the same inputs: :func:`viewpoint_matrix`, :func:`clutter_texture` and :func:`context_scene`
(integer-valued uint8 images), :func:`occlusion_grain`, :func:`deformation_phases` and
:func:`deformation_waves`, and the mask's parameters :data:`SUBJECT`.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import as_choice, as_count, as_float_array, as_int, as_scalar, as_shape

#: An image's shape, ``(H, W)`` or ``(H, W, 3)`` (only the height and width are used).
_Shape = tuple[int, ...]

__all__ = ["PHOTOS", "CHALLENGES", "DESCRIPTIONS", "SUBJECT", "load_photo", "subject_mask",
           "check_image", "check_strength", "apply",
           "viewpoint", "illumination", "clutter", "occlusion", "deformation", "intraclass",
           "context", "viewpoint_matrix", "clutter_texture", "context_scene", "occlusion_grain",
           "deformation_phases", "deformation_waves", "BOARD_RGB"]

#: The photos bundled with scikit-image that this module loads by name.
PHOTOS = ("chelsea", "coffee", "astronaut", "rocket")


def load_photo(name: str = "chelsea", *, scale: float = 0.5) -> NDArray[np.uint8]:
    """A bundled scikit-image photo as uint8 ``(H, W, 3)``, resized by ``scale`` (anti-aliased).

    ``"chelsea"`` is a cat (300 × 451 at full size), ``"coffee"`` a cup, ``"astronaut"`` a portrait,
    ``"rocket"`` a launch pad.
    """
    import skimage.data
    from skimage.transform import rescale

    name = as_choice(name, "name", PHOTOS)
    scale = as_scalar(scale, "scale", positive=True)
    img = getattr(skimage.data, name)()
    if scale != 1.0:
        img = rescale(img, scale, channel_axis=-1, anti_aliasing=True, preserve_range=True)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def check_image(image: ArrayLike, name: str = "image") -> NDArray[np.uint8]:
    """``image`` as an ``(H, W, 3)`` uint8 array, or an error naming ``name``."""
    if image is None or isinstance(image, (str, bytes)):
        raise TypeError(f"{name} must be an (H, W, 3) uint8 image; got {image!r:.40}")
    try:
        arr = np.asarray(image)
    except ValueError as exc:          # ragged nested lists
        raise ValueError(f"{name} could not be read as an array: {exc}") from None
    if arr.ndim != 3 or arr.shape[2] != 3:
        raise ValueError(f"{name} must be an (H, W, 3) colour image; got shape {arr.shape}")
    if arr.dtype != np.uint8:
        raise TypeError(f"{name} must be uint8 (values 0-255); got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); need at least one pixel")
    return arr


def check_strength(strength: float) -> float:
    """``strength`` as a float in [0, 1], or an error naming it."""
    s = as_scalar(strength, "strength")
    if not 0.0 <= s <= 1.0:
        raise ValueError(f"strength must be in [0, 1]; got {s}")
    return s


def _check_shape(shape: object, name: str = "shape") -> tuple[int, int]:
    """``(H, W)`` from an image shape ``(H, W)`` or ``(H, W, C)``: positive integers, or an error
    naming ``name``."""
    dims = as_shape(shape, name, what="an image shape (H, W) or (H, W, C)")
    if len(dims) < 2:
        raise ValueError(f"{name} must hold at least a height and a width; got {dims}")
    h, w = dims[:2]
    return h, w


def _check_pair(value: object, name: str, positive: bool = False) -> tuple[float, float]:
    """Two finite numbers ``(a, b)`` (positive if asked), or an error naming ``name``."""
    arr = as_float_array(value, name, ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"{name} must hold two numbers; got shape {arr.shape}")
    if positive and np.any(arr <= 0):
        raise ValueError(f"{name} must be positive; got {tuple(arr.tolist())}")
    return float(arr[0]), float(arr[1])


def _check_seed(seed: object) -> int:
    return as_int(seed, "seed", minimum=0)


def _to_uint8(a: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(a), 0, 255).astype(np.uint8)


#: The default soft ellipse of :func:`subject_mask`: it covers the cat's face in ``chelsea``.
SUBJECT = {"center": (0.53, 0.477), "radii": (0.5, 0.4), "feather": 0.08}


def subject_mask(shape: _Shape, *, center: tuple[float, float] = SUBJECT["center"],
                 radii: tuple[float, float] = SUBJECT["radii"],
                 feather: float = SUBJECT["feather"]) -> NDArray[np.float64]:
    """A soft ellipse ``(H, W)`` in [0, 1]: 1 on the subject, 0 on the background.

    ``center`` and ``radii`` are fractions of (height, width); the defaults cover the cat's face in
    ``chelsea``.  ``feather`` is the width of the soft edge, as a fraction of the radius.
    """
    h, w = _check_shape(shape)
    center = _check_pair(center, "center")
    radii = _check_pair(radii, "radii", positive=True)
    feather = as_scalar(feather, "feather", positive=True)
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.sqrt(((yy + 0.5) / h - center[0]) ** 2 / radii[0] ** 2
                + ((xx + 0.5) / w - center[1]) ** 2 / radii[1] ** 2)
    return np.clip((1.0 + feather - r) / (2 * feather), 0.0, 1.0)


# ---------------------------------------------------------------------------------------------
# The challenges
# ---------------------------------------------------------------------------------------------
def viewpoint_matrix(shape: _Shape, strength: float) -> NDArray[np.float64]:
    r"""The 3 × 3 homogeneous matrix that :func:`viewpoint` warps with: it maps an output pixel
    (column x, row y) to the input point it shows.

    The camera turns by :math:`\theta = 40° \cdot s` and zooms by :math:`k = 1 + 0.5 s` about the
    centre :math:`c = (w/2, h/2)`: the output point :math:`p' = c + k R_\theta (p - c)` shows the
    input point :math:`p = c + R_\theta^\top (p' - c) / k`.  Written out entry by entry (scalar
    arithmetic, no matrix inverse), so that any implementation gets the same numbers.
    """
    h, w = _check_shape(shape)
    s = check_strength(strength)
    theta = math.radians(40 * s)
    k = 1 + 0.5 * s
    a = math.cos(theta) / k
    b = math.sin(theta) / k
    cx, cy = w / 2, h / 2
    return np.array([[a, b, cx - a * cx - b * cy],
                     [-b, a, cy + b * cx - a * cy],
                     [0.0, 0.0, 1.0]])


def viewpoint(image: ArrayLike, strength: float, *, seed: int = 0) -> NDArray[np.uint8]:
    """The camera turns and moves: rotation by 40° · s and a zoom by 1 + 0.5 s about the centre
    (bilinear interpolation; outside the photo, the nearest edge pixel)."""
    from skimage.transform import warp

    img, s = check_image(image), check_strength(strength)
    _check_seed(seed)
    if s == 0:
        return img.copy()
    out = warp(img.astype(np.float64), viewpoint_matrix(img.shape, s), mode="edge", order=1,
               preserve_range=True)
    return _to_uint8(out)


def illumination(image: ArrayLike, strength: float, *, seed: int = 0) -> NDArray[np.uint8]:
    """The light changes: dimmer overall and a shadow falling from the left (at s = 1 the left edge
    keeps 10 % of its light, the right edge 70 %)."""
    img, s = check_image(image), check_strength(strength)
    _check_seed(seed)
    w = img.shape[1]
    ramp = np.linspace(0.1, 0.7, w)[None, :, None]
    return _to_uint8(img * ((1 - s) + s * ramp))


def _read_only(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def clutter_texture(shape: _Shape, seed: int = 0) -> NDArray[np.uint8]:
    """A busy background for :func:`clutter`: many overlapping rectangles and discs of random
    colours, uint8 ``(H, W, 3)`` (cached and read-only)."""
    h, w = _check_shape(shape)
    return _clutter_texture((h, w), _check_seed(seed))


@functools.lru_cache(maxsize=8)
def _clutter_texture(shape: tuple[int, int], seed: int) -> np.ndarray:
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
    return _read_only(_to_uint8(tex))


def clutter(image: ArrayLike, strength: float, *, seed: int = 0) -> NDArray[np.uint8]:
    """Background clutter: the background (outside :func:`subject_mask`) is blended, with weight
    s, into a busy scene of random coloured shapes (:func:`clutter_texture`)."""
    img, s = check_image(image), check_strength(strength)
    _check_seed(seed)
    m = subject_mask(img.shape)[..., None]
    tex = clutter_texture(img.shape, seed).astype(np.float64)
    bg = (1 - s) * img + s * tex
    return _to_uint8(m * img + (1 - m) * bg)


#: The colour of the board of :func:`occlusion` before its grain.
BOARD_RGB = (120.0, 85.0, 50.0)


def occlusion_grain(height: int, seed: int = 0) -> NDArray[np.float64]:
    """The wood grain of the board of :func:`occlusion`, one number per row ``(height,)``: added
    to every channel of :data:`BOARD_RGB` along that row."""
    height = as_count(height, "height")
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    return 12 * np.sin(np.linspace(0, 40, height)) + rng.normal(0, 4, height)


def occlusion(image: ArrayLike, strength: float, *, seed: int = 0) -> NDArray[np.uint8]:
    """Occlusion: a wooden board slides in from the left and hides a fraction 0.65 · s of the
    width (``round(0.65 · s · W)`` columns, rounded half to even)."""
    img, s = check_image(image), check_strength(strength)
    _check_seed(seed)
    out = img.copy()
    h, w = img.shape[:2]
    edge = int(round(0.65 * s * w))
    if edge > 0:
        grain = occlusion_grain(h, seed)
        board = np.array(BOARD_RGB)[None, None, :] + grain[:, None, None]
        out[:, :edge] = _to_uint8(np.broadcast_to(board, (h, edge, 3)))
    return out


def deformation_phases(seed: int = 0) -> NDArray[np.float64]:
    """The four random phases ``(4,)`` of the waves of :func:`deformation`."""
    return np.random.default_rng(as_int(seed, "seed", minimum=0)).uniform(0, 2 * np.pi, 4)


def deformation_waves(shape: _Shape, seed: int = 0) -> tuple[NDArray[np.float64], ...]:
    r"""The four waves of :func:`deformation`, each along one axis: ``(sx, cy, sy, cx)`` with

    .. math:: s_x = \sin(2\pi x / 0.6W + p_0),\; c_y = \cos(2\pi y / 0.9H + p_1),\;
              s_y = \sin(2\pi y / 0.5H + p_2),\; c_x = \cos(2\pi x / 0.8W + p_3)

    (``sx``, ``cx``: ``(W,)`` over the columns; ``cy``, ``sy``: ``(H,)`` over the rows; ``p``:
    :func:`deformation_phases`).  The pixel at row y, column x samples the photo at
    ``(y + a·sx[x]·cy[y], x + a·sy[y]·cx[x])``, ``a = 0.06 · W · s``.
    """
    h, w = _check_shape(shape)
    p = deformation_phases(seed)
    x = np.arange(w, dtype=np.float64)
    y = np.arange(h, dtype=np.float64)
    return (np.sin(2 * np.pi * x / (0.6 * w) + p[0]), np.cos(2 * np.pi * y / (0.9 * h) + p[1]),
            np.sin(2 * np.pi * y / (0.5 * h) + p[2]), np.cos(2 * np.pi * x / (0.8 * w) + p[3]))


def deformation(image: ArrayLike, strength: float, *, seed: int = 0) -> NDArray[np.uint8]:
    """Deformation: a smooth, non-rigid warp; every pixel moves by up to 6 % of the width · s
    (bilinear interpolation; outside the photo, its mirror image)."""
    from scipy.ndimage import map_coordinates

    img, s = check_image(image), check_strength(strength)
    _check_seed(seed)
    if s == 0:
        return img.copy()
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    amp = 0.06 * w * s
    sx, cy, sy, cx = deformation_waves(img.shape, seed)
    dy = amp * sx[None, :] * cy[:, None]
    dx = amp * sy[:, None] * cx[None, :]
    out = np.stack([map_coordinates(img[..., c].astype(np.float64), [yy + dy, xx + dx], order=1,
                                    mode="reflect") for c in range(3)], axis=-1)
    return _to_uint8(out)


def intraclass(image: ArrayLike, strength: float, *, seed: int = 0) -> NDArray[np.uint8]:
    """Intraclass variation: another cat, with fur of another colour: the hue of the subject is
    turned by 0.5 · s of the colour wheel and its brightness lowered by 35 % · s."""
    from skimage.color import hsv2rgb, rgb2hsv

    img, s = check_image(image), check_strength(strength)
    _check_seed(seed)
    if s == 0:
        return img.copy()
    hsv = rgb2hsv(img)
    hsv[..., 0] = (hsv[..., 0] + 0.5 * s) % 1.0
    hsv[..., 1] = np.clip(hsv[..., 1] * (1 + 0.6 * s), 0, 1)
    hsv[..., 2] = hsv[..., 2] * (1 - 0.35 * s)
    recoloured = hsv2rgb(hsv) * 255.0
    m = subject_mask(img.shape)[..., None]
    return _to_uint8(m * recoloured + (1 - m) * img)


def context_scene(shape: _Shape) -> NDArray[np.uint8]:
    """The scene of :func:`context`: scikit-image's rocket launch pad resized (anti-aliased) to
    ``shape``'s height and width, uint8 ``(H, W, 3)`` (cached and read-only)."""
    h, w = _check_shape(shape)
    return _scene((h, w))


@functools.lru_cache(maxsize=4)
def _scene(shape: tuple[int, int]) -> np.ndarray:
    import skimage.data
    from skimage.transform import resize
    return _read_only(_to_uint8(resize(skimage.data.rocket(), shape, anti_aliasing=True,
                                       preserve_range=True)))


def context(image: ArrayLike, strength: float, *, seed: int = 0) -> NDArray[np.uint8]:
    """Context: the cat is put in front of another scene (:func:`context_scene`, a rocket launch
    pad from scikit-image), blended in with weight s outside :func:`subject_mask`."""
    img, s = check_image(image), check_strength(strength)
    _check_seed(seed)
    scene = context_scene(img.shape).astype(np.float64)
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


def apply(image: ArrayLike, challenge: str, strength: float, *, seed: int = 0) -> NDArray[np.uint8]:
    """Apply the transform named ``challenge`` (a key of :data:`CHALLENGES`)."""
    challenge = as_choice(challenge, "challenge", CHALLENGES)
    return CHALLENGES[challenge](image, strength, seed=seed)
