"""dlnotes.linear: SSR gradient by finite differences, StatQuest's fit, the descent loop."""

import numpy as np
import pytest

from dlnotes.datasets import statquest_line
from dlnotes.gradcheck import numerical_grad, relative_error
from dlnotes.linear import gradient_descent, ssr, ssr_grad


def test_ssr_hand_value():
    # line 1 + 2x through (0, 1), (1, 4), (2, 4): residuals 0, 1, -1
    assert ssr(1.0, 2.0, [0.0, 1.0, 2.0], [1.0, 4.0, 4.0]) == pytest.approx(2.0)


def test_ssr_grad_matches_finite_differences():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=7), rng.normal(size=7)
    theta = np.array([0.3, -1.2])
    numeric = numerical_grad(lambda t: ssr(t[0], t[1], x, y), theta)
    assert relative_error(ssr_grad(theta[0], theta[1], x, y), numeric) < 1e-7


def test_ssr_grad_is_zero_at_least_squares_line():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=10), rng.normal(size=10)
    b, s = np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)[0]
    assert np.allclose(ssr_grad(b, s, x, y), 0.0, atol=1e-10)


def test_statquest_intercept_converges_to_least_squares_value():
    weight, height = statquest_line()
    path = gradient_descent(lambda b: ssr_grad(float(b), 0.64, weight, height)[0], 0.0, lr=0.1)
    best = np.mean(height - 0.64 * weight)  # d SSR / d b = 0 solved by hand
    assert path[0] == 0.0
    assert path[1] == pytest.approx(0.5704)  # StatQuest's first step: 0 - 0.1 * (-5.704)
    assert abs(path[-1] - best) < 1e-3
    assert len(path) < 20


def test_statquest_line_both_parameters_reach_lstsq():
    weight, height = statquest_line()
    path = gradient_descent(
        lambda t: ssr_grad(t[0], t[1], weight, height), [0.0, 1.0], lr=0.01, tol=1e-7,
        max_steps=5000,
    )
    expected = np.linalg.lstsq(np.column_stack([np.ones(3), weight]), height, rcond=None)[0]
    assert np.allclose(path[-1], expected, atol=1e-5)


def test_gradient_descent_stops_on_small_step_or_max_steps():
    path = gradient_descent(lambda x: 2 * x, 1.0, lr=0.25, tol=1e-3)  # halves x each step
    steps = np.abs(np.diff(path))
    assert steps[-1] < 1e-3 <= steps[-2]
    capped = gradient_descent(lambda x: 2 * x, 1.0, lr=0.25, tol=0.0, max_steps=5)
    assert capped.tolist() == [1.0, 0.5, 0.25, 0.125, 0.0625, 0.03125]


def test_gradient_descent_diverges_when_learning_rate_too_large():
    # f = x^2: x <- (1 - 2 lr) x, which grows in size once lr > 1
    path = gradient_descent(lambda x: 2 * x, 1.0, lr=1.1, max_steps=10)
    assert len(path) == 11
    assert np.allclose(path, (-1.2) ** np.arange(11))


def test_gradient_descent_keeps_the_shape_of_x0():
    path = gradient_descent(lambda x: x, np.ones((2, 3)), lr=0.5, max_steps=3, tol=0.0)
    assert path.shape == (4, 2, 3)


@pytest.mark.parametrize("lr", [0.0, -0.1, np.inf])
def test_gradient_descent_rejects_bad_learning_rate(lr):
    with pytest.raises(ValueError, match="lr"):
        gradient_descent(lambda x: x, 1.0, lr=lr)


def test_gradient_descent_rejects_gradient_of_wrong_shape():
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        gradient_descent(lambda x: np.zeros(3), [1.0, 2.0], lr=0.1)


def test_ssr_rejects_mismatched_shapes_naming_them():
    with pytest.raises(ValueError, match=r"\(3,\) and \(2,\)"):
        ssr(0.0, 1.0, [1.0, 2.0, 3.0], [1.0, 2.0])


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.3, 0.35])
def test_statquest_intercept_error_shrinks_by_one_minus_six_lr(lr):
    # SSR is a parabola in b with second derivative 2m = 6, so each step
    # multiplies the distance to the minimum by (1 - 6 lr): divergence for lr > 1/3
    weight, height = statquest_line()
    path = gradient_descent(lambda b: ssr_grad(float(b), 0.64, weight, height)[0], 0.0, lr=lr,
                            tol=0.0, max_steps=10)
    error = path - np.mean(height - 0.64 * weight)
    assert np.allclose(error[1:] / error[:-1], 1 - 6 * lr)
