"""Relations between terms: the edge list other tools draw, and disputed relations.

An edge is any triple of the ontology graph between two terms (``rdfs:subClassOf``,
``skos:related``, ``ak:`` object properties, framing annotations), an existential
restriction ``X subClassOf [onProperty p; someValuesFrom Y]`` read as ``X p Y``, or a
reified ``ak:DisputedRelation`` (marked ``disputed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import pyoxigraph as ox

from ontology.terms.term import Node, Term
from ontology.vocab import (
    AK_ASSERTED_BY,
    AK_DISPUTED_BY,
    AK_DISPUTED_OBJECT,
    AK_DISPUTED_PREDICATE,
    AK_DISPUTED_SUBJECT,
    NOT_RELATIONS,
    OWL_RESTRICTION_PROPERTY,
    OWL_VALUE_PROPERTIES,
    RDF_TYPE,
    RDFS_COMMENT,
    RDFS_LABEL,
    RDFS_SUBCLASS,
    SKOS_DEF,
    SKOS_NOTE,
    shorten,
)


@dataclass(frozen=True)
class Edge:
    """A named relation between two terms, as other tools draw it."""

    source: str
    relation: str
    target: str
    disputed: bool = False


class TermGraph(Protocol):
    """What edges are read from: the term index (``terms.index.TermIndex``) fits it."""

    terms: dict[str, Term]
    by_subject: dict[str, list[ox.Triple]]
    blank: dict[ox.BlankNode, list[ox.Triple]]

    def ref(self, iri: str) -> dict[str, str]: ...

    def objects(self, subject: str | ox.BlankNode, predicate: str) -> list[Node]: ...


def term_edges(index: TermGraph) -> list[Edge]:
    """Every asserted relation between two terms, hierarchy first."""
    edges: list[Edge] = []
    for term in index.terms.values():
        relation = "rdf:type" if term.individual else "rdfs:subClassOf"
        edges.extend(Edge(term.iri, relation, parent) for parent in term.parents)
        for triple in index.by_subject.get(term.iri, []):
            predicate, obj = triple.predicate.value, triple.object
            if isinstance(obj, ox.NamedNode) and obj.value in index.terms:
                if predicate not in NOT_RELATIONS and obj.value != term.iri:
                    edges.append(Edge(term.iri, shorten(predicate), obj.value))
            elif isinstance(obj, ox.BlankNode) and predicate == RDFS_SUBCLASS:
                edges.extend(_restriction_edges(index, term.iri, obj))
    return list(dict.fromkeys(edges))


def _restriction_edges(index: TermGraph, subject: str, node: ox.BlankNode) -> list[Edge]:
    properties = index.objects(node, OWL_RESTRICTION_PROPERTY)
    if len(properties) != 1:
        return []
    targets = [
        o.value
        for p in OWL_VALUE_PROPERTIES
        for o in index.objects(node, p)
        if isinstance(o, ox.NamedNode) and o.value in index.terms
    ]
    return [Edge(subject, shorten(properties[0].value), target) for target in targets]


def disputed_nodes(index: TermGraph) -> list[str | ox.BlankNode]:
    """The reified disputed relations of the ontology (IRIs or blank nodes)."""
    found: list[str | ox.BlankNode] = []
    for iri, triples in index.by_subject.items():
        if any(t.predicate.value == AK_DISPUTED_SUBJECT for t in triples):
            found.append(iri)
    for node, triples in index.blank.items():
        if any(t.predicate.value == AK_DISPUTED_SUBJECT for t in triples):
            found.append(node)
    return found


def disputed_record(index: TermGraph, node: str | ox.BlankNode) -> dict[str, Any] | None:
    """One disputed relation as JSON: the question, who asserts ``subject predicate
    object``, who rejects it, and the note that sums up the two sides."""
    subject = index.objects(node, AK_DISPUTED_SUBJECT)
    predicate = index.objects(node, AK_DISPUTED_PREDICATE)
    obj = index.objects(node, AK_DISPUTED_OBJECT)
    if not subject or not predicate or not obj:
        return None
    labels = index.objects(node, RDFS_LABEL)
    notes = [n for p in (SKOS_NOTE, RDFS_COMMENT, SKOS_DEF) for n in index.objects(node, p)]
    return {
        "iri": node if isinstance(node, str) else None,
        "question": str(labels[0].value) if labels else None,
        "subject": index.ref(subject[0].value),
        "predicate": index.ref(predicate[0].value),
        "object": index.ref(obj[0].value),
        "asserted_by": [index.ref(a.value) for a in index.objects(node, AK_ASSERTED_BY)],
        "disputed_by": [index.ref(b.value) for b in index.objects(node, AK_DISPUTED_BY)],
        "note": str(notes[0].value) if notes else None,
    }


def disputed_records(index: TermGraph) -> list[dict[str, Any]]:
    records = [disputed_record(index, node) for node in disputed_nodes(index)]
    return [r for r in records if r is not None]


def disputed_edges(index: TermGraph) -> list[Edge]:
    edges = []
    for record in disputed_records(index):
        subject, obj = record["subject"]["iri"], record["object"]["iri"]
        if subject in index.terms and obj in index.terms:
            edges.append(Edge(subject, record["predicate"]["curie"], obj, disputed=True))
    return edges


__all__ = ["RDF_TYPE", "disputed_edges", "disputed_records", "term_edges"]
