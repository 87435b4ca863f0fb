"""``run``: step an optimizer over a surface and record everything on the way."""
from __future__ import annotations

import copy
import dataclasses
import math
import numbers

import numpy as np

from .base import get
from .trajectory import Trajectory


MAX_STEPS = 10_000_000


def run(surface, optimizer, start=None, *, steps=None, epochs=None, seed=0, schedule=None,
        validation=None, patience=None, explode=1e8) -> Trajectory:
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
    _check_protocols(surface, optimizer)
    name = getattr(optimizer, "name", type(optimizer).__name__.lower())
    p = _start(surface, start)
    single = p.ndim == 1
    p = np.atleast_2d(p).copy()
    n = surface.n_samples
    batch_size = getattr(optimizer, "batch_size", None)
    total, batches = _schedule_batches(surface, name, n, batch_size, steps, epochs, seed)
    if patience is not None:
        if validation is None:
            raise ValueError(f"run: patience={patience!r} needs a validation surface (validation=...)")
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 1:
            raise ValueError(f"run: patience={patience!r} must be a whole number >= 1")
    if validation is not None and getattr(validation, "dim", None) != surface.dim:
        raise ValueError(f"run: validation surface has dim={getattr(validation, 'dim', None)}, "
                         f"the training surface dim={surface.dim}")
    if not (isinstance(explode, (int, float)) and explode > 1):
        raise ValueError(f"run: explode={explode!r} must be a number > 1")
    if schedule is not None:
        if not callable(schedule):
            raise TypeError(f"run: schedule={schedule!r} must be callable (t, lr, total) -> lr_t")
        if not (dataclasses.is_dataclass(optimizer) and hasattr(optimizer, "lr")):
            raise TypeError(f"run: a schedule needs an optimizer dataclass with an lr field, "
                            f"got {type(optimizer).__name__}")

    K = len(p)
    loss0 = np.array(surface.value(p), dtype=float)
    if not np.all(np.isfinite(loss0)):
        raise ValueError(f"run: the loss at start={p.tolist()} is not finite")
    limit = explode * np.maximum(1.0, np.abs(loss0))
    lr0 = getattr(optimizer, "lr", math.nan)
    P, L, G = [p.copy()], [loss0], []
    LR, S, V = [math.nan], [0], []
    alive = np.ones(K, dtype=bool)
    diverged = [None] * K
    best, best_val, waited, stopped = 0, math.inf, 0, False
    if validation is not None:
        V.append(float(validation.value(p[0])) if single else validation.value(p))
        best_val = V[0] if single else math.inf
    state = optimizer.init(p)
    with np.errstate(all="ignore"):  # diverging runs overflow on purpose
        for t in range(1, total + 1):
            batch = next(batches)
            g = surface.grad(p, batch)
            G.append(np.linalg.norm(g, axis=-1))
            opt_t = optimizer
            if schedule is not None:
                opt_t = _with_lr(optimizer, schedule(t, lr0, total), t)
            p, state = opt_t.step(p, g, state)
            p = np.asarray(p, dtype=float)
            loss = np.array(surface.value(p), dtype=float)  # ours to edit, whatever the surface gives
            bad = alive & ~(np.isfinite(loss) & np.all(np.isfinite(p), axis=-1)
                            & (np.abs(loss) <= limit))
            for k in np.flatnonzero(bad):
                diverged[k] = t
            gone = ~alive | (bad & ~np.all(np.isfinite(p), axis=-1))
            p[gone], loss[gone] = np.nan, np.nan
            alive &= ~bad
            P.append(p.copy())
            L.append(loss)
            LR.append(getattr(opt_t, "lr", math.nan))
            S.append(S[-1] + (0 if n is None else n if batch is None else len(batch)))
            if validation is not None:
                V.append(float(validation.value(p[0])) if single else validation.value(p))
                at_check = n is None or S[-1] % n == 0  # on data, patience counts epochs
                if single and at_check and np.isfinite(V[-1]):
                    if V[-1] < best_val:
                        best, best_val, waited = t, V[-1], 0
                    else:
                        waited += 1
                    if patience is not None and waited >= patience:
                        stopped = True
                        break
            if not alive.any():
                break
    # A diverged start keeps stepping NaN to the end: harmless, and it keeps the loop vectorised.
    finite = np.isfinite(P[-1]).all(-1)
    with np.errstate(all="ignore"):
        g_last = np.linalg.norm(surface.grad(np.where(finite[:, None], P[-1], 0.0)), axis=-1)
    G.append(np.where(finite, g_last, np.nan))
    params, loss, grad_norm = np.array(P), np.array(L), np.array(G)
    if single:
        params, loss, grad_norm = params[:, 0], loss[:, 0], grad_norm[:, 0]
        if diverged[0] is not None and not np.all(np.isfinite(params[-1])):
            params, loss, grad_norm = params[:-1], loss[:-1], grad_norm[:-1]
            LR, S = LR[:-1], S[:-1]
            V = V[:-1] if V else V
    samples = np.array(S) if n is not None else None
    return Trajectory(
        params=params, loss=loss, grad_norm=grad_norm, lr=np.array(LR, dtype=float),
        optimizer=_settings(optimizer, name), surface=getattr(surface, "name", "surface"),
        label=getattr(optimizer, "label", None) or _label(optimizer, name),
        epoch=samples / n if n is not None else None, samples=samples,
        val_loss=np.array(V, dtype=float) if validation is not None else None,
        best=best if validation is not None and single else None, stopped_early=stopped,
        diverged_at=diverged[0] if single else tuple(diverged), seed=seed,
    )


def _check_protocols(surface, optimizer):
    for attr in ("value", "grad", "dim"):
        if not hasattr(surface, attr):
            raise TypeError(f"run: surface must have value, grad and dim (a landscape Surface), "
                            f"got {type(surface).__name__}")
    for attr in ("init", "step"):
        if not callable(getattr(optimizer, attr, None)):
            raise TypeError(f"run: optimizer must have init(params) and step(params, grad, state), "
                            f"got {type(optimizer).__name__}")


def _start(surface, start) -> np.ndarray:
    if start is None:
        start = surface.start
    try:
        p = np.array(start, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"run: start={start!r} must be numbers") from None
    if p.ndim not in (1, 2) or p.shape[-1] != surface.dim:
        raise ValueError(f"run: start has shape {p.shape}; {surface.name!r} needs ({surface.dim},) "
                         f"for one start or (K, {surface.dim}) for K starts")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"run: start={start!r} must be finite")
    return p


def _schedule_batches(surface, name, n, batch_size, steps, epochs, seed):
    """Total steps and an iterator of batch index arrays (None = all samples)."""
    if steps is not None and epochs is not None:
        raise ValueError(f"run: give steps or epochs, not both (steps={steps}, epochs={epochs})")
    for key, value in (("steps", steps), ("epochs", epochs)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer))
                                  or value < 1):
            raise ValueError(f"run: {key}={value!r} must be a whole number >= 1")
        if value is not None and value > MAX_STEPS:
            raise ValueError(f"run: {key}={value} is more than lossviz records "
                             f"({MAX_STEPS:,}); a figure shows far fewer")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise TypeError(f"run: seed={seed!r} must be a whole number or None")
    if n is None:
        if epochs is not None:
            raise ValueError(f"run: epochs={epochs} needs a surface with samples; "
                             f"{surface.name!r} is analytic: give steps (--steps) instead")
        if batch_size is not None:
            raise ValueError(
                f"{name}: batch_size={batch_size} needs samples, but {surface.name!r} is an "
                "analytic surface: there GD, SGD and mini-batch are the same; use gd, "
                "or a data surface such as linreg")
        total = 100 if steps is None else int(steps)
        return total, _forever(None)
    b = n if batch_size is None else batch_size
    if b > n:
        raise ValueError(f"{name}: batch_size={b} is larger than the data ({n} samples); "
                         f"use at most {n}")
    per_epoch = math.ceil(n / b)
    total = int(steps) if steps is not None else int(epochs) * per_epoch
    if epochs is None and steps is None:
        total = 100
    return total, batches(n, b, seed)


def _forever(value):
    while True:
        yield value


def batches(n, batch_size, seed=0):
    """The mini-batches ``run`` uses, in order: each epoch a fresh permutation of the ``n``
    samples (from ``seed``) cut into ceil(n / batch_size) batches; ``None`` (all samples,
    no shuffle) when ``batch_size`` is n.  Figures use it to show the batch of a step.

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
