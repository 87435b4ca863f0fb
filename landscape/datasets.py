"""Small data sets, generated with numpy from a seed (never downloaded).

Every generator takes the number of samples ``n``, a ``noise`` level and a
``seed``; the same three numbers give the same data, bit for bit.  Regression sets
have a real-valued ``y``; classification sets have two classes, ``y`` in {0, 1},
balanced (alternating labels).

>>> from landscape import datasets
>>> data = datasets.make("moons", n=200, noise=0.1, seed=0)
>>> data.X.shape, data.y.shape, np.unique(data.y)
((200, 2), (200,), array([0., 1.]))

Preparing data for training (split, missing values, scaling) lives in
:mod:`landscape.preprocess` and is re-exported here.
"""
from __future__ import annotations

import dataclasses
import inspect
import math

import numpy as np

from groundwork import Registry, checks

from .preprocess import (IMPUTATIONS, SCALINGS, Scaler, add_missing, fit_scaler, impute, scale,
                         split, unscale)

__all__ = ["Dataset", "GENERATORS", "IMPUTATIONS", "SCALINGS", "Scaler", "add_missing",
           "blobs", "circles", "fit_scaler", "impute", "linear", "make", "moons", "names",
           "scale", "sine", "spiral", "split", "unscale", "xor"]

TAU = 2 * math.pi
MAX_SAMPLES = 10_000_000     # a data set of 10^7 samples in 2-D takes about 240 MB
MAX_NOISE = 1e6              # beyond it the data is noise alone (and its squares overflow)


@dataclasses.dataclass(frozen=True, eq=False)
class Dataset:
    """Features ``X`` of shape ``(N, d)``, targets ``y`` of shape ``(N,)``, and their story.

    ``params`` says how the data were made (generator arguments, with the seed),
    ``truth`` holds the true model where one exists (``{"w": 2.0, "b": -1.0}`` for
    ``linear``), and ``steps`` lists what was done since (split, scaling, ...).
    The arrays are read-only copies: a Dataset never changes under your feet.
    """

    X: np.ndarray
    y: np.ndarray
    name: str
    params: dict = dataclasses.field(default_factory=dict)
    truth: dict | None = None
    steps: tuple = ()

    def __post_init__(self):
        X, y = np.array(self.X, dtype=float), np.array(self.y, dtype=float)
        if X.ndim == 1:  # one feature given as a flat array
            X = X[:, None]
        if X.ndim != 2 or y.ndim != 1 or len(X) != len(y):
            raise ValueError(f"Dataset: X must be (N, d) and y (N,), got shapes "
                             f"{X.shape} and {y.shape}; give one target per row of X")
        X.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "params", dict(self.params))
        object.__setattr__(self, "steps", tuple(self.steps))

    def __len__(self) -> int:
        return len(self.y)

    @property
    def n(self) -> int:
        """Number of samples N."""
        return len(self.y)

    @property
    def dim(self) -> int:
        """Number of features d."""
        return self.X.shape[1]

    def __repr__(self) -> str:
        made = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        done = f", steps={list(self.steps)}" if self.steps else ""
        return f"Dataset({self.name!r}, N={self.n}, d={self.dim}; {made}{done})"


def _begin(owner, n, noise, seed):
    """Checked ``(n, noise)`` and the generator's random stream."""
    n = checks.whole(owner, "n", n, 2, high=MAX_SAMPLES, why="about 240 MB in 2-D")
    noise = checks.number(owner, "noise", noise, low=0.0, high=MAX_NOISE)
    return n, noise, np.random.default_rng(checks.whole(owner, "seed", seed, 0))


def _two_classes(n):
    """Balanced labels 0, 1, 0, 1, ... as floats."""
    return (np.arange(n) % 2).astype(float)


def _made(name, X, y, truth=None, **params):
    return Dataset(X=X, y=y, name=name, params=params, truth=truth)


# ---------------------------------------------------------------- regression
def linear(n=100, noise=0.5, seed=0, *, w=2.0, b=-1.0, x_range=(0.0, 10.0)):
    """1-D linear regression: ``y = w x + b + noise * N(0, 1)``, x uniform in ``x_range``.

    ``x`` comes in raw units (0 to 10, not centred): unscaled, the least-squares
    loss over ``(w, b)`` is a long tilted valley; standardised, a round bowl.

    >>> data = linear(n=50, noise=0.0, w=3.0, b=1.0)
    >>> bool(np.allclose(data.y, 3.0 * data.X[:, 0] + 1.0)), data.truth
    (True, {'w': 3.0, 'b': 1.0})
    """
    n, noise, rng = _begin("linear", n, noise, seed)
    w, b = checks.number("linear", "w", w), checks.number("linear", "b", b)
    lo, hi = (checks.number("linear", "x_range", v) for v in x_range)
    if not lo < hi:
        raise ValueError(f"linear: x_range={x_range!r} must be (low, high) with low < high")
    x = rng.uniform(lo, hi, n)
    y = w * x + b + noise * rng.standard_normal(n)
    return _made("linear", x[:, None], y, {"w": w, "b": b}, n=n, noise=noise, seed=seed,
                 w=w, b=b, x_range=(lo, hi))


def sine(n=100, noise=0.1, seed=0):
    """1-D non-linear regression: ``y = sin(x) + noise * N(0, 1)``, x uniform in [-pi, pi].

    >>> data = sine(n=5, noise=0.0)
    >>> bool(np.allclose(data.y, np.sin(data.X[:, 0])))
    True
    """
    n, noise, rng = _begin("sine", n, noise, seed)
    x = rng.uniform(-math.pi, math.pi, n)
    return _made("sine", x[:, None], np.sin(x) + noise * rng.standard_normal(n),
                 n=n, noise=noise, seed=seed)


# ---------------------------------------------------------------- two classes
def blobs(n=100, noise=1.0, seed=0, *, dim=2, center=1.0):
    """Two Gaussian clouds at ``-center`` and ``+center`` (every axis), spread ``noise``.

    ``dim=1`` gives 1-D two-class data for a single logistic neuron; the clouds
    overlap (for noise ~ center), so the best weights are finite.

    >>> blobs(n=6, dim=1).X.shape
    (6, 1)
    """
    n, noise, rng = _begin("blobs", n, noise, seed)
    dim = checks.whole("blobs", "dim", dim, 1)
    center = checks.number("blobs", "center", center)
    y = _two_classes(n)
    X = (2 * y - 1)[:, None] * center + noise * rng.standard_normal((n, dim))
    return _made("blobs", X, y, n=n, noise=noise, seed=seed, dim=dim, center=center)


def moons(n=100, noise=0.1, seed=0):
    """Two interleaving half circles (class 0 on top, class 1 below and shifted)."""
    n, noise, rng = _begin("moons", n, noise, seed)
    y = _two_classes(n)
    t = rng.uniform(0.0, math.pi, n)
    X = np.where(y[:, None] == 0,
                 np.stack([np.cos(t), np.sin(t)], axis=1),
                 np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)], axis=1))
    return _made("moons", X + noise * rng.standard_normal((n, 2)), y, n=n, noise=noise, seed=seed)


def circles(n=100, noise=0.05, seed=0, *, factor=0.5):
    """Two concentric circles: class 0 at radius 1, class 1 at radius ``factor``."""
    n, noise, rng = _begin("circles", n, noise, seed)
    factor = checks.number("circles", "factor", factor, low=0, high=1, low_open=True, high_open=True,
                           rule="in (0, 1), the inner radius")
    y = _two_classes(n)
    angle = rng.uniform(0.0, TAU, n)
    r = np.where(y == 1, factor, 1.0)
    X = r[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return _made("circles", X + noise * rng.standard_normal((n, 2)), y,
                 n=n, noise=noise, seed=seed, factor=factor)


def xor(n=100, noise=0.1, seed=0):
    """Points in the square [-1, 1]^2; class 1 where the two coordinates differ in sign.

    No straight line separates the classes: the classic case for a hidden layer.
    """
    n, noise, rng = _begin("xor", n, noise, seed)
    X = rng.uniform(-1.0, 1.0, (n, 2))
    y = (X[:, 0] * X[:, 1] < 0).astype(float)  # labels from the clean points, then blur
    return _made("xor", X + noise * rng.standard_normal((n, 2)), y, n=n, noise=noise, seed=seed)


def spiral(n=100, noise=0.1, seed=0, *, turns=1.0):
    """Two spiral arms winding ``turns`` times around the origin, half a turn apart."""
    n, noise, rng = _begin("spiral", n, noise, seed)
    turns = checks.positive("spiral", "turns", turns)
    y = _two_classes(n)
    r = rng.uniform(0.0, 1.0, n)            # distance from the centre, 0 to 1
    angle = TAU * turns * r + math.pi * y   # the second arm is the first, rotated by pi
    X = r[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return _made("spiral", X + noise * rng.standard_normal((n, 2)), y,
                 n=n, noise=noise, seed=seed, turns=turns)


# ---------------------------------------------------------------- by name
GENERATORS = Registry("data set", setting="option")
for _generator in (linear, sine, blobs, moons, circles, xor, spiral):
    GENERATORS.register(_generator)


def names() -> list[str]:
    """Names of the data set generators, regression first.

    >>> names()
    ['linear', 'sine', 'blobs', 'moons', 'circles', 'xor', 'spiral']
    """
    return GENERATORS.names()


def make(name, n=100, noise=None, seed=0, *, missing=0.0, **options) -> Dataset:
    """The data set ``name`` with ``n`` samples; ``noise=None`` keeps its own default.

    ``missing`` replaces that fraction of the feature values by NaN (seeded), for
    practising :func:`impute`; ``options`` go to the generator (``w=``, ``factor=``, ...).

    >>> data = make("linear", n=50, noise=0.1, seed=1)
    >>> data.X.shape, data.truth
    ((50, 1), {'w': 2.0, 'b': -1.0})
    """
    generator = GENERATORS.lookup(name)
    extra = [k for k, p in inspect.signature(generator).parameters.items()
             if p.kind is p.KEYWORD_ONLY]
    GENERATORS.check_settings(name, options, allowed=extra)
    checks.unit("make", "missing", missing)
    if noise is not None:
        options["noise"] = noise
    data = generator(n=n, seed=seed, **options)
    return add_missing(data, missing, seed=seed) if missing else data
