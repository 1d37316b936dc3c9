"""Figures of the "Entropy, cross-entropy and KL divergence" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, GREEN, ORANGE, Figure, new_figure

from dlnotes.losses import cross_entropy, entropy, kl_divergence

T = np.linspace(0.01, 0.99, 197)
Q = np.stack([T, 1 - T])  # the family q_t = (t, 1 - t), one distribution per column
P = np.array([[0.7], [0.3]]) * np.ones_like(Q)  # the fixed p = (0.7, 0.3), repeated


def decomposition() -> Figure:
    """H(p), H(p, q_t) and KL(p || q_t) against t, for q_t = (t, 1 - t), p = (0.7, 0.3).

    The shaded gap between H(p, q) and H(p) is the KL divergence; all three meet
    their lower bound at t = 0.7, where q = p.
    """
    fig, ax = new_figure(1, 1, width=6.0, height=3.6)
    H_p, H_pq, kl = entropy(P), cross_entropy(P, Q), kl_divergence(P, Q)
    ax.fill_between(T, H_p, H_pq, color=ORANGE, alpha=0.12, linewidth=0)
    ax.plot(T, H_pq, color=ORANGE, linewidth=2, label=r"$H(p, q)$")
    ax.plot(T, H_p, color=BLUE, linewidth=2, label=r"$H(p)$")
    ax.plot(T, kl, color=GREEN, linewidth=2, linestyle="--",
            label=r"$D_{\mathrm{KL}}(p\,\|\,q)$")
    ax.axvline(0.7, color="0.5", linewidth=0.8, linestyle=":")
    ax.set_xlabel(r"$t \qquad q = (t,\ 1 - t),\ \ p = (0.7,\ 0.3)$")
    ax.set_ylim(0, 2.0)
    ax.set_xlim(0, 1)
    ax.legend(loc="upper center")
    return fig


def kl_asymmetry() -> Figure:
    """KL(p || q_t) and KL(q_t || p) against t: two different curves, both 0 at q = p."""
    fig, ax = new_figure(1, 1, width=6.0, height=3.4)
    ax.plot(T, kl_divergence(P, Q), color=GREEN, linewidth=2,
            label=r"$D_{\mathrm{KL}}(p\,\|\,q)$")
    ax.plot(T, kl_divergence(Q, P), color=BLUE, linewidth=2, linestyle="-.",
            label=r"$D_{\mathrm{KL}}(q\,\|\,p)$")
    ax.axvline(0.7, color="0.5", linewidth=0.8, linestyle=":")
    ax.set_xlabel(r"$t \qquad q = (t,\ 1 - t),\ \ p = (0.7,\ 0.3)$")
    ax.set_ylim(0, 1.6)
    ax.set_xlim(0, 1)
    ax.legend(loc="upper center")
    return fig
