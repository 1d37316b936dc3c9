"""dlnotes.diagnostics: the course's four cases, ridge polynomial fits (normal equations,
zero gradient by finite differences), the bias²/variance identity, checks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.polynomial.polynomial import polyfit, polyval

from dlnotes.datasets import noisy_polynomial
from dlnotes.diagnostics import bias_variance, diagnose, polynomial_fit
from dlnotes.gradcheck import numerical_grad
from dlnotes.losses import mse
from dlnotes.regularization import l2_penalty


@pytest.mark.parametrize(
    ("train", "dev", "high_bias", "high_variance"),
    [
        (0.01, 0.11, False, True),
        (0.15, 0.16, True, False),
        (0.15, 0.30, True, True),
        (0.005, 0.01, False, False),
    ],
)
def test_diagnose_course_cases(train, dev, high_bias, high_variance):
    d = diagnose(train, dev)
    assert (d.high_bias, d.high_variance) == (high_bias, high_variance)
    assert d.avoidable_bias == pytest.approx(train)
    assert d.variance == pytest.approx(dev - train)


def test_diagnose_labels():
    assert diagnose(0.01, 0.11).label == "high variance"
    assert diagnose(0.15, 0.16).label == "high bias"
    assert diagnose(0.15, 0.30).label == "high bias + high variance"
    assert diagnose(0.005, 0.01).label == "low bias, low variance"


def test_diagnose_bayes_error_moves_the_bias():
    # 15 % training error is fine if even humans get 14 % wrong.
    assert not diagnose(0.15, 0.16, bayes_error=0.14).high_bias
    assert diagnose(0.15, 0.16, bayes_error=0.14).avoidable_bias == pytest.approx(0.01)


def test_diagnose_tol_sets_the_line():
    assert diagnose(0.01, 0.11, tol=0.2).label == "low bias, low variance"
    assert diagnose(0.005, 0.01, tol=0.001).label == "high bias + high variance"


@pytest.mark.parametrize(
    "kwargs",
    [{"train_error": -0.1, "dev_error": 0.1}, {"train_error": 0.1, "dev_error": np.nan},
     {"train_error": 0.1, "dev_error": 0.1, "tol": 0.0},
     {"train_error": 0.1, "dev_error": 0.1, "bayes_error": -0.01}],
)
def test_diagnose_rejects_bad_values(kwargs):
    with pytest.raises(ValueError, match="must be finite"):
        diagnose(**kwargs)


def test_polynomial_fit_recovers_exact_polynomial():
    x = np.linspace(-1, 1, 12)
    c = np.array([0.5, -1.0, 0.0, 2.0])
    assert np.allclose(polynomial_fit(x, polyval(x, c), 3), c)
    # a higher degree finds the same polynomial (zero extra coefficients)
    assert np.allclose(polynomial_fit(x, polyval(x, c), 5), [*c, 0.0, 0.0], atol=1e-8)


def test_polynomial_fit_matches_numpy_without_penalty():
    x, y = noisy_polynomial(30, rng=np.random.default_rng(0))
    assert np.allclose(polynomial_fit(x, y, 4), polyfit(x, y, 4))


@pytest.mark.parametrize("lambd", [0.0, 0.1, 3.0])
def test_polynomial_fit_solves_ridge_normal_equations(lambd):
    x, y = noisy_polynomial(25, rng=np.random.default_rng(1))
    d = 6
    c = polynomial_fit(x, y, d, lambd=lambd)
    Phi = np.vander(x, d + 1, increasing=True)
    I_prime = np.diag([0.0] + [1.0] * d)
    assert np.allclose((Phi.T @ Phi + lambd / 2 * I_prime) @ c, Phi.T @ y)


@pytest.mark.parametrize("lambd", [0.0, 0.5])
def test_polynomial_fit_gradient_of_cost_is_zero(lambd):
    # J(c) = mse + lambd/(2m) * ||c[1:]||^2, with dlnotes' own mse and l2_penalty.
    x, y = noisy_polynomial(20, rng=np.random.default_rng(2))
    m = x.size
    c = polynomial_fit(x, y, 3, lambd=lambd)

    def cost(coeffs):
        return mse(polyval(x, coeffs)[np.newaxis], y[np.newaxis]) + l2_penalty(
            [coeffs[1:]], lambd=lambd, m=m
        )

    assert np.max(np.abs(numerical_grad(cost, c.copy()))) < 1e-7


def test_polynomial_fit_penalty_shrinks_coefficients():
    x, y = noisy_polynomial(20, rng=np.random.default_rng(3))
    norms = [np.sum(polynomial_fit(x, y, 9, lambd=lam)[1:] ** 2) for lam in (0.0, 0.1, 10.0)]
    assert norms[0] > norms[1] > norms[2]


def test_polynomial_fit_high_degree_stays_finite():
    x, y = noisy_polynomial(10, rng=np.random.default_rng(4))
    c = polynomial_fit(x, y, 15)  # more coefficients than points: exact interpolation
    assert np.all(np.isfinite(c))
    assert np.allclose(polyval(x, c), y, atol=1e-6)


@pytest.mark.parametrize(
    ("x", "y", "degree", "match"),
    [([[0.0, 1.0]], [[0.0, 1.0]], 1, "1-D"), ([0.0, 1.0], [0.0], 1, "same shape"),
     ([], [], 1, "at least one"), ([0.0, 1.0], [0.0, 1.0], -1, "degree"),
     ([0.0, 1.0], [0.0, 1.0], 1.5, "degree"), ([0.0, 1.0], [0.0, 1.0], True, "degree")],
)
def test_polynomial_fit_rejects_bad_input(x, y, degree, match):
    with pytest.raises(ValueError, match=match):
        polynomial_fit(x, y, degree)


def test_polynomial_fit_rejects_negative_lambd():
    with pytest.raises(ValueError, match="lambd"):
        polynomial_fit([0.0, 1.0], [0.0, 1.0], 1, lambd=-1.0)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 6), st.integers(1, 8), st.integers(0, 2**32 - 1))
def test_bias_variance_identity(n_sets, n_points, seed):
    # mean squared deviation from f = bias^2 + variance, exactly
    rng = np.random.default_rng(seed)
    predictions, f = rng.normal(size=(n_sets, n_points)), rng.normal(size=n_points)
    b, v = bias_variance(predictions, f)
    assert b >= 0
    assert v >= 0
    assert b + v == pytest.approx(np.mean((predictions - f) ** 2))


def test_bias_variance_hand_values():
    # one point, predictions 1 and 3 around f = 0: mean 2, spread 1
    assert bias_variance([[1.0], [3.0]], [0.0]) == pytest.approx((4.0, 1.0))
    # identical predictions: no variance
    assert bias_variance([[1.0, 2.0]] * 3, [1.0, 1.0]) == pytest.approx((0.5, 0.0))


def test_bias_variance_of_polynomials_follows_capacity():
    # the textbook picture: a line has more bias, degree 12 more variance than degree 3
    rng = np.random.default_rng(5)
    sets = [noisy_polynomial(30, rng=rng) for _ in range(100)]
    x_test = np.linspace(-0.9, 0.9, 31)
    f = polyval(x_test, (0.0, 2.0, 0.0, -3.0))
    bv = {d: bias_variance(np.array([polyval(x_test, polynomial_fit(x, y, d))
                                     for x, y in sets]), f) for d in (1, 3, 12)}
    assert bv[1][0] > 10 * bv[3][0]
    assert bv[12][1] > 2 * bv[3][1]


@pytest.mark.parametrize(
    ("predictions", "target"),
    [([1.0, 2.0], [1.0, 2.0]), ([[1.0, 2.0]], [1.0]), ([[1.0]], [[1.0]]),
     (np.zeros((0, 2)), [1.0, 2.0])],
)
def test_bias_variance_rejects_bad_shapes(predictions, target):
    with pytest.raises(ValueError, match="shape"):
        bias_variance(predictions, target)
