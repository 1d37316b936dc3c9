"""Figures of the "Backpropagation" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, RED, Figure, new_figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from dlnotes.initializers import he, xavier
from dlnotes.layers import Dense, ReLU, Sequential, Sigmoid, Tanh
from dlnotes.losses import binary_cross_entropy_with_logits_grad


def _graph_values() -> tuple[dict[str, float], dict[str, float]]:
    """Forward values and dJ/d(node) of J = (w x + b - y)^2 at the page's numbers."""
    w, x, b, y = 3.0, 2.0, 1.0, 4.0
    u = w * x
    z = u + b
    e = z - y
    J = e**2
    d = {"J": 1.0}
    d["e"] = d["J"] * 2 * e
    d["z"] = d["e"] * 1.0
    d["y"] = d["e"] * -1.0
    d["u"] = d["z"] * 1.0
    d["b"] = d["z"] * 1.0
    d["w"] = d["u"] * x
    d["x"] = d["u"] * w
    return {"w": w, "x": x, "b": b, "y": y, "u": u, "z": z, "e": e, "J": J}, d


def computational_graph() -> Figure:
    """The graph of J = (w x + b - y)^2: forward values above, dJ/d(node) below each node."""
    value, grad = _graph_values()
    pos = {"w": (0, 3.2), "x": (0, 1.6), "u": (2.9, 2.4), "b": (2.9, 0.5), "z": (5.8, 1.5),
           "y": (5.8, -0.4), "e": (8.7, 0.6), "J": (11.4, 0.6)}
    label = {"w": "w", "x": "x", "b": "b", "y": "y", "u": r"u = wx", "z": r"z = u + b",
             "e": r"e = z - y", "J": r"J = e^2"}
    edges = [("w", "u", "x"), ("x", "u", "w"), ("u", "z", "1"), ("b", "z", "1"),
             ("z", "e", "1"), ("y", "e", "-1"), ("e", "J", "2e")]
    half = 0.8  # half the width of a node box
    fig, ax = new_figure(1, 1, width=9.6, height=4.0)
    for name, (px, py) in pos.items():
        leaf = name in "wxby"
        ax.add_patch(FancyBboxPatch((px - half, py - 0.27), 2 * half, 0.54,
                                    boxstyle="round,pad=0.02,rounding_size=0.2",
                                    facecolor="white" if leaf else "#e8eaf6",
                                    edgecolor="0.3", linewidth=1))
        ax.text(px, py, f"${label[name]}$", ha="center", va="center", fontsize=11)
        ax.text(px, py + 0.45, f"${value[name]:g}$", ha="center", va="center",
                color=BLUE, fontsize=11)
        ax.text(px, py - 0.47, rf"$\partial J / \partial {name} = {grad[name]:g}$",
                ha="center", va="center", color=RED, fontsize=10)
    for start, end, local in edges:
        (x0, y0), (x1, y1) = pos[start], pos[end]
        x0, x1 = x0 + half, x1 - half
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>",
                                     mutation_scale=12, color="0.35", linewidth=1,
                                     shrinkA=2, shrinkB=2))
        angle = np.degrees(np.arctan2(y1 - y0, x1 - x0))
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.06, rf"$\partial {end} / \partial {start} = {local}$",
                ha="center", va="bottom", color=GREEN, fontsize=9, rotation=angle,
                rotation_mode="anchor")
    ax.set_xlim(-1.0, 12.3)
    ax.set_ylim(-1.05, 3.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def gradient_per_layer() -> Figure:
    """Size of dW for each layer of a deep network, for three activations."""
    rng = np.random.default_rng(0)
    n, depth, m = 30, 8, 200
    X = rng.normal(size=(n, m))
    Y = (rng.random(size=(1, m)) < 0.5).astype(float)
    fig, ax = new_figure(1, 1, width=6.0, height=3.4)
    for act, init, color, name in [(Sigmoid, xavier, ORANGE, r"\sigma"),
                                   (Tanh, xavier, BLUE, r"\tanh"),
                                   (ReLU, he, GREEN, r"\mathrm{ReLU}")]:
        layers = []
        for _ in range(depth):
            layers += [Dense(n, n, rng=rng, init=init), act()]
        model = Sequential([*layers, Dense(n, 1, rng=rng, init=init)])
        Z = model.forward(X, training=True)
        model.backward(binary_cross_entropy_with_logits_grad(Z, Y))
        norms = [np.linalg.norm(g) for k, g in model.grads.items() if k.endswith(".W")]
        ax.plot(range(1, len(norms) + 1), norms, color=color, marker="o", markersize=4,
                label=rf"$g = {name}$")
    ax.set_yscale("log")
    ax.set_xlabel(r"$l$")
    ax.set_ylabel(r"$\Vert dW^{[l]} \Vert$")
    ax.legend(loc="lower right")
    return fig
