r"""Loss (cost) functions and their gradients.

Convention: one example per column. Every cost takes the network output and the
labels, both of shape ``(n, m)``, and returns the **average over the m examples**
as a float. Each ``<name>_grad`` returns $\partial J / \partial A$ (or
$\partial J / \partial Z$ for the losses on logits), with the same shape as
the output. The $1/m$ is in there, so layers must not divide by ``m`` again.

`entropy`, `cross_entropy` and `kl_divergence` compare discrete
distributions stored along axis 0 (natural log, nats).

Nothing returns NaN or inf for finite input: logits of ±1e4 and probabilities of
exactly 0 or 1 are fine. Where a log could see 0, its argument is clipped to at
least `EPS`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_ndim, check_positive, check_same_shape
from dlnotes.activations import sigmoid, softmax

__all__ = [
    "EPS",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy",
    "entropy",
    "hinge",
    "hinge_grad",
    "kl_divergence",
    "mae",
    "mae_grad",
    "mse",
    "mse_grad",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
]

Array = NDArray[np.floating]

EPS = 1e-12
r"""Smallest probability a log is taken of: $-\log(10^{-12}) \approx 27.6$."""


def mse(A: ArrayLike, Y: ArrayLike) -> float:
    r"""Mean squared error, summed over outputs and averaged over examples.

    Parameters
    ----------
    A : array_like, shape (n, m)
        Predictions, one example per column.
    Y : array_like, shape (n, m)
        Targets.

    Returns
    -------
    float

    Notes
    -----
    $$
    J = \frac{1}{m} \sum_{i=1}^{m} \lVert a^{(i)} - y^{(i)} \rVert_2^2
    $$

    For one output (``n = 1``) this is the plain mean of the squared errors. Some
    texts put $\frac{1}{2m}$ in front so that the 2 of the derivative
    cancels; we do not, and `mse_grad` keeps the 2.

    Examples
    --------
    >>> from dlnotes.losses import mse
    >>> mse([[1.0, 2.0]], [[0.0, 0.0]])  # (1 + 4) / 2
    2.5
    """
    A, Y, m = _output_and_labels(A, Y, "A")
    return float(np.sum((A - Y) ** 2) / m)


def mse_grad(A: ArrayLike, Y: ArrayLike) -> Array:
    r"""Gradient of `mse` with respect to ``A``.

    Parameters
    ----------
    A, Y : array_like, shape (n, m)
        Predictions and targets.

    Returns
    -------
    ndarray, shape (n, m)

    Notes
    -----
    $$
    \frac{\partial J}{\partial A} = \frac{2}{m}(A - Y)
    $$

    Examples
    --------
    >>> from dlnotes.losses import mse_grad
    >>> mse_grad([[1.0, 2.0]], [[0.0, 0.0]]).tolist()
    [[1.0, 2.0]]
    """
    A, Y, m = _output_and_labels(A, Y, "A")
    return 2.0 * (A - Y) / m


def mae(A: ArrayLike, Y: ArrayLike) -> float:
    r"""Mean absolute error, summed over outputs and averaged over examples.

    Parameters
    ----------
    A, Y : array_like, shape (n, m)
        Predictions and targets, one example per column.

    Returns
    -------
    float

    Notes
    -----
    $$
    J = \frac{1}{m} \sum_{i=1}^{m} \lVert a^{(i)} - y^{(i)} \rVert_1
    $$

    Examples
    --------
    >>> from dlnotes.losses import mae
    >>> mae([[1.0, -2.0]], [[0.0, 0.0]])  # (1 + 2) / 2
    1.5
    """
    A, Y, m = _output_and_labels(A, Y, "A")
    return float(np.sum(np.abs(A - Y)) / m)


def mae_grad(A: ArrayLike, Y: ArrayLike) -> Array:
    r"""(Sub)gradient of `mae` with respect to ``A``.

    Parameters
    ----------
    A, Y : array_like, shape (n, m)
        Predictions and targets.

    Returns
    -------
    ndarray, shape (n, m)

    Notes
    -----
    $$
    \frac{\partial J}{\partial A} = \frac{1}{m} \operatorname{sign}(A - Y)
    $$

    $|x|$ has no derivative at 0; we use the subgradient 0 there.

    Examples
    --------
    >>> from dlnotes.losses import mae_grad
    >>> mae_grad([[1.0, -2.0, 0.0]], [[0.0, 0.0, 0.0]]).tolist()
    [[0.3333333333333333, -0.3333333333333333, 0.0]]
    """
    A, Y, m = _output_and_labels(A, Y, "A")
    return np.sign(A - Y) / m


def hinge(Z: ArrayLike, Y: ArrayLike, margin: float = 1.0) -> float:
    r"""Multiclass SVM hinge loss (Weston–Watkins, as in CS231n).

    Parameters
    ----------
    Z : array_like, shape (K, m)
        Class scores, one example per column.
    Y : array_like, shape (K, m)
        One-hot labels.
    margin : float, default 1.0
        The margin $\Delta$ by which the right class should win; >= 0.

    Returns
    -------
    float

    Notes
    -----
    With $y_i$ the right class of example $i$:

    $$
    J = \frac{1}{m} \sum_{i=1}^{m} \sum_{j \ne y_i}
    \max\left(0,\; z_j^{(i)} - z_{y_i}^{(i)} + \Delta\right)
    $$

    Examples
    --------
    >>> from dlnotes.losses import hinge
    >>> round(hinge([[3.2], [5.1], [-1.7]], [[1], [0], [0]]), 6)  # CS231n's cat
    2.9
    """
    Z, Y, m = _output_and_labels(Z, Y, "Z")
    _check_one_hot(Y)
    check_positive(margin, "margin", allow_zero=True)
    return float(np.sum(_hinge_margins(Z, Y, margin)) / m)


def hinge_grad(Z: ArrayLike, Y: ArrayLike, margin: float = 1.0) -> Array:
    r"""(Sub)gradient of `hinge` with respect to the scores ``Z``.

    Parameters
    ----------
    Z : array_like, shape (K, m)
        Class scores.
    Y : array_like, shape (K, m)
        One-hot labels.
    margin : float, default 1.0
        The margin $\Delta$; >= 0.

    Returns
    -------
    ndarray, shape (K, m)

    Notes
    -----
    Each wrong class $j$ whose margin is violated (term $> 0$) adds
    $1/m$ to its own score's gradient and $-1/m$ to the right class's:

    $$
    \frac{\partial J}{\partial z_j^{(i)}} = \frac{1}{m}
    [z_j - z_{y_i} + \Delta > 0], \qquad
    \frac{\partial J}{\partial z_{y_i}^{(i)}} = -\frac{1}{m}
    \sum_{j \ne y_i} [z_j - z_{y_i} + \Delta > 0]
    $$

    A term exactly at 0 gets the subgradient 0.

    Examples
    --------
    >>> from dlnotes.losses import hinge_grad
    >>> hinge_grad([[3.2], [5.1], [-1.7]], [[1], [0], [0]]).tolist()
    [[-1.0], [1.0], [0.0]]
    """
    Z, Y, m = _output_and_labels(Z, Y, "Z")
    _check_one_hot(Y)
    check_positive(margin, "margin", allow_zero=True)
    violated = (_hinge_margins(Z, Y, margin) > 0).astype(Z.dtype)
    return (violated - Y * violated.sum(axis=0, keepdims=True)) / m


def binary_cross_entropy(A: ArrayLike, Y: ArrayLike) -> float:
    r"""Binary cross-entropy (log loss) of probabilities, e.g. sigmoid outputs.

    Parameters
    ----------
    A : array_like, shape (n, m)
        Predicted probabilities in [0, 1]; usually ``n = 1``.
    Y : array_like, shape (n, m)
        Labels in [0, 1] (usually 0 or 1).

    Returns
    -------
    float

    Notes
    -----
    $$
    J = -\frac{1}{m} \sum \left[ y \log a + (1 - y) \log(1 - a) \right]
    $$

    ``A`` is first clipped to $[\varepsilon, 1 - \varepsilon]$ with
    $\varepsilon$ = `EPS` = 1e-12 (in float64, where
    $1 - 10^{-12}$ is representable), so an output of exactly 0 or 1 costs
    at most $-\log 10^{-12} \approx 27.6$ per entry instead of inf. Given
    logits, prefer `binary_cross_entropy_with_logits`: it needs no clip.

    Examples
    --------
    >>> from dlnotes.losses import binary_cross_entropy
    >>> round(binary_cross_entropy([[0.5, 0.5]], [[1, 0]]), 6)  # log 2
    0.693147
    >>> round(binary_cross_entropy([[0.0]], [[1]]), 2)  # clipped: finite
    27.63
    """
    A, Y, m = _output_and_labels(A, Y, "A")
    A = _clipped_probabilities(A, Y)
    return float(-np.sum(Y * np.log(A) + (1.0 - Y) * np.log1p(-A)) / m)


def binary_cross_entropy_grad(A: ArrayLike, Y: ArrayLike) -> Array:
    r"""Gradient of `binary_cross_entropy` with respect to ``A``.

    Parameters
    ----------
    A, Y : array_like, shape (n, m)
        Predicted probabilities and labels, both in [0, 1].

    Returns
    -------
    ndarray, shape (n, m), the dtype of ``A``

    Notes
    -----
    $$
    \frac{\partial J}{\partial A} = \frac{1}{m}
    \left( -\frac{Y}{A} + \frac{1 - Y}{1 - A} \right)
    = \frac{1}{m} \frac{A - Y}{A (1 - A)}
    $$

    evaluated at the clipped ``A`` (see `binary_cross_entropy`): a
    saturated output still gets a large, finite push the right way rather than
    the zero slope of the clip itself.

    Examples
    --------
    >>> from dlnotes.losses import binary_cross_entropy_grad
    >>> binary_cross_entropy_grad([[0.5, 0.5]], [[1, 0]]).tolist()
    [[-1.0, 1.0]]
    """
    A, Y, m = _output_and_labels(A, Y, "A")
    Ac = _clipped_probabilities(A, Y)
    return ((Ac - Y) / (Ac * (1.0 - Ac)) / m).astype(A.dtype)


def binary_cross_entropy_with_logits(Z: ArrayLike, Y: ArrayLike) -> float:
    r"""Binary cross-entropy of $\sigma(Z)$, computed from the logits ``Z``.

    Parameters
    ----------
    Z : array_like, shape (n, m)
        Logits (pre-sigmoid); usually ``n = 1``.
    Y : array_like, shape (n, m)
        Labels in [0, 1].

    Returns
    -------
    float

    Notes
    -----
    Substituting $a = \sigma(z)$ in the log loss and simplifying gives

    $$
    J = \frac{1}{m} \sum \left[ \max(z, 0) - z y
    + \log\left(1 + e^{-|z|}\right) \right]
    $$

    where ``exp`` only sees non-positive numbers: stable for any finite ``z``,
    with no clip.

    Examples
    --------
    >>> from dlnotes.losses import binary_cross_entropy_with_logits
    >>> round(binary_cross_entropy_with_logits([[0.0]], [[1]]), 6)  # log 2
    0.693147
    >>> binary_cross_entropy_with_logits([[-1e4]], [[1]])  # very wrong: cost 1e4
    10000.0
    """
    Z, Y, m = _output_and_labels(Z, Y, "Z")
    _check_unit_interval(Y, "Y")
    return float(np.sum(np.maximum(Z, 0.0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / m)


def binary_cross_entropy_with_logits_grad(Z: ArrayLike, Y: ArrayLike) -> Array:
    r"""Gradient of `binary_cross_entropy_with_logits` with respect to ``Z``.

    Parameters
    ----------
    Z, Y : array_like, shape (n, m)
        Logits and labels.

    Returns
    -------
    ndarray, shape (n, m)

    Notes
    -----
    $$
    \frac{\partial J}{\partial Z} = \frac{1}{m}\left(\sigma(Z) - Y\right)
    $$

    Examples
    --------
    >>> from dlnotes.losses import binary_cross_entropy_with_logits_grad
    >>> binary_cross_entropy_with_logits_grad([[0.0, 0.0]], [[1, 0]]).tolist()
    [[-0.25, 0.25]]
    """
    Z, Y, m = _output_and_labels(Z, Y, "Z")
    _check_unit_interval(Y, "Y")
    return (sigmoid(Z) - Y) / m


def softmax_cross_entropy(Z: ArrayLike, Y: ArrayLike) -> float:
    r"""Cross-entropy of $\operatorname{softmax}(Z)$, computed from the logits.

    Parameters
    ----------
    Z : array_like, shape (K, m)
        Logits, one example per column.
    Y : array_like, shape (K, m)
        One-hot labels (any columns that are probability distributions work).

    Returns
    -------
    float

    Notes
    -----
    $$
    J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{k=1}^{K} y_k^{(i)}
    \log \operatorname{softmax}(z^{(i)})_k,
    \qquad \log \operatorname{softmax}(z)_k = z_k - c
    - \log \sum_j e^{z_j - c}, \; c = \max_j z_j
    $$

    The log-sum-exp form never takes the log of 0, so even logits of ±1e4 give a
    finite cost.

    Examples
    --------
    >>> from dlnotes.losses import softmax_cross_entropy
    >>> round(softmax_cross_entropy([[0.0], [0.0], [0.0], [0.0]], [[0], [1], [0], [0]]), 6)
    1.386294
    """
    Z, Y, m = _output_and_labels(Z, Y, "Z")
    _check_distribution(Y, "Y")
    Zs = Z - Z.max(axis=0, keepdims=True)
    log_p = Zs - np.log(np.sum(np.exp(Zs), axis=0, keepdims=True))
    return float(-np.sum(Y * log_p) / m)


def softmax_cross_entropy_grad(Z: ArrayLike, Y: ArrayLike) -> Array:
    r"""Gradient of `softmax_cross_entropy` with respect to the logits ``Z``.

    Parameters
    ----------
    Z, Y : array_like, shape (K, m)
        Logits and labels (columns summing to 1).

    Returns
    -------
    ndarray, shape (K, m)

    Notes
    -----
    $$
    \frac{\partial J}{\partial Z} = \frac{1}{m}\left(\operatorname{softmax}(Z) - Y\right)
    $$

    (this uses that each column of ``Y`` sums to 1).

    Examples
    --------
    >>> from dlnotes.losses import softmax_cross_entropy_grad
    >>> softmax_cross_entropy_grad([[0.0], [0.0]], [[1], [0]]).tolist()
    [[-0.5], [0.5]]
    """
    Z, Y, m = _output_and_labels(Z, Y, "Z")
    _check_distribution(Y, "Y")
    return (softmax(Z) - Y) / m


def entropy(p: ArrayLike) -> float | Array:
    r"""Shannon entropy of discrete distributions along axis 0, in nats.

    Parameters
    ----------
    p : array_like, shape (K,) or (K, m)
        Probabilities; each column is non-negative and sums to 1.

    Returns
    -------
    float or ndarray of shape ``p.shape[1:]``

    Notes
    -----
    $$
    H(p) = -\sum_k p_k \log p_k, \qquad 0 \log 0 = 0
    $$

    As in `cross_entropy`, the log is taken of $\max(p_k, \varepsilon)$
    with $\varepsilon$ = `EPS`, which gives $0 \log 0 = 0$ and
    keeps $H(p) = H(p, q) - D_{KL}(p \| q)$ exact.

    Examples
    --------
    >>> from dlnotes.losses import entropy
    >>> round(float(entropy([0.25, 0.25, 0.25, 0.25])), 6)  # log 4
    1.386294
    >>> float(entropy([1.0, 0.0]))  # certain: no information
    0.0
    """
    p = _distribution(p, "p")
    return np.sum(p * _surprisal(p), axis=0)


def cross_entropy(p: ArrayLike, q: ArrayLike) -> float | Array:
    r"""Cross-entropy $H(p, q)$ of distributions along axis 0, in nats.

    Parameters
    ----------
    p : array_like, shape (K,) or (K, m)
        The true distributions (columns sum to 1).
    q : array_like, same shape as ``p``
        The model's distributions (columns sum to 1).

    Returns
    -------
    float or ndarray of shape ``p.shape[1:]``

    Notes
    -----
    $$
    H(p, q) = -\sum_k p_k \log q_k = H(p) + D_{KL}(p \,\|\, q)
    $$

    The log is taken of $\max(q_k, \varepsilon)$ with $\varepsilon$ =
    `EPS` = 1e-12: a class with $q_k = 0 < p_k$ costs
    $27.6\,p_k$ nats, large but finite.

    Examples
    --------
    >>> from dlnotes.losses import cross_entropy
    >>> round(float(cross_entropy([1.0, 0.0], [0.5, 0.5])), 6)  # log 2
    0.693147
    """
    p, q = _distribution(p, "p"), _distribution(q, "q")
    check_same_shape(p, q, "p", "q")
    return np.sum(p * _surprisal(q), axis=0)


def kl_divergence(p: ArrayLike, q: ArrayLike) -> float | Array:
    r"""Kullback–Leibler divergence $D_{KL}(p \| q)$ along axis 0, in nats.

    Parameters
    ----------
    p, q : array_like, shape (K,) or (K, m)
        Distributions (columns sum to 1).

    Returns
    -------
    float or ndarray of shape ``p.shape[1:]``
        >= 0 (up to rounding), 0 when ``p == q``.

    Notes
    -----
    $$
    D_{KL}(p \,\|\, q) = \sum_k p_k \log \frac{p_k}{q_k} = H(p, q) - H(p)
    $$

    With the same clip as `cross_entropy`: finite even where
    $q_k = 0 < p_k$. Not symmetric in ``p`` and ``q``.

    Examples
    --------
    >>> from dlnotes.losses import kl_divergence
    >>> round(float(kl_divergence([0.5, 0.5], [0.25, 0.75])), 6)
    0.143841
    """
    p, q = _distribution(p, "p"), _distribution(q, "q")
    check_same_shape(p, q, "p", "q")
    return np.sum(p * (_surprisal(q) - _surprisal(p)), axis=0)


def _output_and_labels(A: ArrayLike, Y: ArrayLike, name: str) -> tuple[Array, Array, int]:
    """Check a batch of outputs and its labels: same (n, m) shape with m >= 1."""
    A, Y = as_float_array(A, name), as_float_array(Y, "Y")
    check_ndim(A, 2, name, "(outputs, m examples)")
    check_same_shape(A, Y, name, "Y")
    if A.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one example (column), got shape {A.shape}")
    return A, Y, A.shape[1]


def _check_unit_interval(x: Array, name: str) -> None:
    if not np.all((x >= 0) & (x <= 1)):
        raise ValueError(f"{name} must lie in [0, 1], got values in [{x.min()}, {x.max()}]")


def _check_distribution(x: Array, name: str) -> None:
    """Each column along axis 0 must be non-negative and sum to 1 (to 1e-6)."""
    _check_unit_interval(x, name)
    sums = x.sum(axis=0)
    if np.any(np.abs(sums - 1.0) > 1e-6):
        worst = float(sums.flat[np.argmax(np.abs(sums - 1.0))])
        raise ValueError(f"{name} must sum to 1 along axis 0, got a sum of {worst}")


def _check_one_hot(Y: Array) -> None:
    _check_distribution(Y, "Y")
    bad = Y[(Y != 0) & (Y != 1)]
    if bad.size:
        raise ValueError(f"Y must be one-hot (entries 0 or 1), got an entry {bad[0]}")


def _distribution(p: ArrayLike, name: str) -> Array:
    p = as_float_array(p, name)
    if p.ndim == 0:
        raise ValueError(f"{name} must have an axis of classes, got shape {p.shape}")
    _check_distribution(p, name)
    return p


def _surprisal(p: Array) -> Array:
    """log(1 / p), with p clipped to at least EPS (and +0.0, not -0.0, for p = 1)."""
    return np.log(1.0 / np.maximum(p, EPS))


def _hinge_margins(Z: Array, Y: Array, margin: float) -> Array:
    """The terms max(0, z_j - z_y + margin), zeroed for the right class j = y."""
    z_y = np.sum(Z * Y, axis=0, keepdims=True)
    return np.maximum(Z - z_y + margin, 0.0) * (1.0 - Y)


def _clipped_probabilities(A: Array, Y: Array) -> NDArray[np.float64]:
    _check_unit_interval(A, "A")
    _check_unit_interval(Y, "Y")
    return np.clip(A.astype(np.float64), EPS, 1.0 - EPS)
