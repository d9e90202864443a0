"""The site's icon: three linked nodes, a small graph, white on the pages' accent blue.

One drawing, two files: ``favicon_svg`` writes it as SVG (what current browsers use) and
``favicon_ico`` rasterises the same shapes into a 32x32 ICO for ``/favicon.ico``, which
browsers and feed readers ask for on their own. Both are computed here rather than kept
as files, so the two cannot drift apart.
"""

from __future__ import annotations

import math
import struct
import zlib
from functools import cache

SIZE = 32
CORNER = 6.0
BLUE = (0x24, 0x56, 0xA6)
WHITE = (0xFF, 0xFF, 0xFF)
#: The graph's nodes (x, y, radius) and edges (indexes into NODES), in a 32x32 box.
NODES = ((16.0, 9.0, 4.0), (8.5, 23.0, 4.0), (23.5, 23.0, 4.0))
EDGES = ((0, 1), (0, 2), (1, 2))
EDGE_WIDTH = 2.5
#: Samples per pixel side when rasterising, for smooth edges.
SAMPLES = 4


@cache
def favicon_svg() -> bytes:
    """The icon as an SVG document."""
    lines = "".join(
        f'<line x1="{NODES[a][0]}" y1="{NODES[a][1]}" x2="{NODES[b][0]}" y2="{NODES[b][1]}"/>'
        for a, b in EDGES
    )
    circles = "".join(f'<circle cx="{x}" cy="{y}" r="{r}"/>' for x, y, r in NODES)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
        f"<title>alignkg</title>"
        f'<rect width="{SIZE}" height="{SIZE}" rx="{CORNER}" fill="#{bytes(BLUE).hex()}"/>'
        f'<g stroke="#fff" stroke-width="{EDGE_WIDTH}">{lines}</g>'
        f'<g fill="#fff">{circles}</g></svg>'
    ).encode()


def _in_square(x: float, y: float) -> bool:
    """Whether a point is inside the rounded square."""
    cx = min(max(x, CORNER), SIZE - CORNER)
    cy = min(max(y, CORNER), SIZE - CORNER)
    return math.hypot(x - cx, y - cy) <= CORNER


def _on_graph(x: float, y: float) -> bool:
    """Whether a point is on a node or within half an edge's width of an edge."""
    if any(math.hypot(x - nx, y - ny) <= r for nx, ny, r in NODES):
        return True
    for a, b in EDGES:
        (ax, ay, _), (bx, by, _) = NODES[a], NODES[b]
        length2 = (bx - ax) ** 2 + (by - ay) ** 2
        t = min(max(((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / length2, 0.0), 1.0)
        if math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) <= EDGE_WIDTH / 2:
            return True
    return False


def _pixel(px: int, py: int) -> bytes:
    """One RGBA pixel: the share of its samples on the square sets alpha, on the graph white."""
    inside = white = 0
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            x, y = px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES
            if _in_square(x, y):
                inside += 1
                white += _on_graph(x, y)
    if not inside:
        return b"\0\0\0\0"
    mix = white / inside
    rgb = bytes(round(b + (w - b) * mix) for b, w in zip(BLUE, WHITE, strict=True))
    return rgb + bytes([round(255 * inside / SAMPLES**2)])


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png() -> bytes:
    """The icon as a 32x32 RGBA PNG (each row starts with filter type 0, none)."""
    rows = b"".join(b"\0" + b"".join(_pixel(px, py) for px in range(SIZE)) for py in range(SIZE))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows, 9))
        + _png_chunk(b"IEND", b"")
    )


@cache
def favicon_ico() -> bytes:
    """The icon as an ICO file holding one 32x32 PNG image (read by every current browser)."""
    png = _png()
    directory = struct.pack("<HHH", 0, 1, 1)  # reserved, type 1 (icon), one image
    entry = struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(png), 6 + 16)
    return directory + entry + png
