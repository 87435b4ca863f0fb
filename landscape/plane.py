"""Planes through weight space: a network's P-dimensional loss, seen in two dimensions.

A :class:`Plane` is an origin ``θ0`` and two directions ``d1, d2``; its point
``(α, β)`` is the weight vector ``θ0 + α d1 + β d2``, and its loss there is the
network's.  So a Plane is itself a 2-D Surface: ``animations.plot`` draws it like
Rosenbrock.  Three ways to choose it:

- :func:`random_plane`: Gaussian directions, filter-normalised (Li et al. 2018), so
  that a step of 1 changes every neuron by as much as its own weights;
- :func:`pca_plane`: the two principal directions of one or several trajectories,
  the plane that keeps the most of where they went;
- :func:`plane_through`: the plane through three points (a start and two ends).

Paths are projected onto the plane by least squares (:meth:`Plane.project`).  A
projected path can mislead: in 337 dimensions most of a path may be off the plane,
and the contours under it are not the losses it saw.  ``Projection.in_plane`` says
how much of each path's movement the plane shows.

Besides the loss, a plane carries other numbers of the weights (:meth:`Plane.metric`):
a classifier's accuracy, or any function of weight vectors ``(..., P) -> (...)``.

>>> import landscape
>>> from landscape import plane
>>> net = landscape.get("mlp", hidden=(8,), n=50)
>>> pl = plane.random_plane(net, net.start, seed=1)
>>> bool(np.isclose(pl.value((0.0, 0.0)), net.value(net.start), rtol=1e-12))  # (0, 0): the origin
True
"""
from __future__ import annotations

import dataclasses
import functools
from typing import ClassVar

import numpy as np

from groundwork import checks

from . import gridding
from .base import as_points
from .metrics import metric_function

BIASES = ("zero", "neuron")
KINDS = {"random": "random plane, filter-normalised", "pca": "PCA plane of the paths",
         "points": "plane through three points", "plane": "a plane through weight space"}


@dataclasses.dataclass(frozen=True)
class Projection:
    """A path seen in a plane: ``coords`` ``(..., 2)``, each point's ``distance`` from
    the plane, and ``in_plane``, the share of its movement the plane shows:
    ``sum_t |proj(θ_t - θ_0)|^2 / sum_t |θ_t - θ_0|^2`` (1: the path lies in a plane
    parallel to this one, and its projection is exact)."""

    coords: np.ndarray
    distance: np.ndarray
    in_plane: float


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Plane:
    """The 2-D Surface ``(α, β) -> L(origin + α d1 + β d2)`` of a P-dimensional ``surface``.

    ``dtype="float32"`` evaluates the network in single precision: about twice as
    fast, and plenty for contours.  ``n_samples`` is the surface's, so mini-batches
    (and ``optimizers.run``) work in the plane too.
    """

    name: ClassVar[str] = "plane"
    dim: ClassVar[int] = 2
    minima: ClassVar[tuple] = ()
    start: ClassVar[tuple] = (0.0, 0.0)

    surface: object
    origin: np.ndarray
    d1: np.ndarray
    d2: np.ndarray
    bounds: tuple = ((-1.0, 1.0), (-1.0, 1.0))
    axis_labels: tuple = ("α", "β")
    kind: str = "plane"
    explained: tuple | None = None
    dtype: str = "float64"

    def __post_init__(self):
        P = getattr(self.surface, "dim", None)
        if not isinstance(P, int) or not callable(getattr(self.surface, "value", None)):
            raise TypeError(f"Plane: surface must be a landscape Surface, got {self.surface!r}")
        for key in ("origin", "d1", "d2"):
            v = np.array(getattr(self, key), dtype=float)
            if v.shape != (P,) or not np.isfinite(v).all():
                raise ValueError(f"Plane: {key} must be {P} finite numbers (the surface's dim), "
                                 f"got shape {v.shape}")
            v.setflags(write=False)
            object.__setattr__(self, key, v)
        G = self.directions.T @ self.directions
        if np.linalg.det(G) <= 1e-12 * G[0, 0] * G[1, 1]:
            raise ValueError("Plane: d1 and d2 are parallel (or zero); they span no plane")
        checks.choice("Plane", "dtype", self.dtype, ("float64", "float32"))
        checks.choice("Plane", "kind", self.kind, tuple(KINDS))
        (x0, x1), (y0, y1) = self.bounds
        if not (x0 < x1 and y0 < y1):
            raise ValueError(f"Plane: bounds={self.bounds!r} must be ((αlo, αhi), (βlo, βhi)) "
                             "with lo < hi")

    @functools.cached_property
    def directions(self) -> np.ndarray:
        """``d1`` and ``d2`` as the columns of a ``(P, 2)`` matrix."""
        return np.stack([self.d1, self.d2], axis=1)

    @functools.cached_property
    def _least_squares(self) -> np.ndarray:
        """``(D^T D)^-1 D^T``, ``(2, P)``: plane coordinates of a weight vector."""
        D = self.directions
        return np.linalg.inv(D.T @ D) @ D.T

    @property
    def n_samples(self):
        return getattr(self.surface, "n_samples", None)

    @functools.cached_property
    def log_levels(self) -> bool:
        """Log-spaced contours where the loss in view spans more than a decade (a deep,
        flat basin), else even ones; judged from a coarse 9 x 9 look at the window."""
        (x0, x1), (y0, y1) = self.bounds
        ab = np.stack(np.meshgrid(np.linspace(x0, x1, 9), np.linspace(y0, y1, 9)), axis=-1)
        z = self.value(ab)
        floor = self.f_min or 0.0
        return bool(np.nanmin(z) > floor and (np.nanmax(z) - floor) > 10 * (np.nanmin(z) - floor))

    @property
    def f_min(self):
        """The surface's floor (0 for a network's loss): contour levels are log-spaced above it."""
        return getattr(self.surface, "f_min", None)

    @property
    def label(self) -> str:
        return getattr(self.surface, "label", self.surface.name)

    @property
    def formula(self) -> str:
        """What plane this is (figures show it beside the title where there is room)."""
        return KINDS[self.kind]

    def weights(self, ab) -> np.ndarray:
        """The weight vectors ``origin + α d1 + β d2`` of plane points ``(..., 2)``."""
        ab = as_points(ab, 2, "plane")
        return self.origin + ab[..., :1] * self.d1 + ab[..., 1:] * self.d2

    def value(self, ab, batch=None) -> np.ndarray:
        """The surface's loss at plane points ``(..., 2)``; large inputs use every core."""
        ab = as_points(ab, 2, "plane")
        fn = functools.partial(_chunk_losses, self, batch)
        return gridding.evaluate(fn, ab.reshape(-1, 2)).reshape(ab.shape[:-1])

    def metric(self, ab, metric="accuracy") -> np.ndarray:
        """``metric`` at plane points ``(..., 2)``, cut into chunks on every core like :meth:`value`.

        ``metric``: ``"accuracy"``, a classifier's share of samples classified right
        (output > 1/2 means class 1), or a function of weight vectors ``(K, P) -> (K,)``.

        >>> import landscape
        >>> net = landscape.get("mlp", hidden=(8,), n=50)
        >>> pl = random_plane(net, net.start, seed=1)
        >>> acc = pl.metric([(0.0, 0.0), (0.5, -0.5)])          # at (0, 0): the origin's
        >>> norm = pl.metric([(0.0, 0.0)], lambda w: np.linalg.norm(w, axis=-1))
        >>> bool(acc[0] == net.accuracy(net.start) and norm[0] == np.linalg.norm(pl.origin))
        True
        """
        ab = as_points(ab, 2, "plane")
        fn = functools.partial(_chunk_metric, self, metric_function(self.surface, metric, "Plane.metric"))
        return gridding.evaluate(fn, ab.reshape(-1, 2)).reshape(ab.shape[:-1])

    def grad(self, ab, batch=None) -> np.ndarray:
        """``(dL/dα, dL/dβ) = (g · d1, g · d2)``: the chain rule through the plane."""
        return self.surface.grad(self.weights(ab), batch) @ self.directions

    def project(self, path) -> Projection:
        """Least-squares coordinates of points ``(..., P)`` (or a Trajectory) in the plane."""
        theta = _params(path, self.surface.dim, "Plane.project")
        rel = theta - self.origin
        coords = rel @ self._least_squares.T                    # (..., 2)
        off = rel - coords @ self.directions.T                  # the part the plane cannot show
        path, off_path = (theta, off) if theta.ndim > 1 else (theta[None], off[None])
        ok = np.isfinite(path).all(axis=-1, keepdims=True)   # a diverged run ends in NaN
        moved = np.where(ok, path - path[:1], 0.0)
        hidden = np.where(ok, off_path - off_path[:1], 0.0)
        total = float(np.sum(moved ** 2))
        share = 1.0 if total == 0 else max(0.0, 1.0 - float(np.sum(hidden ** 2)) / total)
        return Projection(coords, np.linalg.norm(off, axis=-1), share)

    def __repr__(self) -> str:
        return f"<Plane ({self.kind}) through {getattr(self.surface, 'label', self.surface)}>"


def _chunk_losses(plane, batch, ab):
    # row by row the same arithmetic, whatever the chunk: results do not depend on chunking
    dt = np.dtype(plane.dtype)
    a, b = ab[:, :1].astype(dt), ab[:, 1:].astype(dt)
    weights = plane.origin.astype(dt) + a * plane.d1.astype(dt)
    weights += b * plane.d2.astype(dt)
    # a network evaluates in the weights' precision (float32 for contours) through losses()
    losses = getattr(plane.surface, "losses", None)
    return losses(weights, batch) if losses is not None else plane.surface.value(weights, batch)


def _chunk_metric(plane, fn, ab):
    return fn(plane.origin + ab[:, :1] * plane.d1 + ab[:, 1:] * plane.d2)   # (m, P) at a time


def _params(path, dim, owner) -> np.ndarray:
    """Points ``(..., dim)`` from an array or anything with ``.params`` (a Trajectory)."""
    try:
        theta = np.asarray(getattr(path, "params", path), dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{owner}: {checks.shown(path)} must be weight vectors (numbers) or a "
                        "Trajectory") from None
    if theta.ndim < 1 or theta.shape[-1] != dim:
        raise ValueError(f"{owner}: a path of dimension {theta.shape[-1] if theta.ndim else 0} "
                         f"does not fit a network with {dim} parameters; project paths of "
                         "the same network")
    return theta


# ---------------------------------------------------------------- directions
def filter_normalize(surface, direction, weights, biases="zero") -> np.ndarray:
    """``direction`` with each neuron's slice scaled to the norm of the same slice of ``weights``.

    A neuron's slice is its incoming weights (a column of W).  Biases have no
    filter: ``biases="zero"`` sets their direction to 0, so the plane keeps the
    origin's biases (as Li et al.'s code does); ``"neuron"`` makes each bias part
    of its neuron's slice (a column of the block ``[W; b]``).

    >>> import landscape
    >>> net = landscape.get("mlp", hidden=(3,), n=20)
    >>> d = filter_normalize(net, np.ones(net.dim), net.start)
    >>> W, Wd = net.layers(net.start)[0][0], net.layers(d)[0][0]
    >>> bool(np.allclose(np.linalg.norm(Wd, axis=0), np.linalg.norm(W, axis=0)))
    True
    """
    checks.choice("filter_normalize", "biases", biases, BIASES)
    if not callable(getattr(surface, "blocks", None)):
        raise TypeError(f"filter_normalize: {getattr(surface, 'name', surface)!r} has no layers; "
                        "filter normalisation needs a network (landscape.get('mlp', ...))")
    d = _params(direction, surface.dim, "filter_normalize").copy()
    w = _params(weights, surface.dim, "filter_normalize")
    for Wb_d, Wb_w in zip(surface.blocks(d), surface.blocks(w)):
        if biases == "zero":
            Wb_d[-1] = 0.0
        rows = slice(None, -1) if biases == "zero" else slice(None)
        norm_d = np.linalg.norm(Wb_d[rows], axis=0)
        norm_w = np.linalg.norm(Wb_w[rows], axis=0)
        Wb_d[rows] *= np.divide(norm_w, norm_d, out=np.zeros_like(norm_w), where=norm_d > 0)
    return d


def random_plane(surface, origin=None, *, seed=0, biases="zero", extent=1.0) -> Plane:
    """A plane through ``origin`` along two filter-normalised Gaussian directions.

    ``α, β`` run over ``[-extent, extent]``: at 1, every neuron has moved by the
    size of its own weights.  Surfaces without layers get unit-length directions.
    """
    origin = _params(surface.start if origin is None else origin, surface.dim, "random_plane")
    e = float(extent)
    if not e > 0:
        raise ValueError(f"random_plane: extent={extent!r} must be > 0 (the window is "
                         "[-extent, extent] on both axes)")
    rng = np.random.default_rng(checks.whole("random_plane", "seed", seed, 0))
    ds = rng.standard_normal((2, surface.dim))
    if callable(getattr(surface, "blocks", None)):
        ds = [filter_normalize(surface, d, origin, biases) for d in ds]
    else:
        ds = [d / np.linalg.norm(d) for d in ds]
    return Plane(surface, origin, *ds, bounds=((-e, e), (-e, e)), kind="random",
                 axis_labels=("α (random direction 1)", "β (random direction 2)"))


def pca_plane(surface, trajectories, *, origin="end", margin=0.2) -> Plane:
    """The plane of the two principal directions of the trajectories' points.

    Directions: principal components of all points (centred on their mean), signed
    so that the first path moves towards +α.  ``origin``: ``"end"`` (the first
    path's last point, as Li et al.), ``"start"``, ``"mean"``, or a weight vector.
    The axis labels give the explained variance.
    """
    margin = checks.number("pca_plane", "margin", margin, low=0, high=10)
    paths = [_params(t, surface.dim, "pca_plane") for t in _as_list(trajectories)]
    paths = [p.reshape(-1, surface.dim) for p in paths]
    paths = [p[np.isfinite(p).all(axis=1)] for p in paths]
    # PCA needs the shape of each path, not every SGD step: at most 1,000 points each
    pts = np.concatenate([p[np.unique(np.linspace(0, len(p) - 1, 1000).astype(int))]
                          for p in paths if len(p)])
    centre = pts.mean(axis=0)
    _, s, Vt = np.linalg.svd(pts - centre, full_matrices=False)
    var = s ** 2 / max(float(np.sum(s ** 2)), 1e-300)
    if len(s) < 2 or var[1] < 1e-12:
        raise ValueError("pca_plane: the paths span fewer than two directions; "
                         "give longer runs or more of them")
    d = Vt[:2] * np.where((paths[0][-1] - paths[0][0]) @ Vt[:2].T < 0, -1.0, 1.0)[:, None]
    if isinstance(origin, str):
        checks.choice("pca_plane", "origin", origin, ("end", "start", "mean"))
        origin = {"end": paths[0][-1], "start": paths[0][0], "mean": centre}[origin]
    plane = Plane(surface, origin, d[0], d[1], kind="pca", explained=(float(var[0]), float(var[1])),
                  axis_labels=(f"PC1: {var[0]:.1%} of variance", f"PC2: {var[1]:.1%} of variance"))
    return dataclasses.replace(plane, bounds=_window(plane.project(pts).coords, margin))


def plane_through(surface, a, b, c, *, names=("A", "B", "C"), margin=0.2) -> Plane:
    """The plane through weight vectors ``a``, ``b``, ``c``: ``a`` at (0, 0), ``b`` on the α axis.

    The axes are orthonormal (Gram-Schmidt), so distances in the figure are true
    distances in weight space.
    """
    if not (isinstance(names, (tuple, list)) and len(names) == 3 and all(isinstance(s, str) for s in names)):
        raise TypeError(f"plane_through: names={checks.shown(names)} must be three strings, one "
                        "for each point")
    margin = checks.number("plane_through", "margin", margin, low=0, high=10)
    a, b, c = (_params(v, surface.dim, "plane_through") for v in (a, b, c))
    u, v = b - a, c - a
    if np.linalg.norm(u) == 0:
        raise ValueError(f"plane_through: {names[0]} and {names[1]} are the same point")
    e1 = u / np.linalg.norm(u)
    w = v - (v @ e1) * e1
    if np.linalg.norm(w) <= 1e-9 * max(np.linalg.norm(v), 1e-300):
        raise ValueError(f"plane_through: {', '.join(names)} lie on one line; they span no plane")
    plane = Plane(surface, a, e1, w / np.linalg.norm(w), kind="points",
                  axis_labels=(f"distance along {names[0]} → {names[1]}",
                               f"distance towards {names[2]} (⊥)"))
    return dataclasses.replace(plane, bounds=_window(plane.project(np.stack([a, b, c])).coords, margin))


def interpolate(surface, a, b, n=101, extent=(-0.5, 1.5)):
    """``(t, loss)`` along the straight line ``(1 - t) a + t b`` (Goodfellow et al. 2015)."""
    a, b = (_params(v, surface.dim, "interpolate") for v in (a, b))
    n = checks.whole("interpolate", "n", n, 2)
    t = np.linspace(*extent, n)
    return t, surface.value((1 - t)[:, None] * a + t[:, None] * b)


def _as_list(trajectories) -> list:
    if hasattr(trajectories, "params") or isinstance(trajectories, np.ndarray):
        return [trajectories]
    out = list(trajectories)
    if not out:
        raise ValueError("pca_plane: give at least one trajectory")
    return out


def _window(coords, margin):
    """A square window around the points, ``margin`` of their span added on each side.

    Square, as the axes are drawn to scale: the figure shows the true shape of the
    landscape, and a thin path gets the landscape on both of its sides.
    """
    xy = coords.reshape(-1, 2)
    xy = xy[np.isfinite(xy).all(axis=1)]
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    mid, half = (lo + hi) / 2, float((hi - lo).max()) / 2 * (1 + 2 * margin)
    half = half if half > 0 else 1.0
    return tuple((float(m - half), float(m + half)) for m in mid)
