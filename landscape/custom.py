"""A user's own function as a surface, in one line."""
from __future__ import annotations

import inspect
from typing import Callable

import numpy as np

from .base import as_points

# Fourth-order central differences: truncation error O(h^4), rounding O(eps/h), so
# the best step is h ~ eps^(1/5) and the gradient is good to ~eps^(4/5) ~ 1e-13
# relative, far better than a one-sided difference with a tiny h.
_H = np.finfo(float).eps ** 0.2


class FunctionSurface:
    """A surface from a Python function; see :func:`from_function`."""

    n_samples = None
    log_levels = False

    def __init__(self, f, dim, grad, name, bounds, start, minima, log_levels):
        self._f, self._grad = f, grad
        self.dim, self.name = dim, name
        self.bounds = tuple(tuple(float(v) for v in b) for b in bounds)
        self.start = tuple(float(v) for v in start) if start is not None else tuple(
            lo + 0.15 * (hi - lo) for lo, hi in self.bounds)
        self.minima = tuple(tuple(float(v) for v in m) for m in minima)
        self.log_levels = log_levels
        self.label = name
        self.formula = ""
        self.params = {}

    @property
    def f_min(self):
        return float(self.value(self.minima[0])) if self.minima else None

    def _call(self, fn, p):
        if self._spread:
            return fn(*np.moveaxis(p, -1, 0))
        return fn(p)

    def value(self, p, batch=None):
        """Loss at ``p`` of shape ``(..., dim)``."""
        p = self._check(p, batch)
        # a real (writable) array: a constant f would otherwise give a read-only view
        return np.array(np.broadcast_to(np.asarray(self._call(self._f, p), dtype=float),
                                        p.shape[:-1]))

    def grad(self, p, batch=None):
        """The given gradient, or fourth-order central differences."""
        p = self._check(p, batch)
        if self._grad is not None:
            g = self._call(self._grad, p)
            if isinstance(g, (tuple, list)):
                g = np.stack(np.broadcast_arrays(*g), axis=-1)
            return np.asarray(g, dtype=float).reshape(p.shape)
        h = _H * np.maximum(1.0, np.abs(p))
        g = np.empty_like(p)
        for i in range(self.dim):
            e = np.zeros(self.dim)
            e[i] = 1.0
            step = h[..., i:i + 1] * e
            f = [self.value(p + k * step) for k in (2, 1, -1, -2)]
            g[..., i] = (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * h[..., i])
        return g

    def _check(self, p, batch):
        if batch is not None:
            raise ValueError(f"{self.name}: batch={batch!r} given, but this surface has no samples")
        return as_points(p, self.dim, self.name)


def from_function(f: Callable, *, dim: int | None = None, grad: Callable | None = None,
                  name: str = "custom", bounds=((-2.0, 2.0), (-2.0, 2.0)), start=None,
                  minima=(), log_levels: bool = False) -> FunctionSurface:
    """Make a surface from ``f``.

    ``f`` either takes one array ``p`` of shape ``(..., dim)`` or one array per
    coordinate (``lambda x, y: ...``); it should be written with numpy so that it
    works on arrays.  Without ``grad`` the gradient is computed by fourth-order
    central differences (about 1e-10 accurate, not the 1e-5 of a naive difference).

    >>> s = from_function(lambda x, y: x**2 + 3 * y**2, name="bowl")
    >>> s.grad((1.0, 1.0)).round(8)
    array([2., 6.])
    """
    if not callable(f):
        raise TypeError(f"from_function: f must be callable, got {f!r}")
    if grad is not None and not callable(grad):
        raise TypeError(f"from_function: grad must be callable or None, got {grad!r}")
    try:
        required = [p for p in inspect.signature(f).parameters.values()
                    if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        required = [None]
    spread = len(required) >= 2
    if dim is None:
        dim = len(required) if spread else len(bounds)
    if not isinstance(dim, int) or dim < 1:
        raise ValueError(f"from_function: dim={dim!r} must be a positive integer")
    if spread and len(required) != dim:
        raise ValueError(f"from_function: f takes {len(required)} coordinates but dim={dim}")
    if len(bounds) != dim or any(len(b) != 2 or not b[0] < b[1] for b in bounds):
        raise ValueError(f"from_function: bounds={bounds!r} must be {dim} pairs (lo, hi) with lo < hi")
    surface = FunctionSurface(f, dim, grad, name, bounds, start, minima, log_levels)
    surface._spread = spread
    probe = surface.value(np.zeros((3, dim)))
    if probe.shape != (3,):
        raise ValueError(f"from_function: f must return one value per point, got shape {probe.shape}")
    return surface
