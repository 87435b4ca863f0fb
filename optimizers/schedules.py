"""Learning-rate schedules: ``schedule(t, lr, total) -> lr_t`` for step ``t = 1..total``.

They follow torch.optim.lr_scheduler's formulas, evaluated per step.
"""
from __future__ import annotations

import dataclasses
import math

from groundwork import Registry, checks

SCHEDULES = Registry("schedule")


@SCHEDULES.register
@dataclasses.dataclass(frozen=True)
class Constant:
    """``lr_t = lr``."""

    name = "constant"

    def __call__(self, t, lr, total):
        return lr


@SCHEDULES.register
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
        checks.whole("step schedule", "step_size", self.step_size, 1)
        checks.unit("step schedule", "gamma", self.gamma, low_open=True)

    def __call__(self, t, lr, total):
        return lr * self.gamma ** ((t - 1) // self.step_size)


@SCHEDULES.register
@dataclasses.dataclass(frozen=True)
class Exponential:
    """``lr_t = lr * gamma ** (t - 1)``."""

    name = "exponential"
    gamma: float = 0.99

    def __post_init__(self):
        checks.unit("exponential schedule", "gamma", self.gamma, low_open=True)

    def __call__(self, t, lr, total):
        return lr * self.gamma ** (t - 1)


@SCHEDULES.register
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
        checks.non_negative("cosine schedule", "lr_min", self.lr_min)

    def __call__(self, t, lr, total):
        frac = (t - 1) / max(total - 1, 1)
        return self.lr_min + 0.5 * (lr - self.lr_min) * (1 + math.cos(math.pi * frac))


@SCHEDULES.register
@dataclasses.dataclass(frozen=True)
class Warmup:
    """Linear warm-up: ``lr_t = lr * t / steps`` for the first ``steps`` steps, then constant.

    >>> [Warmup(steps=4)(t, 1.0, 10) for t in (1, 2, 4, 9)]
    [0.25, 0.5, 1.0, 1.0]
    """

    name = "warmup"
    steps: int = 10

    def __post_init__(self):
        checks.whole("warmup schedule", "steps", self.steps, 1)

    def __call__(self, t, lr, total):
        return lr * min(1.0, t / self.steps)


def get_schedule(name: str, **params):
    """The schedule ``name`` (``constant``, ``step``, ``exponential``, ``cosine``, ``warmup``).

    >>> get_schedule("Cosine", lr_min=0.01)
    Cosine(lr_min=0.01)
    """
    return SCHEDULES.create(name, **params)


def settings(schedule) -> dict | None:
    """What a Trajectory records of a schedule: ``{"name": "cosine", "lr_min": 0.0}``."""
    if schedule is None:
        return None
    name = getattr(schedule, "name", None) or getattr(schedule, "__name__", type(schedule).__name__)
    fields = dataclasses.asdict(schedule) if dataclasses.is_dataclass(schedule) else {}
    return {"name": name, **fields}
