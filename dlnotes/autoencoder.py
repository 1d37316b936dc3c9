r"""Autoencoders built from `dlnotes.layers`, and the sparsity penalty.

An autoencoder learns to reproduce its input through a narrow middle layer, the
*code*: an encoder maps $x$ (n_x values) to a code $h$ (n_code values), a decoder
maps $h$ back to $\hat x$, and training minimizes the reconstruction error, e.g.
`dlnotes.losses.mse` of $\hat x$ against $x$ itself. No labels are needed.

`make_autoencoder` returns the encoder, the decoder and the whole
autoencoder as three `dlnotes.layers.Sequential` models sharing the same
layer objects: train the whole model with `dlnotes.training.fit` (``Y = X``),
then use the encoder alone to compute codes, or the decoder alone to generate.

A *sparse* autoencoder adds `sparsity_penalty` to the cost: each code unit
(sigmoid, so in [0, 1]) should be active only on a small fraction $\rho$ of the
examples. The penalty depends on the code, not only on the output, so its
gradient enters the backward pass between decoder and encoder; see
`sparsity_penalty_grad` for the loop.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_ndim, check_positive, check_positive_int
from dlnotes.initializers import xavier
from dlnotes.layers import Dense, Layer, Sequential, Tanh
from dlnotes.losses import EPS

__all__ = [
    "kl_sparsity",
    "kl_sparsity_grad",
    "make_autoencoder",
    "sparsity_penalty",
    "sparsity_penalty_grad",
]

Array = NDArray[np.floating]


def make_autoencoder(
    n_x: int,
    n_hidden: Sequence[int] | int,
    n_code: int,
    *,
    rng: np.random.Generator,
    activation: Callable[[], Layer] = Tanh,
    init: Callable[..., NDArray[np.floating]] = xavier,
    code_activation: Callable[[], Layer] | None = None,
) -> tuple[Sequential, Sequential, Sequential]:
    r"""An encoder, a mirror-image decoder, and the autoencoder made of both.

    Parameters
    ----------
    n_x : int
        Input features, >= 1; also the size of the output.
    n_hidden : sequence of int, or int
        Sizes of the encoder's hidden layers, from the input inwards, each >= 1;
        the decoder uses them in reverse. An int is one hidden layer; ``()`` gives
        a single Dense layer each way (with a linear code and ``mse``, this
        learns the same subspace as PCA).
    n_code : int
        Size of the code, >= 1; usually smaller than ``n_x``.
    rng : numpy.random.Generator
        Draws the initial weights.
    activation : layer class, default `dlnotes.layers.Tanh`
        Called with no argument to make the activation after each hidden Dense
        layer, e.g. ``ReLU``.
    init : callable, default `dlnotes.initializers.xavier`
        Weight initializer of every Dense layer (suits tanh; use ``he`` with ReLU).
    code_activation : layer class, optional
        Activation of the code; None (default) leaves the code linear. Use
        `dlnotes.layers.Sigmoid` for a sparse autoencoder.

    Returns
    -------
    encoder : Sequential
        ``Dense(n_x, n_hidden[0])``, activation, ..., ``Dense(n_hidden[-1], n_code)``
        (then ``code_activation``): maps ``X`` (n_x, m) to the code (n_code, m).
    decoder : Sequential
        ``Dense(n_code, n_hidden[-1])``, activation, ..., ``Dense(n_hidden[0], n_x)``:
        maps a code back to (n_x, m). The output is linear, for real-valued data.
    autoencoder : Sequential
        The encoder's layers followed by the decoder's: the **same** layer
        objects, so training it trains both halves.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.autoencoder import make_autoencoder
    >>> encoder, decoder, autoencoder = make_autoencoder(
    ...     8, [6, 4], 2, rng=np.random.default_rng(0))
    >>> [layer.params["W"].shape for layer in autoencoder.layers if layer.params]
    [(6, 8), (4, 6), (2, 4), (4, 2), (6, 4), (8, 6)]
    >>> X = np.ones((8, 5))
    >>> encoder.forward(X, training=False).shape
    (2, 5)
    >>> bool(np.all(decoder.forward(encoder.forward(X, training=False), training=False)
    ...             == autoencoder.forward(X, training=False)))
    True
    """
    n_hidden = [n_hidden] if np.ndim(n_hidden) == 0 else list(n_hidden)
    for value, name in [(n_x, "n_x"), (n_code, "n_code"), *[(n, "n_hidden") for n in n_hidden]]:
        check_positive_int(value, name)

    def stack(sizes: list[int]) -> list[Layer]:
        """Dense layers through ``sizes``, an activation between consecutive ones."""
        layers: list[Layer] = []
        for n_in, n_out in itertools.pairwise(sizes):
            layers += [Dense(n_in, n_out, rng=rng, init=init), activation()]
        return layers[:-1]  # no activation after the last Dense layer

    sizes = [n_x, *n_hidden, n_code]
    encoder = stack(sizes)
    if code_activation is not None:
        encoder.append(code_activation())
    decoder = stack(sizes[::-1])
    return Sequential(encoder), Sequential(decoder), Sequential(encoder + decoder)


def kl_sparsity(rho: float, rho_hat: ArrayLike) -> float:
    r"""KL divergence between a target activation rate and the actual rates, summed over units.

    Parameters
    ----------
    rho : float
        Target mean activation $\rho$ of every unit, in (0, 1), e.g. 0.05.
    rho_hat : array_like, any shape (usually (n,))
        Mean activation $\hat\rho_j$ of each unit over the examples, in [0, 1].

    Returns
    -------
    float
        >= 0 (up to rounding); exactly 0 where every $\hat\rho_j = \rho$.

    Notes
    -----
    Each unit is treated as a Bernoulli variable with mean $\hat\rho_j$ and
    compared with one of mean $\rho$:

    $$
    \sum_j \mathrm{KL}(\rho \,\|\, \hat\rho_j) = \sum_j \left[
    \rho \log\frac{\rho}{\hat\rho_j} + (1 - \rho) \log\frac{1 - \rho}{1 - \hat\rho_j}
    \right]
    $$

    It grows without bound as $\hat\rho_j \to 0$ or $1$, so ``rho_hat`` is first
    clipped to $[\varepsilon, 1 - \varepsilon]$ with $\varepsilon$ =
    `dlnotes.losses.EPS` = 1e-12: a unit that is always off (or always on)
    costs a large but finite amount, at most $-\log \varepsilon \approx 27.6$.

    Examples
    --------
    >>> from dlnotes.autoencoder import kl_sparsity
    >>> kl_sparsity(0.2, [0.2, 0.2])
    0.0
    >>> round(kl_sparsity(0.5, [0.25]), 6)  # 0.5 log(0.5/0.25) + 0.5 log(0.5/0.75)
    0.143841
    """
    rho_hat = _clipped_rates(rho, rho_hat)
    kl = rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))
    return float(np.sum(kl))


def kl_sparsity_grad(rho: float, rho_hat: ArrayLike) -> Array:
    r"""Gradient of `kl_sparsity` with respect to ``rho_hat``.

    Parameters
    ----------
    rho : float
        Target mean activation, in (0, 1).
    rho_hat : array_like, any shape
        Mean activations, in [0, 1].

    Returns
    -------
    ndarray, same shape as ``rho_hat``

    Notes
    -----
    $$
    \frac{\partial}{\partial \hat\rho_j} \sum_k \mathrm{KL}(\rho \,\|\, \hat\rho_k)
    = -\frac{\rho}{\hat\rho_j} + \frac{1 - \rho}{1 - \hat\rho_j}
    $$

    evaluated at the clipped $\hat\rho_j$ (see `kl_sparsity`), so a unit
    stuck at 0 or 1 still gets a large, finite push back towards $\rho$. It is
    0 at $\hat\rho_j = \rho$, negative below and positive above.

    Examples
    --------
    >>> from dlnotes.autoencoder import kl_sparsity_grad
    >>> kl_sparsity_grad(0.5, [0.25, 0.5]).tolist()  # -0.5/0.25 + 0.5/0.75 = -4/3
    [-1.3333333333333335, 0.0]
    """
    rho_hat = _clipped_rates(rho, rho_hat)
    return -rho / rho_hat + (1 - rho) / (1 - rho_hat)


def sparsity_penalty(A: ArrayLike, *, rho: float, beta: float) -> float:
    r"""Sparsity penalty of a layer's activations: $\beta$ times `kl_sparsity`.

    Parameters
    ----------
    A : array_like, shape (n, m)
        Activations in [0, 1] (e.g. sigmoid) of ``n`` units on ``m`` examples.
    rho : float
        Target mean activation, in (0, 1).
    beta : float
        Weight of the penalty in the cost, >= 0.

    Returns
    -------
    float

    Notes
    -----
    With $\hat\rho_j = \frac{1}{m} \sum_{i=1}^{m} a_j^{(i)}$ the mean activation
    of unit $j$ over the batch:

    $$
    P(A) = \beta \sum_j \mathrm{KL}(\rho \,\|\, \hat\rho_j)
    $$

    Add it to the reconstruction cost. Unlike the other costs it is not an
    average over examples: it depends on the batch only through $\hat\rho$.

    Examples
    --------
    >>> from dlnotes.autoencoder import sparsity_penalty
    >>> sparsity_penalty([[0.0, 0.4], [0.2, 0.2]], rho=0.2, beta=3.0)  # both means are 0.2
    0.0
    """
    A = _activations(A)
    check_positive(beta, "beta", allow_zero=True)
    return beta * kl_sparsity(rho, A.mean(axis=1))


def sparsity_penalty_grad(A: ArrayLike, *, rho: float, beta: float) -> Array:
    r"""Gradient of `sparsity_penalty` with respect to the activations ``A``.

    Parameters
    ----------
    A : array_like, shape (n, m)
        Activations in [0, 1].
    rho : float
        Target mean activation, in (0, 1).
    beta : float
        Weight of the penalty, >= 0.

    Returns
    -------
    ndarray, shape (n, m)
        Add it to $\partial J / \partial A$ of the code before backpropagating
        through the encoder.

    Notes
    -----
    Every example moves $\hat\rho_j$ by $1/m$ of its activation, so by the chain rule

    $$
    \frac{\partial P}{\partial a_j^{(i)}} = \frac{\beta}{m}
    \left( -\frac{\rho}{\hat\rho_j} + \frac{1 - \rho}{1 - \hat\rho_j} \right)
    $$

    the same for every example $i$ of unit $j$ (see `kl_sparsity_grad`).

    Examples
    --------
    One training loop of a sparse autoencoder. The decoder's backward pass
    gives the gradient with respect to the code, the penalty's gradient is
    added, and the sum goes through the encoder:

    >>> import numpy as np
    >>> from dlnotes.autoencoder import make_autoencoder, sparsity_penalty_grad
    >>> from dlnotes.layers import Sigmoid
    >>> from dlnotes.losses import mse, mse_grad
    >>> from dlnotes.optimizers import Adam
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(size=(16, 200))
    >>> encoder, decoder, autoencoder = make_autoencoder(
    ...     16, (), 32, rng=rng, code_activation=Sigmoid)
    >>> optimizer = Adam(lr=0.05)
    >>> for epoch in range(300):
    ...     code = encoder.forward(X, training=True)
    ...     dcode = decoder.backward(mse_grad(decoder.forward(code, training=True), X))
    ...     _ = encoder.backward(dcode + sparsity_penalty_grad(code, rho=0.05, beta=0.1))
    ...     optimizer.step(autoencoder.params, autoencoder.grads)
    >>> rho_hat = encoder.forward(X, training=False).mean(axis=1)
    >>> bool(rho_hat.mean() < 0.15)  # about 0.5 with beta = 0
    True
    >>> bool(mse(autoencoder.forward(X, training=False), X) < 0.15)  # 16/12 for X's mean
    True
    """
    A = _activations(A)
    check_positive(beta, "beta", allow_zero=True)
    m = A.shape[1]
    dA_j = beta / m * kl_sparsity_grad(rho, A.mean(axis=1))
    return np.repeat(dA_j[:, np.newaxis], m, axis=1)


def _clipped_rates(rho: float, rho_hat: ArrayLike) -> Array:
    """Check ``rho`` in (0, 1) and ``rho_hat`` in [0, 1]; clip rho_hat to [EPS, 1 - EPS]."""
    if not 0 < rho < 1:
        raise ValueError(f"rho must be in (0, 1), got {rho!r}")
    rho_hat = as_float_array(rho_hat, "rho_hat")
    if not np.all((rho_hat >= 0) & (rho_hat <= 1)):
        raise ValueError(
            f"rho_hat must lie in [0, 1], got values in [{rho_hat.min()}, {rho_hat.max()}]"
        )
    return np.clip(rho_hat.astype(np.float64), EPS, 1.0 - EPS)


def _activations(A: ArrayLike) -> Array:
    A = as_float_array(A, "A")
    check_ndim(A, 2, "A", "(units, m examples)")
    if A.shape[1] == 0:
        raise ValueError(f"A must hold at least one example (column), got shape {A.shape}")
    return A
