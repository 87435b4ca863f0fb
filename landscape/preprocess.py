"""What happens to a data set before training: split, missing values, scaling.

The rule behind every function here: statistics (means, ranges, medians) are
*fitted on the training part only* and then *applied* to the validation part, so
nothing about the held-out samples leaks into training.

Each function returns a new :class:`~landscape.datasets.Dataset` (they are frozen)
and appends what it did to ``data.steps``.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from groundwork import checks

# One random stream per purpose, all from the user's one seed: ``default_rng([seed, k])``
# is independent of ``default_rng(seed)``, so splitting or punching holes never reuses
# the random numbers that made the data.
_SPLIT, _MISSING = 1, 2
SCALINGS = ("standard", "minmax", "none")
IMPUTATIONS = ("mean", "median")
REPAIRS = IMPUTATIONS + ("drop",)    # what a surface can do with missing values


def _rng(seed, stream, owner):
    return np.random.default_rng([checks.whole(owner, "seed", seed, 0), stream])


def _derived(data, step, **changes):
    """A copy of ``data`` with new arrays and one more entry in ``steps``."""
    return dataclasses.replace(data, steps=data.steps + (step,), **changes)


# ---------------------------------------------------------------- train / validation
def split(data, val_fraction=0.2, *, seed=0):
    """Shuffle ``data`` and hold out ``val_fraction`` of it: ``(train, val)``.

    Both parts keep at least one sample.  The same seed gives the same split.

    >>> from landscape import datasets
    >>> train, val = datasets.split(datasets.moons(n=100), val_fraction=0.2)
    >>> len(train), len(val)
    (80, 20)
    """
    f = checks.unit("split", "val_fraction", val_fraction, low_open=True)
    n = len(data)
    if n < 2:
        raise ValueError(f"split: the data set has {n} sample; a split needs at least 2")
    n_val = min(max(round(f * n), 1), n - 1)
    order = _rng(seed, _SPLIT, "split").permutation(n)
    val_idx, train_idx = order[:n_val], order[n_val:]
    where = f"{n - n_val} of {n}, seed={seed}"
    return (_derived(data, f"train part ({where})", X=data.X[train_idx], y=data.y[train_idx]),
            _derived(data, f"validation part ({n_val} of {n}, seed={seed})",
                     X=data.X[val_idx], y=data.y[val_idx]))


# ---------------------------------------------------------------- missing values
def add_missing(data, missing=0.1, *, seed=0):
    """Replace a fraction ``missing`` of the feature entries by NaN (labels stay).

    Exactly ``round(missing * N * d)`` entries, chosen at random from the seed.

    >>> from landscape import datasets
    >>> holes = datasets.add_missing(datasets.linear(n=10), missing=0.3)
    >>> int(np.isnan(holes.X).sum())
    3
    """
    m = checks.unit("add_missing", "missing", missing)
    k = round(m * data.X.size)
    X = data.X.copy()
    X.flat[_rng(seed, _MISSING, "add_missing").choice(X.size, size=k, replace=False)] = np.nan
    return _derived(data, f"{k} of {X.size} feature values missing (seed={seed})", X=X)


def impute(train, val=None, how="mean"):
    """Fill NaN features with the training part's ``mean`` or ``median`` per feature.

    The statistic comes from ``train`` only and fills both parts: the validation
    part must not influence the numbers used to repair it.  Returns ``train``, or
    ``(train, val)`` when ``val`` is given.

    >>> from landscape import datasets
    >>> x = datasets.Dataset(X=np.array([[1.0], [np.nan], [3.0]]), y=np.zeros(3), name="toy")
    >>> datasets.impute(x).X.ravel()       # the gap gets the mean of 1 and 3
    array([1., 2., 3.])
    """
    checks.choice("impute", "how", how, IMPUTATIONS)
    holes = np.isnan(train.X)
    empty = np.flatnonzero(holes.all(axis=0))
    if empty.size:
        raise ValueError(f"impute: feature {int(empty[0])} is NaN in every training sample; "
                         "there is nothing to impute it from (use a smaller missing fraction)")
    fill = (np.nanmean if how == "mean" else np.nanmedian)(train.X, axis=0)

    def filled(data):
        X = np.where(np.isnan(data.X), fill, data.X)
        return _derived(data, f"{how}-imputed from the training part", X=X)

    return filled(train) if val is None else (filled(train), filled(val))


def drop_missing(data):
    """Keep only the samples with no missing feature (the other remedy besides imputing).

    >>> from landscape import datasets
    >>> x = datasets.Dataset(X=np.array([[1.0], [np.nan], [3.0]]), y=np.arange(3.0), name="toy")
    >>> drop_missing(x).y
    array([0., 2.])
    """
    keep = ~np.isnan(data.X).any(axis=1)
    return _derived(data, f"{int((~keep).sum())} samples with a gap dropped",
                    X=data.X[keep], y=data.y[keep])


def repair(train, val=None, how="mean"):
    """Missing values dealt with as ``how`` says: ``"mean"`` or ``"median"`` imputed from
    the training part (:func:`impute`), or ``"drop"``: the incomplete samples left out
    (:func:`drop_missing`).  Returns ``(train, val)`` (``val`` may be None)."""
    checks.choice("repair", "how", how, REPAIRS)
    if how == "drop":
        return drop_missing(train), None if val is None else drop_missing(val)
    if val is None:
        return impute(train, how=how), None
    return impute(train, val, how=how)


# ---------------------------------------------------------------- feature scaling
@dataclasses.dataclass(frozen=True, eq=False)
class Scaler:
    """``x -> (x - shift) / factor`` per feature, with numbers fitted on training data.

    ``standard``: shift = mean, factor = standard deviation (mean 0, variance 1);
    ``minmax`` (normalisation): shift = min, factor = max - min (range [0, 1]);
    ``none``: the raw units, deliberately left alone.
    """

    how: str
    shift: np.ndarray
    factor: np.ndarray

    def __call__(self, data):
        """``data`` with its features moved and stretched by the fitted numbers."""
        return _derived(data, f"{self.how} scaling (fitted on the training part)",
                        X=(data.X - self.shift) / self.factor)


def fit_scaler(train, how="standard") -> Scaler:
    """Fit a :class:`Scaler` on the training part ``train``.

    >>> from landscape import datasets
    >>> train, val = datasets.split(datasets.linear(n=200), val_fraction=0.5)
    >>> scaler = datasets.fit_scaler(train, "standard")
    >>> z = scaler(train).X
    >>> round(float(z.mean()), 12), round(float(z.std()), 12)
    (0.0, 1.0)
    """
    checks.choice("fit_scaler", "how", how, SCALINGS)
    if np.isnan(train.X).any():
        raise ValueError("fit_scaler: the training features contain NaN; "
                         "impute them first (datasets.impute)")
    d = train.X.shape[1]
    if how == "standard":
        shift, factor = train.X.mean(axis=0), train.X.std(axis=0)
    elif how == "minmax":
        shift, factor = train.X.min(axis=0), np.ptp(train.X, axis=0)
    else:
        shift, factor = np.zeros(d), np.ones(d)
    # A constant feature has no spread to divide by; leave its scale alone.
    factor = np.where(factor > 0, factor, 1.0)
    return Scaler(how, shift, factor)


def scale(train, val=None, how="standard"):
    """Scale ``train`` (and ``val`` with the *training* numbers).

    Returns ``train``, or ``(train, val)`` when ``val`` is given.
    """
    scaler = fit_scaler(train, how)
    return scaler(train) if val is None else (scaler(train), scaler(val))


def unscale(data, factor=100.0, shift=0.0):
    """The deliberately badly scaled version: first feature ``x -> factor * x + shift``.

    With features (or a feature and the bias) on very different scales, the loss
    over the weights becomes a long narrow valley, where plain GD zigzags.

    >>> from landscape import datasets
    >>> moons = datasets.moons(n=200)
    >>> bad = datasets.unscale(moons, factor=100.0)
    >>> (bad.X.std(axis=0) / moons.X.std(axis=0)).round(6)    # feature 0 is 100x wider
    array([100.,   1.])
    """
    f = checks.number("unscale", "factor", factor)
    if f == 0:
        raise ValueError("unscale: factor=0 would erase the feature; "
                         "use a nonzero number such as 100")
    s = checks.number("unscale", "shift", shift)
    X = data.X.copy()
    X[:, 0] = f * X[:, 0] + s
    return _derived(data, f"unscaled: x0 -> {f:g} * x0 + {s:g}", X=X)
