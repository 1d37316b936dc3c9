"""Figures of the "Bias, variance and overfitting" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, RED, Figure, new_figure
from numpy.polynomial.polynomial import polyval

from dlnotes.datasets import noisy_polynomial
from dlnotes.diagnostics import bias_variance, polynomial_fit
from dlnotes.losses import mse

COEFFS = (0.0, 2.0, 0.0, -3.0)  # the default curve of noisy_polynomial: 2x - 3x^3
DEGREES = np.arange(16)


def fits() -> Figure:
    """Degree 1, 3 and 15 polynomials fitted to the same 20 noisy points."""
    x, y = noisy_polynomial(20, rng=np.random.default_rng(3))
    grid = np.linspace(-1, 1, 400)
    fig, axes = new_figure(3, 1, width=9.6, height=3.0)
    for ax, degree in zip(axes, (1, 3, 15), strict=True):
        ax.plot(grid, polyval(grid, COEFFS), color=GREEN, linestyle="--", linewidth=1.2,
                label=r"$f(x)$")
        ax.plot(grid, polyval(grid, polynomial_fit(x, y, degree)), color=BLUE,
                linewidth=2, label=r"$\hat y(x)$")
        ax.scatter(x, y, s=14, color=ORANGE, zorder=3)
        ax.set_title(rf"$d = {degree}$")
        ax.set_xlabel(r"$x$")
        ax.set_ylim(-2.0, 2.0)
    axes[0].set_ylabel(r"$y$")
    axes[0].legend(loc="upper right")
    return fig


def capacity() -> Figure:
    """Training and dev MSE against the degree: the dev curve is U-shaped."""
    rng = np.random.default_rng(3)
    x, y = noisy_polynomial(30, rng=rng)
    x_dev, y_dev = noisy_polynomial(500, rng=rng)
    train, dev = [], []
    for degree in DEGREES:
        c = polynomial_fit(x, y, int(degree))
        train.append(mse(polyval(x, c)[np.newaxis], y[np.newaxis]))
        dev.append(mse(polyval(x_dev, c)[np.newaxis], y_dev[np.newaxis]))
    best = int(np.argmin(dev))
    fig, ax = new_figure(1, 1, width=5.6, height=3.4)
    ax.plot(DEGREES, train, color=BLUE, marker="o", markersize=4, label=r"$J_{\mathrm{train}}$")
    ax.plot(DEGREES, dev, color=ORANGE, marker="o", markersize=4, label=r"$J_{\mathrm{dev}}$")
    ax.axvline(best, color=GREEN, linestyle=":", linewidth=1.5)
    ax.set_yscale("log")
    ax.set_xlabel(r"$d$")
    ax.set_ylabel(r"$\mathrm{MSE}$")
    ax.legend(loc="upper left")
    return fig


def decomposition() -> Figure:
    """Bias² and variance against the degree, over 200 resampled training sets of 50 points."""
    rng = np.random.default_rng(0)
    sets = [noisy_polynomial(50, rng=rng) for _ in range(200)]
    x_test = np.linspace(-0.9, 0.9, 91)
    f_test = polyval(x_test, COEFFS)
    bias_sq, variance = [], []
    for degree in DEGREES:
        predictions = np.array([polyval(x_test, polynomial_fit(x, y, int(degree)))
                                for x, y in sets])
        b, v = bias_variance(predictions, f_test)
        bias_sq.append(b)
        variance.append(v)
    total = np.add(bias_sq, variance)
    fig, ax = new_figure(1, 1, width=5.6, height=3.4)
    ax.plot(DEGREES, bias_sq, color=BLUE, marker="o", markersize=4, label=r"$(\bar y - f)^2$")
    ax.plot(DEGREES, variance, color=RED, marker="o", markersize=4, label=r"$\mathrm{Var}(\hat y)$")
    ax.plot(DEGREES, total, color="black", linestyle="--", linewidth=1.2,
            label=r"$(\bar y - f)^2 + \mathrm{Var}(\hat y)$")
    ax.set_yscale("log")
    ax.set_xlabel(r"$d$")
    ax.legend(loc="upper left")
    return fig
