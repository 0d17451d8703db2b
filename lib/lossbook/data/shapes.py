r"""A small image data set made for the challenges of section 1: squares, circles and triangles.

The lecture notes' "blue squares, red circles, green dots", drawn procedurally as 32 × 32 × 3
images (CIFAR-10's size), with one knob per challenge.  Every knob is a number in ``[0, 1]``;
0 switches the challenge off, 1 makes it as hard as this generator goes::

    from lossbook.data import shapes
    X, y = shapes.make_shapes(n_per_class=200, seed=0, occlusion=0.5)
    X.shape, X.dtype, y.shape          # (600, 32, 32, 3) uint8, (600,)
    shapes.CLASS_NAMES[y[0]]            # 'square'

With every knob at 0 each class is one shape in one colour (blue squares, red circles, green
triangles) of one size, at the centre up to a jitter of ±1.5 pixels: a linear classifier reads the
class from the colour alone.  The knobs:

``viewpoint``     rotation by up to ±180° · k and a scale factor in [1 − 0.45k, 1 + 0.3k]
``illumination``  overall brightness × e^{U(−1.2k, 0.5k)}, a light gradient across the image and a
                  colour cast of the light (applied to the whole image, background included)
``clutter``       background texture and up to 8k distractor blobs and bars of random colours
                  (class colours among them) behind the object
``occlusion``     a wall of random colour hiding a band of U(0.3k, 0.75k) of the object's extent,
                  from a random side
``deformation``   area-preserving stretch, shear and a wobble of the outline (non-rigid)
``intraclass``    the colour's hue shifted by up to ±k/2 of the colour wheel (k = 1: any hue, so
                  colour says nothing about the class) with saturation/brightness jitter, and a size
                  factor in [1 − 0.35k, 1 + 0.25k]

Each knob draws its randomness from its own stream (``numpy.random.SeedSequence(seed).spawn``),
so moving one knob changes only what that knob controls: the same ``seed`` with
``illumination=0.5`` gives the same shapes, at the same places, as with ``illumination=0``.
The three shapes have the same area at the same size, so area alone is no cue.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .._validation import as_bool, as_count, as_int, as_scalar

__all__ = ["CLASS_NAMES", "KNOBS", "IMAGE_SHAPE", "make_shapes"]

#: The class names, indexed by label.
CLASS_NAMES = ("square", "circle", "triangle")
#: The challenge knobs, in the order of section 1 (context is not a knob: it needs a scene).
KNOBS = ("viewpoint", "illumination", "clutter", "occlusion", "deformation", "intraclass")
#: Height, width and channels of every image.
IMAGE_SHAPE = (32, 32, 3)

_SIZE = 32
_SS = 3                      # supersampling factor per axis for anti-aliased outlines
_HALF = 7.0                  # half-side of the square at size factor 1, in pixels
_BACKGROUND = np.array([0.55, 0.55, 0.55])
# blue, red, green (as RGB in [0, 1]); hue angles used for the intraclass colour jitter
_BASE_RGB = np.array([[0.15, 0.30, 0.90], [0.90, 0.15, 0.15], [0.15, 0.75, 0.20]])
# circle radius and triangle circumradius giving the square's area (2·half)², in units of half
_CIRCLE_R = 2.0 / np.sqrt(np.pi)
_TRI_R = np.sqrt(16.0 / (3.0 * np.sqrt(3.0)))
_STREAMS = ("base",) + KNOBS


def _check_knob(value: float, name: str) -> float:
    v = as_scalar(value, name)
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"{name} must be in [0, 1]; got {v}")
    return v


def _rgb_to_hsv(rgb: np.ndarray) -> np.ndarray:
    """RGB in [0, 1], ``(..., 3)``, to HSV in [0, 1]: the arithmetic of matplotlib's
    ``rgb_to_hsv``, step for step, so the images are bit-identical (a data module draws no
    figures and imports no matplotlib)."""
    arr = np.asarray(rgb, dtype=np.promote_types(np.asarray(rgb).dtype, np.float32))
    in_shape = arr.shape
    if arr.ndim == 1:
        arr = arr[None]
    out = np.zeros_like(arr)
    arr_max = arr.max(-1)
    delta = np.ptp(arr, -1)
    s = np.zeros_like(delta)
    ipos = arr_max > 0
    s[ipos] = delta[ipos] / arr_max[ipos]
    ipos = delta > 0
    for channel, (a, b, offset) in enumerate(((1, 2, 0.0), (2, 0, 2.0), (0, 1, 4.0))):
        idx = (arr[..., channel] == arr_max) & ipos       # this channel is the largest
        out[idx, 0] = offset + (arr[idx, a] - arr[idx, b]) / delta[idx]
    out[..., 0] = (out[..., 0] / 6.0) % 1.0
    out[..., 1] = s
    out[..., 2] = arr_max
    return out.reshape(in_shape)


def _hsv_to_rgb(hsv: np.ndarray) -> np.ndarray:
    """HSV in [0, 1], ``(..., 3)``, to RGB: matplotlib's ``hsv_to_rgb`` arithmetic, step for step."""
    hsv = np.asarray(hsv, dtype=np.promote_types(np.asarray(hsv).dtype, np.float32))
    in_shape = hsv.shape
    if hsv.ndim == 1:
        hsv = hsv[None]
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    i = (h * 6.0).astype(int)
    f = (h * 6.0) - i
    p = v * (1.0 - s)
    q = v * (1.0 - s * f)
    t = v * (1.0 - s * (1.0 - f))
    r, g, b = np.empty_like(h), np.empty_like(h), np.empty_like(h)
    sectors = ((i % 6 == 0, (v, t, p)), (i == 1, (q, v, p)), (i == 2, (p, v, t)),
               (i == 3, (p, q, v)), (i == 4, (t, p, v)), (i == 5, (v, p, q)), (s == 0, (v, v, v)))
    for idx, (rr, gg, bb) in sectors:
        r[idx], g[idx], b[idx] = rr[idx], gg[idx], bb[idx]
    return np.stack([r, g, b], axis=-1).reshape(in_shape)


def _grid(factor):
    """Pixel-centre coordinates (x right, y down) of a (32·factor)² grid, in pixels."""
    n = _SIZE * factor
    c = (np.arange(n) + 0.5) / factor
    xx, yy = np.meshgrid(c, c)
    return xx.ravel(), yy.ravel()


_FINE = _grid(_SS)
_COARSE = _grid(1)


def _downsample(a, n):
    """Mean over each _SS × _SS block: (n, (32·SS)²) -> (n, 32, 32)."""
    a = a.reshape(n, _SIZE, _SS, _SIZE, _SS)
    return a.mean(axis=(2, 4))


def _inside(label, u, v):
    """Whether the points ``(u, v)`` of the object's frame lie inside shape ``label``."""
    if label == 0:
        return np.maximum(np.abs(u), np.abs(v)) <= 1.0
    if label == 1:
        return u * u + v * v <= _CIRCLE_R ** 2
    r_in = _TRI_R / 2.0          # v points down in the image: the apex is at v = -R
    h = np.float32(np.sqrt(3) / 2)
    return (v <= r_in) & (h * u - 0.5 * v <= r_in) & (-h * u - 0.5 * v <= r_in)


def _object_coverage(labels, p, chunk: int = 64):
    """Anti-aliased coverage in [0, 1] of each object: ``(n, 32, 32)``; ``p`` holds the geometry."""
    n = labels.shape[0]
    x, y = (a.astype(np.float32)[None, :] for a in _FINE)
    out = np.empty((n, _SIZE, _SIZE), dtype=np.float64)
    f32 = {k: np.asarray(v, dtype=np.float32) for k, v in p.items() if k != "rgb"}
    for label in range(3):
        idx_all = np.flatnonzero(labels == label)
        for start in range(0, idx_all.size, chunk):
            idx = idx_all[start:start + chunk]
            q = {k: v[idx][:, None] for k, v in f32.items()}
            dx, dy = x - q["cx"], y - q["cy"]
            c, s = np.cos(q["angle"]), np.sin(q["angle"])
            # into the object's frame: rotate back, undo stretch and shear, divide by size, wobble
            size = np.float32(_HALF) * q["scale"]
            u = (c * dx + s * dy) / (q["stretch"] * size)
            v = (-s * dx + c * dy) * (q["stretch"] / size)
            u -= q["shear"] * v
            if np.any(q["wobble"] != 0):
                u0 = u
                u = u + q["wobble"] * np.sin(q["freq"] * v + q["phase"])
                v = v + q["wobble"] * np.sin(q["freq"] * u0 + q["phase"] + 1.0)
            out[idx] = _downsample(_inside(label, u, v).astype(np.float32), idx.size)
    return out


def _clutter(rng, n, k):
    """Background images ``(n, 32, 32, 3)`` with texture and distractors for clutter strength k."""
    bg = np.broadcast_to(_BACKGROUND, (n, _SIZE, _SIZE, 3)).astype(np.float64).copy()
    # always draw, so the stream is the same for every k; scale by k
    coarse = rng.uniform(-1, 1, size=(n, 4, 4, 3))
    texture = np.repeat(np.repeat(coarse, 8, axis=1), 8, axis=2)
    fine = rng.uniform(-1, 1, size=(n, _SIZE, _SIZE, 3))
    bg += k * (0.25 * texture + 0.08 * fine)
    max_d = 8
    n_d = np.floor(k * max_d * rng.uniform(0.5, 1.0, size=n) + 0.5).astype(int)
    cx = rng.uniform(0, _SIZE, size=(n, max_d))
    cy = rng.uniform(0, _SIZE, size=(n, max_d))
    ra = rng.uniform(1.5, 5.0, size=(n, max_d))
    rb = rng.uniform(0.8, 3.0, size=(n, max_d))
    ang = rng.uniform(0, np.pi, size=(n, max_d))
    pick = rng.integers(0, 4, size=(n, max_d))            # 0-2: a class colour, 3: random
    rand_rgb = rng.uniform(0, 1, size=(n, max_d, 3))
    cols = np.where((pick < 3)[..., None], _BASE_RGB[np.minimum(pick, 2)], rand_rgb)
    x, y = _COARSE
    for j in range(max_d):
        active = n_d > j
        if not active.any():
            continue
        dx = x[None, :] - cx[active, j, None]
        dy = y[None, :] - cy[active, j, None]
        c, s = np.cos(ang[active, j])[:, None], np.sin(ang[active, j])[:, None]
        u, v = (c * dx + s * dy) / ra[active, j, None], (-s * dx + c * dy) / rb[active, j, None]
        blob = (u ** 2 + v ** 2 <= 1.0).reshape(-1, _SIZE, _SIZE, 1)
        bg[active] = np.where(blob, cols[active, j][:, None, None, :], bg[active])
    return bg


def _occluder(rng, n, k, p):
    """Occluder coverage ``(n, 32, 32)`` in {0, 1} and its colour ``(n, 3)``."""
    frac = rng.uniform(0.3, 0.75, size=n) * k
    side = rng.integers(0, 4, size=n)
    col = np.where(rng.uniform(size=(n, 1)) < 0.5,
                   rng.uniform(0.05, 0.95, size=(n, 1)) * np.ones((1, 3)),   # a grey wall
                   rng.uniform(0, 1, size=(n, 3)))                            # a coloured one
    x, y = _COARSE
    x, y = x.reshape(1, _SIZE, _SIZE), y.reshape(1, _SIZE, _SIZE)
    ext = (_HALF * p["scale"] * p["extent"])[:, None, None]
    cx, cy = p["cx"][:, None, None], p["cy"][:, None, None]
    depth = (2 * ext * frac[:, None, None])
    s = side[:, None, None]
    cover = np.where(s == 0, y < cy - ext + depth,                        # from the top
            np.where(s == 1, y > cy + ext - depth,                        # from the bottom
            np.where(s == 2, x < cx - ext + depth, x > cx + ext - depth)))  # left, right
    cover &= (frac[:, None, None] > 0)
    return cover.astype(np.float64), col


def _illumination(rng, n, k):
    """Multiplicative light field ``(n, 32, 32, 3)`` for illumination strength k."""
    gain = np.exp(rng.uniform(-1.2, 0.5, size=n) * k)
    phi = rng.uniform(0, 2 * np.pi, size=n)
    strength = rng.uniform(0, 0.9, size=n) * k
    cast = 1.0 + 0.3 * k * rng.uniform(-1, 1, size=(n, 3))
    x, y = _COARSE
    x, y = (x.reshape(1, _SIZE, _SIZE) - 16) / 16, (y.reshape(1, _SIZE, _SIZE) - 16) / 16
    ramp = 1.0 + strength[:, None, None] * (np.cos(phi)[:, None, None] * x
                                            + np.sin(phi)[:, None, None] * y)
    return gain[:, None, None, None] * ramp[..., None] * cast[:, None, None, :]


def make_shapes(n_per_class: int = 100, *, seed: int = 0, viewpoint: float = 0.0,
                illumination: float = 0.0, clutter: float = 0.0, occlusion: float = 0.0,
                deformation: float = 0.0, intraclass: float = 0.0, return_info: bool = False
                ) -> (tuple[NDArray[np.uint8], NDArray[np.int_]]
                      | tuple[NDArray[np.uint8], NDArray[np.int_], dict]):
    """Draw ``n_per_class`` images of each class (square 0, circle 1, triangle 2).

    Returns ``X`` uint8 ``(N, 32, 32, 3)`` and ``y`` int ``(N,)`` with ``N = 3 · n_per_class``,
    the classes interleaved (``y = 0, 1, 2, 0, 1, 2, ...``).  Each knob is in ``[0, 1]`` (see the
    module docstring).  The same arguments always give the same images.

    With ``return_info=True`` a third value is returned, a dict of the drawn parameters
    (``"angle"``, ``"scale"``, ``"rgb"``, ...) and two ``(N, 32, 32)`` float arrays: ``"mask"``,
    the object's coverage before occlusion, and ``"visible"``, the part the occluder leaves.
    """
    # three images a class, each 32 × 32 × 3 with two 32 × 32 masks (return_info)
    n_per_class = as_count(n_per_class, "n_per_class", values_each=3 * 32 * 32 * 5)
    seed = as_int(seed, "seed", minimum=0)
    knobs = {name: _check_knob(v, name) for name, v in zip(
        KNOBS, (viewpoint, illumination, clutter, occlusion, deformation, intraclass))}
    return_info = as_bool(return_info, "return_info")
    n = 3 * n_per_class
    y = np.tile(np.arange(3), n_per_class)
    rngs = dict(zip(_STREAMS, (np.random.default_rng(s)
                               for s in np.random.SeedSequence(seed).spawn(len(_STREAMS)))))

    # geometry: every stream is always drawn in full, then scaled by its knob
    base = rngs["base"]
    p = {"cx": 16.0 + base.uniform(-1.5, 1.5, size=n), "cy": 16.0 + base.uniform(-1.5, 1.5, size=n)}
    kv, rv = knobs["viewpoint"], rngs["viewpoint"]
    p["angle"] = rv.uniform(-np.pi, np.pi, size=n) * kv
    view_scale = 1.0 + np.where(rv.uniform(size=n) < 0.5, -0.45, 0.3) * rv.uniform(size=n) * kv
    kd, rd = knobs["deformation"], rngs["deformation"]
    p["stretch"] = np.exp(rd.uniform(-0.5, 0.5, size=n) * kd)
    p["shear"] = rd.uniform(-0.6, 0.6, size=n) * kd
    p["wobble"] = 0.22 * rd.uniform(0.5, 1.0, size=n) * kd
    p["freq"] = rd.uniform(2.0, 4.0, size=n)
    p["phase"] = rd.uniform(0, 2 * np.pi, size=n)
    ki, ri = knobs["intraclass"], rngs["intraclass"]
    hsv = _rgb_to_hsv(_BASE_RGB[y])
    hsv[:, 0] = (hsv[:, 0] + ri.uniform(-0.5, 0.5, size=n) * ki) % 1.0
    hsv[:, 1] = np.clip(hsv[:, 1] * (1.0 + ri.uniform(-0.5, 0.1, size=n) * ki), 0, 1)
    hsv[:, 2] = np.clip(hsv[:, 2] * (1.0 + ri.uniform(-0.4, 0.1, size=n) * ki), 0, 1)
    p["rgb"] = _hsv_to_rgb(hsv)
    size_factor = 1.0 + np.where(ri.uniform(size=n) < 0.5, -0.35, 0.25) * ri.uniform(size=n) * ki
    p["scale"] = view_scale * size_factor
    # the object's half-extent in units of _HALF (the largest of the three, rotated and stretched)
    p["extent"] = np.where(y == 2, _TRI_R, np.sqrt(2.0)) * np.maximum(p["stretch"],
                                                                    1 / p["stretch"]) \
        * (1 + np.abs(p["shear"])) * (1 + p["wobble"])
    p["extent"] = np.minimum(p["extent"], 3.0)

    mask = _object_coverage(y, p)                                       # (n, 32, 32)
    bg = _clutter(rngs["clutter"], n, knobs["clutter"])
    img = bg * (1 - mask[..., None]) + p["rgb"][:, None, None, :] * mask[..., None]
    occ, occ_col = _occluder(rngs["occlusion"], n, knobs["occlusion"], p)
    img = img * (1 - occ[..., None]) + occ_col[:, None, None, :] * occ[..., None]
    img = img * _illumination(rngs["illumination"], n, knobs["illumination"])
    X = np.clip(np.rint(img * 255.0), 0, 255).astype(np.uint8)
    if not return_info:
        return X, y
    info = {k: v for k, v in p.items()}
    info.update(mask=mask.astype(np.float64), visible=mask * (1 - occ), knobs=knobs)
    return X, y, info
