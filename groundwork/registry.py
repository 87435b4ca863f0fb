"""One registry class for every kind of name in lossviz.

Surfaces, optimizers, schedules, themes and data sets are each a :class:`Registry`.
Names are looked up forgivingly: case, spaces, ``-`` and ``_`` do not matter
(``"Adam"``, ``"logreg-MSE"``, ``"Cosine"``), and a near miss gets a suggestion.

>>> shapes = Registry("shape")
>>> @shapes.register
... class Circle:
...     name = "circle"
...     def __init__(self, radius=1.0):
...         self.radius = radius
>>> shapes.create("Circle", radius=2.0).radius
2.0
>>> shapes.lookup("circel")
Traceback (most recent call last):
ValueError: unknown shape 'circel'; did you mean 'circle'? (known: circle)
"""
from __future__ import annotations

import dataclasses
import difflib
import inspect


def key(name: str) -> str:
    """The form names are compared in: lower case, without spaces, ``-`` or ``_``.

    >>> key("Logreg-MSE"), key("six hump camel")
    ('logregmse', 'sixhumpcamel')
    """
    return "".join(c for c in name.strip().lower() if c not in " -_")


def suggest(name, choices) -> str:
    """``"; did you mean 'x'?"`` for the choice closest to ``name``, or ``""``.

    The choices difflib finds close; of those, the one fewest typing slips away
    (:func:`edits`), so two swapped letters point at ``adam``, not ``adamax``.

    >>> suggest("betta1", ["beta1", "beta2", "eps"])
    "; did you mean 'beta1'?"
    >>> suggest("adma", ["adam", "adamax"])
    "; did you mean 'adam'?"
    """
    choices = list(choices)
    keys = {key(str(c)): c for c in choices}
    typed = key(str(name))
    close = difflib.get_close_matches(typed, list(keys), n=max(len(keys), 1), cutoff=0.5)
    if not close:
        return ""
    return f"; did you mean {keys[min(close, key=lambda c: edits(typed, c))]!r}?"  # ties: difflib's order


def edits(a: str, b: str) -> int:
    """Letters to insert, delete, change or swap with a neighbour to turn ``a`` into ``b``.

    >>> edits("adma", "adam"), edits("adma", "adamax"), edits("rosenbrok", "rosenbrock")
    (1, 2, 1)
    """
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


class Registry:
    """Named entries of one ``kind`` (``"surface"``, ``"optimizer"``, ...).

    ``setting`` is what the keyword arguments of :meth:`create` are called in
    messages (``"parameter"``; ``"hyper-parameter"`` for optimizers).
    """

    def __init__(self, kind: str, setting: str = "parameter"):
        self.kind, self.setting = kind, setting
        self._entries: dict[str, object] = {}   # canonical name -> entry, in order
        self._keys: dict[str, str] = {}         # key(name) -> canonical name

    def register(self, entry=None, *, name: str | None = None):
        """Add ``entry`` under ``name`` (default ``entry.name``); usable as a decorator."""
        if entry is None:
            return lambda e: self.register(e, name=name)
        name = name or getattr(entry, "name", None) or getattr(entry, "__name__", None)
        if not isinstance(name, str) or not name:
            raise TypeError(f"{self.kind} registry: {entry!r} needs a name")
        other = self._keys.get(key(name))
        if other is not None and other != name:
            raise ValueError(f"{self.kind} registry: {name!r} would shadow {other!r}")
        self._keys[key(name)] = name
        self._entries[name] = entry
        return entry

    def names(self) -> list[str]:
        """The canonical names, in the order they were registered."""
        return list(self._entries)

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and key(name) in self._keys

    def canonical(self, name) -> str:
        """The registered spelling of ``name``, or an error that suggests the closest."""
        if not isinstance(name, str):
            raise TypeError(f"{self.kind} name must be a string, got {name!r}")
        found = self._keys.get(key(name))
        if found is None:
            raise ValueError(f"unknown {self.kind} {name!r}{suggest(name, self._entries)} "
                             f"(known: {', '.join(self._entries)})")
        return found

    def lookup(self, name):
        """The entry registered as ``name`` (forgiving of case and separators)."""
        return self._entries[self.canonical(name)]

    __getitem__ = lookup

    def settings(self, name) -> dict:
        """The keyword settings an entry takes, with their defaults."""
        entry = self.lookup(name)
        if dataclasses.is_dataclass(entry):
            return {f.name: f.default for f in dataclasses.fields(entry) if f.init}
        return {k: p.default for k, p in inspect.signature(entry).parameters.items()
                if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}

    def check_settings(self, name, given, allowed=None) -> None:
        """Every key of ``given`` must be a setting of ``name`` (or in ``allowed``).

        The values are the entry's to check (with :mod:`groundwork.checks`), when it is made.
        """
        allowed = list(self.settings(name)) if allowed is None else list(allowed)
        name = self.canonical(name)
        for k in given:
            if k not in allowed:
                takes = f"its {self.setting}s: {', '.join(allowed)}" if allowed else "it takes none"
                raise ValueError(f"{self.kind} {name!r} has no {self.setting} {k!r}"
                                 f"{suggest(k, allowed)} ({takes})")

    def create(self, name, **settings):
        """The entry ``name`` called with ``settings``, after checking their names."""
        self.check_settings(name, settings)
        return self.lookup(name)(**settings)
