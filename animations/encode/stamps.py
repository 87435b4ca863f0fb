"""Reading back the stamp every writer of :mod:`animations.encode` puts in its file: the
recipe and versions a PNG (text chunk), SVG (description), PDF (subject), GIF
(comment) or HTML page (meta tag) was made with, for ``lossviz info`` and ``lossviz render FIGURE``."""
from __future__ import annotations

import html
import re
from pathlib import Path

from PIL import Image

from groundwork import provenance


def read_stamp(path) -> dict:
    """The provenance stamp of an output lossviz wrote (ValueError if it has none)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    kind = path.suffix.lower()
    text = None
    try:
        if kind in (".png", ".gif"):
            with Image.open(path) as im:
                found = im.text.get(provenance.KEY) if kind == ".png" else im.info.get("comment")
            text = found.decode() if isinstance(found, bytes) else found
        elif kind == ".svg":
            m = re.search(r"<dc:description>(.*?)</dc:description>", path.read_text("utf-8"), re.S)
            text = m and html.unescape(m.group(1))
        elif kind == ".pdf":
            text = _pdf_subject(path.read_bytes())
        elif kind == ".html":
            m = re.search(r'<meta name="lossviz" content="([^"]*)"', path.read_text("utf-8"))
            text = m and html.unescape(m.group(1))
        else:
            raise ValueError(f"{path}: lossviz stamps .png, .svg, .pdf, .gif and .html files, not {kind or 'this'}")
    except (OSError, UnicodeDecodeError, SyntaxError) as exc:
        raise ValueError(f"{path}: cannot be read ({exc})") from None
    if not text:
        raise ValueError(f"{path}: no lossviz stamp (it was not made by lossviz 0.2 or later)")
    try:
        return provenance.read_stamp(text)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def _pdf_subject(data: bytes):
    """The /Subject literal string of a PDF's information dictionary (escapes undone)."""
    start = data.find(b"/Subject (")
    if start < 0:
        return None
    out, depth, i = bytearray(), 0, start + len(b"/Subject (")
    while i < len(data):
        c = data[i:i + 1]
        if c == b"\\":
            out += data[i + 1:i + 2]
            i += 2
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            if depth == 0:
                return out.decode("latin-1")
            depth -= 1
        out += c
        i += 1
    return None
