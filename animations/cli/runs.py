"""Making the runs of a command: its optimizers (with their looks and schedules), their
starts and length, run after every plan fits in memory, or taken from a ``--load`` file;
and ``--save``.
"""
from __future__ import annotations

import json

import numpy as np
from matplotlib.colors import is_color_like

import landscape
import optimizers
from groundwork import check_fits, provenance, suggest

from .common import UsageError, parse_bounds, parse_numbers, parse_spec


def make_starts(args, surface, bounds=None):
    """The starts of ``--start`` (one or several) or ``--starts``: None (the surface's
    own), ``(dim,)`` or ``(K, dim)``."""
    given = getattr(args, "start", None) or []
    how = getattr(args, "starts", None)
    if given and how:
        raise UsageError(f"give --start or --starts, not both (--starts {how})")
    if how:
        kind, _, count = how.partition(":")
        try:
            n = int(count)
        except ValueError:
            raise UsageError(f"--starts {how!r} must be grid:N or random:N, e.g. grid:20") from None
        try:
            return landscape.starts(surface, kind.strip().lower(), n, seed=args.seed, bounds=bounds)
        except (ValueError, TypeError) as exc:
            raise UsageError(f"--starts {how}: {exc}") from None
    if not given:
        return None
    points = [parse_numbers(text, "--start", surface.dim) for text in given]
    return np.array(points[0] if len(points) == 1 else points)


STYLE_KEYS = {"label": "label", "colour": "colour", "color": "colour", "style": "linestyle"}


def make_optimizer(spec, what="--opt", schedule_ok=False):
    """The optimizer of a spec (its look, ``label=``, ``colour=``, ``style=``, left out).

    A ``schedule=`` is refused where the command would not use it (``schedule_ok``: the
    caller runs the spec through :func:`make_runs`, which does)."""
    opt, look = make_styled(spec, what)
    if "schedule" in look and not schedule_ok:
        raise UsageError(f"{what} {spec!r}: schedule= is not used here; a schedule per run works "
                         "in plot, animate, batch, fan, scaling, losses and earlystop")
    return opt


def make_styled(spec, what="--opt"):
    """``(optimizer, look)`` of ``name:key=value,...``: ``label=``, ``colour=`` (or
    ``color=``) and ``style=`` (``-``, ``--``, ``:``, ``-.``) say how the run is drawn;
    ``schedule=NAME`` (its parameters after a colon, separated by ``;``:
    ``schedule=step:step_size=50;gamma=0.5``) is the run's own learning-rate schedule.

    >>> make_styled("gd:lr=0.01,label=too small,colour=#E69F00")[1]
    {'label': 'too small', 'colour': '#E69F00'}
    >>> make_styled("adam:lr=0.1,schedule=step:step_size=50;gamma=0.5")[1]["schedule"]
    StepDecay(step_size=50, gamma=0.5)
    """
    name, hyper = parse_spec(spec, what, optimizers.hyperparameters)
    look = {STYLE_KEYS[k]: str(hyper.pop(k)) for k in list(hyper) if k in STYLE_KEYS}
    if "schedule" in hyper:
        text = str(hyper.pop("schedule")).replace(";", ",")
        kind, params = parse_spec(text, f"{what} {spec!r}: schedule=", optimizers.SCHEDULES.settings)
        look["schedule"] = make_schedule(kind, params, f"{what} {spec!r}: schedule=")
    known = optimizers.hyperparameters(name)
    for key in hyper:
        if key not in known:
            raise UsageError(f"{what} {spec!r}: {key!r} is neither a hyper-parameter of "
                             f"{optimizers.optimizer_class(name).name} ({', '.join(known)}) nor label, "
                             f"colour, style or schedule{suggest(key, [*known, *STYLE_KEYS, 'schedule'])}")
    colour = look.get("colour")
    if colour is not None and not is_color_like(colour):
        raise UsageError(f"{what} {spec!r}: colour={colour!r} is not a colour; give a name (orange), "
                         "a hex code (#E69F00) or C0..C9")
    if look.get("linestyle") not in (None, *optimizers.Trajectory.LINESTYLES):
        raise UsageError(f"{what} {spec!r}: style={look['linestyle']!r} must be one of "
                         "-, --, :, -. (or solid, dashed, dotted, dashdot)")
    return optimizers.get(name, **hyper), look


def run_length(args, default) -> dict:
    """``{"steps": n}`` or ``{"epochs": n}``: as given on the command line, else ``default``."""
    if args.steps is not None and args.epochs is not None:
        raise UsageError(f"give --steps or --epochs, not both (--steps {args.steps}, "
                         f"--epochs {args.epochs})")
    if args.steps is not None:
        return {"steps": args.steps}
    if args.epochs is not None:
        return {"epochs": args.epochs}
    return dict(default)


# the commands that draw every run of any --save file made on their surface
DRAW_ANY = ("plot", "animate")


def make_runs(args, surface, specs, length, seed=None, copies=1, **run_options):
    """Run each optimizer of ``specs`` on ``surface`` with the command's run options, or,
    with ``--load``, take the file's next runs instead (:func:`loaded_runs`).

    Every run is planned first (``optimizers.check_run``), and their records together
    (``copies`` times, for a command that repeats them) must fit in memory, so that a
    mistake or a size too large fails before any work; ``run_options`` (validation=,
    patience=, ...) go to ``optimizers.run``.
    """
    if getattr(args, "loaded", None) is not None:
        return loaded_runs(args, surface, len(specs))
    opts, looks = zip(*(make_styled(spec) for spec in specs))
    schedule = None
    if args.schedule:
        name, params = parse_spec(args.schedule, "--schedule", optimizers.SCHEDULES.settings)
        schedule = make_schedule(name, params, "--schedule")
    # a run's own schedule= wins over --schedule, which is for the runs without one
    schedules = [look.pop("schedule", schedule) for look in looks]
    start = make_starts(args, surface, parse_bounds(getattr(args, "bounds", None)))
    seed = args.seed if seed is None else seed
    options = dict(seed=seed, **length, **run_options)
    plans = [optimizers.check_run(surface, opt, start, schedule=sch, **options)
             for opt, sch in zip(opts, schedules)]
    total, longest = copies * sum(p.nbytes for p in plans), max(p.total for p in plans)
    check_fits(args.command, f"recording {copies * len(plans):,} runs of up to {longest:,} steps",
               total, lambda budget: f"give at most about {int(longest * budget / total):,} steps "
                                     "a run, or fewer runs")
    runs = [optimizers.run(surface, opt, start, schedule=sch, **options) for opt, sch in zip(opts, schedules)]
    return [t.styled(**look) if look else t for t, look in zip(runs, looks)]


def loaded_runs(args, surface, count):
    """The next ``count`` runs of the ``--load`` file (``args.loaded``, taken in the order
    the command that saved them made them; ``plot`` and ``animate`` take them all), each
    of which must have run on ``surface``."""
    pool = args.loaded
    count = len(pool) if args.command in DRAW_ANY else count
    if len(pool) < count:
        raise UsageError(f"--load {args.load}: the file holds {len(pool)} more run(s) where this "
                         f"{args.command} draws {count}; load it with the command that saved it")
    runs = pool[:count]
    del pool[:count]
    for t in runs:
        ran = dict(t.surface)
        name = ran.pop("name")
        if name != surface.name or _plain(landscape.get(name, **ran).params) != _plain(surface.params):
            raise UsageError(f"--load {args.load}: {t.label} ran on {landscape.get(name, **ran).label}, "
                             f"not on {surface.label}; give that surface")
    return runs


def _plain(settings):
    """Settings as a file keeps them (a tuple is a list): (16, 16) and [16, 16] are one net."""
    return json.loads(json.dumps(settings, sort_keys=True, default=str))


def save_runs(target, done):
    """``--save``: the runs a command made, with the recipe that made them (a ``--load``
    figure is stamped with it); a line for the report."""
    optimizers.Trajectory.save_all(target, done.runs, note=provenance.current() or "")
    done.lines.append(f"saved {len(done.runs)} run{'s' if len(done.runs) != 1 else ''} to {target}")


def make_schedule(name, params, what):
    """A schedule from its name and parameters, a bad one as one line naming ``what``."""
    try:
        return optimizers.get_schedule(name, **params)
    except (TypeError, ValueError) as e:
        raise UsageError(f"{what} {name!r}: {e}") from None
