"""Weight initializers.

Each function returns a weight matrix ``W`` of shape ``(n_out, n_in)`` for a layer
``Z = W @ X + b`` (biases start at zero). They share the signature
``init(n_out, n_in, *, rng)`` so any of them can be passed to a layer, e.g.
``Dense(4, 3, rng=rng, init=xavier)``.

The random ones draw from a normal distribution with mean 0 and a variance chosen
so that the variance of the activations neither explodes nor vanishes from layer
to layer.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from dlnotes._checks import check_positive, check_positive_int

__all__ = ["glorot", "he", "small_random", "xavier", "zeros"]

Array = NDArray[np.float64]


def zeros(n_out: int, n_in: int, *, rng: np.random.Generator | None = None) -> Array:
    r"""All-zero weights: every unit computes the same thing and stays the same.

    Parameters
    ----------
    n_out, n_in : int
        Units of this layer and of the previous one; >= 1.
    rng : numpy.random.Generator, optional
        Ignored; accepted so that ``zeros`` fits the common signature.

    Returns
    -------
    ndarray, shape (n_out, n_in)

    Notes
    -----
    $$
    W = 0
    $$

    With ``W = 0`` all units of a layer get the same gradient, so they remain
    identical after every update (the symmetry is never broken). Fine for
    biases, wrong for the weights of a hidden layer.

    Examples
    --------
    >>> from dlnotes.initializers import zeros
    >>> zeros(2, 3).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    _check_sizes(n_out, n_in)
    return np.zeros((n_out, n_in))


def small_random(
    n_out: int, n_in: int, *, rng: np.random.Generator, scale: float = 0.01
) -> Array:
    r"""Small Gaussian weights: ``scale`` times a standard normal.

    Parameters
    ----------
    n_out, n_in : int
        Units of this layer and of the previous one; >= 1.
    rng : numpy.random.Generator
        Source of randomness.
    scale : float, default 0.01
        Standard deviation; > 0.

    Returns
    -------
    ndarray, shape (n_out, n_in)

    Notes
    -----
    $$
    W_{ij} \sim \mathcal{N}(0, \text{scale}^2)
    $$

    Breaks the symmetry, and keeps sigmoid/tanh units near 0 where their slope
    is largest. In deep networks the fixed scale makes the activations shrink
    layer after layer; prefer `xavier` or `he`.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.initializers import small_random
    >>> W = small_random(2, 3, rng=np.random.default_rng(0))
    >>> W.shape, bool(np.abs(W).max() < 0.1)
    ((2, 3), True)
    """
    _check_sizes(n_out, n_in)
    check_positive(scale, "scale")
    return scale * rng.standard_normal((n_out, n_in))


def xavier(n_out: int, n_in: int, *, rng: np.random.Generator) -> Array:
    r"""Xavier initialization as in the course: variance $1/n_{in}$ (for tanh).

    Parameters
    ----------
    n_out, n_in : int
        Units of this layer and of the previous one; >= 1.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray, shape (n_out, n_in)

    Notes
    -----
    $$
    W_{ij} \sim \mathcal{N}\!\left(0, \frac{1}{n_{in}}\right)
    $$

    Then $z = \sum_j W_{ij} x_j$ has the variance of one $x_j$.
    Glorot & Bengio's original proposal averages fan-in and fan-out: see
    `glorot`.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.initializers import xavier
    >>> xavier(2, 3, rng=np.random.default_rng(0)).shape
    (2, 3)
    """
    _check_sizes(n_out, n_in)
    return rng.standard_normal((n_out, n_in)) * np.sqrt(1.0 / n_in)


def glorot(n_out: int, n_in: int, *, rng: np.random.Generator) -> Array:
    r"""Glorot (normal) initialization: variance $2/(n_{in} + n_{out})$.

    Parameters
    ----------
    n_out, n_in : int
        Units of this layer and of the previous one; >= 1.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray, shape (n_out, n_in)

    Notes
    -----
    $$
    W_{ij} \sim \mathcal{N}\!\left(0, \frac{2}{n_{in} + n_{out}}\right)
    $$

    A compromise between keeping the variance in the forward pass
    ($1/n_{in}$) and in the backward pass ($1/n_{out}$).

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.initializers import glorot
    >>> glorot(2, 3, rng=np.random.default_rng(0)).shape
    (2, 3)
    """
    _check_sizes(n_out, n_in)
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / (n_in + n_out))


def he(n_out: int, n_in: int, *, rng: np.random.Generator) -> Array:
    r"""He initialization: variance $2/n_{in}$ (for ReLU).

    Parameters
    ----------
    n_out, n_in : int
        Units of this layer and of the previous one; >= 1.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray, shape (n_out, n_in)

    Notes
    -----
    $$
    W_{ij} \sim \mathcal{N}\!\left(0, \frac{2}{n_{in}}\right)
    $$

    ReLU zeroes about half of its inputs, which halves the variance; the factor
    2 gives it back.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.initializers import he
    >>> he(2, 3, rng=np.random.default_rng(0)).shape
    (2, 3)
    """
    _check_sizes(n_out, n_in)
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)


def _check_sizes(n_out: int, n_in: int) -> None:
    check_positive_int(n_out, "n_out")
    check_positive_int(n_in, "n_in")
