"""Evaluate a 2-D surface on a regular grid, for contour plots; many starts over a view."""
from __future__ import annotations

import functools

import numpy as np

from groundwork import checks

from .gridding import evaluate

MAX_GRID = 2000     # points per axis: 4 million points, about 100 MB for X, Y and Z


def grid(surface, n: int = 200, bounds=None, *, chunk=None, executor=None, progress=None):
    """``(X, Y, Z)``: the surface on an ``n x n`` grid over ``bounds`` (default its own).

    One vectorised call evaluates the whole grid (a :class:`~landscape.plane.Plane`
    spreads it over every core itself).  With ``chunk`` or ``executor`` the points
    go in chunks to an executor instead (see :func:`landscape.gridding.evaluate`).

    >>> from landscape import get
    >>> X, Y, Z = grid(get("booth"), n=5)
    >>> Z.shape, float(Z.min())
    ((5, 5), 9.0)
    """
    if getattr(surface, "dim", None) != 2:
        raise ValueError(f"grid: surface {getattr(surface, 'name', surface)!r} has dim="
                         f"{getattr(surface, 'dim', None)}; a grid needs a 2-D surface "
                         "(for a network, a Plane through its weights)")
    if not callable(getattr(surface, "value", None)):
        raise TypeError(f"grid: surface={surface!r} must be a landscape Surface (with value)")
    n = checks.whole("grid", "n", n, 2, high=MAX_GRID, why="4 million points")
    (x0, x1), (y0, y1) = checks.window("grid", "bounds", surface.bounds if bounds is None else bounds)
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    points = np.stack([X, Y], axis=-1)
    if chunk is None and executor is None:
        return X, Y, np.asarray(surface.value(points), dtype=float)
    Z = evaluate(functools.partial(_values, surface), points.reshape(-1, 2), chunk=chunk,
                 executor=executor, progress=progress)
    return X, Y, Z.reshape(X.shape)


def _values(surface, points):
    return np.asarray(surface.value(points), dtype=float)


STARTS = ("grid", "random")
MAX_STARTS = 1_000_000


def starts(surface, how: str = "grid", n: int = 10, *, seed: int = 0, bounds=None) -> np.ndarray:
    """Many starts ``(K, 2)`` over the view ``bounds`` (default the surface's own):
    ``"grid"``, the centres of an ``n x n`` grid of cells (K = n^2), or ``"random"``,
    ``n`` points drawn uniformly from ``seed`` (K = n).

    >>> from landscape import get
    >>> starts(get("booth"), "grid", 2, bounds=((0, 4), (0, 2))).tolist()
    [[1.0, 0.5], [3.0, 0.5], [1.0, 1.5], [3.0, 1.5]]
    """
    if getattr(surface, "dim", None) != 2:
        raise ValueError(f"starts: surface {getattr(surface, 'name', surface)!r} has dim="
                         f"{getattr(surface, 'dim', None)}; starts over a view need a 2-D surface "
                         "(give a (K, dim) array of starts instead)")
    how = checks.choice("starts", "how", how, STARTS)
    side = checks.whole("starts", "n", n, 1, high=1000 if how == "grid" else MAX_STARTS,
                        why="a million starts")
    seed = checks.whole("starts", "seed", seed, 0)
    (x0, x1), (y0, y1) = checks.window("starts", "bounds", surface.bounds if bounds is None else bounds)
    if how == "random":
        rng = np.random.default_rng(seed)
        return np.column_stack([rng.uniform(x0, x1, side), rng.uniform(y0, y1, side)])
    xs = x0 + (np.arange(side) + 0.5) * (x1 - x0) / side
    ys = y0 + (np.arange(side) + 0.5) * (y1 - y0) / side
    X, Y = np.meshgrid(xs, ys)
    return np.column_stack([X.ravel(), Y.ravel()])
