"""Benchmark: a 3-D race, rendered by lossviz (``--view 3d``) and with celluloid.

Scene: Rosenbrock in 3-D (log10(1 + f) as height), Adam and momentum from (-1.5, 2),
300 steps, 41 frames, 640x480 px, 20 fps; once with a still camera and once with a
60-degree orbit.  celluloid is what users reach for (pip install celluloid): each frame
draws the whole figure again (surface, paths, heads), ``camera.snap()`` keeps its
artists and an ArtistAnimation saves them with Pillow.  Each render runs in a fresh
process so that its peak memory (max RSS) is its own.

    pip install celluloid
    python benchmarks/bench_animation3d.py
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

FRAMES, FPS, SIZE, ORBIT = 41, 20, (640, 480), 60.0


def trajectories():
    import landscape
    import optimizers
    s = landscape.get("rosenbrock")
    return s, [optimizers.run(s, optimizers.get(n, lr=lr), start=(-1.5, 2.0), steps=300)
               for n, lr in (("adam", 0.05), ("momentum", 1e-3))]


def render_lossviz(out, orbit):
    import animations
    s, ts = trajectories()
    animations.animate(s, ts, out=out, frames=FRAMES, fps=FPS, size=SIZE, view="3d", orbit=orbit,
                       still=0, hold=0, progress=False)


def render_celluloid(out, orbit):
    """The celluloid recipe: draw everything for each frame, snap, save."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from celluloid import Camera
    from matplotlib.animation import PillowWriter

    s, ts = trajectories()
    x, y = np.meshgrid(np.linspace(-2, 2, 80), np.linspace(-1, 3, 80))
    z = np.log10(1 + s.value(np.stack([x, y], -1)))
    fig = plt.figure(figsize=(SIZE[0] / 100, SIZE[1] / 100), dpi=100)
    ax = fig.add_subplot(projection="3d")
    ax.computed_zorder = False
    camera = Camera(fig)
    steps = np.round(np.linspace(0, 300, FRAMES)).astype(int)
    for i, k in enumerate(steps):
        ax.view_init(elev=35, azim=-65 + orbit * i / (FRAMES - 1))
        ax.plot_surface(x, y, z, cmap="Blues_r", linewidth=0, alpha=0.85, zorder=1)
        for t, c in zip(ts, ("#000000", "#E69F00")):
            p = t.params[: k + 1]
            h = np.log10(1 + t.loss[: k + 1])
            ax.plot(p[:, 0], p[:, 1], h, color=c, lw=2, zorder=10)
            ax.plot(p[-1:, 0], p[-1:, 1], h[-1:], "o", color=c, ms=7, zorder=11)
        camera.snap()
    camera.animate().save(out, writer=PillowWriter(fps=FPS))


def one(kind, orbit):
    out = Path(tempfile.mkdtemp()) / f"{kind}.gif"
    t0 = time.perf_counter()
    (render_lossviz if kind == "lossviz" else render_celluloid)(str(out), orbit)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "bytes": out.stat().st_size}))


def measure(kind, orbit):
    res = subprocess.run([sys.executable, __file__, "--one", kind, str(orbit)], capture_output=True,
                         text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main():
    print(f"3-D race: Rosenbrock, 2 optimizers x 300 steps, {FRAMES} frames, {SIZE[0]}x{SIZE[1]} px")
    print(f"{'':<30}{'wall s':>9}{'peak MB':>10}{'GIF KB':>10}")
    for orbit in (0.0, ORBIT):
        ours, theirs = measure("lossviz", orbit), measure("celluloid", orbit)
        what = "still camera" if not orbit else f"{orbit:g}-degree orbit"
        for name, r in ((f"lossviz, {what}", ours), (f"celluloid, {what}", theirs)):
            print(f"{name:<30}{r['seconds']:>9.2f}{r['peak_mb']:>10.0f}{r['bytes'] / 1024:>10.0f}")
        print(f"  {what}: {theirs['seconds'] / ours['seconds']:.1f}x faster, "
              f"{theirs['peak_mb'] / ours['peak_mb']:.1f}x less memory, "
              f"GIF {theirs['bytes'] / ours['bytes']:.1f}x smaller")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        one(sys.argv[2], float(sys.argv[3]))
    else:
        main()
