"""dlnotes.optimizers: two steps by hand, convergence, in-place updates, checks.

The hand derivations use f(theta) = 0.5 theta^T A theta with A = diag(1, 4), so the
gradient is A theta, starting from theta0 = (2, 1) where g0 = (2, 4).
"""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlnotes.optimizers import SGD, Adadelta, Adagrad, Adam, Momentum, Nesterov, RMSprop
from dlnotes.schedules import exponential_decay

A_HAND = np.array([1.0, 4.0])  # the diagonal of A


def _two_steps(optimizer):
    """Run two steps from theta0 = (2, 1) on the hand quadratic; return theta1, theta2."""
    params = {"theta": np.array([2.0, 1.0])}
    thetas = []
    for _ in range(2):
        optimizer.step(params, {"theta": A_HAND * params["theta"]})
        thetas.append(params["theta"].copy())
    return thetas


def test_sgd_first_two_steps_by_hand():
    # lr = 0.1: theta_i <- (1 - 0.1 a_i) theta_i, factors 0.9 and 0.6.
    # theta1 = (1.8, 0.6); theta2 = (1.62, 0.36)
    theta1, theta2 = _two_steps(SGD(lr=0.1))
    np.testing.assert_allclose(theta1, [1.8, 0.6])
    np.testing.assert_allclose(theta2, [1.62, 0.36])


def test_momentum_first_two_steps_by_hand():
    # lr = 0.1, beta = 0.9, v = 0.9 v + 0.1 g:
    # v1 = 0.1 (2, 4) = (0.2, 0.4)            theta1 = (2 - 0.02, 1 - 0.04) = (1.98, 0.96)
    # g1 = (1.98, 3.84)
    # v2 = (0.18 + 0.198, 0.36 + 0.384) = (0.378, 0.744)
    # theta2 = (1.98 - 0.0378, 0.96 - 0.0744) = (1.9422, 0.8856)
    theta1, theta2 = _two_steps(Momentum(lr=0.1, beta=0.9))
    np.testing.assert_allclose(theta1, [1.98, 0.96])
    np.testing.assert_allclose(theta2, [1.9422, 0.8856])


def test_nesterov_first_two_steps_by_hand():
    # lr = 0.1, beta = 0.9, v = 0.9 v - 0.1 g; theta += 0.9 v - 0.1 g:
    # v1 = (-0.2, -0.4)    theta1 = (2 - 0.18 - 0.2, 1 - 0.36 - 0.4) = (1.62, 0.24)
    # g1 = (1.62, 0.96)    v2 = (-0.18 - 0.162, -0.36 - 0.096) = (-0.342, -0.456)
    # theta2 = (1.62 - 0.3078 - 0.162, 0.24 - 0.4104 - 0.096) = (1.1502, -0.2664)
    theta1, theta2 = _two_steps(Nesterov(lr=0.1, beta=0.9))
    np.testing.assert_allclose(theta1, [1.62, 0.24])
    np.testing.assert_allclose(theta2, [1.1502, -0.2664])


def test_adagrad_first_two_steps_by_hand():
    # lr = 0.1 (eps = 1e-8 is negligible here):
    # G1 = (4, 16)   theta1 = theta0 - 0.1 (2/2, 4/4) = (1.9, 0.9)
    # g1 = (1.9, 3.6)   G2 = (4 + 3.61, 16 + 12.96) = (7.61, 28.96)
    # theta2 = (1.9 - 0.19 / sqrt(7.61), 0.9 - 0.36 / sqrt(28.96)) = (1.831125, 0.833104)
    theta1, theta2 = _two_steps(Adagrad(lr=0.1))
    np.testing.assert_allclose(theta1, [1.9, 0.9])
    np.testing.assert_allclose(theta2, [1.9 - 0.19 / np.sqrt(7.61), 0.9 - 0.36 / np.sqrt(28.96)])
    np.testing.assert_allclose(theta2, [1.831125, 0.833104], atol=1e-6)


def test_rmsprop_first_two_steps_by_hand():
    # lr = 0.1, beta = 0.9 (eps negligible):
    # s1 = 0.1 (4, 16) = (0.4, 1.6); g0 / sqrt(s1) = (1, 1) / sqrt(0.1), so each
    # coordinate moves by 0.1 / sqrt(0.1) = sqrt(0.1):  theta1 = (a, b) with
    # a = 2 - sqrt(0.1) = 1.683772, b = 1 - sqrt(0.1) = 0.683772.
    # g1 = (a, 4b); s2 = 0.9 s1 + 0.1 g1^2 = (0.36 + 0.1 a^2, 1.44 + 1.6 b^2)
    # theta2 = (a - 0.1 a / sqrt(0.36 + 0.1 a^2), b - 0.4 b / sqrt(1.44 + 1.6 b^2))
    #        = (1.473875, 0.498871)
    a, b = 2 - np.sqrt(0.1), 1 - np.sqrt(0.1)
    theta1, theta2 = _two_steps(RMSprop(lr=0.1, beta=0.9))
    np.testing.assert_allclose(theta1, [a, b])
    expected = [a - 0.1 * a / np.sqrt(0.36 + 0.1 * a**2), b - 0.4 * b / np.sqrt(1.44 + 1.6 * b**2)]
    np.testing.assert_allclose(theta2, expected)
    np.testing.assert_allclose(theta2, [1.473875, 0.498871], atol=1e-6)


def test_adam_first_two_steps_by_hand():
    # lr = 0.1, beta1 = 0.9, beta2 = 0.999 (eps negligible):
    # t=1: v_hat = g0, s_hat = g0^2, step = 0.1 sign(g0):  theta1 = (1.9, 0.9)
    # t=2: g1 = (1.9, 3.6)
    #   v2 = 0.09 (2, 4) + 0.1 (1.9, 3.6) = (0.37, 0.72);          v_hat = v2 / 0.19
    #   s2 = 0.000999 (4, 16) + 0.001 (3.61, 12.96) = (0.007606, 0.028944);  s_hat = s2 / 0.001999
    #   theta2 = theta1 - 0.1 v_hat / sqrt(s_hat) = (1.800166, 0.800412)
    theta1, theta2 = _two_steps(Adam(lr=0.1, beta1=0.9, beta2=0.999))
    np.testing.assert_allclose(theta1, [1.9, 0.9])
    expected = [
        1.9 - 0.1 * (0.37 / 0.19) / np.sqrt(0.007606 / 0.001999),
        0.9 - 0.1 * (0.72 / 0.19) / np.sqrt(0.028944 / 0.001999),
    ]
    np.testing.assert_allclose(theta2, expected)
    np.testing.assert_allclose(theta2, [1.800166, 0.800412], atol=1e-6)


def test_adadelta_first_two_steps_by_hand():
    # rho = 0.95, eps = 1e-6, lr = 1. First coordinate (a = 1, theta0 = 2, g0 = 2):
    #   Eg2 = 0.05 * 4 = 0.2;  delta1 = -sqrt(1e-6) / sqrt(0.200001) * 2 = -0.00447212
    #   Edelta2 = 0.05 * delta1^2 = 9.99995e-7;  theta1 = 1.99552788
    #   g1 = 1.99552788;  Eg2 = 0.95 * 0.2 + 0.05 * g1^2 = 0.38910658
    #   delta2 = -sqrt(9.99995e-7 + 1e-6) / sqrt(0.38910658 + 1e-6) * g1 = -0.00452415
    #   theta2 = 1.99100372
    # Second coordinate (a = 4, theta0 = 1, g0 = 4):
    #   Eg2 = 0.8;  delta1 = -sqrt(1e-6) / sqrt(0.800001) * 4 = -0.00447213;  theta1 = 0.99552787
    #   Edelta2 = 9.99999e-7;  g1 = 3.98211147;  Eg2 = 0.76 + 0.05 * g1^2 = 1.55286059
    #   delta2 = -sqrt(1.999999e-6) / sqrt(1.55286159) * g1 = -0.00451920;  theta2 = 0.99100866
    theta1, theta2 = _two_steps(Adadelta(rho=0.95, eps=1e-6, lr=1.0))
    np.testing.assert_allclose(theta1, [1.99552788, 0.99552787], rtol=1e-8)
    np.testing.assert_allclose(theta2, [1.99100372, 0.99100866], rtol=1e-8)


# Ill-conditioned quadratic: A = diag(1, 50) (condition number 50), start (-1.5, 1).
# Each case: optimizer with sensible hyperparameters, number of steps, tolerance on
# |theta - 0|. SGD needs lr < 2/50; its slow direction shrinks by 0.965 per step.
# RMSprop and Adadelta with a constant step size do not settle at the minimum: near it
# they take steps of roughly fixed size (RMSprop: about lr per coordinate) and hover,
# so their tolerance is looser.
A_ILL = np.array([1.0, 50.0])
CONVERGENCE = [
    (lambda: SGD(lr=0.035), 500, 1e-6),
    (lambda: Momentum(lr=0.5, beta=0.9), 400, 1e-6),
    (lambda: Nesterov(lr=0.02, beta=0.9), 300, 1e-6),
    (lambda: Adagrad(lr=0.5), 100, 1e-6),
    (lambda: Adam(lr=0.1), 400, 1e-6),
    (lambda: RMSprop(lr=0.01), 300, 1e-2),
    (lambda: Adadelta(), 1000, 5e-2),
]


@pytest.mark.parametrize(
    ("make", "steps", "tol"),
    CONVERGENCE,
    ids=["SGD", "Momentum", "Nesterov", "Adagrad", "Adam", "RMSprop", "Adadelta"],
)
def test_optimizer_converges_on_ill_conditioned_quadratic(make, steps, tol):
    optimizer = make()
    params = {"theta": np.array([-1.5, 1.0])}
    for _ in range(steps):
        optimizer.step(params, {"theta": A_ILL * params["theta"]})
    assert np.linalg.norm(params["theta"]) < tol
    assert optimizer.t == steps


def test_rmsprop_converges_tightly_with_decaying_lr():
    # A schedule that changes optimizer.lr removes the hovering seen with constant lr.
    optimizer = RMSprop(lr=0.01)
    params = {"theta": np.array([-1.5, 1.0])}
    for step in range(1000):
        optimizer.lr = exponential_decay(0.01, step, rate=0.995)
        optimizer.step(params, {"theta": A_ILL * params["theta"]})
    assert np.linalg.norm(params["theta"]) < 1e-4


def test_nesterov_matches_gradient_at_look_ahead_point():
    # Textbook form: v <- beta v - lr grad(theta + beta v); theta <- theta + v.
    # Our parameters are the look-ahead point phi = theta + beta v.
    lr, beta = 0.02, 0.9
    theta, v = np.array([-1.5, 1.0]), np.zeros(2)
    optimizer = Nesterov(lr=lr, beta=beta)
    params = {"phi": theta.copy()}  # v = 0, so phi = theta at the start
    for _ in range(25):
        v = beta * v - lr * A_ILL * (theta + beta * v)
        theta = theta + v
        optimizer.step(params, {"phi": A_ILL * params["phi"]})
        np.testing.assert_allclose(params["phi"], theta + beta * v, rtol=1e-12, atol=1e-15)


def test_momentum_equals_other_convention_with_scaled_lr():
    # v' <- beta v' + g; theta <- theta - lr (1 - beta) v'  is the same method.
    lr, beta = 0.5, 0.9
    theta, v = np.array([-1.5, 1.0]), np.zeros(2)
    optimizer = Momentum(lr=lr, beta=beta)
    params = {"theta": theta.copy()}
    for _ in range(25):
        optimizer.step(params, {"theta": A_ILL * params["theta"]})
        v = beta * v + A_ILL * theta
        theta = theta - lr * (1 - beta) * v
        np.testing.assert_allclose(params["theta"], theta, rtol=1e-12, atol=1e-15)


def test_momentum_with_beta_zero_is_sgd():
    assert _two_steps(Momentum(lr=0.1, beta=0.0))[1] == pytest.approx(_two_steps(SGD(lr=0.1))[1])


@pytest.mark.parametrize("make", [c[0] for c in CONVERGENCE])
def test_step_updates_in_place_and_keeps_state_per_key(make):
    optimizer = make()
    W, b = np.ones((2, 3)), np.zeros((2, 1))
    params = {"W": W, "b": b}
    optimizer.step(params, {"W": np.full((2, 3), 0.5), "b": np.zeros((2, 1))})
    assert params["W"] is W  # same objects, not rebound
    assert params["b"] is b
    assert np.all(W < 1)  # W moved
    np.testing.assert_array_equal(b, 0)  # zero gradient from zero state: b stays
    for state in vars(optimizer).values():
        if isinstance(state, dict):
            assert set(state) in ({"W", "b"}, set())
            assert all(state[k].shape == params[k].shape for k in state)


def test_state_is_created_lazily_with_zeros():
    optimizer = Adam(lr=0.1)
    assert optimizer.v == {}
    assert optimizer.s == {}
    optimizer.step({"W": np.ones(3)}, {"W": np.zeros(3)})
    np.testing.assert_array_equal(optimizer.v["W"], 0)
    np.testing.assert_array_equal(optimizer.s["W"], 0)


def test_step_updates_views_of_a_larger_buffer():
    buffer = np.ones(6)
    params = {"W": buffer[:4].reshape(2, 2), "b": buffer[4:]}
    SGD(lr=1.0).step(params, {"W": np.ones((2, 2)), "b": np.ones(2)})
    np.testing.assert_array_equal(buffer, 0)


def test_float32_params_stay_float32():
    params = {"W": np.ones(3, dtype=np.float32)}
    Adam(lr=0.1).step(params, {"W": np.ones(3, dtype=np.float32)})
    assert params["W"].dtype == np.float32
    np.testing.assert_allclose(params["W"], 0.9, rtol=1e-6)


def test_lr_can_be_changed_between_steps():
    optimizer = SGD(lr=0.1)
    params = {"W": np.array([1.0])}
    optimizer.lr = 0.5
    optimizer.step(params, {"W": np.array([1.0])})
    assert params["W"][0] == pytest.approx(0.5)


GRADIENTS = arrays(np.float64, 5, elements=st.floats(-1e4, 1e4)) | arrays(
    np.float64, 5, elements=st.floats(-1e-300, 1e-300)
)


@given(GRADIENTS)
def test_steps_are_finite_without_warnings_for_extreme_gradients(g):
    for make, _, _ in CONVERGENCE:
        optimizer = make()
        params = {"W": np.zeros(5)}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for _ in range(3):
                optimizer.step(params, {"W": g})
        assert np.all(np.isfinite(params["W"]))


def test_step_rejects_mismatched_keys_naming_them():
    with pytest.raises(ValueError, match=r"\['W', 'b'\] and \['W'\]"):
        SGD(lr=0.1).step({"W": np.ones(2), "b": np.ones(1)}, {"W": np.ones(2)})


def test_step_rejects_mismatched_shapes_and_changes_nothing():
    optimizer = Momentum(lr=0.1)
    params = {"W": np.ones((3, 4)), "b": np.ones((3, 1))}
    grads = {"W": np.ones((3, 4)), "b": np.ones((3, 5))}
    with pytest.raises(ValueError, match=r"'b'.*\(3, 1\) and \(3, 5\)"):
        optimizer.step(params, grads)
    np.testing.assert_array_equal(params["W"], 1)  # W was not updated before the error
    assert optimizer.t == 0
    assert optimizer.v == {}


def _read_only():
    theta = np.ones(2)
    theta.flags.writeable = False
    return theta


@pytest.mark.parametrize(
    "theta", [[1.0, 2.0], np.array([1, 2]), _read_only()], ids=["list", "int-array", "read-only"]
)
def test_step_rejects_params_that_cannot_be_updated_in_place(theta):
    with pytest.raises(ValueError, match="floating-point ndarray"):
        SGD(lr=0.1).step({"W": theta}, {"W": np.ones(2)})


@pytest.mark.parametrize(
    ("make", "bad"),
    [
        (lambda: SGD(lr=-0.1), "lr"),
        (lambda: SGD(lr=float("nan")), "lr"),
        (lambda: Momentum(lr=0.1, beta=1.0), "beta"),
        (lambda: Momentum(lr=0.1, beta=-0.1), "beta"),
        (lambda: Nesterov(lr=-1.0), "lr"),
        (lambda: Nesterov(lr=0.1, beta=1.5), "beta"),
        (lambda: Adagrad(lr=0.1, eps=0.0), "eps"),
        (lambda: Adadelta(rho=1.0), "rho"),
        (lambda: Adadelta(eps=-1e-6), "eps"),
        (lambda: Adadelta(lr=-1.0), "lr"),
        (lambda: RMSprop(lr=0.1, beta=1.0), "beta"),
        (lambda: RMSprop(lr=0.1, eps=0.0), "eps"),
        (lambda: Adam(beta1=1.0), "beta1"),
        (lambda: Adam(beta2=-0.5), "beta2"),
        (lambda: Adam(eps=0.0), "eps"),
        (lambda: Adam(lr=-1e-3), "lr"),
    ],
)
def test_bad_hyperparameters_raise_naming_the_value(make, bad):
    with pytest.raises(ValueError, match=bad):
        make()


def test_setting_negative_lr_later_raises():
    optimizer = Adam()
    with pytest.raises(ValueError, match=r"lr.*-0\.5"):
        optimizer.lr = -0.5
