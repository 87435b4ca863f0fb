"""The one progress bar: a line on stderr for jobs longer than a moment.

    lossviz: [##########....................] frame 40/120

It appears only on a terminal, not in CI, not inside ``with quiet():``, and only once
the job has run for ``DELAY`` seconds; ``show=True`` / ``False`` forces it on or off,
and a callable ``show(done, total)`` receives every update instead (a notebook
widget, a log).
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import sys
import time

DELAY = 0.5     # seconds before the bar appears: short jobs stay silent
EVERY = 0.1     # seconds between redraws
_QUIET = contextvars.ContextVar("lossviz_quiet", default=False)


@contextlib.contextmanager
def quiet():
    """No progress bar appears inside this block (unless one is asked for with show=True)."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


class Progress:
    """``update(done)`` as work completes, ``close()`` at the end (or use ``with``).

    >>> seen = []
    >>> with Progress(3, "chunk", show=lambda done, total: seen.append((done, total))) as bar:
    ...     for i in range(1, 4):
    ...         bar.update(i)
    >>> seen
    [(1, 3), (2, 3), (3, 3)]
    """

    def __init__(self, total: int, what: str, show=None):
        if show is None:
            show = sys.stderr.isatty() and not os.environ.get("CI") and not _QUIET.get()
        self.total, self.what, self.show = max(int(total), 1), what, show
        self.start = time.monotonic()
        self.shown, self.drawn = -float("inf"), False

    def update(self, done: int) -> None:
        if callable(self.show):
            self.show(done, self.total)
            return
        now = time.monotonic()
        if not self.show or now - self.start < DELAY or (now - self.shown < EVERY and done < self.total):
            return
        self.shown, self.drawn = now, True
        bar = "#" * int(30 * done / self.total)
        sys.stderr.write(f"\rlossviz: [{bar:.<30}] {self.what} {done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            self.drawn = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
