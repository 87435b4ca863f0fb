"""Writing figures: atomically, and with no timestamps, so the same input gives the same bytes."""
from __future__ import annotations

from matplotlib import rc_context

from optimizers import atomic_output

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def save_figure(fig, path) -> None:
    """Write ``fig`` to ``path`` atomically, with no timestamps (same input, same bytes)."""
    fmt = path.suffix.lower().lstrip(".")
    metadata = {"png": {"Software": None}, "svg": {"Date": None},
                "pdf": {"CreationDate": None, "ModDate": None}}[fmt]
    # the salt makes SVG element ids stable (they are random otherwise)
    with atomic_output(path) as tmp, rc_context({"svg.hashsalt": "lossviz"}):
        fig.savefig(tmp, format=fmt, metadata=metadata)
