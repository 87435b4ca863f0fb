"""Sweeps, outcomes, curvature and the critical learning rates, against closed forms."""
import math

import numpy as np
import pytest

import landscape
import optimizers


@pytest.mark.parametrize("kappa, angle", [(4, 0), (10, 30), (50, 75), (200, -40)])
@pytest.mark.parametrize("name, beta, bound", [
    ("gd", None, lambda lam, b: 2 / lam),
    ("momentum", 0.5, lambda lam, b: (2 + 2 * b) / lam),
    ("momentum", 0.9, lambda lam, b: (2 + 2 * b) / lam),
])
def test_the_smallest_diverging_lr_of_a_fine_sweep_is_the_critical_rate(kappa, angle, name, beta, bound):
    """On a quadratic lambda_max is kappa; GD diverges above 2/kappa, heavy-ball momentum
    above (2 + 2 beta)/kappa.  The sweep's first 'diverged' lies within 1% of it, and the
    bound the optimizer states is that value."""
    q = landscape.get("quadratic", kappa=kappa, angle=angle)
    fixed = {} if beta is None else {"momentum": beta}
    expected = bound(kappa, beta)
    lrs = np.geomspace(expected / 4, expected * 4, 500)
    s = optimizers.sweep(q, name, {"lr": lrs}, start=(1.0, -0.7), steps=400, record="summary", **fixed)
    kinds = s.kinds()
    first = lrs[np.argmax(kinds == "diverged")]
    assert (kinds[lrs < first] != "diverged").all() and (kinds[lrs >= first] == "diverged").all()
    assert abs(first / expected - 1) < 0.01
    lam = landscape.curvature(q).lam_max
    assert optimizers.get(name, **fixed).critical_lr(lam) == pytest.approx(expected, rel=1e-9)


def test_nesterov_bound_is_where_its_update_matrix_reaches_minus_one():
    """Independently of the formula: the spectral radius of Nesterov's linear update on
    a 1-D quadratic, computed with numpy, crosses 1 at the stated critical rate."""
    lam, mu = 10.0, 0.7
    bound = optimizers.get("nesterov", momentum=mu).critical_lr(lam)

    def radius(lr):   # state (p, v): v' = mu v + lam p; p' = p - lr (lam p + mu v')
        M = np.array([[1 - lr * lam * (1 + mu), -lr * mu * mu], [lam, mu]])
        return max(abs(np.linalg.eigvals(M)))
    assert radius(bound * 0.999) < 1 < radius(bound * 1.001)


@pytest.mark.parametrize("lr_times_lam, kind", [(0.3, "converged"), (0.9, "converged"),
                                                (1.2, "oscillating"), (1.9, "oscillating"),
                                                (2.1, "diverged"), (3.0, "diverged")])
def test_outcome_words_follow_the_closed_form(lr_times_lam, kind):
    """GD on a quadratic converges monotonically below 1/lambda_max, oscillates between
    1/lambda_max and 2/lambda_max, diverges above."""
    q = landscape.get("quadratic", kappa=10, angle=20)
    s = optimizers.sweep(q, "gd", {"lr": [lr_times_lam / 10]}, start=(1.0, 1.0), steps=2000,
                         record="summary")
    (o,) = s.outcomes
    assert o.kind == kind
    assert o.words.startswith({"converged": "converged in", "oscillating": "oscillating",
                               "diverged": "diverg"}[kind])


def test_too_slow_says_the_loss_and_the_steps():
    q = landscape.get("quadratic", kappa=10)
    (o,) = optimizers.sweep(q, "gd", {"lr": [1e-3]}, start=(1.0, 1.0), steps=100).outcomes
    x, y = 0.999**100, 0.99**100                     # the closed form after 100 steps
    loss = 0.5 * (x * x + 10 * y * y)
    assert o.kind == "slow" and o.words == f"too slow: loss {loss:.2g} after 100 steps"
    assert o.loss == pytest.approx(loss, rel=1e-12)


def test_converged_in_is_the_step_the_gradient_fell_a_thousandfold():
    q = landscape.get("quadratic", kappa=10)
    (o,) = optimizers.sweep(q, "gd", {"lr": [0.05]}, start=(1.0, 1.0), steps=500).outcomes
    g0 = math.hypot(1, 10)
    expected = next(t for t in range(500) if math.hypot(0.95**t, 10 * 0.5**t) <= 1e-3 * g0)
    assert o.words == f"converged in {expected} steps" and o.step == expected


def test_a_slow_blow_up_below_the_explode_threshold_is_diverging():
    q = landscape.get("quadratic", kappa=10)
    (o,) = optimizers.sweep(q, "gd", {"lr": [0.2002]}, start=(0.0, 1.0), steps=50).outcomes
    assert o.kind == "diverged" and o.step is None and o.words.startswith("diverging: loss")


def test_two_hyper_parameters_make_a_grid_rows_second_columns_first():
    q = landscape.get("quadratic", kappa=10)
    lrs, mus = [0.01, 0.1, 0.3], [0.0, 0.9]
    s = optimizers.sweep(q, "momentum", {"lr": lrs, "momentum": mus}, start=(1.0, 1.0), steps=50)
    assert s.shape == (2, 3) and s.kinds().shape == (2, 3)
    for k in range(6):
        v = s.values(k)
        alone = optimizers.run(q, optimizers.get("momentum", **v), start=(1.0, 1.0), steps=50)
        np.testing.assert_array_equal(s.trajectory.params[:len(alone.params), k], alone.params)
    assert s.values(4) == {"lr": 0.1, "momentum": 0.9}


@pytest.mark.parametrize("surface, at, expected", [
    # Rosenbrock's Hessian [[2 - 4b(y - 3x^2), -4bx], [-4bx, 2b]] at (1, 1) and (0, 0)
    ("rosenbrock", (1.0, 1.0), [[802.0, -400.0], [-400.0, 200.0]]),
    ("rosenbrock", (0.0, 0.0), [[2.0, 0.0], [0.0, 200.0]]),
    # Himmelblau: f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2; at (3, 2):
    # f_xx = 12x^2 + 4y - 42 = 74, f_xy = 4x + 4y = 20, f_yy = 4x + 12y^2 - 26 = 34
    ("himmelblau", (3.0, 2.0), [[74.0, 20.0], [20.0, 34.0]]),
    ("booth", (1.0, 3.0), [[10.0, 8.0], [8.0, 10.0]]),
])
def test_the_finite_difference_hessian_matches_the_calculus(surface, at, expected):
    np.testing.assert_allclose(landscape.hessian(landscape.get(surface), at), expected, rtol=1e-6, atol=1e-5)


def test_curvature_of_a_rotated_quadratic_is_its_eigen_pairs():
    c = landscape.curvature(landscape.get("quadratic", kappa=10, angle=30))
    np.testing.assert_allclose(c.eigenvalues, [1.0, 10.0], rtol=1e-12)
    steep = c.eigenvectors[:, 1] * np.sign(c.eigenvectors[1, 1])
    np.testing.assert_allclose(steep, [-math.sin(math.radians(30)), math.cos(math.radians(30))], atol=1e-12)


@pytest.mark.parametrize("call, words", [
    (lambda: optimizers.sweep(landscape.get("booth"), "gd", {}), "sweep: vary={} must map one or two"),
    (lambda: optimizers.sweep(landscape.get("booth"), "gd", {"lr": []}), "sweep: lr has no values"),
    (lambda: optimizers.sweep(landscape.get("booth"), "gd", {"lr": [0.1, -0.01]}), "gd: lr[1]=-0.01 must be > 0"),
    (lambda: optimizers.sweep(landscape.get("booth"), "gd", {"momentum": [0.1]}),
     "sweep of gd: vary='momentum' is unknown"),
    (lambda: optimizers.sweep(landscape.get("booth"), "momentum", {"lr": [0.1]}, lr=0.2),
     "sweep: lr is both varied and fixed"),
    (lambda: optimizers.sweep(landscape.get("booth"), "momentum", {"lr": [0.1], "momentum": [0.1], "nesterov": [1]}),
     "must map one or two"),
    (lambda: optimizers.sweep(landscape.get("booth"), "gd", {"lr": np.ones(2000)}, start=np.zeros((3, 2))),
     "run: 3 starts for gd's 2000 hyper-parameter values"),
    (lambda: landscape.curvature(landscape.get("saddle")), "curvature: 'saddle' has no known minimum"),
    (lambda: landscape.hessian(landscape.get("booth"), (1.0, np.inf)), "hessian: at=[1.0, inf] must be one finite point"),
])
def test_bad_sweeps_are_one_clear_error(call, words):
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert words in str(info.value)
