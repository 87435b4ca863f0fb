"""``page``: optimizers racing over a surface, as one HTML file that works offline.

The contour panel is drawn once by the figures' own code (:func:`~animations.draw.contour_panel`,
without paths) into a PNG; the runs go in as data, and the page draws each path up
to the chosen step over the picture, at the pixels where matplotlib put the axes.
"""
from __future__ import annotations

import dataclasses
import html
import io
from pathlib import Path
from typing import NamedTuple

import numpy as np
from matplotlib import rc_context, rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg

from groundwork import check_output, checks, provenance

from ..draw import (as_list, assign_colours, assign_linestyles, auto_caption, check_bounds, check_dims,
                    check_grid, contour_panel, divergence_words, get_theme, layout, view_height)
from ..draw.paths import exit_point, last_inside, path_depths, path_widths
from ..encode.page import write_page
from .settings import DEFAULT_SIZE, MIN_DPI
from .scene import clock_of, times_of

DASHES = {"--": "dashed", "dashed": "dashed", ":": "dotted", "dotted": "dotted",
          "-.": "dashdot", "dashdot": "dashdot"}


@dataclasses.dataclass
class Page:
    """What :func:`page` wrote; shows itself (the page) in a notebook."""

    path: Path
    size: tuple          # the picture's (width, height) in pixels
    runs: int
    last: int            # the last step of the race (or samples, on data of mixed batches)
    nbytes: int
    clock: str = "step"  # what ``last`` counts: "step" or "samples"

    def __repr__(self):
        runs, over = f"{self.runs} run{'s' * (self.runs != 1)}", f"{self.last} {self.clock.rstrip('s')}s"
        size = f"{self.size[0]}x{self.size[1]}, {self.nbytes / 1e6:.2f} MB"
        return f"<Page {self.path}: {runs} over {over}, {size}>"

    def _repr_html_(self):
        text = Path(self.path).read_text("utf-8")
        return (f'<iframe srcdoc="{html.escape(text, quote=True)}" width="{self.size[0] + 40}" '
                f'height="{self.size[1] + 160}" style="border:0"></iframe>')


def page(surface, trajectories, out, *, theme="paper", bounds=None, resolution=300, levels=24,
         size=None, caption=None) -> Page:
    """Write ``out`` (``.html``): the runs racing over ``surface`` in one page that opens
    offline in any browser (from a USB stick: nothing is fetched).

    Play, pause, step back and forward, or drag the slider over the steps; click a run
    in the legend to hide it; hover over a point for its step, loss and parameters.
    The contours are the figures' (same theme, colours and title); the paths are drawn
    over them in each run's colour, where ``plot`` draws them.

    Parameters
    ----------
    surface : a 2-D surface; ``trajectories``: runs on it (from ``optimizers.run``)
    out : the page's file name, ending in ``.html``
    theme : ``"paper"``, ``"slides"`` or ``"dark"``
    bounds, resolution, levels : the window and the contours, as in :func:`animations.plot`
    size : the picture's ``(width, height)`` in pixels; default as :func:`animate`'s
    caption : a line over the legend: ``"auto"`` (from the runs) or the words

    >>> import landscape, optimizers, tempfile, pathlib
    >>> s = landscape.get("booth")
    >>> t = optimizers.run(s, optimizers.get("gd", lr=0.05), steps=30)
    >>> page(s, [t], pathlib.Path(tempfile.mkdtemp()) / "race.html", resolution=60)
    <Page ...race.html: 1 run over 30 steps, 800x600, ... MB>
    """
    trajectories = as_list(trajectories)
    if not trajectories:
        raise ValueError("page: give at least one trajectory (from optimizers.run)")
    check_dims(surface, trajectories, "page")
    for t in trajectories:
        if t.population:
            raise ValueError(f"page: trajectory {t.label!r} holds {t.params.shape[1]} starts; give "
                             "them one by one (t.member(k)) or draw them with plot")
    path = check_output(out, (".html",), "page")
    theme = get_theme(theme)
    bounds = check_bounds("page", bounds) or surface.bounds
    check_grid("page", resolution, levels)
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"page: caption={caption!r} must be text, or 'auto' for one built from the runs")
    size = check_size(size, theme, bounds)
    words = auto_caption(surface, trajectories) if caption == "auto" else caption or ""
    still = background(surface, theme, size, bounds=bounds, resolution=resolution, levels=levels)
    runs = run_data(trajectories, theme, bounds)
    look = {"paper": theme.paper, "ink": theme.ink, "halo": theme.halo, "font": theme.font,
            "line_colour": theme.contour_line, "line": theme.line, "marker": theme.marker}
    title = getattr(surface, "label", surface.name)
    clock = clock_of(trajectories)
    nbytes = write_page(path, still.png, still.extent, runs, look, title, provenance.stamp_text(),
                        caption=words, clock=clock, top_png=still.top)
    last = max(r["end"] for r in runs)
    return Page(path, (still.extent["width"], still.extent["height"]), len(runs), last, nbytes, clock)


class Background(NamedTuple):
    """The still picture of a page: the contour panel, what lies above the paths (the
    known minima, transparent elsewhere), both PNG, and where the axes are."""

    png: bytes
    top: bytes
    extent: dict


def background(surface, theme, size, *, bounds=None, resolution=300, levels=24) -> Background:
    """The contour panel alone (no paths) as PNG bytes, and where it put the axes.

    Returns ``(png, top, extent)``: ``top`` holds what the figures draw over the paths
    (the minima's stars) on a transparent picture; ``extent`` has the picture's ``width`` and ``height``, the
    axes' ``[left, top, right, bottom]`` in its pixels (from the top left) with the
    ``xlim`` and ``ylim`` drawn there, ``px_per_pt``, and ``side``, the legend's column
    (or None).  Data ``(x, y)`` is at ``left + (x - x0) / (x1 - x0) * (right - left)``.

    >>> import landscape
    >>> png, top, box = background(landscape.get("booth"), get_theme("paper"), (400, 300), resolution=40)
    >>> png[:4], box["width"], box["height"], box["xlim"]
    (b'\\x89PNG', 400, 300, [-10.0, 10.0])
    """
    width, height = size
    inches = theme.figsize[0]
    dpi = width / inches
    (x0, x1), (y0, y1) = bounds = surface.bounds if bounds is None else bounds
    with rc_context(theme.rc):
        fig, ax, _, side = layout(theme, False, size=(inches, height / dpi), dpi=dpi,
                                  aspect=(y1 - y0) / (x1 - x0))
        canvas = FigureCanvasAgg(fig)
        contour_panel(ax, surface, [], [], theme, bounds=bounds, resolution=resolution,
                      levels=levels, side=side)
        buffer, over = io.BytesIO(), io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        # the stars above the paths, where they are (no new layout) on a transparent picture
        fig.set_layout_engine("none")
        above = [a for a in ax.lines if a.get_zorder() > 4]
        for a in [fig.patch, *fig.axes, *ax.get_children()]:
            a.set_visible(a is ax or a in above)
        fig.savefig(over, format="png", dpi=dpi, metadata={"Software": None}, transparent=True)
    # after the last draw: where the layout (and an equal aspect) put the axes
    w, h = canvas.get_width_height()
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    (left, bottom), (right, top) = ax.transData.transform([(xlim[0], ylim[0]), (xlim[1], ylim[1])])
    extent = {"width": int(w), "height": int(h), "axes": box(left, top, right, bottom, h),
              "xlim": [float(v) for v in xlim], "ylim": [float(v) for v in ylim],
              "px_per_pt": round(dpi / 72, 6), "side": None}
    if side is not None:
        b = side.get_window_extent()
        extent["side"] = box(b.x0, b.y1, b.x1, b.y0, h)
    fig.clear()
    return Background(buffer.getvalue(), over.getvalue(), extent)


def box(left, top, right, bottom, height) -> list:
    """Display coordinates (from the bottom left) as ``[left, top, right, bottom]`` in the
    picture's pixels (from the top left), to a thousandth of a pixel.

    >>> box(10, 90, 50, 20, 100)
    [10.0, 10.0, 50.0, 80.0]
    """
    return [round(float(v), 3) for v in (left, height - top, right, height - bottom)]


def run_data(trajectories, theme, bounds) -> list[dict]:
    """Each run as the page draws it: label, colour, line width and dashes (points), its
    drawing order (the longest path lowest, as in the figures), and per point the step,
    parameters and loss (None where not finite); a diverged run up to where it left the
    view (``exit``: that point and when) with the figure's words for it."""
    colours, styles = assign_colours(trajectories, theme), assign_linestyles(trajectories)
    depths = path_depths(trajectories, bounds)
    clock = clock_of(trajectories)
    runs = []
    for t, colour, style, depth, widen, times in zip(trajectories, colours, styles, depths,
                                                     path_widths(depths), times_of(trajectories)):
        P, times = np.asarray(t.params, dtype=float), np.asarray(times)
        n, run = len(P), {}
        if t.diverged:
            i = last_inside(P, bounds)
            n = len(P) if i is None else i + 1
            at = exit_point(P, bounds)
            run["exit"] = [float(at[0]), float(at[1]), plain(times[min(n, len(P) - 1)])]
            run["diverged"] = divergence_words(P, t.diverged_at, bounds, "\n")
        width = theme.line * widen
        dash = DASHES.get(style)
        run.update(
            label=t.label, colour=colour, width=round(width, 4), grow=round(1 + (widen - 1) / 2, 4),
            dash=[round(v * width, 4) for v in rcParams[f"lines.{dash}_pattern"]] if dash else [],
            z=depth, end=plain(times[-1]), step=[int(s) for s in t.steps_at[:n]],
            xy=[[float(x), float(y)] if np.isfinite(x) and np.isfinite(y) else None for x, y in P[:n]],
            loss=[float(v) if np.isfinite(v) else None for v in np.asarray(t.loss, dtype=float)[:n]])
        if clock == "samples":
            run["t"] = [plain(v) for v in times[:n]]
        runs.append(run)
    return runs


def plain(value):
    """A clock value as JSON writes it: a whole number as int."""
    value = float(value)
    return int(value) if value.is_integer() else value


def check_size(size, theme, bounds) -> tuple:
    """The picture's size in pixels: as :func:`animate` makes it by default (on paper, no
    taller than a wide view needs), or ``size`` checked."""
    inches = theme.figsize[0]
    if size is None:
        width, height = DEFAULT_SIZE.get(theme.name, (800, 600))
        (x0, x1), (y0, y1) = bounds
        aspect = (y1 - y0) / (x1 - x0)
        if not theme.large and aspect < 0.75:
            height = min(height, int(width * view_height(inches, aspect) / inches))
        return width, height
    low = (int(MIN_DPI * inches), int(0.4 * MIN_DPI * inches))
    shown = checks.shown(size)
    try:
        width, height = (checks.whole("page", "size", v, 1) for v in size)
    except (TypeError, ValueError):
        raise ValueError(f"page: size={shown} must be (width, height), whole numbers of pixels") from None
    if not (low[0] <= width <= 4096 and low[1] <= height <= 4096):
        raise ValueError(f"page: size={shown} is outside what this figure can be drawn at: from "
                         f"{low[0]}x{low[1]} to 4096x4096 pixels")
    return width, height
