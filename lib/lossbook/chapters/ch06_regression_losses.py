r"""Used by chapter 6 (regression losses from likelihoods): the loss and the log-likelihood of every
line on a grid, and their picture, to show that the line that minimizes the loss is the line that
maximizes the likelihood.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import regression
from .._validation import as_choice, as_float_array, as_scalar, check_same_shape

__all__ = ["NOISES", "loss_likelihood_grid", "loss_likelihood_figure"]

#: The noise models, and the loss and likelihood each goes with.
NOISES = {"gaussian": ("L2 loss (sum)", "Gaussian log-likelihood"),
          "laplace": ("L1 loss (sum)", "Laplace log-likelihood")}


def loss_likelihood_grid(x: ArrayLike, y: ArrayLike, slopes: ArrayLike, intercepts: ArrayLike,
                         *, noise: str = "gaussian", scale: float = 1.0) -> dict:
    r"""The loss and the log-likelihood of every line on a grid, for the argmin = argmax check.

    ``slopes`` ``(S,)`` and ``intercepts`` ``(K,)``; returns a dict with ``loss`` and
    ``log_likelihood``, each ``(S, K)`` (row = slope): the summed L2 loss and the Gaussian
    log-likelihood with :math:`\sigma` = ``scale`` for ``noise="gaussian"``, the summed L1 loss and
    the Laplace log-likelihood with :math:`b` = ``scale`` for ``noise="laplace"``; and
    ``argmin_loss`` / ``argmax_likelihood``, the ``(slope, intercept)`` found by each.
    """
    x = as_float_array(x, "x", ndim=1)
    y = as_float_array(y, "y", ndim=1)
    check_same_shape(x, y, "x", "y")
    slopes = as_float_array(slopes, "slopes", ndim=1)
    intercepts = as_float_array(intercepts, "intercepts", ndim=1)
    noise = as_choice(noise, "noise", NOISES)
    scale = as_scalar(scale, "scale", positive=True)
    loss_fn, ll_fn = ((regression.l2_objective, regression.gaussian_log_likelihood) if noise == "gaussian"
                      else (regression.l1_objective, regression.laplace_log_likelihood))
    loss = np.empty((slopes.size, intercepts.size))
    ll = np.empty_like(loss)
    for a_idx, a in enumerate(slopes):
        for c_idx, c in enumerate(intercepts):
            loss[a_idx, c_idx] = loss_fn((a, c), x, y)
            ll[a_idx, c_idx] = ll_fn((a, c), x, y, scale)
    i_min = np.unravel_index(np.argmin(loss), loss.shape)
    i_max = np.unravel_index(np.argmax(ll), ll.shape)
    return {"loss": loss, "log_likelihood": ll,
            "argmin_loss": np.array([slopes[i_min[0]], intercepts[i_min[1]]]),
            "argmax_likelihood": np.array([slopes[i_max[0]], intercepts[i_max[1]]])}


def _check_grid(grid: object, n_slopes: int, n_intercepts: int) -> dict:
    """:func:`loss_likelihood_grid`'s dict, its arrays finite and shaped for ``(S, K)`` slopes
    and intercepts; or an error naming ``grid``."""
    keys = ("loss", "log_likelihood", "argmin_loss")
    if not isinstance(grid, dict) or any(k not in grid for k in keys):
        raise TypeError(f"grid must be the dict of loss_likelihood_grid (keys {keys}); got "
                        f"{type(grid).__name__} {grid!r:.40}")
    for key, shape in (("loss", (n_slopes, n_intercepts)),
                       ("log_likelihood", (n_slopes, n_intercepts)), ("argmin_loss", (2,))):
        arr = as_float_array(grid[key], f"grid[{key!r}]", ndim=len(shape))
        if arr.shape != shape:
            raise ValueError(f"grid[{key!r}] must have shape {shape} (slopes × intercepts); "
                             f"got {arr.shape}")
    return grid


def loss_likelihood_figure(grid: dict, slopes: ArrayLike, intercepts: ArrayLike,
                           *, noise: str = "gaussian") -> Figure:
    """One slice of :func:`loss_likelihood_grid`'s ``grid``: the loss (left axis) and the
    log-likelihood (right axis) against the slope, the intercept held at its best grid value;
    the dashed line marks the slope of least loss, which is the slope of greatest likelihood."""
    noise = as_choice(noise, "noise", NOISES)
    slopes = as_float_array(slopes, "slopes", ndim=1)
    intercepts = as_float_array(intercepts, "intercepts", ndim=1)
    grid = _check_grid(grid, slopes.size, intercepts.size)
    j = int(np.argmin(np.abs(intercepts - grid["argmin_loss"][1])))
    loss_label, likelihood_label = NOISES[noise]
    fig = Figure(figsize=(6.0, 3.0), dpi=80, layout="constrained")
    ax = fig.subplots()
    ax.plot(slopes, grid["loss"][:, j], color="C0")
    ax.set_xlabel("slope $w_1$ (intercept at its best grid value)")
    ax.set_ylabel(loss_label, color="C0")
    ax2 = ax.twinx()
    ax2.plot(slopes, grid["log_likelihood"][:, j], color="C3")
    ax2.set_ylabel(likelihood_label, color="C3")
    ax.axvline(grid["argmin_loss"][0], color="0.5", ls="--", lw=1)
    ax.set_title("the loss is smallest where the likelihood is largest")
    return fig
