"""Finite-sum surfaces: mini-batch gradients, least squares, and GD vs SGD through run."""
import math

import numpy as np
import pytest

import landscape
import optimizers
from landscape import finite_sum, neuron  # finite_sum registers linreg, logreg, logreg_mse
from landscape.base import Surface

NAMES = ["linreg", "logreg", "logreg_mse"]
POINTS = np.array([[0.3, -0.2], [2.0, 1.0], [-1.5, 0.7]])


@pytest.fixture(scope="module", params=NAMES)
def surface(request):
    return landscape.get(request.param, n=60, seed=3)


def test_registered_and_built_by_name():
    assert set(NAMES) <= set(landscape.names())
    s = landscape.get("linreg", n=200, noise=0.5)
    assert isinstance(s, Surface)
    assert (s.dim, s.n_samples, s.name) == (2, 200, "linreg")
    assert landscape.get("logreg-mse").name == "logreg_mse"
    for key in ("log_levels", "label", "formula", "params", "f_min", "bounds", "start"):
        assert getattr(s, key) is not None
    assert s.params["scale"] == "standard" and "scale=standard" in s.label
    assert repr(s).startswith("landscape.get('linreg', n=200")
    numpy_ints = landscape.get("linreg", n=np.int64(50), seed=np.int64(1))
    assert numpy_ints.params["n"] == 50 and numpy_ints.n_samples == 50   # settings as given


# ---------------------------------------------------------------- the finite sum
def test_value_and_grad_are_means_of_the_sample_terms(surface):
    batch = np.array([5, 0, 17, 5])                       # repeats count twice
    losses = surface.sample_losses(POINTS, batch)
    grads = surface.sample_grads(POINTS, batch)
    assert losses.shape == (3, 4) and grads.shape == (3, 4, 2)
    assert np.allclose(surface.value(POINTS, batch), losses.mean(-1), rtol=1e-13)
    assert np.allclose(surface.grad(POINTS, batch), grads.mean(-2), rtol=1e-12, atol=1e-15)
    assert np.allclose(surface.value(POINTS), surface.sample_losses(POINTS).mean(-1), rtol=1e-13)


@pytest.mark.parametrize("B", [1, 7, 16, 60])
def test_one_epoch_of_minibatch_gradients_averages_to_the_full_gradient(surface, B):
    N = surface.n_samples
    order = np.random.default_rng(B).permutation(N)
    batches = [order[i:i + B] for i in range(0, N, B)]
    assert len(batches) == math.ceil(N / B)
    # Each batch gives a mean over its samples; weighted by batch size they add up
    # to the mean over all N samples, also when the last batch is short.
    mean = sum(len(b) / N * surface.grad(POINTS, b) for b in batches)
    assert np.allclose(mean, surface.grad(POINTS), rtol=1e-12, atol=1e-14)


def test_sample_gradients_match_central_differences(surface):
    h = 1e-6
    for p in POINTS:
        grads = surface.sample_grads(p)                                   # (N, 2)
        for i, e in enumerate(np.eye(2)):
            fd = (surface.sample_losses(p + h * e) - surface.sample_losses(p - h * e)) / (2 * h)
            assert np.allclose(grads[:, i], fd, rtol=1e-6, atol=1e-8)


def test_hessian_matches_differences_of_the_gradient(surface):
    h = 1e-6
    for p in POINTS:
        fd = np.stack([(surface.grad(p + h * e) - surface.grad(p - h * e)) / (2 * h)
                       for e in np.eye(2)], axis=-1)
        assert np.allclose(surface.hessian(p), fd, rtol=1e-5, atol=1e-8)


def test_vectorised_over_points_and_in_chunks(surface, monkeypatch):
    grid = np.stack(np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-1, 3, 5)), axis=-1)
    values, grads = surface.value(grid), surface.grad(grid)
    assert values.shape == (5, 7) and grads.shape == (5, 7, 2)
    one_by_one = np.array([[surface.value(q) for q in row] for row in grid])
    assert np.allclose(values, one_by_one, rtol=1e-13)
    monkeypatch.setattr(neuron, "_CHUNK", 2 * surface.n_samples)   # 2 points per chunk
    assert np.allclose(surface.value(grid), values, rtol=1e-13)
    assert np.allclose(surface.grad(grid), grads, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------- minima
@pytest.mark.parametrize("scale", ["standard", "minmax", "none"])
def test_linreg_minimum_is_numpy_least_squares(scale):
    s = landscape.get("linreg", n=80, noise=0.7, seed=2, scale=scale)
    design = np.stack([s.x, np.ones_like(s.x)], axis=1)
    w_b, residual, *_ = np.linalg.lstsq(design, s.y, rcond=None)
    assert np.allclose(s.minima[0], w_b, rtol=1e-10, atol=1e-12)
    assert np.isclose(s.f_min, residual[0] / s.n_samples, rtol=1e-10)
    lo, hi = np.array(s.bounds).T
    assert np.all(lo < w_b) and np.all(w_b < hi)
    assert np.allclose((lo + hi) / 2, w_b)                 # the view is centred on it
    assert s.value(s.start) > 10 * s.f_min                 # and the start is well away


def test_linreg_knows_the_true_line():
    s = landscape.get("linreg", n=2000, noise=0.1, scale="none")
    assert np.allclose(s.truth, (2.0, -1.0)) and np.allclose(s.minima[0], s.truth, atol=0.02)
    scaled = landscape.get("linreg", n=2000, noise=0.1)
    assert np.allclose(scaled.minima[0], scaled.truth, atol=0.02)


@pytest.mark.parametrize("name", ["logreg", "logreg_mse"])
def test_logistic_minimum_is_a_true_minimum(name):
    s = landscape.get(name, seed=4)
    p = np.array(s.minima[0])
    assert np.linalg.norm(s.grad(p)) < 1e-10
    assert np.all(np.linalg.eigvalsh(s.hessian(p)) > 0)
    ring = p + 1e-3 * np.stack([np.cos(np.arange(8)), np.sin(np.arange(8))], axis=1)
    assert np.all(s.value(ring) > s.f_min)


def test_separable_classes_have_no_finite_minimum():
    s = landscape.get("logreg", noise=0.05, n=40)
    assert s.minima == () and s.f_min is None
    assert s.value((100.0, 0.0)) < s.value((10.0, 0.0)) < s.value((1.0, 0.0))


def test_cross_entropy_is_stable_far_out():
    s = landscape.get("logreg")
    far = np.array([[1e4, 0.0], [-1e4, 0.0], [0.0, 800.0]])
    assert np.all(np.isfinite(s.value(far))) and np.all(np.isfinite(s.grad(far)))
    z = np.array([-800.0, -30.0, 0.0, 30.0, 800.0])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    expected = [800.0, np.log1p(np.exp(-30.0)), np.log(2.0), np.log1p(np.exp(-30.0)), 800.0]
    assert np.allclose(finite_sum.LogReg.loss(z, y), expected, rtol=1e-15, atol=0)


def test_sigmoid_is_accurate_in_both_tails():
    from scipy.special import expit
    z = np.linspace(-700, 700, 2001)
    assert np.allclose(finite_sum.sigmoid(z), expit(z), rtol=1e-14, atol=0)
    assert np.array_equal(finite_sum.sigmoid(np.array([-1e308, 0.0, 1e308])), [0.0, 0.5, 1.0])
    assert finite_sum.sigmoid(-700.0) > 0          # e^-700, not 0


def test_squared_error_on_a_sigmoid_has_a_plateau_where_cross_entropy_pulls():
    bce, mse = landscape.get("logreg"), landscape.get("logreg_mse")
    assert bce.start == mse.start and bce.start[0] < 0          # confidently wrong
    wrong = (-8.0, 0.0)
    assert np.linalg.norm(mse.grad(wrong)) < 0.05 < 0.5 < np.linalg.norm(bce.grad(wrong))


def test_unscaled_data_makes_a_narrow_valley():
    cond = {scale: np.linalg.cond(landscape.get("linreg", scale=scale).hessian((0.0, 0.0)))
            for scale in ("standard", "minmax", "none")}
    assert cond["standard"] == pytest.approx(1.0)
    assert cond["none"] > 100 * cond["standard"]
    assert cond["standard"] < cond["minmax"] < cond["none"]


# ---------------------------------------------------------------- through optimizers.run
def test_gd_reaches_the_least_squares_solution():
    s = landscape.get("linreg", n=100)
    t = optimizers.run(s, optimizers.get("gd", lr=0.2), steps=200)
    assert np.allclose(t.params[-1], s.minima[0], atol=1e-8)
    assert t.loss[-1] == pytest.approx(s.f_min, rel=1e-12)


@pytest.mark.parametrize("name", ["sgd", "minibatch"])
def test_full_batch_sgd_is_gd_bit_for_bit(name):
    s = landscape.get("linreg", n=50)
    full = optimizers.run(s, optimizers.get(name, lr=0.1, batch_size=s.n_samples), steps=40)
    gd = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=40)
    assert np.array_equal(full.params, gd.params) and np.array_equal(full.loss, gd.loss)


@pytest.mark.parametrize("B, per_epoch", [(1, 50), (7, 8), (10, 5), (32, 2), (50, 1)])
def test_iterations_per_epoch(B, per_epoch):
    s = landscape.get("logreg", n=50)
    E = 3
    t = optimizers.run(s, optimizers.get("minibatch", lr=0.1, batch_size=B), epochs=E)
    assert per_epoch == math.ceil(50 / B)
    assert t.steps == E * per_epoch and len(t.params) == E * per_epoch + 1
    assert t.samples[-1] == E * s.n_samples and t.epoch[-1] == E


def test_same_seed_same_path_other_seed_other_path():
    s = landscape.get("linreg", n=100)
    sgd = optimizers.get("sgd", lr=0.05)
    a, b = (optimizers.run(s, sgd, epochs=2, seed=11) for _ in range(2))
    c = optimizers.run(s, sgd, epochs=2, seed=12)
    assert np.array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)


def test_sgd_wanders_visibly_away_from_the_gd_path():
    s = landscape.get("linreg", n=100, noise=1.0)
    gd = optimizers.run(s, optimizers.get("gd", lr=0.05), steps=200)
    sgd = optimizers.run(s, optimizers.get("sgd", lr=0.05), steps=200)
    width = s.bounds[0][1] - s.bounds[0][0]
    gap = np.linalg.norm(sgd.params - gd.params, axis=-1)
    assert gap.max() > 0.02 * width                     # visible on the plot
    assert np.linalg.norm(sgd.params[-1] - s.minima[0]) < 0.1 * width   # yet it gets there


def test_many_starts_step_as_one_array():
    s = landscape.get("logreg")
    starts = np.array([s.start, (0.0, 0.0), (1.0, -1.0)])
    t = optimizers.run(s, optimizers.get("minibatch", lr=0.5, batch_size=10), starts, epochs=2)
    assert t.params.shape == (21, 3, 2)
    single = optimizers.run(s, optimizers.get("gd", lr=0.5), starts[1], steps=5)
    many = optimizers.run(s, optimizers.get("gd", lr=0.5), starts, steps=5)
    assert np.allclose(many.params[:, 1], single.params, rtol=1e-13)


# ---------------------------------------------------------------- validation part
def test_validation_surface_is_the_held_out_part():
    s = landscape.get("linreg", n=100, n_val=40, seed=5)
    v = s.validation()
    assert v.n_samples == 40 and v.part == "validation" and v.training() == s
    assert v.bounds == s.bounds and v.start == s.start      # drawn in the same window
    assert not np.allclose(v.minima[0], s.minima[0])
    assert np.array_equal(landscape.get("linreg", n=100, n_val=40, seed=5,
                                        part="validation").x, v.x)
    both = np.concatenate([s.dataset.X[:, 0], v.dataset.X[:, 0]])
    assert len(np.unique(both)) == 140                      # no sample in both parts
    # scaled with the training numbers only: the training x has mean 0, validation's not
    assert abs(s.x.mean()) < 1e-12 and abs(v.x.mean()) > 1e-6
    t = optimizers.run(s, optimizers.get("sgd", lr=0.05, batch_size=10), epochs=5, validation=v)
    assert t.val_loss.shape == t.loss.shape and np.all(np.isfinite(t.val_loss))


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, error, message", [
    (dict(noise=-0.5), ValueError, r"^linreg: noise=-0.5 must be in \[0, 1e\+06\]$"),
    (dict(n=1), ValueError, r"^linreg: n=1 must be a whole number >= 2$"),
    (dict(n=50.5), TypeError, r"^linreg: n=50.5 must be a whole number >= 2$"),
    (dict(scale="standrad"), ValueError,
     r"^linreg: scale='standrad' is unknown; did you mean 'standard'\?"),
    (dict(scale=None), TypeError, r"^linreg: scale=None must be a string"),
    (dict(part="test"), ValueError, r"^linreg: part='test' is unknown"),
    (dict(n_val=0, part="validation"), ValueError, r"part='validation' needs held-out samples"),
    (dict(seed=-3), ValueError, r"^linreg: seed=-3 must be a whole number >= 0$"),
    (dict(noice=1), ValueError, r"has no parameter 'noice'; did you mean 'noise'"),
])
def test_bad_parameters(kwargs, error, message):
    with pytest.raises(error, match=message):
        landscape.get("linreg", **kwargs)


def test_bad_batches():
    s = landscape.get("logreg", n=20)
    with pytest.raises(ValueError, match=r"batch_size=21 is larger than the data \(20 samples\)"):
        optimizers.run(s, optimizers.get("sgd", lr=0.1, batch_size=21), steps=3)
    with pytest.raises(TypeError, match="logreg: batch must hold integer sample indices"):
        s.grad((0.0, 0.0), np.array([0.5, 1.5]))
    with pytest.raises(ValueError,
                       match=r"logreg: batch indices must be in \[0, 20\), got 3 \.\. 20"):
        s.value((0.0, 0.0), [3, 20])
    with pytest.raises(ValueError, match="logreg: batch indices must be in"):
        s.value((0.0, 0.0), [-1])
    with pytest.raises(ValueError, match="logreg: batch must be a non-empty 1-D index array"):
        s.value((0.0, 0.0), [])
    with pytest.raises(ValueError, match=r"logreg: points must have shape \(\.\.\., 2\)"):
        s.value((0.0, 0.0, 0.0))
    with pytest.raises(ValueError, match="part='validation' needs held-out samples"):
        landscape.get("logreg", n_val=0).validation()


# ---------------------------------------------------------------- bugs in code owned elsewhere
def test_patience_counts_epochs_also_when_running_by_steps():
    s = landscape.get("linreg", n=100, noise=2.0, n_val=100)
    t = optimizers.run(s, optimizers.get("sgd", lr=0.05, batch_size=10), steps=300,
                       validation=s.validation(), patience=3)
    assert t.stopped_early
    # the loss is judged once an epoch (every 10 steps): the run stops at the third check
    # after the best one that brings no improvement
    checks = np.arange(10, 301, 10)
    val = t.val_loss[checks[checks <= t.steps]]
    best = checks[int(np.argmin(val))]
    assert t.best == best and t.steps == best + 3 * 10
