"""LaTeX for a frames folder: beamer's ``\\animategraphics`` (package ``animate``) with the
still start and the final pause, or one overlay per build still.

The ``animate`` package plays every frame for ``1 / fps`` seconds unless a timeline file
changes the rate: a line ``:<rate>:<frame>`` shows frame ``<frame>`` and plays it and the
frames after it at ``<rate>`` frames a second, so the first and last frames get rates of
their own (their longer durations) and the second frame puts ``fps`` back.
"""
from __future__ import annotations

from pathlib import PurePosixPath

SNIPPET = "animate.tex"      # \input{race/animate.tex} on a slide
TIMELINE = "timeline.txt"
BUILD = "build.tex"


def timeline(n_frames: int, fps: float, still: float = 0.0, hold: float = 0.0) -> str:
    """The timeline file: one line per frame, the first lasting ``1/fps + still`` seconds
    and the last ``1/fps + hold``, as in the GIF.

    >>> print(timeline(4, 20, still=0.5, hold=1.5))
    :1.81818:0
    :20:1
    ::2
    :0.645161:3
    """
    frame = 1.0 / fps
    lines = [f"::{k}" for k in range(n_frames)]
    lines[0] = f":{_rate(frame + still)}:0"
    if n_frames > 1:
        lines[1] = f":{_rate(frame)}:1"
        lines[-1] = f":{_rate(frame + hold)}:{n_frames - 1}"
    return "\n".join(lines) + "\n"


def animategraphics(folder: str, n_frames: int, fps: float, still: float, hold: float,
                    *, stem: str = "frame_", digits: int = 4, made: dict | None = None) -> str:
    """The beamer lines that play the frames in ``folder`` (as named where lossviz ran, where
    the .tex file that inputs them is), with the still start and the pause of :func:`timeline`.

    >>> print(animategraphics("race", 100, 20, 0.5, 1.5).splitlines()[-1])
    \\animategraphics[controls,loop,width=\\linewidth,timeline=race/timeline.txt]{20}{race/frame_}{0000}{0099}%
    """
    where = PurePosixPath(folder)
    last = n_frames - 1
    comment = [f"% lossviz: {n_frames} frames at {fps:g} fps in {where}/, the first standing "
               f"{still:g} s and the last {hold:g} s longer (timeline.txt).",
               "% Preamble: \\usepackage{animate}.  On a slide: \\input{" + f"{where}/{SNIPPET}" + "}",
               "% (the paths start where lossviz ran: \\input this from a .tex file there).",
               *_made(made)]
    command = (f"\\animategraphics[controls,loop,width=\\linewidth,timeline={where}/{TIMELINE}]"
               f"{{{fps:g}}}{{{where}/{stem}}}{{{0:0{digits}d}}}{{{last:0{digits}d}}}%")
    return "\n".join(comment + [command]) + "\n"


def overlays(folder: str, names: list[str], steps: list[int], *, made: dict | None = None) -> str:
    """Beamer lines that show one still per overlay (``\\only<1>``, ``\\only<2>``, ...): a
    slide that reveals a run step by step.

    >>> print(overlays("build", ["step_000", "step_010"], [0, 10]).splitlines()[-1])
    \\only<2>{\\includegraphics[width=\\linewidth]{build/step_010}}%
    """
    where = PurePosixPath(folder)
    comment = [f"% lossviz: {len(names)} stills of one figure, at steps "
               f"{', '.join(str(s) for s in steps)}, one per overlay.",
               "% On a slide: \\input{" + f"{where}/{BUILD}" + "} (the paths start where lossviz ran).",
               *_made(made)]
    shows = [f"\\only<{i}>{{\\includegraphics[width=\\linewidth]{{{where}/{name}}}}}%"
             for i, name in enumerate(names, start=1)]
    return "\n".join(comment + shows) + "\n"


def _made(made) -> list[str]:
    """Comment lines saying what made the frames (a provenance stamp), or none."""
    if not made:
        return []
    lines = [f"% made by lossviz {made['lossviz']} (numpy {made['numpy']}, matplotlib "
             f"{made['matplotlib']})" + (" from this recipe:" if made.get("recipe") else "")]
    return lines + [f"%   {line}" for line in (made.get("recipe") or "").splitlines()]


def _rate(seconds: float) -> str:
    """Frames a second for a frame lasting ``seconds``, in six significant digits."""
    return f"{1.0 / seconds:.6g}"
