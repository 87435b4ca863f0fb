"""The loss of the mini-batch a stochastic run is about to use, drawn behind its path."""
from __future__ import annotations

import numpy as np


class BatchView:
    """The loss of the mini-batch a stochastic run is about to step on, as contour lines
    behind its path: the class sees why the path zig-zags."""

    def __init__(self, ax, surface, trajectories, colours, theme, bounds, n=60):
        k = self.k = self.check(surface, trajectories)
        self.traj, self.colour, self.ax, self.theme = trajectories[k], colours[k], ax, theme
        self.surface = surface
        (x0, x1), (y0, y1) = bounds
        self.X, self.Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        self.grid = np.stack([self.X, self.Y], axis=-1)
        # a legend entry, so the thin lines behind the path are not a mystery; one sample's
        # loss (SGD) is lowest along a whole line, so it gets no single "minimum" mark
        self.one = self.traj.batch_size == 1
        ax.plot([], [], color=self.colour, lw=theme.line * 0.5, alpha=0.75,
                label=f"loss of {self.traj.label.split(' (')[0]}'s next "
                      + ("sample (lowest along a line)" if self.one else "batch (+ its minimum)"))

    @staticmethod
    def check(surface, trajectories) -> int:
        """Index of the first stochastic run, or a ValueError saying what is missing."""
        n = getattr(surface, "n_samples", None)
        if n is None:
            raise ValueError(f"animate: minibatch=True needs a data surface (linreg, logreg, ...); "
                             f"{surface.name!r} has no samples")
        for k, t in enumerate(trajectories):
            if t.batch_size is not None and t.batch_size < n:
                return k
        raise ValueError("animate: minibatch=True needs a run with mini-batches "
                         "(sgd or minibatch, batch_size smaller than the data)")

    def draw(self, fig, steps):
        """Draw the batch the run is about to use at its point ``steps[k]`` (each run's)."""
        step = steps[self.k]
        if step >= len(self.traj.params) - 1:
            return  # the run is over: no next batch
        Z = self.surface.value(self.grid, self.traj.batch(step + 1))   # the step leaving it
        lv = np.quantile(Z, [0.01, 0.03, 0.08, 0.16, 0.3, 0.5, 0.75])
        lines = self.ax.contour(self.X, self.Y, Z, levels=np.unique(lv), colors=[self.colour],
                                linewidths=self.theme.line * 0.5, alpha=0.75, zorder=3.5)
        fig.draw_artist(lines)
        lines.remove()
        i = np.unravel_index(np.argmin(Z), Z.shape)
        if not self.one and 0 < i[0] < Z.shape[0] - 1 and 0 < i[1] < Z.shape[1] - 1:
            # the batch's own minimum, where it has one in view (one sample's loss is a
            # valley with no single lowest point)
            (mark,) = self.ax.plot(self.X[i], self.Y[i], marker="+", ms=self.theme.marker * 3.5,
                                   mew=self.theme.line * 0.7, color=self.colour, zorder=3.6)
            fig.draw_artist(mark)
            mark.remove()
