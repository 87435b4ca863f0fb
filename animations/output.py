"""Writing figures: atomically, and with no timestamps, so the same input gives the same bytes."""
from __future__ import annotations

from optimizers import atomic_output

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def save_figure(fig, path) -> None:
    """Write ``fig`` to ``path`` atomically, with no timestamps (same input, same bytes)."""
    fmt = path.suffix.lower().lstrip(".")
    metadata = {"png": {"Software": None}, "svg": {"Date": None},
                "pdf": {"CreationDate": None, "ModDate": None}}[fmt]
    with atomic_output(path) as tmp:
        fig.savefig(tmp, format=fmt, metadata=metadata)
