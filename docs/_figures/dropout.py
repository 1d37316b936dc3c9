"""Figures of the "Dropout" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, ORANGE, Figure, new_figure

from dlnotes.datasets import flower
from dlnotes.layers import Dense, Dropout, ReLU, Sequential, Sigmoid
from dlnotes.losses import binary_cross_entropy, binary_cross_entropy_grad
from dlnotes.optimizers import Adam
from dlnotes.training import accuracy_binary, fit


def _net(keep_prob: float | None) -> Sequential:
    """2-48-48-1 ReLU net, with Dropout after each hidden layer if keep_prob is given."""
    rng = np.random.default_rng(2)
    layers = []
    for n_in in (2, 48):
        layers += [Dense(n_in, 48, rng=rng), ReLU()]
        if keep_prob is not None:
            layers.append(Dropout(keep_prob, rng=rng))
    return Sequential([*layers, Dense(48, 1, rng=rng), Sigmoid()])


def curves() -> Figure:
    """Cost and accuracy on train and dev, without (solid) and with (dashed) dropout."""
    rng = np.random.default_rng(2)
    X, y = flower(80, rng=rng, noise=0.3)
    X_dev, y_dev = flower(300, rng=rng, noise=0.3)
    Y, Y_dev = y[np.newaxis].astype(float), y_dev[np.newaxis].astype(float)
    fig, (ax_cost, ax_acc) = new_figure(2, 1, width=9.0, height=3.4)
    for keep_prob, style in [(None, "-"), (0.5, "--")]:
        history = fit(_net(keep_prob), X, Y, cost=binary_cross_entropy,
                      cost_grad=binary_cross_entropy_grad, optimizer=Adam(lr=0.01),
                      epochs=400, X_dev=X_dev, Y_dev=Y_dev, accuracy=accuracy_binary)
        p = rf"\mathrm{{keep\_prob}} = {1.0 if keep_prob is None else keep_prob:g}"
        ax_cost.plot(history.train_cost, color=BLUE, linestyle=style,
                     label=rf"$J_{{\mathrm{{train}}}},\ {p}$")
        ax_cost.plot(history.dev_cost, color=ORANGE, linestyle=style,
                     label=rf"$J_{{\mathrm{{dev}}}},\ {p}$")
        ax_acc.plot(history.train_accuracy, color=BLUE, linestyle=style)
        ax_acc.plot(history.dev_accuracy, color=ORANGE, linestyle=style)
    ax_cost.set_ylabel(r"$J$")
    ax_acc.set_ylabel(r"$\mathrm{acc}$")
    ax_acc.set_ylim(0.5, 1.02)
    for ax in (ax_cost, ax_acc):
        ax.set_xlabel(r"$t$")
    ax_cost.legend(loc="upper left")
    return fig
