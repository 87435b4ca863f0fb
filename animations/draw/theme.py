"""Themes and the colour-blind-safe palette.

Colours are Okabe & Ito's (2008) palette; each optimizer owns one, so GD is the
same blue in every figure and animation of a lecture.  ``ink`` (Adam's colour) is
black on light themes and white on the dark one.
"""
from __future__ import annotations

import dataclasses

from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import MaxNLocator

from groundwork import Registry

INK = "ink"
OPTIMIZER_COLOURS = {
    "gd": "#0072B2",         # blue
    "sgd": "#56B4E9",        # sky blue
    "minibatch": "#009E73",  # bluish green
    "momentum": "#E69F00",   # orange
    "nesterov": "#D55E00",   # vermillion
    "rmsprop": "#CC79A7",    # reddish purple
    "adam": INK,             # black / white
    "adagrad": "#F0E442",    # yellow
}
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
# Okabe-Ito's blue, vermillion and green are too dark to read on slate (under 3:1):
# lighter ones of the same hue keep each optimizer its colour
THEMES.register(Theme("dark", (1920 / 144, 7.5), (1920 / 144, 7.5), 144, 20, 3.6, 5.0, "#F2F2F2",
                      "#0B0F14", "#0B0F14", _DARK, "#8DA2B8",
                      swaps=(("#0072B2", "#6495FF"), ("#D55E00", "#FF6A2B"), ("#009E73", "#12B886"))))


def get_theme(theme) -> Theme:
    """A :class:`Theme` by name (``paper``, ``slides``, ``dark``; any case), or the theme itself.

    >>> get_theme("Slides").large
    True
    """
    return theme if isinstance(theme, Theme) else THEMES.lookup(theme)


def assign_colours(trajectories, theme: Theme) -> list[str]:
    """One colour per trajectory: its optimizer's own, or a spare one when taken.

    The first run of each optimizer keeps that optimizer's colour; a second run of
    the same optimizer gets a colour that no optimizer in the figure owns.

    >>> class T: optimizer = {"name": "adam"}
    >>> assign_colours([T(), T()], get_theme("paper"))
    ['#111111', '#0072B2']
    """
    names = [traj.optimizer.get("name") for traj in trajectories]
    owned = {OPTIMIZER_COLOURS[n] for n in names if n in OPTIMIZER_COLOURS}
    keys = [None] * len(names)
    for i, name in enumerate(names):  # first pass: every optimizer's own colour, once
        own = OPTIMIZER_COLOURS.get(name)
        if own is not None and own not in keys:
            keys[i] = own
    for i in range(len(keys)):        # then spares nobody in this figure owns
        if keys[i] is None:
            free = [c for c in SPARE if c not in keys and c not in owned]
            free = free or [c for c in SPARE if c not in keys] or SPARE
            keys[i] = free[0] if free is not SPARE else SPARE[i % len(SPARE)]
    return [theme.colour(k) for k in keys]


def few_ticks(ax, axes="xy"):
    """At most five round ticks on ``axes``: large type would run their labels together."""
    for name in axes:
        getattr(ax, f"{name}axis").set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))


def new_figure(theme: Theme, figsize=None, dpi=None):
    """A bare matplotlib Figure (no pyplot: nothing to close, nothing shown twice in
    a notebook) with constrained layout and room around titles."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize or theme.figsize, dpi=dpi or theme.dpi, layout="constrained")
    fig.get_layout_engine().set(w_pad=0.08, h_pad=0.1, wspace=0.06)
    return fig
