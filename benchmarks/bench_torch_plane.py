"""Benchmark: a PyTorch model's loss on a plane, by lossviz's ``from_torch`` and by the
per-point loop of the loss-landscape code people use.

Reference job: a torch MLP 2-16-16-1 (tanh, ``BCEWithLogitsLoss``), 100 and 500 two-moons
points, a 51 x 51 grid on a random plane through weights trained by lossviz's Adam (200
steps).  With few samples a point costs little work and the loop's overhead per point
shows; with more, the work itself (the tanh above all) takes the larger share.

- the per-point loop: what Li et al.'s ``loss-landscape`` code (and the ``loss-landscapes``
  package) does: for each grid point write the weights into the model
  (``torch.nn.utils.vector_to_parameters``), run the model and the loss under
  ``torch.no_grad()``, ``.item()``.  Timed with the model in float32, as torch makes it
  and as users run it, and in float64, lossviz's precision;
- lossviz: ``from_torch(...).value`` on the whole grid of weight vectors at once (one
  ``torch.func.vmap`` of ``functional_call`` per chunk, float64), and the grid as the
  plane figures make it: ``landscape.grid`` on the Plane (chunks on a thread pool), in
  float64 and in float32 (``plot_plane`` draws its contours in float32).

Both ways must give the same numbers: the float64 loop and lossviz to 1e-12, the
float32 ones to float32's precision.  Prints each time and the ratios, at torch's own
thread count and again at one thread, with the load average: on a busy machine torch's
threads wait for each other, and other processes slow both ways alike.

    python benchmarks/bench_torch_plane.py
"""
from __future__ import annotations

import copy
import dataclasses
import os

import numpy as np
import torch

import landscape
import optimizers
from landscape import datasets
from landscape.plane import random_plane

from bench_surface import best_of      # (a sibling script: run from benchmarks/ or by its path)

N_GRID, N_DATA, HIDDEN = 51, (100, 500), 16
THREADS = torch.get_num_threads()


def per_point_loop(model, loss_fn, X, y, weights):
    """One grid point at a time: weights into the model, forward, loss, ``.item()``."""
    dtype = next(model.parameters()).dtype
    X, y = X.to(dtype), y.to(dtype)
    out = np.empty(len(weights))
    with torch.no_grad():
        for i, theta in enumerate(torch.as_tensor(weights, dtype=dtype)):
            torch.nn.utils.vector_to_parameters(theta, model.parameters())
            out[i] = loss_fn(model(X), y).item()
    return out


def main():
    for n in N_DATA:
        torch.manual_seed(0)
        torch.set_num_threads(THREADS)
        model = torch.nn.Sequential(torch.nn.Linear(2, HIDDEN), torch.nn.Tanh(),
                                    torch.nn.Linear(HIDDEN, HIDDEN), torch.nn.Tanh(),
                                    torch.nn.Linear(HIDDEN, 1))
        data = datasets.make("moons", n=n, seed=0)
        X = torch.tensor(data.X, dtype=torch.float32)
        y = torch.tensor(data.y, dtype=torch.float32)[:, None]
        loss_fn = torch.nn.BCEWithLogitsLoss()
        surface = landscape.from_torch(model, loss_fn, X, y, name="moons")
        trained = optimizers.run(surface, optimizers.get("adam", lr=0.01), steps=200).final
        plane = random_plane(surface, trained, seed=0)
        gx, gy = np.meshgrid(np.linspace(-1, 1, N_GRID), np.linspace(-1, 1, N_GRID))
        weights = plane.weights(np.stack([gx.ravel(), gy.ravel()], axis=1))     # (2601, P)
        model64 = copy.deepcopy(model).double()                           # a float64 twin
        for threads in dict.fromkeys((THREADS, 1)):
            torch.set_num_threads(threads)
            compare(surface, plane, weights, (model, model64, loss_fn, X, y))


def compare(surface, plane, weights, loop):
    """Time both ways at torch's current thread count, check their numbers, print."""
    model, model64, loss_fn, X, y = loop
    fast = dataclasses.replace(plane, dtype="float32")
    surface.value(weights[:10])                                        # warm up both ways
    landscape.grid(fast, 11)
    per_point_loop(model, loss_fn, X, y, weights[:10])
    t_value, L = best_of(lambda: surface.value(weights))
    t_grid64, (_, _, Z64) = best_of(lambda: landscape.grid(plane, N_GRID))
    t_grid32, (_, _, Z32) = best_of(lambda: landscape.grid(fast, N_GRID))
    t_loop32, L32 = best_of(lambda: per_point_loop(model, loss_fn, X, y, weights), 2)
    t_loop64, L64 = best_of(lambda: per_point_loop(model64, loss_fn, X, y, weights), 2)

    def diff(a, b):
        return float(np.max(np.abs(np.ravel(a) - b) / np.abs(b)))

    assert diff(L, L64) < 1e-12 and diff(Z64, L64) < 1e-12, "lossviz and the float64 loop differ"
    assert diff(L32, L64) < 1e-4 and diff(Z32, L64) < 1e-4, "the float32 losses are off"
    points = len(weights)
    print(f"torch {torch.__version__}: MLP 2-{HIDDEN}-{HIDDEN}-1 (tanh, BCEWithLogitsLoss), "
          f"{surface.dim} weights, {surface.n_samples} moons points, {N_GRID}x{N_GRID} grid = {points} "
          f"evaluations; torch threads {torch.get_num_threads()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}")
    rows = [("per-point loop, float32 model (as users run it)", t_loop32, L32),
            ("per-point loop, float64 model", t_loop64, None),
            ("lossviz from_torch value, whole grid, float64", t_value, L),
            ("lossviz landscape.grid(plane), float64", t_grid64, None),
            ("lossviz landscape.grid(plane), float32 (figures)", t_grid32, Z32)]
    for name, t, values in rows:
        check = "" if values is None else f"   max rel. diff to float64 loop {diff(values, L64):.1e}"
        print(f"  {name:50s} {t:7.3f} s {t / points * 1e6:7.0f} us/point{check}")
    print(f"  from_torch value (float64) over the loop: {t_loop64 / t_value:5.1f}x faster than the "
          f"float64 loop, {t_loop32 / t_value:5.1f}x than the float32 loop")
    print(f"  the figures' float32 grid: {t_loop32 / t_grid32:5.1f}x faster than the float32 loop")


if __name__ == "__main__":
    main()
