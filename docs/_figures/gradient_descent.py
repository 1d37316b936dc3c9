"""Figures of the "Gradient descent, step by step" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, PURPLE, RED, Figure, new_figure

from dlnotes.datasets import minibatches, noisy_polynomial, statquest_line
from dlnotes.layers import Dense
from dlnotes.linear import gradient_descent, ssr, ssr_grad
from dlnotes.losses import mse, mse_grad
from dlnotes.optimizers import SGD

WEIGHT, HEIGHT = statquest_line()
SLOPE = 0.64


def _intercept_path(lr: float, max_steps: int = 1000) -> np.ndarray:
    return gradient_descent(
        lambda b: ssr_grad(float(b), SLOPE, WEIGHT, HEIGHT)[0], 0.0, lr=lr, max_steps=max_steps
    )


def ssr_steps() -> Figure:
    """SSR against the intercept, with the points visited by gradient descent."""
    path = _intercept_path(0.1)
    b = np.linspace(-0.3, 2.2, 200)
    fig, ax = new_figure(1, 1, width=6.0, height=3.6)
    ax.plot(b, [ssr(v, SLOPE, WEIGHT, HEIGHT) for v in b], color=BLUE)
    values = [ssr(v, SLOPE, WEIGHT, HEIGHT) for v in path]
    for k in range(3):  # tangent lines at the first points: their slope is the derivative
        d = ssr_grad(path[k], SLOPE, WEIGHT, HEIGHT)[0]
        t = np.array([-0.25, 0.25])
        ax.plot(path[k] + t, values[k] + d * t, color=GREEN, linewidth=1.2)
    ax.plot(path, values, color=ORANGE, linewidth=0.8, linestyle=":")
    ax.scatter(path, values, color=ORANGE, s=22, zorder=3)
    for k in range(3):
        ax.annotate(rf"$b_{k}$", (path[k], values[k]), textcoords="offset points",
                    xytext=(6, 4))
    ax.set_xlabel(r"$b$")
    ax.set_ylabel(r"$\mathrm{SSR}(b)$")
    return fig


def both_parameters() -> Figure:
    """Contours of SSR(intercept, slope) with the path of gradient descent."""
    b, s = np.meshgrid(np.linspace(-0.2, 1.6, 200), np.linspace(0.2, 1.15, 200))
    r = HEIGHT[:, None, None] - (b + s * WEIGHT[:, None, None])
    surface = np.sum(r**2, axis=0)
    coarse = gradient_descent(lambda t: ssr_grad(t[0], t[1], WEIGHT, HEIGHT), [0.0, 1.0],
                              lr=0.01)
    fine = gradient_descent(lambda t: ssr_grad(t[0], t[1], WEIGHT, HEIGHT), [0.0, 1.0],
                            lr=0.01, tol=1e-6)
    best = np.linalg.lstsq(np.column_stack([np.ones(3), WEIGHT]), HEIGHT, rcond=None)[0]
    fig, ax = new_figure(1, 1, width=6.0, height=3.8)
    ax.contour(b, s, surface, levels=np.geomspace(0.7, 12, 12), colors="0.6", linewidths=0.7)
    ax.plot(fine[:, 0], fine[:, 1], color=BLUE, linewidth=1.5, label=r"$\varepsilon=10^{-6}$")
    ax.plot(coarse[:, 0], coarse[:, 1], color=ORANGE, linewidth=2.5,
            label=r"$\varepsilon=10^{-3}$")
    ax.plot(*coarse[-1], "o", color=ORANGE)
    ax.plot(*best, "*", color=RED, markersize=12, label=r"$(b^*, s^*)$")
    ax.set_xlabel(r"$b$")
    ax.set_ylabel(r"$s$")
    ax.legend(loc="upper right")
    return fig


def learning_rates() -> Figure:
    """The intercept and the SSR along the steps, for several learning rates."""
    fig, axes = new_figure(2, 1, width=9.0, height=3.6)
    best = np.mean(HEIGHT - SLOPE * WEIGHT)
    for lr, color in [(0.01, GREEN), (0.1, BLUE), (0.3, ORANGE), (0.35, RED)]:
        path = _intercept_path(lr, max_steps=30)
        axes[0].plot(path, color=color, marker="o", markersize=2.5, linewidth=1,
                     label=rf"$\alpha={lr}$")
        axes[1].plot([ssr(v, SLOPE, WEIGHT, HEIGHT) for v in path], color=color,
                     marker="o", markersize=2.5, linewidth=1)
    axes[0].axhline(best, color="0.4", linewidth=0.8, linestyle="--")
    axes[0].set_ylim(-1.5, 3.5)
    axes[0].set_ylabel(r"$b_k$")
    fig.legend(loc="outside lower center", ncols=4)
    axes[1].set_yscale("log")
    axes[1].set_ylabel(r"$\mathrm{SSR}(b_k)$")
    for ax in axes:
        ax.set_xlabel(r"$k$")
        ax.set_xlim(0, 30)
    return fig


def batch_sizes() -> Figure:
    """Cost per iteration for batch, mini-batch and stochastic gradient descent."""
    rng = np.random.default_rng(0)
    x, y = noisy_polynomial(512, rng=rng, coeffs=(1.0, 2.0))
    X, Y = x.reshape(1, -1), y.reshape(1, -1)
    iterations = 200
    fig, axes = new_figure(3, 1, width=9.6, height=3.0)
    for ax, batch_size, color in zip(axes, [512, 32, 1], [BLUE, ORANGE, PURPLE], strict=True):
        layer, optimizer = Dense(1, 1, rng=np.random.default_rng(1)), SGD(lr=0.05)
        batch_costs, full_costs = [], []
        while len(batch_costs) < iterations:
            for X_batch, Y_batch in minibatches(X, Y, batch_size=batch_size, rng=rng):
                full_costs.append(mse(layer.forward(X, training=False), Y))
                A = layer.forward(X_batch, training=True)
                batch_costs.append(mse(A, Y_batch))
                layer.backward(mse_grad(A, Y_batch))
                optimizer.step(layer.params, layer.grads)
                if len(batch_costs) == iterations:
                    break
        ax.plot(batch_costs, color=color, linewidth=0.9, label=r"$J^{\{t\}}$")
        ax.plot(full_costs, color="0.25", linewidth=1.2, linestyle="--", label=r"$J$")
        ax.set_title(rf"$B = {batch_size}$")
        ax.set_yscale("log")
        ax.set_ylim(0.01, 10)
        ax.set_xlabel(r"$t$")
        ax.legend(loc="upper right")
    return fig
