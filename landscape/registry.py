"""Surfaces by name: ``get("quadratic", kappa=10)`` and ``names()``."""
from __future__ import annotations

from groundwork import Registry

SURFACES = Registry("surface")


def register(cls):
    """Class decorator: make a surface class available to ``get`` under ``cls.name``."""
    return SURFACES.register(cls)


def names() -> list[str]:
    """Names of every registered surface, sorted.

    >>> "rosenbrock" in names()
    True
    """
    return sorted(SURFACES)


def surface_class(name: str) -> type:
    """The class registered under ``name``, or a ValueError suggesting the closest name."""
    return SURFACES.lookup(name)


def parameters(name: str) -> dict[str, object]:
    """The parameters a surface takes, with their defaults."""
    return SURFACES.settings(name)


def get(name: str, **params):
    """The surface called ``name``, built with ``params``.

    >>> get("quadratic", kappa=4, angle=30).label
    'Quadratic (κ=4, angle=30)'
    >>> get("Logreg-MSE").name
    'logreg_mse'
    """
    return SURFACES.create(name, **params)
