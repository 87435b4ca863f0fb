"""Tests of the optimizers against an independent reference of torch.optim's rules.

The reference below is written from the pseudo-code of the torch.optim documentation
pages (SGD, RMSprop, Adam, Adagrad) and from Adam's code form, as plain Python
scalar loops: it shares no code and no array arithmetic with the library.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import landscape
import optimizers
from optimizers import schedules


# ---------------------------------------------------------------------------------
# reference implementation (plain Python floats)
# ---------------------------------------------------------------------------------
def rosenbrock_grad(x, y, a=1.0, b=100.0):
    return [-2.0 * (a - x) - 4.0 * b * x * (y - x * x), 2.0 * b * (y - x * x)]


TORCH_DEFAULTS = {
    "gd": {"lr": 1e-3, "weight_decay": 0.0},
    "sgd": {"lr": 1e-3, "weight_decay": 0.0},
    "minibatch": {"lr": 1e-3, "weight_decay": 0.0},
    "momentum": {"lr": 1e-3, "momentum": 0.9},   # torch's own default is 0: our documented choice
    "nesterov": {"lr": 1e-3, "momentum": 0.9},
    "rmsprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0,
                "centered": False},
    "adam": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "adagrad": {"lr": 1e-2, "eps": 1e-10, "weight_decay": 0.0},
    # torch.optim.AdamW, NAdam, RAdam and Adamax, as their documentation pages give them
    "adamw": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-2},
    "nadam": {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0,
              "momentum_decay": 4e-3},
    "radam": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "adamax": {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
}


def reference_run(name, hp, start, steps, grad_fn=rosenbrock_grad):
    """The trajectory of torch.optim's rule ``name`` with hyper-parameters ``hp``."""
    hp = {**TORCH_DEFAULTS[name], **hp}
    lr = hp["lr"]
    p = [float(v) for v in start]
    n = len(p)
    out = [list(p)]
    buf = [None] * n                 # SGD momentum buffer
    sq = [0.0] * n                   # RMSprop square_avg
    m, v = [0.0] * n, [0.0] * n      # Adam exp_avg, exp_avg_sq
    acc = [0.0] * n                  # Adagrad state_sum (initial_accumulator_value = 0)
    for t in range(1, steps + 1):
        g = grad_fn(*p)
        for i in range(n):
            gi = g[i]
            if name in ("gd", "sgd", "minibatch"):
                p[i] = p[i] - lr * gi
            elif name in ("momentum", "nesterov"):
                mu, dampening = hp["momentum"], 0.0
                # torch: if t > 1: b = mu*b + (1 - dampening)*g  else: b = g
                buf[i] = gi if buf[i] is None else mu * buf[i] + (1.0 - dampening) * gi
                d = gi + mu * buf[i] if name == "nesterov" else buf[i]
                p[i] = p[i] - lr * d
            elif name == "rmsprop":
                alpha, eps = hp["alpha"], hp["eps"]
                sq[i] = alpha * sq[i] + (1.0 - alpha) * gi * gi
                p[i] = p[i] - lr * gi / (math.sqrt(sq[i]) + eps)
            elif name == "adam":
                b1, b2, eps = hp["beta1"], hp["beta2"], hp["eps"]
                m[i] = b1 * m[i] + (1.0 - b1) * gi
                v[i] = b2 * v[i] + (1.0 - b2) * gi * gi
                bias_correction1 = 1.0 - b1**t
                bias_correction2 = 1.0 - b2**t
                step_size = lr / bias_correction1
                denom = math.sqrt(v[i]) / math.sqrt(bias_correction2) + eps
                p[i] = p[i] - step_size * m[i] / denom
            elif name == "adagrad":
                eps, lr_decay = hp["eps"], 0.0
                clr = lr / (1.0 + (t - 1) * lr_decay)
                acc[i] = acc[i] + gi * gi
                p[i] = p[i] - clr * gi / (math.sqrt(acc[i]) + eps)
            else:  # pragma: no cover
                raise KeyError(name)
        out.append(list(p))
    return np.array(out)


START = (-1.2, 1.0)
ROSEN = landscape.get("rosenbrock")

CASES = [
    ("gd", {}), ("gd", {"lr": 0.0015}),
    ("momentum", {}), ("momentum", {"lr": 5e-4, "momentum": 0.8}),
    ("nesterov", {}), ("nesterov", {"lr": 4e-4, "momentum": 0.7}),
    ("rmsprop", {}), ("rmsprop", {"lr": 0.005, "alpha": 0.9}),
    ("rmsprop", {"lr": 0.003, "alpha": 0.5, "eps": 1e-3}),
    ("adam", {}), ("adam", {"lr": 0.02, "beta1": 0.8, "beta2": 0.99}),
    ("adam", {"lr": 0.01, "beta1": 0.0, "beta2": 0.9, "eps": 1e-4}),
    ("adagrad", {}), ("adagrad", {"lr": 0.1, "eps": 1e-6}),
]


def _case_id(case):
    name, hp = case
    return name + "".join(f"-{k}={v}" for k, v in hp.items())


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_matches_torch_reference(case):
    name, hp = case
    opt = optimizers.get(name, **hp)
    t = optimizers.run(ROSEN, opt, start=START, steps=150)
    ref = reference_run(name, hp, START, 150)
    assert t.params.shape == (151, 2)
    assert t.diverged_at is None
    np.testing.assert_allclose(t.params, ref, rtol=1e-9, atol=1e-12)
    # the run actually moved (the comparison is not between two standing points)
    assert np.linalg.norm(t.params[-1] - t.params[0]) > 1e-3


def test_reference_distinguishes_the_rules():
    """The reference is sharp enough: each rule differs from its neighbours by far more than 1e-9."""
    r = {n: reference_run(n, {"lr": 1e-3}, START, 150) for n in
         ("gd", "momentum", "nesterov", "adam", "adagrad", "rmsprop")}
    names = list(r)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert np.max(np.abs(r[a] - r[b])) > 1e-4, (a, b)
    # Adam without bias correction would be far off too
    bad = optimizers.get("adam", beta1=0.0)
    t = optimizers.run(ROSEN, bad, start=START, steps=150)
    assert np.max(np.abs(t.params - r["adam"])) > 1e-4


@pytest.mark.parametrize("name", list(TORCH_DEFAULTS))
def test_defaults_are_torchs(name):
    opt = optimizers.get(name)
    for key, value in TORCH_DEFAULTS[name].items():
        assert getattr(opt, key) == value, f"{name}.{key} = {getattr(opt, key)}, expected {value}"
    hyper = optimizers.hyperparameters(name)
    assert set(TORCH_DEFAULTS[name]) <= set(hyper)
    assert "batch_size" in hyper


def test_batch_size_defaults():
    assert optimizers.get("gd").batch_size is None
    assert optimizers.get("sgd").batch_size == 1
    assert optimizers.get("minibatch").batch_size == 32
    for name in ("momentum", "nesterov", "rmsprop", "adam", "adagrad"):
        assert optimizers.get(name).batch_size is None
        assert optimizers.get(name, batch_size=8).batch_size == 8


def test_names_in_lecture_order():
    documented = ["gd", "sgd", "minibatch", "momentum", "nesterov", "rmsprop", "adam", "adagrad"]
    names = optimizers.names()
    assert [n for n in names if n in documented] == documented   # all there, in lecture order
    assert optimizers.get("Adam").name == "adam"
    assert optimizers.get("mini-batch").name == "minibatch"


@pytest.mark.parametrize("kappa", [1.0, 4.0, 10.0, 25.0])
@pytest.mark.parametrize("lr", [0.01, 0.05])
def test_gd_on_quadratic_is_geometric(kappa, lr):
    s = landscape.get("quadratic", kappa=kappa, angle=0)
    x0 = np.array([1.7, -1.3])
    t = optimizers.run(s, optimizers.get("gd", lr=lr), start=x0, steps=50)
    steps = np.arange(51)[:, None]
    expected = (1.0 - lr * np.array([1.0, kappa])) ** steps * x0
    np.testing.assert_allclose(t.params, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(t.loss, 0.5 * (expected[:, 0] ** 2 + kappa * expected[:, 1] ** 2),
                               rtol=1e-11, atol=1e-300)


def test_adam_first_step_is_lr_times_sign():
    for lr in (0.1, 0.02, 1e-3):
        opt = optimizers.get("adam", lr=lr)
        g = np.array([300.0, -0.02, 5.0, -1e4, 0.5])
        p0 = np.array([0.3, -1.0, 2.0, 0.0, 7.0])
        p1, state = opt.step(p0, g, opt.init(p0))
        np.testing.assert_allclose(p1 - p0, -lr * np.sign(g), rtol=1e-6)
        # through run, on the Rosenbrock start
        t = optimizers.run(ROSEN, opt, start=START, steps=1)
        g0 = ROSEN.grad(START)
        np.testing.assert_allclose(t.params[1] - t.params[0], -lr * np.sign(g0), rtol=1e-6)


def test_adam_state_counts_from_one():
    opt = optimizers.get("adam", lr=0.1, beta1=0.5, beta2=0.75, eps=0.0)
    p = np.array([1.0])
    state = opt.init(p)
    assert state.t == 0
    p, state = opt.step(p, np.array([2.0]), state)
    assert state.t == 1
    p, state = opt.step(p, np.array([-1.0]), state)
    assert state.t == 2
    # by hand: m1 = 1, v1 = 1, m_hat = 2, v_hat = 4: step 0.1 * 2 / 2 = 0.1;
    # m2 = 0.5*1 + 0.5*(-1) = 0, so the 2nd step is 0
    np.testing.assert_allclose(p, [0.9], rtol=1e-14)


# ---------------------------------------------------------------------------------
# frozen, pure, vectorised
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(TORCH_DEFAULTS))
def test_optimizers_are_frozen(name):
    opt = optimizers.get(name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        opt.lr = 0.5
    with pytest.raises(AttributeError):
        opt.new_attribute = 1
    assert opt.lr == TORCH_DEFAULTS[name]["lr"]


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov", "rmsprop", "adam", "adagrad"])
def test_state_is_returned_not_stored(name):
    opt = optimizers.get(name, lr=1e-3)
    before = dict(vars(opt))
    a = optimizers.run(ROSEN, opt, start=START, steps=60)
    b = optimizers.run(ROSEN, opt, start=START, steps=60)
    np.testing.assert_array_equal(a.params, b.params)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert dict(vars(opt)) == before
    # stepping the same state twice gives the same answer, and leaves the state alone
    p = np.array([[0.5, -0.5]])
    g = np.array([[1.0, -2.0]])
    s0 = opt.init(p)
    p1, s1 = opt.step(p, g, s0)
    p1b, s1b = opt.step(p, g, s0)
    np.testing.assert_array_equal(p1, p1b)
    for x, y in zip(s0, opt.init(p)):
        np.testing.assert_array_equal(x, y)
    np.testing.assert_array_equal(p, [[0.5, -0.5]])


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov", "rmsprop", "adam", "adagrad"])
def test_population_equals_single_runs(name):
    starts = np.array([[-1.2, 1.0], [0.0, 0.0], [1.5, 2.0], [-0.5, 2.5], [1.0, 1.0]])
    opt = optimizers.get(name, lr=5e-4 if name in ("gd", "momentum", "nesterov") else 5e-3)
    pop = optimizers.run(ROSEN, opt, start=starts, steps=80)
    assert pop.params.shape == (81, len(starts), 2)
    assert pop.loss.shape == (81, len(starts))
    assert pop.population
    for k, s in enumerate(starts):
        one = optimizers.run(ROSEN, opt, start=s, steps=80)
        assert np.array_equal(pop.params[:, k], one.params), f"start {k}"
        assert np.array_equal(pop.loss[:, k], one.loss)
        assert np.array_equal(pop.grad_norm[:, k], one.grad_norm)
        assert pop.diverged_at[k] == one.diverged_at


# ---------------------------------------------------------------------------------
# hyper-parameter validation
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name,hyper,exc,pattern", [
    ("gd", {"lr": 0}, ValueError, r"gd: lr=0 must be > 0"),
    ("adam", {"lr": -0.1}, ValueError, r"adam: lr=-0.1 must be > 0"),
    ("adam", {"lr": float("nan")}, ValueError, r"adam: lr=nan must be a finite number > 0"),
    ("gd", {"lr": float("inf")}, ValueError, r"lr=inf must be a finite number"),
    ("adam", {"lr": "a"}, TypeError, r"adam: lr='a' must be a number"),
    ("gd", {"lr": None}, TypeError, r"lr=None must be a number"),
    ("gd", {"lr": True}, TypeError, r"lr=True must be a number"),
    ("adam", {"beta1": 1.0}, ValueError, r"adam: beta1=1.0 must be in \[0, 1\)"),
    ("adam", {"beta2": -0.1}, ValueError, r"adam: beta2=-0.1 must be in \[0, 1\)"),
    ("adam", {"eps": -1}, ValueError, r"adam: eps=-1 must be >= 0"),
    ("momentum", {"momentum": 1}, ValueError, r"momentum: momentum=1 must be in \[0, 1\)"),
    ("momentum", {"momentum": -0.5}, ValueError, r"momentum=-0.5"),
    ("nesterov", {"momentum": 0}, ValueError, r"nesterov: momentum=0 must be in \(0, 1\)"),
    ("rmsprop", {"alpha": 1.5}, ValueError, r"rmsprop: alpha=1.5 must be in \[0, 1\)"),
    ("rmsprop", {"eps": -1}, ValueError, r"rmsprop: eps=-1 must be >= 0"),
    ("adagrad", {"eps": -1}, ValueError, r"adagrad: eps=-1 must be >= 0"),
    ("minibatch", {"batch_size": 0}, ValueError, r"minibatch: batch_size=0 must be a whole number >= 1"),
    ("minibatch", {"batch_size": 2.5}, TypeError, r"batch_size=2.5 must be a whole number"),
    ("sgd", {"batch_size": True}, TypeError, r"batch_size=True must be a whole number"),
    ("adam", {"batch_size": -3}, ValueError, r"adam: batch_size=-3"),
])
def test_bad_hyperparameters(name, hyper, exc, pattern):
    with pytest.raises(exc, match=pattern):
        optimizers.get(name, **hyper)


def test_unknown_hyperparameter_suggests():
    with pytest.raises(ValueError, match=r"optimizer 'adam' has no hyper-parameter 'betta1'; did you mean 'beta1'\?"):
        optimizers.get("adam", betta1=0.9)
    with pytest.raises(ValueError, match=r"did you mean 'momentum'\?"):
        optimizers.get("momentum", momentun=0.9)
    with pytest.raises(ValueError, match=r"'gd' has no hyper-parameter 'momentum'.*hyper-parameters: lr, batch_size, weight_decay\)"):
        optimizers.get("gd", momentum=0.9)


def test_unknown_optimizer_suggests():
    with pytest.raises(ValueError, match=r"unknown optimizer 'adma'; did you mean 'adam'\?"):
        optimizers.get("adma")
    with pytest.raises(ValueError, match=r"did you mean 'rmsprop'"):
        optimizers.get("rmsprob")
    with pytest.raises(ValueError, match=r"unknown optimizer 'qqqq' \(known: gd, sgd"):
        optimizers.get("qqqq")
    with pytest.raises(TypeError, match="must be a string"):
        optimizers.get(None)


def test_valid_edge_values_accepted():
    assert optimizers.get("adam", beta1=0.0).beta1 == 0.0
    assert optimizers.get("momentum", momentum=0).momentum == 0
    assert optimizers.get("rmsprop", eps=0).eps == 0
    assert optimizers.get("gd", lr=1).lr == 1
    assert optimizers.get("minibatch", batch_size=1).batch_size == 1


# ---------------------------------------------------------------------------------
# labels and settings
# ---------------------------------------------------------------------------------
def test_labels():
    assert optimizers.get("adam", lr=0.05).label == "Adam (lr=0.05)"
    assert optimizers.get("adam").label == "Adam (lr=0.001)"
    assert optimizers.get("gd", lr=0.1).label == "GD (lr=0.1)"
    assert "momentum=0.5" in optimizers.get("nesterov", momentum=0.5).label
    assert optimizers.get("adam", lr=0.01, beta1=0.8).label == "Adam (lr=0.01, beta1=0.8)"
    assert "batch_size=32" in optimizers.get("minibatch").label


def test_momentum_label_shows_momentum_when_changed():
    """Legends stay short: the coefficient appears when it differs from its default 0.9."""
    assert optimizers.get("momentum", lr=0.01).label == "Momentum (lr=0.01)"
    assert optimizers.get("nesterov", lr=0.01).label == "Nesterov (lr=0.01)"
    assert optimizers.get("momentum", momentum=0.8).label == "Momentum (lr=0.001, momentum=0.8)"


def test_settings_recorded_in_trajectory():
    opt = optimizers.get("adam", lr=0.02, beta1=0.8)
    assert opt.settings == {"name": "adam", "lr": 0.02, "batch_size": None, "weight_decay": 0.0,
                            "beta1": 0.8, "beta2": 0.999, "eps": 1e-8}
    t = optimizers.run(ROSEN, opt, start=START, steps=3)
    assert t.optimizer == opt.settings
    assert t.label == opt.label
    assert t.surface == {"name": "rosenbrock", "a": 1.0, "b": 100.0}


# ---------------------------------------------------------------------------------
# a user's own optimizer
# ---------------------------------------------------------------------------------
class SignGD:
    """sign-GD: p <- p - lr * sign(g).  Not registered anywhere."""

    def __init__(self, lr):
        self.lr = lr

    def init(self, params):
        return None

    def step(self, params, grad, state):
        return params - self.lr * np.sign(grad), state


@dataclasses.dataclass(frozen=True)
class SignMomentum:
    """A dataclass optimizer with state, also unregistered."""

    lr: float = 0.01
    beta: float = 0.5

    def init(self, params):
        return np.zeros_like(params)

    def step(self, params, grad, state):
        m = self.beta * state + (1 - self.beta) * grad
        return params - self.lr * np.sign(m), m


def test_user_defined_optimizer_runs_without_registration():
    s = landscape.get("quadratic", kappa=4)
    t = optimizers.run(s, SignGD(lr=0.01), start=(1.0, -0.5), steps=20)
    k = np.arange(21)
    np.testing.assert_allclose(t.params[:, 0], 1.0 - 0.01 * k, rtol=0, atol=1e-14)
    np.testing.assert_allclose(t.params[:, 1], -0.5 + 0.01 * k, rtol=0, atol=1e-14)
    assert t.optimizer["name"] == "signgd"
    assert t.label == "signgd"
    assert "signgd" not in optimizers.names()
    np.testing.assert_array_equal(t.lr[1:], 0.01)

    t2 = optimizers.run(s, SignMomentum(lr=0.05), start=[(1.0, 1.0), (-1.0, 0.5)], steps=5)
    assert t2.params.shape == (6, 2, 2)
    np.testing.assert_allclose(t2.params[1], [(0.95, 0.95), (-0.95, 0.45)])
    assert t2.optimizer == {"name": "signmomentum", "lr": 0.05, "beta": 0.5}
    assert t2.label == "signmomentum (lr=0.05, beta=0.5)"
    # a dataclass with an lr field takes a schedule
    t3 = optimizers.run(s, SignMomentum(lr=0.05), start=(1.0, 1.0), steps=4,
                        schedule=schedules.StepDecay(step_size=2, gamma=0.5))
    np.testing.assert_allclose(t3.lr[1:], [0.05, 0.05, 0.025, 0.025])
    np.testing.assert_allclose(t3.params[-1], [1 - 0.15, 1 - 0.15])


def test_schedule_needs_dataclass_with_lr():
    s = landscape.get("quadratic", kappa=4)
    with pytest.raises(TypeError, match="a schedule needs an optimizer dataclass with an lr field"):
        optimizers.run(s, SignGD(lr=0.01), start=(1.0, 1.0), steps=3, schedule=schedules.Constant())


# ---------------------------------------------------------------------------------
# schedules
# ---------------------------------------------------------------------------------
def test_schedule_formulas():
    lr, total = 0.4, 30
    ts = range(1, total + 1)
    assert [schedules.Constant()(t, lr, total) for t in ts] == [lr] * total
    sd = schedules.StepDecay(step_size=7, gamma=0.3)
    for t in ts:
        assert sd(t, lr, total) == pytest.approx(lr * 0.3 ** ((t - 1) // 7), rel=1e-15)
    assert sd(7, lr, total) == lr and sd(8, lr, total) == pytest.approx(lr * 0.3)
    ex = schedules.Exponential(gamma=0.9)
    for t in ts:
        assert ex(t, lr, total) == pytest.approx(lr * 0.9 ** (t - 1), rel=1e-15)
    cos = schedules.Cosine(lr_min=0.01)
    for t in ts:
        # torch CosineAnnealingLR: eta_min + (eta_max - eta_min)(1 + cos(pi T_cur / T_max)) / 2
        expected = 0.01 + (lr - 0.01) * (1 + math.cos(math.pi * (t - 1) / (total - 1))) / 2
        assert cos(t, lr, total) == pytest.approx(expected, rel=1e-14)
    assert cos(1, lr, total) == pytest.approx(lr) and cos(total, lr, total) == pytest.approx(0.01)
    wu = schedules.Warmup(steps=5)
    for t in ts:
        assert wu(t, lr, total) == pytest.approx(lr * min(1.0, t / 5), rel=1e-15)
    assert wu(1, lr, total) == pytest.approx(lr / 5) and wu(5, lr, total) == lr


def test_get_schedule():
    s = optimizers.get_schedule("step", step_size=3, gamma=0.5)
    assert isinstance(s, schedules.StepDecay) and (s.step_size, s.gamma) == (3, 0.5)
    assert isinstance(optimizers.get_schedule("cosine"), schedules.Cosine)
    assert isinstance(optimizers.get_schedule("constant"), schedules.Constant)
    assert isinstance(optimizers.get_schedule("exponential", gamma=0.5), schedules.Exponential)
    assert optimizers.get_schedule("warmup", steps=3).steps == 3
    with pytest.raises(ValueError, match=r"unknown schedule 'cosin'; did you mean 'cosine'"):
        optimizers.get_schedule("cosin")
    with pytest.raises(ValueError, match=r"schedule 'step' has no parameter 'gama'; did you mean 'gamma'"):
        optimizers.get_schedule("step", gama=0.5)
    with pytest.raises(ValueError, match="gamma"):
        optimizers.get_schedule("exponential", gamma=1.5)
    with pytest.raises(ValueError, match="step_size"):
        optimizers.get_schedule("step", step_size=0)
    with pytest.raises(ValueError, match="lr_min"):
        optimizers.get_schedule("cosine", lr_min=-1)


@pytest.mark.parametrize("sched", [
    schedules.Constant(), schedules.StepDecay(step_size=4, gamma=0.5),
    schedules.Exponential(gamma=0.9), schedules.Cosine(lr_min=0.001), schedules.Warmup(steps=6),
], ids=lambda s: s.name)
def test_run_with_schedule_records_lr(sched):
    kappa, lr, steps = 5.0, 0.3, 20
    s = landscape.get("quadratic", kappa=kappa)
    x0 = np.array([1.0, -1.0])
    t = optimizers.run(s, optimizers.get("gd", lr=lr), start=x0, steps=steps, schedule=sched)
    assert t.lr.shape == (steps + 1,)
    assert math.isnan(t.lr[0])
    lrs = np.array([sched(k, lr, steps) for k in range(1, steps + 1)])
    np.testing.assert_allclose(t.lr[1:], lrs, rtol=1e-15)
    # and the schedule's rate is the one actually used: GD contracts by (1 - lr_t a)
    factors = np.cumprod(1 - lrs[:, None] * np.array([1.0, kappa]), axis=0)
    np.testing.assert_allclose(t.params[1:], factors * x0, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["gd", "adam", "momentum"])
def test_run_with_default_cosine_schedule(name):
    s = landscape.get("quadratic", kappa=4)
    t = optimizers.run(s, optimizers.get(name, lr=0.1), start=(1.0, 1.0), steps=10,
                       schedule=optimizers.get_schedule("cosine"))
    assert t.lr[-1] == 0.0
    assert t.lr[1] == pytest.approx(0.1)
    if name == "gd":  # lr 0: the last step does not move
        np.testing.assert_array_equal(t.params[-1], t.params[-2])


def test_run_without_schedule_records_constant_lr():
    t = optimizers.run(ROSEN, optimizers.get("adam", lr=0.02), start=START, steps=10)
    assert math.isnan(t.lr[0])
    np.testing.assert_array_equal(t.lr[1:], 0.02)
