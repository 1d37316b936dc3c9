"""dlnotes.regularization: hand values, gradients by finite differences, checks."""

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_grad, relative_error
from dlnotes.regularization import l1_grad, l1_penalty, l2_grad, l2_penalty


def _weights(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(3, 4)), rng.normal(size=(2, 3))]


def test_l2_penalty_hand_value():
    W1, W2 = np.array([[1.0, -2.0]]), np.array([[3.0], [0.0]])
    # lambd/(2m) * (1 + 4 + 9) with lambd = 0.6, m = 3
    assert l2_penalty([W1, W2], lambd=0.6, m=3) == pytest.approx(0.1 * 14)


def test_l1_penalty_hand_value():
    W1, W2 = np.array([[1.0, -2.0]]), np.array([[3.0], [0.0]])
    # lambd/m * (1 + 2 + 3) with lambd = 0.6, m = 3
    assert l1_penalty([W1, W2], lambd=0.6, m=3) == pytest.approx(0.2 * 6)


@pytest.mark.parametrize(
    ("penalty", "grad"), [(l2_penalty, l2_grad), (l1_penalty, l1_grad)], ids=["l2", "l1"]
)
def test_grad_matches_finite_differences_for_each_matrix(penalty, grad):
    weights = _weights()
    for W in weights:
        assert np.min(np.abs(W)) > 1e-3  # away from the kink of |w|
        numeric = numerical_grad(lambda _: penalty(weights, lambd=0.7, m=5), W)
        assert relative_error(grad(W, lambd=0.7, m=5), numeric) < 1e-7


def test_l1_grad_is_zero_at_zero():
    np.testing.assert_array_equal(l1_grad(np.zeros((2, 2)), lambd=1.0, m=1), np.zeros((2, 2)))


def test_l2_gradient_step_is_weight_decay():
    # W - alpha * l2_grad = (1 - alpha * lambd / m) W
    W = _weights()[0]
    step = W - 0.1 * l2_grad(W, lambd=2.0, m=4)
    np.testing.assert_allclose(step, (1 - 0.1 * 2.0 / 4) * W)


def test_zero_lambd_gives_zero_penalty_and_gradient():
    weights = _weights()
    assert l2_penalty(weights, lambd=0.0, m=1) == 0.0
    assert l1_penalty(weights, lambd=0.0, m=1) == 0.0
    np.testing.assert_array_equal(l2_grad(weights[0], lambd=0.0, m=1), 0.0)


def test_penalty_accepts_any_iterable_including_a_generator():
    weights = _weights()
    expected = l2_penalty(weights, lambd=1.0, m=2)
    assert l2_penalty((W for W in weights), lambd=1.0, m=2) == pytest.approx(expected)
    assert l2_penalty([], lambd=1.0, m=2) == 0.0


@pytest.mark.parametrize("f", [l2_penalty, l1_penalty])
@pytest.mark.parametrize(
    ("lambd", "m", "message"),
    [(-0.1, 1, "lambd .* got -0.1"), (0.1, 0, "m .* got 0"), (0.1, -5, "m .* got -5"),
     (float("nan"), 1, "lambd .* got nan")],
)
def test_bad_lambd_or_m_raise_naming_value(f, lambd, m, message):
    with pytest.raises(ValueError, match=message):
        f(_weights(), lambd=lambd, m=m)
    g = l2_grad if f is l2_penalty else l1_grad
    with pytest.raises(ValueError, match=message):
        g(_weights()[0], lambd=lambd, m=m)
