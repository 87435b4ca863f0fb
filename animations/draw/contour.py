"""The contour panel: the surface drawn as filled contours with the paths on it.

:func:`contour_panel` is the one composition behind ``plot``, every animation frame
and the network figures: filled contours (log-spaced above f* where the surface
asks), thin contour lines, the known minima, each path with its start, end and
divergence marks, the colour bar, the title, and ticks sized for the theme.
"""
from __future__ import annotations

import textwrap

from typing import NamedTuple

import numpy as np
from matplotlib.colors import BoundaryNorm
from matplotlib.ticker import MaxNLocator

import landscape

from .layout import set_title
from .paths import draw_divergence, draw_outside, draw_path, path_depths, path_widths
from .theme import assign_linestyles, few_ticks, tick_text


class Panel(NamedTuple):
    """What :func:`contour_panel` drew: the filled contours, each path's artists, and
    each run's divergence marks (empty when it did not diverge)."""

    filled: object
    paths: list
    marks: list


def contour_panel(ax, surface, trajectories, colours, theme, *, bounds=None, resolution=300,
                  levels=24, heads=False, title=None, side=None, spread=False) -> Panel:
    """Draw ``surface`` and the ``trajectories`` (one colour each) on ``ax``.

    ``heads``: each path gets a moving head and a fading tail, for animations.
    ``title``, ``side``, ``spread``: as in :func:`~animations.draw.layout.set_title`.
    """
    bounds = surface.bounds if bounds is None else bounds
    filled = draw_surface(ax, surface, theme, bounds, resolution, levels)
    depths = path_depths(trajectories, bounds)
    paths = [draw_path(ax, t, c, theme, label=t.label, head=heads, bounds=bounds, depth=d,
                       linestyle=ls, widen=w)
             for t, c, d, ls, w in zip(trajectories, colours, depths, assign_linestyles(trajectories),
                                       path_widths(depths))]
    marks = [draw_divergence(ax, t, c, theme, bounds) for t, c in zip(trajectories, colours)]
    starts = [t.params[0].tobytes() for t in trajectories]
    for k, (t, c) in enumerate(zip(trajectories, colours)):
        if starts[k] not in starts[:k]:      # runs from one start: one caption, in ink
            draw_outside(ax, t, c if starts.count(starts[k]) == 1 else theme.ink, theme, bounds)
        draw_outside(ax, t, c, theme, bounds, which="end")
    colourbar(ax.figure, ax, filled, surface, theme)
    set_title(ax, surface, theme, title, side, spread)
    if theme.large:
        few_ticks(ax)
    return Panel(filled, paths, marks)


def f_ref(surface, Z=None) -> float:
    """The reference value for log-spaced levels and log loss axes: f* when known."""
    f_min = getattr(surface, "f_min", None)
    if f_min is not None:
        return float(f_min)
    return float(np.nanmin(Z)) if Z is not None else 0.0


def contour_levels(surface, Z, n=24) -> np.ndarray:
    """Contour levels for ``Z``: log-spaced above f* where the surface asks, else even."""
    z = Z[np.isfinite(Z)]
    name = getattr(surface, "name", "surface")
    if z.size < 0.5 * Z.size:
        raise ValueError(f"{name}: the loss is not finite in {1 - z.size / Z.size:.0%} of the window "
                         "(it overflows); choose a smaller window (bounds) or smaller parameters")
    lo, hi = float(z.min()), float(z.max())
    if not hi > lo:
        raise ValueError(f"{name}: the loss is {lo:g} everywhere in the window; choose a larger "
                         "window (bounds)")
    if max(abs(lo), abs(hi)) > 1e100:
        raise ValueError(f"{name}: the loss reaches {hi if abs(hi) > abs(lo) else lo:.3g} in the "
                         "window, too large to draw; choose smaller parameters or a smaller window")
    if getattr(surface, "log_levels", False):
        ref = min(f_ref(surface, Z), lo)
        span = hi - ref
        floor = max(lo - ref, span * 1e-5)
        levels = nice_log_levels(floor, span, n)
        if levels[-1] < span:  # the top band must reach the highest point on the grid
            levels = np.append(levels, span)
        return ref + np.concatenate([[0.0], levels])
    return MaxNLocator(n, min_n_ticks=n // 2).tick_values(lo, hi)


def nice_log_levels(low, high, n):
    """About ``n`` round numbers (1, 2, 5 x 10^k and friends) spanning ``[low, high]``.

    >>> nice_log_levels(0.01, 1000, 15).tolist()
    [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
    """
    decades = max(np.log10(high / low), 1e-9)
    for mantissas in ((1,), (1, 3), (1, 2, 5), (1, 1.5, 2, 3, 5, 7)):
        if decades * len(mantissas) >= 0.8 * n:
            break
    k = np.arange(np.floor(np.log10(low)), np.ceil(np.log10(high)) + 1)
    cand = np.sort(np.outer(10.0**k, mantissas).ravel())
    cand = cand[(cand >= low * 0.999) & (cand <= high * 1.001)]
    if len(cand) < 3:
        return np.geomspace(low, high, n)
    return np.round(cand, 12)


def draw_surface(ax, surface, theme, bounds=None, resolution=300, levels=24):
    """Filled contours with thin contour lines and the known minima; returns the filled set."""
    with np.errstate(all="ignore"):     # an overflow is found below, by its non-finite values
        X, Y, Z = landscape.grid(surface, n=resolution, bounds=bounds)
    if np.ndim(levels):       # the levels themselves, shared with other panels: the same colours
        lv = np.asarray(levels, dtype=float)
        Z = np.clip(Z, lv[0], lv[-1])       # (outside them a panel would be left blank)
    else:
        lv = contour_levels(surface, Z, levels)
    if not np.isfinite(Z).all():
        Z = np.ma.masked_invalid(Z)     # the finite part is drawn; the rest stays blank
    norm = BoundaryNorm(lv, theme.cmap.N)
    filled = ax.contourf(X, Y, Z, levels=lv, cmap=theme.cmap, norm=norm)
    ax.contour(X, Y, Z, levels=lv[1::2], colors=theme.contour_line,
               linewidths=0.7 if theme.large else 0.35, alpha=0.55)
    for m in getattr(surface, "minima", ()):
        ax.plot(*m, marker="*", ms=theme.marker * 4.2, mfc="#FFFFFF", mec="#111111",
                mew=1.6 if theme.large else 1.0, ls="none", zorder=6)
    (x0, x1), (y0, y1) = bounds if bounds is not None else surface.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal" if 0.25 < (y1 - y0) / (x1 - x0) < 4 else "auto")
    # a long label (a plane's "distance towards ... end") wraps rather than run off the
    # figure: at most as many characters as the side of the panel holds
    pos, (w, h) = ax.get_position(), ax.figure.get_size_inches()
    side = 0.8 * min(pos.width * w, pos.height * h) * 72 / (0.6 * _label_size(ax))  # (before layout)
    ax.set_xlabel("\n".join(textwrap.wrap(axis_label(surface, 0), max(12, int(side)))))
    ax.set_ylabel("\n".join(textwrap.wrap(axis_label(surface, 1), max(12, int(side)))))
    return filled


def _label_size(ax) -> float:
    """The font size of the axes' labels, in points."""
    return ax.xaxis.label.get_fontsize()


def axis_label(surface, i) -> str:
    labels = getattr(surface, "axis_labels", None)
    return labels[i] if labels else ("x", "y")[i]


def colourbar(fig, ax, filled, surface, theme, panels=None):
    """The colour bar of ``filled``, inset beside ``ax``: exactly as tall as the plot,
    whatever its aspect (a bar beside the layout cell would keep the cell's height
    and stick out of a square plot); or beside all of ``panels`` (one bar for many)."""
    one_row = panels is not None and len({round(a.get_position().y0, 6) for a in panels}) == 1
    if panels is None or one_row:        # (one row of panels: beside the last, as tall as it)
        beside = ax if panels is None else max(panels, key=lambda a: a.get_position().x0)
        cax = beside.inset_axes([1.06 if one_row else 1.03, 0.0, 0.04 * (2 if one_row else 1), 1.0],
                                label="<colorbar>")
        cb = fig.colorbar(filled, cax=cax, spacing="uniform")
    else:
        cb = fig.colorbar(filled, ax=panels, spacing="uniform", fraction=0.04, pad=0.02, aspect=30)
    levels = filled.levels
    # round numbers (1, 2 or 5 times a power of ten), not every k-th level (0.25, 1.25, ...)
    ticks = MaxNLocator(6, steps=[1, 2, 5, 10]).tick_values(levels[0], levels[-1])
    ticks = ticks[(ticks >= levels[0] - 1e-12 * abs(levels[-1])) & (ticks <= levels[-1] * (1 + 1e-12))]
    if getattr(surface, "log_levels", False):  # label the decades: 0.01, 1, 100, ...
        mant = np.abs(levels[1:] - levels[0])
        # (not levels[0], f* itself: its band is as thin as the next, so their labels collide)
        decades = [v for v, m in zip(levels[1:], mant)
                   if np.isclose(10 ** np.round(np.log10(m)), m, rtol=1e-6)]
        # a range within a decade or two has too few powers of ten to read: use levels
        ticks = decades[:: max(1, len(decades) // 6)] if len(decades) >= 3 else ticks
    # log levels sit at round distances above f*; label those distances when f* is not 0
    ref = levels[0] if getattr(surface, "log_levels", False) and levels[0] != 0 else 0.0
    cb.set_ticks(ticks)
    shown = [v - ref for v in ticks]
    # decades over a wide range in one form (10⁴, 10⁵, 10⁶), not "10000" beside "1.0e+05"
    wide = any(abs(v) >= 1e5 or 0 < abs(v) < 1e-3 for v in shown)
    cb.set_ticklabels([decade_text(v) if wide else tick_text(v) for v in shown])
    # the loss panel's words: distances above the minimum are "loss − f*"
    cb.set_label("loss" if not ref else f"loss − f* (f* = {tick_text(ref)})")
    cb.outline.set_edgecolor(theme.contour_line)
    return cb


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_text(v) -> str:
    """A power of ten as 10ⁿ, anything else as :func:`tick_text`.

    >>> decade_text(1e6), decade_text(0.001), decade_text(2.5)
    ('10⁶', '10⁻³', '2.5')
    """
    if v > 0:
        k = round(float(np.log10(v)))
        if np.isclose(v, 10.0 ** k, rtol=1e-9):
            return "1" if k == 0 else "10" if k == 1 else f"10{str(k).translate(SUPERSCRIPTS)}"
    return tick_text(v)
