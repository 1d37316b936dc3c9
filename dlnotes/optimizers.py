"""Gradient-descent optimizers that update parameter arrays in place.

Every optimizer has a mutable ``lr`` attribute (a schedule may change it between
steps), a step counter ``t`` and one method::

    optimizer.step(params, grads)

``params`` and ``grads`` are dicts with the same keys (``"W1"``, ``"b1"``, ...)
whose arrays have matching shapes; each ``params[key]`` must be a float ndarray
and is updated *in place*. Per-parameter state (velocities ``v``, squared-gradient
averages ``s``, ...) lives in the optimizer, in dicts keyed like ``params``,
created as zeros on the first step. Use one optimizer per model.

A training loop, with the learning rate decayed once per epoch::

    optimizer = Adam(lr=1e-3)
    for epoch in range(n_epochs):
        optimizer.lr = exponential_decay(1e-3, epoch, rate=0.95)
        for X_batch, Y_batch in minibatches(X, Y, batch_size=64, rng=rng):
            grads = backward(params, X_batch, Y_batch)
            optimizer.step(params, grads)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_beta, check_positive, check_same_shape
from dlnotes.ewa import ewa_step

__all__ = ["SGD", "Adadelta", "Adagrad", "Adam", "Momentum", "Nesterov", "RMSprop"]

Array = NDArray[np.floating]


class _Optimizer:
    """Shared machinery: the ``lr`` check, the input checks and the loop over keys."""

    def __init__(self, *, lr: float) -> None:
        self.lr = lr
        self.t = 0  # number of steps taken

    @property
    def lr(self) -> float:
        """Learning rate, >= 0; may be changed between steps (by a schedule)."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        check_positive(value, "lr", allow_zero=True)
        self._lr = value

    def step(self, params: dict[str, Array], grads: dict[str, ArrayLike]) -> None:
        """Update every ``params[key]`` in place from ``grads[key]``.

        Raises ``ValueError`` (and changes nothing) when the keys differ, when a
        parameter is not a writeable float ndarray, or when a gradient's shape differs
        from its parameter's.
        """
        if params.keys() != grads.keys():
            raise ValueError(
                "params and grads must have the same keys, "
                f"got {sorted(params)} and {sorted(grads)}"
            )
        dthetas = {}
        for key, theta in params.items():
            floating = isinstance(theta, np.ndarray) and theta.dtype.kind == "f"
            if not (floating and theta.flags.writeable):
                raise ValueError(
                    f"params[{key!r}] must be a writeable floating-point ndarray "
                    "(it is updated in place), "
                    f"got {type(theta).__name__} {getattr(theta, 'dtype', '')}"
                )
            dthetas[key] = as_float_array(grads[key], f"grads[{key!r}]")
            check_same_shape(theta, dthetas[key], f"params[{key!r}]", f"grads[{key!r}]")
        self.t += 1
        for key, theta in params.items():
            self._update(key, theta, dthetas[key])

    def _update(self, key: str, theta: Array, dtheta: Array) -> None:
        raise NotImplementedError


def _zeros_on_first_use(state: dict[str, Array], key: str, theta: Array) -> Array:
    """``state[key]``, created as zeros shaped like ``theta`` the first time."""
    if key not in state:
        state[key] = np.zeros_like(theta)
    return state[key]


class SGD(_Optimizer):
    r"""Plain gradient descent.

    Batch, mini-batch and stochastic gradient descent are all this same update;
    they differ only in how many examples the training loop puts in the batch
    the gradient is computed on: all ``m`` (batch), one (stochastic), or
    something in between, typically 64 to 512 (mini-batch). See
    `dlnotes.datasets.minibatches`.

    Parameters
    ----------
    lr : float
        Learning rate $\alpha \ge 0$.

    Notes
    -----
    $$
    \theta \leftarrow \theta - \alpha\, d\theta
    $$

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.optimizers import SGD
    >>> params = {"W": np.array([1.0, -2.0])}
    >>> SGD(lr=0.5).step(params, {"W": np.array([1.0, -2.0])})
    >>> params["W"].tolist()
    [0.5, -1.0]
    """

    def _update(self, key: str, theta: Array, dtheta: Array) -> None:
        theta -= self.lr * dtheta


class Momentum(_Optimizer):
    r"""Gradient descent with momentum, as in Andrew Ng's Deep Learning course.

    Parameters
    ----------
    lr : float
        Learning rate $\alpha \ge 0$.
    beta : float, default 0.9
        Weight of past gradients, in [0, 1). ``beta = 0`` is `SGD`.

    Notes
    -----
    $$
    v \leftarrow \beta\, v + (1 - \beta)\, d\theta, \qquad
    \theta \leftarrow \theta - \alpha\, v
    $$

    ``v`` (``v_dW`` in the course) is an exponentially weighted average of the
    gradients (`dlnotes.ewa.ewa_step`), with $v = 0$ at the start and
    no bias correction. Oscillating components of the gradient cancel in the
    average; consistent ones add up.

    Many papers and libraries (PyTorch, Keras) use the other convention
    $v \leftarrow \beta v + d\theta$. It is the same method with
    $\alpha$ scaled by $1 - \beta$: with ``beta = 0.9``, our
    ``lr = 0.1`` is their ``lr = 0.01``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.optimizers import Momentum
    >>> params = {"W": np.array([1.0])}
    >>> opt = Momentum(lr=1.0, beta=0.5)
    >>> opt.step(params, {"W": np.array([2.0])})  # v = 0.5*0 + 0.5*2 = 1
    >>> params["W"].tolist(), opt.v["W"].tolist()
    ([0.0], [1.0])
    """

    def __init__(self, *, lr: float, beta: float = 0.9) -> None:
        super().__init__(lr=lr)
        check_beta(beta)
        self.beta = beta
        self.v: dict[str, Array] = {}

    def _update(self, key: str, theta: Array, dtheta: Array) -> None:
        v = _zeros_on_first_use(self.v, key, theta)
        self.v[key] = v = ewa_step(v, dtheta, beta=self.beta)
        theta -= self.lr * v


class Nesterov(_Optimizer):
    r"""Nesterov accelerated gradient, in the "look-ahead" reformulation.

    Parameters
    ----------
    lr : float
        Learning rate $\alpha \ge 0$.
    beta : float, default 0.9
        Momentum coefficient, in [0, 1).

    Notes
    -----
    Nesterov's method evaluates the gradient not at $\theta$ but where
    the momentum is about to carry it, $\theta + \beta v$:

    $$
    v_{t+1} = \beta v_t - \alpha \nabla f(\theta_t + \beta v_t), \qquad
    \theta_{t+1} = \theta_t + v_{t+1}
    $$

    A training loop computes gradients at the parameters it holds, so we hold
    the look-ahead point $\phi_t = \theta_t + \beta v_t$ instead. Then

    $$
    \phi_{t+1} = \theta_{t+1} + \beta v_{t+1}
    = \phi_t - \beta v_t + (1 + \beta) v_{t+1}
    = \phi_t + \beta v_{t+1} - \alpha \nabla f(\phi_t),
    $$

    using $v_{t+1} - \beta v_t = -\alpha \nabla f(\phi_t)$. Only the
    gradient at the stored parameters is needed, and the update is

    $$
    v \leftarrow \beta v - \alpha\, d\theta, \qquad
    \theta \leftarrow \theta + \beta v - \alpha\, d\theta
    $$

    (``v`` already updated). Here ``v`` is a velocity that includes the learning
    rate, the convention of Sutskever et al. (2013), unlike `Momentum`.
    At the optimum $v = 0$, so $\phi$ and $\theta$ coincide.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.optimizers import Nesterov
    >>> params = {"W": np.array([1.0])}
    >>> opt = Nesterov(lr=0.5, beta=0.5)
    >>> opt.step(params, {"W": np.array([1.0])})  # v = -0.5; W = 1 - 0.25 - 0.5
    >>> params["W"].tolist(), opt.v["W"].tolist()
    ([0.25], [-0.5])
    """

    def __init__(self, *, lr: float, beta: float = 0.9) -> None:
        super().__init__(lr=lr)
        check_beta(beta)
        self.beta = beta
        self.v: dict[str, Array] = {}

    def _update(self, key: str, theta: Array, dtheta: Array) -> None:
        v = _zeros_on_first_use(self.v, key, theta)
        self.v[key] = v = self.beta * v - self.lr * dtheta
        theta += self.beta * v - self.lr * dtheta


class Adagrad(_Optimizer):
    r"""Adagrad: per-parameter step sizes shrinking with the sum of squared gradients.

    Parameters
    ----------
    lr : float
        Learning rate $\alpha \ge 0$.
    eps : float, default 1e-8
        Added to the denominator to avoid dividing by zero; > 0.

    Notes
    -----
    $$
    G \leftarrow G + d\theta^2, \qquad
    \theta \leftarrow \theta - \frac{\alpha\, d\theta}{\sqrt{G} + \varepsilon}
    $$

    (element-wise). Parameters with large past gradients take small steps. As
    $G$ only grows, the steps keep shrinking, which can stop learning too
    early; RMSprop and Adadelta replace the sum with a decaying average.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.optimizers import Adagrad
    >>> params = {"W": np.array([1.0, 1.0])}
    >>> Adagrad(lr=0.1).step(params, {"W": np.array([4.0, -0.5])})  # first step: lr * sign
    >>> params["W"].round(6).tolist()
    [0.9, 1.1]
    """

    def __init__(self, *, lr: float, eps: float = 1e-8) -> None:
        super().__init__(lr=lr)
        check_positive(eps, "eps")
        self.eps = eps
        self.G: dict[str, Array] = {}

    def _update(self, key: str, theta: Array, dtheta: Array) -> None:
        G = _zeros_on_first_use(self.G, key, theta)
        G += dtheta**2
        theta -= self.lr * dtheta / (np.sqrt(G) + self.eps)


class Adadelta(_Optimizer):
    r"""Adadelta: RMSprop whose step size is an average of past steps (no lr needed).

    Parameters
    ----------
    rho : float, default 0.95
        Decay of both averages, in [0, 1).
    eps : float, default 1e-6
        Added under both square roots; > 0. It also sets the size of the very
        first steps, $\sqrt{\varepsilon}$ per unit of normalized gradient.
    lr : float, default 1.0
        Extra factor on the step; Zeiler's original method is ``lr = 1``.

    Notes
    -----
    With $E[g^2]$ and $E[\Delta^2]$ exponentially weighted averages
    (started at 0) of squared gradients and of squared steps:

    $$
    \begin{aligned}
    E[g^2] &\leftarrow \rho\, E[g^2] + (1 - \rho)\, d\theta^2 \\
    \Delta &= -\frac{\sqrt{E[\Delta^2] + \varepsilon}}{\sqrt{E[g^2] + \varepsilon}}\, d\theta \\
    E[\Delta^2] &\leftarrow \rho\, E[\Delta^2] + (1 - \rho)\, \Delta^2 \\
    \theta &\leftarrow \theta + \alpha\, \Delta
    \end{aligned}
    $$

    The ratio of the two root-mean-squares has the units of $\theta$,
    which is Zeiler's (2012) argument for dropping the learning rate.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.optimizers import Adadelta
    >>> params = {"W": np.array([1.0])}
    >>> Adadelta(rho=0.5, eps=1e-6).step(params, {"W": np.array([1.0])})
    >>> params["W"].round(6).tolist()  # 1 - sqrt(1e-6) / sqrt(0.5 + 1e-6)
    [0.998586]
    """

    def __init__(self, *, rho: float = 0.95, eps: float = 1e-6, lr: float = 1.0) -> None:
        super().__init__(lr=lr)
        check_beta(rho, "rho")
        check_positive(eps, "eps")
        self.rho, self.eps = rho, eps
        self.Eg2: dict[str, Array] = {}
        self.Edelta2: dict[str, Array] = {}

    def _update(self, key: str, theta: Array, dtheta: Array) -> None:
        Eg2 = _zeros_on_first_use(self.Eg2, key, theta)
        Edelta2 = _zeros_on_first_use(self.Edelta2, key, theta)
        self.Eg2[key] = Eg2 = ewa_step(Eg2, dtheta**2, beta=self.rho)
        delta = -np.sqrt(Edelta2 + self.eps) / np.sqrt(Eg2 + self.eps) * dtheta
        self.Edelta2[key] = ewa_step(Edelta2, delta**2, beta=self.rho)
        theta += self.lr * delta


class RMSprop(_Optimizer):
    r"""RMSprop: divide each gradient by a running root-mean-square of its past values.

    Parameters
    ----------
    lr : float
        Learning rate $\alpha \ge 0$.
    beta : float, default 0.9
        Weight of past squared gradients, in [0, 1).
    eps : float, default 1e-8
        Added to the denominator to avoid dividing by zero; > 0.

    Notes
    -----
    $$
    s \leftarrow \beta\, s + (1 - \beta)\, d\theta^2, \qquad
    \theta \leftarrow \theta - \frac{\alpha\, d\theta}{\sqrt{s} + \varepsilon}
    $$

    (element-wise; ``s`` is ``S_dW`` in the course). Directions with large or
    oscillating gradients are damped, flat ones sped up. There is no bias
    correction, so the first steps are larger, $\alpha/\sqrt{1-\beta}$
    per coordinate at step 1.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.optimizers import RMSprop
    >>> params = {"W": np.array([1.0])}
    >>> RMSprop(lr=0.1, beta=0.75).step(params, {"W": np.array([3.0])})
    >>> params["W"].round(6).tolist()  # 1 - 0.1 * 3 / sqrt(0.25 * 9) = 1 - 0.2
    [0.8]
    """

    def __init__(self, *, lr: float, beta: float = 0.9, eps: float = 1e-8) -> None:
        super().__init__(lr=lr)
        check_beta(beta)
        check_positive(eps, "eps")
        self.beta, self.eps = beta, eps
        self.s: dict[str, Array] = {}

    def _update(self, key: str, theta: Array, dtheta: Array) -> None:
        s = _zeros_on_first_use(self.s, key, theta)
        self.s[key] = s = ewa_step(s, dtheta**2, beta=self.beta)
        theta -= self.lr * dtheta / (np.sqrt(s) + self.eps)


class Adam(_Optimizer):
    r"""Adam: momentum and RMSprop together, with bias correction.

    Parameters
    ----------
    lr : float, default 1e-3
        Learning rate $\alpha \ge 0$.
    beta1 : float, default 0.9
        Weight of past gradients (the momentum average), in [0, 1).
    beta2 : float, default 0.999
        Weight of past squared gradients (the RMSprop average), in [0, 1).
    eps : float, default 1e-8
        Added to the denominator; > 0.

    Notes
    -----
    At step $t = 1, 2, \dots$ (the attribute ``t``):

    $$
    \begin{aligned}
    v &\leftarrow \beta_1 v + (1 - \beta_1)\, d\theta, \qquad
    s \leftarrow \beta_2 s + (1 - \beta_2)\, d\theta^2 \\
    \hat v &= \frac{v}{1 - \beta_1^t}, \qquad \hat s = \frac{s}{1 - \beta_2^t} \\
    \theta &\leftarrow \theta - \frac{\alpha\, \hat v}{\sqrt{\hat s} + \varepsilon}
    \end{aligned}
    $$

    Without the correction both averages start near 0 (see
    `dlnotes.ewa.ewa`); with it, the first step is
    $\alpha\,\operatorname{sign}(d\theta)$ whatever the scale of the gradient.

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.optimizers import Adam
    >>> params = {"W": np.array([1.0, 1.0])}
    >>> Adam(lr=0.1).step(params, {"W": np.array([0.5, -50.0])})
    >>> params["W"].round(6).tolist()
    [0.9, 1.1]
    """

    def __init__(
        self, *, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(lr=lr)
        check_beta(beta1, "beta1")
        check_beta(beta2, "beta2")
        check_positive(eps, "eps")
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.v: dict[str, Array] = {}
        self.s: dict[str, Array] = {}

    def _update(self, key: str, theta: Array, dtheta: Array) -> None:
        v = _zeros_on_first_use(self.v, key, theta)
        s = _zeros_on_first_use(self.s, key, theta)
        self.v[key] = v = ewa_step(v, dtheta, beta=self.beta1)
        self.s[key] = s = ewa_step(s, dtheta**2, beta=self.beta2)
        v_hat = v / (1 - self.beta1**self.t)
        s_hat = s / (1 - self.beta2**self.t)
        theta -= self.lr * v_hat / (np.sqrt(s_hat) + self.eps)
