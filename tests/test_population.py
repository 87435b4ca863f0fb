"""Populations: hyper-parameters as arrays, what a run records, what it follows per member."""
import numpy as np
import pytest

import landscape
import optimizers

QUAD = landscape.get("quadratic", kappa=10)
ROSEN = landscape.get("rosenbrock")


@pytest.mark.parametrize("surface, name, varied", [
    (QUAD, "gd", {"lr": [0.01, 0.1, 0.19, 0.21]}),
    (QUAD, "momentum", {"lr": [0.01, 0.05, 0.3], "momentum": [0.0, 0.5, 0.9]}),
    (ROSEN, "adam", {"lr": [0.01, 0.1], "beta1": [0.5, 0.9], "beta2": [0.9, 0.999], "eps": [1e-8, 1e-3]}),
    (ROSEN, "rmsprop", {"alpha": [0.5, 0.99]}),
    (ROSEN, "nesterov", {"lr": [1e-4, 2e-3], "momentum": [0.3, 0.9]}),
])
def test_a_population_of_values_is_each_value_run_alone_bit_for_bit(surface, name, varied):
    opt = optimizers.get(name, **varied)
    together = optimizers.run(surface, opt, start=(-1.5, 2.0), steps=60)
    K = len(next(iter(varied.values())))
    assert opt.population == K and together.params.shape == (61, K, 2)
    for k in range(K):
        alone = optimizers.get(name, **{key: values[k] for key, values in varied.items()})
        one = optimizers.run(surface, alone, start=(-1.5, 2.0), steps=60)
        n = len(one.params)   # a diverged single run ends at its last finite point
        np.testing.assert_array_equal(together.params[:n, k], one.params)
        assert together.diverged_at[k] == one.diverged_at
        assert together.converged_at[k] == one.converged_at


def test_gd_on_a_quadratic_population_matches_the_closed_form():
    lr = np.array([0.01, 0.1, 0.15])
    t = optimizers.run(QUAD, optimizers.get("gd", lr=lr), start=(1.0, 1.0), steps=30)
    steps = np.arange(31)[:, None]
    np.testing.assert_allclose(t.params[..., 0], (1 - lr * 1.0) ** steps, rtol=1e-12)
    np.testing.assert_allclose(t.params[..., 1], (1 - lr * 10.0) ** steps, rtol=1e-12, atol=1e-300)


def test_the_label_and_settings_of_a_population_name_the_values():
    opt = optimizers.get("momentum", lr=[0.01, 0.1])
    assert opt.label == "Momentum (lr=0.01…0.1 (2 values))"
    assert opt.settings["lr"] == [0.01, 0.1] and opt.member(1).lr == 0.1


def test_record_every_kth_step_keeps_those_rows_and_the_last():
    opt = optimizers.get("adam", lr=0.05)
    full = optimizers.run(ROSEN, opt, start=(-1.5, 2.0), steps=103)
    thin = optimizers.run(ROSEN, opt, start=(-1.5, 2.0), steps=103, record=10)
    rows = list(range(0, 104, 10)) + [103]
    np.testing.assert_array_equal(thin.step, rows)
    np.testing.assert_array_equal(thin.params, full.params[rows])
    np.testing.assert_array_equal(thin.loss, full.loss[rows])
    np.testing.assert_array_equal(thin.grad_norm, full.grad_norm[rows])
    assert thin.steps == 103 and thin.converged_at == full.converged_at


def test_a_summary_keeps_the_ends_and_follows_every_member():
    starts = np.array([[-1.5, 2.0], [0.5, 0.5], [1.5, -0.5]])
    opt = optimizers.get("adam", lr=0.02)
    full = optimizers.run(ROSEN, opt, start=starts, steps=400)
    summary = optimizers.run(ROSEN, opt, start=starts, steps=400, record="summary")
    assert summary.params.shape == (2, 3, 2) and summary.step.tolist() == [0, 400]
    np.testing.assert_array_equal(summary.final, full.final)
    # what a summary says, computed again from the full record
    g = full.grad_norm
    expected = [next((t for t in range(401) if g[t, k] <= 1e-3 * g[0, k]), None) for k in range(3)]
    assert summary.converged_at == full.converged_at == tuple(expected)
    assert summary.best_loss == tuple(full.loss.min(axis=0))
    moves = np.diff(full.params, axis=0)
    turned = (moves[1:] * moves[:-1]).sum(-1) < 0
    for k in range(3):
        until = expected[k] if expected[k] is not None else 400
        assert summary.reversals[k] == turned[:max(until - 1, 0), k].sum()


def test_a_summary_saves_and_loads(tmp_path):
    t = optimizers.run(QUAD, optimizers.get("gd", lr=[0.05, 0.25]), start=(1.0, 1.0), record="summary")
    t.save(tmp_path / "s.npz")
    u = optimizers.Trajectory.load(tmp_path / "s.npz")
    # lr=0.25 multiplies y by 1 - 2.5 = -1.5 a step: the loss passes 1e8 times its start
    # value 5.5 (the run's divergence threshold) at the first t with 5 * 1.5^(2t) > 5.5e8
    blowup = next(t for t in range(1, 100) if 0.5 * (0.95 ** (2 * t) + 10 * 2.25**t) > 5.5e8)
    assert u.step.tolist() == [0, 100] and u.steps == 100
    assert u.diverged_at == t.diverged_at == (None, blowup)
    assert u.converged_at == t.converged_at and u.reversals == t.reversals and u.best_loss == t.best_loss


@pytest.mark.parametrize("lr, reversed_", [(0.05, False), (0.09, False), (0.12, True), (0.18, True)])
def test_gd_turns_back_only_above_one_over_the_largest_curvature(lr, reversed_):
    """Closed form: along the eigenvector of lambda = 10 GD multiplies by 1 - 10 lr, which
    is negative (the path zigzags) exactly when lr > 1/10."""
    t = optimizers.run(QUAD, optimizers.get("gd", lr=lr), start=(1.0, 1.0), steps=200)
    assert (t.reversals > 0) == reversed_


def test_tol_sets_when_a_run_has_converged():
    loose = optimizers.run(QUAD, optimizers.get("gd", lr=0.05), start=(1.0, 1.0), steps=500, tol=0.1)
    tight = optimizers.run(QUAD, optimizers.get("gd", lr=0.05), start=(1.0, 1.0), steps=500, tol=1e-6)
    # |g_t| is about 0.95^t for large t against |g_0| = sqrt(101)
    g0 = np.hypot(1.0, 10.0)
    assert loose.converged_at == next(t for t in range(500) if np.hypot(0.95**t, 10 * 0.5**t) <= 0.1 * g0)
    assert tight.converged_at == next(t for t in range(500) if np.hypot(0.95**t, 10 * 0.5**t) <= 1e-6 * g0)


@pytest.mark.parametrize("call, words", [
    (lambda: optimizers.get("adam", lr=[0.1, 0.2], beta1=[0.5, 0.6, 0.7]),
     "adam: beta1 has 3 values but lr 2; give every list the same length"),
    (lambda: optimizers.get("gd", lr=[]), "gd: lr must be one number or a 1-D list of numbers"),
    (lambda: optimizers.get("gd", lr=[[0.1, 0.2]]), "gd: lr must be one number or a 1-D list"),
    (lambda: optimizers.get("gd", lr=[0.1, 0.0]), "gd: lr[1]=0.0 must be > 0"),
    (lambda: optimizers.get("momentum", momentum=[0.5, 1.0]), "momentum: momentum[1]=1.0 must be in [0, 1)"),
    (lambda: optimizers.run(QUAD, optimizers.get("gd", lr=[0.1, 0.2]), start=np.zeros((3, 2))),
     "run: 3 starts for gd's 2 hyper-parameter values"),
    (lambda: optimizers.run(QUAD, "gd", record="sumary"), "run: record='sumary' is unknown; did you mean 'summary'?"),
    (lambda: optimizers.run(QUAD, "gd", record=0), "run: record=0"),
    (lambda: optimizers.run(QUAD, "gd", tol=0), "run: tol=0 must be in (0, 1)"),
    (lambda: optimizers.run(landscape.get("linreg", n_val=10), "gd", record="summary", patience=3,
                            validation=landscape.get("linreg", n_val=10).validation()),
     "run: patience=3 needs every step recorded"),
])
def test_bad_population_arguments_are_one_clear_error(call, words):
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert words in str(info.value)
