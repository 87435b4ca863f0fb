"""Basins of attraction: many starts, each coloured by the stationary point it reaches."""
from __future__ import annotations

import math

import numpy as np
from matplotlib import rc_context

from groundwork import check_output

from ..draw import (add_legend, check_axes, check_bounds, check_dims, check_grid, draw_surface,
                    few_ticks, get_theme, layout, tick_text)
from ..encode import FIGURE_SUFFIXES, save_figure

# Okabe & Ito's palette without black, and one more: a colour for each named basin
BASIN_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                 "#8C6D31"]
GREY = "#9AA5B1"
# More points than colours (Rastrigin's egg box): the largest basins and the lowest point
# are named (a colour, a legend entry, the loss written beside it); the rest are grey dots
NAMED = len(BASIN_COLOURS)


def plot_basins(surface, trajectory, basins, *, ax=None, out=None, theme="paper", bounds=None,
                resolution=300, levels=24):
    """Every start of ``trajectory`` (a population) as a dot in the colour of the point
    it converged to (``basins``: what ``optimizers.basins(trajectory, tol)`` found); every stationary point found marked with its loss; the share of
    starts per basin in the legend.

    >>> import landscape, optimizers
    >>> h = landscape.get("himmelblau")
    >>> t = optimizers.run(h, optimizers.get("gd", lr=0.01), start=landscape.starts(h, "grid", 8),
    ...                    steps=500, record="summary")
    >>> fig = plot_basins(h, t, optimizers.basins(t, tol=0.1), resolution=40)
    >>> sorted(text.get_text() for text in fig.axes[0].texts)
    ['f = 0', 'f = 0', 'f = 0', 'f = 0']
    """
    theme = get_theme(theme)
    check_axes("plot_basins", ax)
    if not getattr(trajectory, "population", False):
        raise ValueError("plot_basins: give a run from many starts (start=landscape.starts(...))")
    check_dims(surface, [trajectory], "plot_basins")
    check_grid("plot_basins", resolution, levels)
    bounds = surface.bounds if bounds is None else check_bounds("plot_basins", bounds)
    path = check_output(out, FIGURE_SUFFIXES, "plot_basins") if out is not None else None
    (x0, x1), (y0, y1) = bounds
    found, labels = basins
    if len(labels) != trajectory.params.shape[1]:
        raise ValueError(f"plot_basins: basins label {len(labels)} starts, the run has "
                         f"{trajectory.params.shape[1]}; give optimizers.basins(trajectory, tol)")
    starts = trajectory.params[0]
    K = len(starts)
    with rc_context(theme.rc):
        own, side = ax is None, None
        if own:   # on a 16:9 slide the legend gets a column of its own beside the map
            fig, ax, _, side = layout(theme, size=None if theme.large else (7.2, 6.4))
            ax.set_label("basins")
        else:
            fig = ax.figure
        draw_surface(ax, surface, theme, bounds, resolution, levels)
        # dots that nearly tile the view for a grid of starts, smaller for fewer
        width = ax.get_position().width * fig.get_figwidth() * 72
        size = min(60.0, (0.75 * width / math.sqrt(K)) ** 2)
        named = _named(found)
        colours = [theme.colour(BASIN_COLOURS[named.index(i)]) if i in named else GREY
                   for i in range(len(found))]
        for i, basin in enumerate(found):
            if i in named:
                ax.scatter(*starts[labels == i].T, s=size, color=colours[i], lw=0, alpha=0.85, zorder=3,
                           label=f"({basin.point[0] + 0:.2f}, {basin.point[1] + 0:.2f}), f = {_loss(basin.loss)}: "
                                 f"{basin.share:.0%}")
        others = [i for i in range(len(found)) if i not in named]
        if others:
            pick = np.isin(labels, others)
            ax.scatter(*starts[pick].T, s=size, color=GREY, lw=0, alpha=0.85, zorder=3,
                       label=f"{len(others)} other points: {pick.mean():.0%}")
        for pick, text, marker in ((basins.unconverged, f"not converged in {trajectory.steps} steps", "o"),
                                   (basins.diverged, "diverged", "x")):
            if pick.any():
                ax.scatter(*starts[pick].T, s=size, color=GREY, marker=marker, lw=1 if marker == "x" else 0,
                           alpha=0.9, zorder=3, label=f"{text}: {pick.mean():.0%}")
        for i, basin in enumerate(found):       # every point found, on top; the named with their loss
            ax.plot(*basin.point, marker="o", ms=theme.marker * (3.4 if i in named else 2),
                    mfc=colours[i], mec=theme.ink, mew=1.4 if theme.large else 1.0, zorder=6, clip_on=False)
            if i not in named:
                continue
            ax.annotate(f"f = {_loss(basin.loss)}", basin.point, xytext=(7, 7),
                        textcoords="offset points", fontsize=theme.font * 0.8, zorder=7,
                        color=theme.ink, bbox=dict(boxstyle="round,pad=0.15", fc=theme.paper,
                                                   ec="none", alpha=0.8))
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        if theme.large:
            few_ticks(ax)
        opt = trajectory.label.split(" (")[0] if "values)" in trajectory.label else trajectory.label
        steps = trajectory.steps
        # the surface's name first, as every figure's title has it
        ax.set_title(f"{getattr(surface, 'label', surface.name)}: basins of {opt}, {K:,} starts, "
                     f"{steps} step{'s' if steps != 1 else ''}", loc="left",
                     fontweight="bold", fontsize=theme.font * (0.95 if theme.large else 1.05))
        if own:
            add_legend(fig, ax, theme, side=side)
        else:
            ax.legend(loc="upper right", fontsize=theme.font * 0.75)
    if path is not None:
        save_figure(fig, path)
    return fig



def _named(found) -> list[int]:
    """The basins that get a colour: the largest, and always the lowest point found."""
    named = list(range(min(len(found), NAMED)))
    lowest = min(range(len(found)), key=lambda i: found[i].loss, default=None)
    if lowest is not None and lowest not in named:
        named[-1] = lowest
    return named


def _loss(value) -> str:
    """A basin's loss: 0 for rounding noise at a zero minimum (1e-30 would read as a number)."""
    return "0" if abs(value) < 1e-12 else tick_text(value)
