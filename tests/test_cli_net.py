"""``lossviz net``, tested by what each option does: the network the runs trained, the
plane, the window, the grid, the panels, the frames."""
from __future__ import annotations

import sys

import numpy as np
import pytest

import groundwork.progress
import landscape
from animations.figures import percent
from clitools import axes_labelled, files, gif_frames, lossviz, pixels
from landscape.plane import pca_plane, random_plane


@pytest.fixture
def grid_sizes(monkeypatch):
    """The n of every ``landscape.grid(surface, n)`` the figures evaluate."""
    seen, real = [], landscape.grid

    def spy(surface, n=200, *args, **kwargs):
        seen.append(n)
        return real(surface, n, *args, **kwargs)

    monkeypatch.setattr(landscape, "grid", spy)
    return seen


def test_net_uses_every_option(tmp_path, grid_sizes):
    done = lossviz(tmp_path, "net", "moons:n=60,noise=0.3,scale=minmax", "--hidden", "6,4",
                   "--activation", "relu", "--loss", "mse", "--dropout", "0.2",
                   "--opt", "gd:lr=0.2", "--opt", "momentum:lr=0.05", "--steps", "15",
                   "--seed", "3", "--plane", "random", "--extent", "0.5", "--resolution", "16",
                   "--theme", "slides", "-o", "n.png")
    assert files(tmp_path) == ["n.png"] and pixels(tmp_path / "n.png") == (1920, 1080)
    gd, momentum = done.runs
    assert gd.surface == {"name": "mlp", "data": "moons", "n": 60, "noise": 0.3, "seed": 3,
                          "hidden": (6, 4), "activation": "relu", "loss": "mse", "dropout": 0.2,
                          "scale": "minmax", "n_val": 0, "part": "train"}
    assert gd.params.shape == (16, (2 + 1) * 6 + (6 + 1) * 4 + (4 + 1) * 1)
    assert (gd.label, momentum.label) == ("GD (lr=0.2)", "Momentum (lr=0.05)")
    assert gd.steps == momentum.steps == 15 and gd.seed == 3
    net = landscape.get(**gd.surface)
    np.testing.assert_array_equal(gd.params[0], net.init(3))           # seeded weights
    ax = axes_labelled(done.figure, "surface")
    assert ax.get_xlabel() == "α (random direction 1)"
    assert ax.get_xlim() == (-0.5, 0.5) and ax.get_ylim() == (-0.5, 0.5)
    assert grid_sizes == [16]
    assert all("in plane" in line and "right" not in line for line in done.lines[1:])   # mse
    # the random plane is the one of --seed 3, through the first run's end
    plane = random_plane(net, gd.final, seed=3)
    for line, t in zip(done.lines[1:], done.runs):
        assert f"{percent(plane.project(t).in_plane)} in plane" in line


def test_net_defaults(tmp_path, grid_sizes):
    """16,16 tanh units, cross-entropy, sgd lr=0.1 and adam lr=0.01 batch_size=20 for 50
    epochs, a PCA plane on a 101 x 101 grid, paper, net-DATA.png."""
    done = lossviz(tmp_path, "net", "moons:n=20")
    assert files(tmp_path) == ["net-moons.png"]
    sgd, adam = done.runs
    assert (sgd.label, adam.label) == ("SGD (lr=0.1)", "Adam (lr=0.01, batch_size=20)")
    assert (sgd.steps, adam.steps) == (50 * 20, 50)
    spec = sgd.surface
    assert (spec["hidden"], spec["activation"], spec["loss"], spec["dropout"], spec["seed"]) == \
        ((16, 16), "tanh", "bce", 0.0, 0)
    assert sgd.params.shape[-1] == 337
    assert axes_labelled(done.figure, "surface").get_xlabel().startswith("PC1: ")
    assert grid_sizes == [101]
    assert [a.get_label() for a in done.figure.axes].count("boundary") == 0
    assert "% right" in done.lines[2] and "% in plane" in done.lines[2]


def test_net_extent_is_a_half_width_around_the_plane_s_own_centre(tmp_path):
    done = lossviz(tmp_path, "net", "moons:n=30", "--hidden", "3", "--steps", "20",
                   "--opt", "gd:lr=0.5", "--opt", "adam:lr=0.05", "--extent", "0.5",
                   "--resolution", "8", "-o", "e.png")
    plane = pca_plane(landscape.get(**done.runs[0].surface), done.runs)
    centre = [(lo + hi) / 2 for lo, hi in plane.bounds]
    ax = axes_labelled(done.figure, "surface")
    for (lo, hi), c in zip((ax.get_xlim(), ax.get_ylim()), centre):
        assert (lo, hi) == pytest.approx((c - 0.5, c + 0.5))
    assert abs(centre[0]) > 0.1 or abs(centre[1]) > 0.1      # not the window around (0, 0)


def test_net_boundary_and_the_plane_through_points(tmp_path):
    done = lossviz(tmp_path, "net", "xor:n=40", "--hidden", "4", "--steps", "20",
                   "--opt", "gd:lr=0.5", "--opt", "adam:lr=0.05", "--plane", "points",
                   "--extent=-1,3,-2,2", "--boundary", "--resolution", "12", "-o", "b.png")
    ax = axes_labelled(done.figure, "surface")
    assert ax.get_xlabel() == "distance along start → GD's end"
    assert ax.get_ylabel() == "distance towards Adam's end (⊥)"
    assert (ax.get_xlim(), ax.get_ylim()) == ((-1, 3), (-2, 2))
    boundary = axes_labelled(done.figure, "boundary")
    assert boundary.get_title(loc="left") == "Decision boundaries"


def test_net_line_view(tmp_path):
    done = lossviz(tmp_path, "net", "moons:n=30", "--hidden", "3", "--steps", "10",
                   "--opt", "gd:lr=0.5", "--view", "line", "-o", "l.png")
    ax = axes_labelled(done.figure, "interpolation")
    assert ax.get_xlabel() == "t: θ = (1 − t) θ_start + t θ_end"
    (t,) = done.runs
    (curve,) = [ln for ln in ax.lines if ln.get_label() == t.label]
    net = landscape.get(**t.surface)
    ts, loss = curve.get_xdata(), curve.get_ydata()
    assert ts[0] < 0 and ts[-1] > 1                       # both ends in view
    line = (1 - ts)[:, None] * t.params[0] + ts[:, None] * t.final
    np.testing.assert_allclose(loss, net.value(line), rtol=1e-12)


def test_net_animation_frames_and_quiet(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(groundwork.progress, "DELAY", 0.0)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    argv = ["net", "moons:n=30", "--hidden", "3", "--steps", "12", "--opt", "gd:lr=0.5",
            "--opt", "adam:lr=0.05", "--fps", "4", "--seconds", "1", "--resolution", "10"]
    done = lossviz(tmp_path, *argv, "--boundary", "-o", "n.gif")
    assert "lossviz: [" in capsys.readouterr().err
    durations = [d for _, d in gif_frames(tmp_path / "n.gif")]
    assert done.animation.frames == 4 and durations == [750, 250, 250, 1750]
    assert done.lines[-1].startswith("  4 frames, 1200x560, 4 fps, 3.0 s, ")
    assert pixels(tmp_path / "n.gif") == (1200, 560)                # the boundary panel beside
    lossviz(tmp_path, *argv, "--quiet", "-o", "q.gif")
    assert capsys.readouterr().err == ""
    assert pixels(tmp_path / "q.gif") == (800, 600)


@pytest.mark.parametrize("theme", ["paper", "slides", "dark"])
def test_the_plane_through_points_keeps_its_labels_and_legend_on_the_figure(tmp_path, theme):
    # two Adam runs: the axis labels must name the whole runs, and still fit
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    done = lossviz(tmp_path, "net", "moons:n=40", "--hidden", "4", "--steps", "20",
                   "--opt", "adam:lr=0.05", "--opt", "adam:lr=0.01,batch_size=20", "--plane", "points",
                   "--resolution", "12", "--theme", theme, "-o", "p.png")
    fig = done.figure
    FigureCanvasAgg(fig).draw()
    box = fig.bbox
    ax = axes_labelled(fig, "surface")
    assert "Adam (lr=0.01, batch_size=20)" in ax.get_ylabel().replace("\n", " ")
    items = [ax.xaxis.label, ax.yaxis.label, *fig.legends, *[a.get_legend() for a in fig.axes if a.get_legend()]]
    for item in items:
        e = item.get_window_extent()
        assert box.x0 - 1 <= e.x0 and e.x1 <= box.x1 + 1 and box.y0 - 1 <= e.y0 and e.y1 <= box.y1 + 1, item
