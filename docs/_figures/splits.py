"""Figures of the "Train / dev / test sets" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, RED, Figure, new_figure

from dlnotes.datasets import noisy_polynomial, train_dev_test_split
from dlnotes.losses import mse

DEGREES = np.arange(16)


def _errors() -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """The split data and, per degree, the train / dev / test MSE of a polynomial fit."""
    rng = np.random.default_rng(2)
    x, y = noisy_polynomial(60, rng=rng)
    sets = train_dev_test_split(x[np.newaxis, :], y, rng=rng)
    x_tr, y_tr = sets[0][0], sets[1]
    errors = []
    for d in DEGREES:
        coeffs = np.polyfit(x_tr, y_tr, d)
        errors.append([mse(np.polyval(coeffs, sets[k][0])[np.newaxis], sets[k + 1][np.newaxis])
                       for k in (0, 2, 4)])
    return sets, np.array(errors)


def degree_selection() -> Figure:
    """Left: the data and three fits. Right: train and dev error per degree, best dev marked."""
    sets, errors = _errors()
    best = int(errors[:, 1].argmin())
    fig, axes = new_figure(2, 1, width=8.4, height=3.4)

    ax = axes[0]
    x_tr, y_tr, x_dev, y_dev = sets[0][0], sets[1], sets[2][0], sets[3]
    ax.plot(x_tr, y_tr, "o", color=BLUE, markersize=4, label=r"$\mathcal{D}_{\mathrm{train}}$")
    ax.plot(x_dev, y_dev, "s", color=ORANGE, markersize=4, label=r"$\mathcal{D}_{\mathrm{dev}}$")
    u = np.linspace(-1, 1, 300)
    for d, color in ((1, GREEN), (best, BLUE), (15, RED)):
        ax.plot(u, np.polyval(np.polyfit(x_tr, y_tr, d), u), color=color, linewidth=1.3,
                label=rf"$d={d}$")
    ax.set_ylim(-2.2, 2.2)
    ax.set_xlabel(r"$x$")
    ax.set_ylabel(r"$y$")
    ax.legend(loc="lower center", fontsize=8, ncols=3)

    ax = axes[1]
    ax.plot(DEGREES, errors[:, 0], "-o", color=BLUE, markersize=3, label=r"$J_{\mathrm{train}}$")
    ax.plot(DEGREES, errors[:, 1], "-s", color=ORANGE, markersize=3, label=r"$J_{\mathrm{dev}}$")
    ax.axvline(best, color=GREEN, linestyle="--", linewidth=1)
    ax.plot(best, errors[best, 1], "*", color=GREEN, markersize=12)
    ax.set_yscale("log")
    ax.set_xticks(DEGREES[::3])
    ax.set_xlabel(r"$d$")
    ax.legend(loc="upper left")
    return fig
