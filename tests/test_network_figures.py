"""The network figures' layout: a plane beside the decision boundaries."""
import pytest

import landscape
import optimizers
from animations import plot_plane
from landscape.plane import pca_plane


@pytest.mark.parametrize("theme, size", [("paper", (1290, 750)), ("slides", (1920, 1080))])
def test_the_boundary_figure_has_one_legend_and_no_empty_middle(theme, size):
    """Two square panels fill the figure (a paper figure shrinks to fit them, a slide keeps
    16:9), and one legend under both gives each run's share in plane and its accuracy."""
    net = landscape.get("mlp", data="moons", n=60, hidden=(6,))
    runs = [optimizers.run(net, optimizers.get(name, lr=lr), steps=40)
            for name, lr in (("gd", 0.5), ("adam", 0.05))]
    fig = plot_plane(pca_plane(net, runs), runs, boundary=True, theme=theme, resolution=12)
    fig.draw_without_rendering()                # constrained layout places the panels
    assert tuple(round(v) for v in fig.get_size_inches() * fig.dpi) == size
    surface, boundary = fig.axes[0], next(a for a in fig.axes if a.get_label() == "boundary")
    assert boundary.get_legend() is None
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(labels) == 2 and all("in plane · " in t and t.endswith("% right") for t in labels)
    left, right = surface.get_window_extent(), boundary.get_window_extent()
    gap = right.x0 - left.x1                    # colour bar and the y label sit in it
    assert 0 < gap < 0.25 * fig.bbox.width
    assert right.x1 > 0.9 * fig.bbox.width      # the data panel reaches the right edge
