"""Figures of the "Batch normalization" page."""

from __future__ import annotations

from functools import cache

import numpy as np
from _style import BLUE, GREEN, ORANGE, RED, Figure, new_figure

from dlnotes.datasets import moons
from dlnotes.layers import BatchNorm, Dense, ReLU, Sequential
from dlnotes.losses import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
)
from dlnotes.optimizers import SGD

STEPS = 150
SNAPSHOTS = (0, 10, 50, 150)
WIDTH = 32
LAYER = 3  # watch unit 0 of the third hidden layer


def _model(bn: bool, rng: np.random.Generator) -> Sequential:
    """Four hidden ReLU layers of WIDTH units, with or without BatchNorm before each ReLU."""
    layers, n_in = [], 2
    for _ in range(4):
        layers.append(Dense(n_in, WIDTH, rng=rng))
        if bn:
            layers.append(BatchNorm(WIDTH))
        layers.append(ReLU())
        n_in = WIDTH
    layers.append(Dense(n_in, 1, rng=rng))
    return Sequential(layers)


@cache
def _train(bn: bool, lr: float) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch training on two moons; the costs and the watched unit's input per step."""
    X, y = moons(256, rng=np.random.default_rng(1), noise=0.15)
    Y = y[np.newaxis, :].astype(float)
    model = _model(bn, np.random.default_rng(0))
    relus = [i for i, layer in enumerate(model.layers) if isinstance(layer, ReLU)]
    watched = relus[LAYER - 1] - 1  # the layer feeding that ReLU: Dense (z) or BatchNorm (z~)
    optimizer = SGD(lr=lr)
    costs, inputs = [], []
    with np.errstate(all="ignore"):  # the run without BatchNorm may blow up at a large rate
        for _ in range(STEPS + 1):
            Z = X
            for i, layer in enumerate(model.layers):
                Z = layer.forward(Z, training=True)
                if i == watched:
                    inputs.append(Z[0].copy())
            costs.append(binary_cross_entropy_with_logits(Z, Y))
            model.backward(binary_cross_entropy_with_logits_grad(Z, Y))
            optimizer.step(model.params, model.grads)
    return np.array(costs), np.array(inputs)


def unit_input_histograms() -> Figure:
    """Distribution of one hidden unit's input at a few steps, without and with BN."""
    fig, axes = new_figure(2, 2, width=8.0, height=5.4)
    colors = [GREEN, ORANGE, RED, BLUE]
    bins = np.linspace(-2.5, 4.5, 36)
    for col, bn in enumerate((False, True)):
        _, inputs = _train(bn, 0.5)
        ax = axes[0, col]
        for t, color in zip(SNAPSHOTS, colors, strict=True):
            ax.hist(inputs[t], bins=bins, histtype="step", linewidth=1.6, color=color,
                    label=rf"$t={t}$")
        symbol = r"$\tilde z$" if bn else r"$z$"
        ax.set_xlabel(symbol)
        ax = axes[1, col]
        steps = np.arange(STEPS + 1)
        lo, mid, hi = np.percentile(inputs, [15, 50, 85], axis=1)
        ax.fill_between(steps, lo, hi, color=BLUE, alpha=0.2, linewidth=0)
        ax.plot(steps, mid, color=BLUE)
        ax.set_xlabel(r"$t$")
        ax.set_ylabel(symbol)
        ax.set_ylim(-2.5, 4)
    axes[0, 1].legend(loc="upper right")
    return fig


def loss_curves() -> Figure:
    """Training cost per step without (left) and with (right) BN, at two learning rates."""
    fig, axes = new_figure(2, 1, width=8.0, height=3.2)
    for ax, bn in zip(axes, (False, True), strict=True):
        for lr, color in ((0.5, BLUE), (2.0, ORANGE)):
            costs, _ = _train(bn, lr)
            ax.plot(costs, color=color, label=rf"$\alpha={lr}$")
        ax.set_yscale("log")
        ax.set_ylim(1e-3, 3)
        ax.set_xlabel(r"$t$")
    axes[0].set_ylabel(r"$J$")
    axes[1].legend(loc="upper right")
    return fig
