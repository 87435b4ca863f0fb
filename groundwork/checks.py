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
    tail = f" {rule}" if rule == interval and rule else f" ({rule})" if rule else ""
    if not _is_number(value):
        raise TypeError(f"{owner}: {key}={_short(value)} must be a number{tail}")
    try:
        v = float(value)
    except OverflowError:          # an int with more digits than a float holds
        v = math.inf if value > 0 else -math.inf
    value = value if math.isfinite(v) else _Shown(_short(value))
    inside = (v > low if low_open else v >= low) and (v < high if high_open else v <= high)
    if not math.isfinite(v):
        raise ValueError(f"{owner}: {key}={value!r} must be a finite number{tail}")
    if not inside:
        raise ValueError(f"{owner}: {key}={_short(value)} must be {rule}")
    return v


class _Shown(str):
    """A value as the message shows it (its repr is the text itself)."""

    def __repr__(self):
        return str(self)


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


def whole(owner, key, value, low=1, high=None, why="") -> int:
    """A whole number ``>= low`` (an int, or a numpy integer; not a bool, not 2.0), and
    ``<= high`` when given (``why`` says what the largest value stands for).

    >>> whole("run", "steps", 0)
    Traceback (most recent call last):
    ValueError: run: steps=0 must be a whole number >= 1
    >>> whole("grid", "n", 10**6, 2, high=2000, why="4 million points")
    Traceback (most recent call last):
    ValueError: grid: n=1000000 is too large: at most 2,000 (4 million points)
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{owner}: {key}={_short(value)} must be a whole number >= {low}")
    if value < low:
        raise ValueError(f"{owner}: {key}={_short(value)} must be a whole number >= {low}")
    if high is not None and value > high:
        raise ValueError(f"{owner}: {key}={_short(value)} is too large: at most {high:,}"
                         + (f" ({why})" if why else ""))
    return int(value)


def shown(value) -> str:
    """``repr(value)`` for a message, cut when long: ``10**400`` has 401 characters.

    >>> shown(10 ** 400)
    '100000000000... (401 characters)'
    """
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:12]}... ({len(text)} characters)"


_short = shown


def window(owner, key, value) -> tuple:
    """A view window ``((xlo, xhi), (ylo, yhi))`` of finite numbers with lo < hi, each
    side wide enough for float64 to tell its points apart.

    >>> window("plot", "bounds", [(-2, 2), (-1, 3)])
    ((-2.0, 2.0), (-1.0, 3.0))
    >>> window("plot", "bounds", (1, 2))
    Traceback (most recent call last):
    ValueError: plot: bounds=(1, 2) must be ((xlo, xhi), (ylo, yhi)) with finite lo < hi
    """
    rule = f"{owner}: {key}={_short(value)} must be ((xlo, xhi), (ylo, yhi)) with finite lo < hi"
    try:
        (x0, x1), (y0, y1) = value
    except (TypeError, ValueError):
        raise ValueError(rule) from None
    sides = []
    for lo, hi in ((x0, x1), (y0, y1)):
        if not all(_is_number(v) for v in (lo, hi)):
            raise TypeError(rule)
        try:
            lo, hi = float(lo), float(hi)
        except OverflowError:
            raise ValueError(rule) from None
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise ValueError(rule)
        if too_narrow(lo, hi):
            raise ValueError(f"{owner}: {key}={_short(value)}: {too_narrow(lo, hi)}")
        sides.append((lo, hi))
    return tuple(sides)


def too_narrow(lo, hi) -> str:
    """What is wrong with the side ``(lo, hi)`` of a window float64 cannot draw, or ``""``.

    >>> too_narrow(1e15, 1e15 + 0.125)
    'the side from 1e+15 to 1e+15 is too narrow for float64 (its width must be at least 1e-9 of its distance from 0)'
    """
    if hi - lo >= 1e-9 * max(abs(lo), abs(hi)):
        return ""
    return (f"the side from {lo:g} to {hi:g} is too narrow for float64 (its width must be at "
            "least 1e-9 of its distance from 0)")


def flag(owner, key, value) -> bool:
    """True or False (not a string such as ``'yes'``, which would always be true)."""
    if not isinstance(value, bool) and not (hasattr(value, "dtype") and value.dtype == bool):
        raise TypeError(f"{owner}: {key}={shown(value)} must be True or False")
    return bool(value)


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
