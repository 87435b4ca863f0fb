"""Comparing on the command line: ``lossviz sweep`` and ``lossviz basins``.

    lossviz sweep quadratic:kappa=10 --opt gd --lr 0.01,0.1,0.19,0.21 -o sweep.png
    lossviz sweep quadratic:kappa=10 --opt gd --lr 1e-3..0.4:300:log -o curve.png
    lossviz sweep quadratic:kappa=10 --opt momentum --lr 1e-3..1:200:log --vary momentum=0..0.99:200

One hyper-parameter with up to 12 values draws one panel per value; more values (or
``--curve``) draw the outcome curve; two hyper-parameters draw the phase map.  The
outcome of every value is printed as a table (and written with ``--csv``).

    lossviz basins himmelblau --opt gd:lr=0.01 --starts grid:30 --steps 500 -o basins.png

runs one optimizer from many starts and colours each by the point it reaches.
"""
from __future__ import annotations

import csv
import math

import numpy as np

import optimizers
from groundwork import atomic_output, check_output, suggest

from ..figures import max_panels, plot_basins, plot_outcome_curve, plot_phase, plot_sweep
from .common import (Done, UsageError, add_start_options, add_theme_option, figure_target,
                     make_surface, parse_bounds, parse_numbers, parse_spec, real_number,
                     whole_number)
from .runs import make_optimizer, make_starts

MAX_VALUES = 1000


def add_parsers(sub):
    """``sweep`` and ``basins``."""
    p = sub.add_parser(
        "sweep", help="one optimizer, many values of a hyper-parameter: panels, outcome curve, phase map",
        description="e.g. lossviz sweep quadratic:kappa=10 --opt gd --lr 0.01,0.1,0.19,0.21 -o sweep.png",
        epilog="VALUES: a list 0.01,0.1,0.2; a range LO..HI:N (N evenly spaced values); "
               "LO..HI:N:log (N values evenly spaced on a log scale).  Up to 12 values of one "
               "hyper-parameter draw a panel each; more, or --curve, draw the outcome curve; "
               "two hyper-parameters draw the phase map.")
    p.add_argument("surface", help="surface name, with parameters: quadratic:kappa=10,angle=30")
    p.add_argument("--opt", action="append", metavar="SPEC",
                   help="the optimizer and its fixed hyper-parameters, e.g. momentum:momentum=0.9 "
                        "(default gd; one: a sweep compares values, not optimizers)")
    p.add_argument("--lr", metavar="VALUES", help="learning rates to sweep (as --vary lr=VALUES)")
    p.add_argument("--vary", action="append", metavar="KEY=VALUES", default=[],
                   help="another hyper-parameter and its values, e.g. momentum=0,0.5,0.9 "
                        "(at most two varied in all)")
    p.add_argument("--start", help="start point x,y (default the surface's own)")
    p.add_argument("--steps", type=whole_number("--steps"), default=100, help="steps per run (default 100)")
    p.add_argument("--tol", type=real_number("--tol"), default=1e-3,
                   help="converged: gradient norm at most TOL times the start's (default 1e-3)")
    p.add_argument("--curve", action="store_true", help="the outcome curve even for few values")
    p.add_argument("--metric", default="loss", choices=("loss", "steps"),
                   help="what the outcome curve shows: the final loss or the steps to converge")
    p.add_argument("--csv", metavar="FILE", help="also write the outcome table as CSV")
    p.add_argument("-o", "--out", help="output file (.png .svg .pdf); default SURFACE-sweep.png")
    add_theme_option(p)
    p.add_argument("--bounds", help="view window xlo,xhi,ylo,yhi (panels)")

    b = sub.add_parser(
        "basins", help="many starts, each coloured by the point it converges to, with the share of each",
        description="e.g. lossviz basins himmelblau --opt gd:lr=0.01 --starts grid:30 --steps 500 -o basins.png")
    b.add_argument("surface", help="a 2-D surface, with parameters: himmelblau, rastrigin:A=10")
    b.add_argument("--opt", action="append", metavar="SPEC",
                   help="the optimizer with its hyper-parameters (default gd:lr=0.01; one)")
    add_start_options(b)
    b.add_argument("--steps", type=whole_number("--steps"), default=500, help="steps per run (default 500)")
    b.add_argument("--seed", type=whole_number("--seed", low=0), default=0,
                   help="seed of --starts random:N (default 0)")
    b.add_argument("--tol", type=real_number("--tol"), default=1e-3,
                   help="converged: gradient norm at most TOL times the start's (default 1e-3)")
    b.add_argument("-o", "--out", help="output file (.png .svg .pdf); default SURFACE-basins.png")
    add_theme_option(b)
    b.add_argument("--bounds", help="view window xlo,xhi,ylo,yhi (the starts cover it)")


def one_opt(args, command, default) -> str:
    """The one ``--opt`` of a command that runs one optimizer (a second would be dropped)."""
    specs = args.opt or [default]
    if len(specs) > 1:
        raise UsageError(f"{command} runs one optimizer; got --opt {' --opt '.join(specs)}: run one "
                         f"{command} per optimizer")
    return specs[0]


def cmd_sweep(args) -> Done:
    surface = make_surface(args.surface)
    args.opt = one_opt(args, "sweep", "gd")
    name, fixed = parse_spec(args.opt, "--opt", optimizers.hyperparameters)
    known = optimizers.hyperparameters(name)
    for key in fixed:
        if key not in known:     # a panel is named by its value: no label, look or schedule
            raise UsageError(f"--opt {args.opt!r}: {key!r} is not a hyper-parameter of "
                             f"{optimizers.optimizer_class(name).name} ({', '.join(known)}); a sweep "
                             f"takes hyper-parameters only{suggest(key, known)}")
    vary = {}
    # (how the command line named it, the hyper-parameter, its values)
    given = ([("--lr", "lr", args.lr)] if args.lr is not None else []) + \
        [(f"--vary {item.partition('=')[0].strip()}", *_key_values(item)) for item in args.vary]
    if not given:
        raise UsageError("sweep: give the values to sweep, e.g. --lr 0.01,0.1,0.2 or "
                         "--vary momentum=0,0.5,0.9")
    for flag, key, text in given:
        if key in vary:
            raise UsageError(f"sweep: {key} is varied twice; give its values once")
        if key == "batch_size":
            raise UsageError("sweep: batch_size cannot vary within one run (each value draws other "
                             "batches); run one sweep per batch size")
        if key in known and key in fixed:
            raise UsageError(f"sweep: {key} is varied and also fixed in --opt {args.opt!r}; give it once")
        vary[key] = parse_values(text, flag)
        if key in known:       # each value checked now, named by the option that gave it
            try:
                optimizers.get(name, **{key: vary[key]})
            except (ValueError, TypeError) as exc:
                shown = f"--lr {text}" if flag == "--lr" else f"--vary {key}={text}"
                raise UsageError(f"{shown}: {exc}") from None
    if len(vary) > 2:
        raise UsageError(f"sweep: {len(vary)} hyper-parameters varied ({', '.join(vary)}); "
                         "a sweep takes one or two")
    bounds = parse_bounds(args.bounds)
    start = None if args.start is None else parse_numbers(args.start, "--start", surface.dim)
    check_start(surface.start if start is None else start, surface, bounds, given=start is not None)
    target = figure_target(args, f"{surface.name}-sweep.png", "sweep")
    csv_path = None if args.csv is None else check_output(args.csv, (".csv",), "sweep --csv")
    if not 0 < args.tol < 1:
        raise UsageError(f"--tol {args.tol:g} must be between 0 and 1, e.g. 1e-3")
    n = len(next(iter(vary.values())))
    panels = len(vary) == 1 and n <= max_panels(args.theme) and not args.curve and surface.dim == 2
    result = optimizers.sweep(surface, name, vary, start=start, steps=args.steps, tol=args.tol,
                              record="all" if panels else "summary", **fixed)
    rows = table(result)
    if csv_path is not None:      # first: a table that cannot be written leaves the figure alone
        write_csv(csv_path, rows)
    if panels:
        fig = plot_sweep(result, surface, out=target, theme=args.theme, bounds=bounds)
    elif len(vary) == 1:
        fig = plot_outcome_curve(result, surface, metric=args.metric, out=target, theme=args.theme)
    else:
        fig = plot_phase(result, surface, out=target, theme=args.theme)
    why = ""
    if len(vary) == 1 and not panels and not args.curve:
        why = ("  (the outcome curve: panels need a 2-D surface)" if surface.dim != 2 else
               f"  (the outcome curve: {n} values are more panels than fit, {max_panels(args.theme)})")
    lines = ([f"wrote {csv_path}"] if csv_path else []) + [f"wrote {target}"] + ([why] if why else []) \
        + format_table(rows)
    return Done(lines, target, [result.trajectory], figure=fig)


def cmd_basins(args) -> Done:
    surface = make_surface(args.surface)
    if surface.dim != 2:
        raise UsageError(f"basins: {surface.name!r} has {surface.dim} dimensions; basins are drawn "
                         "on a 2-D surface")
    opt = make_optimizer(one_opt(args, "basins", "gd:lr=0.01"))
    bounds = parse_bounds(args.bounds)
    if not (args.start or args.starts):
        args.starts = "grid:20"
    starts = make_starts(args, surface, bounds)
    if starts is None or starts.ndim == 1:
        raise UsageError("basins: give several starts (--starts grid:20, --starts random:100, or "
                         "--start repeated)")
    for point in starts:
        check_start(point, surface, bounds)
    if not 0 < args.tol < 1:
        raise UsageError(f"--tol {args.tol:g} must be between 0 and 1, e.g. 1e-3")
    target = figure_target(args, f"{surface.name}-basins.png", "basins")
    run = optimizers.run(surface, opt, starts, steps=args.steps, tol=args.tol, record="summary")
    (x0, x1), (y0, y1) = surface.bounds if bounds is None else bounds
    # ends closer than 1% of the view's diagonal are one point
    found, labels = result = optimizers.basins(run, 0.01 * math.hypot(x1 - x0, y1 - y0))
    fig = plot_basins(surface, run, result, out=target, theme=args.theme, bounds=bounds)
    lines = [f"wrote {target}", f"  {run.label}: {len(starts):,} starts, up to {args.steps:,} "
                                f"step{'s' if args.steps != 1 else ''}"]
    lines += [f"  ({b.point[0] + 0:8.4f}, {b.point[1] + 0:8.4f})  loss {b.loss:<10.4g} {b.share:6.1%} of the starts"
              for b in found]
    for label, what in ((optimizers.UNCONVERGED, f"not converged in {run.steps} steps"),
                        (optimizers.DIVERGED, "diverged")):
        if (labels == label).any():
            lines.append(f"  {what}: {(labels == label).mean():.1%} of the starts")
    return Done(lines, target, [run], figure=fig)


def _key_values(item: str) -> tuple[str, str]:
    """``"momentum=0,0.9"`` -> ``("momentum", "0,0.9")``, or the one line that says how."""
    key, eq, text = item.partition("=")
    if not eq or not key.strip():
        raise UsageError(f"--vary {item!r} must be KEY=VALUES, e.g. momentum=0,0.5,0.9")
    return key.strip(), text


def parse_values(text: str, flag: str) -> np.ndarray:
    """``"0.01,0.1"``, ``"0..0.9:10"`` or ``"1e-3..1:200:log"`` as an array of values.

    >>> parse_values("1e-3..1:4:log", "--lr").tolist()
    [0.001, 0.01, 0.1, 1.0]
    >>> parse_values("0..1:3", "--vary momentum").tolist()
    [0.0, 0.5, 1.0]
    """
    text = text.strip()
    if ".." not in text:
        if not text:
            raise UsageError(f"{flag} has no values; give a list such as 0.01,0.1,0.2 or a range 1e-3..1:20:log")
        return np.array(parse_numbers(text, flag))
    lo_text, _, rest = text.partition("..")
    hi_text, _, rest = rest.partition(":")
    count, _, scale = rest.partition(":")
    example = "e.g. 1e-3..1:20:log (20 values on a log scale) or 0..0.9:10"
    try:
        lo, hi, n = float(lo_text), float(hi_text), int(count)
    except ValueError:
        raise UsageError(f"{flag} {text!r} must be LO..HI:N or LO..HI:N:log, {example}") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or not lo < hi:
        raise UsageError(f"{flag} {text!r}: the range needs finite LO < HI, {example}")
    if not 2 <= n <= MAX_VALUES:
        raise UsageError(f"{flag} {text!r}: N={n} must be from 2 to {MAX_VALUES}")
    if scale not in ("", "log"):
        raise UsageError(f"{flag} {text!r}: {scale!r} is not a scale; end with :log or nothing, {example}")
    if scale == "log":
        if lo <= 0:
            raise UsageError(f"{flag} {text!r}: a log range needs LO > 0 (got {lo:g})")
        return np.geomspace(lo, hi, n)
    return np.linspace(lo, hi, n)


def check_start(start, surface, bounds, given=True):
    """A start must lie in the view: a run drawn from outside it would silently be missing.
    ``given``: the user gave it (else it is the surface's own)."""
    if start is None or surface.dim != 2:
        return
    (x0, x1), (y0, y1) = surface.bounds if bounds is None else bounds
    if not (x0 <= start[0] <= x1 and y0 <= start[1] <= y1):
        where = (f"--start {','.join(f'{v:g}' for v in start)}" if given else
                 f"the start {','.join(f'{v:g}' for v in start)} (the surface's own; give --start)")
        raise UsageError(f"{where} is outside the view (x in [{x0:g}, {x1:g}], y in [{y0:g}, {y1:g}]); "
                         "give --bounds that contain it")


def table(result) -> list[dict]:
    """One row per value: the values, the outcome's kind, its step, the final loss, its words."""
    rows = []
    for k, outcome in enumerate(result.outcomes):
        rows.append({**result.values(k), "outcome": outcome.kind,
                     "step": "" if outcome.step is None else outcome.step,
                     "final_loss": outcome.loss, "words": outcome.words})
    return rows


def format_table(rows, most=40) -> list[str]:
    """The table as text; a long one shows its first and last rows and says how many it left out."""
    keys = [k for k in rows[0] if k not in ("outcome", "step", "final_loss", "words")]
    head = "  " + "  ".join(f"{k:>10}" for k in keys) + f"  {'final loss':>11}  outcome"
    body = ["  " + "  ".join(f"{r[k]:>10.4g}" for k in keys) + f"  {r['final_loss']:>11.4g}  {r['words']}"
            for r in rows]
    if len(body) > most:
        body = body[:most // 2] + [f"  ... {len(body) - most} more (all of them with --csv) ..."] + body[-most // 2:]
    counts = {}
    for r in rows:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    summary = "  " + ", ".join(f"{v} {k}" for k, v in counts.items())
    return [head] + body + [summary]


def write_csv(path, rows):
    with atomic_output(path) as tmp:
        with open(tmp, "w", newline="") as fh:
            out = csv.DictWriter(fh, fieldnames=list(rows[0]))
            out.writeheader()
            for r in rows:
                out.writerow({k: repr(v) if isinstance(v, float) else v for k, v in r.items()})


COMMANDS = {"sweep": cmd_sweep, "basins": cmd_basins}
