"""``lossviz batch | fan | scaling | losses | earlystop``, tested by what each option does.

The defaults asserted here are the ones the README and each command's help state.
"""
from __future__ import annotations

import numpy as np
import pytest

import landscape
import optimizers
from clitools import axes_labelled, files, legend_texts, lossviz, pixels


def titles(fig):
    return [a.get_title(loc="left") for a in fig.axes if a.get_label() == "surface"]


# ---------------------------------------------------------------- batch
def test_batch_defaults(tmp_path):
    """gd lr=0.1, minibatch lr=0.1 batch_size=16, sgd lr=0.05, for 10 epochs."""
    done = lossviz(tmp_path, "batch", "linreg:n=40")
    assert files(tmp_path) == ["linreg-batch.png"] and pixels(tmp_path / "linreg-batch.png") == (1725, 750)
    assert [t.label for t in done.runs] == ["GD (lr=0.1)", "Mini-batch GD (lr=0.1, batch_size=16)",
                                            "SGD (lr=0.05)"]
    assert [t.steps for t in done.runs] == [10, 30, 400]          # 1, ceil(40/16) and 40 an epoch
    assert [t.batch_size for t in done.runs] == [40, 16, 1]
    losses = [a for a in done.figure.axes if a.get_label() == "loss"]
    assert [a.get_xlabel() for a in losses] == ["iteration", "epoch"]


def test_batch_uses_every_option(tmp_path):
    done = lossviz(tmp_path, "batch", "linreg:n=40,noise=0.3", "--opt", "sgd:lr=0.02",
                   "--opt", "gd:lr=0.2", "--steps", "12", "--seed", "5", "--start", "1,2",
                   "--schedule", "cosine", "--theme", "slides", "--bounds", "-2,4,-1,5",
                   "-o", "b.svg")
    assert files(tmp_path) == ["b.svg"]
    sgd, gd = done.runs
    assert sgd.surface["noise"] == 0.3 and sgd.surface["n"] == 40
    assert (sgd.steps, gd.steps, sgd.seed, gd.seed) == (12, 12, 5, 5)
    for t in done.runs:
        np.testing.assert_array_equal(t.params[0], [1.0, 2.0])
    # cosine from lr to 0 over the 12 steps
    np.testing.assert_allclose(sgd.lr[1:], 0.01 * (1 + np.cos(np.pi * np.arange(12) / 11)))
    s = landscape.get("linreg", n=40, noise=0.3)
    again = optimizers.run(s, optimizers.get("sgd", lr=0.02), (1, 2), steps=12, seed=5,
                           schedule=optimizers.get_schedule("cosine"))
    assert np.array_equal(sgd.params, again.params)
    assert tuple(done.figure.get_size_inches() * done.figure.dpi) == (1920, 1080)
    ax = axes_labelled(done.figure, "surface")
    assert (ax.get_xlim(), ax.get_ylim()) == ((-2, 4), (-1, 5))


# ---------------------------------------------------------------- fan
def test_fan_runs_each_seed_and_the_reference(tmp_path):
    done = lossviz(tmp_path, "fan", "linreg:n=30", "--opt", "sgd:lr=0.03", "--seeds", "3",
                   "--seed", "5", "--epochs", "2", "--theme", "slides", "--bounds", "-3,3,-2,4")
    assert files(tmp_path) == ["linreg-fan.png"] and pixels(tmp_path / "linreg-fan.png") == (1920, 1080)
    ax = axes_labelled(done.figure, "surface")
    assert (ax.get_xlim(), ax.get_ylim()) == ((-3, 3), (-2, 4))
    *seeds, ref = done.runs
    assert [t.seed for t in seeds] == [5, 6, 7] and ref.label == "GD (lr=0.03)"
    s = landscape.get("linreg", n=30)
    for t in seeds:
        assert t.steps == 60
        same = optimizers.run(s, optimizers.get("sgd", lr=0.03), epochs=2, seed=t.seed)
        assert np.array_equal(t.params, same.params)
    assert ref.steps == 2
    assert "min-max of 3 seeds" in legend_texts(done.figure)


def test_fan_defaults_and_reference(tmp_path):
    """sgd lr=0.05 over 8 seeds from 0, for 5 epochs; full-batch GD at the same lr beside."""
    done = lossviz(tmp_path, "fan", "linreg:n=20")
    *seeds, ref = done.runs
    assert [t.seed for t in seeds] == list(range(8))
    assert {t.label for t in seeds} == {"SGD (lr=0.05)"} and {t.steps for t in seeds} == {100}
    assert ref.label == "GD (lr=0.05)" and ref.steps == 5
    none = lossviz(tmp_path, "fan", "linreg:n=20", "--seeds", "2", "--epochs", "1",
                   "--reference", "none", "-o", "none.png")
    assert [t.label for t in none.runs] == ["SGD (lr=0.05)"] * 2
    other = lossviz(tmp_path, "fan", "linreg:n=20", "--seeds", "2", "--epochs", "1",
                    "--reference", "momentum:lr=0.01", "-o", "other.png")
    assert other.runs[-1].label == "Momentum (lr=0.01)"


# ---------------------------------------------------------------- scaling
def test_scaling_defaults(tmp_path):
    """gd lr=0.025 and lr=0.4, each on the raw and on the standardised features, 40 steps."""
    done = lossviz(tmp_path, "scaling", "linreg:n=40")
    assert files(tmp_path) == ["linreg-scaling.png"]
    assert [(t.label, t.surface["scale"]) for t in done.runs] == [
        ("GD (lr=0.025)", "none"), ("GD (lr=0.4)", "none"),
        ("GD (lr=0.025)", "standard"), ("GD (lr=0.4)", "standard")]
    # the lesson: the rate that walks into the bowl diverges in the raw valley
    slow_raw, fast_raw, slow, fast = done.runs
    assert fast_raw.diverged and not fast.diverged and fast.loss[-1] < slow.loss[-1]
    assert all(t.steps == 40 for t in (slow_raw, slow, fast))
    left, right = titles(done.figure)
    assert left.startswith("raw features: κ = ") and right == "standardised: κ = 1"
    assert float(left.split("= ")[1]) > 50


def test_scaling_with_one_opt_and_minmax(tmp_path):
    done = lossviz(tmp_path, "scaling", "linreg:n=40", "--scale", "minmax", "--opt", "gd:lr=0.1",
                   "--steps", "5", "--theme", "dark", "--bounds", "-1,2,-1,2", "-o", "s.png")
    assert pixels(tmp_path / "s.png") == (1920, 1080)
    assert done.figure.get_facecolor()[:3] == pytest.approx((11 / 255, 15 / 255, 20 / 255))
    for ax in done.figure.axes:
        if ax.get_label() == "surface":
            assert (ax.get_xlim(), ax.get_ylim()) == ((-1, 2), (-1, 2))
    assert [(t.label, t.surface["scale"], t.steps) for t in done.runs] == [
        ("GD (lr=0.1)", "none", 5), ("GD (lr=0.1)", "minmax", 5)]
    assert titles(done.figure)[1].startswith("min-max scaled: κ = ")
    assert "(scale=minmax)" in done.lines[-1]


# ---------------------------------------------------------------- losses
def test_losses_runs_both_losses(tmp_path):
    done = lossviz(tmp_path, "losses", "logreg_mse:n=40", "--opt", "gd:lr=0.3", "--steps", "20")
    assert files(tmp_path) == ["logreg-losses.png"]
    assert [(t.surface["name"], t.label, t.steps) for t in done.runs] == [
        ("logreg", "GD (lr=0.3)", 20), ("logreg_mse", "GD (lr=0.3)", 20)]
    assert all(t.surface["n"] == 40 for t in done.runs)
    assert titles(done.figure) == ["cross-entropy", "squared error (MSE)"]
    default = lossviz(tmp_path, "losses", "logreg:n=40", "--theme", "slides", "--bounds",
                      "-5,5,-4,6", "-o", "d.png")
    assert [(t.label, t.steps) for t in default.runs] == [("GD (lr=0.5)", 100)] * 2
    assert pixels(tmp_path / "d.png") == (1920, 1080)
    assert [(a.get_xlim(), a.get_ylim()) for a in default.figure.axes if a.get_label() == "surface"] \
        == [((-5, 5), (-4, 6))] * 2


# ---------------------------------------------------------------- earlystop
def _best(surface, lr, epochs):
    """The epoch of the lowest validation loss, by a run that never stops."""
    t = optimizers.run(surface, optimizers.get("gd", lr=lr), epochs=epochs,
                       validation=surface.validation())
    return int(np.argmin(t.val_loss))


def test_earlystop_defaults_and_val_fraction(tmp_path):
    """gd lr=0.1 for up to 100 epochs, stopping after 10 epochs without a better loss."""
    done = lossviz(tmp_path, "earlystop", "linreg:n=10,noise=1,seed=2", "--val-fraction", "0.5")
    assert files(tmp_path) == ["linreg-earlystop.png"]
    (t,) = done.runs
    assert t.label == "GD (lr=0.1)" and t.surface["n_val"] == 10      # half of all 20 samples
    s = landscape.get("linreg", n=10, noise=1, seed=2, n_val=10)
    best = _best(s, 0.1, 100)
    assert t.best == best and t.stopped_early and t.steps == best + 10
    assert "best: step" in done.lines[-1] and "stopped early" in done.lines[-1]


def test_earlystop_patience_theme_and_bounds(tmp_path):
    data = "linreg:n=10,noise=1,seed=2,n_val=10"
    never = lossviz(tmp_path, "earlystop", data, "--patience", "0", "-o", "never.png")
    (t,) = never.runs
    assert t.steps == 100 and not t.stopped_early            # the default 100 epochs, in full
    soon = lossviz(tmp_path, "earlystop", data, "--patience", "3", "--epochs", "40",
                   "--theme", "slides", "--bounds", "-1,3,-2,2", "-o", "soon.png")
    (t,) = soon.runs
    best = _best(landscape.get("linreg", n=10, noise=1, seed=2, n_val=10), 0.1, 40)
    assert t.steps == best + 3 and t.stopped_early
    assert pixels(tmp_path / "soon.png") == (1920, 1080)
    ax = axes_labelled(soon.figure, "surface")
    assert (ax.get_xlim(), ax.get_ylim()) == ((-1, 3), (-2, 2))
