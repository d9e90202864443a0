"""A term described: as a JSON record for REST callers, and as RDF triples.

The JSON record gathers what a reader of a glossary entry wants in one place (labels,
one definition per framing with its source, citations, neighbours, disputes, cases,
mappings to other vocabularies); the RDF description is the term's concise bounded
description plus its definition resources, disputed relations, the cases that exhibit it
and its SSSOM mappings (``skos:*Match`` triples, each with its ``owl:Axiom`` record).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ontology.mappings.catalogue import mapping_sets
from ontology.mappings.lookup import term_mappings
from ontology.mappings.triples import term_match_triples
from ontology.terms.edges import disputed_nodes, disputed_records
from ontology.terms.index import TermIndex, node_key
from ontology.terms.term import Term
from ontology.vocab import (
    AK_AUTHOR_LIST,
    AK_CHECKED_AGAINST,
    AK_CHECKED_ON,
    AK_DEFINITION_TEXT,
    AK_EXHIBITS,
    AK_EXTRAPOLATION,
    AK_FRAMING,
    AK_HAS_DEFINITION,
    AK_LOCATOR,
    AK_QUOTE,
    BIBO_URI,
    DC_BIBCITATION,
    DC_CREATOR,
    DC_DATE,
    DC_ISSUED,
    DC_SOURCE,
    DC_TITLE,
    FOAF_PAGE,
    PREFIXES,
    RDFS_LABEL,
    RDFS_SEE_ALSO,
    SCHEMA_URL,
    SKOS_CLOSE_MATCH,
    case_id,
    local_name,
    ordered_authors,
    shorten,
)

#: Serialisations a term or the ontology can be had in, by short name.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
_URL_PREDICATES = (BIBO_URI, FOAF_PAGE, SCHEMA_URL, RDFS_SEE_ALSO)
_HIERARCHY = ("rdfs:subClassOf", "rdf:type")
_SYMMETRIC = ("skos:related",)


def citation(index: TermIndex, source: str) -> dict[str, Any]:
    """A source as a citation: title, authors, year, link and one formatted line."""
    if not source.startswith(("http://", "https://", "urn:")):
        return {"iri": None, "curie": None, "title": source, "citation": source}
    values = index.objects
    title = next((str(o.value) for p in (DC_TITLE, RDFS_LABEL) for o in values(source, p)), None)
    creators = [index.labels.get(o.value, str(o.value)) for o in values(source, DC_CREATOR)]
    author_list = next((str(o.value) for o in values(source, AK_AUTHOR_LIST)), None)
    authors = ordered_authors(creators, author_list)
    year = next((str(o.value)[:4] for p in (DC_DATE, DC_ISSUED) for o in values(source, p)), None)
    url = next((str(o.value) for p in _URL_PREDICATES for o in values(source, p)), None)
    given = next((str(o.value) for o in values(source, DC_BIBCITATION)), None)
    byline = " ".join(p for p in (", ".join(authors), f"({year})" if year else "") if p)
    line = given or ". ".join(p for p in (byline, title or shorten(source)) if p)
    return {
        "iri": source,
        "curie": shorten(source),
        "title": title or shorten(source),
        "authors": authors,
        "year": year,
        "url": url or (source if not source.startswith(PREFIXES["aksrc"]) else None),
        "citation": line,
    }


def definitions(index: TermIndex, term: Term) -> list[dict[str, Any]]:
    """The preferred ``skos:definition`` first, then each source's reading (``ak:Definition``)."""
    found: list[dict[str, Any]] = []
    if term.definition:
        own = [o.value for o in index.objects(term.iri, DC_SOURCE)]
        found.append({"text": term.definition, "framing": None, **definition_sources(index, own)})
    readings = [
        entry
        for node in index.objects(term.iri, AK_HAS_DEFINITION)
        if (entry := definition_entry(index, node_key(node))) is not None
    ]
    return found + sorted(readings, key=_framing_order)


def definition_entry(index: TermIndex, key: str | ox.BlankNode) -> dict[str, Any] | None:
    """One ``ak:Definition``: our paraphrase, the source's words and where they are.

    ``quote`` and ``locator`` are the evidence for ``text``; ``checked_against`` names the
    copy of the source the quote was compared with; ``extrapolation`` says where the
    reading goes beyond its source.
    """
    texts = index.objects(key, AK_DEFINITION_TEXT)
    if not texts:
        return None

    def first(predicate: str) -> str | None:
        values = index.objects(key, predicate)
        return str(node_key(values[0])) if values else None

    framing = first(AK_FRAMING)
    return {
        "definition": index.ref(key) if isinstance(key, str) else None,
        "text": str(node_key(texts[0])),
        "framing": index.ref(framing) if framing else None,
        "date": first(DC_DATE),
        "quote": first(AK_QUOTE),
        "locator": first(AK_LOCATOR),
        "checked_against": first(AK_CHECKED_AGAINST),
        "checked_on": first(AK_CHECKED_ON),
        "extrapolation": first(AK_EXTRAPOLATION),
        **definition_sources(index, [str(node_key(s)) for s in index.objects(key, DC_SOURCE)]),
    }


def history(index: TermIndex, term: Term) -> list[dict[str, Any]]:
    """Who defined the term how, oldest first: its readings and those of close matches.

    A close match (``skos:closeMatch``, either way) is part of the same history: scheming's
    definitions belong to the history of deceptive alignment and the reverse, each entry
    saying which term it defines.
    """
    close = shorten(SKOS_CLOSE_MATCH)
    terms = [term.iri]
    for edge in index.edges:
        if edge.relation == close and term.iri in (edge.source, edge.target):
            terms.append(edge.target if edge.source == term.iri else edge.source)
    entries = []
    for iri in dict.fromkeys(terms):
        for node in index.objects(iri, AK_HAS_DEFINITION):
            entry = definition_entry(index, node_key(node))
            if entry is not None:
                entries.append({"term": index.ref(iri), **entry})
    return sorted(entries, key=lambda e: (e["date"] or "9999", e["text"]))


def definition_sources(index: TermIndex, sources: list[str]) -> dict[str, Any]:
    """A definition's ``sources`` as citations, ordered by title so the answer is stable,
    and ``source``, the first of them, for callers that show one."""
    cited = sorted((citation(index, s) for s in sources), key=lambda c: str(c["citation"]))
    return {"source": cited[0] if cited else None, "sources": cited}


def _framing_order(definition: dict[str, Any]) -> str:
    framing = definition["framing"]
    return str(framing["label"]).lower() if framing else ""


def related(index: TermIndex, term: Term) -> list[dict[str, Any]]:
    """Non-hierarchical, undisputed relations in both directions.

    ``skos:related`` is symmetric, so a pair asserted both ways is listed once.
    """
    found = []
    symmetric_seen: set[tuple[str, str]] = set()
    for edge in index.edges:
        if edge.disputed or edge.relation in _HIERARCHY:
            continue
        if term.iri not in (edge.source, edge.target):
            continue
        outgoing = edge.source == term.iri
        other = edge.target if outgoing else edge.source
        if edge.relation in _SYMMETRIC:
            if (edge.relation, other) in symmetric_seen:
                continue
            symmetric_seen.add((edge.relation, other))
        found.append(
            {
                "relation": edge.relation,
                "direction": "outgoing" if outgoing else "incoming",
                "term": index.ref(other),
            }
        )
    return found


def term_record(index: TermIndex, term: Term) -> dict[str, Any]:
    """Everything REST callers get for ``GET /terms/{id}``."""
    defs = definitions(index, term)
    sources = [s for d in defs for s in d["sources"]]
    sources += [citation(index, o.value) for o in index.objects(term.iri, DC_SOURCE)]
    disputes = [
        d for d in disputed_records(index) if term.iri in (d["subject"]["iri"], d["object"]["iri"])
    ]
    return {
        "iri": term.iri,
        "curie": term.curie,
        "id": local_name(term.iri),
        "label": term.label,
        "alt_labels": term.alt_labels,
        "kind": term.kind,
        "kinds": term.kinds,
        "types": term.types,
        "definition": term.definition,
        "definitions": defs,
        "sources": list({s["citation"]: s for s in sources}.values()),
        "parents": [index.ref(p) for p in term.parents],
        "children": [index.ref(c) for c in term.children],
        "related": related(index, term),
        "disputed": disputes,
        "cases": [
            {"id": case_id(iri), "iri": iri, "title": title}
            for iri, title in index.exhibited_by.get(term.iri, [])
        ],
        "mappings": term_mappings(term.iri),
    }


def _bounded(index: TermIndex, subject: str | ox.BlankNode, into: list[ox.Triple]) -> None:
    """Add ``subject``'s triples and, recursively, those of the blank nodes it uses."""
    for triple in index.triples_of(subject):
        into.append(triple)
        if isinstance(triple.object, ox.BlankNode) and triple.object in index.blank:
            _bounded(index, triple.object, into)


def term_triples(index: TermIndex, term: Term) -> list[ox.Triple]:
    """The term's RDF description (see the module docstring)."""
    triples: list[ox.Triple] = []
    _bounded(index, term.iri, triples)
    for node in index.objects(term.iri, AK_HAS_DEFINITION):
        _bounded(index, node_key(node), triples)
    for disputed in disputed_nodes(index):
        if term.iri in {node_key(t.object) for t in index.triples_of(disputed)}:
            _bounded(index, disputed, triples)
    exhibits = ox.NamedNode(AK_EXHIBITS)
    for case_iri, _title in index.exhibited_by.get(term.iri, []):
        triples.append(ox.Triple(ox.NamedNode(case_iri), exhibits, ox.NamedNode(term.iri)))
    triples += term_match_triples(term.iri, mapping_sets())
    return list(dict.fromkeys(triples))


def serialize(triples: list[ox.Triple], fmt: str) -> bytes:
    """Triples in one of ``RDF_FORMATS``, with alignkg's prefixes where the format has them."""
    rdf_format = RDF_FORMATS[fmt]
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


def term_rdf(index: TermIndex, term: Term, fmt: str) -> bytes:
    """The term's description serialised, computed once per store version."""
    return index.remember(  # type: ignore[no-any-return]
        ("rdf", term.iri, fmt), lambda: serialize(term_triples(index, term), fmt)
    )


def ontology_rdf(index: TermIndex, fmt: str) -> bytes:
    """The whole ontology graph serialised, computed once per store version."""

    def build() -> bytes:
        triples = [t for group in index.by_subject.values() for t in group]
        triples += [t for group in index.blank.values() for t in group]
        return serialize(triples, fmt)

    return index.remember(("ontology", fmt), build, ontology_only=True)  # type: ignore[no-any-return]
