"""What every figure and animation checks of its input first."""
from __future__ import annotations

import numbers

import numpy as np

from matplotlib.colors import is_color_like

import landscape
from groundwork import checks


def as_list(trajectories) -> list:
    """One trajectory or many, as a list; checks each has ``params`` and ``loss``."""
    if trajectories is None:
        return []
    if hasattr(trajectories, "params"):
        trajectories = [trajectories]
    try:
        out = list(trajectories)
    except TypeError:
        raise TypeError(f"expected a Trajectory (from optimizers.run) or a list of them, got "
                        f"{type(trajectories).__name__}") from None
    for t in out:
        if not (hasattr(t, "params") and hasattr(t, "loss")):
            raise TypeError(f"expected Trajectory objects (from optimizers.run), got {type(t).__name__}")
        colour = (getattr(t, "style", None) or {}).get("colour")
        if colour is not None and not is_color_like(colour):
            raise ValueError(f"trajectory {t.label!r}: colour={colour!r} is not a colour; give a name "
                             "('orange'), a hex code ('#E69F00') or 'C1'")
    return out


def check_dims(surface, trajectories, where="plot", dims=(2,)):
    """A surface of one of the dimensions ``dims`` (``plot`` and ``animate`` draw 1-D ones
    too), and trajectories of as many parameters that ran on it (paths on it)."""
    if not callable(getattr(surface, "value", None)):
        raise TypeError(f"{where}: surface={checks.shown(surface)} is not a Surface; make one with "
                        "landscape.get(NAME, ...)")
    dim = getattr(surface, "dim", None)
    if dim not in dims:
        also = "; a 1-D surface is drawn by plot and animate" if dim == 1 else " (see Plane)"
        raise ValueError(f"{where}: surface {getattr(surface, 'name', '?')!r} has dim={dim}; "
                         f"{where} needs a {' or '.join(f'{d}-D' for d in dims)} surface{also}")
    own = [spec(surface)] + ([spec(surface.surface)] if hasattr(surface, "surface") else [])
    for t in trajectories:
        if t.params.shape[-1] != dim:
            raise ValueError(f"{where}: trajectory {t.label!r} has dim={t.params.shape[-1]}, "
                             f"the surface has dim={dim}; project it onto the plane first")
        ran = getattr(t, "surface", None)
        if isinstance(ran, dict) and not any(_same(ran, s) for s in own):
            raise ValueError(f"{where}: trajectory {t.label!r} ran on {_text(ran)}, not on "
                             f"{_text(own[0])}; draw it on the surface it ran on")


def spec(surface) -> dict:
    """``{"name": ..., parameter: value, ...}``: a surface as a Trajectory records it."""
    return {"name": getattr(surface, "name", "surface"), **(getattr(surface, "params", None) or {})}


def _plain(value):
    """A setting as comparable data: numbers as floats, sequences as lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _same(ran, own) -> bool:
    """The same surface: the same name, and the same parameters where the run recorded them
    (files of lossviz 0.1 record the name alone)."""
    if ran.get("name") != own.get("name"):
        return False
    return len(ran) == 1 or _plain(ran) == _plain(own)


def _text(s) -> str:
    params = ", ".join(f"{k}={v}" for k, v in s.items() if k != "name")
    return f"{s.get('name')!r}" + (f" ({params})" if params else "")


def check_bounds(owner, bounds):
    """``bounds`` as ``((xlo, xhi), (ylo, yhi))`` (see ``groundwork.checks.window``), or None."""
    return None if bounds is None else checks.window(owner, "bounds", bounds)


def check_axes(owner, ax):
    """A matplotlib Axes, or None."""
    if ax is not None and not (hasattr(ax, "figure") and callable(getattr(ax, "plot", None))):
        raise TypeError(f"{owner}: ax={checks.shown(ax)} must be a matplotlib Axes (or None for a "
                        "new figure)")
    return ax


def check_figure(owner, fig):
    """A matplotlib Figure (or SubFigure) to draw into, or None."""
    if fig is not None and not callable(getattr(fig, "add_subplot", None)):
        raise TypeError(f"{owner}: fig={checks.shown(fig)} must be a matplotlib Figure (or None "
                        "for a new one)")
    return fig


def check_grid(owner, resolution, levels=24):
    """Grid points per axis (at most ``landscape.MAX_GRID``) and the contour levels: how
    many, or the levels themselves (losses, increasing: one scale for several panels).

    >>> check_grid("plot", 100, [0, 1, 1])
    Traceback (most recent call last):
    ValueError: plot: levels=[0, 1, 1] must be a number of levels (3 to 200), or at least 3 increasing finite losses
    """
    checks.whole(owner, "resolution", resolution, 2, high=landscape.MAX_GRID, why="4 million points")
    if isinstance(levels, (list, tuple, np.ndarray)):
        lv = np.asarray(levels, dtype=float) if all(isinstance(v, numbers.Real) for v in np.ravel(levels)) else None
        if lv is None or lv.ndim != 1 or len(lv) < 3 or not np.isfinite(lv).all() or not (np.diff(lv) > 0).all():
            raise ValueError(f"{owner}: levels={checks.shown(levels)} must be a number of levels (3 to 200), "
                             "or at least 3 increasing finite losses")
        return
    checks.whole(owner, "levels", levels, 3, high=200)
