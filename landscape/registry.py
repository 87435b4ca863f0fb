"""Surfaces by name: ``get("quadratic", kappa=10)`` and ``names()``."""
from __future__ import annotations

import dataclasses
import difflib
import inspect
import numbers

_SURFACES: dict[str, type] = {}


def register(cls):
    """Class decorator: make a surface class available to ``get`` under ``cls.name``."""
    _SURFACES[cls.name] = cls
    return cls


def names() -> list[str]:
    """Names of every registered surface, sorted.

    >>> "rosenbrock" in names()
    True
    """
    return sorted(_SURFACES)


def suggest(name: str, choices) -> str:
    """``"; did you mean 'x'?"`` for the closest choice, or ``""``."""
    close = difflib.get_close_matches(str(name).lower(), list(choices), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def surface_class(name: str) -> type:
    """The class registered under ``name``, or a ValueError suggesting the closest name."""
    if not isinstance(name, str):
        raise TypeError(f"surface name must be a string, got {name!r}")
    key = name.strip().lower().replace("-", "_")
    if key not in _SURFACES:
        raise ValueError(
            f"unknown surface {name!r}{suggest(key, _SURFACES)} "
            f"(known: {', '.join(names())})"
        )
    return _SURFACES[key]


def parameters(name: str) -> dict[str, object]:
    """The parameters a surface takes, with their defaults."""
    cls = surface_class(name)
    if dataclasses.is_dataclass(cls):
        return {f.name: f.default for f in dataclasses.fields(cls)}
    sig = inspect.signature(cls)
    return {k: p.default for k, p in sig.parameters.items()}


def get(name: str, **params):
    """The surface called ``name``, built with ``params``.

    >>> get("quadratic", kappa=4, angle=30).label
    'Quadratic (κ=4, angle=30)'
    """
    cls = surface_class(name)
    allowed = parameters(name)
    for key in params:
        if key not in allowed:
            hint = f"its parameters are {', '.join(allowed)}" if allowed else "it takes none"
            raise ValueError(f"surface {cls.name!r} has no parameter {key!r}{suggest(key, allowed)}; {hint}")
    for key, value in params.items():
        default = allowed[key]
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"{cls.name}: {key}={value!r} must be a number")
    return cls(**params)
