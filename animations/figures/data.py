"""Figures for the lecture on GD, mini-batch GD and SGD on real (generated) data.

Each figure answers one row of the lecture table with facts drawn from real runs:

- :func:`plot_batch`: the same landscape, GD vs mini-batch vs SGD, with loss per
  iteration (what one update buys) and per epoch / samples processed (what the same
  budget of data buys);
- :func:`plot_fan`: several seeds of SGD as a fan (median and spread): the noise;
- :func:`plot_earlystop`: training and validation loss, with the early-stopping
  point marked on the curves and on the landscape.

Landscapes side by side (feature scaling, MSE vs cross-entropy) are in
:mod:`animations.figures.sidebyside`.
"""
from __future__ import annotations

import dataclasses

import numpy as np
from matplotlib import rc_context
from matplotlib.ticker import MaxNLocator

from groundwork import check_output

from ..draw import (add_legend, as_list, assign_colours, check_dims, check_figure, draw_loss,
                    get_theme, new_figure, suptitle, x_values)
from ..encode import FIGURE_SUFFIXES, save_figure
from .plot import plot

BEST_MARKER = "D"


def plot_batch(surface, trajectories, *, fig=None, out=None, theme="paper", bounds=None,
               resolution=300, levels=24):
    """GD, mini-batch GD and SGD on one data surface: paths, loss per iteration and per epoch.

    Left, the paths on the contoured landscape.  Right, top: loss against iteration
    (update step, log axis), where GD's few expensive steps each make more progress.
    Right, bottom: loss against epoch, with samples processed on the top axis: the
    equal-budget comparison, where SGD's many cheap steps get ahead early but stay noisy.
    Each legend entry says how many samples feed one update.  The loss curves are
    drawn from the noisiest (fewest samples per update) to the smoothest, which lies
    on top; the legend keeps the given order.

    Parameters
    ----------
    surface : a finite-sum Surface (``n_samples`` is N), e.g. ``landscape.get("linreg")``
    trajectories : Trajectory or list of them, from ``optimizers.run`` on ``surface``
    fig : draw into this (empty) matplotlib Figure instead of a new one
    out : write the figure here (``.png``, ``.svg``, ``.pdf``), atomically
    theme : ``"paper"``, ``"slides"`` or ``"dark"``
    bounds, resolution, levels : view window, grid points per axis, contour levels

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import landscape, optimizers
    >>> s = landscape.get("linreg", n=40)
    >>> runs = [optimizers.run(s, optimizers.get(name, lr=0.05), epochs=3)
    ...         for name in ("gd", "minibatch", "sgd")]
    >>> fig = plot_batch(s, runs, resolution=30)
    >>> [a.get_xlabel() for a in fig.axes if a.get_label() == "loss"]
    ['iteration', 'epoch']
    """
    trajectories, theme, path = _begin("plot_batch", surface, trajectories, theme, out, fig)
    _need_samples("plot_batch", trajectories, "epoch")
    n = surface.n_samples
    trajectories = [dataclasses.replace(t, label=f"{t.label}: {_per_update(t)}")
                    for t in trajectories]
    with rc_context(theme.rc):
        fig = fig if fig is not None else new_figure(theme, theme.wide_figsize)
        grid = fig.add_gridspec(2, 2, width_ratios=(1.15, 1))
        ax = fig.add_subplot(grid[:, 0])
        per_step = fig.add_subplot(grid[0, 1])
        per_epoch = fig.add_subplot(grid[1, 1], sharey=per_step)
        plot(surface, trajectories, ax=ax, theme=theme, bounds=bounds, resolution=resolution,
             levels=levels, legend=False, title="")
        suptitle(fig, _label(surface), theme)
        # the noisiest curve first, so that the smooth full-batch one lies on top
        order = sorted(range(len(trajectories)), key=lambda i: trajectories[i].batch_size)
        runs = [trajectories[i] for i in order]
        colours = [assign_colours(trajectories, theme)[i] for i in order]
        draw_loss(per_step, runs, colours, theme, surface, "step")
        # GD takes E steps, SGD E*N: only a log axis shows both; symlog keeps step 0
        per_step.set_xscale("symlog", linthresh=1.0)
        per_step.set_xlim(0, None)
        per_step.set_xlabel("iteration")
        draw_loss(per_epoch, runs, colours, theme, surface, "epoch")
        top = per_epoch.secondary_xaxis("top", functions=(lambda e: e * n, lambda s: s / n))
        top.set_xlabel("samples processed")
        _few_ticks(per_epoch, "epoch")
        _few_ticks(top, "samples")
        add_legend(fig, ax, theme)
    return _finish(fig, path)


def plot_fan(surface, runs, reference=None, *, x="epoch", fig=None, out=None, theme="paper",
             bounds=None, resolution=300, levels=24):
    """One stochastic optimizer run with several seeds, drawn as a fan: its noise.

    Left, every seed's path (thin) on the landscape; right, their loss as a median
    line inside two bands: the middle half of the seeds (25-75 %) and all of them
    (min-max).  A ``reference`` run (full-batch GD) is drawn on both for contrast.

    Parameters
    ----------
    surface : Surface the runs were made on
    runs : list of Trajectory, one optimizer with different ``seed=`` (at least 2)
    reference : optional Trajectory drawn as a plain line on both panels
    x : ``"epoch"``, ``"samples"`` or ``"step"``: the loss panel's horizontal axis
    fig, out, theme, bounds, resolution, levels : as in :func:`plot_batch`

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import landscape, optimizers
    >>> s = landscape.get("linreg", n=30)
    >>> sgd = optimizers.get("sgd", lr=0.05)
    >>> runs = [optimizers.run(s, sgd, epochs=2, seed=k) for k in range(4)]
    >>> fig = plot_fan(s, runs, resolution=30)
    >>> loss = [a for a in fig.axes if a.get_label() == "loss"][0]
    >>> [c.get_label() for c in loss.collections]
    ['min-max of 4 seeds', '25-75 %']
    """
    runs, theme, path = _begin("plot_fan", surface, runs, theme, out, fig)
    if len(runs) < 2:
        raise ValueError(f"plot_fan: got {len(runs)} run; a fan needs at least 2 "
                         "(the same optimizer with seed=0, 1, 2, ...)")
    fan = _population(runs)
    others = as_list(reference)
    _need_samples("plot_fan", runs + others, x)
    shown = [fan] + others   # the reference on top, where the fan would hide it
    with rc_context(theme.rc):
        fig = fig if fig is not None else new_figure(theme, theme.wide_figsize)
        ax, loss_ax = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.15, 1)})
        plot(surface, shown, ax=ax, theme=theme, bounds=bounds, resolution=resolution,
             levels=levels, legend=False, title="")
        suptitle(fig, _label(surface), theme)
        colours = assign_colours(shown, theme)
        curves = draw_loss(loss_ax, shown, colours, theme, surface, x, bands=False)  # its own spread below
        curves[0].line.set_label("median")
        gap = fan.loss - (getattr(surface, "f_min", None) or 0.0)
        xs = x_values(fan, x)
        with np.errstate(all="ignore"):   # columns of NaN once runs have diverged
            low, q1, q3, high = np.nanquantile(gap, [0.0, 0.25, 0.75, 1.0], axis=1)
        dark = theme.name == "dark"     # on slate, light bands need more ink to be seen
        loss_ax.fill_between(xs, low, high, color=colours[0], alpha=0.4 if dark else 0.25, lw=0,
                             label=f"min-max of {len(runs)} seeds")
        loss_ax.fill_between(xs, q1, q3, color=colours[0], alpha=0.65 if dark else 0.45, lw=0,
                             label="25-75 %")
        _few_ticks(loss_ax, x)
        # one legend under the figure: inside the panel it would need room above the curves
        # (decades of empty log axis) or sit on them
        add_legend(fig, ax, theme, more=(loss_ax,))
    return _finish(fig, path)


def plot_earlystop(surface, trajectory, *, x="epoch", fig=None, out=None, theme="paper",
                   bounds=None, resolution=300, levels=24):
    """Training and validation loss, and the best point (where early stopping returns to).

    Right, both losses against ``x``: a dashed line and a diamond mark the step with
    the lowest validation loss (``trajectory.best``); if the run stopped early, the
    epochs it waited in vain (its patience) are shaded.  Left, the path on the
    training landscape, with the same diamond at the best parameters.

    Parameters
    ----------
    surface : the training Surface of the run
    trajectory : one Trajectory from ``optimizers.run(..., validation=...)``
    x : ``"epoch"``, ``"samples"`` or ``"step"``
    fig, out, theme, bounds, resolution, levels : as in :func:`plot_batch`

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import landscape, optimizers
    >>> s = landscape.get("linreg", n=10, noise=1.0, seed=2)
    >>> t = optimizers.run(s, optimizers.get("gd", lr=0.1), epochs=60,
    ...                    validation=s.validation(), patience=10)
    >>> t.best, t.stopped_early
    (14, True)
    >>> fig = plot_earlystop(s, t, resolution=30)
    """
    runs, theme, path = _begin("plot_earlystop", surface, trajectory, theme, out, fig)
    if len(runs) != 1 or runs[0].population:
        raise ValueError(f"plot_earlystop: give one trajectory of one start, got {len(runs)} "
                         f"(or a population); draw each run in its own figure")
    (train,) = runs
    if train.val_loss is None or train.best is None:
        raise ValueError(f"plot_earlystop: trajectory {train.label!r} has no validation loss; "
                         "run it with optimizers.run(..., validation=surface.validation())")
    _need_samples("plot_earlystop", runs, x)
    curves = [dataclasses.replace(train, label="training loss"),
              dataclasses.replace(train, loss=train.val_loss, label="validation loss", diverged_at=None)]
    best, xs = train.best, x_values(train, x)
    when = _when(train, best, x)
    with rc_context(theme.rc):
        fig = fig if fig is not None else new_figure(theme, theme.wide_figsize)
        ax, loss_ax = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.15, 1)})
        plot(surface, [train], ax=ax, theme=theme, bounds=bounds, resolution=resolution,
             levels=levels, legend=False, title="training data")
        suptitle(fig, _label(surface), theme)
        # the same run on other data: the optimizer's colour, dashed for validation
        colour = assign_colours(curves[:1], theme)[0]
        curves[1] = curves[1].styled(colour=colour, linestyle="--")
        colours = [colour, colour]
        draw_loss(loss_ax, curves, colours, theme, None, x)
        for axes, point, label in ((ax, train.params[best], f"best: {when}"),
                                   (loss_ax, (xs[best], train.val_loss[best]), "_best")):
            axes.plot(*point, ls="none", marker=BEST_MARKER, ms=theme.marker * 3.2,
                      mfc=colours[1], mec=theme.ink, mew=theme.line * 0.4, zorder=9,
                      label=label)
        loss_ax.axvline(xs[best], color=theme.ink, ls="--", lw=theme.line * 0.4, zorder=1)
        if train.stopped_early:   # the epochs of patience that brought no improvement
            loss_ax.axvspan(xs[best], xs[-1], color=theme.contour_line, alpha=0.15, lw=0,
                            label=f"stopped early ({_when(train, train.steps, x)})")
        _few_ticks(loss_ax, x)
        add_legend(fig, ax, theme, more=(loss_ax,))
    return _finish(fig, path)


# ---------------------------------------------------------------- shared steps
def _begin(owner, surface, trajectories, theme, out, fig=None):
    """Checked trajectories, theme, figure and output path, before any drawing."""
    trajectories = as_list(trajectories)
    if not trajectories:
        raise ValueError(f"{owner}: give at least one trajectory (from optimizers.run)")
    theme = get_theme(theme)
    check_figure(owner, fig)
    path = check_output(out, FIGURE_SUFFIXES, owner) if out is not None else None
    check_dims(surface, trajectories, owner)
    return trajectories, theme, path


def _finish(fig, path):
    if path is not None:
        save_figure(fig, path)
    return fig


def _need_samples(owner, trajectories, x):
    """Epochs and samples exist only for runs on data: say so in one line."""
    if x not in ("step", "epoch", "samples"):
        raise ValueError(f"{owner}: x={x!r} must be 'step', 'epoch' or 'samples'")
    for t in trajectories:
        if x != "step" and getattr(t, x) is None:
            raise ValueError(f"{owner}: {t.label!r} ran on {t.surface['name']!r}, which has no samples, "
                             f"so no {x}s; run on a data surface (such as linreg)"
                             + (" or give x='step'" if owner != "plot_batch" else ""))


def _per_update(traj) -> str:
    """``"16 samples/update, 260 updates"``: what one step costs and how many were taken."""
    b = traj.batch_size
    return f"{b} sample{'s' if b != 1 else ''}/update, {traj.steps} updates"


def _few_ticks(ax, x):
    """Five ticks at most on a loss panel's x axis, so they stay apart in slide type, at
    round numbers (1, 2 or 5 times a power of ten: no epoch 1.5, 3.0, 4.5)."""
    span = abs(np.subtract(*ax.get_xlim()))
    ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10],
                                           integer=x != "epoch" or span >= 4))


def _when(traj, t, x) -> str:
    """Step ``t`` as the loss panel counts: ``"epoch 1.5"`` or ``"step 300"``."""
    return f"step {t}" if x == "step" else f"epoch {traj.epoch[t]:.3g}"


def _population(runs):
    """Runs of one optimizer as one population trajectory: ``(T+1, K, dim)``.

    A run that diverged (or stopped early) is shorter; it is padded with NaN, which
    the path and the quantiles skip.  The runs must share their x values (the same
    batch size on the same data), or the fan would compare different moments.
    """
    names = {t.optimizer.get("name") for t in runs}
    if len(names) > 1 or any(t.population for t in runs):
        raise ValueError(f"plot_fan: runs must be single runs of one optimizer, got "
                         f"{', '.join(sorted(map(str, names)))}; vary only seed=")
    longest = max(runs, key=lambda t: len(t.loss))
    T = len(longest.loss)
    for t in runs:
        if t.samples is not None and not np.array_equal(t.samples, longest.samples[:len(t.loss)]):
            raise ValueError(f"plot_fan: {t.label!r} (seed={t.seed}) sees its samples at other "
                             f"steps than {longest.label!r}; give every run the same batch_size")

    def padded(a):
        return np.concatenate([a, np.full((T - len(a),) + a.shape[1:], np.nan)])

    return dataclasses.replace(
        longest, params=np.stack([padded(t.params) for t in runs], axis=1),
        loss=np.stack([padded(t.loss) for t in runs], axis=1),
        grad_norm=np.stack([padded(t.grad_norm) for t in runs], axis=1),
        diverged_at=tuple(t.diverged_at for t in runs), val_loss=None, best=None,
        label=f"{longest.label}, {len(runs)} seeds", seed=None)


def _label(surface) -> str:
    """The figure's title: the surface's name with its settings, as every figure has it."""
    return getattr(surface, "label", surface.name)
