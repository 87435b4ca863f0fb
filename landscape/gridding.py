"""Many evaluations at once, on every core: chunks of points handed to an executor.

A landscape on a plane is ``n x n`` evaluations of a whole network on its whole
data (101 x 101 points x 1,000 samples is ten million forward passes of one
sample).  The surface computes fast for many points per call
(:meth:`landscape.mlp.MLP.losses`); this module only cuts the points into chunks and
runs them on a thread pool with one thread per core (numpy releases the GIL inside
matrix products and ufuncs), or on any ``concurrent.futures.Executor``: a Dask
client's ``client.get_executor()`` spreads a large grid over machines.

The chunks are independent and each point is computed the same way in any chunk,
so the result does not depend on chunk size or executor.
"""
from __future__ import annotations

import concurrent.futures as cf
import os
import threading

import numpy as np

from groundwork import Progress, checks

CHUNK = 1024                  # points per task handed to an executor
_local = threading.local()    # marks the pool's own threads, which must not wait on the pool
_pool = None


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
    chunk = CHUNK if chunk is None else checks.whole("evaluate", "chunk", chunk, 1)
    if executor is not None and not isinstance(executor, cf.Executor) \
            and not callable(getattr(executor, "submit", None)):
        raise TypeError(f"evaluate: executor={executor!r} must be a concurrent.futures.Executor")
    points = np.asarray(points)
    parts = [points[i:i + chunk] for i in range(0, len(points), chunk)]
    if executor is None and (len(parts) <= 1 or getattr(_local, "worker", False)):
        return np.concatenate([fn(part) for part in parts]) if parts else np.empty(0)
    futures = [(executor or _default_pool()).submit(_Inline(fn), part) for part in parts]
    try:
        with Progress(len(futures), "grid chunk", show=progress) as bar:
            for done, _ in enumerate(cf.as_completed(futures), 1):
                bar.update(done)
    except BaseException:      # an error or an interrupt: the chunks not started need not run
        for f in futures:
            f.cancel()
        raise
    return np.concatenate([f.result() for f in futures])


class _Inline:
    """``fn`` as one task of the pool: evaluations nested inside it run inline, not on
    the pool (a pool thread waiting on its own pool would wait for ever)."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, part):
        was, _local.worker = getattr(_local, "worker", False), True
        try:
            return self.fn(part)
        finally:
            _local.worker = was


def _default_pool():
    global _pool
    if _pool is None:
        _pool = cf.ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="lossviz-grid")
    return _pool
