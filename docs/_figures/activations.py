"""Figures of the "Activation functions" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, RED, Figure, new_figure

from dlnotes import activations as act

Z = np.linspace(-5, 5, 401)


def curves() -> Figure:
    """Each activation (solid) with its derivative (dashed)."""
    fig, axes = new_figure(4, 1, width=9.6, height=2.8)
    pairs = [
        (r"$\sigma(z)$", act.sigmoid, act.sigmoid_grad),
        (r"$\tanh(z)$", act.tanh, act.tanh_grad),
        (r"$\mathrm{ReLU}(z)$", act.relu, act.relu_grad),
        (r"$\mathrm{LeakyReLU}(z),\ \alpha=0.1$",
         lambda z: act.leaky_relu(z, 0.1), lambda z: act.leaky_relu_grad(z, 0.1)),
    ]
    for ax, (title, g, g_grad) in zip(axes, pairs, strict=True):
        ax.plot(Z, g(Z), color=BLUE, label=r"$g(z)$")
        ax.plot(Z, g_grad(Z), color=ORANGE, linestyle="--", label=r"$g'(z)$")
        ax.set_title(title)
        ax.set_xlabel(r"$z$")
        ax.set_ylim(-1.2, 1.6)
    axes[0].legend(loc="upper left")
    return fig


def saturation() -> Figure:
    """Where sigmoid and tanh saturate: derivative below 5 % of its peak."""
    fig, axes = new_figure(2, 1, width=8.0, height=3.0)
    for ax, g, g_grad, name in [
        (axes[0], act.sigmoid, act.sigmoid_grad, r"\sigma"),
        (axes[1], act.tanh, act.tanh_grad, r"\tanh"),
    ]:
        d = g_grad(Z)
        flat = d < 0.05 * d.max()
        ax.fill_between(Z, -1.1, 1.1, where=flat, color=RED, alpha=0.12, linewidth=0)
        ax.plot(Z, g(Z), color=BLUE, label=rf"${name}(z)$")
        ax.plot(Z, d, color=ORANGE, linestyle="--", label=rf"${name}'(z)$")
        ax.set_xlabel(r"$z$")
        ax.set_ylim(-1.1, 1.1)
        ax.legend(loc="upper left")
    return fig


def maxout_pieces() -> Figure:
    """Maxout of five lines approximates a convex curve; with pieces 0 and z it is ReLU."""
    fig, axes = new_figure(2, 1, width=8.0, height=3.0)
    pieces = np.stack([np.zeros_like(Z), Z])
    axes[0].plot(Z, pieces[0], color=GREEN, linewidth=1, linestyle=":")
    axes[0].plot(Z, pieces[1], color=GREEN, linewidth=1, linestyle=":")
    axes[0].plot(Z, act.maxout(pieces), color=BLUE, linewidth=2.5, label=r"$\max(0, z)$")
    axes[0].legend(loc="upper left")
    t = np.array([-4.0, -2.0, 0.0, 2.0, 4.0])  # pieces touch 0.3 z^2 - 0.5 at z = t
    w, b = 0.6 * t, -0.3 * t**2 - 0.5
    pieces = w[:, None] * Z + b[:, None]
    for p in pieces:
        axes[1].plot(Z, p, color=GREEN, linewidth=1, linestyle=":")
    axes[1].plot(Z, act.maxout(pieces), color=BLUE, linewidth=2.5, label=r"$\max_j(w_j z + b_j)$")
    axes[1].plot(Z, 0.3 * Z**2 - 0.5, color=ORANGE, linestyle="--", label=r"$0.3z^2 - 0.5$")
    axes[1].legend(loc="upper center")
    for ax in axes:
        ax.set_xlabel(r"$z$")
        ax.set_ylim(-2, 5)
    return fig


def relu_from_sigmoids() -> Figure:
    """Sums of shifted sigmoids approach softplus, a smooth ReLU."""
    fig, ax = new_figure(1, 1, width=5.6, height=3.2)
    for n, color in [(2, GREEN), (5, ORANGE), (50, RED)]:
        total = sum(act.sigmoid(Z - i + 0.5) for i in range(1, n + 1))
        ax.plot(Z, total, color=color, linewidth=1.2, label=rf"$n={n}$")
    ax.plot(Z, act.relu(Z), color=BLUE, linewidth=2.5, alpha=0.6, label=r"$\mathrm{ReLU}(z)$")
    ax.plot(Z, act.softplus(Z), color="black", linewidth=1.2, linestyle="--",
            label=r"$\log(1 + e^{z})$")
    ax.set_xlabel(r"$z$")
    ax.set_ylim(-0.5, 5.5)
    ax.legend(loc="upper left")
    return fig
