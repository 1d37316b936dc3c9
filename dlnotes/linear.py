r"""Fitting a straight line by gradient descent, as in StatQuest's worked example.

The model is ``y = intercept + slope * x`` for one input feature; the loss is the
sum of squared residuals. `gradient_descent` is the bare loop
"step size = learning rate times slope of the loss; new value = old value minus
step size", written for any gradient function so that it also runs on other
small problems.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_ndim, check_positive, check_positive_int

__all__ = ["gradient_descent", "ssr", "ssr_grad"]


def ssr(intercept: float, slope: float, x: ArrayLike, y: ArrayLike) -> float:
    r"""Sum of squared residuals of the line ``intercept + slope * x``.

    Parameters
    ----------
    intercept, slope : float
        The line.
    x, y : array_like, shape (m,)
        Inputs and observed outputs, one entry per data point.

    Returns
    -------
    float

    Notes
    -----
    $$
    \operatorname{SSR}(b, s) = \sum_{i=1}^{m} \bigl(y_i - (b + s\,x_i)\bigr)^2
    $$

    A sum, not a mean, as in StatQuest's video: the numbers match the video.

    Examples
    --------
    >>> from dlnotes.linear import ssr
    >>> ssr(0.0, 1.0, [1.0, 2.0], [1.0, 4.0])  # residuals 0 and 2
    4.0
    """
    r = _residuals(intercept, slope, x, y)
    return float(np.sum(r**2))


def ssr_grad(intercept: float, slope: float, x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    r"""Gradient of `ssr` with respect to the intercept and the slope.

    Parameters
    ----------
    intercept, slope : float
        The line.
    x, y : array_like, shape (m,)
        Inputs and observed outputs.

    Returns
    -------
    ndarray, shape (2,)
        ``[d SSR / d intercept, d SSR / d slope]``.

    Notes
    -----
    By the chain rule, each squared residual $r_i^2$ with
    $r_i = y_i - (b + s\,x_i)$ contributes $2 r_i \cdot \partial r_i$:

    $$
    \frac{\partial \operatorname{SSR}}{\partial b} = -2 \sum_{i} \bigl(y_i - (b + s\,x_i)\bigr),
    \qquad
    \frac{\partial \operatorname{SSR}}{\partial s} = -2 \sum_{i} x_i \bigl(y_i - (b + s\,x_i)\bigr)
    $$

    Examples
    --------
    >>> from dlnotes.linear import ssr_grad
    >>> ssr_grad(0.0, 1.0, [1.0, 2.0], [1.0, 4.0]).tolist()  # residuals 0 and 2
    [-4.0, -8.0]
    """
    x = as_float_array(x, "x").astype(np.float64)
    r = _residuals(intercept, slope, x, y)
    return np.array([-2.0 * np.sum(r), -2.0 * np.sum(x * r)])


def gradient_descent(
    grad: Callable[[NDArray[np.float64]], ArrayLike],
    x0: ArrayLike,
    *,
    lr: float,
    tol: float = 1e-3,
    max_steps: int = 1000,
) -> NDArray[np.float64]:
    r"""Plain gradient descent; returns every point visited.

    Parameters
    ----------
    grad : callable
        ``grad(x)`` returns the gradient of the loss at ``x``, with the shape of ``x``.
    x0 : array_like, any shape (a float for one parameter)
        Starting point.
    lr : float
        Learning rate $\alpha > 0$.
    tol : float, default 1e-3
        Stop after the first step whose every component is smaller than ``tol``
        in absolute value; >= 0.
    max_steps : int, default 1000
        Stop after this many steps at the latest; >= 1.

    Returns
    -------
    ndarray of float64, shape (n_steps + 1, \*x0.shape)
        ``path[0]`` is ``x0`` and ``path[-1]`` the final point.

    Notes
    -----
    Each step is

    $$
    \text{step size} = \alpha\, \nabla f(x), \qquad x \leftarrow x - \text{step size}.
    $$

    With a learning rate that is too large the points move further from the
    minimum at every step, and the loop runs until ``max_steps``.

    Examples
    --------
    >>> from dlnotes.linear import gradient_descent
    >>> path = gradient_descent(lambda x: 2 * (x - 3.0), 0.0, lr=0.25)  # f = (x - 3)^2
    >>> path[:4].tolist(), round(float(path[-1]), 3)
    ([0.0, 1.5, 2.25, 2.625], 2.999)
    """
    x = as_float_array(x0, "x0").astype(np.float64)
    check_positive(lr, "lr")
    check_positive(tol, "tol", allow_zero=True)
    check_positive_int(max_steps, "max_steps")
    path = [x]
    for _ in range(max_steps):
        g = as_float_array(grad(x), "grad(x)")
        if g.shape != x.shape:
            raise ValueError(f"grad(x) must have the shape of x {x.shape}, got {g.shape}")
        step = lr * g
        x = x - step
        path.append(x)
        if np.all(np.abs(step) < tol):
            break
    return np.array(path)


def _residuals(intercept: float, slope: float, x: ArrayLike, y: ArrayLike) -> NDArray:
    """``y - (intercept + slope * x)`` after checking that x and y are matching vectors."""
    x, y = as_float_array(x, "x"), as_float_array(y, "y")
    check_ndim(x, 1, "x", "(one input per data point)")
    if y.shape != x.shape:
        raise ValueError(f"x and y must have the same shape, got {x.shape} and {y.shape}")
    return y - (intercept + slope * x)
