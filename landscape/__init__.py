"""landscape: what is minimised.

Analytic test functions with their literature minima, finite-sum problems on
generated data, a small numpy network, planes through its weights, a user's own
function in one line, and grids for plots.  Every surface is vectorised over
``(..., dim)``.

>>> import landscape
>>> s = landscape.get("rosenbrock")
>>> float(s.value((1.0, 1.0))), s.grad([[1.0, 1.0], [0.0, 0.0]]).shape
(0.0, (2, 2))
"""
from . import classic, curves, datasets, finite_sum, gridding, mlp, multimodal, plane  # noqa: F401  (registers)
from .base import Analytic, Curve, Surface, as_points
from .curves import local_minima
from .curvature import Curvature, curvature, hessian
from .custom import from_function
from .grid import MAX_GRID, grid, starts
from .plane import Plane, pca_plane, plane_through, random_plane
from .registry import SURFACES, get, names, parameters, register, surface_class
from .torchmodel import from_torch

__all__ = ["Analytic", "Curvature", "Curve", "MAX_GRID", "Plane", "SURFACES", "Surface", "as_points", "curvature",
           "datasets", "from_function", "from_torch", "get", "grid", "gridding", "hessian", "local_minima", "mlp", "names", "parameters", "pca_plane", "plane",
           "plane_through", "random_plane", "register", "starts", "surface_class"]
