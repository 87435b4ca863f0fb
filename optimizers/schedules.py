"""Learning-rate schedules: ``schedule(t, lr, total) -> lr_t`` for step ``t = 1..total``.

They follow torch.optim.lr_scheduler's formulas, evaluated per step.
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import numbers

from .base import check_positive, check_unit


@dataclasses.dataclass(frozen=True)
class Constant:
    """``lr_t = lr``."""

    name = "constant"

    def __call__(self, t, lr, total):
        return lr


@dataclasses.dataclass(frozen=True)
class StepDecay:
    """``lr_t = lr * gamma ** ((t - 1) // step_size)``: drop by ``gamma`` every ``step_size`` steps.

    >>> [StepDecay(step_size=2, gamma=0.5)(t, 1.0, 6) for t in range(1, 7)]
    [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    """

    name = "step"
    step_size: int = 100
    gamma: float = 0.1

    def __post_init__(self):
        if isinstance(self.step_size, bool) or not isinstance(self.step_size, numbers.Integral) \
                or self.step_size < 1:
            raise ValueError(f"step schedule: step_size={self.step_size!r} must be a whole number >= 1")
        check_unit("step schedule", "gamma", self.gamma, low_open=True)

    def __call__(self, t, lr, total):
        return lr * self.gamma ** ((t - 1) // self.step_size)


@dataclasses.dataclass(frozen=True)
class Exponential:
    """``lr_t = lr * gamma ** (t - 1)``."""

    name = "exponential"
    gamma: float = 0.99

    def __post_init__(self):
        check_unit("exponential schedule", "gamma", self.gamma, low_open=True)

    def __call__(self, t, lr, total):
        return lr * self.gamma ** (t - 1)


@dataclasses.dataclass(frozen=True)
class Cosine:
    """Cosine annealing from ``lr`` to ``lr_min`` over the whole run.

    >>> s = Cosine()
    >>> s(1, 1.0, 3), s(2, 1.0, 3), s(3, 1.0, 3)
    (1.0, 0.5, 0.0)
    """

    name = "cosine"
    lr_min: float = 0.0

    def __post_init__(self):
        if isinstance(self.lr_min, bool) or not isinstance(self.lr_min, (int, float)) \
                or not 0 <= self.lr_min:
            raise ValueError(f"cosine schedule: lr_min={self.lr_min!r} must be >= 0")

    def __call__(self, t, lr, total):
        frac = (t - 1) / max(total - 1, 1)
        return self.lr_min + 0.5 * (lr - self.lr_min) * (1 + math.cos(math.pi * frac))


@dataclasses.dataclass(frozen=True)
class Warmup:
    """Linear warm-up: ``lr_t = lr * t / steps`` for the first ``steps`` steps, then constant.

    >>> [Warmup(steps=4)(t, 1.0, 10) for t in (1, 2, 4, 9)]
    [0.25, 0.5, 1.0, 1.0]
    """

    name = "warmup"
    steps: int = 10

    def __post_init__(self):
        check_positive("warmup schedule", "steps", self.steps)

    def __call__(self, t, lr, total):
        return lr * min(1.0, t / self.steps)


SCHEDULES = {cls.name: cls for cls in (Constant, StepDecay, Exponential, Cosine, Warmup)}


def get_schedule(name: str, **params):
    """The schedule ``name`` (``constant``, ``step``, ``exponential``, ``cosine``, ``warmup``)."""
    if name not in SCHEDULES:
        close = difflib.get_close_matches(str(name), list(SCHEDULES), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown schedule {name!r}{hint} (known: {', '.join(SCHEDULES)})")
    cls = SCHEDULES[name]
    allowed = [f.name for f in dataclasses.fields(cls)]
    for key in params:
        if key not in allowed:
            raise ValueError(f"{name} schedule: unknown parameter {key!r}; it takes "
                             f"{', '.join(allowed) or 'none'}")
    return cls(**params)
