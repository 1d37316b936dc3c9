"""dlnotes.layers: every backward pass by finite differences, BatchNorm and Dropout
train/test behaviour, parameter sharing with Sequential, shape checks."""

import numpy as np
import pytest

from dlnotes.activations import relu
from dlnotes.gradcheck import numerical_grad, relative_error
from dlnotes.initializers import zeros
from dlnotes.layers import (
    BatchNorm,
    Dense,
    Dropout,
    LeakyReLU,
    Maxout,
    ReLU,
    Sequential,
    Sigmoid,
    Tanh,
)


def _layer_errors(layer, X, *, training=True, seed=0):
    """Relative errors of backward (dX and every parameter) for J = sum(G * A)."""
    A = layer.forward(X, training=training)
    G = np.random.default_rng(seed).normal(size=A.shape)
    dX = layer.backward(G)
    grads = {name: g.copy() for name, g in layer.grads.items()}

    def cost(_):
        return float(np.sum(G * layer.forward(X, training=training)))

    errors = {"X": relative_error(dX, numerical_grad(cost, X))}
    for name, p in layer.params.items():
        errors[name] = relative_error(grads[name], numerical_grad(cost, p))
    return errors


def _away_from_kink(rng, shape):
    return rng.uniform(0.1, 3.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)


# ---------------------------------------------------------------- gradients


def test_dense_backward_matches_finite_differences():
    rng = np.random.default_rng(0)
    layer = Dense(4, 3, rng=rng)
    layer.params["b"][...] = rng.normal(size=(3, 1))
    errors = _layer_errors(layer, rng.normal(size=(4, 5)))
    assert set(errors) == {"X", "W", "b"}
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize(
    "layer", [Sigmoid(), Tanh(), ReLU(), LeakyReLU(), LeakyReLU(alpha=0.3)],
    ids=["sigmoid", "tanh", "relu", "leaky_relu", "leaky_relu_0.3"],
)
def test_activation_backward_matches_finite_differences(layer):
    errors = _layer_errors(layer, _away_from_kink(np.random.default_rng(1), (3, 6)))
    assert errors["X"] < 1e-7
    assert layer.params == {}
    assert layer.grads == {}


def test_dropout_backward_with_fixed_mask_matches_finite_differences():
    rng = np.random.default_rng(2)
    layer = Dropout(0.6, rng=rng)
    X = rng.normal(size=(5, 8))
    layer.forward(X, training=True)
    mask = layer.D.copy()
    layer.reuse_mask = True
    assert _layer_errors(layer, X)["X"] < 1e-7
    np.testing.assert_array_equal(layer.D, mask)  # every pass reused the same mask
    assert 0 < mask.sum() < mask.size  # the mask really drops some units


@pytest.mark.parametrize("training", [True, False], ids=["training", "test"])
def test_batchnorm_backward_matches_finite_differences(training):
    rng = np.random.default_rng(3)
    layer = BatchNorm(3)
    layer.params["gamma"][...] = rng.uniform(0.5, 2.0, size=(3, 1))
    layer.params["beta"][...] = rng.normal(size=(3, 1))
    X = rng.normal(loc=2.0, scale=3.0, size=(3, 7))
    layer.forward(X, training=True)  # moves the running statistics away from 0 and 1
    errors = _layer_errors(layer, X, training=training)
    assert set(errors) == {"X", "gamma", "beta"}
    assert max(errors.values()) < 1e-7


def test_maxout_backward_matches_finite_differences_away_from_ties():
    rng = np.random.default_rng(4)
    layer = Maxout(4, 3, k=3, rng=rng)
    layer.params["b"][...] = rng.normal(size=(3, 3, 1))
    X = rng.normal(size=(4, 6))
    Z = np.sort(layer.params["W"] @ X + layer.params["b"], axis=0)
    assert np.min(Z[-1] - Z[-2]) > 1e-3  # a clear winner everywhere
    errors = _layer_errors(layer, X)
    assert set(errors) == {"X", "W", "b"}
    assert max(errors.values()) < 1e-7


# ---------------------------------------------------------------- behaviour


def test_dense_computes_w_x_plus_b_and_backward_has_no_extra_one_over_m():
    layer = Dense(2, 1, rng=np.random.default_rng(0))
    layer.params["W"][...] = [[1.0, -1.0]]
    layer.params["b"][...] = 0.5
    X = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 5.0]])
    np.testing.assert_allclose(layer.forward(X, training=True), [[1.5, 1.5, -1.5]])
    layer.backward(np.ones((1, 3)))
    np.testing.assert_allclose(layer.grads["W"], [[6.0, 6.0]])  # row sums of X
    np.testing.assert_allclose(layer.grads["b"], [[3.0]])  # m = 3, not divided


def test_dense_with_zeros_init_starts_at_zero():
    layer = Dense(3, 2, rng=np.random.default_rng(0), init=zeros)
    np.testing.assert_array_equal(layer.params["W"], np.zeros((2, 3)))


def test_maxout_with_a_zero_piece_is_relu_of_an_affine_map():
    rng = np.random.default_rng(5)
    layer = Maxout(3, 2, k=2, rng=rng)
    layer.params["W"][0] = 0.0  # piece 0 is the constant 0
    layer.params["b"][1] = rng.normal(size=(2, 1))
    W, b = layer.params["W"][1], layer.params["b"][1]
    X = rng.normal(size=(3, 4))
    np.testing.assert_allclose(layer.forward(X, training=True), relu(W @ X + b))


def test_batchnorm_training_output_has_zero_mean_unit_variance_rows():
    X = np.random.default_rng(6).normal(loc=5.0, scale=4.0, size=(3, 50))
    A = BatchNorm(3, eps=1e-8).forward(X, training=True)
    np.testing.assert_allclose(A.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(A.var(axis=1), 1.0, rtol=1e-7)


def test_batchnorm_input_gradient_sums_to_zero_over_the_batch():
    # Adding a constant to a row of X changes nothing after normalization, so in
    # training dX sums to 0 along each row: a bias just before BatchNorm learns nothing.
    rng = np.random.default_rng(21)
    layer = BatchNorm(3)
    layer.forward(rng.normal(size=(3, 6)), training=True)
    dX = layer.backward(rng.normal(size=(3, 6)))
    np.testing.assert_allclose(dX.sum(axis=1), 0.0, atol=1e-14)


def test_batchnorm_test_mode_uses_running_statistics():
    rng = np.random.default_rng(7)
    layer = BatchNorm(2, momentum=0.8)
    layer.params["gamma"][...] = [[2.0], [0.5]]
    layer.params["beta"][...] = [[1.0], [-1.0]]
    mean, var = np.zeros((2, 1)), np.ones((2, 1))  # the running averages, by hand
    for _ in range(5):
        X = rng.normal(loc=3.0, scale=2.0, size=(2, 16))
        layer.forward(X, training=True)
        mean = 0.8 * mean + 0.2 * X.mean(axis=1, keepdims=True)
        var = 0.8 * var + 0.2 * X.var(axis=1, keepdims=True)
    np.testing.assert_allclose(layer.running_mean, mean)
    np.testing.assert_allclose(layer.running_var, var)

    X_test = rng.normal(loc=3.0, scale=2.0, size=(2, 4))
    gamma, beta = layer.params["gamma"], layer.params["beta"]
    with_running = gamma * (X_test - mean) / np.sqrt(var + 1e-5) + beta
    mu, sigma2 = X_test.mean(axis=1, keepdims=True), X_test.var(axis=1, keepdims=True)
    with_batch = gamma * (X_test - mu) / np.sqrt(sigma2 + 1e-5) + beta
    running = layer.running_mean.copy(), layer.running_var.copy()
    A_test = layer.forward(X_test, training=False)
    np.testing.assert_allclose(A_test, with_running)
    assert np.max(np.abs(A_test - with_batch)) > 0.1
    np.testing.assert_array_equal(layer.running_mean, running[0])  # not updated at test time
    np.testing.assert_array_equal(layer.running_var, running[1])
    # One example alone gets the same output as inside its batch.
    np.testing.assert_allclose(layer.forward(X_test[:, :1], training=False), A_test[:, :1])


def test_dropout_keeps_expected_activation():
    rng = np.random.default_rng(8)
    X = rng.uniform(0.5, 2.0, size=(3, 4))
    layer = Dropout(0.8, rng=rng)
    n = 10_000
    mean = sum(layer.forward(X, training=True) for _ in range(n)) / n
    # Each draw is x * Bernoulli(0.8) / 0.8: mean x, standard deviation x * 0.5, so
    # the average of n draws has standard error 0.5 x / sqrt(n) = 0.005 x; 3% is 6 s.e.
    np.testing.assert_allclose(mean, X, rtol=0.03)


def test_dropout_keeps_a_fraction_keep_prob_of_units():
    layer = Dropout(0.3, rng=np.random.default_rng(9))
    A = layer.forward(np.ones((100, 1000)), training=True)
    assert set(np.unique(A)) == {0.0, 1 / 0.3}
    # 1e5 Bernoulli(0.3) draws: standard error sqrt(0.21 / 1e5) ~ 0.0015; 0.01 is ~7 s.e.
    assert np.mean(A > 0) == pytest.approx(0.3, abs=0.01)


def test_dropout_is_identity_at_test_time():
    layer = Dropout(0.5, rng=np.random.default_rng(10))
    X = np.random.default_rng(11).normal(size=(4, 6))
    np.testing.assert_array_equal(layer.forward(X, training=False), X)
    np.testing.assert_array_equal(layer.backward(X), X)


def test_dropout_with_keep_prob_one_keeps_everything():
    X = np.random.default_rng(12).normal(size=(3, 5))
    np.testing.assert_array_equal(Dropout(1.0, rng=np.random.default_rng(0)).forward(
        X, training=True), X)


def test_dropout_backward_uses_the_forward_mask():
    layer = Dropout(0.5, rng=np.random.default_rng(13))
    layer.forward(np.ones((4, 5)), training=True)
    np.testing.assert_array_equal(layer.backward(np.ones((4, 5))), layer.D / 0.5)


# ---------------------------------------------------------------- Sequential


def _model(rng):
    return Sequential([Dense(3, 4, rng=rng), BatchNorm(4), Tanh(), Dense(4, 2, rng=rng)])


def test_sequential_params_are_the_layers_arrays():
    model = _model(np.random.default_rng(14))
    assert list(model.params) == ["0.W", "0.b", "1.gamma", "1.beta", "3.W", "3.b"]
    assert list(model.grads) == list(model.params)
    for name, p in model.params.items():
        i, key = name.split(".")
        assert p is model.layers[int(i)].params[key]
        assert model.grads[name] is model.layers[int(i)].grads[key]
        assert model.grads[name].shape == p.shape


def test_in_place_update_through_sequential_changes_the_model():
    model = _model(np.random.default_rng(15))
    X = np.random.default_rng(16).normal(size=(3, 5))
    before = model.forward(X, training=False)
    model.params["3.b"] += 1.0  # what an optimizer does
    np.testing.assert_allclose(model.forward(X, training=False), before + 1.0)


def test_backward_writes_grads_in_place_without_rebinding():
    model = _model(np.random.default_rng(17))
    params, grads = model.params, model.grads
    X = np.random.default_rng(18).normal(size=(3, 5))
    model.backward(np.ones_like(model.forward(X, training=True)))
    for name in params:
        assert model.params[name] is params[name]
        assert model.grads[name] is grads[name]
    assert np.any(grads["0.W"] != 0)


def test_sequential_chains_forward_and_backward():
    rng = np.random.default_rng(19)
    d1, act, d2 = Dense(3, 4, rng=rng), Tanh(), Dense(4, 2, rng=rng)
    X = rng.normal(size=(3, 5))
    model = Sequential([d1, act, d2])
    expected = d2.forward(act.forward(d1.forward(X, training=True), training=True), training=True)
    np.testing.assert_allclose(model.forward(X, training=True), expected)
    dout = rng.normal(size=(2, 5))
    np.testing.assert_allclose(
        model.backward(dout), d1.backward(act.backward(d2.backward(dout)))
    )


def test_weights_lists_only_the_w_matrices():
    rng = np.random.default_rng(20)
    model = Sequential(
        [Dense(3, 4, rng=rng), BatchNorm(4), ReLU(), Maxout(4, 2, k=2, rng=rng)]
    )
    weights = model.weights()
    assert len(weights) == 2
    assert weights[0] is model.params["0.W"]
    assert weights[1] is model.params["3.W"]


# ---------------------------------------------------------------- input checks


def test_dense_wrong_input_rows_names_both_shapes():
    layer = Dense(4, 3, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"\(4, m\) for W of shape \(3, 4\), got \(5, 2\)"):
        layer.forward(np.zeros((5, 2)), training=True)


def test_dense_refuses_one_dimensional_input():
    with pytest.raises(ValueError, match=r"\(4,\)"):
        Dense(4, 3, rng=np.random.default_rng(0)).forward(np.zeros(4), training=True)


@pytest.mark.parametrize(
    "layer",
    [Dense(4, 3, rng=np.random.default_rng(0)), BatchNorm(4),
     Maxout(4, 3, k=2, rng=np.random.default_rng(0)), Tanh(),
     Dropout(0.5, rng=np.random.default_rng(0))],
    ids=["dense", "batchnorm", "maxout", "tanh", "dropout"],
)
def test_backward_with_wrong_dout_shape_names_both_shapes(layer):
    A = layer.forward(np.ones((4, 2)), training=True)
    with pytest.raises(ValueError, match=rf"\({A.shape[0]}, 2\), got \(7, 2\)"):
        layer.backward(np.zeros((7, 2)))


def test_backward_before_forward_raises():
    with pytest.raises(RuntimeError, match="before forward"):
        Dense(2, 2, rng=np.random.default_rng(0)).backward(np.zeros((2, 1)))


def test_batchnorm_wrong_input_rows_names_shapes():
    with pytest.raises(ValueError, match=r"\(3, m\).*got \(2, 5\)"):
        BatchNorm(3).forward(np.zeros((2, 5)), training=True)


@pytest.mark.parametrize("keep_prob", [0.0, -0.5, 1.5, float("nan")])
def test_dropout_refuses_bad_keep_prob(keep_prob):
    with pytest.raises(ValueError, match=rf"keep_prob must be in \(0, 1\], got {keep_prob}"):
        Dropout(keep_prob, rng=np.random.default_rng(0))


def test_dropout_reuse_mask_needs_a_matching_mask():
    layer = Dropout(0.5, rng=np.random.default_rng(0))
    layer.reuse_mask = True
    with pytest.raises(ValueError, match=r"shape \(2, 3\), got None"):
        layer.forward(np.ones((2, 3)), training=True)
    layer.reuse_mask = False
    layer.forward(np.ones((2, 3)), training=True)
    layer.reuse_mask = True
    with pytest.raises(ValueError, match=r"shape \(2, 4\), got \(2, 3\)"):
        layer.forward(np.ones((2, 4)), training=True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"momentum": 1.0}, "momentum .* got 1.0"), ({"momentum": -0.1}, "momentum"),
     ({"eps": 0.0}, "eps"), ({"n": 0}, "n must be an integer >= 1, got 0")],
)
def test_batchnorm_refuses_bad_hyperparameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BatchNorm(**{"n": 2, **kwargs})


def test_maxout_refuses_bad_k():
    with pytest.raises(ValueError, match="k must be an integer >= 1, got 0"):
        Maxout(2, 2, k=0, rng=np.random.default_rng(0))


def test_leaky_relu_layer_refuses_bad_alpha_at_construction():
    with pytest.raises(ValueError, match="alpha"):
        LeakyReLU(alpha=1.5)


def test_dense_refuses_init_of_wrong_shape():
    with pytest.raises(ValueError, match=r"\(3, 2\), got \(2, 3\)"):
        Dense(2, 3, rng=np.random.default_rng(0), init=lambda n_out, n_in, rng: zeros(n_in, n_out))


def test_sequential_refuses_no_layers():
    with pytest.raises(ValueError, match="at least one layer"):
        Sequential([])


def test_dense_without_input_grad_skips_dx_and_keeps_parameter_grads():
    rng = np.random.default_rng(3)
    X, dZ = rng.standard_normal((4, 6)), rng.standard_normal((3, 6))
    full = Dense(4, 3, rng=np.random.default_rng(0))
    first = Dense(4, 3, rng=np.random.default_rng(0), input_grad=False)
    for layer in (full, first):
        layer.forward(X, training=True)
    assert full.backward(dZ) is not None
    assert first.backward(dZ) is None
    for name in ("W", "b"):
        np.testing.assert_array_equal(first.grads[name], full.grads[name])


def test_sequential_with_first_layer_without_input_grad_trains_the_same():
    rng = np.random.default_rng(4)
    X, dout = rng.standard_normal((5, 8)), rng.standard_normal((2, 8))

    def net(input_grad):
        init = np.random.default_rng(1)
        return Sequential([Dense(5, 4, rng=init, input_grad=input_grad), ReLU(),
                           Dense(4, 2, rng=init)])

    full, lean = net(True), net(False)
    for model in (full, lean):
        model.forward(X, training=True)
    assert full.backward(dout).shape == X.shape
    assert lean.backward(dout) is None
    for name, grad in full.grads.items():
        np.testing.assert_array_equal(lean.grads[name], grad)


def test_sequential_refuses_input_grad_false_below_the_first_layer():
    rng = np.random.default_rng(0)
    model = Sequential([Dense(3, 3, rng=rng), ReLU(), Dense(3, 2, rng=rng, input_grad=False)])
    model.forward(np.ones((3, 4)), training=True)
    with pytest.raises(ValueError, match=r"layer 2 \(Dense\) returned no input gradient"):
        model.backward(np.ones((2, 4)))
