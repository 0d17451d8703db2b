"""Static figures of Part II: the plotted curves are the losses, checked by hand formulas."""
from __future__ import annotations

import math

import numpy as np

from lossbook import plots_svm_softmax as plots


def test_hinge_figure_curves():
    fig = plots.hinge_figure(margins=(0.5, 1.0, 2.0))
    ax1, ax2 = fig.axes
    for line, m in zip(ax1.get_lines(), (0.5, 1.0, 2.0)):
        d, v = line.get_data()
        np.testing.assert_allclose(v, np.maximum(0, d + m), atol=1e-12)
    (d, hinge), (_, sq) = (ln.get_data() for ln in ax2.get_lines())
    np.testing.assert_allclose(sq, np.maximum(0, d + 1) ** 2, atol=1e-12)


def test_softmax_steps_figure():
    fig = plots.softmax_steps_figure([3.2, 5.1, -1.7], 0, ("cat", "car", "frog"))
    ax_s, ax_e, ax_p, ax_l = fig.axes
    e = [math.exp(v) for v in (3.2, 5.1, -1.7)]
    np.testing.assert_allclose([p.get_height() for p in ax_e.patches], e, rtol=1e-12)
    np.testing.assert_allclose([p.get_height() for p in ax_p.patches],
                               [v / sum(e) for v in e], rtol=1e-12)
    x, yv = ax_l.get_lines()[1].get_data()
    assert x[0] == np.float64(x[0]) and abs(x[0] - e[0] / sum(e)) < 1e-12
    assert abs(yv[0] + math.log(e[0] / sum(e))) < 1e-12


def test_losses_against_gap_figure():
    fig = plots.losses_against_gap_figure([(9.0, 9.0)], ["[10, 9, 9]"])
    ax = fig.axes[0]
    (g, svm), (_, soft) = ax.get_lines()[0].get_data(), ax.get_lines()[1].get_data()
    np.testing.assert_allclose(svm, 2 * np.maximum(0, 9 - g + 1), atol=1e-12)
    np.testing.assert_allclose(soft, np.log(1 + 2 * np.exp(9 - g)), rtol=1e-10)
