"""Figures of the "Normalizing inputs" page."""

from __future__ import annotations

import numpy as np
from _style import BLUE, ORANGE, Figure, new_figure

from dlnotes.datasets import Standardizer
from dlnotes.losses import mse, mse_grad


def _data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two centred features with spreads 1 and 5, the target, and the standardized features."""
    rng = np.random.default_rng(0)
    X = rng.normal(0.0, [[1.0], [5.0]], size=(2, 200))
    Y = np.array([[1.0, 0.2]]) @ X + 0.3 * rng.normal(size=(1, 200))
    return X, Y, Standardizer().fit(X).transform(X)


def _path(X: np.ndarray, Y: np.ndarray, w0: np.ndarray, lr: float, steps: int) -> np.ndarray:
    """Gradient descent on the MSE of y = w x (no intercept); every point visited."""
    w = w0.reshape(1, 2).astype(float)
    path = [w.ravel().copy()]
    for _ in range(steps):
        w -= lr * (mse_grad(w @ X, Y) @ X.T)
        path.append(w.ravel().copy())
    return np.array(path)


def _panel(ax, X, Y, path, span) -> None:
    w_best = np.linalg.lstsq(X.T, Y.ravel(), rcond=None)[0]
    u = np.linspace(w_best[0] - span[0], w_best[0] + span[0], 121)
    v = np.linspace(w_best[1] - span[1], w_best[1] + span[1], 121)
    U, V = np.meshgrid(u, v)
    W = np.stack([U.ravel(), V.ravel()])  # one candidate w per column
    J = np.mean((W.T @ X - Y) ** 2, axis=1).reshape(U.shape)
    J_min = mse(w_best[None, :] @ X, Y)
    levels = J_min + np.geomspace(0.02, 30, 10)
    ax.contour(U, V, J, levels=levels, colors=BLUE, linewidths=0.8, alpha=0.7)
    ax.plot(path[:, 0], path[:, 1], "-o", color=ORANGE, markersize=3, linewidth=1.2)
    ax.plot(*w_best, "*", color=BLUE, markersize=10)
    ax.set_aspect("equal")
    ax.grid(False)


def contours_and_paths() -> Figure:
    """Loss contours with the gradient-descent path: raw features (left), standardized (right)."""
    X, Y, X_std = _data()
    scaler = Standardizer().fit(X)
    w0 = np.array([-0.6, 0.75])
    w0_std = w0 * scaler.sigma.ravel()  # the same starting function w x, in new coordinates
    fig, axes = new_figure(2, 1, width=8.4, height=3.6)
    _panel(axes[0], X, Y, _path(X, Y, w0, lr=0.035, steps=40), span=(2.0, 0.8))
    _panel(axes[1], X_std, Y, _path(X_std, Y, w0_std, lr=0.4, steps=11), span=(3.1, 3.1))
    axes[0].set_xlabel(r"$w_1$")
    axes[0].set_ylabel(r"$w_2$")
    axes[1].set_xlabel(r"$w_1'$")
    axes[1].set_ylabel(r"$w_2'$")
    return fig
