"""Figures of the "Gradient checking" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, ORANGE, Figure, new_figure

from dlnotes.gradcheck import numerical_grad


def _cube(v: np.ndarray) -> float:
    return float(np.sum(v**3))


def error_vs_eps() -> Figure:
    """Error of the one- and two-sided differences for f = θ³ at θ = 1, against ε."""
    eps = np.logspace(-13, -0.5, 60)
    theta = np.array([1.0])
    exact = 3.0
    one = np.array(
        [abs(numerical_grad(_cube, theta, eps=e, two_sided=False)[0] - exact) for e in eps]
    )
    two = np.array([abs(numerical_grad(_cube, theta, eps=e)[0] - exact) for e in eps])
    fig, ax = new_figure(1, 1, width=6.0, height=3.8)
    floor = 1e-17  # an error of exactly 0 cannot be drawn on a log axis
    ax.loglog(
        eps,
        np.maximum(one, floor),
        "o-",
        color=BLUE,
        markersize=3,
        linewidth=1.2,
        label=r"$\frac{f(\theta+\varepsilon)-f(\theta)}{\varepsilon}$",
    )
    ax.loglog(
        eps,
        np.maximum(two, floor),
        "s-",
        color=ORANGE,
        markersize=3,
        linewidth=1.2,
        label=r"$\frac{f(\theta+\varepsilon)-f(\theta-\varepsilon)}{2\varepsilon}$",
    )
    ax.annotate(
        r"$\propto \varepsilon$", (3e-3, 3e-2), xytext=(2e-4, 3e-1), fontsize=12, color=BLUE
    )
    ax.annotate(
        r"$\propto \varepsilon^{2}$", (1e-3, 1e-6), xytext=(3e-3, 3e-8), fontsize=12, color=ORANGE
    )
    ax.annotate(
        r"$\propto 1/\varepsilon$", (1e-10, 1e-6), xytext=(3e-12, 3e-9), fontsize=12, color="0.35"
    )
    ax.set_xlabel(r"$\varepsilon$")
    ax.set_ylabel(r"$|\,d\theta_{\mathrm{approx}} - f'(\theta)\,|$")
    ax.set_ylim(1e-13, 10)
    ax.legend(loc="upper center", fontsize=11)
    return fig
