"""Recipes: a command line as a TOML entry, and back.

An entry uses the command line's own words, so a lecturer moves a command into a file
and back without learning anything new::

    [valley]                        # the entry's name
    command = "plot"
    surface = "rosenbrock"
    opt = ["adam:lr=0.05", "momentum:lr=1e-3"]
    start = ["-1.5,2"]
    loss-panel = true
    out = "valley.png"

Every key is an option of the command (``--loss-panel`` is ``loss-panel``), a list
repeats it (``--opt`` twice), ``true`` turns a switch on.  ``lossviz plot ...
--print-recipe`` prints the entry of a command line; every output is stamped with its
recipe (without ``out``: the same recipe, the same bytes, wherever it is written).
"""
from __future__ import annotations

import argparse
import re
import tomllib

from groundwork import suggest

from .common import UsageError
from .runs import DRAW_ANY

# dests that are not part of what a figure is: where it goes, how loud the command is
# (--save and --load change where the runs go or come from, not what is drawn)
NOT_RECIPE = {"command", "print_recipe", "quiet", "out", "save", "load", "loaded"}
ABOUT = "about"          # an entry's one-line caption of what it teaches: for the gallery, not an option
POSITIONALS = ("surface", "data")        # the one positional of a command: a surface, or net's data


def entry_of(args, parser) -> dict:
    """The TOML entry of parsed ``args``: the command, its surface, and every option that
    differs from the command's default (``parser``: the command's own sub-parser)."""
    given = vars(args)
    positional = [d for d in POSITIONALS if d in given]
    defaults = vars(parser.parse_args([given[d] for d in positional]))
    entry = {"command": args.command}
    for d in positional:
        entry[d] = given[d]
    for dest, value in given.items():
        if dest in NOT_RECIPE or dest in positional or value == defaults.get(dest):
            continue
        entry[dest.replace("_", "-")] = value
    if given.get("out") is not None:
        entry["out"] = given["out"]
    return entry


# what makes the runs: the run options, those of a command that shape its runs, and the
# network net's runs trained (the file carries it)
RUN_KEYS = ("opt", "start", "starts", "schedule", "steps", "epochs", "seed", "seeds", "reference",
            "patience", "val-fraction", "scale", "impute", "hidden", "activation", "loss", "dropout")


def with_loaded_runs(args, saved) -> argparse.Namespace:
    """``args`` of a ``--load`` command with the run options of the recipe the runs were
    saved with (``saved``: its TOML text): the figure is stamped as the command that ran
    them would have stamped it, so ``--save`` then ``--load`` gives the same bytes."""
    try:
        made = tomllib.loads(saved) if saved else {}
    except tomllib.TOMLDecodeError:
        made = {}
    made_by = made.get("command")
    if made_by and made_by != args.command and args.command not in DRAW_ANY:
        also = "" if made_by in DRAW_ANY else f"{made_by}, or with "
        raise UsageError(f"--load {args.load}: its runs were made by lossviz {made_by}; draw them "
                         f"with {also}plot or animate (every run of the file)")
    merged = argparse.Namespace(**vars(args))
    for key in RUN_KEYS:
        if key in made and hasattr(args, key.replace("-", "_")):     # (this command's options only)
            setattr(merged, key.replace("-", "_"), made[key])
    return merged


def argv_of(entry) -> list[str]:
    """The command line of an entry: the command, its surface, then ``--key=value`` (the
    ``=`` keeps a value that starts with a minus, ``-1.5,2``, from reading as an option).

    >>> argv_of({"command": "plot", "surface": "booth", "opt": ["gd", "adam"], "loss-panel": True})
    ['plot', 'booth', '--opt=gd', '--opt=adam', '--loss-panel']
    """
    argv = [str(entry["command"])] + [str(entry[d]) for d in POSITIONALS if d in entry]
    for key, value in entry.items():
        if key in ("command", ABOUT, *POSITIONALS) or value is False:
            continue
        flag = f"--{key}"
        if value is True:
            argv.append(flag)
        elif isinstance(value, list):
            for item in value:
                argv.append(f"{flag}={item}")
        else:
            argv.append(f"{flag}={value}")
    return argv


def option_names(parser) -> list[str]:
    """The long options of a (sub-)parser, as recipe keys (``loss-panel``)."""
    found = {m[2:] for m in re.findall(r"--[A-Za-z][\w-]*", parser.format_usage())}
    if re.search(r"-o OUT", parser.format_usage()):        # usage shows -o, not --out
        found.add("out")
    return sorted(found - {"help", "print-recipe"})


def check_keys(where, entry, parser):
    """Every key of ``entry`` is an option of its command, else one line naming it."""
    known = option_names(parser)
    for key, value in entry.items():
        if key in ("command", *POSITIONALS):
            continue
        if key == ABOUT:
            if not isinstance(value, str):
                raise UsageError(f"{where}: about = {value!r} must be text: what the figure teaches")
            continue
        if key not in known:
            raise UsageError(f"{where}: {key!r} is not an option of {entry['command']}"
                             f"{suggest(key, known)}")
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(v, (str, int, float, bool)) for v in items):
            raise UsageError(f"{where}: {key} = {value!r} must be text, a number, true/false or a "
                             "list of them")


