r"""The likelihood exercises (section 6): the Gaussian and Laplace negative log-likelihoods.

.. math:: \frac1N \sum_i \tfrac12 \log(2\pi\sigma^2) + \frac{(y_i - f_i)^2}{2\sigma^2}, \qquad
          \frac1N \sum_i \log(2b) + \frac{|y_i - f_i|}{b}

Each known mistake is a variant of the reference, written as a reader would write it.
"""
from __future__ import annotations

import numpy as np

from .. import losses
from ._cases import regression_cases
from ._spec import Exercise, Mistake

MEAN = ("the NLL is summed over the examples; the exercise asks for the mean (divide by N).")


def reference_gaussian(y, prediction, sigma):
    return losses.gaussian_nll(prediction, y, sigma)


def reference_laplace(y, prediction, b):
    return losses.laplace_nll(prediction, y, b)


def _gauss(y, prediction, sigma, *, constant=True, var=None, half=True):
    var = sigma ** 2 if var is None else var
    quad = (y - prediction) ** 2 / ((2.0 if half else 1.0) * var)
    const = 0.5 * np.log(2 * np.pi * var) if constant else 0.0
    return np.mean(const + quad)


def _gauss_no_constant(y, prediction, sigma):
    return _gauss(y, prediction, sigma, constant=False)


def _gauss_no_two_pi(y, prediction, sigma):
    return _gauss(y, prediction, sigma) - 0.5 * np.log(2 * np.pi)


def _gauss_sigma_not_squared(y, prediction, sigma):
    return _gauss(y, prediction, sigma, var=sigma)


def _gauss_no_half(y, prediction, sigma):
    return _gauss(y, prediction, sigma, half=False)


def _gauss_sum(y, prediction, sigma):
    return reference_gaussian(y, prediction, sigma) * len(y)


def _laplace(y, prediction, b, *, log_term=None, residual=None):
    residual = np.abs(y - prediction) if residual is None else residual
    return np.mean((np.log(2 * b) if log_term is None else log_term) + residual / b)


def _laplace_no_constant(y, prediction, b):
    return _laplace(y, prediction, b, log_term=0.0)


def _laplace_log_b(y, prediction, b):
    return _laplace(y, prediction, b, log_term=np.log(b))


def _laplace_squared(y, prediction, b):
    return _laplace(y, prediction, b, residual=(y - prediction) ** 2)


def _laplace_sum(y, prediction, b):
    return reference_laplace(y, prediction, b) * len(y)


GAUSSIAN_MISTAKES = (
    Mistake("the constant ½ log(2πσ²) is missing: the full NLL has it (it matters once σ is "
            "learned).", (_gauss_no_constant,)),
    Mistake("the 2π is missing from the constant: it is ½ log(2πσ²).", (_gauss_no_two_pi,)),
    Mistake("σ is used where σ² belongs: the NLL is ½ log(2πσ²) + (y − f)² / (2σ²).",
            (_gauss_sigma_not_squared,)),
    Mistake("the ½ of the squared term is missing: it is (y − f)² / (2σ²).", (_gauss_no_half,)),
    Mistake(MEAN, (_gauss_sum,)),
)
LAPLACE_MISTAKES = (
    Mistake("the constant log(2b) is missing: the full NLL is log(2b) + |y − f| / b.",
            (_laplace_no_constant,)),
    Mistake("log(b) is used instead of log(2b): the Laplace density is e^{−|y − f|/b} / (2b).",
            (_laplace_log_b,)),
    Mistake("the residual is squared: the Laplace NLL uses |y − f| / b (the squares are the "
            "Gaussian's).", (_laplace_squared,)),
    Mistake(MEAN, (_laplace_sum,)),
)

EXERCISES = (
    Exercise("gaussian_nll", "gaussian_nll(y, prediction, sigma) -> float",
             "the mean Gaussian NLL, with the constant ½ log(2πσ²)",
             ("y", "prediction", "sigma"), reference_gaussian, regression_cases,
             GAUSSIAN_MISTAKES),
    Exercise("laplace_nll", "laplace_nll(y, prediction, b) -> float",
             "the mean Laplace NLL, with the constant log(2b)", ("y", "prediction", "b"),
             reference_laplace, regression_cases, LAPLACE_MISTAKES),
)
