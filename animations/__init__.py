"""animations: what people see.

Contour figures with optimizer paths, loss curves, 3-D views; themes for paper,
slides and dark rooms; a colour-blind-safe palette in which each optimizer keeps
its colour.  Every function takes an optional ``ax`` and returns the figure.
"""
from .animate import Animation, animate
from .datafigs import (condition_number, plot_batch, plot_earlystop, plot_fan, plot_scaling,
                       plot_side_by_side)
from .figures import plot, plot_loss, save_figure
from .netfigs import plot_boundary, plot_interpolation, plot_plane, projected
from .style import THEMES, get_theme

__all__ = ["Animation", "THEMES", "animate", "condition_number", "get_theme", "plot",
           "plot_batch", "plot_boundary", "plot_earlystop", "plot_fan", "plot_interpolation",
           "plot_loss", "plot_plane", "plot_scaling", "projected",
           "plot_side_by_side", "save_figure"]
