"""Comparing learning rates (or any hyper-parameter) in one slide.

- :func:`plot_sweep`: small multiples, one panel per value, on shared axes and one
  shared colour scale, each titled with its value and what became of the run;
- :func:`plot_outcome_curve`: the final loss (or the steps to converge) against the
  value, for a fine sweep, the diverging range shaded;
- :func:`plot_phase`: two hyper-parameters at once, a map of the outcome.

Where the surface has a known minimum and the optimizer a critical learning rate
(GD's 2/λmax, heavy-ball momentum's (2 + 2β)/λmax), it is drawn and named.
"""
from __future__ import annotations

import dataclasses
import math
import textwrap

import numpy as np
from matplotlib import rc_context
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

import landscape
from groundwork import check_output

from ..draw import (OUTCOME_COLOURS, assign_colours, check_bounds, check_dims, check_grid, colourbar,
                    draw_divergence, draw_path, draw_surface, few_ticks, get_theme, divergence_words, new_figure,
                    suptitle, tick_text)
from ..encode import FIGURE_SUFFIXES, save_figure

MAX_PANELS = 12          # on paper; a 16:9 slide reads at most 8


def max_panels(theme) -> int:
    """How many panels of a sweep fit one figure of ``theme``."""
    return 8 if get_theme(theme).large else MAX_PANELS
KIND_WORDS = {"converged": "converged", "oscillating": "oscillating", "slow": "too slow",
              "diverged": "diverging"}     # legend words of optimizers.KINDS
SYMBOLS = {"lr": "lr", "momentum": "β", "beta1": "β₁", "beta2": "β₂", "alpha": "α", "eps": "ε"}


def critical(sweep, surface):
    """``(lam_max, bound text)`` where the optimizer has a critical learning rate and the
    surface a known minimum, else None."""
    if not sweep.optimizer.bound or not getattr(surface, "minima", ()):
        return None
    return landscape.curvature(surface).lam_max, sweep.optimizer.critical_formula


def plot_sweep(sweep, surface, *, out=None, theme="paper", bounds=None, resolution=200, levels=24):
    """One contour panel per value of a one-parameter sweep (``optimizers.sweep``).

    The panels share their axes and one colour scale; each title gives the value
    (and its multiple of the critical rate, where there is one) and the outcome in
    words: "converged in 37 steps", "diverged at step 6".

    >>> import landscape, optimizers
    >>> q = landscape.get("quadratic", kappa=10)
    >>> s = optimizers.sweep(q, "gd", {"lr": [0.01, 0.1, 0.19, 0.21]}, start=(-1.8, 1.2))
    >>> fig = plot_sweep(s, q, resolution=40)
    >>> " ".join([a.get_title(loc="left") for a in fig.axes if a.get_label() == "panel"][3].split())
    'lr = 0.21 (1.05 × 2/λmax) diverged at step 98 (out of view from step 6)'
    """
    theme = get_theme(theme)
    _check_sweep("plot_sweep", sweep, 1)
    n = len(sweep.outcomes)
    most = max_panels(theme)
    if n > most:
        raise ValueError(f"plot_sweep: {n} values make {n} panels, more than fit ({most} on "
                         f"{theme.name}); draw a fine sweep with plot_outcome_curve")
    if sweep.trajectory.step is not None:
        raise ValueError("plot_sweep: the sweep kept no paths (record='summary'); sweep with "
                         "record='all' to draw them, or use plot_outcome_curve")
    check_dims(surface, [sweep.trajectory], "plot_sweep")
    check_grid("plot_sweep", resolution, levels)
    bounds = surface.bounds if bounds is None else check_bounds("plot_sweep", bounds)
    path = check_output(out, FIGURE_SUFFIXES, "plot_sweep") if out is not None else None
    (key, values), = sweep.axes.items()
    bound = critical(sweep, surface)
    # slides: one row up to four panels (two rows of square panels on 16:9 leave a gap
    # wider than a panel between the columns), then two rows
    cols = min(n, 4) if not theme.large else n if n <= 4 else math.ceil(n / 2)
    rows = math.ceil(n / cols)
    runs = [sweep.member(k) for k in range(n)]
    colour = assign_colours(runs[:1], theme)[0]
    with rc_context(theme.rc):
        # paper: as wide as its columns need (one or two panels do not fill a page's width)
        width = theme.wide_figsize[0] if theme.large else min(theme.wide_figsize[0], 2.75 * cols + 1.5)
        height = theme.wide_figsize[1] if theme.large else min(2.9 * rows + 1.3, 9.0)
        fig = new_figure(theme, (width, height))
        grid = fig.add_gridspec(rows, cols)
        axes, filled = [], None
        for k, (t, outcome) in enumerate(zip(runs, sweep.outcomes)):
            share = axes[0] if axes else None
            ax = fig.add_subplot(grid[k // cols, k % cols], sharex=share, sharey=share, label="panel")
            filled = draw_surface(ax, surface, theme, bounds, resolution, levels)
            draw_path(ax, t, colour, theme, bounds=bounds)
            draw_divergence(ax, t, colour, theme, bounds, caption=False)   # (the title says it)
            if theme.large:
                few_ticks(ax)
            axes.append(ax)
        if bound is not None:
            _eigen_directions(axes[0], surface, bounds, theme, away=runs[0].params[0])
        for ax in axes:
            ax.label_outer()
        colourbar(fig, axes[0], filled, surface, theme, panels=axes)
        suptitle(fig, _sweep_title(surface, sweep, bound), theme)
        # the titles last, each wrapped to the width its panel has once laid out (an
        # equal-aspect panel is narrower than its cell, and the last one meets the colour bar)
        size = theme.font * (0.7 if theme.large else 0.95)
        fig.get_layout_engine().execute(fig)
        for k, (ax, t, outcome) in enumerate(zip(axes, runs, sweep.outcomes)):
            last = k % cols == cols - 1 or k == len(axes) - 1      # the colour bar is next to it
            room = int(ax.get_position().width * width * 72 * (0.85 if last else 1.15) / (0.56 * size))
            crit = sweep.optimizer.member(k).critical_lr(bound[0]) if bound is not None else None
            words = outcome.words
            if outcome.kind == "diverged" and outcome.step is not None:   # the X is where it left
                words = divergence_words(t.params, outcome.step, bounds)
            elif not _inside(t.params[-1], bounds):       # a path cut at the edge says so
                words += " (ends out of view)"
            elif not all(_inside(p, bounds) for p in t.params):
                words += " (partly out of view)"
            # (room above the frame for an X on its top edge)
            ax.set_title(_panel_title(key, values[k], dataclasses.replace(outcome, words=words), crit,
                                      bound and bound[1], room), loc="left", fontsize=size,
                         pad=theme.marker * 2.2)
    if path is not None:
        save_figure(fig, path)
    return fig


def plot_outcome_curve(sweep, surface=None, *, metric="loss", ax=None, out=None, theme="paper"):
    """The final loss (``metric="loss"``) or the steps to converge (``"steps"``) against
    the varied hyper-parameter, each point coloured by its outcome, the diverging range
    shaded and the critical rate drawn (give ``surface`` for it).

    >>> import numpy as np, landscape, optimizers
    >>> q = landscape.get("quadratic", kappa=10)
    >>> s = optimizers.sweep(q, "gd", {"lr": np.geomspace(1e-3, 0.4, 60)}, record="summary")
    >>> fig = plot_outcome_curve(s, q)
    >>> top = fig.axes[0].child_axes[0]          # the bounds, named above the plot
    >>> fig.axes[0].get_xscale(), [t.get_text() for t in top.get_xticklabels()]
    ('log', ['1/λmax = 0.1: zigzag from here', '2/λmax = 0.2'])
    """
    theme = get_theme(theme)
    _check_sweep("plot_outcome_curve", sweep, 1)
    if metric not in ("loss", "steps"):
        raise ValueError(f"plot_outcome_curve: metric={metric!r} must be 'loss' or 'steps'")
    path = check_output(out, FIGURE_SUFFIXES, "plot_outcome_curve") if out is not None else None
    (key, values), = sweep.axes.items()
    kinds = sweep.kinds()
    steps = sweep.trajectory.steps
    y = np.array([o.loss if metric == "loss" else (o.step if o.step is not None else steps)
                  for o in sweep.outcomes], dtype=float)
    y[kinds == "diverged"] = math.nan
    never = np.array([o.step is None and o.kind != "diverged" for o in sweep.outcomes])
    bound = critical(sweep, surface) if surface is not None else None
    with rc_context(theme.rc):
        fig = ax.figure if ax is not None else new_figure(theme, theme.figsize if theme.large
                                                          else (7.5, 4.6))
        ax = ax if ax is not None else fig.add_subplot(label="outcome")
        if _geometric(values):
            ax.set_xscale("log")
        if metric == "loss" and np.nanmin(y, initial=np.inf) > 0:
            ax.set_yscale("log")
        ax.plot(values, y, color=theme.contour_line, lw=theme.line * 0.5, zorder=2)
        for kind in OUTCOME_COLOURS:
            pick = (kinds == kind) & np.isfinite(y)
            hollow = pick & never if metric == "steps" else np.zeros_like(pick)
            colour = theme.colour(OUTCOME_COLOURS[kind])
            if (pick & ~hollow).any():
                ax.plot(values[pick & ~hollow], y[pick & ~hollow], ls="none", marker="o",
                        ms=theme.marker * 1.6, color=colour, zorder=3,
                        label=f"{KIND_WORDS[kind]} ({(pick & ~hollow).sum()})")
            if hollow.any():       # never converged: drawn at the step budget, hollow
                ax.plot(values[hollow], y[hollow], ls="none", marker="o", ms=theme.marker * 1.6,
                        mfc="none", mec=colour, zorder=3,
                        label=f"{KIND_WORDS[kind]}, not converged in {steps} ({hollow.sum()})")
        gone = kinds == "diverged"
        if gone.any():
            first = values[np.argmax(gone)]
            ax.axvspan(first, values.max() * (1.05 if _geometric(values) else 1), zorder=0,
                       color=theme.colour(OUTCOME_COLOURS["diverged"]), lw=0,
                       alpha=0.35 if theme.name == "dark" else 0.18,
                       label=f"diverged ({gone.sum()})")
        if bound is not None and key == "lr":
            _critical_lines(ax, sweep, bound, theme)
        ax.set_xlabel(_axis_name(key))
        ax.set_ylabel(f"loss after {sweep.trajectory.steps} steps" if metric == "loss"
                      else "steps to converge")
        ax.set_title(_sweep_title(surface, sweep, bound), loc="left", fontweight="bold",
                     fontsize=theme.font * (0.95 if theme.large else 1.0))
        ax.legend(loc="best", frameon=True, fontsize=theme.font * 0.8)
        ax.set_xlim(values.min() / (1.05 if _geometric(values) else 1), values.max() * 1.05)
    if path is not None:
        save_figure(fig, path)
    return fig


def plot_phase(sweep, surface=None, *, ax=None, out=None, theme="paper"):
    """Two hyper-parameters at once: each cell coloured by the steps its run took to
    converge, diverged and unconverged cells in their own colours, and the theoretical
    boundary drawn where one is known (Distill's momentum phase diagram, for any
    surface and optimizer).

    >>> import landscape, optimizers
    >>> q = landscape.get("quadratic", kappa=10)
    >>> s = optimizers.sweep(q, "momentum", {"lr": [0.01, 0.1, 0.3], "momentum": [0.0, 0.9]},
    ...                      record="summary")
    >>> fig = plot_phase(s, q)
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('learning rate lr', 'momentum β')
    """
    theme = get_theme(theme)
    _check_sweep("plot_phase", sweep, 2)
    path = check_output(out, FIGURE_SUFFIXES, "plot_phase") if out is not None else None
    (kx, vx), (ky, vy) = sweep.axes.items()
    kinds = sweep.kinds()
    # converged (smoothly or oscillating): the step it did; every other cell -1
    steps = np.array([o.step if o.kind in ("converged", "oscillating") and o.step is not None else -1
                      for o in sweep.outcomes], dtype=float).reshape(sweep.shape)
    bound = critical(sweep, surface) if surface is not None else None
    with rc_context(theme.rc):
        own = ax is None
        fig = new_figure(theme, theme.figsize if theme.large else (7.0, 5.6)) if own else ax.figure
        ax = fig.add_subplot(label="phase") if own else ax
        ex, ey = _edges(vx), _edges(vy)
        shown = np.ma.masked_where(steps < 0, steps)
        mesh = ax.pcolormesh(ex, ey, shown, cmap="viridis_r", shading="flat", zorder=1)
        grey = "#46525E" if theme.name == "dark" else "#B9C3CC"
        unconverged = (steps < 0) & (kinds != "diverged")
        for cells, colour in ((unconverged, grey), (kinds == "diverged", theme.colour(OUTCOME_COLOURS["diverged"]))):
            ax.pcolormesh(ex, ey, np.ma.masked_where(~cells, np.ones(sweep.shape)),
                          cmap=ListedColormap([colour]), shading="flat", zorder=1)
        if _geometric(vx):
            ax.set_xscale("log")
        if _geometric(vy):
            ax.set_yscale("log")
        cb = fig.colorbar(mesh, ax=ax, pad=0.02)
        cb.set_label("steps to converge")
        handles = [Patch(color=theme.colour(OUTCOME_COLOURS["diverged"]), label="diverged"),
                   Patch(color=grey, label=f"not converged in {sweep.trajectory.steps} steps")]
        if bound is not None and "lr" in sweep.axes:
            handles += _phase_bound(ax, sweep, bound, theme)
        ax.set_xlabel(_axis_name(kx))
        ax.set_ylabel(_axis_name(ky))
        ax.set_xlim(ex[0], ex[-1])
        ax.set_ylim(ey[0], ey[-1])
        ax.set_title(_sweep_title(surface, sweep, bound), loc="left", fontweight="bold",
                     fontsize=theme.font * (0.95 if theme.large else 1.0))
        if own:     # below the map, which it would otherwise cover
            fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False,
                       fontsize=theme.font * 0.8)
        else:
            ax.legend(handles=handles, loc="upper right", frameon=True, fontsize=theme.font * 0.8)
    if path is not None:
        save_figure(fig, path)
    return fig


# ---------------------------------------------------------------- pieces
def _check_sweep(owner, sweep, n_axes):
    if not (hasattr(sweep, "axes") and hasattr(sweep, "outcomes")):
        raise TypeError(f"{owner}: sweep must be what optimizers.sweep returns, got {type(sweep).__name__}")
    if len(sweep.axes) != n_axes:
        want = "one hyper-parameter" if n_axes == 1 else "two hyper-parameters"
        other = "plot_phase" if n_axes == 1 else "plot_sweep or plot_outcome_curve"
        raise ValueError(f"{owner}: the sweep varies {', '.join(sweep.axes)}; this figure takes "
                         f"{want} (use {other})")


def _panel_title(key, value, outcome, crit, formula, room=80) -> str:
    """``"lr = 0.21 (1.05 × 2/λmax)"`` over the outcome's words, wrapped at ``room`` characters;
    ``crit``: the member's critical learning rate (None: no multiple shown)."""
    head = f"{SYMBOLS.get(key, key)} = {value:.3g}"
    if crit is not None and key == "lr":
        # the multiple stays on one line: "(0.0264 × (2 + 2β)/λmax)" broken is unreadable
        head += " " + f"({value / crit:.3g} × {formula})".replace(" ", "\N{NO-BREAK SPACE}")
    return "\n".join(textwrap.wrap(head, max(room, 12)) + textwrap.wrap(outcome.words, max(room, 12)))


def _sweep_title(surface, sweep, bound) -> str:
    name = sweep.optimizer.title
    fixed = [f"{SYMBOLS.get(k, k)}={v:g}" for k, v in sweep.optimizer.settings.items()
             if k not in sweep.axes and k not in ("name", "batch_size") and isinstance(v, float)
             and k in sweep.optimizer.shown + ("momentum",)]
    where = f" on {getattr(surface, 'label', surface.name)}" if surface is not None else ""
    text = f"{name}{' (' + ', '.join(fixed) + ')' if fixed else ''}{where}"
    if bound is not None and "lr" in sweep.axes and len(sweep.axes) == 1:
        lam, formula = bound
        crit = sweep.optimizer.member(0).critical_lr(lam)
        text += f": critical {formula} = {tick_text(crit)}"
    return text


def _eigen_directions(ax, surface, bounds, theme, away):
    """The Hessian's eigen-directions at the minimum, each named by its curvature: GD
    zigzags along the steep one (largest λ) and creeps along the flat one.  Each arrow
    points away from the start ``away``, off the path."""
    c = landscape.curvature(surface)
    (x0, x1), (y0, y1) = bounds
    lo, hi = np.array([x0, y0]), np.array([x1, y1])
    if not np.all((c.at >= lo) & (c.at <= hi)):
        return                        # the minimum is out of view: no arrows from nowhere
    for lam, vec in zip(c.eigenvalues, c.eigenvectors.T):
        # away from the start (off its path) where there is room, else the other way
        sides = sorted((vec, -vec), key=lambda v: np.dot(v, np.asarray(away) - c.at) > 0)
        room = [_room(c.at, v, lo, hi) for v in sides]
        vec, reach = max(zip(sides, room), key=lambda pair: pair[1] >= 0.15 * min(hi - lo))
        reach = min(0.3 * min(hi - lo), 0.8 * reach)
        tip = c.at + reach * vec
        ax.annotate("", tip, c.at, arrowprops=dict(arrowstyle="-|>", color=theme.ink,
                                                   lw=theme.line * 0.5), zorder=7)
        ax.annotate(f"λ = {tick_text(lam)}", tip, xytext=(4, 4), textcoords="offset points",
                    fontsize=theme.font * 0.75, color=theme.ink, zorder=7,
                    bbox=dict(boxstyle="round,pad=0.15", fc=theme.paper, ec="none", alpha=0.8))


def _room(at, vec, lo, hi) -> float:
    """How far from ``at`` along ``vec`` the view ``[lo, hi]`` reaches."""
    with np.errstate(divide="ignore"):
        steps = np.where(vec > 0, (hi - at) / vec, np.where(vec < 0, (lo - at) / vec, np.inf))
    return float(steps.min())


def _critical_lines(ax, sweep, bound, theme):
    lam, formula = bound
    crit = sweep.optimizer.member(0).critical_lr(lam)
    marks = [(crit, f"{formula} = {tick_text(crit)}")]
    if formula == "2/λmax":           # GD: from 1/λmax the steepest direction overshoots
        marks.insert(0, (1 / lam, f"1/λmax = {tick_text(1 / lam)}: zigzag from here"))
    for x, _ in marks:
        ax.axvline(x, color=theme.ink, ls="--", lw=theme.line * 0.5, zorder=4)
    # named above the plot, on an axis of their own, where no point can be under them
    top = ax.secondary_xaxis("top")
    top.set_xticks([x for x, _ in marks], [text for _, text in marks], fontsize=theme.font * 0.75)
    top.tick_params(length=0)
    if len(marks) == 2:     # 1/λmax and 2/λmax are close on a log axis: each name leans away
        for label, ha in zip(top.get_xticklabels(), ("right", "left")):
            label.set_horizontalalignment(ha)


def _phase_bound(ax, sweep, bound, theme):
    """The critical lr along the other axis: one member's bound per value of it."""
    lam, formula = bound
    (kx, vx), (ky, vy) = sweep.axes.items()
    lr_on_x = kx == "lr"
    other = vy if lr_on_x else vx
    rows, cols = sweep.shape
    index = [r * cols for r in range(rows)] if lr_on_x else list(range(cols))
    crit = np.array([sweep.optimizer.member(k).critical_lr(lam) for k in index], dtype=float)
    xy = (crit, other) if lr_on_x else (other, crit)
    line, = ax.plot(*xy, color=theme.ink, lw=theme.line * 0.8, ls="--", zorder=3,
                    label=f"critical lr {formula}")
    return [line]




def _axis_name(key) -> str:
    names = {"lr": "learning rate lr", "momentum": "momentum β", "beta1": "β₁", "beta2": "β₂",
             "alpha": "α (RMSprop decay)", "eps": "ε"}
    return names.get(key, key)


def _geometric(values) -> bool:
    """Values spread over a decade or more, all positive: a log axis reads them."""
    values = np.asarray(values, dtype=float)
    return len(values) > 2 and values.min() > 0 and values.max() / values.min() >= 10


def _edges(values) -> np.ndarray:
    """Cell edges around ``values`` (mid-points; in log space for geometric values)."""
    v = np.asarray(values, dtype=float)
    if len(v) == 1:
        return np.array([v[0] * 0.9, v[0] * 1.1]) if v[0] else np.array([-0.5, 0.5])
    w = np.log(v) if _geometric(v) else v
    mid = (w[1:] + w[:-1]) / 2
    e = np.concatenate([[w[0] - (mid[0] - w[0])], mid, [w[-1] + (w[-1] - mid[-1])]])
    if _geometric(v):
        return np.exp(e)
    # a cell never reaches values a hyper-parameter cannot take: below 0, or past 1 for a rate
    return np.clip(e, 0.0 if v.min() >= 0 else -np.inf, 1.0 if v.min() >= 0 and v.max() < 1 else np.inf)


def _inside(point, bounds) -> bool:
    (x0, x1), (y0, y1) = bounds
    return bool(np.all(np.isfinite(point)) and x0 <= point[0] <= x1 and y0 <= point[1] <= y1)
