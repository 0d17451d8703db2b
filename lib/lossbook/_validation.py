"""Input checks shared by the whole library.

Every public function validates its arguments with these helpers, so a reader who passes the wrong
thing gets an error that names the argument and says what was expected, in the spirit of
scikit-learn's ``check_array``.  Nothing is broadcast silently: shapes must match exactly, except
where a docstring says a scalar is accepted.
"""
from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike, NDArray

REDUCTIONS = ("mean", "sum", "none")


def _describe(x: object) -> str:
    """What came, for a message: ``str 'abc'``, ``bool True``, ``a 0-d array of dtype bool``."""
    if isinstance(x, np.ndarray):
        return f"a {x.ndim}-D array of dtype {x.dtype}"
    if isinstance(x, np.generic):
        return f"{type(x).__name__} {x.item()!r:.40}"
    return f"{type(x).__name__} {x!r:.40}"


def _read_array(x: object, name: str) -> np.ndarray:
    """``np.asarray(x)``, with numpy's own errors (ragged lists and the like) re-raised naming
    ``name``."""
    try:
        return np.asarray(x)
    except Exception as exc:  # ragged lists, objects numpy cannot read
        raise ValueError(f"{name} could not be read as an array: {exc}") from None


def _object_to_float(arr: np.ndarray, name: str) -> np.ndarray:
    """An object array from Python integers too large for int64 (``[2**70]``): converted to
    float64, or a ValueError if one is beyond float range.  Any other object array (strings,
    None, numbers as text, mixed objects) is refused: nothing is parsed or guessed."""
    values = arr.ravel().tolist() if arr.ndim else [arr.item()]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        kinds = sorted({type(v).__name__ for v in values})
        raise TypeError(f"{name} must hold numbers; got values of dtype object "
                        f"({', '.join(kinds[:3])})")
    try:
        return arr.astype(np.float64)
    except OverflowError:
        raise ValueError(f"{name} holds an integer too large for a float64 "
                         f"(beyond ±1.8e308); every entry must be finite") from None


def as_float_array(x: ArrayLike, name: str, ndim: int | tuple[int, ...] | None = None,
                   allow_empty: bool = False) -> NDArray[np.float64]:
    """Return ``x`` as a finite float64 array, or raise an error naming ``name``.

    ``ndim`` is the required number of dimensions (an int or a tuple of allowed ints).  Refused
    with a TypeError: strings, ``None``, booleans, complex numbers, and object or string arrays
    (``np.array(["1", "2"], dtype=object)`` is text, not numbers); with a ValueError: ragged
    lists, the wrong number of dimensions, empty arrays (unless ``allow_empty``), NaN and ±inf.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be a numeric array; got {_describe(x)}")
    arr = _read_array(x, name)
    if arr.dtype == object:
        arr = _object_to_float(arr, name)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{name} must hold numbers; got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must be real; got complex dtype {arr.dtype}")
    with np.errstate(over="ignore"):  # a longdouble beyond float64 becomes inf: refused below
        arr = arr.astype(np.float64, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}; got a {arr.ndim}-D array of shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {arr.shape}); need at least one value")
    if not np.all(np.isfinite(arr)):
        bad = "NaN" if np.isnan(arr).any() else "infinite"
        raise ValueError(f"{name} contains {bad} values; every entry must be finite")
    return arr


def as_scalar(x: ArrayLike, name: str, positive: bool = False, nonnegative: bool = False) -> float:
    """Return ``x`` as a finite Python float, checking its sign if asked.

    A real number: a Python or numpy int or float, or a 0-d numeric array.  Booleans (``True``,
    ``np.bool_``, a 0-d bool array), strings and complex numbers are refused with a TypeError,
    an integer beyond float range with a ValueError.
    """
    came = _describe(x)
    if isinstance(x, np.ndarray):
        if x.ndim != 0:
            raise ValueError(f"{name} must be a single number; got an array of shape {x.shape}")
        x = x[()]  # the numpy scalar inside: its type is checked below
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {came}")
    try:
        value = float(x)
    except OverflowError:
        raise ValueError(f"{name} must be finite; got an integer too large for a float "
                         f"({len(str(abs(int(x))))} digits)") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive; got {value}")
    if nonnegative and value < 0:
        raise ValueError(f"{name} must be non-negative; got {value}")
    return value


def as_bool(x: object, name: str) -> bool:
    """Return ``x`` if it is ``True`` or ``False`` (a Python or numpy bool), or raise a TypeError
    naming ``name``: a flag is never read by truthiness (``"False"`` and ``0`` are refused)."""
    if not isinstance(x, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {_describe(x)}")
    return bool(x)


def as_labels(y: ArrayLike, name: str, n: int | None, n_classes: int | None,
              rows: str = "scores") -> NDArray[np.intp]:
    """Check integer class labels ``y``: shape ``(n,)`` (one per row of ``rows``), values in
    ``[0, n_classes)``.  ``n=None`` takes any length, ``n_classes=None`` any non-negative label."""
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name} must hold integer class labels; got {_describe(y)}")
    arr = _read_array(y, name)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold integer class labels; got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D of shape ({'N' if n is None else n},); "
                         f"got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name} has {arr.shape[0]} labels for the {n} rows of {rows}; "
                         "they must match")
    if arr.size and n_classes is None and arr.min() < 0:
        raise ValueError(f"{name} must hold non-negative labels; found {arr.min()}")
    if arr.size and n_classes is not None and (arr.min() < 0 or arr.max() >= n_classes):
        bad = arr[(arr < 0) | (arr >= n_classes)][0]
        raise ValueError(f"{name} must hold labels in [0, {n_classes}); found {bad}")
    if arr.size and arr.max() > np.iinfo(np.intp).max:  # uint64 labels beyond intp
        raise ValueError(f"{name} holds a label too large to index with: {arr.max()}")
    return arr.astype(np.intp, copy=False)


MAX_INFERRED_CLASSES = 10_000


def infer_n_classes(y: np.ndarray, name: str, what: str = "n_classes") -> int:
    """C = max(y) + 1 for checked labels ``y`` (1 if there are none), refusing labels that would
    make C larger than :data:`MAX_INFERRED_CLASSES`: C sizes the weights (C, D), and a label of
    2**40 would ask for terabytes.  ``what`` says how the caller can state C instead."""
    c = int(y.max()) + 1 if y.size else 1
    if c > MAX_INFERRED_CLASSES:
        raise ValueError(f"{name} holds the label {c - 1}: inferring C = max({name}) + 1 = {c} "
                         f"classes would size the weights by it; labels must be < "
                         f"{MAX_INFERRED_CLASSES} when C is inferred (pass {what} to state C)")
    return c


def as_seed(seed: object, name: str = "seed") -> np.random.Generator:
    """A numpy Generator from ``seed``: ``None`` (fresh entropy), a non-negative integer, or a
    ``numpy.random.Generator`` (used as it is, so its state advances)."""
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be None, a non-negative integer or a numpy Generator; "
                        f"got {_describe(seed)}")
    return np.random.default_rng(as_int(seed, name, minimum=0))


def as_int(x: object, name: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``x`` as a Python int, or raise an error naming ``name`` (scikit-learn's
    ``check_scalar`` style: the argument, what was expected, what came).  Booleans and floats are
    refused, even 3.0: a count or a seed is an integer."""
    if isinstance(x, bool) or not isinstance(x, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer; got {type(x).__name__} {x!r}")
    value = int(x)
    low = minimum is not None and value < minimum
    high = maximum is not None and value > maximum
    if (low or high) and minimum is not None and maximum is not None:
        raise ValueError(f"{name} must be an integer in [{minimum}, {maximum}]; got {value}")
    if low:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value}")
    if high:
        raise ValueError(f"{name} must be an integer <= {maximum}; got {value}")
    return value


#: The most numbers one call may make for data or weights: 2**28 float64 values (2 GiB), well
#: above the book's largest array (CIFAR-10's training images, 50,000 × 3,072 = 1.5e8 bytes).
MAX_VALUES = 2 ** 28
#: The highest resolution a figure function accepts, in dots per inch.
MAX_DPI = 1200


def as_count(x: object, name: str, *, minimum: int = 1, values_each: int = 1) -> int:
    """A count (points, images, classes, grid cells) as a Python int ``>= minimum``, refusing one
    whose array of ``values_each`` numbers an item would exceed :data:`MAX_VALUES` — a clear
    error instead of a request for terabytes."""
    value = as_int(x, name, minimum=minimum)
    if value * values_each > MAX_VALUES:
        largest = max(minimum, MAX_VALUES // values_each)
        raise ValueError(f"{name} = {value:,} would make {value * values_each:,} numbers "
                         f"({value * values_each * 8 / 2 ** 30:.3g} GiB); {name} must be at most "
                         f"{largest:,}")
    return value


def as_names(names: object, n: int, name: str = "class_names") -> list[str]:
    """At least ``n`` names (a sequence such as a tuple or list, not a single string), as
    strings, or an error naming ``name``."""
    if names is None or isinstance(names, (str, bytes)) or not hasattr(names, "__len__"):
        raise TypeError(f"{name} must be a sequence of names (a tuple or list); got "
                        f"{_describe(names)}")
    if len(names) < n:
        raise ValueError(f"{name} must name all {n} classes; got {len(names)} names")
    return [str(v) for v in names]


def as_shape(shape: object, name: str, ndim: tuple[int, ...] | None = None,
             what: str = "a tuple of positive integers") -> tuple[int, ...]:
    """An array shape: a tuple of positive integers (``ndim``: the allowed lengths), or an error
    naming ``name`` (``what`` says what was expected, e.g. "an image shape (H, W)")."""
    if shape is None or isinstance(shape, (str, bytes, bool, np.bool_)) or (
            isinstance(shape, np.ndarray) and shape.ndim != 1):
        raise TypeError(f"{name} must be {what}; got {_describe(shape)}")
    try:
        dims = tuple(shape)
    except TypeError:
        raise TypeError(f"{name} must be {what}; got {_describe(shape)}") from None
    if not dims or (ndim is not None and len(dims) not in ndim):
        want = "at least one" if ndim is None else " or ".join(map(str, ndim))
        raise ValueError(f"{name} must hold {want} dimensions; got {dims}")
    return tuple(as_int(v, f"{name}[{i}]", minimum=1) for i, v in enumerate(dims))


def as_int_array(x: object, name: str, what: str = "integers") -> np.ndarray:
    """``x`` as an integer array (indices, counts), or an error naming ``name``: ``None``,
    strings, booleans and non-integer dtypes are refused; the caller checks the shape."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array of {what}; got {_describe(x)}")
    arr = _read_array(x, name)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold {what}; got dtype {arr.dtype}")
    return arr


def as_choice(x: object, name: str, choices: Iterable[str]) -> str:
    """Return ``x`` if it is one of ``choices`` (strings), or raise an error naming ``name`` that
    lists them."""
    choices = tuple(choices)
    if not isinstance(x, str) or x not in choices:
        raise ValueError(f"{name} must be one of {choices}; got {x!r}")
    return x


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape; "
                         f"got {a.shape} and {b.shape}")


def positive_param(x: ArrayLike, name: str,
                   like: np.ndarray) -> NDArray[np.float64] | float:
    """A positive parameter (sigma, b, scale): a scalar, or an array shaped exactly like ``like``."""
    if _read_array(x, name).ndim == 0:
        return as_scalar(x, name, positive=True)
    arr = as_float_array(x, name)
    if arr.shape != like.shape:
        raise ValueError(f"{name} must be a scalar or have shape {like.shape}; got {arr.shape}")
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be positive; found {arr[arr <= 0].flat[0]}")
    return arr


def reduce(values: np.ndarray, reduction: str) -> float | NDArray[np.float64]:
    """Apply a reduction: ``"mean"`` (1/N Σ), ``"sum"`` (Σ) or ``"none"`` (the values).

    The mean of finite values is finite, but their sum can overflow (two losses of ``1e308``);
    then the mean is taken of the values divided by the largest magnitude and scaled back (the
    plain ``values.mean()`` is kept wherever it is finite, so ordinary results are unchanged).
    """
    if reduction == "mean":
        with np.errstate(over="ignore", invalid="ignore"):
            out = float(values.mean())
        if not np.isfinite(out) and values.size and np.all(np.isfinite(values)):
            top = float(np.max(np.abs(values)))
            with np.errstate(over="ignore"):
                out = top * float(np.mean(values / top))
        return out
    if reduction == "sum":
        with np.errstate(over="ignore", invalid="ignore"):
            return float(values.sum())
    return values


def reduction_scale(count: int, reduction: str) -> float:
    """The factor a reduction puts in front of each term's gradient: 1/N for the mean, else 1."""
    return 1.0 / count if reduction == "mean" else 1.0
