"""The curve panel: a loss of one parameter drawn as the curve ``f(x)``, each run's steps
as dots on it, and, on request, the tangent at each step (the slope GD follows).

A 1-D run is drawn with the 2-D path machinery by lifting each point ``x`` to
``(x, f(x))`` (:func:`lifted`): starts, ends, heads, fading tails, divergence marks and
"out of view" captions then work unchanged, in the plane of the curve.
"""
from __future__ import annotations

import dataclasses

import numpy as np

import landscape

from .contour import Panel
from .layout import set_title
from .paths import draw_divergence, draw_outside, draw_path, path_depths
from .theme import assign_linestyles, few_ticks

TANGENT_STEPS = 12      # tangents drawn at a run's first steps: later ones crowd the bottom


def lifted(trajectories) -> list:
    """Each 1-D trajectory with its points ``x`` lifted onto the curve, ``(x, f(x))``,
    using the loss it recorded; a 2-D one as it is.

    >>> import landscape, optimizers
    >>> t = optimizers.run(landscape.get("bowl"), optimizers.get("gd", lr=0.5), steps=2)
    >>> lifted([t])[0].params.tolist()
    [[-1.8, 1.62], [-0.9, 0.405], [-0.45, 0.10125]]
    """
    out = []
    for t in trajectories:
        if t.params.shape[-1] != 1:
            out.append(t)
            continue
        loss = t.loss if t.loss.shape == t.params.shape[:-1] else np.broadcast_to(
            t.loss.reshape(t.loss.shape + (1,) * (t.params.ndim - 1 - t.loss.ndim)), t.params.shape[:-1])
        out.append(dataclasses.replace(t, params=np.concatenate([t.params, loss[..., None]], axis=-1)))
    return out


def curve_view(surface, bounds=None, resolution=300) -> tuple:
    """The window of a curve: ``bounds`` (one pair, default the surface's) across, and
    the curve's range there, with a margin, up.

    >>> import landscape
    >>> curve_view(landscape.get("bowl"))
    ((-2.0, 2.0), (-0.16, 2.16))
    """
    ((x0, x1),) = surface.bounds if bounds is None else bounds
    with np.errstate(all="ignore"):
        f = surface.value(np.linspace(x0, x1, resolution)[:, None])
    f = f[np.isfinite(f)]
    if f.size < resolution // 2:
        raise ValueError(f"{surface.name}: the loss is not finite over most of x in [{x0:g}, {x1:g}]; "
                         "choose a smaller window (bounds)")
    lo, hi = float(f.min()), float(f.max())
    pad = 0.08 * (hi - lo) if hi > lo else 1.0
    return (float(x0), float(x1)), (round(lo - pad, 12), round(hi + pad, 12))


def curve_panel(ax, surface, trajectories, colours, theme, *, bounds=None, resolution=300,
                heads=False, title=None, side=None, spread=False, tangents=False) -> Panel:
    """Draw the curve of a 1-D ``surface`` and the ``trajectories`` (lifted, see
    :func:`lifted`) on ``ax``; ``bounds`` is the 2-D window of :func:`curve_view`.

    ``tangents``: the tangent at each of a run's first steps, the slope ``f'(x)`` the
    step follows.  The other options are :func:`~animations.draw.contour_panel`'s.
    """
    (x0, x1), (y0, y1) = bounds = curve_view(surface, resolution=resolution) if bounds is None else bounds
    x = np.linspace(x0, x1, resolution)
    with np.errstate(all="ignore"):
        ax.plot(x, surface.value(x[:, None]), color=theme.contour_line, lw=theme.line * 1.2, zorder=1.5)
    ax.fill_between(x, np.clip(surface.value(x[:, None]), y0, y1), y0, color=theme.cmap(0.35),
                    alpha=0.35, lw=0, zorder=1)
    for m in getattr(surface, "minima", ()):
        ax.plot(m[0], surface.value([m[0]]), marker="*", ms=theme.marker * 4.2, mfc="#FFFFFF",
                mec="#111111", mew=1.6 if theme.large else 1.0, ls="none", zorder=12)
    # the stars above the paths: a run that converged ends on one, and must not hide it
    known = [m[0] for m in getattr(surface, "minima", ())]
    for m in landscape.local_minima(surface, ((x0, x1),)):
        if not any(abs(m - k) < 1e-6 * (x1 - x0) for k in known):    # a local one: hollow
            ax.plot(m, surface.value([m]), marker="*", ms=theme.marker * 3.2, mfc="none", mec=theme.ink,
                    mew=1.2 if theme.large else 0.8, ls="none", zorder=12)
            # said in words: a hollow star over a run's end dot reads as a filled one
            ax.annotate("local min", (m, float(surface.value([m]))), xytext=(0, -theme.font * 1.1),
                        textcoords="offset points", ha="center", va="top", color=theme.ink,
                        fontsize=theme.font * 0.75, zorder=12)
    # one width for all: 1-D runs cross each other on the curve, not run along one another
    paths = [draw_path(ax, t, c, theme, label=t.label, head=heads, bounds=bounds, depth=d, linestyle=ls)
             for t, c, d, ls in zip(trajectories, colours, path_depths(trajectories, bounds),
                                    assign_linestyles(trajectories))]
    marks = [draw_divergence(ax, t, c, theme, bounds) for t, c in zip(trajectories, colours)]
    for t, c in zip(trajectories, colours):
        draw_outside(ax, t, c, theme, bounds)
        draw_outside(ax, t, c, theme, bounds, which="end")
        if tangents:
            draw_tangents(ax, surface, t, c, theme, bounds)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel(getattr(surface, "axis_labels", ("x",))[0])
    ax.set_ylabel("f(x)")
    set_title(ax, surface, theme, title, side, spread)
    if theme.large:
        few_ticks(ax)
    return Panel(None, paths, marks)


def draw_tangents(ax, surface, traj, colour, theme, bounds):
    """Tangent segments, thin and dashed, at the run's first :data:`TANGENT_STEPS` points:
    slope ``f'(x)``, a quarter of the window wide (shorter ones hide under the curve they
    touch); a point closer than 1/16 of the window to the last one drawn gets none (near
    the minimum the steps crowd together)."""
    (x0, x1), _ = bounds
    points = traj.params if not traj.population else traj.params[:, 0]
    half, last = 0.12 * (x1 - x0), None
    for x, fx in points[:TANGENT_STEPS]:
        if not (np.isfinite(x) and np.isfinite(fx)):
            break
        if last is not None and abs(x - last) < (x1 - x0) / 16:
            continue
        last = x
        slope = float(surface.grad([[x]])[0, 0])
        ax.plot([x - half, x + half], [fx - slope * half, fx + slope * half], color=colour,
                lw=theme.line * 0.5, ls=(0, (4, 2)), alpha=0.9, zorder=3.2)
