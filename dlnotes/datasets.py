"""Small generated data sets, splitting, input scaling and mini-batches.

Nothing is downloaded. Every random function takes a ``numpy.random.Generator``
as the keyword ``rng``, so the same seed gives the same data. Following the
column convention, inputs are ``X`` of shape ``(n_x, m)`` and class labels are
integers ``y`` of shape ``(m,)``; `one_hot` turns them into the ``(K, m)``
matrix ``Y`` that softmax training expects. Classes are balanced: example ``i``
belongs to class ``i % K``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_ndim, check_positive, check_positive_int

__all__ = [
    "MinMaxScaler",
    "Standardizer",
    "blobs",
    "flower",
    "minibatches",
    "moons",
    "noisy_polynomial",
    "one_hot",
    "spirals",
    "statquest_line",
    "train_dev_test_split",
]

Array = NDArray[np.floating]
Labels = NDArray[np.integer]


def one_hot(y: ArrayLike, K: int) -> NDArray[np.float64]:
    """Turn integer labels into one-hot columns.

    Parameters
    ----------
    y : array_like of int, shape (m,)
        Class labels in ``0 .. K-1``.
    K : int
        Number of classes, >= 1.

    Returns
    -------
    ndarray of float64, shape (K, m)
        ``Y[k, i] = 1`` if ``y[i] == k``, else 0.

    Examples
    --------
    >>> from dlnotes.datasets import one_hot
    >>> one_hot([2, 0], 3).tolist()
    [[0.0, 1.0], [0.0, 0.0], [1.0, 0.0]]
    """
    check_positive_int(K, "K")
    y = np.asarray(y)
    check_ndim(y, 1, "y", "(one label per example)")
    if y.size and not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must hold integer labels, got dtype {y.dtype}")
    if y.size and (y.min() < 0 or y.max() >= K):
        raise ValueError(f"labels must be in 0..{K - 1}, got values from {y.min()} to {y.max()}")
    return (np.arange(K)[:, None] == y).astype(np.float64)


def statquest_line() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""The three points of StatQuest's "Gradient Descent, Step-by-Step" video.

    Source: Josh Starmer, StatQuest, "Gradient Descent, Step-by-Step" (2019),
    which fits ``height = intercept + slope * weight`` to these points by
    gradient descent, first the intercept alone with the slope fixed at 0.64,
    then both.

    Returns
    -------
    weight : ndarray, shape (3,)
        ``[0.5, 2.3, 2.9]``.
    height : ndarray, shape (3,)
        ``[1.4, 1.9, 3.2]``.

    Notes
    -----
    With the slope fixed at 0.64 the sum of squared residuals is smallest at

    $$
    b = \frac{1}{3} \sum_i (h_i - 0.64\, w_i) = \frac{6.5 - 3.648}{3} \approx 0.95
    $$

    and the full least-squares line is about ``height = 0.95 + 0.64 * weight``.

    Examples
    --------
    >>> from dlnotes.datasets import statquest_line
    >>> weight, height = statquest_line()
    >>> round(float((height - 0.64 * weight).mean()), 2)
    0.95
    """
    return np.array([0.5, 2.3, 2.9]), np.array([1.4, 1.9, 3.2])


def noisy_polynomial(
    m: int,
    *,
    rng: np.random.Generator,
    noise: float = 0.3,
    coeffs: tuple[float, ...] = (0.0, 2.0, 0.0, -3.0),
) -> tuple[Array, Array]:
    r"""Points of a polynomial plus Gaussian noise, for bias / variance demos.

    A straight line underfits these points (high bias); a degree-15 polynomial
    fitted to 20 of them overfits (high variance).

    Parameters
    ----------
    m : int
        Number of examples, >= 1.
    rng : numpy.random.Generator
        Source of randomness.
    noise : float, default 0.3
        Standard deviation of the noise, >= 0.
    coeffs : tuple of float, default (0, 2, 0, -3)
        $c_0, c_1, \dots$ in increasing powers: the default is
        $2x - 3x^3$.

    Returns
    -------
    x : ndarray, shape (m,)
        Uniform in [-1, 1], unsorted.
    y : ndarray, shape (m,)

    Notes
    -----
    $$
    y = \sum_k c_k x^k + \epsilon, \qquad \epsilon \sim \mathcal N(0, \text{noise}^2)
    $$

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.datasets import noisy_polynomial
    >>> x, y = noisy_polynomial(5, rng=np.random.default_rng(0), noise=0.0, coeffs=(1.0, 1.0))
    >>> bool(np.allclose(y, 1 + x))
    True
    """
    check_positive_int(m, "m")
    check_positive(noise, "noise", allow_zero=True)
    x = rng.uniform(-1.0, 1.0, size=m)
    y = np.polynomial.polynomial.polyval(x, as_float_array(coeffs, "coeffs"))
    return x, y + noise * rng.standard_normal(m)


def flower(
    m: int, *, rng: np.random.Generator, petals: int = 4, noise: float = 0.2
) -> tuple[Array, Labels]:
    r"""The planar "flower" of the course: two classes of petals, not linearly separable.

    Parameters
    ----------
    m : int
        Number of examples, >= 1.
    rng : numpy.random.Generator
        Source of randomness.
    petals : int, default 4
        Petals per class; even, >= 2. The flower has ``2 * petals`` petals in
        all (8 by default, as in the course).
    noise : float, default 0.2
        Standard deviation of the noise on the angle and on the radius, >= 0.

    Returns
    -------
    X : ndarray, shape (2, m)
    y : ndarray of int, shape (m,)
        0 or 1.

    Notes
    -----
    The course's construction, with $k$ = ``petals``: class $j$
    takes angles $t \in [j\pi, (j+1)\pi]$ (uniformly here, evenly spaced
    in the course) on the rose

    $$
    r = 4 \sin(k t), \qquad x = (r \sin t,\ r \cos t)
    $$

    plus noise on $t$ and $r$. Where $r < 0$ the point is
    reflected through the origin, so each class gets petals on both sides. For
    even $k$ the rose has $2k$ petals, $k$ per class; for odd
    $k$ it closes after half a turn and both classes would lie on the
    same petals, hence the even ``petals``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.datasets import flower
    >>> X, y = flower(400, rng=np.random.default_rng(1))
    >>> X.shape, y.shape, int(y.sum())
    ((2, 400), (400,), 200)
    """
    check_positive_int(m, "m")
    check_positive_int(petals, "petals")
    if petals % 2:
        raise ValueError(f"petals must be even (an odd rose closes in half a turn), got {petals!r}")
    check_positive(noise, "noise", allow_zero=True)
    y = np.arange(m) % 2
    t = np.pi * (y + rng.uniform(size=m)) + noise * rng.standard_normal(m)
    r = 4.0 * np.sin(petals * t) + noise * rng.standard_normal(m)
    return np.stack([r * np.sin(t), r * np.cos(t)]), y


def spirals(
    m: int, *, rng: np.random.Generator, k: int = 3, noise: float = 0.2
) -> tuple[Array, Labels]:
    r"""``k`` interleaved spiral arms, one class per arm (the CS231n spiral data).

    Parameters
    ----------
    m : int
        Number of examples, >= 1.
    rng : numpy.random.Generator
        Source of randomness.
    k : int, default 3
        Number of arms (classes), >= 1.
    noise : float, default 0.2
        Standard deviation of the noise on the angle, >= 0.

    Returns
    -------
    X : ndarray, shape (2, m)
        Inside the unit disc.
    y : ndarray of int, shape (m,)
        Arm of each point, ``0 .. k-1``.

    Notes
    -----
    Arm $j$ is $x = (r \sin t,\ r \cos t)$ with radius
    $r \sim U(0, 1)$ and angle $t = 2\pi j/k + 4r + \epsilon$: each
    arm turns by 4 radians from the centre outwards.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.datasets import spirals
    >>> X, y = spirals(300, rng=np.random.default_rng(0))
    >>> X.shape, np.bincount(y).tolist()
    ((2, 300), [100, 100, 100])
    """
    check_positive_int(m, "m")
    check_positive_int(k, "k")
    check_positive(noise, "noise", allow_zero=True)
    y = np.arange(m) % k
    r = rng.uniform(size=m)
    t = 2 * np.pi * y / k + 4 * r + noise * rng.standard_normal(m)
    return np.stack([r * np.sin(t), r * np.cos(t)]), y


def moons(m: int, *, rng: np.random.Generator, noise: float = 0.1) -> tuple[Array, Labels]:
    r"""Two interleaving half circles (as scikit-learn's ``make_moons``).

    Parameters
    ----------
    m : int
        Number of examples, >= 1.
    rng : numpy.random.Generator
        Source of randomness.
    noise : float, default 0.1
        Standard deviation of the Gaussian noise added to both coordinates, >= 0.

    Returns
    -------
    X : ndarray, shape (2, m)
    y : ndarray of int, shape (m,)
        0 (upper moon) or 1 (lower moon).

    Notes
    -----
    With $t \sim U(0, \pi)$: class 0 is $(\cos t,\ \sin t)$, the
    upper half of the unit circle; class 1 is $(1 - \cos t,\ 0.5 - \sin t)$,
    the lower half of the unit circle centred at (1, 0.5).

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.datasets import moons
    >>> X, y = moons(10, rng=np.random.default_rng(0))
    >>> X.shape, y.tolist()[:4]
    ((2, 10), [0, 1, 0, 1])
    """
    check_positive_int(m, "m")
    check_positive(noise, "noise", allow_zero=True)
    y = np.arange(m) % 2
    t = rng.uniform(0.0, np.pi, size=m)
    X = np.where(y == 0, [np.cos(t), np.sin(t)], [1 - np.cos(t), 0.5 - np.sin(t)])
    return X + noise * rng.standard_normal((2, m)), y


def blobs(
    m: int,
    *,
    rng: np.random.Generator,
    centers: ArrayLike = ((-2.0, 2.0, 0.0), (-1.0, -1.0, 2.5)),
    std: float = 1.0,
) -> tuple[Array, Labels]:
    """Gaussian blobs, one class per centre.

    Parameters
    ----------
    m : int
        Number of examples, >= 1.
    rng : numpy.random.Generator
        Source of randomness.
    centers : array_like, shape (n_x, K)
        One centre per *column*; the default is three centres in the plane,
        (-2, -1), (2, -1) and (0, 2.5).
    std : float, default 1.0
        Standard deviation of every coordinate around its centre, >= 0.

    Returns
    -------
    X : ndarray, shape (n_x, m)
    y : ndarray of int, shape (m,)
        Index of the centre, ``0 .. K-1``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.datasets import blobs
    >>> X, y = blobs(4, rng=np.random.default_rng(0), centers=[[0.0, 10.0]], std=0.0)
    >>> X.tolist(), y.tolist()
    ([[0.0, 10.0, 0.0, 10.0]], [0, 1, 0, 1])
    """
    check_positive_int(m, "m")
    check_positive(std, "std", allow_zero=True)
    centers = as_float_array(centers, "centers")
    check_ndim(centers, 2, "centers", "(n_x, K), one centre per column")
    if centers.shape[1] == 0:
        raise ValueError(f"centers must hold at least one column, got shape {centers.shape}")
    y = np.arange(m) % centers.shape[1]
    return centers[:, y] + std * rng.standard_normal((centers.shape[0], m)), y


def train_dev_test_split(
    X: ArrayLike,
    y: ArrayLike,
    *,
    fractions: tuple[float, float, float] = (0.6, 0.2, 0.2),
    rng: np.random.Generator,
) -> tuple[NDArray, NDArray, NDArray, NDArray, NDArray, NDArray]:
    """Shuffle the examples (columns) and cut them into train, dev and test sets.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
        Inputs, one example per column.
    y : array_like, shape (m,) or (K, m)
        Labels or targets of the same examples.
    fractions : tuple of 3 floats, default (0.6, 0.2, 0.2)
        Shares of train, dev and test; each >= 0, summing to 1. With millions
        of examples the course suggests (0.98, 0.01, 0.01).
    rng : numpy.random.Generator
        Source of the shuffle.

    Returns
    -------
    X_train, y_train, X_dev, y_dev, X_test, y_test : ndarray
        Column subsets of ``X`` and ``y``; every example lands in exactly one
        set. The cuts are at ``round(0.6 m)`` and ``round(0.8 m)`` (for the
        default fractions), so the sizes add up to ``m``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.datasets import train_dev_test_split
    >>> X, y = np.arange(20).reshape(2, 10), np.arange(10)
    >>> parts = train_dev_test_split(X, y, rng=np.random.default_rng(0))
    >>> [p.shape for p in parts]
    [(2, 6), (6,), (2, 2), (2,), (2, 2), (2,)]
    """
    X, y = _check_examples(X, y, "y")
    if len(fractions) != 3 or not all(np.isfinite(f) and f >= 0 for f in fractions):
        raise ValueError(f"fractions must be 3 numbers >= 0, got {fractions!r}")
    if not math.isclose(sum(fractions), 1.0, abs_tol=1e-9):
        raise ValueError(f"fractions must sum to 1, got {fractions!r} (sum {sum(fractions)})")
    m = X.shape[1]
    cuts = np.round(np.cumsum(fractions[:2]) * m).astype(int)
    train, dev, test = np.split(rng.permutation(m), cuts)
    return X[:, train], y[..., train], X[:, dev], y[..., dev], X[:, test], y[..., test]


class Standardizer:
    r"""Zero mean and unit variance per feature, with statistics from the training set.

    Attributes
    ----------
    mu, sigma : ndarray, shape (n_x, 1)
        Per-feature mean and standard deviation of the training set; ``None``
        before `fit`.

    Notes
    -----
    $$
    \mu = \frac{1}{m}\sum_{i} x^{(i)}, \qquad
    \sigma^2 = \frac{1}{m}\sum_{i} (x^{(i)} - \mu)^2, \qquad
    x \leftarrow \frac{x - \mu}{\sigma}
    $$

    Fit on the training set only, then transform train, dev and test with the
    *same* $\mu$ and $\sigma$: every set must go through the same
    function, and statistics of the dev or test set would leak information
    about it. (The course's slide writes ``x /= σ²``; dividing by $\sigma$
    is what gives unit variance.) A constant feature ($\sigma = 0$) is
    divided by 1 instead, so it becomes 0 rather than NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.datasets import Standardizer
    >>> scaler = Standardizer().fit(np.array([[1.0, 3.0], [5.0, 5.0]]))
    >>> scaler.transform(np.array([[1.0, 3.0, 5.0], [5.0, 5.0, 6.0]])).tolist()
    [[-1.0, 1.0, 3.0], [0.0, 0.0, 1.0]]
    """

    def __init__(self) -> None:
        self.mu: Array | None = None
        self.sigma: Array | None = None

    def fit(self, X_train: ArrayLike) -> Standardizer:
        """Compute ``mu`` and ``sigma`` from ``X_train`` of shape (n_x, m); return self."""
        X_train = _check_fit_input(X_train)
        self.mu = X_train.mean(axis=1, keepdims=True)
        constant = np.ptp(X_train, axis=1, keepdims=True) == 0
        self.sigma = np.where(constant, 1.0, X_train.std(axis=1, keepdims=True))
        return self

    def transform(self, X: ArrayLike) -> Array:
        """Return ``(X - mu) / sigma`` for ``X`` of shape (n_x, any m)."""
        X = _check_transform_input(X, self.mu, "Standardizer")
        return (X - self.mu) / self.sigma


class MinMaxScaler:
    r"""Rescale each feature to [0, 1] using the training set's minimum and maximum.

    Attributes
    ----------
    x_min, x_range : ndarray, shape (n_x, 1)
        Per-feature minimum and ``max - min`` of the training set; ``None``
        before `fit`.

    Notes
    -----
    $$
    x \leftarrow \frac{x - \min}{\max - \min}
    $$

    Training data land in [0, 1]; dev and test data may fall slightly outside.
    A constant feature ($\max = \min$) is divided by 1 and becomes 0.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.datasets import MinMaxScaler
    >>> scaler = MinMaxScaler().fit(np.array([[0.0, 5.0, 10.0]]))
    >>> scaler.transform(np.array([[5.0, 20.0]])).tolist()
    [[0.5, 2.0]]
    """

    def __init__(self) -> None:
        self.x_min: Array | None = None
        self.x_range: Array | None = None

    def fit(self, X_train: ArrayLike) -> MinMaxScaler:
        """Compute ``x_min`` and ``x_range`` from ``X_train`` of shape (n_x, m); return self."""
        X_train = _check_fit_input(X_train)
        self.x_min = X_train.min(axis=1, keepdims=True)
        x_range = X_train.max(axis=1, keepdims=True) - self.x_min
        self.x_range = np.where(x_range == 0, 1.0, x_range)
        return self

    def transform(self, X: ArrayLike) -> Array:
        """Return ``(X - x_min) / x_range`` for ``X`` of shape (n_x, any m)."""
        X = _check_transform_input(X, self.x_min, "MinMaxScaler")
        return (X - self.x_min) / self.x_range


def minibatches(
    X: ArrayLike, Y: ArrayLike, *, batch_size: int, rng: np.random.Generator | None = None
) -> Iterator[tuple[NDArray, NDArray]]:
    """Cut the examples (columns) into mini-batches, shuffled if ``rng`` is given.

    ``batch_size = m`` gives batch gradient descent, ``batch_size = 1``
    stochastic gradient descent; the course suggests powers of two such as 64
    to 512 in between. Pass the same ``rng`` every epoch to get a new shuffle
    each time.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
        Inputs, one example per column.
    Y : array_like, shape (K, m) or (m,)
        Targets of the same examples.
    batch_size : int
        Examples per batch, >= 1. The last batch is smaller when ``batch_size``
        does not divide ``m``.
    rng : numpy.random.Generator, optional
        Shuffles the columns first (``X`` and ``Y`` together); ``None`` keeps
        their order.

    Returns
    -------
    iterator of (X_batch, Y_batch)
        ``X_batch`` of shape (n_x, b) and ``Y_batch`` of shape (K, b) or (b,).
        Every example appears in exactly one batch. The shapes are checked
        when ``minibatches`` is called, before the first batch.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.datasets import minibatches
    >>> X, y = np.arange(10).reshape(2, 5), np.arange(5)
    >>> [yb.tolist() for _, yb in minibatches(X, y, batch_size=2)]
    [[0, 1], [2, 3], [4]]
    """
    X, Y = _check_examples(X, Y, "Y")
    check_positive_int(batch_size, "batch_size")
    m = X.shape[1]
    order = np.arange(m) if rng is None else rng.permutation(m)
    batches = (order[k : k + batch_size] for k in range(0, m, batch_size))
    return ((X[:, idx], Y[..., idx]) for idx in batches)


def _check_examples(X: ArrayLike, Y: ArrayLike, name_y: str) -> tuple[NDArray, NDArray]:
    """Check that ``X`` is (n_x, m) and ``Y`` is (m,) or (K, m); return them as arrays."""
    X, Y = np.asarray(X), np.asarray(Y)
    check_ndim(X, 2, "X", "(n_x, m), one example per column")
    if Y.ndim not in (1, 2) or Y.shape[-1] != X.shape[1]:
        raise ValueError(
            f"X (n_x, m) and {name_y} ((m,) or (K, m)) must have the same number m "
            f"of examples, got shapes {X.shape} and {Y.shape}"
        )
    return X, Y


def _check_fit_input(X_train: ArrayLike) -> Array:
    X_train = as_float_array(X_train, "X_train")
    check_ndim(X_train, 2, "X_train", "(n_x, m), one example per column")
    if X_train.shape[1] == 0:
        raise ValueError(f"X_train must hold at least one example, got shape {X_train.shape}")
    return X_train


def _check_transform_input(X: ArrayLike, fitted: Array | None, scaler: str) -> Array:
    if fitted is None:
        raise ValueError(f"{scaler} is not fitted: call fit(X_train) first")
    X = as_float_array(X, "X")
    check_ndim(X, 2, "X", "(n_x, m), one example per column")
    if X.shape[0] != fitted.shape[0]:
        raise ValueError(
            f"X must have the {fitted.shape[0]} features (rows) seen in fit, got shape {X.shape}"
        )
    return X
