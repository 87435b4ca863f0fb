"""One-dimensional losses: the pictures of a first lecture on gradient descent.

A loss of one parameter is a curve; the slope ``f'(x)`` says which way is down and
how far GD's step ``x <- x - lr f'(x)`` goes.  Each shows one idea: the bowl (a
step size too large overshoots, ``lr > 2/a`` diverges), the quartic (a flat bottom:
steps shrink with the slope), the double well (the start decides which minimum),
the tilted well (a local minimum that is not the global one) and the plateau (a
vanishing gradient far from the minimum).
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from groundwork import checks

from .base import Curve
from .registry import register


@register
@dataclasses.dataclass(frozen=True)
class Bowl(Curve):
    """The 1-D quadratic ``f = a x² / 2``: GD multiplies ``x`` by ``(1 - lr a)`` each
    step, so it converges for ``lr < 2/a`` and diverges above.

    >>> Bowl(a=4).grad([[1.0]]).tolist()      # the slope a x
    [[4.0]]
    """

    name = "bowl"
    formula = "f = a x² / 2"
    constants = "a = {a:g}"
    bounds = ((-2.0, 2.0),)
    start = (-1.8,)
    a: float = 1.0

    def __post_init__(self):
        checks.number("bowl", "a", self.a, low=1e-6, high=1e6, rule="a curvature from 1e-6 to 1e6")

    @property
    def minima(self):
        return ((0.0,),)

    def f(self, x):
        return 0.5 * self.a * x * x

    def df(self, x):
        return self.a * x


@register
@dataclasses.dataclass(frozen=True)
class Quartic(Curve):
    """``f = x⁴ / 4``: the slope ``x³`` vanishes faster than the distance to the
    minimum, so GD slows down as it arrives (no fixed rate of convergence).

    >>> float(Quartic().value([2.0]))
    4.0
    """

    name = "quartic"
    formula = "f = x⁴ / 4"
    bounds = ((-2.0, 2.0),)
    start = (1.8,)

    @property
    def minima(self):
        return ((0.0,),)

    def f(self, x):
        return 0.25 * x**4

    def df(self, x):
        return x**3


@register
@dataclasses.dataclass(frozen=True)
class DoubleWell(Curve):
    """``f = (x² - 1)²``: two equal minima at ±1 and a hump between them; the start
    decides where GD ends.

    >>> [float(DoubleWell().value([m])) for m in (-1.0, 0.0, 1.0)]
    [0.0, 1.0, 0.0]
    """

    name = "double_well"
    formula = "f = (x² − 1)²"
    bounds = ((-1.8, 1.8),)
    start = (0.1,)

    @property
    def minima(self):
        return ((-1.0,), (1.0,))

    def f(self, x):
        return (x * x - 1) ** 2

    def df(self, x):
        return 4 * x * (x * x - 1)


@register
@dataclasses.dataclass(frozen=True)
class TiltedWell(Curve):
    """``f = (x² - 1)² + t x``: the double well tilted, so one minimum is global and
    the other only local; GD started on the wrong side settles in the local one.

    >>> s = TiltedWell()
    >>> round(s.minima[0][0], 4), [round(m, 4) for m in local_minima(s)]
    (-1.0356, [-1.0356, 0.9601])
    """

    name = "tilted_well"
    formula = "f = (x² − 1)² + t x"
    constants = "t = {tilt:g}"
    symbols = {"tilt": "t"}
    bounds = ((-1.8, 1.8),)
    start = (1.6,)
    tilt: float = 0.3

    def __post_init__(self):
        checks.number("tilted_well", "tilt", self.tilt, low=-1.5, high=1.5,
                      rule="from -1.5 to 1.5 (beyond, the well has one minimum)")

    @property
    def stationary(self) -> list[float]:
        """The real roots of ``f' = 4x³ - 4x + t``, in increasing order."""
        roots = np.roots([4.0, 0.0, -4.0, self.tilt])
        return sorted(float(r.real) for r in roots if abs(r.imag) < 1e-9)

    @property
    def minima(self):
        lows = [x for x in self.stationary if 12 * x * x - 4 > 0]     # f'' > 0
        return ((min(lows, key=self.f),),)

    def f(self, x):
        return (x * x - 1) ** 2 + self.tilt * x

    def df(self, x):
        return 4 * x * (x * x - 1) + self.tilt


@register
@dataclasses.dataclass(frozen=True)
class Plateau(Curve):
    """``f = 1 - exp(-x² / (2 w²))``: a well of width ``w`` in a flat plain.  Far from
    the well the slope is almost 0 (a vanishing gradient): GD barely moves, while
    Adam's steps, scaled by the gradient's size, walk off the plateau.

    >>> s = Plateau()
    >>> float(s.grad([[2.5]])[0, 0]) < 1e-4      # at 5 widths out: no slope to follow
    True
    """

    name = "plateau"
    formula = "f = 1 − exp(−x² / 2w²)"
    constants = "w = {width:g}"
    symbols = {"width": "w"}
    bounds = ((-3.0, 3.0),)
    start = (2.5,)
    width: float = 0.5

    def __post_init__(self):
        checks.number("plateau", "width", self.width, low=1e-3, high=1e3, rule="from 1e-3 to 1e3")

    @property
    def minima(self):
        return ((0.0,),)

    def f(self, x):
        return 1.0 - np.exp(-x * x / (2 * self.width**2))

    def df(self, x):
        return x / self.width**2 * np.exp(-x * x / (2 * self.width**2))


def local_minima(surface, bounds=None, n=4001) -> list[float]:
    """Every minimum of a 1-D ``surface`` inside ``bounds`` (default its own), global or
    not: where the slope changes sign from - to +, refined by bisection.

    >>> [round(m, 6) for m in local_minima(DoubleWell())]
    [-1.0, 1.0]
    """
    ((lo, hi),) = surface.bounds if bounds is None else bounds
    x = np.linspace(lo, hi, n)
    g = surface.grad(x[:, None])[:, 0]
    found = []
    for i in np.flatnonzero((g[:-1] < 0) & (g[1:] >= 0)):
        a, b = x[i], x[i + 1]
        for _ in range(60):      # bisection: the slope is - at a, + at b
            m = 0.5 * (a + b)
            a, b = (m, b) if surface.grad([[m]])[0, 0] < 0 else (a, m)
        found.append(float(0.5 * (a + b)))
    return [m for m in found if math.isfinite(m)]
