"""``lossviz demo | plot | animate``, tested by what each option does.

Each test reads back the effect of the options it gives: the runs (their settings,
starts, lengths, seeds, learning rates), the figure (axis limits, paths, legends,
panels, size) or the GIF (frames, durations, pixels).  The defaults are the ones
the README documents, written here as literal values.
"""
from __future__ import annotations

import math

import imageio.v2 as imageio
import numpy as np
import pytest
from PIL import Image

import animations
import animations.draw
import landscape
import optimizers
from clitools import (PNG_MAGIC, axes_labelled, count_colour, files, gif_frames, legend_texts,
                      lossviz, lossviz_main, one_line_error, path_line, pixels, rgb255)

SMALL = ["--size", "320x240"]


# ---------------------------------------------------------------- demo
def test_demo_defaults_are_the_readme_figure(tmp_path):
    done = lossviz(tmp_path, "demo")
    assert files(tmp_path) == ["lossviz-demo.png"]
    assert (tmp_path / "lossviz-demo.png").read_bytes().startswith(PNG_MAGIC)
    # five runs on Rosenbrock from (-1.5, 2), 1000 steps; GD at lr=0.01 diverges
    assert [t.label for t in done.runs] == ["GD (lr=0.001)", "GD (lr=0.01)", "Momentum (lr=0.001)",
                                            "RMSprop (lr=0.01)", "Adam (lr=0.05)"]
    assert all(t.surface["name"] == "rosenbrock" for t in done.runs)
    assert all(tuple(t.params[0]) == (-1.5, 2.0) for t in done.runs)
    assert [t.steps for t in done.runs] == [1000, 4, 1000, 1000, 1000]
    assert done.runs[1].diverged_at == 4
    # each lesson at its best: GD too slow creeps, the other three round the bend to (1, 1)
    ends = {t.label: float(t.loss[-1]) for t in done.runs}
    assert ends["GD (lr=0.001)"] > 1
    assert max(ends[k] for k in ("Momentum (lr=0.001)", "RMSprop (lr=0.01)", "Adam (lr=0.05)")) < 0.1
    assert axes_labelled(done.figure, "loss").get_xlabel() == "step"     # with a loss panel
    assert pixels(tmp_path / "lossviz-demo.png") == (1725, 750)          # paper, 11.5 x 5 in
    assert "diverged at step 4" in "\n".join(done.lines)


def test_demo_theme_and_output(tmp_path):
    done = lossviz(tmp_path, "demo", "--theme", "dark", "-o", "d.svg")
    assert files(tmp_path) == ["d.svg"]
    assert done.figure.get_facecolor()[:3] == pytest.approx(np.array(rgb255("#0B0F14")) / 255)
    assert (tmp_path / "d.svg").read_bytes().lstrip().startswith(b"<?xml")


# ---------------------------------------------------------------- plot
def test_plot_uses_every_option(tmp_path):
    done = lossviz(tmp_path, "plot", "quadratic:kappa=4,angle=30",
                   "--opt", "gd:lr=0.2", "--opt", "adam:lr=0.02,beta1=0.8",
                   "--start", "1.5,-1", "--steps", "17", "--seed", "3",
                   "--schedule", "step:step_size=5,gamma=0.5", "--theme", "slides",
                   "--bounds", "-3,3,-2.5,2.5", "--loss-panel", "-o", "fig.png")
    gd, adam = done.runs
    assert files(tmp_path) == ["fig.png"] and pixels(tmp_path / "fig.png") == (1920, 1080)
    # the surface's and the optimizers' parameters reach the runs
    assert gd.surface == {"name": "quadratic", "kappa": 4, "angle": 30}
    assert adam.optimizer == {"name": "adam", "lr": 0.02, "batch_size": None, "weight_decay": 0.0,
                              "beta1": 0.8, "beta2": 0.999, "eps": 1e-8}
    assert [t.steps for t in done.runs] == [17, 17] and {t.seed for t in done.runs} == {3}
    for t in done.runs:
        np.testing.assert_array_equal(t.params[0], [1.5, -1.0])
    # the step schedule halves lr every 5 steps; GD on 1/2 p^T A p then follows, in A's
    # eigenbasis, c_T = prod_t (1 - lr_t a) c_0 (A = R(30 deg) diag(1, 4) R^T)
    lr = 0.2 * 0.5 ** (np.arange(17) // 5)
    np.testing.assert_allclose(gd.lr[1:], lr)
    c, s = math.cos(math.radians(30)), math.sin(math.radians(30))
    R = np.array([[c, -s], [s, c]])
    c_T = np.array([np.prod(1 - lr * a) for a in (1.0, 4.0)]) * (R.T @ [1.5, -1.0])
    np.testing.assert_allclose(gd.params[-1], R @ c_T, rtol=1e-12, atol=1e-15)
    # the figure: the window, both paths from the start, a loss panel of 17 steps
    ax = axes_labelled(done.figure, "surface")
    assert ax.get_xlim() == (-3.0, 3.0) and ax.get_ylim() == (-2.5, 2.5)
    for t in done.runs:
        np.testing.assert_allclose(path_line(ax, t.label).get_xydata(), t.params)
    loss = axes_labelled(done.figure, "loss")
    assert [ln.get_xdata()[-1] for ln in loss.lines if ln.get_label() in (gd.label, adam.label)] == [17, 17]
    assert legend_texts(done.figure) == [gd.label, adam.label]
    # the report: the file, then each run with its steps and where it ended
    assert done.lines[0] == "wrote fig.png"
    for line, t in zip(done.lines[1:], done.runs):
        assert line.split()[:2] == t.label.split()[:2] and " 17 steps " in line
        assert f"({t.final[0]:.4g}, {t.final[1]:.4g})" in line and f"loss {t.loss[-1]:.4g}" in line


def test_plot_defaults(tmp_path):
    """Without options: gd lr=0.001, momentum lr=0.001, adam lr=0.05, 300 steps from the
    surface's own start, seed 0, in the surface's own window, paper theme, SURFACE.png."""
    done = lossviz(tmp_path, "plot", "booth")
    assert files(tmp_path) == ["booth.png"] and pixels(tmp_path / "booth.png") == (960, 780)
    assert [t.label for t in done.runs] == ["GD (lr=0.001)", "Momentum (lr=0.001)", "Adam (lr=0.05)"]
    booth = landscape.get("booth")
    for t in done.runs:
        assert t.steps == 300 and t.seed == 0 and t.schedule is None
        assert tuple(t.params[0]) == booth.start
    ax = axes_labelled(done.figure, "surface")
    assert (ax.get_xlim(), ax.get_ylim()) == booth.bounds
    assert ax.name == "rectilinear" and [a.get_label() for a in done.figure.axes].count("loss") == 0
    assert done.figure.get_facecolor()[:3] == (1.0, 1.0, 1.0)


def test_plot_3d_view(tmp_path):
    done = lossviz(tmp_path, "plot", "quadratic", "--opt", "gd:lr=0.1", "--steps", "5",
                   "--view", "3d", "-o", "bowl.png")
    assert axes_labelled(done.figure, "surface").name == "3d"
    assert files(tmp_path) == ["bowl.png"]


def test_plot_on_data_uses_epochs_and_the_seed(tmp_path):
    done = lossviz(tmp_path, "plot", "linreg:n=40,noise=0.3", "--opt", "sgd:lr=0.05",
                   "--opt", "minibatch:lr=0.1,batch_size=16", "--opt", "gd:lr=0.1",
                   "--epochs", "2", "--seed", "4", "--loss-panel", "-o", "p.pdf")
    sgd, mini, gd = done.runs
    assert (sgd.steps, mini.steps, gd.steps) == (80, 6, 2)          # 40, ceil(40/16)=3, 1 per epoch
    s = landscape.get("linreg", n=40, noise=0.3)
    same = optimizers.run(s, optimizers.get("sgd", lr=0.05), epochs=2, seed=4)
    other = optimizers.run(s, optimizers.get("sgd", lr=0.05), epochs=2, seed=0)
    assert np.array_equal(sgd.params, same.params) and not np.array_equal(sgd.params, other.params)
    assert axes_labelled(done.figure, "loss").get_xlabel() == "epoch"
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF-")


# ---------------------------------------------------------------- animate
BOOTH = ["animate", "booth", "--opt", "gd:lr=0.02", "--start", "3.5,0.5", "--steps", "30",
         "--frames", "12", "--fps", "10", "--hold", "0.7", *SMALL]


def test_animate_writes_the_frames_durations_and_size_asked(tmp_path):
    done = lossviz(tmp_path, *BOOTH, "--schedule", "exponential:gamma=0.9", "-o", "a.gif")
    (t,) = done.runs
    assert t.steps == 30 and tuple(t.params[0]) == (3.5, 0.5)
    np.testing.assert_allclose(t.lr[1:], 0.02 * 0.9 ** np.arange(30))
    frames = gif_frames(tmp_path / "a.gif")
    assert len(frames) == 12 == done.animation.frames and pixels(tmp_path / "a.gif") == (320, 240)
    durations = [d for _, d in frames]
    # 10 fps: 100 ms a frame; the first stands still 0.5 s more, the last holds 0.7 s more
    assert durations == [600] + [100] * 10 + [800]


def test_animate_bounds_tail_and_theme_change_what_is_drawn(tmp_path):
    colour = "#0072B2"                                      # GD's blue, exact in the palette
    def frames(*extra, name):
        lossviz(tmp_path, *BOOTH, *extra, "-o", name)
        return gif_frames(tmp_path / name)

    plain = frames(name="plain.gif")
    zoom = frames("--bounds", "0,4,0,4", name="zoom.gif")
    tail = frames("--bounds", "0,4,0,4", "--tail", "3", name="tail.gif")
    dark = frames("--theme", "dark", "--size", "540x304", name="dark.gif")      # its smallest
    # a window 5 times smaller draws the same path 5 times longer: the span of its blue
    # pixels, above the legend (whose blue sample is the same in both)
    def span(rgb):
        rgb = rgb[:int(0.8 * rgb.shape[0])]
        rows, cols = np.nonzero(np.all(np.abs(rgb.astype(int) - np.array(rgb255(colour))) <= 40, axis=-1))
        return float(np.hypot(np.ptp(rows), np.ptp(cols)))
    assert span(zoom[-1][0]) > 3 * span(plain[-1][0])
    # mid-run, a tail of 3 steps shows less of the path than the whole path so far
    assert 0 < count_colour(tail[6][0], colour, 40) < 0.6 * count_colour(zoom[6][0], colour, 40)
    # the dark theme's background, and its lighter blue for GD
    assert tuple(dark[0][0][0, 0]) == rgb255("#0B0F14") and tuple(plain[0][0][0, 0]) == (255, 255, 255)
    assert count_colour(dark[-1][0], "#6495FF") > 0 and count_colour(dark[-1][0], colour) == 0


def test_animate_defaults(tmp_path):
    """Without options: the three default runs of 300 steps, 20 fps, a frame per step up to
    8 seconds, a still start of 0.5 s and a hold of 1.5 s, 800x600 on paper, SURFACE.gif."""
    done = lossviz(tmp_path, "animate", "booth")
    assert files(tmp_path) == ["booth.gif"]
    assert [t.label for t in done.runs] == ["GD (lr=0.001)", "Momentum (lr=0.001)", "Adam (lr=0.05)"]
    assert [t.steps for t in done.runs] == [300, 300, 300]
    frames = gif_frames(tmp_path / "booth.gif")
    assert len(frames) == 160 and pixels(tmp_path / "booth.gif") == (800, 600)
    durations = [d for _, d in frames]
    assert durations[0] == 550 and set(durations[1:-1]) == {50} and durations[-1] == 1550


def test_animate_loss_panel_slides_and_seconds_set_the_size_and_length(tmp_path):
    wide = lossviz(tmp_path, "animate", "booth", "--opt", "gd:lr=0.05", "--steps", "20",
                   "--loss-panel", "--seconds", "0.6", "--fps", "5", "-o", "w.gif")
    assert pixels(tmp_path / "w.gif") == (1200, 560) and wide.animation.frames == 3
    slides = lossviz(tmp_path, "animate", "booth", "--opt", "gd:lr=0.05", "--steps", "20",
                     "--theme", "slides", "--frames", "2", "-o", "s.gif")
    assert pixels(tmp_path / "s.gif") == (1280, 720) and slides.animation.frames == 2


def test_animate_minibatch_draws_the_next_batch_and_uses_the_seed(tmp_path):
    argv = ["animate", "linreg:n=30", "--opt", "sgd:lr=0.05", "--epochs", "1", "--seed", "3",
            "--frames", "4", *SMALL]
    lossviz(tmp_path, *argv, "-o", "plain.gif")
    batch = lossviz(tmp_path, *argv, "--minibatch", "-o", "batch.gif")
    (t,) = batch.runs
    assert t.steps == 30 and t.seed == 3
    s = landscape.get("linreg", n=30)
    assert np.array_equal(t.params, optimizers.run(s, optimizers.get("sgd", lr=0.05), epochs=1,
                                                    seed=3).params)
    a, b = gif_frames(tmp_path / "plain.gif"), gif_frames(tmp_path / "batch.gif")
    assert not np.array_equal(a[1][0], b[1][0])         # the batch's contours behind the path


def test_animate_max_size_fits_the_budget_and_says_so(tmp_path):
    # 81 frames of this run at 400x300 take about 29 kB
    done = lossviz(tmp_path, "animate", "booth", "--opt", "gd:lr=0.02", "--start", "3.5,0.5",
                   "--steps", "80", "--size", "400x300", "--max-size", "24kB", "-o", "small.gif")
    assert (tmp_path / "small.gif").stat().st_size <= 24_000
    assert done.animation.frames < 81
    assert any("reduced from 81 frames" in line and "to fit max_bytes=24000" in line
               for line in done.lines)


def test_animate_quiet_silences_the_progress_bar(tmp_path, monkeypatch, capsys):
    import sys

    import groundwork.progress
    monkeypatch.setattr(groundwork.progress, "DELAY", 0.0)
    monkeypatch.delenv("CI", raising=False)
    argv = ["animate", "booth", "--opt", "gd:lr=0.05", "--steps", "5", "--frames", "3", *SMALL]
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    lossviz(tmp_path, *argv, "-o", "a.gif")
    assert "lossviz: [" in capsys.readouterr().err
    lossviz(tmp_path, *argv, "--quiet", "-o", "b.gif")
    assert capsys.readouterr().err == ""


def test_animate_to_mp4_and_to_a_folder_of_frames(tmp_path):
    pytest.importorskip("imageio_ffmpeg")
    argv = ["animate", "booth", "--opt", "gd:lr=0.05", "--steps", "10", "--frames", "5",
            "--fps", "10", "--hold", "0.5", *SMALL]
    lossviz(tmp_path, *argv, "-o", "v.mp4")
    reader = imageio.get_reader(tmp_path / "v.mp4")
    # 5 moving frames, the still start (0.5 s: 5 frames) and the hold (0.5 s: 5 frames)
    assert reader.count_frames() == 15 and reader.get_meta_data()["fps"] == 10
    reader.close()
    lossviz(tmp_path, *argv, "-o", "frames/")
    pngs = [f for f in files(tmp_path / "frames") if f.endswith(".png")]
    assert pngs == [f"frame_{i:04d}.png" for i in range(5)]
    assert files(tmp_path / "frames") == ["animate.tex", *pngs, "timeline.txt"]
    with Image.open(tmp_path / "frames" / pngs[0]) as im:
        assert im.size == (320, 240)


# ---------------------------------------------------------------- schedules per run
def test_each_run_may_have_its_own_schedule_and_the_lr_panel_draws_it(tmp_path):
    done = lossviz(tmp_path, "plot", "himmelblau", "--steps", "20", "--lr-panel", "--loss-panel",
                   "--opt", "adam:lr=0.1,schedule=cosine", "--opt", "gd:lr=0.01,schedule=step:step_size=5;gamma=0.5",
                   "--opt", "momentum:lr=0.002", "--schedule", "exponential:gamma=0.9", "-o", "s.png")
    cosine, step, expo = done.runs
    t = np.arange(1, 21)
    # the rules, written out here: cosine from lr to 0 over the run, halving every 5 steps,
    # and --schedule for the run without a schedule of its own
    np.testing.assert_allclose(cosine.lr[1:], 0.1 * (1 + np.cos(np.pi * (t - 1) / 19)) / 2, atol=1e-15)
    np.testing.assert_allclose(step.lr[1:], 0.01 * 0.5 ** ((t - 1) // 5), rtol=1e-15)
    np.testing.assert_allclose(expo.lr[1:], 0.002 * 0.9 ** (t - 1), rtol=1e-12)
    assert [x.label for x in done.runs] == ["Adam (lr=0.1, cosine schedule)", "GD (lr=0.01, step schedule)",
                                            "Momentum (lr=0.002, exponential schedule)"]
    (panel,) = [a for a in done.figure.axes if a.get_label() == "learning rate"]
    lines = {ln.get_label(): ln for ln in panel.get_lines()}
    for run in done.runs:         # the panel draws what each run recorded, step by step
        np.testing.assert_allclose(lines[run.label].get_ydata(), run.lr[1:])
        np.testing.assert_array_equal(lines[run.label].get_xdata(), t)
    assert panel.get_yscale() == "linear" and panel.get_ylim()[0] == 0
    (loss,) = [a for a in done.figure.axes if a.get_label() == "loss"]
    assert loss.get_shared_x_axes().joined(loss, panel)           # one step axis for both


def test_the_lr_panel_alone_takes_the_second_panel(tmp_path):
    done = lossviz(tmp_path, "plot", "himmelblau", "--steps", "10", "--lr-panel", "--opt", "adam:lr=0.1",
                   "-o", "s.png")
    labels = [a.get_label() for a in done.figure.axes]
    assert "learning rate" in labels and "loss" not in labels


@pytest.mark.parametrize("argv, words", [
    (["plot", "himmelblau", "--opt", "adam:lr=0.1,schedule=cosin"], ["schedule=", "did you mean 'cosine'"]),
    (["plot", "himmelblau", "--opt", "adam:lr=0.1,schedule=step:gama=0.5"], ["'gama'", "did you mean 'gamma'"]),
    (["plot", "himmelblau", "--opt", "adam:lr=0.1,schedule=step:gamma=2"], ["gamma"]),
    (["sweep", "himmelblau", "--opt", "gd:schedule=cosine", "--lr", "0.01,0.02"], ["'schedule'", "hyper-parameters only"]),
    (["net", "xor", "--opt", "adam:lr=0.1,schedule=cosine"], ["schedule= is not used here"]),
    (["basins", "himmelblau", "--opt", "gd:lr=0.01,schedule=cosine"], ["schedule= is not used here"]),
])
def test_a_schedule_where_it_cannot_be_used_or_misspelt_is_one_line(tmp_path, capsys, argv, words):
    code, out, err = lossviz_main(tmp_path, capsys, *argv, "-o", "x.png")
    one_line_error(code, out, err, *words)
    assert not (tmp_path / "x.png").exists()


# ---------------------------------------------------------------- captions
def _caption(fig) -> str:
    legend = fig.legends[0] if fig.legends else next(a.get_legend() for a in fig.axes if a.get_legend())
    return " ".join(legend.get_title().get_text().split())


@pytest.mark.parametrize("theme", ["paper", "slides"])
def test_caption_auto_says_why_a_run_diverged_with_its_numbers(tmp_path, theme):
    done = lossviz(tmp_path, "plot", "quadratic:kappa=10", "--opt", "gd:lr=0.15", "--opt", "gd:lr=0.21",
                   "--caption", "auto", "--theme", theme, "-o", "c.png")
    # eig(A) = (1, 10): GD is stable below 2 / 10
    assert _caption(done.figure) == "GD (lr=0.21) diverges: 0.21 > 2/λmax = 0.2 at the minimum"


def test_caption_auto_counts_weight_decay_in_the_critical_rate(tmp_path):
    # weight decay adds 2 to every curvature: GD on eig(A) = (1, 10) is stable below 2 / 12
    done = lossviz(tmp_path, "plot", "quadratic:kappa=10", "--opt", "gd:lr=0.18,weight_decay=2",
                   "--steps", "60", "--caption", "auto", "-o", "c.png")
    assert _caption(done.figure) == ("GD (lr=0.18, weight_decay=2) diverges: 0.18 > 2/(λmax + 2) = 0.17 "
                                     "at the minimum")
    assert done.runs[0].diverged_at is not None or abs(done.runs[0].params[-1]).max() > 1


def test_caption_auto_gives_each_runs_fate_and_plain_text_is_kept(tmp_path):
    done = lossviz(tmp_path, "plot", "quadratic:kappa=10", "--opt", "gd:lr=0.05", "--opt", "adam:lr=0.1",
                   "--caption", "auto", "-o", "c.png")
    gd, adam = done.runs
    assert gd.converged_at is not None
    words = _caption(done.figure)
    assert words.startswith(f"GD (lr=0.05): converged in {gd.converged_at} steps (loss {gd.loss[-1]:.2g}); "
                            "Adam (lr=0.1): ")
    done = lossviz(tmp_path, "plot", "quadratic:kappa=10", "--caption", "Too small, just right", "-o", "d.png")
    assert _caption(done.figure) == "Too small, just right"
    done = lossviz(tmp_path, "plot", "quadratic:kappa=10", "-o", "e.png")
    assert _caption(done.figure) == ""


def test_animate_caption_reaches_the_frames(tmp_path):
    args = ["animate", "quadratic:kappa=10", "--opt", "gd:lr=0.21", "--frames", "4", *SMALL]
    lossviz(tmp_path, *args, "-o", "plain.gif")
    lossviz(tmp_path, *args, "--caption", "auto", "-o", "said.gif")
    plain, said = gif_frames(tmp_path / "plain.gif")[-1][0], gif_frames(tmp_path / "said.gif")[-1][0]
    assert plain.shape == said.shape and np.any(plain != said)
    from animations.frames import Scene
    from animations.draw import get_theme
    s = landscape.get("quadratic", kappa=10)
    t = optimizers.run(s, optimizers.get("gd", lr=0.21), steps=120)
    scene = Scene(s, [t], get_theme("paper"), (400, 300), resolution=30,
                  caption=animations.draw.auto_caption(s, [t]))
    assert _caption(scene.fig).startswith("GD (lr=0.21) diverges: 0.21 > 2/λmax = 0.2")


def test_a_caption_that_is_not_text_is_a_type_error():
    s = landscape.get("quadratic")
    with pytest.raises(TypeError, match="plot: caption=3 must be text"):
        animations.plot(s, [], caption=3)
