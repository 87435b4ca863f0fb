"""An optimizer's path on a surface: its line, its steps, its start and end, and
where it diverged.  A static figure shows a whole path; an animation shows it up to
the frame's step (:meth:`PathArtists.show`)."""
from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

from .theme import tick_text


HALO = "_halo"     # the label of a halo line (legends leave out labels that start with _)


def halo(theme, width):
    """An outline under a line, so it reads on any part of the background."""
    return [patheffects.withStroke(linewidth=width, foreground=theme.halo)]


def start_ring(theme) -> dict:
    """``ax.plot`` keywords of the ring at a path's start (2-D and 3-D alike)."""
    return dict(marker="o", ms=theme.marker * 2.6, mfc="none", mec=theme.ink,
                mew=theme.line * 0.6, ls="none")


def diverged_x(theme, colour) -> dict:
    """``ax.plot`` keywords of the X where a diverging run leaves the view."""
    return dict(marker="X", ms=theme.marker * 3.4, color=colour, mec=theme.ink,
                mew=theme.line * 0.35, ls="none")


def caption_box(theme, colour) -> dict:
    """The frame of a "diverged at step k" caption, in the run's colour."""
    return dict(boxstyle="round,pad=0.3", fc=theme.paper, ec=colour, lw=theme.line * 0.5,
                alpha=0.92)


class PathArtists:
    """The artists of one trajectory's path, showing it up to any step.

    The static figure shows the whole path; an animation calls :meth:`show` with
    the frame's step and redraws only :attr:`artists`.
    """

    def __init__(self, ax, traj, colour, theme, label=None, head=False, bounds=None, depth=0.0,
                 linestyle="-", widen=1.0):
        self.traj, self.theme = traj, theme
        P = traj.params
        self.many = P.ndim == 3
        self.xy = [P[:, k] for k in range(P.shape[1])] if self.many else [P]
        if bounds is not None and not self.many and traj.diverged:
            # a diverging run is drawn until it leaves the view, not back across it
            i = last_inside(P, bounds)
            self.xy = [np.vstack([P[:i + 1], exit_point(P, bounds)])] if i is not None else [P]
        z = 4 + depth  # slower (shorter) paths are drawn above faster ones, see path_depths
        dots = not self.many and len(P) <= 400
        width = theme.line * (0.55 if self.many else 1.0) * widen
        self.lines, self.dots, self.ends, self.heads, self.fades = [], [], [], [], []
        self.halos = []
        self.rgba = np.array(to_rgba(colour))
        for k, xy in enumerate(self.xy):
            # a solid path's halo is a line of its own under every path (not a stroke around
            # this one), so a path drawn over another does not white it out: the wider one
            # below shows.  (A dashed halo would not keep step with its dashes: a stroke.)
            solid = linestyle in ("-", "solid")
            if solid:
                self.halos.append(ax.plot(xy[:, 0], xy[:, 1], color=theme.halo, zorder=3.9,
                                          lw=width + theme.line * 0.7, solid_capstyle="round",
                                          label=HALO)[0])
            (ln,) = ax.plot(xy[:, 0], xy[:, 1], color=colour, zorder=z, lw=width, ls=linestyle,
                            path_effects=None if solid else halo(theme, width + theme.line * 0.7),
                            label=label if k == 0 else None)
            self.lines.append(ln)
            if dots:  # one dot per step: spacing shows speed; no halo, so they stay crisp
                self.dots.append(ax.plot(xy[1:-1, 0], xy[1:-1, 1], ls="none", marker="o",
                                         ms=theme.marker, color=colour, mew=0,
                                         zorder=z)[0])
            ax.plot(*xy[0], **start_ring(theme), zorder=5)
            end = last_finite(xy)
            # ends and heads grow (half as fast) with the path's width and stack like it: runs
            # that meet at one point (a shared start, a shared minimum) show as nested discs
            grow = 1 + (widen - 1) / 2
            self.ends.append(ax.plot(*(end if end is not None else (np.nan, np.nan)),
                                     marker="o", ms=theme.marker * 2.2 * grow, color=colour,
                                     mec=theme.halo, mew=theme.line * 0.45, zorder=5 + depth)[0])
            if head:
                self.heads.append(ax.plot([], [], marker="o", ms=theme.marker * 3.0 * grow,
                                          color=colour, mec=theme.halo, mew=theme.line * 0.5,
                                          zorder=6 + depth, ls="none")[0])
                # a comet tail for animations: segments fading out towards the past
                # (no halo: a halo does not fade with its segment and would read as a white band)
                self.fades.append(ax.add_collection(LineCollection(
                    [], linewidths=width * 1.5, zorder=z, capstyle="round"), autolim=False))

    @property
    def artists(self) -> list:
        return self.trail + self.markers

    @property
    def trail(self) -> list:
        """The path itself: its line and halo, its step dots and (animations) its fading tail."""
        return self.halos + self.lines + self.dots + self.fades

    @property
    def markers(self) -> list:
        """The artists that move: the head, or the end marker once the run is over."""
        return self.ends + self.heads

    @property
    def last_step(self) -> int:
        return len(self.xy[0]) - 1

    def show(self, step, tail=None, done=False):
        """Show the path up to ``step`` (clipped to the run's length).

        ``tail=k`` keeps only the last k steps; ``done`` draws the finished look
        (whole path, end marker) instead of the moving head.
        """
        k = min(step, self.last_step)
        comet = tail is not None and not done and bool(self.fades)
        lo = max(0, k - tail) if comet else 0
        for i, xy in enumerate(self.xy):
            seg = xy[lo:k + 1]
            if comet:
                self.lines[i].set_data([], [])
                for h in self.halos[i:i + 1]:
                    h.set_data([], [])
                pieces = np.stack([seg[:-1], seg[1:]], axis=1)
                colours = np.tile(self.rgba, (len(pieces), 1))
                colours[:, 3] = np.linspace(0.15, 1.0, len(pieces)) if len(pieces) else 1.0
                self.fades[i].set_segments(pieces)
                self.fades[i].set_color(colours)
            else:
                self.lines[i].set_data(seg[:, 0], seg[:, 1])
                for h in self.halos[i:i + 1]:
                    h.set_data(seg[:, 0], seg[:, 1])
                if self.fades:
                    self.fades[i].set_segments([])
            if self.dots:
                inner = xy[max(lo, 1):min(k + 1, self.last_step)] if not comet else xy[:0]
                self.dots[i].set_data(inner[:, 0], inner[:, 1])
            end = last_finite(xy[:k + 1])
            finished = done or k >= self.last_step
            self.ends[i].set_visible(finished and end is not None)
            if self.heads:
                self.heads[i].set_visible(not finished and end is not None)
                if end is not None:
                    self.heads[i].set_data([end[0]], [end[1]])


def draw_path(ax, traj, colour, theme, label=None, head=False, bounds=None,
              depth=0.0, linestyle="-", widen=1.0) -> PathArtists:
    """Draw one trajectory (or a population) with its start and end markers."""
    return PathArtists(ax, traj, colour, theme, label=label, head=head, bounds=bounds,
                       depth=depth, linestyle=linestyle, widen=widen)


def path_widths(depths) -> list[float]:
    """A width factor per path: each path drawn under others is a little wider, so that
    where paths run together (Adam's over RMSprop's and momentum's down a valley) the
    lower ones show as a border around the upper ones.

    >>> path_widths([0.0, 0.02, 0.01])
    [2.2, 1.0, 1.6]
    """
    above = [sum(1 for e in depths if e > d) for d in depths]
    return [round(1.0 + 0.6 * min(n, 2), 2) for n in above]


def path_depths(trajectories, bounds) -> list[float]:
    """A zorder offset per trajectory: the longest path (in view) at the bottom.

    A fast optimizer's long path would otherwise hide a slow one's short path lying
    under it (Adam's over GD's, on Rosenbrock).  Legends keep the given order.
    """
    (x0, x1), (y0, y1) = bounds
    lengths = []
    for t in trajectories:
        xy = t.params.reshape(len(t.params), -1, 2)
        xy = np.clip(np.nan_to_num(xy, nan=0.0), (x0, y0), (x1, y1))
        lengths.append(float(np.abs(np.diff(xy, axis=0)).sum()))
    order = np.argsort(-np.array(lengths), kind="stable")
    depth = np.empty(len(lengths))
    depth[order] = np.arange(len(lengths)) * 0.01
    return depth.tolist()


def last_finite(xy):
    ok = np.flatnonzero(np.all(np.isfinite(xy), axis=-1))
    return xy[ok[-1]] if len(ok) else None


def last_inside(xy, bounds):
    """Index of the last point of ``xy`` inside ``bounds`` (None if none is)."""
    (x0, x1), (y0, y1) = bounds
    inside = np.all(np.isfinite(xy), axis=-1) & (xy[:, 0] >= x0) & (xy[:, 0] <= x1) \
        & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    idx = np.flatnonzero(inside)
    return int(idx[-1]) if len(idx) else None


def divergence_words(xy, step, bounds, sep=" "):
    """"diverged at step k", and where the path left the view when that was earlier: the
    X marks where it left, and a student reading the caption looks there for step k.

    >>> xy = np.array([[0.0, 0.0], [0.0, 5.0], [0.0, 1e9]])
    >>> divergence_words(xy, 2, ((-1, 1), (-1, 1)))
    'diverged at step 2 (out of view from step 1)'
    """
    seen = last_inside(xy, bounds)
    if seen is not None and seen + 1 < step:
        return f"diverged at step {step}{sep}(out of view from step {seen + 1})"
    return f"diverged at step {step}"


def exit_point(xy, bounds):
    """Where a diverging path is last seen: its last point in view, or where it leaves."""
    (x0, x1), (y0, y1) = bounds
    lo, hi = np.array([x0, y0]), np.array([x1, y1])
    finite = np.all(np.isfinite(xy), axis=-1)
    inside = finite & np.all((xy >= lo) & (xy <= hi), axis=-1)
    idx = np.flatnonzero(inside)
    if not len(idx):
        return np.clip(xy[0], lo, hi)
    i = idx[-1]
    if i + 1 >= len(xy) or not finite[i + 1]:
        return xy[i]
    a, b = xy[i], xy[i + 1]
    d = b - a
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(d > 0, (hi - a) / d, np.where(d < 0, (lo - a) / d, np.inf))
    return a + min(1.0, float(np.min(s))) * d


CAPTIONS = ("diverged", "start", "end")        # the first words of the captions on a panel


def stacked(ax, theme) -> float:
    """Points to move a new caption by, past the captions already on ``ax``: they stack
    away from the edge instead of covering each other (two runs that leave together)."""
    lines = sum(t.get_text().count("\n") + 1 for t in ax.texts
                if t.get_text().startswith(CAPTIONS) and t.get_text()[:1].isalpha())
    return 2.6 * theme.font * 0.85 * lines


def draw_outside(ax, traj, colour, theme, bounds, which="start"):
    """A run that starts (``which="start"``) or ends (``"end"``) outside the view would be
    missing, or enter from or leave to nowhere, without a word: a caption on the edge
    says where, "start (5, 5) out of view", "end (13.8, 6.9) out of view", or for many
    starts how many are outside.  A diverged run's end is its X.  Returns the caption or None.
    """
    (x0, x1), (y0, y1) = bounds
    lo, hi = np.array([x0, y0]), np.array([x1, y1])
    P = traj.params if traj.params.ndim == 3 else traj.params[:, None]
    gone = np.array([d is not None for d in np.atleast_1d(traj.diverged_at)]) if which == "end" \
        else np.zeros(P.shape[1], bool)
    points = P[0] if which == "start" else P[-1]
    out = ~np.all((points >= lo) & (points <= hi), axis=-1) & ~gone & np.all(np.isfinite(points), -1)
    if not out.any():
        return None
    k = int(np.flatnonzero(out)[0])
    first = points[k]
    at = np.clip(first, lo, hi) if which == "start" else exit_point(P[:, k], bounds)
    if P.shape[1] == 1:
        words = f"{which} ({tick_text(first[0])}, {tick_text(first[1])}) out of view"
    else:
        words = f"{int(out.sum())} of {P.shape[1]} {which}s out of view"
    dx = -1 if at[0] > (x0 + x1) / 2 else 1
    dy = -1 if at[1] > (y0 + y1) / 2 else 1
    return ax.annotate(words, xy=at, xytext=(dx * 8, dy * (8 + stacked(ax, theme))), textcoords="offset points",
                       ha="right" if dx < 0 else "left", va="top" if dy < 0 else "bottom",
                       fontsize=theme.font * 0.8, color=theme.ink, zorder=8,
                       bbox=caption_box(theme, colour), annotation_clip=False)


def draw_divergence(ax, traj, colour, theme, bounds, caption=True):
    """An X where a diverged run leaves the picture, with "diverged at step k" (unless
    ``caption`` is False: a figure that says it elsewhere).

    Returns the artists (marker and caption), so an animation can reveal them.
    """
    marks = []
    diverged = traj.diverged_at if traj.params.ndim == 3 else (traj.diverged_at,)
    for k, step in enumerate(diverged):
        if step is None:
            continue
        xy = traj.params[:, k] if traj.params.ndim == 3 else traj.params
        at = exit_point(xy, bounds)
        # on the edge where the run leaves: unclipped, or the axes would cut the X in half
        marks.extend(ax.plot(*at, **diverged_x(theme, colour), zorder=7, clip_on=False))
        if not caption or traj.params.ndim == 3 and len(marks) > 1:
            continue  # one caption per population is enough
        (x0, x1), (y0, y1) = bounds
        dx = -1 if at[0] > (x0 + x1) / 2 else 1
        dy = -1 if at[1] > (y0 + y1) / 2 else 1
        # captions already on these axes stack away from the edge instead of overlapping
        shift = 14 + stacked(ax, theme)
        marks.append(ax.annotate(
            divergence_words(xy, step, bounds, "\n"), xy=at, xytext=(dx * 14, dy * shift),
            textcoords="offset points", ha="right" if dx < 0 else "left",
            va="top" if dy < 0 else "bottom", fontsize=theme.font * 0.85, color=theme.ink,
            zorder=8, bbox=caption_box(theme, colour)))
    return marks
