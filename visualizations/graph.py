"""The ontology and its documented cases as one networkx MultiDiGraph.

Built on the term index (``ontology.terms``), the one reader of the ontology: its terms are
the nodes of kind ``term``, ``framing`` or ``individual``, its edges (disputed ones
included) the links between them, its labels their labels, and its descriptions give the
per-framing definitions and citations. Cases come from the case book
(``ontology.cases.book``); sources are what terms and cases cite. No SPARQL of its own.

Nodes are keyed by CURIE and carry ``kind`` (``term``, ``framing``, ``source``, ``case``
or ``individual``), ``label`` and what the side panel shows. Edges carry ``kind``
(``subclass``, ``related``, ``defined_in``, ``exhibits``, ``disputed``, ``property``,
``cites``) and a human ``label``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pyoxigraph as ox

from ontology.cases.book import case_book
from ontology.store import Store
from ontology.terms.describe import citation, definitions
from ontology.terms.edges import disputed_records
from ontology.terms.index import TermIndex, term_index
from ontology.terms.term import Term
from ontology.vocab import AK_FRAMING_CLASS, DC_SOURCE, DCTERMS, SOURCE, expand, shorten

from .verdicts import case_verdicts

#: Anchors of the groups drawn around terms; a term joins by subclass or any direct link.
GROUP_ANCHORS: dict[str, str] = {
    "ak:ObjectiveTaxonomy": "objective taxonomy",
    "ak:GeneralizationTaxonomy": "generalization taxonomy",
    "ak:ThreatModel": "threat models",
    "ak:Desideratum": "desiderata",
}
#: Relations that do not make a term a member of a group it points at (or that points at it).
_NOT_GROUP_LINKS = frozenset({"rdf:type", "owl:disjointWith", "skos:related"})
_HIERARCHY = frozenset({"rdfs:subClassOf", "owl:equivalentClass"})
#: Prefixes a bare local name (``MesaOptimizer``, ``boat-race``) is tried under.
_OUR_PREFIXES = ("ak", "akcase", "aksrc")
SOURCE_PREFIX = str(SOURCE)
DC_IS_PART_OF = DCTERMS + "isPartOf"
#: The anchor of the view the explorer opens on, and the kinds that view shows.
CORE_ANCHOR = "ak:ObjectiveTaxonomy"
_CORE_KINDS = frozenset({"term", "framing"})


def build_graph(store: Store, *, include_cases: bool = True) -> nx.MultiDiGraph:
    """Terms, framings, sources and (optionally) cases in one labelled graph."""
    index = term_index(store)
    graph = nx.MultiDiGraph()
    for term in index.terms.values():
        _add_term(graph, index, term)
    citations = _add_definitions(graph, index)
    _add_term_links(graph, index)
    if include_cases:
        citations += _add_cases(graph, store)
    _add_sources(graph, index, citations)
    graph.graph["groups"] = taxonomy_groups(graph, index)
    return graph


def node_kind(term: Term) -> str:
    """How a term is drawn: a framing, another individual, or a term (a class)."""
    if not term.individual:
        return "term"
    return "framing" if AK_FRAMING_CLASS in term.parents else "individual"


def _add_term(graph: nx.MultiDiGraph, index: TermIndex, term: Term) -> None:
    graph.add_node(
        term.curie,
        kind=node_kind(term),
        label=term.label,
        kinds=term.kinds,
        definition=term.definition or "",
        alt=term.alt_labels,
        definitions=[],
    )


def _add_definitions(graph: nx.MultiDiGraph, index: TermIndex) -> list[tuple[str, str, str]]:
    """Per-framing definitions go on the term, with one 'defined in' edge each.

    Returns what terms cite, as ``(citer, source IRI, title given by the citer)``.
    """
    citations: list[tuple[str, str, str]] = []
    for term in index.terms.values():
        cited = index.objects(term.iri, DC_SOURCE)
        sources = [o.value for o in cited if isinstance(o, ox.NamedNode)]
        for definition in definitions(index, term):
            sources += [s["iri"] for s in definition["sources"] if s["iri"]]
            framing = definition["framing"]
            if framing is None or framing["curie"] not in graph:
                continue
            cited_by = [s["curie"] for s in definition["sources"] if s["curie"]]
            entry = {
                "framing": framing["curie"],
                "framing_label": framing["label"],
                "text": definition["text"],
                "source": cited_by[0] if cited_by else "",
                "sources": cited_by,
            }
            graph.nodes[term.curie]["definitions"].append(entry)
            graph.add_edge(
                term.curie,
                framing["curie"],
                kind="defined_in",
                label="defined in",
                title=definition["text"],
            )
        citations += [(term.curie, s, "") for s in dict.fromkeys(sources)]
    return citations


def _add_term_links(graph: nx.MultiDiGraph, index: TermIndex) -> None:
    """The index's edges: hierarchy, skos:related, object properties; then disputes."""
    for edge in index.edges:
        if edge.disputed:
            continue  # drawn from the dispute's record below, with who disputes it
        source, target = shorten(edge.source), shorten(edge.target)
        if edge.relation == "rdfs:subClassOf":
            _link(graph, source, target, kind="subclass", label="subclass of")
        elif edge.relation == "rdf:type":
            _link(graph, source, target, kind="subclass", label="instance of")
        elif edge.relation == "skos:related":
            if not graph.has_edge(target, source, key=("related", "related", target, source)):
                _link(graph, source, target, kind="related", label="related")
        else:
            label = index.ref(expand(edge.relation))["label"]
            _link(graph, source, target, kind="property", label=label)
    for record in disputed_records(index):
        by = ", ".join(b["label"] for b in record["disputed_by"])
        title = f"disputed: {record['predicate']['label']}" + (f" (by {by})" if by else "")
        if record["note"]:
            title += f" — {record['note']}"
        subject, obj = record["subject"]["curie"], record["object"]["curie"]
        _link(graph, subject, obj, kind="disputed", label=title, by=by)


def _link(graph: nx.MultiDiGraph, source: str, target: str, **attrs: Any) -> None:
    """Add one edge between two existing nodes, at most once per (kind, label)."""
    if source not in graph or target not in graph or source == target:
        return
    key = (attrs["kind"], attrs["label"], source, target)
    if not graph.has_edge(source, target, key=key):
        graph.add_edge(source, target, key=key, title=attrs["label"], **attrs)


def _add_cases(graph: nx.MultiDiGraph, store: Store) -> list[tuple[str, str, str]]:
    """Every case of the case book, its verdicts and what it exhibits; returns its citations."""
    citations: list[tuple[str, str, str]] = []
    for case in case_book(store).cases.values():
        curie = shorten(case["iri"])
        graph.add_node(
            curie,
            kind="case",
            label=case["title"],
            description=case["description"] or "",
            expected=case["expected"] or "",
            facts=case["facts"],
            provenance=case.get("provenance") or {},
            verdicts=case_verdicts(
                case["facts"], partition=case["partition"], expected=case["expected"]
            ),
        )
        for term in case["exhibits"]:
            _link(graph, curie, term, kind="exhibits", label="exhibits")
        citations += [(curie, s["url"], s["title"] or "") for s in case["sources"]]
    return citations


def _add_sources(
    graph: nx.MultiDiGraph, index: TermIndex, citations: Iterable[tuple[str, str, str]]
) -> None:
    """Sources cited by a node in the graph, with a 'cites' edge from each citer.

    A citation by bare URL (cases cite that way) lands on the bibliographic resource the
    ontology describes at that URL, so a paper is one node however it is cited.
    """
    described = described_sources(index)
    for citer, cited_iri, given_title in citations:
        if citer not in graph:
            continue
        iri = _described_as(described, cited_iri, given_title)
        curie = shorten(iri)
        if curie not in graph:
            cited = citation(index, iri)
            known = cited["title"] != cited["curie"]  # the ontology describes the source
            label = cited["title"] if known or not given_title else given_title
            graph.add_node(curie, kind="source", label=label, url=cited["url"] or "")
        _link(graph, citer, curie, kind="cites", label="source")


def url_key(url: str) -> str:
    """A URL as compared for sameness: no scheme, no ``www.``, no trailing slash or fragment.

    >>> url_key("https://www.Example.org/paper/?v=2#top") == url_key("http://example.org/paper?v=2")
    True
    """
    rest = url.strip().split("#", 1)[0].split("://", 1)[-1]
    host, _, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    path, _, query = path.partition("?")
    return host + "/" + path.rstrip("/") + ("?" + query if query else "")


def described_sources(index: TermIndex) -> dict[str, list[tuple[str, str, bool]]]:
    """URL key -> the ontology's sources at that URL: (IRI, title, part of another work)."""
    found: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for iri in index.by_subject:
        if not iri.startswith(SOURCE_PREFIX):
            continue
        cited = citation(index, iri)
        if cited["url"]:
            part = bool(index.objects(iri, DC_IS_PART_OF))
            found[url_key(cited["url"])].append((iri, cited["title"], part))
    return found


def _described_as(
    described: dict[str, list[tuple[str, str, bool]]], cited: str, given_title: str
) -> str:
    """The described source a cited IRI or URL stands for, else the cited IRI itself.

    Where several sources share the URL (a post and its comment threads), the one whose
    title the citer gives wins, then the whole work over a part of it.
    """
    if cited.startswith(SOURCE_PREFIX) or not cited.startswith(("http://", "https://")):
        return cited
    candidates = described.get(url_key(cited))
    if not candidates:
        return cited
    wanted = given_title.strip().lower()
    best = min(candidates, key=lambda c: (c[1].strip().lower() != wanted, c[2], c[0]))
    return best[0]


def _group_links(index: TermIndex) -> dict[str, set[str]]:
    """Anchor -> terms linked to it: anything pointing at it, or that it points at (other
    than by hierarchy)."""
    linked: dict[str, set[str]] = defaultdict(set)
    for edge in index.edges:
        if edge.disputed or edge.relation in _NOT_GROUP_LINKS:
            continue
        source, target = shorten(edge.source), shorten(edge.target)
        if target in GROUP_ANCHORS:
            linked[target].add(source)
        if source in GROUP_ANCHORS and edge.relation not in _HIERARCHY:
            linked[source].add(target)
    return linked


def taxonomy_groups(graph: nx.MultiDiGraph, index: TermIndex) -> dict[str, dict[str, Any]]:
    """The named groups drawn around terms: each anchor, its subclasses and linked terms."""
    groups: dict[str, dict[str, Any]] = {}
    subclass = nx.DiGraph((u, v) for u, v, kind in graph.edges(data="kind") if kind == "subclass")
    linked = _group_links(index)
    for anchor, title in GROUP_ANCHORS.items():
        if anchor not in graph:
            continue
        members = {anchor} | {m for m in linked.get(anchor, ()) if _is_term(graph, m)}
        members |= {u for u, _, kind in graph.in_edges(anchor, data="kind") if kind == "property"}
        for member in list(members):
            if member in subclass:
                members |= nx.ancestors(subclass, member)
        groups[anchor] = {"title": title, "members": sorted(members)}
    return groups


def _is_term(graph: nx.MultiDiGraph, curie: str) -> bool:
    return bool(graph.nodes.get(curie, {}).get("kind") == "term")


def core_nodes(graph: nx.MultiDiGraph) -> list[str]:
    """The view the explorer opens on: the objective taxonomy's group and the terms and
    framings one link from a member (a few dozen nodes, readable at a glance)."""
    group = graph.graph.get("groups", {}).get(CORE_ANCHOR)
    if group is None:
        return []
    core = set(group["members"])
    undirected = graph.to_undirected(as_view=True)
    for member in group["members"]:
        core |= {n for n in undirected.neighbors(member) if graph.nodes[n]["kind"] in _CORE_KINDS}
    return sorted(core)


def neighbourhood(
    graph: nx.MultiDiGraph, focus: str, depth: int, *, kinds: Iterable[str] | None = None
) -> nx.MultiDiGraph:
    """The part of ``graph`` within ``depth`` hops of ``focus``, edges taken both ways.

    With ``kinds``, only nodes of those kinds are reached (and passed through), as the
    explorer does when cases or sources are switched off.
    """
    shown = graph
    if kinds is not None:
        wanted = set(kinds)
        shown = graph.subgraph(
            n for n, kind in graph.nodes(data="kind") if kind in wanted or n == focus
        )
    undirected = shown.to_undirected(as_view=True)
    reach = nx.single_source_shortest_path_length(undirected, focus, depth)
    sub: nx.MultiDiGraph = graph.subgraph(reach).copy()
    sub.graph["groups"] = {
        anchor: {**group, "members": [m for m in group["members"] if m in sub]}
        for anchor, group in graph.graph.get("groups", {}).items()
        if len([m for m in group["members"] if m in sub]) >= 2
    }
    return sub


def find_node(graph: nx.MultiDiGraph, wanted: str) -> str | None:
    """The node a CURIE, IRI, label or bare local name (any case) names, else None."""
    wanted = wanted.strip()
    candidate = shorten(wanted)
    if candidate in graph:
        return candidate
    lowered = wanted.lower()
    for node, label in graph.nodes(data="label"):
        if str(label).lower() == lowered:
            return str(node)
    local = {f"{prefix}:{lowered}" for prefix in _OUR_PREFIXES}
    for node in graph:
        if str(node).lower() in local:
            return str(node)
    return None
