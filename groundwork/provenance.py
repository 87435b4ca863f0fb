"""Where an output came from: the recipe that made it and the versions that drew it.

The command line sets the recipe for the length of one command (:func:`recording`);
every writer (figures, GIFs) asks :func:`stamp` for the text to embed, so a file on a
slide says, years later, how it was made (``lossviz info FILE``).  Outside a command
(a user's own ``plot(out=...)``) the stamp holds the versions alone.

>>> with recording('command = "plot"\\nsurface = "booth"'):
...     stamp()["lossviz"] == version()
True
>>> stamp()["recipe"] is None
True
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import importlib.metadata
import json

_recipe: contextvars.ContextVar[str | None] = contextvars.ContextVar("lossviz_recipe", default=None)
KEY = "lossviz"           # the name of the stamp in a PNG text chunk, a PDF or SVG, a GIF comment


@functools.lru_cache(maxsize=None)      # (reading package metadata costs milliseconds a call)
def version(package: str = "lossviz") -> str:
    """The installed version of ``package`` ("unknown" when it is not installed)."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@contextlib.contextmanager
def recording(recipe: str):
    """Within this block, every output is stamped with ``recipe`` (TOML text)."""
    token = _recipe.set(recipe)
    try:
        yield
    finally:
        _recipe.reset(token)


def current() -> str | None:
    """The recipe being recorded (None outside a command)."""
    return _recipe.get()


def stamp() -> dict:
    """The recipe (None outside a command) and the versions of lossviz, numpy, matplotlib."""
    return {"recipe": _recipe.get(), "lossviz": version(), "numpy": version("numpy"),
            "matplotlib": version("matplotlib")}


def stamp_text() -> str:
    """:func:`stamp` as one line of JSON, keys sorted: the same inputs, the same bytes."""
    return json.dumps(stamp(), sort_keys=True)      # (ASCII: a PDF string, a PNG chunk)


def read_stamp(text: str) -> dict:
    """The stamp back from its JSON text; ValueError if it is not one."""
    try:
        found = json.loads(text)
    except (TypeError, ValueError):
        raise ValueError("the lossviz stamp is damaged (not JSON)") from None
    if not isinstance(found, dict) or "lossviz" not in found:
        raise ValueError("the lossviz stamp is damaged (no version in it)")
    return found
