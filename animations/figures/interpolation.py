"""The loss along the straight line from each run's start to its end (Goodfellow et al.
2015): a curve that falls without a bump says that a straight line could have got there.
"""
from __future__ import annotations

import numpy as np
from matplotlib import rc_context
from matplotlib.ticker import FuncFormatter

from groundwork import check_output, checks
from landscape.plane import interpolate

from ..draw import (add_legend, as_list, assign_colours, check_axes, get_theme, halo, last_finite, layout,
                    set_title, suptitle, tick_text)
from ..encode import FIGURE_SUFFIXES, save_figure


def plot_interpolation(surface, trajectories, *, ax=None, out=None, theme="paper", n=101,
                       extent=(-0.25, 1.25), title=None, legend=True):
    """Loss along ``θ(t) = (1 - t) θ_start + t θ_end`` for each run (Goodfellow et al. 2015).

    t = 0 is the run's start, t = 1 its end; a curve that falls without a bump
    says that a straight line could have got there.

    >>> import landscape, optimizers
    >>> net = landscape.get("mlp", hidden=(4,), n=40)
    >>> t = optimizers.run(net, optimizers.get("adam", lr=0.05), steps=30)
    >>> plot_interpolation(net, [t], n=11).axes[0].get_xlabel()
    't: θ = (1 − t) θ_start + t θ_end'
    """
    theme = get_theme(theme)
    check_axes("plot_interpolation", ax)
    n = checks.whole("plot_interpolation", "n", n, 2, high=10_000)
    path = check_output(out, FIGURE_SUFFIXES, "plot_interpolation") if out is not None else None
    runs = as_list(trajectories)
    rule = (f"plot_interpolation: extent={checks.shown(extent)} must be (lo, hi) with -100 <= lo < 0 "
            "and 1 < hi <= 100, so that both ends are in view")
    try:
        lo, hi = (checks.number("plot_interpolation", "extent", v, low=-100, high=100) for v in extent)
    except (TypeError, ValueError):
        raise ValueError(rule) from None
    if not lo < 0 < 1 < hi:
        raise ValueError(rule)
    with rc_context(theme.rc):
        side = None
        if ax is None:
            fig, ax, _, side = layout(theme)
            suptitle(fig, title or f"{getattr(surface, 'label', surface.name)} — "
                                    "straight lines from start to end", theme)
            title = ""
        fig = ax.figure
        ax.set_label("interpolation")
        for t, colour in zip(runs, assign_colours(runs, theme)):
            start = t.params[0] if not t.population else t.params[0, 0]
            ts, loss = interpolate(surface, start, final_weights(t), n=n, extent=(lo, hi))
            ax.plot(ts, loss, color=colour, lw=theme.line, label=t.label,
                    path_effects=halo(theme, theme.line * 1.6))
            ends = np.interp([0.0, 1.0], ts, loss)
            ax.plot([0.0], ends[:1], "o", ms=theme.marker * 2.6, mfc="none", mec=theme.ink,
                    mew=theme.line * 0.6, zorder=5)
            ax.plot([1.0], ends[1:], "o", ms=theme.marker * 2.2, color=colour, mec=theme.halo,
                    zorder=5)
        for x in (0.0, 1.0):
            ax.axvline(x, color=theme.contour_line, lw=0.8, ls=":", zorder=1)
        if all(np.nanmin(line.get_ydata()) > 0 for line in ax.get_lines() if len(line.get_ydata()) > 2):
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tick_text(v)))
        ax.set_xlim(lo, hi)
        ax.set_xlabel("t: θ = (1 − t) θ_start + t θ_end")
        ax.set_ylabel("loss")
        ax.grid(True, alpha=0.3, color=theme.contour_line)
        set_title(ax, surface, theme, title)
        if legend and runs:
            add_legend(fig, ax, theme, side)
    if path is not None:
        save_figure(fig, path)
    return fig


def final_weights(traj):
    """The last finite weights of a run (the first start of a population)."""
    P = traj.params if not traj.population else traj.params[:, 0]
    end = last_finite(P)
    if end is None:
        raise ValueError(f"{traj.label}: the run has no finite weights to draw")
    return end
