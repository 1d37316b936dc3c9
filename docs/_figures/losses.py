"""Figures of the "Loss functions" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, RED, Figure, new_figure

from dlnotes.activations import sigmoid, sigmoid_grad
from dlnotes.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    hinge,
    mae,
    mse,
    mse_grad,
    softmax_cross_entropy,
)

Z = np.linspace(-4, 4, 161)
ONE = np.array([[1.0]])


def _each(loss, values, target) -> np.ndarray:
    """``loss`` (or a gradient) of one example at a time, as a curve over ``values``."""
    return np.array([np.asarray(loss(np.array([[v]]), target)).item() for v in values])


def shapes_of_losses() -> Figure:
    """Left: squared and absolute error against the error. Right: the losses of a
    class-1 example against its score z: hinge, logistic (binary cross-entropy on
    the logit), and the two-class softmax cross-entropy, which is the same curve."""
    fig, axes = new_figure(2, 1, width=8.4, height=3.2)
    e = np.linspace(-3, 3, 121)
    zero = np.array([[0.0]])
    axes[0].plot(e, _each(mse, e, zero), color=BLUE, label=r"$e^2$")
    axes[0].plot(e, _each(mae, e, zero), color=ORANGE, label=r"$|e|$")
    axes[0].set_xlabel(r"$e = a - y$")
    axes[0].set_ylabel(r"$L$")
    axes[0].set_ylim(-0.2, 4.5)
    axes[0].legend(loc="upper center")

    right = np.array([[0.0], [1.0]])  # two classes, the right one is class 1
    hinge_curve = [hinge(np.array([[0.0], [z]]), right) for z in Z]
    softmax_curve = [softmax_cross_entropy(np.array([[0.0], [z]]), right) for z in Z]
    axes[1].plot(Z, hinge_curve, color=GREEN, label=r"$\max(0,\,1 - z)$")
    axes[1].plot(Z, _each(binary_cross_entropy_with_logits, Z, ONE), color=RED,
                 label=r"$\log(1 + e^{-z})$")
    axes[1].plot(Z, softmax_curve, color="0.15", linestyle=":", linewidth=2.2,
                 label=r"$\mathrm{softmax}$, $K=2$")
    axes[1].set_xlabel(r"$z$")
    axes[1].set_ylim(-0.2, 4.5)
    axes[1].legend(loc="upper right")
    return fig


def saturation() -> Figure:
    """A sigmoid unit with label y = 1. Left: MSE and binary cross-entropy as functions
    of z. Right: their derivatives dJ/dz; the MSE one vanishes for very negative z."""
    fig, axes = new_figure(2, 1, width=8.4, height=3.2)
    z = np.linspace(-8, 4, 241)
    a = sigmoid(z)
    axes[0].plot(z, _each(mse, a, ONE), color=BLUE, label=r"$(\sigma(z) - 1)^2$")
    axes[0].plot(z, _each(binary_cross_entropy, a, ONE), color=ORANGE,
                 label=r"$-\log \sigma(z)$")
    axes[0].set_xlabel(r"$z$")
    axes[0].set_ylabel(r"$L$")
    axes[0].set_ylim(-0.3, 6)
    axes[0].legend(loc="upper right")

    d_mse = np.array([mse_grad(np.array([[s]]), ONE).item() for s in a]) * sigmoid_grad(z)
    d_bce = _each(binary_cross_entropy_with_logits_grad, z, ONE)
    axes[1].axhline(0, color="0.5", linewidth=0.8)
    axes[1].plot(z, d_mse, color=BLUE, label=r"$2(a - 1)\,a(1 - a)$")
    axes[1].plot(z, d_bce, color=ORANGE, label=r"$a - 1$")
    axes[1].set_xlabel(r"$z$")
    axes[1].set_ylabel(r"$\partial L / \partial z$")
    axes[1].set_ylim(-1.15, 0.15)
    axes[1].legend(loc="lower right")
    return fig
