"""The sweep figures and ``lossviz sweep``: panels, titles, shared scales, bounds, the table."""
import csv

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import QuadMesh

import landscape
import optimizers
from animations import plot_outcome_curve, plot_phase, plot_sweep
from clitools import lossviz, lossviz_main, one_line_error

QUAD = landscape.get("quadratic", kappa=10)
LRS = [0.01, 0.1, 0.19, 0.21]


def panels(fig):
    return [a for a in fig.axes if a.get_label() == "panel"]


@pytest.fixture(scope="module")
def gd_sweep():
    return optimizers.sweep(QUAD, "gd", {"lr": LRS}, start=(-1.8, 1.2))


@pytest.mark.parametrize("theme", ["paper", "slides", "dark"])
def test_one_panel_per_value_titled_with_value_and_outcome(gd_sweep, theme):
    fig = plot_sweep(gd_sweep, QUAD, theme=theme, resolution=60)
    axes = panels(fig)
    assert len(axes) == 4
    titles = [a.get_title(loc="left").replace("\n", " ").replace("\xa0", " ") for a in axes]     # (wrapped to the panel)
    # closed form on kappa=10: monotone below 0.1, zigzag from 0.1 to 0.2, diverges above 0.2
    assert titles[0].startswith("lr = 0.01 (0.05 × 2/λmax) too slow: loss")
    assert titles[1].startswith("lr = 0.1 (0.5 × 2/λmax) converged in")
    assert titles[2].startswith("lr = 0.19 (0.95 × 2/λmax) oscillating")
    assert titles[3].startswith("lr = 0.21 (1.05 × 2/λmax) diverged at step")
    # the path leaves the window [-2, 2] long before its loss explodes: the title says both
    y = 1.2 * (1 - 0.21 * 10) ** np.arange(100)                # the closed form along y
    left = int(np.argmax(np.abs(y) > 2))
    assert titles[3].endswith(f"(out of view from step {left})")
    assert "critical 2/λmax = 0.2" in fig._suptitle.get_text()
    # the first panel shows the Hessian's eigen-directions at the minimum: x has curvature 1, y 10
    named = {t.get_text(): t.xy for t in axes[0].texts if t.get_text().startswith("λ")}
    assert set(named) == {"λ = 1", "λ = 10"}
    assert named["λ = 1"][1] == pytest.approx(0) and named["λ = 10"][0] == pytest.approx(0)
    # one colour scale: every panel's contours share their levels, and one colour bar
    filled = [c for a in axes for c in a.get_children() if getattr(c, "filled", False)]
    assert len(filled) == 4 and len({tuple(np.round(c.levels, 12)) for c in filled}) == 1
    assert len({(c.norm.vmin, c.norm.vmax) for c in filled}) == 1
    # one colour bar for all panels (beside the last one when they make one row)
    every = [*fig.axes, *(c for a in fig.axes for c in a.child_axes)]
    assert sum(1 for a in every if a.get_label() == "<colorbar>") == 1
    # shared axes: one x and y window
    assert len({a.get_xlim() for a in axes}) == 1 and len({a.get_ylim() for a in axes}) == 1


@pytest.mark.parametrize("theme", ["paper", "slides", "dark"])
def test_eight_panels_titles_never_overlap(theme):
    s = optimizers.sweep(QUAD, "momentum", {"momentum": [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99]},
                         lr=0.02, start=(-1.8, 1.2), steps=150)
    fig = plot_sweep(s, QUAD, theme=theme, resolution=40)
    FigureCanvasAgg(fig).draw()
    boxes = [a._left_title.get_window_extent() for a in panels(fig)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    fig_box = fig.bbox
    assert all(b.x1 <= fig_box.x1 + 1 and b.x0 >= fig_box.x0 - 1 for b in boxes)
    if theme != "paper":
        w, h = fig.get_size_inches()
        assert abs(w / h - 16 / 9) < 0.01 and len({a.get_position().y0 for a in panels(fig)}) == 2


def test_each_panel_draws_its_own_member(gd_sweep):
    fig = plot_sweep(gd_sweep, QUAD, resolution=40)
    for k, ax in enumerate(panels(fig)):
        alone = optimizers.run(QUAD, optimizers.get("gd", lr=LRS[k]), start=(-1.8, 1.2))
        drawn = [ln for ln in ax.lines if len(ln.get_xdata()) > 5]
        xy = np.column_stack([drawn[0].get_xdata(), drawn[0].get_ydata()])[:10]
        assert len(xy) >= 5      # (a diverging path is drawn until it leaves the view, on its edge)
        np.testing.assert_allclose(xy[:-1], alone.params[:len(xy) - 1])


def test_outcome_curve_shades_from_the_first_diverged_rate_and_draws_the_bound():
    lrs = np.geomspace(1e-3, 0.4, 120)
    s = optimizers.sweep(QUAD, "gd", {"lr": lrs}, start=(-1.8, 1.2), record="summary")
    fig = plot_outcome_curve(s, QUAD)
    ax = fig.axes[0]
    first = lrs[np.argmax(s.kinds() == "diverged")]
    span = [p for p in ax.patches][0]
    assert span.get_x() == pytest.approx(first) and first == pytest.approx(0.2, rel=0.06)
    verticals = sorted(ln.get_xdata()[0] for ln in ax.lines if ln.get_linestyle() == "--")
    assert verticals == pytest.approx([1 / 10, 2 / 10])          # 1/lambda_max, 2/lambda_max
    dots = {ln.get_label().split(" (")[0]: len(ln.get_xdata()) for ln in ax.lines if ln.get_marker() == "o"}
    counts = {k: int((s.kinds() == k).sum()) for k in ("converged", "oscillating", "slow")}
    assert dots == {"converged": counts["converged"], "oscillating": counts["oscillating"],
                    "too slow": counts["slow"]}


def test_phase_map_colours_each_cell_and_draws_the_momentum_boundary():
    lrs, betas = np.geomspace(1e-2, 1.0, 30), np.linspace(0, 0.9, 10)
    s = optimizers.sweep(QUAD, "momentum", {"lr": lrs, "momentum": betas}, start=(1.0, 1.0),
                         record="summary", steps=100)
    fig = plot_phase(s, QUAD)
    ax = fig.axes[0]
    boundary = [ln for ln in ax.lines if ln.get_linestyle() == "--"][0]
    np.testing.assert_allclose(boundary.get_xdata(), (2 + 2 * betas) / 10)
    np.testing.assert_allclose(boundary.get_ydata(), betas)
    meshes = [c for c in ax.collections if isinstance(c, QuadMesh)]
    steps = meshes[0].get_array()
    diverged = ~meshes[2].get_array().mask.reshape(s.shape)
    assert (diverged == (s.kinds() == "diverged")).all()
    # a diverged cell lies right of the boundary, a converged one left of it
    crit = ((2 + 2 * betas) / 10)[:, None]
    assert not (diverged & (lrs[None, :] < crit * 0.97)).any()
    assert steps.count() == sum(o.step is not None and o.kind != "diverged" for o in s.outcomes)
    # every cell has a colour: steps, not converged, or diverged (none left blank)
    covered = ~steps.mask.reshape(s.shape) | ~meshes[1].get_array().mask.reshape(s.shape) | diverged
    assert covered.all()


def test_lossviz_sweep_panels_table_and_csv(tmp_path):
    done = lossviz(tmp_path, "sweep", "quadratic:kappa=10", "--opt", "gd", "--lr", "0.01,0.1,0.19,0.21",
                   "--start=-1.8,1.2", "--steps", "120", "-o", "s.png", "--csv", "s.csv")
    assert len(panels(done.figure)) == 4 and (tmp_path / "s.png").stat().st_size > 10_000
    (t,) = done.runs
    assert t.steps == 120 and t.params[0, 0].tolist() == [-1.8, 1.2]
    with open(tmp_path / "s.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert [float(r["lr"]) for r in rows] == LRS
    assert [r["outcome"] for r in rows] == ["slow", "converged", "oscillating", "diverged"]
    # lr = 0.1: x_t = (1 - 0.1)^t x0 and y_t = 0 from step 1; converged when 0.9^t 1.8 <= 1e-3 |g0|
    g0 = np.hypot(1.8, 10 * 1.2)
    assert int(rows[1]["step"]) == next(t for t in range(1, 120) if 0.9**t * 1.8 <= 1e-3 * g0)
    assert any(line.strip().startswith("0.21") and "diverged at step" in line for line in done.lines)


def test_lossviz_sweep_many_values_draws_the_curve_two_draw_the_phase_map(tmp_path):
    curve = lossviz(tmp_path, "sweep", "quadratic", "--lr", "1e-3..0.4:50:log", "-o", "c.png",
                    "--metric", "steps")
    ax = curve.figure.axes[0]
    assert ax.get_label() == "outcome" and ax.get_ylabel() == "steps to converge"
    np.testing.assert_allclose(curve.runs[0].optimizer["lr"], np.geomspace(1e-3, 0.4, 50))
    forced = lossviz(tmp_path, "sweep", "quadratic", "--lr", "0.1,0.2", "--curve", "-o", "f.png")
    assert forced.figure.axes[0].get_label() == "outcome"
    phase = lossviz(tmp_path, "sweep", "quadratic", "--opt", "momentum", "--lr", "0.01..0.5:5",
                    "--vary", "momentum=0,0.5,0.9", "-o", "p.png", "--theme", "dark")
    assert phase.figure.axes[0].get_label() == "phase"
    assert phase.figure.get_facecolor()[:3] == pytest.approx((11 / 255, 15 / 255, 20 / 255))
    assert phase.runs[0].params.shape[1] == 15


def test_lossviz_sweep_tol_is_used(tmp_path):
    loose = lossviz(tmp_path, "sweep", "quadratic", "--lr", "0.05", "--tol", "0.1", "-o", "a.png")
    tight = lossviz(tmp_path, "sweep", "quadratic", "--lr", "0.05", "--tol", "1e-4", "--steps", "400",
                    "-o", "b.png")
    assert loose.runs[0].converged_at[0] < tight.runs[0].converged_at[0]


@pytest.mark.parametrize("args, words", [
    (["--lr", ""], ["--lr has no values"]),
    (["--lr", "0..1:10"], ["--lr 0..1:10", "lr[0]=0.0 must be > 0"]),
    (["--lr", "-0.1..1:3"], ["lr[0]=-0.1 must be > 0"]),
    (["--lr", "1e-3..0:3:log"], ["finite LO < HI"]),
    (["--lr", "0..1:3:log"], ["a log range needs LO > 0"]),
    (["--lr", "1..2:1"], ["N=1 must be from 2 to 1000"]),
    (["--lr", "1..2:x"], ["must be LO..HI:N or LO..HI:N:log"]),
    (["--lr", "0.1", "--vary", "lr=0.2"], ["lr is varied twice"]),
    (["--vary", "momentum=0,0.5", "--vary", "momentum=0.9"], ["momentum is varied twice"]),
    (["--opt", "momentum", "--vary", "momentum=0,1"], ["--vary momentum=0,1", "momentum[1]=1.0 must be in [0, 1)"]),
    (["--vary", "betta1=0.1"], ["vary='betta1' is unknown"]),
    (["--opt", "adam", "--vary", "betta1=0.1"], ["did you mean 'beta1'"]),
    (["--lr", "0.1", "--start", "5,5"], ["--start 5,5 is outside the view"]),
    (["--lr", "0.1", "--start", "1"], ["--start '1' has 1 number"]),
    ([], ["give the values to sweep"]),
    (["--lr", "0.1", "--tol", "2"], ["--tol 2 must be between 0 and 1"]),
    (["--lr", "0.1", "--csv", "out.txt"], ["out.txt", ".csv"]),
    (["--opt", "gd:lr=0.1", "--lr", "0.2"], ["lr is varied and also fixed"]),
    (["--lr", "0.1", "--vary", "momentum=0.1", "--vary", "beta1=0.1"], ["3 hyper-parameters varied"]),
    (["--vary", "momentum"], ["--vary 'momentum' must be KEY=VALUES"]),
])
def test_bad_sweeps_are_one_line_exit_2_and_write_nothing(args, words, tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys, "sweep", "quadratic", *args, "-o", "s.png")
    one_line_error(code, out, err, *words)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- many starts and basins
HIMMEL = landscape.get("himmelblau")


def test_himmelblau_has_four_basins_whose_shares_add_up_and_whose_ends_are_single_runs():
    starts = landscape.starts(HIMMEL, "grid", 12)
    t = optimizers.run(HIMMEL, optimizers.get("gd", lr=0.01), start=starts, steps=500, record="summary")
    found, labels = optimizers.basins(t, tol=0.1)
    assert len(found) == 4 and sum(b.share for b in found) == pytest.approx(1.0)
    assert sum(len(b.members) for b in found) == len(starts) and (labels >= 0).all()
    literature = np.array([[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]])
    for b in found:
        assert np.min(np.linalg.norm(literature - b.point, axis=1)) < 1e-4 and b.loss < 1e-12
    for k in (0, 17, 77, 143):
        alone = optimizers.run(HIMMEL, optimizers.get("gd", lr=0.01), start=starts[k], steps=500)
        np.testing.assert_array_equal(t.final[k], alone.final)
        assert np.linalg.norm(found[labels[k]].point - alone.final) < 1e-6


def test_basins_count_the_diverged_and_the_unconverged_apart():
    starts = np.array([[3.1, 2.1], [-2.7, 3.0], [4.9, 4.9], [0.0, 0.0]])
    t = optimizers.run(HIMMEL, optimizers.get("gd", lr=0.03), start=starts, steps=3, record="summary")
    found, labels = optimizers.basins(t, tol=0.1)
    assert optimizers.DIVERGED in labels or optimizers.UNCONVERGED in labels
    assert all((labels == optimizers.DIVERGED) == [d is not None for d in t.diverged_at])


def test_starts_grid_and_random_cover_the_view_and_random_follows_the_seed():
    grid = landscape.starts(HIMMEL, "grid", 4)
    assert grid.shape == (16, 2) and grid.min() == -3.75 and grid.max() == 3.75   # cell centres of [-5, 5]
    a, b = landscape.starts(HIMMEL, "random", 50, seed=3), landscape.starts(HIMMEL, "random", 50, seed=3)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, landscape.starts(HIMMEL, "random", 50, seed=4))
    assert (np.abs(a) <= 5).all()


@pytest.mark.parametrize("theme", ["paper", "slides", "dark"])
def test_basin_figure_colours_every_start_and_names_each_point(theme):
    t = optimizers.run(HIMMEL, optimizers.get("gd", lr=0.01), start=landscape.starts(HIMMEL, "grid", 10),
                       steps=500, record="summary")
    fig = plot_basins_fig(t, theme)
    ax = fig.axes[0]
    dots = [c for c in ax.collections if c.get_offsets().shape[0] > 1 and not getattr(c, "filled", False)]
    assert sum(len(c.get_offsets()) for c in dots) == 100
    texts = sorted(x.get_text() for x in ax.texts)
    assert texts == ["f = 0"] * 4
    legend = (fig.legends + [a.get_legend() for a in fig.axes if a.get_legend()])[0]
    shares = [float(x.get_text().rsplit(": ", 1)[1].rstrip("%")) for x in legend.get_texts()]
    assert len(shares) == 4 and sum(shares) == pytest.approx(100, abs=2)


def plot_basins_fig(t, theme):
    from animations import plot_basins
    return plot_basins(HIMMEL, t, optimizers.basins(t, tol=0.1), theme=theme, resolution=50)


def test_lossviz_basins_reports_each_point_and_its_share(tmp_path):
    done = lossviz(tmp_path, "basins", "himmelblau", "--opt", "gd:lr=0.01", "--starts", "grid:10",
                   "--steps", "400", "-o", "b.png")
    (t,) = done.runs
    assert t.params.shape == (2, 100, 2) and t.optimizer["lr"] == 0.01
    shares = [float(line.split("%")[0].split()[-1]) for line in done.lines if "of the starts" in line]
    assert len(shares) == 4 and sum(shares) == pytest.approx(100, abs=0.5)
    rnd = lossviz(tmp_path, "basins", "himmelblau", "--starts", "random:40", "--seed", "5", "-o", "r.png")
    np.testing.assert_array_equal(rnd.runs[0].params[0], landscape.starts(HIMMEL, "random", 40, seed=5))


def test_several_starts_run_each_optimizer_from_each_and_the_loss_panel_says_median(tmp_path):
    done = lossviz(tmp_path, "plot", "himmelblau", "--opt", "gd:lr=0.01", "--opt", "adam:lr=0.1",
                   "--start", "1,1", "--start=-1,-1", "--start", "0,4", "--steps", "50", "--loss-panel",
                   "-o", "m.png")
    for t in done.runs:
        assert t.params.shape == (51, 3, 2)
        np.testing.assert_array_equal(t.params[0], [[1, 1], [-1, -1], [0, 4]])
    loss_ax = [a for a in done.figure.axes if a.get_label() == "loss"][0]
    assert loss_ax.get_title(loc="left") == "lines: median of 3 starts; bands: 10–90% of them"
    median = [ln for ln in loss_ax.lines if ln.get_label() == done.runs[0].label][0]
    np.testing.assert_allclose(median.get_ydata(), np.median(done.runs[0].loss, axis=1))


@pytest.mark.parametrize("args, words", [
    (["--starts", "grid:0"], ["--starts grid:0", "n=0"]),
    (["--starts", "hex:5"], ["--starts hex:5", "how='hex' is unknown"]),
    (["--starts", "grid:x"], ["--starts 'grid:x' must be grid:N or random:N"]),
    (["--start", "1,1"], ["basins: give several starts"]),
    (["--start", "1,1", "--start", "9,9"], ["--start 9,9 is outside the view"]),
    (["--start", "1,1", "--starts", "grid:3"], ["give --start or --starts, not both"]),
    (["--opt", "adam:lr=0"], ["adam: lr=0 must be > 0"]),
    (["--tol", "0"], ["--tol 0 must be between 0 and 1"]),
])
def test_bad_basins_are_one_line_exit_2(args, words, tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys, "basins", "himmelblau", *args, "-o", "b.png")
    one_line_error(code, out, err, *words)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- what a new user found
def test_a_table_that_cannot_be_written_leaves_the_old_figure(tmp_path, capsys):
    (tmp_path / "keep.png").write_bytes(b"yesterday's figure")
    code, out, err = lossviz_main(tmp_path, capsys, "sweep", "quadratic", "--lr", "0.1,0.2",
                                  "-o", "keep.png", "--csv", "/proc/lossviz-sweep.csv")
    one_line_error(code, out, err, "cannot write '/proc/lossviz-sweep.csv'")
    assert (tmp_path / "keep.png").read_bytes() == b"yesterday's figure"


@pytest.mark.parametrize("argv, words", [
    (["sweep", "quadratic", "--opt", "gd", "--opt", "adam", "--lr", "0.1"],
     ["sweep runs one optimizer; got --opt gd --opt adam"]),
    (["basins", "himmelblau", "--opt", "gd:lr=0.01", "--opt", "adam:lr=0.1"], ["basins runs one optimizer"]),
    (["sweep", "quadratic:kappa=10", "--lr", "0.1", "--bounds", "1,2,1,2"],
     ["the start -1.8,1.2 (the surface's own; give --start) is outside the view"]),
    (["sweep", "quadratic", "--vary", "batch_size=1,2"], ["batch_size cannot vary within one run"]),
    (["sweep", "quadratic", "--lr", "0.1", "--csv", ""], ["sweep --csv: the output path is empty"]),
])
def test_what_a_new_user_tried_is_one_line(argv, words, tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys, *argv, "-o", "x.png")
    one_line_error(code, out, err, *words)
    assert list(tmp_path.iterdir()) == []


def test_more_values_than_a_slide_holds_draw_the_curve_and_say_so(tmp_path):
    paper = lossviz(tmp_path, "sweep", "quadratic", "--lr", "0.01..0.22:12", "-o", "p.png")
    assert len(panels(paper.figure)) == 12
    slides = lossviz(tmp_path, "sweep", "quadratic", "--lr", "0.01..0.22:12", "--theme", "slides", "-o", "s.png")
    assert slides.figure.axes[0].get_label() == "outcome"
    assert "12 values are more panels than fit, 8" in slides.lines[1]
    titles = [a.get_title(loc="left") for a in panels(paper.figure)]
    assert titles[1].startswith("lr = 0.0291 ")             # three digits, not 0.0290909


def test_a_network_surface_sweeps_as_a_curve(tmp_path):
    done = lossviz(tmp_path, "sweep", "mlp:data=moons,n=40,hidden=4", "--lr", "0.1,0.5", "--steps", "20",
                   "-o", "m.png")
    assert done.figure.axes[0].get_label() == "outcome" and "panels need a 2-D surface" in done.lines[1]


def test_momentum_panels_name_their_multiple_of_the_momentum_bound():
    s = optimizers.sweep(QUAD, "momentum", {"lr": [0.05, 0.39]}, momentum=0.9, start=(-1.8, 1.2))
    titles = [a.get_title(loc="left").replace("\n", " ").replace("\xa0", " ") for a in panels(plot_sweep(s, QUAD, resolution=30))]
    # (2 + 2 * 0.9) / 10 = 0.38
    assert titles[1].startswith(f"lr = 0.39 ({0.39 / 0.38:.3g} × (2 + 2β)/λmax) diverged at step")


def test_a_coarse_phase_map_stays_within_what_the_values_allow():
    s = optimizers.sweep(QUAD, "momentum", {"lr": [0.1, 0.3], "momentum": [0.0, 0.9]}, record="summary")
    ax = plot_phase(s, QUAD).axes[0]
    assert ax.get_ylim() == (0.0, 1.0) and ax.get_xlim()[0] >= 0


def test_steps_curve_draws_the_unconverged_hollow_at_the_budget():
    lrs = np.geomspace(1e-3, 0.4, 30)
    s = optimizers.sweep(QUAD, "gd", {"lr": lrs}, record="summary")
    ax = plot_outcome_curve(s, QUAD, metric="steps").axes[0]
    hollow = [ln for ln in ax.lines if ln.get_marker() == "o" and ln.get_markerfacecolor() == "none"]
    never = sum(o.step is None and o.kind != "diverged" for o in s.outcomes)
    assert sum(len(ln.get_xdata()) for ln in hollow) == never > 0
    assert all((ln.get_ydata() == 100).all() for ln in hollow)
    assert [o.words for o in optimizers.outcomes(s)] == [o.words for o in s.outcomes]   # a Sweep: its run


def test_eigen_arrows_stay_in_the_view():
    h = landscape.get("himmelblau")
    s = optimizers.sweep(h, "gd", {"lr": [0.001, 0.01]})
    ax = panels(plot_sweep(s, h, resolution=30))[0]
    tips = [t.xy for t in ax.texts if t.get_text().startswith("λ")]
    assert len(tips) == 2 and all(-5 <= x <= 5 and -5 <= y <= 5 for x, y in tips)


@pytest.mark.parametrize("theme", ["paper", "slides", "dark"])
def test_four_panels_make_one_row_with_a_colour_bar_as_tall_as_them(gd_sweep, theme):
    # on 16:9, two rows of square panels left a gap wider than a panel between the columns
    fig = plot_sweep(gd_sweep, QUAD, theme=theme, resolution=30)
    FigureCanvasAgg(fig).draw()
    boxes = [a.get_window_extent() for a in panels(fig)]
    assert len({round(b.y0) for b in boxes}) == 1                          # one row
    gaps = [b.x0 - a.x1 for a, b in zip(boxes, boxes[1:])]
    assert max(gaps) < 0.3 * boxes[0].width                               # no gulf between them
    (bar,) = [c for a in fig.axes for c in a.child_axes if c.get_label() == "<colorbar>"]
    e = bar.get_window_extent()
    assert e.height == pytest.approx(boxes[-1].height, rel=0.02) and e.x0 > boxes[-1].x1


def test_a_panel_title_keeps_the_critical_multiple_on_one_line():
    s = landscape.get("rosenbrock")
    sw = optimizers.sweep(s, "momentum", {"lr": [1e-4, 5e-4, 1e-3]}, start=(-1.5, 2.0), steps=50)
    for ax in panels(plot_sweep(sw, s, theme="slides", resolution=30)):
        (line,) = [x for x in ax.get_title(loc="left").split("\n") if "×" in x]
        assert "λmax)" in line and line.count("(") == line.count(")")


def test_a_panel_whose_path_leaves_the_view_says_so():
    # Adam at lr=2 on Beale runs past x = 4.5 on its way to (3, 0.5): cut at the edge
    s = landscape.get("beale")
    sw = optimizers.sweep(s, "adam", {"lr": [0.01, 2.0]}, steps=300)
    (x0, x1), (y0, y1) = s.bounds
    P = sw.trajectory.params
    left = [bool(np.any((P[:, k, 0] < x0) | (P[:, k, 0] > x1) | (P[:, k, 1] < y0) | (P[:, k, 1] > y1)))
            for k in range(2)]
    assert left == [False, True]
    titles = [a.get_title(loc="left").replace("\n", " ") for a in panels(plot_sweep(sw, s, resolution=30))]
    assert ["(partly out of view)" in t for t in titles] == left
