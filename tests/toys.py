"""Small surfaces written in the tests, independent of landscape's own."""
from __future__ import annotations

import numpy as np


class ToyLinReg:
    """A finite-sum surface written here (independent of landscape's data surfaces):
    least squares ``1/2 mean_i (w x_i + b - y_i)^2`` in ``p = (w, b)``."""

    name = "toylinreg"
    dim = 2
    bounds = ((-3.0, 3.0), (-3.0, 3.0))
    minima = ()
    start = (-2.0, 2.0)

    def __init__(self, n=40, seed=1):
        rng = np.random.default_rng(seed)
        self.x = rng.normal(size=n)
        self.y = 1.5 * self.x - 0.5 + 0.3 * rng.normal(size=n)
        self.n_samples = n

    def _residual(self, p, batch):
        p = np.asarray(p, dtype=float)
        x, y = (self.x, self.y) if batch is None else (self.x[batch], self.y[batch])
        return p[..., 0, None] * x + p[..., 1, None] - y, x

    def value(self, p, batch=None):
        r, _ = self._residual(p, batch)
        return 0.5 * np.mean(r * r, axis=-1)

    def grad(self, p, batch=None):
        r, x = self._residual(p, batch)
        return np.stack([np.mean(r * x, axis=-1), np.mean(r, axis=-1)], axis=-1)
