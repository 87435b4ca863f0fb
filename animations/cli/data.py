"""The data figures on the command line: ``lossviz batch | fan | scaling | missing | losses | earlystop``.

Each command takes a data surface with its options, as ``plot`` does
(``linreg:n=200,noise=0.5``), the usual run options (``--opt``, ``--epochs`` or
``--steps``, ``--seed``, ``--theme``, ...) and writes one figure:

==========  =================================================================
batch       GD vs mini-batch vs SGD: paths, loss per iteration, per epoch / samples
fan         one optimizer over ``--seeds`` seeds: median and spread (the noise)
scaling     raw features (a narrow valley) beside scaled ones (a round bowl)
missing     complete data beside gaps dropped and gaps filled (the floor rises)
losses      the logistic neuron with cross-entropy beside squared error
earlystop   training and validation loss, and the best (early-stopping) point
==========  =================================================================

Bad input gets one line, exit code 2 and no file, as everywhere in ``lossviz``.
"""
from __future__ import annotations

import argparse
import dataclasses
import math

import landscape
from landscape.datasets import IMPUTATIONS, MAX_SAMPLES

from ..figures import (condition_number, plot_batch, plot_earlystop, plot_fan, plot_missing,
                       plot_scaling, plot_side_by_side)
from .common import (Done, UsageError, add_run_options, add_save_options, figure_target,
                     make_surface, parse_bounds, parse_spec, report, whole_number)
from .runs import make_optimizer, make_runs, run_length

# What each command draws when no --opt is given, and for how long: chosen so that
# the default figure makes its point on the default data.
DEFAULTS = {
    "batch": (["gd:lr=0.1", "minibatch:lr=0.1,batch_size=16", "sgd:lr=0.05"], {"epochs": 10}),
    "fan": (["sgd:lr=0.05"], {"epochs": 5}),
    # each problem with a step size near its best: scaling is what allows the large one
    "scaling": (["gd:lr=0.025", "gd:lr=0.4"], {"steps": 40}),
    "missing": (["gd:lr=0.1"], {"steps": 40}),
    "losses": (["gd:lr=0.5"], {"steps": 100}),
    "earlystop": (["gd:lr=0.1"], {"epochs": 100}),
}
LOSS_PAIR = {"logreg": "cross-entropy", "logreg_mse": "squared error (MSE)"}
HELP = {
    "batch": ("GD vs mini-batch vs SGD on a data surface: paths, loss per iteration and per epoch",
              "lossviz batch linreg:n=200,noise=0.5 --epochs 20 -o batch.png"),
    "fan": ("one optimizer over several seeds: median and spread of its loss (the noise)",
            "lossviz fan linreg --opt sgd:lr=0.05 --seeds 8 --epochs 5 -o fan.png"),
    "scaling": ("feature scaling: the raw landscape (narrow valley) beside the scaled one (bowl)",
                "lossviz scaling linreg:n=200 --opt gd:lr=0.025 --opt gd:lr=0.4 --steps 40 -o scaling.png"),
    "missing": ("missing values: complete data beside incomplete samples dropped and gaps filled",
                "lossviz missing linreg:missing=0.3 --impute mean -o missing.png"),
    "losses": ("the logistic neuron with cross-entropy beside squared error",
               "lossviz losses logreg:n=200,noise=1 --opt gd:lr=0.5 --steps 100 -o losses.png"),
    "earlystop": ("training and validation loss with the early-stopping point",
                  "lossviz earlystop linreg:n=10,noise=1,seed=2 --val-fraction 0.5 "
                  "--patience 10 -o earlystop.png"),
}


def add_parsers(sub):
    """Add ``batch``, ``fan``, ``scaling``, ``losses`` and ``earlystop`` to ``lossviz``.

    >>> top = argparse.ArgumentParser(prog="lossviz")
    >>> add_parsers(top.add_subparsers(dest="command"))
    >>> top.parse_args(["fan", "linreg", "--seeds", "4"]).seeds
    4
    """
    parsers = {}
    for name, (text, example) in HELP.items():
        opts, length = DEFAULTS[name]
        p = sub.add_parser(name, help=text, description=f"{text}.  e.g. {example}")
        add_run_options(p, opts, length)
        add_save_options(p)
        p.add_argument("-o", "--out",
                       help=f"output file (.png .svg .pdf); default SURFACE-{name}.png")
        (key, value), = length.items()
        p.epilog = (f"Without --opt: {' '.join('--opt ' + o for o in opts)}.  "
                    f"Without --steps or --epochs: --{key} {value}.")
        parsers[name] = p
    parsers["fan"].add_argument("--seeds", type=whole_number("--seeds", low=2, high=1000), default=8,
                                help="how many seeds (runs), from --seed on (default 8, at most 1000)")
    parsers["fan"].add_argument("--reference", metavar="SPEC",
                                help="a run drawn for contrast (default gd with the --opt's lr; "
                                     "'none' for none)")
    parsers["scaling"].add_argument("--scale", choices=("standard", "minmax"), default="standard",
                                    help="the scaling drawn beside the raw features "
                                         "(default standard)")
    parsers["missing"].add_argument("--impute", choices=IMPUTATIONS, default="mean",
                                    help="how the third panel fills the gaps (default mean); the "
                                         "second drops the incomplete samples")
    parsers["earlystop"].add_argument("--patience", type=whole_number("--patience", low=0), default=10,
                                      help="stop after this many epochs without a better "
                                           "validation loss (default 10; 0 never stops)")
    parsers["earlystop"].add_argument("--val-fraction", type=_fraction("--val-fraction"),
                                      help="share of all the data held out for validation, "
                                           "e.g. 0.2 (default: the surface's n_val)")


def cmd_batch(args) -> Done:
    surface = _data_surface(args.surface, "batch")
    target, bounds = figure_target(args, f"{surface.name}-batch.png", "batch"), parse_bounds(args.bounds)
    runs = _runs(args, "batch", surface)
    fig = plot_batch(surface, runs, out=target, theme=args.theme, bounds=bounds)
    return Done(report(target, runs), target, runs, figure=fig)


def cmd_fan(args) -> Done:
    surface = _data_surface(args.surface, "fan")
    target, bounds = figure_target(args, f"{surface.name}-fan.png", "fan"), parse_bounds(args.bounds)
    spec = _one_opt(args, "fan")
    batch = make_optimizer(spec, schedule_ok=True).batch_size
    if batch is None or batch >= surface.n_samples:     # every seed would draw the same run
        raise UsageError(f"fan: --opt {spec} uses every sample at every step, so each seed gives "
                         "the same run; a fan shows the noise of sgd or minibatch (batch_size below "
                         f"{surface.n_samples})")
    # full-batch GD at the same learning rate, unless told otherwise
    reference = args.reference or f"gd:lr={make_optimizer(spec, schedule_ok=True).lr!r}"
    if reference.strip().lower() == "none":
        reference = None
    else:
        make_optimizer(reference, "--reference")   # a typo fails before the runs
    length = run_length(args, DEFAULTS["fan"][1])
    # copies: the seeds' records together must fit, checked before the first run
    runs = [make_runs(args, surface, [spec], length, seed=k, copies=args.seeds)[0]
            for k in range(args.seed, args.seed + args.seeds)]
    ref = None if reference is None else make_runs(args, surface, [reference], length)[0]
    fig = plot_fan(surface, runs, ref, out=target, theme=args.theme, bounds=bounds)
    shown = [_relabel(t, f"seed={t.seed}") for t in runs] + ([] if ref is None else [ref])
    return Done(report(target, shown), target, runs + ([] if ref is None else [ref]), figure=fig)


def cmd_scaling(args) -> Done:
    name, params = _data_spec(args.surface, "scale", "scaling", "a scale option")
    if "scale" in params:
        raise UsageError(f"scaling draws scale=none beside --scale {args.scale} itself: "
                         f"remove scale= from {args.surface!r}")
    surfaces = [landscape.get(name, **params, scale=s) for s in ("none", args.scale)]
    target = figure_target(args, f"{surfaces[0].name}-scaling.png", "scaling")
    bounds = parse_bounds(args.bounds)
    specs = args.opt or DEFAULTS["scaling"][0]
    length = run_length(args, DEFAULTS["scaling"][1])
    # every --opt on both panels, however many there are: the rate that walks into the
    # bowl is the one that zigzags (or diverges) in the raw valley
    runs = [make_runs(args, s, specs, length) for s in surfaces]
    fig = plot_scaling(surfaces, runs, out=target, theme=args.theme, bounds=bounds)
    kappas = [condition_number(s) for s in surfaces]
    flat = [t for ts in runs for t in ts]
    lines = report(target, [_relabel(t, f"scale={s.scale}") for s, ts in zip(surfaces, runs) for t in ts])
    lines.append(f"  Hessian condition number: {kappas[0]:.3g} (scale=none), "
                 f"{kappas[1]:.3g} (scale={args.scale})")
    return Done(lines, target, flat, figure=fig)


def cmd_missing(args) -> Done:
    name, params = _data_spec(args.surface, "missing", "missing", "missing values")
    if "impute" in params:
        raise UsageError(f"missing draws impute=drop beside --impute {args.impute} itself: "
                         f"remove impute= from {args.surface!r}")
    share = params.pop("missing", 0.3)
    if not share:
        raise UsageError(f"missing needs gaps to deal with: missing=0 in {args.surface!r} leaves "
                         "none; give a share such as missing=0.3")
    surfaces = [landscape.get(name, **params)] + [
        landscape.get(name, **params, missing=share, impute=how) for how in ("drop", args.impute)]
    target = figure_target(args, f"{surfaces[0].name}-missing.png", "missing")
    bounds = parse_bounds(args.bounds)
    runs = [_runs(args, "missing", s) for s in surfaces]
    fig = plot_missing(surfaces, runs, out=target, theme=args.theme, bounds=bounds)
    notes = ["complete", "dropped", f"{args.impute}-filled"]
    lines = report(target, [_relabel(t, note) for note, ts in zip(notes, runs) for t in ts])
    lines.append("  samples and lowest loss: " + ", ".join(
        f"{s.n_samples} and {s.f_min:.3g} ({note})" for s, note in zip(surfaces, notes)))
    return Done(lines, target, [t for ts in runs for t in ts], figure=fig)


def cmd_losses(args) -> Done:
    name, params = parse_spec(args.surface, "surface", landscape.parameters)
    key = landscape.surface_class(name).name    # unknown names get a did-you-mean here
    if key not in LOSS_PAIR:
        raise UsageError(f"losses compares cross-entropy with squared error on the "
                         f"logistic neuron: give {' or '.join(LOSS_PAIR)} (with data "
                         f"options), not {name!r}")
    surfaces = [landscape.get(n, **params) for n in LOSS_PAIR]
    target = figure_target(args, f"{surfaces[0].name}-losses.png", "losses")
    bounds = parse_bounds(args.bounds)
    runs = [_runs(args, "losses", s) for s in surfaces]
    fig = plot_side_by_side(surfaces, runs, titles=list(LOSS_PAIR.values()), out=target,
                            theme=args.theme, bounds=bounds)
    lines = report(target, [_relabel(t, loss) for loss, ts in zip(LOSS_PAIR.values(), runs) for t in ts])
    return Done(lines, target, [t for ts in runs for t in ts], figure=fig)


def cmd_earlystop(args) -> Done:
    name, params = _data_spec(args.surface, "n_val", "earlystop", "held-out samples")
    if args.val_fraction is not None and "n_val" in params:
        raise UsageError(f"give n_val= or --val-fraction, not both (n_val={params['n_val']}, "
                         f"--val-fraction {args.val_fraction:g})")
    surface = landscape.get(name, **params)           # checks the data options first
    if args.val_fraction is not None:
        # n stays the training samples; the held-out ones are the fraction of all of them
        f, n = args.val_fraction, surface.n
        n_val = max(1, round(n * f / (1 - f)))
        if n + n_val > MAX_SAMPLES:
            raise UsageError(f"--val-fraction {f!r} holds out {n_val:,} samples beside n={n:,}, more "
                             f"than lossviz makes ({MAX_SAMPLES:,} in all); give at most "
                             f"{math.floor((MAX_SAMPLES - n) / MAX_SAMPLES * 1e6) / 1e6:.6f}")
        surface = landscape.get(name, **params, n_val=n_val)
    if surface.n_val == 0:
        raise UsageError(f"earlystop needs held-out samples: give n_val= in {args.surface!r} or "
                         "--val-fraction")
    target = figure_target(args, f"{surface.name}-earlystop.png", "earlystop")
    bounds = parse_bounds(args.bounds)
    _one_opt(args, "earlystop")
    (t,) = _runs(args, "earlystop", surface, validation=surface.validation(),
                 patience=args.patience or None)
    fig = plot_earlystop(surface, t, out=target, theme=args.theme, bounds=bounds)
    lines = report(target, [t])
    lines.append(f"  best: step {t.best} (epoch {t.epoch[t.best]:.3g}), validation loss "
                 f"{t.val_loss[t.best]:.4g}"
                 + (f"; stopped early at epoch {t.epoch[-1]:.3g}" if t.stopped_early else ""))
    return Done(lines, target, [t], figure=fig)


COMMANDS = {"batch": cmd_batch, "fan": cmd_fan, "scaling": cmd_scaling, "missing": cmd_missing,
            "losses": cmd_losses, "earlystop": cmd_earlystop}


# ---------------------------------------------------------------- shared steps
def _runs(args, command, surface, **run_options):
    """The command's runs on ``surface``: its --opt (or defaults) for its length."""
    opts, length = DEFAULTS[command]
    return make_runs(args, surface, args.opt or opts, run_length(args, length), **run_options)


def _data_spec(spec, option, command, what):
    """``(name, params)`` of a surface spec whose surface takes ``option``, else one line."""
    name, params = parse_spec(spec, "surface", landscape.parameters)
    if option not in landscape.parameters(name):
        takes = [n for n in landscape.names() if option in landscape.parameters(n)]
        raise UsageError(f"{command} needs a data surface with {what} "
                         f"({', '.join(takes)}); {name!r} has none")
    return name, params


def _data_names() -> list[str]:
    """The surfaces made of samples: those built from a data set of ``n`` samples."""
    return [n for n in landscape.names() if "n_val" in landscape.parameters(n)]


def _data_surface(spec, command):
    surface = make_surface(spec)
    if surface.n_samples is None:
        raise UsageError(f"{command} needs a data surface ({', '.join(_data_names())}); "
                         f"{surface.name!r} has no samples, so GD, mini-batch and SGD "
                         "are the same there")
    return surface


def _one_opt(args, command):
    specs = args.opt or DEFAULTS[command][0]
    if len(specs) != 1:
        raise UsageError(f"{command} draws one optimizer; give one --opt, got {len(specs)} "
                         f"({', '.join(specs)})")
    return specs[0]


def _relabel(traj, note):
    """The trajectory with ``note`` added to its label, for the report."""
    return dataclasses.replace(traj, label=f"{traj.label}, {note}")


def _fraction(flag):
    def convert(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{flag} {text!r} must be a number in (0, 1)") from None
        if not 0 < value < 1:
            raise argparse.ArgumentTypeError(f"{flag} {value:g} must be in (0, 1): the share of "
                                             "the data held out for validation, e.g. 0.2")
        return value
    return convert
