"""dlnotes.initializers: shapes, the intended variances, input checks."""

import numpy as np
import pytest

from dlnotes import initializers as init

N_OUT, N_IN = 300, 700  # n_in != n_out so that xavier, glorot and he differ
SIZE = N_OUT * N_IN

INTENDED_VARIANCE = [
    (init.xavier, 1 / N_IN),
    (init.glorot, 2 / (N_IN + N_OUT)),
    (init.he, 2 / N_IN),
]


@pytest.mark.parametrize(("f", "variance"), INTENDED_VARIANCE, ids=["xavier", "glorot", "he"])
def test_random_initializer_has_intended_variance_and_zero_mean(f, variance):
    W = f(N_OUT, N_IN, rng=np.random.default_rng(0))
    assert W.shape == (N_OUT, N_IN)
    # For N = 210 000 normal draws the sample variance has relative standard error
    # sqrt(2/N) ~ 0.3%, and the sample mean has standard error sqrt(variance/N):
    # 2% and 5 standard errors leave a wide margin yet separate the three rules,
    # whose variances differ by 17% or more.
    assert np.var(W) == pytest.approx(variance, rel=0.02)
    assert abs(np.mean(W)) < 5 * np.sqrt(variance / SIZE)


def test_small_random_has_standard_deviation_scale():
    W = init.small_random(N_OUT, N_IN, rng=np.random.default_rng(1), scale=0.05)
    assert np.std(W) == pytest.approx(0.05, rel=0.01)  # relative s.e. ~ sqrt(1/2N) = 0.15%


def test_zeros_are_zeros_and_accept_an_ignored_rng():
    np.testing.assert_array_equal(init.zeros(2, 3), np.zeros((2, 3)))
    np.testing.assert_array_equal(init.zeros(2, 3, rng=np.random.default_rng(0)), np.zeros((2, 3)))


def test_same_rng_seed_gives_same_weights():
    a = init.he(4, 5, rng=np.random.default_rng(7))
    b = init.he(4, 5, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("f", [init.xavier, init.glorot, init.he, init.small_random])
@pytest.mark.parametrize(
    ("n_out", "n_in", "message"),
    [(0, 3, "n_out .* got 0"), (3, -1, "n_in .* got -1"), (2.5, 3, "n_out .* got 2.5"),
     (3, True, "n_in .* got True")],
)
def test_bad_sizes_raise_naming_the_value(f, n_out, n_in, message):
    with pytest.raises(ValueError, match=message):
        f(n_out, n_in, rng=np.random.default_rng(0))


def test_zeros_refuses_bad_size():
    with pytest.raises(ValueError, match="n_in must be an integer >= 1, got 0"):
        init.zeros(2, 0)


def test_numpy_integer_sizes_are_accepted():
    assert init.he(np.int64(2), np.int32(3), rng=np.random.default_rng(0)).shape == (2, 3)


@pytest.mark.parametrize("scale", [0.0, -0.01, float("inf")])
def test_small_random_refuses_bad_scale(scale):
    with pytest.raises(ValueError, match="scale"):
        init.small_random(2, 3, rng=np.random.default_rng(0), scale=scale)
