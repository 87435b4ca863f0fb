"""How runs look: a run's label, colour and line style; colours that belong to the
optimizers; every path visible where paths run together; a theme on the user's axes."""
import matplotlib.colors as mcolors
import numpy as np
import pytest
from matplotlib.figure import Figure

import animations
import landscape
import optimizers
from clitools import lossviz, lossviz_main, one_line_error

ROSEN = landscape.get("rosenbrock")
QUAD = landscape.get("quadratic", kappa=10)


def path(ax, label):
    (line,) = [ln for ln in ax.lines if ln.get_label() == label]
    return line


def surface_ax(fig):
    return [a for a in fig.axes if a.get_label() == "surface"][0]


def test_styled_sets_label_colour_and_linestyle_and_the_figure_uses_them():
    t = optimizers.run(QUAD, optimizers.get("gd", lr=0.01), steps=50)
    u = t.styled("too small", colour="#E69F00", linestyle=":")
    fig = animations.plot(QUAD, [u], loss_panel=True, resolution=40)
    line = path(surface_ax(fig), "too small")
    assert mcolors.to_hex(line.get_color()).upper() == "#E69F00" and line.get_linestyle() == ":"
    loss = [a for a in fig.axes if a.get_label() == "loss"][0]
    curve = path(loss, "too small")
    assert mcolors.to_hex(curve.get_color()).upper() == "#E69F00" and curve.get_linestyle() == ":"
    assert [x.get_text() for x in fig.legends[0].get_texts()] == ["too small"]
    assert t.label == "GD (lr=0.01)" and t.style is None     # a copy: the run itself is unchanged


@pytest.mark.parametrize("kwargs, error, words", [
    ({"label": ""}, TypeError, "label='' must be a non-empty string"),
    ({"colour": 3}, TypeError, "colour=3 must be a string"),
    ({"linestyle": "wavy"}, ValueError, "linestyle='wavy' must be one of"),
])
def test_styled_refuses_what_is_no_style(kwargs, error, words):
    t = optimizers.run(QUAD, optimizers.get("gd", lr=0.01), steps=5)
    with pytest.raises(error) as info:
        t.styled(**kwargs)
    assert words in str(info.value)


def test_a_colour_that_is_no_colour_is_refused_when_drawn():
    t = optimizers.run(QUAD, optimizers.get("gd", lr=0.01), steps=5).styled(colour="blurple")
    with pytest.raises(ValueError, match="colour='blurple' is not a colour"):
        animations.plot(QUAD, [t], resolution=20)


def test_lossviz_opt_takes_label_colour_and_style(tmp_path):
    done = lossviz(tmp_path, "plot", "quadratic:kappa=10", "--opt", "gd:lr=0.01,label=too small",
                   "--opt", "gd:lr=0.1,label=just right,colour=#009E73",
                   "--opt", "gd:lr=0.21,label=too large,color=C3,style=--", "--steps", "60",
                   "--loss-panel", "-o", "s.png")
    ax = surface_ax(done.figure)
    assert [t.label for t in done.runs] == ["too small", "just right", "too large"]
    assert [t.optimizer["lr"] for t in done.runs] == [0.01, 0.1, 0.21]
    small, right, large = (path(ax, t.label) for t in done.runs)
    assert mcolors.to_hex(small.get_color()).upper() == "#0072B2"          # GD's own
    assert mcolors.to_hex(right.get_color()).upper() == "#009E73"
    assert mcolors.to_hex(large.get_color()) == mcolors.to_hex("C3") and large.get_linestyle() == "--"
    assert right.get_linestyle() == "-"          # a colour of its own: no automatic dashes
    legend = [x.get_text() for x in done.figure.legends[0].get_texts()]
    assert legend == ["too small", "just right", "too large"]
    assert "too small" in done.lines[1] and "too large" in done.lines[3]


@pytest.mark.parametrize("spec, words", [
    ("gd:colour=blurple", ["colour='blurple' is not a colour"]),
    ("gd:style=wavy", ["style='wavy' must be one of -, --, :, -."]),
    ("gd:lable=x", ["gd", "lable", "did you mean 'label'"]),
])
def test_bad_looks_are_one_line(spec, words, tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys, "plot", "booth", "--opt", spec, "-o", "b.png")
    one_line_error(code, out, err, *words)


@pytest.mark.parametrize("kind", ["plot", "animate", "batch", "net"])
def test_an_optimizer_has_one_colour_in_every_figure_kind(kind, tmp_path):
    """Momentum orange, SGD vermillion, wherever they are drawn: read from the figure's
    lines, or from the pixels of the animation's last frame."""
    target = "linreg:n=40" if kind != "net" else "moons:n=60"
    out = "a.gif" if kind == "animate" else "a.png"
    extra = ["--frames", "4"] if kind == "animate" else ["--resolution", "21"] if kind == "net" else []
    done = lossviz(tmp_path, kind, target, "--opt", "sgd:lr=0.05", "--opt", "momentum:lr=0.01",
                   "--epochs", "2", "-o", out, *extra)
    want = {(213, 94, 0), (230, 159, 0)}
    if kind == "animate":
        from PIL import Image
        with Image.open(tmp_path / out) as im:
            im.seek(im.n_frames - 1)
            pixels = {tuple(p) for p in np.asarray(im.convert("RGB")).reshape(-1, 3)}
        assert want <= pixels
        return
    lines = [ln for a in done.figure.axes for ln in a.lines
             if not ln.get_label().startswith("_") and len(ln.get_xdata()) > 2]
    drawn = {tuple(round(255 * v) for v in mcolors.to_rgb(ln.get_color())) for ln in lines}
    assert want <= drawn


def test_paths_under_others_are_wider_so_every_path_shows():
    """Adam's path over RMSprop's and momentum's down Rosenbrock's valley: the longer paths
    are drawn below and wider, so their colour shows beside the path on top."""
    runs = [optimizers.run(ROSEN, optimizers.get(n, lr=lr), start=(-1.5, 2.0), steps=300)
            for n, lr in (("adam", 0.05), ("momentum", 1e-3), ("rmsprop", 0.01))]
    ax = surface_ax(animations.plot(ROSEN, runs, resolution=40))
    lines = {t.label: path(ax, t.label) for t in runs}
    by_depth = sorted(lines.values(), key=lambda ln: ln.get_zorder())
    widths = [ln.get_linewidth() for ln in by_depth]
    assert widths[0] > widths[1] > widths[2]                 # the bottom one the widest
    lengths = {t.label: np.abs(np.diff(t.params, axis=0)).sum() for t in runs}
    assert by_depth[0].get_label() == max(lengths, key=lengths.get)
    halos = [ln for ln in ax.lines if ln.get_label() == "_halo"]
    assert len(halos) == 3 and max(h.get_zorder() for h in halos) < min(ln.get_zorder() for ln in by_depth)


def test_a_dark_theme_on_the_users_axes_paints_their_figure():
    fig = Figure()
    ax = fig.add_subplot()
    t = optimizers.run(QUAD, optimizers.get("gd", lr=0.1), steps=10)
    animations.plot(QUAD, [t], ax=ax, theme="dark", resolution=30)
    background = mcolors.to_hex(fig.get_facecolor())
    ink = mcolors.to_hex(ax.xaxis.label.get_color())
    assert background == animations.THEMES["dark"].paper.lower() and ink == "#f2f2f2"


def test_batch_loss_panels_both_have_a_y_label_and_fan_bands_read_on_dark(tmp_path):
    done = lossviz(tmp_path, "batch", "linreg:n=40", "--epochs", "2", "-o", "b.png")
    losses = [a for a in done.figure.axes if a.get_ylabel().startswith("loss")]
    assert len(losses) == 2
    dark = lossviz(tmp_path, "fan", "linreg:n=40", "--opt", "sgd:lr=0.05", "--seeds", "4", "--epochs", "2",
                   "--theme", "dark", "-o", "f.png")
    paper = lossviz(tmp_path, "fan", "linreg:n=40", "--opt", "sgd:lr=0.05", "--seeds", "4", "--epochs", "2",
                    "-o", "p.png")
    def bands(fig):
        loss = [a for a in fig.axes if a.get_label() == "loss"][0]
        return [c.get_alpha() for c in loss.collections]
    assert all(d > p for d, p in zip(bands(dark.figure), bands(paper.figure)))


@pytest.mark.parametrize("theme", ["paper", "dark"])
def test_fan_epoch_ticks_are_round(theme):
    s = landscape.get("linreg", n=40)
    runs = [optimizers.run(s, optimizers.get("sgd", lr=0.05), epochs=5, seed=k) for k in range(3)]
    fig = animations.plot_fan(s, runs, theme=theme, resolution=20)
    loss = [a for a in fig.axes if a.get_label() == "loss"][0]
    lo, hi = loss.get_xlim()
    ticks = [t for t in loss.get_xticks() if lo <= t <= hi]
    assert len(ticks) >= 3 and all(float(t).is_integer() for t in ticks)    # not 1.5, 3.0, 4.5


def test_scaling_with_two_rates_tells_them_apart_in_the_one_legend(tmp_path):
    done = lossviz(tmp_path, "scaling", "linreg:n=40", "--opt", "gd:lr=0.025", "--opt", "gd:lr=0.4",
                   "--steps", "10", "-o", "s.png")
    handles = done.figure.legends[0].legend_handles
    looks = {(mcolors.to_hex(h.get_color()), h.get_linestyle()) for h in handles}
    assert len(handles) == 2 and len(looks) == 2
    texts = [x.get_text() for x in done.figure.legends[0].get_texts()]
    assert texts == ["GD (lr=0.025)", "GD (lr=0.4)"]
    # one --opt means one thing however many there are: each rate runs in both panels, and
    # looks the same in each as its one legend entry
    by_label = {}
    for ax in (a for a in done.figure.axes if a.get_label() == "surface"):
        for line in ax.get_lines():
            if not line.get_label().startswith("_") and line.get_label() in texts:
                by_label.setdefault(line.get_label(), set()).add(
                    (mcolors.to_hex(line.get_color()), line.get_linestyle()))
    assert {k: len(v) for k, v in by_label.items()} == {"GD (lr=0.025)": 1, "GD (lr=0.4)": 1}
    assert by_label["GD (lr=0.025)"] == {(mcolors.to_hex(handles[0].get_color()), handles[0].get_linestyle())}
    assert [(t.label, t.surface["scale"]) for t in done.runs] == [
        ("GD (lr=0.025)", "none"), ("GD (lr=0.4)", "none"),
        ("GD (lr=0.025)", "standard"), ("GD (lr=0.4)", "standard")]


def test_the_same_run_in_two_panels_has_one_look_and_one_legend_entry(tmp_path):
    # losses: GD on cross-entropy and on MSE is one legend entry: both paths must be its colour
    done = lossviz(tmp_path, "losses", "logreg:n=40", "--opt", "gd:lr=0.5", "--steps", "10", "-o", "l.png")
    (entry,) = done.figure.legends[0].legend_handles
    for ax in (a for a in done.figure.axes if a.get_label() == "surface"):
        (path,) = [ln for ln in ax.get_lines() if ln.get_label() == "GD (lr=0.5)"]
        assert mcolors.to_hex(path.get_color()) == mcolors.to_hex(entry.get_color())


@pytest.mark.parametrize("command", [
    ["demo"], ["plot", "linreg:n=40", "--loss-panel", "--steps", "5"],
    ["batch", "linreg:n=40", "--epochs", "2"], ["fan", "linreg:n=40", "--epochs", "2", "--seeds", "2"],
    ["scaling", "linreg:n=40", "--steps", "5"], ["losses", "logreg:n=40", "--steps", "5"],
    ["earlystop", "linreg:n=20", "--epochs", "5"],
    ["net", "xor", "--hidden", "3", "--epochs", "2", "--resolution", "15"],
    ["sweep", "quadratic", "--opt", "gd", "--lr", "0.1,0.2", "--steps", "5"]])
def test_every_multi_panel_figure_has_one_title_style(tmp_path, command):
    # bold, on the left of the figure, naming the surface with its settings
    done = lossviz(tmp_path, *command, "-o", "f.png")
    title = done.figure._suptitle
    assert title is not None and title.get_fontweight() == "bold" and title.get_ha() == "left"
    assert title.get_position()[0] < 0.05
    surface = done.runs[0].surface
    name = landscape.get(surface["name"], **{k: v for k, v in surface.items() if k != "name"}) \
        if command[0] != "net" else None
    if name is not None:
        words = getattr(name, "title", None) or name.label
        assert words.split(",")[0] in title.get_text()
        if "n" in surface:                       # data: its settings are in the title
            assert f"n={surface['n']}" in title.get_text()


def test_a_cut_loss_axis_says_where_the_diverged_curve_went(tmp_path):
    done = lossviz(tmp_path, "demo", "-o", "d.png")
    loss = [a for a in done.figure.axes if a.get_label() == "loss"][0]
    (gone,) = [t for t in done.runs if t.diverged]
    notes = [t.get_text() for t in loss.texts if t.get_text().startswith("↑")]
    assert loss.get_ylim()[1] < gone.loss[-1] and notes == [f"↑ {gone.loss[-1]:.1e}".replace("-", "−")]


@pytest.mark.parametrize("name", ["saddle", "monkey_saddle", "booth", "rastrigin"])
def test_colour_bar_ticks_are_round_numbers(name):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    s = landscape.get(name)
    fig = animations.plot(s, [], resolution=40)
    FigureCanvasAgg(fig).draw()
    (bar,) = fig.axes[0].child_axes
    ticks = bar.get_yticks()
    if s.log_levels:              # decades: 0.01, 1, 100, ...
        assert np.allclose(np.log10(ticks - ticks.min() + 1) % 1, 0) or np.allclose(np.log10(ticks) % 1, 0)
        return
    step = np.diff(ticks)
    assert np.allclose(step, step[0])                    # evenly spaced ...
    mantissa = step[0] / 10 ** np.floor(np.log10(step[0]))
    assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9, (name, ticks)   # ... by 1, 2 or 5 x 10^k
    assert np.allclose(ticks / step[0], np.round(ticks / step[0]))           # on multiples of it


def test_a_saddles_symlog_loss_axis_labels_at_most_seven_ticks():
    s = landscape.get("saddle")
    runs = [optimizers.run(s, optimizers.get(n, lr=0.1), start=(-1.8, 0.01), steps=200) for n in ("gd", "adam")]
    fig = animations.plot(s, runs, loss_panel=True, resolution=30)
    loss = [a for a in fig.axes if a.get_label() == "loss"][0]
    lo, hi = loss.get_ylim()
    ticks = [t for t in loss.get_yticks() if lo <= t <= hi]
    assert loss.get_yscale() == "symlog" and 3 <= len(ticks) <= 7 and 0.0 in ticks


def test_a_loss_panel_within_a_decade_has_a_round_tick_below_every_curve(tmp_path):
    # Rastrigin from (-4.2, 3.8): every run ends in the local minimum near 31.8, under
    # ticks that used to start at 35
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    done = lossviz(tmp_path, "plot", "rastrigin", "--loss-panel", "-o", "r.png")
    FigureCanvasAgg(done.figure).draw()
    loss = [a for a in done.figure.axes if a.get_label() == "loss"][0]
    lo, hi = loss.get_ylim()
    ends = [float(t.loss[-1]) for t in done.runs]
    ticks = [t for t in loss.get_yticks() if lo <= t <= hi]
    assert min(ticks) <= min(ends) and max(ticks) >= max(float(t.loss.max()) for t in done.runs)
    assert all(float(t).is_integer() for t in ticks) and len(ticks) >= 3


def test_a_population_median_counts_diverged_starts_instead_of_dropping_them(tmp_path):
    # monkey saddle, 25 starts: 24 fall without bound; a median of the survivors jumped
    # back to 0 and read as "converged"
    done = lossviz(tmp_path, "plot", "monkey_saddle", "--opt", "momentum:lr=0.01", "--starts", "grid:5",
                   "--loss-panel", "-o", "m.png")
    (run,) = done.runs
    gone = sum(d is not None for d in run.diverged_at)
    assert gone > len(run.diverged_at) / 2
    loss = [a for a in done.figure.axes if a.get_label() == "loss"][0]
    (median,) = [ln for ln in loss.get_lines() if ln.get_label() == run.label]
    y = np.asarray(median.get_ydata(), dtype=float)
    assert np.isnan(y[-1])                                  # gone once most have diverged
    assert np.nanmin(y) < -1e3 and y[np.isfinite(y)][-1] < -1e3   # falling, never back to 0
    # the report counts a start once: converged starts that later diverged are diverged
    assert f"{gone} diverged" in done.lines[1] and "median: diverged" in done.lines[1]
    converged = sum(c is not None and d is None for c, d in zip(run.converged_at, run.diverged_at))
    assert f"{converged} converged" in done.lines[1] and converged + gone <= 25


def test_review_fixes_read_back_from_the_figures(tmp_path):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    # a loss range of a factor 3 to 30 is labelled 1-2-5 on its log axis, a tick below the lowest
    done = lossviz(tmp_path, "plot", "goldstein_price", "--opt", "adam:lr=0.01", "--opt", "rmsprop:lr=0.005",
                   "--loss-panel", "-o", "g.png")
    FigureCanvasAgg(done.figure).draw()
    loss = [a for a in done.figure.axes if a.get_label() == "loss"][0]
    lo, hi = loss.get_ylim()
    ticks = [t for t in loss.get_yticks() if lo <= t <= hi]
    gaps = [float(t.loss[-1] - 3.0) for t in done.runs]
    assert min(ticks) <= min(gaps) and {20, 50, 100, 200} <= {round(t) for t in ticks}
    # the colour bar says f* in the loss panel's words, and its decades in one form
    (bar,) = done.figure.axes[0].child_axes
    assert bar.get_ylabel() == "loss − f* (f* = 3)"
    labels = [t.get_text() for t in bar.get_yticklabels()]
    assert "10⁵" in labels and not any("e+" in x for x in labels)
    # on dark, a second run of an optimizer is lighter, not a navy that vanishes
    from matplotlib.colors import to_rgb
    two = lossviz(tmp_path, "plot", "quadratic", "--opt", "gd:lr=0.1", "--opt", "gd:lr=0.05", "--theme", "dark",
                  "--steps", "5", "-o", "d.png")
    first, second = (to_rgb(h.get_color()) for h in two.figure.legends[0].legend_handles) if two.figure.legends \
        else (to_rgb(h.get_color()) for h in two.figure.axes[-1].get_legend().legend_handles)
    assert sum(second) > sum(first)


def test_loss_against_samples_is_a_stair_and_the_caption_counts_starts(tmp_path):
    done = lossviz(tmp_path, "plot", "linreg:n=40", "--opt", "gd:lr=0.1", "--epochs", "3", "--loss-panel", "-o", "s.png")
    loss = [a for a in done.figure.axes if a.get_label() == "loss"][0]
    assert all(ln.get_drawstyle() == "steps-post" for ln in loss.get_lines() if not ln.get_label().startswith("_"))
    quad = lossviz(tmp_path, "plot", "quadratic", "--opt", "gd:lr=0.1", "--steps", "5", "--loss-panel", "-o", "q.png")
    loss = [a for a in quad.figure.axes if a.get_label() == "loss"][0]
    assert {ln.get_drawstyle() for ln in loss.get_lines() if not ln.get_label().startswith("_")} == {"default"}
    many = lossviz(tmp_path, "plot", "monkey_saddle", "--opt", "momentum:lr=0.01", "--starts", "grid:5",
                   "--caption", "auto", "-o", "m.png")
    (run,) = many.runs
    gone = sum(d is not None for d in run.diverged_at)
    title = " ".join(many.figure.legends[0].get_title().get_text().split())
    assert title.startswith("Momentum (lr=0.01), 25 starts: ") and title.endswith(f"{gone} diverged")
