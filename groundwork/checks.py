"""Value checks, one rule for all of lossviz.

A value of the wrong *type* (a bool or a string where a number belongs, a float
where a whole number belongs) is a ``TypeError``; a value of the right type that is
out of range (``lr=0``, ``beta1=1``, ``nan``) is a ``ValueError``.  Every message
names the owner, the parameter and the value, and says what is allowed:

>>> positive("adam", "lr", 0.05)
0.05
>>> positive("adam", "lr", True)
Traceback (most recent call last):
TypeError: adam: lr=True must be a number > 0
>>> unit("adam", "beta1", 1.0)
Traceback (most recent call last):
ValueError: adam: beta1=1.0 must be in [0, 1)

Each check returns the value as a plain ``float``, ``int`` or ``str``.
"""
from __future__ import annotations

import math
import numbers

from .registry import suggest


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def number(owner, key, value, *, low=-math.inf, high=math.inf, low_open=False,
           high_open=False, rule=None) -> float:
    """A finite real number in the interval from ``low`` to ``high``.

    ``low_open`` / ``high_open`` leave an end out; ``rule`` is the text that
    follows "must be" (default: the interval, written out).

    >>> number("quadratic", "angle", 30)
    30.0
    """
    interval = _interval(low, high, low_open, high_open)
    rule = interval if rule is None else rule
    if not _is_number(value):
        raise TypeError(f"{owner}: {key}={value!r} must be a number"
                        + (f" {rule}" if rule == interval and rule else f" ({rule})" if rule else ""))
    v = float(value)
    inside = (v > low if low_open else v >= low) and (v < high if high_open else v <= high)
    if not math.isfinite(v):
        raise ValueError(f"{owner}: {key}={value!r} must be a finite number" + (f" {rule}" if rule else ""))
    if not inside:
        raise ValueError(f"{owner}: {key}={value!r} must be {rule}")
    return v


def _interval(low, high, low_open, high_open) -> str:
    lo, hi = math.isfinite(low), math.isfinite(high)
    if lo and hi:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if lo:
        return f"{'>' if low_open else '>='} {low:g}"
    if hi:
        return f"{'<' if high_open else '<='} {high:g}"
    return ""


def positive(owner, key, value) -> float:
    """A finite number ``> 0`` (a learning rate, a size in seconds)."""
    return number(owner, key, value, low=0.0, low_open=True)


def non_negative(owner, key, value) -> float:
    """A finite number ``>= 0`` (an epsilon, a pause)."""
    return number(owner, key, value, low=0.0)


def unit(owner, key, value, *, low_open=False) -> float:
    """A decay rate or a share: in ``[0, 1)``, or ``(0, 1)`` with ``low_open``."""
    return number(owner, key, value, low=0.0, high=1.0, low_open=low_open, high_open=True)


def whole(owner, key, value, low=1) -> int:
    """A whole number ``>= low`` (an int, or a numpy integer; not a bool, not 2.0).

    >>> whole("run", "steps", 0)
    Traceback (most recent call last):
    ValueError: run: steps=0 must be a whole number >= 1
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{owner}: {key}={value!r} must be a whole number >= {low}")
    if value < low:
        raise ValueError(f"{owner}: {key}={value!r} must be a whole number >= {low}")
    return int(value)


def choice(owner, key, value, choices) -> str:
    """One of ``choices`` (strings), with a "did you mean" for a near miss.

    >>> choice("mlp", "activation", "tahn", ("tanh", "relu"))
    Traceback (most recent call last):
    ValueError: mlp: activation='tahn' is unknown; did you mean 'tanh'? (choose from tanh, relu)
    """
    if not isinstance(value, str):
        raise TypeError(f"{owner}: {key}={value!r} must be a string, one of {', '.join(choices)}")
    if value not in choices:
        raise ValueError(f"{owner}: {key}={value!r} is unknown{suggest(value, choices)} "
                         f"(choose from {', '.join(choices)})")
    return value
