"""Landscapes side by side, each with its optimizer's path.

Two lecture points are a pair of landscapes more than anything else:

- feature scaling (:func:`plot_scaling`): raw features give a long narrow valley
  (a large Hessian condition number kappa), standardised ones a round bowl
  (kappa near 1), and the same optimizer zigzags in the first and walks straight
  down the second;
- the loss of a logistic neuron (:func:`plot_side_by_side` on ``logreg`` and
  ``logreg_mse``): cross-entropy is a convex bowl, squared error has flat plateaus;
- missing values (:func:`plot_missing`): dropping incomplete samples keeps the shape,
  filling gaps with the mean raises the floor and flattens the valley.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib import rc_context

import landscape
from groundwork import check_output

from ..draw import (add_legend, as_list, assign_colours, assign_linestyles, check_dims, check_figure,
                    get_theme, new_figure, nice_log_levels)
from ..draw import suptitle as figure_title      # (``suptitle`` is a parameter's name here)
from ..encode import FIGURE_SUFFIXES, save_figure
from .plot import plot

SCALE_NAMES = {"none": "raw features", "standard": "standardised", "minmax": "min-max scaled"}
MISSING_NAMES = {"drop": "incomplete dropped", "mean": "mean-filled", "median": "median-filled"}


def plot_side_by_side(surfaces, trajectories=None, *, titles=None, suptitle=None, fig=None,
                      out=None, theme="paper", bounds=None, resolution=300, levels=24, below=None):
    """Contour several surfaces in a row, each with its own trajectories.

    Parameters
    ----------
    surfaces : list of 2-D Surfaces, one panel each
    trajectories : one entry per surface: a Trajectory, a list of them, or None
    titles : one panel title per surface; default each surface's short title
    suptitle : a title over the whole figure; default the data the surfaces share
    fig : draw into this (empty) matplotlib Figure instead of a new one
    out : write the figure here (``.png``, ``.svg``, ``.pdf``), atomically
    theme : ``"paper"``, ``"slides"`` or ``"dark"``
    bounds, resolution, levels : view window (the same for every panel; default each
        surface's own), grid points per axis, contour levels
    below : a second row: ``below(ax, surface, trajectories, theme)`` draws under each
        landscape (as :func:`plot_missing` draws the data)

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    The logistic neuron on one data set, with cross-entropy and with squared error:

    >>> import landscape
    >>> pair = [landscape.get("logreg"), landscape.get("logreg_mse")]
    >>> fig = plot_side_by_side(pair, resolution=30)
    >>> [a.get_title(loc="left") for a in fig.axes if a.get_label() == "surface"]
    ['Logistic regression, cross-entropy', 'Logistic regression, MSE']
    >>> fig._suptitle.get_text()
    'Logistic regression: cross-entropy vs MSE (n=100, noise=1, seed=0)'
    """
    if not isinstance(surfaces, (list, tuple)):
        raise TypeError(f"plot_side_by_side: surfaces must be a list of surfaces, one a panel; got "
                        f"{type(surfaces).__name__}")
    surfaces = list(surfaces)
    if not surfaces:
        raise ValueError("plot_side_by_side: surfaces is empty; give one surface per panel")
    check_figure("plot_side_by_side", fig)
    trajectories = [None] * len(surfaces) if trajectories is None else list(trajectories)
    titles = [_short_title(s) for s in surfaces] if titles is None else list(titles)
    for key, values in (("trajectories", trajectories), ("titles", titles)):
        if len(values) != len(surfaces):
            raise ValueError(f"plot_side_by_side: {len(values)} {key} for {len(surfaces)} "
                             f"surfaces; give one per surface (None for none)")
    trajectories = [as_list(t) for t in trajectories]
    for s, ts in zip(surfaces, trajectories):
        check_dims(s, ts, "plot_side_by_side")
    theme = get_theme(theme)
    trajectories = _one_look(trajectories, theme)
    path = check_output(out, FIGURE_SUFFIXES, "plot_side_by_side") if out is not None else None
    suptitle = _shared_data(surfaces) if suptitle is None else suptitle
    with rc_context(theme.rc):
        w, h = theme.wide_figsize
        # a second row: taller on paper; a slide stays 16:9
        fig = fig if fig is not None else new_figure(
            theme, (w, h * (1.0 if theme.large else 1.6)) if below else (w, h))
        grid = fig.subplots(2 if below else 1, len(surfaces), squeeze=False,
                            height_ratios=[1.7, 1] if below else None)
        axes = grid[0]
        for ax, s, ts, title in zip(axes, surfaces, trajectories, titles):
            plot(s, ts, ax=ax, theme=theme, bounds=bounds, resolution=resolution,
                 levels=levels, legend=False, title=title)
        for ax, s, ts in zip(grid[1] if below else (), surfaces, trajectories):
            below(ax, s, ts, theme)
        if suptitle:
            figure_title(fig, suptitle, theme)
        # one legend for all panels, each run named once
        with_paths = [ax for ax in axes if ax.get_legend_handles_labels()[0]]
        if with_paths:
            add_legend(fig, with_paths[0], theme, more=with_paths[1:])
    if path is not None:
        save_figure(fig, path)
    return fig


def plot_scaling(surfaces, trajectories=None, **options):
    """Unscaled and scaled landscapes side by side, each titled with its condition number.

    The condition number kappa of the Hessian says how narrow the valley is: the
    ratio of the steepest to the flattest curvature.  Raw features give a large kappa
    (a long narrow valley, where gradient descent zigzags across and creeps along);
    standardised ones give kappa near 1 (a round bowl, where it walks straight in).

    Parameters
    ----------
    surfaces : ``(unscaled, scaled)``, e.g. ``linreg`` with ``scale="none"`` and
        ``scale="standard"``; any 2-D surfaces work (``quadratic`` with two kappas)
    trajectories : one entry per surface (the same optimizer on each, for the lesson)
    **options : as in :func:`plot_side_by_side` (titles default to scaling and kappa)

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import landscape
    >>> pair = [landscape.get("linreg", scale=s) for s in ("none", "standard")]
    >>> fig = plot_scaling(pair, resolution=30)
    >>> [a.get_title(loc="left") for a in fig.axes if a.get_label() == "surface"]
    ['raw features: κ = 171', 'standardised: κ = 1']
    """
    surfaces = list(surfaces)
    titles = []
    for s in surfaces:
        scale = getattr(s, "params", {}).get("scale")
        name = SCALE_NAMES.get(scale, f"scale={scale}") if scale else _short_title(s)
        titles.append(f"{name}: κ = {condition_number(s):.3g}")
    options.setdefault("titles", titles)   # short: they must fit over a slide's panel
    return plot_side_by_side(surfaces, trajectories, **options)


def plot_missing(surfaces, trajectories=None, **options):
    """Complete data beside the same data with gaps, each remedy a panel titled with its
    samples and the lowest loss it allows (its floor).

    Dropping the incomplete samples keeps the landscape's shape on fewer samples;
    filling gaps with the mean keeps every sample, but the filled ones sit at one x and
    cannot be fitted: the floor rises, and the valley flattens along ``w`` (less spread
    in x).  In one feature, the mean-filled least-squares slope (in raw units) is exactly
    the complete-case one: the filled points add nothing to the covariance.

    Parameters
    ----------
    surfaces : data surfaces that differ in ``missing`` and ``impute`` (e.g. ``linreg``
        with ``missing=0``, then ``missing=0.3`` and ``impute="drop"``, then ``"mean"``)
    trajectories : one entry per surface
    **options : as in :func:`plot_side_by_side` (titles default to the remedy, N and floor)

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import landscape
    >>> trio = [landscape.get("linreg")] + [landscape.get("linreg", missing=0.3, impute=i)
    ...                                     for i in ("drop", "mean")]
    >>> fig = plot_missing(trio, resolution=30)
    >>> [a.get_title(loc="left") for a in fig.axes if a.get_label() == "surface"]
    ['complete: N = 100, floor 0.27', 'incomplete dropped: N = 75, floor 0.267', 'mean-filled: N = 100, floor 10.6']
    """
    surfaces = list(surfaces)
    titles, large = [], get_theme(options.get("theme", "paper")).large
    for s in surfaces:
        if not hasattr(s, "filled"):
            raise TypeError(f"plot_missing: {getattr(s, 'name', s)!r} is not a data surface with "
                            "missing values (linreg, logreg, ...)")
        remedy = ("complete" if not s.missing else
                  MISSING_NAMES.get(s.impute, f"impute={s.impute}"))
        floor = f", floor {s.f_min:.3g}" if s.f_min is not None else ""
        # two lines on a slide: three panels' titles must not run into each other
        titles.append(f"{remedy}:{chr(10) if large else ' '}N = {s.n_samples}{floor}")
    options.setdefault("titles", titles)
    # one colour scale (absolute loss) for every panel: the raised floor shows as colour
    if "levels" not in options:
        floors = [s.f_min for s in surfaces if s.f_min is not None]
        with np.errstate(all="ignore"):
            tops = [np.nanmax(landscape.grid(s, n=40, bounds=options.get("bounds"))[2]) for s in surfaces]
        if floors and max(tops) > min(floors) > 0:
            options["levels"] = np.concatenate([[0.0], nice_log_levels(min(floors), max(tops), 24)])
    share = max(s.missing for s in surfaces)
    if share and "suptitle" not in options:
        shared = _shared_data(surfaces)
        model, _, data = shared.partition(" (")
        options["suptitle"] = f"{model}: {share:.0%} of x missing" + (f" ({data}" if data else "")
    return plot_side_by_side(surfaces, trajectories, below=_data_row, **options)


def _data_row(ax, surface, trajectories, theme):
    """The samples in raw units (the filled-in ones hollow, at the value they were given) and
    each run's line at its end: what the landscape above is the loss of."""
    scaler = surface.fitted.scaler
    x = surface.x * scaler.factor[0] + scaler.shift[0]
    y, filled = surface.y, surface.filled
    size = (theme.marker * 0.8) ** 2
    ax.scatter(x[~filled], y[~filled], s=size, color=theme.ink, alpha=0.5, lw=0, label="sample")
    if filled.any():
        ax.scatter(x[filled], y[filled], s=size * 2, facecolors="none", edgecolors=theme.ink,
                   lw=theme.line * 0.45, zorder=3)
        # named where they are (up-left of the column, where a rising line is not)
        top = int(np.argmax(np.where(filled, y, -np.inf)))
        ax.annotate("filled in ", (x[top], y[top]), ha="right", va="top", color=theme.ink,
                    fontsize=theme.font * 0.8)
    xs = np.linspace(x.min(), x.max(), 2)
    for t in trajectories:
        w, b = t.params[-1]
        look = t.style or {}
        ax.plot(xs, w * (xs - scaler.shift[0]) / scaler.factor[0] + b, lw=theme.line,
                color=look.get("colour"), ls=look.get("linestyle", "-"), zorder=4)
    ax.set_xlabel("x (raw units)")
    ax.set_ylabel("y")


def condition_number(surface, at=None) -> float:
    """The Hessian's condition number ``|lambda|max / |lambda|min`` at a point.

    How much steeper the landscape is across its valley than along it: 1 for a round
    bowl.  ``at`` defaults to the surface's minimum (else its start); the Hessian is
    ``landscape.curvature``'s (the surface's own, else central differences).

    >>> import landscape
    >>> round(condition_number(landscape.get("quadratic", kappa=10)), 6)
    10.0
    """
    if at is None:
        at = surface.minima[0] if getattr(surface, "minima", ()) else surface.start
    curvature = np.abs(landscape.curvature(surface, at).eigenvalues)
    return float(curvature.max() / curvature.min()) if curvature.min() > 0 else math.inf


def _one_look(panels, theme):
    """Colours and line styles chosen across every panel, as in one figure: two GD runs in
    two panels are told apart in the one legend (a shade and a dashed line), and one run
    (one label) drawn in several panels looks the same in each, as its one legend entry."""
    firsts = {}
    for t in (t for ts in panels for t in ts):
        firsts.setdefault(t.label, t)
    runs = list(firsts.values())
    looks = dict(zip(firsts, zip(assign_colours(runs, theme), assign_linestyles(runs))))
    return [[t.styled(colour=looks[t.label][0], linestyle=looks[t.label][1]) for t in ts]
            for ts in panels]


def _short_title(surface) -> str:
    return getattr(surface, "title", "") or getattr(surface, "label", surface.name)


def _shared_data(surfaces) -> str:
    """What the panels share: ``"Linear regression, MSE (n=200, noise=0.5, seed=0)"``.

    The model's title when every panel has the same one ("Model: loss A vs loss B" when
    only the loss after the comma differs), with the data when every panel is on the
    same data; ``""`` when they share neither.
    """
    keys = ("n", "noise", "seed")
    made = {tuple(getattr(s, "params", {}).get(k) for k in keys) for s in surfaces}
    data = ""
    if len(made) == 1 and None not in next(iter(made)):
        data = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                         for k, v in zip(keys, next(iter(made))))
    titles = list(dict.fromkeys(getattr(s, "title", "") for s in surfaces))
    models = {t.partition(", ")[0] for t in titles}
    if len(titles) == 1:
        title = titles[0]
    elif len(models) == 1 and all(", " in t for t in titles):
        title = f"{models.pop()}: {' vs '.join(t.partition(', ')[2] for t in titles)}"
    else:
        title = ""
    if title and data:
        return f"{title} ({data})"
    return title or (f"the same data: {data}" if data else "")
