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


def as_float_array(x: ArrayLike, name: str, ndim: int | tuple[int, ...] | None = None,
                   allow_empty: bool = False) -> NDArray[np.float64]:
    """Return ``x`` as a finite float64 array, or raise an error naming ``name``.

    ``ndim`` is the required number of dimensions (an int or a tuple of allowed ints).
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a numeric array; got a {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} could not be read as an array: {exc}") from None
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.number)):
        if arr.dtype == object:
            try:
                arr = arr.astype(np.float64)
            except (TypeError, ValueError):
                raise TypeError(f"{name} must hold numbers; got values of dtype object") from None
        else:
            raise TypeError(f"{name} must hold numbers; got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must be real; got complex dtype {arr.dtype}")
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
    """Return ``x`` as a finite Python float, checking its sign if asked."""
    if isinstance(x, bool) or not isinstance(x, (numbers.Real, np.ndarray)):
        raise TypeError(f"{name} must be a real number; got {type(x).__name__}")
    arr = np.asarray(x)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number; got an array of shape {arr.shape}")
    value = float(arr)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive; got {value}")
    if nonnegative and value < 0:
        raise ValueError(f"{name} must be non-negative; got {value}")
    return value


def as_labels(y: ArrayLike, name: str, n: int | None, n_classes: int | None,
              rows: str = "scores") -> NDArray[np.intp]:
    """Check integer class labels ``y``: shape ``(n,)`` (one per row of ``rows``), values in
    ``[0, n_classes)``.  ``n=None`` takes any length, ``n_classes=None`` any non-negative label."""
    arr = np.asarray(y)
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
    return arr.astype(np.intp, copy=False)


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
    if np.ndim(x) == 0:
        return as_scalar(x, name, positive=True)
    arr = as_float_array(x, name)
    if arr.shape != like.shape:
        raise ValueError(f"{name} must be a scalar or have shape {like.shape}; got {arr.shape}")
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be positive; found {arr[arr <= 0].flat[0]}")
    return arr


def reduce(values: np.ndarray, reduction: str) -> float | NDArray[np.float64]:
    """Apply a reduction: ``"mean"`` (1/N Σ), ``"sum"`` (Σ) or ``"none"`` (the values)."""
    if reduction == "mean":
        return float(values.mean())
    if reduction == "sum":
        return float(values.sum())
    return values


def reduction_scale(count: int, reduction: str) -> float:
    """The factor a reduction puts in front of each term's gradient: 1/N for the mean, else 1."""
    return 1.0 / count if reduction == "mean" else 1.0
