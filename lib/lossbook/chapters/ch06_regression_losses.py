r"""Used by chapter 6 (regression losses from likelihoods): the loss and the log-likelihood of every
line on a grid, to show that the line that minimizes the loss is the line that maximizes the
likelihood.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .. import regression
from .._validation import as_choice, as_float_array, as_scalar, check_same_shape

__all__ = ["loss_likelihood_grid"]


def loss_likelihood_grid(x: ArrayLike, y: ArrayLike, slopes: ArrayLike, intercepts: ArrayLike,
                         noise: str = "gaussian", scale: float = 1.0) -> dict:
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
    noise = as_choice(noise, "noise", ("gaussian", "laplace"))
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
