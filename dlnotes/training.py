r"""A small training loop: `fit`, its `History`, and accuracy helpers.

`fit` runs mini-batch gradient descent on a `dlnotes.layers.Sequential`
model. Each epoch it

1. sets ``optimizer.lr = schedule(epoch)`` if a schedule is given;
2. for every mini-batch (`dlnotes.datasets.minibatches`): forward pass in
   training mode, backward pass from ``cost_grad``, L2 gradient added to every
   weight, ``optimizer.step(model.params, grads)``;
3. evaluates the model in eval mode (``training=False``) on the whole training
   set, and on the dev set if given, and records the costs in `History`;
4. stops early if the dev cost has not improved for ``patience`` epochs.

Dropout needs nothing special: put a `dlnotes.layers.Dropout` layer in
the model. ``fit`` runs it with ``training=True`` (random masks) for the updates
and with ``training=False`` (identity) for every evaluation and for
`predict`. BatchNorm likewise uses batch statistics for the updates and its
running averages for evaluation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import (
    as_float_array,
    check_ndim,
    check_positive,
    check_positive_int,
    check_same_shape,
)
from dlnotes.datasets import minibatches
from dlnotes.layers import BatchNorm, Sequential
from dlnotes.regularization import l2_grad, l2_penalty

__all__ = ["History", "accuracy_binary", "accuracy_softmax", "fit", "predict"]

Array = NDArray[np.floating]
Cost = Callable[[Array, Array], float]
CostGrad = Callable[[Array, Array], Array]


class _Optimizer(Protocol):
    """What `fit` needs of an optimizer (every class in `dlnotes.optimizers`)."""

    lr: float

    def step(self, params: dict[str, Array], grads: dict[str, Array]) -> None: ...


@dataclass
class History:
    """What `fit` records, one entry per epoch run.

    Attributes
    ----------
    train_cost : list of float
        Cost on the **whole** training set at the end of each epoch, in eval
        mode (``training=False``: no dropout, BatchNorm running averages), plus
        the L2 penalty when ``lambd > 0``: the objective $J$ that ``fit``
        minimizes. Not the average of the mini-batch costs seen during the
        epoch, which mixes parameters of different steps and dropout noise.
    dev_cost : list of float
        Cost on the dev set at the end of each epoch, in eval mode and without
        the L2 penalty; empty without dev data.
    train_accuracy, dev_accuracy : list of float
        ``accuracy(output, Y)`` on each set at the end of each epoch; empty
        when ``accuracy`` (or the dev set) is not given.
    best_epoch : int or None
        Epoch (0-based) with the lowest dev cost; None without dev data.
    stopped_early : bool
        True if early stopping ended training before ``epochs``.

    Examples
    --------
    >>> from dlnotes.training import History
    >>> History().train_cost, History().best_epoch
    ([], None)
    """

    train_cost: list[float] = field(default_factory=list)
    dev_cost: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    dev_accuracy: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    stopped_early: bool = False


def fit(
    model: Sequential,
    X: ArrayLike,
    Y: ArrayLike,
    *,
    cost: Cost,
    cost_grad: CostGrad,
    optimizer: _Optimizer,
    epochs: int,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    X_dev: ArrayLike | None = None,
    Y_dev: ArrayLike | None = None,
    lambd: float = 0.0,
    patience: int | None = None,
    schedule: Callable[[int], float] | None = None,
    accuracy: Callable[[Array, Array], float] | None = None,
) -> History:
    r"""Train ``model`` in place by mini-batch gradient descent.

    Parameters
    ----------
    model : Sequential
        The network; its parameters are updated in place.
    X : array_like, shape (n_x, m)
        Training inputs, one example per column.
    Y : array_like, shape (n_y, m)
        Training targets, in the form ``cost`` expects.
    cost, cost_grad : callable
        ``cost(A, Y)`` returns the float cost of the output ``A`` (averaged
        over the examples); ``cost_grad(A, Y)`` returns $\partial J / \partial A$,
        e.g. `dlnotes.losses.mse` and `dlnotes.losses.mse_grad`.
    optimizer : optimizer
        Any object with ``step(params, grads)`` and a settable ``lr``, e.g.
        `dlnotes.optimizers.Adam`. Use a fresh one per model.
    epochs : int
        Passes over the training set, >= 1 (fewer if training stops early).
    batch_size : int, optional
        Examples per mini-batch, >= 1. None (default) uses all ``m`` at once
        (batch gradient descent); 1 is stochastic gradient descent.
    rng : numpy.random.Generator, optional
        Shuffles the examples at the start of every epoch; None keeps their
        order. (Dropout layers have their own ``rng``.)
    X_dev, Y_dev : array_like, optional
        Dev set, shapes (n_x, m_dev) and (n_y, m_dev); both or neither.
    lambd : float, default 0.0
        L2 strength $\lambda \ge 0$ on ``model.weights()`` (every ``W``), see
        `dlnotes.regularization`.
    patience : int, optional
        Early stopping, >= 1; needs a dev set. Training stops once the dev cost
        has not improved for ``patience`` epochs, and the parameters (and
        BatchNorm running averages) of the best dev epoch are then copied back
        into the model, in place. They are restored too when all ``epochs`` run.
    schedule : callable, optional
        ``schedule(epoch)`` returns the learning rate for epoch 0, 1, ...;
        ``fit`` sets ``optimizer.lr`` to it at the start of every epoch, e.g.
        ``lambda epoch: exponential_decay(0.1, epoch, rate=0.9)`` (see
        `dlnotes.schedules`).
    accuracy : callable, optional
        ``accuracy(A, Y)`` returns a float, e.g. `accuracy_binary`;
        recorded each epoch on the training and dev sets.

    Returns
    -------
    History
        Costs and accuracies per epoch, the best dev epoch and whether training
        stopped early.

    Notes
    -----
    With $m$ the number of **training** examples, ``fit`` minimizes

    $$
    J(\theta) = \operatorname{cost}(\text{model}(X; \theta), Y)
    + \frac{\lambda}{2m} \sum_l \lVert W^{[l]} \rVert_F^2
    $$

    Each step uses the gradient of the mini-batch cost plus
    $\frac{\lambda}{m} W^{[l]}$ for every weight, with the **full** $m$ also
    for a mini-batch: the batch gradient is then an unbiased estimate of
    $\nabla J$, and the amount of weight decay does not depend on the batch size.

    Examples
    --------
    A network with dropout on the two-moons data:

    >>> import numpy as np
    >>> from dlnotes.datasets import moons
    >>> from dlnotes.layers import Dense, Dropout, ReLU, Sequential, Sigmoid
    >>> from dlnotes.losses import binary_cross_entropy, binary_cross_entropy_grad
    >>> from dlnotes.optimizers import Adam
    >>> from dlnotes.training import accuracy_binary, fit, predict
    >>> rng = np.random.default_rng(0)
    >>> X, y = moons(200, rng=rng)
    >>> Y = y[np.newaxis, :]  # labels as shape (1, m)
    >>> model = Sequential([Dense(2, 32, rng=rng), ReLU(), Dropout(0.8, rng=rng),
    ...                     Dense(32, 1, rng=rng), Sigmoid()])
    >>> history = fit(model, X, Y, cost=binary_cross_entropy,
    ...               cost_grad=binary_cross_entropy_grad, optimizer=Adam(lr=0.01),
    ...               epochs=100, batch_size=32, rng=rng, accuracy=accuracy_binary)
    >>> history.train_cost[-1] < 0.2 * history.train_cost[0]
    True
    >>> history.train_accuracy[-1] > 0.95
    True
    >>> bool(np.all(predict(model, X) == predict(model, X)))  # eval mode: no dropout
    True
    """
    check_positive_int(epochs, "epochs")
    if batch_size is not None:
        check_positive_int(batch_size, "batch_size")
    check_positive(lambd, "lambd", allow_zero=True)
    X, Y = _examples(X, Y, "X", "Y")
    m = X.shape[1]
    has_dev = X_dev is not None or Y_dev is not None
    if has_dev:
        if X_dev is None or Y_dev is None:
            raise ValueError("X_dev and Y_dev must be given together, got only one of them")
        X_dev, Y_dev = _examples(X_dev, Y_dev, "X_dev", "Y_dev")
        if X_dev.shape[0] != X.shape[0] or Y_dev.shape[0] != Y.shape[0]:
            raise ValueError(
                f"X_dev and Y_dev must have the rows of X and Y, {X.shape[0]} and "
                f"{Y.shape[0]}, got shapes {X_dev.shape} and {Y_dev.shape}"
            )
    if patience is not None:
        check_positive_int(patience, "patience")
        if not has_dev:
            raise ValueError("patience (early stopping) needs a dev set: pass X_dev and Y_dev")

    history = History()
    best_state: dict[str, Array] = {}
    for epoch in range(epochs):
        if schedule is not None:
            optimizer.lr = schedule(epoch)
        for X_batch, Y_batch in minibatches(X, Y, batch_size=batch_size or m, rng=rng):
            A = model.forward(X_batch, training=True)
            model.backward(cost_grad(A, Y_batch))
            optimizer.step(model.params, _l2_augmented_grads(model, lambd=lambd, m=m))

        A = predict(model, X)
        history.train_cost.append(cost(A, Y) + l2_penalty(model.weights(), lambd=lambd, m=m))
        if accuracy is not None:
            history.train_accuracy.append(accuracy(A, Y))
        if not has_dev:
            continue
        A_dev = predict(model, X_dev)
        dev_cost = cost(A_dev, Y_dev)
        history.dev_cost.append(dev_cost)
        if accuracy is not None:
            history.dev_accuracy.append(accuracy(A_dev, Y_dev))
        if history.best_epoch is None or dev_cost < history.dev_cost[history.best_epoch]:
            history.best_epoch = epoch
            if patience is not None:  # keep a copy to restore at the end
                best_state = {key: a.copy() for key, a in _state(model).items()}
        elif patience is not None and epoch - history.best_epoch >= patience:
            history.stopped_early = True
            break

    if patience is not None:
        for key, a in _state(model).items():
            a[...] = best_state[key]
    return history


def predict(model: Sequential, X: ArrayLike) -> Array:
    """The model's output in eval mode (``training=False``).

    Parameters
    ----------
    model : Sequential
        The network.
    X : array_like, shape (n_x, m)
        Inputs, one example per column.

    Returns
    -------
    ndarray, shape (n_out, m)
        Dropout is the identity and BatchNorm uses its running averages, so the
        output is a fixed function of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.layers import Dropout, Sequential
    >>> from dlnotes.training import predict
    >>> model = Sequential([Dropout(0.5, rng=np.random.default_rng(0))])
    >>> predict(model, np.ones((1, 3))).tolist()
    [[1.0, 1.0, 1.0]]
    """
    return model.forward(X, training=False)


def accuracy_binary(A: ArrayLike, Y: ArrayLike) -> float:
    """Fraction of examples whose probability ``A`` falls on the side of their label.

    Parameters
    ----------
    A : array_like, shape (1, m)
        Predicted probabilities of class 1, e.g. the output of a
        `dlnotes.layers.Sigmoid` layer. The prediction is 1 where
        ``A > 0.5``. (For logits ``Z``, pass ``sigmoid(Z)``: ``Z > 0`` is the same test.)
    Y : array_like, shape (1, m)
        Labels, 0 or 1.

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> from dlnotes.training import accuracy_binary
    >>> accuracy_binary([[0.9, 0.2, 0.5, 0.6]], [[1, 0, 0, 0]])  # 0.5 predicts 0
    0.75
    """
    A, Y = _outputs_and_labels(A, Y)
    if A.shape[0] != 1:
        raise ValueError(f"A and Y must have shape (1, m), got {A.shape}")
    return float(np.mean((A > 0.5) == (Y == 1)))


def accuracy_softmax(Z: ArrayLike, Y: ArrayLike) -> float:
    """Fraction of examples whose largest output is at their one-hot label.

    Parameters
    ----------
    Z : array_like, shape (K, m)
        Logits or probabilities, one example per column; softmax keeps the
        order, so either gives the same predictions.
    Y : array_like, shape (K, m)
        One-hot labels.

    Returns
    -------
    float
        In [0, 1].

    Examples
    --------
    >>> from dlnotes.training import accuracy_softmax
    >>> accuracy_softmax([[2.0, 0.1], [1.0, 3.0], [0.0, 0.2]], [[1, 1], [0, 0], [0, 0]])
    0.5
    """
    Z, Y = _outputs_and_labels(Z, Y)
    return float(np.mean(Z.argmax(axis=0) == Y.argmax(axis=0)))


def _examples(X: ArrayLike, Y: ArrayLike, name_x: str, name_y: str) -> tuple[Array, Array]:
    """Check inputs (n_x, m) and targets (n_y, m) with the same m >= 1."""
    X, Y = as_float_array(X, name_x), as_float_array(Y, name_y)
    check_ndim(X, 2, name_x, "(n_x, m), one example per column")
    check_ndim(Y, 2, name_y, "(n_y, m), one example per column")
    if X.shape[1] != Y.shape[1] or X.shape[1] == 0:
        raise ValueError(
            f"{name_x} and {name_y} must have the same number m >= 1 of examples "
            f"(columns), got shapes {X.shape} and {Y.shape}"
        )
    return X, Y


def _outputs_and_labels(A: ArrayLike, Y: ArrayLike) -> tuple[Array, Array]:
    A, Y = as_float_array(A, "A"), as_float_array(Y, "Y")
    check_ndim(A, 2, "A", "(outputs, m examples)")
    check_same_shape(A, Y, "A", "Y")
    if A.shape[1] == 0:
        raise ValueError(f"A must hold at least one example (column), got shape {A.shape}")
    return A, Y


def _l2_augmented_grads(model: Sequential, *, lambd: float, m: int) -> dict[str, Array]:
    """``model.grads`` with $\\frac{\\lambda}{m} W$ added to every weight's gradient."""
    grads, weight_ids = model.grads, {id(W) for W in model.weights()}
    for key, theta in model.params.items():
        if id(theta) in weight_ids:
            grads[key] = grads[key] + l2_grad(theta, lambd=lambd, m=m)
    return grads


def _state(model: Sequential) -> dict[str, Array]:
    """Every array the eval-mode output depends on: parameters and BatchNorm averages."""
    state = dict(model.params)
    for i, layer in enumerate(model.layers):
        if isinstance(layer, BatchNorm):
            state[f"{i}.running_mean"] = layer.running_mean
            state[f"{i}.running_var"] = layer.running_var
    return state
