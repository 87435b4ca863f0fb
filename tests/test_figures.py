"""Tests of the static figures: animations.plot and animations.plot_loss.

The figures are checked by what they show: each one is rendered to pixels, and the
trajectory's points are mapped to pixels through the surface axes' ``transData``.
Resolutions are small (60 grid points) so the whole file runs in seconds.
"""
from __future__ import annotations

import io
import os

import matplotlib

matplotlib.use("Agg")  # headless; never opens a window

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

import animations  # noqa: E402
import landscape  # noqa: E402
import optimizers  # noqa: E402
from animations.draw import OPTIMIZER_COLOURS, THEMES, tick_text  # noqa: E402
from animations.draw.paths import exit_point  # noqa: E402

RES = 60  # grid points per axis: enough to draw, fast to compute
OKABE_ITO = {"#0072B2", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#F0E442"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# -- helpers -------------------------------------------------------------------------

def run(surface, name, steps=30, start=None, **hyper):
    return optimizers.run(surface, optimizers.get(name, **hyper), start, steps=steps)


def render(fig) -> np.ndarray:
    """The figure as an (H, W, 3) uint8 array, drawn by Agg at the figure's dpi."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def surface_axes(fig):
    found = [a for a in fig.axes if a.get_label() == "surface"]
    assert len(found) == 1, [a.get_label() for a in fig.axes]
    return found[0]


def to_pixels(ax, img, xy):
    """Data coordinates -> (row, col) pixel indices of ``img`` (row 0 is the top)."""
    disp = ax.transData.transform(np.asarray(xy, dtype=float))
    h = img.shape[0]
    rows = np.floor(h - disp[:, 1]).astype(int)
    cols = np.floor(disp[:, 0]).astype(int)
    return rows, cols


def patch(img, r, c, k=1):
    return img[max(r - k, 0):r + k + 1, max(c - k, 0):c + k + 1].reshape(-1, 3).astype(int)


def rgb255(colour) -> np.ndarray:
    return np.round(np.array(to_rgb(colour)) * 255).astype(int)


def distance_to_polyline(points, rows, cols):
    """Distance (pixels) from every (row, col) to the polyline through ``points`` (N, 2)."""
    q = np.stack([rows, cols], axis=-1).astype(float)
    best = np.full(len(q), np.inf)
    if len(points) == 1:
        return np.linalg.norm(q - points[0], axis=-1)
    for a, b in zip(points[:-1], points[1:]):
        d = b - a
        dd = float(d @ d)
        s = np.clip(((q - a) @ d) / dd, 0, 1) if dd > 0 else np.zeros(len(q))
        best = np.minimum(best, np.linalg.norm(q - (a + s[:, None] * d), axis=-1))
    return best


def all_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def legends(fig) -> list:
    """Every legend of the figure: under it, or in one of its axes (e.g. a side column)."""
    return list(fig.legends) + [a.get_legend() for a in fig.axes if a.get_legend() is not None]


def the_legend(fig):
    found = legends(fig)
    assert len(found) == 1, f"expected one legend, found {len(found)}"
    return found[0]


def legend_texts(fig) -> list[str]:
    return [t.get_text() for t in the_legend(fig).get_texts()]


def path_line(ax, label):
    lines = [ln for ln in ax.lines if ln.get_label() == label]
    assert len(lines) == 1, (label, [ln.get_label() for ln in ax.lines])
    return lines[0]


@pytest.fixture(scope="module")
def himmelblau():
    return landscape.get("himmelblau")


@pytest.fixture(scope="module")
def rosenbrock():
    return landscape.get("rosenbrock")


@pytest.fixture(scope="module")
def gd_path(himmelblau):
    """A run that stays well inside the default view, with visibly spaced steps."""
    t = run(himmelblau, "gd", steps=7, start=(-1.0, -1.0), lr=0.01)
    (x0, x1), (y0, y1) = himmelblau.bounds
    assert t.diverged_at is None
    # it stops short of the minimum, whose star would cover the path's last points
    assert min(np.linalg.norm(t.params[-1] - np.array(m)) for m in himmelblau.minima) > 0.5
    assert np.all((t.params[:, 0] > x0) & (t.params[:, 0] < x1))
    assert np.all((t.params[:, 1] > y0) & (t.params[:, 1] < y1))
    assert np.linalg.norm(t.params[-1] - t.params[0]) > 2.0  # it travels across the view
    return t


@pytest.fixture(scope="module")
def diverging(rosenbrock):
    t = run(rosenbrock, "gd", steps=30, start=(-1.5, 2.0), lr=0.01)
    assert t.diverged_at is not None
    return t


# -- A. the path is where the trajectory is ---------------------------------------------

def test_path_is_drawn_at_the_trajectory_and_nowhere_else(himmelblau, gd_path):
    with_path = animations.plot(himmelblau, [gd_path], resolution=RES, legend=False)
    without = animations.plot(himmelblau, [], resolution=RES, legend=False)
    img_w, img_0 = render(with_path), render(without)
    assert img_w.shape == img_0.shape
    ax_w, ax_0 = surface_axes(with_path), surface_axes(without)
    # same layout, so that the two renders can be compared pixel for pixel
    np.testing.assert_allclose(ax_w.get_position().bounds, ax_0.get_position().bounds)
    np.testing.assert_allclose(ax_w.get_xlim(), himmelblau.bounds[0])
    np.testing.assert_allclose(ax_w.get_ylim(), himmelblau.bounds[1])

    rows, cols = to_pixels(ax_w, img_w, gd_path.params)
    changed = [np.any(patch(img_w, r, c) != patch(img_0, r, c)) for r, c in zip(rows, cols)]
    assert np.mean(changed) >= 0.95, f"only {np.mean(changed):.0%} of the path's points changed"

    # far from the path (and its start/end markers) nothing changed at all
    H, W = img_w.shape[:2]
    rr, cc = np.mgrid[0:H:2, 0:W:2]
    rr, cc = rr.ravel(), cc.ravel()
    dist = distance_to_polyline(np.stack([rows, cols], -1).astype(float), rr, cc)
    far = dist > 25
    assert far.mean() > 0.5
    differ = np.any(img_w[rr[far], cc[far]] != img_0[rr[far], cc[far]], axis=-1)
    assert not differ.any(), f"{differ.sum()} pixels far from the path changed"

    # and a corner of the contour panel, far from every point, is identical
    (x0, x1), (y0, y1) = himmelblau.bounds
    corner = np.array([[x1 - 0.3, y0 + 0.3]])
    (r,), (c,) = to_pixels(ax_w, img_w, corner)
    assert np.min(np.hypot(rows - r, cols - c)) > 40
    np.testing.assert_array_equal(patch(img_w, r, c, 8), patch(img_0, r, c, 8))


@pytest.mark.parametrize("name, theme, expected", [
    ("gd", "paper", "#0072B2"),
    ("momentum", "paper", "#E69F00"),
    ("adam", "paper", THEMES["paper"].ink),
    ("adam", "dark", THEMES["dark"].ink),
])
def test_path_has_its_optimizer_colour(himmelblau, name, theme, expected):
    hyper = {"lr": 0.01} if name != "adam" else {"lr": 0.15}
    if name == "momentum":
        hyper = {"lr": 0.002}
    t = run(himmelblau, name, steps=12, start=(-1.0, -1.0), **hyper)
    assert t.diverged_at is None
    fig = animations.plot(himmelblau, [t], resolution=RES, theme=theme)
    ax = surface_axes(fig)
    assert to_rgb(path_line(ax, t.label).get_color()) == pytest.approx(to_rgb(expected))
    img = render(fig)
    inner = t.params[1:-1]  # interior points: step dots on the line
    near_star = np.min([np.linalg.norm(inner - np.array(m), axis=1) for m in himmelblau.minima],
                       axis=0) < 0.3
    rows, cols = to_pixels(ax, img, inner[~near_star])
    target = rgb255(expected)
    hits = [np.min(np.abs(patch(img, r, c) - target).max(axis=1)) <= 30
            for r, c in zip(rows, cols)]
    assert np.mean(hits) >= 0.8, f"{expected} found at only {np.mean(hits):.0%} of the path"


# -- legend, divergence, minima ---------------------------------------------------------

def test_legend_labels_are_the_trajectory_labels(rosenbrock):
    runs = [run(rosenbrock, "adam", start=(-1.5, 2.0), lr=0.05),
            run(rosenbrock, "momentum", start=(-1.5, 2.0), lr=1e-3, momentum=0.9),
            run(rosenbrock, "rmsprop", start=(-1.5, 2.0), lr=0.01)]
    fig = animations.plot(rosenbrock, runs, resolution=RES)
    assert legend_texts(fig) == [t.label for t in runs]
    assert legend_texts(fig) == ["Adam (lr=0.05)", "Momentum (lr=0.001)", "RMSprop (lr=0.01)"]
    # the legend's handles carry the paths' colours
    ax = surface_axes(fig)
    handles = the_legend(fig).legend_handles
    for h, t in zip(handles, runs):
        assert to_rgb(h.get_color()) == to_rgb(path_line(ax, t.label).get_color())


def test_no_legend_without_trajectories_or_when_turned_off(rosenbrock, diverging):
    assert legends(animations.plot(rosenbrock, [], resolution=RES)) == []
    assert legends(animations.plot(rosenbrock, [diverging], resolution=RES, legend=False)) == []
    assert legends(animations.plot(rosenbrock, [diverging], resolution=RES, legend=False,
                                   theme="slides")) == []


def test_divergence_is_marked_with_its_step(rosenbrock, diverging):
    assert diverging.diverged_at == 4  # GD lr=0.01 from (-1.5, 2) explodes on its 4th step
    fig = animations.plot(rosenbrock, [diverging], resolution=RES)
    texts = [s for s in all_texts(fig) if "diverged" in s]
    # its step 2, (0.57, -2.5), is below the view's y >= -1: the X is there, not at step 4
    assert texts == [f"diverged at step {diverging.diverged_at}\n(out of view from step 2)"]
    ax = surface_axes(fig)
    crosses = [ln for ln in ax.lines if ln.get_marker() == "X"]
    assert len(crosses) == 1
    # the X sits inside the view, where the path leaves it
    (x0, x1), (y0, y1) = rosenbrock.bounds
    x, y = crosses[0].get_xdata()[0], crosses[0].get_ydata()[0]
    assert x0 <= x <= x1 and y0 <= y <= y1


def test_no_divergence_text_when_nothing_diverges(himmelblau, gd_path):
    fig = animations.plot(himmelblau, [gd_path], resolution=RES, loss_panel=True)
    assert not any("diverged" in s for s in all_texts(fig))
    assert not [ln for ln in surface_axes(fig).lines if ln.get_marker() == "X"]


def test_each_divergence_gets_its_own_caption(rosenbrock, diverging):
    other = run(rosenbrock, "gd", steps=30, start=(-1.5, 2.0), lr=0.02)
    assert other.diverged_at is not None
    fig = animations.plot(rosenbrock, [diverging, other], resolution=RES)
    texts = sorted(s.split("\n")[0] for s in all_texts(fig) if s.startswith("diverged"))
    assert texts == sorted(f"diverged at step {t.diverged_at}" for t in (diverging, other))


@pytest.mark.parametrize("view", ["2d", "3d"])
def test_a_run_out_of_view_long_before_it_diverges_says_both_steps(view):
    # GD lr=0.21 on eig (1, 10): y_t = (1 - 2.1)^t y_0 = (-1.1)^t * 1.2 leaves |y| <= 2 when
    # 1.1^t > 2 / 1.2, at t = 6; it is declared diverged only at step 98.  The X is where
    # it left: a caption saying only "step 98" sends the student to the wrong place.
    s = landscape.get("quadratic", kappa=10)
    t = run(s, "gd", steps=300, start=(-1.8, 1.2), lr=0.21)
    leaves = int(np.ceil(np.log(2 / 1.2) / np.log(1.1)))
    assert leaves == 6 and t.diverged_at == 98
    fig = animations.plot(s, [t], resolution=RES, view=view)
    texts = [x for x in all_texts(fig) if x.startswith("diverged")]
    assert texts == [f"diverged at step 98\n(out of view from step {leaves})"]


@pytest.mark.parametrize("view", ["2d", "3d"])
def test_a_run_that_diverges_where_it_leaves_the_view_says_one_step(view):
    # GD lr=30 on eig (1, 10): y_1 = -299 * 1.2 is in a +-1000 view, y_2 = 299^2 * 1.2 is not
    s = landscape.get("quadratic", kappa=10)
    t = run(s, "gd", steps=10, start=(-1.8, 1.2), lr=30)
    assert t.diverged_at == 2
    fig = animations.plot(s, [t], resolution=RES, view=view, bounds=((-1e3, 1e3), (-1e3, 1e3)))
    assert [x for x in all_texts(fig) if x.startswith("diverged")] == ["diverged at step 2"]


def test_3d_view_on_a_slide_widens_its_box_to_fill_the_cell(rosenbrock):
    # a 3-D axes is square: on 16:9, matplotlib's default box leaves a third of the slide
    # empty; the box grows along x (and zooms) on wide cells only
    wide = animations.plot(rosenbrock, [], resolution=RES, view="3d", theme="slides").axes[0]
    square = animations.plot(rosenbrock, [], resolution=RES, view="3d").axes[0]
    wx, wy, _ = wide.get_box_aspect()
    sx, sy, _ = square.get_box_aspect()
    assert wx / wy > 1.2 and sx / sy == pytest.approx(1.0)


@pytest.mark.parametrize("name", ["rosenbrock", "himmelblau", "six_hump_camel", "booth"])
def test_known_minima_are_starred(name):
    s = landscape.get(name)
    fig = animations.plot(s, [], resolution=RES)
    stars = [ln for ln in surface_axes(fig).lines if ln.get_marker() == "*"]
    got = sorted((float(ln.get_xdata()[0]), float(ln.get_ydata()[0])) for ln in stars)
    want = sorted((float(x), float(y)) for x, y in s.minima)
    assert len(got) == len(want) >= 1
    np.testing.assert_allclose(got, want)


def test_surface_without_minima_has_no_star():
    fig = animations.plot(landscape.get("saddle"), [], resolution=RES)
    assert not [ln for ln in surface_axes(fig).lines if ln.get_marker() == "*"]


@pytest.mark.parametrize("theme", ["paper", "dark"])
def test_highest_loss_region_is_filled(rosenbrock, theme):
    fig = animations.plot(rosenbrock, [], resolution=RES, theme=theme)
    img = render(fig)
    ax = surface_axes(fig)
    (x0, x1), (y0, y1) = rosenbrock.bounds
    # f(-1.95, -0.95) ~ 2200: among the highest values in view, so the top colour
    (r,), (c,) = to_pixels(ax, img, [[x0 + 0.05, y0 + 0.05]])
    top = rgb255(THEMES[theme].cmap(1.0))
    assert np.abs(patch(img, r, c, 0)[0] - top).max() <= 12, (patch(img, r, c, 0)[0], top)


# -- panels, 3-D, composition -----------------------------------------------------------

def test_loss_panel_is_a_log_scale_axes(rosenbrock, diverging):
    adam = run(rosenbrock, "adam", start=(-1.5, 2.0), lr=0.05)
    fig = animations.plot(rosenbrock, [adam, diverging], resolution=RES, loss_panel=True)
    labels = [a.get_label() for a in fig.axes]
    assert labels[:2] == ["surface", "loss"]
    loss_ax = fig.axes[labels.index("loss")]
    assert loss_ax.get_yscale() == "log"
    # one curve per run, in the run's colour
    ax = surface_axes(fig)
    for t in (adam, diverging):
        curve = path_line(loss_ax, t.label)
        assert len(curve.get_xdata()) == len(t.loss)
        assert to_rgb(curve.get_color()) == to_rgb(path_line(ax, t.label).get_color())
    assert "loss" not in [a.get_label() for a in
                          animations.plot(rosenbrock, [adam], resolution=RES).axes]


def test_3d_view_gives_a_3d_axes(rosenbrock):
    adam = run(rosenbrock, "adam", start=(-1.5, 2.0), lr=0.05)
    fig = animations.plot(rosenbrock, [adam], resolution=RES, view="3d")
    ax = surface_axes(fig)
    assert ax.name == "3d"
    render(fig)
    assert legend_texts(fig) == [adam.label]


def test_3d_view_marks_divergence_where_the_path_leaves_and_draws_paths_over_the_surface(
        rosenbrock):
    from mpl_toolkits.mplot3d import proj3d

    start = (-1.5, 2.0)
    runs = [run(rosenbrock, "gd", start=start, lr=1e-2), run(rosenbrock, "adam", start=start, lr=0.05)]
    gd, adam = runs
    assert gd.diverged_at is not None and adam.diverged_at is None
    fig = animations.plot(rosenbrock, runs, resolution=RES, view="3d")
    ax = surface_axes(fig)
    img = render(fig)
    assert [t.get_text() for t in ax.texts] == [f"diverged at step {gd.diverged_at}\n"
                                                "(out of view from step 2)"]
    exit_xy = exit_point(gd.params, rosenbrock.bounds)
    z = np.log10(1 + rosenbrock.value(exit_xy))          # the view's lift (f* = 0)
    x, y, _ = proj3d.proj_transform(exit_xy[0], exit_xy[1], z, ax.get_proj())
    r, c = to_pixels(ax, img, [(x, y)])
    gd_colour = rgb255(path_line(ax, gd.label).get_color())
    # the X sits there, in GD's colour, over (not under) the translucent surface
    assert np.any(np.all(np.abs(patch(img, r[0], c[0], 2) - gd_colour) <= 6, axis=1))


def test_bad_view_is_a_value_error(rosenbrock):
    with pytest.raises(ValueError, match="4d"):
        animations.plot(rosenbrock, [], view="4d", resolution=RES)


def test_plot_loss_alone(rosenbrock, diverging):
    adam = run(rosenbrock, "adam", start=(-1.5, 2.0), lr=0.05)
    fig = animations.plot_loss([adam, diverging], surface=rosenbrock)
    (ax,) = fig.axes
    assert ax.get_label() == "loss" and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [adam.label, diverging.label]
    # each optimizer's own colour: Adam is the ink, GD the Okabe-Ito blue
    assert to_rgb(path_line(ax, adam.label).get_color()) == to_rgb(THEMES["paper"].ink)
    assert to_rgb(path_line(ax, diverging.label).get_color()) == to_rgb("#0072B2")
    render(fig)


def test_ax_composes_into_the_users_figure(monkeypatch, rosenbrock, diverging):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plot called plt.show()"))
    before = plt.get_fignums()
    user = Figure(figsize=(8, 4))
    left, right = user.subplots(1, 2)
    got = animations.plot(rosenbrock, [diverging], ax=right, resolution=RES)
    assert got is user
    assert plt.get_fignums() == before
    assert right.get_label() == "surface" and len(right.lines) > 0
    assert len(left.lines) == 0
    got = animations.plot_loss([diverging], ax=left, surface=rosenbrock)
    assert got is user and len(left.lines) > 0
    assert plt.get_fignums() == before


def test_ax_composes_into_a_pyplot_figure(monkeypatch, rosenbrock, diverging):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plot called plt.show()"))
    fig, (a, b) = plt.subplots(1, 2)
    try:
        before = plt.get_fignums()
        assert animations.plot(rosenbrock, [diverging], ax=b, resolution=RES) is fig
        assert plt.get_fignums() == before
    finally:
        plt.close(fig)


def test_plot_creates_no_pyplot_figure(monkeypatch, rosenbrock, diverging, tmp_path):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plot called plt.show()"))
    before = plt.get_fignums()
    animations.plot(rosenbrock, [diverging], resolution=RES, loss_panel=True,
                    out=tmp_path / "f.png")
    animations.plot_loss([diverging], out=tmp_path / "l.png")
    assert plt.get_fignums() == before


def test_ax_with_loss_panel_is_refused(rosenbrock):
    user = Figure()
    with pytest.raises(ValueError, match="loss_panel"):
        animations.plot(rosenbrock, [], ax=user.add_subplot(), loss_panel=True)


# -- themes -----------------------------------------------------------------------------

def _border_luminance(img, k=6):
    frame = np.concatenate([img[:k].reshape(-1, 3), img[-k:].reshape(-1, 3),
                            img[:, :k].reshape(-1, 3), img[:, -k:].reshape(-1, 3)])
    return float(np.mean(frame @ np.array([0.2126, 0.7152, 0.0722])))


@pytest.mark.parametrize("theme", ["paper", "slides", "dark"])
@pytest.mark.parametrize("loss_panel", [False, True])
def test_every_theme_renders(rosenbrock, diverging, theme, loss_panel):
    fig = animations.plot(rosenbrock, [diverging], theme=theme, loss_panel=loss_panel,
                          resolution=RES)
    img = render(fig)
    h, w = img.shape[:2]
    if theme in ("slides", "dark"):
        assert w / h == pytest.approx(16 / 9, rel=0.01)
    lum = _border_luminance(img)
    if theme == "dark":
        assert lum < 40
    else:
        assert lum > 230
    assert legend_texts(fig) == [diverging.label]
    assert any(s.startswith("diverged at step 4\n") for s in all_texts(fig))


@pytest.mark.parametrize("theme", ["slides", "dark"])
def test_slides_and_dark_png_are_1920x1080(rosenbrock, diverging, theme, tmp_path):
    sizes = []
    for panel in (False, True):
        out = tmp_path / f"{theme}-{panel}.png"
        animations.plot(rosenbrock, [diverging], theme=theme, loss_panel=panel,
                        resolution=RES, out=out)
        sizes.append(Image.open(out).size)
    assert sizes == [(1920, 1080), (1920, 1080)]


def test_slides_type_is_larger_than_paper(rosenbrock):
    sizes = {}
    for theme in ("paper", "slides"):
        ax = surface_axes(animations.plot(rosenbrock, [], theme=theme, resolution=RES))
        sizes[theme] = ax.xaxis.label.get_fontsize()
    assert sizes["slides"] >= 1.5 * sizes["paper"]


def test_unknown_theme_suggests(rosenbrock):
    with pytest.raises(ValueError, match="did you mean 'slides'"):
        animations.plot(rosenbrock, [], theme="slidez", resolution=RES)


# -- files ------------------------------------------------------------------------------

MAGIC = {".png": lambda b: b.startswith(PNG_MAGIC),
         ".svg": lambda b: b.lstrip().startswith(b"<?xml") and b"<svg" in b[:2000],
         ".pdf": lambda b: b.startswith(b"%PDF-")}


@pytest.mark.parametrize("ext", [".png", ".svg", ".pdf", ".PNG"])
def test_output_format_follows_the_extension(rosenbrock, diverging, tmp_path, ext):
    out = tmp_path / f"fig{ext}"
    fig = animations.plot(rosenbrock, [diverging], resolution=RES, out=out)
    assert isinstance(fig, Figure)
    data = out.read_bytes()
    assert MAGIC[ext.lower()](data), data[:20]
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temp files left


@pytest.mark.parametrize("ext", [".png", ".pdf"])
def test_same_call_writes_the_same_bytes(rosenbrock, diverging, tmp_path, ext):
    a, b = tmp_path / f"a{ext}", tmp_path / f"b{ext}"
    for out in (a, b):
        animations.plot(rosenbrock, [diverging], resolution=RES, loss_panel=True, out=out)
    assert a.read_bytes() == b.read_bytes()


def test_same_call_writes_the_same_svg_bytes(rosenbrock, diverging, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (a, b):
        animations.plot(rosenbrock, [diverging], resolution=RES, out=out)
    assert a.read_bytes() == b.read_bytes()


def test_plot_loss_writes_files(diverging, tmp_path):
    out = tmp_path / "loss.pdf"
    animations.plot_loss([diverging], out=out)
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("func", ["plot", "plot_loss"])
def test_jpg_is_refused_and_nothing_written(rosenbrock, diverging, tmp_path, func):
    out = tmp_path / "fig.jpg"
    with pytest.raises(ValueError, match=r"'\.jpg'"):
        if func == "plot":
            animations.plot(rosenbrock, [diverging], resolution=RES, out=out)
        else:
            animations.plot_loss([diverging], out=out)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_refused_and_nothing_written(rosenbrock, diverging, tmp_path):
    out = tmp_path / "missing" / "fig.png"
    with pytest.raises(ValueError, match="does not exist"):
        animations.plot(rosenbrock, [diverging], resolution=RES, out=out)
    assert list(tmp_path.iterdir()) == []


def test_failed_drawing_does_not_clobber_an_existing_file(rosenbrock, diverging, tmp_path):
    out = tmp_path / "fig.png"
    out.write_bytes(b"old figure")
    with pytest.raises(ValueError, match="levels"):
        animations.plot(rosenbrock, [diverging], resolution=RES, levels=1, out=out)
    assert out.read_bytes() == b"old figure"
    assert [p.name for p in tmp_path.iterdir()] == ["fig.png"]


def test_failed_save_does_not_clobber_an_existing_file(monkeypatch, rosenbrock, diverging,
                                                       tmp_path):
    """A failure half-way through writing leaves the old file and no temporary file."""
    out = tmp_path / "fig.png"
    out.write_bytes(b"old figure")

    def broken_savefig(self, fname, *args, **kwargs):
        with open(fname, "wb") as fh:
            fh.write(PNG_MAGIC + b"half a figure")
        raise RuntimeError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken_savefig)
    with pytest.raises(RuntimeError, match="disk full"):
        animations.plot(rosenbrock, [diverging], resolution=RES, out=out)
    assert out.read_bytes() == b"old figure"
    assert [p.name for p in tmp_path.iterdir()] == ["fig.png"]


def test_successful_save_replaces_an_existing_file(rosenbrock, diverging, tmp_path):
    out = tmp_path / "fig.png"
    out.write_bytes(b"old figure")
    animations.plot(rosenbrock, [diverging], resolution=RES, out=out)
    assert out.read_bytes().startswith(PNG_MAGIC)
    assert [p.name for p in tmp_path.iterdir()] == ["fig.png"]


def test_written_png_is_the_rendered_figure(himmelblau, gd_path, tmp_path):
    out = tmp_path / "fig.png"
    fig = animations.plot(himmelblau, [gd_path], resolution=RES, out=out)
    saved = np.asarray(Image.open(io.BytesIO(out.read_bytes())).convert("RGB"))
    assert saved.shape == render(fig).shape


# -- palette ----------------------------------------------------------------------------

def _colours(fig, runs):
    ax = surface_axes(fig)
    return [matplotlib.colors.to_hex(path_line(ax, t.label).get_color()).upper() for t in runs]


def test_each_optimizer_keeps_its_colour_across_figures(rosenbrock):
    start = (-1.5, 2.0)
    gd = run(rosenbrock, "gd", start=start, lr=1e-3)
    adam = run(rosenbrock, "adam", start=start, lr=0.05)
    mom = run(rosenbrock, "momentum", start=start, lr=1e-3)
    rms = run(rosenbrock, "rmsprop", start=start, lr=1e-2)
    one = _colours(animations.plot(rosenbrock, [gd, adam], resolution=RES), [gd, adam])
    two = _colours(animations.plot(rosenbrock, [rms, mom, adam, gd], resolution=RES),
                   [rms, mom, adam, gd])
    assert one == [OPTIMIZER_COLOURS["gd"], THEMES["paper"].ink.upper()]
    assert two == ["#CC79A7", "#E69F00", THEMES["paper"].ink.upper(), "#0072B2"]


def test_a_second_run_of_one_optimizer_is_a_shade_of_its_colour_in_another_line_style(rosenbrock):
    start = (-1.5, 2.0)
    runs = [run(rosenbrock, "gd", start=start, lr=lr) for lr in (1e-3, 2e-3, 5e-4)]
    fig = animations.plot(rosenbrock, runs, resolution=RES)
    colours = _colours(fig, runs)
    assert colours[0] == "#0072B2"
    hue = matplotlib.colors.rgb_to_hsv(matplotlib.colors.to_rgb("#0072B2"))[0]
    for c in colours[1:]:   # darker or lighter, the same blue
        assert c != colours[0] and abs(matplotlib.colors.rgb_to_hsv(matplotlib.colors.to_rgb(c))[0] - hue) < 0.02
    styles = [path_line(surface_axes(fig), t.label).get_linestyle() for t in runs]
    assert styles == ["-", "--", ":"]


def test_colours_in_one_figure_are_distinct_and_the_optimizers_own():
    names = ("gd", "sgd", "minibatch", "momentum", "nesterov", "rmsprop", "adam", "adagrad")
    s = landscape.get("linreg", n=40)
    runs = [optimizers.run(s, optimizers.get(n, lr=1e-3), steps=20) for n in names]
    colours = _colours(animations.plot(s, runs, resolution=RES), runs)
    assert len(set(colours)) == len(colours)
    # Okabe & Ito's eight colours (black for Adam) and a brown for Nesterov, beside orange momentum
    assert set(colours) == (OKABE_ITO - {"#F0E442"}) | {THEMES["paper"].ink.upper(), "#8C6D31"}


def test_gd_and_sgd_differ_in_hue_not_only_in_lightness():
    """At the back of a hall two blues merge: GD, SGD and mini-batch are three hues."""
    hues = [matplotlib.colors.rgb_to_hsv(matplotlib.colors.to_rgb(OPTIMIZER_COLOURS[n]))[0]
            for n in ("gd", "sgd", "minibatch")]
    assert min(abs(a - b) for i, a in enumerate(hues) for b in hues[i + 1:]) > 0.1


def test_a_repeated_optimizer_does_not_take_another_optimizers_colour(rosenbrock):
    start = (-1.5, 2.0)
    mom = run(rosenbrock, "momentum", start=start, lr=1e-3)
    gds = [run(rosenbrock, "gd", start=start, lr=1e-3), run(rosenbrock, "gd", start=start, lr=1e-2)]
    alone = _colours(animations.plot(rosenbrock, [mom], resolution=RES), [mom])
    together = _colours(animations.plot(rosenbrock, gds + [mom], resolution=RES), gds + [mom])
    assert together[2] == alone[0] == "#E69F00"


def _luminance(hex_colour):
    """WCAG relative luminance of ``#RRGGBB``."""
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def test_dark_theme_keeps_colours_but_adam_turns_white_and_gd_lighter(rosenbrock):
    start = (-1.5, 2.0)
    runs = [run(rosenbrock, name, start=start, lr=lr)
            for name, lr in (("gd", 1e-3), ("adam", 0.05), ("momentum", 1e-3))]
    colours = _colours(animations.plot(rosenbrock, runs, theme="dark", resolution=RES), runs)
    assert colours[1:] == [THEMES["dark"].ink.upper(), "#E69F00"]
    slate = _luminance("#33485E")                  # the middle of the dark theme's contours
    contrast = [(_luminance(c) + 0.05) / (slate + 0.05) for c in (colours[0], "#0072B2")]
    assert contrast[0] >= 3 > 2 > contrast[1]      # GD's Okabe-Ito blue was too dark to read
    assert colours[0] not in ("#0072B2", "#56B4E9")  # still not SGD's sky blue


def test_every_path_colour_reads_on_the_dark_theme():
    """At least 3:1 against the slate of the contours (WCAG's bar for graphics), and still
    one colour per optimizer."""
    dark = THEMES["dark"]
    slate = _luminance("#33485E")
    shown = {name: dark.colour(c) for name, c in OPTIMIZER_COLOURS.items()}
    for name, c in shown.items():
        assert (_luminance(c) + 0.05) / (slate + 0.05) >= 3, (name, c)
    assert len(set(shown.values())) == len(shown)


def test_no_tmp_files_left_in_cwd(tmp_path, monkeypatch, rosenbrock, diverging):
    """Relative output paths are written beside themselves (the current folder)."""
    monkeypatch.chdir(tmp_path)
    animations.plot(rosenbrock, [diverging], resolution=RES, out="rel.png")
    assert sorted(os.listdir(tmp_path)) == ["rel.png"]


@pytest.mark.parametrize("theme", ["paper", "slides", "dark"])
def test_epoch_ticks_never_run_into_each_other(theme):
    surface = landscape.get("linreg", n=200, noise=0.5)
    runs = [optimizers.run(surface, optimizers.get("sgd", lr=0.05), epochs=20, seed=0)]
    fig = animations.plot(surface, runs, theme=theme, loss_panel=True, resolution=RES)
    render(fig)
    loss_ax = next(a for a in fig.axes if a.get_label() == "loss")
    assert loss_ax.get_xlabel() == "epoch"
    boxes = [t.get_window_extent() for t in loss_ax.get_xticklabels()
             if t.get_text() and loss_ax.get_xlim()[0] <= t.get_position()[0] <= loss_ax.get_xlim()[1]]
    assert len(boxes) >= 3
    assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:]))     # left to right, apart


def test_with_a_loss_panel_the_name_is_the_figures_title_at_full_size():
    """A data surface's long name spans both panels instead of shrinking to one."""
    surface = landscape.get("linreg", n=200, noise=0.5)
    runs = [optimizers.run(surface, optimizers.get("gd", lr=0.1), steps=20)]
    fig = animations.plot(surface, runs, loss_panel=True, resolution=RES)
    render(fig)
    title = fig.get_suptitle()
    assert title == surface.label and fig._suptitle.get_fontsize() == THEMES["paper"].font * 1.15
    assert surface_axes(fig).get_title(loc="left") == ""
    box = fig._suptitle.get_window_extent()
    assert box.x1 > surface_axes(fig).get_window_extent().x1        # it runs on past the panel
    assert box.x1 < fig.bbox.width


def test_the_divergence_x_on_the_edge_is_whole(rosenbrock):
    """The X sits where the run leaves the view; half of it lies outside the axes, and
    it is drawn there too instead of being cut in half by the frame."""
    gd = run(rosenbrock, "gd", start=(-1.5, 2.0), lr=1e-2)
    fig = animations.plot(rosenbrock, [gd], resolution=RES)
    ax = surface_axes(fig)
    img = render(fig)
    at = exit_point(gd.params, rosenbrock.bounds)
    assert at[1] == rosenbrock.bounds[1][0]                     # on the bottom edge
    r, c = to_pixels(ax, img, [at])
    below = patch(img, r[0] + 5, c[0], 2)                        # under the frame
    colour = rgb255(path_line(ax, gd.label).get_color())
    assert np.any(np.all(np.abs(below - colour) <= 6, axis=1))


def test_smooth_loss_curves_are_drawn_over_noisy_ones():
    surface = landscape.get("linreg", n=200, noise=0.5)
    runs = [optimizers.run(surface, optimizers.get("sgd", lr=0.05), epochs=5, seed=0),
            optimizers.run(surface, optimizers.get("gd", lr=0.1), epochs=5)]
    fig = animations.plot(surface, runs, loss_panel=True, resolution=RES)
    loss_ax = next(a for a in fig.axes if a.get_label() == "loss")
    z = {ln.get_label(): ln.get_zorder() for ln in loss_ax.lines}
    assert z[runs[1].label] > z[runs[0].label]                   # GD over SGD's band


def test_3d_view_rings_the_start_and_keeps_the_front_corner_free(rosenbrock):
    from mpl_toolkits.mplot3d import proj3d

    gd = run(rosenbrock, "gd", start=(-1.5, 2.0), lr=1e-3)   # blue: the ring is ink
    fig = animations.plot(rosenbrock, [gd], resolution=RES, view="3d")
    ax = surface_axes(fig)
    img = render(fig)
    z = np.log10(1 + rosenbrock.value(gd.params[0]))
    x, y, _ = proj3d.proj_transform(*gd.params[0], z, ax.get_proj())
    r, c = to_pixels(ax, img, [(x, y)])
    ring = patch(img, r[0], c[0], 7)                     # the ring's edge is in this square
    assert np.any(np.all(np.abs(ring - rgb255(THEMES["paper"].ink)) <= 40, axis=1))
    (x0, x1), (y0, y1) = rosenbrock.bounds
    assert max(ax.get_xticks()) < x1 and min(ax.get_yticks()) > y0   # the corner's two ticks


@pytest.mark.parametrize("theme, loss_panel, values", [
    ("paper", True, True), ("slides", False, True),
    ("paper", False, False)])        # one narrow panel: the bare formula, rather than none
def test_the_formula_says_what_its_letters_are_where_there_is_room(theme, loss_panel, values):
    fig = animations.plot(landscape.get("rosenbrock", b=10), [], theme=theme,
                          loss_panel=loss_panel, resolution=RES)
    texts = [surface_axes(fig).get_title(loc="right")] + [t.get_text() for a in fig.axes
                                                          for t in a.texts]
    shown = [t for t in texts if t.startswith("f = (a − x)²")]
    assert len(shown) == 1 and ("a = 1, b = 10" in shown[0]) == values


def test_a_loss_within_a_decade_gets_plain_round_ticks():
    """Rastrigin's Adam settles in a local minimum near 32: its log axis spans less than a
    decade, where matplotlib would label minor ticks as 4.6x10^1."""
    s = landscape.get("rastrigin")
    t = run(s, "adam", steps=100, lr=0.1)
    assert t.loss.max() < 30 * t.loss.min()
    fig = animations.plot(s, [t], loss_panel=True, resolution=RES)
    render(fig)
    loss_ax = next(a for a in fig.axes if a.get_label() == "loss")
    labels = [x.get_text() for x in loss_ax.get_yticklabels() + loss_ax.get_yticklabels(minor=True)
              if x.get_text()]
    assert len(labels) >= 2 and all(x.replace(".", "").isdigit() for x in labels), labels


@pytest.mark.parametrize("view", ["2d", "3d"])
def test_bounds_set_the_window(himmelblau, gd_path, view):
    fig = animations.plot(himmelblau, [gd_path], bounds=((-2.0, 1.0), (-3.0, 0.5)), view=view,
                          resolution=RES)
    ax = surface_axes(fig)
    assert ax.get_xlim() == pytest.approx((-2.0, 1.0)) and ax.get_ylim() == pytest.approx((-3.0, 0.5))


def test_save_figure_takes_a_string_path_and_checks_it(himmelblau, tmp_path):
    fig = animations.plot(himmelblau, resolution=RES)
    animations.save_figure(fig, str(tmp_path / "x.png"))
    assert (tmp_path / "x.png").read_bytes().startswith(PNG_MAGIC)
    with pytest.raises(ValueError, match="save_figure: cannot write .*'.jpg'"):
        animations.save_figure(fig, str(tmp_path / "x.jpg"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.png"]


@pytest.mark.parametrize("theme", ["paper", "slides", "dark"])
def test_a_wide_view_fills_the_figure(theme):
    # six-hump camel's view is 4 x 2.4: on paper the figure is no taller than it needs, on a
    # slide the legend goes under the panel instead of into a column beside it
    s = landscape.get("six_hump_camel")
    fig = animations.plot(s, [run(s, "gd", lr=0.01)], resolution=RES, theme=theme)
    render(fig)
    box = surface_axes(fig).get_window_extent()
    assert box.width * box.height / (fig.bbox.width * fig.bbox.height) > 0.5
    assert [a for a in fig.axes if not a.axison and a.get_label() != "<colorbar>"] == []  # no side column
    square = animations.plot(landscape.get("himmelblau"), [], resolution=RES, theme=theme)
    assert tuple(square.get_size_inches()) == THEMES[theme].figsize


@pytest.mark.parametrize("theme", ["paper", "dark"])
def test_an_x_on_the_top_edge_stays_clear_of_the_title(theme):
    s = landscape.get("quadratic", kappa=10)
    t = run(s, "gd", steps=300, start=(-1.8, 1.2), lr=0.21)      # leaves through the top
    fig = animations.plot(s, [t], resolution=RES, theme=theme)
    render(fig)
    ax = surface_axes(fig)
    (cross,) = [ln for ln in ax.lines if ln.get_marker() == "X"]
    assert cross.get_ydata()[0] == pytest.approx(2.0)
    x_box = cross.get_window_extent()
    title = ax._left_title.get_window_extent()
    assert x_box.y1 < title.y0 or x_box.x1 < title.x0 or x_box.x0 > title.x1


def test_a_start_outside_the_view_is_said_on_its_edge():
    s = landscape.get("himmelblau")
    runs = [run(s, "gd", steps=50, start=(7.0, 7.0), lr=0.001), run(s, "adam", steps=50, start=(7.0, 7.0), lr=0.1)]
    fig = animations.plot(s, runs, resolution=RES)
    notes = [t for t in surface_axes(fig).texts if "out of view" in t.get_text()]
    assert [n.get_text() for n in notes] == ["start (7, 7) out of view"]       # one for both runs
    assert tuple(notes[0].xy) == (5.0, 5.0)                                   # on the nearest corner
    inside = animations.plot(s, [run(s, "gd", steps=5, start=(1.0, 1.0), lr=0.001)], resolution=RES)
    assert not [t for t in surface_axes(inside).texts if "out of view" in t.get_text()]
    many = optimizers.run(s, optimizers.get("gd", lr=0.001), np.array([[1.0, 1.0], [9.0, 0.0], [0.0, -8.0]]),
                          steps=5)
    fig = animations.plot(s, [many], resolution=RES)
    assert [t.get_text() for t in surface_axes(fig).texts if "out of view" in t.get_text()] == [
        "2 of 3 starts out of view"]


@pytest.mark.parametrize("name", ["quadratic", "rosenbrock", "himmelblau", "booth"])
def test_the_formula_shows_in_a_gif_frame_as_in_the_figure_and_clears_the_name(name):
    # a length estimate dropped the formula from 800x600 frames where it fits
    from animations.frames import Scene
    s = landscape.get(name)
    t = run(s, "gd", steps=3, lr=1e-4)
    for fig in (animations.plot(s, [t], resolution=RES), Scene(s, [t], THEMES["paper"], (800, 600), resolution=RES).fig):
        render(fig)
        ax = fig.axes[0]
        assert ax.get_title(loc="right"), name
        assert ax._left_title.get_window_extent().x1 < ax._right_title.get_window_extent().x0


def test_a_run_that_ends_outside_the_view_says_where():
    # the saddle x^2 - y^2 from (-1, 0.001): the runs slide off along y without diverging
    s = landscape.get("saddle")
    runs = [run(s, "gd", steps=100, start=(-1.0, 0.001), lr=0.05), run(s, "adam", steps=100, start=(-1.0, 0.001), lr=0.05)]
    assert not any(t.diverged for t in runs) and all(abs(t.params[-1][1]) > 2 for t in runs)
    fig = animations.plot(s, runs, resolution=RES)
    notes = sorted(t.get_text() for t in surface_axes(fig).texts if t.get_text().startswith("end "))
    want = sorted(f"end ({tick_text(t.params[-1][0])}, {tick_text(t.params[-1][1])}) out of view" for t in runs)
    assert notes == want
    render(fig)                                            # stacked, not on top of each other
    boxes = [t.get_window_extent() for t in surface_axes(fig).texts if t.get_text().startswith("end ")]
    assert not boxes[0].overlaps(boxes[1])
    inside = animations.plot(s, [run(s, "gd", steps=5, start=(-1.0, 0.001), lr=0.05)], resolution=RES)
    assert not [t for t in surface_axes(inside).texts if "out of view" in t.get_text()]
