r"""Layers of a feed-forward network, and `Sequential` to stack them.

Every layer has

- ``forward(X, *, training)`` returning the output ``A``; it caches what the
  backward pass needs. ``training`` matters for `Dropout` and
  `BatchNorm` only.
- ``backward(dout)`` taking $\partial J / \partial A$ for the last forward
  pass and returning $\partial J / \partial X$; it writes the parameter
  gradients into ``grads``.
- ``params`` and ``grads``: dicts with the same keys and array shapes (empty for
  layers without parameters).

Optimizers update the arrays in ``params`` **in place**, and ``backward``
writes ``grads`` in place too, so these arrays are never replaced: a reference
taken once (e.g. by `Sequential.params`) stays valid.

Gradients are **not** divided by ``m``: the gradient of the cost that starts the
backward pass (see `dlnotes.losses`) already carries the $1/m$.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import (
    as_float_array,
    check_ndim,
    check_positive,
    check_positive_int,
)
from dlnotes.activations import (
    leaky_relu,
    leaky_relu_grad,
    maxout,
    maxout_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)
from dlnotes.initializers import he, xavier

__all__ = [
    "BatchNorm",
    "Dense",
    "Dropout",
    "Layer",
    "LeakyReLU",
    "Maxout",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
]

Array = NDArray[np.floating]
Initializer = Callable[..., NDArray[np.floating]]


class Layer:
    """Base class: empty ``params``/``grads`` and the check of ``dout``.

    Subclasses implement ``forward(X, *, training)`` (recording the output shape
    in ``self._out_shape``) and ``backward(dout)``.
    """

    def __init__(self) -> None:
        self.params: dict[str, Array] = {}
        self.grads: dict[str, Array] = {}
        self._out_shape: tuple[int, ...] | None = None

    def _check_dout(self, dout: ArrayLike) -> Array:
        """Return ``dout`` as an array of the last output's shape, or raise."""
        if self._out_shape is None:
            raise RuntimeError(f"{type(self).__name__}.backward called before forward")
        dout = as_float_array(dout, "dout")
        if dout.shape != self._out_shape:
            raise ValueError(
                f"dout must have the shape of the last output {self._out_shape}, "
                f"got {dout.shape}"
            )
        return dout


class Dense(Layer):
    r"""Fully connected layer $Z = W X + b$.

    Parameters
    ----------
    n_in, n_out : int
        Input features and units; >= 1.
    rng : numpy.random.Generator
        Passed to ``init``.
    init : callable, default `dlnotes.initializers.he`
        ``init(n_out, n_in, *, rng)`` returning ``W`` of shape (n_out, n_in).
        ``b`` starts at zero.
    input_grad : bool, default True
        Whether ``backward`` computes and returns $dX$. Set it to False on the
        first layer of a network: its input is the data, whose gradient nobody
        uses, and skipping $W^{\top} dZ$ saves one of the step's six matrix
        products (about a quarter of the work of a 784-256-10 network).
        ``backward`` then returns None.

    Notes
    -----
    Forward, for ``X`` of shape (n_in, m):

    $$
    Z = W X + b
    $$

    Backward, with $dZ = \partial J / \partial Z$ of shape (n_out, m):

    $$
    dW = dZ\, X^{\top}, \qquad db = \sum_{i=1}^{m} dZ_{:, i},
    \qquad dX = W^{\top} dZ
    $$

    No $1/m$ here: ``dZ`` already carries it (see the module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.layers import Dense
    >>> layer = Dense(3, 2, rng=np.random.default_rng(0))
    >>> layer.forward(np.ones((3, 5)), training=True).shape
    (2, 5)
    >>> layer.backward(np.ones((2, 5))).shape, layer.grads["W"].shape
    ((3, 5), (2, 3))
    >>> first = Dense(3, 2, rng=np.random.default_rng(0), input_grad=False)
    >>> _ = first.forward(np.ones((3, 5)), training=True)
    >>> first.backward(np.ones((2, 5))) is None, first.grads["W"].shape
    (True, (2, 3))
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        *,
        rng: np.random.Generator,
        init: Initializer = he,
        input_grad: bool = True,
    ) -> None:
        super().__init__()
        self.input_grad = input_grad
        W = init(n_out, n_in, rng=rng)
        if W.shape != (n_out, n_in):
            raise ValueError(f"init must return shape {(n_out, n_in)}, got {W.shape}")
        self.params = {"W": W, "b": np.zeros((n_out, 1))}
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        self._X: Array | None = None

    def forward(self, X: ArrayLike, *, training: bool) -> Array:
        W, b = self.params["W"], self.params["b"]
        self._X = _check_input(X, W.shape[1], f"W of shape {W.shape}")
        Z = W @ self._X
        Z += b  # in place: no second (n_out, m) array
        self._out_shape = Z.shape
        return Z

    def backward(self, dout: ArrayLike) -> Array | None:
        dZ = self._check_dout(dout)
        # Written straight into the gradient arrays (they are shared with
        # Sequential.grads and the optimizer), with no temporary to copy.
        np.matmul(dZ, self._X.T, out=self.grads["W"])
        dZ.sum(axis=1, keepdims=True, out=self.grads["b"])
        if not self.input_grad:
            return None  # the first layer: dX would be thrown away
        return self.params["W"].T @ dZ


class _Activation(Layer):
    """Element-wise activation ``A = g(Z)``; backward is ``dZ = dA * g'(Z)``."""

    def forward(self, X: ArrayLike, *, training: bool) -> Array:
        self._Z = as_float_array(X, "X")
        self._out_shape = self._Z.shape
        return self._g(self._Z)

    def backward(self, dout: ArrayLike) -> Array:
        return self._check_dout(dout) * self._g_grad(self._Z)


class Sigmoid(_Activation):
    """Sigmoid activation layer, `dlnotes.activations.sigmoid`; no parameters.

    Examples
    --------
    >>> from dlnotes.layers import Sigmoid
    >>> Sigmoid().forward([[0.0]], training=False).tolist()
    [[0.5]]
    """

    _g = staticmethod(sigmoid)
    _g_grad = staticmethod(sigmoid_grad)


class Tanh(_Activation):
    """Tanh activation layer, `dlnotes.activations.tanh`; no parameters.

    Examples
    --------
    >>> from dlnotes.layers import Tanh
    >>> Tanh().forward([[0.0]], training=False).tolist()
    [[0.0]]
    """

    _g = staticmethod(tanh)
    _g_grad = staticmethod(tanh_grad)


class ReLU(_Activation):
    """ReLU activation layer, `dlnotes.activations.relu`; no parameters.

    Examples
    --------
    >>> from dlnotes.layers import ReLU
    >>> ReLU().forward([[-1.0, 2.0]], training=False).tolist()
    [[0.0, 2.0]]
    """

    _g = staticmethod(relu)
    _g_grad = staticmethod(relu_grad)


class LeakyReLU(_Activation):
    """Leaky ReLU layer, `dlnotes.activations.leaky_relu`; no parameters.

    Parameters
    ----------
    alpha : float, default 0.01
        Slope for negative inputs, in [0, 1).

    Examples
    --------
    >>> from dlnotes.layers import LeakyReLU
    >>> LeakyReLU(alpha=0.1).forward([[-1.0, 2.0]], training=False).tolist()
    [[-0.1, 2.0]]
    """

    def __init__(self, alpha: float = 0.01) -> None:
        super().__init__()
        leaky_relu(0.0, alpha)  # raises ValueError now if alpha is outside [0, 1)
        self.alpha = alpha

    def _g(self, Z: Array) -> Array:
        return leaky_relu(Z, self.alpha)

    def _g_grad(self, Z: Array) -> Array:
        return leaky_relu_grad(Z, self.alpha)


class Dropout(Layer):
    r"""Inverted dropout: keep each unit with probability ``keep_prob``.

    Parameters
    ----------
    keep_prob : float
        Probability of keeping a unit, in (0, 1]; 1 keeps everything.
    rng : numpy.random.Generator
        Draws the masks.

    Attributes
    ----------
    D : ndarray of bool or None
        The mask of the last training pass (None before the first one).
    reuse_mask : bool
        False (default): each training pass draws a new mask. True: training
        passes reuse ``D``, so the layer is a fixed function of its input, as a
        gradient check needs (`dlnotes.gradcheck.check_model` sets it on a
        copy of the model).

    Notes
    -----
    In training, with $D_{ij} \sim \text{Bernoulli}(\text{keep\_prob})$:

    $$
    A = \frac{X \odot D}{\text{keep\_prob}}, \qquad
    dX = \frac{dA \odot D}{\text{keep\_prob}}
    $$

    Dividing by ``keep_prob`` keeps the expected value: $E[A] = X$. So at
    test time the layer is the identity, with nothing to rescale.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.layers import Dropout
    >>> layer = Dropout(0.5, rng=np.random.default_rng(0))
    >>> sorted(set(layer.forward(np.ones((4, 5)), training=True).ravel().tolist()))
    [0.0, 2.0]
    >>> layer.forward(np.ones((1, 2)), training=False).tolist()
    [[1.0, 1.0]]
    """

    def __init__(self, keep_prob: float, *, rng: np.random.Generator) -> None:
        super().__init__()
        if not 0 < keep_prob <= 1:
            raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob!r}")
        self.keep_prob = keep_prob
        self.rng = rng
        self.D: NDArray[np.bool_] | None = None
        self.reuse_mask = False
        self._training = False

    def forward(self, X: ArrayLike, *, training: bool) -> Array:
        X = as_float_array(X, "X")
        self._out_shape = X.shape
        self._training = training
        if not training:
            return X
        if not self.reuse_mask:
            self.D = self.rng.random(X.shape) < self.keep_prob
        elif self.D is None or self.D.shape != X.shape:
            got = None if self.D is None else self.D.shape
            raise ValueError(f"reuse_mask needs a stored mask D of shape {X.shape}, got {got}")
        return X * self.D / self.keep_prob

    def backward(self, dout: ArrayLike) -> Array:
        dA = self._check_dout(dout)
        return dA * self.D / self.keep_prob if self._training else dA


class BatchNorm(Layer):
    r"""Batch normalization of each row (unit) over the batch.

    Parameters
    ----------
    n : int
        Number of units (rows of the input); >= 1.
    momentum : float, default 0.9
        Weight of the past in the running averages, in [0, 1).
    eps : float, default 1e-5
        Added to the variance before the square root; > 0.

    Attributes
    ----------
    running_mean, running_var : ndarray, shape (n, 1)
        Exponentially weighted averages of the batch statistics, used at test
        time. They start at 0 and 1 and are updated by every training pass.

    Notes
    -----
    In training, for ``X`` of shape (n, m), with the batch statistics of each row:

    $$
    \mu = \frac{1}{m}\sum_i x^{(i)}, \quad
    \sigma^2 = \frac{1}{m}\sum_i (x^{(i)} - \mu)^2, \quad
    \hat{x} = \frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \quad
    a = \gamma \hat{x} + \beta
    $$

    and the running averages move towards them:

    $$
    \mu_{run} \leftarrow \text{momentum}\,\mu_{run} + (1 - \text{momentum})\,\mu
    $$

    (the same for $\sigma^2_{run}$, using the biased $\sigma^2$ above).
    At test time $\mu_{run}, \sigma^2_{run}$ replace $\mu, \sigma^2$,
    so each example's output no longer depends on the rest of the batch.

    Backward in training (every example moves $\mu$ and $\sigma^2$),
    with $d\hat{x} = \gamma\, dA$:

    $$
    dX = \frac{1}{m\sqrt{\sigma^2 + \varepsilon}} \left( m\, d\hat{x}
    - \sum_i d\hat{x}^{(i)} - \hat{x} \sum_i d\hat{x}^{(i)} \hat{x}^{(i)} \right),
    \quad d\gamma = \sum_i dA^{(i)} \hat{x}^{(i)}, \quad
    d\beta = \sum_i dA^{(i)}
    $$

    After a test-time pass the layer is affine, and
    $dX = d\hat{x} / \sqrt{\sigma^2_{run} + \varepsilon}$.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.layers import BatchNorm
    >>> A = BatchNorm(1).forward(np.array([[1.0, 3.0]]), training=True)
    >>> A.round(4).tolist()  # mean 0, variance 1 (almost: eps)
    [[-1.0, 1.0]]
    """

    def __init__(self, n: int, *, momentum: float = 0.9, eps: float = 1e-5) -> None:
        super().__init__()
        check_positive_int(n, "n")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        check_positive(eps, "eps")
        self.momentum, self.eps = momentum, eps
        self.params = {"gamma": np.ones((n, 1)), "beta": np.zeros((n, 1))}
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.running_mean = np.zeros((n, 1))
        self.running_var = np.ones((n, 1))

    def forward(self, X: ArrayLike, *, training: bool) -> Array:
        gamma, beta = self.params["gamma"], self.params["beta"]
        X = _check_input(X, gamma.shape[0], f"gamma of shape {gamma.shape}")
        if training:
            mu, var = X.mean(axis=1, keepdims=True), X.var(axis=1, keepdims=True)
            self.running_mean[...] = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var[...] = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            mu, var = self.running_mean, self.running_var
        self._training = training
        self._inv_std = 1.0 / np.sqrt(var + self.eps)
        self._X_hat = (X - mu) * self._inv_std
        self._out_shape = X.shape
        return gamma * self._X_hat + beta

    def backward(self, dout: ArrayLike) -> Array:
        dA = self._check_dout(dout)
        X_hat = self._X_hat
        self.grads["gamma"][...] = np.sum(dA * X_hat, axis=1, keepdims=True)
        self.grads["beta"][...] = dA.sum(axis=1, keepdims=True)
        dX_hat = dA * self.params["gamma"]
        if not self._training:
            return dX_hat * self._inv_std
        m = dA.shape[1]
        return (self._inv_std / m) * (
            m * dX_hat
            - dX_hat.sum(axis=1, keepdims=True)
            - X_hat * np.sum(dX_hat * X_hat, axis=1, keepdims=True)
        )


class Maxout(Layer):
    r"""Maxout layer: each unit is the largest of ``k`` affine pieces.

    Parameters
    ----------
    n_in, n_out : int
        Input features and units; >= 1.
    k : int
        Pieces per unit; >= 1.
    rng : numpy.random.Generator
        Passed to ``init``.
    init : callable, default `dlnotes.initializers.xavier`
        ``init(n_out, n_in, *, rng)``, called once per piece. Maxout zeroes
        nothing (unlike ReLU), hence variance $1/n_{in}$ rather than He's.

    Notes
    -----
    ``W`` has shape (k, n_out, n_in) and ``b`` (k, n_out, 1): piece ``j`` is
    $Z_j = W_j X + b_j$, and

    $$
    A = \max_j Z_j, \qquad dZ_j = dA \odot [\, j \text{ wins} \,],
    \qquad dW_j = dZ_j X^{\top}, \quad db_j = \sum_i dZ_{j,:,i}, \quad
    dX = \sum_j W_j^{\top} dZ_j
    $$

    (see `dlnotes.activations.maxout` and
    `dlnotes.activations.maxout_grad`; ties go to the first piece).

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.layers import Maxout
    >>> layer = Maxout(3, 2, k=4, rng=np.random.default_rng(0))
    >>> layer.params["W"].shape, layer.forward(np.ones((3, 5)), training=True).shape
    ((4, 2, 3), (2, 5))
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        k: int,
        *,
        rng: np.random.Generator,
        init: Initializer = xavier,
    ) -> None:
        super().__init__()
        check_positive_int(k, "k")
        W = np.stack([init(n_out, n_in, rng=rng) for _ in range(k)])
        if W.shape != (k, n_out, n_in):
            raise ValueError(f"init must return shape {(n_out, n_in)}, got {W.shape[1:]}")
        self.params = {"W": W, "b": np.zeros((k, n_out, 1))}
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}

    def forward(self, X: ArrayLike, *, training: bool) -> Array:
        W, b = self.params["W"], self.params["b"]
        self._X = _check_input(X, W.shape[2], f"W of shape {W.shape}")
        self._Z = W @ self._X + b
        A = maxout(self._Z)
        self._out_shape = A.shape
        return A

    def backward(self, dout: ArrayLike) -> Array:
        dA = self._check_dout(dout)
        dZ = maxout_grad(self._Z) * dA
        self.grads["W"][...] = dZ @ self._X.T
        self.grads["b"][...] = dZ.sum(axis=2, keepdims=True)
        return np.sum(np.swapaxes(self.params["W"], 1, 2) @ dZ, axis=0)


class Sequential:
    """A stack of layers applied one after the other.

    Parameters
    ----------
    layers : iterable of layers
        At least one.

    Attributes
    ----------
    layers : list
        The layers, in order.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.layers import Dense, ReLU, Sequential
    >>> rng = np.random.default_rng(0)
    >>> model = Sequential([Dense(4, 3, rng=rng), ReLU(), Dense(3, 1, rng=rng)])
    >>> model.forward(np.ones((4, 10)), training=True).shape
    (1, 10)
    >>> list(model.params)
    ['0.W', '0.b', '2.W', '2.b']
    >>> model.params["0.W"] is model.layers[0].params["W"]
    True
    """

    def __init__(self, layers: Iterable[Layer]) -> None:
        self.layers = list(layers)
        if not self.layers:
            raise ValueError("Sequential needs at least one layer, got none")

    def forward(self, X: ArrayLike, *, training: bool) -> Array:
        """Run every layer's forward pass; return the network output."""
        for layer in self.layers:
            X = layer.forward(X, training=training)
        return X

    def backward(self, dout: ArrayLike) -> Array | None:
        """Run every layer's backward pass, last layer first; return dJ/dX.

        Returns None when the first layer is a `Dense` with ``input_grad=False``.
        """
        for i in range(len(self.layers) - 1, -1, -1):
            dout = self.layers[i].backward(dout)
            if dout is None and i > 0:
                raise ValueError(
                    f"layer {i} ({type(self.layers[i]).__name__}) returned no input gradient, "
                    f"but layer {i - 1} needs one: only the first layer may use input_grad=False"
                )
        return dout

    @property
    def params(self) -> dict[str, Array]:
        """All parameters, keyed ``"<layer index>.<name>"``; the layers' own arrays."""
        return {f"{i}.{k}": p for i, lay in enumerate(self.layers) for k, p in lay.params.items()}

    @property
    def grads(self) -> dict[str, Array]:
        """All gradients, with the same keys as `params`."""
        return {f"{i}.{k}": g for i, lay in enumerate(self.layers) for k, g in lay.grads.items()}

    def weights(self) -> list[Array]:
        """The arrays to regularize: every parameter named ``W`` (not b, gamma, beta)."""
        return [p for layer in self.layers for k, p in layer.params.items() if k == "W"]


def _check_input(X: ArrayLike, n_in: int, layer: str) -> Array:
    """``X`` as a float array of shape (n_in, m), or a ValueError naming the shapes."""
    X = as_float_array(X, "X")
    check_ndim(X, 2, "X", "(n_in, m)")
    if X.shape[0] != n_in:
        raise ValueError(f"X must have shape ({n_in}, m) for {layer}, got {X.shape}")
    return X
