"""The step counter of an animation, drawn by pasting pre-rendered digits.

Drawing a text with matplotlib costs more than drawing every path of a frame, and
the counter changes every frame.  It is monospaced and always the same length
("step   7 / 300"), so each digit in each place is rendered once by matplotlib
itself; a frame pastes the strip together in numpy.
"""
from __future__ import annotations

import numpy as np


class Counter:
    """Renders ``"step k / last"`` (or ``"samples k / last"``) into a canvas buffer for any ``k``."""

    def __init__(self, canvas, text, last_step, background, word="step"):
        self.last, self.width, self.word = last_step, len(str(last_step)), word
        renderer = canvas.get_renderer()
        x, y, prop, angle = _text_position(renderer, text)
        h = canvas.get_width_height()[1]
        ext = text.get_window_extent(renderer)
        self.rows = slice(max(0, int(h - np.ceil(ext.y1)) - 1), int(h - np.floor(ext.y0)) + 1)
        self.cols = slice(max(0, int(np.floor(ext.x0)) - 1), int(np.ceil(ext.x1)) + 1)
        colour = text.get_color()

        def render(s):
            canvas.restore_region(background)
            gc = renderer.new_gc()
            gc.set_foreground(colour)
            gc.set_antialiased(True)
            renderer.draw_text(gc, x, y, s, prop, angle)
            gc.restore()
            return np.asarray(canvas.buffer_rgba())[self.rows, self.cols].astype(np.int16)

        template = self.text(last_step)
        first = template.index("/") - 1 - self.width      # where the digits start
        self.blank = render(" " * len(template))
        self.base = render(template[:first] + " " * self.width + template[first + self.width:])
        self.digits = [[render(" " * (first + j) + str(d) + " " * (len(template) - first - j - 1))
                        for d in range(10)] for j in range(self.width)]
        canvas.restore_region(background)

    def text(self, step) -> str:
        return f"{self.word} {step:>{self.width}d} / {self.last}"

    def paste(self, buffer, step):
        """Write the counter for ``step`` into ``buffer`` (the canvas's RGBA array)."""
        strip = self.base.copy()
        ink = np.abs(strip - self.blank).sum(-1)
        for j, ch in enumerate(f"{step:>{self.width}d}"):
            if ch == " ":
                continue
            sprite = self.digits[j][int(ch)]
            more = np.abs(sprite - self.blank).sum(-1) > ink  # overlapping edges: keep the inkier
            strip[more] = sprite[more]
        buffer[self.rows, self.cols] = strip.astype(np.uint8)


def _text_position(renderer, text):
    """Where and how the renderer draws ``text``: (x, y, font properties, angle)."""
    seen = []
    # shadow the class's method for one draw, to learn what Text.draw would pass to it
    renderer.draw_text = lambda gc, x, y, s, prop, angle, *a, **k: seen.append((x, y, prop, angle))
    try:
        text.draw(renderer)
    finally:
        del renderer.draw_text
    return seen[0]
