"""One-dimensional losses: the classics, a user's f(x), their curve figures and animations."""
from __future__ import annotations

import numpy as np
import pytest

import animations
import landscape
import optimizers
from animations.draw import get_theme
from animations.frames import Scene, frame_steps
from clitools import files, gif_frames, lossviz, lossviz_main, one_line_error, rgb255

CURVES = ["bowl", "quartic", "double_well", "tilted_well", "plateau"]


@pytest.mark.parametrize("name", CURVES)
def test_derivative_matches_finite_differences(name):
    s = landscape.get(name)
    x = np.linspace(*s.bounds[0], 9)[:, None]
    h = 1e-6
    numeric = (s.value(x + h) - s.value(x - h)) / (2 * h)
    assert s.grad(x).shape == x.shape
    assert np.allclose(s.grad(x)[:, 0], numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", CURVES)
def test_known_minima_are_minima(name):
    s = landscape.get(name)
    for (m,) in s.minima:
        assert abs(s.grad([[m]])[0, 0]) < 1e-9
        assert s.value([m - 1e-3]) > s.value([m]) < s.value([m + 1e-3])


def test_gd_on_the_bowl_is_geometric_and_diverges_past_two_over_a():
    a, x0 = 4.0, -1.5
    s = landscape.get("bowl", a=a)
    for lr in (0.1, 0.45, 0.49):
        t = optimizers.run(s, optimizers.get("gd", lr=lr), start=(x0,), steps=30)
        assert np.allclose(t.params[:, 0], (1 - lr * a) ** np.arange(31) * x0, rtol=1e-12, atol=1e-300)
    t = optimizers.run(s, optimizers.get("gd", lr=0.51), start=(x0,), steps=30)
    assert abs(t.params[-1, 0]) > abs(x0)


def test_the_tilted_well_has_a_global_and_a_local_minimum():
    s = landscape.get("tilted_well", tilt=0.3)
    roots = sorted(r.real for r in np.roots([4, 0, -4, 0.3]) if abs(r.imag) < 1e-12)
    lows = [r for r in roots if 12 * r * r - 4 > 0]            # f'' > 0: the two minima
    assert [round(m, 9) for m in landscape.local_minima(s)] == [round(m, 9) for m in lows]
    assert s.minima[0][0] == pytest.approx(lows[0], abs=1e-12)  # the tilt lowers the left one
    # GD from the right settles in the local minimum, momentum carries over the hump
    gd = optimizers.run(s, optimizers.get("gd", lr=0.05), steps=200)
    heavy = optimizers.run(s, optimizers.get("momentum", lr=0.02), steps=200)
    assert gd.params[-1, 0] == pytest.approx(lows[1], abs=1e-4)
    assert heavy.params[-1, 0] == pytest.approx(lows[0], abs=1e-3)


def test_on_the_plateau_gd_stalls_and_adam_walks_off():
    s = landscape.get("plateau")
    gd = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=200)
    adam = optimizers.run(s, optimizers.get("adam", lr=0.05), steps=200)
    assert abs(gd.params[-1, 0] - s.start[0]) < 0.01
    assert abs(adam.params[-1, 0]) < 0.01


def test_a_users_function_of_one_variable():
    s = landscape.from_function(lambda x: (x - 1) ** 2, dim=1, bounds=(-3, 3))
    assert s.bounds == ((-3.0, 3.0),) and s.dim == 1
    assert landscape.local_minima(s) == pytest.approx([1.0], abs=1e-9)
    t = optimizers.run(s, optimizers.get("gd", lr=0.25), steps=40)   # the gap halves a step
    assert t.params[-1, 0] == pytest.approx(1.0, abs=1e-6)
    fig = animations.plot(s, [t])
    assert fig.axes[0].get_xlim() == (-3.0, 3.0)


def test_the_figure_draws_each_step_on_the_curve():
    s = landscape.get("bowl")
    t = optimizers.run(s, optimizers.get("gd", lr=0.3), steps=10)
    fig = animations.plot(s, [t], loss_panel=True, tangents=True)
    ax = next(a for a in fig.axes if a.get_label() == "surface")
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_xlabel() == "x" and ax.get_ylabel() == "f(x)"
    lo, hi = ax.get_ylim()
    assert lo < 0 < 2.0 < hi                              # the whole curve is in view
    dots = [line for line in ax.get_lines() if len(line.get_xdata()) == 11]
    x, y = np.asarray(dots[0].get_xdata()), np.asarray(dots[0].get_ydata())
    assert np.allclose(x, t.params[:, 0]) and np.allclose(y, 0.5 * x**2)   # points on f
    # the tangents: at the run's points (the first at its start, then none closer than
    # 1/16 of the window to the last), each with the slope f'(x) = x there
    tangents = [line for line in ax.get_lines() if len(line.get_xdata()) == 2]
    middles = [float(np.mean(line.get_xdata())) for line in tangents]
    assert 3 <= len(tangents) < 11 and middles[0] == pytest.approx(t.params[0, 0])
    assert all(np.isclose(t.params[:, 0], m).any() for m in middles)
    assert min(np.diff(middles)) >= 4.0 / 16 - 1e-12
    for line, xt in zip(tangents, middles):
        (xa, xb), (ya, yb) = line.get_xdata(), line.get_ydata()
        assert (yb - ya) / (xb - xa) == pytest.approx(xt) and (ya + yb) / 2 == pytest.approx(0.5 * xt**2)
    stars = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert [(float(line.get_xdata()[0]), float(np.ravel(line.get_ydata())[0])) for line in stars] == [(0.0, 0.0)]


def test_a_local_minimum_is_marked_hollow_the_global_one_filled():
    s = landscape.get("tilted_well")
    fig = animations.plot(s, [])
    stars = [line for line in fig.axes[0].get_lines() if line.get_marker() == "*"]
    filled = {round(float(line.get_xdata()[0]), 4): line.get_markerfacecolor() != "none" for line in stars}
    assert filled == {round(s.minima[0][0], 4): True, round(landscape.local_minima(s)[1], 4): False}


def test_the_animation_heads_ride_the_curve(tmp_path):
    s = landscape.get("double_well")
    runs = [optimizers.run(s, optimizers.get("gd", lr=0.05), start=(0.1,), steps=60),
            optimizers.run(s, optimizers.get("gd", lr=0.05), start=(-0.1,), steps=60)]
    out = tmp_path / "wells.gif"
    anim = animations.animate(s, runs, out=out, frames=7, size=(400, 300), progress=False)
    assert anim.frames == 7
    frames = gif_frames(out)
    scene = Scene(s, runs, get_theme("paper"), (400, 300))
    ax = next(a for a in scene.fig.axes if a.get_label() == "surface")
    colours = [rgb255(c) for c in scene.colours]
    for i, step in enumerate(frame_steps(scene.last_step, 7)):
        for k in (0, 1):
            x = runs[k].params[step, 0]
            px, py = ax.transData.transform((x, s.value([x])))
            r, c = int(round(scene.size[1] - py)), int(round(px))
            patch = frames[i][0][r - 1:r + 2, c - 1:c + 2].reshape(-1, 3)
            assert any(tuple(p) == colours[k] for p in patch) or k == 0 and i == 0, (i, k)
    scene.close()


def test_command_line_draws_and_animates_a_curve(tmp_path):
    done = lossviz(tmp_path, "plot", "bowl:a=2", "--opt", "gd:lr=0.9", "--opt", "gd:lr=1.1",
                   "--steps", "20", "--loss-panel", "--tangents", "-o", "b.png")
    assert [t.params.shape for t in done.runs] == [(21, 1), (21, 1)]
    assert abs(done.runs[1].params[-1, 0]) > 1.8          # lr=1.1 > 2/a=1: the run climbs out
    lossviz(tmp_path, "animate", "plateau", "--opt", "adam:lr=0.05", "--steps", "50", "--frames",
            "5", "--size", "320x240", "-o", "p.gif")
    assert files(tmp_path) == ["b.png", "p.gif"]
    assert "plateau" in lossviz(tmp_path, "list").lines[0] + " ".join(lossviz(tmp_path, "list").lines)


@pytest.mark.parametrize("argv, words", [
    (["plot", "bowl", "--view", "3d"], ["view='3d'", "'bowl' is 1-D"]),
    (["plot", "rosenbrock", "--tangents"], ["tangents=True", "1-D", "'rosenbrock' is 2-D"]),
    (["basins", "bowl"], ["basins", "'bowl'", "2-D"]),
    (["scaling", "bowl"], ["scaling needs a data surface"]),
    (["plot", "bowl:a=-1"], ["bowl: a=-1", "curvature"]),
    (["plot", "tilted_well:tilt=3"], ["tilt=3", "one minimum"]),
])
def test_where_a_curve_does_not_fit_it_says_so(tmp_path, capsys, argv, words):
    code, out, err = lossviz_main(tmp_path, capsys, *argv, "-o", "x.png")
    one_line_error(code, out, err, *words)
    assert files(tmp_path) == []


def test_two_d_only_figures_name_the_one_d_ones_that_draw_curves():
    s = landscape.get("bowl")
    with pytest.raises(ValueError, match="plot_side_by_side needs a 2-D surface; a 1-D surface is drawn by plot and animate"):
        animations.plot_side_by_side([s])


# ---------------------------------------------------------------- the 3-D animation
def _projected(scene, xyz):
    """Pixel (row, column) of a 3-D point in the scene's 3-D axes."""
    from mpl_toolkits.mplot3d import proj3d
    ax = scene.ax
    x, y, _ = proj3d.proj_transform(*xyz, ax.get_proj())
    px, py = ax.transData.transform((x, y))
    return int(round(scene.size[1] - py)), int(round(px))


def test_3d_animation_heads_are_where_the_runs_are_on_the_surface(tmp_path):
    s = landscape.get("himmelblau")
    runs = [optimizers.run(s, optimizers.get("adam", lr=0.1), start=(-1.0, -1.0), steps=60)]
    out = tmp_path / "h3.gif"
    animations.animate(s, runs, out=out, frames=5, size=(480, 360), view="3d", progress=False)
    frames = gif_frames(out)
    scene = Scene(s, runs, get_theme("paper"), (480, 360), view="3d")
    colour = rgb255(scene.colours[0])
    for i, step in enumerate(frame_steps(scene.last_step, 5)):
        scene.frame(step)               # (sets the camera as the GIF's frame had it)
        x, y = runs[0].params[step]
        # the height is the z axis' own: log10(1 + loss - f*) on a steep surface (f* = 0 here)
        z = np.log10(1 + s.value((x, y))) if s.log_levels else s.value((x, y))
        r, c = _projected(scene, (x, y, z))
        patch = frames[i][0][r - 2:r + 3, c - 2:c + 3].reshape(-1, 3)
        assert any(np.abs(p.astype(int) - colour).max() <= 8 for p in patch), i
    scene.close()


def test_3d_orbit_turns_the_camera_and_a_still_camera_does_not(tmp_path):
    s = landscape.get("rosenbrock")
    runs = [optimizers.run(s, optimizers.get("gd", lr=1e-3), start=(-1.5, 2.0), steps=40)]
    changed = {}
    for orbit in (0.0, 90.0):
        out = tmp_path / f"o{orbit:g}.gif"
        animations.animate(s, runs, out=out, frames=4, size=(320, 240), view="3d", orbit=orbit,
                           progress=False)
        frames = gif_frames(out)
        changed[orbit] = np.mean(np.any(frames[0][0] != frames[-1][0], axis=-1))
    assert changed[0.0] < 0.05 < 0.2 < changed[90.0]


@pytest.mark.parametrize("argv, words", [
    (["animate", "bowl", "--view", "3d"], ["--view 3d", "'bowl' is 1-D"]),
    (["animate", "rosenbrock", "--orbit", "30"], ["--orbit 30", "--view 3d"]),
    (["animate", "rosenbrock", "--view", "4d"], ["--view '4d'", "2d, 3d"]),
    (["animate", "linreg", "--view", "3d", "--minibatch", "--opt", "sgd:lr=0.1"], ["view='3d'", "minibatch"]),
])
def test_bad_3d_animations_are_one_line(tmp_path, capsys, argv, words):
    code, out, err = lossviz_main(tmp_path, capsys, *argv, "--steps", "5", "-o", "x.gif")
    one_line_error(code, out, err, *words)
    assert files(tmp_path) == []
