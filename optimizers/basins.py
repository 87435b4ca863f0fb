"""Basins of attraction: which stationary point each start of a population ends at.

The end points of the members that converged (``converged_at``) are grouped: two ends
closer than ``tol`` belong to the same point.  Every point found is a basin, whether
or not the literature lists it as a minimum; members that diverged or did not converge
in the steps they had are counted apart.
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from groundwork import checks

DIVERGED, UNCONVERGED = -2, -1


@dataclasses.dataclass(frozen=True, eq=False)
class Basin:
    """A stationary point the runs found: where (``point``, the mean of its members'
    ends), its ``loss``, the members that ended there and their ``share`` of all."""

    point: np.ndarray
    loss: float
    members: np.ndarray
    share: float


class Basins(NamedTuple):
    """The points found (largest basin first) and each member's label: the index of its
    basin, ``UNCONVERGED`` (-1) or ``DIVERGED`` (-2)."""

    found: list
    labels: np.ndarray

    @property
    def diverged(self) -> np.ndarray:
        return self.labels == DIVERGED

    @property
    def unconverged(self) -> np.ndarray:
        return self.labels == UNCONVERGED


def basins(trajectory, tol: float) -> Basins:
    """The basins of a population's starts, largest first, and each member's label:
    the index of its basin, ``UNCONVERGED`` (-1) or ``DIVERGED`` (-2).

    >>> import landscape, optimizers
    >>> h = landscape.get("himmelblau")
    >>> t = optimizers.run(h, optimizers.get("gd", lr=0.01), start=landscape.starts(h, "grid", 6),
    ...                    steps=500, record="summary")
    >>> found, labels = basins(t, tol=0.05)
    >>> len(found), round(sum(b.share for b in found), 6)
    (4, 1.0)
    """
    if not getattr(trajectory, "population", False):
        raise ValueError("basins: give a population (a run from several starts, start=(K, dim))")
    tol = checks.number("basins", "tol", tol, low=0.0, low_open=True)
    ends = np.asarray(trajectory.final, dtype=float)
    loss = np.asarray(trajectory.loss[-1], dtype=float)
    labels = np.full(len(ends), UNCONVERGED)
    labels[[d is not None for d in trajectory.diverged_at]] = DIVERGED
    converged = np.array([c is not None for c in trajectory.converged_at]) & (labels != DIVERGED)
    centres: list[np.ndarray] = []
    # lowest loss first: a basin's point is where its best member ended
    for k in np.flatnonzero(converged)[np.argsort(loss[converged], kind="stable")]:
        near = [i for i, c in enumerate(centres) if np.linalg.norm(ends[k] - c) <= tol]
        if near:
            labels[k] = near[0]
        else:
            labels[k] = len(centres)
            centres.append(ends[k])
    found = []
    for i in range(len(centres)):
        members = np.flatnonzero(labels == i)
        found.append(Basin(ends[members].mean(axis=0), float(loss[members].mean()), members,
                           len(members) / len(ends)))
    order = sorted(range(len(found)), key=lambda i: (-len(found[i].members), found[i].loss))
    relabel = {old: new for new, old in enumerate(order)}
    labels = np.array([relabel.get(v, v) for v in labels])
    return Basins([found[i] for i in order], labels)
