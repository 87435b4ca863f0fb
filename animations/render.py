"""Render animation frames fast: draw the background once, then per frame only what moves.

matplotlib's FuncAnimation redraws the whole figure (contours, colour bar, legend)
for every frame; here the still part is drawn once and copied back (blitting), and
each frame draws just the paths, heads, counter and loss curves.
"""
from __future__ import annotations

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ticker import MaxNLocator

from optimizers import batches

from . import scene
from .figures import add_legend, colourbar, layout, set_title
from .counter import Counter
from .losscurve import draw_loss
from .style import assign_colours


def frame_steps(last_step: int, n_frames: int) -> np.ndarray:
    """The step shown in each frame: evenly spaced from 0 to ``last_step``.

    >>> frame_steps(3000, 5).tolist()
    [0, 750, 1500, 2250, 3000]
    """
    return np.round(np.linspace(0, last_step, n_frames)).astype(int)


class Scene:
    """A figure whose moving parts can be set to any step and drawn as an RGB array."""

    def __init__(self, surface, trajectories, theme, size, *, loss_panel=False, tail=None,
                 bounds=None, resolution=300, levels=24, minibatch=False, panel=None):
        self.theme, self.tail = theme, tail
        self.trajectories = trajectories
        self.last_step = max(len(t.params) - 1 for t in trajectories)
        width, height = size
        inches = theme.wide_figsize[0] if (loss_panel or panel is not None) else theme.figsize[0]
        dpi = width / inches
        bounds = surface.bounds if bounds is None else bounds
        with rc_context(theme.rc):
            wide = loss_panel or panel is not None  # a loss panel or another panel: 2 columns
            fig, ax, loss_ax, side = layout(theme, wide, size=(inches, height / dpi), dpi=dpi)
            canvas = FigureCanvasAgg(fig)
            ax.set_label("surface")
            self.colours = colours = assign_colours(trajectories, theme)
            filled = scene.draw_surface(ax, surface, theme, bounds, resolution, levels)
            depths = scene.path_depths(trajectories, bounds)
            self.paths = [scene.draw_path(ax, t, c, theme, label=t.label, head=True,
                                          bounds=bounds, depth=d)
                          for t, c, d in zip(trajectories, colours, depths)]
            # divergence marks appear once their run has reached its last point
            self.marks = [(len(t.params) - 1, scene.draw_divergence(ax, t, c, theme, bounds))
                          for t, c in zip(trajectories, colours)]
            colourbar(fig, ax, filled, surface, theme)
            set_title(ax, surface, theme, side=side, spread=wide)
            if theme.font >= 14:
                ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
                ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
            self.curves = draw_loss(loss_ax, trajectories, colours, theme, surface) \
                if loss_panel else []
            self.panel = panel
            if panel is not None:
                panel.setup(loss_ax, theme, colours)
            self.batch_view = BatchView(ax, surface, trajectories, colours, theme, bounds) \
                if minibatch else None
            add_legend(fig, ax, theme, side)
            # the counter's box is drawn once, sized for the widest text; only digits move
            widest = f"step {self.last_step} / {self.last_step}"
            box = dict(boxstyle="round,pad=0.3", fc=theme.paper, ec=theme.contour_line, alpha=0.9)
            ax.text(0.98, 0.02, widest, transform=ax.transAxes, ha="right", va="bottom",
                    fontsize=theme.font * 0.9, color=theme.paper, alpha=0.0, zorder=9, bbox=box)
            counter = ax.text(0.98, 0.02, widest, transform=ax.transAxes, ha="right",
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
            self.counter = Counter(canvas, counter, self.last_step, self.background)
        self.fig, self.canvas = fig, canvas
        self.size = (int(canvas.get_width_height()[0]), int(canvas.get_width_height()[1]))

    def frame(self, step: int, done: bool = False) -> np.ndarray:
        """The picture at ``step`` as an ``(H, W, 4)`` RGBA uint8 array.

        It is a view of the canvas, valid until the next frame: copy it to keep it.
        """
        # Styles were fixed when the artists were made, so no rc_context is needed here
        # (entering one costs more than drawing a path).
        self.canvas.restore_region(self.background)
        for path in self.paths:
            path.show(step, tail=self.tail, done=done)
        for last, marks in self.marks:
            for m in marks:
                m.set_visible(step >= last)
        for curve in self.curves:
            curve.show(step)
        if self.batch_view is not None:
            self.batch_view.draw(self.fig, step)
        if self.panel is not None:
            self.panel.draw(self.fig, step)
        for artist in self.moving:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        buffer = np.asarray(self.canvas.buffer_rgba())
        self.counter.paste(buffer, min(step, self.last_step))
        return buffer

    def close(self):
        self.fig.clear()



class BatchView:
    """The loss of the mini-batch a stochastic run is about to step on, as contour lines
    behind its path: the class sees why the path zig-zags."""

    def __init__(self, ax, surface, trajectories, colours, theme, bounds, n=60):
        k = self.check(surface, trajectories)
        n_samples = surface.n_samples
        self.traj, self.colour, self.ax, self.theme = trajectories[k], colours[k], ax, theme
        self.surface = surface
        (x0, x1), (y0, y1) = bounds
        self.X, self.Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        self.grid = np.stack([self.X, self.Y], axis=-1)
        self.stream = batches(n_samples, self.traj.optimizer.get("batch_size"), self.traj.seed)
        # a legend entry, so the thin lines behind the path are not a mystery
        ax.plot([], [], color=self.colour, lw=theme.line * 0.5, alpha=0.75,
                label=f"loss of {self.traj.label.split(' (')[0]}'s next batch")
        self.seen = []  # batch of step t is seen[t - 1]

    @staticmethod
    def check(surface, trajectories) -> int:
        """Index of the first stochastic run, or a ValueError saying what is missing."""
        n = getattr(surface, "n_samples", None)
        if n is None:
            raise ValueError(f"animate: minibatch=True needs a data surface (linreg, logreg, ...); "
                             f"{surface.name!r} has no samples")
        for k, t in enumerate(trajectories):
            if (t.optimizer.get("batch_size") or n) < n:
                return k
        raise ValueError("animate: minibatch=True needs a run with mini-batches "
                         "(sgd or minibatch, batch_size smaller than the data)")

    def batch(self, step):
        """The batch used by the step that leaves point ``step``."""
        while len(self.seen) <= step:
            self.seen.append(next(self.stream))
        return self.seen[step]

    def draw(self, fig, step):
        if step >= len(self.traj.params) - 1:
            return  # the run is over: no next batch
        Z = self.surface.value(self.grid, self.batch(step))
        lv = np.quantile(Z, [0.01, 0.03, 0.08, 0.16, 0.3, 0.5, 0.75])
        lines = self.ax.contour(self.X, self.Y, Z, levels=np.unique(lv), colors=[self.colour],
                                linewidths=self.theme.line * 0.5, alpha=0.75, zorder=3.5)
        fig.draw_artist(lines)
        lines.remove()
        i = np.unravel_index(np.argmin(Z), Z.shape)
        if 0 < i[0] < Z.shape[0] - 1 and 0 < i[1] < Z.shape[1] - 1:
            # the batch's own minimum, where it has one in view (one sample's loss is a
            # valley with no single lowest point)
            (mark,) = self.ax.plot(self.X[i], self.Y[i], marker="+", ms=self.theme.marker * 3.5,
                                   mew=self.theme.line * 0.7, color=self.colour, zorder=3.6)
            fig.draw_artist(mark)
            mark.remove()
