"""dlnotes.two_layer: gradients by finite differences, agreement with Sequential, shapes."""

import numpy as np
import pytest

from dlnotes.activations import relu, relu_grad, sigmoid, tanh
from dlnotes.gradcheck import numerical_grad, relative_error
from dlnotes.layers import Dense, ReLU, Sequential, Tanh
from dlnotes.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
)
from dlnotes.two_layer import backward, forward, init_params


def _problem(n_y=1, seed=0):
    rng = np.random.default_rng(seed)
    params = init_params(3, 5, n_y, rng=rng)
    for b in ("b1", "b2"):
        params[b] += rng.normal(size=params[b].shape)  # nonzero biases
    X = rng.normal(size=(3, 8))
    Y = (rng.random(size=(n_y, 8)) < 0.5).astype(float)
    return params, X, Y


@pytest.mark.parametrize("n_y", [1, 2])
def test_backward_matches_finite_differences(n_y):
    params, X, Y = _problem(n_y)
    grads = backward(X, Y, params, forward(X, params)[1])

    def cost(_):
        return binary_cross_entropy(forward(X, params)[0], Y)

    for name, p in params.items():
        assert relative_error(grads[name], numerical_grad(cost, p)) < 1e-7, name


def test_backward_with_relu_matches_finite_differences():
    params, X, Y = _problem(seed=3)
    grads = backward(X, Y, params, forward(X, params, g=relu)[1], g_grad=relu_grad)
    assert np.all(np.abs(forward(X, params)[1]["Z1"]) > 1e-3)  # away from the kink

    def cost(_):
        return binary_cross_entropy(forward(X, params, g=relu)[0], Y)

    for name, p in params.items():
        assert relative_error(grads[name], numerical_grad(cost, p)) < 1e-7, name


@pytest.mark.parametrize(("g", "layer"), [(tanh, Tanh), (relu, ReLU)])
def test_same_numbers_as_sequential(g, layer):
    params, X, Y = _problem(seed=1)
    g_grad = relu_grad if g is relu else None
    model = Sequential([Dense(3, 5, rng=np.random.default_rng(9)), layer(),
                        Dense(5, 1, rng=np.random.default_rng(9))])
    for mine, theirs in [("W1", "0.W"), ("b1", "0.b"), ("W2", "2.W"), ("b2", "2.b")]:
        model.params[theirs][...] = params[mine]
    Z2 = model.forward(X, training=True)
    model.backward(binary_cross_entropy_with_logits_grad(Z2, Y))

    A2, cache = forward(X, params, g=g)
    grads = backward(X, Y, params, cache, **({"g_grad": g_grad} if g_grad else {}))
    assert np.allclose(sigmoid(Z2), A2)
    assert binary_cross_entropy_with_logits(Z2, Y) == pytest.approx(binary_cross_entropy(A2, Y))
    for mine, theirs in [("W1", "0.W"), ("b1", "0.b"), ("W2", "2.W"), ("b2", "2.b")]:
        assert np.allclose(grads[mine], model.grads[theirs], rtol=1e-12, atol=1e-14)


def test_forward_matches_the_formulas_written_out():
    params, X, _ = _problem()
    A2, cache = forward(X, params)
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    expected = 1 / (1 + np.exp(-(params["W2"] @ A1 + params["b2"])))
    assert np.allclose(cache["Z1"], Z1)
    assert np.allclose(cache["A1"], A1)
    assert np.allclose(A2, expected)


def test_gradients_have_the_shapes_of_the_parameters():
    params, X, Y = _problem(n_y=2)
    grads = backward(X, Y, params, forward(X, params)[1])
    assert {k: g.shape for k, g in grads.items()} == {k: p.shape for k, p in params.items()}


def test_forward_rejects_wrong_input_size_naming_shapes():
    params, _, _ = _problem()
    with pytest.raises(ValueError, match=r"\(3, m\).*\(5, 3\).*\(4, 8\)"):
        forward(np.zeros((4, 8)), params)


def test_backward_rejects_labels_of_wrong_shape():
    params, X, Y = _problem()
    cache = forward(X, params)[1]
    with pytest.raises(ValueError, match=r"\(1, 8\).*\(8,\)"):
        backward(X, Y.ravel(), params, cache)
