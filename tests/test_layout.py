"""The map of the code holds: one-way arrows between the packages and between the rooms
of ``animations``, no import cycle, no ``_private`` name used outside its module.

(The README's "How the code is laid out" is the same map in words.)
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("groundwork", "landscape", "optimizers", "animations")
# what each package, or each room of animations, may import from the project
ALLOWED = {
    "groundwork": set(),
    "landscape": {"groundwork"},
    "optimizers": {"groundwork"},
    "animations.draw": {"groundwork", "landscape", "optimizers"},   # a caption: a run's fate in words
    "animations.encode": {"groundwork"},
    "animations.figures": {"groundwork", "landscape", "animations.draw", "animations.encode"},
    "animations.frames": {"groundwork", "animations.draw", "animations.encode"},
    "animations.cli": {"groundwork", "landscape", "optimizers", "animations.draw",
                       "animations.encode", "animations.figures", "animations.frames"},
    "animations": {"animations.draw", "animations.encode", "animations.figures",
                   "animations.frames"},
}


def _modules():
    """``{dotted name: (path, is package)}`` of every module of the four packages."""
    out = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            init = parts[-1] == "__init__"
            out[".".join(parts[:-1] if init else parts)] = (path, init)
    return out


MODULES = _modules()


def _imports(name):
    """The project modules ``name`` imports, and the names it takes from each."""
    path, init = MODULES[name]
    here = name.split(".") if init else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(here[:len(here) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module
            for a in node.names:
                target = f"{base}.{a.name}"
                found.append((target, None) if target in MODULES else (base, a.name))
    return [(m, n) for m, n in found if m.split(".")[0] in PACKAGES]


def _room(module):
    """The package, or the room of animations, a module belongs to."""
    parts = module.split(".")
    if parts[0] == "animations" and len(parts) > 1 and parts[1] in ("draw", "encode", "figures",
                                                                      "frames", "cli"):
        return ".".join(parts[:2])
    return parts[0]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_arrows_point_only_downwards(name):
    own = _room(name)
    for target, _ in _imports(name):
        other = _room(target)
        assert other == own or other in ALLOWED[own], f"{name} imports {target}"


def test_no_import_cycle():
    graph = {name: {m for m, _ in _imports(name) if m in MODULES and m != name} for name in MODULES}
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in graph[node]:
            assert state.get(nxt) != "open", " -> ".join(trail + [nxt])
            if nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_is_used_outside_its_module(name):
    path, _ = MODULES[name]
    tree = ast.parse(path.read_text())
    modules = {}                                   # local name -> project module it refers to
    for target, taken in _imports(name):
        assert taken is None or not taken.startswith("_") or taken.startswith("__"), \
            f"{name} imports {taken} from {target}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] in PACKAGES:
                    modules[a.asname or a.name.split(".")[0]] = a.name
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                modules[a.asname or a.name] = a.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in modules and node.attr.startswith("_") \
                and not node.attr.startswith("__"):
            raise AssertionError(f"{name} uses {node.value.id}.{node.attr}")
