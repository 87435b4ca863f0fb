"""The ``lossviz`` command as a whole: list and help, and bad input on every command
(one line, exit code 2, nothing written, an existing file left alone), in-process and
through the installed executable.

What each option does is tested per command group: test_cli_surface.py (demo, plot,
animate), test_cli_data.py (batch, fan, scaling, losses, earlystop), test_cli_net.py.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import landscape
import optimizers
from clitools import files, lossviz, lossviz_main, one_line_error

LOSSVIZ = shutil.which("lossviz") or str(Path(sys.executable).with_name("lossviz"))
BIG = "1" + "0" * 400          # an integer no float holds


# ---------------------------------------------------------------- list and help
def test_list_shows_every_surface_optimizer_schedule_and_theme(tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys, "list")
    assert code == 0 and err == ""
    lines = out.splitlines()

    def line_of(name):
        found = [ln for ln in lines if re.match(rf"\s+{re.escape(name)}\s", ln + " ")]
        assert len(found) == 1, (name, found)
        return found[0]

    assert len(landscape.names()) >= 20
    for name in landscape.names():
        ln = line_of(name)
        for key, default in landscape.parameters(name).items():
            assert f"{key}={default}" in ln, (name, key, ln)
    for name in optimizers.names():
        ln = line_of(name)
        for key, default in optimizers.hyperparameters(name).items():
            assert f"{key}={default}" in ln, (name, key, ln)
    assert "beta2=0.999" in line_of("adam") and "momentum=0.9" in line_of("momentum")
    assert "kappa=10.0" in line_of("quadratic") and "angle=0.0" in line_of("quadratic")
    for schedule, params in (("constant", ""), ("step", "step_size=100, gamma=0.1"),
                             ("exponential", "gamma=0.99"), ("cosine", "lr_min=0.0"),
                             ("warmup", "steps=10")):
        assert params in line_of(schedule)
    for data, noise in (("linear", 0.5), ("sine", 0.1), ("blobs", 1.0), ("moons", 0.1),
                        ("circles", 0.05), ("xor", 0.1), ("spiral", 0.1)):
        assert f"noise={noise}" in line_of(data)
    assert lines[-1] == "Themes (--theme): paper, slides, dark"


def test_no_command_prints_help_and_writes_nothing(tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys)
    assert code == 0 and err == "" and files(tmp_path) == []
    for command in ("list", "demo", "plot", "animate", "batch", "fan", "scaling", "losses",
                    "earlystop", "net"):
        assert command in out


@pytest.mark.parametrize("command, defaults", [
    ("batch", "Without --opt: --opt gd:lr=0.1 --opt minibatch:lr=0.1,batch_size=16 --opt "
              "sgd:lr=0.05. Without --steps or --epochs: --epochs 10."),
    ("earlystop", "Without --opt: --opt gd:lr=0.1. Without --steps or --epochs: --epochs 100."),
])
def test_the_help_of_a_data_command_states_its_defaults(command, defaults, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        lossviz_main(tmp_path, capsys, command, "--help")
    assert stop.value.code == 0
    assert defaults in " ".join(capsys.readouterr().out.split())


def test_start_with_equals_sign_is_the_same_as_with_a_space(tmp_path):
    base = ["plot", "rosenbrock", "--opt", "gd:lr=1e-3", "--steps", "5"]
    a = lossviz(tmp_path, *base, "--start", "-1.5,2", "--bounds", "-2,2,-1,3", "-o", "a.png")
    b = lossviz(tmp_path, *base, "--start=-1.5,2", "--bounds=-2,2,-1,3", "-o", "b.png")
    assert tuple(a.runs[0].params[0]) == tuple(b.runs[0].params[0]) == (-1.5, 2.0)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_none_is_none_where_the_default_is_none_and_a_word_elsewhere(tmp_path):
    done = lossviz(tmp_path, "plot", "linreg:n=40,scale=none", "--opt", "gd:lr=0.001,batch_size=none",
                   "--steps", "3", "-o", "p.png")
    (t,) = done.runs
    assert t.surface["scale"] == "none" and t.optimizer["batch_size"] is None and t.batch_size == 40


def test_a_diverging_run_is_reported_not_raised(tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys, "plot", "rosenbrock", "--opt", "gd:lr=0.01",
                                  "--start", "-1.5,2", "--steps", "30", "-o", "d.png")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "wrote d.png" and "diverged at step 4" in out


# ---------------------------------------------------------------- bad input
# (argv, words the one line must hold); "-o out.png" is added unless the case has its -o
BAD = [
    # the command itself, and argparse
    (["plott", "rosenbrock"], ["unknown command 'plott'", "did you mean 'plot'"]),
    (["frobnicate"], ["unknown command 'frobnicate'"]),
    (["fan", "linreg", "--opt", "gd:lr=0.1"], ["fan: --opt gd:lr=0.1 uses every sample at every step",
                                               "each seed gives the same run"]),
    (["fan", "linreg:n=50", "--opt", "minibatch:batch_size=50"], ["batch_size below 50"]),
    (["plot"], ["surface"]),
    (["plot", "rosenbrock", "--frob"], ["--frob"]),
    (["list", "extra"], ["extra"]),
    # surfaces
    (["plot", "rosenbrok"], ["unknown surface 'rosenbrok'", "did you mean 'rosenbrock'"]),
    (["plot", "rosenbrock:c=3"], ["'rosenbrock' has no parameter 'c'", "its parameters: a, b"]),
    (["plot", "quadratic:kappa=0.5"], ["quadratic: kappa=0.5", "condition number from 1 to 1e10"]),
    (["plot", "quadratic:kappa=abc"], ["kappa='abc' must be a number"]),
    (["plot", "quadratic:angle=nan"], ["angle=nan"]),
    (["plot", "rosenbrock:b=0"], ["b=0 must be > 0"]),
    (["plot", "logreg:noise=-0.5"], ["logreg: noise=-0.5 must be in [0, 1e+06]"]),
    (["batch", "linreg:noise=-1"], ["linreg: noise=-1 must be in [0, 1e+06]"]),
    # optimizers
    (["plot", "rosenbrock", "--opt", "adamm"], ["unknown optimizer 'adamm'", "did you mean 'adam'"]),
    (["plot", "rosenbrock", "--opt", "adam:betta1=0.8"], ["'betta1'", "did you mean 'beta1'"]),
    (["plot", "rosenbrock", "--opt", "adam:lr=0"], ["adam: lr=0 must be > 0"]),
    (["plot", "rosenbrock", "--opt", "gd:lr=-1"], ["lr=-1"]),
    (["plot", "rosenbrock", "--opt", "gd:lr=abc"], ["lr='abc' must be a number"]),
    (["plot", "rosenbrock", "--opt", "gd:lr=nan"], ["lr=nan"]),
    (["plot", "rosenbrock", "--opt", "gd:lr=true"], ["lr=True must be a number"]),
    (["plot", "rosenbrock", "--opt", "adam:beta1=1"], ["beta1=1 must be in [0, 1)"]),
    (["plot", "rosenbrock", "--opt", "adam:beta2=-0.1"], ["beta2=-0.1"]),
    (["plot", "rosenbrock", "--opt", "momentum:momentum=1.5"], ["momentum=1.5"]),
    (["plot", "rosenbrock", "--opt", "nesterov:momentum=0"], ["nesterov", "momentum=0"]),
    (["plot", "rosenbrock", "--opt", "rmsprop:alpha=1"], ["rmsprop", "alpha=1"]),
    (["plot", "rosenbrock", "--opt", "adagrad:eps=-1"], ["adagrad", "eps=-1"]),
    (["plot", "rosenbrock", "--opt", "gd:batch_size=0"], ["batch_size=0"]),
    (["plot", "rosenbrock", "--opt", "gd:batch_size=true"], ["batch_size=True must be a whole number"]),
    (["plot", "rosenbrock", "--opt", "sgd"], ["sgd", "analytic"]),
    (["plot", "rosenbrock", "--opt", "adam:lr"], ["adam:lr", "'lr'", "key=value"]),
    (["plot", "rosenbrock", "--opt", "adam:lr=0.1,lr=0.2"], ["'lr' is given twice"]),
    (["plot", "rosenbrock", "--opt", ":lr=0.1"], ["':lr=0.1'", "name"]),
    (["batch", "linreg:n=50", "--opt", "minibatch:batch_size=51"],
     ["batch_size=51 is larger than the data (50 samples)"]),
    # run options
    (["plot", "rosenbrock", "--start", "1,2,3"], ["--start '1,2,3' has 3 numbers"]),
    (["plot", "rosenbrock", "--start", "a,b"], ["--start 'a,b' must be numbers"]),
    (["plot", "rosenbrock", "--start", "nan,1"], ["start", "nan"]),
    (["plot", "rosenbrock", "--steps", "0"], ["--steps 0 must be >= 1"]),
    (["plot", "rosenbrock", "--steps", "1.5"], ["--steps '1.5' must be a whole number"]),
    (["plot", "rosenbrock", "--steps", "5", "--epochs", "2"], ["give --steps or --epochs, not both"]),
    (["plot", "rosenbrock", "--epochs", "2"], ["epochs=2 needs a surface with samples"]),
    (["plot", "linreg:n=2000000", "--opt", "sgd", "--epochs", "10"],
     ["20,000,000 steps", "at most 5 epochs"]),
    (["plot", "rosenbrock", "--seed", "-1"], ["--seed -1 must be >= 0"]),
    (["plot", "rosenbrock", "--theme", "slidez"], ["unknown theme 'slidez'", "did you mean 'slides'"]),
    (["plot", "rosenbrock", "--schedule", "cosin"], ["unknown schedule 'cosin'", "did you mean 'cosine'"]),
    (["plot", "rosenbrock", "--schedule", "step:gamma=2"], ["step schedule: gamma=2"]),
    (["plot", "rosenbrock", "--schedule", "step:foo=2"], ["schedule 'step' has no parameter 'foo'"]),
    (["plot", "rosenbrock", "--schedule", "warmup:steps=0"], ["warmup", "steps=0"]),
    (["plot", "rosenbrock", "--bounds", "1,0,0,1"], ["--bounds '1,0,0,1' must be xlo,xhi,ylo,yhi"]),
    (["plot", "rosenbrock", "--bounds", "0,1,0"], ["--bounds '0,1,0' has 3 numbers"]),
    (["plot", "rosenbrock", "--bounds", "0,inf,0,1"], ["--bounds", "inf"]),
    (["plot", "rosenbrock", "--view", "4d"], ["--view '4d' must be one of 2d, 3d"]),
    # outputs
    (["plot", "rosenbrock", "-o", "fig.jpg"], ["unknown extension '.jpg'"]),
    (["plot", "rosenbrock", "-o", "fig"], ["extension", "(none)"]),
    (["plot", "rosenbrock", "-o", "missing/fig.png"], ["missing", "does not exist"]),
    (["demo", "-o", "demo.gif"], ["'.gif'"]),
    (["demo", "--theme", "darkk"], ["unknown theme 'darkk'", "did you mean 'dark'"]),
    # animate
    (["animate", "booth", "--fps", "0"], ["animate: fps=0.0 must be from 0.1 to 120 frames a second"]),
    (["animate", "booth", "--fps", "0.001"], ["animate: fps=0.001 must be from 0.1 to 120"]),
    (["animate", "booth", "--seconds", "1e308"], ["seconds=1e+308 at fps=20", "at most 1000 seconds"]),
    (["animate", "booth", "--fps", "60"], ["fps=60 is too fast for a GIF"]),
    (["animate", "booth", "--fps", "abc"], ["--fps 'abc' must be a number"]),
    (["animate", "booth", "--fps", "inf"], ["--fps inf must be a finite number"]),
    (["animate", "booth", "--frames", "1"], ["--frames 1 must be >= 2"]),
    (["animate", "booth", "--frames", "5", "--seconds", "2"], ["not allowed with"]),
    (["animate", "booth", "--seconds", "0.01"], ["gives 0 frame(s)"]),
    (["animate", "booth", "--hold", "-1"], ["hold=-1.0 must be in [0, 600]"]),
    (["animate", "booth", "--hold", "700"], ["hold=700.0 must be in [0, 600]"]),
    (["animate", "booth", "--tail", "0"], ["--tail 0 must be >= 1"]),
    (["animate", "booth", "--size", "12"], ["--size '12' must be WIDTHxHEIGHT"]),
    (["animate", "booth", "--size", "10x10"], ["size=(10, 10)", "from 256x104 to 4096x4096"]),
    (["animate", "booth", "--size", "64x64", "--loss-panel"], ["with a second panel", "from 460x184"]),
    (["animate", "booth", "--size", "-100x100"], ["--size '-100x100' must be two positive numbers"]),
    (["animate", "booth", "--max-size", "5XB"], ["--max-size '5XB'"]),
    (["animate", "booth", "--max-size", "1kB"], ["--max-size '1kB' must be a size from 20kB to 1000GB"]),
    (["animate", "booth", "--max-size", "0"], ["--max-size '0' must be a size from 20kB"]),
    (["animate", "booth", "--max-size", "inf"], ["--max-size 'inf' must be a size from 20kB"]),
    (["animate", "booth", "--max-size", "1MB", "-o", "v.mp4"], ["max_bytes works for GIF output"]),
    (["animate", "booth", "--minibatch"], ["minibatch=True needs a data surface"]),
    (["animate", "linreg", "--opt", "gd:lr=0.1", "--minibatch"], ["needs a run with mini-batches"]),
    (["animate", "booth", "-o", "x.avi"], ["unknown extension '.avi'"]),
    (["animate", "booth", "--fps", "200", "-o", "v.mp4"], ["fps=200.0 must be from 0.1 to 120"]),
    (["animate", "booth", "--frames", "100000000"], ["frames=100000000 is too large: at most 20,000"]),
    (["animate", "booth", "--seconds", "1e9"], ["seconds=1e+09 at fps=20", "at most 1000 seconds"]),
    (["animate", "booth", "--tail", BIG], ["tail=", "(401 characters) is too large"]),
    (["animate", "booth", "-o", "race"], ["cannot write 'race': no extension"]),
    (["animate", "booth", "-o", ""], ["the output path is empty"]),
    (["plot", "booth", "-o", ""], ["plot: the output path is empty"]),
    (["plot", "booth", "--opt", f"gd:lr={BIG}"], ["gd: lr=", "(401 characters) must be a finite number > 0"]),
    (["plot", f"quadratic:kappa={BIG}"], ["kappa=", "must be a finite number"]),
    (["plot", "quadratic:kappa=1e300"], ["kappa=1e+300 must be a condition number from 1 to 1e10"]),
    (["plot", "rastrigin:A=1e308"], ["surface 'rastrigin:A=1e308'", "overflow"]),
    (["plot", "rosenbrock:b=1e308"], ["rosenbrock: the loss reaches 1.8e+308", "too large to draw"]),
    (["plot", "booth", "--bounds", "0,1e-300,0,1e-300"], ["booth: the loss is 74 everywhere in the window"]),
    (["plot", "booth", "--schedule", "cosine:lr_min=inf"], ["cosine schedule: lr_min=inf must be a finite number"]),
    (["plot", "linreg:n=1000000000"], ["linreg: n=1000000000 is too large: at most 10,000,000"]),
    (["plot", "linreg:n=8000000,n_val=8000000"], ["n + n_val = 16,000,000 samples is too many"]),
    (["plot", "booth", "--steps", "20000000"], ["run: steps=20000000 is too large: at most 10,000,000"]),
    (["plot", "booth", "--steps", BIG], ["run: steps=", "(401 characters)"]),
    (["fan", "linreg", "--seeds", "100000"], ["--seeds 100000 is too large: at most 1,000"]),
    (["net", "moons", "--resolution", "100000"], ["--resolution 100000 is too large: at most 2,000"]),
    (["net", "moons", "--extent", "inf"], ["--extent 'inf' must be a half-width R from 1e-6 to 1e6"]),
    (["net", "moons:n=100000000"], ["mlp: n=100000000 is too large"]),
    (["net", "moons", "--hidden", "30000,30000"], ["hidden=(30000, 30000)", "weights", "of memory"]),
    (["plot", "quadratic:name=foo"], ["the name goes before the colon"]),
    (["plot", "linreg:n=40", "--opt", "sgd:batch_size=none"], ["sgd: batch_size='none' must be a whole number"]),
    (["plot", "booth", "--bounds", "0,1e200,0,1e200"], ["booth: the loss is not finite in 100% of the window"]),
    (["plot", "booth", "--bounds", "1e15,1.0000000000000002e15,0,1"], ["too narrow for float64"]),
    (["plot", "booth", "-o", "x" * 300 + ".png"], ["(304 characters): File name too long"]),
    (["animate", "booth", "--fps", "0.0015"], ["fps=0.0015 must be from 0.1 to 120"]),
    # data commands
    (["batch", "linreg:n=40", "--epochs", "250001", "--opt", "gd:lr=0.1", "--opt", "sgd:lr=0.05"],
     ["epochs=250001 of 40 steps each is 10,000,040 steps", "give at most 250,000 epochs"]),
    (["fan", "linreg:n=40", "--seeds", "1000", "--epochs", "250000"],
     ["fan: recording 1,000 runs of up to 10,000,000 steps", "of memory"]),
    (["earlystop", "linreg:n=10,n_val=0"], ["earlystop needs held-out samples: give n_val="]),
    (["earlystop", "linreg:n=10", "--val-fraction", "0.9999999999999999"],
     ["--val-fraction 0.9999999999999999 holds out", "give at most 0.999999"]),
    (["net", "moons:n=40,noise=1e308"], ["noise=1e+308 must be in [0, 1e+06]"]),
    (["net", "moons", "--extent", "1e-300"], ["--extent '1e-300' must be a half-width R from 1e-6"]),
    (["batch", "rosenbrock", "--epochs", "3"], ["batch needs a data surface"]),
    (["fan", "quadratic"], ["fan needs a data surface"]),
    (["batch", "linreggg"], ["unknown surface 'linreggg'; did you mean 'linreg'?"]),
    (["losses", "logregg"], ["did you mean 'logreg'?"]),
    (["losses", "linreg"], ["give logreg or logreg_mse"]),
    (["earlystop", "linreg", "--val-fraction", "1.5"], ["--val-fraction 1.5 must be in (0, 1)"]),
    (["earlystop", "linreg", "--val-fraction", "half"], ["--val-fraction 'half' must be a number"]),
    (["earlystop", "linreg:n_val=5", "--val-fraction", "0.2"], ["not both"]),
    (["earlystop", "linreg:n_val=0"], ["needs held-out samples"]),
    (["earlystop", "rosenbrock"], ["earlystop needs a data surface with held-out samples"]),
    (["earlystop", "linreg", "--opt", "gd", "--opt", "sgd"], ["give one --opt, got 2"]),
    (["earlystop", "linreg", "--patience", "-1"], ["--patience -1 must be >= 0"]),
    (["fan", "linreg", "--seeds", "1"], ["--seeds 1 must be >= 2"]),
    (["fan", "linreg", "--reference", "gdd"], ["unknown optimizer 'gdd'"]),
    (["fan", "linreg", "--opt", "sgd", "--opt", "gd"], ["fan draws one optimizer"]),
    (["scaling", "linreg:scale=none"], ["remove scale= from 'linreg:scale=none'"]),
    (["scaling", "quadratic"], ["scaling needs a data surface with a scale option"]),
    (["scaling", "linreg", "--scale", "none"], ["invalid choice: 'none'"]),
    (["batch", "linreg", "-o", "fig.jpg"], ["unknown extension '.jpg'"]),
    (["batch", "linreg", "--theme", "slide"], ["did you mean 'slides'?"]),
    # net
    (["net", "moon"], ["unknown data set 'moon'", "did you mean 'moons'"]),
    (["net", "moons:width=3"], ["unknown option 'width'"]),
    (["net", "sine"], ["loss='mse'"]),
    (["net", "sine:n=30", "--loss", "mse", "--boundary"], ["2-D two-class data"]),
    (["net", "moons", "--hidden", "16,0"], ["hidden=(16, 0)", ">= 1"]),
    (["net", "moons", "--hidden", "16,x"], ["--hidden '16,x'", "e.g. 16,16"]),
    (["net", "moons", "--activation", "tanhh"], ["activation='tanhh'", "did you mean 'tanh'"]),
    (["net", "moons", "--loss", "hinge"], ["loss='hinge'", "bce"]),
    (["net", "moons", "--dropout", "1"], ["dropout=1.0", "[0, 1)"]),
    (["net", "moons", "--dropout", "x"], ["--dropout 'x' must be a number"]),
    (["net", "moons", "--resolution", "1"], ["--resolution 1 must be >= 2"]),
    (["net", "moons", "--plane", "pcaa"], ["--plane 'pcaa'", "pca, random, points"]),
    (["net", "moons", "--view", "3d"], ["--view '3d'"]),
    (["net", "moons", "--extent", "0"], ["--extent '0'"]),
    (["net", "moons", "--plane", "points", "--opt", "gd:lr=0.1"], ["two --opt"]),
    (["net", "moons", "--view", "line", "-o", "x.gif"], ["--view line", "still figure"]),
    (["net", "moons", "--view", "line", "--boundary"], ["--boundary goes with --view plane"]),
    (["net", "moons", "--extent", "1,2,3"], ["--extent '1,2,3' must be a half-width R from 1e-6"]),
    (["net", "moons", "--steps", "3", "--epochs", "3"], ["not both"]),
    (["net", "moons", "--fps", "0", "-o", "n.gif"], ["--fps 0 must be > 0"]),
    (["net", "moons", "-o", "net.txt"], ["unknown extension '.txt'"]),
]


def _argv(case):
    if "-o" in case or case[0] in ("list", "frobnicate", "plott"):
        return list(case)
    return [*case, "-o", "out.gif" if case[0] == "animate" else "out.png"]


@pytest.mark.parametrize("case, words", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(case, words, tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys, *_argv(case))
    one_line_error(code, out, err, *words)
    assert files(tmp_path) == []        # no figure, no temporary file


@pytest.mark.parametrize("case", [
    ["plot", "rosenbrock", "--opt", "gd:lr=0", "-o", "old.png"],
    ["animate", "booth", "--max-size", "1kB", "--steps", "3", "-o", "old.gif"],
    ["batch", "linreg", "--opt", "minibatch:batch_size=500", "-o", "old.png"],
    ["net", "moons", "--plane", "pcaa", "-o", "old.png"],
    ["demo", "--theme", "darkk", "-o", "old.png"],
])
def test_bad_input_leaves_an_existing_file_alone(case, tmp_path, capsys):
    target = tmp_path / case[-1]
    target.write_bytes(b"yesterday's figure")
    code, out, err = lossviz_main(tmp_path, capsys, *case)
    one_line_error(code, out, err)
    assert target.read_bytes() == b"yesterday's figure" and files(tmp_path) == [case[-1]]


def test_output_that_is_a_folder_or_a_full_frames_folder(tmp_path, capsys):
    (tmp_path / "fig.png").mkdir()
    code, out, err = lossviz_main(tmp_path, capsys, "plot", "rosenbrock", "-o", "fig.png")
    one_line_error(code, out, err, "fig.png", "it is a folder")
    (tmp_path / "race").write_bytes(b"a file")
    code, out, err = lossviz_main(tmp_path, capsys, "animate", "booth", "--steps", "3", "-o", "race/")
    one_line_error(code, out, err, "'race' is a file, not a folder")
    assert (tmp_path / "race").read_bytes() == b"a file"
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "mine.txt").write_text("keep")
    code, out, err = lossviz_main(tmp_path, capsys, "animate", "booth", "--steps", "3", "-o", "frames/")
    one_line_error(code, out, err, "'frames' exists and is not empty")
    assert files(tmp_path / "frames") == ["mine.txt"]


def test_unwritable_folder(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running with privileges that can write into a 0o555 folder (root)")
        code, out, err = lossviz_main(tmp_path, capsys, "plot", "rosenbrock", "--steps", "5",
                                      "-o", folder / "fig.png")
        one_line_error(code, out, err, "locked", "not writable")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


# ---------------------------------------------------------------- the installed executable
def _exe(args, cwd):
    return subprocess.run([LOSSVIZ, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "LOSSVIZ_DEBUG": ""})


@pytest.mark.parametrize("args, expected", [
    (["plot", "rosenbrok"], "did you mean 'rosenbrock'"),
    (["batch", "linreg:n=20", "--opt", "minibatch:batch_size=21"],
     "minibatch: batch_size=21 is larger than the data (20 samples); use at most 20"),
])
def test_executable_bad_input(args, expected, tmp_path):
    res = _exe([*args, "-o", "fig.png"], cwd=tmp_path)
    one_line_error(res.returncode, res.stdout, res.stderr, expected)
    assert files(tmp_path) == []


def test_executable_with_stdout_closed_still_writes_the_figure(tmp_path):
    res = subprocess.run(f"{LOSSVIZ} plot booth --opt gd:lr=0.05 --steps 5 -o f.png >&-",
                         shell=True, cwd=tmp_path, capture_output=False, stderr=subprocess.PIPE,
                         text=True, timeout=120)
    assert res.returncode == 0 and res.stderr == ""
    assert files(tmp_path) == ["f.png"]


def test_executable_same_command_twice_same_bytes(tmp_path):
    args = ["plot", "rosenbrock", "--opt", "gd:lr=0.01", "--opt", "adam:lr=0.05", "--start",
            "-1.5,2", "--steps", "30"]
    a = _exe([*args, "-o", "a.png"], cwd=tmp_path)
    b = _exe([*args, "-o", "b.png"], cwd=tmp_path)
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    assert a.stderr == b.stderr == "" and a.stdout.replace("a.png", "b.png") == b.stdout
    assert "diverged at step 4" in a.stdout
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert files(tmp_path) == ["a.png", "b.png"]


# ---------------------------------------------------------------- faults while writing
ANIMATE = ["animate", "booth", "--opt", "gd:lr=0.05", "--steps", "60", "--frames", "40"]


@pytest.mark.parametrize("argv, out, limit", [
    (["plot", "booth", "--steps", "20"], "r.png", 20_000),
    (["plot", "booth", "--steps", "20"], "r.svg", 20_000),
    (["plot", "booth", "--steps", "20"], "r.pdf", 20_000),
    (ANIMATE + ["--size", "320x240"], "r.gif", 10_000),
    (ANIMATE + ["--size", "320x240"], "r.mp4", 10_000),
    (ANIMATE + ["--size", "320x240"], "fr/", 10_000),
    (["net", "moons:n=30", "--hidden", "3", "--steps", "5", "--resolution", "8"], "n.png", 20_000),
])
def test_a_file_size_limit_is_one_line_and_loses_nothing(argv, out, limit, tmp_path, capsys):
    """A full disk or a size limit (here: RLIMIT_FSIZE) while writing: exit 2, one line
    naming the path, the old file byte for byte, nothing else left behind."""
    pytest.importorskip("imageio_ffmpeg") if out.endswith(".mp4") else None
    import resource
    name = out.rstrip("/")
    if not out.endswith("/"):
        (tmp_path / name).write_bytes(b"yesterday's figure")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        code, stdout, err = lossviz_main(tmp_path, capsys, *argv, "-o", out)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    one_line_error(code, stdout, err, f"cannot write '{name}'")
    assert files(tmp_path) == ([] if out.endswith("/") else [name])
    if not out.endswith("/"):
        assert (tmp_path / name).read_bytes() == b"yesterday's figure"


def _stop_while_writing(tmp_path, argv, out, signum):
    """Start ``lossviz ARGV -o OUT``, send ``signum`` once its temporary file exists."""
    import time
    name = out.rstrip("/")
    proc = subprocess.Popen([LOSSVIZ, *argv, "-o", out], cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "LOSSVIZ_DEBUG": ""})
    stem = Path(name).stem
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(f".{stem}-*")) and proc.poll() is None:
        assert time.monotonic() < deadline, "the temporary output never appeared"
        time.sleep(0.02)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signum)
    stdout, err = proc.communicate(timeout=60)
    return proc.returncode, stdout, err


@pytest.mark.parametrize("signame, argv, out", [
    ("SIGTERM", ANIMATE + ["--frames", "400", "--size", "480x360"], "race.gif"),
    ("SIGHUP", ANIMATE + ["--frames", "400", "--size", "480x360"], "frames/"),
    ("SIGINT", ANIMATE + ["--frames", "400", "--size", "480x360"], "race.mp4"),
    ("SIGTERM", ["net", "moons:n=40", "--hidden", "4", "--steps", "30", "--resolution", "30",
                 "--seconds", "20"], "net.gif"),
])
def test_a_signal_while_writing_leaves_the_old_file_and_no_temporary(signame, argv, out, tmp_path):
    import signal
    if out.endswith(".mp4"):
        pytest.importorskip("imageio_ffmpeg")
    signum = getattr(signal, signame)
    name = out.rstrip("/")
    if not out.endswith("/"):
        (tmp_path / name).write_bytes(b"yesterday's figure")
    code, stdout, err = _stop_while_writing(tmp_path, argv, out, signum)
    assert code == 128 + signum and stdout == "", (code, stdout, err)
    assert err == f"lossviz: stopped by {signame}; nothing was written\n"
    assert files(tmp_path) == ([] if out.endswith("/") else [name])
    if not out.endswith("/"):
        assert (tmp_path / name).read_bytes() == b"yesterday's figure"
