"""``run``: step an optimizer over a surface and record everything on the way.

In four parts: the arguments are checked into a :class:`Plan` before any work, the
step loop moves the parameters, a :class:`~optimizers.record.Recorder` keeps what
each step saw, and :class:`~optimizers.record.EarlyStopping` watches a validation
loss.  Inside, the parameters are always ``(K, dim)``: one start is a population
of one.
"""
from __future__ import annotations

import copy
import dataclasses
import math
import numbers
from typing import NamedTuple

import numpy as np

from groundwork import check_fits, checks

from .base import get
from .record import EarlyStopping, Recorder
from .schedules import settings as schedule_settings

MAX_STEPS = 10_000_000
DEFAULT_STEPS = 100


class Plan(NamedTuple):
    """A run's arguments, checked: what ``run`` will do, decided before it starts."""

    start: np.ndarray          # (K, dim)
    single: bool               # one start given as (dim,): the record drops the K axis
    total: int                 # steps to take (fewer if every start diverges or it stops early)
    n: int | None              # samples of the surface; None for an analytic surface
    batch_size: int | None     # samples per step (n for the full batch); None without samples
    nbytes: int                # what the record of every step takes in memory


def run(surface, optimizer, start=None, *, steps=None, epochs=None, seed=0, schedule=None,
        validation=None, patience=None, explode=1e8):
    """Run ``optimizer`` on ``surface`` from ``start`` and return the :class:`Trajectory`.

    Parameters
    ----------
    surface : Surface
    optimizer : optimizer object (anything with ``init`` and ``step``) or a name
    start : ``(dim,)`` for one run, ``(K, dim)`` for K runs stepped as one array;
        default ``surface.start``
    steps, epochs : how long to run; give one (``epochs`` needs a surface with
        samples: iterations per epoch are ``ceil(N / batch_size)``).  Default 100 steps.
    seed : seeds the mini-batch shuffling; the same seed gives the same trajectory,
        bit for bit
    schedule : ``schedule(t, lr, total) -> lr_t`` (see ``optimizers.schedules``)
    validation : a surface on held-out data whose loss is recorded at every point
    patience : stop when the validation loss has not improved for this many epochs
        (steps, on a surface without samples); the best point is recorded
    explode : a loss whose size exceeds ``explode * max(1, |loss_0|)`` counts as
        diverged, as does a non-finite one.  Divergence ends the run; it is recorded
        in ``diverged_at``, never raised.

    >>> import landscape
    >>> t = run(landscape.get("quadratic", kappa=4), get("gd", lr=0.1), start=(1.0, 1.0), steps=2)
    >>> t.params[-1]          # (1 - 0.1*1)^2 and (1 - 0.1*4)^2
    array([0.81, 0.36])
    """
    if isinstance(optimizer, str):
        optimizer = get(optimizer)
    plan = check_run(surface, optimizer, start, steps=steps, epochs=epochs, seed=seed,
                     schedule=schedule, validation=validation, patience=patience, explode=explode)
    name = getattr(optimizer, "name", type(optimizer).__name__.lower())
    p = plan.start.copy()
    loss = np.array(surface.value(p), dtype=float)
    if not np.all(np.isfinite(loss)):
        raise ValueError(f"run: the loss at the start is not finite ({float(loss.flat[0])} at "
                         f"{checks.shown(p.tolist())}): the surface's numbers overflow there")
    val = validation.value(p) if validation is not None else None
    record = Recorder(p, loss, val, plan.n, plan.batch_size, plan.total)
    watch = EarlyStopping(val[0], patience, plan.n) if val is not None and plan.single else None
    stream = batches(plan.n, plan.batch_size, seed) if plan.n is not None else _forever(None)
    limit = explode * np.maximum(1.0, np.abs(loss))
    lr0 = getattr(optimizer, "lr", math.nan)
    alive = np.ones(len(p), dtype=bool)
    diverged = [None] * len(p)
    state = optimizer.init(p)
    with np.errstate(all="ignore"):  # diverging runs overflow on purpose
        for t in range(1, plan.total + 1):
            batch = next(stream)
            g = surface.grad(p, batch)
            opt_t = optimizer if schedule is None else _with_lr(optimizer, schedule(t, lr0, plan.total), t)
            p, state = _stepped(opt_t.step(p, g, state), p.shape, name)
            loss = np.array(surface.value(p), dtype=float)  # ours to edit, whatever the surface gives
            # a start diverges where its loss stops being finite or explodes; it becomes
            # NaN from there on (harmless to step, and it keeps the loop vectorised)
            bad = alive & ~(np.isfinite(loss) & np.all(np.isfinite(p), axis=-1) & (np.abs(loss) <= limit))
            for k in np.flatnonzero(bad):
                diverged[k] = t
            gone = ~alive | (bad & ~np.all(np.isfinite(p), axis=-1))
            p[gone], loss[gone] = np.nan, np.nan
            alive &= ~bad
            val = validation.value(p) if validation is not None else None
            record.step(p, loss, np.linalg.norm(g, axis=-1), getattr(opt_t, "lr", math.nan), batch, val)
            if watch is not None and watch.update(t, val[0], record.samples_seen):
                break
            if not alive.any():
                break
        finite = np.isfinite(p).all(-1)
        last_norm = np.linalg.norm(surface.grad(np.where(finite[:, None], p, 0.0)), axis=-1)
    # a single run that diverged to non-finite parameters ends at its last finite point
    drop_last = plan.single and diverged[0] is not None and not finite[0]
    return record.trajectory(
        np.where(finite, last_norm, np.nan), single=plan.single, drop_last=drop_last,
        optimizer=_settings(optimizer, name), label=getattr(optimizer, "label", None) or _label(optimizer, name),
        surface={"name": getattr(surface, "name", "surface"), **getattr(surface, "params", {})},
        schedule=schedule_settings(schedule), batch_size=plan.batch_size, seed=seed,
        best=watch.best if watch is not None else None,
        stopped_early=watch is not None and watch.stopped,
        diverged_at=diverged[0] if plan.single else tuple(diverged))


def _stepped(out, shape, name):
    """What a ``step`` returned, checked: ``(params of the same shape, state)``."""
    if not (isinstance(out, tuple) and len(out) == 2):
        raise TypeError(f"run: {name}.step must return (params, state), got {type(out).__name__}")
    try:
        p = np.asarray(out[0], dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"run: {name}.step returned params that are not numbers: {out[0]!r}") from None
    if p.shape != shape:
        raise ValueError(f"run: {name}.step returned params of shape {p.shape}; they must keep "
                         f"the shape of the params it was given, {shape}")
    return p, out[1]


def check_run(surface, optimizer, start=None, *, steps=None, epochs=None, seed=0, schedule=None,
              validation=None, patience=None, explode=1e8) -> Plan:
    """Every argument of :func:`run` checked, before any work: one clear error naming the
    first bad one, or the :class:`Plan` of the run (its length, its batches, its memory).

    >>> import landscape
    >>> check_run(landscape.get("linreg", n=40), get("sgd"), epochs=3).total
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
    p = _start(surface, start)
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
    per_step = 8 * K * (dim + 2 + (validation is not None)) + 16 + 8 * (batch_size or 0)
    nbytes = (total + 1) * per_step
    check_fits("run", f"recording {total:,} steps of {K:,} x {dim:,} parameters", nbytes,
               lambda budget: f"give at most {max(1, budget // per_step - 1):,} steps")
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
    return Plan(np.atleast_2d(p), p.ndim == 1, total, n, batch_size, nbytes)


def _start(surface, start) -> np.ndarray:
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
    return p


def _forever(value):
    while True:
        yield value


def batches(n, batch_size, seed=0):
    """The mini-batches ``run`` uses, in order: each epoch a fresh permutation of the ``n``
    samples (from ``seed``) cut into ceil(n / batch_size) batches; ``None`` (all samples,
    no shuffle) when ``batch_size`` is n.

    >>> it = batches(5, 2, seed=0)
    >>> [len(next(it)) for _ in range(4)]      # 2, 2, 1, then the next epoch
    [2, 2, 1, 2]
    """
    rng = np.random.default_rng(seed)
    b = n if batch_size is None else batch_size
    if b == n:
        yield from _forever(None)
    while True:
        order = rng.permutation(n)
        for i in range(0, n, b):
            yield order[i:i + b]


def _with_lr(optimizer, lr_t, t):
    """A copy of ``optimizer`` with learning rate ``lr_t``.

    Not through ``dataclasses.replace``: a schedule may reach lr = 0 (cosine does, on
    its last step), which a user-given lr must not be.
    """
    if not (isinstance(lr_t, numbers.Real) and math.isfinite(lr_t) and lr_t >= 0):
        raise ValueError(f"run: the schedule gave lr={lr_t!r} at step {t}; it must be finite and >= 0")
    opt_t = copy.copy(optimizer)
    object.__setattr__(opt_t, "lr", float(lr_t))
    return opt_t


def _label(optimizer, name) -> str:
    """A legend label for a plug-in optimizer without one: ``signgd (lr=0.1)``."""
    settings = {k: v for k, v in _settings(optimizer, name).items() if k != "name"}
    args = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in settings.items())
    return f"{name} ({args})" if args else name


def _settings(optimizer, name) -> dict:
    if hasattr(optimizer, "settings"):
        return dict(optimizer.settings)
    if dataclasses.is_dataclass(optimizer):
        return {"name": name, **dataclasses.asdict(optimizer)}
    return {"name": name}
