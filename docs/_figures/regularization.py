"""Figures of the "Regularization" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, RED, Figure, new_figure
from matplotlib.colors import ListedColormap

from dlnotes.activations import sigmoid
from dlnotes.datasets import moons
from dlnotes.initializers import xavier
from dlnotes.layers import Dense, ReLU, Sequential, Sigmoid, Tanh
from dlnotes.losses import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits_grad,
)
from dlnotes.optimizers import Adam
from dlnotes.regularization import l1_grad, l2_grad
from dlnotes.training import fit, predict

BCE = {"cost": binary_cross_entropy, "cost_grad": binary_cross_entropy_grad}


def _moons(seed: int, m_dev: int):
    """40 noisy training points and a dev set of the same moons."""
    rng = np.random.default_rng(seed)
    X, y = moons(40, rng=rng, noise=0.3)
    X_dev, y_dev = moons(m_dev, rng=rng, noise=0.3)
    return X, y[np.newaxis].astype(float), X_dev, y_dev[np.newaxis].astype(float)


def _net(seed: int, hidden: int = 32) -> Sequential:
    rng = np.random.default_rng(seed)
    return Sequential([Dense(2, hidden, rng=rng), ReLU(), Dense(hidden, hidden, rng=rng), ReLU(),
                       Dense(hidden, 1, rng=rng), Sigmoid()])


def boundaries() -> Figure:
    """The same tanh net on the same 40 points, trained with three values of lambda."""
    X, Y, _, _ = _moons(0, 1)
    g1, g2 = np.meshgrid(np.linspace(-1.6, 2.6, 150), np.linspace(-1.3, 1.8, 120))
    grid = np.stack([g1.ravel(), g2.ravel()])
    fig, axes = new_figure(3, 1, width=9.6, height=3.0)
    background = ListedColormap(["#c5cae9", "#ffe0b2"])
    for ax, lambd in zip(axes, (0.0, 0.5, 2.0), strict=True):
        rng = np.random.default_rng(0)
        model = Sequential([Dense(2, 32, rng=rng, init=xavier), Tanh(),
                            Dense(32, 32, rng=rng, init=xavier), Tanh(),
                            Dense(32, 1, rng=rng, init=xavier), Sigmoid()])
        fit(model, X, Y, **BCE, optimizer=Adam(lr=0.02), epochs=400, lambd=lambd)
        A = predict(model, grid).reshape(g1.shape)
        ax.contourf(g1, g2, A > 0.5, levels=[-0.5, 0.5, 1.5], cmap=background)
        ax.contour(g1, g2, A, levels=[0.5], colors="black", linewidths=1.2)
        ax.scatter(*X[:, Y[0] == 0], s=16, color=BLUE, edgecolor="white", linewidth=0.5)
        ax.scatter(*X[:, Y[0] == 1], s=16, color=ORANGE, edgecolor="white", linewidth=0.5)
        ax.set_title(rf"$\lambda = {lambd:g}$")
        ax.set_xlabel(r"$x_1$")
        ax.grid(False)
    axes[0].set_ylabel(r"$x_2$")
    return fig


def weight_histograms() -> Figure:
    """Weights of a logistic regression on 100 features (5 useful), L1 vs L2 penalty."""
    rng = np.random.default_rng(0)
    n, m = 100, 200
    X = rng.normal(size=(n, m))
    w_true = np.zeros((1, n))
    w_true[0, :5] = [3.0, -3.0, 2.0, -2.0, 2.0]
    Y = (rng.random((1, m)) < sigmoid(w_true @ X)).astype(float)
    bins = np.linspace(-2.05, 2.05, 42)  # one bin centred on 0
    fig, axes = new_figure(2, 1, width=8.0, height=3.0)
    for ax, penalty_grad, label, color in [(axes[0], l1_grad, r"$L_1$", GREEN),
                                           (axes[1], l2_grad, r"$L_2$", RED)]:
        w, b = np.zeros((1, n)), 0.0
        for _ in range(500):
            dZ = binary_cross_entropy_with_logits_grad(w @ X + b, Y)
            w -= 0.5 * (dZ @ X.T + penalty_grad(w, lambd=4.0, m=m))
            b -= 0.5 * float(dZ.sum())
        ax.hist(w.ravel(), bins=bins, color=color, label=label)
        ax.set_xlabel(r"$w_j$")
        ax.set_ylim(0, 100)
        ax.legend(loc="upper right")
    return fig


def early_stopping() -> Figure:
    """Training and dev cost of an overfitting net; the dotted line is the best dev epoch."""
    X, Y, X_dev, Y_dev = _moons(0, 200)
    history = fit(_net(0), X, Y, **BCE, optimizer=Adam(lr=0.01), epochs=400,
                  X_dev=X_dev, Y_dev=Y_dev, patience=100)
    epochs = np.arange(len(history.train_cost))
    fig, ax = new_figure(1, 1, width=5.6, height=3.4)
    ax.plot(epochs, history.train_cost, color=BLUE, label=r"$J_{\mathrm{train}}$")
    ax.plot(epochs, history.dev_cost, color=ORANGE, label=r"$J_{\mathrm{dev}}$")
    best = history.best_epoch
    ax.axvline(best, color=GREEN, linestyle=":", linewidth=1.5)
    ax.plot(best, history.dev_cost[best], "o", color=GREEN)
    ax.set_xlabel(r"$t$")
    ax.set_ylabel(r"$J$")
    ax.legend(loc="upper right")
    return fig
