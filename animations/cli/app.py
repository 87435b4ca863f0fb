"""The ``lossviz`` command, whole: the parser of every command group (:mod:`.surface`:
list, demo, plot, animate; :mod:`.data`: batch, fan, scaling, missing, losses, earlystop;
:mod:`.net`: net; :mod:`.compare`: sweep, basins; :mod:`.render`: render, info), all
built on :mod:`.common` and :mod:`.runs`.  :func:`execute` runs a command line and
returns what it made (:class:`~animations.cli.common.Done`); :func:`main` prints the report.

Bad input gets one line on stderr naming the parameter and the value, exit code 2,
no traceback, and nothing written.  ``LOSSVIZ_DEBUG=1`` shows the traceback.  An
interrupt (Ctrl-C, SIGTERM, SIGHUP) stops the work, removes what was half written, and
exits with one line and 128 + the signal's number.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import warnings

from groundwork import check_output, quiet, suggest

from pathlib import Path

import optimizers
from groundwork import provenance

from . import compare, data, net, render, surface
from .common import Done, Parser, UsageError, fix_negative_numbers
from .runs import save_runs
from .manifest import stamp_recipe, to_toml
from .recipe import entry_of, with_loaded_runs

GROUPS = (surface, data, net, compare, render)
COMMANDS = {name: cmd for group in GROUPS for name, cmd in group.COMMANDS.items()}
COMMANDS["render"] = lambda args: render.cmd_render(args, execute, build_parser().commands)


def build_parser() -> Parser:
    top = Parser(prog="lossviz", description="See how optimizers move over loss surfaces.")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for group in GROUPS:
        group.add_parsers(sub)
    top.commands = sub.choices          # each command's own parser, for its recipes
    return top


def execute(argv, stamped=False) -> Done:
    """Run the command line ``argv`` (without the program name); return what it made.

    Every output is stamped with the command's recipe (``stamped``: the caller has set
    one already, e.g. ``render``); ``--print-recipe`` prints it instead of running.
    Raises the one-line error (``UsageError``, ``ValueError``, ``TypeError``,
    ``OSError``) that :func:`main` reports.

    >>> done = execute(["list"])
    >>> done.lines[0]
    'Surfaces (lossviz plot NAME:param=value,...):'
    """
    argv = fix_negative_numbers([str(a) for a in argv])
    parser = build_parser()
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        raise UsageError(f"unknown command {argv[0]!r}{suggest(argv[0], COMMANDS)} "
                         f"(commands: {', '.join(COMMANDS)})")
    args = parser.parse_args(argv)
    if args.command is None:
        return Done([parser.format_help().rstrip("\n")])
    recipe = contextlib.nullcontext()
    if getattr(args, "load", None):
        # the runs are in the file: drawn as the command that made them would draw them,
        # and stamped as it was, so --save then --load gives the same bytes
        if any(getattr(args, key, None) for key in ("opt", "schedule", "start", "starts")):
            raise UsageError(f"--load {args.load}: the runs are in the file; drop --opt, --schedule "
                             "and --start")
        args = with_loaded_runs(args, optimizers.Trajectory.note_of(args.load))
    if "print_recipe" in vars(args):
        entry = entry_of(args, parser.commands[args.command])
        if args.print_recipe:
            name = Path(args.out).stem if getattr(args, "out", None) else \
                f"{args.command}-{getattr(args, 'surface', '') or ''}".strip("-").split(":")[0]
            return Done([to_toml(entry, name)])
        if not stamped:
            recipe = provenance.recording(stamp_recipe(entry))
    # --save is checked before the work, and written with the recipe that made the runs
    saving = check_output(args.save, (".npz",), "--save") if getattr(args, "save", None) else None
    if getattr(args, "load", None):
        try:
            args.loaded = optimizers.Trajectory.load_all(args.load)     # taken by make_runs, in order
        except ValueError as exc:
            raise UsageError(f"--load {args.load}: {str(exc).partition(': ')[2] or exc}") from None
    with recipe, quiet() if getattr(args, "quiet", False) else contextlib.nullcontext():
        done = COMMANDS[args.command](args)
        if saving is not None:
            save_runs(saving, done)
    return done


class Stopped(BaseException):
    """A signal asked the process to stop (raised where the work was, so that every
    ``finally`` removes what it had half written)."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stoppable():
    """SIGTERM and SIGHUP raise :class:`Stopped` in this block (in the main thread)."""
    def stop(signum, frame):
        raise Stopped(signum)

    old = {}
    if threading.current_thread() is threading.main_thread():   # (only it may take signals)
        old = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def main(argv=None, out=None) -> int:
    """``lossviz``: exit code 0 with the report on ``out`` (stdout), 2 with one line on
    stderr for bad input, 128 + n when signal n stopped it."""
    out = out or sys.stdout
    try:
        with _stoppable(), warnings.catch_warnings():
            warnings.simplefilter("ignore")    # a warning is noise to a lecturer: errors say it all
            done = execute(sys.argv[1:] if argv is None else argv)
    except BaseException as exc:
        return _failed(exc)
    if out is None:                            # (no stdout at all: `lossviz ... >&-`)
        return 0
    try:
        for line in done.lines:
            out.write(line + "\n")
        out.flush()
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            return 0
        wrote = f" (it wrote {done.path})" if done.path else ""
        return _failed(OSError(f"cannot write the report to standard output: "
                               f"{exc.strerror or exc}{wrote}"))
    except BaseException as exc:
        return _failed(exc)
    return 0


def _failed(exc) -> int:
    """One line on stderr for ``exc`` and the exit code; an error that is not the user's
    (a bug) is raised again, with its traceback."""
    if isinstance(exc, BrokenPipeError):      # e.g. `lossviz list | head`
        return 0
    signum = _signal_of(exc)
    if signum is not None:
        print(f"lossviz: stopped by {signal.Signals(signum).name}; nothing was written",
              file=sys.stderr)
        return 128 + signum
    debug = os.environ.get("LOSSVIZ_DEBUG", "").strip().lower() not in ("", "0", "false", "no")
    if not isinstance(exc, (ValueError, TypeError, OSError)) or debug:
        raise exc
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    print(f"lossviz: error: {message}", file=sys.stderr)
    return 2


def _signal_of(exc):
    """The signal behind ``exc``, if an interrupt caused it: a signal may land inside a
    library (an import, a C extension) that turns it into an error of its own."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, KeyboardInterrupt):
            return signal.SIGINT
        if isinstance(exc, Stopped):
            return exc.signum
        exc = exc.__cause__ or exc.__context__
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
