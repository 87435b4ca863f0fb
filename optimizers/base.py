"""What every optimizer shares: hyper-parameter checks, labels and the registry.

An optimizer is a frozen dataclass of hyper-parameters with two pure methods,
``init(params) -> state`` and ``step(params, grad, state) -> (params, state)``.
State is returned, never stored, so one optimizer object can drive any number of
runs, and a whole population of starts ``(K, dim)`` steps as one array.
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import numbers
from typing import ClassVar

_OPTIMIZERS: dict[str, type] = {}


def register(cls):
    """Class decorator: make an optimizer available to ``get`` under ``cls.name``."""
    _OPTIMIZERS[cls.name] = cls
    return cls


def names() -> list[str]:
    """Names of the registered optimizers, in lecture order.

    >>> names()[:3]
    ['gd', 'sgd', 'minibatch']
    """
    return list(_OPTIMIZERS)


def optimizer_class(name: str) -> type:
    """The class registered as ``name``, or a ValueError suggesting the closest name."""
    if not isinstance(name, str):
        raise TypeError(f"optimizer name must be a string, got {name!r}")
    key = name.strip().lower().replace("-", "").replace("_", "")
    if key not in _OPTIMIZERS:
        close = difflib.get_close_matches(key, list(_OPTIMIZERS), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown optimizer {name!r}{hint} (known: {', '.join(names())})")
    return _OPTIMIZERS[key]


def hyperparameters(name: str) -> dict[str, object]:
    """The hyper-parameters of optimizer ``name`` with their defaults.

    >>> hyperparameters("adam")
    {'lr': 0.001, 'batch_size': None, 'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-08}
    """
    return {f.name: f.default for f in dataclasses.fields(optimizer_class(name))}


def get(name: str, **hyper):
    """The optimizer ``name`` with hyper-parameters ``hyper`` (validated).

    >>> get("adam", lr=0.05).label
    'Adam (lr=0.05)'
    """
    cls = optimizer_class(name)
    allowed = hyperparameters(name)
    for key in hyper:
        if key not in allowed:
            close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ValueError(f"{cls.name}: unknown hyper-parameter {key!r}; {hint}"
                             f"it takes {', '.join(allowed)}")
    return cls(**hyper)


def _number(owner, key, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}: {key}={value!r} must be a number")
    if not math.isfinite(value):
        raise ValueError(f"{owner}: {key}={value!r} must be finite")
    return value


def check_positive(owner, key, value):
    """``value > 0`` or a ValueError naming ``owner``, ``key`` and the value."""
    if _number(owner, key, value) <= 0:
        raise ValueError(f"{owner}: {key}={value!r} must be > 0")


def check_non_negative(owner, key, value):
    if _number(owner, key, value) < 0:
        raise ValueError(f"{owner}: {key}={value!r} must be >= 0")


def check_unit(owner, key, value, low_open=False):
    """A decay rate: ``value`` in ``[0, 1)`` (``(0, 1)`` with ``low_open``)."""
    v = _number(owner, key, value)
    if not ((0 < v) if low_open else (0 <= v)) or v >= 1:
        interval = "(0, 1)" if low_open else "[0, 1)"
        raise ValueError(f"{owner}: {key}={value!r} must be in {interval}")


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
        check_positive(self.name, "lr", self.lr)
        b = self.batch_size
        if b is not None and (isinstance(b, bool) or not isinstance(b, numbers.Integral) or b < 1):
            raise ValueError(f"{self.name}: batch_size={b!r} must be a whole number >= 1 "
                             "(or None for the full batch)")

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


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
