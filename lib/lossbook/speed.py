"""The naive (loop) and vectorized SVM loss side by side: do they agree, and how fast is each?

:func:`agreement` is deterministic (print it in a checked cell); :func:`timings` measures wall-clock
time, which changes from run to run (print it in a cell marked ``NBVAL_IGNORE_OUTPUT``).
Both call :func:`lossbook.linear.svm_loss_naive` and :func:`lossbook.linear.svm_loss_vectorized`.
"""
from __future__ import annotations

import time

import numpy as np

from . import linear

__all__ = ["agreement", "best_time", "timings"]


def agreement(W, b, X, y, margin: float = 1.0, reg_strength: float = 0.0) -> dict:
    """Loss and gradients of both implementations and their largest absolute differences."""
    loss_n, dW_n, db_n = linear.svm_loss_naive(W, b, X, y, margin, reg_strength)
    loss_v, dW_v, db_v = linear.svm_loss_vectorized(W, b, X, y, margin, reg_strength)
    return {"loss_naive": loss_n, "loss_vectorized": loss_v,
            "loss_difference": abs(loss_n - loss_v),
            "dW_max_difference": float(np.max(np.abs(dW_n - dW_v))),
            "db_max_difference": float(np.max(np.abs(db_n - db_v)))}


def best_time(f, *args, repeat: int = 5) -> float:
    """The fastest of ``repeat`` calls of ``f(*args)``, in seconds (the least disturbed run)."""
    if not isinstance(repeat, int) or repeat < 1:
        raise ValueError(f"repeat must be a positive integer; got {repeat!r}")
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        f(*args)
        best = min(best, time.perf_counter() - t0)
    return float(best)


def timings(W, b, X, y, margin: float = 1.0, reg_strength: float = 0.0,
            repeat: int = 3) -> dict:
    """Best-of-``repeat`` seconds for each implementation, and the speed-up."""
    args = (W, b, X, y, margin, reg_strength)
    t_naive = best_time(linear.svm_loss_naive, *args, repeat=repeat)
    t_vec = best_time(linear.svm_loss_vectorized, *args, repeat=repeat)
    return {"naive_seconds": t_naive, "vectorized_seconds": t_vec,
            "speedup": t_naive / t_vec}
