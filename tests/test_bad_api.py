"""Bad calls of the Python API: each is one clear ValueError or TypeError that names the
parameter and the value, and none prints a warning or leaves a file behind."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import animations
import landscape
import optimizers

BOOTH = landscape.get("booth")
RUN = optimizers.run(BOOTH, optimizers.get("gd", lr=0.05), steps=5)
LINREG = landscape.get("linreg", n=30)
NET = landscape.get("mlp", n=20, hidden=(2,))
NET_RUN = optimizers.run(NET, optimizers.get("gd", lr=0.5), steps=4)
BIG = 10 ** 400


class Returns:
    """A plug-in optimizer whose ``step`` returns ``out(params, state)``."""

    name = "plugin"
    lr = 0.1

    def __init__(self, out):
        self.out = out

    def init(self, params):
        return ()

    def step(self, params, grad, state):
        return self.out(params, state)


class NoBatch(Returns):
    batch_size = 0


BAD = [
    # optimizers: every hyper-parameter, wrong type and wrong value
    *[(lambda n=n, k=k, v=v: optimizers.get(n, **{k: v}), error, f"{n}: {k}=")
      for n in ("gd", "sgd", "minibatch", "momentum", "nesterov", "rmsprop", "adam", "adagrad")
      for k, v, error in (("lr", -0.1, ValueError), ("lr", "fast", TypeError),
                          ("lr", float("nan"), ValueError), ("lr", BIG, ValueError),
                          ("batch_size", 0, ValueError), ("batch_size", 1.5, TypeError))],
    (lambda: optimizers.get("adam", beta1=-0.1), ValueError, "adam: beta1=-0.1 must be in [0, 1)"),
    (lambda: optimizers.get("adam", beta2=1.0), ValueError, "adam: beta2=1.0 must be in [0, 1)"),
    (lambda: optimizers.get("adam", eps=float("inf")), ValueError, "adam: eps=inf must be a finite number"),
    (lambda: optimizers.get("rmsprop", alpha=2), ValueError, "rmsprop: alpha=2 must be in [0, 1)"),
    (lambda: optimizers.get("momentum", momentum=None), TypeError, "momentum: momentum=None must be a number"),
    (lambda: optimizers.get_schedule("exponential", gamma=0), ValueError, "gamma=0 must be in (0, 1)"),
    (lambda: optimizers.get_schedule("cosine", lr_min=float("inf")), ValueError, "lr_min=inf must be a finite"),
    (lambda: optimizers.get_schedule("step", step_size=0), ValueError, "step_size=0 must be a whole number >= 1"),
    # run
    (lambda: optimizers.run(BOOTH, "gd", start=np.zeros((0, 2))), ValueError, "for K >= 1 starts"),
    (lambda: optimizers.run(BOOTH, "gd", start=(1.0, 2.0, 3.0)), ValueError, "run: start has shape (3,)"),
    (lambda: optimizers.run(BOOTH, "gd", start="here"), TypeError, "run: start='here' must be finite numbers"),
    (lambda: optimizers.run(BOOTH, "gd", start=(np.nan, 0.0)), ValueError, "must be finite"),
    (lambda: optimizers.run(BOOTH, "gd", seed=-1), ValueError, "run: seed=-1 must be a whole number >= 0"),
    (lambda: optimizers.run(BOOTH, "gd", seed=1.5), TypeError, "run: seed=1.5 must be a whole number"),
    (lambda: optimizers.run(BOOTH, "gd", steps=BIG), ValueError, "(401 characters) is too large"),
    (lambda: optimizers.run(BOOTH, "gd", explode=1.0), ValueError, "run: explode=1.0 must be > 1"),
    (lambda: optimizers.run(BOOTH, "gd", schedule="cosine"), TypeError, "schedule='cosine' must be callable"),
    (lambda: optimizers.run(BOOTH, Returns(lambda p, s: None), steps=2), TypeError,
     "plugin.step must return (params, state), got NoneType"),
    (lambda: optimizers.run(BOOTH, Returns(lambda p, s: (p[:, :1], s)), steps=2), ValueError,
     "plugin.step returned params of shape (1, 1)"),
    (lambda: optimizers.run(BOOTH, Returns(lambda p, s: ("x", s)), steps=2), TypeError,
     "plugin.step returned params that are not numbers"),
    (lambda: optimizers.run(BOOTH, "gd", start=np.zeros((600, 2)), steps=9_000_000), ValueError,
     "recording 9,000,000 steps of 600 x 2 parameters takes about"),
    # surfaces
    (lambda: landscape.get("quadratic", kappa=1e300), ValueError, "kappa=1e+300 must be a condition number"),
    (lambda: landscape.get("quadratic", angle=BIG), ValueError, "angle=100000000000... (401 characters) must be a finite number (a number of degrees)"),
    (lambda: landscape.get("rastrigin", A=-1), ValueError, "rastrigin: A=-1 must be >= 0"),
    (lambda: landscape.get("linreg", n=10 ** 9), ValueError, "linreg: n=1000000000 is too large"),
    (lambda: landscape.get("logreg", noise="loud"), TypeError, "logreg: noise='loud' must be a number"),
    (lambda: landscape.get("mlp", hidden=(10 ** 5, 10 ** 5)), ValueError, "weights) on n=200 samples takes about"),
    (lambda: landscape.get("mlp", n=2 * 10 ** 7), ValueError, "mlp: n=20000000 is too large"),
    (lambda: landscape.get("mlp", loss="hinge"), ValueError, "mlp: loss='hinge' is unknown"),
    (lambda: landscape.get("nope"), ValueError, "unknown surface 'nope'"),
    (lambda: landscape.from_function(lambda x, y: None), TypeError, "f returned NoneType"),
    (lambda: landscape.from_function(lambda x, y: x + 1j * y), TypeError, "f returned complex numbers"),
    (lambda: landscape.from_function(lambda p: np.zeros(5)), ValueError, "f returned shape (5,)"),
    (lambda: landscape.from_function(lambda x, y: "x"), TypeError, "f returned str, not numbers"),
    (lambda: landscape.from_function(lambda x, y: x, dim=0), ValueError, "dim=0 must be a whole number >= 1"),
    (lambda: landscape.grid(BOOTH, n=10 ** 6), ValueError, "grid: n=1000000 is too large: at most 2,000"),
    (lambda: landscape.grid(BOOTH, n=1), ValueError, "grid: n=1 must be a whole number >= 2"),
    (lambda: landscape.datasets.make("moons", n=BIG), ValueError, "moons: n="),
    # figures
    (lambda: animations.plot(BOOTH, RUN, bounds=(1, 2)), ValueError, "plot: bounds=(1, 2) must be ((xlo, xhi), (ylo, yhi))"),
    (lambda: animations.plot(BOOTH, RUN, bounds=((0, np.inf), (0, 1))), ValueError, "with finite lo < hi"),
    (lambda: animations.plot(BOOTH, RUN, bounds=(("a", 1), (0, 1))), TypeError, "plot: bounds="),
    (lambda: animations.plot(BOOTH, RUN, ax="x"), TypeError, "plot: ax='x' must be a matplotlib Axes"),
    (lambda: animations.plot(BOOTH, RUN, resolution=10 ** 5), ValueError, "resolution=100000 is too large"),
    (lambda: animations.plot(BOOTH, RUN, bounds=((0, 1e-300), (0, 1e-300))), ValueError,
     "booth: the loss is 74 everywhere in the window"),
    (lambda: animations.plot(landscape.get("rosenbrock", b=1e308)), ValueError, "too large to draw"),
    (lambda: animations.plot(BOOTH, "run"), TypeError, "expected Trajectory objects"),
    (lambda: animations.plot(landscape.get("mlp", n=20, hidden=2)), ValueError, "plot needs a 1-D or 2-D surface"),
    (lambda: animations.plot_loss(RUN, x="time"), ValueError, "plot_loss: x='time'"),
    (lambda: animations.save_figure(None, "x.png"), TypeError, "save_figure: fig=None must be a matplotlib Figure"),
    (lambda: animations.save_figure(animations.plot(BOOTH, resolution=10), "x.gif"), ValueError,
     "save_figure: cannot write 'x.gif'"),
    # animations
    (lambda: animations.animate(BOOTH, RUN, out=5), TypeError, "animate: out=5 must be a file name"),
    (lambda: animations.animate(BOOTH, RUN, out="race"), ValueError, "cannot write 'race': no extension"),
    (lambda: animations.animate(BOOTH, RUN, out=""), ValueError, "the output path is empty"),
    (lambda: animations.animate(BOOTH, RUN, frames=10 ** 8), ValueError, "frames=100000000 is too large"),
    (lambda: animations.animate(BOOTH, RUN, seconds=10 ** 6), ValueError, "is 20,000,000 frames"),
    (lambda: animations.animate(BOOTH, RUN, hold=700), ValueError, "animate: hold=700 must be in [0, 600]"),
    (lambda: animations.animate(BOOTH, RUN, still=-1), ValueError, "animate: still=-1 must be in [0, 600]"),
    (lambda: animations.animate(BOOTH, RUN, tail=BIG), ValueError, "animate: tail="),
    (lambda: animations.animate(BOOTH, RUN, fps=1000, out="v.mp4"), ValueError, "fps=1000 must be from 0.1 to 120"),
    (lambda: animations.animate(BOOTH, RUN, fps=0.001), ValueError, "fps=0.001 must be from 0.1 to 120"),
    (lambda: animations.animate(BOOTH, RUN, seconds=1e308), ValueError, "more than lossviz renders"),
    (lambda: animations.animate(BOOTH, RUN, size=(64, 64), loss_panel=True), ValueError,
     "with a second panel can be drawn at: from 460x184"),
    (lambda: animations.animate(BOOTH, RUN, size="big"), ValueError, "animate: size='big' must be (width, height)"),
    (lambda: animations.animate(BOOTH, RUN, bounds=(0, 1)), ValueError, "animate: bounds=(0, 1) must be"),
    # what the probe of an adversarial user found
    (lambda: optimizers.run(BOOTH, "adam", start=[BIG, 0]), TypeError, "run: start=[" ),
    (lambda: optimizers.run(BOOTH, optimizers.Adam), TypeError, "run: optimizer=Adam is a class"),
    (lambda: optimizers.run(BOOTH, NoBatch(lambda p, s: (p, s)), steps=2), ValueError,
     "plugin: batch_size=0 must be a whole number >= 1"),
    (lambda: optimizers.run(LINREG, "gd", validation=BOOTH, steps=2), ValueError,
     "run: validation='booth' (dim=2) is not the held-out part of 'linreg'"),
    (lambda: animations.plot(BOOTH, RUN, levels=BIG), ValueError, "plot: levels="),
    (lambda: animations.plot(BOOTH, RUN, bounds=((0, BIG), (0, 1))), ValueError, "plot: bounds="),
    (lambda: animations.plot(BOOTH, 5), TypeError, "expected a Trajectory (from optimizers.run) or a list"),
    (lambda: animations.plot("booth", [RUN]), TypeError, "plot: surface='booth' is not a Surface"),
    (lambda: animations.plot(BOOTH, [optimizers.run(LINREG, "gd", steps=2)]), ValueError,
     "trajectory 'GD (lr=0.001)' ran on 'linreg' (n=30"),
    (lambda: animations.plot_batch(LINREG, [optimizers.run(landscape.get("linreg", n=20), "gd", steps=2)]),
     ValueError, "ran on 'linreg' (n=20"),
    (lambda: animations.animate(BOOTH, RUN, levels="many"), TypeError, "animate: levels='many' must be a whole number"),
    (lambda: animations.plot_loss(RUN, ax=5), TypeError, "plot_loss: ax=5 must be a matplotlib Axes"),
    (lambda: animations.plot_loss(RUN, x=["step"]), ValueError, "plot_loss: x=['step'] must be"),
    (lambda: animations.plot_loss([RUN, RUN], colours=["red"]), ValueError, "one matplotlib colour per trajectory (2)"),
    (lambda: animations.plot_loss(RUN, colours=["notacolour"]), ValueError, "'notacolour' is not a colour"),
    (lambda: animations.plot_batch(LINREG, [optimizers.run(LINREG, "gd", steps=2)], fig="f"), TypeError,
     "plot_batch: fig='f' must be a matplotlib Figure"),
    (lambda: animations.plot_side_by_side(BOOTH), TypeError, "plot_side_by_side: surfaces must be a list"),
    (lambda: animations.save_figure("fig", "x.png"), TypeError, "save_figure: fig='fig' must be a matplotlib Figure"),
    (lambda: animations.plot_plane(NET, [NET_RUN]), TypeError, "plot_plane: plane must be a landscape Plane"),
    (lambda: animations.plot_boundary(BOOTH, [RUN]), TypeError, "plot_boundary: net must be a network"),
    (lambda: animations.plot_boundary(NET, [NET_RUN], resolution=1), ValueError, "plot_boundary: resolution=1"),
    (lambda: animations.plot_boundary(NET, [RUN]), ValueError, "ran on 'booth', not on the network 'mlp'"),
    (lambda: animations.plot_interpolation(NET, [NET_RUN], n=10 ** 7), ValueError, "n=10000000 is too large"),
    (lambda: animations.plot_interpolation(NET, [NET_RUN], extent=5), ValueError, "plot_interpolation: extent=5 must be"),
    (lambda: animations.plot_interpolation(NET, [NET_RUN], ax=5), TypeError, "plot_interpolation: ax=5"),
    (lambda: landscape.plane_through(NET, NET_RUN.params[0], NET_RUN.params[1], NET_RUN.final, names=("a",)),
     TypeError, "plane_through: names=('a',) must be three strings"),
    (lambda: landscape.random_plane(NET, origin="end"), TypeError, "random_plane: 'end' must be weight vectors"),
    (lambda: landscape.pca_plane(NET, [NET_RUN], margin=-1), ValueError, "pca_plane: margin=-1 must be in [0, 10]"),
    (lambda: landscape.grid(BOOTH, bounds="abc"), ValueError, "grid: bounds='abc' must be"),
    (lambda: landscape.grid(RUN), TypeError, "grid: surface=<Trajectory"),
    (lambda: landscape.grid(BOOTH, bounds=((0, np.inf), (0, 1))), ValueError, "with finite lo < hi"),
    (lambda: landscape.from_function(lambda: 1), TypeError, "from_function: f takes no argument"),
    (lambda: landscape.from_function(lambda p: p[..., 0], dim=10 ** 12), ValueError, "dim=1000000000000 is too large"),
    (lambda: landscape.from_function(lambda x, y: x, log_levels="yes"), TypeError, "log_levels='yes' must be True or False"),
    (lambda: landscape.from_function(lambda x, y: x, start=(1, 2, 3)), ValueError, "start=(1, 2, 3) must be 2 numbers"),
    (lambda: landscape.get("logreg_mse", n=40, noise=1e300), ValueError, "noise=1e+300 must be in [0, 1e+06]"),
    (lambda: RUN.save("x" * 300 + ".npz"), ValueError, "(304 characters): File name too long"),
    # trajectories
    (lambda: optimizers.Trajectory.load(5), TypeError, "Trajectory.load: path must be a string or Path"),
    (lambda: RUN.save("run.txt"), ValueError, "Trajectory.save: cannot write 'run.txt'"),
    (lambda: RUN.batch(0), ValueError, "Trajectory.batch: t=0 must be a whole number >= 1"),
    (lambda: RUN.batch(9), ValueError, "Trajectory.batch: t=9 is too large: at most 5 (a step from 1 to 5)"),
    (lambda: RUN.batch(1.0), TypeError, "Trajectory.batch: t=1.0 must be a whole number"),
]


@pytest.mark.parametrize("call, error, words", BAD, ids=[f"{i}:{w[:40]}" for i, (_, _, w) in enumerate(BAD)])
def test_a_bad_call_is_one_clear_error_and_no_warning(call, error, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # a warning on the way fails the test
        with pytest.raises(error) as err:
            call()
    message = str(err.value)
    assert type(err.value) is error and "\n" not in message, message
    assert words in message, message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damage", ["empty", "cut", "flipped", "foreign", "not a trajectory"])
def test_a_damaged_trajectory_file_is_one_clear_error(damage, tmp_path):
    RUN.save(tmp_path / "good.npz")
    raw = (tmp_path / "good.npz").read_bytes()
    bad = {"empty": b"", "cut": raw[: len(raw) // 2],
           "flipped": raw[:200] + bytes([raw[200] ^ 0xFF]) + raw[201:],
           "foreign": b"GIF89a" + bytes(100), "not a trajectory": None}[damage]
    path = tmp_path / "bad.npz"
    if bad is None:
        np.savez(path, x=np.zeros(3))
    else:
        path.write_bytes(bad)
    with pytest.raises(ValueError) as err:
        optimizers.Trajectory.load(path)
    assert str(err.value).startswith(f"Trajectory.load: cannot read '{path}': not a lossviz trajectory file (")
    assert "\n" not in str(err.value)


def test_numpy_numbers_in_settings_save_and_load(tmp_path):
    t = optimizers.run(BOOTH, optimizers.get("adam", lr=np.float32(0.05), beta1=np.float64(0.8)),
                       steps=3, seed=np.int64(3))
    t.save(tmp_path / "t.npz")
    u = optimizers.Trajectory.load(tmp_path / "t.npz")
    assert u.optimizer["lr"] == pytest.approx(0.05) and u.optimizer["beta1"] == 0.8 and u.seed == 3


@pytest.mark.parametrize("name", ["adam", "rmsprop", "adagrad"])
def test_eps_0_leaves_a_still_point_still(name):
    """At a minimum the gradient is 0: with eps=0 the step is 0/0, which is no step, not NaN."""
    t = optimizers.run(landscape.get("quadratic"), optimizers.get(name, eps=0.0), start=(0.0, 0.0), steps=5)
    assert t.diverged_at is None and np.all(t.params == 0.0)
    moving = optimizers.run(landscape.get("quadratic"), optimizers.get(name, eps=0.0), start=(1.0, 0.0), steps=5)
    assert moving.diverged_at is None and np.all(moving.params[:, 1] == 0.0) and moving.params[-1, 0] < 1.0


@pytest.mark.parametrize("change, words", [
    ({"surface": 5}, "its surface is not a name and settings"),
    ({"label": 5}, "its label is not text"),
    ({"diverged_at": "x"}, "its diverged_at is not a step of the run"),
    ({"params": np.zeros(6)}, "its params are not points"),
    ({"params": np.zeros((0, 2))}, "its params are not points"),
    ({"params": np.zeros((6, 2), complex)}, "its params are not points"),
    ({"loss": np.zeros(3)}, "its loss does not fit its params"),
])
def test_a_file_whose_record_is_not_a_trajectory_is_refused(change, words, tmp_path):
    """Readable, but not what save writes: refused at load, not later in a figure."""
    import json
    meta = {k: getattr(RUN, k) for k in ("optimizer", "surface", "label", "best", "stopped_early",
                                          "diverged_at", "seed")}
    arrays = {"params": RUN.params, "loss": RUN.loss, "grad_norm": RUN.grad_norm, "lr": RUN.lr}
    for k, v in change.items():
        (arrays if k in arrays else meta)[k] = v
    np.savez(tmp_path / "t.npz", meta=np.array(json.dumps(meta)), **arrays)
    with pytest.raises(ValueError, match="not a lossviz trajectory file") as err:
        optimizers.Trajectory.load(tmp_path / "t.npz")
    assert words in str(err.value)
