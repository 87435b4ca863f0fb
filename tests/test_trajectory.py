"""Tests of Trajectory: .npz round trip, CSV export, atomic and safe writing."""
from __future__ import annotations

import csv
import dataclasses
import json
import math
import os
import stat

import numpy as np
import pytest

import landscape
import optimizers
from toys import ToyLinReg
from optimizers import Trajectory

def _plain():
    return optimizers.run(landscape.get("rosenbrock"), optimizers.get("adam", lr=0.02, beta1=0.8),
                          start=(-1.2, 1.0), steps=40)


def _diverged():
    t = optimizers.run(landscape.get("rosenbrock"), optimizers.get("gd", lr=0.01),
                       start=(-1.5, 2.0), steps=100)
    assert t.diverged_at is not None
    return t


def _population():
    t = optimizers.run(landscape.get("saddle"), optimizers.get("gd", lr=0.1),
                       start=[(-1.8, 0.01), (-1.8, 0.0), (1.0, 0.0)], steps=120)
    assert t.diverged_at[0] is not None and t.diverged_at[1] is None
    assert np.isnan(t.params).any()
    return t


def _minibatch():
    train, val = ToyLinReg(seed=1), ToyLinReg(seed=2)
    return optimizers.run(train, optimizers.get("minibatch", lr=0.1, batch_size=7), epochs=3,
                          seed=4, validation=val, schedule=optimizers.schedules.Exponential(0.9))


def _scheduled():
    return optimizers.run(landscape.get("quadratic", kappa=4), optimizers.get("momentum", lr=0.05),
                          start=[(1.0, 1.0), (-1.0, 0.5)], steps=15,
                          schedule=optimizers.get_schedule("cosine", lr_min=1e-3))


MAKERS = {"plain": _plain, "diverged": _diverged, "population": _population,
          "minibatch": _minibatch, "scheduled": _scheduled}


def _assert_same(a: Trajectory, b: Trajectory):
    """Every field of the dataclass (a field added later is compared too)."""
    for field in dataclasses.fields(Trajectory):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if isinstance(x, np.ndarray):
            assert isinstance(y, np.ndarray) and y.shape == x.shape, field.name
            assert np.array_equal(x, y, equal_nan=True), field.name
        else:
            assert _plain_json(x) == _plain_json(y), (field.name, x, y)
            assert type(x) is type(y) or isinstance(x, dict), field.name
    assert a.population == b.population and a.steps == b.steps and a.diverged == b.diverged


def _plain_json(value):
    """A value as JSON keeps it (tuples read back as lists)."""
    return json.loads(json.dumps(value))


def test_every_field_survives_the_round_trip_with_a_value_of_its_own(tmp_path):
    """A run whose every field differs from its default: a field lost on save (or one
    loaded back as its default) fails here."""
    s = landscape.get("linreg", n=30, noise=0.8, seed=4, n_val=20)
    t = optimizers.run(s, optimizers.get("minibatch", lr=0.05, batch_size=7), epochs=60, seed=3,
                       validation=s.validation(), patience=2,
                       schedule=optimizers.get_schedule("step", step_size=10, gamma=0.9))
    t = dataclasses.replace(t, diverged_at=7,              # (stopping and diverging exclude each other)
                            step=np.arange(len(t.params)) * 2)  # (as if every other step were kept)
    t = t.styled("too small", colour="#E69F00", linestyle=":")
    assert t.stopped_early and t.best is not None and t.order is not None
    for field in dataclasses.fields(Trajectory):
        value, default = getattr(t, field.name), field.default
        assert default is dataclasses.MISSING or (value is not None if default is None
                                                  else value != default), field.name
    assert t.surface == {"name": "linreg", "n": 30, "noise": 0.8, "seed": 4, "scale": "standard",
                         "n_val": 20, "part": "train", "missing": 0.0, "impute": "mean"}
    assert t.schedule == {"name": "step", "step_size": 10, "gamma": 0.9} and t.batch_size == 7
    t.save(tmp_path / "t.npz")
    u = Trajectory.load(tmp_path / "t.npz")
    _assert_same(t, u)
    again = landscape.get(**u.surface)                       # the surface, made again
    np.testing.assert_array_equal(again.x, s.x)
    assert [len(u.batch(k)) for k in range(1, 6)] == [7, 7, 7, 7, 2]


def test_a_file_from_before_the_whole_surface_was_recorded_still_loads(tmp_path):
    """Files written by lossviz 0.1 hold the surface's name alone and no schedule or batches."""
    path = tmp_path / "old.npz"
    meta = {"optimizer": {"name": "gd", "lr": 0.1, "batch_size": None}, "surface": "rosenbrock",
            "label": "GD (lr=0.1)", "best": None, "stopped_early": False, "diverged_at": None,
            "seed": 0}
    np.savez(path, meta=np.array(json.dumps(meta)), params=np.zeros((3, 2)), loss=np.ones(3),
             grad_norm=np.ones(3), lr=np.array([np.nan, 0.1, 0.1]))
    t = Trajectory.load(path)
    assert t.surface == {"name": "rosenbrock"} and t.schedule is None and t.batch_size is None
    assert t.order is None and t.steps == 2 and t.label == "GD (lr=0.1)"


# ---------------------------------------------------------------------------------
# .npz
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(MAKERS))
def test_npz_round_trip(kind, tmp_path):
    t = MAKERS[kind]()
    path = tmp_path / f"{kind}.npz"
    t.save(path)
    assert path.is_file()
    u = Trajectory.load(path)
    _assert_same(t, u)
    assert sorted(os.listdir(tmp_path)) == [f"{kind}.npz"]   # no temporary file left
    # str paths work as well, and a second save overwrites
    t.save(str(path))
    _assert_same(t, Trajectory.load(str(path)))


def test_round_trip_population_diverged_at_is_tuple(tmp_path):
    t = _population()
    t.save(tmp_path / "p.npz")
    u = Trajectory.load(tmp_path / "p.npz")
    assert isinstance(u.diverged_at, tuple)
    assert u.diverged_at == t.diverged_at
    assert u.diverged_at[1] is None


def test_load_bad_files(tmp_path):
    with pytest.raises(ValueError, match="Trajectory.load: cannot read"):
        Trajectory.load(tmp_path / "missing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip file at all")
    with pytest.raises(ValueError, match="Trajectory.load: cannot read"):
        Trajectory.load(junk)
    other = tmp_path / "other.npz"
    np.savez(other, a=np.zeros(3))
    with pytest.raises(ValueError, match="cannot read"):
        Trajectory.load(other)


# ---------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------
def _float(text):
    return math.nan if text == "nan" else float(text)


@pytest.mark.parametrize("kind", ["plain", "diverged", "population", "minibatch"])
def test_csv(kind, tmp_path):
    t = MAKERS[kind]()
    path = tmp_path / f"{kind}.csv"
    t.to_csv(path)
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    expected = ["step", "start", "epoch", "samples", "lr", "loss", "grad_norm", "p0", "p1"]
    if t.val_loss is not None:
        expected.append("val_loss")
    assert header == expected
    K = t.params.shape[1] if t.population else 1
    assert len(body) == len(t.params) * K
    col = {name: i for i, name in enumerate(header)}
    params = t.params if t.population else t.params[:, None]
    loss = t.loss if t.population else t.loss[:, None]
    gn = t.grad_norm if t.population else t.grad_norm[:, None]
    seen = set()
    for row in body:
        assert len(row) == len(header)
        step, k = int(row[col["step"]]), int(row[col["start"]])
        seen.add((step, k))
        if t.epoch is None:
            assert row[col["epoch"]] == "" and row[col["samples"]] == ""
        else:
            assert float(row[col["epoch"]]) == t.epoch[step]
            assert int(row[col["samples"]]) == t.samples[step]
        for name, want in (("lr", t.lr[step]), ("loss", loss[step, k]), ("grad_norm", gn[step, k]),
                           ("p0", params[step, k, 0]), ("p1", params[step, k, 1])):
            got = _float(row[col[name]])
            assert got == want or (math.isnan(got) and math.isnan(want)), (name, step, k, got, want)
        if t.val_loss is not None:
            assert float(row[col["val_loss"]]) == t.val_loss[step]
    assert seen == {(s, k) for s in range(len(t.params)) for k in range(K)}
    # row 0 carries lr NaN
    assert body[0][col["lr"]] == "nan"
    assert sorted(os.listdir(tmp_path)) == [f"{kind}.csv"]


def test_csv_population_with_validation(tmp_path):
    train, val = ToyLinReg(seed=1), ToyLinReg(seed=2)
    t = optimizers.run(train, optimizers.get("gd", lr=0.1), start=[(0.0, 0.0), (1.0, 1.0)], steps=5,
                       validation=val)
    assert t.val_loss.shape == (6, 2)
    t.to_csv(tmp_path / "pv.csv")
    with open(tmp_path / "pv.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 12
    for r in rows:
        assert float(r["val_loss"]) == t.val_loss[int(r["step"]), int(r["start"])]


def test_npz_population_with_validation(tmp_path):
    train, val = ToyLinReg(seed=1), ToyLinReg(seed=2)
    t = optimizers.run(train, optimizers.get("gd", lr=0.1), start=[(0.0, 0.0), (1.0, 1.0)], steps=5,
                       validation=val)
    t.save(tmp_path / "pv.npz")
    _assert_same(t, Trajectory.load(tmp_path / "pv.npz"))


def test_csv_step_order(tmp_path):
    t = _plain()
    t.to_csv(tmp_path / "t.csv")
    with open(tmp_path / "t.csv", newline="") as fh:
        steps = [int(r["step"]) for r in csv.DictReader(fh)]
    assert steps == list(range(41))


# ---------------------------------------------------------------------------------
# safe writing
# ---------------------------------------------------------------------------------
@pytest.mark.parametrize("method,suffix", [("save", ".npz"), ("to_csv", ".csv")])
def test_missing_folder(method, suffix, tmp_path):
    t = _plain()
    target = tmp_path / "no" / "such" / f"t{suffix}"
    with pytest.raises(ValueError, match=r"folder .* does not exist"):
        getattr(t, method)(target)
    assert not (tmp_path / "no").exists()
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("method,bad", [("save", "t.txt"), ("save", "t.csv"), ("save", "t"),
                                        ("to_csv", "t.npz"), ("to_csv", "t.json")])
def test_wrong_extension(method, bad, tmp_path):
    t = _plain()
    with pytest.raises(ValueError, match="unknown extension"):
        getattr(t, method)(tmp_path / bad)
    assert os.listdir(tmp_path) == []


def test_target_is_a_folder(tmp_path):
    (tmp_path / "d.npz").mkdir()
    with pytest.raises(ValueError, match="it is a folder"):
        _plain().save(tmp_path / "d.npz")
    assert (tmp_path / "d.npz").is_dir()


def test_non_path(tmp_path):
    with pytest.raises(TypeError, match="path must be a string or Path"):
        _plain().save(42)


def test_failed_save_keeps_old_file(tmp_path, monkeypatch):
    old = _diverged()
    path = tmp_path / "t.npz"
    old.save(path)
    before = path.read_bytes()

    def broken_savez(fh, *args, **kwargs):
        fh.write(b"PK\x03\x04 half a zip file")   # some bytes reach the temporary file ...
        raise OSError("disk full")                 # ... then the write fails

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        _plain().save(path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["t.npz"]
    _assert_same(old, Trajectory.load(path))


def test_failed_save_leaves_nothing_new(tmp_path, monkeypatch):
    def broken_savez(fh, *args, **kwargs):
        fh.write(b"partial")
        raise RuntimeError("interrupted")

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(RuntimeError):
        _plain().save(tmp_path / "new.npz")
    assert os.listdir(tmp_path) == []


def test_failed_csv_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_text("old contents\n")
    real_writer = csv.writer

    class Failing:
        def __init__(self, fh):
            self.inner, self.n = real_writer(fh), 0

        def writerow(self, row):
            self.n += 1
            if self.n > 5:
                raise OSError("disk full")
            return self.inner.writerow(row)

    monkeypatch.setattr(csv, "writer", Failing)
    with pytest.raises(OSError, match="disk full"):
        _plain().to_csv(path)
    monkeypatch.undo()
    assert path.read_text() == "old contents\n"
    assert sorted(os.listdir(tmp_path)) == ["t.csv"]


@pytest.mark.parametrize("method,suffix", [("save", ".npz"), ("to_csv", ".csv")])
def test_written_files_get_normal_permissions(method, suffix, tmp_path):
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / f"fresh{suffix}"
        getattr(_plain(), method)(fresh)
        existing = tmp_path / f"existing{suffix}"
        existing.write_bytes(b"x")
        os.chmod(existing, 0o644)
        getattr(_plain(), method)(existing)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert stat.S_IMODE(existing.stat().st_mode) == 0o644


# ---------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------
def test_properties():
    t = _plain()
    assert t.steps == 40 and t.dim == 2 and not t.population and not t.diverged
    assert "Adam" in repr(t) and "rosenbrock" in repr(t) and "40 steps" in repr(t)
    p = _population()
    assert p.population and p.diverged and p.dim == 2
    assert p.final.shape == (3, 2)


def test_a_saved_run_draws_the_same_figure_again(tmp_path):
    """The file carries the whole surface: loaded, it re-renders the figure byte for byte."""
    import animations
    s = landscape.get("quadratic", kappa=5, angle=20)
    t = optimizers.run(s, optimizers.get("momentum", lr=0.05), start=(1.5, -1.0), steps=30,
                       schedule=optimizers.get_schedule("cosine"))
    t.save(tmp_path / "t.npz")
    u = Trajectory.load(tmp_path / "t.npz")
    animations.plot(s, [t], out=tmp_path / "a.png", resolution=40)
    animations.plot(landscape.get(**u.surface), [u], out=tmp_path / "b.png", resolution=40)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert u.schedule == {"name": "cosine", "lr_min": 0.0}
