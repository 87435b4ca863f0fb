"""Another number than the loss on a plane through weight space: a classifier's accuracy,
or any function of the weights, contoured under the same paths.

- :func:`metric_of`: what a metric is called in a figure (its title, colour bar and
  legend words), with the function that computes it on many weight vectors at once;
- :func:`metric_panel`: that metric on a plane, drawn on an axes the way the loss is:
  even levels (accuracy from 0 to 100%, never the loss's log levels), a colour bar of
  its own, the paths with their start, end and divergence marks.

:func:`animations.plot_plane` puts the panel beside the loss (``metric="accuracy"``) or
instead of it (``beside=False``).
"""
from __future__ import annotations

import dataclasses
import textwrap
from typing import Callable

import numpy as np
from matplotlib.colors import BoundaryNorm
from matplotlib.ticker import MaxNLocator

from groundwork import checks
from landscape.metrics import metric_function

from ..draw import assign_linestyles, colourbar, draw_divergence, draw_path, few_ticks, set_title, tick_text
from ..draw.paths import draw_outside, path_depths, path_widths

ACCURACY = "accuracy"


@dataclasses.dataclass(frozen=True)
class Metric:
    """A metric as a figure says it.  ``fn``: weight vectors ``(K, P) -> (K,)``; ``name``:
    its word in the legend; ``title``: the panel's; ``bar``: the colour bar's label;
    ``share``: a share drawn in % from 0 to 100, higher is better (accuracy)."""

    fn: Callable
    name: str
    title: str
    bar: str
    share: bool
    owner: str

    def text(self, value) -> str:
        """A value as the legend writes it: ``0.985 -> '98.5%'`` for a share."""
        return f"{100 * float(value):.3g}%" if self.share else tick_text(float(value))


def metric_of(plane, metric=ACCURACY, label=None, owner="metric_of") -> Metric:
    """The :class:`Metric` of ``metric`` (``"accuracy"`` or a function of weight vectors
    ``(..., P) -> (...)``) on ``plane``'s network; ``label`` names it (default: the
    function's name).  Refuses accuracy on a regression network.

    >>> import landscape
    >>> from landscape.plane import random_plane
    >>> net = landscape.get("mlp", hidden=(4,), n=40)
    >>> m = metric_of(random_plane(net), "accuracy")
    >>> m.title, m.text(0.9875)         # a share, drawn from 0 to 100%
    ('Accuracy: % classified right', '98.8%')
    """
    if label is not None and not (isinstance(label, str) and label.strip()):
        raise TypeError(f"{owner}: metric_label={checks.shown(label)} must be words naming the "
                        "metric, e.g. 'weight norm'")
    fn = metric_function(plane.surface, metric, owner)
    if not callable(metric):
        name = label or ACCURACY
        # (the bar's label on two lines: one would be taller than a panel beside the data)
        return Metric(fn, name, f"{name[:1].upper()}{name[1:]}: % classified right",
                      f"{name}\n(higher is better)", True, owner)
    own = getattr(metric, "__name__", "")
    name = label or (own.replace("_", " ") if own.isidentifier() else "metric")
    return Metric(fn, name, f"{name[:1].upper()}{name[1:]}", name, False, owner)


def metric_panel(ax, plane, trajectories, colours, theme, metric, *, resolution=101, levels=24,
                 title=None, side=None):
    """Contour ``metric`` (a :class:`Metric`) on ``plane`` and draw the projected
    ``trajectories`` (``animations.figures.projected``) on it; returns the filled contours.

    A share (accuracy) runs from 0 to 100% in the theme's colours reversed, so that good
    is pale as it is for the loss; anything else gets even levels over its range.

    >>> import landscape, optimizers
    >>> from matplotlib.figure import Figure
    >>> from animations.draw import get_theme
    >>> from animations.figures import projected
    >>> from landscape.plane import pca_plane
    >>> net = landscape.get("mlp", hidden=(4,), n=40)
    >>> t = optimizers.run(net, optimizers.get("adam", lr=0.05), steps=30)
    >>> plane = pca_plane(net, t)
    >>> filled = metric_panel(Figure().add_subplot(), plane, projected(plane, [t]), ["black"],
    ...                       get_theme("paper"), metric_of(plane, "accuracy"), resolution=15)
    >>> filled.levels[[0, -1]].tolist()           # accuracy: the whole scale, never log levels
    [0.0, 100.0]
    """
    (x0, x1), (y0, y1) = bounds = plane.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    Z = plane.metric(np.stack([X, Y], axis=-1), metric.fn)     # every point at once, on every core
    finite = Z[np.isfinite(Z)]
    if finite.size < 0.5 * Z.size:
        raise ValueError(f"{metric.owner}: metric {metric.name!r} is not finite in "
                         f"{1 - finite.size / Z.size:.0%} of the window; choose a smaller window")
    if metric.share:
        Z = 100 * Z
        lv = MaxNLocator(levels, steps=[1, 2, 2.5, 5, 10]).tick_values(0, 100)
    elif finite.max() > finite.min():
        lv = MaxNLocator(levels, min_n_ticks=levels // 2).tick_values(finite.min(), finite.max())
    else:
        raise ValueError(f"{metric.owner}: metric {metric.name!r} is {finite.min():g} everywhere in "
                         "the window; choose a larger window or another metric")
    cmap = theme.cmap.reversed() if metric.share else theme.cmap
    filled = ax.contourf(X, Y, np.ma.masked_invalid(Z), levels=lv, cmap=cmap,
                         norm=BoundaryNorm(lv, cmap.N))
    # a share's lines at every 10% (labelled: pale bands are hard to tell apart), else every other level
    lines = lv[(lv > 0) & (lv < 100) & (lv % 10 == 0)] if metric.share else lv[1::2]
    drawn = ax.contour(X, Y, Z, levels=lines, colors=theme.contour_line,
                       linewidths=0.7 if theme.large else 0.35, alpha=0.55)
    if metric.share:
        kept, margin = [], 0.08 if theme.large else 0.04     # large type: larger labels
        for label in ax.clabel(drawn, fmt="%g%%", fontsize=theme.font * 0.6, colors=theme.ink,
                               inline_spacing=2, zorder=3):          # (under the paths)
            x, y = label.get_position()
            at = np.array([(x - x0) / (x1 - x0), (y - y0) / (y1 - y0)])     # axes fraction
            # where the panel has room: not on its edge, not on another label
            if np.all((at > margin) & (at < 1 - margin)) \
                    and all(np.hypot(*(at - k)) > 2.5 * margin for k in kept):
                kept.append(at)
            else:
                label.remove()
    ax.set_label("metric")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal" if 0.25 < (y1 - y0) / (x1 - x0) < 4 else "auto")
    # the paths as contour_panel draws them on the loss: the same depths, widths and marks
    depths = path_depths(trajectories, bounds)
    for t, c, d, ls, w in zip(trajectories, colours, depths, assign_linestyles(trajectories),
                              path_widths(depths)):
        draw_path(ax, t, c, theme, label=t.label, bounds=bounds, depth=d, linestyle=ls, widen=w)
    for t, c in zip(trajectories, colours):
        draw_divergence(ax, t, c, theme, bounds)
    starts = [t.params[0].tobytes() for t in trajectories]
    for k, (t, c) in enumerate(zip(trajectories, colours)):
        if starts[k] not in starts[:k]:      # runs from one start: one caption, in ink
            draw_outside(ax, t, c if starts.count(starts[k]) == 1 else theme.ink, theme, bounds)
        draw_outside(ax, t, c, theme, bounds, which="end")
    cb = colourbar(ax.figure, ax, filled, None, theme)
    if metric.share:
        cb.set_ticks(lv[::max(1, len(lv) // 5)])
        cb.set_ticklabels([f"{v:g}%" for v in cb.get_ticks()])
    cb.set_label(metric.bar)
    # a long axis label ("distance towards Adam's end") wraps to the side of the panel
    pos, (w, h) = ax.get_position(), ax.figure.get_size_inches()
    room = max(12, int(0.8 * min(pos.width * w, pos.height * h) * 72
                       / (0.6 * ax.xaxis.label.get_fontsize())))
    ax.set_xlabel("\n".join(textwrap.wrap(plane.axis_labels[0], room)))
    ax.set_ylabel("\n".join(textwrap.wrap(plane.axis_labels[1], room)))
    set_title(ax, plane, theme, metric.title if title is None else title, side)
    if theme.large:
        few_ticks(ax)
    return filled
