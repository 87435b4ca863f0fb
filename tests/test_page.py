"""The race as one HTML page (issue 14): checked in Python, then opened offline in a real
browser (Debian's chromium through playwright), as a student opens it from a USB stick."""
from __future__ import annotations

import base64
import io
import json
import os
import re

import numpy as np
import pytest
from PIL import Image

import animations
import landscape
import optimizers
from animations.draw import assign_colours, get_theme
from animations.frames.page import background
from groundwork import provenance

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STEPS = 300
THEMES = ("paper", "slides", "dark")


@pytest.fixture(scope="module")
def race():
    s = landscape.get("rosenbrock")
    runs = [optimizers.run(s, optimizers.get(name, lr=lr), start=(-1.5, 2.0), steps=STEPS)
            for name, lr in (("adam", 0.05), ("momentum", 1e-3))]
    return s, runs


@pytest.fixture(scope="module")
def pages(race, tmp_path_factory):
    s, runs = race
    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for theme in THEMES:
        path = folder / f"race-{theme}.html"
        made[theme] = path, animations.page(s, runs, path, theme=theme, resolution=150)
    return made


def data_of(path) -> dict:
    """What the page holds as data: the extent, the look and the runs."""
    found = re.search(r'<script [^>]*id="race-data">(.*?)</script>', path.read_text("utf-8"))
    return json.loads(found.group(1))


def to_pixel(extent, x, y):
    """Data to picture pixels, from the axes' extent that the page holds."""
    left, top, right, bottom = extent["axes"]
    (x0, x1), (y0, y1) = extent["xlim"], extent["ylim"]
    return left + (x - x0) / (x1 - x0) * (right - left), bottom - (y - y0) / (y1 - y0) * (bottom - top)


def rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


# ---- the file itself -----------------------------------------------------------------------

def test_one_file_naming_nothing_outside_itself_and_stamped(pages):
    path, made = pages["paper"]
    text = path.read_text("utf-8")
    assert "http://" not in text and "https://" not in text
    # every picture is inside the page; nothing names a file, a font or a script elsewhere
    assert re.findall(r'\b(?:src|href)="([^"]*)"', text) and all(
        v.startswith("data:") for v in re.findall(r'\b(?:src|href)="([^"]*)"', text))
    assert "url(" not in text and "@import" not in text
    stamp = re.search(r'<meta name="lossviz" content="([^"]*)">', text).group(1)
    assert provenance.read_stamp(stamp.replace("&quot;", '"'))["lossviz"] == provenance.version()
    assert "<title>Rosenbrock</title>" in text
    assert made.path == path and made.nbytes == path.stat().st_size and made.size == (800, 600)
    assert made.runs == 2 and made.last == STEPS and "2 runs over 300 steps" in repr(made)


def test_the_runs_go_in_as_data_with_the_figures_colours(pages, race):
    _, runs = race
    for theme in THEMES:
        data = data_of(pages[theme][0])
        assert [r["colour"] for r in data["runs"]] == assign_colours(runs, get_theme(theme))
        assert [r["label"] for r in data["runs"]] == [t.label for t in runs]
        for r, t in zip(data["runs"], runs):
            assert np.array_equal(np.array(r["xy"]), t.params) and np.array_equal(r["loss"], t.loss)
            assert r["step"] == list(range(STEPS + 1))
        assert data["last"] == STEPS and data["look"]["paper"] == get_theme(theme).paper


def test_same_input_same_bytes(race, pages, tmp_path):
    s, runs = race
    again = animations.page(s, runs, tmp_path / "again.html", theme="paper", resolution=150)
    assert again.path.read_bytes() == pages["paper"][0].read_bytes()


def test_the_extent_is_where_the_picture_has_its_axes(pages):
    """The axes' frame (the spines, in ink) lies on the extent's edges in the picture itself,
    so a point placed by the extent is where the contours have that coordinate."""
    for theme in ("paper", "dark"):
        path = pages[theme][0]
        text = path.read_text("utf-8")
        png = base64.b64decode(re.search(r'id="surface" src="data:image/png;base64,([^"]+)"', text).group(1))
        im = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
        extent = data_of(path)["extent"]
        assert im.shape[:2] == (extent["height"], extent["width"])
        left, top, right, bottom = extent["axes"]
        ink = np.array(rgb(get_theme(theme).ink))
        rows, cols = slice(int(top) + 5, int(bottom) - 5), slice(int(left) + 5, int(right) - 5)
        # a vertical spine spans the whole height at x = left (and right), a pixel either side
        for x in (left, right):
            assert inked(im[rows, int(x) - 1:int(x) + 2], ink).any(axis=1).all(), (theme, x)
            assert not inked(im[rows, int(x) + 4], ink).all()
        for y in (top, bottom):
            assert inked(im[int(y) - 1:int(y) + 2, cols], ink).any(axis=0).all(), (theme, y)


def inked(pixels, ink):
    """Where ``pixels`` are (nearly) the colour ``ink``."""
    return np.abs(pixels - ink).sum(axis=-1) < 120


def test_the_picture_is_the_figures_contour_panel(race):
    s, _ = race
    png, top, extent = background(s, get_theme("paper"), (800, 600), resolution=60)
    assert png[:4] == top[:4] == b"\x89PNG"
    assert extent["xlim"] == [-2.0, 2.0] and extent["ylim"] == [-1.0, 3.0] and extent["side"] is None
    over = np.asarray(Image.open(io.BytesIO(top)).convert("RGBA"))
    x, y = (round(v) for v in to_pixel(extent, 1.0, 1.0))       # the minimum's star, above the paths
    assert over[y, x, 3] == 255 and over[5, 5, 3] == 0
    assert background(s, get_theme("slides"), (1280, 720), resolution=60).extent["side"] is not None


@pytest.mark.parametrize("out, words", [
    ("race.gif", "page: cannot write 'race.gif': unknown extension '.gif'; use one of .html"),
    ("race", "unknown extension '(none)'"),
])
def test_a_bad_name_is_one_error_and_writes_nothing(race, tmp_path, monkeypatch, out, words):
    s, runs = race
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError) as err:
        animations.page(s, runs, out)
    assert words in str(err.value) and "\n" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_bad_runs_and_settings_are_one_error_and_write_nothing(race, tmp_path):
    s, runs = race
    s3 = landscape.from_function(lambda p: np.sum(p ** 2, axis=-1), dim=3, bounds=((-1, 1),) * 3)
    runs3 = [optimizers.run(s3, optimizers.get("gd", lr=0.1), start=(0.5, 0.5, 0.5), steps=5)]
    with pytest.raises(ValueError, match=r"^page: trajectory .* has dim=3, the surface has dim=2"):
        animations.page(s, runs3, tmp_path / "race.html")
    with pytest.raises(ValueError, match=r"^page: surface .* has dim=3; .*needs? a 2-D surface"):
        animations.page(s3, runs3, tmp_path / "race.html")
    with pytest.raises(ValueError, match="^page: give at least one trajectory"):
        animations.page(s, [], tmp_path / "race.html")
    with pytest.raises(TypeError, match="^page: caption=3 must be text"):
        animations.page(s, runs, tmp_path / "race.html", caption=3)
    booth = landscape.get("booth")
    with pytest.raises(ValueError, match="^page: trajectory 'GD .*' ran on 'booth', not on 'rosenbrock'"):
        animations.page(s, [optimizers.run(booth, optimizers.get("gd", lr=0.05), steps=5)],
                        tmp_path / "race.html")
    many = optimizers.run(booth, optimizers.get("gd", lr=0.05), start=np.array([[1.0, 2.0], [3.0, 4.0]]),
                          steps=5)
    with pytest.raises(ValueError, match=r"^page: trajectory .* holds 2 starts; give them one by one"):
        animations.page(booth, [many], tmp_path / "race.html")
    with pytest.raises(ValueError, match=r"^page: size=\(10, 10\) is outside"):
        animations.page(s, runs, tmp_path / "race.html", size=(10, 10))
    assert list(tmp_path.iterdir()) == []


# ---- in a browser, offline -----------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    sync = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright "
                               "(pip install playwright)")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"the browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    with sync.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def opened(browser, pages):
    """``open(theme)``: the page loaded from file:// with every other request refused;
    after the test, no request left the page and no script failed."""
    tabs, asked, failed = [], [], []

    def open_(theme="paper"):
        url = pages[theme][0].as_uri()
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        tab.on("pageerror", lambda e: failed.append(str(e)))
        tab.on("request", lambda r: r.url == url or asked.append(r.url))

        def refuse(route):
            if route.request.url == url:
                return route.continue_()
            asked.append(route.request.url)
            return route.abort()
        tab.route("**/*", refuse)
        tab.goto(url)
        tabs.append(tab)
        return tab
    yield open_
    for tab in tabs:
        tab.close()
    assert asked == [] and failed == []


def counter(tab) -> str:
    return tab.inner_text("#counter")


def slide(tab, step):
    tab.fill("#slider", str(step))


def test_opens_at_the_end_and_steps_one_at_a_time(opened):
    tab = opened()
    assert counter(tab) == f"step {STEPS} / {STEPS}"
    html = tab.evaluate("document.documentElement.outerHTML")
    assert "http://" not in html and "https://" not in html
    assert tab.title() == "Rosenbrock"
    slide(tab, 120)
    assert counter(tab) == f"step 120 / {STEPS}"
    tab.click("#forward")
    assert counter(tab) == f"step 121 / {STEPS}"
    tab.click("#back")
    tab.click("#back")
    assert counter(tab) == f"step 119 / {STEPS}"


def test_the_slider_moves_the_heads_to_their_exact_pixels(opened, pages, race):
    _, runs = race
    tab = opened()
    extent = data_of(pages["paper"][0])["extent"]
    for step in (0, 37, 120, 299):
        slide(tab, step)
        heads = tab.evaluate("race.heads")
        for head, t in zip(heads, runs):
            want = to_pixel(extent, *t.params[step])
            assert abs(head[0] - want[0]) <= 1 and abs(head[1] - want[1]) <= 1, (step, t.label)
    # and what shows there is each run's head, in its colour (the picture has it at that spot)
    slide(tab, 150)
    shot = np.asarray(Image.open(io.BytesIO(tab.locator("#figure").screenshot())).convert("RGB")).astype(int)
    for t, colour in zip(runs, assign_colours(runs, get_theme("paper"))):
        x, y = (round(v) for v in to_pixel(extent, *t.params[150]))
        assert np.abs(shot[y, x] - rgb(colour)).sum() < 30, t.label


def test_clicking_a_legend_entry_hides_its_run(opened, pages, race):
    _, runs = race
    tab = opened()
    extent = data_of(pages["paper"][0])["extent"]
    slide(tab, 150)
    x, y = to_pixel(extent, *runs[1].params[150])
    alpha = f"document.getElementById('paths').getContext('2d').getImageData({x:.0f}, {y:.0f}, 1, 1).data[3]"
    assert tab.evaluate(alpha) == 255
    tab.click(f"#legend .run:has-text('{runs[1].label}')")
    assert tab.evaluate("race.shown") == [True, False] and tab.evaluate("race.heads")[1] is None
    assert tab.evaluate(alpha) == 0          # nothing of it is drawn
    assert tab.get_attribute("#legend .run >> nth=1", "aria-pressed") == "false"
    tab.click(f"#legend .run:has-text('{runs[1].label}')")
    assert tab.evaluate(alpha) == 255


def test_hovering_a_point_shows_its_step_loss_and_parameters(opened, pages, race):
    _, runs = race
    tab = opened()
    extent = data_of(pages["paper"][0])["extent"]
    box = tab.locator("#paths").bounding_box()
    t = runs[1]                                      # momentum, where Adam's path is not
    for j in (40, 250):
        x, y = to_pixel(extent, *t.params[j])
        tab.mouse.move(box["x"] + x, box["y"] + y)
        tip = tab.inner_text("#tip")
        assert tab.is_visible("#tip") and t.label in tip
        step = int(re.search(r"step (\d+)", tip).group(1))
        # the point under the mouse (points closer than a pixel may stand for each other)
        assert np.hypot(*np.subtract(to_pixel(extent, *t.params[step]), (x, y))) < 1.5
        assert float(re.search(r"loss (\S+)", tip).group(1)) == pytest.approx(t.loss[step], rel=1e-5)
        px, py = (float(v) for v in re.search(r"\(x, y\) = \((\S+), (\S+)\)", tip).groups())
        assert (px, py) == pytest.approx(tuple(t.params[step]), rel=1e-5, abs=1e-9)
    tab.mouse.move(box["x"] + 3, box["y"] + 3)
    assert not tab.is_visible("#tip")


def test_play_advances_over_time_and_stops_at_the_last_step(opened):
    tab = opened()
    slide(tab, 0)
    tab.click("#play")
    assert tab.inner_text("#play") == "pause"
    tab.wait_for_function("() => race.step > 10", timeout=5000)
    tab.click("#play")                               # pause
    paused = tab.evaluate("race.step")
    tab.wait_for_timeout(300)
    assert tab.evaluate("race.step") == paused and 0 < paused < STEPS
    slide(tab, STEPS - 20)
    tab.keyboard.press("Escape")                     # (the slider keeps no keys)
    tab.click("#play")
    tab.wait_for_function("() => !race.playing", timeout=5000)
    assert counter(tab) == f"step {STEPS} / {STEPS}" and tab.inner_text("#play") == "play"


@pytest.mark.parametrize("theme", THEMES)
def test_each_theme_paints_the_page_and_looks_right(opened, theme):
    tab = opened(theme)
    look = get_theme(theme)
    background_colour = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    ink = tab.evaluate("getComputedStyle(document.body).color")
    assert background_colour == "rgb({}, {}, {})".format(*rgb(look.paper))
    assert ink == "rgb({}, {}, {})".format(*rgb(look.ink))
    slide(tab, STEPS // 2)
    tab.screenshot(path=f"/tmp/page-{theme}.png", full_page=True)   # to look at


# ---------------------------------------------------------------- on the command line
def test_animate_to_html_writes_the_page_and_renders_it_again(tmp_path):
    from animations.encode import read_stamp
    from clitools import lossviz
    done = lossviz(tmp_path, "animate", "rosenbrock", "--opt", "adam:lr=0.05", "--opt", "momentum:lr=1e-3",
                   "--start", "-1.5,2", "--steps", "60", "--theme", "slides", "-o", "race.html")
    data = data_of(tmp_path / "race.html")
    assert [r["label"] for r in data["runs"]] == [t.label for t in done.runs]
    assert np.array_equal(np.array(data["runs"][1]["xy"]), done.runs[1].params)
    assert "2 runs over 60 steps" in done.lines[-1]
    assert 'theme = "slides"' in read_stamp(tmp_path / "race.html")["recipe"]
    lossviz(tmp_path, "render", "race.html", "--out", "again", "--quiet")
    assert (tmp_path / "again" / "race.html").read_bytes() == (tmp_path / "race.html").read_bytes()


@pytest.mark.parametrize("argv, words", [
    (["rosenbrock", "--max-size", "2MB"], ["--max-size", "HTML page", "drop --max-size"]),
    (["rosenbrock", "--loss-panel"], ["--loss-panel", "HTML page"]),
    (["rosenbrock", "--view", "3d"], ["--view", "HTML page"]),
    (["bowl"], ["HTML page", "'bowl' is 1-D", ".gif"]),
])
def test_what_a_page_does_not_take_is_one_line(tmp_path, capsys, argv, words):
    from clitools import files, lossviz_main, one_line_error
    code, out, err = lossviz_main(tmp_path, capsys, "animate", *argv, "--steps", "5", "-o", "x.html")
    one_line_error(code, out, err, *words)
    assert files(tmp_path) == []
