"""Where frames go: a GIF, an MP4, or a folder of numbered PNG or PDF frames (for beamer's animate).

Every sink receives RGBA frames (as the canvas paints them) one at a time and keeps none of them, so memory does
not grow with the number of frames.
"""
from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import numpy as np
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from groundwork import provenance

from . import beamer
from .gif import MIN_FRAME_MS, GifWriter, Quantizer, build_palette

VIDEO_HINT = "pip install -e '.[video]' (or pip install imageio-ffmpeg)"


def kind_of(out) -> str:
    """``"gif"``, ``"mp4"`` or ``"frames"`` (a folder: a name ending in ``/``, or an
    existing folder), from the output's name.

    >>> kind_of("race.gif"), kind_of("frames/")
    ('gif', 'frames')
    """
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"animate: out={out!r} must be a file name (.gif, .mp4) or a folder "
                        "name ending in /")
    text = str(out)
    if not text.strip():
        raise ValueError("animate: the output path is empty; give a file name such as race.gif")
    suffix = Path(text).suffix.lower()
    if suffix in (".gif", ".mp4"):
        return suffix[1:]
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        return "frames"
    what = f"unknown extension {suffix!r}" if suffix else "no extension"
    raise ValueError(f"animate: cannot write {text!r}: {what}; use .gif, .mp4, or a folder "
                     "name ending in / for PNG frames")


def check_video_support():
    try:
        import imageio_ffmpeg  # noqa: F401
    except ImportError:
        raise ValueError(f"animate: writing .mp4 needs imageio-ffmpeg, which is not installed: "
                         f"{VIDEO_HINT}; or write a .gif") from None


class GifSink:
    """Quantise to one palette built from the first and last pictures, then stream."""

    def __init__(self, fh, size, palette_frames, exact_colours, durations):
        self.palette = build_palette(palette_frames, exact_colours)
        self.quantize = Quantizer(self.palette)
        self.writer = GifWriter(fh, size, self.palette, comment=provenance.stamp_text())
        self.durations = iter(durations)

    def write(self, rgb):
        self.writer.write(self.quantize(rgb), next(self.durations))

    def close(self):
        self.writer.close()

    def abort(self):
        pass


class Mp4Sink:
    """H.264 through imageio-ffmpeg; the still start and the pause repeat frames.

    ffmpeg writes the file's index (the ``moov`` box) last, when it is closed; a file
    it could not finish (a full disk, a size limit) is refused by :meth:`close`.
    """

    def __init__(self, path, fps, still_frames, hold_frames, n_frames):
        import imageio.v2 as imageio
        self.path = Path(path)
        self.writer = imageio.get_writer(
            str(path), format="FFMPEG", mode="I", fps=fps, codec="libx264", quality=8,
            pixelformat="yuv420p", macro_block_size=2, ffmpeg_log_level="error",
            output_params=["-threads", "1", "-fflags", "+bitexact", "-map_metadata", "-1"])
        self.repeat = {0: 1 + still_frames, n_frames - 1: 1 + hold_frames}
        self.index = 0

    def write(self, rgb):
        for _ in range(self.repeat.get(self.index, 1)):
            self.writer.append_data(np.ascontiguousarray(rgb[..., :3]))
        self.index += 1

    def close(self):
        self.writer.close()
        check_mp4(self.path)

    def abort(self):
        with contextlib.suppress(Exception):     # it may be broken already: that is why we stop
            self.writer.close()


def check_mp4(path) -> None:
    """An OSError unless ``path`` is a whole MP4: its top-level boxes fill the file
    exactly and hold the header (``ftyp``), the frames (``mdat``) and the index
    (``moov``) that a player needs.

    >>> import struct, tempfile, pathlib
    >>> box = lambda kind, body=b"": struct.pack(">I", 8 + len(body)) + kind + body
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "v.mp4"
    >>> _ = f.write_bytes(box(b"ftyp", b"isom") + box(b"mdat", b"x" * 9) + box(b"moov"))
    >>> check_mp4(f)
    >>> _ = f.write_bytes(box(b"ftyp", b"isom") + box(b"mdat", b"x" * 9)[:-3])
    >>> check_mp4(f)
    Traceback (most recent call last):
    OSError: the video encoder did not finish the file (no mdat, moov box)
    """
    data = Path(path).read_bytes()
    kinds, at = set(), 0
    while at + 8 <= len(data):
        size, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        if size == 1 and at + 16 <= len(data):           # a 64-bit size follows the type
            size = int.from_bytes(data[at + 8:at + 16], "big")
        if size < 8 or at + size > len(data):
            break
        kinds.add(kind)
        at += size
    missing = [k.decode() for k in (b"ftyp", b"mdat", b"moov") if k not in kinds]
    if missing or at != len(data):
        what = f"no {', '.join(missing)} box" if missing else "it is cut short"
        raise OSError(f"the video encoder did not finish the file ({what})")


class FrameFolderSink:
    """Numbered frames in a folder, deterministic and stamped, with the LaTeX that shows
    them: ``frame_0000.png`` ... with ``animate.tex`` and ``timeline.txt`` for beamer's
    ``\\animategraphics``, or build stills ``step_0010.png`` ... (``steps``) with
    ``build.tex``, one overlay each.  ``fmt="pdf"``: vector frames, written by a
    ``save(path)`` callback (:meth:`write_vector`) instead of pixels.
    """

    def __init__(self, folder, n_frames, *, shown_as, fps, still=0.0, hold=0.0, steps=None,
                 fmt="png"):
        self.folder, self.shown_as, self.index = Path(folder), shown_as, 0
        self.fps, self.still, self.hold, self.steps, self.fmt = fps, still, hold, steps, fmt
        self.vector = fmt == "pdf"
        if steps is None:
            self.names = [f"frame_{i:0{max(4, len(str(n_frames - 1)))}d}" for i in range(n_frames)]
        else:
            self.names = [f"step_{s:0{max(4, len(str(steps[-1])))}d}" for s in steps]

    def _next(self) -> Path:
        path = self.folder / f"{self.names[self.index]}.{self.fmt}"
        self.index += 1
        return path

    def write(self, rgb):
        info = PngInfo()
        info.add_text(provenance.KEY, provenance.stamp_text())
        Image.fromarray(np.ascontiguousarray(rgb[..., :3])).save(self._next(), optimize=False,
                                                                 pnginfo=info)

    def write_vector(self, save):
        save(self._next())

    def close(self):
        made = provenance.stamp()
        if self.steps is not None:
            text = beamer.overlays(self.shown_as, self.names, list(self.steps), made=made)
            (self.folder / beamer.BUILD).write_text(text, encoding="utf-8")
            return
        digits = len(self.names[0]) - len("frame_")
        (self.folder / beamer.TIMELINE).write_text(
            beamer.timeline(len(self.names), self.fps, self.still, self.hold), encoding="utf-8")
        (self.folder / beamer.SNIPPET).write_text(
            beamer.animategraphics(self.shown_as, len(self.names), self.fps, self.still, self.hold,
                                   digits=digits, made=made), encoding="utf-8")

    def abort(self):
        pass


def min_frame_check(fps):
    if 1000.0 / fps < MIN_FRAME_MS:
        raise ValueError(f"animate: fps={fps:g} is too fast for a GIF: frames shorter than "
                         f"{MIN_FRAME_MS} ms are slowed down by browsers; use fps <= "
                         f"{1000 // MIN_FRAME_MS} or write .mp4")


def memory_file():
    return io.BytesIO()
