"""Tests of optimizers.run: shapes, determinism, divergence, mini-batches, bad input."""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import landscape
import optimizers
from toys import ToyLinReg


ROSEN = landscape.get("rosenbrock")


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---------------------------------------------------------------------------------
# shapes and records
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("steps", [1, 7, 150])
def test_steps_give_shapes(steps):
    t = optimizers.run(ROSEN, optimizers.get("adam", lr=0.01), start=(-1.2, 1.0), steps=steps)
    assert t.params.shape == (steps + 1, 2)
    assert t.loss.shape == t.grad_norm.shape == t.lr.shape == (steps + 1,)
    assert t.steps == steps and t.dim == 2 and not t.population
    np.testing.assert_array_equal(t.params[0], [-1.2, 1.0])
    np.testing.assert_array_equal(t.final, t.params[-1])
    assert t.epoch is None and t.samples is None and t.val_loss is None
    assert t.diverged_at is None and not t.diverged
    assert t.surface == {"name": "rosenbrock", "a": 1.0, "b": 100.0}


def test_records_are_consistent_with_surface():
    t = optimizers.run(ROSEN, optimizers.get("momentum", lr=5e-4), start=(-1.2, 1.0), steps=40)
    np.testing.assert_allclose(t.loss, ROSEN.value(t.params), rtol=1e-14)
    np.testing.assert_allclose(t.grad_norm, np.linalg.norm(ROSEN.grad(t.params), axis=-1),
                               rtol=1e-14)


def test_default_start_and_steps():
    s = landscape.get("himmelblau")
    t = optimizers.run(s, "gd")
    assert t.params.shape == (101, 2)
    np.testing.assert_array_equal(t.params[0], s.start)
    assert t.optimizer["name"] == "gd" and t.optimizer["lr"] == 1e-3


@pytest.mark.parametrize("surface", [landscape.get("linreg", n=30),
                                     landscape.get("mlp", n=20, hidden=(3,))])
def test_a_data_surface_runs_the_documented_100_steps_by_default(surface):
    t = optimizers.run(surface, "gd")
    assert t.steps == 100 and t.batch_size == surface.n_samples and t.order is None
    assert t.epoch[-1] == 100                     # full batches: a step is an epoch


def test_start_not_modified():
    start = np.array([[-1.2, 1.0], [0.5, 0.5]])
    copy = start.copy()
    optimizers.run(ROSEN, optimizers.get("adam"), start=start, steps=5)
    np.testing.assert_array_equal(start, copy)


# ---------------------------------------------------------------------------------
# determinism
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name,hyper", [("sgd", {"lr": 0.05}), ("minibatch", {"lr": 0.1, "batch_size": 8}),
                                        ("adam", {"lr": 0.05, "batch_size": 5})])
def test_same_seed_same_trajectory_minibatches(name, hyper):
    s = ToyLinReg()
    opt = optimizers.get(name, **hyper)
    a = optimizers.run(s, opt, steps=60, seed=11)
    b = optimizers.run(s, opt, steps=60, seed=11)
    c = optimizers.run(s, opt, steps=60, seed=12)
    for key in ("params", "loss", "grad_norm", "samples", "epoch"):
        assert np.array_equal(getattr(a, key), getattr(b, key)), key
    assert not np.array_equal(a.params, c.params), "a different seed should shuffle differently"
    assert a.seed == 11


def test_full_batch_gd_on_data_surface_is_plain_gd():
    s = ToyLinReg()
    t = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=30, seed=1)
    u = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=30, seed=2)
    assert np.array_equal(t.params, u.params)
    p = np.array(s.start)
    for k in range(1, 31):
        p = p - 0.1 * s.grad(p)
        np.testing.assert_allclose(t.params[k], p, rtol=1e-13)
    np.testing.assert_array_equal(t.samples, 40 * np.arange(31))
    np.testing.assert_allclose(t.epoch, np.arange(31))


def test_epochs_and_batches():
    s = ToyLinReg(n=40)
    t = optimizers.run(s, optimizers.get("minibatch", lr=0.1, batch_size=16), epochs=3, seed=0)
    per_epoch = math.ceil(40 / 16)
    assert t.steps == 3 * per_epoch
    # batches of 16, 16, 8 each epoch
    np.testing.assert_array_equal(np.diff(t.samples), [16, 16, 8] * 3)
    np.testing.assert_allclose(t.epoch[-1], 3.0)
    # SGD: one sample per step
    t1 = optimizers.run(s, "sgd", epochs=1, seed=0)
    assert t1.steps == 40
    np.testing.assert_array_equal(t1.samples, np.arange(41))
    with pytest.raises(ValueError, match="batch_size=50 is larger than the data"):
        optimizers.run(s, optimizers.get("minibatch", batch_size=50), steps=3)


def test_sgd_uses_each_sample_once_per_epoch():
    """Per-sample gradients reconstruct the epoch: the batches form a permutation."""
    s = ToyLinReg(n=12)
    lr = 0.05
    t = optimizers.run(s, optimizers.get("sgd", lr=lr), epochs=1, seed=3)
    used = []
    for k in range(12):
        g = (t.params[k] - t.params[k + 1]) / lr
        hits = [i for i in range(12) if np.allclose(s.grad(t.params[k], batch=[i]), g, rtol=1e-9)]
        assert len(hits) == 1
        used.append(hits[0])
    assert sorted(used) == list(range(12))


# ---------------------------------------------------------------------------------
# divergence
# ---------------------------------------------------------------------------------
def test_gd_diverges_on_rosenbrock(no_warnings):
    t = optimizers.run(ROSEN, optimizers.get("gd", lr=0.01), start=(-1.5, 2.0), steps=200)
    assert isinstance(t.diverged_at, int) and not isinstance(t.diverged_at, bool)
    assert 1 <= t.diverged_at <= 200
    assert t.diverged
    assert np.all(np.isfinite(t.params))
    assert len(t.params) <= t.diverged_at + 1
    assert len(t.params) == len(t.loss) == len(t.grad_norm) == len(t.lr)
    assert "diverged_at" in repr(t)
    # before divergence the loss was finite and under the explosion limit
    assert np.all(np.isfinite(t.loss[:t.diverged_at]))
    assert np.all(np.abs(t.loss[:t.diverged_at]) <= 1e8 * max(1.0, abs(t.loss[0])))


def test_saddle_runs_to_minus_infinity(no_warnings):
    s = landscape.get("saddle")
    t = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=1000)
    assert isinstance(t.diverged_at, int)
    assert t.diverged_at < 1000
    assert np.all(np.isfinite(t.params))
    assert t.loss[-1] < 0 and t.loss[-1] < -1e7
    # the y coordinate grows by (1 + 2 lr) each step
    np.testing.assert_allclose(t.params[:, 1], 0.01 * 1.2 ** np.arange(len(t.params)), rtol=1e-12)


def test_overflow_to_inf_is_divergence(no_warnings):
    """A step large enough to overflow float64: no warning, no exception, recorded."""
    s = landscape.get("quadratic", kappa=10)
    t = optimizers.run(s, optimizers.get("gd", lr=1e150), start=(1.0, 1.0), steps=10, explode=1e300)
    assert t.diverged_at is not None
    assert np.all(np.isfinite(t.params))


def test_non_finite_step_is_dropped(no_warnings):
    """A step to inf is recorded as divergence; the non-finite point is not kept."""
    s = landscape.get("quadratic", kappa=10)
    t = optimizers.run(s, optimizers.get("gd", lr=1e308), start=(1.0, 1.0), steps=10)
    assert t.diverged_at == 1
    assert np.all(np.isfinite(t.params))
    np.testing.assert_array_equal(t.params, [[1.0, 1.0]])
    pop = optimizers.run(s, optimizers.get("gd", lr=1e308), start=[(1.0, 1.0), (0.0, 0.0)], steps=3)
    assert pop.diverged_at == (1, None)
    assert pop.params.shape == (4, 2, 2)
    assert np.all(np.isnan(pop.params[1:, 0])) and np.all(pop.params[:, 1] == 0.0)


def test_ridge_does_not_diverge():
    s = landscape.get("saddle")
    t = optimizers.run(s, optimizers.get("gd", lr=0.1), start=(-1.8, 0.0), steps=200)
    assert t.diverged_at is None
    np.testing.assert_allclose(t.params[-1], [0.0, 0.0], atol=1e-15)


def test_population_some_diverge(no_warnings):
    s = landscape.get("saddle")
    starts = [(-1.8, 0.01), (-1.8, 0.0), (1.0, 0.0), (0.5, -1e-3)]
    steps = 150
    t = optimizers.run(s, optimizers.get("gd", lr=0.1), start=starts, steps=steps)
    assert t.params.shape == (steps + 1, 4, 2)
    assert t.loss.shape == t.grad_norm.shape == (steps + 1, 4)
    assert isinstance(t.diverged_at, tuple) and len(t.diverged_at) == 4
    d0, d1, d2, d3 = t.diverged_at
    assert d1 is None and d2 is None
    assert isinstance(d0, int) and isinstance(d3, int) and d0 < d3 < steps
    assert t.diverged
    for k, d in ((0, d0), (3, d3)):
        assert np.all(np.isfinite(t.params[:d, k]))        # fine up to the divergence
        assert np.all(np.isnan(t.params[d + 1:, k]))       # NaN after it
        assert np.all(np.isnan(t.loss[d + 1:, k]))
        assert np.all(np.isnan(t.grad_norm[d + 1:, k]))
    for k in (1, 2):                                       # the others finish
        assert np.all(np.isfinite(t.params[:, k]))
        np.testing.assert_allclose(t.params[-1, k], [0.0, 0.0], atol=1e-10)
    # each row matches its single run up to where that run stopped
    for k, st in enumerate(starts):
        one = optimizers.run(s, optimizers.get("gd", lr=0.1), start=st, steps=steps)
        assert one.diverged_at == t.diverged_at[k]
        n = len(one.params)
        assert np.array_equal(t.params[:n, k], one.params)


def test_population_rosenbrock_mixed(no_warnings):
    starts = [(-1.5, 2.0), (1.0, 1.0)]  # the second start is the minimum: grad exactly 0
    t = optimizers.run(ROSEN, optimizers.get("gd", lr=0.01), start=starts, steps=50)
    assert t.params.shape == (51, 2, 2)
    assert isinstance(t.diverged_at[0], int) and t.diverged_at[1] is None
    assert np.all(t.params[:, 1] == 1.0)
    assert np.all(np.isnan(t.params[t.diverged_at[0] + 1:, 0]))


def test_all_diverge_stops_early(no_warnings):
    t = optimizers.run(ROSEN, optimizers.get("gd", lr=0.01), start=[(-1.5, 2.0), (1.5, -0.5)],
                       steps=500)
    assert all(isinstance(d, int) for d in t.diverged_at)
    assert t.steps == max(t.diverged_at) < 500


def test_explode_threshold():
    s = landscape.get("saddle")
    loose = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=300, explode=1e12)
    tight = optimizers.run(s, optimizers.get("gd", lr=0.1), steps=300, explode=10.0)
    assert tight.diverged_at < loose.diverged_at
    # tight: |loss| first exceeds 10 * max(1, |loss_0|) at diverged_at
    limit = 10.0 * max(1.0, abs(tight.loss[0]))
    assert abs(tight.loss[tight.diverged_at]) > limit
    assert np.all(np.abs(tight.loss[:tight.diverged_at]) <= limit)
    with pytest.raises(ValueError, match="explode"):
        optimizers.run(s, "gd", steps=3, explode=0.5)


def test_a_start_loss_below_one_still_explodes_at_explode_times_one():
    """The threshold is explode * max(1, |loss_0|): a tiny start loss does not make it tiny."""
    s = landscape.get("quadratic", kappa=10)
    t = optimizers.run(s, optimizers.get("gd", lr=0.25), start=(1e-3, 1e-3), steps=100)
    # GD on 1/2 (x^2 + 10 y^2): x_t = 0.75^t x_0, y_t = (-1.5)^t y_0
    steps = np.arange(101)
    loss = 0.5 * ((0.75 ** steps * 1e-3) ** 2 + 10 * ((-1.5) ** steps * 1e-3) ** 2)
    assert loss[0] < 1e-4
    assert t.diverged_at == int(np.argmax(loss > 1e8))


# ---------------------------------------------------------------------------------
# bad inputs
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("steps, error", [(0, ValueError), (-1, ValueError), (2.5, TypeError),
                                          (True, TypeError), ("10", TypeError)])
def test_bad_steps(steps, error):
    with pytest.raises(error, match=r"run: steps=.* must be a whole number >= 1"):
        optimizers.run(ROSEN, "gd", steps=steps)


def test_steps_and_epochs_both():
    with pytest.raises(ValueError, match="give steps or epochs, not both"):
        optimizers.run(ToyLinReg(), "gd", steps=10, epochs=2)


def test_epochs_on_analytic_surface():
    with pytest.raises(ValueError, match=r"epochs=2 needs a surface with samples; 'rosenbrock' is analytic"):
        optimizers.run(ROSEN, "gd", epochs=2)


@pytest.mark.parametrize("opt", ["sgd", "minibatch", optimizers.get("adam", batch_size=4)],
                         ids=["sgd", "minibatch", "adam-batch"])
def test_minibatch_on_analytic_surface(opt):
    with pytest.raises(ValueError, match=r"batch_size=.* 'rosenbrock' is an analytic surface"):
        optimizers.run(ROSEN, opt, steps=5)


@pytest.mark.parametrize("start", [(1.0, 2.0, 3.0), (1.0,), [[1.0, 2.0, 3.0]], np.zeros((2, 2, 2)), 3.0])
def test_start_wrong_dimension(start):
    with pytest.raises(ValueError, match=r"run: start has shape .*'rosenbrock' needs \(2,\)"):
        optimizers.run(ROSEN, "gd", start=start, steps=3)


@pytest.mark.parametrize("start", [(np.nan, 1.0), (1.0, np.inf), [(0.0, 0.0), (-np.inf, 0.0)]])
def test_start_non_finite(start):
    with pytest.raises(ValueError, match="must be finite"):
        optimizers.run(ROSEN, "gd", start=start, steps=3)


def test_start_not_numbers():
    with pytest.raises(TypeError, match="must be finite numbers"):
        optimizers.run(ROSEN, "gd", start=("a", "b"), steps=3)


def test_unknown_optimizer_string():
    with pytest.raises(ValueError, match=r"unknown optimizer 'adma'; did you mean 'adam'"):
        optimizers.run(ROSEN, "adma", steps=3)


@pytest.mark.parametrize("bad", [object(), 42, None, landscape.get("booth")])
def test_non_optimizer_object(bad):
    with pytest.raises(TypeError, match=r"run: optimizer must have init\(params\) and step"):
        optimizers.run(ROSEN, bad, steps=3)


def test_non_surface_object():
    with pytest.raises(TypeError, match="surface must have value, grad and dim"):
        optimizers.run(object(), "gd", steps=3)


def test_patience_without_validation():
    with pytest.raises(ValueError, match=r"patience=3 needs a validation surface"):
        optimizers.run(ToyLinReg(), "gd", steps=10, patience=3)


def test_bad_schedule_and_seed():
    with pytest.raises(TypeError, match="schedule"):
        optimizers.run(ROSEN, "gd", steps=3, schedule=0.5)
    with pytest.raises(TypeError, match="seed"):
        optimizers.run(ROSEN, "gd", steps=3, seed=1.5)


def test_validation_and_patience():
    train, val = ToyLinReg(n=40, seed=1), ToyLinReg(n=40, seed=2)
    t = optimizers.run(train, optimizers.get("gd", lr=0.2), steps=50, validation=val)
    assert t.val_loss.shape == (51,)
    np.testing.assert_allclose(t.val_loss, val.value(t.params), rtol=1e-14)
    assert t.best == int(np.argmin(t.val_loss))
    with pytest.raises(ValueError, match=r"validation='custom' \(dim=3\) is not the held-out part"):
        optimizers.run(train, "gd", steps=3, validation=landscape.from_function(
            lambda p: np.sum(p**2, -1), dim=3, bounds=((-1, 1),) * 3))
    with pytest.raises(ValueError, match="validation='booth' .* give surface.validation()"):
        optimizers.run(train, "gd", steps=3, validation=landscape.get("booth"))


def test_run_on_a_users_own_function():
    """The README's one-line surface runs like any other (it once returned a read-only view)."""
    bowl = landscape.from_function(lambda x, y: x**2 + 10 * y**2, name="bowl")
    t = optimizers.run(bowl, optimizers.get("gd", lr=0.01), start=(1.0, 1.0), steps=10)
    np.testing.assert_allclose(t.params[-1], [(1 - 0.02) ** 10, (1 - 0.2) ** 10], rtol=1e-9)
    many = optimizers.run(bowl, "adam", start=[[1.0, 1.0], [-1.0, 0.5]], steps=5)
    assert many.params.shape == (6, 2, 2)


def test_a_one_dimensional_function_of_the_user():
    """``from_function(lambda x: ..., dim=1)``: bounds default to one (lo, hi) pair."""
    well = landscape.from_function(lambda x: (x - 1) ** 2, dim=1, name="well")
    assert well.bounds == ((-2.0, 2.0),) and well.dim == 1
    np.testing.assert_allclose(well.grad([3.0]), [4.0], rtol=1e-9)
    t = optimizers.run(well, optimizers.get("gd", lr=0.1), start=(3.0,), steps=20)
    np.testing.assert_allclose(t.params[:, 0], 1 + 2 * 0.8 ** np.arange(21), rtol=1e-9)
    with pytest.raises(ValueError, match="bounds must be 1 pairs"):
        landscape.from_function(lambda x: x ** 2, dim=1, bounds=((0, 1), (0, 1)))


def test_recording_costs_what_the_numbers_cost():
    """A 2-D run keeps about 48 bytes a step (parameters, loss, gradient norm, learning rate,
    samples seen), and needs at most a few times that while it grows its arrays."""
    import tracemalloc
    opt = optimizers.get("adam", lr=0.01)
    optimizers.run(ROSEN, opt, steps=10)
    steps = 10_000
    tracemalloc.start()
    try:
        t = optimizers.run(ROSEN, opt, start=(-1.2, 1.0), steps=steps)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    kept = sum(a.nbytes for a in (t.params, t.loss, t.grad_norm, t.lr))
    assert kept / steps < 100 and peak / steps < 300, (kept / steps, peak / steps)
