"""Fast loss grids: many network evaluations per call, on every core.

A landscape on a plane is ``n x n`` evaluations of the whole network on the whole
data (101 x 101 points x 1,000 samples is ten million forward passes of one
sample).  Three things make it fast:

1. Many points per call.  Samples run along the last axis and each layer's bias is
   folded into its weights (``z = [W; b]^T [a; 1]``, with a row of ones under
   every activation), so a layer is one stacked matrix product and one activation
   written in place: no bias pass, no temporaries.
2. float32 where precision allows: contours need three digits, not sixteen, and
   numpy's SIMD ``tanh`` and ``exp`` are several times faster in float32.  A
   :class:`~landscape.plane.Plane` computes in its ``dtype``.
3. Every core: chunks of points go to a thread pool (numpy releases the GIL inside
   matrix products and ufuncs), or to any ``concurrent.futures.Executor``; a Dask
   client's ``client.get_executor()`` spreads a large grid over machines.

The chunks are independent and each point is computed the same way in any chunk,
so the result does not depend on chunk size or executor.
"""
from __future__ import annotations

import concurrent.futures as cf
import functools
import os
import sys
import threading
import time

import numpy as np

from .finite_sum import sigmoid
from .mlp import MLP

CHUNK = 1024                  # points per task handed to an executor
_CACHE = 1 << 19              # numbers per activation buffer (2 MB in float32): stays in
                              # each core's L2 cache, and still amortises the per-call costs
_local = threading.local()    # marks the pool's own threads, which must not wait on the pool
_pool = None


# Each activation reads z and writes a (a view into the next layer's input)
_ACTIVATE = {"tanh": lambda z, a: np.tanh(z, out=a),
             "relu": lambda z, a: np.maximum(z, 0, out=a),
             "sigmoid": lambda z, a: np.copyto(a, sigmoid(z))}


def network_losses(net, points, batch=None) -> np.ndarray:
    """The evaluation loss of ``net`` at each row of ``points`` ``(K, P)``, fast.

    Computes in ``points.dtype`` (float32 or float64); equals ``net.value(points)``
    to rounding.

    >>> import landscape
    >>> net = landscape.get("mlp", hidden=(8,), n=50)
    >>> P = net.start + np.random.default_rng(0).normal(0, 0.3, (20, net.dim))
    >>> bool(np.allclose(network_losses(net, P), net.value(P), rtol=1e-12))
    True
    """
    X, y = net.samples(batch)
    dt = points.dtype if points.dtype == np.float32 else np.dtype(float)
    X1 = np.ascontiguousarray(np.vstack([X.T, np.ones(len(y))]), dtype=dt)   # (d + 1, B): inputs, ones
    y = (1 - 2 * y if net.loss == "bce" else y).astype(dt)       # bce needs only the sign
    out = np.empty(len(points), dt)
    rows = max(1, _CACHE // (len(y) * (max(net.sizes) + 1)))
    rows = -(-len(points) // -(-len(points) // rows)) if len(points) else 1   # equal blocks
    for i in range(0, len(points), rows):
        out[i:i + rows] = _block_losses(net, points[i:i + rows].astype(dt, copy=False), X1, y)
    return out


def _block_losses(net, p, X1, y):
    """Forward pass and mean loss for a block of k points; samples along the last axis.

    ``y``: the targets for mse; the signs ``1 - 2y`` for bce.
    """
    f = _ACTIVATE[net.activation]
    k, B = len(p), X1.shape[1]
    blocks = [np.swapaxes(Wb, -1, -2) for Wb in net.blocks(p)]     # [W; b]^T: (k, n_out, n_in + 1)
    a = X1
    for l, WbT in enumerate(blocks[:-1]):
        a_next = _buffer(("a", l), (k, WbT.shape[1] + 1, B), p.dtype, ones_row=True)
        z = a_next[:, :-1]                                         # the last row stays 1:
        np.matmul(WbT, a, out=z)                                   # z = W^T a + b, k at once
        f(z, z)
        a = a_next
    z = np.matmul(blocks[-1], a, out=_buffer("z", (k, 1, B), p.dtype))[:, 0]   # the output unit
    if net.loss == "mse":
        z -= y
        return np.einsum("kb,kb->k", z, z) / len(y)
    # bce: softplus(s), s = (1 - 2y) z, as max(s, 0) + log(1 + e^-|s|): both parts >= 0,
    # so their sums lose nothing to cancellation, even in float32
    s = np.multiply(z, y, out=z)
    t = np.abs(s, out=_buffer("t", s.shape, s.dtype))
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    np.maximum(s, 0, out=s)
    return (s.sum(axis=-1) + t.sum(axis=-1)) / len(y)


def _buffer(key, shape, dtype, ones_row=False):
    """A scratch array kept per thread: no fresh memory (and page faults) for every block.

    ``ones_row``: its last row along axis 1 is set to 1 once, when it is made.
    """
    store = _local.__dict__.setdefault("buffers", {})
    buf = store.get((key, shape, dtype))
    if buf is None:
        if len(store) > 64:            # block shapes of a past job: let them go
            store.clear()
        buf = store[(key, shape, dtype)] = np.empty(shape, dtype)
        if ones_row:
            buf[:, -1] = 1.0
    return buf


def losses(surface, points, batch=None) -> np.ndarray:
    """Loss at each row of ``points``: the fast path for networks, else ``surface.value``."""
    if isinstance(surface, MLP):
        return network_losses(surface, points, batch)
    return np.asarray(surface.value(points, batch), dtype=float)


# ---------------------------------------------------------------- chunks and executors
def evaluate(fn, points, *, chunk=None, executor=None, progress=None) -> np.ndarray:
    """``fn`` applied to chunks of ``points`` (rows), results concatenated in order.

    Parameters
    ----------
    fn : callable ``(m, ...) -> (m,)``; picklable for a process pool or Dask
    chunk : points per task (default 1024)
    executor : any ``concurrent.futures.Executor`` (a Dask client's
        ``get_executor()``, a ``ProcessPoolExecutor``, ...); default: a thread pool
        with one thread per core
    progress : True / False, a callable ``(done, total)``, or None: a bar on a
        terminal when the job runs longer than a moment

    >>> evaluate(lambda x: x[:, 0] * 2, np.arange(10.0)[:, None], chunk=3)
    array([ 0.,  2.,  4.,  6.,  8., 10., 12., 14., 16., 18.])
    """
    chunk = CHUNK if chunk is None else chunk
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ValueError(f"evaluate: chunk={chunk!r} must be a whole number >= 1 (points per task)")
    if executor is not None and not isinstance(executor, cf.Executor) \
            and not callable(getattr(executor, "submit", None)):
        raise TypeError(f"evaluate: executor={executor!r} must be a concurrent.futures.Executor")
    points = np.asarray(points)
    parts = [points[i:i + chunk] for i in range(0, len(points), chunk)]
    if executor is None and (len(parts) <= 1 or getattr(_local, "worker", False)):
        return np.concatenate([fn(part) for part in parts]) if parts else np.empty(0)
    futures = [(executor or _default_pool()).submit(fn, part) for part in parts]
    bar = _Progress(len(futures), progress)
    try:
        for done, _ in enumerate(cf.as_completed(futures), 1):
            bar.update(done)
    finally:
        bar.close()
    return np.concatenate([f.result() for f in futures])


def grid(surface, n=101, bounds=None, *, chunk=None, executor=None, progress=None):
    """``(X, Y, Z)``: a 2-D surface on an ``n x n`` grid, evaluated in parallel chunks.

    Like :func:`landscape.grid`, for surfaces whose every value is costly (a
    :class:`~landscape.plane.Plane` through a network's weights).

    >>> import landscape
    >>> X, Y, Z = grid(landscape.get("booth"), n=5, chunk=4)
    >>> Z.shape, float(Z.min())
    ((5, 5), 9.0)
    """
    if getattr(surface, "dim", None) != 2:
        raise ValueError(f"grid: surface {getattr(surface, 'name', surface)!r} has dim="
                         f"{getattr(surface, 'dim', None)}; a grid needs a 2-D surface (a Plane)")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"grid: resolution n={n!r} must be a whole number >= 2 (points per axis)")
    (x0, x1), (y0, y1) = surface.bounds if bounds is None else bounds
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"grid: bounds={bounds!r} must be ((xlo, xhi), (ylo, yhi)) with lo < hi")
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    Z = evaluate(functools.partial(_values, surface), np.stack([X.ravel(), Y.ravel()], axis=-1),
                 chunk=chunk, executor=executor, progress=progress)
    return X, Y, Z.reshape(X.shape)


def _values(surface, points):
    # This chunk is one task: evaluations nested inside it run inline, not on the pool.
    was, _local.worker = getattr(_local, "worker", False), True
    try:
        return np.asarray(surface.value(points), dtype=float)
    finally:
        _local.worker = was


def _mark_worker():
    _local.worker = True


def _default_pool():
    global _pool
    if _pool is None:
        _pool = cf.ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="lossviz-grid",
                                      initializer=_mark_worker)
    return _pool


class _Progress:
    """A one-line bar on stderr, shown once a job has run for half a second."""

    def __init__(self, total, show):
        if show is None:
            show = sys.stderr.isatty() and not os.environ.get("CI")
        self.total, self.show, self.drawn = total, show, False
        self.start = time.monotonic()

    def update(self, done):
        if callable(self.show):
            self.show(done, self.total)
        elif self.show and (time.monotonic() - self.start > 0.5 or self.drawn):
            bar = "#" * int(30 * done / self.total)
            sys.stderr.write(f"\rlossviz: [{bar:.<30}] grid {done}/{self.total} chunks")
            sys.stderr.flush()
            self.drawn = True

    def close(self):
        if self.drawn:
            sys.stderr.write("\n")
