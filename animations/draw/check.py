"""What every figure and animation checks of its input first."""
from __future__ import annotations

import math
import numbers


def as_list(trajectories) -> list:
    """One trajectory or many, as a list; checks each has ``params`` and ``loss``."""
    if trajectories is None:
        return []
    if hasattr(trajectories, "params"):
        trajectories = [trajectories]
    out = list(trajectories)
    for t in out:
        if not (hasattr(t, "params") and hasattr(t, "loss")):
            raise TypeError(f"expected Trajectory objects (from optimizers.run), got {type(t).__name__}")
    return out


def check_dims(surface, trajectories, where="plot"):
    """A 2-D surface, and trajectories of two parameters (paths on it)."""
    if getattr(surface, "dim", None) != 2:
        raise ValueError(f"{where}: surface {getattr(surface, 'name', '?')!r} has dim="
                         f"{getattr(surface, 'dim', None)}; figures need a 2-D surface (see Plane)")
    for t in trajectories:
        if t.params.shape[-1] != 2:
            raise ValueError(f"{where}: trajectory {t.label!r} has dim={t.params.shape[-1]}, "
                             "the surface has dim=2; project it onto the plane first")


def check_bounds(owner, bounds):
    """``bounds`` as ``((xlo, xhi), (ylo, yhi))`` of finite floats with lo < hi, or None.

    >>> check_bounds("plot", (1, 2))
    Traceback (most recent call last):
    ValueError: plot: bounds=(1, 2) must be ((xlo, xhi), (ylo, yhi)) with finite lo < hi
    """
    if bounds is None:
        return None
    rule = f"{owner}: bounds={bounds!r} must be ((xlo, xhi), (ylo, yhi)) with finite lo < hi"
    try:
        (x0, x1), (y0, y1) = bounds
    except (TypeError, ValueError):
        raise ValueError(rule) from None
    values = (x0, x1, y0, y1)
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
        raise TypeError(rule)
    if not (all(math.isfinite(v) for v in values) and x0 < x1 and y0 < y1):
        raise ValueError(rule)
    return ((float(x0), float(x1)), (float(y0), float(y1)))


def check_axes(owner, ax):
    """A matplotlib Axes, or None."""
    if ax is not None and not (hasattr(ax, "figure") and callable(getattr(ax, "plot", None))):
        raise TypeError(f"{owner}: ax={ax!r} must be a matplotlib Axes (or None for a new figure)")
    return ax
