"""The ``lossviz`` command: wires the public APIs of landscape, optimizers and animations.

The command itself is :mod:`.app`.  This module stays light, so that ``lossviz render
lecture.toml`` with nothing to do answers from the manifest (:mod:`.manifest`) before
numpy and matplotlib are imported: a second render of a lecture pack takes a fraction
of a second, not the 1.2 s those imports cost.
"""
from __future__ import annotations

import sys


def main(argv=None, out=None) -> int:
    """``lossviz``: exit code 0 with the report on ``out`` (stdout), 2 with one line on
    stderr for bad input, 128 + n when signal n stopped it (see :func:`.app.main`)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    from .manifest import nothing_to_render
    lines = nothing_to_render(argv)
    if lines is not None:
        out = out or sys.stdout
        try:
            out.write("".join(line + "\n" for line in lines))
            out.flush()
        except BrokenPipeError:
            pass
        return 0
    from .app import main as run
    return run(argv, out)


def execute(argv, stamped=False):
    """Run the command line ``argv`` (without the program name); return what it made
    (see :func:`.app.execute`).

    >>> execute(["list"]).lines[0]
    'Surfaces (lossviz plot NAME:param=value,...):'
    """
    from .app import execute as run
    return run(argv, stamped)
