"""Figures of the "Fine-tuning and transfer learning" page.

The tasks are those of the page's snippet: 20-D inputs whose labels depend on
4 hidden features tanh(U x); the source task has 8 classes and 2000 examples,
the target task 3 classes and few examples.
"""

from __future__ import annotations

import copy
import functools

import numpy as np
from _style import BLUE, GREEN, ORANGE, Figure, new_figure

from dlnotes.datasets import one_hot
from dlnotes.layers import Dense, ReLU, Sequential
from dlnotes.losses import softmax_cross_entropy, softmax_cross_entropy_grad
from dlnotes.optimizers import Adam
from dlnotes.training import accuracy_softmax, fit, predict

CE = {"cost": softmax_cross_entropy, "cost_grad": softmax_cross_entropy_grad}
EPOCHS = 50  # per phase: frozen, then fine-tuned; training from scratch gets both


class _HeadOnly:
    """Adam on the listed parameters only: every other layer stays frozen."""

    def __init__(self, keys, lr):
        self.keys, self.lr, self.adam = keys, lr, Adam(lr=lr)

    def step(self, params, grads):
        self.adam.step({k: params[k] for k in self.keys}, {k: grads[k] for k in self.keys})


@functools.cache
def _setup():
    """The pretrained source network and a sampler of the target task."""
    rng = np.random.default_rng(0)
    U = 0.45 * rng.normal(size=(4, 20))

    def make_task(V, m):
        X = rng.normal(size=(20, m))
        return X, one_hot(np.argmax(V @ np.tanh(U @ X), axis=0), V.shape[0])

    X_src, Y_src = make_task(rng.normal(size=(8, 4)), 2000)
    V = rng.normal(size=(3, 4))
    source = Sequential([Dense(20, 16, rng=rng), ReLU(), Dense(16, 8, rng=rng)])
    fit(source, X_src, Y_src, **CE, optimizer=Adam(lr=0.02), epochs=25, batch_size=250, rng=rng)
    return source, (lambda m: make_task(V, m)), rng


def _train(X, Y, X_dev, Y_dev, *, curves=False):
    """Train from scratch and by transfer (frozen, then fine-tuned).

    Returns the dev accuracy of the three models, per epoch if ``curves`` else
    at the end only (faster: no evaluation after every epoch).
    """
    source, _, rng = _setup()
    dev = {"X_dev": X_dev, "Y_dev": Y_dev, "accuracy": accuracy_softmax} if curves else {}

    def result(model, history):
        if curves:
            return history.dev_accuracy
        return accuracy_softmax(predict(model, X_dev), Y_dev)

    scratch = Sequential([Dense(20, 16, rng=rng), ReLU(), Dense(16, 3, rng=rng)])
    h = fit(scratch, X, Y, **CE, optimizer=Adam(lr=0.01), epochs=2 * EPOCHS, **dev)
    out = [result(scratch, h)]
    model = Sequential([copy.deepcopy(source.layers[0]), ReLU(), Dense(16, 3, rng=rng)])
    h = fit(model, X, Y, **CE, optimizer=_HeadOnly(["2.W", "2.b"], lr=0.03), epochs=EPOCHS,
            **dev)
    out.append(result(model, h))
    h = fit(model, X, Y, **CE, optimizer=Adam(lr=0.001), epochs=EPOCHS, **dev)
    out.append(result(model, h))
    return out


def dev_accuracy() -> Figure:
    """Left: dev accuracy per epoch with 30 target examples. Right: final dev accuracy vs m.

    Orange: from scratch. Blue: pretrained hidden layer frozen, new output layer
    trained. Green: then every layer fine-tuned with a 10 times smaller learning rate.
    """
    _, target, _ = _setup()
    X_dev, Y_dev = target(500)
    fig, (left, right) = new_figure(2, 1, width=9.0, height=3.4)

    scratch, frozen, tuned = _train(*target(30), X_dev, Y_dev, curves=True)
    first, second = np.arange(1, EPOCHS + 1), np.arange(EPOCHS, 2 * EPOCHS + 1)
    left.plot(np.arange(1, 2 * EPOCHS + 1), scratch, color=ORANGE)
    left.plot(first, frozen, color=BLUE)
    left.plot(second, frozen[-1:] + tuned, color=GREEN)
    left.axvline(EPOCHS, color="0.5", linestyle=":", linewidth=1)
    left.set_xlabel(r"$t$")
    left.set_ylim(0.3, 1.0)

    sizes = [10, 20, 40, 80, 160, 320]
    final = np.array([_train(*target(m), X_dev, Y_dev) for m in sizes])
    for column, color in zip(final.T, [ORANGE, BLUE, GREEN], strict=True):
        right.plot(sizes, column, "o-", color=color, markersize=4)
    right.set_xscale("log")
    right.set_xticks(sizes, [str(m) for m in sizes])
    right.minorticks_off()
    right.set_xlabel(r"$m$")
    right.set_ylim(0.3, 1.0)
    return fig
