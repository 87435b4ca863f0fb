"""The pieces every figure and every animation frame is made of, drawn on an axes.

- :mod:`.theme`: themes (paper, slides, dark), the palette, each optimizer's colour;
- :mod:`.layout`: a figure's axes, titles and legend;
- :mod:`.contour`: the contour panel, the one composition of a surface with its paths;
- :mod:`.curve`: the curve panel, its 1-D counterpart (a run's points lifted onto the curve);
- :mod:`.paths`: one path with its start, end and divergence marks, showable up to any step;
- :mod:`.losses`: loss curves;
- :mod:`.surface3d`: the 3-D view;
- :mod:`.check`: what every figure checks of its input.

This room imports nothing from the other rooms of ``animations``.
"""
from .caption import auto_caption
from .check import as_list, check_axes, check_bounds, check_dims, check_figure, check_grid, spec
from .contour import Panel, colourbar, contour_levels, contour_panel, draw_surface, f_ref, nice_log_levels
from .curve import curve_panel, curve_view, lifted
from .layout import add_legend, layout, paint, set_title, suptitle, view_height
from .losses import X_LABELS, LossCurve, draw_loss, draw_lr, x_values
from .paths import (PathArtists, divergence_words, draw_divergence, draw_path, halo, last_finite, path_depths,
                    path_widths)
from .surface3d import Path3D, draw_surface3d, surface3d_background
from .theme import (OPTIMIZER_COLOURS, OUTCOME_COLOURS, THEMES, Theme, assign_colours, assign_linestyles,
                    few_ticks, get_theme, new_figure, shade, tick_text)

__all__ = ["LossCurve", "Path3D", "OPTIMIZER_COLOURS", "OUTCOME_COLOURS", "Panel", "PathArtists", "THEMES", "Theme", "X_LABELS",
           "add_legend", "as_list", "auto_caption", "assign_colours", "assign_linestyles", "check_axes", "check_bounds", "check_dims", "check_figure", "check_grid", "colourbar", "contour_levels",
           "contour_panel", "curve_panel", "curve_view", "draw_divergence", "draw_loss", "draw_lr", "draw_path", "draw_surface", "draw_surface3d", "f_ref", "few_ticks", "get_theme", "halo", "nice_log_levels",
           "divergence_words", "last_finite", "layout", "lifted", "path_depths", "path_widths", "new_figure", "paint", "set_title", "shade", "spec", "suptitle", "surface3d_background", "tick_text", "view_height",
           "x_values"]
