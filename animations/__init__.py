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
from .draw import THEMES, get_theme
from .encode import save_figure
from .figures import (BoundaryPanel, condition_number, metric_of, metric_panel, plot, plot_basins,
                      plot_batch, plot_boundary, plot_earlystop, plot_fan, plot_interpolation, plot_loss,
                      plot_outcome_curve, plot_missing, plot_phase, plot_plane, plot_scaling,
                      plot_side_by_side, plot_sweep, projected)
from .frames import Animation, animate, page

__all__ = ["Animation", "BoundaryPanel", "THEMES", "animate", "condition_number", "get_theme",
           "metric_of", "metric_panel", "plot", "plot_basins", "plot_batch", "plot_boundary",
           "plot_earlystop", "plot_fan",
           "page", "plot_interpolation", "plot_loss", "plot_outcome_curve", "plot_phase", "plot_plane",
           "plot_missing", "plot_scaling", "plot_side_by_side", "plot_sweep", "projected", "save_figure"]
