"""dlnotes.activations: derivatives by finite differences, extremes, shapes."""

import warnings

import numpy as np
import pytest

from dlnotes import activations as act
from dlnotes.gradcheck import numerical_grad, relative_error

ELEMENTWISE = [
    (act.sigmoid, act.sigmoid_grad),
    (act.tanh, act.tanh_grad),
    (act.relu, act.relu_grad),
    (act.leaky_relu, act.leaky_relu_grad),
    (act.softplus, act.softplus_grad),
]


def _away_from_kink(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random points in [-4, 4] kept at least 0.1 from 0 (ReLU's kink)."""
    z = rng.uniform(0.1, 4.0, size=shape)
    return z * rng.choice([-1.0, 1.0], size=shape)


@pytest.mark.parametrize(("g", "g_grad"), ELEMENTWISE, ids=lambda f: f.__name__)
def test_elementwise_grad_matches_finite_differences(g, g_grad):
    z = _away_from_kink(np.random.default_rng(0), (5, 7))
    numeric = numerical_grad(lambda v: float(np.sum(g(v))), z)
    assert relative_error(g_grad(z), numeric) < 1e-7


def test_leaky_relu_grad_matches_finite_differences_for_other_alpha():
    z = _away_from_kink(np.random.default_rng(1), (6,))
    numeric = numerical_grad(lambda v: float(np.sum(act.leaky_relu(v, 0.2))), z)
    assert relative_error(act.leaky_relu_grad(z, 0.2), numeric) < 1e-7


def test_sigmoid_grad_equals_a_times_one_minus_a():
    z = np.linspace(-6, 6, 13)
    a = act.sigmoid(z)
    np.testing.assert_allclose(act.sigmoid_grad(z), a * (1 - a))


def test_tanh_equals_rescaled_sigmoid():
    z = np.linspace(-6, 6, 13)
    np.testing.assert_allclose(act.tanh(z), 2 * act.sigmoid(2 * z) - 1, atol=1e-15)


def test_softplus_lies_between_relu_and_relu_plus_log2():
    z = np.linspace(-30, 30, 121)
    s = act.softplus(z)
    assert np.all(s > act.relu(z) - 1e-15)
    assert np.all(s <= act.relu(z) + np.log(2) + 1e-15)
    assert act.softplus(0.0) == pytest.approx(np.log(2))


def test_softplus_minus_its_mirror_is_identity():
    z = np.linspace(-40, 40, 81)
    np.testing.assert_allclose(act.softplus(z) - act.softplus(-z), z, atol=1e-12)


def test_softplus_matches_textbook_formula_where_it_is_safe():
    z = np.linspace(-20, 20, 41)
    np.testing.assert_allclose(act.softplus(z), np.log1p(np.exp(z)), rtol=1e-12, atol=1e-15)


def test_softplus_grad_is_sigmoid():
    z = np.linspace(-8, 8, 17)
    np.testing.assert_array_equal(act.softplus_grad(z), act.sigmoid(z))


def test_softplus_is_limit_of_shifted_sigmoid_sums():
    z = np.array([-2.0, 0.0, 2.0, 4.0])
    total = sum(act.sigmoid(z - i + 0.5) for i in range(1, 1001))
    np.testing.assert_allclose(total, act.softplus(z), atol=0.02)
    assert np.abs(total - act.softplus(z)).max() < np.abs(total - act.relu(z)).max()


def test_relu_grad_is_zero_at_zero():
    assert act.relu_grad(np.array([0.0]))[0] == 0.0
    assert act.leaky_relu_grad(np.array([0.0]), 0.1)[0] == pytest.approx(0.1)


def test_softmax_jacobian_matches_finite_differences():
    z = np.random.default_rng(2).normal(size=5)
    J = act.softmax_jacobian(z)
    for i in range(5):
        numeric = numerical_grad(lambda v, i=i: float(act.softmax(v)[i]), z.copy())
        assert relative_error(J[i], numeric) < 1e-7


def test_softmax_columns_sum_to_one_and_shift_invariant():
    Z = np.random.default_rng(3).normal(size=(4, 6))
    P = act.softmax(Z)
    np.testing.assert_allclose(P.sum(axis=0), np.ones(6))
    np.testing.assert_allclose(act.softmax(Z + 123.0), P, atol=1e-15)
    np.testing.assert_allclose(act.softmax(Z.T, axis=1), P.T)


def test_maxout_grad_matches_finite_differences():
    rng = np.random.default_rng(4)
    Z = rng.normal(size=(3, 4, 5))  # 3 pieces, clear winners almost surely
    numeric = numerical_grad(lambda v: float(np.sum(act.maxout(v) * np.arange(1, 6))), Z)
    assert relative_error(act.maxout_grad(Z) * np.arange(1, 6), numeric) < 1e-7


def test_maxout_with_zero_piece_is_relu():
    z = np.linspace(-3, 3, 7)
    np.testing.assert_array_equal(act.maxout(np.stack([np.zeros_like(z), z])), act.relu(z))


def test_maxout_grad_picks_exactly_one_piece_on_ties():
    G = act.maxout_grad(np.zeros((3, 4)))
    np.testing.assert_array_equal(G.sum(axis=0), np.ones(4))


EXTREME = np.array([-1e4, -1e3, -50.0, -1e-300, 0.0, 1e-300, 50.0, 1e3, 1e4])
ALL = [
    act.sigmoid, act.sigmoid_grad, act.tanh, act.tanh_grad, act.relu, act.relu_grad,
    act.leaky_relu, act.leaky_relu_grad, act.softmax, act.softmax_jacobian,
    act.softplus, act.softplus_grad,
]


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_extreme_inputs_are_finite_without_warnings(f, dtype):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            out = f(EXTREME.astype(dtype))
    assert np.all(np.isfinite(out))


@pytest.mark.parametrize("f", [act.maxout, act.maxout_grad], ids=lambda f: f.__name__)
def test_maxout_extreme_inputs_are_finite(f):
    with np.errstate(all="raise", under="ignore"):
        out = f(np.stack([EXTREME, -EXTREME]))
    assert np.all(np.isfinite(out))


def test_sigmoid_saturates_exactly():
    np.testing.assert_array_equal(act.sigmoid(np.array([-1e4, 1e4])), [0.0, 1.0])


def test_integer_input_becomes_float():
    assert act.relu(np.array([1, -2])).dtype == np.float64


def test_softmax_jacobian_rejects_matrix_naming_shape():
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        act.softmax_jacobian(np.zeros((2, 3)))


def test_softmax_rejects_scalar_naming_shape():
    with pytest.raises(ValueError, match=r"\(\)"):
        act.softmax(1.0)


def test_maxout_rejects_empty_pieces_naming_shape():
    with pytest.raises(ValueError, match=r"\(0, 3\)"):
        act.maxout(np.zeros((0, 3)))


@pytest.mark.parametrize("alpha", [-0.1, 1.0, float("nan")])
def test_leaky_relu_rejects_bad_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        act.leaky_relu(np.zeros(2), alpha)
