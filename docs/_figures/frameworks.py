"""Figures of the "Deep-learning frameworks" page."""

from __future__ import annotations

from _style import BLUE, GREEN, ORANGE, PURPLE, Figure, new_figure
from matplotlib.patches import Rectangle

N_X, N_H, N_Y, M = 3, 4, 2, 5  # inputs, hidden units, outputs, examples
EXAMPLE = 1  # the example drawn darker in every data matrix
CELL = 0.4  # side of one matrix entry


def _matrix(ax, x0, yc, rows, cols, color, label, *, strong=None) -> float:
    """Draw a rows x cols grid with its left edge at x0, centred on height yc.

    ``strong`` is ``("col", j)`` or ``("row", i)``: that column or row is drawn
    darker. The label goes under the grid, the shape above it. Returns the right edge.
    """
    top = yc + rows * CELL / 2
    for r in range(rows):
        for c in range(cols):
            dark = strong in (("col", c), ("row", r))
            corner = (x0 + c * CELL, top - (r + 1) * CELL)
            ax.add_patch(Rectangle(corner, CELL, CELL, facecolor=color,
                                   alpha=0.75 if dark else 0.22, edgecolor="none"))
            ax.add_patch(Rectangle(corner, CELL, CELL, fill=False, edgecolor=color,
                                   linewidth=0.8))
    xc = x0 + cols * CELL / 2
    ax.text(xc, yc - 1.25, label, ha="center", va="top", fontsize=11)
    ax.text(xc, top + 0.12, rf"${rows}\times {cols}$", ha="center", va="bottom",
            fontsize=9, color="0.35")
    return x0 + cols * CELL


def _row(ax, yc, terms) -> None:
    """Lay out one equation: matrices (tuples) and operators (strings), left to right."""
    x = 0.0
    for term in terms:
        if isinstance(term, str):
            gap = 1.1 if term == r"\qquad" else 0.55
            if term and term != r"\qquad":
                ax.text(x + gap / 2, yc, f"${term}$", ha="center", va="center", fontsize=14)
            x += gap
        else:
            rows, cols, color, label, strong = term
            x = _matrix(ax, x, yc, rows, cols, color, label, strong=strong)


def shapes() -> Figure:
    """The same two-layer network with examples as columns (top) and as rows (bottom).

    Top, dlnotes: Z = W X + b, X of shape (n_x, m). Bottom, PyTorch and Keras:
    the transpose of every array, X^T of shape (m, n_x). The darker column (top)
    and row (bottom) of the data matrices is one and the same example.
    """
    fig, ax = new_figure(1, 1, width=9.0, height=4.1)
    col, row = ("col", EXAMPLE), ("row", EXAMPLE)
    _row(ax, 4.2, [
        (N_H, N_X, BLUE, r"$W^{[1]}$", None), "", (N_X, M, GREEN, r"$X$", col), "+",
        (N_H, 1, PURPLE, r"$b^{[1]}$", None), "=", (N_H, M, ORANGE, r"$Z^{[1]}$", col),
        r"\qquad",
        (N_Y, N_H, BLUE, r"$W^{[2]}$", None), "", (N_H, M, GREEN, r"$A^{[1]}$", col), "+",
        (N_Y, 1, PURPLE, r"$b^{[2]}$", None), "=", (N_Y, M, ORANGE, r"$Z^{[2]}$", col),
    ])
    _row(ax, 0.0, [
        (M, N_X, GREEN, r"$X^{\top}$", row), "", (N_X, N_H, BLUE, r"$W^{[1]\top}$", None),
        "+", (1, N_H, PURPLE, r"$b^{[1]\top}$", None), "=",
        (M, N_H, ORANGE, r"$Z^{[1]\top}$", row),
        r"\qquad",
        (M, N_H, GREEN, r"$A^{[1]\top}$", row), "", (N_H, N_Y, BLUE, r"$W^{[2]\top}$", None),
        "+", (1, N_Y, PURPLE, r"$b^{[2]\top}$", None), "=",
        (M, N_Y, ORANGE, r"$Z^{[2]\top}$", row),
    ])
    ax.set_aspect("equal")
    ax.set_xlim(-0.2, 16.6)
    ax.set_ylim(-1.9, 5.5)
    ax.axis("off")
    return fig
