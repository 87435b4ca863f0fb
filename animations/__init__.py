"""animations: what people see.

Contour figures with optimizer paths, loss curves, 3-D views; themes for paper,
slides and dark rooms; a colour-blind-safe palette in which each optimizer keeps
its colour.  Every function takes an optional ``ax`` and returns the figure.
"""
from .animate import Animation, animate
from .figures import plot, plot_loss, save_figure
from .style import THEMES, get_theme

__all__ = ["Animation", "THEMES", "animate", "get_theme", "plot", "plot_loss", "save_figure"]
