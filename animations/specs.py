"""Parse the command line's small languages: ``name:key=value,...`` and ``x,y``."""
from __future__ import annotations

import argparse
import re

_INT = re.compile(r"^[+-]?\d+$")


def parse_value(text: str):
    """``"3"`` -> 3, ``"0.5"``/``"1e-3"`` -> float, ``"true"``/``"none"`` -> bool/None, else the text.

    >>> parse_value("1e-3"), parse_value("16"), parse_value("tanh")
    (0.001, 16, 'tanh')
    """
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    if low == "none":
        return None
    if _INT.match(low):
        return int(low)
    try:
        return float(low)
    except ValueError:
        return text.strip()


def parse_spec(text: str, what: str) -> tuple[str, dict]:
    """``"adam:lr=0.05,beta1=0.8"`` -> ``("adam", {"lr": 0.05, "beta1": 0.8})``.

    >>> parse_spec("quadratic:kappa=10,angle=30", "surface")
    ('quadratic', {'kappa': 10, 'angle': 30})
    """
    name, _, rest = text.partition(":")
    name = name.strip()
    if not name:
        raise ValueError(f"{what} {text!r}: give a name, e.g. 'adam:lr=0.05'")
    params = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        if not eq or not key.strip() or not value.strip():
            raise ValueError(f"{what} {text!r}: {item!r} must be key=value, e.g. {name}:lr=0.01")
        if key.strip() in params:
            raise ValueError(f"{what} {text!r}: {key.strip()!r} is given twice")
        params[key.strip()] = parse_value(value)
    return name, params


def parse_numbers(text: str, what: str, count: int | None = None) -> tuple[float, ...]:
    """``"-1.5,2"`` -> ``(-1.5, 2.0)``; ``count`` checks how many.

    >>> parse_numbers("-1.5, 2", "--start", 2)
    (-1.5, 2.0)
    """
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise ValueError(f"{what} {text!r} must be numbers separated by commas, e.g. -1.5,2") from None
    if count is not None and len(values) != count:
        raise ValueError(f"{what} {text!r} has {len(values)} number{'s' if len(values) != 1 else ''}; "
                         f"this needs {count}, separated by commas")
    return values


def whole_number(flag, low=1):
    """An argparse type: a whole number >= ``low``, or one clear line naming ``flag``."""
    def convert(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} {text!r} must be a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{flag} {value} must be >= {low}")
        return value
    return convert


def real_number(flag):
    """An argparse type: any number, or one clear line naming ``flag``."""
    def convert(text):
        try:
            return float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} {text!r} must be a number") from None
    return convert
