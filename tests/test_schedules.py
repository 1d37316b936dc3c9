"""dlnotes.schedules: formulas at a few epochs or steps, monotonicity, checks."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlnotes.optimizers import SGD
from dlnotes.schedules import (
    exponential_decay,
    inverse_sqrt_decay,
    inverse_sqrt_step_decay,
    inverse_time_decay,
    step_decay,
)


@pytest.mark.parametrize(
    ("epoch", "expected"),
    # drop = 0.5 every 10 epochs: 0.5^floor(epoch / 10)
    [(0, 0.1), (9, 0.1), (10, 0.05), (19, 0.05), (25, 0.025), (40, 0.00625)],
)
def test_step_decay_matches_formula(epoch, expected):
    assert step_decay(0.1, epoch, drop=0.5, every=10) == pytest.approx(expected)


def test_step_decay_other_drop_and_period():
    # drop = 0.1 every 3 epochs: epoch 7 -> floor(7/3) = 2 drops -> 1.0 * 0.01
    assert step_decay(1.0, 7, drop=0.1, every=3) == pytest.approx(0.01)


@pytest.mark.parametrize(
    ("epoch", "expected"),
    # 0.95^1 = 0.95, 0.95^2 = 0.9025, 0.95^10 = 0.598736939...
    [(0, 0.2), (1, 0.19), (2, 0.1805), (10, 0.2 * 0.598736939)],
)
def test_exponential_decay_matches_formula(epoch, expected):
    assert exponential_decay(0.2, epoch, rate=0.95) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("epoch", "expected"),
    # The course's example: alpha0 = 0.2, decay_rate = 1 gives 0.2, 0.1, 0.067, 0.05, 0.04.
    [(0, 0.2), (1, 0.1), (2, 0.2 / 3), (3, 0.05), (4, 0.04)],
)
def test_inverse_time_decay_matches_course_table(epoch, expected):
    assert inverse_time_decay(0.2, epoch, decay_rate=1.0) == pytest.approx(expected)


def test_inverse_time_decay_other_rate():
    # 0.1 / (1 + 0.5 * 6) = 0.1 / 4
    assert inverse_time_decay(0.1, 6, decay_rate=0.5) == pytest.approx(0.025)


@pytest.mark.parametrize(
    ("epoch", "expected"),
    # k / sqrt(epoch_num) * alpha0 with the course's epoch_num = epoch + 1:
    # 0.2 * 1.5 / sqrt(1), / sqrt(2), / sqrt(4), / sqrt(100)
    [(0, 0.3), (1, 0.3 / 2**0.5), (3, 0.15), (99, 0.03)],
)
def test_inverse_sqrt_decay_matches_formula(epoch, expected):
    assert inverse_sqrt_decay(0.2, epoch, k=1.5) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("step", "expected"),
    # k / sqrt(t) * alpha0 with the mini-batch number t = step + 1
    [(0, 0.1), (3, 0.05), (15, 0.025), (9_999, 0.001)],
)
def test_inverse_sqrt_step_decay_matches_formula(step, expected):
    assert inverse_sqrt_step_decay(0.1, step) == pytest.approx(expected)


def test_inverse_sqrt_decay_is_slower_than_inverse_time_decay():
    # after the first epoch, alpha0 / sqrt(1 + e) > alpha0 / (1 + e)
    for epoch in range(1, 50):
        assert inverse_sqrt_decay(0.1, epoch) > inverse_time_decay(0.1, epoch, decay_rate=1.0)


def test_inverse_sqrt_step_decay_follows_the_optimizer_counter():
    # Set before every step from optimizer.t: the rates used are k*alpha0/sqrt(1), /sqrt(2), ...
    optimizer, params, used = SGD(lr=1.0), {"w": np.zeros(1)}, []
    for _ in range(4):
        optimizer.lr = inverse_sqrt_step_decay(0.4, optimizer.t, k=0.5)
        used.append(optimizer.lr)
        optimizer.step(params, {"w": np.ones(1)})
    assert used == pytest.approx([0.2 / np.sqrt(t) for t in (1, 2, 3, 4)])
    assert params["w"][0] == pytest.approx(-sum(used))


def test_neutral_settings_keep_lr_constant():
    for epoch in (0, 1, 50):
        assert step_decay(0.3, epoch, drop=1.0) == 0.3
        assert exponential_decay(0.3, epoch, rate=1.0) == 0.3
        assert inverse_time_decay(0.3, epoch, decay_rate=0.0) == 0.3


def test_schedules_accept_numpy_integers_and_return_float():
    for value in (
        step_decay(0.1, np.int64(12)),
        exponential_decay(0.1, np.int64(3)),
        inverse_time_decay(0.1, np.int64(3)),
        inverse_sqrt_decay(0.1, np.int64(3)),
        inverse_sqrt_step_decay(0.1, np.int64(3)),
    ):
        assert type(value) is float


@given(st.integers(0, 10_000), st.floats(0.01, 1.0), st.floats(0.0, 10.0))
def test_schedules_are_non_increasing_and_positive(epoch, factor, decay_rate):
    for schedule in (
        lambda e: step_decay(0.1, e, drop=factor, every=7),
        lambda e: exponential_decay(0.1, e, rate=factor),
        lambda e: inverse_time_decay(0.1, e, decay_rate=decay_rate),
        lambda e: inverse_sqrt_decay(0.1, e, k=factor),
        lambda e: inverse_sqrt_step_decay(0.1, e, k=factor),
    ):
        now, later = schedule(epoch), schedule(epoch + 1)
        assert 0 <= later <= now <= 0.1


@pytest.mark.parametrize(
    ("call", "bad"),
    [
        (lambda: step_decay(-0.1, 0), "lr0"),
        (lambda: step_decay(0.1, -1), "epoch"),
        (lambda: step_decay(0.1, 1.5), "epoch"),
        (lambda: step_decay(0.1, True), "epoch"),
        (lambda: step_decay(0.1, 1, drop=0.0), "drop"),
        (lambda: step_decay(0.1, 1, drop=1.5), "drop"),
        (lambda: step_decay(0.1, 1, every=0), "every"),
        (lambda: exponential_decay(float("nan"), 1), "lr0"),
        (lambda: exponential_decay(0.1, -2), "epoch"),
        (lambda: exponential_decay(0.1, 1, rate=0.0), "rate"),
        (lambda: exponential_decay(0.1, 1, rate=1.05), "rate"),
        (lambda: inverse_time_decay(-1.0, 1), "lr0"),
        (lambda: inverse_time_decay(0.1, 1, decay_rate=-0.5), "decay_rate"),
        (lambda: inverse_time_decay(0.1, 1, decay_rate=float("inf")), "decay_rate"),
        (lambda: inverse_sqrt_decay(-0.1, 1), "lr0"),
        (lambda: inverse_sqrt_decay(0.1, -1), "epoch"),
        (lambda: inverse_sqrt_decay(0.1, 2.0), "epoch"),
        (lambda: inverse_sqrt_decay(0.1, 1, k=0.0), "k"),
        (lambda: inverse_sqrt_decay(0.1, 1, k=float("nan")), "k"),
        (lambda: inverse_sqrt_step_decay(float("inf"), 1), "lr0"),
        (lambda: inverse_sqrt_step_decay(0.1, -1), "step"),
        (lambda: inverse_sqrt_step_decay(0.1, False), "step"),
        (lambda: inverse_sqrt_step_decay(0.1, 1, k=-1.0), "k"),
    ],
)
def test_bad_values_raise_naming_them(call, bad):
    with pytest.raises(ValueError, match=bad):
        call()
