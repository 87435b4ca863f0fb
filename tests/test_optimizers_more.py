"""Tests of weight decay, AdamW, NAdam, RAdam, Adamax and RMSprop's centered / momentum
options against an independent reference of torch.optim's rules.

The reference below is written afresh from the pseudo-code of the torch.optim
documentation pages (SGD, RMSprop, Adam, AdamW, NAdam, RAdam, Adamax, Adagrad) as plain
Python scalar loops: it shares no code and no array arithmetic with the library, nor
with the reference of test_optimizers.py.  torch itself is not needed.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import landscape
import optimizers
from test_optimizers import TORCH_DEFAULTS


# ---------------------------------------------------------------------------------
# reference implementation (plain Python floats), from torch.optim's documentation
# ---------------------------------------------------------------------------------
def rosenbrock_grad(x, y, a=1.0, b=100.0):
    """The gradient of (a - x)^2 + b (y - x^2)^2."""
    return [-2.0 * (a - x) - 4.0 * b * x * (y - x * x), 2.0 * b * (y - x * x)]


# torch.optim's defaults: the one table, in test_optimizers (every rule takes weight_decay)
DEFAULTS = {name: {"weight_decay": 0.0, **TORCH_DEFAULTS[name]}
            for name in ("gd", "momentum", "nesterov", "rmsprop", "adam", "adagrad",
                         "adamw", "nadam", "radam", "adamax")}
NEW = ("adamw", "nadam", "radam", "adamax")


def reference_run(name, hp, start, steps, grad_fn=rosenbrock_grad, lrs=None):
    """The trajectory of torch.optim's rule ``name`` with hyper-parameters ``hp``
    (and the learning rate ``lrs[t - 1]`` at step t, when given: a scheduler's)."""
    hp = {**DEFAULTS[name], **hp}
    lam = hp["weight_decay"]
    theta = [float(v) for v in start]
    n = len(theta)
    out = [list(theta)]
    b = [0.0] * n                            # SGD / RMSprop momentum buffer
    m, v = [0.0] * n, [0.0] * n              # first and second moments
    g_ave = [0.0] * n                        # RMSprop centered: running mean of g
    u = [0.0] * n                            # Adamax exp_inf
    state_sum = [0.0] * n                    # Adagrad
    mu_prod = 1.0                            # NAdam: prod_{i <= t} mu_i
    for t in range(1, steps + 1):
        lr = hp["lr"] if lrs is None else lrs[t - 1]
        grad = grad_fn(*theta)
        if name == "nadam":
            psi, b1 = hp["momentum_decay"], hp["beta1"]
            mu_t = b1 * (1.0 - 0.5 * 0.96 ** (t * psi))
            mu_t1 = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
            mu_prod_t = mu_prod * mu_t
            mu_prod_t1 = mu_prod_t * mu_t1
            mu_prod = mu_prod_t
        for i in range(n):
            g = grad[i]
            if name == "adamw":              # decoupled: theta_t <- theta_{t-1} - gamma lambda theta_{t-1}
                theta[i] = theta[i] - lr * lam * theta[i]
            elif lam != 0.0:                 # every other rule: g_t <- g_t + lambda theta_{t-1}
                g = g + lam * theta[i]
            if name == "gd":
                theta[i] = theta[i] - lr * g
            elif name in ("momentum", "nesterov"):
                mu = hp["momentum"]          # dampening tau = 0
                b[i] = g if t == 1 else mu * b[i] + g
                g = g + mu * b[i] if name == "nesterov" else b[i]
                theta[i] = theta[i] - lr * g
            elif name == "rmsprop":
                alpha, eps, mu = hp["alpha"], hp["eps"], hp["momentum"]
                v[i] = alpha * v[i] + (1.0 - alpha) * g * g
                v_tilde = v[i]
                if hp["centered"]:
                    g_ave[i] = g_ave[i] * alpha + (1.0 - alpha) * g
                    v_tilde = v_tilde - g_ave[i] * g_ave[i]
                if mu > 0:
                    b[i] = mu * b[i] + g / (math.sqrt(v_tilde) + eps)
                    theta[i] = theta[i] - lr * b[i]
                else:
                    theta[i] = theta[i] - lr * g / (math.sqrt(v_tilde) + eps)
            elif name in ("adam", "adamw"):
                b1, b2, eps = hp["beta1"], hp["beta2"], hp["eps"]
                m[i] = b1 * m[i] + (1.0 - b1) * g
                v[i] = b2 * v[i] + (1.0 - b2) * g * g
                m_hat = m[i] / (1.0 - b1**t)
                v_hat = v[i] / (1.0 - b2**t)
                theta[i] = theta[i] - lr * m_hat / (math.sqrt(v_hat) + eps)
            elif name == "adagrad":
                eps, lr_decay = hp["eps"], 0.0
                clr = lr / (1.0 + (t - 1) * lr_decay)
                state_sum[i] = state_sum[i] + g * g
                theta[i] = theta[i] - clr * g / (math.sqrt(state_sum[i]) + eps)
            elif name == "nadam":
                b1, b2, eps = hp["beta1"], hp["beta2"], hp["eps"]
                m[i] = b1 * m[i] + (1.0 - b1) * g
                v[i] = b2 * v[i] + (1.0 - b2) * g * g
                m_hat = mu_t1 * m[i] / (1.0 - mu_prod_t1) + (1.0 - mu_t) * g / (1.0 - mu_prod_t)
                v_hat = v[i] / (1.0 - b2**t)
                theta[i] = theta[i] - lr * m_hat / (math.sqrt(v_hat) + eps)
            elif name == "radam":
                b1, b2, eps = hp["beta1"], hp["beta2"], hp["eps"]
                m[i] = b1 * m[i] + (1.0 - b1) * g
                v[i] = b2 * v[i] + (1.0 - b2) * g * g
                m_hat = m[i] / (1.0 - b1**t)
                rho_inf = 2.0 / (1.0 - b2) - 1.0
                rho_t = rho_inf - 2.0 * t * b2**t / (1.0 - b2**t)
                if rho_t > 5.0:
                    l_t = math.sqrt(1.0 - b2**t) / (math.sqrt(v[i]) + eps)
                    r_t = math.sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                                    / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t))
                    theta[i] = theta[i] - lr * m_hat * l_t * r_t
                else:
                    theta[i] = theta[i] - lr * m_hat
            elif name == "adamax":
                b1, b2, eps = hp["beta1"], hp["beta2"], hp["eps"]
                m[i] = b1 * m[i] + (1.0 - b1) * g
                u[i] = max(u[i] * b2, abs(g) + eps)
                theta[i] = theta[i] - lr * m[i] / ((1.0 - b1**t) * u[i])
            else:  # pragma: no cover
                raise KeyError(name)
        out.append(list(theta))
    return np.array(out)


START = (-1.2, 1.0)
ROSEN = landscape.get("rosenbrock")
STEPS = 150

CASES = [
    # the new optimizers, at torch's defaults and away from them
    ("adamw", {}), ("adamw", {"lr": 0.02, "weight_decay": 0.3}),
    ("adamw", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-4, "weight_decay": 0.0}),
    ("nadam", {}), ("nadam", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "momentum_decay": 0.05}),
    ("nadam", {"lr": 0.005, "momentum_decay": 0.0, "eps": 1e-4, "weight_decay": 0.2}),
    ("radam", {}), ("radam", {"lr": 1e-3, "beta1": 0.8, "beta2": 0.99}),
    ("radam", {"lr": 2e-3, "beta2": 0.9, "eps": 1e-3, "weight_decay": 0.1}),
    ("radam", {"lr": 1e-3, "beta2": 0.6}),                 # rho_inf = 4: never rectified
    ("adamax", {}), ("adamax", {"lr": 0.02, "beta1": 0.8, "beta2": 0.9}),
    ("adamax", {"lr": 0.01, "eps": 1e-3, "weight_decay": 0.5}),
    # RMSprop centered, with momentum, both
    ("rmsprop", {"centered": True}), ("rmsprop", {"lr": 0.003, "alpha": 0.9, "centered": True}),
    ("rmsprop", {"lr": 1e-3, "momentum": 0.9}), ("rmsprop", {"lr": 5e-4, "alpha": 0.95, "momentum": 0.5}),
    ("rmsprop", {"lr": 1e-3, "momentum": 0.8, "centered": True}),
    ("rmsprop", {"lr": 1e-3, "momentum": 0.7, "centered": True, "weight_decay": 0.3, "eps": 1e-4}),
    # weight decay, L2 into the gradient, on every rule
    ("gd", {"weight_decay": 0.1}), ("gd", {"lr": 1.5e-3, "weight_decay": 2.0}),
    ("momentum", {"weight_decay": 0.5}), ("momentum", {"lr": 5e-4, "momentum": 0.8, "weight_decay": 3.0}),
    ("nesterov", {"weight_decay": 0.5}), ("nesterov", {"lr": 4e-4, "momentum": 0.7, "weight_decay": 3.0}),
    ("rmsprop", {"weight_decay": 0.2}), ("rmsprop", {"lr": 0.005, "alpha": 0.9, "weight_decay": 1.0}),
    ("adam", {"weight_decay": 0.1}), ("adam", {"lr": 0.02, "beta1": 0.8, "beta2": 0.99, "weight_decay": 1.0}),
    ("adagrad", {"weight_decay": 0.1}), ("adagrad", {"lr": 0.1, "eps": 1e-6, "weight_decay": 2.0}),
]


def _case_id(case):
    name, hp = case
    return name + "".join(f"-{k}={v}" for k, v in hp.items())


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_matches_torch_reference(case):
    name, hp = case
    t = optimizers.run(ROSEN, optimizers.get(name, **hp), start=START, steps=STEPS)
    ref = reference_run(name, hp, START, STEPS)
    assert t.params.shape == (STEPS + 1, 2) and t.diverged_at is None
    assert np.all(np.isfinite(ref))
    np.testing.assert_allclose(t.params, ref, rtol=1e-9, atol=1e-12)
    assert np.linalg.norm(t.params[-1] - t.params[0]) > 1e-3      # it moved


@pytest.mark.parametrize("case", [
    ("rmsprop", {"lr": 1e-3, "momentum": 0.9}), ("rmsprop", {"lr": 1e-3, "momentum": 0.8, "centered": True}),
    ("adamw", {"lr": 0.02, "weight_decay": 0.5}), ("nadam", {"lr": 0.01}), ("radam", {"lr": 1e-3}),
    ("adamax", {"lr": 0.02}), ("momentum", {"weight_decay": 0.5}),
], ids=_case_id)
def test_a_schedule_scales_the_step_where_torch_does(case):
    """lr outside RMSprop's buffer (its past steps keep their rates); AdamW's decay at
    the step's own rate, lr_t * weight_decay."""
    name, hp = case
    sched = optimizers.get_schedule("step", step_size=30, gamma=0.3)
    lrs = [sched(t, hp.get("lr", DEFAULTS[name]["lr"]), STEPS) for t in range(1, STEPS + 1)]
    t = optimizers.run(ROSEN, optimizers.get(name, **hp), start=START, steps=STEPS, schedule=sched)
    np.testing.assert_allclose(t.params, reference_run(name, hp, START, STEPS, lrs=lrs), rtol=1e-9, atol=1e-12)
    assert _far(t.params, reference_run(name, hp, START, STEPS))      # the schedule mattered


def test_sgd_weight_decay_matches_the_reference():
    """SGD's one-sample gradients on a finite sum: the same rule, g + weight_decay * p."""
    s = landscape.get("linreg", n=30, seed=1)
    opt = optimizers.get("sgd", lr=0.02, weight_decay=0.5)
    t = optimizers.run(s, opt, start=(0.5, -0.5), steps=60, seed=4)
    batches = optimizers.batches(s.n, 1, seed=4)
    p = np.array([0.5, -0.5])
    for k in range(1, 61):
        g = s.grad(p, next(batches))
        p = np.array([p[i] - 0.02 * (g[i] + 0.5 * p[i]) for i in range(2)])
        np.testing.assert_allclose(t.params[k], p, rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------------------------
# the reference is sharp enough to catch a swapped or half-done rule
# ---------------------------------------------------------------------------------
def _far(a, b):
    return np.max(np.abs(a - b)) > 1e-4


def test_reference_distinguishes_the_rules():
    """Each rule differs from every other by far more than the 1e-9 the tests ask."""
    hp = {"lr": 1e-3}
    r = {n: reference_run(n, hp, START, STEPS) for n in DEFAULTS}
    r["rmsprop centered"] = reference_run("rmsprop", {**hp, "centered": True}, START, STEPS)
    r["rmsprop momentum"] = reference_run("rmsprop", {**hp, "momentum": 0.9}, START, STEPS)
    r["rmsprop both"] = reference_run("rmsprop", {**hp, "momentum": 0.9, "centered": True}, START, STEPS)
    r["adam l2"] = reference_run("adam", {**hp, "weight_decay": 1.0}, START, STEPS)
    r["adamw decoupled"] = reference_run("adamw", {**hp, "weight_decay": 1.0}, START, STEPS)
    names = list(r)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert _far(r[a], r[b]), (a, b)


@pytest.mark.parametrize("name", list(DEFAULTS))
def test_weight_decay_changes_every_rule(name):
    """Decay switched on (or, for AdamW, off) moves the reference and the library alike."""
    off, on = ({"weight_decay": 0.0}, {"weight_decay": 0.5})
    ref_off, ref_on = (reference_run(name, hp, START, STEPS) for hp in (off, on))
    assert _far(ref_off, ref_on)
    lib_on = optimizers.run(ROSEN, optimizers.get(name, **on), start=START, steps=STEPS).params
    np.testing.assert_allclose(lib_on, ref_on, rtol=1e-9, atol=1e-12)


def test_adamw_is_adam_with_the_decay_taken_out_of_the_gradient():
    adam = optimizers.run(ROSEN, optimizers.get("adam", lr=0.01), start=START, steps=STEPS)
    adamw0 = optimizers.run(ROSEN, optimizers.get("adamw", lr=0.01, weight_decay=0.0), start=START, steps=STEPS)
    np.testing.assert_array_equal(adamw0.params, adam.params)      # no decay: Adam, bit for bit
    coupled = optimizers.run(ROSEN, optimizers.get("adam", lr=0.01, weight_decay=0.5), start=START, steps=STEPS)
    decoupled = optimizers.run(ROSEN, optimizers.get("adamw", lr=0.01, weight_decay=0.5), start=START,
                               steps=STEPS)
    assert _far(coupled.params, decoupled.params)
    # where the gradient is 0, AdamW still shrinks the parameters by lr * weight_decay, Adam does not
    p = np.array([2.0, -1.0])
    for name in ("adam", "adamw"):
        opt = optimizers.get(name, lr=0.1, weight_decay=0.5)
        p1, _ = opt.step(p, np.zeros(2), opt.init(p))
        expected = p * (1 - 0.1 * 0.5) if name == "adamw" else p - 0.1 * np.sign(0.5 * p)
        np.testing.assert_allclose(p1, expected, rtol=1e-6)


def test_radam_is_momentum_sgd_until_rho_t_exceeds_5():
    """With beta2 = 0.999, rho_t = 1, 1.998, 2.996, 3.992, 4.988, 5.982: five plain steps."""
    opt = optimizers.get("radam", lr=0.01, beta1=0.0)       # no momentum: the plain steps are lr * g
    p = np.array([0.3, -0.2])
    state = opt.init(p)
    for t in range(1, 7):
        g = np.array([1.0, -4.0]) * t
        p1, state = opt.step(p, g, state)
        if t <= 5:
            np.testing.assert_allclose(p1, p - 0.01 * g, rtol=1e-14)
        else:
            assert not np.allclose(p1, p - 0.01 * g, rtol=1e-3)
        p = p1


def test_gd_weight_decay_on_a_quadratic_is_geometric_and_moves_the_critical_lr():
    """L2 decay adds weight_decay to every curvature: (1 - lr (lambda + wd))^t, and the
    critical rate 2 / lambda_max becomes 2 / (lambda_max + wd)."""
    kappa, lr, wd = 10.0, 0.05, 2.0
    s = landscape.get("quadratic", kappa=kappa, angle=0)
    x0 = np.array([1.7, -1.3])
    t = optimizers.run(s, optimizers.get("gd", lr=lr, weight_decay=wd), start=x0, steps=40)
    expected = (1.0 - lr * (np.array([1.0, kappa]) + wd)) ** np.arange(41)[:, None] * x0
    np.testing.assert_allclose(t.params, expected, rtol=1e-12, atol=1e-15)
    assert optimizers.get("gd", weight_decay=wd).critical_lr(kappa) == pytest.approx(2 / (kappa + wd))
    for name, mu in (("momentum", 0.9), ("nesterov", 0.5)):
        assert (optimizers.get(name, momentum=mu, weight_decay=wd).critical_lr(kappa)
                == pytest.approx(optimizers.get(name, momentum=mu).critical_lr(kappa + wd)))
    # just below and just above the moved bound
    crit = 2 / (kappa + wd)
    below, above = (optimizers.run(s, optimizers.get("gd", lr=crit * f, weight_decay=wd), start=x0, steps=400)
                    for f in (0.95, 1.05))
    assert below.diverged_at is None and above.diverged_at is not None


# ---------------------------------------------------------------------------------
# populations, purity, defaults
# ---------------------------------------------------------------------------------
VARIANTS = [("adamw", {}), ("nadam", {}), ("radam", {}), ("adamax", {}),
            ("rmsprop", {"centered": True}), ("rmsprop", {"momentum": 0.9}),
            ("rmsprop", {"centered": True, "momentum": 0.5}), ("adam", {"weight_decay": 0.2}),
            ("momentum", {"weight_decay": 0.2})]


@pytest.mark.parametrize("name, hp", VARIANTS, ids=[_case_id(c) for c in VARIANTS])
def test_population_equals_single_runs(name, hp):
    starts = np.array([[-1.2, 1.0], [0.0, 0.0], [1.5, 2.0], [-0.5, 2.5], [1.0, 1.0]])
    # (RAdam's first five steps are momentum SGD's, scaled by the gradient like GD's)
    opt = optimizers.get(name, **{"lr": 5e-4 if name in ("momentum", "radam") else 5e-3, **hp})
    pop = optimizers.run(ROSEN, opt, start=starts, steps=80)
    assert pop.params.shape == (81, len(starts), 2) and pop.population
    for k, s in enumerate(starts):
        one = optimizers.run(ROSEN, opt, start=s, steps=80)
        assert np.array_equal(pop.params[:, k], one.params), f"start {k}"
        assert np.array_equal(pop.loss[:, k], one.loss)
        assert pop.diverged_at[k] == one.diverged_at


@pytest.mark.parametrize("name, varied", [
    ("gd", {"weight_decay": [0.0, 0.5, 2.0]}),
    ("adam", {"lr": [0.01, 0.05, 0.02], "weight_decay": [0.0, 0.1, 1.0]}),
    ("adamw", {"weight_decay": [0.0, 0.01, 0.5], "beta1": [0.9, 0.5, 0.0]}),
    ("nadam", {"beta1": [0.9, 0.5, 0.0], "momentum_decay": [4e-3, 0.0, 0.1]}),
    ("radam", {"beta2": [0.999, 0.6, 0.9]}),            # rectified at different steps, or never
    ("adamax", {"beta2": [0.999, 0.5, 0.9], "eps": [1e-8, 1e-3, 0.0]}),
    ("rmsprop", {"momentum": [0.0, 0.5, 0.9], "weight_decay": [0.0, 0.1, 0.3]}),
])
def test_a_population_of_values_is_each_value_run_alone_bit_for_bit(name, varied):
    opt = optimizers.get(name, lr=varied.get("lr", 5e-3), **{k: v for k, v in varied.items() if k != "lr"})
    together = optimizers.run(ROSEN, opt, start=(-1.5, 2.0), steps=60)
    assert opt.population == 3
    for k in range(3):
        alone = optimizers.get(name, lr=varied.get("lr", [5e-3] * 3)[k],
                               **{key: values[k] for key, values in varied.items() if key != "lr"})
        one = optimizers.run(ROSEN, alone, start=(-1.5, 2.0), steps=60)
        np.testing.assert_array_equal(together.params[:len(one.params), k], one.params)


@pytest.mark.parametrize("name, hp", VARIANTS, ids=[_case_id(c) for c in VARIANTS])
def test_state_is_returned_not_stored(name, hp):
    opt = optimizers.get(name, **hp)
    before = dict(vars(opt))
    a = optimizers.run(ROSEN, opt, start=START, steps=60)
    b = optimizers.run(ROSEN, opt, start=START, steps=60)
    np.testing.assert_array_equal(a.params, b.params)
    assert dict(vars(opt)) == before
    p, g = np.array([[0.5, -0.5]]), np.array([[1.0, -2.0]])
    s0 = opt.init(p)
    assert isinstance(s0, tuple) and hasattr(s0, "_fields")        # a NamedTuple
    p1, s1 = opt.step(p, g, s0)
    kept = [np.array(x, copy=True) for x in s1]
    opt.step(p1, g, s1)                      # stepping on from s1 leaves s1 as it was
    for x, y in zip(s1, kept):
        np.testing.assert_array_equal(x, y)
    p1b, s1b = opt.step(p, g, s0)
    np.testing.assert_array_equal(p1, p1b)
    for x, y in zip(s1, s1b):
        np.testing.assert_array_equal(x, y)
    for x, y in zip(s0, opt.init(p)):
        np.testing.assert_array_equal(x, y)
    np.testing.assert_array_equal(p, [[0.5, -0.5]])
    assert dict(vars(opt)) == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        opt.weight_decay = 0.5


@pytest.mark.parametrize("name", NEW)
def test_new_optimizers_are_registered_with_torchs_defaults(name):
    opt = optimizers.get(name)
    for key, value in DEFAULTS[name].items():
        assert getattr(opt, key) == value, (name, key)
    assert set(optimizers.hyperparameters(name)) == {"lr", "batch_size", *DEFAULTS[name]}
    assert name in optimizers.names() and opt.batch_size is None
    assert type(opt).__name__ in optimizers.__all__
    assert opt.label == f"{type(opt).title} (lr={opt.lr:g})"


def test_lecture_order_puts_adams_family_after_adam():
    names = optimizers.names()
    assert names.index("adam") < min(names.index(n) for n in NEW)
    assert names[:7] == ["gd", "sgd", "minibatch", "momentum", "nesterov", "rmsprop", "adam"]


def test_labels_and_settings_show_the_new_settings():
    assert optimizers.get("adam", lr=0.01, weight_decay=0.1).label == "Adam (lr=0.01, weight_decay=0.1)"
    assert optimizers.get("adamw", lr=0.01).label == "AdamW (lr=0.01)"
    assert optimizers.get("adamw", lr=0.01, weight_decay=0.1).label == "AdamW (lr=0.01, weight_decay=0.1)"
    assert optimizers.get("rmsprop", centered=True).label == "RMSprop (lr=0.01, centered=True)"
    assert optimizers.get("rmsprop", momentum=0.9).label == "RMSprop (lr=0.01, momentum=0.9)"
    assert optimizers.get("nadam", momentum_decay=0.01).label == "NAdam (lr=0.002, momentum_decay=0.01)"
    assert optimizers.get("gd", weight_decay=[0.0, 0.5]).label == "GD (lr=0.001, weight_decay=0…0.5 (2 values))"
    opt = optimizers.get("rmsprop", centered=True, momentum=0.5)
    assert opt.settings == {"name": "rmsprop", "lr": 0.01, "batch_size": None, "weight_decay": 0.0,
                            "alpha": 0.99, "eps": 1e-8, "centered": True, "momentum": 0.5}
    t = optimizers.run(ROSEN, opt, start=START, steps=3)
    assert t.optimizer == opt.settings and optimizers.get(**t.optimizer) == opt


# ---------------------------------------------------------------------------------
# hyper-parameter validation
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name,hyper,exc,pattern", [
    ("gd", {"weight_decay": -0.1}, ValueError, r"^gd: weight_decay=-0.1 must be >= 0$"),
    ("adam", {"weight_decay": -1}, ValueError, r"^adam: weight_decay=-1 must be >= 0$"),
    ("adamw", {"weight_decay": -0.01}, ValueError, r"^adamw: weight_decay=-0.01 must be >= 0$"),
    ("sgd", {"weight_decay": [0.1, -0.2]}, ValueError, r"^sgd: weight_decay\[1\]=-0.2 must be >= 0$"),
    ("rmsprop", {"weight_decay": float("nan")}, ValueError, r"rmsprop: weight_decay=nan must be a finite number"),
    ("adagrad", {"weight_decay": "0.1"}, TypeError, r"adagrad: weight_decay='0.1' must be a number >= 0"),
    ("momentum", {"weight_decay": True}, TypeError, r"momentum: weight_decay=True must be a number"),
    ("rmsprop", {"centered": "yes"}, TypeError, r"^rmsprop: centered='yes' must be True or False$"),
    ("rmsprop", {"centered": 1}, TypeError, r"^rmsprop: centered=1 must be True or False$"),
    ("rmsprop", {"centered": [True, False]}, TypeError, r"rmsprop: centered=\[True, False\] must be True or False"),
    ("rmsprop", {"momentum": -0.1}, ValueError, r"^rmsprop: momentum=-0.1 must be in \[0, 1\)$"),
    ("rmsprop", {"momentum": 1.0}, ValueError, r"^rmsprop: momentum=1.0 must be in \[0, 1\)$"),
    ("adamw", {"beta1": 1.0}, ValueError, r"^adamw: beta1=1.0 must be in \[0, 1\)$"),
    ("nadam", {"beta2": -0.1}, ValueError, r"^nadam: beta2=-0.1 must be in \[0, 1\)$"),
    ("radam", {"beta2": 1}, ValueError, r"^radam: beta2=1 must be in \[0, 1\)$"),
    ("adamax", {"beta1": 1.5}, ValueError, r"^adamax: beta1=1.5 must be in \[0, 1\)$"),
    ("adamax", {"eps": -1e-8}, ValueError, r"^adamax: eps=-1e-08 must be >= 0$"),
    ("nadam", {"momentum_decay": -4e-3}, ValueError, r"^nadam: momentum_decay=-0.004 must be >= 0$"),
    ("nadam", {"momentum_decay": "a"}, TypeError, r"nadam: momentum_decay='a' must be a number"),
    ("radam", {"lr": 0}, ValueError, r"^radam: lr=0 must be > 0$"),
])
def test_bad_hyperparameters(name, hyper, exc, pattern):
    with pytest.raises(exc, match=pattern):
        optimizers.get(name, **hyper)


def test_unknown_hyperparameter_suggests():
    with pytest.raises(ValueError, match=r"'adam' has no hyper-parameter 'weightdecay'; did you mean 'weight_decay'\?"):
        optimizers.get("adam", weightdecay=0.1)
    with pytest.raises(ValueError, match=r"'nadam' has no hyper-parameter 'momentum'; did you mean 'momentum_decay'\?"):
        optimizers.get("nadam", momentum=0.9)
    with pytest.raises(ValueError, match=r"unknown optimizer 'adma'; did you mean 'adam'\?"):
        optimizers.get("adma")
    with pytest.raises(ValueError, match=r"unknown optimizer 'adamx'; did you mean 'adamax'\?"):
        optimizers.get("adamx")


def test_valid_edge_values_accepted():
    assert optimizers.get("gd", weight_decay=0).weight_decay == 0
    assert optimizers.get("adamw", weight_decay=0.0).weight_decay == 0.0
    assert optimizers.get("nadam", momentum_decay=0).momentum_decay == 0
    assert optimizers.get("rmsprop", centered=np.bool_(True)).centered is True
    assert optimizers.get("radam", beta2=0.0).beta2 == 0.0      # rho_inf = 1: never rectified
    t = optimizers.run(ROSEN, optimizers.get("radam", beta2=0.0), start=START, steps=10)
    np.testing.assert_allclose(t.params, reference_run("radam", {"beta2": 0.0}, START, 10), rtol=1e-12)
