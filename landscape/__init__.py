"""landscape: what is minimised.

Analytic test functions with their literature minima, a user's own function in
one line, and (for plots) grid evaluation.  Every surface is vectorised over
``(..., dim)``.

>>> import landscape
>>> s = landscape.get("rosenbrock")
>>> float(s.value((1.0, 1.0))), s.grad([[1.0, 1.0], [0.0, 0.0]]).shape
(0.0, (2, 2))
"""
from . import classic, datasets, finite_sum, gridding, mlp, multimodal, plane  # noqa: F401  (registers)
from .plane import Plane, pca_plane, plane_through, random_plane
from .base import Analytic, Surface, as_points
from .custom import from_function
from .grid import grid
from .registry import get, names, parameters, register, suggest, surface_class

__all__ = ["Plane", "datasets", "gridding", "mlp", "pca_plane", "plane", "plane_through",
           "random_plane", "Surface", "Analytic", "as_points", "from_function", "get", "grid", "names",
           "parameters", "register", "suggest", "surface_class"]
