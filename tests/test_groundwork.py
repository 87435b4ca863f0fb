"""What every package stands on: one rule for bad values, one registry, atomic files,
one progress bar."""
from __future__ import annotations

import os
import stat
import sys

import pytest

import animations
import groundwork
import groundwork.progress
import landscape
import optimizers
from groundwork import Progress, Registry, atomic_folder, atomic_output, checks, quiet


# ---------------------------------------------------------------- one rule for errors
@pytest.mark.parametrize("make, error, words", [
    # a wrong type is a TypeError, wherever it is given
    (lambda: optimizers.get("gd", lr=True), TypeError, "gd: lr=True must be a number"),
    (lambda: optimizers.get("sgd", batch_size=True), TypeError, "sgd: batch_size=True must be a whole number"),
    (lambda: optimizers.get("minibatch", batch_size=2.0), TypeError, "batch_size=2.0 must be a whole number"),
    (lambda: optimizers.get("adam", beta1="0.9"), TypeError, "adam: beta1='0.9' must be a number"),
    (lambda: optimizers.get_schedule("step", step_size=True), TypeError, "step_size=True"),
    (lambda: optimizers.get_schedule("warmup", steps=2.5), TypeError, "warmup schedule: steps=2.5"),
    (lambda: landscape.get("quadratic", kappa=True), TypeError, "quadratic: kappa=True must be a number"),
    (lambda: landscape.get("linreg", n=True), TypeError, "linreg: n=True must be a whole number"),
    (lambda: landscape.get("mlp", dropout="half"), TypeError, "mlp: dropout='half' must be a number"),
    (lambda: optimizers.run(landscape.get("booth"), "gd", steps=True), TypeError, "run: steps=True"),
    (lambda: animations.animate(landscape.get("booth"), optimizers.run(landscape.get("booth"), "gd", steps=2),
                                fps="fast"), TypeError, "animate: fps='fast' must be a number"),
    # a value out of range is a ValueError
    (lambda: optimizers.get("gd", lr=0), ValueError, "gd: lr=0 must be > 0"),
    (lambda: optimizers.get("sgd", batch_size=0), ValueError, "sgd: batch_size=0 must be a whole number >= 1"),
    (lambda: optimizers.get("adam", beta1=1.0), ValueError, "adam: beta1=1.0 must be in [0, 1)"),
    (lambda: optimizers.get("gd", lr=float("inf")), ValueError, "gd: lr=inf must be a finite number > 0"),
    (lambda: landscape.get("quadratic", kappa=0.5), ValueError, "kappa=0.5 must be a condition number from 1"),
    (lambda: landscape.get("linreg", n=1), ValueError, "linreg: n=1 must be a whole number >= 2"),
    (lambda: optimizers.run(landscape.get("booth"), "gd", steps=0), ValueError, "run: steps=0"),
])
def test_one_rule_for_bad_values_in_every_package(make, error, words):
    with pytest.raises(error) as err:
        make()
    assert type(err.value) is error and words in str(err.value), str(err.value)


def test_checks_return_plain_values():
    import numpy as np
    assert checks.whole("x", "n", np.int64(3)) == 3 and type(checks.whole("x", "n", np.int64(3))) is int
    assert checks.positive("x", "lr", np.float32(0.5)) == 0.5
    assert checks.unit("x", "beta", 0, low_open=False) == 0.0
    with pytest.raises(ValueError, match=r"must be in \(0, 1\)"):
        checks.unit("x", "beta", 0, low_open=True)


# ---------------------------------------------------------------- one registry
@pytest.mark.parametrize("lookup, name, expected", [
    (lambda n: optimizers.get(n).name, "Adam", "adam"),
    (lambda n: optimizers.get(n).name, "MINI-BATCH", "minibatch"),
    (lambda n: optimizers.get_schedule(n).name, "Cosine", "cosine"),
    (lambda n: landscape.get(n).name, "Logreg-MSE", "logreg_mse"),
    (lambda n: landscape.get(n).name, "six hump camel", "six_hump_camel"),
    (lambda n: animations.get_theme(n).name, "Slides", "slides"),
    (lambda n: landscape.datasets.make(n, n=10).name, "Moons", "moons"),
])
def test_every_registry_forgives_case_and_separators(lookup, name, expected):
    assert lookup(name) == expected


@pytest.mark.parametrize("lookup, name, words", [
    (optimizers.get, "adma", "unknown optimizer 'adma'; did you mean 'adam'?"),
    (optimizers.get_schedule, "cosin", "unknown schedule 'cosin'; did you mean 'cosine'?"),
    (landscape.get, "rosenbrok", "unknown surface 'rosenbrok'; did you mean 'rosenbrock'?"),
    (animations.get_theme, "drak", "unknown theme 'drak'; did you mean 'dark'?"),
    (landscape.datasets.make, "spirl", "unknown data set 'spirl'; did you mean 'spiral'?"),
])
def test_every_registry_suggests_the_closest_name(lookup, name, words):
    with pytest.raises(ValueError, match=words.replace("?", r"\?")):
        lookup(name)


def test_a_registry_keeps_order_refuses_shadows_and_checks_settings():
    things = Registry("thing")

    @things.register
    class Beta:
        name = "beta"

        def __init__(self, size=1):
            self.size = size

    things.register(lambda: None, name="alpha")
    assert things.names() == ["beta", "alpha"] and "BETA" in things and len(things) == 2
    with pytest.raises(ValueError, match="would shadow 'beta'"):
        things.register(Beta, name="Be-ta")
    with pytest.raises(ValueError, match=r"thing 'beta' has no parameter 'sise'; did you mean 'size'\?"):
        things.create("beta", sise=2)
    with pytest.raises(TypeError, match="thing name must be a string"):
        things.lookup(3)
    assert things.create("Beta", size=4).size == 4


# ---------------------------------------------------------------- atomic output
@pytest.fixture
def umask_027():
    umask = os.umask              # (the test replaces os.umask to catch any use of it)
    old = umask(0o027)
    yield
    umask(old)


def test_atomic_output_gives_the_mode_of_a_plain_open_without_touching_the_umask(
        tmp_path, monkeypatch, umask_027):
    def no_umask(mask):
        raise AssertionError("atomic output changed the process-wide umask")

    monkeypatch.setattr(os, "umask", no_umask)
    target = tmp_path / "new.txt"
    with atomic_output(target) as tmp:
        tmp.write_text("x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640          # 0o666 less the umask
    old = tmp_path / "old.txt"
    old.write_text("old")
    old.chmod(0o604)
    with atomic_output(old) as tmp:
        tmp.write_text("new")
    assert old.read_text() == "new" and stat.S_IMODE(old.stat().st_mode) == 0o604
    with atomic_folder(tmp_path / "frames") as tmp:
        (tmp / "a.png").write_bytes(b"1")
    assert stat.S_IMODE((tmp_path / "frames").stat().st_mode) == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frames", "new.txt", "old.txt"]


def test_a_failure_leaves_the_old_file_and_nothing_new(tmp_path):
    target = tmp_path / "fig.png"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("disk full")
    with pytest.raises(RuntimeError):
        with atomic_folder(tmp_path / "frames") as tmp:
            (tmp / "frame_0000.png").write_bytes(b"half")
            raise RuntimeError("interrupted")
    assert [p.name for p in tmp_path.iterdir()] == ["fig.png"] and target.read_bytes() == b"old"


# ---------------------------------------------------------------- one progress bar
def test_the_progress_bar_shows_on_a_terminal_and_not_inside_quiet(monkeypatch, capsys):
    monkeypatch.setattr(groundwork.progress, "DELAY", 0.0)
    monkeypatch.setattr(groundwork.progress, "EVERY", 0.0)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with Progress(4, "frame") as bar:
        for i in range(1, 5):
            bar.update(i)
    err = capsys.readouterr().err
    assert "\rlossviz: [" in err and "frame 4/4" in err and err.endswith("\n")
    with quiet(), Progress(4, "frame") as bar:
        bar.update(4)
    assert capsys.readouterr().err == ""
    with quiet(), Progress(4, "frame", show=True) as bar:     # asked for, it shows
        bar.update(4)
    assert "frame 4/4" in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")
    with Progress(4, "frame") as bar:
        bar.update(4)
    assert capsys.readouterr().err == ""


def test_groundwork_imports_none_of_the_three_packages():
    import ast
    from pathlib import Path
    for path in Path(groundwork.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] in ("landscape", "optimizers", "animations")
                               for n in names), (path.name, names)
