"""The main figure: contours with paths, optionally a loss panel, or a 3-D view; and
loss curves alone."""
from __future__ import annotations

from matplotlib import rc_context
from matplotlib.colors import is_color_like

from groundwork import check_output

from ..draw import (X_LABELS, add_legend, as_list, assign_colours, auto_caption, check_axes, check_bounds,
                    check_dims, check_grid, contour_panel, curve_panel, curve_view, draw_loss, draw_lr,
                    draw_surface3d, get_theme, layout, lifted, new_figure, paint, set_title)
from ..encode import FIGURE_SUFFIXES, save_figure

VIEWS = ("2d", "3d")


def plot(surface, trajectories=(), *, ax=None, out=None, theme="paper", loss_panel=False,
         lr_panel=False, view="2d", bounds=None, resolution=300, levels=24, title=None, legend=True,
         caption=None, tangents=False):
    """Contour ``surface`` and draw each trajectory on it; return the figure.

    Parameters
    ----------
    surface : a 2-D Surface (contours), or a 1-D one (its curve, each step a dot on it)
    trajectories : a Trajectory or a list of them (from ``optimizers.run``)
    ax : draw into this matplotlib axes instead of a new figure
    out : write the figure here (``.png``, ``.svg`` or ``.pdf``), atomically
    theme : ``"paper"``, ``"slides"`` (16:9, large type) or ``"dark"``
    loss_panel : add a loss-vs-step panel (log scale) beside the contours
    lr_panel : add each run's learning rate against the same axis (under the loss panel,
        if there is one): what a schedule does
    view : ``"2d"`` contours or ``"3d"`` surface
    bounds, resolution, levels : view window (on a 1-D surface: the x range and the f range;
        default the surface's x range and the curve's range there), grid points per axis,
        contour levels (how many, or the levels themselves: one colour scale for several
        figures)
    tangents : on a 1-D surface, the tangent at each of a run's first steps: the slope
        ``f'(x)`` the step follows
    caption : a line under the figure saying what it shows, for slides: ``"auto"`` builds it
        from what the runs recorded ("GD (lr=0.21) diverges: 0.21 > 2/λmax = 0.2 at the
        minimum"), or give the words

    >>> import landscape, optimizers
    >>> s = landscape.get("himmelblau")
    >>> t = optimizers.run(s, optimizers.get("adam", lr=0.1), steps=100)
    >>> fig = plot(s, [t], loss_panel=True)
    >>> [a.get_label() for a in fig.axes[:2]]
    ['surface', 'loss']
    """
    trajectories = as_list(trajectories)
    theme = get_theme(theme)
    check_axes("plot", ax)
    if view not in VIEWS:
        raise ValueError(f"plot: view={view!r} must be one of {', '.join(VIEWS)}")
    if ax is not None and (loss_panel or lr_panel):
        raise ValueError(f"plot: {'loss_panel' if loss_panel else 'lr_panel'}=True needs a figure of "
                         "its own; with ax=, draw the loss with plot_loss(trajectories, ax=...)")
    if view == "3d" and getattr(surface, "dim", None) == 1:
        raise ValueError(f"plot: view='3d' needs a 2-D surface; {surface.name!r} is 1-D, drawn as "
                         "its curve with view='2d'")
    if ax is not None and view == "3d" and getattr(ax, "name", "") != "3d":
        raise ValueError("plot: view='3d' needs a 3-D axes (projection='3d') or ax=None")
    path = check_output(out, FIGURE_SUFFIXES, "plot") if out is not None else None
    check_dims(surface, trajectories, dims=(1, 2))
    check_grid("plot", resolution, levels)
    if tangents and surface.dim != 1:
        raise ValueError("plot: tangents=True draws the slope on a 1-D surface's curve; "
                         f"{surface.name!r} is {surface.dim}-D")
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"plot: caption={caption!r} must be text, or 'auto' for one built from the runs")
    bounds = surface.bounds if bounds is None else check_bounds("plot", bounds)
    curve = surface.dim == 1
    if curve:       # a run's points lifted onto the curve: (x, f(x))
        bounds = curve_view(surface, resolution=resolution) if bounds is surface.bounds else bounds
        trajectories = lifted(trajectories)

    with rc_context(theme.rc):
        side, own = None, ax is None
        if own:
            (x0, x1), (y0, y1) = bounds
            fig, ax, loss_ax, side = layout(theme, loss_panel or lr_panel, "3d" if view == "3d" else None,
                                            aspect=0.75 if curve else (y1 - y0) / (x1 - x0))
            lr_ax = None
            if lr_panel and loss_panel:       # the loss above, the rate under it, one x axis
                cell = loss_ax.get_subplotspec().subgridspec(2, 1, height_ratios=(2, 1), hspace=0.08)
                loss_ax.remove()
                loss_ax = fig.add_subplot(cell[0])
                lr_ax = fig.add_subplot(cell[1], sharex=loss_ax)
            elif lr_panel:
                loss_ax, lr_ax = None, loss_ax
        else:
            fig = ax.figure
            paint(ax, theme)
        ax.set_label("surface")
        colours = assign_colours(trajectories, theme)
        if curve:
            curve_panel(ax, surface, trajectories, colours, theme, bounds=bounds, resolution=resolution,
                        title=title, side=side, spread=own and (loss_panel or lr_panel), tangents=tangents)
        elif view == "3d":
            draw_surface3d(ax, surface, trajectories, colours, theme, bounds, resolution)
            set_title(ax, surface, theme, title, side, spread=own and (loss_panel or lr_panel))
        else:
            contour_panel(ax, surface, trajectories, colours, theme, bounds=bounds,
                          resolution=resolution, levels=levels, title=title, side=side,
                          spread=own and (loss_panel or lr_panel))
        if loss_panel:
            draw_loss(loss_ax, trajectories, colours, theme, surface, loss_axis(trajectories))
        if lr_panel:
            draw_lr(lr_ax, trajectories, colours, theme, loss_axis(trajectories))
            if loss_panel:
                loss_ax.tick_params(labelbottom=False)
                loss_ax.set_xlabel("")
        if legend and trajectories and own:
            words = auto_caption(surface, trajectories) if caption == "auto" else caption or ""
            add_legend(fig, ax, theme, side, caption=words)
        elif legend and trajectories:  # a user's axes: the figure's layout is theirs, stay inside
            ax.legend(loc="best", fontsize=theme.font * 0.8)
    if path is not None:
        save_figure(fig, path)
    return fig


def loss_axis(trajectories) -> str:
    """Epochs when every run saw data (an equal budget of samples), else steps."""
    return "epoch" if trajectories and all(t.epoch is not None for t in trajectories) else "step"


def plot_loss(trajectories, *, ax=None, out=None, surface=None, theme="paper", x="step",
              colours=None, legend=True):
    """Loss against ``x`` (``"step"``, ``"epoch"`` or ``"samples"``), on a log scale.

    With a surface whose minimum f* is known the curve shows ``loss - f*``, the gap
    to the optimum, so that convergence reads as a straight line on the log axis.

    >>> import landscape, optimizers
    >>> s = landscape.get("quadratic")
    >>> t = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=50)
    >>> plot_loss([t], surface=s).axes[0].get_yscale()
    'log'
    """
    trajectories = as_list(trajectories)
    theme = get_theme(theme)
    check_axes("plot_loss", ax)
    if not isinstance(x, str) or x not in X_LABELS:
        raise ValueError(f"plot_loss: x={x!r} must be 'step', 'epoch' or 'samples'")
    path = check_output(out, FIGURE_SUFFIXES, "plot_loss") if out is not None else None
    if colours is not None:
        colours = list(colours)
        bad = [c for c in colours if not is_color_like(c)]
        if len(colours) != len(trajectories) or bad:
            raise ValueError(f"plot_loss: colours={colours!r} must be one matplotlib colour per "
                             f"trajectory ({len(trajectories)})"
                             + (f"; {bad[0]!r} is not a colour" if bad else ""))
    colours = colours or assign_colours(trajectories, theme)
    with rc_context(theme.rc):
        if ax is None:
            fig = new_figure(theme)
            ax = fig.add_subplot()
        else:
            paint(ax, theme)
        fig = ax.figure
        draw_loss(ax, trajectories, colours, theme, surface, x)
        if legend and trajectories:
            ax.legend()
    if path is not None:
        save_figure(fig, path)
    return fig
