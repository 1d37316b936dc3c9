r"""Hyperparameter search: sampling on the right scale, grids and random points.

Andrew Ng's advice for tuning, in code:

- try **random** points rather than a grid: with a budget of ``n**2`` trials a
  grid tries only ``n`` values of each hyperparameter, random points try
  ``n**2`` values of each (`grid`, `random_points`);
- sample a learning rate on a **log scale** (`log_uniform`): each decade,
  [0.0001, 0.001], ..., [0.1, 1], gets the same share of the trials;
- sample a momentum or averaging coefficient through $1 - \beta$ on a
  log scale (`sample_momentum`), because the average over about
  $1/(1 - \beta)$ steps is sensitive to $\beta$ near 1.

Points are returned **one per column**, like examples in the rest of the
package: ``alpha, beta = random_points(...)`` unpacks the coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from dlnotes._checks import check_positive, check_positive_int

__all__ = ["grid", "log_uniform", "random_points", "sample_momentum"]

Size = int | tuple[int, ...] | None


def log_uniform(
    low: float, high: float, *, rng: np.random.Generator, size: Size = None
) -> float | NDArray[np.float64]:
    r"""Sample between ``low`` and ``high`` uniformly on a log scale.

    Parameters
    ----------
    low, high : float
        Bounds, ``0 < low < high``, e.g. ``1e-4`` and ``1`` for a learning rate.
    rng : numpy.random.Generator
        Source of randomness.
    size : int or tuple of int, optional
        Shape of the output; None (default) returns one float.

    Returns
    -------
    float or ndarray of float64, shape ``size``
        Values in ``[low, high]``.

    Notes
    -----
    Draw the exponent uniformly, then raise 10 to it:

    $$
    r \sim U\bigl[\log_{10} \text{low},\ \log_{10} \text{high}\bigr], \qquad
    \alpha = 10^{r}
    $$

    For ``low = 1e-4`` and ``high = 1`` this is the course's ``r = -4 *
    np.random.rand()``, ``alpha = 10 ** r``: every decade gets a quarter of the
    samples, whereas a uniform draw on ``[1e-4, 1]`` puts 90 % of them in
    ``[0.1, 1]``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.search import log_uniform
    >>> alpha = log_uniform(1e-4, 1.0, rng=np.random.default_rng(0), size=1000)
    >>> alpha.shape, bool(alpha.min() >= 1e-4 and alpha.max() <= 1.0)
    ((1000,), True)
    >>> np.histogram(np.log10(alpha), bins=[-4, -3, -2, -1, 0])[0].tolist()
    [231, 242, 260, 267]
    """
    _check_bounds(low, high, "low", "high")
    check_positive(low, "low")
    r = rng.uniform(math.log10(low), math.log10(high), size=size)
    return float(10.0**r) if size is None else np.clip(10.0**r, low, high)


def sample_momentum(
    low: float = 0.9, high: float = 0.999, *, rng: np.random.Generator, size: Size = None
) -> float | NDArray[np.float64]:
    r"""Sample a coefficient ``beta`` near 1 by drawing ``1 - beta`` on a log scale.

    Parameters
    ----------
    low, high : float, default 0.9 and 0.999
        Bounds on ``beta``, ``0 <= low < high < 1``.
    rng : numpy.random.Generator
        Source of randomness.
    size : int or tuple of int, optional
        Shape of the output; None (default) returns one float.

    Returns
    -------
    float or ndarray of float64, shape ``size``
        Values in ``[low, high]``.

    Notes
    -----
    $$
    r \sim U\bigl[\log_{10}(1 - \text{high}),\ \log_{10}(1 - \text{low})\bigr],
    \qquad \beta = 1 - 10^{r}
    $$

    An exponentially weighted average with coefficient $\beta$ averages
    over roughly $1/(1 - \beta)$ steps: 10 steps for 0.9, 1000 for 0.999.
    Going from 0.9 to 0.9005 changes almost nothing, from 0.999 to 0.9995
    doubles the window; sampling $1 - \beta$ on a log scale spends as
    many trials on [0.99, 0.999] as on [0.9, 0.99].

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.search import sample_momentum
    >>> beta = sample_momentum(rng=np.random.default_rng(0), size=1000)
    >>> bool(beta.min() >= 0.9 and beta.max() <= 0.999)
    True
    >>> int(np.sum(beta > 0.99))  # about half, not 1 in 11 as a uniform draw gives
    473
    """
    _check_bounds(low, high, "low", "high")
    if not (low >= 0 and high < 1):
        raise ValueError(f"low and high must satisfy 0 <= low < high < 1, got {low!r}, {high!r}")
    r = rng.uniform(math.log10(1 - high), math.log10(1 - low), size=size)
    return float(1.0 - 10.0**r) if size is None else np.clip(1.0 - 10.0**r, low, high)


def grid(bounds: Sequence[tuple[float, float]], n: int) -> NDArray[np.float64]:
    """Every combination of ``n`` evenly spaced values per axis.

    Parameters
    ----------
    bounds : sequence of (low, high)
        One pair per hyperparameter (axis), ``low < high``. For a log-scale
        axis give the bounds of the exponent and raise 10 to the result.
    n : int
        Values per axis, >= 1 (one value: ``low``).

    Returns
    -------
    ndarray of float64, shape (d, n**d)
        One point per column; ``d = len(bounds)``. Each axis takes only ``n``
        distinct values.

    Examples
    --------
    >>> from dlnotes.search import grid
    >>> points = grid([(0.0, 1.0), (10.0, 20.0)], 3)
    >>> points.shape
    (2, 9)
    >>> points[0].tolist()
    [0.0, 0.0, 0.0, 0.5, 0.5, 0.5, 1.0, 1.0, 1.0]
    >>> points[1].tolist()
    [10.0, 15.0, 20.0, 10.0, 15.0, 20.0, 10.0, 15.0, 20.0]
    """
    lows, highs = _check_box(bounds)
    check_positive_int(n, "n")
    axes = [np.linspace(lo, hi, n) for lo, hi in zip(lows, highs, strict=True)]
    return np.stack([a.ravel() for a in np.meshgrid(*axes, indexing="ij")])


def random_points(
    bounds: Sequence[tuple[float, float]], n: int, *, rng: np.random.Generator
) -> NDArray[np.float64]:
    """``n`` points drawn uniformly in a box.

    Parameters
    ----------
    bounds : sequence of (low, high)
        One pair per hyperparameter (axis), ``low < high``. For a log-scale
        axis give the bounds of the exponent and raise 10 to the result.
    n : int
        Number of points, >= 1.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray of float64, shape (d, n)
        One point per column; ``d = len(bounds)``. Each axis takes ``n``
        distinct values (with probability 1).

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.search import random_points
    >>> log_alpha, beta = random_points([(-4.0, 0.0), (0.8, 0.99)], 25,
    ...                                 rng=np.random.default_rng(0))
    >>> log_alpha.shape, len(np.unique(log_alpha))
    ((25,), 25)
    """
    lows, highs = _check_box(bounds)
    check_positive_int(n, "n")
    return rng.uniform(lows[:, None], highs[:, None], size=(len(lows), n))


def _check_bounds(low: float, high: float, name_low: str, name_high: str) -> None:
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(
            f"{name_low} and {name_high} must be finite with {name_low} < {name_high}, "
            f"got {low!r} and {high!r}"
        )


def _check_box(
    bounds: Sequence[tuple[float, float]],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lows and highs of ``bounds`` as arrays, after checking every pair."""
    box = np.asarray(bounds, dtype=np.float64)
    if box.ndim != 2 or box.shape[1] != 2 or box.shape[0] == 0:
        raise ValueError(
            f"bounds must be a non-empty sequence of (low, high) pairs, got shape {box.shape}"
        )
    for i, (lo, hi) in enumerate(box):
        _check_bounds(lo, hi, f"bounds[{i}] low", "high")
    return box[:, 0], box[:, 1]
