"""An animation's settings, checked before any work: the output and its kind, the rate and
length, the pauses, the size in pixels, a size budget, build stills and the frames' format.
The command line calls :func:`check_animation` before it runs the optimizers."""
from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

from groundwork import check_folder, check_output, checks

from .. import encode
from ..draw import check_bounds, get_theme

DEFAULT_SIZE = {"paper": (800, 600), "slides": (1280, 720), "dark": (1280, 720)}
WIDE_SIZE = {"paper": (1200, 560), "slides": (1280, 720), "dark": (1280, 720)}
MAX_FRAMES = 20_000     # at 20 fps, 17 minutes: far more than a slide shows
MAX_PAUSE = 600.0       # seconds: a GIF frame lasts at most 655.35 s
MAX_FPS = 120.0         # a video faster than this shows no more to the eye
MIN_FPS = 0.1           # a frame every 10 s: slower is a slide show, not an animation
FRAME_FORMATS = ("png", "pdf")
MIN_DPI = 40            # pixels per inch of the figure: below it, its type is not drawn legibly


class Settings(NamedTuple):
    """An animation's settings, checked (see :func:`check_animation`)."""

    kind: str              # "gif", "mp4" or "frames"
    path: Path | None      # the checked output (None: a GIF in memory)
    fps: float
    frames: int | None     # None: one a step, up to 8 seconds (known once the runs are)
    tail: int | None
    still: float
    hold: float
    size: tuple
    smallest: tuple        # the smallest size the figure's type can be drawn at
    max_bytes: int | None
    theme: object
    bounds: tuple | None
    at: tuple | None = None        # build stills: the steps to show
    frame_format: str = "png"      # frames in a folder: "png" or "pdf"


def check_animation(out=None, *, fps=20, seconds=None, frames=None, tail=None, still=0.5,
                    hold=1.5, size=None, max_bytes=None, theme="paper", bounds=None,
                    wide=False, at=None, frame_format="png") -> Settings:
    """Every setting of :func:`animate` that does not need the runs, checked before any
    work; ``wide``: with a second panel.  The command line calls it before it runs.

    >>> check_animation("race.gif", seconds=2, fps=10).frames
    20
    """
    theme = get_theme(theme)
    bounds = check_bounds("animate", bounds)
    fps = checks.number("animate", "fps", fps, low=MIN_FPS, high=MAX_FPS,
                        rule=f"from {MIN_FPS:g} to {MAX_FPS:g} frames a second")
    kind = "gif" if out is None else encode.kind_of(out)
    if kind == "gif":
        encode.min_frame_check(fps)
    n_frames = _frame_count(fps, seconds, frames)
    tail = None if tail is None else checks.whole("animate", "tail", tail, 1, high=10_000_000,
                                                  why="the longest run lossviz records")
    still = checks.number("animate", "still", still, low=0, high=MAX_PAUSE)
    hold = checks.number("animate", "hold", hold, low=0, high=MAX_PAUSE)
    size, smallest = _size(size, theme, wide)
    if max_bytes is not None:
        max_bytes = checks.whole("animate", "max_bytes", max_bytes, 1)
        if kind != "gif":
            raise ValueError(f"animate: max_bytes works for GIF output, not {kind}")
        if max_bytes < 20_000:
            raise ValueError(f"animate: max_bytes={max_bytes} is too small for any animation "
                             "(allow at least 20 kB)")
    if kind == "mp4":
        encode.check_video_support()
    path = None
    if kind in ("gif", "mp4") and out is not None:
        path = check_output(out, (".gif", ".mp4"), "animate")
    elif kind == "frames":
        path = check_folder(out, "animate")
    frame_format = checks.choice("animate", "frame_format", frame_format, FRAME_FORMATS)
    if frame_format != "png" and kind != "frames":
        raise ValueError(f"animate: frame_format={frame_format!r} is for frames in a folder; "
                         f"name a folder ending in / (out={str(out)!r})")
    if at is not None:
        at = _build_steps(at, out, kind, seconds, frames)
    return Settings(kind, path, fps, n_frames, tail, still, hold, size, smallest, max_bytes,
                    theme, bounds, at, frame_format)


def _build_steps(at, out, kind, seconds, frames) -> tuple:
    """The steps of build stills: whole numbers from 0, sorted, each once."""
    if kind != "frames":
        raise ValueError(f"animate: at= writes one still per step into a folder; name a folder "
                         f"ending in / (out={None if out is None else str(out)!r})")
    if seconds is not None or frames is not None:
        raise ValueError("animate: give at= (build stills) or seconds/frames (an animation), not both")
    if isinstance(at, (str, bytes)) or not hasattr(at, "__iter__"):
        raise TypeError(f"animate: at={at!r} must be a list of steps, such as [0, 10, 50, 200]")
    steps = [checks.whole("animate", f"at[{i}]", v, 0, high=10_000_000) for i, v in enumerate(at)]
    if not steps:
        raise ValueError("animate: at=[] holds no step; give the steps to show, such as [0, 10, 50]")
    return tuple(sorted(set(steps)))


def _frame_count(fps, seconds, frames):
    """The frames asked for (by number or by seconds), or None for the default."""
    if seconds is not None and frames is not None:
        raise ValueError(f"animate: give seconds or frames, not both "
                         f"(seconds={seconds}, frames={frames})")
    if frames is not None:
        return checks.whole("animate", "frames", frames, 2, high=MAX_FRAMES,
                            why=f"{MAX_FRAMES / fps / 60:.0f} minutes at {fps:g} fps")
    if seconds is not None:
        seconds = checks.positive("animate", "seconds", seconds)
        if seconds * fps > MAX_FRAMES:
            raise ValueError(f"animate: seconds={seconds:g} at fps={fps:g} is {seconds * fps:,.0f} "
                             f"frames, more than lossviz renders ({MAX_FRAMES:,}); give at most "
                             f"{MAX_FRAMES / fps:g} seconds")
        n = round(seconds * fps)
        if n < 2:
            raise ValueError(f"animate: seconds={seconds:g} at fps={fps:g} gives {n} frame(s); "
                             "an animation needs at least 2")
        return n
    return None


def _size(size, theme, wide):
    """The size in pixels (even sides, as H.264 needs) and the smallest the figure allows."""
    inches = theme.wide_figsize[0] if wide else theme.figsize[0]
    smallest = (math.ceil(MIN_DPI * inches / 2) * 2, math.ceil(0.4 * MIN_DPI * inches / 2) * 2)
    if size is None:
        return (WIDE_SIZE if wide else DEFAULT_SIZE).get(theme.name, (800, 600)), smallest
    shown = checks.shown(size)
    try:
        w, h = (checks.whole("animate", "size", v, 1) for v in size)
    except (TypeError, ValueError):
        raise ValueError(f"animate: size={shown} must be (width, height), whole numbers of "
                         "pixels") from None
    if not (smallest[0] <= w <= 4096 and smallest[1] <= h <= 4096):
        panel = " with a second panel" if wide else ""
        raise ValueError(f"animate: size={shown} is outside what this figure{panel} can be "
                         f"drawn at: from {smallest[0]}x{smallest[1]} to 4096x4096 pixels")
    return (w // 2 * 2, h // 2 * 2), smallest
