"""Themes and the colour-blind-safe palette.

Colours are Okabe & Ito's (2008) palette; each optimizer owns one, so GD is the
same blue in every figure and animation of a lecture.  ``ink`` (Adam's colour) is
black on light themes and white on the dark one.
"""
from __future__ import annotations

import dataclasses
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from groundwork import Registry

INK = "ink"
# GD, SGD and mini-batch share a lecture (and a figure): three hues far apart, not two
# blues that merge at the back of a hall; momentum and Nesterov: orange and brown
OPTIMIZER_COLOURS = {
    "gd": "#0072B2",         # blue
    "sgd": "#D55E00",        # vermillion
    "minibatch": "#009E73",  # bluish green
    "momentum": "#E69F00",   # orange
    "nesterov": "#8C6D31",   # brown
    "rmsprop": "#CC79A7",    # reddish purple
    "adam": INK,             # black / white
    "adamw": "#7B5EA7",      # violet (lighter on dark)
    "nadam": "#999933",      # olive
    "radam": "#EF6F6F",      # salmon red
    "adamax": "#66A61E",     # leaf green
    "adagrad": "#56B4E9",    # sky blue
}
# a second, third, ... run of one optimizer: the optimizer's colour, a shade darker or
# lighter, in its own line style
SHADES = (0.0, -0.45, 0.5, -0.7)
DARK_SHADES = (0.0, 0.5, -0.3, 0.75)        # (on a dark background, lighter first)
LINESTYLES = ("-", "--", ":", "-.")
# what became of a run (optimizers.KINDS), in the same palette
OUTCOME_COLOURS = {"converged": "#009E73", "oscillating": "#E69F00", "slow": "#56B4E9",
                   "diverged": "#D55E00"}
SPARE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", INK, "#F0E442"]


@dataclasses.dataclass(frozen=True)
class Theme:
    """Sizes and colours of one look; ``rc`` goes to ``matplotlib.rc_context``."""

    name: str
    figsize: tuple          # inches, for the contour panel alone
    wide_figsize: tuple     # inches, with a loss panel beside it
    dpi: int
    font: float
    line: float             # path line width
    marker: float           # step dot size
    ink: str                # text, axes and Adam's path
    paper: str              # figure background
    halo: str               # outline drawn under paths so they stand out
    cmap: LinearSegmentedColormap
    contour_line: str
    swaps: tuple = ()       # (colour, its stand-in on this background) pairs

    @property
    def large(self) -> bool:
        """Type for the back of a lecture hall (slides, dark): fewer ticks, thicker lines."""
        return self.font >= 14

    @property
    def rc(self) -> dict:
        return {
            "font.size": self.font, "axes.titlesize": self.font * 1.15,
            "axes.labelsize": self.font, "legend.fontsize": self.font * 0.9,
            "xtick.labelsize": self.font * 0.85, "ytick.labelsize": self.font * 0.85,
            "text.color": self.ink, "axes.labelcolor": self.ink, "axes.edgecolor": self.ink,
            "xtick.color": self.ink, "ytick.color": self.ink, "axes.titlecolor": self.ink,
            "figure.facecolor": self.paper, "axes.facecolor": self.paper,
            "savefig.facecolor": self.paper, "legend.facecolor": self.paper,
            "legend.edgecolor": self.contour_line, "legend.framealpha": 0.92,
            "axes.linewidth": 1.4 if self.large else 0.8,
            "svg.hashsalt": "lossviz", "font.family": "DejaVu Sans",
        }

    def colour(self, key: str) -> str:
        """A path colour as drawn on this theme's background."""
        return self.ink if key == INK else dict(self.swaps).get(key, key)


def _map(name, colours):
    return LinearSegmentedColormap.from_list(name, colours)


_LIGHT = _map("lossviz-light", ["#FFFFFF", "#E3EAF2", "#B4C3D3", "#7E92A8"])
_DARK = _map("lossviz-dark", ["#0B0F14", "#1B2633", "#33485E", "#58728D"])

THEMES = Registry("theme")
THEMES.register(Theme("paper", (6.4, 5.2), (11.5, 5.0), 150, 10, 1.8, 2.6, "#111111", "#FFFFFF",
                      "#FFFFFF", _LIGHT, "#5B6B7C"))
THEMES.register(Theme("slides", (1920 / 144, 7.5), (1920 / 144, 7.5), 144, 20, 3.6, 5.0, "#111111",
                      "#FFFFFF", "#FFFFFF", _LIGHT, "#5B6B7C"))
# Okabe-Ito's blue, vermillion and green (and Nesterov's brown, AdamW's violet) are too dark to read on
# slate (under 3:1): lighter ones of the same hue keep each optimizer its colour
THEMES.register(Theme("dark", (1920 / 144, 7.5), (1920 / 144, 7.5), 144, 20, 3.6, 5.0, "#F2F2F2",
                      "#0B0F14", "#0B0F14", _DARK, "#8DA2B8",
                      swaps=(("#0072B2", "#6495FF"), ("#D55E00", "#FF6A2B"), ("#009E73", "#12B886"),
                             ("#8C6D31", "#C29B55"), ("#7B5EA7", "#A58BE0"))))


def get_theme(theme) -> Theme:
    """A :class:`Theme` by name (``paper``, ``slides``, ``dark``; any case), or the theme itself.

    >>> get_theme("Slides").large
    True
    """
    return theme if isinstance(theme, Theme) else THEMES.lookup(theme)


def assign_colours(trajectories, theme: Theme) -> list[str]:
    """One colour per trajectory: the one its style asks for, else its optimizer's own.

    Colours belong to the optimizers, so GD is the same blue in every figure; the k-th
    run of one optimizer in a figure gets a shade of that colour (and, from
    :func:`assign_linestyles`, a line style of its own).  A plug-in optimizer without
    a colour takes a spare one that no optimizer in the figure owns.

    >>> class T: optimizer, style = {"name": "gd"}, None
    >>> assign_colours([T(), T()], get_theme("paper"))
    ['#0072B2', '#003F62']
    """
    names = [traj.optimizer.get("name") for traj in trajectories]
    owned = {OPTIMIZER_COLOURS[n] for n in names if n in OPTIMIZER_COLOURS}
    colours, seen, spares = [], {}, [c for c in SPARE if c not in owned] or SPARE
    plugins = [n for n in dict.fromkeys(names) if n not in OPTIMIZER_COLOURS]
    for traj, name in zip(trajectories, names):
        asked = (getattr(traj, "style", None) or {}).get("colour")
        if asked is not None:
            colours.append(asked)
            continue
        k = seen[name] = seen.get(name, -1) + 1
        own = OPTIMIZER_COLOURS.get(name)
        if own is None:                  # a plug-in optimizer: a spare colour of its own
            own = spares[plugins.index(name) % len(spares)]
        # darker shades on paper; on a dark background darker would vanish: lighter there
        shades = DARK_SHADES if sum(to_rgb(theme.paper)) < 1.5 else SHADES
        colours.append(shade(theme.colour(own), shades[k % len(shades)]))
    return colours


def assign_linestyles(trajectories) -> list[str]:
    """One line style per trajectory: its style's (solid for a run with a colour of its
    own), else solid for the first run of each optimizer and dashed, dotted, dash-dotted
    for the next ones.

    >>> class T: optimizer, style = {"name": "gd"}, None
    >>> assign_linestyles([T(), T(), T()])
    ['-', '--', ':']
    """
    styles, seen = [], {}
    for traj in trajectories:
        look = getattr(traj, "style", None) or {}
        if look.get("linestyle") is not None or look.get("colour") is not None:
            styles.append(look.get("linestyle") or "-")     # a colour of its own tells it apart
            continue
        name = traj.optimizer.get("name")
        k = seen[name] = seen.get(name, -1) + 1
        styles.append(LINESTYLES[k % len(LINESTYLES)])
    return styles


def shade(colour: str, amount: float) -> str:
    """``colour`` mixed towards black (``amount < 0``) or white (``> 0``) by ``|amount|``.

    >>> shade("#0072B2", 0.0), shade("#808080", -0.5), shade("#000000", 0.5)
    ('#0072B2', '#404040', '#808080')
    """
    if not amount:
        return colour
    rgb = np.array(to_rgb(colour))
    mixed = rgb * (1 + amount) if amount < 0 else rgb + (1 - rgb) * amount
    return to_hex(np.clip(mixed, 0, 1)).upper()


def few_ticks(ax, axes="xy"):
    """At most five round ticks on ``axes``: large type would run their labels together."""
    for name in axes:
        getattr(ax, f"{name}axis").set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))


def new_figure(theme: Theme, figsize=None, dpi=None):
    """A bare matplotlib Figure (no pyplot: nothing to close, nothing shown twice in
    a notebook) with constrained layout and room around titles; it shows itself as a
    picture in a notebook (:class:`Picture`)."""
    fig = Picture(figsize=figsize or theme.figsize, dpi=dpi or theme.dpi, layout="constrained")
    fig.get_layout_engine().set(w_pad=0.08, h_pad=0.1, wspace=0.06)
    return fig


class Picture(Figure):
    """A matplotlib Figure that a notebook shows as its picture, whatever the order of the
    cells: Jupyter draws a bare Figure only once pyplot has set up inline drawing, and
    lossviz never imports pyplot; IPython asks an object for ``_repr_png_`` itself."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        FigureCanvasAgg(self).print_png(buffer)
        return buffer.getvalue()


def tick_text(v) -> str:
    """Short, readable numbers: 2510 not 2.51e+03, 0.0123 not 1.23e-02.

    A minus is a minus sign (−), as on matplotlib's own axes, not a hyphen:

    >>> tick_text(2510.0), tick_text(0.0123), tick_text(3e-5), tick_text(-0.5)
    ('2510', '0.0123', '3.0e−05', '−0.5')
    """
    if v == 0 or 1e-3 <= abs(v) < 1e5:
        text = f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    else:
        text = f"{v:.1e}"
    return text.replace("-", "\N{MINUS SIGN}")
