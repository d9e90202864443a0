"""Walking the ontology: ancestors, descendants, the whole tree, a term's neighbourhood
and the shortest path between two terms.

Ancestors and descendants are SPARQL property paths run by pyoxigraph on the ontology
graph; the tree, neighbourhoods and paths work on the index's edge list (networkx for
paths). Every answer is memoised on the index, so it is computed once per store version.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ontology.terms.edges import Edge
from ontology.terms.index import TermIndex
from ontology.terms.term import Term
from ontology.vocab import ONTOLOGY_GRAPH, CurieError, expand

_ANCESTORS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?other WHERE {{ GRAPH <{graph}> {{
  <{term}> (rdf:type|rdfs:subClassOf)/rdfs:subClassOf* ?other FILTER(isIRI(?other))
}} }}"""
_DESCENDANTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?other WHERE {{ GRAPH <{graph}> {{
  ?other (rdf:type|rdfs:subClassOf)/rdfs:subClassOf* <{term}> FILTER(isIRI(?other))
}} }}"""


def _walk(index: TermIndex, term: Term, template: str) -> list[dict[str, str]]:
    query = template.format(graph=ONTOLOGY_GRAPH, term=term.iri)
    found = {row["other"].value for row in index.store.query(query)}  # type: ignore[attr-defined]
    found.discard(term.iri)
    ordered = sorted(
        (iri for iri in found if iri in index.terms), key=lambda i: index.terms[i].label.lower()
    )
    return [index.ref(iri) for iri in ordered]


def ancestors(index: TermIndex, term: Term) -> list[dict[str, str]]:
    """Every class the term falls under, transitively (its types, for an individual)."""
    walk = lambda: _walk(index, term, _ANCESTORS)  # noqa: E731 - a local shorthand
    return index.remember(("ancestors", term.iri), walk, ontology_only=True)  # type: ignore[no-any-return]


def descendants(index: TermIndex, term: Term) -> list[dict[str, str]]:
    """Every class and individual under the term, transitively."""
    walk = lambda: _walk(index, term, _DESCENDANTS)  # noqa: E731 - a local shorthand
    return index.remember(("descendants", term.iri), walk, ontology_only=True)  # type: ignore[no-any-return]


def parents(index: TermIndex, term: Term) -> list[dict[str, str]]:
    return [index.ref(p) for p in term.parents]


def children(index: TermIndex, term: Term) -> list[dict[str, str]]:
    return [index.ref(c) for c in term.children]


def tree(index: TermIndex) -> list[dict[str, Any]]:
    """The whole hierarchy as nested JSON, from the roots (terms with no parent) down.

    A term with two parents appears under both; a cycle is cut where it closes.
    """

    def node(iri: str, path: frozenset[str]) -> dict[str, Any]:
        term = index.terms[iri]
        below = [c for c in term.children if c not in path]
        return {
            **term.ref(),
            "kind": term.kind,
            "children": [node(c, path | {c}) for c in below],
        }

    def build() -> list[dict[str, Any]]:
        roots = [t for t in index.terms.values() if not t.parents]
        roots.sort(key=lambda t: t.label.lower())
        return [node(t.iri, frozenset({t.iri})) for t in roots]

    return index.remember(("tree",), build, ontology_only=True)  # type: ignore[no-any-return]


#: Most root-to-term paths kept: a term under many parents still gets a readable tree.
MAX_ROOT_PATHS = 12


def root_paths(index: TermIndex, term: Term) -> list[list[dict[str, str]]]:
    """Each chain of parents from a root (a term with no parent) down to the term itself.

    One list of refs per chain, root first and the term last; parents are tried in label
    order, a cycle is cut where it closes and at most ``MAX_ROOT_PATHS`` chains are kept.
    """

    def up(iri: str, below: frozenset[str]) -> list[list[str]]:
        above = [p for p in index.terms[iri].parents if p in index.terms and p not in below]
        if not above:
            return [[iri]]
        above.sort(key=lambda p: index.terms[p].label.lower())
        chains = [chain + [iri] for p in above for chain in up(p, below | {p})]
        return chains[:MAX_ROOT_PATHS]

    def build() -> list[list[dict[str, str]]]:
        return [[index.ref(i) for i in chain] for chain in up(term.iri, frozenset({term.iri}))]

    return index.remember(("root-paths", term.iri), build, ontology_only=True)  # type: ignore[no-any-return]


def _edge_json(index: TermIndex, edge: Edge) -> dict[str, Any]:
    return {
        "source": index.terms[edge.source].curie,
        "target": index.terms[edge.target].curie,
        "relation": edge.relation,
        "label": index.labels.get(_expand_relation(edge.relation), edge.relation),
        "disputed": edge.disputed,
    }


def _expand_relation(curie: str) -> str:
    try:
        return expand(curie)
    except CurieError:
        return curie


def _graph(index: TermIndex) -> nx.Graph:
    """Undirected view of the edge list; each pair keeps every relation between them."""

    def build() -> nx.Graph:
        graph = nx.Graph()
        graph.add_nodes_from(index.terms)
        for edge in index.edges:
            if graph.has_edge(edge.source, edge.target):
                graph.edges[edge.source, edge.target]["edges"].append(edge)
            else:
                graph.add_edge(edge.source, edge.target, edges=[edge])
        return graph

    return index.remember(("graph",), build, ontology_only=True)  # type: ignore[no-any-return]


def neighbourhood(index: TermIndex, term: Term, *, depth: int = 1) -> dict[str, Any]:
    """Nodes within ``depth`` hops of the term and every edge among them."""

    def build() -> dict[str, Any]:
        graph = _graph(index)
        hops = nx.single_source_shortest_path_length(graph, term.iri, cutoff=depth)
        nodes = [
            {**index.terms[iri].ref(), "kind": index.terms[iri].kind, "depth": d}
            for iri, d in sorted(hops.items(), key=lambda kv: (kv[1], kv[0]))
        ]
        edges = [_edge_json(index, e) for e in index.edges if e.source in hops and e.target in hops]
        return {"focus": term.curie, "depth": depth, "nodes": nodes, "edges": edges}

    key = ("neighbourhood", term.iri, str(depth))
    return index.remember(key, build, ontology_only=True)  # type: ignore[no-any-return]


def shortest_path(index: TermIndex, start: Term, end: Term) -> dict[str, Any]:
    """How two terms are related: the fewest hops over any relation, with each step's name.

    ``steps`` is empty when the terms are the same; ``found`` is false when no path exists.
    """
    graph = _graph(index)
    try:
        hops = nx.shortest_path(graph, start.iri, end.iri)
    except nx.NetworkXNoPath:
        return {"from": start.curie, "to": end.curie, "found": False, "length": None, "steps": []}
    steps = []
    for here, there in zip(hops, hops[1:], strict=False):
        edge: Edge = graph.edges[here, there]["edges"][0]
        steps.append(
            {
                "from": index.terms[here].ref(),
                "relation": edge.relation,
                "to": index.terms[there].ref(),
                "direction": "forward" if edge.source == here else "backward",
                "disputed": edge.disputed,
            }
        )
    return {
        "from": start.curie,
        "to": end.curie,
        "found": True,
        "length": len(steps),
        "steps": steps,
    }
