"""Landscapes side by side, each with its optimizer's path.

Two lecture points are a pair of landscapes more than anything else:

- feature scaling (:func:`plot_scaling`): raw features give a long narrow valley
  (a large Hessian condition number kappa), standardised ones a round bowl
  (kappa near 1), and the same optimizer zigzags in the first and walks straight
  down the second;
- the loss of a logistic neuron (:func:`plot_side_by_side` on ``logreg`` and
  ``logreg_mse``): cross-entropy is a convex bowl, squared error has flat plateaus.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib import rc_context

import landscape
from groundwork import check_output

from ..draw import (add_legend, as_list, assign_colours, assign_linestyles, check_dims, check_figure,
                    get_theme, new_figure)
from ..draw import suptitle as figure_title      # (``suptitle`` is a parameter's name here)
from ..encode import FIGURE_SUFFIXES, save_figure
from .plot import plot

SCALE_NAMES = {"none": "raw features", "standard": "standardised", "minmax": "min-max scaled"}


def plot_side_by_side(surfaces, trajectories=None, *, titles=None, suptitle=None, fig=None,
                      out=None, theme="paper", bounds=None, resolution=300, levels=24):
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
        fig = fig if fig is not None else new_figure(theme, theme.wide_figsize)
        axes = np.atleast_1d(fig.subplots(1, len(surfaces)))
        for ax, s, ts, title in zip(axes, surfaces, trajectories, titles):
            plot(s, ts, ax=ax, theme=theme, bounds=bounds, resolution=resolution,
                 levels=levels, legend=False, title=title)
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
