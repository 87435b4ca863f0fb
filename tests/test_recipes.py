"""Recipes: a lecture's figures from one TOML file, only what changed, every output
stamped with where it came from, and rendered again byte for byte."""
from __future__ import annotations

import json

import pytest

from animations.cli import execute
from animations.encode import read_stamp
from clitools import lossviz, lossviz_main, one_line_error

LECTURE = '''
[valley]
command = "plot"
surface = "rosenbrock"
opt = ["adam:lr=0.05", "momentum:lr=1e-3"]
start = ["-1.5,2"]
steps = 60
loss-panel = true

[too-large]
command = "plot"
surface = "quadratic:kappa=10"
opt = ["gd:lr=0.15", "gd:lr=0.21"]
caption = "auto"
out = "too-large.svg"

[race]
command = "animate"
surface = "booth"
opt = ["gd:lr=0.05"]
frames = 4
size = "320x240"
'''


@pytest.fixture
def lecture(tmp_path):
    path = tmp_path / "lecture.toml"
    path.write_text(LECTURE)
    return path


def test_render_makes_every_entry_then_only_what_changed(tmp_path, lecture):
    out = tmp_path / "figs"
    done = lossviz(tmp_path, "render", lecture, "--out", out, "--quiet")
    assert done.lines[0] == f"rendered 3 of 3 entries into {out}"
    names = sorted(p.name for p in out.iterdir())
    assert names == ["lossviz-manifest.json", "race.gif", "too-large.svg", "valley.png"]
    first = {n: (out / n).read_bytes() for n in names if n != "lossviz-manifest.json"}
    # the figures are what the command line makes from the same options
    plain = lossviz(tmp_path, "plot", "rosenbrock", "--opt", "adam:lr=0.05", "--opt", "momentum:lr=1e-3",
                    "--start=-1.5,2", "--steps", "60", "--loss-panel", "-o", "cli.png")
    assert plain.runs[0].steps == 60
    # again: nothing rendered, every file byte-identical
    again = lossviz(tmp_path, "render", lecture, "--out", out, "--quiet")
    assert again.lines[0] == f"nothing to render: all 3 entries are unchanged in {out}"
    assert all((out / n).read_bytes() == b for n, b in first.items())
    # one entry edited: that entry only
    lecture.write_text(LECTURE.replace("steps = 60", "steps = 80"))
    edited = lossviz(tmp_path, "render", lecture, "--out", out, "--quiet")
    assert edited.lines[:2] == [f"rendered 1 of 3 entries into {out}", "  valley: rendered (valley.png)"]
    assert (out / "valley.png").read_bytes() != first["valley.png"]
    assert (out / "race.gif").read_bytes() == first["race.gif"]
    # a file changed behind its back is rendered again
    (out / "race.gif").write_bytes(b"GIF89a broken")
    mended = lossviz(tmp_path, "render", lecture, "--out", out, "--quiet")
    assert "  race: rendered (race.gif)" in mended.lines and (out / "race.gif").read_bytes() == first["race.gif"]
    manifest = json.loads((out / "lossviz-manifest.json").read_text())
    assert set(manifest) == {"valley", "too-large", "race"}
    assert manifest["valley"]["recipe"].splitlines()[:2] == ['command = "plot"', 'surface = "rosenbrock"']
    assert {"lossviz", "numpy", "matplotlib", "sha256", "fingerprint"} <= set(manifest["race"])


def test_an_unchanged_pack_is_answered_before_matplotlib_is_imported(tmp_path, lecture):
    """``lossviz render`` with nothing to do reads the manifest and the files' hashes only:
    the same report as the whole command, in a fresh interpreter without numpy's or
    matplotlib's import (the 1.2 s that made it slow), and a changed entry runs in full."""
    import subprocess
    import sys
    out = tmp_path / "figs"
    lossviz(tmp_path, "render", lecture, "--out", out, "--quiet")
    whole = lossviz(tmp_path, "render", lecture, "--out", out, "--quiet").lines   # the full command's
    probe = ("import sys; from animations.cli import main; code = main(sys.argv[1:]); "
             "print('heavy:', sorted(m for m in ('matplotlib', 'numpy', 'scipy') if m in sys.modules)); "
             "sys.exit(code)")
    ran = subprocess.run([sys.executable, "-c", probe, "render", str(lecture), "--out", str(out)],
                         capture_output=True, text=True, check=True)
    *lines, heavy = ran.stdout.splitlines()
    assert lines == whole, ran.stdout
    assert "matplotlib" not in heavy and "scipy" not in heavy, heavy
    # an edited entry, a --jobs 0 or an unknown --only is not "unchanged": the whole command decides
    lecture.write_text(LECTURE.replace("steps = 60", "steps = 80"))
    ran = subprocess.run([sys.executable, "-c", probe, "render", str(lecture), "--out", str(out), "--quiet"],
                         capture_output=True, text=True, check=True)
    assert ran.stdout.splitlines()[0] == f"rendered 1 of 3 entries into {out}"
    assert "'matplotlib'" in ran.stdout.splitlines()[-1]
    ran = subprocess.run([sys.executable, "-c", probe, "render", str(lecture), "--out", str(out), "--jobs", "0"],
                         capture_output=True, text=True)
    assert ran.returncode == 2 and "--jobs 0" in ran.stderr


@pytest.mark.parametrize("name", ["valley.png", "too-large.svg", "race.gif"])
def test_every_output_knows_its_recipe_and_renders_again_byte_identical(tmp_path, lecture, name):
    out = tmp_path / "figs"
    lossviz(tmp_path, "render", lecture, "--out", out, "--quiet", "--only", name.split(".")[0])
    before = (out / name).read_bytes()
    stamp = read_stamp(out / name)
    assert stamp["lossviz"] and stamp["numpy"] and stamp["matplotlib"]
    assert 'command = "' in stamp["recipe"] and "out =" not in stamp["recipe"]
    info = lossviz(tmp_path, "info", out / name)
    assert info.lines[2] == stamp["recipe"] and info.lines[0].startswith(f"{out / name}: made by lossviz ")
    lossviz(tmp_path, "render", out / name, "--out", tmp_path / "again")
    assert (tmp_path / "again" / name).read_bytes() == before


def test_a_pdf_is_stamped_too(tmp_path):
    lossviz(tmp_path, "plot", "booth", "--steps", "5", "-o", "b.pdf")
    stamp = read_stamp(tmp_path / "b.pdf")
    assert stamp["recipe"].startswith('command = "plot"\nsurface = "booth"')
    lossviz(tmp_path, "render", tmp_path / "b.pdf", "--out", tmp_path / "again")
    assert (tmp_path / "again" / "b.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_print_recipe_prints_the_entry_and_renders_nothing(tmp_path):
    done = lossviz(tmp_path, "plot", "rosenbrock", "--opt", "adam:lr=0.05", "--start=-1.5,2",
                   "--loss-panel", "--theme", "slides", "-o", "fig.png", "--print-recipe")
    assert done.lines == ["[fig]\ncommand = \"plot\"\nsurface = \"rosenbrock\"\nopt = [\"adam:lr=0.05\"]\n"
                          "start = [\"-1.5,2\"]\ntheme = \"slides\"\nloss-panel = true\nout = \"fig.png\""]
    assert not (tmp_path / "fig.png").exists()
    # and the entry, moved into a file, makes what the command makes
    (tmp_path / "l.toml").write_text(done.lines[0])
    lossviz(tmp_path, "render", tmp_path / "l.toml", "--out", tmp_path / "r", "--quiet")
    execute_dir = tmp_path / "c"
    execute_dir.mkdir()
    lossviz(execute_dir, "plot", "rosenbrock", "--opt", "adam:lr=0.05", "--start=-1.5,2",
            "--loss-panel", "--theme", "slides", "-o", "fig.png")
    # (the stamps differ in how the recipe was written; the pictures are the same)
    from PIL import Image
    import numpy as np
    a, b = (np.asarray(Image.open(p).convert("RGB")) for p in (tmp_path / "r" / "fig.png", execute_dir / "fig.png"))
    assert np.array_equal(a, b)


@pytest.mark.parametrize("body, words", [
    ('command = "plott"\nsurface = "booth"', ["[bad]", "command = 'plott'", "did you mean 'plot'"]),
    ('command = "plot"\nsurface = "booth"\nstpes = 30', ["[bad]", "'stpes'", "did you mean 'steps'"]),
    ('command = "plot"\nsurface = "booth"\nsteps = "many"', ["[bad]", "--steps 'many' must be a whole number"]),
    ('command = "plot"\nopt = ["gd"]', ["[bad]", "'surface' is missing"]),
    ('command = "plot"\nsurface = "boot"', ["[bad]", "did you mean 'booth'"]),
    ('command = "plot"\nsurface = "booth"\nopt = ["gd:lr=-1"]', ["[bad]", "lr=-1"]),
    ('command = "plot"\nsurface = "booth"\nsteps = [1, 2]', ["[bad]", "takes one value"]),
    ('steps = 3', ["[bad]", "'command' is missing"]),
])
def test_a_bad_entry_is_one_line_and_nothing_is_rendered(tmp_path, capsys, body, words):
    (tmp_path / "l.toml").write_text(f'[ok]\ncommand = "plot"\nsurface = "booth"\n\n[bad]\n{body}\n')
    code, out, err = lossviz_main(tmp_path, capsys, "render", "l.toml", "--out", "figs")
    one_line_error(code, out, err, "l.toml", *words)
    assert not (tmp_path / "figs").exists()                 # not even the good entry


def test_unreadable_and_broken_recipe_files(tmp_path, capsys):
    (tmp_path / "broken.toml").write_text("x = [")
    code, out, err = lossviz_main(tmp_path, capsys, "render", "broken.toml")
    one_line_error(code, out, err, "broken.toml", "not valid TOML")
    code, out, err = lossviz_main(tmp_path, capsys, "render", "missing.toml")
    one_line_error(code, out, err, "missing.toml", "cannot be read")
    (tmp_path / "plain.png").write_bytes((tmp_path / "broken.toml").read_bytes())
    code, out, err = lossviz_main(tmp_path, capsys, "info", "plain.png")
    one_line_error(code, out, err, "plain.png")
    code, out, err = lossviz_main(tmp_path, capsys, "render", "l.toml", "--only", "x")
    one_line_error(code, out, err, "l.toml")


def test_execute_stamps_what_it_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = execute(["plot", "booth", "--steps", "3", "-o", "x.png"])
    assert read_stamp(tmp_path / done.path)["recipe"] == 'command = "plot"\nsurface = "booth"\nsteps = 3'


# ---------------------------------------------------------------- the lecture pack and its gallery
ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
PACK, GALLERY = ROOT / "examples" / "lecture.toml", ROOT / "examples" / "gallery"


def test_the_gallery_is_what_the_pack_renders_today(tmp_path):
    import hashlib
    import tomllib

    from animations.cli.manifest import stamp_recipe
    from groundwork import provenance
    pack = tomllib.loads(PACK.read_text())
    manifest = json.loads((GALLERY / "lossviz-manifest.json").read_text())
    readme = (ROOT / "README.md").read_text()
    assert set(manifest) == set(pack) and len(pack) >= 12
    total = 0
    for name, entry in pack.items():
        assert entry.get("about"), name                        # each says what it teaches
        seen = manifest[name]
        path = GALLERY / seen["out"]
        # the recipe it was rendered from is the pack's entry today: edit one, render again
        assert seen["recipe"] == stamp_recipe({**entry, "out": seen["out"]}), \
            f"{name}: the pack changed; run lossviz render examples/lecture.toml --out examples/gallery"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == seen["sha256"], name
        assert read_stamp(path)["recipe"] == seen["recipe"]
        assert f"](examples/gallery/{seen['out']})" in readme, name
        total += path.stat().st_size
    assert total < 3_000_000
    # with the versions it was made with, the same recipe gives the same bytes
    versions = {k: v for k, v in provenance.stamp().items() if k != "recipe"}
    done = lossviz(tmp_path, "render", PACK, "--out", tmp_path, "--only", "gd-rule", "--quiet")
    assert done.lines[0].startswith("rendered 1 of 1")
    if all(manifest["gd-rule"][k] == v for k, v in versions.items()):
        assert (tmp_path / "gd-rule.png").read_bytes() == (GALLERY / "gd-rule.png").read_bytes()


# ---------------------------------------------------------------- --save and --load
@pytest.mark.parametrize("command, extra, name", [
    ("plot", ["--loss-panel"], "f.png"), ("animate", ["--frames", "4", "--size", "320x240"], "f.gif")])
def test_save_then_load_draws_the_same_bytes_without_running(tmp_path, command, extra, name):
    first = lossviz(tmp_path, command, "quadratic:kappa=10,angle=30", "--opt", "gd:lr=0.1",
                    "--opt", "adam:lr=0.1,schedule=cosine", "--steps", "40", *extra, "-o", name,
                    "--save", "runs.npz")
    before = (tmp_path / name).read_bytes()
    (tmp_path / name).unlink()
    again = lossviz(tmp_path, command, "quadratic:kappa=10,angle=30", "--load", "runs.npz", *extra, "-o", name)
    assert (tmp_path / name).read_bytes() == before
    # the file carries every parameter of the surface and each run's schedule
    import optimizers
    saved = optimizers.Trajectory.load_all(tmp_path / "runs.npz")
    assert [t.surface for t in saved] == [t.surface for t in first.runs]
    assert saved[0].surface["angle"] == 30 and saved[1].schedule["name"] == "cosine"
    assert [t.label for t in again.runs] == [t.label for t in first.runs]


@pytest.mark.parametrize("argv, words", [
    (["plot", "quadratic:kappa=5", "--load", "r.npz"], ["--load r.npz", "ran on Quadratic (κ=10)", "not on Quadratic (κ=5)"]),
    (["plot", "quadratic:kappa=10", "--load", "r.npz", "--opt", "gd"], ["--load r.npz", "drop --opt"]),
    (["plot", "quadratic:kappa=10", "--load", "missing.npz"], ["missing.npz", "no such file"]),
    (["plot", "quadratic:kappa=10", "--load", "bad.npz"], ["bad.npz", "not a lossviz runs file"]),
    (["plot", "quadratic:kappa=10", "--save", "r.txt"], ["--save", "'.txt'"]),
])
def test_bad_save_and_load_are_one_line(tmp_path, capsys, argv, words):
    lossviz(tmp_path, "plot", "quadratic:kappa=10", "--opt", "gd:lr=0.1", "--steps", "5", "-o", "x.png",
            "--save", "r.npz")
    (tmp_path / "bad.npz").write_bytes(b"PK\x03\x04 not a zip")
    code, out, err = lossviz_main(tmp_path, capsys, *argv, "-o", "y.png")
    one_line_error(code, out, err, *words)
    assert not (tmp_path / "y.png").exists()


@pytest.mark.parametrize("argv", [
    ["batch", "linreg:n=40", "--epochs", "2"], ["fan", "linreg:n=40", "--epochs", "2", "--seeds", "2"],
    ["earlystop", "linreg:n=20", "--epochs", "3"], ["net", "xor", "--hidden", "3", "--epochs", "2"]])
def test_every_command_that_runs_optimizers_saves_its_runs(tmp_path, capsys, argv):
    import numpy as np
    import optimizers
    done = lossviz(tmp_path, *argv, "-o", "f.png", "--save", "runs.npz")
    saved = optimizers.Trajectory.load_all(tmp_path / "runs.npz")
    runs = f"{len(saved)} run{'s' if len(saved) != 1 else ''}"
    assert len(saved) == len(done.runs) and done.lines[-1] == f"saved {runs} to runs.npz"
    same = lambda d: json.dumps(d, sort_keys=True, default=list)       # (tuples come back as lists)
    assert all(np.array_equal(a.params, b.params) and a.label == b.label and same(a.surface) == same(b.surface)
               for a, b in zip(saved, done.runs))
    # checked before any work: a bad target writes nothing, not even the figure
    code, out, err = lossviz_main(tmp_path, capsys, *argv, "-o", "g.png", "--save", "runs.csv")
    one_line_error(code, out, err, "--save", "'.csv'")
    assert not (tmp_path / "g.png").exists()


@pytest.mark.parametrize("argv, drawing", [
    (["batch", "linreg:n=40", "--epochs", "2"], []),
    (["fan", "linreg:n=40", "--epochs", "2", "--seeds", "3"], []),
    (["scaling", "linreg:n=40", "--steps", "10", "--scale", "minmax"], []),
    (["missing", "linreg:n=40,missing=0.2", "--steps", "10", "--impute", "median"], []),
    (["losses", "logreg:n=40", "--steps", "10"], []),
    (["earlystop", "linreg:n=20", "--epochs", "30", "--patience", "3", "--val-fraction", "0.4"], []),
    (["net", "xor", "--hidden", "3", "--epochs", "2"], ["--resolution", "15"]),
])
def test_every_command_draws_its_saved_runs_again_without_running(tmp_path, monkeypatch, argv, drawing):
    """--load on the command that saved: the same figure, byte for byte, and no optimizer
    runs (the runs, and the options that shaped them, come from the file)."""
    import optimizers
    lossviz(tmp_path, *argv, *drawing, "-o", "first.png", "--save", "runs.npz")

    def no_running(*args, **kwargs):
        raise AssertionError("--load ran an optimizer")

    monkeypatch.setattr(optimizers, "run", no_running)
    # only the surface (or data) and the drawing options: the run options are in the file
    lossviz(tmp_path, *argv[:2], *drawing, "-o", "again.png", "--load", "runs.npz")
    assert (tmp_path / "again.png").read_bytes() == (tmp_path / "first.png").read_bytes()


def test_load_takes_the_command_that_saved_and_plot_draws_any(tmp_path, capsys):
    lossviz(tmp_path, "fan", "linreg:n=40", "--epochs", "2", "--seeds", "3", "-o", "f.png", "--save", "fan.npz")
    code, out, err = lossviz_main(tmp_path, capsys, "batch", "linreg:n=40", "--load", "fan.npz", "-o", "b.png")
    one_line_error(code, out, err, "--load fan.npz", "made by lossviz fan", "draw them with fan")
    assert not (tmp_path / "b.png").exists()
    # plot draws every run of the file: three seeds and the GD reference
    done = lossviz(tmp_path, "plot", "linreg:n=40", "--load", "fan.npz", "-o", "p.png")
    assert len(done.runs) == 4 and [t.seed for t in done.runs[:3]] == [0, 1, 2]
    code, out, err = lossviz_main(tmp_path, capsys, "fan", "linreg:n=50", "--load", "fan.npz", "-o", "g.png")
    one_line_error(code, out, err, "ran on Linear regression", "n=40", "not on", "n=50")


def test_render_options_with_bad_values_are_one_line(tmp_path, capsys, lecture):
    code, out, err = lossviz_main(tmp_path, capsys, "render", lecture, "--only", "valey", "--out", "figs")
    one_line_error(code, out, err, "--only 'valey'", "did you mean 'valley'")
    code, out, err = lossviz_main(tmp_path, capsys, "render", lecture, "--jobs", "0", "--out", "figs")
    one_line_error(code, out, err, "--jobs 0", "at least 1")
    assert not (tmp_path / "figs").exists()
    # --only renders that entry alone
    done = lossviz(tmp_path, "render", lecture, "--only", "race", "--out", tmp_path / "one", "--quiet")
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["lossviz-manifest.json", "race.gif"]
    assert done.lines[0].startswith("rendered 1 of 1")
