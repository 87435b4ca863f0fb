"""What every ``lossviz`` command shares: the error type, the small languages of the
command line (``name:key=value,...``, ``x,y``), the options, the surface, and the report
(the runs are made in :mod:`.runs`).

Every command is a function ``(args) -> Done``: it checks all of its input before
any work (a mistake is one :class:`UsageError` or ``ValueError`` line, exit 2, and
nothing written), runs, draws, writes, and returns what it made.
"""
from __future__ import annotations

import argparse
import dataclasses
import math
import re

import numpy as np

import landscape
from groundwork import check_output, checks

from ..draw import THEMES, get_theme
from ..encode import FIGURE_SUFFIXES

_INT = re.compile(r"^[+-]?\d+$")


class UsageError(ValueError):
    """A command-line mistake: reported in one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: one line, exit 2
        raise UsageError(f"{message} (see '{self.prog} --help')")


@dataclasses.dataclass
class Done:
    """What a command made: the report's lines, the file, the runs, and the figure or
    animation (for a caller that wants to look at them)."""

    lines: list
    path: str | None = None
    runs: list = dataclasses.field(default_factory=list)
    figure: object = None
    animation: object = None


# ---------------------------------------------------------------- the small languages
def parse_value(text: str):
    """``"3"`` -> 3, ``"0.5"``/``"1e-3"`` -> float, ``"true"``/``"none"`` -> bool/None, else the text.

    >>> parse_value("1e-3"), parse_value("16"), parse_value("tanh")
    (0.001, 16, 'tanh')
    """
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    if low == "none":
        return None
    if _INT.match(low):
        return int(low)
    try:
        return float(low)
    except ValueError:
        return text.strip()


def parse_spec(text: str, what: str, settings=None) -> tuple[str, dict]:
    """``"adam:lr=0.05,beta1=0.8"`` -> ``("adam", {"lr": 0.05, "beta1": 0.8})``.

    ``settings(name)`` (the defaults of what the name stands for) decides what ``none``
    means: None where a setting's default is None (``batch_size=none``: the full batch),
    else the word itself (``scale=none``: no scaling).

    >>> parse_spec("quadratic:kappa=10,angle=30", "surface")
    ('quadratic', {'kappa': 10, 'angle': 30})
    """
    name, _, rest = text.partition(":")
    name = name.strip()
    if not name:
        raise UsageError(f"{what} {text!r}: give a name, e.g. 'adam:lr=0.05'")
    params, words = {}, {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq or not key or not value.strip():
            raise UsageError(f"{what} {text!r}: {item!r} must be key=value, e.g. {name}:lr=0.01")
        if key == "name":
            raise UsageError(f"{what} {text!r}: the name goes before the colon, not as name=")
        if key in params:
            raise UsageError(f"{what} {text!r}: {key!r} is given twice")
        params[key], words[key] = parse_value(value), value.strip()
    if settings is not None and any(v is None for v in params.values()):
        defaults = settings(name)
        params = {k: words[k] if v is None and defaults.get(k) is not None else v
                  for k, v in params.items()}
    return name, params


def parse_numbers(text: str, what: str, count: int | None = None) -> tuple[float, ...]:
    """``"-1.5,2"`` -> ``(-1.5, 2.0)``; ``count`` checks how many.

    >>> parse_numbers("-1.5, 2", "--start", 2)
    (-1.5, 2.0)
    """
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        raise UsageError(f"{what} {text!r} must be numbers separated by commas, e.g. -1.5,2") from None
    if count is not None and len(values) != count:
        raise UsageError(f"{what} {text!r} has {len(values)} number{'s' if len(values) != 1 else ''}; "
                         f"this needs {count}, separated by commas")
    return values


def whole_number(flag, low=1, high=None):
    """An argparse type: a whole number >= ``low`` (and <= ``high``), or one clear line
    naming ``flag``."""
    def convert(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} {text!r} must be a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{flag} {value} must be >= {low}")
        if high is not None and value > high:
            shown = text if len(text) <= 24 else f"{text[:12]}... ({len(text)} digits)"
            raise argparse.ArgumentTypeError(f"{flag} {shown} is too large: at most {high:,}")
        return value
    return convert


def whole_numbers(flag):
    """An argparse type: whole numbers >= 0 separated by commas (``"0,10,50"``), or one
    clear line naming ``flag``."""
    def convert(text):
        try:
            values = [int(v) for v in text.split(",")]
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} {text!r} must be whole numbers separated by "
                                             "commas, e.g. 0,10,50,200") from None
        if min(values) < 0:
            raise argparse.ArgumentTypeError(f"{flag} {text!r}: steps count from 0")
        return values
    return convert


def real_number(flag):
    """An argparse type: a finite number, or one clear line naming ``flag``."""
    def convert(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} {text!r} must be a number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{flag} {text} must be a finite number")
        return value
    return convert


def parse_bounds(text):
    """``"xlo,xhi,ylo,yhi"`` -> ``((xlo, xhi), (ylo, yhi))``, or None."""
    if text is None:
        return None
    x0, x1, y0, y1 = parse_numbers(text, "--bounds", 4)
    if not all(map(math.isfinite, (x0, x1, y0, y1))) or not (x0 < x1 and y0 < y1):
        raise UsageError(f"--bounds {text!r} must be xlo,xhi,ylo,yhi with lo < hi")
    for lo, hi in ((x0, x1), (y0, y1)):
        if checks.too_narrow(lo, hi):
            raise UsageError(f"--bounds {text!r}: {checks.too_narrow(lo, hi)}")
    return ((x0, x1), (y0, y1))


_NEGATIVE = re.compile(r"^-\.?\d")


def fix_negative_numbers(argv):
    """Let ``--start -1.5,2`` mean ``--start=-1.5,2``: argparse would read a value that
    starts with a minus as an option.  Any ``--option`` followed by such a value.

    >>> fix_negative_numbers(["plot", "booth", "--start", "-1.5,2", "--size", "-100x100"])
    ['plot', 'booth', '--start=-1.5,2', '--size=-100x100']
    """
    fixed, i = [], 0
    while i < len(argv):
        if argv[i].startswith("--") and "=" not in argv[i] and i + 1 < len(argv) \
                and _NEGATIVE.match(argv[i + 1]):
            fixed.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            fixed.append(argv[i])
            i += 1
    return fixed


# ---------------------------------------------------------------- options and runs
def add_run_options(p, opts, length):
    """The options of every command that runs optimizers on a surface; ``opts`` and
    ``length`` (``{"steps": 300}``) are the command's defaults, for the help."""
    (key, value), = length.items()
    p.add_argument("surface", help="surface name, with parameters: quadratic:kappa=10,angle=30")
    p.add_argument("--opt", action="append", metavar="SPEC",
                   help="optimizer with hyper-parameters, e.g. adam:lr=0.05 (repeat for several; "
                        f"default {' '.join(opts)})")
    add_start_options(p)
    p.add_argument("--steps", type=whole_number("--steps"),
                   help="steps per run" + (f" (default {value})" if key == "steps" else ""))
    p.add_argument("--epochs", type=whole_number("--epochs"), help="epochs per run (data surfaces)"
                   + (f"; default {value}" if key == "epochs" else ""))
    p.add_argument("--seed", type=whole_number("--seed", low=0), default=0, help="random seed (default 0)")
    p.add_argument("--schedule", metavar="SPEC", help="learning-rate schedule, e.g. cosine, "
                   "step:step_size=100,gamma=0.5, exponential:gamma=0.99, warmup:steps=20")
    add_theme_option(p)
    p.add_argument("--bounds", help="view window xlo,xhi,ylo,yhi")


def add_caption_option(p):
    """``--caption auto`` (what the runs show, in one line under the figure) or ``--caption TEXT``."""
    p.add_argument("--caption", metavar="auto|TEXT",
                   help="a line under the figure saying what it shows: auto (built from the runs, "
                        "e.g. 'GD (lr=0.21) diverges: 0.21 > 2/λmax = 0.2') or your words")


def add_start_options(p, many=True):
    """``--start x,y`` (repeat it for several starts) and, with ``many``, ``--starts grid:N``."""
    p.add_argument("--start", action="append", metavar="X,Y",
                   help="start point x,y (write --start=-1.5,2 or --start -1.5,2); repeat for "
                        "several: each optimizer runs from every start")
    if many:
        p.add_argument("--starts", metavar="HOW:N",
                       help="many starts over the view: grid:N (N x N cell centres) or random:N "
                            "(N points drawn from --seed)")


def add_theme_option(p):
    """``--theme``, and ``--print-recipe`` (every command that draws has a theme)."""
    p.add_argument("--theme", default="paper", help=f"one of {', '.join(THEMES)} (default paper)")
    p.add_argument("--print-recipe", action="store_true",
                   help="print this command as an entry of a recipe file (lossviz render) and stop")


def make_surface(spec):
    """The surface of a ``name:key=value,...`` spec, whose loss at its start is a number."""
    name, params = parse_spec(spec, "surface", landscape.parameters)
    surface = landscape.get(name, **params)
    with np.errstate(all="ignore"):
        at = float(surface.value(np.asarray(surface.start, dtype=float)))
    if not math.isfinite(at):
        raise UsageError(f"surface {spec!r}: its loss at its start {tuple(surface.start)} is {at}: "
                         "the numbers overflow; choose smaller parameters")
    return surface


def add_save_options(p):
    """``--save runs.npz`` (every run, with its surface and schedule; written by
    :func:`animations.cli.execute` for every command) and ``--load runs.npz`` (read there)."""
    p.add_argument("--save", metavar="FILE.npz", help="also write the runs (with the surface's every "
                   "parameter and the schedule) to this file")
    p.add_argument("--load", metavar="FILE.npz", help="draw the runs of a --save file instead of "
                   "running (the same command and surface; no --opt)")


def figure_target(args, default, owner):
    """The output path of a figure (``-o``, else ``default``), and the theme, checked
    before any work: a bad one fails fast and writes nothing."""
    get_theme(args.theme)
    target = default if args.out is None else args.out
    check_output(target, FIGURE_SUFFIXES, owner)
    return target


def animation_lines(anim) -> list[str]:
    """What an animation came to: frames, size, rate, length, bytes, and what a size
    budget changed."""
    if anim.at is not None:
        return [f"  {anim.frames} stills at steps {', '.join(map(str, anim.at))}, "
                f"{anim.size[0]}x{anim.size[1]}, {anim.nbytes / 1e6:.2f} MB",
                f"  on a beamer slide: \\input{{{anim.path.as_posix()}/build.tex}} (one overlay each)"]
    lines = [f"  {anim.frames} frames, {anim.size[0]}x{anim.size[1]}, {anim.fps:g} fps, "
             f"{anim.duration:.1f} s, {anim.nbytes / 1e6:.2f} MB"]
    if anim.kind == "frames":
        lines.append(f"  on a beamer slide: \\input{{{anim.path.as_posix()}/animate.tex}} "
                     "(with \\usepackage{animate})")
    return lines + ([f"  {anim.note}"] if anim.note else [])


def report(path, runs) -> list[str]:
    """``wrote PATH`` and a line per run: its label, steps, end and fate."""
    lines = [f"wrote {path}"]
    for t in runs:
        if t.population:
            gone = sum(d is not None for d in t.diverged_at)
            done = sum(c is not None and d is None for c, d in zip(t.converged_at or (), t.diverged_at))
            # a diverged start counts as an infinite loss in the median, not as one left out
            median = float(np.median(np.where(np.isnan(t.loss[-1]), np.inf, t.loss[-1])))
            middle = f"median loss {median:.4g}" if np.isfinite(median) else "median: diverged"
            lines.append(f"  {t.label:<40} {t.steps:>5} steps  {len(t.diverged_at)} starts: {middle}, "
                         f"{done} converged, {gone} diverged")
            continue
        end = ", ".join(f"{v:.4g}" for v in t.final)
        fate = f"diverged at step {t.diverged_at}" if t.diverged else f"loss {t.loss[-1]:.4g}"
        lines.append(f"  {t.label:<40} {t.steps:>5} steps  -> ({end})  {fate}")
    return lines
