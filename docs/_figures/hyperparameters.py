"""Figures of the "Hyperparameter tuning" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, ORANGE, Figure, new_figure

from dlnotes.search import grid, log_uniform, random_points, sample_momentum

BOX = [(-4.0, 0.0), (-10.0, -6.0)]  # log10 of the learning rate, log10 of Adam's epsilon


def grid_vs_random() -> Figure:
    """25 trials on a grid and at random; ticks: the values of the important axis tried."""
    fig, axes = new_figure(2, 1, width=8.0, height=3.8)
    points = [grid(BOX, 5), random_points(BOX, 25, rng=np.random.default_rng(3))]
    u = np.linspace(*BOX[0], 200)
    shade = np.exp(-((u + 2.3) ** 2) / 0.3)  # a score that depends on the first axis only
    for ax, (x, y) in zip(axes, points, strict=True):
        ax.imshow(
            np.tile(shade, (2, 1)), extent=(*BOX[0], *BOX[1]), origin="lower",
            aspect="auto", cmap="Greens", alpha=0.35, vmin=0, vmax=1.6,
        )
        ax.scatter(x, y, s=22, color=BLUE, zorder=3)
        ax.vlines(x, 0, 0.07, transform=ax.get_xaxis_transform(), color=ORANGE, linewidth=1.5)
        ax.set_xlim(BOX[0][0] - 0.15, BOX[0][1] + 0.15)
        ax.set_ylim(BOX[1][0] - 0.6, BOX[1][1] + 0.15)
        ax.set_xlabel(r"$\log_{10}\alpha$")
        ax.grid(False)
    axes[0].set_ylabel(r"$\log_{10}\varepsilon$")
    return fig


def log_scale_samples() -> Figure:
    """1000 learning rates and momentum coefficients, drawn uniformly and on a log scale."""
    fig, axes = new_figure(2, 1, width=8.0, height=3.2)
    rng = np.random.default_rng(0)
    n = 1000

    ax = axes[0]
    bins = np.logspace(-4, 0, 17)
    ax.hist(rng.uniform(1e-4, 1.0, n), bins=bins, color=ORANGE, alpha=0.6,
            label=r"$\alpha \sim U(10^{-4},\, 1)$")
    ax.hist(log_uniform(1e-4, 1.0, rng=rng, size=n), bins=bins, histtype="step",
            color=BLUE, linewidth=2, label=r"$\alpha = 10^{r},\ r \sim U(-4,\, 0)$")
    ax.set_xscale("log")
    ax.set_xlabel(r"$\alpha$")
    ax.legend(loc="upper left")

    ax = axes[1]
    bins = np.logspace(-3, -1, 9)
    ax.hist(1 - rng.uniform(0.9, 0.999, n), bins=bins, color=ORANGE, alpha=0.6,
            label=r"$\beta \sim U(0.9,\, 0.999)$")
    ax.hist(1 - sample_momentum(0.9, 0.999, rng=rng, size=n), bins=bins, histtype="step",
            color=BLUE, linewidth=2, label=r"$1 - \beta = 10^{r},\ r \sim U(-3,\, -1)$")
    ax.set_xscale("log")
    ax.invert_xaxis()  # beta grows to the right
    ax.set_xticks([1e-1, 1e-2, 1e-3], ["0.9", "0.99", "0.999"])
    ax.set_xticks([], minor=True)
    ax.set_xlabel(r"$\beta$")
    ax.legend(loc="upper right")
    return fig
