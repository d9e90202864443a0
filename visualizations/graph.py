"""The ontology and its documented cases as one networkx MultiDiGraph.

Nodes are keyed by CURIE and carry ``kind`` (``term``, ``framing``, ``source``, ``case``
or ``individual``), ``label`` and what the side panel shows. Edges carry ``kind``
(``subclass``, ``related``, ``defined_in``, ``exhibits``, ``disputed``, ``property``,
``cites``) and a human ``label``. Everything is read from the store, so new terms,
definitions or cases appear without code changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from ontology.store import Store
from ontology.vocab import shorten

from .queries import GROUP_ANCHORS, Row, first_by_id, grouped, read_all
from .verdicts import case_verdicts

NODE_KINDS = ("term", "framing", "source", "case", "individual")
EDGE_KINDS = ("subclass", "related", "defined_in", "exhibits", "disputed", "property", "cites")


def _local(curie: str) -> str:
    """``ak:MesaOptimizer`` -> ``MesaOptimizer`` (a readable fallback label)."""
    return curie.rsplit(":", 1)[-1].rsplit("/", 1)[-1]


def build_graph(store: Store, *, include_cases: bool = True) -> nx.MultiDiGraph:
    """Read terms, framings, sources and (optionally) cases into one labelled graph."""
    rows = read_all(store)
    graph = nx.MultiDiGraph()
    _add_framings(graph, rows)
    _add_terms(graph, rows)
    _add_definitions(graph, rows)
    _add_term_links(graph, rows)
    if include_cases:
        _add_cases(graph, rows)
    _add_sources(graph, rows)
    graph.graph["groups"] = taxonomy_groups(graph, rows["group_links"])
    return graph


def _add_framings(graph: nx.MultiDiGraph, rows: Mapping[str, list[Row]]) -> None:
    for curie, row in first_by_id(rows["framings"]).items():
        graph.add_node(
            curie,
            kind="framing",
            label=row.get("label", _local(curie)),
            definition=row.get("definition", ""),
        )


def _add_terms(graph: nx.MultiDiGraph, rows: Mapping[str, list[Row]]) -> None:
    alt = grouped(rows["alt_labels"], "id", "alt")
    for curie, row in first_by_id(rows["terms"]).items():
        if curie in graph:
            continue
        graph.add_node(
            curie,
            kind="term",
            label=row.get("label", _local(curie)),
            definition=row.get("definition", ""),
            alt=alt.get(curie, []),
            definitions=[],
        )


def _add_definitions(graph: nx.MultiDiGraph, rows: Mapping[str, list[Row]]) -> None:
    """Per-framing definitions go on the term; the term gets one 'defined in' edge each."""
    for row in rows["definitions"]:
        term, framing = row["term"], row["framing"]
        if graph.nodes.get(term, {}).get("kind") != "term" or framing not in graph:
            continue
        entry = {
            "framing": framing,
            "framing_label": graph.nodes[framing]["label"],
            "text": row["text"],
            "source": row.get("source", ""),
        }
        if entry not in graph.nodes[term]["definitions"]:
            graph.nodes[term]["definitions"].append(entry)
            graph.add_edge(term, framing, kind="defined_in", label="defined in", title=row["text"])


def _add_term_links(graph: nx.MultiDiGraph, rows: Mapping[str, list[Row]]) -> None:
    """Subclass, skos:related, object-property and disputed edges between known nodes."""
    for row in rows["subclass"]:
        _link(graph, row["child"], row["parent"], kind="subclass", label="subclass of")
    for row in rows["related"]:
        if not graph.has_edge(row["b"], row["a"], key=("related", "related", row["b"], row["a"])):
            _link(graph, row["a"], row["b"], kind="related", label="related")
    property_labels = {r["id"]: r["label"] for r in rows["property_labels"]}
    for row in rows["object_links"]:
        _add_individual(graph, row)
        label = property_labels.get(row["property"], _local(row["property"]))
        _link(graph, row["subject"], row["object"], kind="property", label=label)
    for row in rows["disputed"]:
        predicate = property_labels.get(row["predicate"], _local(row["predicate"]))
        by = graph.nodes[row["by"]]["label"] if row.get("by") in graph else row.get("by", "")
        title = f"disputed: {predicate}" + (f" (by {by})" if by else "")
        if row.get("note"):
            title += f" — {row['note']}"
        _link(graph, row["subject"], row["object"], kind="disputed", label=title, by=by)


def _add_individual(graph: nx.MultiDiGraph, row: Row) -> None:
    """An object-property end in our namespace that is no other node (e.g. a scope)."""
    for end, other in (("object", "subject"), ("subject", "object")):
        curie = row[end]
        if curie not in graph and row[other] in graph and curie.startswith("ak:"):
            graph.add_node(curie, kind="individual", label=_local(curie), definition="")


def _link(graph: nx.MultiDiGraph, source: str, target: str, **attrs: Any) -> None:
    """Add one edge between two existing nodes, at most once per (kind, label)."""
    if source not in graph or target not in graph or source == target:
        return
    key = (attrs["kind"], attrs["label"], source, target)
    if not graph.has_edge(source, target, key=key):
        graph.add_edge(source, target, key=key, title=attrs["label"], **attrs)


def _add_cases(graph: nx.MultiDiGraph, rows: Mapping[str, list[Row]]) -> None:
    facts = _booleans(rows["case_facts"], "fact")
    declarations = _booleans(rows["case_declarations"], "declaration")
    for curie, row in first_by_id(rows["cases"]).items():
        case_facts = facts.get(curie, {})
        graph.add_node(
            curie,
            kind="case",
            label=row.get("label", _local(curie)),
            description=row.get("description", ""),
            expected=row.get("expected", ""),
            facts=case_facts,
            verdicts=case_verdicts(
                case_facts, declarations.get(curie, {}), expected=row.get("expected")
            ),
        )
    for row in rows["exhibits"]:
        if graph.nodes.get(row["case"], {}).get("kind") == "case":
            _link(graph, row["case"], row["term"], kind="exhibits", label="exhibits")


def _booleans(rows: list[Row], key: str) -> dict[str, dict[str, bool]]:
    """``{case: {fact local name: bool}}`` from rows of (case, fact, "true"/"false")."""
    out: dict[str, dict[str, bool]] = {}
    for row in rows:
        value = row["value"].strip().lower()
        if value in ("true", "1", "false", "0"):
            out.setdefault(row["case"], {})[_local(row[key])] = value in ("true", "1")
    return out


def _add_sources(graph: nx.MultiDiGraph, rows: Mapping[str, list[Row]]) -> None:
    """Sources cited by a node already in the graph, with a 'cites' edge from each citer."""
    sources = first_by_id(rows["sources"])
    by_definition = [
        {"subject": r["term"], "source": r["source"]} for r in rows["definitions"] if "source" in r
    ]
    citations = [r for r in rows["citations"] + by_definition if r["subject"] in graph]
    for row in citations:
        source = row["source"]
        if source not in graph:
            info = sources.get(source, {})
            label = info.get("label", _local(source))
            graph.add_node(source, kind="source", label=label, url=info.get("url", ""))
        _link(graph, row["subject"], source, kind="cites", label="source")


def taxonomy_groups(graph: nx.MultiDiGraph, links: list[Row]) -> dict[str, dict[str, Any]]:
    """The named groups drawn around terms: each anchor, its subclasses and linked terms."""
    groups: dict[str, dict[str, Any]] = {}
    subclass = nx.DiGraph((u, v) for u, v, kind in graph.edges(data="kind") if kind == "subclass")
    linked = grouped(links, "anchor", "member")
    for anchor, title in GROUP_ANCHORS.items():
        if anchor not in graph:
            continue
        members = {anchor} | {m for m in linked.get(anchor, []) if _is_term(graph, m)}
        members |= {u for u, _, kind in graph.in_edges(anchor, data="kind") if kind == "property"}
        for member in list(members):
            if member in subclass:
                members |= nx.ancestors(subclass, member)
        groups[anchor] = {"title": title, "members": sorted(members)}
    return groups


def _is_term(graph: nx.MultiDiGraph, curie: str) -> bool:
    return bool(graph.nodes.get(curie, {}).get("kind") == "term")


def neighbourhood(graph: nx.MultiDiGraph, focus: str, depth: int) -> nx.MultiDiGraph:
    """The part of ``graph`` within ``depth`` hops of ``focus``, edges taken both ways."""
    reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), focus, depth)
    sub: nx.MultiDiGraph = graph.subgraph(reach).copy()
    sub.graph["groups"] = {
        anchor: {**group, "members": [m for m in group["members"] if m in sub]}
        for anchor, group in graph.graph.get("groups", {}).items()
        if len([m for m in group["members"] if m in sub]) >= 2
    }
    return sub


def find_node(graph: nx.MultiDiGraph, wanted: str) -> str | None:
    """The node a CURIE, IRI or label names, else None."""
    candidate = shorten(wanted)
    if candidate in graph:
        return candidate
    lowered = wanted.strip().lower()
    for node, label in graph.nodes(data="label"):
        if str(label).lower() == lowered or _local(node).lower() == lowered:
            return str(node)
    return None
