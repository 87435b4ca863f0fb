"""A one-line caption of what a figure shows, for slides: built from what the runs recorded.

``--caption auto`` on the command line, ``caption="auto"`` in :func:`animations.plot`.
A run that diverged above its optimizer's critical learning rate says so with the
numbers ("GD (lr=0.21) diverges: 0.21 > 2/λmax = 0.2"); otherwise each run's fate in
the words a lecturer uses ("converged in 48 steps", "too slow: loss 2.8 after 1000
steps"), the fastest and the slowest when there are many.
"""
from __future__ import annotations

import landscape
import optimizers

MANY = 3          # more runs than this: the caption names the best and the worst


def auto_caption(surface, trajectories) -> str:
    """What the runs show, in one line (``""`` when there is nothing to say).

    >>> s = landscape.get("quadratic", kappa=10)
    >>> t = optimizers.run(s, optimizers.get("gd", lr=0.21), steps=200)
    >>> auto_caption(s, [t])
    'GD (lr=0.21) diverges: 0.21 > 2/λmax = 0.2 at the minimum'
    """
    many = [t for t in trajectories if t.population]
    runs = [t for t in trajectories if not t.population]
    if many and not runs:        # many starts: how many reached a minimum, how many diverged
        return "; ".join(_starts(t) for t in many)
    if not runs:
        return ""
    for t in runs:       # diverged, or diverging (above its start at the end, not yet stopped)
        if (t.diverged or optimizers.outcomes(t)[0].kind == "diverged") and t.schedule is None:
            words = _over_the_edge(surface, t)
            if words:
                return words
    fates = [(t, optimizers.outcomes(t)[0]) for t in runs]
    if len(fates) > MANY:
        ranked = sorted(fates, key=lambda f: (f[1].kind == "diverged", f[1].loss))
        fates = [ranked[0], ranked[-1]]
    # "converged" is the gradient vanishing: in a local minimum too, so the loss is said
    return "; ".join(f"{t.label}: {o.words}" + (f" (loss {o.loss:.2g})" if o.kind in ("converged", "oscillating")
                                                  and o.step is not None else "") for t, o in fates)


def _starts(t) -> str:
    """"GD (lr=0.01), 25 starts: 20 converged, 5 diverged"."""
    gone = [d is not None for d in t.diverged_at]
    done = [c is not None and not g for c, g in zip(t.converged_at or [None] * len(gone), gone)]
    return f"{t.label}, {len(gone)} starts: {sum(done)} converged, {sum(gone)} diverged"


def _over_the_edge(surface, t) -> str:
    """"GD (lr=0.21) diverges: 0.21 > 2/λmax = 0.2 at the minimum", where the optimizer
    has a critical rate and the surface a known minimum (else "")."""
    settings = dict(t.optimizer)
    name = settings.pop("name", None)
    try:
        opt = optimizers.get(name, **settings)
    except (TypeError, ValueError):        # a plug-in optimizer lossviz cannot rebuild
        return ""
    if not opt.bound or not getattr(surface, "minima", ()):
        return ""
    crit = opt.critical_lr(landscape.curvature(surface).lam_max)
    if crit is None or not opt.lr > crit:
        return ""
    return f"{t.label} diverges: {opt.lr:.3g} > {opt.critical_formula} = {crit:.2g} at the minimum"
