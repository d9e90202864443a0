"""The explorer page: graph + layout -> pyvis Network -> HTML from our own template.

pyvis's own template pulls Bootstrap and scripts from CDNs, so we take only its network
data (``Network.get_network_data``) and render ``templates/explorer.html`` ourselves.
The vis-network script is the copy that ships inside the installed pyvis package: the
service serves it from its own origin; the standalone export inlines it. Either way no
request leaves the machine when the page loads.

The page holds the whole graph, laid out once (``layout.compute_layout``); which part of
it shows is the page script's business (``templates/explorer_view.js``), so "Show all",
search and links reach every node whatever view the page opened on. The data is built
once per store version (``explorer_data``); a view (``view.ExplorerView``) adds a few
bytes of its own (``render_page``).

The search box asks the server's ``GET /search`` (``ontology.terms.search``, the one
search of terms) at the URL the service gives (``search_url``), and adds the cases and
sources whose titles hold the words typed, which that search does not cover. A
standalone page has no server behind it, so it has no search box; its nodes are still
there to click.
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

from ontology.facts import case_facts, declarations
from ontology.store import Store
from ontology.vocab import expand

from .graph import CORE_ANCHOR, build_graph, core_nodes
from .layout import Layout, compute_layout
from .style import EDGE_STYLES, GROUP_COLOURS, NODE_STYLES, SELECTION, edge_options, node_options
from .verdicts import VERDICT_COLOURS
from .view import (
    MAX_DEPTH,
    ExplorerInputError,
    ExplorerView,
    UnknownFocus,
    UnknownFraming,
    view_state,
)

__all__ = [
    "MAX_DEPTH",
    "ExplorerData",
    "ExplorerInputError",
    "ExplorerView",
    "UnknownFocus",
    "UnknownFraming",
    "explorer_data",
    "explorer_html",
    "render_page",
    "vis_network_js",
]

TEMPLATES = Path(__file__).with_name("templates")
VIS_JS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
#: The page script, in the order the files are inlined: pure view logic, side panel,
#: search box, then the wiring that uses them.
APP_SCRIPTS = ("explorer_view.js", "explorer_panel.js", "explorer_search.js", "explorer.js")


@dataclass(frozen=True)
class ExplorerData:
    """The page's data for one store version, built once and shared by every view."""

    graph: nx.MultiDiGraph
    #: ``page_data`` as JSON, safe inside a ``<script>`` element.
    json: str
    standalone: bool
    #: Where the search box asks; None: the page has no search box.
    search: str | None = None


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


def script_json(value: Any) -> str:
    """JSON that cannot end or comment out the ``<script>`` element it sits in.

    >>> print(script_json({"a": "</script>"}))
    {"a": "\\u003c/script>"}
    """
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def to_network(graph: nx.MultiDiGraph, layout: Layout) -> Network:
    """A pyvis Network with our styles, starting positions and sizes."""
    net = Network(directed=True, cdn_resources="local")
    for node, data in graph.nodes(data=True):
        x, y = layout.positions.get(node, (0.0, 0.0))
        net.add_node(node, **node_options(node, data, x=x, y=y, size=layout.sizes[node]))
    for source, target, data in graph.edges(data=True):
        net.add_edge(source, target, **edge_options(data))
    net.options = network_options()  # type: ignore[assignment]
    return net


def network_options() -> dict[str, Any]:
    """vis-network options: no physics, labels that stay legible, selection in its colour.

    Every position is computed (the whole graph's by ``layout.py``, a focus's by the page
    script), so nothing drifts after the page has drawn and a view is the same each time.
    """
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": True},
        "nodes": {
            "font": {"face": "system-ui, sans-serif"},
            "borderWidthSelected": 4,
            "scaling": {
                "min": 10,
                "max": 34,
                "label": {
                    "enabled": True,
                    "min": 14,
                    "max": 22,
                    "drawThreshold": 6,
                    "maxVisible": 26,
                },
            },
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 2,
            "font": {"size": 10, "color": "#444", "strokeWidth": 3, "align": "middle"},
            "scaling": {"label": {"drawThreshold": 9}},
        },
    }


def fact_words() -> dict[str, dict[str, str]]:
    """Each case fact's label and question, as the ontology states them (``ontology.facts``)."""
    return {
        f.name: {"label": f.label, "question": f.question} for f in (*case_facts(), *declarations())
    }


def page_data(
    graph: nx.MultiDiGraph,
    net: Network,
    *,
    term_base: str | None = "/terms/",
    search_url: str | None = None,
    defaults: ExplorerView | None = None,
) -> dict[str, Any]:
    """Everything our page script needs but the view, as one JSON-able object.

    Term links go to ``term_base + CURIE`` (the service's term pages), or to the term's IRI
    when ``term_base`` is None (a standalone page has no service behind it). The search box
    asks ``search_url`` (the service's ``GET /search``); without one the page has none.
    ``defaults`` is the view the page shows when its address names none.
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
        "core": {"anchor": CORE_ANCHOR, "nodes": core_nodes(graph)},
        "facts": fact_words(),
        "search": search_url,
        "legend": {
            "nodes": NODE_STYLES,
            "edges": EDGE_STYLES,
            "verdicts": VERDICT_COLOURS,
            "selection": SELECTION,
        },
        "defaults": view_state(graph, defaults or ExplorerView()),
        "maxDepth": MAX_DEPTH,
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


def explorer_data(
    store: Store,
    *,
    standalone: bool = False,
    term_base: str | None = "/terms/",
    search_url: str | None = None,
    defaults: ExplorerView | None = None,
) -> ExplorerData:
    """The whole graph, laid out, with what the page shows about each node (the slow part).

    ``search_url`` is where the search box asks (the service's ``GET /search``); a
    ``standalone`` page has no server behind it, so it never has a search box.
    """
    graph = build_graph(store)
    net = to_network(graph, compute_layout(graph))
    search = None if standalone else search_url
    data = page_data(graph, net, term_base=term_base, search_url=search, defaults=defaults)
    return ExplorerData(graph=graph, json=script_json(data), standalone=standalone, search=search)


def render_page(data: ExplorerData, view: ExplorerView, *, vis_src: str | None = None) -> str:
    """The page for ``view``; a standalone page inlines the vis-network script.

    Raises ExplorerInputError (UnknownFocus, UnknownFraming) for a view naming nothing.
    """
    state = view_state(data.graph, view)
    template = _environment().get_template("explorer.html")
    return template.render(
        data_json=data.json,
        view_json=script_json(state),
        search=data.search is not None,
        vis_js=vis_network_js() if data.standalone or vis_src is None else "",
        vis_src=vis_src,
        css=(TEMPLATES / "explorer.css").read_text(encoding="utf-8"),
        app_js="\n".join((TEMPLATES / name).read_text(encoding="utf-8") for name in APP_SCRIPTS),
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
    """The whole explorer page, opening on ``view`` of the store's current content.

    A standalone page (no server behind it, so no address to read a view from but its
    own) also takes ``view`` as the view it falls back to.
    """
    view = view or ExplorerView()
    data = explorer_data(
        store,
        standalone=standalone,
        term_base=term_base,
        search_url=search_url,
        defaults=view if standalone else None,
    )
    return render_page(data, view, vis_src=vis_src)
