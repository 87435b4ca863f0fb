"""Every optimizer against torch.optim itself (where torch is installed; CI installs it):
the same trajectory on Rosenbrock to 1e-9 in float64, at default and other settings."""
from __future__ import annotations

import numpy as np
import pytest

import landscape
import optimizers

torch = pytest.importorskip("torch")

STEPS, START = 150, (-1.2, 1.0)


@pytest.fixture(autouse=True)
def float64_everywhere():
    """torch keeps some scalar state in its default dtype (NAdam's product of momentum
    coefficients: float32 unless told otherwise, 2e-9 apart after 150 steps); in float64
    the comparison is of the rules, not of float32 rounding."""
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


def torch_rule(name, hp):
    """torch.optim's optimizer for lossviz's ``name`` with hyper-parameters ``hp``."""
    hp = dict(hp)
    betas = (hp.pop("beta1", 0.9), hp.pop("beta2", 0.999))
    make = {
        "gd": lambda p: torch.optim.SGD(p, **hp),
        "momentum": lambda p: torch.optim.SGD(p, **{"momentum": 0.9, **hp}),
        "nesterov": lambda p: torch.optim.SGD(p, nesterov=True, **{"momentum": 0.9, **hp}),
        "rmsprop": lambda p: torch.optim.RMSprop(p, **hp),
        "adagrad": lambda p: torch.optim.Adagrad(p, **hp),
        "adam": lambda p: torch.optim.Adam(p, betas=betas, **hp),
        "adamw": lambda p: torch.optim.AdamW(p, betas=betas, **hp),
        "nadam": lambda p: torch.optim.NAdam(p, betas=betas, **hp),
        "radam": lambda p: torch.optim.RAdam(p, betas=betas, **hp),
        "adamax": lambda p: torch.optim.Adamax(p, betas=betas, **hp),
    }
    return make[name]


def torch_run(name, hp):
    """Rosenbrock (a=1, b=100) minimised by torch.optim, in float64: every point."""
    p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    opt = torch_rule(name, hp)([p])
    out = [p.detach().clone().numpy()]
    for _ in range(STEPS):
        opt.zero_grad()
        x, y = p[0], p[1]
        ((1 - x) ** 2 + 100 * (y - x * x) ** 2).backward()
        opt.step()
        out.append(p.detach().clone().numpy())
    return np.array(out)


CASES = [
    ("gd", {"lr": 1e-3}), ("gd", {"lr": 1e-3, "weight_decay": 0.1}),
    ("momentum", {"lr": 1e-3}), ("momentum", {"lr": 5e-4, "momentum": 0.5, "weight_decay": 0.05}),
    ("nesterov", {"lr": 1e-3}), ("nesterov", {"lr": 5e-4, "momentum": 0.8, "weight_decay": 0.01}),
    ("rmsprop", {"lr": 1e-2}), ("rmsprop", {"lr": 5e-3, "alpha": 0.9, "centered": True}),
    ("rmsprop", {"lr": 1e-3, "momentum": 0.9, "centered": True, "weight_decay": 0.1}),
    ("adagrad", {"lr": 0.1}), ("adagrad", {"lr": 0.3, "eps": 1e-6, "weight_decay": 0.02}),
    ("adam", {"lr": 0.05}), ("adam", {"lr": 0.02, "beta1": 0.5, "beta2": 0.9, "weight_decay": 0.1}),
    ("adamw", {"lr": 0.05}), ("adamw", {"lr": 0.02, "beta1": 0.8, "weight_decay": 0.3}),
    ("nadam", {"lr": 0.05}), ("nadam", {"lr": 0.02, "momentum_decay": 0.01, "weight_decay": 0.1}),
    ("radam", {"lr": 1e-3}), ("radam", {"lr": 5e-3, "beta2": 0.99, "weight_decay": 0.1}),
    ("adamax", {"lr": 0.05}), ("adamax", {"lr": 0.02, "beta1": 0.7, "eps": 1e-6, "weight_decay": 0.1}),
]


@pytest.mark.parametrize("name, hp", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_the_same_trajectory_as_torch_optim(name, hp):
    ours = optimizers.run(landscape.get("rosenbrock"), optimizers.get(name, **hp), start=START,
                          steps=STEPS).params
    theirs = torch_run(name, hp)
    assert np.all(np.isfinite(theirs))
    assert np.allclose(ours, theirs, rtol=1e-9, atol=1e-12), np.abs(ours - theirs).max()
    assert np.abs(theirs[-1] - theirs[0]).max() > 1e-3     # the run moved: the test compares something
