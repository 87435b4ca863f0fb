"""``animate``: optimizers racing over a surface, as GIF, MP4 or PNG frames."""
from __future__ import annotations

import base64
import dataclasses
import math
import os
from pathlib import Path

from matplotlib.colors import to_rgb

from groundwork import Progress, atomic_folder, atomic_output, checks

from .. import encode
from ..draw import as_list, auto_caption, check_dims, check_grid, view_height
from .batchview import BatchView
from .scene import Scene, frame_steps, times_of
from .settings import check_animation


@dataclasses.dataclass
class Animation:
    """What :func:`animate` made; displays itself inline in a notebook."""

    path: Path | None
    kind: str
    frames: int
    fps: float
    size: tuple
    duration: float      # seconds, with the still start and the final pause
    nbytes: int
    note: str = ""       # what a size budget changed, if anything
    data: bytes | None = dataclasses.field(default=None, repr=False)
    at: tuple | None = None   # build stills: the steps shown (fps and duration mean nothing)

    def __repr__(self):
        where = str(self.path) if self.path else "in memory"
        if self.at is not None:
            return (f"<Animation {where}: {self.frames} stills at steps {', '.join(map(str, self.at))}, "
                    f"{self.size[0]}x{self.size[1]}, {self.nbytes / 1e6:.2f} MB>")
        return (f"<Animation {where}: {self.frames} frames, {self.size[0]}x{self.size[1]}, "
                f"{self.fps:g} fps, {self.duration:.1f} s, {self.nbytes / 1e6:.2f} MB>")

    def _repr_html_(self):
        if self.kind == "frames":
            return f"<p>{self.frames} frames in <code>{self.path}</code></p>"
        raw = self.data if self.data is not None else Path(self.path).read_bytes()
        b64 = base64.b64encode(raw).decode()
        if self.kind == "mp4":
            return (f'<video controls autoplay loop muted width="{self.size[0]}">'
                    f'<source src="data:video/mp4;base64,{b64}" type="video/mp4"></video>')
        return f'<img src="data:image/gif;base64,{b64}" width="{self.size[0]}"/>'


def animate(surface, trajectories, out=None, *, fps=20, seconds=None, frames=None, tail=None,
            loss_panel=False, theme="paper", size=None, still=0.5, hold=1.5, max_bytes=None,
            bounds=None, resolution=300, levels=24, minibatch=False, panel=None,
            progress=None, caption=None, at=None, frame_format="png", view="2d", orbit=0.0) -> Animation:
    """Animate the trajectories over ``surface``: all runs advance together.

    Frame i shows every run at the same step; a long run is sampled to the frame
    budget (the counter says "step 120 / 3000"); a run that ends or diverges early
    freezes with its end or divergence marker; the last frame looks like ``plot``.

    Parameters
    ----------
    out : ``.gif``, ``.mp4`` (needs the ``video`` extra), a folder name ending in
        ``/`` for numbered frames (with ``animate.tex``, beamer's ``\\animategraphics``
        for them, keeping the still start and the pause), or None for a GIF in memory
    fps : frames per second; a GIF allows at most 50
    seconds, frames : length of the moving part (give one); default one frame per
        step, at most 8 seconds
    tail : show only the last ``tail`` steps of each path, as a comet
    still, hold : seconds the first frame stands still and the last frame pauses
    size : ``(width, height)`` in pixels; default 800x600 (paper) or 1280x720
    max_bytes : a size budget for a GIF; frames, then resolution, are reduced to fit
    minibatch : on a data surface, draw the loss of the mini-batch the first stochastic
        run is about to use (contours and its minimum, in the run's colour)
    panel : a second panel that follows the animation, drawn beside the surface: an
        object with ``setup(ax, theme, colours)`` and ``draw(fig, step)``, such as
        ``animations.BoundaryPanel`` (the decision boundary of a network as it learns)
    progress : show a progress bar (default: when stderr is a terminal, not in CI)
    caption : a line under the frames saying what they show: ``"auto"`` (from the runs)
        or the words, as in :func:`animations.plot`
    at : build stills instead of an animation: the frames at these steps (of the counter:
        steps, or samples when runs on data differ in batch size), written to the folder
        ``out`` as ``step_0010.png`` ... with ``build.tex``, one beamer overlay each
    frame_format : ``"png"`` or ``"pdf"`` (vector) for frames in a folder
    view : ``"2d"`` (contours; a 1-D surface's curve) or ``"3d"``: the surface drawn once
        in 3-D, the paths and heads moving on it
    orbit : with ``view="3d"``, degrees the camera turns around the surface over the
        animation (e.g. 60: a slow orbit; each frame then draws the surface again)

    >>> import landscape, optimizers
    >>> s = landscape.get("quadratic", kappa=5)
    >>> t = optimizers.run(s, optimizers.get("momentum", lr=0.05), steps=40)
    >>> animate(s, [t], frames=10, size=(320, 240), fps=10)
    <Animation in memory: 10 frames, 320x240, 10 fps, 3.0 s, ... MB>
    """
    trajectories = as_list(trajectories)
    if not trajectories:
        raise ValueError("animate: give at least one trajectory (from optimizers.run)")
    check_dims(surface, trajectories, "animate", dims=(1, 2))
    if panel is not None and loss_panel:
        raise ValueError("animate: give loss_panel=True or panel=, not both (one second panel)")
    check_grid("animate", resolution, levels)
    s = check_animation(out, fps=fps, seconds=seconds, frames=frames, tail=tail, still=still,
                        hold=hold, size=size, max_bytes=max_bytes, theme=theme, bounds=bounds,
                        wide=loss_panel or panel is not None, at=at, frame_format=frame_format)
    n_frames = s.frames or max(2, min(max(len(t.params) for t in trajectories), round(8 * s.fps)))
    if s.at is not None:
        n_frames = len(s.at)
        last = int(max(times[-1] for times in times_of(trajectories)))
        if s.at[-1] > last:
            raise ValueError(f"animate: at={s.at[-1]} is after the runs' last step ({last}); "
                             f"give steps from 0 to {last}")
    if view not in ("2d", "3d"):
        raise ValueError(f"animate: view={view!r} must be '2d' or '3d'")
    if view == "3d" and (surface.dim != 2 or minibatch or panel is not None):
        what = f"{surface.name!r} is 1-D" if surface.dim != 2 else "minibatch=True or a second panel"
        raise ValueError(f"animate: view='3d' draws a 2-D surface in 3-D, not with {what}")
    orbit = checks.number("animate", "orbit", orbit, low=-720, high=720, rule="degrees from -720 to 720")
    if orbit and view != "3d":
        raise ValueError(f"animate: orbit={orbit:g} turns the camera of view='3d'; a 2-D view has none")
    if s.frame_format == "pdf" and (minibatch or panel is not None):
        # they paint straight onto the canvas, which a vector file does not have
        raise ValueError("animate: PDF frames cannot show minibatch=True or a second panel; "
                         "write PNG frames for those")
    if size is None:
        s = s._replace(size=_fitted_size(s, surface, loss_panel or panel is not None))
    if minibatch:  # check now, not after the first render
        BatchView.check(surface, trajectories)
    if panel is not None and not (callable(getattr(panel, "setup", None))
                                  and callable(getattr(panel, "draw", None))):
        raise TypeError(f"animate: panel={panel!r} needs setup(ax, theme, colours) and "
                        "draw(fig, step)")
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"animate: caption={caption!r} must be text, or 'auto' for one built from the runs")
    words = auto_caption(surface, trajectories) if caption == "auto" else caption or ""
    options = dict(loss_panel=loss_panel, tail=s.tail, bounds=s.bounds, resolution=resolution,
                   levels=levels, minibatch=bool(minibatch), panel=panel, caption=words, view=view,
                   orbit=orbit)
    job = _Job(surface, trajectories, s.theme, options, s.kind, s.path, s.still, s.hold, progress,
               shown_as=str(out).rstrip("/" + os.sep) if s.kind == "frames" else "", at=s.at,
               frame_format=s.frame_format)
    if s.max_bytes is None:
        return job.render(n_frames, s.fps, s.size)
    return _fit(job, n_frames, s.fps, s.size, s.max_bytes, s.smallest)


class _TooBig(Exception):
    def __init__(self, nbytes):
        self.nbytes = nbytes


@dataclasses.dataclass
class _Job:
    surface: object
    trajectories: list
    theme: object
    options: dict
    kind: str
    path: Path | None
    still: float
    hold: float
    progress: object      # as Progress takes it: None (on a terminal), True, False, a callable
    shown_as: str = ""    # the frames folder as the user named it (the LaTeX refers to it)
    at: tuple | None = None
    frame_format: str = "png"
    limit: int | None = None

    def render(self, n_frames, fps, size) -> Animation:
        duration = n_frames / fps + self.still + self.hold
        if self.kind == "frames":
            with atomic_folder(self.path) as tmp:
                self._stream(n_frames, fps, size, lambda sc: encode.FrameFolderSink(
                    tmp, n_frames, shown_as=self.shown_as, fps=fps, still=self.still,
                    hold=self.hold, steps=self.at, fmt=self.frame_format))
            nbytes = sum(f.stat().st_size for f in self.path.iterdir())
            return Animation(self.path, "frames", n_frames, fps, tuple(size), duration, nbytes,
                             at=self.at)
        if self.path is None:
            fh = encode.memory_file()
            used = self._stream(n_frames, fps, size, lambda sc: self._gif(fh, sc, n_frames, fps))
            data = fh.getvalue()
            self._check_limit(len(data))
            return Animation(None, "gif", n_frames, fps, used, duration, len(data), data=data)
        with atomic_output(self.path) as tmp:
            if self.kind == "mp4":
                still, hold = round(self.still * fps), round(self.hold * fps)
                used = self._stream(n_frames, fps, size,
                                    lambda sc: encode.Mp4Sink(tmp, fps, still, hold, n_frames))
            else:
                with open(tmp, "wb") as fh:
                    used = self._stream(n_frames, fps, size,
                                        lambda sc: self._gif(fh, sc, n_frames, fps))
            self._check_limit(tmp.stat().st_size)
            nbytes = tmp.stat().st_size
        return Animation(self.path, self.kind, n_frames, fps, used, duration, nbytes)

    def _check_limit(self, nbytes):
        if self.limit is not None and nbytes > self.limit:
            raise _TooBig(nbytes)

    def _gif(self, fh, sc, n_frames, fps):
        steps = frame_steps(sc.last_step, n_frames)
        first = sc.frame(steps[0]).copy()
        last = sc.frame(steps[-1], done=True).copy()
        exact = [to_rgb(c) for c in sc.colours] + [to_rgb(c) for c in (
            self.theme.ink, self.theme.paper, self.theme.halo, "#FFFFFF", "#111111")]
        exact = [tuple(round(255 * v) for v in c) for c in exact]
        return encode.GifSink(fh, sc.size, [first, last], exact,
                              encode.durations_ms(n_frames, fps, self.still, self.hold))

    def _stream(self, n_frames, fps, size, make_sink):
        sc = Scene(self.surface, self.trajectories, self.theme, size, **self.options)
        sink = None
        try:
            with Progress(n_frames, "frame", show=self.progress) as bar:
                sink = make_sink(sc)
                steps = frame_steps(sc.last_step, n_frames) if self.at is None else self.at
                for i, step in enumerate(steps):
                    done = i == n_frames - 1 and step >= sc.last_step
                    if getattr(sink, "vector", False):
                        sink.write_vector(lambda path, step=step, done=done: sc.vector(step, path, done))
                    else:
                        sink.write(sc.frame(step, done=done))
                    bar.update(i + 1)
                sink.close()
        except BaseException:
            if sink is not None:
                sink.abort()      # stop an encoder process now, not when it is collected
            raise
        finally:
            sc.close()
        return sc.size


def _fit(job, n_frames, fps, size, max_bytes, smallest) -> Animation:
    """Render, and while the GIF is over budget, cut frames (keeping the duration) then
    pixels, down to the ``smallest`` size the figure's type can be drawn at."""
    job.limit = max_bytes
    first = (n_frames, fps, size)
    nbytes = None
    for _ in range(6):
        try:
            anim = job.render(n_frames, fps, size)
        except _TooBig as big:
            nbytes = big.nbytes
            ratio = 0.85 * max_bytes / big.nbytes
            if n_frames > 40:
                new = max(40, int(n_frames * ratio))
                fps, n_frames = fps * new / n_frames, new
            elif size[0] > smallest[0] and size[1] > smallest[1]:
                scale = max(math.sqrt(ratio), smallest[0] / size[0], smallest[1] / size[1])
                size = (int(size[0] * scale) // 2 * 2, int(size[1] * scale) // 2 * 2)
            else:
                break
            continue
        if (n_frames, fps, size) != first:
            anim.note = (f"reduced from {first[0]} frames at {first[2][0]}x{first[2][1]} to "
                         f"{n_frames} frames at {anim.size[0]}x{anim.size[1]} ({fps:.3g} fps) "
                         f"to fit max_bytes={max_bytes}")
        return anim
    raise ValueError(f"animate: max_bytes={max_bytes} cannot be met: the smallest try "
                     f"({n_frames} frames at {size[0]}x{size[1]}) took {nbytes} bytes; "
                     "allow more bytes, or animate fewer steps or runs")


def _fitted_size(s, surface, wide):
    """The default size, no taller than a wide view needs on paper (six-hump camel's 2.4 x 4
    view in a 4:3 frame would fill 40% of it): the static figure's proportions."""
    if surface.dim == 1:      # a curve: the usual frame
        return s.size
    (x0, x1), (y0, y1) = s.bounds or surface.bounds
    aspect = (y1 - y0) / (x1 - x0)
    if wide or s.theme.large or aspect >= 0.75:
        return s.size
    w, h = s.theme.figsize
    height = min(s.size[1], s.size[0] * view_height(w, aspect) / w)
    return s.size[0], int(height) // 2 * 2
