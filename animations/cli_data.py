"""The data figures on the command line: ``lossviz batch | fan | scaling | losses | earlystop``.

Each command takes a data surface with its options, as ``plot`` does
(``linreg:n=200,noise=0.5``), the usual run options (``--opt``, ``--epochs`` or
``--steps``, ``--seed``, ``--theme``, ...) and writes one figure:

==========  =================================================================
batch       GD vs mini-batch vs SGD: paths, loss per iteration, per epoch / samples
fan         one optimizer over ``--seeds`` seeds: median and spread (the noise)
scaling     raw features (a narrow valley) beside scaled ones (a round bowl)
losses      the logistic neuron with cross-entropy beside squared error
earlystop   training and validation loss, and the best (early-stopping) point
==========  =================================================================

Bad input gets one line, exit code 2 and no file, as everywhere in ``lossviz``.
"""
from __future__ import annotations

import argparse
import dataclasses

import landscape
import optimizers

from . import datafigs
from .specs import parse_spec, whole_number

# What each command draws when no --opt is given, and for how long: chosen so that
# the default figure makes its point on the default data.
DEFAULTS = {
    "batch": (["gd:lr=0.1", "minibatch:lr=0.1,batch_size=16", "sgd:lr=0.05"], {"epochs": 10}),
    "fan": (["sgd:lr=0.05"], {"epochs": 5}),
    # each problem with a step size near its best: scaling is what allows the large one
    "scaling": (["gd:lr=0.025", "gd:lr=0.4"], {"steps": 40}),
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
    "losses": ("the logistic neuron with cross-entropy beside squared error",
               "lossviz losses logreg:n=200,noise=1 --opt gd:lr=0.5 --steps 100 -o losses.png"),
    "earlystop": ("training and validation loss with the early-stopping point",
                  "lossviz earlystop linreg:n=10,noise=1,seed=2 --val-fraction 0.5 "
                  "--patience 10 -o earlystop.png"),
}


def add_parsers(subparsers):
    """Add ``batch``, ``fan``, ``scaling``, ``losses`` and ``earlystop`` to ``lossviz``.

    >>> top = argparse.ArgumentParser(prog="lossviz")
    >>> add_parsers(top.add_subparsers(dest="command"))
    >>> top.parse_args(["fan", "linreg", "--seeds", "4"]).seeds
    4
    """
    from .cli import add_run_options   # cli imports this module: import when called

    parsers = {}
    for name, (text, example) in HELP.items():
        opts, length = DEFAULTS[name]
        p = subparsers.add_parser(name, help=text, description=f"{text}.  e.g. {example}")
        add_run_options(p)
        p.add_argument("-o", "--out",
                       help=f"output file (.png .svg .pdf); default SURFACE-{name}.png")
        p.set_defaults(figure=name)
        (key, value), = length.items()
        p.epilog = f"Without --opt: {' '.join('--opt ' + o for o in opts)} --{key} {value}."
        parsers[name] = p
    parsers["fan"].add_argument("--seeds", type=whole_number("--seeds", low=2), default=8,
                                help="how many seeds (runs), from --seed on (default 8)")
    parsers["fan"].add_argument("--reference", metavar="SPEC",
                                help="a run drawn for contrast (default gd with the --opt's lr; "
                                     "'none' for none)")
    parsers["scaling"].add_argument("--scale", choices=("standard", "minmax"), default="standard",
                                    help="the scaling drawn beside the raw features "
                                         "(default standard)")
    parsers["earlystop"].add_argument("--patience", type=whole_number("--patience", low=0), default=10,
                                      help="stop after this many epochs without a better "
                                           "validation loss (default 10; 0 never stops)")
    parsers["earlystop"].add_argument("--val-fraction", type=_fraction("--val-fraction"),
                                      help="share of all the data held out for validation, "
                                           "e.g. 0.2 (default: the surface's n_val)")


def cmd_batch(args, out):
    cli = _cli()
    surface = _data_surface(args.surface, "batch")
    target, bounds = _target(args, surface), cli.parse_bounds(args.bounds)
    runs = cli.make_runs(_defaults(args), surface)
    datafigs.plot_batch(surface, runs, out=target, theme=args.theme, bounds=bounds)
    cli._report(out, target, runs)


def cmd_fan(args, out):
    cli = _cli()
    surface = _data_surface(args.surface, "fan")
    target, bounds = _target(args, surface), cli.parse_bounds(args.bounds)
    spec = _one_opt(args, "fan")
    # full-batch GD at the same learning rate, unless told otherwise
    reference = args.reference or f"gd:lr={_optimizer(spec).lr!r}"
    if reference.strip().lower() == "none":
        reference = None
    else:
        _optimizer(reference, "--reference")   # a typo fails before the runs
    seeds = range(args.seed, args.seed + args.seeds)
    runs = [cli.make_runs(_defaults(args, seed=k), surface)[0] for k in seeds]
    ref = None if reference is None else cli.make_runs(_defaults(args, opt=[reference]), surface)[0]
    datafigs.plot_fan(surface, runs, ref, out=target, theme=args.theme, bounds=bounds)
    extra = [] if ref is None else [ref]
    cli._report(out, target, [_relabel(t, f"seed={t.seed}") for t in runs] + extra)


def cmd_scaling(args, out):
    cli = _cli()
    name, params = _data_spec(args.surface, "scale", "scaling", "a scale option")
    if "scale" in params:
        raise cli.UsageError(f"scaling draws scale=none beside --scale {args.scale} itself: "
                             f"remove scale= from {args.surface!r}")
    surfaces = [landscape.get(name, **params, scale=s) for s in ("none", args.scale)]
    target, bounds = _target(args, surfaces[0]), cli.parse_bounds(args.bounds)
    specs = _defaults(args).opt
    if len(specs) == 2:  # one optimizer per panel: raw, then scaled
        runs = [cli.make_runs(_defaults(args, opt=[spec]), s) for spec, s in zip(specs, surfaces)]
    else:
        runs = [cli.make_runs(_defaults(args), s) for s in surfaces]
    datafigs.plot_scaling(surfaces, runs, out=target, theme=args.theme, bounds=bounds)
    kappas = [datafigs.condition_number(s) for s in surfaces]
    cli._report(out, target, [_relabel(t, f"scale={s.scale}") for s, ts in zip(surfaces, runs)
                              for t in ts])
    out.write(f"  Hessian condition number: {kappas[0]:.3g} (scale=none), "
              f"{kappas[1]:.3g} (scale={args.scale})\n")


def cmd_losses(args, out):
    cli = _cli()
    name, params = parse_spec(args.surface, "surface")
    key = landscape.surface_class(name).name    # unknown names get a did-you-mean here
    if key not in LOSS_PAIR:
        raise cli.UsageError(f"losses compares cross-entropy with squared error on the "
                             f"logistic neuron: give {' or '.join(LOSS_PAIR)} (with data "
                             f"options), not {name!r}")
    surfaces = [landscape.get(n, **params) for n in LOSS_PAIR]
    target, bounds = _target(args, surfaces[0]), cli.parse_bounds(args.bounds)
    runs = [cli.make_runs(_defaults(args), s) for s in surfaces]
    datafigs.plot_side_by_side(surfaces, runs, titles=list(LOSS_PAIR.values()), out=target,
                               theme=args.theme, bounds=bounds)
    cli._report(out, target, [_relabel(t, loss) for loss, ts in zip(LOSS_PAIR.values(), runs)
                              for t in ts])


def cmd_earlystop(args, out):
    cli = _cli()
    name, params = _data_spec(args.surface, "n_val", "earlystop", "held-out samples")
    if args.val_fraction is not None and "n_val" in params:
        raise cli.UsageError(f"give n_val= or --val-fraction, not both (n_val={params['n_val']}, "
                             f"--val-fraction {args.val_fraction:g})")
    surface = landscape.get(name, **params)           # checks the data options first
    if args.val_fraction is not None:
        # n stays the training samples; the held-out ones are the fraction of all of them
        f = args.val_fraction
        surface = landscape.get(name, **params, n_val=max(1, round(surface.n * f / (1 - f))))
    target, bounds = _target(args, surface), cli.parse_bounds(args.bounds)
    _one_opt(args, "earlystop")
    (t,) = cli.make_runs(_defaults(args), surface, validation=surface.validation(),
                         patience=args.patience or None)
    datafigs.plot_earlystop(surface, t, out=target, theme=args.theme, bounds=bounds)
    cli._report(out, target, [t])
    out.write(f"  best: step {t.best} (epoch {t.epoch[t.best]:.3g}), validation loss "
              f"{t.val_loss[t.best]:.4g}"
              + (f"; stopped early at epoch {t.epoch[-1]:.3g}" if t.stopped_early else "") + "\n")


COMMANDS = {"batch": cmd_batch, "fan": cmd_fan, "scaling": cmd_scaling, "losses": cmd_losses,
            "earlystop": cmd_earlystop}


# ---------------------------------------------------------------- shared steps
def _cli():
    from . import cli   # cli imports this module, so not at the top
    return cli


def _data_spec(spec, option, command, what):
    """``(name, params)`` of a surface spec whose surface takes ``option``, else one line."""
    name, params = parse_spec(spec, "surface")
    if option not in landscape.parameters(name):
        raise _cli().UsageError(f"{command} needs a data surface with {what} "
                                f"({', '.join(_data_names())}); {name!r} has none")
    return name, params


def _data_names() -> list[str]:
    """The surfaces made of samples: those built from a data set of ``n`` samples."""
    return [n for n in landscape.names() if "n_val" in landscape.parameters(n)]


def _data_surface(spec, command):
    surface = _cli().make_surface(spec)
    if surface.n_samples is None:
        raise _cli().UsageError(f"{command} needs a data surface ({', '.join(_data_names())}); "
                                f"{surface.name!r} has no samples, so GD, mini-batch and SGD "
                                "are the same there")
    return surface


def _target(args, surface):
    """The output path, checked before any work: a bad one fails fast and writes nothing."""
    from .output import FIGURE_SUFFIXES
    _cli().get_theme(args.theme)
    target = args.out or f"{surface.name}-{args.figure}.png"
    optimizers.check_output(target, FIGURE_SUFFIXES, args.figure)
    return target


def _defaults(args, **changes):
    """``args`` with the command's default optimizers and length where none were given."""
    opts, length = DEFAULTS[args.figure]
    fields = {**vars(args), "opt": args.opt or opts}
    if args.steps is None and args.epochs is None:
        fields.update(length)
    fields.update(changes)
    return argparse.Namespace(**fields)


def _one_opt(args, command):
    specs = _defaults(args).opt
    if len(specs) != 1:
        raise _cli().UsageError(f"{command} draws one optimizer; give one --opt, got {len(specs)} "
                                f"({', '.join(specs)})")
    return specs[0]


def _relabel(traj, note):
    """The trajectory with ``note`` added to its label, for the report."""
    return dataclasses.replace(traj, label=f"{traj.label}, {note}")


def _optimizer(spec, what="--opt"):
    name, hyper = parse_spec(spec, what)
    return optimizers.get(name, **hyper)


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
