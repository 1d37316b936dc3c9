"""Figures of the "Initialization" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, RED, Figure, new_figure

from dlnotes import initializers as init
from dlnotes.layers import Dense, ReLU, Tanh

WIDTH, DEPTH, M = 256, 10, 200  # units per layer, layers, random input examples
SCHEMES = [
    (r"$W = 0$", init.zeros, RED),
    (r"$0.01\,\mathcal{N}(0, 1)$", init.small_random, GREEN),
    (r"$\mathcal{N}(0, 1/n)$", init.xavier, BLUE),
    (r"$\mathcal{N}(0, 2/n)$", init.he, ORANGE),
]


def _activations(scheme, activation, seed: int = 0) -> list[np.ndarray]:
    """Activations of every layer of a deep net on standard-normal input."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(WIDTH, M))
    out = []
    for _ in range(DEPTH):
        Z = Dense(WIDTH, WIDTH, rng=rng, init=scheme).forward(A, training=False)
        A = activation().forward(Z, training=False)
        out.append(A)
    return out


def tanh_histograms() -> Figure:
    """Histograms of the activations of a 10-layer tanh net, one row per scheme."""
    shown = [1, 2, 4, 7, 10]
    fig, axes = new_figure(len(shown), len(SCHEMES), width=9.6, height=6.4)
    bins = np.linspace(-1, 1, 42)  # an odd number of bins: one centred on 0
    for row, (label, scheme, color) in zip(axes, SCHEMES, strict=True):
        layers = _activations(scheme, Tanh)
        for ax, layer in zip(row, shown, strict=True):
            counts, _ = np.histogram(layers[layer - 1], bins=bins)
            ax.stairs(counts, bins, fill=True, color=color)
            ax.set_xlim(-1, 1)
            ax.set_yticks([])
            ax.set_xticks([-1, 0, 1])
            ax.grid(False)
        row[0].set_ylabel(label, fontsize=11)
    for ax, layer in zip(axes[0], shown, strict=True):
        ax.set_title(rf"$l = {layer}$")
    for ax in axes[-1]:
        ax.set_xlabel(r"$a^{[l]}$")
    return fig


def std_per_layer() -> Figure:
    """Standard deviation of the activations, layer by layer, for tanh and ReLU nets."""
    fig, axes = new_figure(2, 1, width=8.4, height=3.4)
    layers = np.arange(1, DEPTH + 1)
    for ax, activation, title in [(axes[0], Tanh, r"$\tanh$"), (axes[1], ReLU, r"$\mathrm{ReLU}$")]:
        for label, scheme, color in SCHEMES[1:]:  # W = 0 gives std 0: nothing to draw on a log axis
            stds = [a.std() for a in _activations(scheme, activation)]
            ax.semilogy(layers, stds, "o-", color=color, markersize=4, label=label)
        ax.set_title(title)
        ax.set_xlabel(r"$l$")
        ax.set_xticks(layers)
        ax.set_ylim(1e-11, 5)
    axes[0].set_ylabel(r"$\mathrm{std}(a^{[l]})$")
    axes[0].legend(loc="lower left")
    return fig
