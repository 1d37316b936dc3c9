"""Figures of the "Autoencoders" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, RED, Figure, new_figure

from dlnotes.autoencoder import make_autoencoder
from dlnotes.datasets import blobs
from dlnotes.losses import mse, mse_grad
from dlnotes.optimizers import Adam
from dlnotes.training import fit, predict

CLASS_COLORS = np.array([BLUE, ORANGE, GREEN])


def latent_space() -> Figure:
    """Left: the hidden 2-D coordinates of the 8-D data. Right: the learned 2-D code.

    The data are those of the page's first snippet: three blobs on a plane in
    8-D, plus noise. The autoencoder never sees the classes (colours).
    """
    rng = np.random.default_rng(0)
    z, y = blobs(300, rng=rng, std=0.3)
    U, _ = np.linalg.qr(rng.normal(size=(8, 2)))
    X = U @ z + 0.1 * rng.normal(size=(8, 300))
    encoder, _, autoencoder = make_autoencoder(8, 16, 2, rng=rng)
    fit(autoencoder, X, X, cost=mse, cost_grad=mse_grad, optimizer=Adam(lr=0.03), epochs=300)
    code = predict(encoder, X)

    fig, (left, right) = new_figure(2, 1, width=8.0, height=3.6)
    left.scatter(z[0], z[1], c=CLASS_COLORS[y], s=10, alpha=0.7, linewidths=0)
    left.set_xlabel(r"$z_1$")
    left.set_ylabel(r"$z_2$")
    right.scatter(code[0], code[1], c=CLASS_COLORS[y], s=10, alpha=0.7, linewidths=0)
    right.set_xlabel(r"$h_1$")
    right.set_ylabel(r"$h_2$")
    for ax in (left, right):
        ax.set_aspect("equal", adjustable="datalim")
    return fig


def reconstructions() -> Figure:
    """Noisy points on an arc and their reconstructions through a 1-D code.

    Left: linear autoencoder (no hidden layer): the reconstructions lie on a
    line, the first principal direction. Right: a hidden tanh layer of 16 units
    on each side: the reconstructions follow the arc.
    """
    rng = np.random.default_rng(1)
    t = rng.uniform(0.0, np.pi, 200)
    X = np.stack([np.cos(t), np.sin(t)]) + 0.05 * rng.normal(size=(2, 200))
    fig, axes = new_figure(2, 1, width=8.0, height=2.9)
    for ax, n_hidden in zip(axes, [(), 16], strict=True):
        _, _, autoencoder = make_autoencoder(2, n_hidden, 1, rng=rng)
        fit(autoencoder, X, X, cost=mse, cost_grad=mse_grad, optimizer=Adam(lr=0.02),
            epochs=400)
        X_hat = predict(autoencoder, X)
        ax.plot(np.stack([X[0], X_hat[0]]), np.stack([X[1], X_hat[1]]), color="0.75",
                linewidth=0.6)
        ax.scatter(X[0], X[1], s=8, color="0.45", linewidths=0, label=r"$x$")
        ax.scatter(X_hat[0], X_hat[1], s=8, color=RED, linewidths=0, label=r"$\hat{x}$")
        ax.set_xlabel(r"$x_1$")
        ax.set_aspect("equal")
        ax.set_xlim(-1.4, 1.4)
        ax.set_ylim(-0.4, 1.3)
    axes[0].set_ylabel(r"$x_2$")
    axes[0].legend(loc="lower center", ncols=2, markerscale=2)
    return fig
