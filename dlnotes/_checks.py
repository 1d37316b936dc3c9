"""Small input checks shared by every module (private)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def as_float_array(x: ArrayLike, name: str = "x") -> NDArray[np.floating]:
    """Return ``x`` as a floating-point array, keeping float32/float64 as they are.

    Integers and booleans become float64. Complex input is refused.
    """
    arr = np.asarray(x)
    # Every layer, activation and loss calls this on every training step: the
    # dtype's one-letter kind ("f" float, "c" complex) is read in 0.2 µs, where
    # np.iscomplexobj and np.issubdtype took 1.5 µs, 13-15 % of the time the
    # planar and optimizers labs take to run (their networks are small).
    kind = arr.dtype.kind
    if kind == "f":
        return arr
    if kind == "c":
        raise ValueError(f"{name} must be real, got dtype {arr.dtype}")
    return arr.astype(np.float64)


def check_ndim(x: NDArray, ndim: int, name: str, meaning: str) -> None:
    """Raise ``ValueError`` unless ``x.ndim == ndim``; ``meaning`` names the axes."""
    if x.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D {meaning}, got shape {x.shape}")


def check_same_shape(a: NDArray, b: NDArray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_positive(value: float, name: str, *, allow_zero: bool = False) -> None:
    """Raise ``ValueError`` unless ``value`` is a finite number > 0 (>= 0 if allowed)."""
    ok = np.isfinite(value) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be finite and {bound}, got {value!r}")


def check_positive_int(value: int, name: str) -> None:
    """Raise ``ValueError`` unless ``value`` is an integer >= 1 (a size, not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")


def check_beta(beta: float, name: str = "beta") -> None:
    """Raise ``ValueError`` unless ``beta`` (a decay rate) is in [0, 1)."""
    if not (np.isfinite(beta) and 0 <= beta < 1):
        raise ValueError(f"{name} must be in [0, 1), got {beta!r}")
