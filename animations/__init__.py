"""animations: what people see.

Contour figures with optimizer paths, loss curves, 3-D views and animations;
themes for paper, slides and dark rooms; a colour-blind-safe palette in which each
optimizer keeps its colour.  Every figure function takes an optional ``ax`` and
returns the figure.

One room per job, arrows only downwards (see the README's "How the code is laid out"):

- ``draw``: the pieces (themes, layout, the contour panel, paths, loss curves, 3-D);
- ``encode``: files (PNG/SVG/PDF figures, GIF, MP4, PNG frames), written atomically;
- ``figures``: the static figures, built from ``draw``, written by ``encode``;
- ``frames``: the animation engine (and the offline HTML race), built from ``draw``, streamed to ``encode``;
- ``cli``: the ``lossviz`` command, which only wires the public APIs together.
"""
from __future__ import annotations

import importlib

# where each public name lives; a name is imported when first used, so that the command
# line can answer what needs no figure (an unchanged ``render``) without matplotlib
PUBLIC = {
    ".draw": ("THEMES", "get_theme"),
    ".encode": ("save_figure",),
    ".figures": ("BoundaryPanel", "condition_number", "metric_of", "metric_panel", "plot", "plot_basins",
                 "plot_batch", "plot_boundary", "plot_earlystop", "plot_fan", "plot_interpolation",
                 "plot_loss", "plot_outcome_curve", "plot_missing", "plot_phase", "plot_plane",
                 "plot_scaling", "plot_side_by_side", "plot_sweep", "projected"),
    ".frames": ("Animation", "animate", "page"),
}
__all__ = sorted(name for names in PUBLIC.values() for name in names)


def __getattr__(name):
    for room, names in PUBLIC.items():
        if name in names:
            value = getattr(importlib.import_module(room, __name__), name)
            globals()[name] = value       # (once: the next lookup is a plain attribute)
            return value
    raise AttributeError(f"module 'animations' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
