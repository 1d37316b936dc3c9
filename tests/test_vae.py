"""dlnotes.vae: the Gaussian KL against a numerical integral, its gradients and those
of the reparameterization by finite differences, sampling statistics, extremes, checks."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dlnotes.gradcheck import numerical_grad, relative_error
from dlnotes.vae import (
    LOG_VAR_MAX,
    gaussian_kl,
    gaussian_kl_grad,
    reparameterize,
    reparameterize_grad,
)


def _log_normal_pdf(z, mu, var):
    return -((z - mu) ** 2) / (2 * var) - 0.5 * np.log(2 * np.pi * var)


def test_gaussian_kl_matches_the_integral_of_the_densities():
    # One code unit, one example: KL(q || p) = integral of q (log q - log p) dz for
    # q = N(mu, var) and p = N(0, 1), by the trapezoidal rule on a fine grid.
    z = np.linspace(-30.0, 30.0, 60001)
    for mu, var in [(0.0, 1.0), (1.5, 0.3), (-2.0, 4.0), (0.5, 0.05)]:
        log_q, log_p = _log_normal_pdf(z, mu, var), _log_normal_pdf(z, 0.0, 1.0)
        integral = np.trapezoid(np.exp(log_q) * (log_q - log_p), z)
        assert gaussian_kl([[mu]], [[np.log(var)]]) == pytest.approx(integral, rel=1e-9, abs=1e-12)


def test_gaussian_kl_sums_units_and_averages_examples():
    mu = np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    log_var = np.array([[0.0, np.log(2.0), 0.0], [np.log(0.5), 0.0, 0.0]])
    per_entry = 0.5 * (mu**2 + np.exp(log_var) - log_var - 1)
    assert gaussian_kl(mu, log_var) == pytest.approx(per_entry.sum() / 3, rel=1e-12)
    one_by_one = [gaussian_kl(mu[:, [i]], log_var[:, [i]]) for i in range(3)]
    assert gaussian_kl(mu, log_var) == pytest.approx(np.mean(one_by_one), rel=1e-12)


def test_gaussian_kl_is_zero_only_at_the_prior():
    assert gaussian_kl(np.zeros((3, 4)), np.zeros((3, 4))) == 0.0
    assert gaussian_kl([[1e-3]], [[0.0]]) > 0
    assert gaussian_kl([[0.0]], [[1e-3]]) > 0
    assert gaussian_kl([[0.0]], [[-1e-3]]) > 0


def test_gaussian_kl_grad_matches_finite_differences():
    rng = np.random.default_rng(0)
    mu, log_var = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    dmu, dlog_var = gaussian_kl_grad(mu, log_var)
    assert relative_error(dmu, numerical_grad(lambda a: gaussian_kl(a, log_var), mu)) < 1e-7
    assert relative_error(dlog_var, numerical_grad(lambda a: gaussian_kl(mu, a), log_var)) < 1e-7


def test_reparameterize_grad_matches_finite_differences():
    # J = sum(G * z) has dJ/dz = G, so reparameterize_grad(G, ...) must be dJ/dmu, dJ/dlog_var.
    rng = np.random.default_rng(1)
    mu, log_var, eps, G = (rng.normal(size=(4, 3)) for _ in range(4))
    dmu, dlog_var = reparameterize_grad(G, log_var, eps)

    def cost_of_mu(a):
        return float(np.sum(G * reparameterize(a, log_var, eps)))

    def cost_of_log_var(a):
        return float(np.sum(G * reparameterize(mu, a, eps)))

    assert relative_error(dmu, numerical_grad(cost_of_mu, mu)) < 1e-7
    assert relative_error(dlog_var, numerical_grad(cost_of_log_var, log_var)) < 1e-7


def test_reparameterize_samples_have_the_requested_mean_and_variance():
    rng = np.random.default_rng(2)
    m = 200_000
    mu = np.array([[-1.0], [0.5], [3.0]]) * np.ones((1, m))
    var = np.array([[0.25], [1.0], [9.0]])
    z = reparameterize(mu, np.log(var) * np.ones((1, m)), rng.standard_normal((3, m)))
    std_err = np.sqrt(var.ravel() / m)
    np.testing.assert_array_less(np.abs(z.mean(axis=1) - mu[:, 0]), 5 * std_err)
    np.testing.assert_allclose(z.var(axis=1), var.ravel(), rtol=0.02)


def test_reparameterize_with_zero_noise_returns_the_mean():
    mu = np.array([[1.0, -2.0]])
    np.testing.assert_array_equal(reparameterize(mu, [[5.0, -5.0]], np.zeros((1, 2))), mu)


def test_gaussian_kl_and_grads_are_finite_at_the_extremes():
    mu = np.array([[-1e4, 0.0, 1e4, 0.0]])
    log_var = np.array([[0.0, -1e4, 0.0, LOG_VAR_MAX]])
    assert np.isfinite(gaussian_kl(mu, log_var))
    for g in gaussian_kl_grad(mu, log_var):
        assert np.all(np.isfinite(g))
    z = reparameterize(mu, log_var, np.ones_like(mu))
    assert np.all(np.isfinite(z))
    # sigma^2 = 0 (log_var = -1e4): the KL term is about (1e4 - 1) / 2
    assert gaussian_kl([[0.0]], [[-1e4]]) == pytest.approx(0.5 * (1e4 - 1), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    mu=st.floats(-1e4, 1e4),
    log_var=st.floats(-1e4, LOG_VAR_MAX),
)
@example(mu=0.0, log_var=1e-8)  # exp(v) - v - 1 cancelled to a negative value here
def test_gaussian_kl_finite_and_non_negative(mu, log_var):
    value = gaussian_kl([[mu]], [[log_var]])
    assert np.isfinite(value)
    assert value >= 0.0


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: gaussian_kl(np.zeros((2, 3)), np.zeros((2, 4))),
         r"mu and log_var must have the same shape, got \(2, 3\) and \(2, 4\)"),
        (lambda: gaussian_kl(np.zeros(3), np.zeros(3)), r"mu must be 2-D .* got shape \(3,\)"),
        (lambda: gaussian_kl_grad(np.zeros(3), np.zeros(3)), r"mu must be 2-D .*\(3,\)"),
        (lambda: gaussian_kl([[0.0]], [[800.0]]), "log_var must be finite and <= 700.0"),
        (lambda: gaussian_kl([[0.0]], [[np.inf]]), "log_var must be finite"),
        (lambda: reparameterize(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((3, 2))),
         r"mu and eps must have the same shape, got \(2, 3\) and \(3, 2\)"),
        (lambda: reparameterize_grad(np.zeros((1, 2)), np.zeros((1, 3)), np.zeros((1, 2))),
         r"dz and log_var must have the same shape, got \(1, 2\) and \(1, 3\)"),
        (lambda: reparameterize([[0.0]], [[1e3]], [[0.0]]), "log_var must be finite and <= 700"),
    ],
)
def test_rejects_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()
