"""Benchmark: the reference animation, rendered by lossviz and the way users do it today.

Reference scene: Rosenbrock, six optimizers (GD, momentum, Nesterov, RMSprop, Adam,
AdaGrad) of 200 steps from (-1.2, 1), 200 frames, 800x600 px, 20 fps, filled
log-spaced contours with contour lines, legend and head markers.

"Today" is matplotlib's FuncAnimation saved with PillowWriter.  Each render runs in a
fresh process, so peak memory (max RSS) is measured alone.  Prints wall time, peak
memory and file size of each, their ratios, the mean PSNR of lossviz's GIF frames
against its own full-colour frames, whether every trajectory colour is exact in every
frame, and the peak memory of a 2,000-frame render against a 200-frame one.

    python benchmarks/bench_animation.py
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

RUNS = [("gd", 1e-3), ("momentum", 1e-3), ("nesterov", 1e-3), ("rmsprop", 1e-2),
        ("adam", 0.05), ("adagrad", 0.3)]
SIZE, FPS = (800, 600), 20


def trajectories():
    import landscape
    import optimizers
    s = landscape.get("rosenbrock")
    return s, [optimizers.run(s, optimizers.get(n, lr=lr), start=(-1.2, 1.0), steps=200)
               for n, lr in RUNS]


def render_lossviz(out, frames):
    import animations
    s, ts = trajectories()
    animations.animate(s, ts, out=out, frames=frames, fps=FPS, size=SIZE, still=0, hold=0,
                       progress=False)


def render_funcanimation(out, frames):
    """What a user writes without lossviz (the usual tutorial recipe)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation, PillowWriter
    from matplotlib.colors import LogNorm

    s, ts = trajectories()
    x, y = np.meshgrid(np.linspace(-2, 2, 300), np.linspace(-1, 3, 300))
    z = s.value(np.stack([x, y], -1))
    fig, ax = plt.subplots(figsize=(8, 6), dpi=100)
    levels = np.geomspace(1e-2, z.max(), 25)
    cs = ax.contourf(x, y, z + 1e-2, levels=levels, norm=LogNorm(), cmap="Blues_r")
    ax.contour(x, y, z + 1e-2, levels=levels[1::2], colors="grey", linewidths=0.4)
    fig.colorbar(cs, ax=ax)
    ax.plot(1, 1, "r*", ms=14)
    colours = ["#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#000000", "#F0E442"]
    lines, heads = [], []
    for t, c in zip(ts, colours):
        lines.append(ax.plot([], [], "-o", color=c, ms=2, label=t.label)[0])
        heads.append(ax.plot([], [], "o", color=c, ms=8)[0])
    ax.legend(loc="upper left", fontsize=8)
    steps = np.round(np.linspace(0, 200, frames)).astype(int)

    def update(i):
        k = steps[i]
        for t, ln, hd in zip(ts, lines, heads):
            ln.set_data(t.params[: k + 1, 0], t.params[: k + 1, 1])
            hd.set_data([t.params[k, 0]], [t.params[k, 1]])
        return lines + heads

    anim = FuncAnimation(fig, update, frames=frames)
    anim.save(out, writer=PillowWriter(fps=FPS))


def one(kind, frames):
    """Child process: render once, print time, peak memory and size as JSON."""
    out = Path(tempfile.mkdtemp()) / f"{kind}.gif"
    t0 = time.perf_counter()
    (render_lossviz if kind == "lossviz" else render_funcanimation)(str(out), frames)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB (Linux: kB)
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "bytes": out.stat().st_size,
                      "path": str(out)}))


def measure(kind, frames):
    res = subprocess.run([sys.executable, __file__, "--one", kind, str(frames)],
                         capture_output=True, text=True, check=True, env=dict(os.environ))
    return json.loads(res.stdout.strip().splitlines()[-1])


def quality(gif_path, frames):
    """Mean PSNR of the GIF's frames against lossviz's own full-colour frames, and
    whether each trajectory colour is present exactly in every frame."""
    from PIL import Image

    from matplotlib.colors import to_rgb

    from animations.draw import get_theme
    from animations.frames import Scene, frame_steps
    s, ts = trajectories()
    scene = Scene(s, ts, get_theme("paper"), SIZE)
    wanted = [tuple(round(255 * v) for v in to_rgb(c)) for c in scene.colours]
    psnr, exact = [], True
    gif = Image.open(gif_path)
    for i, step in enumerate(frame_steps(scene.last_step, frames)):
        full = scene.frame(step, done=i == frames - 1)[..., :3].astype(float)
        gif.seek(i)
        got = np.asarray(gif.convert("RGB"))
        mse = np.mean((got.astype(float) - full) ** 2)
        psnr.append(99.0 if mse == 0 else 10 * np.log10(255**2 / mse))
        present = {tuple(c) for c in np.unique(got.reshape(-1, 3), axis=0)}
        exact &= all(c in present for c in wanted)
    return float(np.mean(psnr)), bool(exact)


def main():
    frames = 200
    print(f"reference scene: Rosenbrock, {len(RUNS)} optimizers x 200 steps, {frames} frames, "
          f"{SIZE[0]}x{SIZE[1]} px, {FPS} fps")
    ours = measure("lossviz", frames)
    theirs = measure("funcanimation", frames)
    print(f"{'':<26}{'wall s':>9}{'peak MB':>10}{'GIF KB':>10}")
    for name, r in (("lossviz", ours), ("FuncAnimation+Pillow", theirs)):
        print(f"{name:<26}{r['seconds']:>9.2f}{r['peak_mb']:>10.0f}{r['bytes'] / 1024:>10.0f}")
    print(f"speed-up: {theirs['seconds'] / ours['seconds']:.1f}x faster   "
          f"size: {ours['bytes'] / theirs['bytes']:.3f} of the FuncAnimation GIF "
          f"({theirs['bytes'] / ours['bytes']:.1f}x smaller)")
    psnr, exact = quality(ours["path"], frames)
    print(f"mean PSNR vs full colour: {psnr:.1f} dB   trajectory colours exact in every frame: {exact}")
    long = measure("lossviz", 2000)
    print(f"peak memory, 2000 frames: {long['peak_mb']:.0f} MB vs 200 frames: {ours['peak_mb']:.0f} MB "
          f"(+{long['peak_mb'] - ours['peak_mb']:.0f} MB); 2000-frame wall {long['seconds']:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        one(sys.argv[2], int(sys.argv[3]))
    else:
        main()
