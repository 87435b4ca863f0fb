"""Other numbers than the loss on a plane: accuracy and any function of the weights, their
grids (against an independent forward pass, and point by point), the panel beside the loss
or instead of it, ``lossviz net --metric``, and what is refused."""
from __future__ import annotations

import numpy as np
import pytest
from matplotlib.contour import QuadContourSet

import landscape
import optimizers
from animations import plot_plane
from clitools import axes_labelled, files, legend_texts, lossviz, lossviz_main, one_line_error, pixels
from landscape.mlp import MLP
from landscape.plane import pca_plane, random_plane


@pytest.fixture(scope="module")
def net():
    return MLP(data="moons", n=60, hidden=(5, 4), activation="tanh")


@pytest.fixture(scope="module")
def runs(net):
    return [optimizers.run(net, optimizers.get(name, lr=lr), steps=40, seed=0)
            for name, lr in (("gd", 0.5), ("adam", 0.05))]


def by_hand_accuracy(net, p):
    """The documented forward pass, in plain numpy: each layer's block of ``p`` is ``W`` row
    by row and then ``b``; tanh hidden units, a sigmoid output above 1/2 is class 1."""
    a, at = net.X, 0
    sizes = (2, 5, 4, 1)
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        W = p[at:at + n_in * n_out].reshape(n_in, n_out)
        b = p[at + n_in * n_out:at + (n_in + 1) * n_out]
        at += (n_in + 1) * n_out
        z = a @ W + b
        a = np.tanh(z) if l < len(sizes) - 2 else 1 / (1 + np.exp(-z))
    assert at == len(p)
    return float(np.mean((a[:, 0] > 0.5) == (net.y == 1)))


def grid(plane, n):
    (x0, x1), (y0, y1) = plane.bounds
    return np.stack(np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n)), axis=-1)


# ---------------------------------------------------------------- the numbers
def test_the_accuracy_grid_is_the_share_a_forward_pass_by_hand_gets_right(net, runs, monkeypatch):
    plane = random_plane(net, runs[0].final, seed=2, extent=3.0)
    seen, real = [], MLP.accuracy

    def spy(self, p):
        seen.append(np.shape(p))
        return real(self, p)

    monkeypatch.setattr(MLP, "accuracy", spy)
    ab = grid(plane, 9)
    acc = plane.metric(ab, "accuracy")
    assert acc.shape == (9, 9) and len(np.unique(acc)) > 5          # a landscape, not one value
    for i, j in [(0, 0), (4, 4), (8, 1), (2, 7), (6, 3)]:
        a, b = ab[i, j]
        w = plane.origin + a * plane.d1 + b * plane.d2
        assert acc[i, j] == pytest.approx(by_hand_accuracy(net, w), abs=1e-12)
    # vectorised: many weight vectors per forward pass, not one call per grid point
    assert len(seen) < 10 and max(s[0] for s in seen) >= 40


def test_a_function_of_the_weights_is_gridded_as_it_is_point_by_point(net, runs):
    plane = pca_plane(net, runs)
    calls = []

    def margin(w):
        calls.append(w.shape)
        return np.sin(w[..., 0]) * np.linalg.norm(w, axis=-1) + w[..., -1] ** 2

    ab = grid(plane, 7)
    values = plane.metric(ab, margin)
    one_by_one = np.array([[margin(plane.origin + a * plane.d1 + b * plane.d2) for a, b in row]
                           for row in ab])
    np.testing.assert_allclose(values, one_by_one, rtol=1e-12)
    assert calls[0] == (49, net.dim)             # the whole grid in one array of weight vectors


# ---------------------------------------------------------------- the figure
def test_the_accuracy_panel_beside_the_loss(net, runs):
    plane = pca_plane(net, runs)
    fig = plot_plane(plane, runs, metric="accuracy", resolution=15)
    loss, acc = axes_labelled(fig, "surface"), axes_labelled(fig, "metric")
    assert loss.get_title(loc="left") == "Loss"
    assert acc.get_title(loc="left") == "Accuracy: % classified right"
    bar = next(a for a in acc.child_axes if a.get_label() == "<colorbar>")
    assert bar.get_ylabel() == "accuracy\n(higher is better)"
    assert [t.get_text() for t in bar.get_yticklabels()] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    (filled,) = [c for c in acc.collections if isinstance(c, QuadContourSet) and c.filled]
    assert filled.levels[0] == 0 and filled.levels[-1] == 100          # the whole scale, not log
    assert np.allclose(np.diff(filled.levels), filled.levels[1] - filled.levels[0])
    truth = 100 * plane.metric(grid(plane, 15))
    assert (filled.zmin, filled.zmax) == pytest.approx((truth.min(), truth.max()))
    # higher is better, so 100% is pale like the loss's floor, 0% dark
    top, bottom = (np.mean(filled.cmap(filled.norm(v))[:3]) for v in (99.0, 1.0))
    assert top > 0.95 and bottom < 0.7
    # the same paths at the same plane coordinates, in both panels, and one legend
    for t in runs:
        label = next(lab for lab in legend_texts(fig) if lab.startswith(t.label))
        here = [ln.get_xydata() for ln in loss.lines if ln.get_label() == label]
        there = [ln.get_xydata() for ln in acc.lines if ln.get_label() == label]
        assert len(here) == len(there) == 1
        np.testing.assert_array_equal(here[0], there[0])
        np.testing.assert_allclose(there[0], plane.project(t).coords)
    assert len(legend_texts(fig)) == len(runs)


def test_the_metric_instead_of_the_loss_says_each_runs_own_metric(net, runs):
    plane = pca_plane(net, runs)

    def weight_norm(w):
        return np.linalg.norm(w, axis=-1)

    fig = plot_plane(plane, runs, metric=weight_norm, beside=False, resolution=12)
    assert [a.get_label() for a in fig.axes].count("surface") == 0
    ax = axes_labelled(fig, "metric")
    assert ax.get_title(loc="left") == "Weight norm"
    bar = next(a for a in ax.child_axes if a.get_label() == "<colorbar>")
    assert bar.get_ylabel() == "weight norm"
    note = fig.legends[0].get_title().get_text().replace("\n", " ")
    assert "weight norm = the run's own, start → end" in note
    for t, label in zip(runs, legend_texts(fig)):
        own = np.linalg.norm(t.params[[0, -1]], axis=1)
        seen = np.linalg.norm(plane.weights(plane.project(t.params[[0, -1]]).coords), axis=1)
        words = f"weight norm {own[0]:.3g} → {own[1]:.3g} (on the plane {seen[0]:.3g} → {seen[1]:.3g})"
        assert words in label.replace("\n", " "), (words, label)


# ---------------------------------------------------------------- the command line
def test_net_metric_accuracy_draws_two_contour_panels(tmp_path):
    done = lossviz(tmp_path, "net", "moons:n=40", "--hidden", "4", "--steps", "20",
                   "--opt", "gd:lr=0.5", "--opt", "adam:lr=0.05", "--metric", "accuracy",
                   "--resolution", "12", "-o", "m.png")
    assert files(tmp_path) == ["m.png"] and pixels(tmp_path / "m.png") == (1500, 750)
    panels = [a for a in done.figure.axes
              if any(isinstance(c, QuadContourSet) and c.filled for c in a.collections)]
    assert sorted(a.get_label() for a in panels) == ["metric", "surface"]
    acc = axes_labelled(done.figure, "metric")
    assert acc.get_xlim() == axes_labelled(done.figure, "surface").get_xlim()
    only = lossviz(tmp_path, "net", "moons:n=40", "--hidden", "4", "--steps", "20",
                   "--opt", "gd:lr=0.5", "--metric", "accuracy", "--metric-only",
                   "--resolution", "12", "-o", "o.png")
    assert [a.get_label() for a in only.figure.axes if a.get_label() in ("surface", "metric")] == ["metric"]
    net = landscape.get(**only.runs[0].surface)
    own = 100 * net.accuracy(only.runs[0].params[[0, -1]])
    assert f"accuracy {own[0]:.3g}% → {own[1]:.3g}%" in legend_texts(only.figure)[0].replace("\n", " ")


@pytest.mark.parametrize("extra, words", [
    (["--metric", "acuracy"], ["--metric 'acuracy' is unknown", "did you mean 'accuracy'?"]),
    (["--metric", "accuracy", "--loss", "mse", "--data-is-sine"], ["needs two-class data", "'sine'"]),
    (["--metric-only"], ["give --metric"]),
    (["--metric", "accuracy", "--boundary"], ["three panels", "--metric-only"]),
    (["--metric", "accuracy", "--view", "line"], ["--metric goes with --view plane"]),
    (["--metric", "accuracy", "-o", "m.gif"], ["--metric draws a still figure", "'m.gif'"]),
])
def test_net_refuses_a_bad_metric_in_one_line_and_writes_nothing(extra, words, tmp_path, capsys):
    data = "sine:n=30" if "--data-is-sine" in extra else "moons:n=30"
    extra = [e for e in extra if e != "--data-is-sine"]
    out = [] if "-o" in extra else ["-o", "m.png"]
    code, stdout, err = lossviz_main(tmp_path, capsys, "net", data, "--steps", "3", *extra, *out)
    one_line_error(code, stdout, err, *words)
    assert files(tmp_path) == []


def test_the_api_refuses_bad_metrics_in_one_line(net, runs):
    plane = pca_plane(net, runs)
    cases = [
        (dict(metric="acurracy"), ValueError,
         "plot_plane: metric='acurracy' is unknown; did you mean 'accuracy'?"),
        (dict(metric=lambda w: w[..., :2]), ValueError,
         f"plot_plane: metric=<lambda> returned shape (144, 2) for weight vectors of shape "
         f"(144, {net.dim}); it must return one number per vector, shape (144,)"),
        (dict(metric=lambda w: w @ np.ones(3)), TypeError,
         f"plot_plane: metric=<lambda> failed on weight vectors of shape (144, {net.dim})"),
        (dict(beside=False), ValueError, "plot_plane: beside=False draws a metric instead of the loss"),
        (dict(metric_label="norm"), ValueError, "plot_plane: metric_label='norm' names a metric"),
        (dict(metric="accuracy", boundary=True), ValueError, "boundary=True make three panels"),
        (dict(metric="accuracy", metric_label=3), TypeError, "plot_plane: metric_label=3 must be words"),
    ]
    for kwargs, kind, words in cases:
        with pytest.raises(kind) as caught:
            plot_plane(plane, runs, resolution=12, **kwargs)
        assert words in str(caught.value) and "\n" not in str(caught.value), caught.value
    sine = MLP(data="sine", loss="mse", n=30, hidden=(3,))
    with pytest.raises(ValueError) as caught:
        plot_plane(random_plane(sine), metric="accuracy")
    assert str(caught.value) == ("plot_plane: metric='accuracy' needs a classifier (0/1 labels), but "
                                 "'sine' is a regression set; give a function of the weights instead")
