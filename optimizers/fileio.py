"""Atomic output files: write to a temporary file beside the target, then rename.

A failure at any point leaves an existing file untouched and no partial file behind.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def check_output(path, suffixes, what="output") -> Path:
    """``path`` as a Path, after checking its extension and that its folder is writable."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{what}: path must be a string or Path, got {path!r}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise ValueError(f"{what}: cannot write {str(path)!r}: unknown extension "
                         f"{suffix or '(none)'!r}; use one of {', '.join(suffixes)}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"{what}: cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"{what}: cannot write {str(path)!r}: folder {str(folder)!r} is not writable")
    if path.is_dir():
        raise ValueError(f"{what}: cannot write {str(path)!r}: it is a folder")
    return path


@contextlib.contextmanager
def atomic_output(path):
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_output(target) as tmp:
    ...     _ = tmp.write_text("hello")
    >>> target.read_text()
    'hello'
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent or ".")
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        # mkstemp makes the file private (0600); give it the mode a plain open() would,
        # or the mode of the file it replaces
        if path.exists():
            mode = path.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        if tmp.is_file():
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
