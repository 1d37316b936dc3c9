r"""Bias and variance: read them off train/dev errors, or measure them on polynomial fits.

`diagnose` is the course's rule of thumb: compare the training error with the
best error possible (Bayes or human-level error) to see the bias, and the dev
error with the training error to see the variance.

`polynomial_fit` and `bias_variance` make the same ideas measurable on a toy
regression problem (see `dlnotes.datasets.noisy_polynomial`): fit polynomials
of several degrees, with or without an L2 penalty, to many independent training
sets, and split the expected error into bias² and variance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dlnotes._checks import as_float_array, check_ndim, check_positive, check_same_shape

__all__ = ["Diagnosis", "bias_variance", "diagnose", "polynomial_fit"]

Array = NDArray[np.floating]


@dataclass(frozen=True)
class Diagnosis:
    """What `diagnose` finds.

    Attributes
    ----------
    avoidable_bias : float
        ``train_error - bayes_error``.
    variance : float
        ``dev_error - train_error``.
    high_bias, high_variance : bool
        Whether each gap is larger than the tolerance.
    """

    avoidable_bias: float
    variance: float
    high_bias: bool
    high_variance: bool

    @property
    def label(self) -> str:
        """``"high bias"``, ``"high variance"``, both (joined by ``" + "``), or neither."""
        found = [name for name, high in [("high bias", self.high_bias),
                                         ("high variance", self.high_variance)] if high]
        return " + ".join(found) or "low bias, low variance"


def diagnose(
    train_error: float, dev_error: float, *, bayes_error: float = 0.0, tol: float = 0.02
) -> Diagnosis:
    r"""Read bias and variance off the training and dev errors.

    Parameters
    ----------
    train_error, dev_error : float
        Error rates (or any error measure) on the training and dev sets, >= 0.
    bayes_error : float, default 0.0
        The lowest error any model could reach (human-level error is a common
        stand-in), >= 0. For a task humans do almost perfectly it is about 0.
    tol : float, default 0.02
        A gap larger than ``tol`` counts as "high"; > 0. Where the line lies is
        a judgement call: 2 percentage points suits the course's examples.

    Returns
    -------
    Diagnosis
        The two gaps and whether each one is high; ``label`` names the case.

    Notes
    -----
    $$
    \text{avoidable bias} = E_{\text{train}} - E_{\text{Bayes}}, \qquad
    \text{variance} = E_{\text{dev}} - E_{\text{train}}
    $$

    High bias: the model does not even fit the training set (underfitting).
    High variance: it fits the training set much better than data it has not
    seen (overfitting). Both can happen at once.

    Examples
    --------
    >>> from dlnotes.diagnostics import diagnose
    >>> diagnose(0.01, 0.11).label
    'high variance'
    >>> diagnose(0.15, 0.16).label
    'high bias'
    >>> diagnose(0.15, 0.16, bayes_error=0.14).label  # humans get 14 % wrong too
    'low bias, low variance'
    """
    for value, name in [(train_error, "train_error"), (dev_error, "dev_error"),
                        (bayes_error, "bayes_error")]:
        check_positive(value, name, allow_zero=True)
    check_positive(tol, "tol")
    avoidable_bias = float(train_error - bayes_error)
    variance = float(dev_error - train_error)
    return Diagnosis(avoidable_bias, variance, avoidable_bias > tol, variance > tol)


def polynomial_fit(x: ArrayLike, y: ArrayLike, degree: int, *, lambd: float = 0.0) -> Array:
    r"""Least-squares polynomial with an optional L2 penalty (ridge regression).

    Parameters
    ----------
    x, y : array_like, shape (m,)
        Inputs and targets, one number per example.
    degree : int
        Degree $d$ of the polynomial, >= 0.
    lambd : float, default 0.0
        L2 strength $\lambda \ge 0$ on the coefficients $c_1 \dots c_d$ (the
        intercept $c_0$ is not penalized, like the biases of a network).

    Returns
    -------
    ndarray, shape (degree + 1,)
        Coefficients $c_0, \dots, c_d$ in increasing powers, as
        ``numpy.polynomial.polynomial.polyval`` expects.

    Notes
    -----
    With $\Phi_{ik} = x_i^k$ and predictions $\hat y = \Phi c$, the
    coefficients minimize the mean squared error plus the L2 penalty of
    `dlnotes.regularization.l2_penalty`:

    $$
    J(c) = \frac{1}{m} \sum_{i=1}^{m} (\hat y_i - y_i)^2
    + \frac{\lambda}{2m} \sum_{k=1}^{d} c_k^2
    $$

    Setting $\nabla J = 0$ gives $(\Phi^\top \Phi + \frac{\lambda}{2} I')\,c
    = \Phi^\top y$, with $I'$ the identity whose first diagonal entry is 0.
    It is solved as the least-squares problem
    $\min_c \lVert \Phi c - y \rVert^2 + \lVert \sqrt{\lambda/2}\, I' c \rVert^2$,
    which stays accurate for high degrees, where $\Phi^\top \Phi$ is
    nearly singular. With $\lambda = 0$ and $m \le d$ the fit is exact
    (the minimum-norm one).

    Examples
    --------
    >>> import numpy as np
    >>> from dlnotes.diagnostics import polynomial_fit
    >>> x = np.array([0.0, 1.0, 2.0, 3.0])
    >>> polynomial_fit(x, 1 + 2 * x, 1).round(6).tolist()
    [1.0, 2.0]
    """
    x, y = as_float_array(x, "x"), as_float_array(y, "y")
    check_ndim(x, 1, "x", "(m,)")
    check_same_shape(x, y, "x", "y")
    if x.size == 0:
        raise ValueError("x and y must hold at least one example, got shape (0,)")
    if isinstance(degree, bool) or not isinstance(degree, int | np.integer) or degree < 0:
        raise ValueError(f"degree must be an integer >= 0, got {degree!r}")
    check_positive(lambd, "lambd", allow_zero=True)
    Phi = np.vander(x, degree + 1, increasing=True)
    penalty = np.sqrt(lambd / 2) * np.eye(degree + 1)[1:]
    A = np.vstack([Phi, penalty])
    b = np.concatenate([y, np.zeros(degree)])
    return np.linalg.lstsq(A, b, rcond=None)[0]


def bias_variance(predictions: ArrayLike, target: ArrayLike) -> tuple[float, float]:
    r"""Squared bias and variance of models trained on independent training sets.

    Parameters
    ----------
    predictions : array_like, shape (n_sets, n_points)
        Row $k$: the predictions, at fixed test inputs, of the model trained
        on the $k$-th training set.
    target : array_like, shape (n_points,)
        The noise-free true values $f(x)$ at the same inputs.

    Returns
    -------
    bias_sq : float
        $(\bar y - f)^2$ averaged over the test inputs, where $\bar y$ is
        the mean prediction over the training sets.
    variance : float
        The spread of the predictions around $\bar y$, averaged over the
        test inputs.

    Notes
    -----
    With $\hat y_k$ the prediction of the $k$-th model and
    $\bar y = \frac{1}{K}\sum_k \hat y_k$, at every input

    $$
    \frac{1}{K}\sum_{k=1}^{K} (\hat y_k - f)^2
    = \underbrace{(\bar y - f)^2}_{\text{bias}^2}
    + \underbrace{\frac{1}{K}\sum_{k=1}^{K} (\hat y_k - \bar y)^2}_{\text{variance}}
    $$

    On noisy targets $y = f + \epsilon$ the expected squared error adds the
    noise variance $\sigma^2$, which no model can remove.

    Examples
    --------
    >>> from dlnotes.diagnostics import bias_variance
    >>> bias_variance([[1.0, 2.0], [3.0, 4.0]], [1.0, 2.0])  # mean prediction 2, 3
    (1.0, 1.0)
    """
    P, f = as_float_array(predictions, "predictions"), as_float_array(target, "target")
    check_ndim(P, 2, "predictions", "(n_sets, n_points)")
    check_ndim(f, 1, "target", "(n_points,)")
    if P.shape[1] != f.shape[0] or P.shape[0] == 0:
        raise ValueError(
            f"predictions (n_sets >= 1, n_points) and target (n_points,) must agree, "
            f"got shapes {P.shape} and {f.shape}"
        )
    mean = P.mean(axis=0)
    return float(np.mean((mean - f) ** 2)), float(np.mean(P.var(axis=0)))
