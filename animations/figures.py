"""Static figures: contours with paths, loss curves, and a 3-D view."""
from __future__ import annotations

import numbers

import numpy as np
from matplotlib import rc_context
from matplotlib.ticker import MaxNLocator

from optimizers import check_output

from . import scene
from .losscurve import plot_loss
from .output import FIGURE_SUFFIXES, save_figure
from .style import assign_colours, get_theme, new_figure

VIEWS = ("2d", "3d")


def plot(surface, trajectories=(), *, ax=None, out=None, theme="paper", loss_panel=False,
         view="2d", bounds=None, resolution=300, levels=24, title=None, legend=True):
    """Contour ``surface`` and draw each trajectory on it; return the figure.

    Parameters
    ----------
    surface : a 2-D Surface
    trajectories : a Trajectory or a list of them (from ``optimizers.run``)
    ax : draw into this matplotlib axes instead of a new figure
    out : write the figure here (``.png``, ``.svg`` or ``.pdf``), atomically
    theme : ``"paper"``, ``"slides"`` (16:9, large type) or ``"dark"``
    loss_panel : add a loss-vs-step panel (log scale) beside the contours
    view : ``"2d"`` contours or ``"3d"`` surface
    bounds, resolution, levels : view window, grid points per axis, contour levels

    >>> import landscape, optimizers
    >>> s = landscape.get("himmelblau")
    >>> t = optimizers.run(s, optimizers.get("adam", lr=0.1), steps=100)
    >>> fig = plot(s, [t], loss_panel=True)
    >>> [a.get_label() for a in fig.axes[:2]]
    ['surface', 'loss']
    """
    trajectories = scene.as_list(trajectories)
    theme = get_theme(theme)
    if view not in VIEWS:
        raise ValueError(f"plot: view={view!r} must be one of {', '.join(VIEWS)}")
    if ax is not None and loss_panel:
        raise ValueError("plot: loss_panel=True needs a figure of its own; with ax=, "
                         "draw the loss with plot_loss(trajectories, ax=...)")
    if ax is not None and view == "3d" and getattr(ax, "name", "") != "3d":
        raise ValueError("plot: view='3d' needs a 3-D axes (projection='3d') or ax=None")
    path = check_output(out, FIGURE_SUFFIXES, "plot") if out is not None else None
    scene.check_dims(surface, trajectories)
    check_whole("plot", "resolution", resolution, 2)
    check_whole("plot", "levels", levels, 3)
    bounds = surface.bounds if bounds is None else bounds

    with rc_context(theme.rc):
        side, own = None, ax is None
        if own:
            fig, ax, loss_ax, side = layout(theme, loss_panel, "3d" if view == "3d" else None)
        else:
            fig = ax.figure
        ax.set_label("surface")
        colours = assign_colours(trajectories, theme)
        if view == "3d":
            from .surface3d import draw_surface3d
            draw_surface3d(ax, surface, trajectories, colours, theme, bounds, resolution)
        else:
            filled = scene.draw_surface(ax, surface, theme, bounds, resolution, levels)
            depths = scene.path_depths(trajectories, bounds)
            for traj, colour, depth in zip(trajectories, colours, depths):
                scene.draw_path(ax, traj, colour, theme, label=traj.label, bounds=bounds,
                                depth=depth)
                scene.draw_divergence(ax, traj, colour, theme, bounds)
            colourbar(fig, ax, filled, surface, theme)
        set_title(ax, surface, theme, title, side, spread=own and loss_panel)
        if theme.font >= 14 and view == "2d":
            ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
            ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
        if loss_panel:
            plot_loss(trajectories, ax=loss_ax, surface=surface, theme=theme, colours=colours,
                      legend=False, x=loss_axis(trajectories))
        if legend and trajectories and own:
            add_legend(fig, ax, theme, side)
        elif legend and trajectories:  # a user's axes: the figure's layout is theirs, stay inside
            ax.legend(loc="best", fontsize=theme.font * 0.8)
    if path is not None:
        save_figure(fig, path)
    return fig


def loss_axis(trajectories) -> str:
    """Epochs when every run saw data (an equal budget of samples), else steps."""
    return "epoch" if trajectories and all(t.epoch is not None for t in trajectories) else "step"


def set_title(ax, surface, theme, title=None, side=None, spread=False):
    """The surface's name on the left; its formula on the right where there is room,
    or at the top of the ``side`` column when there is one.

    ``spread``: the name is the figure's title, across the panel beside this one too
    (a loss panel), so a long name need not shrink to the width of one panel.
    """
    if title is not None:
        ax.set_title(title, loc="left")
        return
    label = getattr(surface, "label", surface.name)
    formula = getattr(surface, "equation", None) or getattr(surface, "formula", "")
    width = ax.get_position().width * ax.figure.get_figwidth() * 72  # points
    if spread:
        suptitle(ax.figure, label, theme)
        label = ""
    else:
        # a long name (data surfaces list their settings) shrinks rather than run off the figure
        size = theme.font * 1.15 * min(1.0, max(0.6, width / (0.66 * theme.font * 1.15 * len(label))))
        ax.set_title(label, loc="left", fontweight="bold", fontsize=size)
    if side is not None:
        # in the narrow column, each part of the formula on a line of its own
        side.text(0.0, 0.97, formula.replace(",  ", "\n"), transform=side.transAxes, va="top", ha="left",
                  fontsize=theme.font * 0.85, wrap=True)
        return
    # with the values of its letters where they fit, else the bare formula
    for text in (formula, getattr(surface, "formula", "")):
        if text and 0.62 * theme.font * (1.15 * len(label) + 0.8 * len(text) + 3) < width:
            ax.set_title(text, loc="right", fontsize=theme.font * 0.8)
            return


def suptitle(fig, text, theme):
    """A bold title across the whole figure, on the left, shrunk (not cut) when it is long."""
    width = fig.get_figwidth() * 72 * 0.97                       # points
    size = theme.font * 1.15 * min(1.0, max(0.6, width / (0.62 * theme.font * 1.15 * len(text))))
    fig.suptitle(text, x=0.01, ha="left", fontweight="bold", fontsize=size)


def colourbar(fig, ax, filled, surface, theme):
    # an inset bar is exactly as tall as the axes, whatever their aspect (a bar beside
    # the layout cell would keep the cell's height and stick out of a square plot)
    cax = ax.inset_axes([1.03, 0.0, 0.04, 1.0], label="<colorbar>")
    cb = fig.colorbar(filled, cax=cax, spacing="uniform")
    levels = filled.levels
    step = max(1, len(levels) // 6)
    ticks = levels[::step]
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
    cb.set_ticklabels([tick_text(v - ref) for v in ticks])
    cb.set_label("loss" if not ref else f"loss − {tick_text(ref)}" if ref > 0
                 else f"loss + {tick_text(-ref)}")
    cb.outline.set_edgecolor(theme.contour_line)
    return cb


def tick_text(v) -> str:
    """Short, readable numbers: 2510 not 2.51e+03, 0.0123 not 1.23e-02."""
    if v == 0 or 1e-3 <= abs(v) < 1e5:
        return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    return f"{v:.1e}"


def layout(theme, loss_panel=False, projection=None, size=None, dpi=None, ratios=(1.15, 1)):
    """A new figure and its axes: ``(fig, surface_ax, loss_ax or None, side_ax or None)``.

    On a wide (16:9) figure without a loss panel, a square contour plot would leave
    half the slide empty, so the legend gets a column of its own beside it.
    ``ratios``: the widths of the surface and the second panel, when there is one.
    """
    fig = new_figure(theme, size or (theme.wide_figsize if loss_panel else theme.figsize), dpi)
    width, height = fig.get_size_inches()
    loss_ax = side = None
    if loss_panel:
        grid = fig.add_gridspec(1, 2, width_ratios=ratios)
        ax = fig.add_subplot(grid[0], projection=projection)
        loss_ax = fig.add_subplot(grid[1])
    elif width / height > 1.5:
        grid = fig.add_gridspec(1, 2, width_ratios=(1.6, 1))
        ax = fig.add_subplot(grid[0], projection=projection)
        side = fig.add_subplot(grid[1])
        side.set_axis_off()
    else:
        ax = fig.add_subplot(projection=projection)
    return fig, ax, loss_ax, side


def add_legend(fig, ax, theme, side=None, more=()):
    """The legend: in ``side`` axes when given, else under the figure in as many columns
    as fit its width.  ``more`` axes add their entries (each label once)."""
    handles, labels = [], []
    for a in (ax, *more):
        for h, label in zip(*a.get_legend_handles_labels()):
            if label not in labels:
                handles.append(h)
                labels.append(label)
    if not handles:
        return None
    if side is not None:
        return side.legend(handles, labels, loc="center left", frameon=False, handlelength=2.2,
                           borderaxespad=0)
    column = (0.6 * max(map(len, labels)) + 4.5) * theme.font * 0.9 / 72  # inches
    width = fig.figure.get_figwidth()  # fig may be a SubFigure, which has no width of its own
    ncols = max(1, min(len(handles), int(width * 0.95 // column)))
    return fig.legend(handles, labels, loc="outside lower center", ncols=ncols,
                      frameon=False, handlelength=2.2)


def check_whole(owner, key, value, low) -> int:
    """``value`` as an int if it is a whole number >= ``low``, else a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{owner}: {key}={value!r} must be a whole number >= {low}")
    return int(value)
