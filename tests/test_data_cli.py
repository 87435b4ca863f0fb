"""Tests of the data commands: ``lossviz batch | fan | scaling | losses | earlystop``,
and the data surfaces through the existing ``lossviz plot``.

Commands run in-process through ``animations.cli.main`` (fast); one test runs a real
process, to prove the exit code and the one-line error end to end.  Until
``animations/cli.py`` wires in ``animations.cli_data``, the fixture below does it.
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys

import pytest

from animations import cli, cli_data

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# The command line, wired like cli.main will be once cli.py adds the data commands.
WIRED_MAIN = """
import argparse, sys
from animations import cli, cli_data
if "batch" not in cli.COMMANDS:
    build = cli.build_parser
    def build_parser():
        top = build()
        sub = [a for a in top._actions if isinstance(a, argparse._SubParsersAction)][0]
        cli_data.add_parsers(sub)
        return top
    cli.build_parser = build_parser
    cli.COMMANDS = {**cli.COMMANDS, **cli_data.COMMANDS}
sys.exit(cli.main())
"""


@pytest.fixture(autouse=True)
def wired(monkeypatch):
    """The data commands in ``lossviz``, whether or not cli.py wires them in yet."""
    if "batch" in cli.COMMANDS:
        return
    build = cli.build_parser

    def build_parser():
        top = build()
        sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
        cli_data.add_parsers(sub)
        return top

    monkeypatch.setattr(cli, "build_parser", build_parser)
    monkeypatch.setattr(cli, "COMMANDS", {**cli.COMMANDS, **cli_data.COMMANDS})


@pytest.fixture
def lossviz(capsys, tmp_path, monkeypatch):
    """Run ``lossviz ARGS`` in ``tmp_path``: (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)

    def call(*argv):
        out = io.StringIO()
        capsys.readouterr()
        code = cli.main([str(a) for a in argv], out=out)
        captured = capsys.readouterr()
        return code, out.getvalue() + captured.out, captured.err
    return call


def files(folder):
    return sorted(p.name for p in folder.iterdir())


# -- the existing plot command on data surfaces ------------------------------------------

def test_plot_draws_gd_sgd_and_minibatch_on_a_data_surface(lossviz, tmp_path):
    code, out, err = lossviz("plot", "linreg:n=200,noise=0.5", "--opt", "gd:lr=0.1",
                             "--opt", "sgd:lr=0.05", "--opt", "minibatch:lr=0.1,batch_size=16",
                             "--epochs", "20", "-o", "batch.png")
    assert (code, err) == (0, "")
    assert (tmp_path / "batch.png").read_bytes().startswith(PNG_MAGIC)
    steps = {line.split()[0]: int(line.split("steps")[0].split()[-1])
             for line in out.splitlines()[1:]}
    # 20 epochs of 200 samples: 20 full batches, 20 * 13 mini-batches, 4000 single samples
    assert steps == {"GD": 20, "SGD": 4000, "Mini-batch": 260}


# -- each command writes its figure -------------------------------------------------------

@pytest.mark.parametrize("argv, name, expect", [
    (["batch", "linreg:n=40", "--epochs", "2"], "linreg-batch.png",
     ["GD (lr=0.1)", "Mini-batch GD (lr=0.1, batch_size=16)", "SGD (lr=0.05)"]),
    (["fan", "linreg:n=40", "--seeds", "3", "--epochs", "1", "--theme", "slides"],
     "linreg-fan.png", ["SGD (lr=0.05), seed=0", "SGD (lr=0.05), seed=2", "GD (lr=0.05) "]),
    (["scaling", "linreg:n=40", "--steps", "30"], "linreg-scaling.png",
     ["GD (lr=0.025), scale=none", "GD (lr=0.4), scale=standard",
      "Hessian condition number: 1"]),
    (["losses", "logreg_mse:n=40", "--steps", "30"], "logreg-losses.png",
     ["GD (lr=0.5), cross-entropy", "GD (lr=0.5), squared error (MSE)"]),
    (["earlystop", "linreg:n=10,noise=1,seed=2", "--val-fraction", "0.5"], "linreg-earlystop.png",
     ["GD (lr=0.1)", "best: step 14 (epoch 14)", "stopped early at epoch 24"]),
])
def test_each_command_writes_its_figure(lossviz, tmp_path, argv, name, expect):
    code, out, err = lossviz(*argv)
    assert (code, err) == (0, "")
    assert files(tmp_path) == [name]
    assert (tmp_path / name).read_bytes().startswith(PNG_MAGIC)
    assert out.startswith(f"wrote {name}\n")
    for text in expect:
        assert text in out, (text, out)


def test_val_fraction_holds_out_that_share_of_all_samples(lossviz, monkeypatch):
    seen = {}
    real = cli_data.datafigs.plot_earlystop

    def spy(surface, trajectory, **options):
        seen["surface"] = surface
        return real(surface, trajectory, resolution=20, **options)

    monkeypatch.setattr(cli_data.datafigs, "plot_earlystop", spy)
    code, _, err = lossviz("earlystop", "linreg:n=40", "--val-fraction", "0.2", "--epochs", "3")
    assert (code, err) == (0, "")
    s = seen["surface"]
    assert (s.n, s.n_val) == (40, 10)     # 10 of 50 samples: 0.2


def test_same_seed_same_bytes(lossviz, tmp_path):
    argv = ["fan", "linreg:n=30", "--seeds", "3", "--epochs", "1"]
    for out, seed in (("a.png", 0), ("b.png", 0), ("c.png", 3)):
        assert lossviz(*argv, "--seed", seed, "-o", out)[0] == 0
    a, b, c = ((tmp_path / f).read_bytes() for f in ("a.png", "b.png", "c.png"))
    assert a == b and a != c


# -- bad input: one line, exit 2, nothing written -----------------------------------------

BAD = [
    (["batch", "linreg", "--opt", "minibatch:lr=0.1,batch_size=0"], "batch_size=0 must be"),
    (["batch", "linreg:n=50", "--opt", "minibatch:batch_size=51"],
     "batch_size=51 is larger than the data (50 samples)"),
    (["plot", "rosenbrock", "--epochs", "3"], "epochs=3 needs a surface with samples"),
    (["batch", "rosenbrock", "--epochs", "3"], "batch needs a data surface"),
    (["fan", "quadratic"], "fan needs a data surface"),
    (["batch", "linreggg"], "unknown surface 'linreggg'; did you mean 'linreg'?"),
    (["losses", "logregg"], "did you mean 'logreg'?"),
    (["batch", "linreg:noise=-1"], "noise=-1 must be >= 0"),
    (["plot", "logreg:noise=-0.5"], "noise=-0.5 must be >= 0"),
    (["earlystop", "linreg", "--val-fraction", "1.5"], "--val-fraction 1.5 must be in (0, 1)"),
    (["earlystop", "linreg", "--val-fraction", "0"], "--val-fraction 0 must be in (0, 1)"),
    (["earlystop", "linreg", "--val-fraction", "half"], "--val-fraction 'half' must be a number"),
    (["earlystop", "linreg:n_val=5", "--val-fraction", "0.2"], "not both"),
    (["earlystop", "linreg:n_val=0"], "needs held-out samples"),
    (["earlystop", "rosenbrock"], "earlystop needs a data surface with held-out samples"),
    (["earlystop", "linreg", "--opt", "gd", "--opt", "sgd"], "give one --opt, got 2"),
    (["fan", "linreg", "--seeds", "1"], "--seeds 1 must be >= 2"),
    (["fan", "linreg", "--reference", "gdd"], "unknown optimizer 'gdd'"),
    (["scaling", "linreg:scale=none"], "remove scale= from 'linreg:scale=none'"),
    (["scaling", "quadratic"], "scaling needs a data surface with a scale option"),
    (["scaling", "linreg", "--scale", "none"], "invalid choice: 'none'"),
    (["losses", "linreg"], "give logreg or logreg_mse"),
    (["batch", "linreg", "--steps", "5", "--epochs", "3"], "give --steps or --epochs, not both"),
    (["batch", "linreg", "-o", "fig.jpg"], "unknown extension '.jpg'"),
    (["batch", "linreg", "--theme", "slide"], "did you mean 'slides'?"),
]


@pytest.mark.parametrize("argv, message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_gets_one_line_exit_2_and_nothing_written(lossviz, tmp_path, argv, message):
    code, out, err = lossviz(*argv)
    assert code == 2
    assert err.startswith("lossviz: error: ") and err.count("\n") == 1, err
    assert message in err, err
    assert "Traceback" not in err and out == ""
    assert files(tmp_path) == []


def test_a_real_process_exits_2_with_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-c", WIRED_MAIN, "batch", "linreg:n=20",
                           "--opt", "minibatch:batch_size=21", "-o", "x.png"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == ("lossviz: error: minibatch: batch_size=21 is larger than the data "
                           "(20 samples); use at most 20\n")
    assert files(tmp_path) == []


def test_help_lists_the_data_commands_and_their_defaults():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(cli_data.COMMANDS) <= set(sub.choices)
    assert "--opt sgd:lr=0.05 --epochs 5" in sub.choices["fan"].format_help()
