"""Learning-rate schedules: the learning rate as a pure function of the epoch.

Each function returns the rate for one epoch (0, 1, 2, ...) from the initial rate
``lr0``; set it on an optimizer at the start of the epoch::

    optimizer.lr = inverse_time_decay(0.1, epoch, decay_rate=1.0)

`inverse_sqrt_step_decay` is the exception: it decays once per mini-batch, from
the optimizer's step counter, and is set before every step::

    optimizer.lr = inverse_sqrt_step_decay(0.1, optimizer.t)

Large steps early move fast; small steps late let mini-batch gradient descent
settle near the minimum instead of wandering around it.
"""

from __future__ import annotations

import numpy as np

from dlnotes._checks import check_positive, check_positive_int

__all__ = [
    "exponential_decay",
    "inverse_sqrt_decay",
    "inverse_sqrt_step_decay",
    "inverse_time_decay",
    "step_decay",
]


def step_decay(lr0: float, epoch: int, *, drop: float = 0.5, every: int = 10) -> float:
    r"""Multiply the learning rate by ``drop`` every ``every`` epochs.

    Parameters
    ----------
    lr0 : float
        Initial learning rate, >= 0.
    epoch : int
        Epoch number, >= 0.
    drop : float, default 0.5
        Factor applied at each drop, in (0, 1].
    every : int, default 10
        Number of epochs between drops, >= 1.

    Returns
    -------
    float

    Notes
    -----
    $$
    \alpha = \alpha_0 \cdot \text{drop}^{\lfloor \text{epoch} / \text{every} \rfloor}
    $$

    Examples
    --------
    >>> from dlnotes.schedules import step_decay
    >>> [step_decay(0.8, e, drop=0.5, every=2) for e in range(5)]
    [0.8, 0.8, 0.4, 0.4, 0.2]
    """
    _check_lr0_epoch(lr0, epoch)
    _check_factor(drop, "drop")
    check_positive_int(every, "every")
    return float(lr0 * drop ** (epoch // every))


def exponential_decay(lr0: float, epoch: int, *, rate: float = 0.95) -> float:
    r"""Multiply the learning rate by ``rate`` every epoch.

    Parameters
    ----------
    lr0 : float
        Initial learning rate, >= 0.
    epoch : int
        Epoch number, >= 0.
    rate : float, default 0.95
        Factor per epoch, in (0, 1].

    Returns
    -------
    float

    Notes
    -----
    $$
    \alpha = \alpha_0 \cdot \text{rate}^{\text{epoch}}
    $$

    Examples
    --------
    >>> from dlnotes.schedules import exponential_decay
    >>> [exponential_decay(0.8, e, rate=0.5) for e in range(4)]
    [0.8, 0.4, 0.2, 0.1]
    """
    _check_lr0_epoch(lr0, epoch)
    _check_factor(rate, "rate")
    return float(lr0 * rate**epoch)


def inverse_time_decay(lr0: float, epoch: int, *, decay_rate: float = 1.0) -> float:
    r"""The "1/t" decay of the course: divide by ``1 + decay_rate * epoch``.

    Parameters
    ----------
    lr0 : float
        Initial learning rate, >= 0.
    epoch : int
        Epoch number, >= 0.
    decay_rate : float, default 1.0
        Finite, >= 0; 0 keeps the rate constant.

    Returns
    -------
    float

    Notes
    -----
    $$
    \alpha = \frac{\alpha_0}{1 + \text{decay\_rate} \cdot \text{epoch}}
    $$

    The rates sum to infinity while their squares do not, the classical
    (Robbins-Monro) condition under which stochastic gradient descent converges.

    Examples
    --------
    >>> from dlnotes.schedules import inverse_time_decay
    >>> [inverse_time_decay(0.2, e, decay_rate=1.0) for e in range(4)]
    [0.2, 0.1, 0.06666666666666667, 0.05]
    """
    _check_lr0_epoch(lr0, epoch)
    check_positive(decay_rate, "decay_rate", allow_zero=True)
    return float(lr0 / (1 + decay_rate * epoch))


def inverse_sqrt_decay(lr0: float, epoch: int, *, k: float = 1.0) -> float:
    r"""The course's $k/\sqrt{\text{epoch}}$ decay, with epochs counted from 0.

    Parameters
    ----------
    lr0 : float
        Initial learning rate, >= 0.
    epoch : int
        Epoch number, >= 0 (the course's epoch number minus 1).
    k : float, default 1.0
        Constant factor, finite and > 0; the first epoch runs at ``k * lr0``.

    Returns
    -------
    float

    Notes
    -----
    The course numbers epochs from 1 and writes
    $\alpha = \frac{k}{\sqrt{\text{epoch\_num}}}\, \alpha_0$. With epochs
    counted from 0, as everywhere in this module, that is

    $$
    \alpha = \frac{k\, \alpha_0}{\sqrt{1 + \text{epoch}}} .
    $$

    It decays more slowly than `inverse_time_decay`: the rate is divided by
    ten only in the 100th epoch (``epoch = 99``).

    Examples
    --------
    >>> from dlnotes.schedules import inverse_sqrt_decay
    >>> [inverse_sqrt_decay(0.2, e) for e in (0, 3, 8)]
    [0.2, 0.1, 0.06666666666666667]
    """
    _check_lr0_epoch(lr0, epoch)
    check_positive(k, "k")
    return float(k * lr0 / np.sqrt(1 + epoch))


def inverse_sqrt_step_decay(lr0: float, step: int, *, k: float = 1.0) -> float:
    r"""The course's $k/\sqrt{t}$ decay, once per mini-batch.

    Parameters
    ----------
    lr0 : float
        Initial learning rate, >= 0.
    step : int
        Number of mini-batch steps already taken, >= 0: pass the optimizer's
        counter ``optimizer.t`` before each ``optimizer.step``.
    k : float, default 1.0
        Constant factor, finite and > 0; the first step runs at ``k * lr0``.

    Returns
    -------
    float

    Notes
    -----
    The course writes $\alpha = \frac{k}{\sqrt{t}}\, \alpha_0$ with $t$ the
    number of the mini-batch, counted from 1. The step about to be taken is
    number $t = \text{step} + 1$:

    $$
    \alpha = \frac{k\, \alpha_0}{\sqrt{1 + \text{step}}} .
    $$

    The formula is that of `inverse_sqrt_decay`; only the counter differs, so
    the rate falls much faster per epoch (an epoch has many steps).

    Examples
    --------
    >>> from dlnotes.schedules import inverse_sqrt_step_decay
    >>> [inverse_sqrt_step_decay(0.5, t, k=2.0) for t in (0, 3, 99)]
    [1.0, 0.5, 0.1]
    """
    if isinstance(step, bool) or not isinstance(step, int | np.integer) or step < 0:
        raise ValueError(f"step must be an integer >= 0, got {step!r}")
    check_positive(lr0, "lr0", allow_zero=True)
    check_positive(k, "k")
    return float(k * lr0 / np.sqrt(1 + step))


def _check_lr0_epoch(lr0: float, epoch: int) -> None:
    check_positive(lr0, "lr0", allow_zero=True)
    if isinstance(epoch, bool) or not isinstance(epoch, int | np.integer) or epoch < 0:
        raise ValueError(f"epoch must be an integer >= 0, got {epoch!r}")


def _check_factor(value: float, name: str) -> None:
    if not (np.isfinite(value) and 0 < value <= 1):
        raise ValueError(f"{name} must be in (0, 1], got {value!r}")
