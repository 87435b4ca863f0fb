"""The ``lossviz`` command: wires the public APIs of landscape, optimizers and animations.

Bad input gets one line on stderr naming the parameter and the value, exit code 2,
no traceback, and nothing written.  ``LOSSVIZ_DEBUG=1`` shows the traceback.
"""
from __future__ import annotations

import argparse
import difflib
import math
import os
import sys

import landscape
import optimizers

from . import cli_data, cli_net, figures, sinks
from .animate import animate
from .specs import parse_numbers, parse_spec, real_number, whole_number
from .style import THEMES, get_theme

DEMO = [("gd", {"lr": 1e-3}), ("gd", {"lr": 1e-2}), ("momentum", {"lr": 1e-3}),
        ("rmsprop", {"lr": 1e-2}), ("adam", {"lr": 0.05})]


class UsageError(ValueError):
    """A command-line mistake: reported in one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: one line, exit 2
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> Parser:
    top = Parser(prog="lossviz", description="See how optimizers move over loss surfaces.")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.add_parser("list", help="surfaces, optimizers and schedules, with parameters and defaults")

    demo = sub.add_parser("demo", help="the classic figure: five runs on Rosenbrock")
    demo.add_argument("-o", "--out", default="lossviz-demo.png", help="output file (.png .svg .pdf)")
    demo.add_argument("--theme", default="paper", help=f"one of {', '.join(THEMES)}")

    plot = sub.add_parser("plot", help="contour figure of optimizers on a surface",
                          description="e.g. lossviz plot rosenbrock --opt adam:lr=0.05 "
                                      "--opt momentum:lr=1e-3 --start=-1.5,2 --steps 300 -o fig.png")
    add_run_options(plot)
    plot.add_argument("-o", "--out", help="output file (.png .svg .pdf); default SURFACE.png")
    plot.add_argument("--loss-panel", action="store_true",
                      help="add a loss panel (against epochs on data surfaces, else steps)")
    plot.add_argument("--view", default="2d", help="2d (contours) or 3d")

    anim = sub.add_parser("animate", help="GIF/MP4/PNG frames of optimizers racing over a surface",
                          description="e.g. lossviz animate rosenbrock --opt adam:lr=0.05 "
                                      "--opt gd:lr=1e-3 -o race.gif --theme slides --tail 30")
    add_run_options(anim)
    anim.add_argument("-o", "--out", help="race.gif, race.mp4 (video extra) or frames/ "
                      "(numbered PNGs); default SURFACE.gif")
    anim.add_argument("--fps", type=real_number("--fps"), default=20, help="frames per second (default 20)")
    length = anim.add_mutually_exclusive_group()
    length.add_argument("--seconds", type=real_number("--seconds"), help="length of the moving part")
    length.add_argument("--frames", type=whole_number("--frames", low=2), help="number of frames")
    anim.add_argument("--tail", type=whole_number("--tail"), help="show only the last N steps of each path")
    anim.add_argument("--loss-panel", action="store_true", help="loss curves growing in sync")
    anim.add_argument("--hold", type=real_number("--hold"), default=1.5,
                      help="seconds to pause on the last frame (default 1.5)")
    anim.add_argument("--size", help="WIDTHxHEIGHT in pixels, e.g. 1280x720")
    anim.add_argument("--max-size", help="size budget, e.g. 5MB or 800kB (GIF only)")
    anim.add_argument("--minibatch", action="store_true",
                      help="data surfaces: draw the loss of each step's mini-batch behind the path")
    anim.add_argument("--quiet", action="store_true", help="no progress bar")
    cli_data.add_parsers(sub)
    cli_net.add_parser(sub)
    return top


def add_run_options(p):
    """Options shared by every command that runs optimizers on a surface."""
    p.add_argument("surface", help="surface name, with parameters: quadratic:kappa=10,angle=30")
    p.add_argument("--opt", action="append", metavar="SPEC",
                   help="optimizer with hyper-parameters, e.g. adam:lr=0.05 (repeat for several)")
    p.add_argument("--start", help="start point x,y (write --start=-1.5,2 or --start -1.5,2)")
    p.add_argument("--steps", type=whole_number("--steps"), help="steps per run (default 300)")
    p.add_argument("--epochs", type=whole_number("--epochs"), help="epochs per run (data surfaces)")
    p.add_argument("--seed", type=whole_number("--seed", low=0), default=0, help="random seed (default 0)")
    p.add_argument("--schedule", metavar="SPEC", help="learning-rate schedule, e.g. cosine, "
                   "step:step_size=100,gamma=0.5, exponential:gamma=0.99, warmup:steps=20")
    p.add_argument("--theme", default="paper", help=f"one of {', '.join(THEMES)}")
    p.add_argument("--bounds", help="view window xlo,xhi,ylo,yhi")


def parse_bytes(text):
    """``"5MB"`` -> 5000000, ``"800kB"`` -> 800000, ``"1.5M"``, ``"20000"``."""
    if text is None:
        return None
    t = text.strip().upper().replace("IB", "B").rstrip("B")
    scale = {"K": 1e3, "M": 1e6, "G": 1e9}.get(t[-1:], 1)
    try:
        value = float(t[:-1] if scale != 1 else t) * scale
    except ValueError:
        raise UsageError(f"--max-size {text!r} must be a size such as 5MB or 800kB") from None
    if not value > 0:
        raise UsageError(f"--max-size {text!r} must be > 0")
    return int(value)


def parse_size(text):
    if text is None:
        return None
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size {text!r} must be WIDTHxHEIGHT, e.g. 1280x720") from None
    return (w, h)


def make_surface(spec):
    name, params = parse_spec(spec, "surface")
    return landscape.get(name, **params)


def make_runs(args, surface, **run_options):
    """Build every optimizer first (so a typo fails before any work), then run them;
    ``run_options`` (validation=, patience=, ...) go to ``optimizers.run``."""
    specs = args.opt or ["gd:lr=0.001", "momentum:lr=0.001", "adam:lr=0.05"]
    opts = []
    for spec in specs:
        name, hyper = parse_spec(spec, "--opt")
        opts.append(optimizers.get(name, **hyper))
    schedule = None
    if args.schedule:
        name, params = parse_spec(args.schedule, "--schedule")
        schedule = optimizers.get_schedule(name, **params)
    start = None if args.start is None else parse_numbers(args.start, "--start", surface.dim)
    if args.steps is not None and args.epochs is not None:
        raise UsageError(f"give --steps or --epochs, not both (--steps {args.steps}, "
                         f"--epochs {args.epochs})")
    steps = 300 if args.steps is None and args.epochs is None else args.steps
    return [optimizers.run(surface, opt, start, steps=steps, epochs=args.epochs,
                           seed=args.seed, schedule=schedule, **run_options) for opt in opts]


def parse_bounds(text):
    if text is None:
        return None
    x0, x1, y0, y1 = parse_numbers(text, "--bounds", 4)
    if not all(map(math.isfinite, (x0, x1, y0, y1))) or not (x0 < x1 and y0 < y1):
        raise UsageError(f"--bounds {text!r} must be xlo,xhi,ylo,yhi with lo < hi")
    return ((x0, x1), (y0, y1))


def cmd_list(args, out):
    out.write("Surfaces (lossviz plot NAME:param=value,...):\n")
    for name in landscape.names():
        params = landscape.parameters(name)
        extra = ", ".join(f"{k}={v}" for k, v in params.items())
        formula = getattr(landscape.surface_class(name), "formula", "")
        # the formula on a line of its own when the parameters are long (data surfaces)
        out.write(f"  {name:<18} {extra:<28} {formula}\n" if len(extra) <= 28 else
                  f"  {name:<18} {extra}\n  {'':<18} {'':<28} {formula}\n")
    out.write("\nOptimizers (--opt NAME:param=value,...; defaults as torch.optim):\n")
    for name in optimizers.names():
        hyper = optimizers.hyperparameters(name)
        out.write(f"  {name:<10} " + ", ".join(f"{k}={v}" for k, v in hyper.items()) + "\n")
    out.write("\nSchedules (--schedule NAME:param=value,...):\n")
    for name, cls in optimizers.schedules.SCHEDULES.items():
        doc = (cls.__doc__ or "").strip().splitlines()[0].replace("``", "")
        out.write(f"  {name:<12} {doc}\n")
    out.write(f"\nThemes (--theme): {', '.join(THEMES)}\n")


def cmd_demo(args, out):
    surface = landscape.get("rosenbrock")
    runs = [optimizers.run(surface, optimizers.get(n, **h), (-1.5, 2.0), steps=500)
            for n, h in DEMO]
    figures.plot(surface, runs, out=args.out, theme=args.theme, loss_panel=True)
    _report(out, args.out, runs)


def cmd_plot(args, out):
    surface = make_surface(args.surface)
    bounds = parse_bounds(args.bounds)
    get_theme(args.theme)
    if args.view not in figures.VIEWS:
        raise UsageError(f"--view {args.view!r} must be one of {', '.join(figures.VIEWS)}")
    target = args.out or f"{surface.name}.png"
    optimizers.check_output(target, figures.FIGURE_SUFFIXES, "plot")
    runs = make_runs(args, surface)
    figures.plot(surface, runs, out=target, theme=args.theme, loss_panel=args.loss_panel,
                 view=args.view, bounds=bounds)
    _report(out, target, runs)


def cmd_animate(args, out):
    surface = make_surface(args.surface)
    bounds = parse_bounds(args.bounds)
    get_theme(args.theme)
    target = args.out or f"{surface.name}.gif"
    kind = sinks.kind_of(target)  # fail on a bad name before any work
    if kind == "mp4":
        sinks.check_video_support()
    size, budget = parse_size(args.size), parse_bytes(args.max_size)
    runs = make_runs(args, surface)
    anim = animate(
        surface, runs, out=target, fps=args.fps, seconds=args.seconds, frames=args.frames,
        tail=args.tail, loss_panel=args.loss_panel, theme=args.theme, size=size,
        hold=args.hold, max_bytes=budget, bounds=bounds, minibatch=args.minibatch,
        progress=False if args.quiet else None)
    _report(out, target, runs)
    out.write(f"  {anim.frames} frames, {anim.size[0]}x{anim.size[1]}, {anim.fps:g} fps, "
              f"{anim.duration:.1f} s, {anim.nbytes / 1e6:.2f} MB\n")
    if anim.note:
        out.write(f"  {anim.note}\n")


def _report(out, path, runs):
    out.write(f"wrote {path}\n")
    for t in runs:
        end = ", ".join(f"{v:.4g}" for v in t.final) if not t.population else "population"
        fate = f"diverged at step {t.diverged_at}" if t.diverged else f"loss {t.loss[-1]:.4g}"
        out.write(f"  {t.label:<40} {t.steps:>5} steps  -> ({end})  {fate}\n")


COMMANDS = {"list": cmd_list, "demo": cmd_demo, "plot": cmd_plot, "animate": cmd_animate,
            **cli_data.COMMANDS, "net": cli_net.run}


def _fix_negative_numbers(argv):
    """Let ``--start -1.5,2`` mean ``--start=-1.5,2`` (argparse reads it as an option)."""
    fixed, i = [], 0
    while i < len(argv):
        if argv[i] in ("--start", "--bounds", "--extent") and i + 1 < len(argv) and argv[i + 1][:1] == "-" \
                and argv[i + 1][1:2].replace(".", "0").isdigit():
            fixed.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            fixed.append(argv[i])
            i += 1
    return fixed


def main(argv=None, out=None) -> int:
    argv = _fix_negative_numbers(list(sys.argv[1:] if argv is None else argv))
    out = out or sys.stdout
    parser = build_parser()
    try:
        if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
            close = difflib.get_close_matches(argv[0], list(COMMANDS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(f"unknown command {argv[0]!r}{hint} (commands: {', '.join(COMMANDS)})")
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(out)
            return 0
        COMMANDS[args.command](args, out)
        return 0
    except BrokenPipeError:  # e.g. `lossviz list | head`
        return 0
    except (ValueError, TypeError, OSError) as exc:
        if os.environ.get("LOSSVIZ_DEBUG"):
            raise
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"lossviz: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
