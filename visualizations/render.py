"""The explorer page: graph + layout -> pyvis Network -> HTML from our own template.

pyvis's own template pulls Bootstrap and scripts from CDNs, so we take only its network
data (``Network.get_network_data``) and render ``templates/explorer.html`` ourselves.
The vis-network script is the copy that ships inside the installed pyvis package: the
service serves it from its own origin; the standalone export inlines it. Either way no
request leaves the machine when the page loads.

The search box asks the server's ``GET /search`` (``ontology.terms.search``, the one
search) at the URL the service gives (``search_url``). A standalone page has no server
behind it, so it has no search box; its nodes are still there to click.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from ontology.store import Store
from ontology.vocab import expand

from .graph import build_graph, find_node, neighbourhood
from .layout import Layout, compute_layout
from .style import EDGE_STYLES, GROUP_COLOURS, NODE_STYLES, edge_options, node_options
from .verdicts import VERDICT_COLOURS

TEMPLATES = Path(__file__).with_name("templates")
VIS_JS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
MAX_DEPTH = 6
#: Above this many nodes the page uses coarse, short physics (see network_options).
BIG_GRAPH = 400


class ExplorerInputError(ValueError):
    """A view parameter that names nothing in the graph (HTTP maps it to 404/422)."""


class UnknownFocus(ExplorerInputError):
    def __init__(self, focus: str, close: list[str]) -> None:
        super().__init__(f"no term, framing, source or case {focus!r} in the graph")
        self.focus = focus
        self.close = close


class UnknownFraming(ExplorerInputError):
    def __init__(self, framing: str, known: list[str]) -> None:
        super().__init__(f"{framing!r} is not a framing; known: {', '.join(known)}")
        self.framing = framing
        self.known = known


@dataclass(frozen=True)
class ExplorerView:
    """What part of the graph to show and how: focus+depth, cases on/off, colouring framing."""

    focus: str | None = None
    depth: int = 2
    cases: bool = True
    framing: str | None = None
    sources: bool = False


@cache
def vis_network_js() -> str:
    """The vis-network script bundled with pyvis (read once)."""
    return VIS_JS.read_text(encoding="utf-8")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


def view_graph(store: Store, view: ExplorerView) -> nx.MultiDiGraph:
    """The graph the view asks for; raises ExplorerInputError for unknown names."""
    graph = build_graph(store, include_cases=view.cases)
    if view.framing is not None:
        framings = sorted(n for n, k in graph.nodes(data="kind") if k == "framing")
        if find_node(graph, view.framing) not in framings:
            raise UnknownFraming(view.framing, framings)
    if view.focus is not None:
        focus = find_node(graph, view.focus)
        if focus is None:
            raise UnknownFocus(view.focus, close_matches(graph, view.focus))
        graph = neighbourhood(graph, focus, max(0, min(view.depth, MAX_DEPTH)))
        graph.graph["focus"] = focus
    return graph


def close_matches(graph: nx.MultiDiGraph, wanted: str) -> list[str]:
    """Up to five node ids whose id or label looks like ``wanted``."""
    import difflib

    names = {str(n).lower(): str(n) for n in graph}
    names.update({str(label).lower(): str(n) for n, label in graph.nodes(data="label")})
    found = difflib.get_close_matches(wanted.lower(), list(names), n=5, cutoff=0.5)
    return sorted({names[f] for f in found})


def to_network(graph: nx.MultiDiGraph, layout: Layout, *, show_sources: bool = False) -> Network:
    """A pyvis Network with our styles, starting positions and sizes."""
    net = Network(directed=True, cdn_resources="local")
    for node, data in graph.nodes(data=True):
        x, y = layout.positions.get(node, (0.0, 0.0))
        options = node_options(node, data, x=x, y=y, size=layout.sizes[node])
        options["hidden"] = data["kind"] == "source" and not show_sources
        net.add_node(node, **options)
    for source, target, data in graph.edges(data=True):
        net.add_edge(source, target, **edge_options(data))
    net.options = network_options(graph.number_of_nodes())  # type: ignore[assignment]
    return net


def network_options(node_count: int) -> dict[str, Any]:
    """vis-network options: seeded positions, short stabilisation, labels that stay legible.

    Positions already come from the layout, so physics only nudges cases apart. On big
    graphs (many cases) Barnes-Hut costs ~0.1 s per iteration in Chromium on two cores,
    so there it runs a few coarse iterations only.
    """
    big = node_count > BIG_GRAPH
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -2200,
                "centralGravity": 0.0,
                "springLength": 90,
                "springConstant": 0.03,
                "damping": 0.5,
                "avoidOverlap": 0.3,
                "theta": 0.9 if big else 0.5,
            },
            "minVelocity": 1.5,
            "stabilization": {"enabled": True, "iterations": 15 if big else 100, "fit": True},
        },
        "interaction": {"hover": not big, "tooltipDelay": 200, "hideEdgesOnDrag": big},
        "nodes": {
            "font": {"face": "system-ui, sans-serif"},
            "scaling": {
                "min": 10,
                "max": 34,
                "label": {
                    "enabled": True,
                    "min": 14,
                    "max": 30,
                    "drawThreshold": 6,
                    "maxVisible": 26,
                },
            },
        },
        "edges": {
            "smooth": False,
            "font": {"size": 10, "color": "#444", "strokeWidth": 3, "align": "middle"},
            "scaling": {"label": {"drawThreshold": 9}},
        },
    }


def page_data(
    graph: nx.MultiDiGraph,
    net: Network,
    view: ExplorerView,
    *,
    term_base: str | None = "/terms/",
    search_url: str | None = None,
) -> dict[str, Any]:
    """Everything our page script needs, as one JSON-able object.

    Term links go to ``term_base + CURIE`` (the service's term pages), or to the term's IRI
    when ``term_base`` is None (a standalone page has no service behind it). The search box
    asks ``search_url`` (the service's ``GET /search``); without one the page has none.
    """
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    framings = [
        {"id": n, "label": d["label"]} for n, d in graph.nodes(data=True) if d["kind"] == "framing"
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "details": {node: _details(graph, node, term_base) for node in graph},
        "framings": sorted(framings, key=lambda f: f["label"]),
        "groups": [
            {"anchor": a, "title": g["title"], "members": g["members"], "colour": GROUP_COLOURS[a]}
            for a, g in graph.graph.get("groups", {}).items()
        ],
        "search": search_url,
        "legend": {"nodes": NODE_STYLES, "edges": EDGE_STYLES, "verdicts": VERDICT_COLOURS},
        "view": {
            "focus": graph.graph.get("focus"),
            "depth": view.depth,
            "cases": view.cases,
            "sources": view.sources,
            "framing": find_node(graph, view.framing) if view.framing else None,
        },
    }


def _details(graph: nx.MultiDiGraph, node: str, term_base: str | None) -> dict[str, Any]:
    """What the side panel shows for one node."""
    data = graph.nodes[node]
    cited = [t for _, t, k in graph.out_edges(node, data="kind") if k == "cites"]
    details = {k: v for k, v in data.items() if k not in ("verdicts",)}
    details["sources"] = [
        {"id": s, "label": graph.nodes[s]["label"], "url": graph.nodes[s].get("url", "")}
        for s in sorted(set(cited))
    ]
    details["exhibits"] = [
        {"id": t, "label": graph.nodes[t]["label"]}
        for _, t, k in graph.out_edges(node, data="kind")
        if k == "exhibits"
    ]
    if data["kind"] == "case":
        details["verdicts"] = data["verdicts"]
    if data["kind"] == "term":
        details["href"] = expand(node) if term_base is None else term_base + quote(node, safe=":")
    return details


def render_page(data: dict[str, Any], *, standalone: bool, vis_src: str | None = None) -> str:
    """Fill our template; ``standalone`` inlines the vis-network script."""
    template = _environment().get_template("explorer.html")
    return template.render(
        data=data,
        standalone=standalone,
        vis_js=vis_network_js() if standalone or vis_src is None else "",
        vis_src=vis_src,
        css=(TEMPLATES / "explorer.css").read_text(encoding="utf-8"),
        app_js=(TEMPLATES / "explorer.js").read_text(encoding="utf-8"),
    )


def explorer_html(
    store: Store,
    view: ExplorerView | None = None,
    *,
    standalone: bool = False,
    term_base: str | None = "/terms/",
    vis_src: str | None = None,
    search_url: str | None = None,
) -> str:
    """The whole explorer page for ``view`` of the store's current content.

    ``search_url`` is where the search box asks (the service's ``GET /search``); a
    ``standalone`` page has no server behind it, so it never has a search box.
    """
    view = view or ExplorerView()
    graph = view_graph(store, view)
    net = to_network(graph, compute_layout(graph), show_sources=view.sources)
    search = None if standalone else search_url
    data = page_data(graph, net, view, term_base=term_base, search_url=search)
    return render_page(data, standalone=standalone, vis_src=vis_src)
