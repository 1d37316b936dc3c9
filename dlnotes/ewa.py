"""Exponentially weighted averages (EWA), the running mean behind momentum, RMSprop and Adam.

`ewa_step` is one update of the average; the optimizers in
`dlnotes.optimizers` call it on gradients (momentum), squared gradients
(RMSprop) or both (Adam). `ewa` runs it over a whole 1-D series, with or
without bias correction, as in the course's temperature example.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_beta, check_ndim

__all__ = ["ewa", "ewa_step"]

Array = NDArray[np.floating]


def ewa_step(v: ArrayLike, theta: ArrayLike, *, beta: float) -> Array:
    r"""One step of an exponentially weighted average.

    Parameters
    ----------
    v : array_like, any shape
        The average so far, $v_{t-1}$ (start from zeros).
    theta : array_like, same shape as ``v`` (or broadcastable)
        The new value, $\theta_t$.
    beta : float
        Weight of the past, in [0, 1).

    Returns
    -------
    ndarray
        $v_t$.

    Notes
    -----
    $$
    v_t = \beta\, v_{t-1} + (1 - \beta)\, \theta_t
    $$

    Examples
    --------
    >>> from dlnotes.ewa import ewa_step
    >>> float(ewa_step(2.0, 10.0, beta=0.75))  # 0.75 * 2 + 0.25 * 10
    4.0
    """
    check_beta(beta)
    return beta * np.asarray(v) + (1 - beta) * np.asarray(theta)


def ewa(theta: ArrayLike, *, beta: float = 0.9, bias_correction: bool = True) -> Array:
    r"""Exponentially weighted average of a 1-D series.

    Parameters
    ----------
    theta : array_like, shape (T,)
        The series $\theta_1, \dots, \theta_T$ (e.g. daily temperatures).
    beta : float, default 0.9
        Weight of the past, in [0, 1). ``beta = 0`` returns the series itself.
    bias_correction : bool, default True
        Divide $v_t$ by $1 - \beta^t$.

    Returns
    -------
    ndarray, shape (T,)
        $v_1, \dots, v_T$ (corrected if ``bias_correction``).

    Notes
    -----
    $$
    v_0 = 0, \qquad v_t = \beta\, v_{t-1} + (1 - \beta)\, \theta_t,
    \qquad \hat v_t = \frac{v_t}{1 - \beta^t}
    $$

    Unrolled, $v_t = (1-\beta)\sum_{i=1}^{t} \beta^{t-i}\theta_i$: the
    weights decay geometrically and sum to $1 - \beta^t$, not to 1. That
    is why the raw average starts too low ($v_1 = (1-\beta)\theta_1$), and
    why dividing by $1 - \beta^t$ fixes it exactly: on a constant series
    every corrected value equals the constant.

    The average covers roughly the last $1/(1-\beta)$ values (10 days for
    $\beta = 0.9$, 50 for 0.98): a value that old has weight
    $\beta^{1/(1-\beta)} \approx 1/e$ relative to the newest one.

    Examples
    --------
    >>> from dlnotes.ewa import ewa
    >>> ewa([10.0, 10.0, 10.0], beta=0.5, bias_correction=False).tolist()
    [5.0, 7.5, 8.75]
    >>> ewa([10.0, 10.0, 10.0], beta=0.5).tolist()
    [10.0, 10.0, 10.0]
    """
    theta = as_float_array(theta, "theta")
    check_ndim(theta, 1, "theta", "(one value per time step)")
    check_beta(beta)
    v = np.empty_like(theta)
    v_t = 0.0
    for t, theta_t in enumerate(theta):
        v_t = ewa_step(v_t, theta_t, beta=beta)
        v[t] = v_t
    if bias_correction:
        v /= 1 - beta ** np.arange(1, theta.size + 1)
    return v
