"""lossbook.data.toy1d: points around a line (with outliers), the parts a page rebuilds them from,
and draws from a Laplace mixture."""
from __future__ import annotations

import numpy as np
import pytest

from lossbook.data import toy1d


def test_make_line_data_is_seeded_and_nested():
    a = toy1d.make_line_data(n=20, n_outliers=3, outlier_size=5.0, seed=9)
    b = toy1d.make_line_data(n=20, n_outliers=3, outlier_size=5.0, seed=9)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    _, y4, out4 = toy1d.make_line_data(n=20, n_outliers=4, outlier_size=5.0, seed=9)
    assert np.all(out4[a[2]]) and out4.sum() == 4
    _, y0, _ = toy1d.make_line_data(n=20, seed=9)
    np.testing.assert_allclose(a[1] - y0, 5.0 * a[2])
    assert np.all(np.diff(a[0]) >= 0)


def test_line_data_parts_are_the_data_before_the_outliers():
    x0, y0, order = toy1d.line_data_parts(n=25, noise="laplace", scale=0.8, seed=3)
    assert sorted(order.tolist()) == list(range(25))
    x, y, out = toy1d.make_line_data(n=25, noise="laplace", scale=0.8, seed=3, n_outliers=5,
                                     outlier_size=-2.5)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(np.flatnonzero(out), np.sort(order[:5]))
    np.testing.assert_array_equal(y, y0 + -2.5 * out)


def test_sample_laplace_mixture_matches_its_weights_and_mean():
    kw = dict(weights=(0.3, 0.7), locs=(-1.0, 2.0), scales=(0.5, 1.5))
    y, comp = toy1d.sample_laplace_mixture(20000, seed=0, **kw)
    assert comp.mean() == pytest.approx(0.7, abs=0.015)
    assert y.mean() == pytest.approx(0.3 * -1 + 0.7 * 2, abs=0.05)
    again, _ = toy1d.sample_laplace_mixture(20000, seed=0, **kw)
    np.testing.assert_array_equal(y, again)


def test_validation():
    with pytest.raises(ValueError, match="n_outliers"):
        toy1d.make_line_data(n=5, n_outliers=6)
    with pytest.raises(ValueError, match="noise"):
        toy1d.make_line_data(noise="cauchy")
    with pytest.raises(ValueError, match="noise"):
        toy1d.line_data_parts(noise="cauchy")
    with pytest.raises(ValueError, match="weights must sum to 1"):
        toy1d.sample_laplace_mixture(10, weights=(0.5, 0.6), locs=(0.0, 1.0), scales=(1.0, 1.0))
    with pytest.raises(ValueError, match="same number of components"):
        toy1d.sample_laplace_mixture(10, weights=(0.5, 0.5), locs=(0.0,), scales=(1.0, 1.0))
