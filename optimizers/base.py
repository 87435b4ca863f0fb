"""What every optimizer shares: hyper-parameter checks, labels and the registry.

An optimizer is a frozen dataclass of hyper-parameters with two pure methods,
``init(params) -> state`` and ``step(params, grad, state) -> (params, state)``.
State is returned, never stored, so one optimizer object can drive any number of
runs, and a whole population of starts ``(K, dim)`` steps as one array.

Any float hyper-parameter may also be a list of K values: it is kept as a column
``(K, 1)`` that broadcasts over a population of K starts, so 200 learning rates are
one run of one array (see :meth:`Optimizer.hyper`).

Every optimizer takes ``weight_decay`` as torch.optim does: an L2 penalty whose
gradient is added to the gradient before the rule (:meth:`Optimizer.decayed`),
``g = g + weight_decay * p``; AdamW alone decouples it from the gradient.
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
    {'lr': 0.001, 'batch_size': None, 'weight_decay': 0.0, 'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-08}
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
    """Base of the built-in optimizers: ``lr``, ``batch_size`` and ``weight_decay`` for all.

    ``batch_size`` says how many samples feed each gradient on a finite-sum
    surface: ``None`` means all of them (full-batch).  ``weight_decay`` is torch.optim's
    L2 penalty, added to the gradient by :meth:`decayed` before the rule.
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    shown: ClassVar[tuple] = ("lr",)
    bound: ClassVar[str] = ""     # the formula of critical_lr, for figures ("2/λmax")

    lr: float = 1e-3
    batch_size: int | None = None
    weight_decay: float = 0.0

    def __post_init__(self):
        self.hyper("lr", checks.positive)
        self.hyper("weight_decay", checks.non_negative)
        if self.batch_size is not None:
            checks.whole(self.name, "batch_size", self.batch_size, 1)   # None: the full batch

    def hyper(self, key, check, **rule):
        """Check hyper-parameter ``key`` with ``check`` (from ``groundwork.checks``).

        A list or array of values is checked value by value and kept as a column
        ``(K, 1)``, one value per member of a population of K starts.

        >>> get("gd", lr=[0.1, 0.2]).lr.ravel()
        array([0.1, 0.2])
        >>> get("gd", lr=[0.1, -1])
        Traceback (most recent call last):
        ValueError: gd: lr[1]=-1 must be > 0
        """
        value = getattr(self, key)
        if not isinstance(value, (list, tuple, np.ndarray)):
            check(self.name, key, value, **rule)
            return
        values = np.asarray(value, dtype=object).ravel()
        if not (np.ndim(value) == 1 or np.shape(value)[1:] == (1,)) or values.size == 0:
            raise ValueError(f"{self.name}: {key} must be one number or a 1-D list of numbers, "
                             f"got shape {np.shape(value)}")
        column = np.array([check(self.name, f"{key}[{i}]", v.item() if isinstance(v, np.generic) else v,
                                 **rule) for i, v in enumerate(values)], dtype=float)[:, None]
        column.flags.writeable = False
        sizes = {len(getattr(self, k)) for k in self.varied if k != key}
        if sizes and sizes != {len(column)}:
            raise ValueError(f"{self.name}: {key} has {len(column)} values but "
                             f"{', '.join(self.varied)} {sizes.pop()}; give every list the same length")
        object.__setattr__(self, key, column)

    @property
    def varied(self) -> tuple[str, ...]:
        """The hyper-parameters given one value per member of a population."""
        return tuple(f.name for f in dataclasses.fields(self)
                     if isinstance(getattr(self, f.name), np.ndarray))

    @property
    def population(self) -> int | None:
        """K when hyper-parameters vary over a population of K members, else None."""
        varied = self.varied
        return len(getattr(self, varied[0])) if varied else None

    def decayed(self, params, grad):
        """The gradient the rule sees: ``g + weight_decay * p`` (torch.optim's weight decay,
        the gradient of ``weight_decay / 2 * |p|^2``); ``g`` itself at the default 0.

        >>> get("gd", weight_decay=0.1).decayed(np.array([2.0]), np.array([1.0]))
        array([1.2])
        """
        if isinstance(self.weight_decay, np.ndarray) or self.weight_decay:
            return grad + self.weight_decay * params
        return grad

    @property
    def critical_formula(self) -> str:
        """:attr:`bound` as a figure prints it: with weight decay every curvature the rule
        sees is ``λ + weight_decay``.

        >>> get("gd", weight_decay=0.5).critical_formula
        '2/(λmax + 0.5)'
        """
        wd = self.weight_decay
        if not self.bound or isinstance(wd, np.ndarray) or not wd:
            return self.bound
        return self.bound.replace("λmax", f"(λmax + {wd:g})")

    def critical_lr(self, lam_max):
        """The largest stable ``lr`` on a quadratic whose largest curvature is ``lam_max``;
        None for an optimizer without one (its steps are scaled by the gradient)."""
        return None

    def member(self, k: int):
        """The optimizer of member ``k`` alone: every varied hyper-parameter at its k-th value.

        >>> get("gd", lr=[0.1, 0.2]).member(1).label
        'GD (lr=0.2)'
        """
        return dataclasses.replace(self, **{key: float(getattr(self, key)[k, 0]) for key in self.varied})

    @property
    def settings(self) -> dict:
        """``{"name": ..., hyper-parameter: value, ...}``, as recorded in a Trajectory
        (a varied hyper-parameter as the list of its values)."""
        return {"name": self.name, **{f.name: _plain(getattr(self, f.name))
                                      for f in dataclasses.fields(self)}}

    @property
    def label(self) -> str:
        """Legend text: the title, ``lr`` and every other setting away from its default."""
        defaults = {f.name: f.default for f in dataclasses.fields(self)}
        parts = [f"{k}={_fmt(getattr(self, k))}" for k in defaults
                 if k in self.shown or k in self.varied or getattr(self, k) != defaults[k]]
        return f"{self.title} ({', '.join(parts)})"


def ratio(a, b):
    """``a / b``, and 0 where ``b`` is 0: with ``eps=0`` a coordinate whose gradients have
    all been 0 takes no step (``0 / 0`` would make a still point look like divergence).

    >>> ratio(np.array([1.0, 0.0]), np.array([2.0, 0.0]))
    array([0.5, 0. ])
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if not (b <= 0).any():      # (eps > 0: the plain division, four times faster; NaN stays NaN)
        return a / b
    return np.divide(a, b, out=np.zeros(np.broadcast_shapes(a.shape, b.shape)), where=b != 0)


def _fmt(value) -> str:
    if isinstance(value, np.ndarray):
        return f"{value.min():g}…{value.max():g} ({len(value)} values)"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _plain(value):
    return value.ravel().tolist() if isinstance(value, np.ndarray) else value
