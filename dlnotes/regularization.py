"""L2 and L1 weight penalties, added to the cost, and their gradients.

A penalty takes every weight matrix of the network (usually the ``W``'s, not the
biases) and returns one number to add to the cost ``J``; its gradient is added to
each ``dW`` during backpropagation. ``m`` is the number of examples in the batch,
as in the cost, and ``lambd`` is the regularization strength (``lambda`` is a
Python keyword).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_positive

__all__ = ["l1_grad", "l1_penalty", "l2_grad", "l2_penalty"]

Array = NDArray[np.floating]


def l2_penalty(weights: Iterable[ArrayLike], *, lambd: float, m: float) -> float:
    r"""L2 penalty ("weight decay"): squared Frobenius norms of all weights.

    Parameters
    ----------
    weights : iterable of array_like
        The weight matrices, e.g. ``[W1, W2, W3]``.
    lambd : float
        Regularization strength; >= 0.
    m : float
        Number of examples; > 0.

    Returns
    -------
    float

    Notes
    -----
    $$
    \frac{\lambda}{2m} \sum_{l} \lVert W^{[l]} \rVert_F^2,
    \qquad \lVert W \rVert_F^2 = \sum_{i,j} W_{ij}^2
    $$

    Examples
    --------
    >>> from dlnotes.regularization import l2_penalty
    >>> l2_penalty([[[1.0, 2.0]], [[2.0]]], lambd=0.1, m=1)  # 0.1/2 * (1 + 4 + 4)
    0.45
    """
    _check_strength(lambd, m)
    return float(lambd / (2 * m) * sum(np.sum(as_float_array(W, "W") ** 2) for W in weights))


def l2_grad(W: ArrayLike, *, lambd: float, m: float) -> Array:
    r"""Gradient of `l2_penalty` with respect to one weight matrix.

    Parameters
    ----------
    W : array_like, any shape
        One weight matrix.
    lambd : float
        Regularization strength; >= 0.
    m : float
        Number of examples; > 0.

    Returns
    -------
    ndarray, same shape as ``W``
        Add it to ``dW``.

    Notes
    -----
    $$
    \frac{\partial}{\partial W} \frac{\lambda}{2m} \lVert W \rVert_F^2
    = \frac{\lambda}{m} W
    $$

    A gradient step then multiplies ``W`` by $1 - \alpha\lambda/m$ before the
    usual update: hence the name "weight decay".

    Examples
    --------
    >>> from dlnotes.regularization import l2_grad
    >>> l2_grad([[1.0, -2.0]], lambd=0.5, m=2).tolist()
    [[0.25, -0.5]]
    """
    _check_strength(lambd, m)
    return lambd / m * as_float_array(W, "W")


def l1_penalty(weights: Iterable[ArrayLike], *, lambd: float, m: float) -> float:
    r"""L1 penalty: sum of the absolute values of all weights.

    Parameters
    ----------
    weights : iterable of array_like
        The weight matrices, e.g. ``[W1, W2, W3]``.
    lambd : float
        Regularization strength; >= 0.
    m : float
        Number of examples; > 0.

    Returns
    -------
    float

    Notes
    -----
    $$
    \frac{\lambda}{m} \sum_{l} \sum_{i,j} \lvert W^{[l]}_{ij} \rvert
    $$

    The constant in front is a convention: the course notes write
    $\frac{\lambda}{2m}$, which only rescales $\lambda$. We use
    $\frac{\lambda}{m}$ so that `l1_grad` is $\frac{\lambda}{m}
    \operatorname{sign}(W)$. L1 pushes many weights to exactly 0 (sparse ``W``).

    Examples
    --------
    >>> from dlnotes.regularization import l1_penalty
    >>> l1_penalty([[[1.0, -2.0]], [[3.0]]], lambd=0.5, m=2)  # 0.5/2 * (1 + 2 + 3)
    1.5
    """
    _check_strength(lambd, m)
    return float(lambd / m * sum(np.sum(np.abs(as_float_array(W, "W"))) for W in weights))


def l1_grad(W: ArrayLike, *, lambd: float, m: float) -> Array:
    r"""(Sub)gradient of `l1_penalty` with respect to one weight matrix.

    Parameters
    ----------
    W : array_like, any shape
        One weight matrix.
    lambd : float
        Regularization strength; >= 0.
    m : float
        Number of examples; > 0.

    Returns
    -------
    ndarray, same shape as ``W``
        Add it to ``dW``.

    Notes
    -----
    $$
    \frac{\partial}{\partial W} \frac{\lambda}{m} \sum \lvert W_{ij} \rvert
    = \frac{\lambda}{m} \operatorname{sign}(W)
    $$

    $|w|$ has no derivative at 0; we use the subgradient 0 there.

    Examples
    --------
    >>> from dlnotes.regularization import l1_grad
    >>> l1_grad([[3.0, -2.0, 0.0]], lambd=0.5, m=2).tolist()
    [[0.25, -0.25, 0.0]]
    """
    _check_strength(lambd, m)
    return lambd / m * np.sign(as_float_array(W, "W"))


def _check_strength(lambd: float, m: float) -> None:
    check_positive(lambd, "lambd", allow_zero=True)
    check_positive(m, "m")
