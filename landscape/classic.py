"""Smooth classic test functions: bowls, valleys and saddles.

Formulas and minima follow the usual optimisation test-function references
(Surjanovic & Bingham's Virtual Library of Simulation Experiments; Jamil & Yang 2013).
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from groundwork import checks

from .base import Analytic
from .registry import register


@register
@dataclasses.dataclass(frozen=True)
class Quadratic(Analytic):
    """A bowl with chosen conditioning: ``f(p) = 1/2 p^T A p``.

    ``A = R(angle) diag(1, kappa) R(angle)^T``: curvature 1 along the first axis
    and ``kappa`` along the second, both rotated by ``angle`` degrees.  GD with
    learning rate ``lr`` contracts each eigen-direction by ``(1 - lr*a)`` per step,
    so it is stable only for ``lr < 2 / kappa``.

    >>> q = Quadratic(kappa=10)
    >>> float(q.value((1.0, 1.0)))
    5.5
    """

    name = "quadratic"
    formula = "f = ½ pᵀ A p,  eig(A) = (1, κ)"
    symbols = {"kappa": "κ"}      # the formula's symbol, the lecture's condition number
    bounds = ((-2.0, 2.0), (-2.0, 2.0))
    start = (-1.8, 1.2)
    log_levels = True  # nested ellipses all the way down to the minimum
    shown = ("kappa",)  # the conditioning is what a quadratic is about
    kappa: float = 10.0
    angle: float = 0.0

    def __post_init__(self):
        checks.number("quadratic", "kappa", self.kappa, low=1, high=1e10,
                      rule="a condition number from 1 to 1e10 (float64 keeps 16 digits)")
        checks.number("quadratic", "angle", self.angle, rule="a number of degrees")

    @property
    def matrix(self) -> np.ndarray:
        """The Hessian ``A``."""
        c, s = math.cos(math.radians(self.angle)), math.sin(math.radians(self.angle))
        rot = np.array([[c, -s], [s, c]])
        return rot @ np.diag([1.0, self.kappa]) @ rot.T

    def hessian(self, p=None) -> np.ndarray:
        """The Hessian at ``p``: ``A``, the same everywhere."""
        return self.matrix

    @property
    def minima(self):
        return ((0.0, 0.0),)

    def f(self, x, y):
        (a, b), (_, d) = self.matrix
        return 0.5 * (a * x * x + 2 * b * x * y + d * y * y)

    def df(self, x, y):
        (a, b), (_, d) = self.matrix
        return a * x + b * y, b * x + d * y


@register
@dataclasses.dataclass(frozen=True)
class Rosenbrock(Analytic):
    """The banana valley: ``f = (a - x)^2 + b (y - x^2)^2``, minimum 0 at ``(a, a^2)``."""

    name = "rosenbrock"
    formula = "f = (a − x)² + b (y − x²)²"
    constants = "a = {a:g}, b = {b:g}"
    bounds = ((-2.0, 2.0), (-1.0, 3.0))
    start = (-1.5, 2.0)
    log_levels = True
    a: float = 1.0
    b: float = 100.0

    def __post_init__(self):
        checks.positive("rosenbrock", "b", self.b)
        checks.number("rosenbrock", "a", self.a)

    @property
    def minima(self):
        return ((self.a, self.a**2),)

    def f(self, x, y):
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def df(self, x, y):
        r = y - x * x
        return -2 * (self.a - x) - 4 * self.b * x * r, 2 * self.b * r


@register
@dataclasses.dataclass(frozen=True)
class Beale(Analytic):
    """Sharp ridges around a flat floor; minimum 0 at ``(3, 0.5)``."""

    name = "beale"
    formula = "f = Σₖ (cₖ − x + x yᵏ)²,  c = (1.5, 2.25, 2.625)"
    bounds = ((-4.5, 4.5), (-4.5, 4.5))
    start = (1.0, 1.5)
    log_levels = True

    @property
    def minima(self):
        return ((3.0, 0.5),)

    def f(self, x, y):
        return sum((c - x + x * y**k) ** 2 for k, c in ((1, 1.5), (2, 2.25), (3, 2.625)))

    def df(self, x, y):
        terms = [(k, c - x + x * y**k) for k, c in ((1, 1.5), (2, 2.25), (3, 2.625))]
        gx = sum(2 * r * (y**k - 1) for k, r in terms)
        gy = sum(2 * r * k * x * y ** (k - 1) for k, r in terms)
        return gx, gy


@register
@dataclasses.dataclass(frozen=True)
class Himmelblau(Analytic):
    """Four equal minima (value 0): which one you reach depends on where you start."""

    name = "himmelblau"
    formula = "f = (x² + y − 11)² + (x + y² − 7)²"
    bounds = ((-5.0, 5.0), (-5.0, 5.0))
    start = (0.0, 0.0)
    log_levels = True

    @property
    def minima(self):
        return (
            (3.0, 2.0),
            (-2.805118086952745, 3.131312518250573),
            (-3.779310253377747, -3.283185991286170),
            (3.584428340330492, -1.848126526964404),
        )

    def f(self, x, y):
        return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2

    def df(self, x, y):
        u, v = x * x + y - 11, x + y * y - 7
        return 4 * x * u + 2 * v, 2 * u + 4 * y * v


@register
@dataclasses.dataclass(frozen=True)
class Booth(Analytic):
    """A tilted, elongated bowl; minimum 0 at ``(1, 3)``."""

    name = "booth"
    formula = "f = (x + 2y − 7)² + (2x + y − 5)²"
    bounds = ((-10.0, 10.0), (-10.0, 10.0))
    start = (-8.0, -6.0)
    log_levels = True

    @property
    def minima(self):
        return ((1.0, 3.0),)

    def f(self, x, y):
        return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2

    def df(self, x, y):
        u, v = x + 2 * y - 7, 2 * x + y - 5
        return 2 * u + 4 * v, 4 * u + 2 * v


@register
@dataclasses.dataclass(frozen=True)
class Matyas(Analytic):
    """A flat, diagonal valley; minimum 0 at the origin."""

    name = "matyas"
    formula = "f = 0.26 (x² + y²) − 0.48 x y"
    bounds = ((-10.0, 10.0), (-10.0, 10.0))
    start = (-8.0, 6.0)
    log_levels = True

    @property
    def minima(self):
        return ((0.0, 0.0),)

    def f(self, x, y):
        return 0.26 * (x * x + y * y) - 0.48 * x * y

    def df(self, x, y):
        return 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x


@register
@dataclasses.dataclass(frozen=True)
class McCormick(Analytic):
    """A wavy slope; minimum about -1.9133 at ``(-0.54720, -1.54720)``."""

    name = "mccormick"
    formula = "f = sin(x + y) + (x − y)² − 1.5x + 2.5y + 1"
    bounds = ((-1.5, 4.0), (-3.0, 4.0))
    start = (3.0, 3.5)

    @property
    def minima(self):
        # Stationary: cos(x+y) = -2(x-y) + 1.5 = 2(x-y) - 2.5, hence x - y = 1.
        x = -math.pi / 3 + 0.5
        return ((x, x - 1.0),)

    def f(self, x, y):
        return np.sin(x + y) + (x - y) ** 2 - 1.5 * x + 2.5 * y + 1

    def df(self, x, y):
        c = np.cos(x + y)
        return c + 2 * (x - y) - 1.5, c - 2 * (x - y) + 2.5


@register
@dataclasses.dataclass(frozen=True)
class Saddle(Analytic):
    """The horse saddle ``x^2 - y^2``: a stationary point that is no minimum.

    Started exactly on the ridge, GD never leaves it; a tiny offset escapes
    slowly.  Unbounded below, so escaping runs are recorded as diverged.
    """

    name = "saddle"
    formula = "f = x² − y²"
    bounds = ((-2.0, 2.0), (-2.0, 2.0))
    start = (-1.8, 0.01)

    def f(self, x, y):
        return x * x - y * y

    def df(self, x, y):
        return 2 * x, -2 * y


@register
@dataclasses.dataclass(frozen=True)
class MonkeySaddle(Analytic):
    """The monkey saddle ``x^3 - 3 x y^2``: flat to second order, three ways down."""

    name = "monkey_saddle"
    formula = "f = x³ − 3 x y²"
    bounds = ((-1.5, 1.5), (-1.5, 1.5))
    start = (1.2, 0.05)

    def f(self, x, y):
        return x**3 - 3 * x * y * y

    def df(self, x, y):
        return 3 * x * x - 3 * y * y, -6 * x * y
