"""What part of the graph the explorer shows first, and how: the view a URL asks for.

The page always holds the whole graph; a view only says where it opens (the taxonomy core,
everything, or one node's neighbourhood), which kinds are switched on and which framing
colours the cases. The page script reads the same parameters from its address, so a view
is a link. Here a view is checked against the graph and its names turned into node ids.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .graph import find_node

MAX_DEPTH = 6
#: What an unfocused view shows: the objective taxonomy's core, or every node.
SCOPES = ("core", "all")


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
    """Where the page opens: a focus and depth (else ``scope``), the kinds switched on, and
    the framing whose verdicts colour the cases."""

    focus: str | None = None
    depth: int = 1
    cases: bool = True
    framing: str | None = None
    sources: bool = False
    scope: str = "core"


def view_state(graph: nx.MultiDiGraph, view: ExplorerView) -> dict[str, Any]:
    """The view as the page script reads it, names resolved to node ids.

    Raises UnknownFocus or UnknownFraming for a name that is not in the graph.
    """
    framing = None
    if view.framing is not None:
        framings = sorted(n for n, k in graph.nodes(data="kind") if k == "framing")
        framing = find_node(graph, view.framing)
        if framing not in framings:
            raise UnknownFraming(view.framing, framings)
    focus = None
    if view.focus is not None:
        focus = find_node(graph, view.focus)
        if focus is None:
            raise UnknownFocus(view.focus, close_matches(graph, view.focus))
    return {
        "focus": focus,
        "depth": max(0, min(view.depth, MAX_DEPTH)),
        "scope": view.scope if view.scope in SCOPES else "core",
        "cases": view.cases,
        "sources": view.sources,
        "framing": framing,
    }


def close_matches(graph: nx.MultiDiGraph, wanted: str) -> list[str]:
    """Up to five node ids whose id or label looks like ``wanted``."""
    names = {str(n).lower(): str(n) for n in graph}
    names.update({str(label).lower(): str(n) for n, label in graph.nodes(data="label")})
    found = difflib.get_close_matches(wanted.lower(), list(names), n=5, cutoff=0.5)
    return sorted({names[f] for f in found})
