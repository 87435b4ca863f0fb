"""Every argument of ``run`` checked into a :class:`Plan` before any work.

What a run will do is decided here: its starts (one per member of a population),
its length, its batches, what is recorded and what that costs in memory.  A bad
argument is one clear error naming it, before the first step.
"""
from __future__ import annotations

import dataclasses
import math
from typing import NamedTuple

import numpy as np

from groundwork import check_fits, checks

MAX_STEPS = 10_000_000
DEFAULT_STEPS = 100
RECORDS = ("all", "summary")   # or a whole number k: every k-th step


class Plan(NamedTuple):
    """A run's arguments, checked: what ``run`` will do, decided before it starts."""

    start: np.ndarray          # (K, dim)
    single: bool               # one start given as (dim,): the record drops the K axis
    total: int                 # steps to take (fewer if every start diverges or it stops early)
    n: int | None              # samples of the surface; None for an analytic surface
    batch_size: int | None     # samples per step (n for the full batch); None without samples
    nbytes: int                # what the record takes in memory
    every: int | None          # record every k-th step (and the last); None: start and end only


def check_run(surface, optimizer, start=None, *, steps=None, epochs=None, seed=0, schedule=None,
              validation=None, patience=None, explode=1e8, record="all", tol=1e-3) -> Plan:
    """Every argument of :func:`run` checked, before any work: one clear error naming the
    first bad one, or the :class:`Plan` of the run (its length, its batches, its memory).

    >>> import landscape, optimizers
    >>> check_run(landscape.get("linreg", n=40), optimizers.get("sgd"), epochs=3).total
    120
    """
    if isinstance(optimizer, type):
        raise TypeError(f"run: optimizer={optimizer.__name__} is a class; give one made from it, "
                        f"e.g. optimizers.get({getattr(optimizer, 'name', '?')!r}, lr=0.01)")
    for attr in ("value", "grad", "dim"):
        if not hasattr(surface, attr):
            raise TypeError(f"run: surface must have value, grad and dim (a landscape Surface), "
                            f"got {type(surface).__name__}")
    for attr in ("init", "step"):
        if not callable(getattr(optimizer, attr, None)):
            raise TypeError(f"run: optimizer must have init(params) and step(params, grad, state), "
                            f"got {type(optimizer).__name__}")
    name = getattr(optimizer, "name", type(optimizer).__name__.lower())
    p = _start(surface, start, getattr(optimizer, "population", None), name)
    every = _every(record)
    if every != 1 and patience is not None:
        raise ValueError(f"run: patience={patience!r} needs every step recorded (record='all'), "
                         f"got record={record!r}")
    checks.number("run", "tol", tol, low=0.0, high=1.0, low_open=True, high_open=True)
    if steps is not None and epochs is not None:
        raise ValueError(f"run: give steps or epochs, not both (steps={steps}, epochs={epochs})")
    most = dict(high=MAX_STEPS, why="the most steps lossviz records")
    steps = None if steps is None else checks.whole("run", "steps", steps, 1, **most)
    epochs = None if epochs is None else checks.whole("run", "epochs", epochs, 1, **most)
    if seed is not None:
        checks.whole("run", "seed", seed, 0)
    n = surface.n_samples
    batch_size = getattr(optimizer, "batch_size", None)
    if batch_size is not None:
        checks.whole(name, "batch_size", batch_size, 1)
    if n is None:
        if epochs is not None:
            raise ValueError(f"run: epochs={epochs} needs a surface with samples; "
                             f"{surface.name!r} is analytic: give steps (--steps) instead")
        if batch_size is not None:
            raise ValueError(
                f"{name}: batch_size={batch_size} needs samples, but {surface.name!r} is an "
                "analytic surface: there GD, SGD and mini-batch are the same; use gd, "
                "or a data surface such as linreg")
        total = DEFAULT_STEPS if steps is None else steps
    else:
        batch_size = n if batch_size is None else batch_size
        if batch_size > n:
            raise ValueError(f"{name}: batch_size={batch_size} is larger than the data ({n} samples); "
                             f"use at most {n}")
        per_epoch = math.ceil(n / batch_size)
        total = steps if steps is not None else epochs * per_epoch if epochs is not None else DEFAULT_STEPS
        if epochs is not None and total > MAX_STEPS:
            raise ValueError(f"run: epochs={epochs} of {per_epoch:,} steps each is {total:,} steps, "
                             f"more than lossviz records ({MAX_STEPS:,}); give at most "
                             f"{MAX_STEPS // per_epoch:,} epochs")
    if total > MAX_STEPS:
        raise ValueError(f"run: steps={total:,} is more than lossviz records ({MAX_STEPS:,}); "
                         "a figure shows far fewer")
    K, dim = np.atleast_2d(p).shape
    # what the record costs: parameters, loss, gradient norm (and validation loss) per
    # start, the learning rate and samples seen per step, the batch's sample indices
    per_step = 8 * K * (dim + 2 + (validation is not None)) + 24 + 8 * (batch_size or 0) * (every == 1)
    rows = 2 if every is None else total // every + 2
    nbytes = rows * per_step
    kept = "" if every == 1 else "the ends of " if every is None else f"every {every}th of "
    check_fits("run", f"recording {kept}{total:,} steps of {K:,} x {dim:,} parameters",
               nbytes, lambda budget: f"give at most {max(1, budget // per_step - 2) * (every or 1):,} "
               "steps, or record fewer (record=k keeps every k-th step)")
    if patience is not None:
        if validation is None:
            raise ValueError(f"run: patience={patience!r} needs a validation surface (validation=...)")
        checks.whole("run", "patience", patience, 1)
    if validation is not None and (getattr(validation, "dim", None) != surface.dim
                                   or getattr(validation, "name", None) != surface.name):
        raise ValueError(f"run: validation={getattr(validation, 'name', validation)!r} "
                         f"(dim={getattr(validation, 'dim', None)}) is not the held-out part of "
                         f"{surface.name!r} (dim={surface.dim}); give surface.validation()")
    checks.number("run", "explode", explode, low=1, low_open=True)
    if schedule is not None:
        if not callable(schedule):
            raise TypeError(f"run: schedule={schedule!r} must be callable (t, lr, total) -> lr_t")
        if not (dataclasses.is_dataclass(optimizer) and hasattr(optimizer, "lr")):
            raise TypeError(f"run: a schedule needs an optimizer dataclass with an lr field, "
                            f"got {type(optimizer).__name__}")
    return Plan(np.atleast_2d(p), p.ndim == 1, total, n, batch_size, nbytes, every)


def _every(record) -> int | None:
    """``record`` as a stride: 1 for "all", k for every k-th step, None for "summary"."""
    if isinstance(record, str):
        return 1 if checks.choice("run", "record", record, RECORDS) == "all" else None
    return checks.whole("run", "record", record, 1)


def _start(surface, start, population, name) -> np.ndarray:
    """The starts as ``(dim,)`` or ``(K, dim)``; one start is repeated for each of the
    K members of an optimizer whose hyper-parameters vary."""
    if start is None:
        start = surface.start
    try:
        p = np.array(start, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"run: start={checks.shown(start)} must be finite numbers") from None
    if p.ndim not in (1, 2) or p.shape[-1] != surface.dim or p.size == 0:
        raise ValueError(f"run: start has shape {p.shape}; {surface.name!r} needs ({surface.dim},) "
                         f"for one start or (K, {surface.dim}) for K >= 1 starts")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"run: start={start!r} must be finite")
    if population is not None:
        if p.ndim == 1:
            return np.tile(p, (population, 1))
        if len(p) != population:
            raise ValueError(f"run: {len(p)} starts for {name}'s {population} hyper-parameter values; "
                             f"give one start (it is used for every value) or {population}")
    return p


