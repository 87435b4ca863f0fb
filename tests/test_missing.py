"""Missing values on the data surfaces (``missing=``, ``impute=``) and the ``missing``
figure: what dropping and filling do to the samples and to the landscape."""
from __future__ import annotations

import numpy as np
import pytest

import animations
import landscape
from clitools import files, lossviz, lossviz_main, one_line_error


def raw(s):
    """The surface's feature in raw units (its scaling undone)."""
    return s.x * s.fitted.scaler.factor[0] + s.fitted.scaler.shift[0]


def test_gaps_are_filled_with_the_training_mean_of_the_observed_values():
    s = landscape.get("linreg", missing=0.3, impute="mean", n_val=50)
    x, filled = raw(s), s.filled
    # 30% of the 150 samples' values are gaps, spread over both parts
    assert 0 < filled.sum() < 45 and len(filled) == s.n_samples == 100
    assert np.allclose(x[filled], x[~filled].mean())
    val = s.validation()
    # the held-out gaps get the training mean too: nothing learnt from the held-out part
    assert val.filled.any() and np.allclose(raw(val)[val.filled], x[~filled].mean())


def test_median_fills_with_the_median_and_drop_leaves_the_incomplete_samples_out():
    mean, median, drop = (landscape.get("linreg", missing=0.3, impute=i) for i in ("mean", "median", "drop"))
    observed = raw(mean)[~mean.filled]
    assert np.allclose(raw(median)[median.filled], np.median(observed))
    assert drop.n_samples == (~mean.filled).sum() and not drop.filled.any()
    assert np.allclose(np.sort(raw(drop)), np.sort(observed), rtol=1e-12)


def test_mean_filling_keeps_the_complete_case_slope_and_raises_the_floor():
    """In one feature the filled samples sit at the mean x, so they add nothing to
    sum (x - x_bar)(y - y_bar): the least-squares slope is the complete-case one (raw
    units), while their y, spread around y_bar, cannot be fitted: the loss floor rises."""
    complete = landscape.get("linreg", scale="none")
    drop, mean = (landscape.get("linreg", scale="none", missing=0.3, impute=i) for i in ("drop", "mean"))
    (w_drop, _), = drop.minima
    (w_mean, b_mean), = mean.minima
    assert w_mean == pytest.approx(w_drop, rel=1e-9)
    # and the intercept is the one through (x_bar, y_bar) of every sample
    assert b_mean == pytest.approx(mean.y.mean() - w_mean * raw(mean).mean(), rel=1e-9)
    assert mean.f_min > 10 * complete.f_min and drop.f_min == pytest.approx(complete.f_min, rel=0.2)
    # fewer distinct x values: the valley is flatter along w
    assert landscape.curvature(mean, mean.minima[0]).eigenvalues.max() < \
        landscape.curvature(complete, complete.minima[0]).eigenvalues.max()


@pytest.mark.parametrize("params, match", [
    ({"missing": 1.0}, r"linreg: missing=1.0 must be in \[0, 1\)"),
    ({"missing": 0.3, "impute": "zero"}, "impute='zero' is unknown; did you mean"),
    ({"missing": 0.99, "impute": "drop"}, "leaves 1 complete training sample"),
])
def test_bad_missing_settings(params, match):
    with pytest.raises(ValueError, match=match):
        landscape.get("linreg", **params)


def test_the_figure_shows_the_filled_samples_where_they_were_put():
    trio = [landscape.get("linreg")] + [landscape.get("linreg", missing=0.3, impute=i)
                                         for i in ("drop", "mean")]
    fig = animations.plot_missing(trio, resolution=30)
    surfaces = [a for a in fig.axes if a.get_label() == "surface"]
    assert [a.get_title(loc="left") for a in surfaces] == [
        "complete: N = 100, floor 0.27", "incomplete dropped: N = 75, floor 0.267",
        "mean-filled: N = 100, floor 10.6"]
    assert "30% of x missing" in fig._suptitle.get_text()
    data = [a for a in fig.axes if a.get_xlabel() == "x (raw units)"]
    assert len(data) == 3
    hollow = [c for c in data[2].collections if len(c.get_facecolors()) == 0]
    (column,) = hollow
    xs = column.get_offsets()[:, 0]
    assert len(xs) == trio[2].filled.sum() and np.allclose(xs, raw(trio[2])[~trio[2].filled].mean())
    # the dropped panel shows its 75 samples, the complete one its 100
    assert [sum(len(c.get_offsets()) for c in a.collections) for a in data[:2]] == [100, 75]


def test_the_fitted_line_is_the_runs_end(tmp_path):
    done = lossviz(tmp_path, "missing", "linreg:missing=0.2", "--opt", "gd:lr=0.3", "--steps", "30")
    fig, runs = done.figure, done.runs
    data = [a for a in fig.axes if a.get_xlabel() == "x (raw units)"]
    surfaces = [landscape.get("linreg")] + [landscape.get("linreg", missing=0.2, impute=i)
                                            for i in ("drop", "mean")]
    for ax, s, t in zip(data, surfaces, runs):
        (line,) = ax.get_lines()
        xs, ys = line.get_data()
        w, b = t.params[-1]
        z = (xs - s.fitted.scaler.shift[0]) / s.fitted.scaler.factor[0]
        assert np.allclose(ys, w * z + b)
    assert files(tmp_path) == ["linreg-missing.png"]


def test_command_line_reports_samples_and_floors_and_takes_impute(tmp_path):
    done = lossviz(tmp_path, "missing", "linreg", "--impute", "median", "-o", "m.png")
    assert done.lines[-1].startswith("  samples and lowest loss: 100 and 0.27 (complete), 75 and")
    assert "(median-filled)" in done.lines[-1]
    titles = [a.get_title(loc="left") for a in done.figure.axes if a.get_label() == "surface"]
    assert titles[2].startswith("median-filled: N = 100")


@pytest.mark.parametrize("argv, words", [
    (["linreg:impute=mean"], ["impute=", "--impute mean", "remove"]),
    (["linreg:missing=0"], ["missing=0", "gaps"]),
    (["quadratic"], ["missing needs a data surface", "'quadratic'"]),
    (["linreg", "--impute", "drop"], ["--impute", "'drop'"]),
    (["linreg:missing=1.5"], ["missing=1.5", "[0, 1)"]),
])
def test_bad_missing_command_lines(tmp_path, capsys, argv, words):
    code, out, err = lossviz_main(tmp_path, capsys, "missing", *argv)
    one_line_error(code, out, err, *words)
    assert files(tmp_path) == []


def test_the_three_landscapes_share_one_colour_scale_so_the_raised_floor_shows():
    from matplotlib.contour import QuadContourSet
    trio = [landscape.get("linreg")] + [landscape.get("linreg", missing=0.3, impute=i)
                                         for i in ("drop", "mean")]
    fig = animations.plot_missing(trio, resolution=40)
    surfaces = [a for a in fig.axes if a.get_label() == "surface"]
    filled = [next(c for c in a.collections if isinstance(c, QuadContourSet) and c.filled) for a in surfaces]
    assert all(np.array_equal(f.levels, filled[0].levels) for f in filled)
    assert filled[0].levels[0] == 0                      # absolute losses, from 0
    # the lowest band each panel reaches: the complete data's lies below the mean-filled floor
    lowest = [int(np.searchsorted(f.levels, s.f_min, side="right")) for f, s in zip(filled, trio)]
    assert lowest[0] == lowest[1] < lowest[2]
    bars = [c for a in surfaces for c in a.child_axes if c.get_label() == "<colorbar>"]
    assert len(bars) == 3 and {b.get_ylabel() for b in bars} == {"loss"}


def test_explicit_levels_are_checked():
    s = landscape.get("linreg")
    with pytest.raises(ValueError, match=r"plot: levels=\[0, 2, 1\] must be a number of levels"):
        animations.plot(s, [], levels=[0, 2, 1])
    fig = animations.plot(s, [], levels=[0.0, 1.0, 10.0, 1000.0], resolution=30)
    from matplotlib.contour import QuadContourSet
    (cs,) = [c for c in fig.axes[0].collections if isinstance(c, QuadContourSet) and c.filled]
    assert cs.levels.tolist() == [0.0, 1.0, 10.0, 1000.0]
