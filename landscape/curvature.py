"""Curvature: the Hessian at a point, and its eigenvalues and eigenvectors.

Near a minimum ``x*`` a surface is the quadratic ``1/2 (x - x*)^T H (x - x*)``: along
the eigenvector of H's largest eigenvalue ``lambda_max`` GD multiplies the distance
by ``1 - lr * lambda_max`` each step, so it converges only for ``lr < 2 / lambda_max``
(each optimizer with such a bound states it: ``Optimizer.critical_lr(lam_max)``).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from groundwork import checks


class Curvature(NamedTuple):
    """The Hessian at a point and its eigen-decomposition (eigenvalues ascending)."""

    at: np.ndarray          # (dim,) where it was taken
    hessian: np.ndarray     # (dim, dim)
    eigenvalues: np.ndarray  # (dim,) ascending
    eigenvectors: np.ndarray  # (dim, dim), column i belongs to eigenvalue i

    @property
    def lam_max(self) -> float:
        return float(self.eigenvalues[-1])


def hessian(surface, at) -> np.ndarray:
    """The Hessian of ``surface`` at ``at``: the surface's own where it has one
    (``surface.hessian(p)``), else central differences of its gradient, symmetrised.

    >>> import landscape
    >>> hessian(landscape.get("rosenbrock"), (1.0, 1.0)).round(3)   # [[2 + 800, -400], [-400, 200]]
    array([[ 802., -400.],
           [-400.,  200.]])
    """
    x = np.asarray(at, dtype=float)
    if x.shape != (surface.dim,) or not np.all(np.isfinite(x)):
        raise ValueError(f"hessian: at={checks.shown(x.tolist())} must be one finite point of "
                         f"{surface.dim} coordinates")
    if callable(getattr(surface, "hessian", None)):
        return np.array(surface.hessian(x), dtype=float)
    h = 1e-5 * np.maximum(1.0, np.abs(x))            # relative steps: the error is O(h^2)
    steps = np.diag(h)
    g = surface.grad(np.concatenate([x + steps, x - steps]))   # one call: 2 * dim points
    columns = (g[:surface.dim] - g[surface.dim:]) / (2 * h[:, None])
    return (columns + columns.T) / 2


def curvature(surface, at=None) -> Curvature:
    """The Hessian at ``at`` (default: the surface's first known minimum) and its
    eigenvalues and eigenvectors (``scipy.linalg.eigh``).

    >>> import landscape
    >>> curvature(landscape.get("quadratic", kappa=10, angle=30)).eigenvalues.round(12)
    array([ 1., 10.])
    """
    if at is None:
        minima = tuple(getattr(surface, "minima", ()))
        if not minima:
            raise ValueError(f"curvature: {getattr(surface, 'name', 'the surface')!r} has no known "
                             "minimum; give at=(x, y), a point to take the Hessian at")
        at = minima[0]
    H = hessian(surface, at)
    import scipy.linalg     # here, not at the top: importing it costs every command 0.3 s
    lam, vecs = scipy.linalg.eigh(H)
    return Curvature(np.asarray(at, dtype=float), H, lam, vecs)
