"""The README's Python examples run as written, and its command lines parse: a reader
who copies them gets what the README says, not an error."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from clitools import lossviz

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
PYTHON = re.findall(r"```python\n(.*?)```", README, re.S)


def test_the_readme_has_its_examples():
    assert len(PYTHON) >= 2
    assert any("landscape.starts(" in block for block in PYTHON)             # many starts
    assert any("plot_side_by_side(" in block for block in PYTHON)            # side by side


@pytest.mark.parametrize("k", range(len(PYTHON)))
def test_each_python_example_runs(tmp_path, monkeypatch, k):
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(compile(PYTHON[k], f"README.md python block {k + 1}", "exec"), namespace)
    for name in re.findall(r'out="([^"]+)"', PYTHON[k]):      # every file it says it writes
        assert (tmp_path / name).stat().st_size > 1000, name


def test_the_many_starts_example_draws_a_band_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(PYTHON[0], namespace)
    many = namespace["many"]
    assert many.params.shape == (301, 16, 2)
    loss = [a for a in namespace["animations"].plot(namespace["s"], [many], loss_panel=True).axes
            if a.get_label() == "loss"][0]
    assert loss.get_title(loc="left").startswith("lines: median of 16 starts")


def test_the_caption_example_says_what_the_readme_quotes(tmp_path):
    line = next(x for x in README.splitlines() if "--caption auto" in x)
    argv = line.split("#")[0].split()[1:]
    quoted = re.search(r'caption: "([^"]+)"', README).group(1)
    done = lossviz(tmp_path, *argv)
    assert " ".join(done.figure.legends[0].get_title().get_text().split()) == quoted
