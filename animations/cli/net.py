"""``lossviz net``: train a small network with several optimizers, then see the runs on a
plane through weight space (or along straight lines from start to end).

    lossviz net moons --hidden 16,16 --activation tanh --loss bce \\
        --opt sgd:lr=0.1 --opt adam:lr=0.01 --epochs 50 --plane pca -o net.png
    lossviz net moons --metric accuracy             # the accuracy beside the loss
    lossviz net moons --metric accuracy --metric-only   # ... instead of it

Bad input gets one line, exit code 2 and no file, as everywhere in ``lossviz``.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from groundwork import check_output, suggest

import landscape
import optimizers
from landscape import plane as planes
from landscape.metrics import METRICS

from landscape import MAX_GRID

from ..draw import get_theme
from ..encode import FIGURE_SUFFIXES
from ..figures import BoundaryPanel, percent, plot_interpolation, plot_plane, projected
from ..frames import animate, check_animation
from .common import (Done, UsageError, add_save_options, add_theme_option, animation_lines,
                     parse_numbers, parse_spec, real_number, whole_number)
from .runs import loaded_runs, make_optimizer

PLANES = ("pca", "random", "points")
VIEWS = ("plane", "line")
DATA_OPTIONS = ("n", "noise", "scale", "n_val")
MOVIES = (".gif", ".mp4")
DEFAULT_OPTS = ["sgd:lr=0.1", "adam:lr=0.01,batch_size=20"]  # both see mini-batches: a fair race


def add_parsers(sub):
    """Add the ``net`` command to ``lossviz``'s sub-commands."""
    p = sub.add_parser(
        "net", help="train a small MLP and see the runs on a plane through weight space",
        description="e.g. lossviz net moons --hidden 16,16 --opt sgd:lr=0.1 --opt adam:lr=0.01 "
                    "--epochs 50 --plane pca -o net.png")
    p.add_argument("data", help="data set, with options: moons, xor, circles, spiral, blobs, "
                                "... e.g. moons:n=500,noise=0.2")
    p.add_argument("--hidden", default="16,16", help="hidden layer sizes (default 16,16)")
    p.add_argument("--activation", default="tanh", help="tanh, relu or sigmoid (default tanh)")
    p.add_argument("--loss", default="bce", help="bce (cross-entropy) or mse (default bce)")
    p.add_argument("--dropout", type=real_number("--dropout"), default=0.0,
                   help="share of hidden units dropped in training, in [0, 1) (default 0)")
    p.add_argument("--opt", action="append", metavar="SPEC",
                   help=f"optimizer, e.g. adam:lr=0.01 (repeat; default {' '.join(DEFAULT_OPTS)})")
    p.add_argument("--steps", type=whole_number("--steps"), help="steps per run")
    p.add_argument("--epochs", type=whole_number("--epochs"), help="epochs per run (default 50)")
    p.add_argument("--seed", type=whole_number("--seed", low=0), default=0,
                   help="seeds data, initial weights, batches, dropout, random plane")
    p.add_argument("--plane", default="pca", help="pca (of the paths), random (filter-normalised, "
                                                  "around the first run's end) or points (start "
                                                  "and the ends of the first two runs)")
    p.add_argument("--resolution", type=whole_number("--resolution", low=2, high=MAX_GRID),
                   default=101, help=f"grid points per axis (default 101, at most {MAX_GRID})")
    p.add_argument("--extent", help="window half-width R, or αlo,αhi,βlo,βhi "
                                    "(write --extent=-1,1,-1,1)")
    p.add_argument("--boundary", action="store_true",
                   help="add a panel with each run's decision boundary (2-D two-class data)")
    p.add_argument("--metric", help="also contour this on the plane, beside the loss: "
                                    f"{', '.join(METRICS)} (the %% of samples classified right)")
    p.add_argument("--metric-only", action="store_true",
                   help="draw the --metric instead of the loss")
    p.add_argument("--view", default="plane", help="plane (the landscape) or line (loss along "
                                                   "the straight line from start to each end)")
    add_theme_option(p)
    add_save_options(p)
    p.add_argument("--fps", type=real_number("--fps"), default=20,
                   help="frames per second of a .gif / .mp4 (default 20)")
    p.add_argument("--seconds", type=real_number("--seconds"),
                   help="length of a .gif / .mp4 (default up to 8 s)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("-o", "--out", help="output: .png .svg .pdf, or .gif .mp4 for an animation; "
                                       "default net-DATA.png")


def cmd_net(args) -> Done:
    """Execute ``lossviz net``: check everything, train, draw, report."""
    net, target, extent = _check(args)
    runs = _train(net, args)
    if args.view == "line":
        fig = plot_interpolation(net, runs, out=target, theme=args.theme)
        return Done(_report(target, net, runs, None), target, runs, figure=fig)
    plane = _plane(net, runs, args)
    if extent is not None:
        plane = dataclasses.replace(plane, bounds=_window(extent, plane))
    if target.lower().endswith(MOVIES):
        fast = dataclasses.replace(plane, dtype="float32")
        panel = BoundaryPanel(net, runs) if args.boundary else None
        anim = animate(fast, projected(plane, runs), out=target, theme=args.theme,
                       resolution=args.resolution, fps=args.fps, seconds=args.seconds, panel=panel)
        return Done(_report(target, net, runs, plane) + animation_lines(anim), target, runs,
                    animation=anim)
    fig = plot_plane(plane, runs, boundary=args.boundary, metric=args.metric,
                     beside=not args.metric_only, out=target, theme=args.theme, resolution=args.resolution)
    return Done(_report(target, net, runs, plane), target, runs, figure=fig)


COMMANDS = {"net": cmd_net}


def _check(args):
    """Everything that can be wrong with the input, before any work is done."""
    name, params = parse_spec(args.data, "data", lambda _: landscape.parameters("mlp"))
    for key in params:
        if key not in DATA_OPTIONS:
            raise UsageError(f"data {args.data!r}: unknown option {key!r}; "
                             f"the options are {', '.join(DATA_OPTIONS)}")
    net = landscape.get("mlp", data=name, hidden=_sizes(args.hidden), activation=args.activation,
                        loss=args.loss, dropout=args.dropout, seed=args.seed, **params)
    get_theme(args.theme)
    for key, value, choices in (("--plane", args.plane, PLANES), ("--view", args.view, VIEWS)):
        if value not in choices:
            raise UsageError(f"{key} {value!r} must be one of {', '.join(choices)}")
    if args.steps is not None and args.epochs is not None:
        raise UsageError(f"give --steps or --epochs, not both (--steps {args.steps}, "
                         f"--epochs {args.epochs})")
    if args.plane == "points" and len(args.opt or DEFAULT_OPTS) < 2:
        raise UsageError("--plane points is the plane through the start and two runs' ends; "
                         "give two --opt")
    target = f"net-{name}.png" if args.out is None else args.out
    check_output(target, FIGURE_SUFFIXES + MOVIES, "net")
    movie = target.lower().endswith(MOVIES)
    for key, value in (("--fps", args.fps), ("--seconds", args.seconds)):
        if value is not None and not value > 0:
            raise UsageError(f"{key} {value:g} must be > 0")
    if movie and args.view == "line":
        raise UsageError(f"--view line draws a still figure; write it to .png, .svg or .pdf, "
                         f"not {target!r}")
    if movie:      # the animation's settings, before the training
        check_animation(target, fps=args.fps, seconds=args.seconds, theme=args.theme,
                        wide=args.boundary)
    if args.boundary and args.view == "line":
        raise UsageError("--boundary goes with --view plane")
    if args.boundary and (net.X.shape[1] != 2 or net.objective != "bce"):
        raise UsageError(f"--boundary needs 2-D two-class data and --loss bce; "
                         f"{name!r} has {net.X.shape[1]} feature(s), --loss {net.loss}")
    _check_metric(args, net, name, movie)
    return net, target, _extent(args.extent)


def _check_metric(args, net, name, movie):
    """``--metric`` and ``--metric-only``: a known name, on a classifier, on a still plane."""
    if args.metric is None:
        if args.metric_only:
            raise UsageError("--metric-only draws the --metric instead of the loss; give --metric "
                             "(e.g. --metric accuracy)")
        return
    if args.metric not in METRICS:
        raise UsageError(f"--metric {args.metric!r} is unknown{suggest(args.metric, METRICS)} "
                         f"(choose from {', '.join(METRICS)})")
    if not np.isin(net.y, (0.0, 1.0)).all():
        raise UsageError(f"--metric {args.metric} needs two-class data (0/1 labels); {name!r} is a "
                         "regression set: drop --metric")
    if args.view == "line":
        raise UsageError("--metric goes with --view plane: it is contoured on the plane, not along a line")
    if movie:
        raise UsageError(f"--metric draws a still figure; write it to .png, .svg or .pdf, not {args.out!r}")
    if args.boundary and not args.metric_only:
        raise UsageError("--metric beside the loss and --boundary make three panels; add "
                         "--metric-only (the metric instead of the loss) or drop --boundary")


def _train(net, args):
    """Build every optimizer first (so a typo fails before any work), then run each."""
    opts = [make_optimizer(spec) for spec in args.opt or DEFAULT_OPTS]
    if getattr(args, "loaded", None) is not None:
        return loaded_runs(args, net, len(opts))
    epochs = 50 if args.steps is None and args.epochs is None else args.epochs
    return [optimizers.run(net, opt, steps=args.steps, epochs=epochs, seed=args.seed)
            for opt in opts]


def _plane(net, runs, args):
    if args.plane == "random":
        return planes.random_plane(net, runs[0].final, seed=args.seed)
    if args.plane == "points":
        # the optimizers' names ("SGD's end"): a whole label with its settings would run off
        # the figure as the y axis' label; the legend gives the settings
        short = [t.label.split(" (")[0] for t in runs[:2]]
        names = short if short[0] != short[1] else [t.label for t in runs[:2]]
        return planes.plane_through(net, runs[0].params[0], runs[0].final, runs[1].final,
                                    names=("start", f"{names[0]}'s end", f"{names[1]}'s end"))
    return planes.pca_plane(net, runs)


def _sizes(text):
    """``"16,16"`` -> ``(16, 16)``; ``"none"`` -> ``()`` (no hidden layer)."""
    if text.strip().lower() == "none":
        return ()
    try:
        return tuple(int(v) for v in text.split(","))
    except ValueError:
        raise UsageError(f"--hidden {text!r} must be layer sizes separated by commas, "
                         "e.g. 16,16 (or none)") from None


def _extent(text):
    if text is None:
        return None
    values = parse_numbers(text, "--extent")
    if all(map(math.isfinite, values)):
        if len(values) == 1 and 1e-6 <= values[0] <= 1e6:
            return values[0]
        if len(values) == 4 and values[1] - values[0] >= 1e-6 and values[3] - values[2] >= 1e-6 \
                and max(map(abs, values)) <= 1e6:
            return ((values[0], values[1]), (values[2], values[3]))
    raise UsageError(f"--extent {text!r} must be a half-width R from 1e-6 to 1e6, or "
                     "αlo,αhi,βlo,βhi with hi - lo >= 1e-6 (numbers up to 1e6)")


def _window(extent, plane):
    """A half-width R: the window ``[-R, R]^2`` for a random plane, else R around its centre."""
    if not isinstance(extent, float):
        return extent
    centre = (0.0, 0.0) if plane.kind == "random" else [(lo + hi) / 2 for lo, hi in plane.bounds]
    return tuple((c - extent, c + extent) for c in centre)


def _report(path, net, runs, plane) -> list[str]:
    lines = [f"wrote {path}"]
    if plane is not None and plane.explained is not None:
        lines.append(f"  plane: PC1 {plane.explained[0]:.1%}, PC2 {plane.explained[1]:.1%} "
                     "of the paths' variance")
    for t in runs:
        fate = f"diverged at step {t.diverged_at}" if t.diverged else f"loss {t.loss[-1]:.4g}"
        acc = "" if net.objective != "bce" or t.diverged else \
            f", {100 * float(net.accuracy(t.final)):.3g}% right"
        share = "" if plane is None else f", {percent(plane.project(t).in_plane)} in plane"
        lines.append(f"  {t.label:<28} {t.steps:>6} steps  {fate}{acc}{share}")
    return lines
