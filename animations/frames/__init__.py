"""The frame engine: a scene drawn once, then per frame only what moves, streamed to
an encoder so memory does not grow with the number of frames.

- :mod:`.scene`: the still background and the moving artists, set to any step;
- :mod:`.counter`: the step counter, pasted from pre-rendered digits;
- :mod:`.batchview`: the loss of a stochastic run's next batch, behind its path;
- :mod:`.settings`: an animation's settings, checked before any work;
- :mod:`.animate`: :func:`animate`, which renders a scene into a GIF, an MP4, or a folder
  of PNG or PDF frames (with the LaTeX that plays them) or build stills;
- :mod:`.page`: :func:`page`, the race as one HTML page that plays offline.
"""
from .animate import Animation, animate
from .settings import FRAME_FORMATS, Settings, check_animation
from .page import page
from .scene import Scene, frame_steps

__all__ = ["FRAME_FORMATS", "Animation", "Scene", "Settings", "animate", "check_animation", "frame_steps", "page"]
