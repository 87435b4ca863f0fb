"""Benchmark: populations, by lossviz's ``run`` and by the loop a user writes instead.

Two jobs, each timed both ways in the same process, best of ``REPEATS``:

1. 40,000 starts (a 200 x 200 grid over Rosenbrock's view) x 500 steps of Adam
   (lr=0.01), keeping the last point and each start's convergence step (the first
   step whose gradient norm is at most 1e-3 of the start's);
2. a 200 x 200 heat map of learning rate x momentum for heavy-ball momentum on
   ``quadratic:kappa=10`` from one start, 200 steps: the 40,000 (lr, momentum) pairs
   are one population (lossviz: ``get("momentum", lr=[...], momentum=[...])``).

The hand-written loop does the same updates on the same ``(K, 2)`` arrays, with the
gradient written out, and follows convergence the same way; it is timed twice: with
the norm as most users write it (``np.linalg.norm(g, axis=1)``) and column by column,
the fastest form numpy has for two columns (a reduction over a short last axis is
several times slower than adding columns).  It does not check for
divergence, follow the best loss or count reversals, which ``run`` does at every
step (so that a sweep can say "diverged at step 6" and "oscillating"); that is the
cost of the summary.  Both must agree on every start's last point and convergence step.

Target: lossviz within 2x of the loop for both jobs.

    python benchmarks/bench_run.py
"""
from __future__ import annotations

import os
import time

import numpy as np

import landscape
import optimizers

REPEATS = 5
TOL = 1e-3


def rosenbrock_starts(n=200):
    (x0, x1), (y0, y1) = landscape.get("rosenbrock").bounds
    x, y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return np.stack([x.ravel(), y.ravel()], axis=-1)


def columns(g):
    """The norm of each row of a (K, 2) array, column by column: the fastest numpy form."""
    return np.sqrt(g[:, 0] ** 2 + g[:, 1] ** 2)


def linalg(g):
    """The norm of each row as most users write it."""
    return np.linalg.norm(g, axis=1)


def adam_by_hand(p, steps, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8, a=1.0, b=100.0, norm=columns):
    """Adam on Rosenbrock as a user writes it: the gradient by hand, the moments as arrays."""
    m, v = np.zeros_like(p), np.zeros_like(p)
    converged = np.full(len(p), -1)
    g0 = None
    for t in range(1, steps + 1):
        x, y = p[:, 0], p[:, 1]
        g = np.stack([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)], axis=-1)
        norm_g = norm(g)
        g0 = TOL * norm_g if g0 is None else g0
        converged[(converged < 0) & (norm_g <= g0)] = t - 1
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    x, y = p[:, 0], p[:, 1]
    g = np.stack([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)], axis=-1)
    converged[(converged < 0) & (norm(g) <= g0)] = steps
    return p, converged


def momentum_by_hand(p, lr, mu, steps, kappa=10.0, norm=columns):
    """Heavy-ball momentum on the quadratic x^2/2 + kappa y^2/2, one (lr, mu) pair a row."""
    curvature = np.array([1.0, kappa])
    v = np.zeros_like(p)
    converged = np.full(len(p), -1)
    g0 = None
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            g = curvature * p
            norm_g = norm(g)
            g0 = TOL * norm_g if g0 is None else g0
            converged[(converged < 0) & (norm_g <= g0)] = t - 1
            v = mu * v + g
            p = p - lr * v
        g = curvature * p
        converged[(converged < 0) & (norm(g) <= g0)] = steps
    return p, converged


def best_of(job):
    times, out = [], None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        out = job()
        times.append(time.perf_counter() - t0)
    return min(times), out


def steps_of(converged_at):
    return np.array([-1 if c is None else c for c in converged_at])


def main():
    print(f"bench_run: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    rosen = landscape.get("rosenbrock")
    starts = rosenbrock_starts()
    adam = optimizers.get("adam", lr=0.01)
    ours, t = best_of(lambda: optimizers.run(rosen, adam, start=starts, steps=500, record="summary"))
    print(f"1. Adam, {len(starts):,} starts x 500 steps on Rosenbrock")
    print(f"   lossviz run(record='summary')            {ours:7.3f} s")
    for what, norm in (("np.linalg.norm(g, axis=1)", linalg), ("norms column by column", columns)):
        theirs, (p, conv) = best_of(lambda: adam_by_hand(starts, 500, norm=norm))
        assert np.allclose(t.final, p, rtol=1e-9, atol=1e-12), "the two Adam loops disagree"
        assert (steps_of(t.converged_at) == conv).mean() > 0.999, "the Adam loops converge at other steps"
        print(f"   by hand, {what:<28}{theirs:7.3f} s   lossviz at {ours / theirs:.2f}x (target <= 2x)")

    quad = landscape.get("quadratic", kappa=10)
    lr, mu = np.meshgrid(np.geomspace(1e-3, 1.0, 200), np.linspace(0.0, 0.99, 200))
    lr, mu = lr.ravel(), mu.ravel()
    start = np.array([1.0, 1.0])
    heavy = optimizers.get("momentum", lr=lr, momentum=mu)
    ours, t = best_of(lambda: optimizers.run(quad, heavy, start=start, steps=200, record="summary"))
    alive = np.array([d is None for d in t.diverged_at])
    print(f"2. momentum, 200 x 200 (lr x momentum) on quadratic:kappa=10, 200 steps "
          f"({(~alive).sum():,} diverge)")
    print(f"   lossviz run(record='summary')            {ours:7.3f} s")
    for what, norm in (("np.linalg.norm(g, axis=1)", linalg), ("norms column by column", columns)):
        theirs, (p, conv) = best_of(lambda: momentum_by_hand(np.tile(start, (len(lr), 1)), lr[:, None],
                                                             mu[:, None], 200, norm=norm))
        assert np.allclose(t.final[alive], p[alive], rtol=1e-9, atol=1e-12), "the momentum loops disagree"
        assert (steps_of(t.converged_at) == conv)[alive].mean() > 0.999, "other convergence steps"
        print(f"   by hand, {what:<28}{theirs:7.3f} s   lossviz at {ours / theirs:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
