"""``lossviz render FILE`` and ``lossviz info FILE``: a lecture's figures from one recipe file,
and where any output came from.

``render lecture.toml`` checks every entry first (nothing is written if one is wrong),
then renders the entries whose recipe, versions or file changed since the last time,
on every core, and writes a manifest beside them.  ``render figure.png`` renders a
figure again from the recipe it is stamped with: the same bytes.
"""
from __future__ import annotations

import concurrent.futures
import json
import os
import re
import tomllib
from pathlib import Path

from groundwork import Progress, atomic_output, provenance, suggest

from ..draw import get_theme
from ..encode import read_stamp
from .common import Done, UsageError, make_surface
from .runs import make_styled
from .manifest import ANIMATION, MANIFEST, file_hash, fingerprint, read_manifest, stamp_recipe
from .recipe import argv_of, check_keys

NOT_RENDERED = ("list", "render", "info")         # commands that make no figure


def add_parsers(sub):
    r = sub.add_parser("render", help="render every figure of a recipe file (or a figure again "
                       "from its stamp), only what changed",
                       description="e.g. lossviz render lecture.toml --out figures/")
    r.add_argument("recipes", metavar="FILE", help="a .toml recipe file, or a .png/.svg/.pdf/.gif/.html lossviz made")
    r.add_argument("-o", "--out", help="output folder (default: beside the recipe file, or the figure itself)")
    r.add_argument("--only", action="append", metavar="NAME", help="render only this entry (repeat)")
    r.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="entries rendered at once "
                   "(default: every core)")
    r.add_argument("--quiet", action="store_true", help="no progress line")
    i = sub.add_parser("info", help="where a figure or animation came from: its recipe and versions")
    i.add_argument("file", metavar="FILE", help="a .png, .svg, .pdf, .gif or .html made by lossviz")


# ---------------------------------------------------------------- info
def cmd_info(args) -> Done:
    found = read_stamp(args.file)
    lines = [f"{args.file}: made by lossviz {found['lossviz']} (numpy {found.get('numpy')}, "
             f"matplotlib {found.get('matplotlib')})"]
    if found.get("recipe"):
        lines += ["recipe (lossviz render " + args.file + " makes it again):", found["recipe"]]
    else:
        lines.append("no recipe: it was made from Python, not by a lossviz command")
    return Done(lines, args.file)


# ---------------------------------------------------------------- render
def load_recipes(path) -> dict:
    """The entries of a recipe file, each a table; one line naming the file for a bad one."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            found = tomllib.load(fh)
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None
    if not found:
        raise UsageError(f"{path}: no entries; write one [name] table per figure")
    for name, entry in found.items():
        if not isinstance(entry, dict):
            raise UsageError(f"{path}: {name!r} must be a [{name}] table of options, not a single value")
    return found


def plan(path, entries, commands, parsers, out_dir) -> list:
    """Every entry checked, before anything is rendered: ``[(name, argv, target, recipe, args)]``."""
    jobs = []
    for name, entry in entries.items():
        where = f"{path} [{name}]"
        command = entry.get("command")
        if command is None:
            raise UsageError(f"{where}: 'command' is missing; e.g. command = \"plot\"")
        if not isinstance(command, str) or command not in commands or command in NOT_RENDERED:
            choices = [c for c in commands if c not in NOT_RENDERED]
            raise UsageError(f"{where}: command = {command!r} is not one of {', '.join(choices)}"
                             f"{suggest(str(command), choices)}")
        check_keys(where, entry, parsers[command])
        out = entry.get("out", f"{name}{ANIMATION.get(command, '.png')}")
        target = Path(out_dir) / out
        entry = {**entry, "out": str(target)}
        try:
            args = parsers[command].parse_args(argv_of(entry)[1:])
        except UsageError as exc:
            message = str(exc).replace(" (see 'lossviz " + command + " --help')", "")
            message = re.sub(r"the following arguments are required: (\w+)",
                             r"'\1' is missing; e.g. \1 = \"rosenbrock\"", message)
            raise UsageError(f"{where}: {message}") from None
        args.command = command
        for key, value in entry.items():         # a list only where the option repeats (--opt)
            if isinstance(value, list) and not isinstance(getattr(args, key.replace("-", "_"), None), list):
                raise UsageError(f"{where}: {key} = {value!r} takes one value, not a list")
        recipe = stamp_recipe(entry)
        jobs.append((name, argv_of(entry), target, recipe, args))
    return jobs


def check(args):
    """What only running would find, found now: the surface, every --opt, the theme."""
    if getattr(args, "surface", None) is not None and args.command != "net":
        make_surface(args.surface)
    for spec in getattr(args, "opt", None) or []:
        make_styled(spec)
    get_theme(args.theme)


def cmd_render(args, execute, parsers) -> Done:
    """``render FILE``: a recipe file's entries (only what changed), or a figure again."""
    source = Path(args.recipes)
    if source.suffix.lower() != ".toml":
        return _again(source, args, execute)
    entries = load_recipes(source)
    if args.only:
        for name in args.only:
            if name not in entries:
                raise UsageError(f"--only {name!r}: {source} has no such entry{suggest(name, entries)}")
        entries = {k: v for k, v in entries.items() if k in args.only}
    if args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs} must be at least 1")
    out_dir = Path(args.out) if args.out else source.resolve().parent
    jobs = plan(source, entries, list(parsers), parsers, out_dir)
    for name, _, _, _, parsed in jobs:             # what needs more than the parser: names, specs
        try:
            check(parsed)
        except (UsageError, ValueError, TypeError) as exc:
            raise UsageError(f"{source} [{name}]: {exc}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    old = read_manifest(manifest_path)
    todo, lines = [], []
    for name, argv, target, recipe, _ in jobs:
        seen = old.get(name, {})
        if seen.get("fingerprint") == fingerprint(recipe, target) and seen.get("sha256") == file_hash(target):
            lines.append(f"  {name}: unchanged ({target.name})")
        else:
            todo.append((name, argv, target, recipe))
    bar = Progress(len(todo), "render", show=False if args.quiet else None)
    done = {}
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(args.jobs, max(1, len(todo)))) as pool:
        futures = {pool.submit(_render_one, execute, argv, recipe): (name, target, recipe)
                   for name, argv, target, recipe in todo}
        for future in concurrent.futures.as_completed(futures):
            name, target, recipe = futures[future]
            error = future.result()
            if error:
                raise UsageError(f"{source} [{name}]: {error}")
            done[name] = (target, recipe)
            bar.update(len(done))
    bar.close()
    manifest = dict(old)
    for name, argv, target, recipe, _ in jobs:
        if name in done or name not in manifest:
            manifest[name] = {"out": str(target.name), "recipe": recipe, "argv": argv,
                              "fingerprint": fingerprint(recipe, target), "sha256": file_hash(target),
                              **{k: v for k, v in provenance.stamp().items() if k != "recipe"}}
    with atomic_output(manifest_path) as tmp:
        Path(tmp).write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    rendered = [f"  {name}: rendered ({done[name][0].name})" for name in entries if name in done]
    head = f"rendered {len(done)} of {len(jobs)} entries into {out_dir}" if done else \
        f"nothing to render: all {len(jobs)} entries are unchanged in {out_dir}"
    return Done([head, *rendered, *lines], str(manifest_path))


def _render_one(execute, argv, recipe):
    """One entry, in a worker process: the error's one line, or None."""
    try:
        with provenance.recording(recipe):
            execute(argv, stamped=True)
    except (UsageError, ValueError, TypeError, OSError) as exc:
        return str(exc).splitlines()[0]
    return None


def _again(path, args, execute) -> Done:
    """A figure rendered again from the recipe it is stamped with."""
    found = read_stamp(path)
    if not found.get("recipe"):
        raise UsageError(f"{path}: its stamp has no recipe (it was made from Python)")
    try:
        entry = tomllib.loads(found["recipe"])
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: its recipe is damaged ({exc})") from None
    target = Path(args.out) / path.name if args.out else path
    target.parent.mkdir(parents=True, exist_ok=True)
    argv = argv_of({**entry, "out": str(target)})
    with provenance.recording(found["recipe"]):
        made = execute(argv, stamped=True)
    return Done([f"rendered {target} again from its recipe ({entry.get('command')})", *made.lines[1:]],
                str(target))


COMMANDS = {"info": cmd_info}        # render is wired in animations.cli (it runs the others)
__all__ = ["add_parsers", "cmd_render", "cmd_info"]
