"""Static figures, each made by one function that returns the matplotlib Figure and
takes ``ax=`` (or ``fig=``) to draw into the user's own:

- :mod:`.plot`: contours with paths, a loss panel, the 3-D view; loss curves alone;
- :mod:`.data`: GD vs mini-batch vs SGD, the fan of seeds, early stopping;
- :mod:`.sidebyside`: landscapes in a row (feature scaling, MSE vs cross-entropy);
- :mod:`.network`: a network's loss on a plane, decision boundaries; :mod:`.interpolation`: straight lines;
- :mod:`.metric`: accuracy (or any function of the weights) on a plane, beside the loss;
- :mod:`.basins`: many starts, coloured by the point each reaches;
- :mod:`.sweep`: comparing hyper-parameter values: small multiples, the outcome curve,
  the phase map of two hyper-parameters.

Built from the pieces in ``animations.draw``; written by ``animations.encode``.
"""
from .basins import plot_basins
from .data import plot_batch, plot_earlystop, plot_fan
from .metric import Metric, metric_of, metric_panel
from .interpolation import plot_interpolation
from .network import BoundaryPanel, percent, plot_boundary, plot_plane, projected
from .plot import VIEWS, loss_axis, plot, plot_loss
from .sidebyside import condition_number, plot_missing, plot_scaling, plot_side_by_side
from .sweep import max_panels, plot_outcome_curve, plot_phase, plot_sweep

__all__ = ["BoundaryPanel", "Metric", "VIEWS", "condition_number", "loss_axis", "max_panels", "metric_of",
           "metric_panel", "percent", "plot", "plot_basins",
           "plot_batch", "plot_boundary", "plot_earlystop", "plot_fan", "plot_interpolation",
           "plot_loss", "plot_outcome_curve", "plot_phase", "plot_plane", "plot_missing", "plot_scaling",
           "plot_side_by_side", "plot_sweep", "projected"]
