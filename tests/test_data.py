"""Data sets: generated from a seed, split, punched with holes, imputed and scaled."""
import dataclasses

import numpy as np
import pytest

from landscape import datasets
from landscape.datasets import Dataset

CLASSIFIERS = ["blobs", "moons", "circles", "xor", "spiral"]


# ---------------------------------------------------------------- generators
@pytest.mark.parametrize("name", datasets.names())
@pytest.mark.parametrize("n", [2, 3, 101])
def test_generators_have_the_asked_size_and_repeat_from_the_seed(name, n):
    a, b = datasets.make(name, n=n, seed=7), datasets.make(name, n=n, seed=7)
    assert a.X.shape[0] == a.y.shape[0] == len(a) == n
    assert a.X.ndim == 2 and a.y.dtype == float
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    other = datasets.make(name, n=n, seed=8)
    assert not np.array_equal(a.X, other.X)
    assert a.params["seed"] == 7 and a.params["n"] == n


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classifiers_have_two_labels(name):
    data = datasets.make(name, n=200, seed=0)
    assert set(np.unique(data.y)) == {0.0, 1.0}
    if name != "xor":   # the others alternate labels: exactly balanced
        assert data.y.sum() == 100


def test_linear_is_the_true_line_plus_noise():
    clean = datasets.linear(n=50, noise=0.0, w=3.0, b=-2.0, seed=1)
    assert np.allclose(clean.y, 3.0 * clean.X[:, 0] - 2.0)
    assert clean.truth == {"w": 3.0, "b": -2.0}
    noisy = datasets.linear(n=20000, noise=0.5, seed=1)
    residual = noisy.y - (2.0 * noisy.X[:, 0] - 1.0)
    assert abs(residual.std() - 0.5) < 0.02
    assert noisy.X.min() >= 0.0 and noisy.X.max() <= 10.0   # raw units, not centred


def test_shapes_of_the_geometric_sets():
    circles = datasets.circles(n=400, noise=0.0, factor=0.3)
    radius = np.hypot(*circles.X.T)
    assert np.allclose(radius, np.where(circles.y == 1, 0.3, 1.0))
    assert datasets.blobs(n=10, dim=1).X.shape == (10, 1)
    sine = datasets.sine(n=30, noise=0.0)
    assert np.allclose(sine.y, np.sin(sine.X[:, 0]))
    xor = datasets.xor(n=500, noise=0.0)
    assert np.array_equal(xor.y == 1, xor.X[:, 0] * xor.X[:, 1] < 0)


def test_dataset_is_frozen_and_checks_its_shapes():
    data = datasets.moons(n=10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.X = np.zeros((10, 2))
    with pytest.raises(ValueError, match="read-only"):
        data.X[0, 0] = 1.0
    assert Dataset(X=np.arange(3.0), y=np.zeros(3), name="flat").X.shape == (3, 1)
    with pytest.raises(ValueError, match=r"Dataset: X must be \(N, d\) and y \(N,\)"):
        Dataset(X=np.zeros((3, 2)), y=np.zeros(4), name="bad")
    assert "moons" in repr(data) and "N=10" in repr(data)


# ---------------------------------------------------------------- split
@pytest.mark.parametrize("n, fraction, n_val", [(100, 0.2, 20), (10, 0.25, 2), (7, 0.5, 4),
                                                (5, 0.01, 1), (5, 0.99, 4)])
def test_split_sizes_and_disjoint_cover(n, fraction, n_val):
    data = datasets.linear(n=n, seed=3)
    train, val = datasets.split(data, val_fraction=fraction, seed=4)
    assert (len(train), len(val)) == (n - n_val, n_val)
    together = np.sort(np.concatenate([train.X[:, 0], val.X[:, 0]]))
    assert np.array_equal(together, np.sort(data.X[:, 0]))   # every sample exactly once
    again = datasets.split(data, val_fraction=fraction, seed=4)[1]
    assert np.array_equal(again.X, val.X)
    assert "train part" in train.steps[-1] and "validation part" in val.steps[-1]


def test_split_seed_changes_the_split():
    data = datasets.linear(n=100)
    a = datasets.split(data, 0.3, seed=0)[1]
    b = datasets.split(data, 0.3, seed=1)[1]
    assert not np.array_equal(np.sort(a.X[:, 0]), np.sort(b.X[:, 0]))


@pytest.mark.parametrize("fraction", [0, 1, 1.5, -0.2])
def test_split_rejects_fractions_outside_the_open_interval(fraction):
    with pytest.raises(ValueError, match=rf"split: val_fraction={fraction} must be in \(0, 1\)"):
        datasets.split(datasets.linear(n=10), val_fraction=fraction)


# ---------------------------------------------------------------- missing values
def test_missing_values_exact_count_labels_untouched_reproducible():
    data = datasets.moons(n=50, seed=2)
    holes = datasets.add_missing(data, missing=0.1, seed=2)
    assert int(np.isnan(holes.X).sum()) == 10          # 10% of 50 * 2 entries
    assert np.array_equal(holes.y, data.y)
    assert np.array_equal(np.isnan(holes.X), np.isnan(datasets.add_missing(data, 0.1, seed=2).X))
    assert not np.isnan(data.X).any()                  # the original is untouched
    made = datasets.make("moons", n=50, missing=0.1, seed=2)
    assert np.array_equal(made.X, holes.X, equal_nan=True)


@pytest.mark.parametrize("missing", [1.0, -0.1, 1.5])
def test_missing_fraction_must_be_in_half_open_interval(missing):
    with pytest.raises(ValueError, match=rf"add_missing: missing={missing} must be in \[0, 1\)"):
        datasets.add_missing(datasets.moons(n=10), missing=missing)
    with pytest.raises(ValueError, match=rf"make: missing={missing} must be in \[0, 1\)"):
        datasets.make("moons", missing=missing)


@pytest.mark.parametrize("how", ["mean", "median"])
def test_impute_fills_every_hole_with_training_statistics(how):
    data = datasets.make("blobs", n=200, missing=0.3, seed=5)
    train, val = datasets.split(data, 0.25, seed=5)
    filled_train, filled_val = datasets.impute(train, val, how=how)
    assert not np.isnan(filled_train.X).any() and not np.isnan(filled_val.X).any()
    stat = (np.nanmean if how == "mean" else np.nanmedian)(train.X, axis=0)
    holes = np.isnan(val.X)
    assert np.array_equal(filled_val.X[holes], np.broadcast_to(stat, val.X.shape)[holes])
    kept = ~np.isnan(train.X)
    assert np.array_equal(filled_train.X[kept], train.X[kept])


def test_impute_errors():
    empty = Dataset(X=np.array([[np.nan, 1.0], [np.nan, 2.0]]), y=np.zeros(2), name="holes")
    with pytest.raises(ValueError, match="impute: feature 0 is NaN in every training sample"):
        datasets.impute(empty)
    with pytest.raises(ValueError, match="impute: how='mode' is unknown"):
        datasets.impute(datasets.moons(n=4), how="mode")


# ---------------------------------------------------------------- scaling
def test_standardisation_is_fitted_on_train_and_applied_to_validation():
    train, val = datasets.split(datasets.linear(n=300, seed=1), 0.3, seed=1)
    s_train, s_val = datasets.scale(train, val, how="standard")
    assert np.allclose(s_train.X.mean(axis=0), 0.0) and np.allclose(s_train.X.std(axis=0), 1.0)
    mu, sd = train.X.mean(axis=0), train.X.std(axis=0)
    assert np.allclose(s_val.X, (val.X - mu) / sd)        # the training numbers, not val's own
    assert not np.allclose(s_val.X.mean(axis=0), 0.0)
    assert np.array_equal(s_val.y, val.y)                 # targets are never scaled


def test_minmax_and_none():
    train, val = datasets.split(datasets.moons(n=200), 0.5)
    m_train, m_val = datasets.scale(train, val, how="minmax")
    assert np.allclose(m_train.X.min(axis=0), 0.0) and np.allclose(m_train.X.max(axis=0), 1.0)
    lo, span = train.X.min(axis=0), np.ptp(train.X, axis=0)
    assert np.allclose(m_val.X, (val.X - lo) / span)
    assert np.array_equal(datasets.scale(train, how="none").X, train.X)


def test_scaling_errors():
    data = datasets.moons(n=10)
    with pytest.raises(ValueError,
                       match="fit_scaler: how='standart' is unknown; did you mean 'standard'"):
        datasets.scale(data, how="standart")
    with pytest.raises(ValueError, match="fit_scaler: the training features contain NaN; impute"):
        datasets.scale(datasets.add_missing(data, 0.2))
    constant = Dataset(X=np.ones((4, 1)), y=np.zeros(4), name="flat")
    assert np.array_equal(datasets.scale(constant).X, np.zeros((4, 1)))   # no division by 0


def test_unscale_stretches_the_first_feature():
    data = datasets.moons(n=100)
    bad = datasets.unscale(data, factor=100.0, shift=500.0)
    assert np.allclose(bad.X[:, 0], 100.0 * data.X[:, 0] + 500.0)
    assert np.array_equal(bad.X[:, 1], data.X[:, 1])
    with pytest.raises(ValueError, match="unscale: factor=0 would erase the feature"):
        datasets.unscale(data, factor=0)


# ---------------------------------------------------------------- make and bad input
def test_make_unknown_name_suggests_the_closest():
    with pytest.raises(ValueError, match="unknown data set 'moon'; did you mean 'moons'"):
        datasets.make("moon")
    with pytest.raises(ValueError,
                       match=r"data set 'circles' has no option 'factr'; did you mean 'factor'\? "
                             r"\(its options: factor\)"):
        datasets.make("circles", factr=0.2)
    with pytest.raises(TypeError, match="data set name must be a string, got 3"):
        datasets.make(3)
    assert datasets.make("Moons", n=10).name == "moons"


def test_make_keeps_each_generators_default_noise():
    assert datasets.make("moons").params["noise"] == 0.1
    assert datasets.make("linear").params["noise"] == 0.5
    assert datasets.make("circles", factor=0.2, noise=0.0).params["factor"] == 0.2


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(noise=-0.5), ValueError, r"linear: noise=-0.5 must be in \[0, 1e\+06\]"),
    (dict(n=1), ValueError, r"linear: n=1 must be a whole number >= 2"),
    (dict(n=10.5), TypeError, r"linear: n=10.5 must be a whole number >= 2"),
    (dict(seed=-1), ValueError, r"linear: seed=-1 must be a whole number >= 0"),
    (dict(seed=1.5), TypeError, r"linear: seed=1.5 must be a whole number"),
    (dict(noise="big"), TypeError, r"linear: noise='big' must be a number"),
    (dict(noise=float("nan")), ValueError, r"linear: noise=nan must be a finite number in \[0, 1e\+06\]"),
])
def test_generator_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        datasets.linear(**kwargs)


def test_generator_option_errors():
    with pytest.raises(ValueError, match=r"circles: factor=1.0 must be in \(0, 1\)"):
        datasets.circles(factor=1.0)
    with pytest.raises(ValueError, match=r"linear: x_range=\(5, 5\) must be \(low, high\)"):
        datasets.linear(x_range=(5, 5))
    with pytest.raises(ValueError, match="spiral: turns=0 must be > 0"):
        datasets.spiral(turns=0)
