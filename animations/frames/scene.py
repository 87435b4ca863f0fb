"""Render animation frames fast: draw the background once, then per frame only what moves.

matplotlib's FuncAnimation redraws the whole figure (contours, colour bar, legend)
for every frame; here the still part is drawn once and copied back (blitting), and
each frame draws just the paths, heads, counter and loss curves.
"""
from __future__ import annotations

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg

from ..draw import (Panel, Path3D, add_legend, assign_colours, assign_linestyles, contour_panel, curve_panel,
                    curve_view, draw_loss, layout, lifted, path_depths, path_widths, set_title,
                    surface3d_background)
from ..encode import save_figure
from .batchview import BatchView
from .counter import Counter


WORDS = {"step": "step", "samples": "samples"}


def clock_of(trajectories) -> str:
    """What the runs of an animation advance together by: ``"samples"`` seen when they
    ran on data with different batch sizes (GD's third epoch and SGD's 38th sample are
    not the same moment), else ``"step"``.

    >>> class T: samples = None
    >>> clock_of([T(), T()])
    'step'
    """
    per_step = {None if t.samples is None or len(t.samples) < 2 else int(t.samples[1] - t.samples[0])
                for t in trajectories}
    if None in per_step or len(per_step) < 2:
        return "step"
    return "samples"


def times_of(trajectories) -> list[np.ndarray]:
    """Each run's time at each of its points, on the clock of :func:`clock_of`; the
    animation ends at the largest last time.

    >>> import landscape, optimizers
    >>> t = optimizers.run(landscape.get("quadratic"), optimizers.get("gd", lr=0.1), steps=30)
    >>> int(times_of([t])[0][-1])
    30
    """
    clock = clock_of(trajectories)
    return [np.asarray(t.samples if clock == "samples" else t.steps_at) for t in trajectories]


def frame_steps(last_step: int, n_frames: int) -> np.ndarray:
    """The step shown in each frame: evenly spaced from 0 to ``last_step``.

    >>> frame_steps(3000, 5).tolist()
    [0, 750, 1500, 2250, 3000]
    """
    return np.round(np.linspace(0, last_step, n_frames)).astype(int)


class Scene:
    """A figure whose moving parts can be set to any step and drawn as an RGB array."""

    def __init__(self, surface, trajectories, theme, size, *, loss_panel=False, tail=None,
                 bounds=None, resolution=300, levels=24, minibatch=False, panel=None, caption="",
                 view="2d", orbit=0.0):
        self.theme, self.tail, self.orbit = theme, tail, orbit
        self.trajectories = trajectories
        self.clock, self.times = clock_of(trajectories), times_of(trajectories)
        self.last_step = int(max(times[-1] for times in self.times))
        width, height = size
        inches = theme.wide_figsize[0] if (loss_panel or panel is not None) else theme.figsize[0]
        if not theme.large and (loss_panel or panel is not None):
            # two panels in a GIF shown whole on a slide: paper's type, a third larger, as
            # large as in a one-panel GIF (800 px for 6.4 in)
            inches *= 0.75
        dpi = width / inches
        curve = surface.dim == 1      # a 1-D surface: its curve, the runs' points lifted onto it
        if curve:
            bounds = curve_view(surface, resolution=resolution) if bounds is None else bounds
            trajectories = lifted(trajectories)
        bounds = surface.bounds if bounds is None else bounds
        with rc_context(theme.rc):
            wide = loss_panel or panel is not None  # a loss panel or another panel: 2 columns
            (x0, x1), (y0, y1) = bounds
            fig, ax, loss_ax, side = layout(theme, wide, "3d" if view == "3d" else None,
                                            size=(inches, height / dpi), dpi=dpi,
                                            aspect=0.75 if curve else (y1 - y0) / (x1 - x0))
            canvas = FigureCanvasAgg(fig)
            ax.set_label("surface")
            self.colours = colours = assign_colours(trajectories, theme)
            if view == "3d":       # the surface drawn once, each path a line and a head on it
                lift = surface3d_background(ax, surface, theme, bounds, resolution)
                depths = path_depths(trajectories, bounds)
                looks = zip(colours, assign_linestyles(trajectories), depths, path_widths(depths))
                drawn = Panel(None, [Path3D(ax, t, c, theme, surface, lift, bounds, d, ls, w)
                                     for t, (c, ls, d, w) in zip(trajectories, looks)],
                              [[] for _ in trajectories])
                set_title(ax, surface, theme, None, side, wide)
            else:
                draw_panel = curve_panel if curve else contour_panel
                drawn = draw_panel(ax, surface, trajectories, colours, theme, bounds=bounds,
                                   resolution=resolution, heads=True, side=side, spread=wide,
                                   **({} if curve else {"levels": levels}))
            self.paths = drawn.paths
            # divergence marks appear once their run has reached its last point
            self.marks = [(len(t.params) - 1, marks) for t, marks in zip(trajectories, drawn.marks)]
            self.curves = draw_loss(loss_ax, trajectories, colours, theme, surface,
                                    x="samples" if self.clock == "samples" else "step") \
                if loss_panel else []
            self.panel = panel
            if panel is not None:
                panel.setup(loss_ax, theme, colours)
            self.batch_view = BatchView(ax, surface, trajectories, colours, theme, bounds) \
                if minibatch else None
            add_legend(fig, ax, theme, side, caption=caption)
            # the counter's box is drawn once, sized for the widest text; only digits move
            widest = f"{WORDS[self.clock]} {self.last_step} / {self.last_step}"
            box = dict(boxstyle="round,pad=0.3", fc=theme.paper, ec=theme.contour_line, alpha=0.9)
            # in 3-D, in the figure's corner: the axes' labels go round with the camera
            where = (fig, 0.99, 0.01, fig.transFigure) if view == "3d" else (ax, 0.98, 0.02, ax.transAxes)
            owner, cx, cy, frame_of = where
            owner.text(cx, cy, widest, transform=frame_of, ha="right", va="bottom",
                       fontsize=theme.font * 0.9, color=theme.paper, alpha=0.0, zorder=9, bbox=box,
                       family="DejaVu Sans Mono")     # the counter's own font: the box fits it
            counter = owner.text(cx, cy, widest, transform=frame_of, ha="right",
                              va="bottom", fontsize=theme.font * 0.9, color=theme.ink,
                              zorder=9, family="DejaVu Sans Mono", animated=True)
            self.moving = [a for p in self.paths for a in p.artists]
            self.moving += [a for _, marks in self.marks for a in marks]
            self.moving += [a for c in self.curves for a in c.artists]
            # draw_artist ignores zorder, so order them here: heads above every path
            self.moving.sort(key=lambda a: a.get_zorder())
            for artist in self.moving:
                artist.set_animated(True)
            canvas.draw()  # lays out and paints everything that stands still
            self.background = canvas.copy_from_bbox(fig.bbox)
            self.counter = Counter(canvas, counter, self.last_step, self.background, WORDS[self.clock])
            self.counter_text = counter
        self.fig, self.canvas, self.ax = fig, canvas, ax
        self.size = (int(canvas.get_width_height()[0]), int(canvas.get_width_height()[1]))

    def steps(self, clock: int) -> list[int]:
        """Each run's point at time ``clock`` (a step, or samples seen): the last point
        it had reached by then."""
        return [int(np.searchsorted(times, clock, side="right")) - 1 for times in self.times]

    def frame(self, step: int, done: bool = False) -> np.ndarray:
        """The picture at ``step`` (of the clock: a step, or samples seen) as an
        ``(H, W, 4)`` RGBA uint8 array.

        It is a view of the canvas, valid until the next frame: copy it to keep it.
        """
        # Styles were fixed when the artists were made, so no rc_context is needed here
        # (entering one costs more than drawing a path).
        if self.orbit:      # the camera turns: the still part is drawn again from the new angle
            self.ax.view_init(elev=35, azim=-65 + self.orbit * min(step, self.last_step) / max(self.last_step, 1))
            self.canvas.draw()
        else:
            self.canvas.restore_region(self.background)
        steps = self._show(step, done)
        if self.batch_view is not None:
            self.batch_view.draw(self.fig, steps)
        if self.panel is not None:
            self.panel.draw(self.fig, steps if self.clock == "samples" else step)
        for artist in self.moving:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        buffer = np.asarray(self.canvas.buffer_rgba())
        self.counter.paste(buffer, min(step, self.last_step))
        return buffer

    def vector(self, step: int, path, done: bool = False) -> None:
        """The picture at ``step`` written to ``path`` as a vector PDF (through
        :func:`animations.encode.save_figure`: stamped, no timestamps).  Not with a
        mini-batch view or a second panel: they paint straight onto the canvas."""
        self._show(step, done)
        self.counter_text.set_text(self.counter.text(min(step, self.last_step)))
        moving = self.moving + [self.counter_text]
        for artist in moving:
            artist.set_animated(False)
        try:
            save_figure(self.fig, path)
        finally:
            for artist in moving:
                artist.set_animated(True)

    def _show(self, step, done):
        """Put every moving part at ``step``; each run's own step, as :meth:`steps`."""
        steps = self.steps(step)
        for path, k in zip(self.paths, steps):
            path.show(k, tail=self.tail, done=done)
        for (last, marks), k in zip(self.marks, steps):
            for m in marks:
                m.set_visible(k >= last)
        for curve, k in zip(self.curves, steps):
            curve.show(k)
        return steps

    def close(self):
        self.fig.clear()
