"""How a figure is laid out: its axes, its titles and its legend."""
from __future__ import annotations

import textwrap

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from .theme import new_figure


def layout(theme, loss_panel=False, projection=None, size=None, dpi=None, ratios=(1.15, 1),
           aspect=None):
    """A new figure and its axes: ``(fig, surface_ax, loss_ax or None, side_ax or None)``.

    On a wide (16:9) figure without a loss panel, a square contour plot would leave
    half the slide empty, so the legend gets a column of its own beside it (and a 3-D
    box is widened to fill its cell).  ``aspect``: the view's height / width; a wide
    view (six-hump camel's 2.4 x 4) fills a slide's width with the legend under it, and
    a paper figure is no taller than it needs.
    ``ratios``: the widths of the surface and the second panel, when there is one.
    """
    wide_view = aspect is not None and aspect < 0.75 and projection is None
    if size is None and not loss_panel and wide_view and not theme.large:
        w, h = theme.figsize
        size = (w, min(h, view_height(w, aspect)))
    fig = new_figure(theme, size or (theme.wide_figsize if loss_panel else theme.figsize), dpi)
    width, height = fig.get_size_inches()
    loss_ax = side = None
    if loss_panel:
        grid = fig.add_gridspec(1, 2, width_ratios=ratios)
        ax = fig.add_subplot(grid[0], projection=projection)
        loss_ax = fig.add_subplot(grid[1])
    elif width / height > 1.5 and not wide_view:
        # a 3-D box is wider than a square contour plot: it gets more of the width
        grid = fig.add_gridspec(1, 2, width_ratios=(2.6, 1) if projection == "3d" else (1.6, 1))
        ax = fig.add_subplot(grid[0], projection=projection)
        side = fig.add_subplot(grid[1])
        side.set_axis_off()
        if projection == "3d":
            # a 3-D axes is a square: matplotlib's (4, 4, 3) box in it would leave a third of
            # the slide empty, so the box is wider than deep and drawn larger
            ax.set_box_aspect((6, 4, 3), zoom=1.15)
    else:
        ax = fig.add_subplot(projection=projection)
    return fig, ax, loss_ax, side


def view_height(width, aspect) -> float:
    """The height (inches) a figure ``width`` inches wide needs for a view of ``aspect``
    (height / width) with its colour bar, title, axis labels and legend under it.

    >>> round(view_height(6.4, 0.6), 2)      # six-hump camel (2.4 x 4) on paper
    4.12
    """
    return (width - 1.7) * aspect + 1.3


def paint(ax, theme):
    """The theme on axes made elsewhere (``ax=``): its figure's background, the axes'
    ticks, labels and frame (made before the theme was asked for); a dark theme's light
    text would not read on the white of a default matplotlib figure."""
    ax.figure.patch.set_facecolor(theme.paper)
    ax.tick_params(colors=theme.ink, which="both")
    for label in (ax.xaxis.label, ax.yaxis.label):
        label.set_color(theme.ink)
    for spine in ax.spines.values():
        spine.set_edgecolor(theme.ink)


def set_title(ax, surface, theme, title=None, side=None, spread=False):
    """The surface's name (with its parameters) on the left, bold; its formula on the
    right where there is room, or at the top of the ``side`` column when there is one.

    ``title``: a panel's own title instead (plain: the figure's bold title is above it,
    e.g. "raw features: κ = 171"); ``""`` for none.  ``spread``: the name is the
    figure's title, across the panel beside this one too (a loss panel), so a long name
    need not shrink to the width of one panel.
    """
    label = getattr(surface, "label", surface.name)
    formula = getattr(surface, "equation", None) or getattr(surface, "formula", "")
    width = ax.get_position().width * ax.figure.get_figwidth() * 72  # points
    if title is not None:
        label = title
        ax.set_title(title, loc="left", fontsize=theme.font, pad=title_pad(theme))
    elif spread:
        suptitle(ax.figure, label, theme)
        label = ""
    else:
        # a long name (data surfaces list their settings) shrinks rather than run off the figure
        size = theme.font * 1.15 * min(1.0, max(0.6, width / (0.66 * theme.font * 1.15 * len(label))))
        ax.set_title(label, loc="left", fontweight="bold", fontsize=size, pad=title_pad(theme))
    if side is not None:
        # in the narrow column, each part of the formula on a line of its own
        side.text(0.0, 0.97, formula.replace(",  ", "\n"), transform=side.transAxes, va="top", ha="left",
                  fontsize=theme.font * 0.85, wrap=True)
        return
    # with the values of its letters where they fit, else the bare formula
    name_width = text_width(label, theme.font * 1.15, "bold") if label else 0.0
    for text in (formula, getattr(surface, "formula", "")):
        if text and name_width + text_width(text, theme.font * 0.8) + 2 * theme.font < width:
            ax.set_title(text, loc="right", fontsize=theme.font * 0.8, pad=title_pad(theme))
            return


def text_width(text, size, weight="normal") -> float:
    """The width of ``text`` in points at ``size``, measured with the font it is drawn in
    (an estimate from its length drops a formula that fits, or keeps one that does not).

    >>> round(text_width("loss", 10)) < round(text_width("loss", 10, "bold"))
    True
    """
    prop = FontProperties(size=size, weight=weight)
    return TextToPath().get_text_width_height_descent(text, prop, ismath=False)[0]


def title_pad(theme) -> float:
    """Points between a panel and its title: a title sits on its baseline (in large type
    the descent of "(" alone is more than matplotlib's 6 points), and an X on the top edge,
    where a diverging run left the view, must not cover it (half the X is above the edge)."""
    return max(6.0, 1.8 * theme.marker + 0.3 * theme.font)


def suptitle(fig, text, theme):
    """A bold title across the whole figure, on the left, shrunk (not cut) when it is long."""
    width = fig.get_figwidth() * 72 * 0.97                       # points
    size = theme.font * 1.15 * min(1.0, max(0.6, width / (0.62 * theme.font * 1.15 * len(text))))
    fig.suptitle(text, x=0.01, ha="left", fontweight="bold", fontsize=size)


def add_legend(fig, ax, theme, side=None, more=(), caption=""):
    """The legend: in ``side`` axes when given, else under the figure in as many columns
    as fit its width.  ``more`` axes add their entries (each label once); a ``caption``
    (what the figure shows) is its title, in bold."""
    handles, labels = [], []
    for a in (ax, *more):
        for h, label in zip(*a.get_legend_handles_labels()):
            if label not in labels:
                handles.append(h)
                labels.append(label)
    if not handles:
        return None
    if side is not None:
        box = side.legend(handles, labels, loc="center left", frameon=False, handlelength=2.2,
                          borderaxespad=0)
        room = 24                                      # characters of a slide's side column
    else:
        column = (0.6 * max(map(len, labels)) + 4.5) * theme.font * 0.9 / 72  # inches
        width = fig.figure.get_figwidth()  # fig may be a SubFigure, which has no width of its own
        ncols = max(1, min(len(handles), int(width * 0.95 // column)))
        box = fig.legend(handles, labels, loc="outside lower center", ncols=ncols,
                         frameon=False, handlelength=2.2)
        room = int(width * 0.95 * 72 / (0.6 * theme.font))
    if caption:
        box.set_title("\n".join(textwrap.wrap(caption, room)),
                      prop={"size": theme.font, "weight": "bold"})
        box.set_alignment("left" if side is not None else "center")
    return box
