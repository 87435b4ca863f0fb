"""Tests of the ``lossviz`` command line.

Most tests call ``animations.cli.main(argv, out=...)`` in-process (fast); a few run
the installed ``lossviz`` executable to prove the end-to-end behaviour: exit codes,
one-line errors, no traceback.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import landscape
import optimizers
from animations.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LOSSVIZ = shutil.which("lossviz") or str(Path(sys.executable).with_name("lossviz"))


def lossviz(argv, capsys):
    """Run the command in-process: (exit code, stdout text, stderr text)."""
    out = io.StringIO()
    capsys.readouterr()  # drop anything printed before
    code = main([str(a) for a in argv], out=out)
    captured = capsys.readouterr()
    return code, out.getvalue() + captured.out, captured.err


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- commands that work ---------------------------------------------------------------

def test_demo_writes_a_png(tmp_path, capsys):
    target = tmp_path / "demo.png"
    code, out, err = lossviz(["demo", "-o", target], capsys)
    assert code == 0, err
    assert err == ""
    assert target.read_bytes().startswith(PNG_MAGIC)
    assert f"wrote {target}" in out
    assert "diverged at step 4" in out  # the demo's too-high learning rate
    assert files_in(tmp_path) == ["demo.png"]


def test_list_shows_every_surface_and_optimizer_with_defaults(capsys):
    code, out, err = lossviz(["list"], capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()

    def line_of(name):
        found = [ln for ln in lines if re.match(rf"\s+{re.escape(name)}\s", ln + " ")]
        assert len(found) == 1, (name, found)
        return found[0]

    assert len(landscape.names()) >= 10
    for name in landscape.names():
        ln = line_of(name)
        for key, default in landscape.parameters(name).items():
            assert f"{key}={default}" in ln, (name, key, ln)
    assert optimizers.names()[:3] == ["gd", "sgd", "minibatch"]
    for name in optimizers.names():
        ln = line_of(name)
        hyper = optimizers.hyperparameters(name)
        assert "lr" in hyper
        for key, default in hyper.items():
            assert f"{key}={default}" in ln, (name, key, ln)
    assert "beta2=0.999" in line_of("adam") and "momentum=0.9" in line_of("momentum")
    for schedule in ("constant", "step", "exponential", "cosine", "warmup"):
        line_of(schedule)
    assert re.search(r"paper.*slides.*dark", out)


def test_list_lists_quadratic_parameters(capsys):
    code, out, _ = lossviz(["list"], capsys)
    assert code == 0
    (quad,) = [ln for ln in out.splitlines() if ln.strip().startswith("quadratic ")]
    assert "kappa=" in quad and "angle=" in quad


def test_no_command_prints_help(capsys):
    code, out, err = lossviz([], capsys)
    assert code == 0 and err == ""
    assert "plot" in out and "demo" in out and "list" in out


FULL_PLOT = ["plot", "rosenbrock", "--opt", "adam:lr=0.05", "--opt", "momentum:lr=1e-3,momentum=0.9",
             "--start", "-1.5,2", "--steps", "30", "--theme", "slides", "--loss-panel",
             "--seed", "0"]


def test_plot_with_everything(tmp_path, capsys):
    target = tmp_path / "f.png"
    code, out, err = lossviz(FULL_PLOT + ["-o", target], capsys)
    assert code == 0, err
    assert err == ""
    w, h = Image.open(target).size
    assert w / h == pytest.approx(16 / 9, rel=0.01) and h == 1080
    assert "Adam (lr=0.05)" in out and "Momentum (lr=0.001)" in out
    # negative start written with a space: both runs start at (-1.5, 2) and take 30 steps
    assert re.search(r"Adam \(lr=0\.05\)\s+30 steps", out)
    assert files_in(tmp_path) == ["f.png"]


def test_plot_slides_is_1920x1080(tmp_path, capsys):
    target = tmp_path / "f.png"
    code, _, err = lossviz(FULL_PLOT + ["-o", target], capsys)
    assert code == 0, err
    assert Image.open(target).size == (1920, 1080)


def test_start_with_equals_sign_is_the_same_as_with_a_space(tmp_path, capsys):
    base = ["plot", "rosenbrock", "--opt", "gd:lr=1e-3", "--steps", "5"]
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    code_a, out_a, _ = lossviz(base + ["--start", "-1.5,2", "-o", a], capsys)
    code_b, out_b, _ = lossviz(base + ["--start=-1.5,2", "-o", b], capsys)
    assert code_a == code_b == 0
    assert out_a.replace(str(a), "X") == out_b.replace(str(b), "X")
    assert a.read_bytes() == b.read_bytes()


def test_view_3d(tmp_path, capsys):
    target = tmp_path / "bowl.png"
    code, out, err = lossviz(["plot", "quadratic:kappa=10,angle=30", "--opt", "gd:lr=0.15",
                              "--opt", "gd:lr=0.21", "--view", "3d", "--steps", "20",
                              "-o", target], capsys)
    assert code == 0, err
    assert target.read_bytes().startswith(PNG_MAGIC)
    assert "GD (lr=0.15)" in out and "GD (lr=0.21)" in out


def test_surface_parameters_are_used(tmp_path, capsys):
    """quadratic:kappa=10: GD with lr=0.21 > 2/kappa must blow up; lr=0.15 must not."""
    code, out, err = lossviz(["plot", "quadratic:kappa=10,angle=30", "--opt", "gd:lr=0.15",
                              "--opt", "gd:lr=0.21", "--steps", "200", "--start", "1,1",
                              "-o", tmp_path / "q.svg"], capsys)
    assert code == 0, err
    assert (tmp_path / "q.svg").read_bytes().lstrip().startswith(b"<?xml")
    stable, unstable = [ln for ln in out.splitlines() if ln.strip().startswith("GD")]
    assert "diverged" not in stable
    assert "diverged at step" in unstable
    code, out, _ = lossviz(["plot", "quadratic:kappa=1", "--opt", "gd:lr=0.21", "--steps", "200",
                            "--start", "1,1", "-o", tmp_path / "q1.pdf"], capsys)
    assert code == 0 and "diverged" not in out
    assert (tmp_path / "q1.pdf").read_bytes().startswith(b"%PDF-")


def test_schedule_and_bounds(tmp_path, capsys):
    target = tmp_path / "h.png"
    code, out, err = lossviz(["plot", "himmelblau", "--opt", "adam:lr=0.1", "--schedule",
                              "step:step_size=5,gamma=0.5", "--bounds", "-5,5,-5,5",
                              "--steps", "20", "-o", target], capsys)
    assert code == 0, err
    assert target.exists()


def test_diverging_run_exits_0_and_says_so(tmp_path, capsys):
    code, out, err = lossviz(["plot", "rosenbrock", "--opt", "gd:lr=0.01", "--start", "-1.5,2",
                              "--steps", "30", "-o", tmp_path / "d.png"], capsys)
    assert code == 0
    assert err == ""
    assert "diverged at step 4" in out
    assert (tmp_path / "d.png").exists()


def test_same_command_twice_gives_the_same_bytes(tmp_path, capsys):
    outs = []
    for name in ("a.png", "b.png"):
        code, _, err = lossviz(["plot", "himmelblau", "--opt", "adam:lr=0.1", "--opt",
                                "momentum:lr=0.01", "--steps", "40", "--loss-panel",
                                "-o", tmp_path / name], capsys)
        assert code == 0, err
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


# -- bad input: one line, exit code 2, nothing written ------------------------------------

# (argv, substrings the one-line message must contain); "{out}" is a fresh target file,
# appended as "-o {out}" unless the case gives its own -o.
BAD = [
    (["plott", "rosenbrock"], ["unknown command 'plott'", "did you mean 'plot'"]),
    (["frobnicate"], ["unknown command 'frobnicate'"]),
    (["plot", "rosenbrok"], ["unknown surface 'rosenbrok'", "did you mean 'rosenbrock'"]),
    (["plot", "rosenbrock:c=3"], ["rosenbrock", "no parameter 'c'"]),
    (["plot", "quadratic:kappa=0.5"], ["kappa=0.5"]),
    (["plot", "quadratic:kappa=abc"], ["kappa=", "abc"]),
    (["plot", "quadratic:angle=nan"], ["angle=nan"]),
    (["plot", "rosenbrock:b=0"], ["b=0"]),
    (["plot", "rosenbrock", "--opt", "adamm"], ["unknown optimizer 'adamm'", "did you mean 'adam'"]),
    (["plot", "rosenbrock", "--opt", "adam:betta1=0.8"], ["'betta1'", "did you mean 'beta1'"]),
    (["plot", "rosenbrock", "--opt", "adam:lr=0"], ["adam", "lr=0"]),
    (["plot", "rosenbrock", "--opt", "gd:lr=-1"], ["lr=-1"]),
    (["plot", "rosenbrock", "--opt", "gd:lr=abc"], ["lr=", "abc"]),
    (["plot", "rosenbrock", "--opt", "gd:lr=nan"], ["lr=nan"]),
    (["plot", "rosenbrock", "--opt", "gd:lr=true"], ["lr=True"]),
    (["plot", "rosenbrock", "--opt", "adam:beta1=1"], ["beta1=1"]),
    (["plot", "rosenbrock", "--opt", "adam:beta2=-0.1"], ["beta2=-0.1"]),
    (["plot", "rosenbrock", "--opt", "momentum:momentum=1.5"], ["momentum=1.5"]),
    (["plot", "rosenbrock", "--opt", "nesterov:momentum=0"], ["nesterov", "momentum=0"]),
    (["plot", "rosenbrock", "--opt", "rmsprop:alpha=1"], ["rmsprop", "alpha=1"]),
    (["plot", "rosenbrock", "--opt", "adam:eps=-1"], ["eps=-1"]),
    (["plot", "rosenbrock", "--opt", "adagrad:eps=-1"], ["adagrad", "eps=-1"]),
    (["plot", "rosenbrock", "--opt", "gd:batch_size=0"], ["batch_size=0"]),
    (["plot", "rosenbrock", "--opt", "sgd"], ["sgd", "analytic"]),
    (["plot", "rosenbrock", "--opt", "minibatch:lr=0.01"], ["minibatch", "analytic"]),
    (["plot", "rosenbrock", "--start", "1,2,3"], ["--start", "1,2,3"]),
    (["plot", "rosenbrock", "--start", "a,b"], ["--start", "a,b"]),
    (["plot", "rosenbrock", "--start", "nan,1"], ["start", "nan"]),
    (["plot", "rosenbrock", "--steps", "0"], ["--steps", "0"]),
    (["plot", "rosenbrock", "--steps", "abc"], ["--steps", "abc"]),
    (["plot", "rosenbrock", "--steps", "1.5"], ["--steps", "1.5"]),
    (["plot", "rosenbrock", "--steps", "5", "--epochs", "2"], ["--steps", "--epochs"]),
    (["plot", "rosenbrock", "--epochs", "2"], ["epochs=2", "analytic"]),
    (["plot", "rosenbrock", "--seed", "-1"], ["--seed", "-1"]),
    (["plot", "rosenbrock", "--theme", "slidez"], ["unknown theme 'slidez'", "did you mean 'slides'"]),
    (["demo", "--theme", "darkk"], ["unknown theme 'darkk'", "did you mean 'dark'"]),
    (["plot", "rosenbrock", "--view", "4d"], ["--view", "4d"]),
    (["plot", "rosenbrock", "--schedule", "cosin"], ["unknown schedule 'cosin'", "did you mean 'cosine'"]),
    (["plot", "rosenbrock", "--schedule", "step:gamma=2"], ["step", "gamma=2"]),
    (["plot", "rosenbrock", "--schedule", "step:foo=2"], ["step", "'foo'"]),
    (["plot", "rosenbrock", "--schedule", "warmup:steps=0"], ["warmup", "steps=0"]),
    (["plot", "rosenbrock", "--bounds", "1,0,0,1"], ["--bounds", "1,0,0,1"]),
    (["plot", "rosenbrock", "--bounds", "0,1,0"], ["--bounds", "0,1,0"]),
    (["plot", "rosenbrock", "--bounds", "-2,2,-1"], ["--bounds", "-2,2,-1"]),
    (["plot", "rosenbrock", "-o", "{dir}/fig.jpg"], ["'.jpg'"]),
    (["plot", "rosenbrock", "-o", "{dir}/fig"], ["extension", "(none)"]),
    (["plot", "rosenbrock", "-o", "{dir}/missing/fig.png"], ["missing", "does not exist"]),
    (["demo", "-o", "{dir}/demo.gif"], ["'.gif'"]),
    (["plot", "rosenbrock", "--opt", "adam:lr"], ["adam:lr", "'lr'", "key=value"]),
    (["plot", "rosenbrock", "--opt", "adam:lr=0.1,lr=0.2"], ["'lr' is given twice"]),
    (["plot", "rosenbrock", "--opt", ":lr=0.1"], ["':lr=0.1'", "name"]),
    (["plot"], ["surface"]),
    (["plot", "rosenbrock", "--frob"], ["--frob"]),
    (["list", "extra"], ["extra"]),
]


def _argv(case, folder: Path, target: Path):
    argv = [a.replace("{dir}", str(folder)) for a in case]
    if "-o" not in argv:
        argv += ["-o", str(target)]
    return argv


def _check_one_line_error(code, out, err, expected):
    assert code == 2, (code, err)
    assert "Traceback" not in err and "Traceback" not in out
    assert err.endswith("\n")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("lossviz: error: "), err
    for text in expected:
        assert text in lines[0], (text, lines[0])


def test_at_least_30_distinct_bad_inputs():
    assert len({tuple(a) for a, _ in BAD}) == len(BAD) >= 30


@pytest.mark.parametrize("case, expected", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(case, expected, tmp_path, capsys):
    target = tmp_path / "out.png"
    code, out, err = lossviz(_argv(case, tmp_path, target), capsys)
    _check_one_line_error(code, out, err, expected)
    assert out == ""
    assert files_in(tmp_path) == []  # no figure, no temporary file


@pytest.mark.parametrize("case, expected", [
    (["plot", "rosenbrock", "--opt", "gd:lr=0"], ["lr=0"]),
    (["plot", "rosenbrok"], ["did you mean 'rosenbrock'"]),
    (["plot", "rosenbrock", "--view", "4d"], ["4d"]),
    (["plot", "rosenbrock", "--steps", "5", "--epochs", "2"], ["--epochs"]),
    (["plot", "rosenbrock", "--opt", "sgd"], ["analytic"]),
    (["demo", "--theme", "darkk"], ["darkk"]),
])
def test_bad_input_leaves_an_existing_file_alone(case, expected, tmp_path, capsys):
    target = tmp_path / "out.png"
    target.write_bytes(b"yesterday's figure")
    code, out, err = lossviz(_argv(case, tmp_path, target), capsys)
    _check_one_line_error(code, out, err, expected)
    assert target.read_bytes() == b"yesterday's figure"
    assert files_in(tmp_path) == ["out.png"]


def test_output_into_a_folder_that_is_a_file_name(tmp_path, capsys):
    (tmp_path / "fig.png").mkdir()
    code, out, err = lossviz(["plot", "rosenbrock", "-o", tmp_path / "fig.png"], capsys)
    _check_one_line_error(code, out, err, ["fig.png", "folder"])
    assert (tmp_path / "fig.png").is_dir() and list((tmp_path / "fig.png").iterdir()) == []


def test_unwritable_folder(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running with privileges that can write into a 0o555 folder (root)")
        code, out, err = lossviz(["plot", "rosenbrock", "--steps", "5",
                                  "-o", folder / "fig.png"], capsys)
        _check_one_line_error(code, out, err, ["locked", "not writable"])
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_infinite_bounds_are_a_clear_error(tmp_path, capsys):
    code, out, err = lossviz(["plot", "rosenbrock", "--bounds", "0,inf,0,1", "--steps", "5",
                              "-o", tmp_path / "x.png"], capsys)
    _check_one_line_error(code, out, err, ["--bounds", "inf"])
    assert files_in(tmp_path) == []


# -- the installed executable, end to end ------------------------------------------------

def _exe(args, cwd):
    return subprocess.run([LOSSVIZ, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "LOSSVIZ_DEBUG": ""})


@pytest.mark.parametrize("args, expected", [
    (["plot", "rosenbrok"], "did you mean 'rosenbrock'"),
    (["plot", "rosenbrock", "--opt", "adam:beta1=1", "--start", "-1.5,2"], "beta1=1"),
    (["nope"], "unknown command 'nope'"),
])
def test_executable_bad_input(args, expected, tmp_path):
    assert Path(LOSSVIZ).exists(), LOSSVIZ
    target = tmp_path / "fig.png"
    res = _exe([*args, "-o", target], cwd=tmp_path)
    _check_one_line_error(res.returncode, res.stdout, res.stderr, [expected])
    assert res.stdout == ""
    assert files_in(tmp_path) == []


def test_executable_same_command_twice_same_bytes(tmp_path):
    args = ["plot", "rosenbrock", "--opt", "gd:lr=0.01", "--opt", "adam:lr=0.05", "--start",
            "-1.5,2", "--steps", "30"]
    a = _exe([*args, "-o", "a.png"], cwd=tmp_path)
    b = _exe([*args, "-o", "b.png"], cwd=tmp_path)
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    assert a.stderr == b.stderr == ""
    assert "diverged at step 4" in a.stdout
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert files_in(tmp_path) == ["a.png", "b.png"]
