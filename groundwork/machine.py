"""What the machine can do: memory that is free now, and sizes written for people."""
from __future__ import annotations

import os


def free_memory() -> int:
    """Bytes of memory free for a new job (Linux's MemAvailable; elsewhere the free pages).

    >>> free_memory() > 0
    True
    """
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 4 << 30      # a guess that keeps the checks on a machine that does not tell


def size_text(nbytes) -> str:
    """``1.2 GB``, ``340 MB``, ``12 kB``.

    >>> size_text(1.23e9), size_text(3.4e8), size_text(1.2e4)
    ('1.2 GB', '340 MB', '12 kB')
    """
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if nbytes >= scale:
            value = nbytes / scale
            return f"{value:.2g} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{int(nbytes)} bytes"


def check_fits(owner, what, nbytes, largest) -> None:
    """A ValueError when ``nbytes`` is more than half the free memory: ``what`` would cost
    that much, and ``largest(budget)`` says the largest value that fits."""
    budget = free_memory() // 2
    if nbytes > budget:
        raise ValueError(f"{owner}: {what} takes about {size_text(nbytes)} of memory, more than "
                         f"this machine can spare ({size_text(budget)}); {largest(budget)}")
