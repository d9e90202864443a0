"""Failure cases as data: the documented ones in ``data/cases.json``, and their RDF.

A case record is a plain mapping (``id``, ``title``, ``description``, ``facts``,
``provenance``, ``sources``, ``expected``, ``exhibits``, ``history``). ``case_triples``
turns one into RDF, with the verdicts the classifier computes for it, so SPARQL can ask
which cases are ambiguous and which framings disagree. Each fact also becomes an
``ak:FactAssertion`` saying where it comes from: a quotation from a cited work (source),
an argument from the case's other facts (inferred), or the curator's reading (judgement).
The triples are pyoxigraph's, as the store takes them; only the SHACL check, which runs
on rdflib, gets them as an rdflib graph.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from ontology.classifier.engine import Classification, classify
from ontology.files import CASES_FILE_NAME, data_file
from ontology.vocab import (
    AK_ABOUT_FACT,
    AK_AMBIGUOUS,
    AK_AUTHOR_LIST,
    AK_CHECKED_AGAINST,
    AK_COMPUTED_VERDICT,
    AK_EXHIBITS,
    AK_EXPECTED_VERDICT,
    AK_FACT_ASSERTION,
    AK_FACT_VALUE,
    AK_FAILURE_CASE,
    AK_FRAMING,
    AK_FRAMING_VERDICT,
    AK_HAS_FACT_ASSERTION,
    AK_HAS_FRAMING_VERDICT,
    AK_LOCATOR,
    AK_PROVENANCE_KIND,
    AK_QUOTE,
    AK_REASON,
    AK_RULE,
    AK_VERDICT,
    BIBO_DOCUMENT,
    DC_CREATOR,
    DC_DESCRIPTION,
    DC_IDENTIFIER,
    DC_ISSUED,
    DC_MODIFIED,
    DC_SOURCE,
    DC_TITLE,
    FOAF_PAGE,
    PROV_DERIVED_FROM,
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_CHANGE_NOTE,
    XSD_BOOLEAN,
    XSD_GYEAR,
    XSD_STRING,
    ak_iri,
    case_iri,
)


@cache
def _documented_cases() -> tuple[dict[str, Any], ...]:
    # A missing file raises (MissingDataError) rather than reading as no cases.
    cases_file = data_file(CASES_FILE_NAME)
    return tuple(json.loads(cases_file.read_text(encoding="utf-8"))["cases"])


def load_documented_cases() -> list[dict[str, Any]]:
    """The documented cases of ``data/cases.json`` (read once per process)."""
    return [dict(case) for case in _documented_cases()]


#: Where a presumed fact comes from (``ak:provenanceKind "presumption"``).
PRESUMPTION: dict[str, str] = {
    "kind": "presumption",
    "why": "presumed by alignkg's reader: the description would say so if it held",
}


def classify_case(case: Mapping[str, Any]) -> Classification:
    """The classifier's answer for a stored case: its facts (and the presumptions stored
    with them) first, else its description."""
    facts = case.get("facts") or None
    presumed = case.get("presumed") or None
    text = None if facts or presumed else case.get("description")
    return classify(facts, text=text, partition=case.get("partition"), presumed=presumed)


#: Adds one triple: subject, predicate IRI, object.
_Add = Callable[[ox.NamedNode, str, ox.NamedNode | ox.Literal], None]


def case_triples(case: Mapping[str, Any], *, iri: str) -> list[ox.Triple]:
    """One case as RDF: its description, facts, sources, expected and computed verdicts.

    Each triple once, in the order written (a graph holds no triple twice).
    """
    node = ox.NamedNode(iri)
    out: list[ox.Triple] = []

    def add(subject: ox.NamedNode, predicate: str, obj: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Triple(subject, ox.NamedNode(predicate), obj))

    add(node, RDF_TYPE, ox.NamedNode(AK_FAILURE_CASE))
    add(node, RDFS_LABEL, _english(case.get("title") or case["id"]))
    add(node, DC_IDENTIFIER, ox.Literal(case["id"]))
    if case.get("description"):
        add(node, DC_DESCRIPTION, _english(case["description"]))
    provenance = case.get("provenance") or {}
    sources = list(case.get("sources") or ())
    for name, value in (case.get("facts") or {}).items():
        if value is not None:
            add(node, ak_iri(name), _boolean(bool(value)))
            if name in provenance:
                _add_provenance(add, node, name, bool(value), provenance[name], sources)
    # A presumption is no fact of the case: only its assertion is stored, so a query for
    # the case's facts never sees it, while the classifier can still read it back.
    for name, value in (case.get("presumed") or {}).items():
        _add_provenance(add, node, name, bool(value), PRESUMPTION, sources)
    for source in sources:
        _add_source(add, node, source)
    for change in case.get("history") or ():
        add(node, DC_MODIFIED, ox.Literal(change["date"]))
        add(node, SKOS_CHANGE_NOTE, _english(f"{change['date']}: {change['note']}"))
    for term in case.get("exhibits") or ():
        add(node, AK_EXHIBITS, ox.NamedNode(ak_iri(term)))
    expected = (case.get("expected") or {}).get("verdict")
    if expected:
        add(node, AK_EXPECTED_VERDICT, ox.Literal(expected))
    _add_classification(add, node, classify_case(case))
    return list(dict.fromkeys(out))


def _english(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def _boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD_BOOLEAN))


def _add_provenance(
    add: _Add,
    case: ox.NamedNode,
    name: str,
    value: bool,
    record: Mapping[str, Any],
    sources: list[Mapping[str, Any]],
) -> None:
    """One ``ak:FactAssertion``, named under the case's IRI (``<case>/fact/<name>``)."""
    node = ox.NamedNode(f"{case.value}/fact/{name}")
    add(case, AK_HAS_FACT_ASSERTION, node)
    add(node, RDF_TYPE, ox.NamedNode(AK_FACT_ASSERTION))
    add(node, AK_ABOUT_FACT, ox.NamedNode(ak_iri(name)))
    add(node, AK_FACT_VALUE, _boolean(value))
    add(node, AK_PROVENANCE_KIND, ox.Literal(record["kind"]))
    if record.get("quote"):
        add(node, AK_QUOTE, _english(record["quote"]))
    if record.get("locator"):
        add(node, AK_LOCATOR, ox.Literal(record["locator"]))
    if record.get("checked_at"):
        add(node, AK_CHECKED_AGAINST, ox.Literal(record["checked_at"]))
    index = record.get("source")
    if isinstance(index, int) and 0 <= index < len(sources) and sources[index].get("url"):
        add(node, PROV_DERIVED_FROM, ox.NamedNode(sources[index]["url"]))
    reason = record.get("argument") or record.get("why")
    if reason:
        add(node, AK_REASON, _english(reason))


def _add_source(add: _Add, node: ox.NamedNode, source: Mapping[str, Any]) -> None:
    url = source.get("url")
    if not url:
        return
    doc = ox.NamedNode(url)
    add(node, DC_SOURCE, doc)
    add(doc, RDF_TYPE, ox.NamedNode(BIBO_DOCUMENT))
    add(doc, FOAF_PAGE, doc)
    if source.get("title"):
        add(doc, DC_TITLE, _english(source["title"]))
    authors = source.get("authors") or ()
    for author in authors:
        add(doc, DC_CREATOR, ox.Literal(author))
    if len(authors) > 1:  # RDF keeps no order among the creators; ak:authorList does
        add(doc, AK_AUTHOR_LIST, ox.Literal("; ".join(authors)))
    if source.get("year"):
        add(doc, DC_ISSUED, ox.Literal(str(source["year"]), datatype=ox.NamedNode(XSD_GYEAR)))


def _add_classification(add: _Add, node: ox.NamedNode, result: Classification) -> None:
    add(node, AK_COMPUTED_VERDICT, ox.Literal(result.verdict.value))
    add(node, AK_AMBIGUOUS, _boolean(result.ambiguous))
    for fv in result.framings:
        verdict_node = ox.NamedNode(f"{node.value}/verdict/{fv.framing.name}")
        add(node, AK_HAS_FRAMING_VERDICT, verdict_node)
        add(verdict_node, RDF_TYPE, ox.NamedNode(AK_FRAMING_VERDICT))
        add(verdict_node, AK_FRAMING, ox.NamedNode(fv.framing.iri))
        add(verdict_node, AK_VERDICT, ox.Literal(fv.verdict.value))
        add(verdict_node, AK_RULE, ox.Literal(fv.rule))


def documented_case_triples() -> list[ox.Triple]:
    """All documented cases as triples (the store's cases named graph), each once."""
    cases = _documented_cases()
    return list(dict.fromkeys(t for c in cases for t in case_triples(c, iri=case_iri(c["id"]))))


def documented_cases_graph() -> Graph:
    """The documented cases as an rdflib graph, for the SHACL check (pyshacl reads rdflib)."""
    graph = Graph()
    for t in documented_case_triples():
        graph.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    return graph


def _rdflib(term: Any) -> URIRef | Literal:
    """A named node or literal of ``case_triples`` as rdflib's term (no blank nodes occur).

    A plain string stays plain (``xsd:string`` is implicit), as rdflib writes one.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if not isinstance(term, ox.Literal):
        raise TypeError(f"case triples hold no {type(term).__name__}")
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
