"""Helpers for the command-line tests: run ``lossviz`` in-process, read back what it made.

A command is run through ``animations.cli.execute``, which returns what it made (the
runs, the figure or the animation, the path): the tests read the figure's data
(axis limits, path coordinates, legend texts) and the file's bytes, frames and
durations, so that an option that is parsed but not used, or used wrongly, fails.
"""
from __future__ import annotations

import io
import os
from contextlib import contextmanager

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.text import Text
from PIL import Image

from animations.cli import execute, main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@contextmanager
def cwd(folder):
    old = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def lossviz(folder, *argv):
    """``lossviz ARGV`` run in ``folder``: what it made (:class:`Done`)."""
    with cwd(folder):
        return execute([str(a) for a in argv])


def lossviz_main(folder, capsys, *argv):
    """``lossviz ARGV`` through ``main`` in ``folder``: (exit code, stdout, stderr)."""
    out = io.StringIO()
    capsys.readouterr()
    with cwd(folder):
        code = main([str(a) for a in argv], out=out)
    captured = capsys.readouterr()
    return code, out.getvalue() + captured.out, captured.err


def one_line_error(code, out, err, *words):
    """Exit 2, nothing on stdout, one line on stderr with every one of ``words``."""
    assert code == 2, (code, err)
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    assert lines[0].startswith("lossviz: error: "), err
    for w in words:
        assert w in lines[0], (w, lines[0])


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------- figures
def axes_labelled(fig, label):
    found = [a for a in fig.axes if a.get_label() == label]
    assert len(found) == 1, (label, [a.get_label() for a in fig.axes])
    return found[0]


def legend_texts(fig) -> list[str]:
    legends = list(fig.legends) + [a.get_legend() for a in fig.axes if a.get_legend() is not None]
    return [t.get_text() for lg in legends for t in lg.get_texts()]


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def path_line(ax, label):
    """The line an axes draws for the run labelled ``label`` (its legend entry)."""
    lines = [ln for ln in ax.lines if ln.get_label() == label]
    assert len(lines) == 1, (label, [ln.get_label() for ln in ax.lines])
    return lines[0]


def pixels(path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


# ---------------------------------------------------------------- animations
def gif_frames(path):
    """Every frame of a GIF as ``(rgb array, duration in ms)``."""
    out = []
    with Image.open(path) as im:
        for i in range(im.n_frames):
            im.seek(i)
            out.append((np.asarray(im.convert("RGB")), im.info["duration"]))
    return out


def rgb255(colour):
    return tuple(round(255 * v) for v in to_rgb(colour))


def count_colour(rgb, colour, tol=0) -> int:
    """How many pixels of ``rgb`` are ``colour`` (within ``tol`` in each channel)."""
    return int(np.all(np.abs(rgb.astype(int) - np.array(rgb255(colour))) <= tol, axis=-1).sum())
