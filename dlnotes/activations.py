"""Activation functions and their derivatives.

Every function works element-wise on an array of any shape, except
`softmax` (along one axis), `softmax_jacobian` (one vector) and
`maxout` (over the axis of pieces). Each ``*_grad`` returns the derivative
with respect to the *input* ``z``, evaluated element-wise, so that backpropagation
through an activation ``A = g(Z)`` reads ``dZ = dA * g_grad(Z)``.

All functions are safe for large inputs: ``|z|`` up to 1e4 and beyond gives no
NaN, no inf and no overflow warning.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_ndim

__all__ = [
    "leaky_relu",
    "leaky_relu_grad",
    "maxout",
    "maxout_grad",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "softmax_jacobian",
    "softplus",
    "softplus_grad",
    "tanh",
    "tanh_grad",
]

Array = NDArray[np.floating]


def sigmoid(z: ArrayLike) -> Array:
    r"""Logistic sigmoid, element-wise.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Values in [0, 1].

    Notes
    -----
    $$
    \sigma(z) = \frac{1}{1 + e^{-z}}
    $$

    Computed as $e^{z}/(1+e^{z})$ for negative ``z`` so that ``exp`` is only
    ever called on non-positive numbers and cannot overflow.

    Examples
    --------
    >>> from dlnotes.activations import sigmoid
    >>> sigmoid([-1e4, 0.0, 1e4]).tolist()
    [0.0, 0.5, 1.0]
    """
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z: ArrayLike) -> Array:
    r"""Derivative of `sigmoid`, element-wise.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Values in [0, 0.25].

    Notes
    -----
    $$
    \sigma'(z) = \sigma(z)\,(1 - \sigma(z)) = a(1 - a)
    $$

    Examples
    --------
    >>> from dlnotes.activations import sigmoid_grad
    >>> float(sigmoid_grad(0.0))
    0.25
    """
    a = sigmoid(z)
    return a * (1.0 - a)


def tanh(z: ArrayLike) -> Array:
    r"""Hyperbolic tangent, element-wise.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Values in [-1, 1].

    Notes
    -----
    $$
    \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}} = 2\sigma(2z) - 1
    $$

    Examples
    --------
    >>> from dlnotes.activations import tanh
    >>> tanh([-1e4, 0.0, 1e4]).tolist()
    [-1.0, 0.0, 1.0]
    """
    return np.tanh(as_float_array(z, "z"))


def tanh_grad(z: ArrayLike) -> Array:
    r"""Derivative of `tanh`, element-wise.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Values in [0, 1].

    Notes
    -----
    $$
    \tanh'(z) = 1 - \tanh^2(z) = 1 - a^2
    $$

    Examples
    --------
    >>> from dlnotes.activations import tanh_grad
    >>> float(tanh_grad(0.0))
    1.0
    """
    a = tanh(z)
    return 1.0 - a * a


def relu(z: ArrayLike) -> Array:
    r"""Rectified linear unit, element-wise.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``

    Notes
    -----
    $$
    \operatorname{ReLU}(z) = \max(0, z)
    $$

    Examples
    --------
    >>> from dlnotes.activations import relu
    >>> relu([-2.0, 0.0, 3.0]).tolist()
    [0.0, 0.0, 3.0]
    """
    z = as_float_array(z, "z")
    return np.maximum(z, 0.0)


def relu_grad(z: ArrayLike) -> Array:
    r"""Derivative of `relu`, element-wise.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        1 where ``z > 0``, else 0.

    Notes
    -----
    $$
    \operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z < 0 \end{cases}
    $$

    ReLU has no derivative at exactly ``z = 0``; any value in [0, 1] is a valid
    subgradient there. We use 0, as PyTorch and TensorFlow do.

    Examples
    --------
    >>> from dlnotes.activations import relu_grad
    >>> relu_grad([-2.0, 0.0, 3.0]).tolist()
    [0.0, 0.0, 1.0]
    """
    z = as_float_array(z, "z")
    return (z > 0).astype(z.dtype)


def leaky_relu(z: ArrayLike, alpha: float = 0.01) -> Array:
    r"""Leaky ReLU, element-wise.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.
    alpha : float, default 0.01
        Slope for negative ``z``; must be in [0, 1).

    Returns
    -------
    ndarray, same shape as ``z``

    Notes
    -----
    $$
    \operatorname{LeakyReLU}(z) = \max(\alpha z, z)
    $$

    Examples
    --------
    >>> from dlnotes.activations import leaky_relu
    >>> leaky_relu([-2.0, 3.0]).tolist()
    [-0.02, 3.0]
    """
    _check_alpha(alpha)
    z = as_float_array(z, "z")
    return np.where(z > 0, z, alpha * z)


def leaky_relu_grad(z: ArrayLike, alpha: float = 0.01) -> Array:
    r"""Derivative of `leaky_relu`, element-wise.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.
    alpha : float, default 0.01
        Slope for negative ``z``; must be in [0, 1).

    Returns
    -------
    ndarray, same shape as ``z``
        1 where ``z > 0``, else ``alpha`` (``z = 0`` included, as for ReLU).

    Examples
    --------
    >>> from dlnotes.activations import leaky_relu_grad
    >>> leaky_relu_grad([-2.0, 3.0]).tolist()
    [0.01, 1.0]
    """
    _check_alpha(alpha)
    z = as_float_array(z, "z")
    return np.where(z > 0, 1.0, alpha).astype(z.dtype)


def softplus(z: ArrayLike) -> Array:
    r"""Softplus, a smooth ReLU, element-wise.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Positive values, between ``relu(z)`` and ``relu(z) + log 2``.

    Notes
    -----
    $$
    \operatorname{softplus}(z) = \log\left(1 + e^{z}\right)
    = \max(z, 0) + \log\left(1 + e^{-|z|}\right)
    $$

    The second form is the one computed: ``exp`` only sees non-positive
    numbers, so nothing overflows. Softplus is the integral of the sigmoid,
    $\int_{-\infty}^{z} \sigma(t)\,dt$, which is why a sum of shifted
    sigmoids approaches it.

    Examples
    --------
    >>> from dlnotes.activations import softplus
    >>> softplus([-1e4, 0.0, 1e4]).round(4).tolist()
    [0.0, 0.6931, 10000.0]
    """
    z = as_float_array(z, "z")
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def softplus_grad(z: ArrayLike) -> Array:
    r"""Derivative of `softplus`, element-wise: the sigmoid.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``
        Values in [0, 1].

    Notes
    -----
    $$
    \operatorname{softplus}'(z) = \frac{e^{z}}{1 + e^{z}} = \sigma(z)
    $$

    Examples
    --------
    >>> from dlnotes.activations import softplus_grad
    >>> float(softplus_grad(0.0))
    0.5
    """
    return sigmoid(z)


def softmax(Z: ArrayLike, axis: int = 0) -> Array:
    r"""Softmax along ``axis`` (classes), numerically stable.

    Parameters
    ----------
    Z : array_like, shape (n_classes,) or (n_classes, m)
        Logits; with the column convention used throughout ``dlnotes`` each
        column is one example, so the default ``axis=0`` normalizes each column.
    axis : int, default 0
        Axis holding the classes.

    Returns
    -------
    ndarray, same shape as ``Z``
        Non-negative, summing to 1 along ``axis``.

    Notes
    -----
    $$
    \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}
    = \frac{e^{z_i - c}}{\sum_j e^{z_j - c}}, \quad c = \max_j z_j
    $$

    Subtracting the maximum changes nothing mathematically but keeps every
    exponent at most 0, so ``exp`` cannot overflow.

    Examples
    --------
    >>> from dlnotes.activations import softmax
    >>> softmax([1000.0, 1000.0]).tolist()
    [0.5, 0.5]
    """
    Z = as_float_array(Z, "Z")
    if Z.ndim == 0:
        raise ValueError(f"Z must have at least one axis of classes, got shape {Z.shape}")
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


def softmax_jacobian(z: ArrayLike) -> Array:
    r"""Jacobian of `softmax` for one vector of logits.

    Parameters
    ----------
    z : array_like, shape (n,)
        Logits of one example.

    Returns
    -------
    ndarray, shape (n, n)
        ``J[i, j] = d softmax(z)_i / d z_j``.

    Notes
    -----
    $$
    \frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_j),
    \quad J = \operatorname{diag}(p) - p p^{\top}
    $$

    Examples
    --------
    >>> from dlnotes.activations import softmax_jacobian
    >>> softmax_jacobian([0.0, 0.0]).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    z = as_float_array(z, "z")
    check_ndim(z, 1, "z", "(one vector of logits)")
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def maxout(Z: ArrayLike) -> Array:
    r"""Maxout: the largest of ``k`` linear pieces, element-wise.

    Parameters
    ----------
    Z : array_like, shape (k, ...)
        ``Z[j]`` holds the pre-activations of piece ``j`` (each piece is its own
        affine map ``W_j x + b_j``); ``k >= 1``.

    Returns
    -------
    ndarray, shape ``Z.shape[1:]``

    Notes
    -----
    $$
    \operatorname{maxout}(x) = \max_{j=1..k} \left(w_j^{\top} x + b_j\right)
    $$

    With two pieces, one of them fixed at 0, maxout is exactly ReLU; with more
    pieces it learns any convex piecewise-linear activation.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.activations import maxout
    >>> z = np.array([-2.0, 3.0])
    >>> maxout(np.stack([np.zeros_like(z), z])).tolist()  # pieces 0 and z: ReLU
    [0.0, 3.0]
    """
    Z = as_float_array(Z, "Z")
    if Z.ndim < 1 or Z.shape[0] < 1:
        raise ValueError(f"Z must have a first axis of k >= 1 pieces, got shape {Z.shape}")
    return Z.max(axis=0)


def maxout_grad(Z: ArrayLike) -> Array:
    r"""Derivative of `maxout` with respect to every piece.

    Parameters
    ----------
    Z : array_like, shape (k, ...)
        Pre-activations of the ``k`` pieces.

    Returns
    -------
    ndarray, shape ``Z.shape``
        1 for the winning piece of each element, 0 for the others. Ties go to
        the first winning piece, so exactly one piece gets the gradient.

    Notes
    -----
    $$
    \frac{\partial \max_j z_j}{\partial z_i} = [\, i = \arg\max_j z_j \,]
    $$

    Examples
    --------
    >>> from dlnotes.activations import maxout_grad
    >>> maxout_grad([[1.0, 5.0], [2.0, 4.0]]).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    Z = as_float_array(Z, "Z")
    if Z.ndim < 1 or Z.shape[0] < 1:
        raise ValueError(f"Z must have a first axis of k >= 1 pieces, got shape {Z.shape}")
    winner = Z.argmax(axis=0)
    return (np.arange(Z.shape[0]).reshape((-1,) + (1,) * (Z.ndim - 1)) == winner).astype(
        Z.dtype
    )


def _check_alpha(alpha: float) -> None:
    if not (np.isfinite(alpha) and 0 <= alpha < 1):
        raise ValueError(f"alpha must be in [0, 1), got {alpha!r}")
