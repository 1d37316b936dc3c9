"""Figures of the "Optimization algorithms" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, BROWN, GREEN, ORANGE, PURPLE, RED, TEAL, Figure, new_figure

from dlnotes import optimizers as opt
from dlnotes.ewa import ewa

# The ill-conditioned quadratic f(w) = (a1 w1^2 + a2 w2^2) / 2, as on the page.
CURVATURE = np.array([0.02, 1.0])
START = np.array([-4.0, 1.5])
STEPS = 100


def _optimizers() -> list[tuple[str, object, str]]:
    """Fresh optimizers with the hyperparameters of the page, and their colours."""
    return [
        ("SGD", opt.SGD(lr=1.8), BLUE),
        ("Momentum", opt.Momentum(lr=2.0, beta=0.9), ORANGE),
        ("Nesterov", opt.Nesterov(lr=0.2, beta=0.9), GREEN),
        ("Adagrad", opt.Adagrad(lr=0.5), RED),
        ("Adadelta", opt.Adadelta(rho=0.9, eps=1e-3), PURPLE),
        ("RMSprop", opt.RMSprop(lr=0.05, beta=0.9), TEAL),
        ("Adam", opt.Adam(lr=0.1), BROWN),
    ]


def _f(w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    return 0.5 * (CURVATURE[0] * w1**2 + CURVATURE[1] * w2**2)


def _path(optimizer) -> np.ndarray:
    params = {"w": START.copy()}
    path = [params["w"].copy()]
    for _ in range(STEPS):
        optimizer.step(params, {"w": CURVATURE * params["w"]})
        path.append(params["w"].copy())
    return np.array(path)


def trajectories() -> Figure:
    """The path of each optimizer over the contours of the quadratic, one panel each."""
    fig, axes = new_figure(4, 2, width=10.0, height=4.6)
    g1, g2 = np.meshgrid(np.linspace(-4.6, 2.0, 111), np.linspace(-1.8, 1.8, 61))
    levels = _f(np.array([0.25, 0.5, 1, 1.5, 2, 3, 4, 5]), 0.0)
    for ax, (name, optimizer, color) in zip(axes.flat, _optimizers(), strict=False):
        path = _path(optimizer)
        ax.contour(g1, g2, _f(g1, g2), levels=levels, colors="0.75", linewidths=0.7)
        ax.plot(path[:, 0], path[:, 1], "o-", color=color, markersize=2, linewidth=1)
        ax.plot(0, 0, "k*", markersize=7)
        ax.set_title(name, fontsize=10)
        ax.set_xlim(-4.6, 2.0)
        ax.set_ylim(-1.8, 1.8)
        ax.grid(False)
    for ax in axes[1]:
        ax.set_xlabel(r"$w_1$")
    for ax in axes[:, 0]:
        ax.set_ylabel(r"$w_2$")
    axes[1, 3].axis("off")
    return fig


def loss_curves() -> Figure:
    """Loss against iteration for every optimizer, log scale."""
    fig, ax = new_figure(1, 1, width=7.0, height=3.8)
    for name, optimizer, color in _optimizers():
        path = _path(optimizer)
        loss = _f(path[:, 0], path[:, 1])
        ax.semilogy(np.arange(STEPS + 1), np.maximum(loss, 1e-9), color=color, label=name)
    ax.set_xlabel(r"$t$")
    ax.set_ylabel(r"$f(w_t)$")
    ax.set_ylim(1e-9, 10)
    ax.legend(loc="lower left", ncols=2, fontsize=9)
    return fig


def ewa_bias_correction() -> Figure:
    """EWA of a noisy series, with and without bias correction, for two betas."""
    rng = np.random.default_rng(3)
    t = np.arange(1, 151)
    theta = 20 + 8 * np.sin(t / 25) + rng.normal(scale=3, size=t.size)
    fig, axes = new_figure(2, 1, width=9.0, height=3.4)
    for ax, beta in zip(axes, [0.9, 0.98], strict=True):
        ax.plot(t, theta, ".", color="0.6", markersize=4, label=r"$\theta_t$")
        ax.plot(t, ewa(theta, beta=beta, bias_correction=False), "--", color=RED, label=r"$v_t$")
        ax.plot(t, ewa(theta, beta=beta), color=BLUE, label=r"$v_t / (1 - \beta^t)$")
        ax.set_title(rf"$\beta = {beta}$")
        ax.set_xlabel(r"$t$")
        ax.set_ylim(0, 38)
    axes[0].legend(loc="lower right")
    return fig
