"""The engine behind the finite-sum surfaces: a neuron ``z = w x + b`` on 1-D data.

    L(w, b) = 1/B  sum_{i in batch}  l(z_i, y_i),      z_i = w x_i + b

A model only writes its per-sample loss ``l(z, y)`` and two derivatives in ``z``;
the chain rule (``dz/dw = x``, ``dz/db = 1``) gives everything else:

    dL/d(w, b)   = mean( l'(z_i)  (x_i, 1) )
    d2L/d(w, b)2 = mean( l''(z_i) (x_i, 1)^T (x_i, 1) )

Each mean over samples is one matrix product, for any number of points at once.
The concrete surfaces are in :mod:`landscape.finite_sum`.
"""
from __future__ import annotations

import dataclasses
import functools
from typing import ClassVar, NamedTuple

import numpy as np

from groundwork import checks

from . import datasets
from .base import as_points, batch_indices
from .preprocess import REPAIRS, SCALINGS, fit_scaler, repair, split

PARTS = ("train", "validation")
# Points x samples per temporary array: a 200 x 200 grid over 1000 samples is cut
# into chunks of ~4M numbers instead of one 320 MB array.
_CHUNK = 1 << 22


def _z(p, x):
    """Pre-activations ``w x_i + b`` for every point and sample: shape ``(..., B)``."""
    return p[..., :1] * x + p[..., 1:]


def _moments(fn, p, x, y, powers):
    """``1/B sum_i fn(z_i, y_i) x_i^k`` for each ``k`` in ``powers``: shape ``(..., K)``.

    The sum over samples is one matrix product; the loop only cuts a huge set of
    points into chunks (never one point or one sample at a time).
    """
    basis = np.stack([x**k for k in powers], axis=1)               # (B, K)
    flat = p.reshape(-1, 2)
    out = np.empty((len(flat), len(powers)))
    rows = max(1, _CHUNK // len(x))
    for i in range(0, len(flat), rows):
        out[i:i + rows] = fn(_z(flat[i:i + rows], x), y) @ basis
    return out.reshape(p.shape[:-1] + (len(powers),)) / len(x)


class Fitted(NamedTuple):
    """A finite-sum surface's derived state, made once from its settings."""

    dataset: object     # the samples of this part, scaled (a datasets.Dataset)
    scaler: object      # the scaling fitted on the training part
    minima: tuple       # the minimiser of this part's loss, or () where it lies at infinity
    bounds: tuple       # the default view, from the training minimum
    start: tuple        # a start up-left of it


@dataclasses.dataclass(frozen=True)
class Neuron:
    """Base of the finite-sum surfaces: ``z = w x + b`` on 1-D data, in ``(w, b)``.

    The dataclass fields are the settings, kept as given; what they make (the
    data, the minimum, the view) is derived state, in :attr:`fitted`.

    Parameters
    ----------
    n : int
        Training samples, ``N = n_samples`` (at least 2).
    noise : float
        Noise level of the data set (>= 0).
    seed : int
        Seeds the data and the train/validation split.
    scale : {"standard", "minmax", "none"}
        Feature scaling, fitted on the training part; ``"none"`` keeps raw units.
    n_val : int
        Held-out samples, drawn with the training ones (``n + n_val`` in all,
        split at random); 0 for none.
    part : {"train", "validation"}
        Which part the loss is a mean over; ``validation()`` switches to the other.
    missing : float
        Share of the feature values replaced by gaps (seeded), before the split; 0 for
        complete data.
    impute : {"mean", "median", "drop"}
        What is done with the gaps: filled with the training part's mean or median, or
        the incomplete samples left out (fewer samples: ``n_samples`` drops below ``n``).

    A subclass writes the per-sample loss ``loss(z, y)``, its first two
    derivatives in ``z`` and ``minimiser`` (the minimiser, None if it lies at infinity);
    this class turns them into values, gradients and Hessians, vectorised over
    points and samples.

    Examples
    --------
    A mini-batch is a list of sample indices; its loss is the mean over those samples.

    >>> from landscape.finite_sum import LinReg
    >>> s = LinReg(n=6)
    >>> s.sample_losses(s.start, [0, 3]).round(2)        # samples 0 and 3
    array([727.  ,   7.45])
    >>> round(float(s.value(s.start, [0, 3])), 2)           # their mean
    367.22
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    formula: ClassVar[str] = ""
    dim: ClassVar[int] = 2
    log_levels: ClassVar[bool] = False
    axis_labels: ClassVar[tuple] = ("w (weight)", "b (bias)")
    data_set: ClassVar[tuple] = ("linear", {})
    min_half: ClassVar[float] = 1.0   # smallest half-width of the default view

    n: int = 100
    noise: float = 0.5
    seed: int = 0
    scale: str = "standard"
    n_val: int = 50
    part: str = "train"
    missing: float = 0.0
    impute: str = "mean"

    def __post_init__(self):
        me = self.name
        checks.whole(me, "n", self.n, 2, high=datasets.MAX_SAMPLES, why="about 240 MB in 2-D")
        checks.number(me, "noise", self.noise, low=0.0, high=datasets.MAX_NOISE)
        checks.whole(me, "seed", self.seed, 0)
        checks.choice(me, "scale", self.scale, SCALINGS)
        checks.whole(me, "n_val", self.n_val, 0, high=datasets.MAX_SAMPLES)
        if self.n + self.n_val > datasets.MAX_SAMPLES:
            raise ValueError(f"{me}: n + n_val = {self.n + self.n_val:,} samples is too many: at most "
                             f"{datasets.MAX_SAMPLES:,} in all")
        checks.choice(me, "part", self.part, PARTS)
        if self.part == "validation" and self.n_val == 0:
            raise ValueError(f"{me}: part='validation' needs held-out samples; give n_val >= 1")
        checks.unit(me, "missing", self.missing)
        checks.choice(me, "impute", self.impute, REPAIRS)
        self.fitted     # the data and the minimum are made now, once

    # ------------------------------------------------------------ derived state
    @functools.cached_property
    def _parts(self) -> tuple:
        """``(train, val, filled)``: the parts as made, split and repaired (``val`` None
        without ``n_val``), and which samples of this part had a gap filled in."""
        generator, options = self.data_set
        # gaps are punched before the split, so both parts have them
        data = datasets.make(generator, n=int(self.n) + int(self.n_val), noise=float(self.noise),
                             seed=int(self.seed), missing=float(self.missing), **options)
        train, val = (split(data, self.n_val / len(data), seed=int(self.seed)) if self.n_val
                      else (data, None))
        own = train if self.part == "train" else val
        filled = np.isnan(own.X).any(axis=1)
        if self.missing:
            train, val = repair(train, val, self.impute)
        return train, val, filled

    @property
    def filled(self) -> np.ndarray:
        """Which samples had their feature filled in (``impute`` mean or median): a
        boolean per sample, all False for complete data or dropped gaps.

        >>> from landscape.finite_sum import LinReg
        >>> int(LinReg(missing=0.3).filled.sum()), int(LinReg(missing=0.3, impute="drop").filled.sum())
        (25, 0)
        """
        return self._parts[2] if self.impute != "drop" else np.zeros(self.n_samples, bool)

    @functools.cached_property
    def fitted(self) -> Fitted:
        """What the settings make: the data, the scaling, the minimum and the view."""
        train, val, _ = self._parts
        for part, data, least in (("training", train, 2), ("validation", val, 1)):
            if data is not None and len(data) < least:
                raise ValueError(f"{self.name}: missing={self.missing:g} with impute='drop' leaves "
                                 f"{len(data)} complete {part} sample(s); give a smaller missing "
                                 "share or impute='mean'")
        scaler = fit_scaler(train, self.scale)          # training numbers, for both parts
        train = scaler(train)
        own = train if self.part == "train" else scaler(val)
        best = self.minimiser(train.X[:, 0], train.y)
        mine = best if own is train else self.minimiser(own.X[:, 0], own.y)
        # The view comes from the training minimum, also on the validation part, so
        # both surfaces are drawn in the same window.
        centre, h, start = self.window(best, train.X[:, 0], train.y)
        return Fitted(dataset=own, scaler=scaler,
                      minima=() if mine is None else (tuple(float(v) for v in mine),),
                      bounds=tuple((float(c - h), float(c + h)) for c in centre),
                      start=tuple(float(v) for v in start))

    @property
    def dataset(self):
        """The samples the loss is a mean over (this part, scaled)."""
        return self.fitted.dataset

    @property
    def x(self) -> np.ndarray:
        """The (scaled) feature of each sample."""
        return self.fitted.dataset.X[:, 0]

    @property
    def y(self) -> np.ndarray:
        return self.fitted.dataset.y

    @property
    def n_samples(self) -> int:
        return self.fitted.dataset.n

    @property
    def minima(self) -> tuple:
        return self.fitted.minima

    @property
    def bounds(self) -> tuple:
        return self.fitted.bounds

    @property
    def start(self) -> tuple:
        return self.fitted.start

    # ------------------------------------------------------------ the per-sample loss
    @staticmethod
    def loss(z, y):  # pragma: no cover - every subclass writes its loss
        raise NotImplementedError

    @staticmethod
    def dloss(z, y):  # pragma: no cover
        raise NotImplementedError

    @staticmethod
    def d2loss(z, y):  # pragma: no cover
        raise NotImplementedError

    def minimiser(self, x, y):  # pragma: no cover
        raise NotImplementedError

    def window(self, best, x, y):
        """Window centre, half-width and start: a square around the minimum, start up-left.

        The square (same span on both axes) shows the true shape: a narrow valley
        looks narrow, as it does to gradient descent.
        """
        h = max(self.min_half, 1.25 * float(np.abs(best).max()))
        return best, h, best + h * np.array([-0.75, 0.75])

    # ------------------------------------------------------------ the Surface protocol
    def value(self, p, batch=None):
        """Mean loss over ``batch`` (index array; None = all samples), shape ``(...)``."""
        x, y = self._batch(batch)
        return _moments(self.loss, as_points(p, 2, self.name), x, y, (0,))[..., 0]

    def grad(self, p, batch=None):
        """Mean gradient ``(dL/dw, dL/db) = mean(l'(z) x, l'(z))``, shape ``(..., 2)``."""
        x, y = self._batch(batch)
        return _moments(self.dloss, as_points(p, 2, self.name), x, y, (1, 0))

    def hessian(self, p, batch=None):
        """Mean Hessian ``mean(l''(z) [x, 1]^T [x, 1])``, shape ``(..., 2, 2)``."""
        x, y = self._batch(batch)
        m = _moments(self.d2loss, as_points(p, 2, self.name), x, y, (2, 1, 0))
        return np.stack([m[..., :2], m[..., 1:]], axis=-2)

    def sample_losses(self, p, batch=None):
        """One loss per sample: shape ``(..., B)``; ``value`` is their mean."""
        x, y = self._batch(batch)
        return self.loss(_z(as_points(p, 2, self.name), x), y)

    def sample_grads(self, p, batch=None):
        """One gradient per sample: shape ``(..., B, 2)``; ``grad`` is their mean."""
        x, y = self._batch(batch)
        d = self.dloss(_z(as_points(p, 2, self.name), x), y)
        return np.stack([d * x, d], axis=-1)

    def _batch(self, batch):
        if batch is None:
            return self.x, self.y
        idx = batch_indices(batch, self.n_samples, self.name)
        return self.x[idx], self.y[idx]

    # ------------------------------------------------------------ the other part
    def validation(self):
        """The same model on the held-out samples, for ``optimizers.run(validation=...)``."""
        return dataclasses.replace(self, part="validation")

    def training(self):
        """The same model on the training samples."""
        return dataclasses.replace(self, part="train")

    # ------------------------------------------------------------ for plots
    @property
    def f_min(self):
        """The loss at the minimum, or None where the minimum lies at infinity."""
        return float(self.value(self.minima[0])) if self.minima else None

    @property
    def params(self) -> dict:
        """The surface's parameters and their values."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @property
    def label(self) -> str:
        """Display name: ``"Linear regression, MSE (n=100, noise=0.5, scale=standard)"``."""
        part = ", validation" if self.part == "validation" else ""
        return f"{self.title} (n={self.n}, noise={self.noise:g}, scale={self.scale}{part})"

    def __repr__(self) -> str:
        return f"landscape.get({self.name!r}" + "".join(
            f", {k}={v!r}" for k, v in self.params.items()) + ")"


def newton(model, x, y, p):
    """Damped Newton on ``model``'s mean loss from ``p``: its minimiser, or None.

    Where the Hessian is not positive definite (non-convex parts) it steps down the
    gradient instead; halving the step until the loss drops keeps it from jumping.
    """
    value = lambda q: _moments(model.loss, q, x, y, (0,))[0]  # noqa: E731
    for _ in range(200):
        g = _moments(model.dloss, p, x, y, (1, 0))
        if np.linalg.norm(g) < 1e-13:
            break
        m2, m1, m0 = _moments(model.d2loss, p, x, y, (2, 1, 0))
        H = np.array([[m2, m1], [m1, m0]])
        step = np.linalg.solve(H, -g) if np.linalg.eigvalsh(H)[0] > 1e-12 else -g
        t, f0 = 1.0, value(p)
        while value(p + t * step) > f0 + 1e-4 * t * (g @ step) and t > 1e-12:
            t /= 2
        if t <= 1e-12:   # no decrease left to find: we sit at the minimum
            break
        p = p + t * step
    return p if np.linalg.norm(g) < 1e-8 else None
