"""Tests of the data figures: GD vs mini-batch vs SGD, the seed fan, feature scaling,
MSE vs cross-entropy, and early stopping (animations.datafigs, animations.sidebyside).

Each figure is checked by facts about what it draws (which axes, labels, lines and
markers, at which data coordinates), on small data and coarse grids so the file runs
in a few seconds.
"""
from __future__ import annotations

import dataclasses
import re

import matplotlib

matplotlib.use("Agg")  # headless; never opens a window

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

import landscape  # noqa: E402
import optimizers  # noqa: E402
from animations import figures as datafigs  # noqa: E402
from animations.draw import OPTIMIZER_COLOURS  # noqa: E402
from animations.figures import data as datafig_module  # noqa: E402

RES = 40          # contour grid points per axis: enough to draw, quick to evaluate
N, EPOCHS = 40, 4


# -- helpers -------------------------------------------------------------------------

def render(fig) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3]


def axes_labelled(fig, label):
    """Axes of the figure with that label, including inset ones (colour bars)."""
    every = [c for a in fig.axes for c in [a, *a.child_axes]]
    return [a for a in every if a.get_label() == label]


def line(ax, label):
    found = [ln for ln in ax.lines if ln.get_label() == label]
    assert len(found) == 1, (label, [ln.get_label() for ln in ax.lines])
    return found[0]


def lines_through(ax, xy):
    """The lines of ``ax`` whose data are exactly the points ``xy`` (a drawn path; not its halo)."""
    return [ln for ln in ax.lines if len(ln.get_xdata()) == len(xy) and ln.get_label() != "_halo"
            and np.allclose(ln.get_xdata(), xy[:, 0], equal_nan=True)
            and np.allclose(ln.get_ydata(), xy[:, 1], equal_nan=True)]


def markers(ax, marker):
    return [ln for ln in ax.lines if ln.get_marker() == marker]


def band(collection):
    """A fill_between polygon as ``{x: (lowest y, highest y)}``."""
    out = {}
    for path in collection.get_paths():
        for x, y in path.vertices:
            lo, hi = out.get(x, (np.inf, -np.inf))
            out[x] = (min(lo, y), max(hi, y))
    return out


def run(surface, name, seed=0, epochs=EPOCHS, **hyper):
    return optimizers.run(surface, optimizers.get(name, **hyper), epochs=epochs, seed=seed)


@pytest.fixture(scope="module")
def linreg():
    return landscape.get("linreg", n=N, noise=0.5)


@pytest.fixture(scope="module")
def three(linreg):
    """GD, mini-batch and SGD for the same number of epochs: the same data budget."""
    return [run(linreg, "gd", lr=0.1), run(linreg, "minibatch", lr=0.1, batch_size=8),
            run(linreg, "sgd", lr=0.05)]


@pytest.fixture(scope="module")
def seeds(linreg):
    return [run(linreg, "sgd", seed=k, epochs=2, lr=0.05) for k in range(5)]


@pytest.fixture(scope="module")
def overfit():
    """Ten samples: validation loss turns up after step 14 and patience stops the run."""
    s = landscape.get("linreg", n=10, noise=1.0, seed=2)
    t = optimizers.run(s, optimizers.get("gd", lr=0.1), epochs=60, validation=s.validation(),
                       patience=10)
    assert t.stopped_early and t.best == 14 and t.steps == 24
    return s, t


# -- GD vs mini-batch vs SGD -------------------------------------------------------------

def test_batch_has_iteration_epoch_and_samples_axes(linreg, three):
    fig = datafigs.plot_batch(linreg, three, resolution=RES)
    render(fig)   # secondary axes take their limits at draw time
    per_step, per_epoch = axes_labelled(fig, "loss")
    assert per_step.get_xlabel() == "iteration" and per_epoch.get_xlabel() == "epoch"
    (samples,) = per_epoch.child_axes
    assert samples.get_xlabel() == "samples processed"
    # the top axis counts samples: N per epoch
    np.testing.assert_allclose(samples.get_xlim(), np.array(per_epoch.get_xlim()) * N)
    assert per_step.get_xscale() == "symlog"   # 4 GD steps and 160 SGD steps, both readable
    assert per_step.get_yscale() == per_epoch.get_yscale() == "log"


def test_batch_draws_every_run_on_one_landscape_and_both_loss_panels(linreg, three):
    fig = datafigs.plot_batch(linreg, three, resolution=RES)
    (ax,) = axes_labelled(fig, "surface")
    per_step, per_epoch = axes_labelled(fig, "loss")
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["GD (lr=0.1): 40 samples/update, 4 updates",
                      "Mini-batch GD (lr=0.1, batch_size=8): 8 samples/update, 20 updates",
                      "SGD (lr=0.05): 1 sample/update, 160 updates"]
    for t, label in zip(three, legend):
        path = line(ax, label)
        np.testing.assert_array_equal(path.get_xydata(), t.params)
        colour = to_rgb(OPTIMIZER_COLOURS[t.optimizer["name"]])
        assert to_rgb(path.get_color()) == colour
        gap = t.loss - linreg.f_min
        for panel, xs in ((per_step, np.arange(t.steps + 1)), (per_epoch, t.epoch)):
            curve = line(panel, label)
            np.testing.assert_allclose(curve.get_xdata(), xs)
            np.testing.assert_allclose(curve.get_ydata(), gap)
            assert to_rgb(curve.get_color()) == colour
    # equal budget: every run ends at the same epoch, after N * EPOCHS samples
    assert {float(line(per_epoch, lb).get_xdata()[-1]) for lb in legend} == {EPOCHS}
    # the smooth GD curve is drawn last, on top of the noisy ones
    assert per_step.lines.index(line(per_step, legend[0])) == len(three) - 1


def test_batch_stochastic_paths_visibly_differ_from_gd(linreg, three):
    fig = datafigs.plot_batch(linreg, three, resolution=RES)
    (ax,) = axes_labelled(fig, "surface")
    render(fig)
    gd, _, sgd = three
    to_px = ax.transData.transform
    # GD goes straight down the round bowl; SGD's path wanders off that line
    a, b = to_px(gd.params[0]), to_px(gd.params[-1])
    d = (b - a) / np.linalg.norm(b - a)
    v = to_px(sgd.params) - a
    off = np.abs(d[0] * v[:, 1] - d[1] * v[:, 0])   # distance from the line through GD's path
    assert off.max() > 10, f"SGD stays within {off.max():.1f} px of GD's line"
    assert np.all(np.diff(gd.loss) < 0) and np.any(np.diff(sgd.loss) > 0)


def test_batch_needs_runs_on_data():
    s = landscape.get("quadratic")
    t = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=5)
    with pytest.raises(ValueError, match=r"plot_batch: .* has no samples"):
        datafigs.plot_batch(s, [t], resolution=RES)


# -- the seed fan --------------------------------------------------------------------------

def test_fan_band_contains_every_seed_and_the_median_is_drawn(linreg, seeds):
    fig = datafigs.plot_fan(linreg, seeds, resolution=RES)
    (loss_ax,) = axes_labelled(fig, "loss")
    by_label = {c.get_label(): c for c in loss_ax.collections}
    outer, inner = band(by_label["min-max of 5 seeds"]), band(by_label["25-75 %"])
    gaps = np.stack([t.loss - linreg.f_min for t in seeds], axis=1)   # (T+1, K)
    xs = seeds[0].epoch
    assert set(outer) == set(xs)
    lo, hi = np.array([outer[x] for x in xs]).T
    assert np.all(gaps >= lo[:, None] * (1 - 1e-12)) and np.all(gaps <= hi[:, None] * (1 + 1e-12))
    np.testing.assert_allclose(lo, gaps.min(axis=1))
    np.testing.assert_allclose(hi, gaps.max(axis=1))
    q1, q3 = np.array([inner[x] for x in xs]).T
    assert np.all((lo <= q1) & (q1 <= q3) & (q3 <= hi))
    np.testing.assert_allclose(line(loss_ax, "median").get_ydata(), np.median(gaps, axis=1))
    # in the one legend under the figure: inside the panel it needed decades of empty axis
    assert {"median", "25-75 %", "min-max of 5 seeds"} <= {t.get_text() for t in fig.legends[0].get_texts()}
    assert loss_ax.get_legend() is None
    assert loss_ax.get_ylim()[1] < 10 * np.nanmax(gaps)


def test_fan_draws_every_seed_path_and_the_reference_on_top(linreg, seeds):
    gd = run(linreg, "gd", epochs=2, lr=0.05)
    fig = datafigs.plot_fan(linreg, seeds, gd, resolution=RES)
    (ax,) = axes_labelled(fig, "surface")
    paths = [lines_through(ax, t.params) for t in seeds]
    assert all(len(p) == 1 for p in paths)          # one line per seed
    sgd_colour = to_rgb(OPTIMIZER_COLOURS["sgd"])
    assert {to_rgb(p[0].get_color()) for p in paths} == {sgd_colour}
    (gd_path,) = lines_through(ax, gd.params)
    assert gd_path.get_zorder() > max(p[0].get_zorder() for p in paths)
    assert [t.get_text() for t in fig.legends[0].get_texts()][:2] == [
        "SGD (lr=0.05), 5 seeds", "GD (lr=0.05)"]
    # the seeds really differ: their paths end in different places
    ends = np.array([t.params[-1] for t in seeds])
    assert np.ptp(ends, axis=0).max() > 0.05


def test_fan_pads_a_shorter_run(linreg, seeds):
    first = seeds[0]   # as if it had diverged after 29 steps
    short = dataclasses.replace(first, **{k: getattr(first, k)[:30] for k in (
        "params", "loss", "grad_norm", "lr", "samples", "epoch")})
    fig = datafigs.plot_fan(linreg, [short] + seeds[1:], resolution=RES)
    (loss_ax,) = axes_labelled(fig, "loss")
    assert len(line(loss_ax, "median").get_xdata()) == len(seeds[1].loss)


@pytest.mark.parametrize("case, match", [
    ("one", "at least 2"), ("mixed", "one optimizer"), ("batch", "same batch_size"),
    ("analytic", "no samples")])
def test_fan_refuses_what_is_not_a_fan(linreg, seeds, case, match):
    if case == "analytic":
        s = landscape.get("quadratic")
        runs = [optimizers.run(s, optimizers.get("gd", lr=0.1), steps=5, seed=k) for k in (0, 1)]
        with pytest.raises(ValueError, match=match):
            datafigs.plot_fan(s, runs, resolution=RES)
        return
    runs = {"one": seeds[:1], "mixed": [seeds[0], run(linreg, "gd", epochs=2, lr=0.05)],
            "batch": [seeds[0], run(linreg, "sgd", epochs=2, lr=0.05, batch_size=4)]}[case]
    with pytest.raises(ValueError, match=match):
        datafigs.plot_fan(linreg, runs, resolution=RES)


# -- feature scaling -----------------------------------------------------------------------

def test_scaling_titles_print_the_condition_number(linreg):
    raw, scaled = (landscape.get("linreg", n=N, noise=0.5, scale=s) for s in ("none", "standard"))
    gd = optimizers.get("gd", lr=0.025)
    runs = [optimizers.run(s, gd, steps=60) for s in (raw, scaled)]
    fig = datafigs.plot_scaling([raw, scaled], runs, resolution=RES)
    panels = axes_labelled(fig, "surface")
    titles = [a.get_title(loc="left") for a in panels]
    kappas = [float(re.search(r"κ = ([0-9.e+]+)", t).group(1)) for t in titles]
    assert titles[0].startswith("raw features") and titles[1].startswith("standardised")
    true = [np.linalg.cond(s.hessian(s.minima[0])) for s in (raw, scaled)]
    np.testing.assert_allclose(kappas, true, rtol=5e-3)
    assert kappas[0] > 50          # a long narrow valley
    assert kappas[1] < 1.01        # a round bowl
    # the same optimizer's path on each panel, and one legend entry for both
    for ax, t in zip(panels, runs):
        assert len(lines_through(ax, t.params)) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["GD (lr=0.025)"]
    assert fig.get_suptitle() == f"Linear regression, MSE (n={N}, noise=0.5, seed=0)"


def test_condition_number_by_differences_matches_the_bowl():
    assert datafigs.condition_number(landscape.get("quadratic", kappa=25)) == pytest.approx(25)
    s = landscape.get("rosenbrock")   # no hessian method: central differences of grad
    assert datafigs.condition_number(s, at=(1.0, 1.0)) == pytest.approx(2508.0, rel=1e-4)


# -- MSE vs cross-entropy --------------------------------------------------------------------

def test_losses_side_by_side_share_the_window_and_start():
    pair = [landscape.get(n, n=N) for n in ("logreg", "logreg_mse")]
    gd = optimizers.get("gd", lr=0.5)
    runs = [optimizers.run(s, gd, steps=40) for s in pair]
    fig = datafigs.plot_side_by_side(pair, runs, titles=["cross-entropy", "squared error"],
                                     resolution=RES)
    panels = axes_labelled(fig, "surface")
    assert [a.get_title(loc="left") for a in panels] == ["cross-entropy", "squared error"]
    assert panels[0].get_xlim() == panels[1].get_xlim()
    assert panels[0].get_ylim() == panels[1].get_ylim()
    assert len(axes_labelled(fig, "<colorbar>")) == 2     # each loss has its own scale
    assert fig.get_suptitle() == f"Logistic regression: cross-entropy vs MSE (n={N}, noise=1, seed=0)"
    for ax, t in zip(panels, runs):
        assert len(lines_through(ax, t.params)) == 1
    # cross-entropy pulls the confidently wrong start towards its minimum; MSE barely moves
    moved = [np.linalg.norm(t.params[-1] - t.params[0]) for t in runs]
    assert moved[0] > 2 * moved[1]


def test_side_by_side_checks_one_entry_per_surface(linreg):
    with pytest.raises(ValueError, match="2 titles for 1 surfaces"):
        datafigs.plot_side_by_side([linreg], titles=["a", "b"], resolution=RES)


@pytest.mark.parametrize("draw", [datafigs.plot_side_by_side, datafigs.plot_scaling])
def test_side_by_side_panels_share_the_window_given(draw):
    pair = [landscape.get("linreg", n=30, scale=s) for s in ("none", "standard")]
    fig = draw(pair, bounds=((-1.0, 2.0), (-3.0, 1.0)), resolution=RES)
    limits = [(a.get_xlim(), a.get_ylim()) for a in fig.axes if a.get_label() == "surface"]
    assert limits == [((-1.0, 2.0), (-3.0, 1.0))] * 2


# -- early stopping --------------------------------------------------------------------------

def test_earlystop_marks_the_best_point_on_both_panels(overfit):
    s, t = overfit
    fig = datafigs.plot_earlystop(s, t, resolution=RES)
    (ax,) = axes_labelled(fig, "surface")
    (loss_ax,) = axes_labelled(fig, "loss")
    (on_map,) = markers(ax, datafig_module.BEST_MARKER)
    np.testing.assert_array_equal(on_map.get_xydata()[0], t.params[t.best])
    (on_curve,) = markers(loss_ax, datafig_module.BEST_MARKER)
    np.testing.assert_array_equal(on_curve.get_xydata()[0], (t.epoch[t.best], t.val_loss[t.best]))
    assert on_map.get_label() == "best: epoch 14"
    vertical = [ln for ln in loss_ax.lines if ln.get_linestyle() == "--" and len(ln.get_xdata()) == 2]
    assert [float(ln.get_xdata()[0]) for ln in vertical] == [t.epoch[t.best]]
    np.testing.assert_array_equal(line(loss_ax, "training loss").get_ydata(), t.loss)
    np.testing.assert_array_equal(line(loss_ax, "validation loss").get_ydata(), t.val_loss)
    # the epochs of patience are shaded, from the best point to the stop
    (span,) = [p for p in loss_ax.patches if p.get_label().startswith("stopped early")]
    x0, x1 = sorted((span.get_x(), span.get_x() + span.get_width()))   # data x, axes y
    np.testing.assert_allclose([x0, x1], [t.epoch[t.best], t.epoch[-1]])
    assert span.get_label() == "stopped early (epoch 24)"
    assert [x.get_text() for x in fig.legends[0].get_texts()] == [
        "GD (lr=0.1)", "best: epoch 14", "training loss", "validation loss", "stopped early (epoch 24)"]


def test_earlystop_without_stopping_has_no_shading(overfit):
    s, _ = overfit
    t = optimizers.run(s, optimizers.get("gd", lr=0.1), epochs=20, validation=s.validation())
    fig = datafigs.plot_earlystop(s, t, x="step", resolution=RES)
    (loss_ax,) = axes_labelled(fig, "loss")
    assert not loss_ax.patches
    assert markers(axes_labelled(fig, "surface")[0], "D")[0].get_label() == f"best: step {t.best}"


def test_earlystop_needs_a_validation_loss(linreg, three):
    with pytest.raises(ValueError, match="validation=surface.validation"):
        datafigs.plot_earlystop(linreg, three[0], resolution=RES)


# -- themes, composition, files ----------------------------------------------------------------

@pytest.mark.parametrize("theme", ["paper", "slides"])
def test_every_figure_renders_in_each_theme(linreg, three, seeds, overfit, theme, tmp_path):
    s, t = overfit
    figures = {
        "batch": lambda: datafigs.plot_batch(linreg, three, **options),
        "fan": lambda: datafigs.plot_fan(linreg, seeds, **options),
        "earlystop": lambda: datafigs.plot_earlystop(s, t, **options),
        "scaling": lambda: datafigs.plot_scaling(
            [landscape.get("linreg", n=N, scale=k) for k in ("none", "standard")], **options),
    }
    for name, draw in figures.items():
        options = dict(resolution=RES, theme=theme, out=tmp_path / f"{name}.png")
        draw()
        size = Image.open(tmp_path / f"{name}.png").size
        assert size == ((1920, 1080) if theme == "slides" else (1725, 750)), (name, size)


def test_same_seed_same_bytes(linreg, tmp_path):
    def fan(out, seed):
        runs = [run(linreg, "sgd", seed=seed + k, epochs=1, lr=0.05) for k in range(3)]
        datafigs.plot_fan(linreg, runs, resolution=RES, out=out)
        return out.read_bytes()
    assert fan(tmp_path / "a.png", 0) == fan(tmp_path / "b.png", 0)
    assert fan(tmp_path / "a.png", 0) != fan(tmp_path / "c.png", 5)


def test_draws_into_the_users_figure_and_never_into_pyplot(monkeypatch, linreg, three):
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("called plt.show()"))
    before = plt.get_fignums()
    mine = Figure(figsize=(10, 5), layout="constrained")
    assert datafigs.plot_batch(linreg, three, fig=mine, resolution=RES) is mine
    assert len(axes_labelled(mine, "loss")) == 2
    assert plt.get_fignums() == before


def test_bad_output_fails_before_drawing_and_writes_nothing(linreg, three, tmp_path):
    with pytest.raises(ValueError, match="unknown extension '.jpg'"):
        datafigs.plot_batch(linreg, three, resolution=RES, out=tmp_path / "f.jpg")
    with pytest.raises(ValueError, match="x='time' must be"):
        datafigs.plot_fan(linreg, three[2:] * 2, x="time", resolution=RES, out=tmp_path / "f.png")
    assert list(tmp_path.iterdir()) == []
