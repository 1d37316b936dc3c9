"""Figures of the "Neural networks: from logistic regression to deep nets" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, PURPLE, RED, Figure, new_figure
from matplotlib.patches import Rectangle

from dlnotes.activations import sigmoid
from dlnotes.datasets import moons
from dlnotes.initializers import xavier
from dlnotes.layers import Dense, Sequential, Tanh
from dlnotes.losses import binary_cross_entropy_with_logits_grad
from dlnotes.optimizers import SGD

CELL = 0.42  # side of one matrix entry in the shapes diagram
# Centre of each slot of the diagram: W, X, +, b, =, Z, sigma-arrow, A.
SLOTS = [0.7, 2.9, 4.35, 5.8, 7.25, 8.7, 10.25, 11.8]


def _matrix(ax, xc, rows, cols, color, label, *, strong=(), copies=0) -> None:
    """Draw a rows x cols grid whose first ``max(cols, 1 + copies)`` columns are centred on xc.

    ``strong`` lists the (row, col) cells drawn darker. ``copies`` adds that many
    faded, dashed copies of the grid to its right (what broadcasting adds).
    """
    width = (cols + copies) * CELL
    x0, top = xc - width / 2, rows * CELL / 2
    for r in range(rows):
        for c in range(cols + copies):
            faded = c >= cols
            alpha = 0.08 if faded else (0.75 if (r, c) in strong else 0.28)
            corner = (x0 + c * CELL, top - (r + 1) * CELL)
            ax.add_patch(Rectangle(corner, CELL, CELL, facecolor=color, alpha=alpha,
                                   edgecolor="none"))
            ax.add_patch(Rectangle(corner, CELL, CELL, fill=False, edgecolor=color,
                                   linewidth=0.8, linestyle="--" if faded else "-"))
    if copies:
        ax.annotate(
            "", xy=(x0 + width, top + 0.2), xytext=(x0 + CELL / 2, top + 0.2),
            arrowprops={"arrowstyle": "->", "linewidth": 1.0, "color": color},
        )
    ax.text(xc, -1.2, label, ha="center", va="top", fontsize=10.5)


def _operator(ax, xc, symbol) -> None:
    ax.text(xc, 0, symbol, ha="center", va="center", fontsize=15)


def _sigma_arrow(ax, xc) -> None:
    ax.annotate(
        "", xy=(xc + 0.45, 0), xytext=(xc - 0.45, 0),
        arrowprops={"arrowstyle": "->", "linewidth": 1.3, "color": "0.25"},
    )
    ax.text(xc, 0.12, r"$\sigma$", ha="center", va="bottom", fontsize=13)


def shapes() -> Figure:
    """Shapes of the vectorized forward pass of a layer with 4 units and 3 inputs.

    Top: one example, z = W x + b. Bottom: m = 5 examples side by side, Z = W X + b,
    with b copied to every column (dashed: the broadcast copies). The darker cells
    show that row 1 of W and column 1 of X (with b_1) make entry (1, 1) of Z, and
    that entry (1, 1) of A is sigma of it.
    """
    fig, axes = new_figure(1, 2, width=8.4, height=4.0)
    m = 5
    for ax, many in zip(axes, [False, True], strict=True):
        cols = m if many else 1
        w, x_, b, eq, z, arrow, a = (SLOTS[i] for i in (0, 1, 3, 4, 5, 6, 7))
        _matrix(ax, w, 4, 3, BLUE, r"$W^{[1]}\in\mathbb{R}^{4\times 3}$",
                strong=[(0, c) for c in range(3)])
        _matrix(ax, x_, 3, cols, GREEN,
                r"$X\in\mathbb{R}^{3\times m}$" if many else r"$x\in\mathbb{R}^{3\times 1}$",
                strong=[(r, 0) for r in range(3)])
        _operator(ax, SLOTS[2], "$+$")
        _matrix(ax, b, 4, 1, ORANGE, r"$b^{[1]}\in\mathbb{R}^{4\times 1}$",
                strong=[(0, 0)], copies=m - 1 if many else 0)
        _operator(ax, eq, "$=$")
        _matrix(ax, z, 4, cols, PURPLE,
                r"$Z^{[1]}\in\mathbb{R}^{4\times m}$" if many
                else r"$z^{[1]}\in\mathbb{R}^{4\times 1}$",
                strong=[(0, 0)])
        _sigma_arrow(ax, arrow)
        _matrix(ax, a, 4, cols, RED,
                r"$A^{[1]}\in\mathbb{R}^{4\times m}$" if many
                else r"$a^{[1]}\in\mathbb{R}^{4\times 1}$",
                strong=[(0, 0)])
        ax.set_xlim(-0.2, 13.1)
        ax.set_ylim(-1.8, 1.3)
        ax.set_aspect("equal")
        ax.axis("off")
    return fig


def _train_tiny_net():
    """The 2-8-1 tanh network of the page, trained for 300 steps of gradient descent on moons."""
    rng = np.random.default_rng(0)
    X, y = moons(200, rng=rng, noise=0.2)
    Y = y[None, :].astype(float)
    model = Sequential([Dense(2, 8, rng=rng, init=xavier), Tanh(), Dense(8, 1, rng=rng, init=xavier)])
    optimizer = SGD(lr=1.0)
    for _ in range(300):
        Z = model.forward(X, training=True)
        model.backward(binary_cross_entropy_with_logits_grad(Z, Y))
        optimizer.step(model.params, model.grads)
    return model, X, y


def decision_surface() -> Figure:
    """Output a = sigma(z) of a tiny trained net over the plane, with the data and a = 0.5."""
    model, X, y = _train_tiny_net()
    g1, g2 = np.meshgrid(np.linspace(-1.7, 2.7, 221), np.linspace(-1.4, 1.8, 161))
    grid = np.stack([g1.ravel(), g2.ravel()])
    a = sigmoid(model.forward(grid, training=False)).reshape(g1.shape)
    fig, ax = new_figure(1, 1, width=6.0, height=4.0)
    filled = ax.contourf(g1, g2, a, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.55)
    ax.contour(g1, g2, a, levels=[0.5], colors="0.15", linewidths=1.5)
    ax.scatter(*X[:, y == 0], s=14, color=BLUE, edgecolor="white", linewidth=0.4, label="$y=0$")
    ax.scatter(*X[:, y == 1], s=14, color=RED, edgecolor="white", linewidth=0.4, label="$y=1$")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)
    ax.legend(loc="lower left", frameon=True, framealpha=0.9)
    fig.colorbar(filled, ax=ax, label=r"$\hat{y} = \sigma(z^{[2]})$", ticks=[0, 0.5, 1])
    return fig
