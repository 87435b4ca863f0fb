"""A user's own function as a surface, in one line."""
from __future__ import annotations

import dataclasses
import functools
import inspect
import numbers
from typing import Callable

import numpy as np

from groundwork import checks

from .base import as_points

# Fourth-order central differences: truncation error O(h^4), rounding O(eps/h), so
# the best step is h ~ eps^(1/5) and the gradient is good to ~eps^(4/5) ~ 1e-13
# relative, far better than a one-sided difference with a tiny h.
_H = np.finfo(float).eps ** 0.2


@dataclasses.dataclass(frozen=True, eq=False)
class FunctionSurface:
    """A surface from a Python function; see :func:`from_function`.

    The fields are the settings as given; how ``f`` is called (one array, or one
    array per coordinate) is derived from its signature.
    """

    f: Callable
    dim: int
    grad_fn: Callable | None = None
    name: str = "custom"
    bounds: tuple = ()
    start: tuple = ()
    minima: tuple = ()
    log_levels: bool = False

    n_samples = None
    formula = ""

    @functools.cached_property
    def spread(self) -> bool:
        """True when ``f`` takes one argument per coordinate (``lambda x, y: ...``)."""
        return len(_required(self.f)) >= 2

    @functools.cached_property
    def grad_spread(self) -> bool:
        """The same for ``grad`` (which may be written either way, whatever ``f`` is)."""
        return self.grad_fn is not None and len(_required(self.grad_fn)) >= 2

    @property
    def label(self) -> str:
        return self.name

    @property
    def params(self) -> dict:
        return {}

    @property
    def f_min(self):
        return float(self.value(self.minima[0])) if self.minima else None

    @staticmethod
    def _call(fn, p, spread):
        return fn(*np.moveaxis(p, -1, 0)) if spread else fn(p)

    def value(self, p, batch=None):
        """Loss at ``p`` of shape ``(..., dim)``."""
        p = self._check(p, batch)
        f = self._numbers(self._call(self.f, p, self.spread), "f")
        if self.dim == 1 and f.shape == p.shape:   # lambda x: ... on (..., 1) keeps the axis
            f = f[..., 0]
        try:
            # a real (writable) array: a constant f would otherwise give a read-only view
            return np.array(np.broadcast_to(f, p.shape[:-1]))
        except ValueError:
            raise ValueError(f"{self.name}: f returned shape {f.shape} for points of shape "
                             f"{p.shape}; it must return one number per point") from None

    def _numbers(self, raw, what):
        """What ``f`` or ``grad`` returned, as real numbers, or a TypeError that says so."""
        if raw is None or np.iscomplexobj(raw):
            raise TypeError(f"{self.name}: {what} returned {type(raw).__name__ if raw is None else 'complex numbers'}; "
                            "it must return real numbers (write it with numpy, on arrays)")
        try:
            return np.asarray(raw, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"{self.name}: {what} returned {type(raw).__name__}, not numbers") from None

    def grad(self, p, batch=None):
        """The given gradient, or fourth-order central differences."""
        p = self._check(p, batch)
        if self.grad_fn is not None:
            g = self._call(self.grad_fn, p, self.grad_spread)
            if isinstance(g, (tuple, list)):
                g = np.stack(np.broadcast_arrays(*g), axis=-1)
            g = self._numbers(g, "grad")
            if g.size != p.size:
                raise ValueError(f"{self.name}: grad returned shape {g.shape} for points of shape "
                                 f"{p.shape}; it must return one gradient per point, shape {p.shape}")
            return g.reshape(p.shape)
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


def _required(f) -> list:
    """The positional parameters ``f`` needs (``[None]`` when its signature is hidden)."""
    try:
        return [p for p in inspect.signature(f).parameters.values()
                if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return [None]


def from_function(f: Callable, *, dim: int | None = None, grad: Callable | None = None,
                  name: str = "custom", bounds=None, start=None, minima=(),
                  log_levels: bool = False) -> FunctionSurface:
    """Make a surface from ``f``.

    ``f`` either takes one array ``p`` of shape ``(..., dim)`` or one array per
    coordinate (``lambda x, y: ...``); it should be written with numpy so that it
    works on arrays.  Without ``grad`` the gradient is computed by fourth-order
    central differences (about 1e-10 accurate, not the 1e-5 of a naive difference).
    ``bounds`` default to ``(-2, 2)`` on every axis; ``start`` to a point near the
    lower corner of the bounds.

    >>> s = from_function(lambda x, y: x**2 + 3 * y**2, name="bowl")
    >>> s.grad((1.0, 1.0)).round(8)
    array([2., 6.])
    >>> from_function(lambda x: (x - 1) ** 2, dim=1, bounds=(-3, 3)).grad([3.0]).round(8)
    array([4.])
    """
    me = "from_function"
    if not callable(f):
        raise TypeError(f"from_function: f must be callable, got {f!r}")
    if grad is not None and not callable(grad):
        raise TypeError(f"from_function: grad must be callable or None, got {grad!r}")
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"from_function: name={name!r} must be a word, such as 'bowl'")
    required = _required(f)
    if not required:
        raise TypeError("from_function: f takes no argument; it takes the point p (one array), "
                        "or one array per coordinate (lambda x, y: ...)")
    spread = len(required) >= 2
    if dim is None:
        dim = len(required) if spread else len(bounds) if isinstance(bounds, (tuple, list)) else 2
    dim = checks.whole(me, "dim", dim, 1, high=100_000)
    if spread and len(required) != dim:
        raise ValueError(f"from_function: f takes {len(required)} coordinates but dim={dim}")
    if bounds is None:
        bounds = ((-2.0, 2.0),) * dim
    if dim == 1 and isinstance(bounds, (tuple, list)) and len(bounds) == 2 and \
            all(isinstance(b, numbers.Real) for b in bounds):
        bounds = (tuple(bounds),)          # one dimension: (lo, hi) is its one pair
    try:
        ok = len(bounds) == dim and all(len(b) == 2 for b in bounds)
        bounds = tuple((checks.number(me, "bounds", lo), checks.number(me, "bounds", hi))
                       for lo, hi in bounds) if ok else None
    except (TypeError, ValueError):
        bounds = None
    if bounds is None or not all(lo < hi for lo, hi in bounds):
        raise ValueError(f"from_function: bounds must be {dim} pairs (lo, hi) of finite numbers "
                         "with lo < hi")
    start = tuple(lo + 0.15 * (hi - lo) for lo, hi in bounds) if start is None else start
    minima = tuple(_point(me, "minima", m, dim) for m in _points_list(me, minima))
    surface = FunctionSurface(f, dim, grad, name, bounds, _point(me, "start", start, dim),
                              minima, checks.flag(me, "log_levels", log_levels))
    with np.errstate(all="ignore"):        # a function that overflows at 0 is not an error
        surface.value(np.zeros((3, dim)))
    return surface


def _point(owner, key, value, dim) -> tuple:
    """``value`` as ``dim`` finite floats."""
    try:
        p = tuple(checks.number(owner, key, v) for v in value)
    except TypeError:
        raise TypeError(f"{owner}: {key}={checks.shown(value)} must be {dim} numbers") from None
    if len(p) != dim:
        raise ValueError(f"{owner}: {key}={checks.shown(value)} must be {dim} numbers, got {len(p)}")
    return p


def _points_list(owner, value) -> list:
    try:
        return list(value)
    except TypeError:
        raise TypeError(f"{owner}: minima={checks.shown(value)} must be a list of points") from None
