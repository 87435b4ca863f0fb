"""Frames for slides: beamer's animate snippet with its timeline, build stills at chosen
steps (one overlay each), and vector PDF frames; read back from the files written."""
from __future__ import annotations

import re

import numpy as np
import pytest
from PIL import Image

import animations
import landscape
import optimizers
from animations.encode import read_stamp
from clitools import cwd, files, gif_frames, lossviz, lossviz_main, one_line_error

SIZE = (400, 300)


@pytest.fixture(scope="module")
def race():
    s = landscape.get("rosenbrock")
    runs = [optimizers.run(s, optimizers.get(n, lr=lr), start=(-1.5, 2.0), steps=100)
            for n, lr in (("momentum", 1e-3), ("adam", 0.05))]
    return s, runs


def seconds_per_frame(timeline: str) -> list[float]:
    """How long the animate package shows each frame: a number between the first two
    colons sets the rate (frames a second) from that frame on (the package's manual)."""
    rate, out = None, []
    for line in timeline.splitlines():
        star, given, rest = line.split(":", 2)
        assert star == "" and rest.strip().isdigit(), line
        rate = float(given) if given else rate
        out.append(1.0 / rate)
    return out


def test_a_frames_folder_plays_in_beamer_as_the_gif_does(race, tmp_path):
    """The snippet names files that exist, first to last; the timeline holds the first
    frame for the still and the last for the pause, as long as the GIF does."""
    s, runs = race
    kw = dict(frames=12, fps=10, size=SIZE, still=0.5, hold=2.0, resolution=60, progress=False)
    with cwd(tmp_path):    # the LaTeX names the folder as it was given: here, relative
        animations.animate(s, runs, out="race/", **kw)
    animations.animate(s, runs, out=tmp_path / "race.gif", **kw)
    folder = tmp_path / "race"
    snippet = (folder / "animate.tex").read_text()
    m = re.search(r"\\animategraphics\[([^\]]*)\]\{([\d.]+)\}\{([^}]*)\}\{(\d+)\}\{(\d+)\}", snippet)
    options, fps, base, first, last = m.groups()
    assert float(fps) == 10 and "timeline=race/timeline.txt" in options
    assert base == "race/frame_"
    # the numbers are as padded as the names: frame_0000.png ... frame_0011.png
    assert (tmp_path / f"{base}{first}.png").is_file() and (tmp_path / f"{base}{last}.png").is_file()
    assert int(last) - int(first) + 1 == 12 == len([f for f in files(folder) if f.startswith("frame_")])
    durations = seconds_per_frame((folder / "timeline.txt").read_text())
    assert len(durations) == 12
    assert durations[0] == pytest.approx(0.1 + 0.5, rel=1e-5)
    assert durations[-1] == pytest.approx(0.1 + 2.0, rel=1e-5)
    assert durations[1:-1] == pytest.approx([0.1] * 10)
    gif = [ms / 1000 for _, ms in gif_frames(tmp_path / "race.gif")]
    assert durations == pytest.approx(gif, abs=0.006)


def test_build_stills_are_the_frames_of_the_animation_at_those_steps(race, tmp_path):
    s, runs = race
    kw = dict(size=SIZE, resolution=60, progress=False)
    # 11 frames of 100 steps show steps 0, 10, ..., 100
    animations.animate(s, runs, out=str(tmp_path / "all") + "/", frames=11, **kw)
    with cwd(tmp_path):
        anim = animations.animate(s, runs, out="build/", at=[50, 0, 10, 100, 10], **kw)
    assert anim.at == (0, 10, 50, 100) and anim.frames == 4 and "4 stills" in repr(anim)
    build = tmp_path / "build"
    assert files(build) == ["build.tex", "step_0000.png", "step_0010.png", "step_0050.png",
                            "step_0100.png"]
    for step in (0, 10, 50, 100):
        still = np.asarray(Image.open(build / f"step_{step:04d}.png"))
        frame = np.asarray(Image.open(tmp_path / "all" / f"frame_{step // 10:04d}.png"))
        assert np.array_equal(still, frame), step
    assert not np.array_equal(np.asarray(Image.open(build / "step_0000.png")),
                              np.asarray(Image.open(build / "step_0050.png")))
    # one overlay per still, in order, naming files that exist
    shows = re.findall(r"\\only<(\d+)>\{\\includegraphics\[[^\]]*\]\{([^}]*)\}\}", (build / "build.tex").read_text())
    assert [int(k) for k, _ in shows] == [1, 2, 3, 4]
    assert [(tmp_path / f"{name}.png").is_file() for _, name in shows] == [True] * 4
    assert [name for _, name in shows] == [f"build/step_{k:04d}" for k in (0, 10, 50, 100)]


def test_pdf_frames_are_vector_stamped_and_reproducible(race, tmp_path):
    s, runs = race
    kw = dict(size=SIZE, resolution=40, progress=False, frame_format="pdf")
    animations.animate(s, runs, out=str(tmp_path / "a") + "/", at=[0, 100], **kw)
    animations.animate(s, runs, out=str(tmp_path / "b") + "/", at=[0, 100], **kw)
    first, last = (tmp_path / "a" / "step_0000.pdf").read_bytes(), (tmp_path / "a" / "step_0100.pdf").read_bytes()
    assert first.startswith(b"%PDF") and last.rstrip().endswith(b"%%EOF")
    assert b"/Subtype /Image" not in first + last      # drawn as paths, not a picture of them
    assert first != last                                # the runs have moved
    assert last == (tmp_path / "b" / "step_0100.pdf").read_bytes()   # no timestamp in it
    assert read_stamp(tmp_path / "a" / "step_0100.pdf")["lossviz"]


def test_pdf_frames_of_an_animation_go_with_the_snippet(race, tmp_path):
    s, runs = race
    animations.animate(s, runs, out=str(tmp_path / "v") + "/", frames=3, size=SIZE, resolution=30,
                       progress=False, frame_format="pdf")
    assert files(tmp_path / "v") == ["animate.tex", "frame_0000.pdf", "frame_0001.pdf",
                                     "frame_0002.pdf", "timeline.txt"]


def test_command_line_build_stills_and_their_recipe(tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys, "animate", "quadratic", "--opt", "gd:lr=0.1",
                                  "--steps", "40", "--at", "0,5,40", "-o", "build/", "--quiet")
    assert code == 0, err
    assert files(tmp_path / "build") == ["build.tex", "step_0000.png", "step_0005.png", "step_0040.png"]
    assert "3 stills at steps 0, 5, 40" in out and "\\input{build/build.tex}" in out
    stamp = read_stamp(tmp_path / "build" / "step_0005.png")
    assert "at = [0, 5, 40]" in stamp["recipe"]
    # the LaTeX says what made it, in the recipe's words
    assert "%   at = [0, 5, 40]" in (tmp_path / "build" / "build.tex").read_text()


def test_command_line_frames_folder_says_how_to_use_it(tmp_path):
    (tmp_path / "slides").mkdir()
    done = lossviz(tmp_path, "animate", "quadratic", "--opt", "gd:lr=0.1", "--steps", "20",
                   "--frames", "4", "-o", "slides/race/", "--frame-format", "pdf", "--quiet")
    assert files(tmp_path / "slides" / "race")[0] == "animate.tex"
    assert "{slides/race/frame_}{0000}{0003}" in (tmp_path / "slides" / "race" / "animate.tex").read_text()
    assert any("\\input{slides/race/animate.tex}" in line for line in done.lines)


@pytest.mark.parametrize("argv, words", [
    (["--at", "0,500", "-o", "b/"], ["at=500", "last step (40)"]),
    (["--at", "0,5", "-o", "b.gif"], ["at=", "folder"]),
    (["--at", "0,x", "-o", "b/"], ["--at", "'0,x'", "whole numbers"]),
    (["--at", "0,-5", "-o", "b/"], ["--at", "count from 0"]),
    (["--at", "1,2", "--frames", "5", "-o", "b/"], ["at=", "not both"]),
    (["--frame-format", "svg", "-o", "b/"], ["--frame-format", "'svg'", "png", "pdf"]),
    (["--frame-format", "pdf", "-o", "b.gif"], ["frame_format='pdf'", "folder"]),
])
def test_bad_build_and_frame_options_are_one_line_and_write_nothing(tmp_path, capsys, argv, words):
    code, out, err = lossviz_main(tmp_path, capsys, "animate", "quadratic", "--opt", "gd:lr=0.1",
                                  "--steps", "40", *argv)
    one_line_error(code, out, err, *words)
    assert files(tmp_path) == []


def test_pdf_frames_refuse_what_only_pixels_can_show(tmp_path, capsys):
    code, out, err = lossviz_main(tmp_path, capsys, "animate", "linreg", "--opt", "sgd:lr=0.1",
                                  "--steps", "10", "--minibatch", "--frame-format", "pdf", "-o", "f/")
    one_line_error(code, out, err, "PDF frames", "minibatch")
    assert files(tmp_path) == []
