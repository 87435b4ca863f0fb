"""What became of a run, in the words a lecturer uses: converged, oscillating, too slow,
diverged.

Read from what ``run`` follows for every member (``converged_at``, ``diverged_at``,
``reversals``) and the losses at the two ends, so a summary run (``record="summary"``)
is enough:

- **diverged**: the loss exploded or stopped being finite (``diverged_at``), or it
  ended above where it started (a slow blow-up the run did not stop);
- **oscillating**: the path turned back (two consecutive steps more than 90 degrees
  apart) before it converged, whether it converged or not;
- **converged**: the gradient norm fell to ``tol`` times the start's (``converged_at``);
- **too slow**: none of these by the last step.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

KINDS = ("converged", "oscillating", "slow", "diverged")


@dataclasses.dataclass(frozen=True)
class Outcome:
    """One member's fate: ``kind`` (one of :data:`KINDS`), ``words`` for a title,
    ``step`` (when it converged or diverged, else None), the ``loss`` at its end."""

    kind: str
    words: str
    step: int | None
    loss: float


def outcomes(trajectory) -> list[Outcome]:
    """One :class:`Outcome` per member of ``trajectory`` (one for a single run; a
    :class:`~optimizers.sweep.Sweep` gives its run's).

    >>> import landscape, optimizers
    >>> t = optimizers.run(landscape.get("quadratic", kappa=10), optimizers.get("gd", lr=[0.05, 0.15, 0.25]),
    ...                    start=(1.0, 1.0), steps=200, record="summary")
    >>> [o.words for o in outcomes(t)]
    ['converged in 90 steps', 'oscillating, converged in 29 steps', 'diverged at step 23']
    """
    t = getattr(trajectory, "trajectory", trajectory)      # a Sweep: its run
    each = (lambda field: field) if t.population else (lambda field: (field,))
    start, end = np.atleast_1d(t.loss[0]), np.atleast_1d(t.loss[-1])
    diverged, converged = each(t.diverged_at), each(t.converged_at)
    reversals = each(t.reversals if t.reversals is not None else 0)
    return [_outcome(start[k], end[k], diverged[k], converged[k], reversals[k], t.steps)
            for k in range(len(start))]


def _outcome(first, last, diverged, converged, reversals, steps) -> Outcome:
    last = float(last)
    if diverged is not None:
        return Outcome("diverged", f"diverged at step {diverged}", diverged, last)
    if not math.isfinite(last) or last > first:
        return Outcome("diverged", f"diverging: loss {_num(last)} after {steps} steps (from {_num(first)})",
                       None, last)
    if converged is not None:
        n = f"{converged} step{'s' if converged != 1 else ''}"
        if reversals:
            return Outcome("oscillating", f"oscillating, converged in {n}", converged, last)
        return Outcome("converged", f"converged in {n}", converged, last)
    if reversals:
        return Outcome("oscillating", f"oscillating: loss {_num(last)} after {steps} steps", None, last)
    return Outcome("slow", f"too slow: loss {_num(last)} after {steps} steps", None, last)


def _num(x: float) -> str:
    return f"{x:.2g}" if 1e-3 <= abs(x) < 1e4 or x == 0 else f"{x:.1e}"
