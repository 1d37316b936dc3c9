"""Shared look of every figure, and the settings that make SVG output deterministic.

Figures carry no prose, only axis symbols, so they serve both languages;
captions and alt text live in the Markdown pages.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

plt.rcParams.update(
    {
        "svg.hashsalt": "dlnotes",  # stable element ids: two builds, same bytes
        "svg.fonttype": "path",  # glyphs as paths: looks the same in every browser
        "figure.figsize": (6.4, 3.6),
        "figure.dpi": 100,
        "font.size": 10,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "axes.prop_cycle": plt.cycler(
            color=["#3f51b5", "#e65100", "#2e7d32", "#c62828", "#6a1b9a", "#00838f", "#5d4037"]
        ),
    }
)

BLUE, ORANGE, GREEN, RED, PURPLE, TEAL, BROWN = plt.rcParams["axes.prop_cycle"].by_key()["color"]


def new_figure(ncols: int = 1, nrows: int = 1, *, width: float = 6.4, height: float = 3.6):
    """A figure with a grid of axes, laid out tightly."""
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained")
    return fig, axes


__all__ = ["BLUE", "BROWN", "GREEN", "ORANGE", "PURPLE", "RED", "TEAL", "Figure", "new_figure"]
