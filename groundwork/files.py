"""Output written atomically: a temporary file (or folder) beside the target, renamed
over it only when complete.

A failure at any point (an error, a full disk, a file-size limit, an interrupt)
leaves an existing file untouched and nothing half-written behind, and an I/O error
becomes an :class:`OutputError` whose message names the path.  The temporary file is
created the way a plain ``open()`` creates a file, so the result has the mode a plain
write would give it (the process's umask is applied by the system; it is never read
or changed), or the mode of the file it replaces.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path


class OutputError(OSError):
    """Writing an output failed; the message names the path.  Nothing was left behind."""


def _failed(path, exc) -> OutputError:
    if isinstance(exc, OutputError):
        return exc
    reason = exc.strerror or (str(exc).splitlines() or [type(exc).__name__])[0]
    err = OutputError(f"cannot write {_name(path)}: {reason.removeprefix(f'[Errno {exc.errno}] ')}")
    err.errno = exc.errno
    return err


def check_output(path, suffixes, owner="output") -> Path:
    """``path`` as a Path, after checking its extension and that its folder is writable.

    >>> check_output("fig.jpg", (".png", ".svg"), "plot")
    Traceback (most recent call last):
    ValueError: plot: cannot write 'fig.jpg': unknown extension '.jpg'; use one of .png, .svg
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{owner}: path must be a string or Path, got {path!r}")
    if not str(path).strip():
        raise ValueError(f"{owner}: the output path is empty; give a file name such as "
                         f"fig{suffixes[0]}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise ValueError(f"{owner}: cannot write {_name(path)}: unknown extension "
                         f"{suffix or '(none)'!r}; use one of {', '.join(suffixes)}")
    try:
        _check_folder_of(path, owner)
        if path.is_dir():
            raise ValueError(f"{owner}: cannot write {_name(path)}: it is a folder")
    except OSError as exc:      # a name too long, a path through a file, ...
        raise ValueError(f"{owner}: cannot write {_name(path)}: {exc.strerror or exc}") from None
    return path


def _name(path) -> str:
    """A path for a message: whole, or its start and its end when very long."""
    text = str(path)
    return repr(text) if len(text) <= 80 else repr(f"{text[:36]}...{text[-36:]}") + f" ({len(text)} characters)"


def check_folder(path, owner="output") -> Path:
    """A new (or empty) folder to fill, whose parent exists and is writable."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{owner}: the folder must be a string or Path, got {path!r}")
    folder = Path(str(path).rstrip("/" + os.sep) or ".")
    try:
        folder.exists()
    except OSError as exc:
        raise ValueError(f"{owner}: cannot write {_name(folder)}: {exc.strerror or exc}") from None
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{owner}: {str(folder)!r} is a file, not a folder; name a new folder "
                         "(ending in /) for the frames")
    if folder.exists() and any(folder.iterdir()):
        raise ValueError(f"{owner}: folder {str(folder)!r} exists and is not empty; "
                         "name a new folder so no files are mixed or overwritten")
    _check_folder_of(folder, owner)
    return folder


def _check_folder_of(path: Path, owner):
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"{owner}: cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"{owner}: cannot write {str(path)!r}: folder {str(folder)!r} is not writable")


def _beside(path: Path, make, made: list):
    """A new name ``.stem-xxxxxxxx.suffix`` next to ``path``, made by ``make(name)``.

    The name goes into ``made`` before it is made: a signal that stops the process just
    after ``make`` (before this returns) still leaves the caller a name to clean up."""
    while True:
        tmp = path.with_name(f".{path.stem}-{secrets.token_hex(4)}{path.suffix}")
        made.append(tmp)
        try:
            make(tmp)
            return tmp
        except FileExistsError:
            made.pop()       # someone else's: not ours to remove
            continue


def _new_file(tmp: Path):
    # the mode a plain open() gives: 0o666 less the umask, applied by the system
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))


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
    path, made = Path(path), []
    try:
        tmp = _beside(path, _new_file, made)
        yield tmp
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except OSError as exc:
        raise _failed(path, exc) from exc
    finally:
        for tmp in made:
            if tmp.exists():
                tmp.unlink()


@contextlib.contextmanager
def atomic_folder(path):
    """Yield a temporary folder beside ``path`` (checked by :func:`check_folder`); when the
    block succeeds it takes the name ``path``, else it is removed with what it holds."""
    folder, made = Path(str(path).rstrip("/" + os.sep) or "."), []
    try:
        tmp = _beside(folder, lambda p: os.mkdir(p, 0o777), made)
        yield tmp
        if folder.exists():
            folder.rmdir()  # checked empty before the work began
        os.replace(tmp, folder)
    except OSError as exc:
        raise _failed(folder, exc) from exc
    finally:
        for tmp in made:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
