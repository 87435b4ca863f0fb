"""Benchmark: a network's loss on a 101 x 101 plane, by lossviz, by a per-point loop, and at
the machine's limit.

Reference job: MLP 2-16-16-1 (tanh, cross-entropy), 1,000 two-moons points, a 101 x 101
grid on two filter-normalised random directions (Li et al. 2018) around trained weights.

- lossviz: ``landscape.grid`` on a float32 Plane, chunks on every core;
- the per-point loop: what a user writes (and what Li et al.'s code does, in PyTorch):
  for each grid point set the weights, run the forward pass, compute the loss;
  in float64 (numpy's default) and in float32;
- the limit: the network's matrix-product flops at the measured throughput of a large
  float32 matrix product (all cores), plus its tanh evaluations at the measured float32
  tanh throughput (all cores).  Bias additions, the loss and all overheads count as zero.

Prints each time, the speed-up over the loop and the ratio to the limit (targets: >= 10x
and <= 1.5x on 2 cores), and the load average: other processes on the machine slow
everything but the limit, which is measured at the same time.

It also prints where lossviz's time goes on one core: each pass of its pipeline timed
alone on one block of points, against the whole pipeline.  When the passes add up to
the pipeline, no time is lost between them, and what is left over the limit is the
passes themselves: the 3-wide first and 1-wide output products (memory-bound: each
writes or reads 16,000 numbers per point whatever its flops), the hidden product at
the BLAS rate these 16 x 17 matrices get, and the loss, which the limit counts as free.

The limit above prices every flop at a large product's rate; the last line prices the
network's own products at the rate BLAS gets for their shapes instead (and the loss at
zero), the other reading of "the machine's matmul throughput".

Tried and measured, and not taken (2026-11): fusing the passes with numba (a
vectorised rational tanh inside the layer loops) was no faster: numpy's SIMD float32
tanh beats what LLVM makes of the same formula (5.8-7.9 us against 4.4 us per 16,000
values), and the sample-vectorised products reached half the BLAS rate.  Smaller
blocks, a single GEMM for the first layer, the first layer as an affine map of
(alpha, beta), a process pool and unfolded biases each moved the grid by a few per
cent at most, either way.  A plain fused C kernel (gcc -O3 -march=native, 512-bit
vectors, the same rational tanh) ran at 19 us per point against numpy's 23.6: the
products need register-blocked micro-kernels to approach the limit, numpy is not the
bottleneck of a straightforward compiled loop.

    python benchmarks/bench_surface.py
"""
from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import os
import time

import numpy as np

import landscape
import landscape.mlp  # noqa: F401  (registers "mlp")
import optimizers
from landscape.mlp import BLOCK
from landscape.plane import random_plane

N_GRID, N_DATA, HIDDEN = 101, 1000, (16, 16)


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def per_point_loop(net, plane, ab, dtype):
    """One grid point at a time: set the parameters, forward pass, loss."""
    X, y = net.X.astype(dtype), net.y.astype(dtype)
    out = np.empty(len(ab))
    for i, (alpha, beta) in enumerate(ab):
        theta = (plane.origin + alpha * plane.d1 + beta * plane.d2).astype(dtype)
        (W1, b1), (W2, b2), (W3, b3) = net.layers(theta)        # views into theta
        a1 = np.tanh(X @ W1 + b1)
        a2 = np.tanh(a1 @ W2 + b2)
        z = (a2 @ W3 + b3)[:, 0]
        out[i] = np.mean(np.logaddexp(0, (1 - 2 * y) * z))     # binary cross-entropy
    return out


def matmul_rate():
    """Float32 flop/s of a large matrix product (BLAS on every core)."""
    a = np.random.default_rng(0).standard_normal((2048, 2048)).astype(np.float32)
    t, _ = best_of(lambda: a @ a, 5)
    return 2 * 2048 ** 3 / t


def tanh_rate(workers):
    """Float32 tanh evaluations per second, one thread per core, each on arrays of its own
    (N(0, 1) inputs, like pre-activations); the best of a cache-resident and a large size."""
    def rate(size, rounds):
        xs = [np.random.default_rng(i).standard_normal(size).astype(np.float32)
              for i in range(workers)]
        outs = [np.empty_like(x) for x in xs]

        def work(k):
            for _ in range(rounds):
                np.tanh(xs[k], out=outs[k])

        with cf.ThreadPoolExecutor(workers) as pool:
            t, _ = best_of(lambda: list(pool.map(work, range(workers))), 7)
        return workers * rounds * size / t

    return max(rate(1 << 18, 40), rate(1 << 21, 5))


def passes(net, plane):
    """Microseconds per grid point of each pass of lossviz's pipeline, on one core, each
    timed alone (best of many) on one block of float32 points with warm buffers; and the
    whole pipeline on the same block."""
    X, y = net.samples(None)
    dt = np.float32
    X1 = np.ascontiguousarray(np.vstack([X.T, np.ones(len(y))]), dtype=dt)
    k = max(1, BLOCK // (len(y) * (max(net.sizes) + 1)))
    ab = np.random.default_rng(1).uniform(-1, 1, (k, 2))
    p = plane.weights(ab).astype(dt)
    WbT = [np.ascontiguousarray(np.swapaxes(Wb, -1, -2)) for Wb in net.blocks(p)]
    a1, a2 = (np.ones((k, n + 1, len(y)), dt) for n in net.sizes[1:3])
    z, t, s = np.empty((k, 1, len(y)), dt), np.empty((k, len(y)), dt), (1 - 2 * y).astype(dt)

    def loss():
        u = np.multiply(z[:, 0], s, out=t)
        v = np.negative(np.abs(u), out=u)
        np.log1p(np.exp(v, out=v), out=v)

    steps = {
        "first layer (2 -> 16) product": lambda: np.matmul(WbT[0], X1, out=a1[:, :-1]),
        "tanh": lambda: np.tanh(a1[:, :-1], out=a1[:, :-1]),
        "hidden (16 -> 16) product": lambda: np.matmul(WbT[1], a1, out=a2[:, :-1]),
        "tanh ": lambda: np.tanh(a2[:, :-1], out=a2[:, :-1]),
        "output (16 -> 1) product": lambda: np.matmul(WbT[2], a2, out=z),
        "loss (softplus, mean)": loss,
        "whole pipeline (lossviz)": lambda: net.losses(p),
    }
    out = {}
    for name, fn in steps.items():
        t_best, _ = best_of(lambda: [fn() for _ in range(20)], 7)
        out[name] = t_best / 20 / k * 1e6
    return k, out


def main():
    cores = os.cpu_count() or 1
    net = landscape.get("mlp", data="moons", n=N_DATA, hidden=HIDDEN, activation="tanh")
    trained = optimizers.run(net, optimizers.get("adam", lr=0.01), steps=200).final
    plane = random_plane(net, trained, seed=0)
    fast = dataclasses.replace(plane, dtype="float32")
    X, Y = np.meshgrid(np.linspace(-1, 1, N_GRID), np.linspace(-1, 1, N_GRID))
    ab = np.stack([X.ravel(), Y.ravel()], axis=1)
    points = len(ab)

    landscape.grid(fast, 11)                                       # warm up the pool
    t_fast, (_, _, Z) = best_of(lambda: landscape.grid(fast, N_GRID), 5)
    t_one, _ = best_of(lambda: landscape.grid(fast, N_GRID, executor=cf.ThreadPoolExecutor(1)))
    t_f64, (_, _, Z64) = best_of(lambda: landscape.grid(plane, N_GRID))
    t_loop64, L64 = best_of(lambda: per_point_loop(net, plane, ab, np.float64), 1)
    t_loop32, L32 = best_of(lambda: per_point_loop(net, plane, ab, np.float32), 1)
    err32 = float(np.max(np.abs(Z.ravel() - L64) / L64))
    err64 = float(np.max(np.abs(Z64.ravel() - L64) / L64))

    sizes = net.sizes
    flops = 2 * N_DATA * sum(a * b for a, b in zip(sizes[:-1], sizes[1:])) * points
    tanhs = N_DATA * sum(sizes[1:-1]) * points
    mm, th = matmul_rate(), tanh_rate(cores)
    t_limit = flops / mm + tanhs / th

    print(f"MLP {net.architecture} (tanh, cross-entropy), {N_DATA} moons points, "
          f"{N_GRID}x{N_GRID} grid = {points} network evaluations; {cores} cores, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"  work per grid: {flops / 1e9:.2f} Gflop of matrix products, {tanhs / 1e6:.0f} M tanh")
    print(f"  machine: matmul {mm / 1e9:.0f} Gflop/s (float32, all cores), "
          f"tanh {th / 1e9:.2f} G/s (float32, all cores)")
    print(f"  limit (flops / matmul rate + tanh / tanh rate)      {t_limit:8.3f} s")
    print(f"  lossviz grid, float32, {cores} threads                    {t_fast:8.3f} s"
          f"   max rel. diff to float64 loop {err32:.1e}")
    print(f"  lossviz grid, float32, 1 thread                      {t_one:8.3f} s")
    print(f"  lossviz grid, float64, {cores} threads                    {t_f64:8.3f} s"
          f"   max rel. diff to float64 loop {err64:.1e}")
    print(f"  per-point loop, float64                              {t_loop64:8.3f} s")
    print(f"  per-point loop, float32                              {t_loop32:8.3f} s")
    print(f"  speed-up over the per-point loop: {t_loop64 / t_fast:5.1f}x (float64 loop), "
          f"{t_loop32 / t_fast:5.1f}x (float32 loop)   target >= 10x")
    print(f"  lossviz / limit: {t_fast / t_limit:4.2f}x   target <= 1.5x")
    k, us = passes(net, fast)
    whole = us.pop("whole pipeline (lossviz)")
    print(f"  one core, blocks of {k} points: each pass alone, in microseconds per grid point")
    for name, v in us.items():
        print(f"    {name:32s} {v:6.2f}")
    print(f"    {'sum of the passes':32s} {sum(us.values()):6.2f}")
    print(f"    {'whole pipeline (lossviz)':32s} {whole:6.2f}")
    print(f"    {'the limit, per core':32s} {t_limit * cores / points * 1e6:6.2f}")
    at_shapes = sum(v for name, v in us.items() if not name.startswith("loss"))
    print(f"  lossviz / (the network's products at the rate BLAS gets for their shapes + tanh), "
          f"one core: {whole / at_shapes:4.2f}x")


if __name__ == "__main__":
    main()
