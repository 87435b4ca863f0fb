"""Figures for small networks: their loss seen through a plane, with the paths on it.

- :func:`plot_plane`: the loss on a :class:`landscape.plane.Plane` with every path
  projected onto it; the legend says how much of each path's movement the plane
  shows, and a PCA plane's axes say how much variance they explain.  Optionally a
  panel with each run's decision boundary on the data, and the accuracy (or any
  function of the weights) beside the loss or instead of it (:mod:`.metric`).
- :func:`plot_boundary`: that panel alone.
- :func:`~.interpolation.plot_interpolation` (its own module): the loss along the
  straight line from each run's start to its end (Goodfellow et al. 2015).

A Plane is a 2-D Surface, so the landscape and the paths are drawn by
:func:`animations.plot`; this module adds what only networks need.
"""
from __future__ import annotations

import dataclasses
import textwrap

import numpy as np
from matplotlib import rc_context, rcParams
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from groundwork import check_output, checks

from ..draw import (add_legend, as_list, assign_colours, check_axes, check_grid, few_ticks,
                    get_theme, halo, layout, new_figure, suptitle)
from ..encode import FIGURE_SUFFIXES, save_figure
from .interpolation import final_weights
from .metric import metric_of, metric_panel
from .plot import plot

SHARE_NOTE = "% = share of each path's movement that the plane shows"


def own_note(name="loss") -> str:
    """The contours are ``name`` on the plane, a projected path's own is off it: both are said."""
    return f"{name} = the run's own, start → end; on the plane = the contours' under its marks"


LOSS_NOTE = own_note()


def projected(plane, trajectories, metric=None) -> list:
    """Each trajectory projected onto ``plane``, its label ending in its in-plane share
    and its own loss at start and end beside the plane's loss under its marks there
    (or, given a :class:`~animations.figures.metric.Metric`, that metric's).

    >>> import landscape, optimizers
    >>> from landscape.plane import pca_plane
    >>> net = landscape.get("mlp", hidden=(4,), n=40)
    >>> t = optimizers.run(net, optimizers.get("adam", lr=0.05), steps=30)
    >>> [p.label for p in projected(pca_plane(net, t), [t])]
    ['Adam (lr=0.05) · 99% in plane · loss 0.85 → 0.28 (on the plane 0.83 → 0.28)']
    """
    out = []
    for t in as_list(trajectories):
        pr = plane.project(t)
        words = f"{t.label} · {percent(pr.in_plane)} in plane"
        ends = [0, -1] if t.params.ndim == 2 else []        # (a population: a band, no one end)
        if ends and np.all(np.isfinite(t.loss[ends])) and np.all(np.isfinite(pr.coords[ends])):
            if metric is None:
                name, text = "loss", _loss
                own, seen = t.loss[ends], plane.value(pr.coords[ends])
            else:
                name, text = metric.name, metric.text
                own, seen = metric.fn(t.params[ends]), metric.fn(plane.weights(pr.coords[ends]))
            words += (f" · {name} {text(own[0])} → {text(own[1])}"
                      f" (on the plane {text(seen[0])} → {text(seen[1])})")
        out.append(dataclasses.replace(t, params=pr.coords, label=words))
    return out


def _loss(value) -> str:
    return f"{float(value):.2g}"


def plot_plane(plane, trajectories=(), *, boundary=False, metric=None, metric_label=None,
               beside=True, ax=None, out=None, theme="paper", resolution=101, levels=24, title=None,
               legend=True):
    """The loss on ``plane`` with the trajectories projected onto it; return the figure.

    Parameters
    ----------
    plane : a :class:`landscape.plane.Plane` (random, PCA or through three points)
    trajectories : runs on the plane's network (``optimizers.run(net, ...)``)
    boundary : add a panel with each run's decision boundary (2-D classification data)
    metric : also contour ``"accuracy"`` (a classifier's % of samples classified right)
        or a function of weight vectors ``(..., P) -> (...)``, under the same paths
    metric_label : the metric's name in its title and colour bar (default: the function's)
    beside : the metric in a panel beside the loss (True) or instead of it (False)
    ax, out, theme, resolution, levels, title, legend : as for :func:`animations.plot`;
        the grid is evaluated in float32 on every core

    >>> import landscape, optimizers
    >>> from landscape.plane import pca_plane
    >>> net = landscape.get("mlp", hidden=(4,), n=40)
    >>> t = optimizers.run(net, optimizers.get("adam", lr=0.05), steps=30)
    >>> fig = plot_plane(pca_plane(net, t), [t], metric="accuracy", resolution=20)
    >>> [a.get_title(loc="left") for a in fig.axes if a.get_label() in ("surface", "metric")]
    ['Loss', 'Accuracy: % classified right']
    """
    me = "plot_plane"
    theme = get_theme(theme)
    if not callable(getattr(plane, "project", None)):
        raise TypeError(f"plot_plane: plane must be a landscape Plane (landscape.pca_plane, "
                        f"random_plane or plane_through), got {type(plane).__name__}")
    check_axes(me, ax)
    check_grid(me, resolution, levels)
    path = check_output(out, FIGURE_SUFFIXES, me) if out is not None else None
    boundary, beside = checks.flag(me, "boundary", boundary), checks.flag(me, "beside", beside)
    if metric is None and metric_label is not None:
        raise ValueError(f"plot_plane: metric_label={metric_label!r} names a metric; give metric= "
                         "too (e.g. metric='accuracy')")
    if metric is None and not beside:
        raise ValueError("plot_plane: beside=False draws a metric instead of the loss; give metric= "
                         "too (e.g. metric='accuracy')")
    measure = None if metric is None else metric_of(plane, metric, metric_label, me)
    originals = _runs_of(plane.surface, trajectories, me)
    if measure is not None and beside and boundary:
        raise ValueError("plot_plane: the metric beside the loss and boundary=True make three panels; "
                         "give beside=False (the metric instead of the loss) or drop boundary")
    if measure is not None and beside and ax is not None:
        raise ValueError("plot_plane: the metric beside the loss needs a figure of its own; with ax=, "
                         "give beside=False (the metric instead of the loss)")
    if boundary and ax is not None:
        raise ValueError("plot_plane: boundary=True needs a figure of its own; with ax=, "
                         "draw it with plot_boundary(net, trajectories, ax=...)")
    only = measure if measure is not None and not beside else None    # the metric, no loss
    shown = projected(plane, originals, only)
    word = "loss" if only is None else only.name         # what the legend's numbers are
    fast = dataclasses.replace(plane, dtype="float32")   # contours need 3 digits, not 16
    if boundary:     # one legend for both panels: each run's share in plane and accuracy
        _check_boundary_data(plane.surface, me)
        if not (only is not None and only.share):        # (unless the legend says it already)
            shown = [dataclasses.replace(t, label=f"{t.label} · {_right(plane.surface, o)}")
                     for t, o in zip(shown, originals)]
    with rc_context(theme.rc):
        side = bax = None
        if ax is None:
            # two square panels: the surface (with its colour bar) wider than the data; a
            # paper figure shrinks to fit them, a 16:9 slide keeps its size
            h = theme.wide_figsize[1]
            two = boundary or measure is not None and beside
            wide = 1.72 * h if boundary else 2.0 * h        # (two plane panels: two colour bars)
            size = (wide, h) if two and theme.figsize != theme.wide_figsize else None
            fig, ax, bax, side = layout(theme, loss_panel=two, size=size,
                                        ratios=(1.4, 1) if boundary else (1, 1))
            suptitle(fig, title or plane.label, theme)    # the plane's kind: on the panel
            title = ""                # the figure's title says it all
        fig = ax.figure
        size = FontProperties(size=rcParams["legend.fontsize"]).get_size_in_points()
        if side is None and shown and max(len(t.label) for t in shown) * 0.5 * size / 72 + 1 \
                > 0.97 * fig.get_figwidth():      # too long for one line under the figure
            shown = [dataclasses.replace(t, label=t.label.replace(f" · {word} ", f"\n{word} "))
                     for t in shown]
        if side is not None:
            # a narrow column: the run's name, then each thing the plane shows on a line (a
            # wide legend would widen the column and shrink the panel)
            shown = [dataclasses.replace(t, label=t.label.replace(" · ", "\n").replace(" (on the plane", "\n(on the plane"))
                     for t in shown]
        if only is None:
            plot(fast, shown, ax=ax, theme=theme, resolution=resolution, levels=levels,
                 title="Loss" if measure is not None else title, legend=False)
        if measure is not None:
            metric_panel(bax if beside else ax, plane, shown, assign_colours(shown, theme), theme,
                         measure, resolution=resolution, levels=levels, title=title or None)
        if boundary:
            plot_boundary(plane.surface, originals, ax=bax, theme=theme, legend=False)
        if legend and shown:
            box = add_legend(fig, ax, theme, side)
            size = theme.font * 0.8
            note = f"{SHARE_NOTE}; {own_note(word)}"
            if side or len(note) * 0.6 * size / 72 > 0.95 * fig.get_figwidth():
                note = f"{SHARE_NOTE}\n{own_note(word)}"            # two lines where one is too long
            if side:                                              # a narrow column: shorter lines
                note = "\n".join(textwrap.fill(line, 32) for line in note.split("\n"))
            box.set_title(note, prop={"size": size})
            box.set_alignment("left")
    if path is not None:
        save_figure(fig, path)
    return fig


def plot_boundary(net, trajectories, *, ax=None, out=None, theme="paper", resolution=200,
                  legend=True):
    """The data and each run's decision boundary (output = 1/2) after training.

    The background shades the first run's predicted probability of class 1; the
    legend (under the panel) gives each run's accuracy.
    """
    theme = get_theme(theme)
    check_axes("plot_boundary", ax)
    check_grid("plot_boundary", resolution)
    path = check_output(out, FIGURE_SUFFIXES, "plot_boundary") if out is not None else None
    _check_boundary_data(net, "plot_boundary")
    runs = _runs_of(net, trajectories, "plot_boundary")
    colours = assign_colours(runs, theme)
    ends = [final_weights(t) for t in runs]
    with rc_context(theme.rc):
        if ax is None:
            fig = new_figure(theme)
            ax = fig.add_subplot()
        fig = ax.figure
        gx, gy, inputs = _data_panel(ax, net, theme, resolution)
        if ends:
            prob = net.output(ends[0], inputs).reshape(gx.shape)
            # from the background to a mid tone of the theme's own map: subtle in every
            # theme, so the white class-1 dots stay visible on the dark one
            cmap = LinearSegmentedColormap.from_list("two-class", [theme.paper, theme.cmap(0.45)])
            ax.contourf(gx, gy, prob, levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.9,
                        zorder=1)
        handles, labels = [], []
        for t, p, colour in zip(runs, ends, colours):
            prob = net.output(p, inputs).reshape(gx.shape)
            ax.contour(gx, gy, prob, levels=[0.5], colors=[colour], linewidths=theme.line,
                       path_effects=halo(theme, theme.line * 1.8), zorder=4)
            handles.append(Line2D([], [], color=colour, lw=theme.line))
            labels.append(f"{t.label}: {_right(net, t)}")
        if handles and legend:                 # under the panel: inside, it would hide data points
            ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.14),
                      fontsize=theme.font * 0.75, handlelength=1.5, frameon=False)
    if path is not None:
        save_figure(fig, path)
    return fig


def _runs_of(net, trajectories, owner) -> list:
    """The trajectories, each of which ran on ``net`` (the same settings)."""
    runs = as_list(trajectories)
    for t in runs:
        ran = getattr(t, "surface", None)
        if isinstance(ran, dict) and ran.get("name") != getattr(net, "name", None):
            raise ValueError(f"{owner}: trajectory {t.label!r} ran on {ran.get('name')!r}, not on "
                             f"the network {getattr(net, 'name', '?')!r}")
        if t.params.shape[-1] != net.dim:
            raise ValueError(f"{owner}: trajectory {t.label!r} has {t.params.shape[-1]} parameters, "
                             f"the network {net.dim}; give runs of this network")
    return runs


def _check_boundary_data(net, owner):
    if not (hasattr(net, "X") and hasattr(net, "y") and callable(getattr(net, "output", None))):
        raise TypeError(f"{owner}: net must be a network made with landscape.get('mlp', ...), "
                        f"got {type(net).__name__}")
    X, y = net.X, net.y
    if X.shape[1] != 2 or not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"{owner}: the decision boundary needs 2-D two-class data; "
                         f"{net.data!r} has {X.shape[1]} feature(s)"
                         + ("" if np.isin(y, (0.0, 1.0)).all() else " and real-valued targets"))


def _data_panel(ax, net, theme, resolution):
    """The two classes as dots, axes and title; returns the input grid ``(gx, gy, inputs)``."""
    X, y = net.X, net.y
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = 0.1 * (hi - lo)
    gx, gy = np.meshgrid(np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution),
                         np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution))
    ax.set_label("boundary")
    for cls, face in ((0.0, theme.paper), (1.0, theme.ink)):
        pick = y == cls
        ax.scatter(X[pick, 0], X[pick, 1], s=theme.marker * 5, c=face, edgecolors=theme.ink,
                   linewidths=0.5, zorder=3, label=f"class {cls:.0f}")
    ax.set_xlim(gx[0, 0], gx[0, -1])
    ax.set_ylim(gy[0, 0], gy[-1, 0])
    ax.set_aspect("equal")
    if theme.large:
        few_ticks(ax)
    ax.set_xlabel("x₁ (scaled)")
    ax.set_ylabel("x₂ (scaled)")
    ax.set_title("Decision boundaries", loc="left", fontsize=theme.font)   # a panel, under the figure title
    return gx, gy, np.stack([gx.ravel(), gy.ravel()], axis=1)


class BoundaryPanel:
    """For ``animate(..., panel=BoundaryPanel(net, runs))``: each run's decision boundary
    on the data at the frame's step, beside the plane, so the class sees the network
    learn while the path moves.  ``runs`` are the full (weight-space) trajectories.
    """

    def __init__(self, net, trajectories, resolution=80):
        _check_boundary_data(net, "BoundaryPanel")
        check_grid("BoundaryPanel", resolution)
        self.net, self.runs, self.resolution = net, _runs_of(net, trajectories, "BoundaryPanel"), resolution

    def setup(self, ax, theme, colours):
        self.ax, self.theme, self.colours = ax, theme, colours
        self.gx, self.gy, self.inputs = _data_panel(ax, self.net, theme, self.resolution)

    def draw(self, fig, step):
        """Each run's boundary at ``step`` (one for all runs, or one per run)."""
        steps = list(step) if np.ndim(step) else [step] * len(self.runs)
        for t, colour, k in zip(self.runs, self.colours, steps):
            P = t.params if not t.population else t.params[:, 0]
            p = P[min(k, len(P) - 1)]
            if not np.all(np.isfinite(p)):
                continue
            prob = self.net.output(p, self.inputs).reshape(self.gx.shape)
            if not (prob.min() < 0.5 < prob.max()):
                continue  # every point on one side: no boundary in view yet
            lines = self.ax.contour(self.gx, self.gy, prob, levels=[0.5], colors=[colour],
                                    linewidths=self.theme.line, zorder=4,
                                    path_effects=halo(self.theme, self.theme.line * 1.8))
            fig.draw_artist(lines)
            lines.remove()


def _right(net, traj) -> str:
    """``"99.5% right"``: the accuracy of the run's last finite weights on the data."""
    return f"{100 * float(net.accuracy(final_weights(traj))):.3g}% right"


def percent(share) -> str:
    """A share as text: ``0.9996 -> '99.96%'`` (not a misleading ``'100%'``), ``0.004 -> '0.4%'``.

    >>> [percent(s) for s in (1.0, 0.9996, 0.996, 0.955, 0.021, 0.0004)]
    ['100%', '99.96%', '99.6%', '96%', '2.1%', '0.04%']
    """
    pct = 100 * share
    if pct >= 99.5 and share < 1:      # never round the hidden part away: as few digits as show it
        return next((f"{pct:.{d}f}%" for d in (1, 2) if round(pct, d) < 100), "99.99%")
    return f"{pct:.0f}%" if pct >= 10 else f"{pct:.1f}%" if pct >= 0.1 else f"{pct:.2g}%"
