"""dlnotes.gradcheck: the error orders quoted on the gradient-checking page."""

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_grad, relative_error


def test_numerical_grad_restores_x():
    x = np.array([0.3, -1.2, 2.0])
    before = x.copy()
    numerical_grad(lambda v: float(np.sum(np.sin(v))), x)
    np.testing.assert_array_equal(x, before)


def test_numerical_grad_matches_known_derivative():
    x = np.linspace(-1, 1, 5).reshape(5, 1)
    assert relative_error(numerical_grad(lambda v: float(np.sum(np.exp(v))), x), np.exp(x)) < 1e-9


def test_two_sided_error_is_order_eps_squared_one_sided_order_eps():
    # f = x^3 at x = 1: f' = 3. Shrinking eps by 10 shrinks the two-sided error by
    # about 100 and the one-sided error by about 10 (erratum 002 1.12).
    x = np.array([1.0])

    def err(eps, two_sided):
        g = numerical_grad(lambda v: float(v[0] ** 3), x, eps=eps, two_sided=two_sided)
        return abs(g[0] - 3.0)

    assert err(1e-2, True) / err(1e-3, True) == pytest.approx(100, rel=0.01)
    assert err(1e-2, False) / err(1e-3, False) == pytest.approx(10, rel=0.05)


def test_relative_error_is_zero_for_two_zero_gradients():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_relative_error_detects_a_wrong_gradient():
    assert relative_error([1.0, 2.0], [1.0, -2.0]) > 1e-3


def test_relative_error_rejects_shape_mismatch_naming_shapes():
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))


def test_numerical_grad_rejects_integer_array():
    with pytest.raises(ValueError, match="floating"):
        numerical_grad(lambda v: 0.0, np.array([1, 2]))


def test_numerical_grad_rejects_nonpositive_eps():
    with pytest.raises(ValueError, match="eps"):
        numerical_grad(lambda v: 0.0, np.zeros(2), eps=0.0)
