"""Figures of the "Softmax and softmax regression" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, Figure, new_figure
from matplotlib.colors import ListedColormap

from dlnotes.activations import softmax
from dlnotes.datasets import blobs, one_hot
from dlnotes.layers import Dense
from dlnotes.losses import softmax_cross_entropy_grad
from dlnotes.optimizers import SGD

COLORS = [BLUE, ORANGE, GREEN]
MARKERS = ["o", "s", "^"]


def _trained_classifier() -> tuple[Dense, np.ndarray, np.ndarray]:
    """The page's softmax regression: blobs, one Dense layer, 200 epochs of SGD."""
    rng = np.random.default_rng(0)
    X, y = blobs(300, rng=rng)
    Y = one_hot(y, 3)
    layer = Dense(2, 3, rng=rng)
    optimizer = SGD(lr=0.5)
    for _ in range(200):
        Z = layer.forward(X, training=True)
        layer.backward(softmax_cross_entropy_grad(Z, Y))
        optimizer.step(layer.params, layer.grads)
    return layer, X, y


def decision_regions() -> Figure:
    """Regions where each class has the largest probability, with the training points."""
    layer, X, y = _trained_classifier()
    x1, x2 = np.meshgrid(np.linspace(-6, 6, 300), np.linspace(-5, 6.5, 300))
    grid = np.stack([x1.ravel(), x2.ravel()])
    P = softmax(layer.forward(grid, training=False))
    fig, ax = new_figure(1, 1, width=5.6, height=4.6)
    ax.contourf(x1, x2, P.argmax(axis=0).reshape(x1.shape), levels=[-0.5, 0.5, 1.5, 2.5],
                cmap=ListedColormap(COLORS), alpha=0.18)
    ax.contour(x1, x2, P.max(axis=0).reshape(x1.shape), levels=[0.9],
               colors="0.35", linewidths=0.7, linestyles="--")
    for k in range(3):
        ax.scatter(*X[:, y == k], s=16, color=COLORS[k], marker=MARKERS[k],
                   edgecolors="white", linewidths=0.4, label=rf"$y={k}$")
    ax.set_xlabel(r"$x_1$")
    ax.set_ylabel(r"$x_2$")
    ax.set_aspect("equal")
    ax.grid(False)
    ax.legend(loc="upper left", handletextpad=0.2)
    return fig
