"""dlnotes.losses: gradients by finite differences, hand values, extremes, shapes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlnotes import losses as loss
from dlnotes.activations import sigmoid, softmax
from dlnotes.gradcheck import numerical_grad, relative_error


def _one_hot(labels, K):
    return np.eye(K)[:, labels]


def _check_grad(cost, cost_grad, A, Y):
    numeric = numerical_grad(lambda v: cost(v, Y), A)
    return relative_error(cost_grad(A, Y), numeric)


# ---------------------------------------------------------------- gradients


def test_mse_grad_matches_finite_differences():
    rng = np.random.default_rng(0)
    A, Y = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    assert _check_grad(loss.mse, loss.mse_grad, A, Y) < 1e-7


def test_mae_grad_matches_finite_differences_away_from_zero_error():
    rng = np.random.default_rng(1)
    Y = rng.normal(size=(3, 5))
    A = Y + rng.uniform(0.1, 1.0, size=Y.shape) * rng.choice([-1.0, 1.0], size=Y.shape)
    assert _check_grad(loss.mae, loss.mae_grad, A, Y) < 1e-7


@pytest.mark.parametrize("margin", [1.0, 0.5])
def test_hinge_grad_matches_finite_differences_away_from_kinks(margin):
    rng = np.random.default_rng(2)
    Z, Y = rng.normal(size=(4, 6)), _one_hot(rng.integers(0, 4, size=6), 4)
    terms = Z - np.sum(Z * Y, axis=0) + margin
    assert np.min(np.abs(terms[Y == 0])) > 1e-3  # no term sits on its kink
    cost = lambda v, y: loss.hinge(v, y, margin)  # noqa: E731
    grad = lambda v, y: loss.hinge_grad(v, y, margin)  # noqa: E731
    assert _check_grad(cost, grad, Z, Y) < 1e-7


def test_binary_cross_entropy_grad_matches_finite_differences():
    rng = np.random.default_rng(3)
    A = rng.uniform(0.05, 0.95, size=(2, 6))
    Y = rng.integers(0, 2, size=(2, 6)).astype(float)
    assert _check_grad(loss.binary_cross_entropy, loss.binary_cross_entropy_grad, A, Y) < 1e-7


def test_binary_cross_entropy_with_logits_grad_matches_finite_differences():
    rng = np.random.default_rng(4)
    Z = rng.normal(scale=3.0, size=(1, 8))
    Y = rng.integers(0, 2, size=(1, 8)).astype(float)
    err = _check_grad(
        loss.binary_cross_entropy_with_logits, loss.binary_cross_entropy_with_logits_grad, Z, Y
    )
    assert err < 1e-7


@pytest.mark.parametrize("soft", [False, True], ids=["one_hot", "soft_labels"])
def test_softmax_cross_entropy_grad_matches_finite_differences(soft):
    rng = np.random.default_rng(5)
    Z = rng.normal(scale=2.0, size=(4, 6))
    Y = softmax(rng.normal(size=(4, 6))) if soft else _one_hot(rng.integers(0, 4, size=6), 4)
    assert _check_grad(loss.softmax_cross_entropy, loss.softmax_cross_entropy_grad, Z, Y) < 1e-7


# ---------------------------------------------------------------- hand values


def test_mse_and_mae_hand_values():
    A = np.array([[1.0, 2.0], [0.0, -1.0]])
    Y = np.zeros((2, 2))
    assert loss.mse(A, Y) == pytest.approx((1 + 0 + 4 + 1) / 2)
    assert loss.mae(A, Y) == pytest.approx((1 + 0 + 2 + 1) / 2)


def test_mse_grad_is_zero_at_target_and_mae_subgradient_zero_there():
    Y = np.array([[1.0, -2.0]])
    np.testing.assert_array_equal(loss.mse_grad(Y, Y), np.zeros((1, 2)))
    np.testing.assert_array_equal(loss.mae_grad(Y, Y), np.zeros((1, 2)))


def test_hinge_matches_cs231n_example():
    # CS231n: scores of cat, car, frog images (columns) for the classes cat, car, frog.
    Z = np.array([[3.2, 1.3, 2.2], [5.1, 4.9, 2.5], [-1.7, 2.0, -3.1]])
    assert loss.hinge(Z, np.eye(3)) == pytest.approx((2.9 + 0.0 + 12.9) / 3)


def test_hinge_grad_counts_violated_margins():
    Z = np.array([[3.2], [5.1], [-1.7]])
    Y = np.array([[1.0], [0.0], [0.0]])
    # car violates (5.1 - 3.2 + 1 > 0), frog does not (-1.7 - 3.2 + 1 < 0).
    np.testing.assert_allclose(loss.hinge_grad(Z, Y), [[-1.0], [1.0], [0.0]])
    # With margin 10 both violate: the right class gets -2.
    np.testing.assert_allclose(loss.hinge_grad(Z, Y, margin=10.0), [[-2.0], [1.0], [1.0]])


def test_binary_cross_entropy_of_one_half_is_log_two():
    assert loss.binary_cross_entropy([[0.5, 0.5]], [[1.0, 0.0]]) == pytest.approx(np.log(2))


def test_binary_cross_entropy_clips_exact_zero_and_one():
    # Wrong and certain: cost -log(EPS) per example, finite. Right and certain: ~0.
    assert loss.binary_cross_entropy([[0.0, 1.0]], [[1.0, 0.0]]) == pytest.approx(-np.log(loss.EPS))
    assert loss.binary_cross_entropy([[1.0, 0.0]], [[1.0, 0.0]]) == pytest.approx(0.0, abs=1e-11)


def test_binary_cross_entropy_with_logits_equals_cross_entropy_of_sigmoid():
    rng = np.random.default_rng(6)
    Z = rng.normal(scale=3.0, size=(2, 5))
    Y = rng.uniform(size=(2, 5))
    assert loss.binary_cross_entropy_with_logits(Z, Y) == pytest.approx(
        loss.binary_cross_entropy(sigmoid(Z), Y), rel=1e-12
    )


def test_binary_cross_entropy_with_logits_is_exact_for_huge_logits():
    # Wrong by 1e4: cost 1e4 (linear), not inf. Right by 1e4: cost e^-1e4 = 0.
    assert loss.binary_cross_entropy_with_logits([[-1e4, 1e4]], [[1.0, 0.0]]) == 1e4
    assert loss.binary_cross_entropy_with_logits([[1e4, -1e4]], [[1.0, 0.0]]) == 0.0


def test_softmax_cross_entropy_equals_minus_log_probability_of_right_class():
    rng = np.random.default_rng(7)
    Z = rng.normal(size=(5, 4))
    labels = rng.integers(0, 5, size=4)
    expected = -np.mean(np.log(softmax(Z)[labels, np.arange(4)]))
    assert loss.softmax_cross_entropy(Z, _one_hot(labels, 5)) == pytest.approx(expected)


def test_softmax_cross_entropy_of_equal_logits_is_log_k():
    assert loss.softmax_cross_entropy(np.zeros((10, 3)), _one_hot([0, 4, 9], 10)) == pytest.approx(
        np.log(10)
    )


def test_softmax_cross_entropy_is_linear_in_huge_wrong_logits():
    # log-softmax of the right class is -2e4 exactly: no log(0).
    assert loss.softmax_cross_entropy([[1e4], [-1e4]], [[0.0], [1.0]]) == 2e4


def test_softmax_cross_entropy_is_mean_cross_entropy_of_distributions():
    rng = np.random.default_rng(8)
    Z, Y = rng.normal(size=(3, 4)), softmax(rng.normal(size=(3, 4)))
    expected = np.mean(loss.cross_entropy(Y, softmax(Z)))
    assert loss.softmax_cross_entropy(Z, Y) == pytest.approx(expected)


def test_entropy_hand_values():
    assert loss.entropy(np.full(4, 0.25)) == pytest.approx(np.log(4))
    assert loss.entropy([1.0, 0.0, 0.0]) == 0.0  # 0 log 0 = 0
    np.testing.assert_allclose(
        loss.entropy([[0.5, 1.0], [0.5, 0.0]]), [np.log(2), 0.0]
    )  # one value per column


def test_kl_divergence_hand_value_and_asymmetry():
    p, q = np.array([0.5, 0.5]), np.array([0.25, 0.75])
    assert loss.kl_divergence(p, q) == pytest.approx(0.5 * np.log(2) + 0.5 * np.log(2 / 3))
    assert loss.kl_divergence(q, p) == pytest.approx(0.25 * np.log(0.5) + 0.75 * np.log(1.5))


def test_kl_divergence_of_p_with_itself_is_zero():
    p = softmax(np.random.default_rng(9).normal(size=(5, 3)))
    np.testing.assert_array_equal(loss.kl_divergence(p, p), np.zeros(3))


def test_kl_divergence_is_large_but_finite_where_q_is_zero():
    kl = loss.kl_divergence([0.5, 0.5], [1.0, 0.0])
    assert kl == pytest.approx(0.5 * np.log(0.5) + 0.5 * np.log(0.5 / loss.EPS))
    assert loss.cross_entropy([0.5, 0.5], [1.0, 0.0]) == pytest.approx(-0.5 * np.log(loss.EPS))


# ---------------------------------------------------------------- robustness

LOGIT = st.one_of(st.sampled_from([-1e4, 0.0, 1e4]), st.floats(-1e4, 1e4))
PROB = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0))


@st.composite
def logits_and_one_hot(draw):
    K, m = draw(st.integers(2, 5)), draw(st.integers(1, 4))
    Z = draw(arrays(np.float64, (K, m), elements=LOGIT))
    labels = draw(arrays(np.int64, m, elements=st.integers(0, K - 1)))
    return Z, _one_hot(labels, K)


@st.composite
def distributions(draw):
    """Two (K, m) arrays whose columns are distributions, with exact zeros likely."""
    K, m = draw(st.integers(2, 5)), draw(st.integers(1, 3))
    weight = st.one_of(st.just(0.0), st.floats(0.0, 10.0))
    pq = []
    for _ in range(2):
        w = draw(arrays(np.float64, (K, m), elements=weight))
        w[0, w.sum(axis=0) == 0] = 1.0
        pq.append(w / w.sum(axis=0))
    return pq


def _finite(x):
    return bool(np.all(np.isfinite(x)))


@settings(max_examples=60, deadline=None)
@given(logits_and_one_hot())
def test_losses_on_logits_are_finite(ZY):
    Z, Y = ZY
    for f in [
        loss.hinge, loss.hinge_grad, loss.softmax_cross_entropy, loss.softmax_cross_entropy_grad,
        loss.binary_cross_entropy_with_logits, loss.binary_cross_entropy_with_logits_grad,
        loss.mse, loss.mse_grad, loss.mae, loss.mae_grad,
    ]:
        assert _finite(f(Z, Y)), f.__name__


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (2, 3), elements=PROB), arrays(np.float64, (2, 3), elements=PROB))
def test_binary_cross_entropy_is_finite_for_probabilities_zero_and_one(A, Y):
    assert _finite(loss.binary_cross_entropy(A, Y))
    assert _finite(loss.binary_cross_entropy_grad(A, Y))
    assert loss.binary_cross_entropy(A, Y) >= 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_cross_entropy_extremes_in_each_dtype(dtype):
    A = np.array([[0.0, 1.0, 0.0, 1.0]], dtype=dtype)
    Y = np.array([[0.0, 0.0, 1.0, 1.0]], dtype=dtype)
    grad = loss.binary_cross_entropy_grad(A, Y)
    assert _finite(loss.binary_cross_entropy(A, Y))
    assert _finite(grad)
    assert grad.dtype == dtype
    assert grad[0, 1] > 0 > grad[0, 2]  # wrong outputs are pushed the right way


@settings(max_examples=60, deadline=None)
@given(distributions())
def test_cross_entropy_is_entropy_plus_kl_and_kl_is_nonnegative(pq):
    p, q = pq
    H, CE, KL = loss.entropy(p), loss.cross_entropy(p, q), loss.kl_divergence(p, q)
    assert _finite(H)
    assert _finite(CE)
    assert _finite(KL)
    np.testing.assert_allclose(CE, H + KL, rtol=1e-12, atol=1e-12)
    assert np.all(KL >= -1e-12)  # >= 0 up to rounding
    assert np.all(H >= 0)
    assert np.all(np.log(p.shape[0]) + 1e-12 >= H)  # at most the uniform's entropy


# ---------------------------------------------------------------- input checks


@pytest.mark.parametrize(
    "f", [loss.mse, loss.mae, loss.binary_cross_entropy_with_logits, loss.softmax_cross_entropy]
)
def test_shape_mismatch_names_both_shapes(f):
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(2, 4\)"):
        f(np.full((2, 3), 0.5), np.full((2, 4), 0.5))


def test_one_dimensional_output_is_refused_naming_shape():
    with pytest.raises(ValueError, match=r"\(3,\)"):
        loss.mse(np.zeros(3), np.zeros(3))


def test_empty_batch_is_refused_naming_shape():
    with pytest.raises(ValueError, match=r"\(1, 0\)"):
        loss.binary_cross_entropy_with_logits(np.zeros((1, 0)), np.zeros((1, 0)))


def test_binary_cross_entropy_refuses_logits_as_probabilities():
    with pytest.raises(ValueError, match=r"A must lie in \[0, 1\]"):
        loss.binary_cross_entropy([[2.5, -1.0]], [[1.0, 0.0]])


def test_hinge_refuses_labels_that_are_not_one_hot():
    with pytest.raises(ValueError, match=r"one-hot .* got an entry 0\.5"):
        loss.hinge(np.zeros((2, 1)), [[0.5], [0.5]])


def test_hinge_refuses_negative_margin():
    with pytest.raises(ValueError, match="margin"):
        loss.hinge(np.zeros((2, 1)), [[1.0], [0.0]], margin=-1.0)


def test_softmax_cross_entropy_refuses_labels_not_summing_to_one():
    with pytest.raises(ValueError, match=r"sum to 1.*got a sum of 2"):
        loss.softmax_cross_entropy(np.zeros((2, 1)), [[1.0], [1.0]])


def test_distributions_must_sum_to_one_and_have_an_axis():
    with pytest.raises(ValueError, match="sum to 1"):
        loss.entropy([0.5, 0.6])
    with pytest.raises(ValueError, match=r"\(\)"):
        loss.entropy(1.0)
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        loss.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])
