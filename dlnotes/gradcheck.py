"""Numerical gradients and the relative error used to check backpropagation."""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_ndim, check_positive
from dlnotes.layers import Dropout, Sequential
from dlnotes.regularization import l2_grad, l2_penalty

__all__ = ["check_model", "numerical_grad", "relative_error", "worst"]


def numerical_grad(
    f: Callable[[NDArray[np.floating]], float],
    x: NDArray[np.floating],
    *,
    eps: float = 1e-6,
    two_sided: bool = True,
) -> NDArray[np.float64]:
    r"""Finite-difference gradient of a scalar function, one element at a time.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a float. It must read ``x`` afresh on every call: ``x``
        is nudged in place and restored afterwards.
    x : ndarray of float64, any shape
        The point. Use float64; in float32 the rounding error swamps the check.
    eps : float, default 1e-6
        Step size.
    two_sided : bool, default True
        Centred difference (error $O(\varepsilon^2)$) or forward
        difference (error $O(\varepsilon)$).

    Returns
    -------
    ndarray, same shape as ``x``

    Notes
    -----
    $$
    \frac{\partial f}{\partial x_i} \approx
    \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}
    $$

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.gradcheck import numerical_grad
    >>> x = np.array([1.0, 2.0])
    >>> numerical_grad(lambda v: float(np.sum(v**3)), x).round(6).tolist()
    [3.0, 12.0]
    """
    check_positive(eps, "eps")
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"x must be a floating-point ndarray (nudged in place), got {type(x)}")
    grad = np.zeros(x.shape, dtype=np.float64)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("x must be contiguous so it can be nudged in place")
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = f(x)
        if two_sided:
            flat[i] = old - eps
            f_minus = f(x)
            gflat[i] = (f_plus - f_minus) / (2 * eps)
        else:
            flat[i] = old
            gflat[i] = (f_plus - f(x)) / eps
        flat[i] = old
    return grad


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    r"""Relative distance between two gradients.

    Parameters
    ----------
    a, b : array_like, same shape
        Usually the backprop gradient and the numerical one.

    Returns
    -------
    float
        0 when both are zero; otherwise in [0, 1].

    Notes
    -----
    $$
    \frac{\lVert a - b \rVert_2}{\lVert a \rVert_2 + \lVert b \rVert_2}
    $$

    Rule of thumb in float64: below 1e-7 is right; around 1e-5 look closer;
    **above** 1e-3 there is almost surely a bug.

    Examples
    --------
    >>> from dlnotes.gradcheck import relative_error
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    if denom == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denom)


def check_model(
    model: Sequential,
    cost: Callable[[NDArray[np.floating], NDArray[np.floating]], float],
    cost_grad: Callable[[NDArray[np.floating], NDArray[np.floating]], NDArray[np.floating]],
    X: ArrayLike,
    Y: ArrayLike,
    *,
    eps: float = 1e-6,
    lambd: float = 0.0,
) -> dict[str, float]:
    r"""Gradient check of a whole network: backprop against finite differences.

    Parameters
    ----------
    model : Sequential
        The network. It is left untouched: the check runs on a deep copy, so
        neither its ``grads``, its BatchNorm running statistics nor its random
        generators change.
    cost, cost_grad : callable
        ``cost(A, Y)`` returns the float cost of the output ``A``;
        ``cost_grad(A, Y)`` returns $\partial J / \partial A$, e.g.
        `dlnotes.losses.softmax_cross_entropy` and
        `dlnotes.losses.softmax_cross_entropy_grad`.
    X : array_like, shape (n_x, m)
        Inputs, one example per column.
    Y : array_like
        Labels, in the form ``cost`` expects.
    eps : float, default 1e-6
        Step of `numerical_grad`.
    lambd : float, default 0.0
        L2 strength: the cost gets `dlnotes.regularization.l2_penalty` of
        ``model.weights()`` and their gradients get
        `dlnotes.regularization.l2_grad`.

    Returns
    -------
    dict of str to float
        `relative_error` for every parameter array, keyed as
        ``model.params`` (``"0.W"``, ``"0.b"``, ...).

    Notes
    -----
    Everything runs in training mode. After a first forward pass every
    `dlnotes.layers.Dropout` layer keeps its mask (``reuse_mask =
    True``), so the cost is a fixed, differentiable function of the parameters:

    $$
    J(\theta) = \operatorname{cost}(\text{model}(X; \theta), Y)
    + \frac{\lambda}{2m} \sum_l \lVert W^{[l]} \rVert_F^2
    $$

    Use float64 parameters and keep ReLU / maxout inputs away from their kinks.
    A parameter whose true gradient is 0 reports an error near 1, because both
    gradients are then rounding noise: e.g. the bias of a Dense layer just
    before a BatchNorm layer, which subtracts it out again.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.gradcheck import check_model, worst
    >>> from dlnotes.layers import Dense, Sequential, Tanh
    >>> from dlnotes.losses import mse, mse_grad
    >>> rng = np.random.default_rng(0)
    >>> model = Sequential([Dense(3, 4, rng=rng), Tanh(), Dense(4, 1, rng=rng)])
    >>> report = check_model(model, mse, mse_grad, rng.normal(size=(3, 5)),
    ...                      rng.normal(size=(1, 5)), lambd=0.1)
    >>> sorted(report)
    ['0.W', '0.b', '2.W', '2.b']
    >>> worst(report)[1] < 1e-7
    True
    """
    X = as_float_array(X, "X")
    check_ndim(X, 2, "X", "(n_x, m)")
    m = X.shape[1]
    model = copy.deepcopy(model)

    A = model.forward(X, training=True)
    for layer in model.layers:
        if isinstance(layer, Dropout):
            layer.reuse_mask = True
    model.backward(cost_grad(A, Y))
    weights, grads = model.weights(), model.grads
    backprop = {
        name: grads[name] + (l2_grad(p, lambd=lambd, m=m) if any(p is W for W in weights) else 0)
        for name, p in model.params.items()
    }

    def total_cost(_: NDArray[np.floating]) -> float:
        A = model.forward(X, training=True)
        return cost(A, Y) + l2_penalty(weights, lambd=lambd, m=m)

    return {
        name: relative_error(backprop[name], numerical_grad(total_cost, p, eps=eps))
        for name, p in model.params.items()
    }


def worst(report: dict[str, float]) -> tuple[str, float]:
    """The parameter with the largest relative error in a `check_model` report.

    Parameters
    ----------
    report : dict of str to float
        Parameter name to relative error.

    Returns
    -------
    (str, float)
        The name and its error.

    Examples
    --------
    >>> from dlnotes.gradcheck import worst
    >>> worst({"0.W": 3e-9, "0.b": 2e-8})
    ('0.b', 2e-08)
    """
    if not report:
        raise ValueError("report is empty: there is no parameter to rank")
    name = max(report, key=report.__getitem__)
    return name, report[name]
