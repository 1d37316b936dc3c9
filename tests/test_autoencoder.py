"""dlnotes.autoencoder: shapes, shared layers, learning a noisy plane in 8-D, the
KL sparsity penalty and its gradients by finite differences, extremes, checks."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlnotes.autoencoder import (
    kl_sparsity,
    kl_sparsity_grad,
    make_autoencoder,
    sparsity_penalty,
    sparsity_penalty_grad,
)
from dlnotes.datasets import blobs
from dlnotes.gradcheck import numerical_grad, relative_error
from dlnotes.initializers import zeros
from dlnotes.layers import Dense, ReLU, Sigmoid, Tanh
from dlnotes.losses import EPS, kl_divergence, mse, mse_grad
from dlnotes.optimizers import Adam
from dlnotes.training import fit, predict


def _weight_shapes(model):
    return [layer.params["W"].shape for layer in model.layers if isinstance(layer, Dense)]


@pytest.mark.parametrize(
    ("n_hidden", "encoder_shapes"),
    [
        ((), [(3, 7)]),
        (5, [(5, 7), (3, 5)]),
        ([6, 4], [(6, 7), (4, 6), (3, 4)]),
    ],
)
def test_make_autoencoder_shapes(n_hidden, encoder_shapes):
    encoder, decoder, autoencoder = make_autoencoder(
        7, n_hidden, 3, rng=np.random.default_rng(0)
    )
    assert _weight_shapes(encoder) == encoder_shapes
    assert _weight_shapes(decoder) == [(n_in, n_out) for n_out, n_in in reversed(encoder_shapes)]
    X = np.random.default_rng(1).normal(size=(7, 5))
    assert encoder.forward(X, training=False).shape == (3, 5)
    assert decoder.forward(np.zeros((3, 4)), training=False).shape == (7, 4)
    assert autoencoder.forward(X, training=False).shape == (7, 5)
    # a Tanh after every hidden Dense layer; none after the code or the output
    half = [Dense, Tanh] * (len(encoder_shapes) - 1) + [Dense]
    assert [type(layer) for layer in autoencoder.layers] == half + half


def test_make_autoencoder_code_activation_and_options():
    encoder, decoder, _ = make_autoencoder(
        4, 3, 2, rng=np.random.default_rng(0), activation=ReLU, init=zeros,
        code_activation=Sigmoid,
    )
    assert [type(layer) for layer in encoder.layers] == [Dense, ReLU, Dense, Sigmoid]
    assert [type(layer) for layer in decoder.layers] == [Dense, ReLU, Dense]
    assert all(np.all(W == 0) for W in encoder.weights() + decoder.weights())


def test_make_autoencoder_halves_share_layers_with_the_whole():
    encoder, decoder, autoencoder = make_autoencoder(6, 4, 2, rng=np.random.default_rng(0))
    assert all(a is b for a, b in zip(autoencoder.layers, encoder.layers + decoder.layers,
                                      strict=True))
    whole = list(autoencoder.params.values())
    halves = list(encoder.params.values()) + list(decoder.params.values())
    assert all(a is b for a, b in zip(whole, halves, strict=True))

    X = np.random.default_rng(1).normal(size=(6, 10))
    W_before = encoder.layers[0].params["W"].copy()
    fit(autoencoder, X, X, cost=mse, cost_grad=mse_grad, optimizer=Adam(lr=0.01), epochs=3)
    assert not np.array_equal(encoder.layers[0].params["W"], W_before)  # trained via the whole
    np.testing.assert_array_equal(
        decoder.forward(encoder.forward(X, training=False), training=False),
        predict(autoencoder, X),
    )


def _loo_nearest_neighbour_accuracy(C, y):
    """Share of points whose nearest other point (Euclidean, in C's columns) has their label."""
    D = np.sum((C[:, :, None] - C[:, None, :]) ** 2, axis=0)
    np.fill_diagonal(D, np.inf)
    return float(np.mean(y[D.argmin(axis=1)] == y))


def test_autoencoder_learns_a_noisy_plane_in_8d():
    # Three blobs on a 2-D plane (orthonormal basis U) in 8-D, plus noise of std
    # sigma in all 8 directions. The best any 2-D code can do is to keep the plane:
    # the noise in the 6 other directions is lost, an expected MSE of 6 sigma^2.
    rng = np.random.default_rng(1)
    z, y = blobs(300, rng=rng, std=0.3)
    U, _ = np.linalg.qr(rng.normal(size=(8, 2)))
    sigma = 0.5
    X = U @ z + sigma * rng.normal(size=(8, 300))
    encoder, _, autoencoder = make_autoencoder(8, 16, 2, rng=rng)
    mse_before = mse(predict(autoencoder, X), X)
    separation_before = _loo_nearest_neighbour_accuracy(predict(encoder, X), y)

    history = fit(autoencoder, X, X, cost=mse, cost_grad=mse_grad, optimizer=Adam(lr=0.01),
                  epochs=150, batch_size=32, rng=rng)

    floor = 6 * sigma**2
    assert mse_before > 4 * floor
    assert history.train_cost[-1] < 1.2 * floor
    assert history.train_cost[-1] < 0.25 * mse_before
    separation = _loo_nearest_neighbour_accuracy(predict(encoder, X), y)
    assert separation >= 0.98 > separation_before  # noise hid the blobs from the random code


def test_kl_sparsity_grad_matches_finite_differences():
    rho_hat = np.random.default_rng(0).uniform(0.05, 0.95, size=7)
    for rho in (0.05, 0.3, 0.9):
        numeric = numerical_grad(lambda r, rho=rho: kl_sparsity(rho, r), rho_hat)
        assert relative_error(kl_sparsity_grad(rho, rho_hat), numeric) < 1e-7


def test_kl_sparsity_is_the_bernoulli_kl_divergence():
    rho, rho_hat = 0.2, np.array([0.1, 0.2, 0.7])
    per_unit = [kl_divergence([rho, 1 - rho], [r, 1 - r]) for r in rho_hat]
    assert kl_sparsity(rho, rho_hat) == pytest.approx(sum(per_unit), rel=1e-12)


def test_kl_sparsity_is_zero_at_the_target():
    for rho in (1e-3, 0.05, 0.5, 0.999):
        rho_hat = np.full(4, rho)
        assert kl_sparsity(rho, rho_hat) == 0.0
        np.testing.assert_array_equal(kl_sparsity_grad(rho, rho_hat), np.zeros(4))


def test_kl_sparsity_clips_rates_of_exactly_0_and_1():
    rho = 0.05
    by_hand = [
        rho * np.log(rho / EPS) + (1 - rho) * np.log((1 - rho) / (1 - EPS)),
        rho * np.log(rho / (1 - EPS)) + (1 - rho) * np.log((1 - rho) / (1 - (1 - EPS))),
    ]
    assert kl_sparsity(rho, [0.0]) == pytest.approx(by_hand[0], rel=1e-12)
    assert kl_sparsity(rho, [1.0]) == pytest.approx(by_hand[1], rel=1e-12)
    assert kl_sparsity(rho, [0.0, 1.0]) < 2 * -np.log(EPS)
    grad = kl_sparsity_grad(rho, [0.0, 1.0])
    assert np.all(np.isfinite(grad))
    assert grad[0] < 0 < grad[1]  # pushes back towards rho


@settings(max_examples=60, deadline=None)
@given(
    rho=st.floats(1e-6, 1 - 1e-6),
    rho_hat=arrays(np.float64, st.integers(1, 6), elements=st.sampled_from([0.0, 1.0])
                   | st.floats(0.0, 1.0)),
)
def test_kl_sparsity_finite_and_non_negative(rho, rho_hat):
    value = kl_sparsity(rho, rho_hat)
    assert np.isfinite(value)
    assert value >= -1e-12
    assert np.all(np.isfinite(kl_sparsity_grad(rho, rho_hat)))


def test_sparsity_penalty_grad_matches_finite_differences():
    A = np.random.default_rng(2).uniform(0.05, 0.95, size=(4, 6))
    numeric = numerical_grad(lambda a: sparsity_penalty(a, rho=0.1, beta=3.0), A)
    assert relative_error(sparsity_penalty_grad(A, rho=0.1, beta=3.0), numeric) < 1e-7


def test_sparsity_penalty_is_beta_times_kl_of_the_mean_activations():
    A = np.array([[0.0, 0.2, 0.4], [1.0, 0.5, 0.0]])
    expected = 2.0 * kl_sparsity(0.1, [0.2, 0.5])
    assert sparsity_penalty(A, rho=0.1, beta=2.0) == pytest.approx(expected, rel=1e-12)
    assert sparsity_penalty(A, rho=0.1, beta=0.0) == 0.0


def test_sparse_autoencoder_backprop_matches_finite_differences():
    # The loop of sparsity_penalty_grad's example, checked on every parameter.
    rng = np.random.default_rng(3)
    encoder, decoder, autoencoder = make_autoencoder(
        5, 4, 3, rng=rng, code_activation=Sigmoid
    )
    X = rng.normal(size=(5, 6))
    rho, beta = 0.2, 2.0
    code = encoder.forward(X, training=True)
    dcode = decoder.backward(mse_grad(decoder.forward(code, training=True), X))
    encoder.backward(dcode + sparsity_penalty_grad(code, rho=rho, beta=beta))
    backprop = {key: g.copy() for key, g in autoencoder.grads.items()}

    def total_cost(_):
        code = encoder.forward(X, training=True)
        X_hat = decoder.forward(code, training=True)
        return mse(X_hat, X) + sparsity_penalty(code, rho=rho, beta=beta)

    for key, theta in autoencoder.params.items():
        assert relative_error(backprop[key], numerical_grad(total_cost, theta)) < 1e-7, key


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: kl_sparsity(0.0, [0.5]), "rho must be in \\(0, 1\\), got 0.0"),
        (lambda: kl_sparsity(1.0, [0.5]), "rho must be in \\(0, 1\\), got 1.0"),
        (lambda: kl_sparsity_grad(float("nan"), [0.5]), "rho must be in \\(0, 1\\), got nan"),
        (lambda: kl_sparsity(0.1, [0.5, -0.1]), r"rho_hat must lie in \[0, 1\], got .*-0.1"),
        (lambda: kl_sparsity_grad(0.1, [1.5]), r"rho_hat must lie in \[0, 1\], got .*1.5"),
        (lambda: sparsity_penalty([0.5], rho=0.1, beta=1.0), r"A must be 2-D .*\(1,\)"),
        (lambda: sparsity_penalty_grad(np.zeros((3, 0)), rho=0.1, beta=1.0), r"\(3, 0\)"),
        (lambda: sparsity_penalty([[0.5]], rho=0.1, beta=-1.0), "beta must be .* got -1.0"),
        (lambda: sparsity_penalty([[-0.5]], rho=0.1, beta=1.0), "rho_hat must lie in"),
        (lambda: make_autoencoder(0, 3, 2, rng=np.random.default_rng(0)), "n_x .* got 0"),
        (lambda: make_autoencoder(4, 3, 0, rng=np.random.default_rng(0)), "n_code .* got 0"),
        (lambda: make_autoencoder(4, [3, 0], 2, rng=np.random.default_rng(0)),
         "n_hidden .* got 0"),
        (lambda: make_autoencoder(4, 2.5, 2, rng=np.random.default_rng(0)),
         "n_hidden must be an integer >= 1, got 2.5"),
    ],
)
def test_rejects_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()
