"""A static SVG picture of the taxonomy for the README, drawn from the store.

Terms only, on the explorer's radial subclass tree, with the groups (the objective and
generalization taxonomies, threat models and desiderata) as shaded regions, and disputed
subclass links in red. Generated, never hand-drawn:

    .venv/bin/python -m visualizations.taxonomy_svg --out docs/taxonomy.svg
"""

from __future__ import annotations

import argparse
import math
from html import escape
from pathlib import Path

import networkx as nx

from ontology.cases.system_graphs import load_system_graphs
from ontology.store import EmbeddedStore, Store

from .graph import build_graph
from .layout import Point, compute_layout
from .style import EDGE_STYLES, GROUP_COLOURS, NODE_STYLES, short_label

MARGIN = 140.0
HULL_PAD = 56.0


def convex_hull(points: list[Point]) -> list[Point]:
    """Monotone-chain convex hull, counter-clockwise.

    >>> convex_hull([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2)])
    [(0, 0), (2, 0), (2, 2), (0, 2)]
    """
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    upper: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _term_graph(store: Store) -> nx.MultiDiGraph:
    graph = build_graph(store, include_cases=False)
    terms = [n for n, kind in graph.nodes(data="kind") if kind == "term"]
    sub: nx.MultiDiGraph = graph.subgraph(terms).copy()
    sub.graph["groups"] = graph.graph["groups"]
    return sub


def _opaque(rgba: str) -> tuple[str, str]:
    """``rgba(r, g, b, a)`` -> (``rgb(r, g, b)``, ``a``): the shape's opacity then applies
    once, so the band where stroke and fill overlap is not shaded twice.

    >>> _opaque("rgba(1, 2, 3, 0.5)")
    ('rgb(1, 2, 3)', '0.5')
    """
    *rgb, alpha = rgba[rgba.index("(") + 1 : rgba.rindex(")")].split(",")
    return "rgb(" + ",".join(rgb) + ")", alpha.strip()


def _groups_svg(graph: nx.MultiDiGraph, pos: dict[str, Point]) -> list[str]:
    parts = []
    for anchor, group in graph.graph["groups"].items():
        hull = convex_hull([pos[m] for m in group["members"] if m in pos])
        if not hull:
            continue
        points = " ".join(f"{x:.0f},{y:.0f}" for x, y in hull)
        colour, opacity = _opaque(GROUP_COLOURS[anchor])
        parts.append(
            f'<polygon points="{points}" fill="{colour}" stroke="{colour}" opacity="{opacity}" '
            f'stroke-width="{2 * HULL_PAD:.0f}" stroke-linejoin="round"/>'
        )
        top = min(hull, key=lambda p: p[1])
        parts.append(
            f'<text x="{top[0]:.0f}" y="{top[1] - HULL_PAD + 8:.0f}" class="group">'
            f"{escape(group['title'])}</text>"
        )
    return parts


def _edges_svg(graph: nx.MultiDiGraph, pos: dict[str, Point]) -> list[str]:
    parts = []
    for u, v, kind in graph.edges(data="kind"):
        if kind not in ("subclass", "disputed"):
            continue
        style = EDGE_STYLES[kind]
        dash = ' stroke-dasharray="8 5"' if style["dashes"] else ""
        (x1, y1), (x2, y2) = pos[u], pos[v]
        parts.append(
            f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
            f'stroke="{style["colour"]}" stroke-width="{style["width"]}"{dash} '
            f'opacity="0.7" marker-end="url(#arrow-{kind})"/>'
        )
    return parts


def _nodes_svg(graph: nx.MultiDiGraph, pos: dict[str, Point], sizes: dict[str, float]) -> list[str]:
    style = NODE_STYLES["term"]
    parts = []
    for node, label in sorted(graph.nodes(data="label")):
        x, y = pos[node]
        radius = 4 + sizes[node] / 3
        size = 12 + min(10.0, sizes[node] / 3)
        parts.append(
            f'<g><title>{escape(node)}</title><circle cx="{x:.0f}" cy="{y:.0f}" r="{radius:.1f}" '
            f'fill="{style["fill"]}" stroke="{style["border"]}"/>'
            f'<text x="{x:.0f}" y="{y + radius + size:.0f}" font-size="{size:.0f}">'
            f"{escape(short_label(str(label)))}</text></g>"
        )
    return parts


def taxonomy_svg(store: Store) -> str:
    """The whole SVG document."""
    graph = _term_graph(store)
    layout = compute_layout(graph)
    pos = layout.positions
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    left, top = min(xs) - MARGIN, min(ys) - MARGIN
    width, height = max(xs) - min(xs) + 2 * MARGIN, max(ys) - min(ys) + 2 * MARGIN
    markers = "".join(
        f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{EDGE_STYLES[kind]["colour"]}"/></marker>'
        for kind in ("subclass", "disputed")
    )
    body = _groups_svg(graph, pos) + _edges_svg(graph, pos) + _nodes_svg(graph, pos, layout.sizes)
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            "<!-- Generated by visualizations/taxonomy_svg.py from the ontology; do not edit. -->",
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.0f} {top:.0f} '
            f'{width:.0f} {height:.0f}" width="{math.ceil(width / 2)}" '
            f'height="{math.ceil(height / 2)}" font-family="system-ui, sans-serif">',
            "<style>text { text-anchor: middle; fill: #1c2833; paint-order: stroke; "
            "stroke: #fff; stroke-width: 3px; } text.group { font-size: 22px; "
            "font-style: italic; font-weight: 600; fill: #34495e; }</style>",
            f'<rect x="{left:.0f}" y="{top:.0f}" width="{width:.0f}" height="{height:.0f}" '
            'fill="#fff"/>',
            f"<defs>{markers}</defs>",
            *body,
            "</svg>",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:

    parser = argparse.ArgumentParser(description="Draw the taxonomy as SVG.")
    parser.add_argument("--out", type=Path, default=Path("docs/taxonomy.svg"))
    args = parser.parse_args(argv)
    store = EmbeddedStore()
    load_system_graphs(store)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(taxonomy_svg(store), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
