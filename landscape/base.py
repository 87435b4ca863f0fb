"""The `Surface` protocol and the base classes of the analytic test functions (2-D and 1-D).

A surface is vectorised over leading axes: ``p`` has shape ``(..., dim)``, so one
call evaluates a point, a trajectory or a whole grid.
"""
from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np


# names as the literature writes them (capitals, hyphens and dashes a title() cannot know)
NAMES = {"mccormick": "McCormick", "goldstein_price": "Goldstein–Price",
         "six_hump_camel": "Six-hump camel", "three_hump_camel": "Three-hump camel",
         "styblinski_tang": "Styblinski–Tang", "monkey_saddle": "Monkey saddle",
         "double_well": "Double well", "tilted_well": "Tilted double well"}


@runtime_checkable
class Surface(Protocol):
    """What optimizers and plots need from a loss surface."""

    name: str
    dim: int
    bounds: tuple
    minima: tuple
    start: tuple
    n_samples: int | None

    def value(self, p, batch=None) -> np.ndarray: ...

    def grad(self, p, batch=None) -> np.ndarray: ...


def as_points(p, dim: int, owner: str) -> np.ndarray:
    """``p`` as a float array whose last axis has length ``dim``, or a clear error."""
    try:
        arr = np.asarray(p, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{owner}: points must be numbers, got {p!r}") from None
    if arr.ndim == 0 or arr.shape[-1] != dim:
        raise ValueError(
            f"{owner}: points must have shape (..., {dim}), got shape {arr.shape}; "
            f"give {dim} coordinates per point"
        )
    return arr


def batch_indices(batch, n_samples: int, owner: str) -> np.ndarray:
    """``batch`` as a 1-D array of sample indices in ``[0, n_samples)``, or a clear error."""
    idx = np.asarray(batch)
    if idx.ndim != 1 or idx.size == 0:
        raise ValueError(f"{owner}: batch must be a non-empty 1-D index array, "
                         f"got shape {idx.shape}")
    if idx.dtype.kind not in "iu":
        raise TypeError(f"{owner}: batch must hold integer sample indices, got dtype {idx.dtype}")
    if idx.min() < 0 or idx.max() >= n_samples:
        raise ValueError(f"{owner}: batch indices must be in [0, {n_samples}), "
                         f"got {int(idx.min())} .. {int(idx.max())}")
    return idx


@dataclasses.dataclass(frozen=True)
class Formula:
    """What the analytic test functions share, in any dimension: a formula, the
    parameters in their label, known minima, and no samples.  :class:`Analytic` (2-D)
    and :class:`Curve` (1-D) add how points are read.
    """

    name: ClassVar[str] = ""
    log_levels: ClassVar[bool] = False
    n_samples: ClassVar[None] = None
    formula: ClassVar[str] = ""
    shown: ClassVar[tuple] = ()  # parameters named in the label even at their defaults
    symbols: ClassVar[dict] = {}  # how the label writes a parameter ("kappa" -> "κ")
    constants: ClassVar[str] = ""  # the formula's letters and their values: "a = {a:g}"

    @property
    def minima(self) -> tuple:
        """Known global minimisers, as a tuple of points (may be empty)."""
        return ()

    @property
    def f_min(self) -> float | None:
        """The global minimum value, or None where the surface is unbounded below."""
        return float(self.value(self.minima[0])) if self.minima else None

    @property
    def params(self) -> dict[str, Any]:
        """The surface's own parameters (``kappa``, ``angle``, ...) and their values."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @property
    def label(self) -> str:
        """Display name, with the parameters that differ from their defaults."""
        title = NAMES.get(self.name) or self.name.replace("_", " ").replace("-", " ").title()
        defaults = {f.name: f.default for f in dataclasses.fields(self)}
        changed = {k: v for k, v in self.params.items() if v != defaults[k] or k in self.shown}
        if not changed:
            return title
        args = ", ".join(f"{self.symbols.get(k, k)}={v:g}" for k, v in changed.items())
        return f"{title} ({args})"

    @property
    def equation(self) -> str:
        """The formula with the values of its letters, as figures print it.

        >>> from landscape.classic import Rosenbrock
        >>> Rosenbrock(b=10).equation
        'f = (a − x)² + b (y − x²)²,  a = 1, b = 10'
        """
        if not self.constants:
            return self.formula
        return f"{self.formula},  {self.constants.format(**self.params)}"

    def _points(self, p, batch) -> np.ndarray:
        if batch is not None:
            raise ValueError(
                f"{self.name}: batch={batch!r} given, but an analytic surface has no "
                "samples; use a data surface (such as linreg) for mini-batches"
            )
        return as_points(p, self.dim, self.name)

    def __repr__(self) -> str:
        return f"landscape.get({self.name!r}" + "".join(
            f", {k}={v!r}" for k, v in self.params.items()
        ) + ")"


@dataclasses.dataclass(frozen=True, repr=False)
class Analytic(Formula):
    """Base of the 2-D analytic test functions.

    A subclass writes the formula once, as ``f(x, y)`` and its gradient
    ``df(x, y) -> (df/dx, df/dy)``, on arrays of any shape; this class does the
    ``(..., 2)`` bookkeeping.  Class attributes describe the picture: ``bounds``
    (default view), ``start`` (a good demo start), ``log_levels`` (contours spaced
    logarithmically, for surfaces with a steep rim and a flat floor).
    """

    dim: ClassVar[int] = 2
    bounds: ClassVar[tuple] = ((-2.0, 2.0), (-2.0, 2.0))
    start: ClassVar[tuple] = (-1.5, 1.5)

    def value(self, p, batch=None) -> np.ndarray:
        """Loss at ``p`` of shape ``(..., 2)``; result has shape ``(...)``."""
        p = self._points(p, batch)
        return np.asarray(self.f(p[..., 0], p[..., 1]), dtype=float)

    def grad(self, p, batch=None) -> np.ndarray:
        """Analytic gradient at ``p``; result has the shape of ``p``."""
        p = self._points(p, batch)
        gx, gy = self.df(p[..., 0], p[..., 1])
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1).astype(float, copy=False)

    def f(self, x, y):  # pragma: no cover - every subclass writes its formula
        raise NotImplementedError

    def df(self, x, y):  # pragma: no cover
        raise NotImplementedError


@dataclasses.dataclass(frozen=True, repr=False)
class Curve(Formula):
    """Base of the 1-D test functions: a loss of one parameter, drawn as a curve.

    A subclass writes ``f(x)`` and its derivative ``df(x)`` on arrays of any shape;
    this class does the ``(..., 1)`` bookkeeping.  ``bounds`` is one pair ``((lo, hi),)``.
    """

    dim: ClassVar[int] = 1
    bounds: ClassVar[tuple] = ((-2.0, 2.0),)
    start: ClassVar[tuple] = (-1.5,)

    def value(self, p, batch=None) -> np.ndarray:
        """Loss at ``p`` of shape ``(..., 1)``; result has shape ``(...)``."""
        return np.asarray(self.f(self._points(p, batch)[..., 0]), dtype=float)

    def grad(self, p, batch=None) -> np.ndarray:
        """``f'(x)`` at ``p``; result has the shape of ``p``."""
        x = self._points(p, batch)[..., 0]
        return np.asarray(np.broadcast_to(self.df(x), x.shape), dtype=float)[..., None]

    def f(self, x):  # pragma: no cover - every subclass writes its formula
        raise NotImplementedError

    def df(self, x):  # pragma: no cover
        raise NotImplementedError
