"""A 3-D view of the surface with the paths lying on it."""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

import landscape

from . import paths
from .paths import halo, start_ring
from .theme import assign_linestyles
from .contour import axis_label, f_ref


def draw_surface3d(ax, surface, trajectories, colours, theme, bounds, resolution):
    """Surface and paths in 3-D; steep surfaces are shown as log10(1 + loss - f*)."""
    lift = surface3d_background(ax, surface, theme, bounds, resolution)
    (x0, x1), (y0, y1) = bounds
    depths = paths.path_depths(trajectories, bounds)
    looks = zip(assign_linestyles(trajectories), depths, paths.path_widths(depths))
    for traj, colour, (linestyle, depth, widen) in zip(trajectories, colours, looks):
        P = traj.params if traj.params.ndim == 3 else traj.params[:, None]
        for k in range(P.shape[1]):
            xy = P[:, k]
            inside = np.all(np.isfinite(xy), -1) & (xy[:, 0] >= x0) & (xy[:, 0] <= x1) \
                & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
            step = traj.diverged_at[k] if traj.params.ndim == 3 else traj.diverged_at
            exit_at = paths.exit_point(P[:, k], bounds) if step is not None else None
            last = paths.last_inside(P[:, k], bounds)
            xy = np.where(inside[:, None], xy, np.nan)
            if exit_at is not None and last is not None and last + 1 < len(xy):
                # as in 2-D, a diverging path runs on to where it leaves the view (3-D
                # axes do not clip, so the points outside are left out, not cut at the edge)
                xy[last + 1] = exit_at
                inside[last + 1] = True
            z = lift(surface.value(np.nan_to_num(xy)))
            z = np.where(inside, z, np.nan)
            ax.plot(xy[:, 0], xy[:, 1], z, color=colour, lw=theme.line * widen, ls=linestyle,
                    zorder=10 + depth, path_effects=paths.halo(theme, theme.line * widen * 1.8),
                    label=traj.label if k == 0 else None)
            if inside[0]:
                ax.plot(xy[:1, 0], xy[:1, 1], z[:1], **paths.start_ring(theme), zorder=11)
            end = paths.last_finite(np.column_stack([xy, z]))
            if exit_at is not None:
                _mark_divergence(ax, exit_at, lift(surface.value(exit_at)),
                                 paths.divergence_words(P[:, k], step, bounds, "\n"), colour, theme,
                                 caption=k == 0)
            elif end is not None:
                ax.scatter(*end, color=colour, s=(theme.marker * 2.2) ** 2, depthshade=False,
                           edgecolors=theme.halo, zorder=11)


def surface3d_background(ax, surface, theme, bounds, resolution, azim=-65):
    """What a 3-D view draws once: the surface, its minima, the axes; returns the
    ``lift`` from loss to height (log10(1 + loss - f*) for steep surfaces)."""
    X, Y, Z = landscape.grid(surface, n=min(resolution, 120), bounds=bounds)
    lift = _lift(surface, Z)
    # paths and marks drawn over the surface, in zorder: sorted by depth, matplotlib
    # hides them under the faces of a surface they lie on
    ax.computed_zorder = False
    ax.plot_surface(X, Y, lift(Z), cmap=theme.cmap, linewidth=0, antialiased=True,
                    alpha=0.85, rcount=80, ccount=80, zorder=1)
    (x0, x1), (y0, y1) = bounds
    for m in getattr(surface, "minima", ()):
        if x0 <= m[0] <= x1 and y0 <= m[1] <= y1:
            ax.scatter(m[0], m[1], lift(surface.value(m)), marker="*", s=(theme.marker * 4.2) ** 2,
                       color="#FFFFFF", edgecolors="#111111", depthshade=False, zorder=12)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel(axis_label(surface, 0))
    ax.set_ylabel(axis_label(surface, 1))
    ax.set_zlabel("log₁₀(1 + loss − f*)" if getattr(surface, "log_levels", False) else "loss")
    ax.view_init(elev=35, azim=azim)
    # the x axis ends and the y axis starts at the front corner of this view: without
    # those two ticks, their labels ("2", "-2") no longer run into each other there
    for axis, prune in ((ax.xaxis, "upper"), (ax.yaxis, "lower"), (ax.zaxis, None)):
        axis.set_pane_color((0, 0, 0, 0))
        axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10], prune=prune))
        axis.labelpad = theme.font * 0.6
    ax.tick_params(labelsize=theme.font * 0.7)
    return lift


class Path3D:
    """One run's path on the 3-D surface, showable up to any step (for animations): a
    line over the surface and a head at the run's point; a population draws each member.
    ``artists`` are what moves."""

    def __init__(self, ax, traj, colour, theme, surface, lift, bounds, depth=0.0, linestyle="-",
                 widen=1.0):
        (x0, x1), (y0, y1) = bounds
        P = traj.params if traj.params.ndim == 3 else traj.params[:, None]
        inside = np.all(np.isfinite(P), -1) & (P[..., 0] >= x0) & (P[..., 0] <= x1) \
            & (P[..., 1] >= y0) & (P[..., 1] <= y1)
        with np.errstate(all="ignore"):
            z = lift(surface.value(np.nan_to_num(P)))
        # (T, K, 3), NaN where the run is out of view: the line breaks there
        self.xyz = np.where(inside[..., None], np.concatenate([P, z[..., None]], axis=-1), np.nan)
        # as in 2-D: the longest path lowest (``depth``) and a little wider, so a path
        # running along another shows as a border around it
        self.lines = [ax.plot([], [], [], color=colour, lw=theme.line * widen, ls=linestyle,
                              zorder=10 + depth, path_effects=halo(theme, theme.line * widen * 1.8),
                              label=traj.label if k == 0 else None)[0] for k in range(P.shape[1])]
        self.heads = [ax.plot([], [], [], marker="o", ms=theme.marker * 2.2, mfc=colour, mec=theme.halo,
                              ls="none", zorder=11 + depth)[0] for _ in range(P.shape[1])]
        for k in range(P.shape[1]):
            if inside[0, k]:
                ax.plot(*self.xyz[0, k, :, None], **start_ring(theme), zorder=11)
        self.artists = self.lines + self.heads

    def show(self, step, tail=None, done=False):
        """The path up to ``step`` (its last ``tail`` steps only, when given), head at its end."""
        lo = 0 if tail is None or done else max(0, step - tail)
        for line, head, xyz in zip(self.lines, self.heads, self.xyz.transpose(1, 0, 2)):
            seg = xyz[lo:step + 1]
            line.set_data_3d(seg[:, 0], seg[:, 1], seg[:, 2])
            seen = seg[np.all(np.isfinite(seg), -1)]
            head.set_data_3d(seen[-1:, 0], seen[-1:, 1], seen[-1:, 2])


def _mark_divergence(ax, at, z, words, colour, theme, caption):
    """The X on the surface where the run leaves the view, and (``caption``: once per
    population) "diverged at step k" in a corner: beside a point in 3-D, a caption would
    float over the surface."""
    ax.plot([at[0]], [at[1]], [z], **paths.diverged_x(theme, colour), zorder=13)
    if caption:
        row = sum(1 for t in ax.texts if t.get_text().startswith("diverged"))
        ax.text2D(0.0, 0.95 - 0.075 * row, words, transform=ax.transAxes,
                  va="top", fontsize=theme.font * 0.85, color=theme.ink, zorder=14,
                  bbox=paths.caption_box(theme, colour))


def _lift(surface, Z):
    if not getattr(surface, "log_levels", False):
        return lambda z: z
    ref = min(f_ref(surface, Z), float(np.nanmin(Z)))
    return lambda z: np.log10(1.0 + np.maximum(z - ref, 0.0))
