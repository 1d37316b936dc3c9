"""dlnotes.search: ranges, log-scale shares per decade, grids vs random points, checks."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlnotes.search import grid, log_uniform, random_points, sample_momentum


def _rng(seed=0):
    return np.random.default_rng(seed)


# ---------------------------------------------------------------- log_uniform


def test_log_uniform_gives_each_decade_the_same_share():
    alpha = log_uniform(1e-4, 1.0, rng=_rng(), size=40_000)
    counts = np.histogram(np.log10(alpha), bins=[-4, -3, -2, -1, 0])[0]
    # 10_000 expected per decade; binomial std is about 87
    np.testing.assert_allclose(counts, 10_000, atol=500)


def test_log_uniform_is_ten_to_a_uniform_exponent():
    # same generator state: the exponent is rng.uniform(log10 low, log10 high)
    alpha = log_uniform(1e-3, 10.0, rng=_rng(3), size=50)
    r = _rng(3).uniform(-3.0, 1.0, size=50)
    np.testing.assert_allclose(alpha, 10.0**r, rtol=1e-12)


def test_log_uniform_stays_in_bounds_and_has_the_requested_shape():
    alpha = log_uniform(0.01, 0.5, rng=_rng(), size=(3, 7))
    assert alpha.shape == (3, 7)
    assert alpha.min() >= 0.01
    assert alpha.max() <= 0.5


def test_log_uniform_without_size_returns_a_float():
    value = log_uniform(1e-4, 1.0, rng=_rng())
    assert isinstance(value, float)
    assert 1e-4 <= value <= 1.0


def test_uniform_draw_wastes_most_trials_on_the_top_decade():
    # the reason for the log scale: U[1e-4, 1] lands in [0.1, 1] with probability 0.9 / 0.9999
    uniform = _rng().uniform(1e-4, 1.0, size=40_000)
    assert np.mean(uniform >= 0.1) == pytest.approx(0.9 / 0.9999, abs=0.01)
    log_scale = log_uniform(1e-4, 1.0, rng=_rng(), size=40_000)
    assert np.mean(log_scale >= 0.1) == pytest.approx(0.25, abs=0.01)


@pytest.mark.parametrize(
    ("low", "high", "match"),
    [
        (0.0, 1.0, "low"),
        (-1.0, 1.0, "low"),
        (1.0, 1.0, "low < high"),
        (2.0, 1.0, "low < high"),
        (1e-4, np.inf, "finite"),
    ],
)
def test_log_uniform_refuses_bad_bounds(low, high, match):
    with pytest.raises(ValueError, match=match):
        log_uniform(low, high, rng=_rng())


# ---------------------------------------------------------------- sample_momentum


def test_sample_momentum_puts_half_the_trials_above_099():
    beta = sample_momentum(0.9, 0.999, rng=_rng(), size=40_000)
    assert beta.min() >= 0.9
    assert beta.max() <= 0.999
    # 1 - beta is log-uniform on [1e-3, 1e-1]: [0.99, 0.999] is one of two decades
    assert np.mean(beta > 0.99) == pytest.approx(0.5, abs=0.01)
    counts = np.histogram(np.log10(1 - beta), bins=[-3, -2, -1])[0]
    np.testing.assert_allclose(counts, 20_000, atol=600)


def test_sample_momentum_is_one_minus_ten_to_a_uniform_exponent():
    beta = sample_momentum(0.9, 0.9999, rng=_rng(5), size=20)
    r = _rng(5).uniform(-4.0, -1.0, size=20)
    np.testing.assert_allclose(beta, 1 - 10.0**r, rtol=1e-12)


def test_sample_momentum_without_size_returns_a_float_in_range():
    value = sample_momentum(rng=_rng())
    assert isinstance(value, float)
    assert 0.9 <= value <= 0.999


@pytest.mark.parametrize(("low", "high"), [(0.9, 1.0), (-0.1, 0.9), (0.99, 0.9), (0.9, 0.9)])
def test_sample_momentum_refuses_bad_bounds(low, high):
    with pytest.raises(ValueError, match="low"):
        sample_momentum(low, high, rng=_rng())


# ---------------------------------------------------------------- grid and random_points


def test_grid_of_25_tries_only_5_values_per_axis():
    points = grid([(-4.0, 0.0), (0.0, 1.0)], 5)
    assert points.shape == (2, 25)
    assert len(np.unique(points[0])) == 5
    assert len(np.unique(points[1])) == 5
    np.testing.assert_allclose(np.unique(points[0]), [-4, -3, -2, -1, 0])
    # every combination exactly once
    assert len({tuple(p) for p in points.T}) == 25


def test_random_points_of_25_try_25_values_per_axis():
    points = random_points([(-4.0, 0.0), (0.0, 1.0)], 25, rng=_rng())
    assert points.shape == (2, 25)
    assert len(np.unique(points[0])) == 25
    assert len(np.unique(points[1])) == 25


@given(
    st.lists(st.tuples(st.floats(-100, 100), st.floats(0.01, 50)), min_size=1, max_size=4),
    st.integers(1, 30),
)
def test_random_points_and_grid_stay_in_the_box(pairs, n):
    bounds = [(lo, lo + width) for lo, width in pairs]
    lows, highs = np.array(bounds).T
    for points in (random_points(bounds, n, rng=_rng()), grid(bounds, min(n, 4))):
        assert points.shape[0] == len(bounds)
        assert np.all(points >= lows[:, None])
        assert np.all(points <= highs[:, None])


def test_grid_includes_the_corners():
    points = grid([(1.0, 2.0), (-1.0, 1.0), (0.0, 3.0)], 4)
    assert points.shape == (3, 64)
    corners = {tuple(p) for p in points.T}
    assert (1.0, -1.0, 0.0) in corners
    assert (2.0, 1.0, 3.0) in corners


def test_random_points_are_reproducible_with_a_seed():
    a = random_points([(0.0, 1.0)], 10, rng=_rng(7))
    b = random_points([(0.0, 1.0)], 10, rng=_rng(7))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("bounds", "match"),
    [
        ([], "non-empty"),
        ([(0.0, 1.0, 2.0)], "pairs"),
        ([(1.0, 0.0)], "low < high"),
        ([(0.0, np.nan)], "finite"),
    ],
)
def test_grid_and_random_points_refuse_bad_bounds(bounds, match):
    with pytest.raises(ValueError, match=match):
        grid(bounds, 3)
    with pytest.raises(ValueError, match=match):
        random_points(bounds, 3, rng=_rng())


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_grid_and_random_points_refuse_bad_n(n):
    with pytest.raises(ValueError, match="n must be an integer"):
        grid([(0.0, 1.0)], n)
    with pytest.raises(ValueError, match="n must be an integer"):
        random_points([(0.0, 1.0)], n, rng=_rng())
