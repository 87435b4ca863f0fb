"""Test functions with many local minima, or with a minimum away from zero."""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from groundwork import checks

from .base import Analytic
from .registry import register

TAU = 2 * math.pi


@register
@dataclasses.dataclass(frozen=True)
class Rastrigin(Analytic):
    """An egg box of local minima on a bowl; global minimum 0 at the origin."""

    name = "rastrigin"
    formula = "f = 2A + Σ (xᵢ² − A cos 2πxᵢ)"
    constants = "A = {A:g}"
    bounds = ((-5.12, 5.12), (-5.12, 5.12))
    start = (-4.2, 3.8)
    A: float = 10.0

    def __post_init__(self):
        checks.non_negative("rastrigin", "A", self.A)

    @property
    def minima(self):
        return ((0.0, 0.0),)

    def f(self, x, y):
        return 2 * self.A + x * x - self.A * np.cos(TAU * x) + y * y - self.A * np.cos(TAU * y)

    def df(self, x, y):
        return (2 * x + self.A * TAU * np.sin(TAU * x), 2 * y + self.A * TAU * np.sin(TAU * y))


@register
@dataclasses.dataclass(frozen=True)
class Ackley(Analytic):
    """A nearly flat plain of ripples around one deep hole at the origin (value 0)."""

    name = "ackley"
    formula = "f = −20 e^(−0.2 √(½(x²+y²))) − e^(½(cos 2πx + cos 2πy)) + e + 20"
    bounds = ((-5.0, 5.0), (-5.0, 5.0))
    start = (-3.5, 4.0)

    @property
    def minima(self):
        return ((0.0, 0.0),)

    def f(self, x, y):
        r = np.sqrt(0.5 * (x * x + y * y))
        return (-20 * np.exp(-0.2 * r) - np.exp(0.5 * (np.cos(TAU * x) + np.cos(TAU * y)))
                + math.e + 20)

    def df(self, x, y):
        r = np.sqrt(0.5 * (x * x + y * y))
        # The cone term has no gradient at r = 0; its subgradient 0 is the natural choice.
        with np.errstate(divide="ignore", invalid="ignore"):
            cone = np.where(r > 0, 4 * np.exp(-0.2 * r) / np.where(r > 0, r, 1.0), 0.0)
        ripple = np.exp(0.5 * (np.cos(TAU * x) + np.cos(TAU * y))) * math.pi
        return (cone * 0.5 * x + ripple * np.sin(TAU * x),
                cone * 0.5 * y + ripple * np.sin(TAU * y))


@register
@dataclasses.dataclass(frozen=True)
class GoldsteinPrice(Analytic):
    """Steep walls and several basins; global minimum 3 at ``(0, -1)``."""

    name = "goldstein_price"
    formula = "f = [1 + (x+y+1)² a(x,y)] · [30 + (2x−3y)² b(x,y)]"
    bounds = ((-2.0, 2.0), (-2.0, 2.0))
    start = (1.0, -0.5)  # steep everywhere: GD needs lr ~ 1e-5 here, Adam does not
    log_levels = True

    @property
    def minima(self):
        return ((0.0, -1.0),)

    @staticmethod
    def _parts(x, y):
        s, d = x + y + 1, 2 * x - 3 * y
        a = 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y
        b = 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y
        return s, d, a, b

    def f(self, x, y):
        s, d, a, b = self._parts(x, y)
        return (1 + s * s * a) * (30 + d * d * b)

    def df(self, x, y):
        s, d, a, b = self._parts(x, y)
        left, right = 1 + s * s * a, 30 + d * d * b
        left_x = 2 * s * a + s * s * (-14 + 6 * x + 6 * y)
        left_y = 2 * s * a + s * s * (-14 + 6 * x + 6 * y)
        right_x = 4 * d * b + d * d * (-32 + 24 * x - 36 * y)
        right_y = -6 * d * b + d * d * (48 - 36 * x + 54 * y)
        return left_x * right + left * right_x, left_y * right + left * right_y


@register
@dataclasses.dataclass(frozen=True)
class SixHumpCamel(Analytic):
    """Six humps, two global minima of about -1.0316 (mirror images)."""

    name = "six_hump_camel"
    formula = "f = (4 − 2.1x² + x⁴/3) x² + x y + (4y² − 4) y²"
    bounds = ((-2.0, 2.0), (-1.2, 1.2))
    start = (-1.6, -0.8)

    @property
    def minima(self):
        return ((0.08984201310031807, -0.7126564030207396),
                (-0.08984201310031807, 0.7126564030207396))

    def f(self, x, y):
        x2, y2 = x * x, y * y
        return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (4 * y2 - 4) * y2

    def df(self, x, y):
        return 8 * x - 8.4 * x**3 + 2 * x**5 + y, x + 16 * y**3 - 8 * y


@register
@dataclasses.dataclass(frozen=True)
class ThreeHumpCamel(Analytic):
    """Three humps: a global minimum 0 at the origin and two local ones."""

    name = "three_hump_camel"
    formula = "f = 2x² − 1.05x⁴ + x⁶/6 + x y + y²"
    bounds = ((-2.5, 2.5), (-2.5, 2.5))
    start = (-2.2, 2.0)

    @property
    def minima(self):
        return ((0.0, 0.0),)

    def f(self, x, y):
        return 2 * x * x - 1.05 * x**4 + x**6 / 6 + x * y + y * y

    def df(self, x, y):
        return 4 * x - 4.2 * x**3 + x**5 + y, x + 2 * y


@register
@dataclasses.dataclass(frozen=True)
class StyblinskiTang(Analytic):
    """Four basins of different depth; global minimum about -78.332 near ``(-2.9035, -2.9035)``."""

    name = "styblinski_tang"
    formula = "f = ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ)"
    bounds = ((-5.0, 5.0), (-5.0, 5.0))
    start = (4.5, 4.0)

    @property
    def minima(self):
        # The smallest root of d/dx (x^4 - 16x^2 + 5x) = 4x^3 - 32x + 5.
        x = float(min(np.roots([4.0, 0.0, -32.0, 5.0]).real))
        return ((x, x),)

    def f(self, x, y):
        return 0.5 * (x**4 - 16 * x * x + 5 * x + y**4 - 16 * y * y + 5 * y)

    def df(self, x, y):
        return 2 * x**3 - 16 * x + 2.5, 2 * y**3 - 16 * y + 2.5


@register
@dataclasses.dataclass(frozen=True)
class Levi(Analytic):
    """Lévi N.13: ripples in both directions; global minimum 0 at ``(1, 1)``."""

    name = "levi"
    formula = "f = sin²3πx + (x−1)²(1 + sin²3πy) + (y−1)²(1 + sin²2πy)"
    bounds = ((-4.0, 6.0), (-4.0, 6.0))
    start = (-3.0, 4.5)

    @property
    def minima(self):
        return ((1.0, 1.0),)

    def f(self, x, y):
        s3x, s3y, s2y = np.sin(3 * math.pi * x), np.sin(3 * math.pi * y), np.sin(TAU * y)
        return s3x**2 + (x - 1) ** 2 * (1 + s3y**2) + (y - 1) ** 2 * (1 + s2y**2)

    def df(self, x, y):
        p3 = 3 * math.pi
        gx = 2 * p3 * np.sin(p3 * x) * np.cos(p3 * x) + 2 * (x - 1) * (1 + np.sin(p3 * y) ** 2)
        gy = ((x - 1) ** 2 * 2 * p3 * np.sin(p3 * y) * np.cos(p3 * y)
              + 2 * (y - 1) * (1 + np.sin(TAU * y) ** 2)
              + (y - 1) ** 2 * 2 * TAU * np.sin(TAU * y) * np.cos(TAU * y))
        return gx, gy
