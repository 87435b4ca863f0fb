"""Turning pictures into files: a figure as PNG, SVG or PDF; frames as a GIF (one
palette, streamed), an MP4, or a folder of numbered PNGs.

Every writer is atomic (through :mod:`groundwork.files`) and deterministic: the same
pictures give the same bytes, stamped with the recipe and versions that made them
(:mod:`.stamps` reads the stamp back).  This room knows nothing of surfaces or figures.
"""
from .figure import FIGURE_SUFFIXES, save_figure
from .gif import MIN_FRAME_MS, GifWriter, Quantizer, build_palette, durations_ms
from .sinks import (VIDEO_HINT, FrameFolderSink, GifSink, Mp4Sink, check_video_support, kind_of,
                    memory_file, min_frame_check)
from .stamps import read_stamp

__all__ = ["FIGURE_SUFFIXES", "FrameFolderSink", "GifSink", "GifWriter", "MIN_FRAME_MS", "Mp4Sink",
           "Quantizer", "VIDEO_HINT", "build_palette", "check_video_support", "durations_ms",
           "kind_of", "memory_file", "min_frame_check", "read_stamp", "save_figure"]
