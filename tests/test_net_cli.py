"""``lossviz net``: figures and animations from the command line, and one clear line (exit 2)
for bad input; and the layout of the figure with a decision-boundary panel."""
import io

import numpy as np
import pytest
from PIL import Image

import landscape
import optimizers
from animations import cli, cli_net, netfigs
from landscape.plane import pca_plane

SMALL = ["moons:n=60", "--hidden", "6,4", "--resolution", "16"]


@pytest.fixture
def lossviz(capsys):
    def call(argv):
        out = io.StringIO()
        code = cli.main(argv, out=out)
        return code, out.getvalue(), capsys.readouterr().err

    return call


def test_the_issue_example_writes_a_pca_figure_with_a_decision_boundary(lossviz, tmp_path):
    target = tmp_path / "net.png"
    code, out, err = lossviz(["net", "moons:n=80", "--hidden", "8,8", "--activation", "tanh",
                              "--loss", "bce", "--opt", "sgd:lr=0.1", "--opt", "adam:lr=0.01",
                              "--epochs", "5", "--plane", "pca", "--boundary", "--resolution",
                              "20", "-o", str(target)])
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"wrote {target}" and lines[1].startswith("  plane: PC1 ")
    assert "SGD (lr=0.1)" in lines[2] and "400 steps" in lines[2] and "% right" in lines[2]
    assert "Adam (lr=0.01)" in lines[3] and "5 steps" in lines[3] and "% in plane" in lines[3]
    with Image.open(target) as im:
        assert im.size[0] > 1.6 * im.size[1]                       # the wide two-panel layout


@pytest.mark.parametrize("theme, size", [("paper", (1290, 750)), ("slides", (1920, 1080))])
def test_the_boundary_figure_has_one_legend_and_no_empty_middle(theme, size):
    """Two square panels fill the figure (a paper figure shrinks to fit them, a slide keeps
    16:9), and one legend under both gives each run's share in plane and its accuracy."""
    net = landscape.get("mlp", data="moons", n=60, hidden=(6,))
    runs = [optimizers.run(net, optimizers.get(name, lr=lr), steps=40)
            for name, lr in (("gd", 0.5), ("adam", 0.05))]
    fig = netfigs.plot_plane(pca_plane(net, runs), runs, boundary=True, theme=theme,
                             resolution=12)
    fig.draw_without_rendering()                # constrained layout places the panels
    assert tuple(round(v) for v in fig.get_size_inches() * fig.dpi) == size
    surface, boundary = fig.axes[0], next(a for a in fig.axes if a.get_label() == "boundary")
    assert boundary.get_legend() is None
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(labels) == 2 and all("in plane · " in t and t.endswith("% right") for t in labels)
    left, right = surface.get_window_extent(), boundary.get_window_extent()
    gap = right.x0 - left.x1                    # colour bar and the y label sit in it
    assert 0 < gap < 0.25 * fig.bbox.width
    assert right.x1 > 0.9 * fig.bbox.width      # the data panel reaches the right edge


@pytest.mark.parametrize("extra", [
    ["--plane", "random", "--extent", "0.5", "--theme", "slides"],
    ["--plane", "points", "--extent=-1,3,-2,2", "--activation", "relu"],
    ["--view", "line", "--loss", "mse", "--dropout", "0.2"],
])
def test_planes_views_and_options(lossviz, tmp_path, extra):
    target = tmp_path / "fig.svg"
    code, out, err = lossviz(["net", *SMALL, "--steps", "15", "--opt", "gd:lr=0.5",
                              "--opt", "momentum:lr=0.1", *extra, "-o", str(target)])
    assert (code, err) == (0, "") and target.stat().st_size > 1000
    assert ("% in plane" in out) == ("line" not in extra)


def test_an_animation_of_the_paths_on_the_plane(lossviz, tmp_path):
    target = tmp_path / "net.gif"
    code, out, err = lossviz(["net", *SMALL, "--steps", "10", "--opt", "adam:lr=0.05",
                              "--opt", "gd:lr=0.5", "--seconds", "0.5", "--fps", "4",
                              "-o", str(target)])
    assert (code, err) == (0, "")
    with Image.open(target) as im:
        assert im.n_frames >= 2


def test_defaults(lossviz, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = lossviz(["net", "xor:n=40", "--hidden", "4", "--resolution", "8",
                              "--epochs", "2"])
    assert code == 0 and (tmp_path / "net-xor.png").is_file()
    assert "SGD (lr=0.1)" in out and "Adam (lr=0.01, batch_size=20)" in out


@pytest.mark.parametrize("argv, words", [
    (["--hidden", "16,0"], ["hidden=(16, 0)", ">= 1"]),
    (["--hidden", "16,x"], ["--hidden '16,x'", "e.g. 16,16"]),
    (["--activation", "tanhh"], ["activation='tanhh'", "did you mean 'tanh'"]),
    (["--loss", "hinge"], ["loss='hinge'", "bce"]),
    (["--dropout", "1"], ["dropout=1.0", "[0, 1)"]),
    (["--resolution", "1"], ["--resolution 1 must be >= 2"]),
    (["--plane", "pcaa"], ["--plane 'pcaa'", "pca, random, points"]),
    (["--view", "3d"], ["--view '3d'"]),
    (["--extent", "0"], ["--extent '0'"]),
    (["--plane", "points", "--opt", "gd:lr=0.1"], ["two --opt"]),
    (["--view", "line", "-o", "x.gif"], ["--view line", "still figure"]),
    (["--steps", "3", "--epochs", "3"], ["not both"]),
    (["--opt", "adamm:lr=0.1"], ["unknown optimizer 'adamm'", "did you mean 'adam'"]),
    (["-o", "net.txt"], ["unknown extension '.txt'"]),
])
def test_bad_input_gets_one_clear_line_and_exit_2(lossviz, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    code, out, err = lossviz(["net", "moons:n=30", *argv])
    assert code == 2 and out == "" and list(tmp_path.iterdir()) == []
    assert err.startswith("lossviz: error: ") and err.count("\n") == 1
    for w in words:
        assert w in err


def test_data_mistakes(lossviz):
    for data, words in (("moon", "did you mean 'moons'"), ("moons:width=3", "unknown option 'width'"),
                        ("sine", "loss='mse'")):
        code, _, err = lossviz(["net", data])
        assert code == 2 and words in err and err.count("\n") == 1
    code, _, err = lossviz(["net", "sine:n=30", "--loss", "mse", "--boundary"])
    assert code == 2 and "2-D two-class data" in err


def test_report_lists_accuracy_only_for_classification(tmp_path):
    net = landscape.get("mlp", data="sine", loss="mse", n=20, hidden=(3,))
    runs = [optimizers.run(net, optimizers.get("gd", lr=0.1), steps=3)]
    out = io.StringIO()
    cli_net._report(out, "x.png", net, runs, None)
    assert "right" not in out.getvalue() and np.isfinite(runs[0].loss[-1])
