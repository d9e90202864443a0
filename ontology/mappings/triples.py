"""The mappings as RDF: asserted ``skos:*Match`` triples, each with its SSSOM record.

For every mapping the graph holds the match itself (``ak:GoalMisgeneralization
skos:broadMatch <...7.1>``), which is what a SPARQL query or a term's Turtle wants, and an
``owl:Axiom`` about that triple with the SSSOM slots (justification, author, date,
comment, labels), as sssom-py writes a mapping in RDF. Each mapping set is a node of its
own (``sssom:MappingSet``) pointing at its axioms, with its title and licence.

The slot IRIs come from the mapping sets' own prefix maps (``sssom:``, ``pav:``, declared
in every file) and from ``ontology.vocab`` for the W3C vocabularies.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ontology.mappings.sssom_tsv import Mapping, MappingSet
from ontology.vocab import PREFIXES, RDF_TYPE, XSD, CurieError

#: SSSOM slot -> the property that carries it on a mapping's axiom (sssom-py's choice).
SLOT_PROPERTIES = {
    "mapping_justification": "sssom:mapping_justification",
    "author_id": "pav:authoredBy",
    "author_label": "sssom:author_label",
    "mapping_date": "dcterms:created",
    "subject_label": "sssom:subject_label",
    "object_label": "sssom:object_label",
    "see_also": "rdfs:seeAlso",
    "comment": "rdfs:comment",
}
#: Slots whose values are identifiers (IRIs), not text.
REFERENCE_SLOTS = frozenset({"mapping_justification", "author_id", "see_also"})
#: Set-level slot -> property on the mapping set's node.
SET_PROPERTIES = {
    "mapping_set_title": "dcterms:title",
    "mapping_set_description": "dcterms:description",
    "mapping_set_version": "owl:versionInfo",
}
_DATE = ox.NamedNode(XSD + "date")


def expand_curie(curie: str, curie_map: dict[str, str]) -> str:
    """An IRI from a CURIE of a mapping set (its prefixes, then alignkg's); IRIs pass through.

    >>> expand_curie("skos:exactMatch", {"skos": "http://www.w3.org/2004/02/skos/core#"})
    'http://www.w3.org/2004/02/skos/core#exactMatch'
    >>> expand_curie("https://example.org/x", {})
    'https://example.org/x'
    >>> expand_curie("nope:x", {})
    Traceback (most recent call last):
    ...
    ontology.vocab.CurieError: 'nope:x' has a prefix no mapping set declares
    """
    if "://" in curie:
        return curie
    prefix, sep, local = curie.partition(":")
    namespace = curie_map.get(prefix) or PREFIXES.get(prefix)
    if not sep or namespace is None:
        raise CurieError(f"{curie!r} has a prefix no mapping set declares")
    return namespace + local


def match_triple(mapping: Mapping, curie_map: dict[str, str]) -> ox.Triple:
    """The asserted match, ``subject predicate object``."""
    return ox.Triple(
        ox.NamedNode(expand_curie(mapping.subject_id, curie_map)),
        ox.NamedNode(expand_curie(mapping.predicate_id, curie_map)),
        ox.NamedNode(expand_curie(mapping.object_id, curie_map)),
    )


def _node(slot: str, value: str, curie_map: dict[str, str]) -> ox.NamedNode | ox.Literal:
    if slot in REFERENCE_SLOTS:
        return ox.NamedNode(expand_curie(value, curie_map))
    if slot == "mapping_date":
        return ox.Literal(value, datatype=_DATE)
    return ox.Literal(value)


def axiom_triples(
    mapping: Mapping, curie_map: dict[str, str], axiom: ox.BlankNode
) -> Iterator[ox.Triple]:
    """The mapping's SSSOM record as an ``owl:Axiom`` annotating its match triple."""
    match = match_triple(mapping, curie_map)

    def say(prop: str, value: ox.NamedNode | ox.Literal) -> ox.Triple:
        return ox.Triple(axiom, ox.NamedNode(expand_curie(prop, curie_map)), value)

    yield ox.Triple(axiom, ox.NamedNode(RDF_TYPE), ox.NamedNode(expand_curie("owl:Axiom", {})))
    yield say("owl:annotatedSource", match.subject)  # type: ignore[arg-type]
    yield say("owl:annotatedProperty", match.predicate)
    yield say("owl:annotatedTarget", match.object)  # type: ignore[arg-type]
    for slot, prop in SLOT_PROPERTIES.items():
        for value in mapping.values(slot):
            yield say(prop, _node(slot, value, curie_map))


def mapping_triples(
    mapping: Mapping, curie_map: dict[str, str], axiom: ox.BlankNode | None = None
) -> list[ox.Triple]:
    """One mapping in RDF: its match triple and its axiom (a fresh blank node by default)."""
    axiom = axiom or ox.BlankNode()
    return [match_triple(mapping, curie_map), *axiom_triples(mapping, curie_map, axiom)]


def set_triples(mapping_set: MappingSet) -> list[ox.Triple]:
    """A mapping set in RDF: the set's node, its mappings and their axioms."""
    curie_map = mapping_set.curie_map
    node = ox.NamedNode(mapping_set.mapping_set_id)
    kind = ox.NamedNode(expand_curie("sssom:MappingSet", curie_map))
    found = [ox.Triple(node, ox.NamedNode(RDF_TYPE), kind)]
    for slot, prop in SET_PROPERTIES.items():
        if mapping_set.metadata.get(slot):
            value = ox.Literal(str(mapping_set.metadata[slot]))
            found.append(ox.Triple(node, ox.NamedNode(expand_curie(prop, curie_map)), value))
    license_iri = mapping_set.metadata.get("license")
    if license_iri:
        licence = ox.NamedNode(expand_curie("dcterms:license", curie_map))
        found.append(ox.Triple(node, licence, ox.NamedNode(str(license_iri))))
    has_mapping = ox.NamedNode(expand_curie("sssom:mappings", curie_map))
    for mapping in mapping_set.mappings:
        axiom = ox.BlankNode()
        found += mapping_triples(mapping, curie_map, axiom)
        found.append(ox.Triple(node, has_mapping, axiom))
    return found


def graph_triples(sets: Iterable[MappingSet]) -> list[ox.Triple]:
    """Everything the mappings graph holds, for ``store.replace_graph_triples``."""
    return [triple for mapping_set in sets for triple in set_triples(mapping_set)]


def term_match_triples(term_iri: str, sets: Iterable[MappingSet]) -> list[ox.Triple]:
    """A term's matches with their axioms, for the term's own RDF description."""
    found: list[ox.Triple] = []
    for mapping_set in sets:
        curie_map = mapping_set.curie_map
        for mapping in mapping_set.mappings:
            if expand_curie(mapping.subject_id, curie_map) == term_iri:
                found += mapping_triples(mapping, curie_map)
    return found
