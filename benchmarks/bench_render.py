"""Benchmark: the lecture pack rendered serially and on every core, in the same run.

``lossviz render examples/lecture.toml`` renders its 16 entries (figures, a sweep of 300
learning rates, 400 basins, two networks, a GIF) into a fresh folder, once with
``--jobs 1`` (what a lecturer would get running the commands one after another, minus
the start-up of each) and once with ``--jobs`` = the number of cores; then a third time
into the parallel folder, where nothing changed (target: under 2 s).  The serial and
parallel folders must hold the same bytes.

    python benchmarks/bench_render.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "examples" / "lecture.toml"


def render(out, *options) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from animations.cli import main; import sys; sys.exit(main())",
                    "render", str(PACK), "--out", str(out), "--quiet", *options],
                   check=True, stdout=subprocess.DEVNULL, env={**os.environ, "MPLBACKEND": "Agg"})
    return time.perf_counter() - start


def main():
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        serial, parallel = Path(tmp) / "serial", Path(tmp) / "parallel"
        t1 = render(serial, "--jobs", "1")
        tn = render(parallel, "--jobs", str(cores))
        again = render(parallel, "--jobs", str(cores))
        same = all((serial / p.name).read_bytes() == p.read_bytes()
                   for p in parallel.iterdir() if p.name != "lossviz-manifest.json")
    print(f"lecture pack, {sum(1 for _ in PACK.read_text().splitlines() if _.startswith('['))} entries")
    print(f"  serial (--jobs 1):        {t1:6.1f} s")
    print(f"  parallel (--jobs {cores}):      {tn:6.1f} s   ({t1 / tn:.2f}x faster)")
    print(f"  again, nothing changed:   {again:6.2f} s   (target: under 2 s)")
    print(f"  serial and parallel files identical: {same}")


if __name__ == "__main__":
    main()
