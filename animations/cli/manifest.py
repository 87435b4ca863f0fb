"""What ``render`` writes down of each output, and reads back to skip what has not changed:
the recipe as TOML (an output's stamp), its fingerprint (recipe, file name, versions), the
file's hash and the manifest that holds them.

This module imports neither numpy nor matplotlib, so that :func:`nothing_to_render` can
answer a second ``lossviz render`` of an unchanged lecture pack at once.
"""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path

from groundwork import provenance

MANIFEST = "lossviz-manifest.json"
ANIMATION = {"animate": ".gif"}      # the default output of a command that is not a figure


def stamp_recipe(entry) -> str:
    """The recipe an output is stamped with: the entry without ``out``."""
    return to_toml({k: v for k, v in entry.items() if k != "out"})


def to_toml(entry, name=None) -> str:
    """``entry`` as TOML text (under ``[name]`` when given).

    >>> print(to_toml({"command": "plot", "opt": ["gd:lr=0.1"], "loss-panel": True, "steps": 50}))
    command = "plot"
    opt = ["gd:lr=0.1"]
    loss-panel = true
    steps = 50
    """
    lines = [f"[{_key(name)}]"] if name else []
    for key, value in entry.items():
        lines.append(f"{_key(key)} = {_value(value)}")
    return "\n".join(lines)


def _key(key) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", str(key)) else json.dumps(str(key))


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def fingerprint(recipe, target) -> str:
    """What decides an output's bytes: its recipe, its file name and the versions."""
    made = {**provenance.stamp(), "recipe": recipe, "file": Path(target).name}
    return hashlib.sha256(json.dumps(made, sort_keys=True).encode()).hexdigest()


def file_hash(path) -> str | None:
    path = Path(path)
    if not path.exists():
        return None
    if path.is_dir():
        digest = hashlib.sha256()
        for p in sorted(path.iterdir()):
            digest.update(p.name.encode() + p.read_bytes())
        return digest.hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(path) -> dict:
    """The manifest of an output folder: ``{entry: what was rendered}``, or ``{}``."""
    try:
        found = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def nothing_to_render(argv) -> list[str] | None:
    """The report of ``render FILE.toml [--out DIR] [--only NAME] [--jobs N] [--quiet]``
    when every entry is unchanged (its fingerprint and file as the manifest has them),
    else None: then the command runs in full, checking every entry.  An entry that was
    rendered was checked then, and its recipe has not changed since.
    """
    if len(argv) < 2 or argv[0] != "render" or not str(argv[1]).lower().endswith(".toml"):
        return None
    source, out, only, rest = Path(argv[1]), None, [], list(argv[2:])
    while rest:
        flag = rest.pop(0)
        key, _, value = flag.partition("=")
        if key in ("-o", "--out", "--only", "--jobs") and not value:
            if not rest:
                return None
            value = rest.pop(0)
        if key in ("-o", "--out"):
            out = value
        elif key == "--only":
            only.append(value)
        elif key == "--jobs":
            if not value.isdigit() or int(value) < 1:
                return None
        elif flag != "--quiet":
            return None
    try:
        entries = tomllib.loads(source.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    if not entries or any(name not in entries for name in only):
        return None
    out_dir = Path(out) if out else source.resolve().parent
    seen, lines = read_manifest(out_dir / MANIFEST), []
    for name, entry in entries.items():
        if only and name not in only:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("command"), str):
            return None
        target = out_dir / entry.get("out", f"{name}{ANIMATION.get(entry['command'], '.png')}")
        recipe = stamp_recipe({**entry, "out": str(target)})
        was = seen.get(name, {})
        if was.get("fingerprint") != fingerprint(recipe, target) or was.get("sha256") != file_hash(target):
            return None
        lines.append(f"  {name}: unchanged ({target.name})")
    return [f"nothing to render: all {len(lines)} entries are unchanged in {out_dir}", *lines]
