"""Loss curves: loss - f* against step, epoch or samples processed, on a log scale; and
each run's learning rate against the same axis (its schedule made visible)."""
from __future__ import annotations

import warnings

import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullFormatter, NullLocator

from .paths import halo
from .theme import assign_linestyles, tick_text

X_LABELS = {"step": "step", "epoch": "epoch", "samples": "samples processed"}


class LossCurve:
    """One trajectory's loss line (and divergence mark), showable up to any step."""

    def __init__(self, ax, traj, colour, theme, f_star, x="step", band=True, linestyle="-"):
        self.xs = x_values(traj, x)
        gap = np.asarray(traj.loss, dtype=float) - (f_star or 0.0)
        label, self.band, self.starts = traj.label, None, None
        if gap.ndim == 2:
            # a population: its median, in a band from the 10th to the 90th percentile,
            # and the label says so (an unlabelled median reads as one run)
            # a diverged start counts as an infinite loss (of the sign it was heading to: a
            # saddle's falls without bound), not as one left out: once half of them have
            # diverged the median is gone (the line stops), where a median of the few
            # survivors would read as the whole population converging
            finite = np.isfinite(gap)
            rows = np.maximum.accumulate(np.where(finite, np.arange(len(gap))[:, None], 0), axis=0)
            last = np.take_along_axis(np.where(finite, gap, 0.0), rows, axis=0)
            worst = np.where(finite, gap, np.where(last < 0, -np.inf, np.inf))
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                ys = np.median(worst, axis=1)
                lo, hi = np.percentile(worst, [10, 90], axis=1)
            self.ys, self.lo, self.hi = (np.where(np.isfinite(v), v, np.nan) for v in (ys, lo, hi))
            if band:
                self.starts = gap.shape[1]
                self.band = ax.fill_between(self.xs, self.lo, self.hi, color=colour, alpha=0.2, lw=0)
        else:
            self.ys = gap
        # against samples or epochs a run's loss holds until its next step: GD's one step per
        # epoch is a stair, not a ramp suggesting progress between its updates
        (self.line,) = ax.plot(self.xs, self.ys, color=colour, lw=theme.line * 0.8, ls=linestyle,
                               label=label, path_effects=halo(theme, theme.line * 1.4),
                               drawstyle="default" if x == "step" else "steps-post")
        self.mark = self.cut = None
        if traj.diverged and not traj.population:
            (self.mark,) = ax.plot(self.xs[-1], self.ys[-1], marker="X", ms=theme.marker * 3,
                                   color=colour, mec=theme.ink, mew=theme.line * 0.3)

    @property
    def artists(self):
        return [self.line] + [a for a in (self.mark, self.band, self.cut) if a is not None]

    def show(self, step):
        k = min(step, len(self.xs) - 1)
        self.line.set_data(self.xs[: k + 1], self.ys[: k + 1])
        if self.band is not None:
            x = self.xs[: k + 1]
            self.band.set_verts([np.column_stack([np.r_[x, x[::-1]],
                                                  np.r_[self.lo[: k + 1], self.hi[: k + 1][::-1]]])])
        if self.mark is not None:
            self.mark.set_visible(k >= len(self.xs) - 1)
        if self.cut is not None:
            self.cut.set_visible(k >= len(self.xs) - 1)


def _roughness(ys) -> float:
    """Mean step-to-step change of log10 |loss|: 0 for a smooth descent, large for SGD."""
    y = np.log10(np.abs(ys[np.isfinite(ys)]) + 1e-300)
    return float(np.mean(np.abs(np.diff(y)))) if len(y) > 1 else 0.0


def draw_loss(ax, trajectories, colours, theme, surface=None, x="step", bands=True) -> list[LossCurve]:
    """Draw every trajectory's loss curve on ``ax`` and set up its scales and labels.

    A population's curve is its median, in a band from its 10th to 90th percentile
    (``bands=False``: the median alone, for a figure that draws its own spread)."""
    f_star = getattr(surface, "f_min", None)
    ax.set_label("loss")
    curves = [LossCurve(ax, t, c, theme, f_star, x, bands, ls)
              for t, c, ls in zip(trajectories, colours, assign_linestyles(trajectories))]
    # smooth curves over noisy ones: SGD's band of per-step losses would bury GD's line
    rough = [_roughness(c.ys) for c in curves]
    for rank, i in enumerate(np.argsort(rough, kind="stable")[::-1]):
        curves[i].line.set_zorder(2 + rank / max(len(curves), 1))
    finite = [c.ys[np.isfinite(c.ys)] for c in curves]
    lowest = min((v.min() for v in finite if len(v)), default=1.0)
    if lowest > 0:
        ax.set_yscale("log")
        highest = max((v.max() for v in finite if len(v)), default=1.0)
        if highest < 30 * lowest:
            # within about a decade, log ticks are minor ones labelled "4.6x10^1": plain
            # round numbers instead
            # within a factor of 3, round steps (30, 35, 40); up to 30, 1-2-5 on the log
            # axis (20, 50, 100, 200, 500): both with a tick below and above every curve
            locator = MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]) if highest < 3 * lowest else \
                LogLocator(subs=(1.0, 2.0, 5.0))
            ax.yaxis.set_major_locator(locator)
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.3g}"))
            ax.yaxis.set_minor_formatter(NullFormatter())
            # from a round tick below the lowest curve to one above the highest: curves
            # that end near 31.5 under ticks at 35, 40, 45 could not be read
            ticks = locator.tick_values(lowest, highest)
            below, above = ticks[ticks <= lowest], ticks[ticks >= highest]
            if len(below) and len(above) and 0 < below.max() < above.min():
                ax.set_ylim(below.max(), above.min())
    else:
        ax.set_yscale("symlog", linthresh=1e-3)
        # a decade a tick would label some twenty decades of a saddle's fall: seven at most
        values = np.concatenate([v for v in finite if len(v)] or [np.zeros(1)])
        ax.yaxis.set_major_locator(FixedLocator(symlog_ticks(values.min(), values.max())))
        ax.yaxis.set_minor_locator(NullLocator())
    # a diverged run's loss reaches 1e14; let it leave through the top (its X stays on the
    # edge) instead of squashing every other curve into the bottom of the panel
    calm = [c.ys[np.isfinite(c.ys)] for c in curves if c.mark is None]
    calm = [v for v in calm if len(v)] or [c.ys[np.isfinite(c.ys)][:1] for c in curves]
    top = max(float(v.max()) for v in calm if len(v)) if any(len(v) for v in calm) else None
    if top is not None and any(c.mark is not None for c in curves) and top > 0:
        ax.set_ylim(top=top * 30)
        for c in curves:
            if c.mark is not None:
                c.mark.set_ydata([min(c.ys[-1], top * 30)])
                c.mark.set_clip_on(False)
                if c.ys[-1] > top * 30:     # the axis is cut: say where the curve went
                    c.cut = ax.annotate(f"↑ {tick_text(c.ys[-1])}", (c.xs[-1], top * 30),
                                        xytext=(6, -2), textcoords="offset points", va="top",
                                        fontsize=theme.font * 0.75, color=theme.ink, zorder=6)
    starts = {c.starts for c in curves if c.starts}
    if starts:      # say what a population's curve is: an unlabelled median reads as one run
        many = f"{starts.pop()} starts" if len(starts) == 1 else "the starts"
        gap = "\n" if theme.large else "; "
        ax.set_title(f"lines: median of {many}{gap}bands: 10–90% of them", loc="left",
                     fontsize=theme.font * 0.8)
    ax.set_xlabel(X_LABELS[x])
    # steps and samples are counts: no tick at step 0.5; large type: fewer ticks, or
    # labels such as "10.0" and "12.5" run into each other
    span = max((float(np.nanmax(c.xs)) for c in curves if len(c.xs)), default=0.0)
    ax.xaxis.set_major_locator(MaxNLocator(5 if theme.large else "auto",
                                           steps=[1, 2, 2.5, 5, 10],
                                           integer=x != "epoch" or span >= 4))  # no epoch 2.5
    ax.set_ylabel("loss" if f_star is None else "loss − f*" if f_star else "loss (f* = 0)")
    ax.grid(True, which="major", alpha=0.3, color=theme.contour_line)
    return curves


def draw_lr(ax, trajectories, colours, theme, x="step") -> list:
    """Each run's learning rate against ``x``: what its schedule did (a constant rate is a
    flat line).  A linear axis (a linear warm-up reads as a straight line), log when the
    rates span more than a factor of 1000 and none is 0 (an exponential decay).

    Returns the lines, one per trajectory.
    """
    ax.set_label("learning rate")
    lines = []
    for t, c, ls in zip(trajectories, colours, assign_linestyles(trajectories)):
        xs, lr = x_values(t, x)[1:], np.asarray(t.lr, dtype=float)[1:]    # (step 0 takes no step)
        (line,) = ax.plot(xs, lr, color=c, lw=theme.line * 0.8, ls=ls, label=t.label,
                          path_effects=halo(theme, theme.line * 1.4))
        lines.append(line)
    rates = np.concatenate([np.asarray(t.lr, dtype=float)[1:] for t in trajectories] or [np.ones(1)])
    rates = rates[np.isfinite(rates)]
    if len(rates) and rates.min() > 0 and rates.max() > 1000 * rates.min():
        ax.set_yscale("log")
    else:
        ax.set_ylim(0, 1.08 * (rates.max() if len(rates) and rates.max() > 0 else 1.0))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tick_text(v)))
    ax.set_xlabel(X_LABELS[x])
    ax.set_ylabel("learning rate")
    ax.xaxis.set_major_locator(MaxNLocator(5 if theme.large else "auto", steps=[1, 2, 2.5, 5, 10],
                                           integer=x != "epoch"))
    ax.grid(True, which="major", alpha=0.3, color=theme.contour_line)
    return lines


def symlog_ticks(lo, hi, most=7, linthresh=1e-3) -> list[float]:
    """Ticks for a symmetric-log axis from ``lo`` to ``hi``: 0 and powers of ten either
    side, every k-th decade so that there are at most ``most``.

    >>> symlog_ticks(-1e9, 10.0)
    [-1000000000.0, -100000.0, -10.0, -0.001, 0.0, 0.001, 10.0]
    """
    first = int(np.floor(np.log10(linthresh)))
    up = [10.0**k for k in range(first, int(np.ceil(np.log10(hi))) + 1)] if hi > linthresh else []
    down = [-(10.0**k) for k in range(first, int(np.ceil(np.log10(-lo))) + 1)] if lo < -linthresh else []
    stride = max(1, int(np.ceil((len(up) + len(down)) / max(most - 2, 1))))   # (each side rounds up)
    # from the largest decade down, so that the ends of the range are labelled
    keep_up = up[::-1][::stride][::-1]
    keep_down = down[::-1][::stride]
    return sorted(set(keep_down + [0.0] + keep_up))


def x_values(traj, x):
    if x == "step":
        return np.asarray(traj.steps_at)
    values = getattr(traj, x)
    if values is None:
        raise ValueError(f"plot_loss: x={x!r} needs a surface with samples; "
                         f"{traj.surface['name']!r} has none: use x='step'")
    return values
