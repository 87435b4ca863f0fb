"""Writing a figure: atomically, and with no timestamps, so the same input gives the same bytes."""
from __future__ import annotations

from matplotlib import rc_context

from groundwork import atomic_output, check_output, provenance

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def save_figure(fig, path) -> None:
    """Write ``fig`` to ``path`` (``.png``, ``.svg`` or ``.pdf``) atomically, with no
    timestamps (the same figure gives the same bytes) and stamped with where it came
    from: the recipe of the command that made it and the versions that drew it.

    >>> import tempfile, pathlib
    >>> from matplotlib.figure import Figure
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "empty.png"
    >>> save_figure(Figure(figsize=(1, 1)), str(target))
    >>> target.read_bytes()[:4]
    b'\\x89PNG'
    """
    if not callable(getattr(fig, "savefig", None)):
        raise TypeError(f"save_figure: fig={fig!r} must be a matplotlib Figure (what plot() returns)")
    path = check_output(path, FIGURE_SUFFIXES, "save_figure")
    fmt = path.suffix.lower().lstrip(".")
    # where it came from (``lossviz info FILE``), and no timestamps
    made = provenance.stamp_text()
    metadata = {"png": {"Software": None, provenance.KEY: made},
                "svg": {"Date": None, "Description": made},
                "pdf": {"CreationDate": None, "ModDate": None, "Subject": made}}[fmt]
    # the salt makes SVG element ids stable (they are random otherwise)
    with atomic_output(path) as tmp, rc_context({"svg.hashsalt": "lossviz"}):
        fig.savefig(tmp, format=fmt, metadata=metadata)
