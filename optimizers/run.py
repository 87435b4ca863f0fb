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
import numpy as np

from groundwork import checks

from .base import get
from .plan import check_run
from .record import EarlyStopping, Recorder, Watch, row_dot, rows_finite
from .schedules import settings as schedule_settings


def run(surface, optimizer, start=None, *, steps=None, epochs=None, seed=0, schedule=None,
        validation=None, patience=None, explode=1e8, record="all", tol=1e-3):
    """Run ``optimizer`` on ``surface`` from ``start`` and return the :class:`Trajectory`.

    Parameters
    ----------
    surface : Surface
    optimizer : optimizer object (anything with ``init`` and ``step``) or a name.
        Hyper-parameters given as lists of K values run K members at once.
    start : ``(dim,)`` for one run, ``(K, dim)`` for K runs stepped as one array;
        default ``surface.start``.  With K hyper-parameter values one start is used
        for each of them.
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
    record : ``"all"`` (every step), a whole number k (every k-th step and the
        last: ``Trajectory.step`` says which) or ``"summary"`` (the start and the
        end).  Whatever is recorded, every member's ``diverged_at``,
        ``converged_at``, ``best_loss`` and ``reversals`` are followed step by step.
    tol : a member has converged at the first point whose gradient norm is at most
        ``tol`` times the start's (``converged_at``)

    >>> import landscape
    >>> t = run(landscape.get("quadratic", kappa=4), get("gd", lr=0.1), start=(1.0, 1.0), steps=2)
    >>> t.params[-1]          # (1 - 0.1*1)^2 and (1 - 0.1*4)^2
    array([0.81, 0.36])
    >>> sweep = run(landscape.get("quadratic", kappa=4), get("gd", lr=[0.1, 0.6]), start=(1.0, 1.0),
    ...             record="summary")
    >>> sweep.converged_at, sweep.diverged_at   # 0.9**53 < 1e-3; above 2/4 = 0.5 it diverges
    ((53, None), (None, 28))
    """
    if isinstance(optimizer, str):
        optimizer = get(optimizer)
    plan = check_run(surface, optimizer, start, steps=steps, epochs=epochs, seed=seed,
                     schedule=schedule, validation=validation, patience=patience, explode=explode,
                     record=record, tol=tol)
    name = getattr(optimizer, "name", type(optimizer).__name__.lower())
    p = plan.start.copy()
    loss = np.array(surface.value(p), dtype=float)
    if not np.all(np.isfinite(loss)):
        raise ValueError(f"run: the loss at the start is not finite ({float(loss.flat[0])} at "
                         f"{checks.shown(p.tolist())}): the surface's numbers overflow there")
    val = validation.value(p) if validation is not None else None
    recorder = Recorder(p, loss, val, plan.n, plan.batch_size, plan.total, plan.every)
    watch = Watch(p, loss, tol)
    stopper = EarlyStopping(val[0], patience, plan.n) if val is not None and plan.single else None
    stream = batches(plan.n, plan.batch_size, seed) if plan.n is not None else _forever(None)
    limit = explode * np.maximum(1.0, np.abs(loss))
    lr0 = getattr(optimizer, "lr", math.nan)
    alive, all_alive = np.ones(len(p), dtype=bool), True
    diverged = [None] * len(p)
    state = optimizer.init(p)
    with np.errstate(all="ignore"):  # diverging runs overflow on purpose
        for t in range(1, plan.total + 1):
            batch = next(stream)
            g = surface.grad(p, batch)
            opt_t = optimizer if schedule is None else _with_lr(optimizer, schedule(t, lr0, plan.total), t)
            p, state = _stepped(opt_t.step(p, g, state), p.shape, name)
            loss = np.asarray(surface.value(p), dtype=float)
            # a start diverges where its loss stops being finite or explodes; it becomes
            # NaN from there on (harmless to step, and it keeps the loop vectorised)
            finite = rows_finite(p)
            bad = alive & ~(finite & (np.abs(loss) <= limit))   # NaN loss: not <= limit
            # (NaN steps to NaN: only a start that diverged and still has numbers is set)
            stale = (bad & ~finite) if all_alive else (bad & ~finite) | (~alive & finite)
            if stale.any():
                loss = loss.copy()          # ours to edit, whatever the surface gave
                p[stale], loss[stale] = np.nan, np.nan
            if bad.any():
                for k in np.flatnonzero(bad):
                    diverged[k] = t
                alive &= ~bad
                all_alive = False
            grad_norm = np.sqrt(row_dot(g, g))
            watch.step(t, p, loss, grad_norm)
            val = validation.value(p) if validation is not None else None
            recorder.step(t, p, loss, grad_norm, _recorded_lr(opt_t), batch, val)
            if stopper is not None and stopper.update(t, val[0], recorder.samples_seen):
                break
            if not alive.any():
                break
        finite = rows_finite(p)
        last_norm = np.where(finite, np.linalg.norm(surface.grad(np.where(finite[:, None], p, 0.0)),
                                                    axis=-1), np.nan)
    watch.end(last_norm)
    # a single run that diverged to non-finite parameters ends at its last finite point
    drop_last = plan.single and diverged[0] is not None and not finite[0]
    one = (lambda x: x[0]) if plan.single else tuple
    return recorder.trajectory(
        last_norm, single=plan.single, drop_last=drop_last,
        optimizer=_settings(optimizer, name),
        label=_with_schedule(getattr(optimizer, "label", None) or _label(optimizer, name), schedule),
        surface={"name": getattr(surface, "name", "surface"), **getattr(surface, "params", {})},
        schedule=schedule_settings(schedule), batch_size=plan.batch_size, seed=seed,
        best=stopper.best if stopper is not None else None,
        stopped_early=stopper is not None and stopper.stopped,
        diverged_at=one(diverged), converged_at=one(watch.converged_at),
        best_loss=one(watch.best_loss.tolist()), reversals=one(watch.reversals.tolist()))


def _recorded_lr(optimizer) -> float:
    """The step's learning rate; NaN when it differs between the members of a population."""
    lr = getattr(optimizer, "lr", math.nan)
    return math.nan if isinstance(lr, np.ndarray) else lr


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
    column = isinstance(lr_t, np.ndarray)         # a population's learning rates, (K, 1)
    ok = isinstance(lr_t, numbers.Real) or column and lr_t.dtype.kind == "f"
    if not (ok and np.all(np.isfinite(lr_t)) and np.all(np.asarray(lr_t) >= 0)):
        raise ValueError(f"run: the schedule gave lr={lr_t!r} at step {t}; it must be finite and >= 0")
    opt_t = copy.copy(optimizer)
    object.__setattr__(opt_t, "lr", lr_t if column else float(lr_t))
    return opt_t


def _with_schedule(label: str, schedule) -> str:
    """The legend names the schedule too: ``Adam (lr=0.1, cosine schedule)``.

    >>> from optimizers import get_schedule
    >>> _with_schedule("Adam (lr=0.1)", get_schedule("cosine"))
    'Adam (lr=0.1, cosine schedule)'
    """
    if schedule is None:
        return label
    what = f"{schedule_settings(schedule)['name']} schedule"
    return f"{label[:-1]}, {what})" if label.endswith(")") else f"{label} ({what})"


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
