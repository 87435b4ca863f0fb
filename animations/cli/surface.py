"""``lossviz list | demo | plot | animate``: optimizers on one surface, drawn or animated.

    lossviz plot rosenbrock --opt adam:lr=0.05 --opt momentum:lr=1e-3 --start=-1.5,2 -o fig.png
    lossviz animate rosenbrock --opt adam:lr=0.05 --opt gd:lr=1e-3 -o race.gif --tail 30
"""
from __future__ import annotations

import landscape
import optimizers
from groundwork import check_output

from ..draw import THEMES
from ..figures import VIEWS, plot
from ..frames import FRAME_FORMATS, animate, check_animation, page
from .common import (Done, UsageError, add_caption_option, add_run_options, add_save_options,
                     add_theme_option, animation_lines, figure_target, make_surface, parse_bounds,
                     real_number, report, whole_number, whole_numbers)
from .runs import make_optimizer, make_runs, run_length

# Without --opt and --steps: three runs that show three ideas on most surfaces
OPTS = ["gd:lr=0.001", "momentum:lr=0.001", "adam:lr=0.05"]
LENGTH = {"steps": 300}
# The demo: Rosenbrock from (-1.5, 2), 1000 steps (RMSprop and Adam need them to round the
# valley's bend); a learning rate too high for GD diverges, one too low creeps
DEMO = ["gd:lr=0.001", "gd:lr=0.01", "momentum:lr=0.001", "rmsprop:lr=0.01", "adam:lr=0.05"]


def add_parsers(sub):
    """``list``, ``demo``, ``plot`` and ``animate``."""
    sub.add_parser("list", help="surfaces, optimizers and schedules, with parameters and defaults")

    demo = sub.add_parser("demo", help="the classic figure: five runs on Rosenbrock")
    demo.add_argument("-o", "--out", default="lossviz-demo.png", help="output file (.png .svg .pdf)")
    add_theme_option(demo)

    p = sub.add_parser("plot", help="contour figure of optimizers on a surface",
                       description="e.g. lossviz plot rosenbrock --opt adam:lr=0.05 "
                                   "--opt momentum:lr=1e-3 --start=-1.5,2 --steps 300 -o fig.png")
    add_run_options(p, OPTS, LENGTH)
    p.add_argument("-o", "--out", help="output file (.png .svg .pdf); default SURFACE.png")
    p.add_argument("--loss-panel", action="store_true",
                   help="add a loss panel (against epochs on data surfaces, else steps)")
    add_caption_option(p)
    add_save_options(p)
    p.add_argument("--lr-panel", action="store_true",
                   help="add each run's learning rate (what --schedule or schedule= does), under "
                        "the loss panel if there is one")
    p.add_argument("--view", default="2d", help="2d (contours) or 3d")
    p.add_argument("--tangents", action="store_true",
                   help="1-D surfaces: the tangent at each of a run's first steps (the slope it follows)")

    a = sub.add_parser("animate", help="GIF/MP4/PNG frames of optimizers racing over a surface",
                       description="e.g. lossviz animate rosenbrock --opt adam:lr=0.05 "
                                   "--opt gd:lr=1e-3 -o race.gif --theme slides --tail 30")
    add_run_options(a, OPTS, LENGTH)
    a.add_argument("-o", "--out", help="race.gif, race.mp4 (video extra), race.html (a page that "
                   "plays offline) or frames/ (numbered frames, with animate.tex for beamer); "
                   "default SURFACE.gif")
    a.add_argument("--fps", type=real_number("--fps"), default=20, help="frames per second (default 20)")
    length = a.add_mutually_exclusive_group()
    length.add_argument("--seconds", type=real_number("--seconds"),
                        help="length of the moving part (default: a frame per step, at most 8 s)")
    length.add_argument("--frames", type=whole_number("--frames", low=2), help="number of frames")
    a.add_argument("--tail", type=whole_number("--tail"), help="show only the last N steps of each path")
    a.add_argument("--loss-panel", action="store_true", help="loss curves growing in sync")
    a.add_argument("--hold", type=real_number("--hold"), default=1.5,
                   help="seconds to pause on the last frame (default 1.5)")
    a.add_argument("--size", help="WIDTHxHEIGHT in pixels, e.g. 1280x720 (default 800x600 on "
                                  "paper, 1200x560 with a loss panel; 1280x720 on slides and dark)")
    a.add_argument("--max-size", help="size budget, e.g. 5MB or 800kB (GIF only)")
    a.add_argument("--minibatch", action="store_true",
                   help="data surfaces: draw the loss of each step's mini-batch behind the path")
    a.add_argument("--view", default="2d", help="2d (contours) or 3d (the surface in 3-D, paths moving on it)")
    a.add_argument("--orbit", type=real_number("--orbit"), default=0.0,
                   help="with --view 3d: degrees the camera turns over the animation, e.g. 60")
    a.add_argument("--at", type=whole_numbers("--at"),
                   help="build stills instead: the frames at these steps, e.g. 0,10,50,200, "
                        "into the folder -o with build.tex (one beamer overlay each)")
    a.add_argument("--frame-format", default="png", choices=FRAME_FORMATS,
                   help="frames in a folder as png (default) or pdf (vector)")
    add_caption_option(a)
    add_save_options(a)
    a.add_argument("--quiet", action="store_true", help="no progress bar")


def cmd_list(args) -> Done:
    lines = ["Surfaces (lossviz plot NAME:param=value,...):"]
    for name in landscape.names():
        params = landscape.parameters(name)
        extra = ", ".join(f"{k}={v}" for k, v in params.items())
        formula = getattr(landscape.surface_class(name), "formula", "")
        # the formula on a line of its own when the parameters are long (data surfaces)
        lines += ([f"  {name:<18} {extra:<28} {formula}"] if len(extra) <= 28 else
                  [f"  {name:<18} {extra}", f"  {'':<18} {'':<28} {formula}"])
    lines += ["", "Optimizers (--opt NAME:param=value,...; defaults as torch.optim):"]
    for name in optimizers.names():
        hyper = optimizers.hyperparameters(name)
        lines.append(f"  {name:<10} " + ", ".join(f"{k}={v}" for k, v in hyper.items()))
    lines += ["", "Schedules (--schedule NAME:param=value,...):"]
    for name in optimizers.SCHEDULES:
        params = ", ".join(f"{k}={v}" for k, v in optimizers.SCHEDULES.settings(name).items())
        doc = (optimizers.SCHEDULES.lookup(name).__doc__ or "").strip().splitlines()[0]
        lines.append(f"  {name:<12} {params:<24}  {doc.replace('``', '')}")
    lines += ["", "Data sets (lossviz net NAME:n=...,noise=...; generated from --seed):"]
    for name in landscape.datasets.names():
        noise = landscape.datasets.GENERATORS.settings(name)["noise"]
        lines.append(f"  {name:<12} noise={noise}")
    lines += ["", f"Themes (--theme): {', '.join(THEMES)}"]
    return Done(lines)


def cmd_demo(args) -> Done:
    target = figure_target(args, args.out, "demo")
    surface = landscape.get("rosenbrock")
    runs = [optimizers.run(surface, make_optimizer(spec), (-1.5, 2.0), steps=1000) for spec in DEMO]
    fig = plot(surface, runs, out=target, theme=args.theme, loss_panel=True)
    return Done(report(target, runs), target, runs, figure=fig)


def cmd_plot(args) -> Done:
    surface = make_surface(args.surface)
    bounds = parse_bounds(args.bounds)
    if args.view not in VIEWS:
        raise UsageError(f"--view {args.view!r} must be one of {', '.join(VIEWS)}")
    target = figure_target(args, f"{surface.name}.png", "plot")
    runs = make_runs(args, surface, args.opt or OPTS, run_length(args, LENGTH))
    fig = plot(surface, runs, out=target, theme=args.theme, loss_panel=args.loss_panel,
               lr_panel=args.lr_panel, view=args.view, bounds=bounds, caption=args.caption,
               tangents=args.tangents)
    return Done(report(target, runs), target, runs, figure=fig)


# what an HTML page does not take: it plays every step, at the reader's pace
NOT_IN_A_PAGE = {"fps": 20, "seconds": None, "frames": None, "tail": None, "hold": 1.5,
                 "max_size": None, "loss_panel": False, "minibatch": False, "at": None,
                 "frame_format": "png", "view": "2d", "orbit": 0.0}


def cmd_animate(args) -> Done:
    surface = make_surface(args.surface)
    bounds = parse_bounds(args.bounds)
    target = f"{surface.name}.gif" if args.out is None else args.out
    if str(target).lower().endswith(".html"):
        return _page(args, surface, bounds, target)
    size, budget = parse_size(args.size), parse_bytes(args.max_size)
    if args.view not in VIEWS:
        raise UsageError(f"--view {args.view!r} must be one of {', '.join(VIEWS)}")
    if args.view == "3d" and surface.dim != 2:
        raise UsageError(f"--view 3d draws a 2-D surface in 3-D; {surface.name!r} is {surface.dim}-D")
    if args.orbit and args.view != "3d":
        raise UsageError(f"--orbit {args.orbit:g} turns the camera of --view 3d; give --view 3d")
    # every setting of the animation checked before the runs: a mistake costs no work
    check_animation(target, fps=args.fps, seconds=args.seconds, frames=args.frames, tail=args.tail,
                    hold=args.hold, size=size, max_bytes=budget, theme=args.theme, bounds=bounds,
                    wide=args.loss_panel, at=args.at, frame_format=args.frame_format)
    runs = make_runs(args, surface, args.opt or OPTS, run_length(args, LENGTH))
    anim = animate(
        surface, runs, out=target, fps=args.fps, seconds=args.seconds, frames=args.frames,
        tail=args.tail, loss_panel=args.loss_panel, theme=args.theme, size=size,
        hold=args.hold, max_bytes=budget, bounds=bounds, minibatch=args.minibatch, caption=args.caption,
        at=args.at, frame_format=args.frame_format, view=args.view, orbit=args.orbit)
    return Done(report(target, runs) + animation_lines(anim), target, runs, animation=anim)


def _page(args, surface, bounds, target) -> Done:
    """``animate -o race.html``: the race as one page that plays offline."""
    given = [key for key, default in NOT_IN_A_PAGE.items() if getattr(args, key) != default]
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise UsageError(f"{flag} is for a GIF, MP4 or frames, not an HTML page, which plays "
                         f"every step at the reader's pace (drop {flag}, or write .gif)")
    if surface.dim != 2:
        raise UsageError(f"an HTML page draws the race on a 2-D surface; {surface.name!r} is "
                         f"{surface.dim}-D: animate it to .gif")
    check_output(target, (".html",), "animate")
    size = parse_size(args.size)
    runs = make_runs(args, surface, args.opt or OPTS, run_length(args, LENGTH))
    made = page(surface, runs, target, theme=args.theme, bounds=bounds, size=size, caption=args.caption)
    what = f"  {made.runs} run{'s' * (made.runs != 1)} over {made.last} {made.clock}s, " \
           f"{made.size[0]}x{made.size[1]}, {made.nbytes / 1e6:.2f} MB; opens offline in any browser"
    return Done(report(target, runs) + [what], target, runs)


def parse_bytes(text):
    """``"5MB"`` -> 5000000, ``"800kB"`` -> 800000, ``"1.5M"``, ``"20000"``.

    >>> parse_bytes("5MB"), parse_bytes("800kB"), parse_bytes("1.5M")
    (5000000, 800000, 1500000)
    """
    if text is None:
        return None
    t = text.strip().upper().replace("IB", "B").rstrip("B")
    scale = {"K": 1e3, "M": 1e6, "G": 1e9}.get(t[-1:], 1)
    try:
        value = float(t[:-1] if scale != 1 else t) * scale
    except (ValueError, OverflowError):
        raise UsageError(f"--max-size {text!r} must be a size such as 5MB or 800kB") from None
    if not 20_000 <= value < 1e12:
        raise UsageError(f"--max-size {text!r} must be a size from 20kB to 1000GB, such as 5MB")
    return int(value)


def parse_size(text):
    """``"1280x720"`` -> ``(1280, 720)``."""
    if text is None:
        return None
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size {text!r} must be WIDTHxHEIGHT, e.g. 1280x720") from None
    if w < 1 or h < 1:
        raise UsageError(f"--size {text!r} must be two positive numbers of pixels, e.g. 1280x720")
    return (w, h)


COMMANDS = {"list": cmd_list, "demo": cmd_demo, "plot": cmd_plot, "animate": cmd_animate}
