"""What every figure and animation checks of its input first."""
from __future__ import annotations


def as_list(trajectories) -> list:
    """One trajectory or many, as a list; checks each has ``params`` and ``loss``."""
    if trajectories is None:
        return []
    if hasattr(trajectories, "params"):
        trajectories = [trajectories]
    out = list(trajectories)
    for t in out:
        if not (hasattr(t, "params") and hasattr(t, "loss")):
            raise TypeError(f"expected Trajectory objects (from optimizers.run), got {type(t).__name__}")
    return out


def check_dims(surface, trajectories, where="plot"):
    """A 2-D surface, and trajectories of two parameters (paths on it)."""
    if getattr(surface, "dim", None) != 2:
        raise ValueError(f"{where}: surface {getattr(surface, 'name', '?')!r} has dim="
                         f"{getattr(surface, 'dim', None)}; figures need a 2-D surface (see Plane)")
    for t in trajectories:
        if t.params.shape[-1] != 2:
            raise ValueError(f"{where}: trajectory {t.label!r} has dim={t.params.shape[-1]}, "
                             "the surface has dim=2; project it onto the plane first")
