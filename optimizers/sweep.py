"""Sweeps: one optimizer, one or two hyper-parameters taking many values, one run.

The values become a population (``get(name, lr=[...])``), so 200 learning rates, or a
200 x 200 grid of learning rate x momentum, are one vectorised run from one start.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from groundwork import checks

from .base import get, hyperparameters
from .outcome import outcomes
from .run import run
from .trajectory import Trajectory

MAX_MEMBERS = 1_000_000


@dataclasses.dataclass(frozen=True, eq=False)
class Sweep:
    """What a sweep ran and what became of each value.

    ``axes`` maps each varied hyper-parameter to its values, in order (one or two);
    with two, member ``k`` of the run is cell ``np.unravel_index(k, shape)`` where
    ``shape = (len(second), len(first))``: rows follow the second, columns the first.
    """

    trajectory: Trajectory
    optimizer: object
    axes: dict
    outcomes: list

    @property
    def shape(self) -> tuple:
        return tuple(len(v) for v in reversed(self.axes.values()))

    def values(self, k: int) -> dict:
        """The hyper-parameter values of member ``k``: ``{"lr": 0.1, ...}``."""
        index = np.unravel_index(k, self.shape)[::-1]
        return {key: float(v[i]) for (key, v), i in zip(self.axes.items(), index)}

    def member(self, k: int) -> Trajectory:
        """The run of member ``k`` alone, labelled with its values: ``GD (lr=0.1)``."""
        return self.trajectory.member(k, label=self.optimizer.member(k).label)

    def kinds(self) -> np.ndarray:
        """Each member's outcome kind, shaped like the sweep."""
        return np.array([o.kind for o in self.outcomes]).reshape(self.shape)


def sweep(surface, optimizer: str, vary: dict, *, start=None, steps=None, epochs=None, seed=0,
          record="all", tol=1e-3, schedule=None, **fixed) -> Sweep:
    """Run ``optimizer`` (a name) on ``surface`` once for every value in ``vary``.

    ``vary`` maps one or two hyper-parameters to their values (two give every pair);
    ``fixed`` sets the others.  ``record="summary"`` keeps only what the outcomes need
    (fast for hundreds of values); the default keeps every step, for drawing paths.

    >>> import landscape
    >>> s = sweep(landscape.get("quadratic", kappa=10), "gd", {"lr": [0.05, 0.25]},
    ...           start=(1.0, 1.0), steps=50)
    >>> [o.words for o in s.outcomes]
    ['too slow: loss 0.003 after 50 steps', 'diverged at step 23']
    """
    known = hyperparameters(optimizer)
    if not isinstance(vary, dict) or not 1 <= len(vary) <= 2:
        raise ValueError(f"sweep: vary={vary!r} must map one or two hyper-parameters of {optimizer} "
                         "to their values, e.g. {'lr': [0.01, 0.1]}")
    axes = {}
    for key, values in vary.items():
        if key not in known:
            checks.choice(f"sweep of {optimizer}", "vary", key, tuple(known))
        if key in fixed:
            raise ValueError(f"sweep: {key} is both varied and fixed ({key}={fixed[key]!r}); give it once")
        if key == "batch_size":
            raise ValueError("sweep: batch_size cannot vary within one run (each value draws "
                             "other batches); run one sweep per batch size")
        values = np.atleast_1d(np.asarray(values, dtype=float)).ravel()
        if values.size == 0:
            raise ValueError(f"sweep: {key} has no values; give at least one")
        axes[key] = values
    size = int(np.prod([len(v) for v in axes.values()]))
    if size > MAX_MEMBERS:
        raise ValueError(f"sweep: {' x '.join(str(len(v)) for v in axes.values())} = {size:,} runs is "
                         f"more than a sweep takes ({MAX_MEMBERS:,}); give fewer values")
    grids = np.meshgrid(*axes.values()) if len(axes) == 2 else list(axes.values())
    members = {key: g.ravel() for key, g in zip(axes, grids)}
    opt = get(optimizer, **fixed, **members)
    t = run(surface, opt, start, steps=steps, epochs=epochs, seed=seed, record=record, tol=tol,
            schedule=schedule)
    return Sweep(t, opt, axes, outcomes(t))

