"""A 3-D view of the surface with the paths lying on it."""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

import landscape

from . import scene


def draw_surface3d(ax, surface, trajectories, colours, theme, bounds, resolution):
    """Surface and paths in 3-D; steep surfaces are shown as log10(1 + loss - f*)."""
    X, Y, Z = landscape.grid(surface, n=min(resolution, 120), bounds=bounds)
    lift = _lift(surface, Z)
    ax.plot_surface(X, Y, lift(Z), cmap=theme.cmap, linewidth=0, antialiased=True,
                    alpha=0.85, rcount=80, ccount=80)
    (x0, x1), (y0, y1) = bounds
    for m in getattr(surface, "minima", ()):
        if x0 <= m[0] <= x1 and y0 <= m[1] <= y1:
            ax.scatter(m[0], m[1], lift(surface.value(m)), marker="*", s=(theme.marker * 4.2) ** 2,
                       color="#FFFFFF", edgecolors="#111111", depthshade=False, zorder=12)
    for traj, colour in zip(trajectories, colours):
        P = traj.params if traj.params.ndim == 3 else traj.params[:, None]
        for k in range(P.shape[1]):
            xy = P[:, k]
            inside = np.all(np.isfinite(xy), -1) & (xy[:, 0] >= x0) & (xy[:, 0] <= x1) \
                & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
            xy = np.where(inside[:, None], xy, np.nan)
            z = lift(surface.value(np.nan_to_num(xy)))
            z = np.where(inside, z, np.nan)
            ax.plot(xy[:, 0], xy[:, 1], z, color=colour, lw=theme.line, zorder=10,
                    path_effects=scene.halo(theme, theme.line * 1.8),
                    label=traj.label if k == 0 else None)
            end = scene.last_finite(np.column_stack([xy, z]))
            if end is not None:
                ax.scatter(*end, color=colour, s=(theme.marker * 2.2) ** 2, depthshade=False,
                           edgecolors=theme.halo, zorder=11)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel(scene.axis_label(surface, 0))
    ax.set_ylabel(scene.axis_label(surface, 1))
    ax.set_zlabel("log₁₀(1 + loss − f*)" if getattr(surface, "log_levels", False) else "loss")
    ax.view_init(elev=35, azim=-65)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_pane_color((0, 0, 0, 0))
        axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
        axis.labelpad = theme.font * 0.6
    ax.tick_params(labelsize=theme.font * 0.7)


def _lift(surface, Z):
    if not getattr(surface, "log_levels", False):
        return lambda z: z
    ref = min(scene.f_ref(surface, Z), float(np.nanmin(Z)))
    return lambda z: np.log10(1.0 + np.maximum(z - ref, 0.0))
