"""One self-contained HTML page: a still background picture, runs as data, and a few
lines of plain JavaScript that draw the runs over it up to any step.

Nothing in the page names a place outside itself (no CDN, no font or script to load;
its content policy forbids any request), so it opens from a USB stick.  The same
inputs give the same bytes.  This room knows nothing of surfaces: it is handed the
picture, where its axes are in pixels, and each run's points.
"""
from __future__ import annotations

import base64
import html
import json

from groundwork import atomic_output, check_output

POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
RUN_KEYS = ("label", "colour", "width", "dash", "grow", "z", "step", "xy", "loss")
LOOK_KEYS = ("paper", "ink", "halo", "line_colour", "font", "line", "marker")


def write_page(path, background_png: bytes, extent: dict, runs: list, look: dict, title: str,
               stamp: str, caption: str = "", clock: str = "step", top_png: bytes | None = None) -> int:
    """Write the page to ``path`` (``.html``) atomically; return its size in bytes.

    ``extent``: the picture's ``width`` and ``height`` and, in its pixels from the top
    left, ``axes`` ``[left, top, right, bottom]`` where ``xlim`` and ``ylim`` are drawn,
    ``px_per_pt`` and ``side`` (a column for the legend, or None); ``runs``: dicts with
    ``label``, ``colour``, ``width`` (points), ``dash``, ``grow``, ``z`` (drawing order),
    ``step`` and ``xy`` and ``loss`` per point (None where not finite), and optionally
    ``t`` (the clock per point), ``end`` (the clock at its last step), ``exit`` ``[x, y, t]``
    (where it left the view) and ``diverged`` (words); ``look``:
    the theme's colours and sizes; ``stamp``: where the page came from; ``top_png``: a
    transparent picture laid over the paths (what the figures draw above them).

    >>> import io, tempfile, pathlib
    >>> from PIL import Image
    >>> png = io.BytesIO(); Image.new("RGB", (40, 30), "white").save(png, "PNG")
    >>> run = dict(label="GD", colour="#0072B2", width=1.8, dash=[], grow=1, z=0, step=[0, 1],
    ...            xy=[[0, 0], [1, 1]], loss=[2.0, 1.0])
    >>> look = dict(paper="#FFFFFF", ink="#111111", halo="#FFFFFF", line_colour="#5B6B7C",
    ...             font=10, line=1.8, marker=2.6)
    >>> box = dict(width=40, height=30, axes=[5, 5, 35, 25], xlim=[0, 1], ylim=[0, 1], px_per_pt=1)
    >>> write_page(pathlib.Path(tempfile.mkdtemp()) / "race.html", png.getvalue(), box, [run],
    ...            look, "booth", "{}") > 3000
    True
    """
    path = check_output(path, (".html",), "write_page")
    for name, png in (("background_png", background_png), ("top_png", top_png or b"\x89PNG")):
        if not isinstance(png, bytes) or not png.startswith(b"\x89PNG"):
            raise TypeError(f"write_page: {name} must be the bytes of a PNG picture")
    if not runs:
        raise ValueError("write_page: runs=[] holds no run; give at least one")
    wanted = [(f"runs[{i}]", RUN_KEYS, r) for i, r in enumerate(runs)] + [("look", LOOK_KEYS, look)]
    for where, keys, given in wanted:
        if any(k not in given for k in keys):
            raise ValueError(f"write_page: {where} has no {', '.join(k for k in keys if k not in given)}; "
                             f"give {', '.join(keys)}")
    last = max(r.get("end", (r.get("t") or r["step"])[-1]) for r in runs)
    data = {"extent": extent, "runs": runs, "look": look, "clock": clock, "last": last,
            "caption": caption}
    # in a <script>, "</script>" would end it: every "<" as its JSON escape
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")
    side = extent.get("side")       # a column beside the plot (slides): the legend in it, centred
    where = (f"position:absolute;left:{side[0]:.0f}px;top:{side[1]:.0f}px;width:{side[2] - side[0]:.0f}px;"
             f"height:{side[3] - side[1]:.0f}px;flex-direction:column;justify-content:center"
             if side else "justify-content:center;flex-wrap:wrap;text-align:center")
    png, top = (base64.b64encode(d).decode("ascii") if d else "" for d in (background_png, top_png))
    top = top and f'<img id="top" src="data:image/png;base64,{top}" alt="">'
    e = html.escape
    text = TEMPLATE.format(
        stamp=e(stamp), policy=POLICY, title=e(title), alt=e(f"contours of {title}"), where=where,
        paper=look["paper"], ink=look["ink"], line=look["line_colour"], w=extent["width"],
        h=extent["height"], font=round(look["font"] * 0.9 * extent["px_per_pt"], 1),  # the legend's type
        digits=2 * len(str(last)) + len(clock) + 4, png=png, top=top, data=blob,
        script=SCRIPT).encode("utf-8")
    with atomic_output(path) as tmp:
        tmp.write_bytes(text)
    return len(text)


TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="lossviz" content="{stamp}">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>
body{{margin:0;padding:12px;background:{paper};color:{ink};font:{font}px "DejaVu Sans",Verdana,sans-serif}}
main{{width:{w}px;margin:0 auto}}
#figure{{position:relative;width:{w}px}}
#surface{{display:block}}
#paths,#top{{position:absolute;left:0;top:0;width:{w}px;height:{h}px}}
#top,#tip{{pointer-events:none}}
#legend{{display:flex;gap:.1em .8em;{where}}}
#legend b{{width:100%}}
.run{{display:flex;align-items:center;gap:.4em;border:0;background:none;color:inherit;font:inherit;
  cursor:pointer;padding:.1em .2em}}
.run.off{{opacity:.35;text-decoration:line-through}}
#controls{{display:flex;align-items:center;gap:.5em;margin-top:.4em}}
#controls button{{font:inherit;color:{ink};background:{paper};border:1px solid {line};border-radius:4px;
  padding:.1em .6em;cursor:pointer}}
#play{{min-width:5em}}
#slider{{flex:1;accent-color:{line}}}
#counter{{font-family:"DejaVu Sans Mono",monospace;min-width:{digits}ch;text-align:right}}
#tip{{position:absolute;white-space:pre;background:{paper};color:{ink};border:1px solid {line};
  border-radius:4px;padding:.2em .5em;font-size:.85em}}
</style>
</head>
<body>
<main>
<div id="figure">
<img id="surface" src="data:image/png;base64,{png}" width="{w}" height="{h}" alt="{alt}">
<canvas id="paths" width="{w}" height="{h}"></canvas>
{top}
<div id="legend" role="group" aria-label="runs (click one to hide or show it)"></div>
<div id="tip" hidden></div>
</div>
<div id="controls">
<button id="back" type="button" title="step back (left arrow)">&#9664;&#xFE0E;</button>
<button id="play" type="button" title="play or pause (space)">play</button>
<button id="forward" type="button" title="step forward (right arrow)">&#9654;&#xFE0E;</button>
<input id="slider" type="range" min="0" step="1" aria-label="step">
<output id="counter"></output>
</div>
</main>
<script type="application/json" id="race-data">{data}</script>
<script>
{script}
</script>
</body>
</html>
"""

SCRIPT = r""""use strict";
// The runs drawn over the picture up to a step.  race (in the console) is the state.
const D = JSON.parse(document.getElementById("race-data").textContent);
const E = D.extent, L = D.look, runs = D.runs, pt = E.px_per_pt;
const $ = id => document.getElementById(id);
const canvas = $("paths"), ctx = canvas.getContext("2d"), slider = $("slider"), tip = $("tip");
const race = window.race = {step: D.last, last: D.last, playing: false, shown: runs.map(() => true),
                            heads: [], pixel};
const order = runs.map((_, i) => i).sort((a, b) => runs[a].z - runs[b].z);  // longest path lowest
// data to picture pixels, as matplotlib placed the axes: linear in x and in y
function pixel(x, y) {
  const [l, t, r, b] = E.axes, [x0, x1] = E.xlim, [y0, y1] = E.ylim;
  return [l + (x - x0) / (x1 - x0) * (r - l), b - (y - y0) / (y1 - y0) * (b - t)];
}
const times = run => run.t || run.step;
// the run at time c: its points so far (pixels; null where not finite), last index, done
function part(run, c) {
  const t = times(run);
  let k = 0, hi = t.length - 1;                 // the last point at or before c
  while (k < hi) { const mid = (k + hi + 1) >> 1; if (t[mid] <= c) k = mid; else hi = mid - 1; }
  const pts = run.xy.slice(0, k + 1).map(p => p && pixel(p[0], p[1]));
  const gone = run.exit && c >= run.exit[2];
  if (gone) pts.push(pixel(run.exit[0], run.exit[1]));
  const end = run.exit ? run.exit[2] : t[t.length - 1];
  return {pts, k, done: c >= end, gone};
}
function line(pts, colour, width, dash) {     // broken where a point is not finite
  ctx.beginPath();
  pts.forEach((p, i) => p && (pts[i - 1] ? ctx.lineTo(p[0], p[1]) : ctx.moveTo(p[0], p[1])));
  ctx.setLineDash(dash.map(v => v * pt));
  ctx.strokeStyle = colour; ctx.lineWidth = width * pt; ctx.stroke();
}
function disc(p, size, fill, edge, width) {   // size: a marker's width in points
  ctx.beginPath(); ctx.arc(p[0], p[1], size * pt / 2, 0, 2 * Math.PI);
  ctx.setLineDash([]);
  if (fill) { ctx.fillStyle = fill; ctx.fill(); }
  if (edge) { ctx.strokeStyle = edge; ctx.lineWidth = width * pt; ctx.stroke(); }
}
function mark(p, words, colour) {  // an X where a run left the view; "diverged at step k" by it
  const r = L.marker * 1.5 * pt, h = 0.85 * L.font * pt, pad = 0.3 * h, [l, t, , b] = E.axes;
  ctx.beginPath(); ctx.moveTo(p[0] - r, p[1] - r); ctx.lineTo(p[0] + r, p[1] + r);
  ctx.moveTo(p[0] + r, p[1] - r); ctx.lineTo(p[0] - r, p[1] + r);
  ctx.setLineDash([]); ctx.lineCap = "butt";
  ctx.strokeStyle = L.ink; ctx.lineWidth = r * 0.9; ctx.stroke();
  ctx.strokeStyle = colour; ctx.lineWidth = r * 0.6; ctx.stroke();
  if (!words) return;
  const off = 14 * pt, right = E.axes[2], lines = words.split("\n"), tall = 1.2 * h * lines.length;
  ctx.font = `${h}px "DejaVu Sans", Verdana, sans-serif`;
  const w = Math.max(...lines.map(s => ctx.measureText(s).width));
  const x = p[0] > (l + right) / 2 ? p[0] - off - w : p[0] + off;
  const y = p[1] < (t + b) / 2 ? p[1] + off : p[1] - off - tall;
  ctx.beginPath(); ctx.rect(x - pad, y - pad, w + 2 * pad, tall + 2 * pad);
  ctx.fillStyle = L.paper; ctx.fill();
  ctx.strokeStyle = colour; ctx.lineWidth = L.line * 0.5 * pt; ctx.stroke();
  ctx.fillStyle = L.ink; ctx.textBaseline = "top";
  lines.forEach((s, k) => ctx.fillText(s, x, y + 1.2 * h * k));
}
function draw() {
  const c = race.step, [l, t, r, b] = E.axes;
  const parts = runs.map((run, i) => race.shown[i] ? part(run, c) : null);
  ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
  ctx.clearRect(0, 0, E.width, E.height);
  ctx.save(); ctx.beginPath(); ctx.rect(l, t, r - l, b - t); ctx.clip();
  ctx.lineJoin = "round"; ctx.lineCap = "round";
  for (const i of order) if (parts[i] && !runs[i].dash.length)      // halos under every path
    line(parts[i].pts, L.halo, runs[i].width + 0.7 * L.line, []);
  for (const i of order) {
    if (!parts[i]) continue;
    const run = runs[i], p = parts[i];
    if (run.dash.length) line(p.pts, L.halo, run.width + 0.7 * L.line, run.dash);
    line(p.pts, run.colour, run.width, run.dash);
    if (run.xy.length <= 400)                   // a dot per step: spacing shows speed
      p.pts.slice(1, p.k).forEach(q => q && disc(q, L.marker, run.colour));
  }
  for (const p of parts) if (p && p.pts[0]) disc(p.pts[0], L.marker * 2.6, null, L.ink, L.line * 0.6);
  race.heads = parts.map(() => null);
  for (const i of order) {
    const p = parts[i], run = runs[i];
    const head = p && [...p.pts].reverse().find(q => q);
    if (!head) continue;
    race.heads[i] = head;
    if (p.done) disc(head, L.marker * 2.2 * run.grow, run.colour, L.halo, L.line * 0.45);
    else disc(head, L.marker * 3.0 * run.grow, run.colour, L.halo, L.line * 0.5);
  }
  ctx.restore();
  parts.forEach((p, i) => p && p.gone && p.done &&
                mark(p.pts[p.pts.length - 1], runs[i].diverged, runs[i].colour));
  $("counter").textContent = `${D.clock} ${c} / ${D.last}`;
  slider.value = c;
}
function go(c) { race.step = Math.max(0, Math.min(D.last, c)); draw(); }
function stride(sign) {                         // the next (or previous) time any run has a point
  const c = race.step, next = runs.flatMap(run => times(run)).filter(v => sign * (v - c) > 0);
  return next.length ? (sign > 0 ? Math.min(...next) : Math.max(...next)) : c + sign;
}
let started = 0, from = 0;
const rate = Math.max(10, D.last / 8);          // steps a second: a long race lasts 8 seconds
function tick() {
  if (!race.playing) return;
  const c = Math.min(D.last, from + Math.floor((performance.now() - started) / 1000 * rate));
  if (c !== race.step) go(c);
  if (c >= D.last) pause(); else requestAnimationFrame(tick);
}
function play() {
  if (race.step >= D.last) go(0);
  race.playing = true; started = performance.now(); from = race.step;
  $("play").textContent = "pause"; requestAnimationFrame(tick);
}
function pause() { race.playing = false; $("play").textContent = "play"; }
$("play").onclick = () => race.playing ? pause() : play();
$("back").onclick = () => { pause(); go(stride(-1)); };
$("forward").onclick = () => { pause(); go(stride(1)); };
slider.max = D.last;
slider.oninput = () => { pause(); go(+slider.value); };
document.onkeydown = e => {
  if (e.target.tagName === "INPUT" || e.target.tagName === "BUTTON" && e.key === " ") return;
  const keys = {ArrowLeft: "back", ArrowRight: "forward", " ": "play"};
  if (keys[e.key]) { e.preventDefault(); $(keys[e.key]).click(); }
};
// the legend: a click hides or shows a run
const legend = $("legend");
if (D.caption) legend.appendChild(document.createElement("b")).textContent = D.caption;
runs.forEach((run, i) => {
  const entry = legend.appendChild(document.createElement("button"));
  entry.className = "run"; entry.type = "button"; entry.setAttribute("aria-pressed", "true");
  const swatch = entry.appendChild(document.createElement("canvas")), s = devicePixelRatio;
  swatch.width = 2.2 * L.font * 0.9 * pt * s; swatch.height = L.font * pt * s;   // as matplotlib's
  swatch.style.width = `${swatch.width / s}px`;
  const g = swatch.getContext("2d"), mid = swatch.height / 2;
  g.setLineDash(run.dash.map(v => v * pt * s)); g.strokeStyle = run.colour; g.lineWidth = run.width * pt * s;
  g.beginPath(); g.moveTo(0, mid); g.lineTo(swatch.width, mid); g.stroke();
  entry.appendChild(document.createElement("span")).textContent = run.label;
  entry.onclick = () => {
    race.shown[i] = !race.shown[i]; entry.classList.toggle("off", !race.shown[i]);
    entry.setAttribute("aria-pressed", String(race.shown[i])); draw();
  };
});
// hovering near a point: its step, loss and parameters
const fmt = v => v === null ? "not finite" : String(Number(v.toPrecision(6)));
canvas.onmousemove = e => {
  let best = null, near = 8 + L.marker * pt;
  runs.forEach((run, i) => {
    if (!race.shown[i]) return;
    run.xy.slice(0, part(run, race.step).k + 1).forEach((p, j) => {
      const [x, y] = p ? pixel(p[0], p[1]) : [NaN, NaN], d = Math.hypot(x - e.offsetX, y - e.offsetY);
      if (d <= near) { near = d; best = {run, j, x, y}; }
    });
  });
  tip.hidden = !best;
  if (!best) return;
  const {run, j} = best, p = run.xy[j];
  tip.textContent = `${run.label}\nstep ${run.step[j]}` + (run.t ? `  (${run.t[j]} ${D.clock})` : "") +
    `\nloss ${fmt(run.loss[j])}\n(x, y) = (${fmt(p[0])}, ${fmt(p[1])})`;
  tip.style.borderColor = run.colour;
  const {offsetWidth: w, offsetHeight: h} = tip;     // beside the point, inside the picture
  tip.style.left = `${Math.min(best.x + 12, E.width - w - 2)}px`;
  tip.style.top = `${best.y + 12 + h < E.height ? best.y + 12 : best.y - 12 - h}px`;
};
canvas.onmouseleave = () => { tip.hidden = true; };
canvas.width = E.width * devicePixelRatio; canvas.height = E.height * devicePixelRatio;
draw();
"""
