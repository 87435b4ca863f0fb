"""A streaming GIF writer with one palette for the whole animation.

imageio's Pillow plugin and Pillow's ``save_all`` both keep every frame in memory
until the file is closed; this writer sends each frame to disk as it comes, so
memory does not grow with the number of frames.  Pillow still does the LZW
encoding (``GifImagePlugin.getdata``), frame by frame.

Each frame after the first stores only the rectangle that changed, with unchanged
pixels transparent, so a path growing over a still background costs few bytes.
"""
from __future__ import annotations

import struct

import numpy as np
from PIL import GifImagePlugin, Image

TRANSPARENT = 255  # palette slot reserved for "unchanged since the last frame"
MIN_FRAME_MS = 20  # browsers slow down faster GIF frames


def build_palette(frames, exact) -> np.ndarray:
    """A 256 x 3 palette: the ``exact`` colours first, then the best fit to ``frames``.

    ``frames`` are RGB(A) arrays (the still background and the finished picture cover
    every colour an animation shows).  Median cut refined by k-means keeps
    anti-aliased edges and text close to the full-colour render.
    """
    exact = [tuple(int(v) for v in c) for c in dict.fromkeys(map(tuple, exact))]
    # every other pixel of each row and column: a quarter of the work, the same colours
    stacked = Image.fromarray(np.ascontiguousarray(
        np.concatenate([f[::2, ::2, :3] for f in frames], axis=0)))
    budget = TRANSPARENT - len(exact)
    fitted = stacked.quantize(colors=budget, method=Image.Quantize.MEDIANCUT, kmeans=3,
                              dither=Image.Dither.NONE)
    found = np.array(fitted.getpalette()[: 3 * budget], dtype=np.uint8).reshape(-1, 3)
    palette = np.zeros((256, 3), dtype=np.uint8)
    palette[: len(exact)] = exact
    palette[len(exact): len(exact) + len(found)] = found
    # Unused slots (and the transparent one) repeat colour 0, which is never chosen
    # over an exact match because the nearest-colour search takes the first hit.
    palette[len(exact) + len(found):] = palette[0]
    return palette


class Quantizer:
    """Maps RGBA frames to palette indices: exact where the colour is in the palette,
    else the nearest palette colour; no dithering, so nothing flickers.

    Pillow's own mapping looks colours up at reduced precision, which turns white
    into (252, 251, 251); here a table over all 2^24 colours (16 MB) is filled in as
    colours are first seen, so a frame costs one table look-up per pixel.
    """

    def __init__(self, palette: np.ndarray):
        self.palette = palette[:TRANSPARENT].astype(np.int32)
        self.table = np.full(1 << 24, TRANSPARENT, dtype=np.uint8)  # TRANSPARENT: not seen yet
        keys = self._keys(palette[:TRANSPARENT])
        self.table[keys[::-1]] = np.arange(TRANSPARENT)[::-1]  # the first of duplicates wins

    @staticmethod
    def _keys(rgb):
        rgb = np.asarray(rgb, dtype=np.uint32)
        return rgb[..., 0] | (rgb[..., 1] << 8) | (rgb[..., 2] << 16)

    def __call__(self, rgba: np.ndarray) -> np.ndarray:
        """``(H, W, 4)`` RGBA (as the canvas gives it) to ``(H, W)`` palette indices."""
        # the four bytes of a pixel read as one little-endian integer: r | g<<8 | b<<16 | a<<24
        key = np.ascontiguousarray(rgba).view("<u4")[..., 0] & 0xFFFFFF
        index = np.take(self.table, key)  # np.take: twice as fast as fancy indexing here
        unseen = index == TRANSPARENT
        if unseen.any():
            keys = key[unseen]
            new = np.unique(keys)
            rgb = np.stack([new & 255, (new >> 8) & 255, (new >> 16) & 255], -1).astype(np.int32)
            d = ((rgb[:, None, :] - self.palette[None, :, :]) ** 2).sum(-1)
            self.table[new] = d.argmin(1).astype(np.uint8)
            index[unseen] = np.take(self.table, keys)
        return index


def durations_ms(n_frames, fps, still=0.0, hold=0.0) -> list[int]:
    """Per-frame durations in whole centiseconds (GIF's unit) whose sum tracks the exact time.

    >>> durations_ms(4, 24)            # 41.67 ms a frame, rounded without drift
    [40, 40, 40, 50]
    >>> sum(durations_ms(3, 20, still=0.5, hold=1.0))
    1650
    """
    ends = np.round(np.arange(1, n_frames + 1) * 100.0 / fps).astype(int)
    cs = np.diff(ends, prepend=0)
    cs[0] += round(still * 100)
    cs[-1] += round(hold * 100)
    return [int(c) * 10 for c in cs]


class GifWriter:
    """Write frames (palette indices) to an open binary file, one at a time."""

    def __init__(self, fh, size, palette: np.ndarray, comment: str = ""):
        self.fh, self.size, self.palette = fh, size, palette
        self.previous = None
        w, h = size
        fh.write(b"GIF89a" + struct.pack("<HHBBB", w, h, 0xF7, 0, 0))
        fh.write(palette.astype(np.uint8).tobytes())
        # NETSCAPE2.0 application extension: loop forever (count 0)
        fh.write(b"\x21\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", 0) + b"\x00")
        if comment:     # a comment extension: sub-blocks of at most 255 bytes, then 0
            data = comment.encode("utf-8")
            blocks = b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, len(data), 255))
            fh.write(b"\x21\xfe" + blocks + b"\x00")

    def write(self, index: np.ndarray, duration_ms: int) -> None:
        if duration_ms < MIN_FRAME_MS:
            raise ValueError(f"GIF frame duration {duration_ms} ms is below {MIN_FRAME_MS} ms")
        offset = (0, 0)
        transparency = {}
        if self.previous is not None:
            changed = index != self.previous
            rows, cols = np.flatnonzero(changed.any(1)), np.flatnonzero(changed.any(0))
            if len(rows):
                y0, y1, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
            else:  # nothing moved: a 1-pixel transparent frame keeps the timing
                y0, y1, x0, x1 = 0, 1, 0, 1
            crop = np.where(changed[y0:y1, x0:x1], index[y0:y1, x0:x1], TRANSPARENT)
            offset, transparency = (int(x0), int(y0)), {"transparency": TRANSPARENT}
            self.previous = index
            index = crop.astype(np.uint8)
        else:
            self.previous = index
        index = np.ascontiguousarray(index, dtype=np.uint8)
        im = Image.frombuffer("P", index.shape[::-1], index, "raw", "P", 0, 1)
        for chunk in GifImagePlugin.getdata(im, offset=offset, duration=duration_ms,
                                            disposal=1, **transparency):
            self.fh.write(chunk)

    def close(self) -> None:
        self.fh.write(b";")
