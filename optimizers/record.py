"""What ``run`` keeps of each step, and when a validation loss says to stop.

:class:`Recorder` writes each step into arrays that grow by doubling, so a run
costs what its numbers cost (a 2-D run: about 50 bytes a step) and not a Python
object per step; it may keep every k-th step only, or the start and the end.
:class:`Watch` follows what a summary needs of every member (best loss, the step
it converged, how often it turned back) whatever is recorded.
:class:`EarlyStopping` watches one run's validation loss.
"""
from __future__ import annotations

import math

import numpy as np

from .trajectory import Trajectory


class _Column:
    """Rows of one shape, appended, in an array that grows by doubling."""

    def __init__(self, shape=(), dtype=float, capacity=1024):
        self.data = np.empty((max(capacity, 1),) + tuple(shape), dtype)
        self.size = 0

    def _fit(self, size):
        while size > len(self.data):
            self.data = np.concatenate([self.data, np.empty_like(self.data)])

    def append(self, row):
        self._fit(self.size + 1)
        self.data[self.size] = row
        self.size += 1

    def extend(self, rows):
        self._fit(self.size + len(rows))
        self.data[self.size:self.size + len(rows)] = rows
        self.size += len(rows)

    def values(self, end=None) -> np.ndarray:
        return self.data[:self.size if end is None else end].copy()


class Recorder:
    """The points of a run: parameters ``(K, dim)``, loss and gradient norm ``(K,)``, the
    learning rate, the samples seen, the validation loss, the batches used.

    ``n``: the surface's samples (None without); ``batch_size``: samples per step
    (below ``n``, each step's sample indices are kept, one step after the other,
    when every step is recorded).  ``every``: keep every k-th step and the last;
    None keeps the start and the end only.
    """

    def __init__(self, params, loss, val_loss, n, batch_size, total, every=1):
        rows = min(total + 1 if every else 2, 1024)
        K, dim = params.shape
        self.P, self.L = _Column((K, dim), capacity=rows), _Column((K,), capacity=rows)
        self.G, self.LR = _Column((K,), capacity=rows), _Column(capacity=rows)
        self.S, self.T = _Column(dtype=np.int64, capacity=rows), _Column(dtype=np.int64, capacity=rows)
        self.V = None if val_loss is None else _Column((K,), capacity=rows)
        self.n, self.every, self.seen = n, every, 0
        keep = n is not None and batch_size is not None and batch_size < n and every == 1
        index = np.uint16 if keep and n <= 1 << 16 else np.int64
        self.order = _Column(dtype=index, capacity=rows * batch_size) if keep else None
        self.pending = None       # the newest point, when it is not (yet) recorded
        self._keep(0, params, loss, math.nan, val_loss)

    def _keep(self, t, params, loss, lr, val_loss):
        self.T.append(t)
        self.P.append(params)
        self.L.append(loss)
        self.LR.append(lr)
        self.S.append(self.seen)
        if self.V is not None:
            self.V.append(val_loss)

    def step(self, t, params, loss, grad_norm, lr, batch, val_loss=None):
        """Step ``t`` led to ``params``; ``grad_norm`` is of the point it left."""
        if self.pending is None:         # the point it left was recorded: this is its norm
            self.G.append(grad_norm)
        self.seen += 0 if self.n is None else self.n if batch is None else len(batch)
        if self.order is not None:
            self.order.extend(batch)
        if self.every is not None and t % self.every == 0:
            self._keep(t, params, loss, lr, val_loss)
            self.pending = None
        else:
            self.pending = (t, params, loss, lr, val_loss)

    @property
    def samples_seen(self) -> int:
        """Samples the steps so far have used (0 on a surface without samples)."""
        return self.seen

    def trajectory(self, last_grad_norm, *, single, drop_last, **facts) -> Trajectory:
        """The :class:`Trajectory`; ``single`` takes the one start out of ``(K, ...)``,
        ``drop_last`` leaves out the last point (a single run's non-finite end)."""
        if self.pending is not None:
            self._keep(*self.pending)
        self.G.append(last_grad_norm)
        end = self.P.size - 1 if drop_last else self.P.size
        params, loss, grad_norm = self.P.values(end), self.L.values(end), self.G.values(end)
        val = self.V.values(end) if self.V is not None else None
        if single:
            params, loss, grad_norm = params[:, 0], loss[:, 0], grad_norm[:, 0]
            val = val[:, 0] if val is not None else None
        samples = self.S.values(end) if self.n is not None else None
        order = None if self.order is None else self.order.values(int(samples[-1]))
        step = None if self.every == 1 else self.T.values(end)
        return Trajectory(params=params, loss=loss, grad_norm=grad_norm, lr=self.LR.values(end),
                          epoch=samples / self.n if samples is not None else None,
                          samples=samples, val_loss=val, order=order, step=step, **facts)


def row_dot(a, b) -> np.ndarray:
    """``sum_d a[k, d] * b[k, d]`` for every row k of two ``(K, dim)`` arrays.

    Column by column for a few columns: numpy reduces a short last axis (a 2-D
    population) several times slower than it adds whole columns.

    >>> row_dot(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 1.0], [0.0, 2.0]]))
    array([3., 8.])
    """
    if a.shape[-1] > 8:
        return np.einsum("kd,kd->k", a, b)
    out = a[:, 0] * b[:, 0]
    for d in range(1, a.shape[-1]):
        out += a[:, d] * b[:, d]
    return out


def rows_finite(p) -> np.ndarray:
    """For every row of ``p`` ``(K, dim)``: are all its numbers finite (as :func:`row_dot`,
    column by column for a few columns)."""
    if p.shape[-1] > 8:
        return np.isfinite(p).all(axis=-1)
    out = np.isfinite(p[:, 0])
    for d in range(1, p.shape[-1]):
        out &= np.isfinite(p[:, d])
    return out


class Watch:
    """What a summary needs of every member, followed step by step without recording
    the steps: its best loss, the step it converged at (its gradient norm fell to
    ``tol`` times the start's) and how often its path turned back (consecutive steps
    more than 90 degrees apart, before it converged).

    >>> w = Watch(np.array([[0.0]]), np.array([4.0]), tol=0.1)
    >>> w.step(1, np.array([[1.0]]), np.array([1.0]), grad_norm=np.array([10.0]))
    >>> w.step(2, np.array([[0.5]]), np.array([0.25]), grad_norm=np.array([5.0]))
    >>> w.end(np.array([0.5])); w.converged_at, w.reversals.tolist(), w.best_loss.tolist()
    ([2], [1], [0.25])
    """

    def __init__(self, params, loss, tol):
        self.tol, self.g0 = tol, None
        self.best_loss = np.where(np.isfinite(loss), loss, np.inf)
        self.converged = np.full(len(params), -1)
        self.reversals = np.zeros(len(params), dtype=np.int32)
        self.before, self.move, self.t = params, None, 0

    def step(self, t, params, loss, grad_norm):
        """Step ``t`` led to ``params`` with ``loss``; ``grad_norm`` is of the point it left."""
        still = self._converged(t - 1, grad_norm)
        self.t = t
        move = params - self.before
        if self.move is not None:
            back = row_dot(move, self.move) < 0
            back &= still
            self.reversals += back
        self.before, self.move = params, move
        np.fmin(self.best_loss, loss, out=self.best_loss)

    def _converged(self, t, grad_norm):
        """Mark the members whose gradient norm fell to the bound at point ``t``; return
        the mask of those that had not converged before."""
        if self.g0 is None:
            self.g0 = grad_norm * self.tol
        still = self.converged < 0
        hit = grad_norm <= self.g0
        hit &= still
        if hit.any():          # (most steps none does: skip the masked write)
            self.converged[hit] = t
        return still

    def end(self, last_grad_norm):
        """The gradient norm at the last point: it may be the one that converged."""
        self._converged(self.t, last_grad_norm)

    @property
    def converged_at(self) -> list:
        return [None if c < 0 else int(c) for c in self.converged]


class EarlyStopping:
    """The best point of one run by its validation loss, and when patience runs out.

    On a surface with samples the loss is judged once an epoch (``patience`` counts
    epochs); without samples, every step.

    >>> stop = EarlyStopping(first=1.0, patience=2, n=None)
    >>> [stop.update(t, v, samples=0) for t, v in enumerate([0.5, 0.7, 0.6], 1)]
    [False, False, True]
    >>> stop.best
    1
    """

    def __init__(self, first, patience, n):
        self.best, self.best_val, self.waited = 0, float(first), 0
        self.patience, self.n = patience, n
        self.stopped = False

    def update(self, t, val_loss, samples) -> bool:
        """Take the validation loss after step ``t``; True when the run should stop."""
        at_check = self.n is None or samples % self.n == 0
        if at_check and np.isfinite(val_loss):
            if val_loss < self.best_val:
                self.best, self.best_val, self.waited = t, val_loss, 0
            else:
                self.waited += 1
        self.stopped = self.patience is not None and self.waited >= self.patience
        return self.stopped
