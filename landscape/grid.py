"""Evaluate a 2-D surface on a regular grid, for contour plots."""
from __future__ import annotations

import numpy as np


def grid(surface, n: int = 200, bounds=None):
    """``(X, Y, Z)``: the surface on an ``n x n`` grid over ``bounds``.

    One vectorised call evaluates the whole grid.

    >>> from landscape import get
    >>> X, Y, Z = grid(get("booth"), n=5)
    >>> Z.shape, float(Z.min())
    ((5, 5), 9.0)
    """
    if getattr(surface, "dim", None) != 2:
        raise ValueError(
            f"grid: surface {getattr(surface, 'name', surface)!r} has dim="
            f"{getattr(surface, 'dim', None)}; contours need a 2-D surface (use a Plane for more)"
        )
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"grid: n={n!r} must be an integer >= 2")
    (x0, x1), (y0, y1) = bounds if bounds is not None else surface.bounds
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"grid: bounds={bounds!r} must be ((xlo, xhi), (ylo, yhi)) with lo < hi")
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    Z = surface.value(np.stack([X, Y], axis=-1))
    return X, Y, Z
