"""What every optimizer shares: hyper-parameter checks, labels and the registry.

An optimizer is a frozen dataclass of hyper-parameters with two pure methods,
``init(params) -> state`` and ``step(params, grad, state) -> (params, state)``.
State is returned, never stored, so one optimizer object can drive any number of
runs, and a whole population of starts ``(K, dim)`` steps as one array.
"""
from __future__ import annotations

import dataclasses
from typing import ClassVar

import numpy as np

from groundwork import Registry, checks

OPTIMIZERS = Registry("optimizer", setting="hyper-parameter")


def register(cls):
    """Class decorator: make an optimizer available to ``get`` under ``cls.name``."""
    return OPTIMIZERS.register(cls)


def names() -> list[str]:
    """Names of the registered optimizers, in lecture order.

    >>> names()[:3]
    ['gd', 'sgd', 'minibatch']
    """
    return OPTIMIZERS.names()


def optimizer_class(name: str) -> type:
    """The class registered as ``name``, or a ValueError suggesting the closest name."""
    return OPTIMIZERS.lookup(name)


def hyperparameters(name: str) -> dict[str, object]:
    """The hyper-parameters of optimizer ``name`` with their defaults.

    >>> hyperparameters("adam")
    {'lr': 0.001, 'batch_size': None, 'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-08}
    """
    return OPTIMIZERS.settings(name)


def get(name: str, **hyper):
    """The optimizer ``name`` with hyper-parameters ``hyper`` (validated).

    >>> get("Adam", lr=0.05).label
    'Adam (lr=0.05)'
    """
    return OPTIMIZERS.create(name, **hyper)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Optimizer:
    """Base of the built-in optimizers: ``lr`` and ``batch_size`` for all.

    ``batch_size`` says how many samples feed each gradient on a finite-sum
    surface: ``None`` means all of them (full-batch).
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    shown: ClassVar[tuple] = ("lr",)

    lr: float = 1e-3
    batch_size: int | None = None

    def __post_init__(self):
        checks.positive(self.name, "lr", self.lr)
        if self.batch_size is not None:
            checks.whole(self.name, "batch_size", self.batch_size, 1)   # None: the full batch

    @property
    def settings(self) -> dict:
        """``{"name": ..., hyper-parameter: value, ...}``, as recorded in a Trajectory."""
        return {"name": self.name, **dataclasses.asdict(self)}

    @property
    def label(self) -> str:
        """Legend text: the title, ``lr`` and every other setting away from its default."""
        defaults = {f.name: f.default for f in dataclasses.fields(self)}
        parts = [f"{k}={_fmt(getattr(self, k))}" for k in defaults
                 if k in self.shown or (getattr(self, k) != defaults[k])]
        return f"{self.title} ({', '.join(parts)})"


def ratio(a, b):
    """``a / b``, and 0 where ``b`` is 0: with ``eps=0`` a coordinate whose gradients have
    all been 0 takes no step (``0 / 0`` would make a still point look like divergence).

    >>> ratio(np.array([1.0, 0.0]), np.array([2.0, 0.0]))
    array([0.5, 0. ])
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.zeros(np.broadcast_shapes(a.shape, b.shape)), where=b != 0)


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
