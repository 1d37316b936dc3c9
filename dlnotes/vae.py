r"""The two pieces a variational autoencoder adds to an autoencoder.

In a VAE the encoder does not output one code per example but a Gaussian
distribution over codes: a mean $\mu$ and a log-variance $\log\sigma^2$ for
each of the ``n_z`` code units (both of shape (n_z, m), one example per column).

- `reparameterize` draws a code $z = \mu + \sigma \odot \varepsilon$ from
  that distribution with the noise $\varepsilon$ passed in, so $z$ is a plain
  differentiable function of $\mu$ and $\log\sigma^2$
  (`reparameterize_grad`): backpropagation goes through the sampling.
- `gaussian_kl` is the KL divergence of that distribution from the prior
  $\mathcal{N}(0, I)$, the term the VAE cost adds to the reconstruction error
  (gradient: `gaussian_kl_grad`).

The encoder outputs $\log\sigma^2$ rather than $\sigma$ because any real number
is a valid log-variance: no constraint to enforce.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_ndim, check_same_shape

__all__ = [
    "LOG_VAR_MAX",
    "gaussian_kl",
    "gaussian_kl_grad",
    "reparameterize",
    "reparameterize_grad",
]

Array = NDArray[np.floating]

LOG_VAR_MAX = 700.0
r"""Largest accepted $\log\sigma^2$: $e^{700} \approx 10^{304}$ still fits in float64."""


def reparameterize(mu: ArrayLike, log_var: ArrayLike, eps: ArrayLike) -> Array:
    r"""A sample of $\mathcal{N}(\mu, \sigma^2)$ written as a function of $\mu$ and $\log\sigma^2$.

    Parameters
    ----------
    mu, log_var : array_like, shape (n_z, m)
        Mean and log-variance of each code unit for each example (column).
    eps : array_like, shape (n_z, m)
        Standard normal noise, e.g. ``rng.standard_normal(mu.shape)``; keep it
        for `reparameterize_grad`.

    Returns
    -------
    ndarray, shape (n_z, m)
        The codes $z$.

    Notes
    -----
    $$
    z = \mu + \sigma \odot \varepsilon, \qquad
    \sigma = e^{\frac{1}{2}\log\sigma^2}, \qquad \varepsilon \sim \mathcal{N}(0, I)
    $$

    Each $z_j$ is then distributed as $\mathcal{N}(\mu_j, \sigma_j^2)$. The
    randomness sits in $\varepsilon$, which does not depend on the parameters.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.vae import reparameterize
    >>> reparameterize([[1.0, 1.0]], [[0.0, np.log(4.0)]], [[0.5, 0.5]]).tolist()
    [[1.5, 2.0]]
    """
    mu, log_var, eps = _same_shape(mu, log_var, eps)
    return mu + np.exp(0.5 * log_var) * eps


def reparameterize_grad(
    dz: ArrayLike, log_var: ArrayLike, eps: ArrayLike
) -> tuple[Array, Array]:
    r"""Backward pass of `reparameterize`: gradients for $\mu$ and $\log\sigma^2$.

    Parameters
    ----------
    dz : array_like, shape (n_z, m)
        Gradient of the cost with respect to the codes ``z``.
    log_var, eps : array_like, shape (n_z, m)
        The log-variance and the noise of the forward pass.

    Returns
    -------
    dmu, dlog_var : ndarray, shape (n_z, m)

    Notes
    -----
    $$
    \frac{\partial J}{\partial \mu} = \frac{\partial J}{\partial z}, \qquad
    \frac{\partial J}{\partial \log\sigma^2} = \frac{\partial J}{\partial z}
    \odot \frac{1}{2}\,\sigma \odot \varepsilon
    $$

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.vae import reparameterize_grad
    >>> dmu, dlog_var = reparameterize_grad([[2.0]], [[np.log(4.0)]], [[0.5]])
    >>> dmu.tolist(), dlog_var.tolist()  # 2 * 0.5 * 2 * 0.5
    ([[2.0]], [[1.0]])
    """
    dz, log_var, eps = _same_shape(dz, log_var, eps, names=("dz", "log_var", "eps"))
    return dz.copy(), dz * 0.5 * np.exp(0.5 * log_var) * eps


def gaussian_kl(mu: ArrayLike, log_var: ArrayLike) -> float:
    r"""KL divergence of the codes' Gaussian from the prior $\mathcal{N}(0, I)$, per example.

    Parameters
    ----------
    mu, log_var : array_like, shape (n_z, m)
        Mean and log-variance of each code unit, one example per column;
        ``log_var`` at most `LOG_VAR_MAX`.

    Returns
    -------
    float
        >= 0; 0 exactly when every $\mu_j = 0$ and $\log\sigma_j^2 = 0$.

    Notes
    -----
    For one example, summed over the ``n_z`` independent code units:

    $$
    \mathrm{KL}\left(\mathcal{N}(\mu, \sigma^2) \,\|\, \mathcal{N}(0, I)\right)
    = \frac{1}{2} \sum_{j=1}^{n_z} \left( \mu_j^2 + \sigma_j^2 - \log\sigma_j^2 - 1 \right)
    $$

    and the function returns the mean of that over the $m$ examples, like the
    costs of `dlnotes.losses`. The $\mu_j^2$ term pulls the codes towards
    0; $\sigma_j^2 - \log\sigma_j^2 - 1 \ge 0$ is smallest at $\sigma_j = 1$.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.vae import gaussian_kl
    >>> gaussian_kl([[0.0, 2.0]], [[0.0, 0.0]])  # (0 + 0.5 * 4) / 2 examples
    1.0
    """
    mu, log_var = _same_shape(mu, log_var)
    check_ndim(mu, 2, "mu", "(n_z, m), one example per column")
    m = mu.shape[1]
    # expm1(v) - v rather than exp(v) - v - 1: no cancellation for v near 0, so never < 0
    return float(0.5 * np.sum(mu**2 + (np.expm1(log_var) - log_var)) / m)


def gaussian_kl_grad(mu: ArrayLike, log_var: ArrayLike) -> tuple[Array, Array]:
    r"""Gradient of `gaussian_kl` with respect to ``mu`` and ``log_var``.

    Parameters
    ----------
    mu, log_var : array_like, shape (n_z, m)
        Mean and log-variance, one example per column.

    Returns
    -------
    dmu, dlog_var : ndarray, shape (n_z, m)

    Notes
    -----
    $$
    \frac{\partial\, \mathrm{KL}}{\partial \mu} = \frac{1}{m}\,\mu, \qquad
    \frac{\partial\, \mathrm{KL}}{\partial \log\sigma^2} = \frac{1}{2m}\left(\sigma^2 - 1\right)
    $$

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.vae import gaussian_kl_grad
    >>> dmu, dlog_var = gaussian_kl_grad([[1.0, 0.0]], [[0.0, np.log(3.0)]])
    >>> dmu.tolist(), dlog_var.round(12).tolist()
    ([[0.5, 0.0]], [[0.0, 0.5]])
    """
    mu, log_var = _same_shape(mu, log_var)
    check_ndim(mu, 2, "mu", "(n_z, m), one example per column")
    m = mu.shape[1]
    return mu / m, 0.5 * (np.exp(log_var) - 1.0) / m


def _same_shape(
    *arrays: ArrayLike, names: tuple[str, ...] = ("mu", "log_var", "eps")
) -> list[Array]:
    """The arrays as floats, checked to share one shape; ``log_var`` checked <= LOG_VAR_MAX."""
    out = [as_float_array(a, name) for a, name in zip(arrays, names, strict=False)]
    for a, name in zip(out[1:], names[1:], strict=False):
        check_same_shape(out[0], a, names[0], name)
    log_var = out[1]
    if not np.all(np.isfinite(log_var)) or np.any(log_var > LOG_VAR_MAX):
        raise ValueError(
            f"log_var must be finite and <= {LOG_VAR_MAX} (sigma^2 would overflow), "
            f"got a largest value of {np.max(log_var)}"
        )
    return out
