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


def test_the_legend_says_each_runs_own_loss_beside_the_planes_under_its_marks():
    # a PCA plane of two runs cannot hold both: Adam's start and end lie off it, and the
    # contour under its marks is not its loss; the legend gives both, start and end
    import numpy as np
    net = landscape.get("mlp", data="moons", n=60, hidden=(6,))
    runs = [optimizers.run(net, optimizers.get(name, lr=lr), steps=60)
            for name, lr in (("gd", 0.5), ("adam", 0.05))]
    plane = pca_plane(net, runs)
    fig = plot_plane(plane, runs, resolution=12)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "loss = the run's own, start → end; on the plane = the contours' under its marks" in \
        fig.legends[0].get_title().get_text().replace("\n", " ")
    for t, label in zip(runs, labels):
        # independently: least squares in the plane, then the network at that weight vector
        D = np.stack([plane.d1, plane.d2], axis=1)
        ab = np.linalg.lstsq(D, (t.params[[0, -1]] - plane.origin).T, rcond=None)[0].T
        seen = [net.value(plane.origin + D @ c) for c in ab]
        words = f"loss {t.loss[0]:.2g} → {t.loss[-1]:.2g} (on the plane {seen[0]:.2g} → {seen[1]:.2g})"
        assert words in label, (words, label)
    gaps = [abs(t.loss[-1] - net.value(plane.origin + np.stack([plane.d1, plane.d2], 1) @ np.linalg.lstsq(
        np.stack([plane.d1, plane.d2], 1), t.params[-1] - plane.origin, rcond=None)[0])) for t in runs]
    assert max(gaps) > 1e-3        # the case the legend is there for: a mark off its own loss
