r"""A two-layer network written out by hand: the course's forward and backward formulas.

One hidden layer with activation ``g`` (tanh by default) and a sigmoid output,
trained on the binary cross-entropy. Every quantity has the name it has in the
formulas (``Z1``, ``A1``, ``dW2``, ...), so the code can be read side by side
with them. `dlnotes.layers.Sequential` computes the same numbers with
general layers; this module keeps the whole computation in view.

Shapes, with ``n_x`` inputs, ``n_h`` hidden units, ``n_y`` outputs and ``m``
examples (one per column): ``X`` (n_x, m), ``W1`` (n_h, n_x), ``b1`` (n_h, 1),
``W2`` (n_y, n_h), ``b2`` (n_y, 1), ``Y`` and ``A2`` (n_y, m).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_ndim
from dlnotes.activations import sigmoid, tanh, tanh_grad
from dlnotes.initializers import xavier

__all__ = ["backward", "forward", "init_params"]

Array = NDArray[np.floating]
Activation = Callable[[Array], Array]
Initializer = Callable[..., Array]


def init_params(
    n_x: int, n_h: int, n_y: int, *, rng: np.random.Generator, init: Initializer = xavier
) -> dict[str, Array]:
    r"""Random weights and zero biases for the two layers.

    Parameters
    ----------
    n_x, n_h, n_y : int
        Input features, hidden units and output units; >= 1.
    rng : numpy.random.Generator
        Passed to ``init``.
    init : callable, default `dlnotes.initializers.xavier`
        ``init(n_out, n_in, *, rng)`` returning a weight matrix of shape
        (n_out, n_in), e.g. `dlnotes.initializers.small_random`.

    Returns
    -------
    dict of str to ndarray
        ``W1`` (n_h, n_x), ``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1).

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.two_layer import init_params
    >>> params = init_params(3, 4, 1, rng=np.random.default_rng(0))
    >>> {name: p.shape for name, p in params.items()}
    {'W1': (4, 3), 'b1': (4, 1), 'W2': (1, 4), 'b2': (1, 1)}
    """
    return {
        "W1": init(n_h, n_x, rng=rng),
        "b1": np.zeros((n_h, 1)),
        "W2": init(n_y, n_h, rng=rng),
        "b2": np.zeros((n_y, 1)),
    }


def forward(
    X: ArrayLike, params: dict[str, Array], *, g: Activation = tanh
) -> tuple[Array, dict[str, Array]]:
    r"""Forward pass: the output ``A2`` and the values the backward pass needs.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
        Inputs, one example per column.
    params : dict of str to ndarray
        ``W1``, ``b1``, ``W2``, ``b2`` as made by `init_params`.
    g : callable, default `dlnotes.activations.tanh`
        Activation of the hidden layer.

    Returns
    -------
    A2 : ndarray, shape (n_y, m)
        Output probabilities.
    cache : dict of str to ndarray
        ``Z1``, ``A1`` (n_h, m) and ``Z2``, ``A2`` (n_y, m).

    Notes
    -----
    $$
    Z^{[1]} = W^{[1]} X + b^{[1]}, \quad A^{[1]} = g(Z^{[1]}), \quad
    Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}, \quad A^{[2]} = \sigma(Z^{[2]})
    $$

    The biases, of shape (n, 1), are broadcast over the ``m`` columns.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.two_layer import forward, init_params
    >>> params = init_params(2, 3, 1, rng=np.random.default_rng(0))
    >>> A2, cache = forward(np.zeros((2, 5)), params)  # zero input, zero biases
    >>> A2.tolist()
    [[0.5, 0.5, 0.5, 0.5, 0.5]]
    """
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    X = as_float_array(X, "X")
    check_ndim(X, 2, "X", "(n_x, m)")
    if X.shape[0] != W1.shape[1]:
        raise ValueError(f"X must have shape ({W1.shape[1]}, m) for W1 of shape {W1.shape}, "
                         f"got {X.shape}")
    Z1 = W1 @ X + b1
    A1 = g(Z1)
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def backward(
    X: ArrayLike,
    Y: ArrayLike,
    params: dict[str, Array],
    cache: dict[str, Array],
    *,
    g_grad: Activation = tanh_grad,
) -> dict[str, Array]:
    r"""Backward pass: the gradients of the mean binary cross-entropy.

    Parameters
    ----------
    X : array_like, shape (n_x, m)
        The inputs given to `forward`.
    Y : array_like, shape (n_y, m)
        Labels in [0, 1].
    params : dict of str to ndarray
        The parameters used in `forward`.
    cache : dict of str to ndarray
        What `forward` returned with them.
    g_grad : callable, default `dlnotes.activations.tanh_grad`
        Derivative of the hidden activation ``g`` used in `forward`.

    Returns
    -------
    dict of str to ndarray
        The gradients $dW^{[1]}, db^{[1]}, dW^{[2]}, db^{[2]}$, keyed like
        ``params`` (``"W1"``, ``"b1"``, ...) so that an optimizer can take
        ``step(params, grads)``.

    Notes
    -----
    For the cost
    $J = -\frac{1}{m}\sum \bigl[Y \log A^{[2]} + (1 - Y)\log(1 - A^{[2]})\bigr]$
    (see `dlnotes.losses.binary_cross_entropy`):

    $$
    \begin{aligned}
    dZ^{[2]} &= A^{[2]} - Y, &
    dW^{[2]} &= \tfrac{1}{m}\, dZ^{[2]} A^{[1]\top}, &
    db^{[2]} &= \tfrac{1}{m} \textstyle\sum_{i} dZ^{[2]}_{:,i}, \\
    dZ^{[1]} &= W^{[2]\top} dZ^{[2]} \odot g'(Z^{[1]}), &
    dW^{[1]} &= \tfrac{1}{m}\, dZ^{[1]} X^{\top}, &
    db^{[1]} &= \tfrac{1}{m} \textstyle\sum_{i} dZ^{[1]}_{:,i}.
    \end{aligned}
    $$

    Here ``dZ2`` is the gradient of the summed loss; the $1/m$ of the
    mean enters in ``dW`` and ``db``, as in the course.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.two_layer import backward, forward, init_params
    >>> rng = np.random.default_rng(0)
    >>> params = init_params(2, 3, 1, rng=rng)
    >>> X, Y = rng.normal(size=(2, 5)), np.array([[0, 1, 1, 0, 1]])
    >>> A2, cache = forward(X, params)
    >>> {name: d.shape for name, d in backward(X, Y, params, cache).items()}
    {'W1': (3, 2), 'b1': (3, 1), 'W2': (1, 3), 'b2': (1, 1)}
    """
    X, Y = as_float_array(X, "X"), as_float_array(Y, "Y")
    A1, A2, Z1 = cache["A1"], cache["A2"], cache["Z1"]
    if Y.shape != A2.shape:
        raise ValueError(f"Y must have the shape of A2 {A2.shape}, got {Y.shape}")
    if X.shape[1] != A2.shape[1]:
        raise ValueError(f"X must hold the m = {A2.shape[1]} examples of the forward pass, "
                         f"got shape {X.shape}")
    m = X.shape[1]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * g_grad(Z1)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
