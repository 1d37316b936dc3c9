"""dlnotes.training: accuracy on the flower data, the gradient fit really uses (with
L2), early stopping and restoring, schedules, determinism, batch sizes, checks."""

import copy
import itertools

import numpy as np
import pytest

from dlnotes.datasets import flower, moons
from dlnotes.gradcheck import check_model, numerical_grad, relative_error, worst
from dlnotes.initializers import xavier
from dlnotes.layers import BatchNorm, Dense, Dropout, ReLU, Sequential, Sigmoid, Tanh
from dlnotes.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    mse,
    mse_grad,
)
from dlnotes.optimizers import SGD, Adam
from dlnotes.regularization import l2_penalty
from dlnotes.training import History, accuracy_binary, accuracy_softmax, fit, predict

BCE = {"cost": binary_cross_entropy, "cost_grad": binary_cross_entropy_grad}


class _Recorder:
    """An optimizer that records the gradients it gets and changes nothing."""

    def __init__(self) -> None:
        self.lr = 0.0
        self.grads: list[dict[str, np.ndarray]] = []

    def step(self, params, grads) -> None:
        assert params.keys() == grads.keys()
        self.grads.append({key: g.copy() for key, g in grads.items()})


def _binary_net(rng, sizes, *, dropout=None):
    """Dense + Tanh hidden layers (optionally Dropout after each), sigmoid output."""
    layers = []
    for n_in, n_out in itertools.pairwise(sizes[:-1]):
        layers += [Dense(n_in, n_out, rng=rng, init=xavier), Tanh()]
        if dropout is not None:
            layers.append(Dropout(dropout, rng=rng))
    return Sequential([*layers, Dense(sizes[-2], sizes[-1], rng=rng, init=xavier), Sigmoid()])


def _moons(m, seed, noise=0.2):
    X, y = moons(m, rng=np.random.default_rng(seed), noise=noise)
    return X, y[np.newaxis, :].astype(float)


def _sq_weights(model):
    return sum(float(np.sum(W**2)) for W in model.weights())


def test_fit_reaches_90_percent_on_flower():
    # The course's planar flower: a 4-unit tanh layer reaches about 90 %; 8 units here.
    rng = np.random.default_rng(0)
    X, y = flower(400, rng=rng)
    X_dev, y_dev = flower(400, rng=rng)
    model = _binary_net(rng, [2, 8, 1])
    history = fit(model, X, y[None], **BCE, optimizer=Adam(lr=0.05), epochs=300,
                  X_dev=X_dev, Y_dev=y_dev[None], accuracy=accuracy_binary)
    assert history.train_accuracy[-1] >= 0.9
    assert history.dev_accuracy[-1] >= 0.85
    assert accuracy_binary(predict(model, X_dev), y_dev[None]) == history.dev_accuracy[-1]


def test_fit_full_batch_gradient_descent_decreases_cost_every_epoch():
    X, Y = _moons(100, seed=1)
    model = _binary_net(np.random.default_rng(1), [2, 6, 1])
    history = fit(model, X, Y, **BCE, optimizer=SGD(lr=0.1), epochs=50)
    assert len(history.train_cost) == 50
    assert np.all(np.diff(history.train_cost) < 0)
    assert history.train_cost[-1] < 0.8 * history.train_cost[0]


def test_fit_l2_gives_smaller_weights():
    X, Y = _moons(60, seed=2)
    norms = {}
    for lambd in (0.0, 2.0):
        model = _binary_net(np.random.default_rng(2), [2, 16, 1])
        fit(model, X, Y, **BCE, optimizer=Adam(lr=0.02), epochs=100, lambd=lambd,
            rng=np.random.default_rng(3), batch_size=20)
        norms[lambd] = _sq_weights(model)
    assert norms[2.0] < 0.5 * norms[0.0]


@pytest.mark.parametrize("batch_size", [None, 2])
def test_fit_gradient_is_the_l2_augmented_cost_gradient(batch_size):
    # The recorder keeps the parameters fixed, so every step sees the same model;
    # with equal batches the mean of the batch gradients is the full gradient of
    # J = cost + lambd/(2m) sum ||W||^2 (m = all training examples, not the batch).
    rng = np.random.default_rng(4)
    model = Sequential([Dense(3, 4, rng=rng, init=xavier), Tanh(), Dense(4, 2, rng=rng)])
    X, Y = rng.normal(size=(3, 6)), rng.normal(size=(2, 6))
    lambd, m = 0.7, 6
    assert worst(check_model(model, mse, mse_grad, X, Y, lambd=lambd))[1] < 1e-7

    recorder = _Recorder()
    fit(model, X, Y, cost=mse, cost_grad=mse_grad, optimizer=recorder, epochs=1,
        batch_size=batch_size, lambd=lambd)
    assert len(recorder.grads) == (1 if batch_size is None else 3)

    def total_cost(_):
        A = model.forward(X, training=True)
        return mse(A, Y) + l2_penalty(model.weights(), lambd=lambd, m=m)

    for key, theta in model.params.items():
        used = np.mean([g[key] for g in recorder.grads], axis=0)
        assert relative_error(used, numerical_grad(total_cost, theta)) < 1e-7, key


def test_fit_early_stopping_stops_and_restores_best_dev_parameters():
    # 16 noisy examples, a wide net with BatchNorm: the dev cost falls, then rises.
    X, Y = _moons(16, seed=5, noise=0.35)
    X_dev, Y_dev = _moons(300, seed=6, noise=0.35)

    def run(epochs, patience):
        rng = np.random.default_rng(7)
        model = Sequential([Dense(2, 64, rng=rng), BatchNorm(64), ReLU(),
                            Dense(64, 64, rng=rng), ReLU(), Dense(64, 1, rng=rng), Sigmoid()])
        history = fit(model, X, Y, **BCE, optimizer=Adam(lr=0.01), epochs=epochs,
                      batch_size=8, rng=np.random.default_rng(8), X_dev=X_dev, Y_dev=Y_dev,
                      patience=patience)
        return model, history

    model, history = run(epochs=500, patience=15)
    best = history.best_epoch
    assert history.stopped_early
    assert len(history.dev_cost) == best + 15 + 1 < 500
    assert history.dev_cost[best] == min(history.dev_cost) < history.dev_cost[-1]
    assert history.train_cost[-1] < history.train_cost[best]  # still fitting the train set
    assert binary_cross_entropy(predict(model, X_dev), Y_dev) == history.dev_cost[best]

    # The restored model is the model after best + 1 epochs of the same run.
    rerun, _ = run(epochs=best + 1, patience=None)
    for key, theta in rerun.params.items():
        np.testing.assert_array_equal(model.params[key], theta)
    np.testing.assert_array_equal(model.layers[1].running_mean, rerun.layers[1].running_mean)


def test_fit_patience_restores_best_even_without_stopping():
    X, Y = _moons(16, seed=5, noise=0.35)
    X_dev, Y_dev = _moons(300, seed=6, noise=0.35)
    rng = np.random.default_rng(9)
    model = _binary_net(rng, [2, 64, 64, 1])
    history = fit(model, X, Y, **BCE, optimizer=Adam(lr=0.02), epochs=80, X_dev=X_dev,
                  Y_dev=Y_dev, patience=1000)
    assert not history.stopped_early
    assert len(history.dev_cost) == 80
    assert history.best_epoch < 79
    assert binary_cross_entropy(predict(model, X_dev), Y_dev) == min(history.dev_cost)


def test_fit_schedule_sets_lr_at_the_start_of_each_epoch():
    class RecordingSGD(SGD):
        def step(self, params, grads):
            self.seen.append(self.lr)
            super().step(params, grads)

    X, Y = _moons(10, seed=10)
    optimizer = RecordingSGD(lr=1.0)
    optimizer.seen = []
    fit(_binary_net(np.random.default_rng(10), [2, 3, 1]), X, Y, **BCE, optimizer=optimizer,
        epochs=3, batch_size=5, schedule=lambda epoch: 0.1 * 0.5**epoch)
    assert optimizer.seen == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    assert optimizer.lr == 0.025


def test_fit_is_deterministic_with_the_same_seeds():
    X, Y = _moons(50, seed=11)
    X_dev, Y_dev = _moons(50, seed=12)
    runs = []
    for _ in range(2):
        rng = np.random.default_rng(13)
        model = _binary_net(rng, [2, 8, 1], dropout=0.7)
        history = fit(model, X, Y, **BCE, optimizer=Adam(lr=0.01), epochs=10, batch_size=16,
                      rng=rng, X_dev=X_dev, Y_dev=Y_dev, accuracy=accuracy_binary)
        runs.append((model, history))
    (model_a, history_a), (model_b, history_b) = runs
    assert history_a == history_b
    for key, theta in model_a.params.items():
        np.testing.assert_array_equal(theta, model_b.params[key])


def test_fit_stochastic_and_batch_gradient_descent_both_work():
    X, Y = _moons(40, seed=14)
    costs, models = {}, {}
    for batch_size in (1, 40, None):
        model = _binary_net(np.random.default_rng(15), [2, 8, 1])
        optimizer = SGD(lr=0.05 if batch_size == 1 else 0.5)
        history = fit(model, X, Y, **BCE, optimizer=optimizer, epochs=20,
                      batch_size=batch_size, rng=np.random.default_rng(16))
        assert optimizer.t == 20 * (40 if batch_size == 1 else 1)  # number of steps
        assert history.train_cost[-1] < 0.7 * history.train_cost[0]
        costs[batch_size], models[batch_size] = history.train_cost, model
    assert costs[40] == costs[None]  # batch_size=m is full batch
    for key, theta in models[40].params.items():
        np.testing.assert_array_equal(theta, models[None].params[key])


def test_fit_records_costs_in_eval_mode_with_dropout():
    X, Y = _moons(30, seed=17)
    X_dev, Y_dev = _moons(20, seed=18)
    rng = np.random.default_rng(19)
    model = _binary_net(rng, [2, 8, 8, 1], dropout=0.5)
    history = fit(model, X, Y, **BCE, optimizer=Adam(lr=0.01), epochs=5, rng=rng,
                  X_dev=X_dev, Y_dev=Y_dev, lambd=0.3, accuracy=accuracy_binary)
    assert model.layers[2].D is not None  # dropout masks were drawn during training
    A = model.forward(X, training=False)
    penalty = 0.3 / (2 * 30) * _sq_weights(model)
    assert history.train_cost[-1] == pytest.approx(binary_cross_entropy(A, Y) + penalty)
    assert history.dev_cost[-1] == binary_cross_entropy(model.forward(X_dev, training=False),
                                                        Y_dev)
    assert history.train_accuracy[-1] == accuracy_binary(A, Y)
    assert [len(v) for v in (history.train_cost, history.dev_cost, history.train_accuracy,
                             history.dev_accuracy)] == [5, 5, 5, 5]


def test_fit_history_without_dev_or_accuracy():
    X, Y = _moons(10, seed=20)
    history = fit(_binary_net(np.random.default_rng(20), [2, 3, 1]), X, Y, **BCE,
                  optimizer=SGD(lr=0.1), epochs=2)
    assert history == History(train_cost=history.train_cost)
    assert len(history.train_cost) == 2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"epochs": 0}, "epochs must be an integer >= 1, got 0"),
        ({"epochs": 2.0}, "epochs must be an integer >= 1, got 2.0"),
        ({"batch_size": 0}, "batch_size must be an integer >= 1, got 0"),
        ({"lambd": -1.0}, "lambd must be finite and >= 0, got -1.0"),
        ({"X_dev": np.zeros((2, 3))}, "X_dev and Y_dev must be given together"),
        ({"Y_dev": np.zeros((1, 3))}, "X_dev and Y_dev must be given together"),
        ({"patience": 3}, "patience .* needs a dev set"),
        ({"patience": 0, "X_dev": np.zeros((2, 3)), "Y_dev": np.zeros((1, 3))},
         "patience must be an integer >= 1, got 0"),
        ({"X_dev": np.zeros((2, 3)), "Y_dev": np.zeros((1, 4))},
         r"X_dev and Y_dev .* got shapes \(2, 3\) and \(1, 4\)"),
        ({"X_dev": np.zeros((3, 3)), "Y_dev": np.zeros((1, 3))},
         r"rows of X and Y, 2 and 1, got shapes \(3, 3\) and \(1, 3\)"),
    ],
)
def test_fit_rejects_bad_arguments(kwargs, match):
    X, Y = _moons(5, seed=21)
    model = _binary_net(np.random.default_rng(21), [2, 3, 1])
    before = copy.deepcopy(model.params)
    args = {"cost": binary_cross_entropy, "cost_grad": binary_cross_entropy_grad,
            "optimizer": SGD(lr=0.1), "epochs": 1, **kwargs}
    with pytest.raises(ValueError, match=match):
        fit(model, X, Y, **args)
    for key, theta in model.params.items():  # nothing was trained
        np.testing.assert_array_equal(theta, before[key])


@pytest.mark.parametrize(
    ("X_shape", "Y_shape", "match"),
    [
        ((2, 5), (1, 4), r"same number m >= 1 of examples .* got shapes \(2, 5\) and \(1, 4\)"),
        ((2, 0), (1, 0), r"got shapes \(2, 0\) and \(1, 0\)"),
        ((2, 5), (5,), r"Y must be 2-D .* got shape \(5,\)"),
        ((10,), (1, 10), r"X must be 2-D .* got shape \(10,\)"),
    ],
)
def test_fit_rejects_mismatched_examples_naming_the_shapes(X_shape, Y_shape, match):
    model = _binary_net(np.random.default_rng(22), [2, 3, 1])
    with pytest.raises(ValueError, match=match):
        fit(model, np.zeros(X_shape), np.zeros(Y_shape), **BCE, optimizer=SGD(lr=0.1),
            epochs=1)


def test_accuracy_binary_thresholds_at_one_half():
    A = np.array([[0.9, 0.2, 0.5, 0.51, 0.0, 1.0]])
    Y = np.array([[1, 0, 1, 1, 0, 0]])
    # predictions 1, 0, 0, 1, 0, 1 -> right on examples 0, 1, 3, 4
    assert accuracy_binary(A, Y) == 4 / 6


def test_accuracy_softmax_compares_argmax_with_label():
    Z = np.array([[5.0, 0.0, 1.0], [1.0, 2.0, 3.0], [0.0, 9.0, 2.0]])
    Y = np.eye(3)[:, [0, 1, 1]]
    assert accuracy_softmax(Z, Y) == 2 / 3  # predictions 0, 2, 1
    assert accuracy_softmax(np.exp(Z) / np.exp(Z).sum(axis=0), Y) == 2 / 3


@pytest.mark.parametrize(
    ("f", "A", "Y", "match"),
    [
        (accuracy_binary, np.zeros((1, 3)), np.zeros((1, 4)), r"\(1, 3\) and \(1, 4\)"),
        (accuracy_binary, np.zeros((2, 3)), np.zeros((2, 3)), r"shape \(1, m\), got \(2, 3\)"),
        (accuracy_softmax, np.zeros((3, 2)), np.zeros((2, 2)), r"\(3, 2\) and \(2, 2\)"),
        (accuracy_softmax, np.zeros((3, 0)), np.zeros((3, 0)), r"at least one .* \(3, 0\)"),
        (accuracy_softmax, np.zeros(3), np.zeros(3), r"2-D .* got shape \(3,\)"),
    ],
)
def test_accuracy_rejects_bad_shapes(f, A, Y, match):
    with pytest.raises(ValueError, match=match):
        f(A, Y)
