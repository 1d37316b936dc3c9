"""dlnotes.ewa: hand-computed averages, exact bias correction, the 1/(1-beta) window."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlnotes.ewa import ewa, ewa_step


def test_ewa_step_matches_formula():
    # 0.9 * [1, -2] + 0.1 * [11, 8] = [0.9 + 1.1, -1.8 + 0.8] = [2.0, -1.0]
    np.testing.assert_allclose(ewa_step(np.array([1.0, -2.0]), [11.0, 8.0], beta=0.9), [2.0, -1.0])


def test_ewa_matches_hand_computed_values():
    # beta = 0.5 on [1, 2, 3]:
    #   v1 = 0.5 * 1            = 0.5     corrected 0.5   / (1 - 0.5)   = 1
    #   v2 = 0.25 + 0.5 * 2     = 1.25    corrected 1.25  / (1 - 0.25)  = 5/3
    #   v3 = 0.625 + 0.5 * 3    = 2.125   corrected 2.125 / (1 - 0.125) = 17/7
    theta = [1.0, 2.0, 3.0]
    np.testing.assert_allclose(ewa(theta, beta=0.5, bias_correction=False), [0.5, 1.25, 2.125])
    np.testing.assert_allclose(ewa(theta, beta=0.5), [1.0, 5 / 3, 17 / 7])


def test_ewa_equals_unrolled_weighted_sum():
    # v_t = (1 - beta) * sum_i beta^(t-i) theta_i, computed here as a matrix product.
    theta = np.random.default_rng(0).normal(size=30)
    beta = 0.8
    t = np.arange(30)
    weights = np.where(t[:, None] >= t, (1 - beta) * beta ** (t[:, None] - t).clip(0), 0.0)
    np.testing.assert_allclose(ewa(theta, beta=beta, bias_correction=False), weights @ theta)


@pytest.mark.parametrize("beta", [0.5, 0.9, 0.98, 0.999])
def test_ewa_bias_correction_is_exact_on_constant_series(beta):
    # v_t = c (1 - beta^t) exactly, so v_t / (1 - beta^t) = c (up to float rounding).
    c = 17.3
    np.testing.assert_allclose(ewa(np.full(200, c), beta=beta), c, rtol=1e-12)


def test_ewa_without_correction_starts_low():
    c, beta = 10.0, 0.9
    v = ewa(np.full(50, c), beta=beta, bias_correction=False)
    assert v[0] == pytest.approx((1 - beta) * c)  # v_1 = 1.0, a tenth of the truth
    assert v[1] == pytest.approx((1 - beta) * (1 + beta) * c)  # v_2 = 1.9
    assert v[-1] == pytest.approx(c, rel=0.01)  # 1 - 0.9^50 = 0.995: the bias fades


def test_ewa_effective_window_is_one_over_one_minus_beta():
    # Impulse at day 1: v_t = (1 - beta) beta^(t-1). After 1/(1 - beta) = 50 more days
    # the weight has fallen to beta^50 = 0.364, about 1/e.
    beta = 0.98
    impulse = np.zeros(60)
    impulse[0] = 1.0
    v = ewa(impulse, beta=beta, bias_correction=False)
    assert v[50] / v[0] == pytest.approx(np.exp(-1), abs=0.01)


def test_ewa_beta_zero_returns_series():
    theta = np.array([3.0, -1.0, 4.0])
    np.testing.assert_array_equal(ewa(theta, beta=0.0), theta)


def test_ewa_empty_series():
    assert ewa([]).shape == (0,)


@given(arrays(np.float64, st.integers(1, 40), elements=st.floats(-1e4, 1e4)), st.floats(0, 0.999))
def test_ewa_corrected_stays_within_range_of_seen_values(theta, beta):
    # The corrected average is a convex combination of theta_1..theta_t.
    v = ewa(theta, beta=beta)
    assert np.all(np.isfinite(v))
    slack = 1e-9 * (1 + np.abs(theta).max())
    assert np.all(v >= np.minimum.accumulate(theta) - slack)
    assert np.all(v <= np.maximum.accumulate(theta) + slack)


def test_ewa_handles_huge_values_without_overflow():
    v = ewa(np.array([1e300, -1e300, 1e300]), beta=0.9)
    assert np.all(np.isfinite(v))


def test_ewa_rejects_matrix_naming_shape():
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        ewa(np.zeros((2, 3)))


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5, float("nan")])
def test_ewa_rejects_bad_beta(beta):
    with pytest.raises(ValueError, match="beta"):
        ewa([1.0, 2.0], beta=beta)
    with pytest.raises(ValueError, match="beta"):
        ewa_step(0.0, 1.0, beta=beta)
