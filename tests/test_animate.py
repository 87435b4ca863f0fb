"""Animations: frames, durations, colours and markers read back from the files."""
from __future__ import annotations

import io
import os

import numpy as np
import pytest
from PIL import Image

import animations
import landscape
import optimizers
from animations import encode
from animations.draw import assign_colours, get_theme
from animations.encode import durations_ms
from animations.frames import Scene, frame_steps
from clitools import gif_frames as frames_of
from clitools import rgb255

SIZE = (400, 300)


@pytest.fixture(scope="module")
def race():
    s = landscape.get("rosenbrock")
    runs = [optimizers.run(s, optimizers.get(n, lr=lr), start=(-1.5, 2.0), steps=60)
            for n, lr in (("gd", 1e-3), ("momentum", 1e-3), ("adam", 0.05))]
    return s, runs


@pytest.fixture(scope="module")
def gif(race, tmp_path_factory):
    s, runs = race
    path = tmp_path_factory.mktemp("gif") / "race.gif"
    anim = animations.animate(s, runs, out=path, frames=12, fps=20, size=SIZE, still=0.5,
                              hold=1.0, resolution=80, progress=False)
    return path, anim


def test_gif_size_frames_loop_and_duration(gif):
    path, anim = gif
    im = Image.open(path)
    assert im.size == SIZE and im.n_frames == 12 == anim.frames
    assert im.info["loop"] == 0  # loops forever
    durations = [d for _, d in frames_of(path)]
    assert all(d >= 20 for d in durations)
    assert sum(durations) == 12 * 50 + 500 + 1000  # frames x frame time + still + hold
    assert durations[0] == 550 and durations[-1] == 1050
    assert anim.duration == pytest.approx(2.1)


def test_durations_do_not_drift_at_odd_fps():
    d = durations_ms(240, 24)  # 41.67 ms a frame: 40 and 50 mixed, total exact to 10 ms
    assert set(d) == {40, 50} and sum(d) == 10000


def test_every_trajectory_colour_is_exact_in_every_frame(gif, race):
    """Wherever the full-colour render shows a trajectory's colour, the GIF shows exactly
    that colour (no flicker, no shift), and each colour is seen in the animation."""
    s, runs = race
    path, _ = gif
    scene = Scene(s, runs, get_theme("paper"), SIZE, resolution=80)
    wanted = [rgb255(c) for c in scene.colours] + [(255, 255, 255)]
    seen = set()
    for i, ((rgb, _), step) in enumerate(zip(frames_of(path), frame_steps(scene.last_step, 12))):
        full = scene.frame(step, done=i == 11)[..., :3]
        for colour in wanted:
            where = np.all(full == colour, axis=-1)
            assert np.array_equal(rgb[where], full[where]), f"frame {i}, colour {colour}"
            if where.any():
                seen.add(colour)
    assert seen == set(wanted)


def _pixel(scene, xy):
    ax = next(a for a in scene.fig.axes if a.get_label() == "surface")
    x, y = ax.transData.transform(xy)
    return int(round(scene.size[1] - y)), int(round(x))


def test_head_marker_is_where_the_run_is(gif, race):
    s, runs = race
    path, _ = gif
    scene = Scene(s, runs, get_theme("paper"), SIZE, resolution=80)
    frames = frames_of(path)
    steps = frame_steps(scene.last_step, 12)
    colours = [rgb255(c) for c in scene.colours]
    # Adam (drawn last, on top) : its head sits on its trajectory at that frame's step
    for i in (0, 6, 11):
        r, c = _pixel(scene, runs[2].params[steps[i]])
        patch = frames[i][0][r - 1:r + 2, c - 1:c + 2].reshape(-1, 3)
        assert any(tuple(p) == colours[2] for p in patch), f"frame {i}"


def test_run_that_ends_early_freezes_and_divergence_is_shown(tmp_path):
    s = landscape.get("rosenbrock")
    ok = optimizers.run(s, optimizers.get("adam", lr=0.05), start=(-1.5, 2.0), steps=80)
    bad = optimizers.run(s, optimizers.get("gd", lr=0.01), start=(-1.5, 2.0), steps=80)
    assert bad.diverged_at == 4
    scene = Scene(s, [ok, bad], get_theme("paper"), SIZE, resolution=60)
    # the caption is hidden until the run has diverged, then stays
    marks = scene.marks[1][1]
    scene.frame(2)
    assert not any(m.get_visible() for m in marks)
    scene.frame(40)
    assert all(m.get_visible() for m in marks)
    # its step 2 is below the view (y = -2.5 < -1): the caption says where the X is too
    assert any(getattr(m, "get_text", lambda: "")() == "diverged at step 4\n(out of view from step 2)"
               for m in marks)
    # frames after the divergence are identical where the diverged run is drawn
    a, b = scene.frame(40).copy(), scene.frame(60).copy()
    r, c = _pixel(scene, bad.params[1])
    assert np.array_equal(a[r - 2:r + 3, c - 2:c + 3], b[r - 2:r + 3, c - 2:c + 3])
    path = tmp_path / "div.gif"
    animations.animate(s, [ok, bad], out=path, frames=10, size=SIZE, resolution=60,
                       progress=False)
    last = frames_of(path)[-1][0]
    x_colour = rgb255(assign_colours([ok, bad], get_theme("paper"))[1])
    assert x_colour in {tuple(p) for p in last.reshape(-1, 3)}


def test_long_run_is_sampled_and_counter_says_so(race):
    s, runs = race
    long = optimizers.run(s, optimizers.get("adam", lr=0.01), start=(-1.5, 2.0), steps=3000)
    scene = Scene(s, [long], get_theme("paper"), SIZE, resolution=40)
    assert frame_steps(3000, 5).tolist() == [0, 750, 1500, 2250, 3000]
    assert scene.counter.text(120) == "step  120 / 3000"
    a = scene.frame(120).copy()
    b = scene.frame(121).copy()
    counter = a[scene.counter.rows, scene.counter.cols]
    assert not np.array_equal(counter, b[scene.counter.rows, scene.counter.cols])


def test_last_frame_looks_like_the_static_figure(race):
    s, runs = race
    scene = Scene(s, runs, get_theme("paper"), SIZE, resolution=60)
    last = scene.frame(scene.last_step, done=True)[..., :3]
    # heads are gone, end markers are shown: every end point has its run's colour
    for traj, colour in zip(runs, scene.colours):
        r, c = _pixel(scene, traj.params[-1])
        patch = last[r - 1:r + 2, c - 1:c + 2].reshape(-1, 3)
        assert any(tuple(p) == rgb255(colour) for p in patch)


def test_same_call_twice_gives_the_same_bytes(race, tmp_path):
    s, runs = race
    for name in ("a.gif", "b.gif"):
        animations.animate(s, runs, out=tmp_path / name, frames=8, size=SIZE, resolution=60,
                           progress=False)
    assert (tmp_path / "a.gif").read_bytes() == (tmp_path / "b.gif").read_bytes()


def test_tail_and_loss_panel_and_themes(race, tmp_path):
    s, runs = race
    for theme in ("paper", "slides", "dark"):
        anim = animations.animate(s, runs, out=tmp_path / f"{theme}.gif", frames=6, tail=10,
                                  loss_panel=True, theme=theme, size=(640, 360),
                                  resolution=50, progress=False)
        assert anim.size == (640, 360) and anim.frames == 6
    scene = Scene(s, runs, get_theme("paper"), SIZE, tail=10, loss_panel=True, resolution=40)
    scene.frame(30)
    assert len(scene.curves) == 3
    assert len(scene.curves[0].line.get_xdata()) == 31  # loss curves grow with the paths
    assert len(scene.paths[0].fades[0].get_segments()) == 10


def test_png_frame_folder(race, tmp_path):
    s, runs = race
    out = tmp_path / "frames"
    anim = animations.animate(s, runs, out=str(out) + "/", frames=5, size=SIZE, resolution=40,
                              progress=False)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["animate.tex"] + [f"frame_{i:04d}.png" for i in range(5)] + ["timeline.txt"]
    assert anim.kind == "frames"
    assert Image.open(out / "frame_0000.png").size == SIZE
    with pytest.raises(ValueError, match="not empty"):
        animations.animate(s, runs, out=str(out) + "/", frames=5, size=SIZE, progress=False)


def test_in_memory_animation_displays_inline(race):
    s, runs = race
    anim = animations.animate(s, runs, frames=4, size=(256, 192), resolution=30, progress=False)
    assert anim.path is None and anim.data[:6] == b"GIF89a"
    assert anim._repr_html_().startswith('<img src="data:image/gif;base64,')


def test_size_budget_reduces_frames_and_says_so(race, tmp_path):
    s, runs = race
    free = animations.animate(s, runs, out=tmp_path / "free.gif", frames=60, size=(400, 300),
                              resolution=60, progress=False)
    budget = int(free.nbytes * 0.8)
    anim = animations.animate(s, runs, out=tmp_path / "small.gif", frames=60, size=(400, 300),
                              resolution=60, max_bytes=budget, progress=False)
    assert anim.nbytes <= budget and os.path.getsize(tmp_path / "small.gif") <= budget
    assert "reduced from 60 frames" in anim.note and anim.frames < 60
    assert anim.duration == pytest.approx(free.duration, abs=0.1)  # same length, fewer frames


@pytest.mark.parametrize("kwargs, match", [
    (dict(fps=0), "fps=0 must be from 0.1 to 120 frames a second"),
    (dict(fps=-5), "fps=-5 must be from 0.1 to 120"),
    (dict(fps=60), "fps=60 is too fast for a GIF"),
    (dict(frames=0), "frames=0 must be a whole number >= 2"),
    (dict(frames=1), "frames=1"),
    (dict(seconds=0), "seconds=0 must be > 0"),
    (dict(seconds=2, frames=10), "give seconds or frames, not both"),
    (dict(tail=0), "tail=0"),
    (dict(still=-1), "still=-1"),
    (dict(size=(10, 10)), "size="),
    (dict(max_bytes=100), "too small for any animation"),
    (dict(theme="slide"), "did you mean 'slides'"),
])
def test_bad_values_raise_and_write_nothing(race, tmp_path, kwargs, match):
    s, runs = race
    target = tmp_path / "x.gif"
    with pytest.raises(ValueError, match=match):
        animations.animate(s, runs, out=target, progress=False, **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_unknown_extension_and_missing_video_extra(race, tmp_path, monkeypatch):
    s, runs = race
    with pytest.raises(ValueError, match="unknown extension '.avi'"):
        animations.animate(s, runs, out=tmp_path / "x.avi")
    import builtins
    real_import = builtins.__import__

    def no_ffmpeg(name, *args, **kwargs):
        if name == "imageio_ffmpeg":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ffmpeg)
    with pytest.raises(ValueError, match=r"needs imageio-ffmpeg.*\[video\]"):
        animations.animate(s, runs, out=tmp_path / "x.mp4")
    assert list(tmp_path.iterdir()) == []


def test_impossible_budget_is_an_error_and_keeps_the_old_file(race, tmp_path):
    s, runs = race
    target = tmp_path / "keep.gif"
    target.write_bytes(b"old")
    with pytest.raises(ValueError, match="cannot be met"):
        # 40 frames at 330x248 are over budget; so are 40 at 320x240, the smallest it tries
        animations.animate(s, runs, out=target, frames=40, size=(330, 248), resolution=60,
                           max_bytes=20_000, progress=False)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.gif"]


def test_failure_mid_render_leaves_no_partial_file(race, tmp_path, monkeypatch):
    s, runs = race
    target = tmp_path / "keep.gif"
    target.write_bytes(b"old")
    calls = {"n": 0}
    real = Scene.frame

    def failing(self, step, done=False):
        calls["n"] += 1
        if calls["n"] > 5:
            raise RuntimeError("disk on fire")
        return real(self, step, done)

    monkeypatch.setattr(Scene, "frame", failing)
    with pytest.raises(RuntimeError):
        animations.animate(s, runs, out=target, frames=10, size=SIZE, progress=False)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.gif"]


def test_memory_sinks_keep_no_frames(race):
    """The GIF sink holds only the previous frame's indices, whatever the frame count."""
    s, runs = race
    scene = Scene(s, runs, get_theme("paper"), SIZE, resolution=40)
    fh = io.BytesIO()
    first = scene.frame(0).copy()
    sink = encode.GifSink(fh, scene.size, [first], [(0, 0, 0)], [50] * 30)
    for i in range(30):
        sink.write(scene.frame(i))
    held = [v for v in vars(sink.writer).values() if isinstance(v, np.ndarray)]
    assert sum(a.nbytes for a in held) <= 2 * SIZE[0] * SIZE[1] + 256 * 3


def test_mp4_has_the_frames_pauses_and_rate_asked(race, tmp_path):
    pytest.importorskip("imageio_ffmpeg")
    import imageio.v2 as imageio
    s, runs = race
    target = tmp_path / "race.mp4"
    anim = animations.animate(s, runs, out=target, frames=10, fps=10, still=0.5, hold=1.0,
                              size=SIZE, resolution=40, progress=False)
    reader = imageio.get_reader(str(target))
    assert reader.get_meta_data()["fps"] == 10
    frames = [f for f in reader]
    assert len(frames) == 10 + 5 + 10  # the still start and the pause repeat frames
    assert frames[0].shape == (SIZE[1], SIZE[0], 3) and anim.kind == "mp4"
    again = tmp_path / "again.mp4"
    animations.animate(s, runs, out=again, frames=10, fps=10, still=0.5, hold=1.0,
                       size=SIZE, resolution=40, progress=False)
    assert again.read_bytes() == target.read_bytes()


def test_the_trajectory_records_the_batches_its_steps_used():
    s = landscape.get("linreg", n=50)
    t = optimizers.run(s, optimizers.get("minibatch", lr=0.1, batch_size=8), steps=20, seed=3)
    it = optimizers.batches(50, 8, seed=3)
    p = t.params[0].copy()
    for k in range(1, 21):  # replay the run by hand with the recorded batches
        batch = t.batch(k)
        assert np.array_equal(batch, next(it))      # the batches run publishes, in order
        p = p - 0.1 * s.grad(p, batch)
        assert np.array_equal(p, t.params[k])
    assert [len(t.batch(k)) for k in range(1, 9)] == [8] * 6 + [2, 8]    # 50 = 6 x 8 + 2
    gd = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=3)
    assert gd.batch_size == 50 and gd.order is None and gd.batch(1) is None


def test_minibatch_view_draws_the_batch_loss_behind_the_path(tmp_path):
    s = landscape.get("linreg", n=60)
    runs = [optimizers.run(s, optimizers.get("gd", lr=0.1), epochs=2),
            optimizers.run(s, optimizers.get("minibatch", lr=0.1, batch_size=6), epochs=2)]
    plain = Scene(s, runs, get_theme("paper"), SIZE, resolution=40)
    shown = Scene(s, runs, get_theme("paper"), SIZE, resolution=40, minibatch=True)
    a, b = plain.frame(3).copy(), shown.frame(3).copy()
    differ = np.any(a != b, axis=-1)
    assert differ.sum() > 500  # contour lines of the batch's loss
    colour = rgb255(shown.colours[1])
    assert np.any(np.all(b[differ][:, :3] == colour, axis=-1))
    anim = animations.animate(s, runs, out=tmp_path / "mb.gif", frames=6, size=SIZE,
                              resolution=40, minibatch=True, progress=False)
    assert anim.frames == 6
    with pytest.raises(ValueError, match="needs a data surface"):
        animations.animate(landscape.get("booth"),
                           [optimizers.run(landscape.get("booth"), "gd", steps=5)],
                           minibatch=True)
    with pytest.raises(ValueError, match="needs a run with mini-batches"):
        animations.animate(s, runs[:1], minibatch=True)


def test_boundary_panel_follows_the_network_as_it_learns(tmp_path):
    from animations import figures
    net = landscape.get("mlp", data="moons", n=60, hidden=(6,))
    runs = [optimizers.run(net, optimizers.get("adam", lr=0.05), steps=40)]
    plane = landscape.pca_plane(net, runs)
    flat = figures.projected(plane, runs)
    panel = figures.BoundaryPanel(net, runs, resolution=40)
    scene = Scene(plane, flat, get_theme("paper"), (800, 400), resolution=30, panel=panel)
    box = next(a for a in scene.fig.axes if a.get_label() == "boundary")
    (x0, y0), (x1, y1) = box.get_window_extent().get_points()
    rows = slice(int(400 - y1) + 2, int(400 - y0) - 2)
    cols = slice(int(x0) + 2, int(x1) - 2)
    early, late = scene.frame(1)[rows, cols].copy(), scene.frame(40)[rows, cols].copy()
    assert np.any(early != late)  # the boundary moved between step 1 and step 40
    colour = rgb255(scene.colours[0])
    assert np.any(np.all(late[..., :3] == colour, axis=-1))
    anim = animations.animate(plane, flat, out=tmp_path / "b.gif", frames=5, resolution=30,
                              panel=panel, progress=False)
    assert anim.frames == 5
    with pytest.raises(ValueError, match="not both"):
        animations.animate(plane, flat, panel=panel, loss_panel=True)


def test_a_panel_without_setup_and_draw_is_a_type_error(race):
    s, runs = race
    with pytest.raises(TypeError, match="panel=.*needs setup"):
        animations.animate(s, runs, panel="boundary", progress=False)


# ---------------------------------------------------------------- runs on data advance by samples seen
def test_runs_with_other_batch_sizes_advance_together_by_samples_seen():
    """GD's first step uses all 100 samples: by the time SGD has seen 151 samples, GD has
    taken 1 step and mini-batch (10 a step) 15; the counter and the loss axis say samples."""
    s = landscape.get("linreg", n=100)
    runs = [optimizers.run(s, optimizers.get(name, lr=0.05, **extra), epochs=3)
            for name, extra in (("gd", {}), ("minibatch", {"batch_size": 10}), ("sgd", {}))]
    sc = Scene(s, runs, get_theme("paper"), (1200, 560), loss_panel=True)
    assert sc.clock == "samples" and sc.last_step == 300
    for clock in (0, 99, 100, 151, 300):
        assert sc.steps(clock) == [clock // 100, clock // 10, clock]
    sc.frame(151)
    loss_ax = [a for a in sc.fig.axes if a.get_label() == "loss"][0]
    assert loss_ax.get_xlabel() == "samples processed"
    assert sc.counter.text(151) == "samples 151 / 300"
    gd_path = sc.paths[0]
    assert len(gd_path.lines[0].get_xdata()) == 2            # the start and GD's one step


def test_runs_with_one_batch_size_still_advance_by_step():
    s = landscape.get("linreg", n=100)
    runs = [optimizers.run(s, optimizers.get("gd", lr=lr), epochs=3) for lr in (0.05, 0.1)]
    sc = Scene(s, runs, get_theme("paper"), (800, 600))
    assert sc.clock == "step" and sc.counter.text(2) == "step 2 / 3"


def test_a_schedule_is_named_in_the_legend(tmp_path):
    s = landscape.get("himmelblau")
    t = optimizers.run(s, optimizers.get("adam", lr=0.1), steps=20, schedule=optimizers.get_schedule("cosine"))
    assert t.label == "Adam (lr=0.1, cosine schedule)"
    fig = animations.plot(s, [t], resolution=20)
    assert [x.get_text() for x in fig.legends[0].get_texts()] == ["Adam (lr=0.1, cosine schedule)"]


@pytest.mark.parametrize("name, extra, marked", [("sgd", {}, False), ("minibatch", {"batch_size": 10}, True)])
def test_one_samples_loss_gets_no_minimum_mark_a_batchs_does(name, extra, marked):
    """One sample's squared error is lowest along a whole line: no single '+' for SGD."""
    s = landscape.get("linreg", n=60)
    run = optimizers.run(s, optimizers.get(name, lr=0.05, **extra), epochs=1)
    sc = Scene(s, [run], get_theme("paper"), (800, 600), minibatch=True)
    drawn = []
    real = sc.fig.draw_artist
    sc.fig.draw_artist = lambda a: (drawn.append(a), real(a))[1]
    sc.frame(3)
    assert any(getattr(a, "get_marker", lambda: None)() == "+" for a in drawn) == marked
    labels = [ln.get_label() for ln in sc.fig.axes[0].lines]
    assert any(("next sample (lowest along a line)" if not marked else "next batch (+ its minimum)") in x
               for x in labels)


def test_runs_from_one_start_show_every_head_in_the_first_frame():
    """Heads at one point nest: the head drawn on top is the smallest, so each colour shows."""
    s = landscape.get("rosenbrock")
    runs = [optimizers.run(s, optimizers.get(n, lr=lr), start=(-1.5, 2.0), steps=50)
            for n, lr in (("adam", 0.05), ("momentum", 1e-3), ("gd", 1e-3))]
    sc = Scene(s, runs, get_theme("paper"), (800, 600))
    sc.frame(0)
    heads = [p.heads[0] for p in sc.paths]
    assert all(h.get_visible() for h in heads)
    by_z = sorted(heads, key=lambda h: h.get_zorder())
    sizes = [h.get_markersize() for h in by_z]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 3


# ------------------------------------------------------------ the frame's space and type
def _surface_share(fig) -> float:
    """The share of the figure's area the contour panel covers, once laid out."""
    fig.canvas.draw()
    ax = next(a for a in fig.axes if a.get_label() == "surface")
    box = ax.get_window_extent()
    return box.width * box.height / (fig.bbox.width * fig.bbox.height)


def test_a_wide_view_gets_a_frame_of_its_shape(tmp_path):
    # six-hump camel's view is 4 x 2.4: in the 4:3 default frame its panel filled 40% of it
    s = landscape.get("six_hump_camel")
    t = optimizers.run(s, optimizers.get("gd", lr=0.01), steps=10)
    anim = animations.animate(s, [t], out=tmp_path / "c.gif", frames=3)
    w, h = anim.size
    assert w == 800 and h < 560                                  # no taller than the view needs
    assert Image.open(tmp_path / "c.gif").size == (w, h)
    scene = Scene(s, [t], get_theme("paper"), (w, h), resolution=40)
    assert _surface_share(scene.fig) > 0.5
    # a slide keeps 16:9 and drops the side column: the panel spans the slide
    slide = Scene(s, [t], get_theme("slides"), (1280, 720), resolution=40)
    assert _surface_share(slide.fig) > 0.5
    # a square view keeps the default frame
    q = landscape.get("himmelblau")
    assert animations.animate(q, [optimizers.run(q, optimizers.get("gd", lr=0.01), steps=5)],
                              out=tmp_path / "q.gif", frames=3).size == (800, 600)


def test_a_two_panel_gif_on_paper_has_type_as_large_as_a_one_panel_one():
    s = landscape.get("rosenbrock")
    t = optimizers.run(s, optimizers.get("adam", lr=0.05), steps=10)
    one = Scene(s, [t], get_theme("paper"), (800, 600), resolution=40)
    two = Scene(s, [t], get_theme("paper"), (1200, 560), resolution=40, loss_panel=True)
    px = [sc.fig.dpi * get_theme("paper").font / 72 for sc in (one, two)]   # type height in pixels
    assert px[1] >= 0.95 * px[0] and px[1] > 18
