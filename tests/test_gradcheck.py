"""dlnotes.gradcheck: the error orders quoted on the gradient-checking page."""

import numpy as np
import pytest

from dlnotes import losses
from dlnotes.gradcheck import check_model, numerical_grad, relative_error, worst
from dlnotes.layers import BatchNorm, Dense, Dropout, Maxout, ReLU, Sequential, Sigmoid, Tanh


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


# ---------------------------------------------------------------- check_model


def _data(seed, n_x=4, m=6, K=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n_x, m)), np.eye(K)[:, rng.integers(0, K, size=m)]


def _min_abs_input_of_layer(model, index, X):
    """Smallest |z| reaching layer ``index``: how far the check stays from a ReLU kink."""
    return np.min(np.abs(Sequential(model.layers[:index]).forward(X, training=True)))


def test_check_model_passes_deep_network_with_l2():
    rng = np.random.default_rng(0)
    model = Sequential([
        Dense(4, 5, rng=rng), Tanh(), Dense(5, 5, rng=rng), ReLU(), Dense(5, 3, rng=rng),
    ])
    X, Y = _data(1)
    assert _min_abs_input_of_layer(model, 3, X) > 1e-3
    report = check_model(
        model, losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, X, Y, lambd=0.7
    )
    assert list(report) == ["0.W", "0.b", "2.W", "2.b", "4.W", "4.b"]
    assert worst(report)[1] < 1e-7


def test_check_model_passes_network_with_batchnorm_and_dropout():
    rng = np.random.default_rng(2)
    # Tanh before BatchNorm: a Dense layer right before it would have a bias whose
    # true gradient is 0 (BatchNorm subtracts the mean), and the relative error of
    # two gradients that are both rounding noise means nothing.
    model = Sequential([
        Dense(4, 6, rng=rng), Tanh(), BatchNorm(6), ReLU(), Dropout(0.7, rng=rng),
        Dense(6, 3, rng=rng),
    ])
    model.layers[2].params["beta"][...] = rng.normal(scale=0.5, size=(6, 1))
    X, Y = _data(3, m=8)
    assert _min_abs_input_of_layer(model, 3, X) > 1e-3
    report = check_model(
        model, losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, X, Y, lambd=0.3
    )
    assert {"2.gamma", "2.beta"} <= set(report)
    assert worst(report)[1] < 1e-7


def test_check_model_passes_maxout_network_with_mse():
    rng = np.random.default_rng(4)
    model = Sequential([Maxout(4, 5, k=3, rng=rng), Dense(5, 2, rng=rng)])
    X, _ = _data(5)
    Z = np.sort(model.layers[0].params["W"] @ X, axis=0)
    assert np.min(Z[-1] - Z[-2]) > 1e-3  # no ties between pieces
    report = check_model(model, losses.mse, losses.mse_grad, X, rng.normal(size=(2, 6)))
    assert worst(report)[1] < 1e-7


@pytest.mark.parametrize(
    ("last", "cost", "cost_grad"),
    [
        ([Sigmoid()], losses.binary_cross_entropy, losses.binary_cross_entropy_grad),
        ([], losses.binary_cross_entropy_with_logits,
         losses.binary_cross_entropy_with_logits_grad),
    ],
    ids=["sigmoid_then_bce", "bce_with_logits"],
)
def test_check_model_passes_binary_classifier(last, cost, cost_grad):
    rng = np.random.default_rng(6)
    model = Sequential([Dense(4, 3, rng=rng), Tanh(), Dense(3, 1, rng=rng), *last])
    X = rng.normal(size=(4, 7))
    Y = rng.integers(0, 2, size=(1, 7)).astype(float)
    assert worst(check_model(model, cost, cost_grad, X, Y, lambd=0.2))[1] < 1e-7


class _DenseWithWrongBias(Dense):
    """A deliberate bug: db twice too large."""

    def backward(self, dout):
        dX = super().backward(dout)
        self.grads["b"] *= 2
        return dX


def test_check_model_finds_a_wrong_gradient():
    rng = np.random.default_rng(7)
    model = Sequential([Dense(4, 3, rng=rng), Tanh(), _DenseWithWrongBias(3, 3, rng=rng)])
    model.layers[2].params["b"][...] = rng.normal(size=(3, 1))
    X, Y = _data(8)
    report = check_model(
        model, losses.softmax_cross_entropy, losses.softmax_cross_entropy_grad, X, Y
    )
    name, error = worst(report)
    assert name == "2.b"
    assert error > 1e-3
    assert max(e for n, e in report.items() if n != "2.b") < 1e-7  # db feeds nothing back


def test_check_model_leaves_the_model_untouched():
    rng = np.random.default_rng(9)
    dropout = Dropout(0.5, rng=np.random.default_rng(10))
    model = Sequential([Dense(4, 3, rng=rng), BatchNorm(3), dropout])
    params = {name: p.copy() for name, p in model.params.items()}
    rng_state = dropout.rng.bit_generator.state
    X = rng.normal(size=(4, 5))
    check_model(model, losses.mse, losses.mse_grad, X, np.zeros((3, 5)), lambd=0.1)
    for name, p in model.params.items():
        np.testing.assert_array_equal(p, params[name])
        np.testing.assert_array_equal(model.grads[name], 0.0)
    np.testing.assert_array_equal(model.layers[1].running_mean, 0.0)
    np.testing.assert_array_equal(model.layers[1].running_var, 1.0)
    assert dropout.D is None
    assert not dropout.reuse_mask
    assert dropout.rng.bit_generator.state == rng_state


def test_worst_returns_largest_error():
    assert worst({"0.W": 1e-9, "0.b": 3e-8, "2.W": 2e-8}) == ("0.b", 3e-8)


def test_worst_refuses_empty_report():
    with pytest.raises(ValueError, match="empty"):
        worst({})


def test_check_model_refuses_one_dimensional_input_naming_shape():
    model = Sequential([Dense(4, 1, rng=np.random.default_rng(0))])
    with pytest.raises(ValueError, match=r"\(4,\)"):
        check_model(model, losses.mse, losses.mse_grad, np.zeros(4), np.zeros((1, 1)))
