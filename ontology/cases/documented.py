"""Failure cases as data: the documented ones in ``data/cases.json``, and their RDF.

A case record is a plain mapping (``id``, ``title``, ``description``, ``facts``,
``sources``, ``expected``, ``exhibits``). ``case_graph`` turns one into RDF, with the
verdicts the classifier computes for it, so SPARQL can ask which cases are ambiguous and
which framings disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from ontology.classifier.engine import Classification, classify
from ontology.files import CASES_FILE_NAME, data_file
from ontology.vocab import AK, CASE

BIBO = "http://purl.org/ontology/bibo/"


@cache
def _documented_cases() -> tuple[dict[str, Any], ...]:
    # A missing file raises (MissingDataError) rather than reading as no cases.
    cases_file = data_file(CASES_FILE_NAME)
    return tuple(json.loads(cases_file.read_text(encoding="utf-8"))["cases"])


def load_documented_cases() -> list[dict[str, Any]]:
    """The documented cases of ``data/cases.json`` (read once per process)."""
    return [dict(case) for case in _documented_cases()]


def case_iri(case_id: str) -> URIRef:
    return CASE[case_id]


def classify_case(case: Mapping[str, Any]) -> Classification:
    """The classifier's answer for a stored case: its facts first, else its description."""
    facts = case.get("facts") or None
    text = None if facts else case.get("description")
    return classify(facts, text=text, partition=case.get("partition"))


def case_graph(case: Mapping[str, Any], *, iri: str | URIRef) -> Graph:
    """One case as RDF: its description, facts, sources, expected and computed verdicts."""
    node = URIRef(str(iri))
    g = Graph()
    g.add((node, RDF.type, AK.FailureCase))
    g.add((node, RDFS.label, Literal(case.get("title") or case["id"], lang="en")))
    g.add((node, DCTERMS.identifier, Literal(case["id"])))
    if case.get("description"):
        g.add((node, DCTERMS.description, Literal(case["description"], lang="en")))
    for name, value in (case.get("facts") or {}).items():
        if value is not None:
            g.add((node, AK[name], Literal(bool(value), datatype=XSD.boolean)))
    for source in case.get("sources") or ():
        _add_source(g, node, source)
    for term in case.get("exhibits") or ():
        g.add((node, AK.exhibits, AK[term.removeprefix("ak:")]))
    expected = (case.get("expected") or {}).get("verdict")
    if expected:
        g.add((node, AK.expectedVerdict, Literal(expected)))
    _add_classification(g, node, classify_case(case))
    return g


def _add_source(g: Graph, node: URIRef, source: Mapping[str, Any]) -> None:
    url = source.get("url")
    if not url:
        return
    doc = URIRef(url)
    g.add((node, DCTERMS.source, doc))
    g.add((doc, RDF.type, URIRef(BIBO + "Document")))
    g.add((doc, FOAF.page, doc))
    if source.get("title"):
        g.add((doc, DCTERMS.title, Literal(source["title"], lang="en")))
    authors = source.get("authors") or ()
    for author in authors:
        g.add((doc, DCTERMS.creator, Literal(author)))
    if len(authors) > 1:  # RDF keeps no order among the creators; ak:authorList does
        g.add((doc, AK.authorList, Literal("; ".join(authors))))
    if source.get("year"):
        g.add((doc, DCTERMS.issued, Literal(str(source["year"]), datatype=XSD.gYear)))


def _add_classification(g: Graph, node: URIRef, result: Classification) -> None:
    g.add((node, AK.computedVerdict, Literal(result.verdict.value)))
    g.add((node, AK.ambiguous, Literal(result.ambiguous)))
    for fv in result.framings:
        verdict_node = URIRef(f"{node}/verdict/{fv.framing.name}")
        g.add((node, AK.hasFramingVerdict, verdict_node))
        g.add((verdict_node, RDF.type, AK.FramingVerdict))
        g.add((verdict_node, AK.framing, URIRef(fv.framing.iri)))
        g.add((verdict_node, AK.verdict, Literal(fv.verdict.value)))
        g.add((verdict_node, AK.rule, Literal(fv.rule)))


def documented_cases_graph() -> Graph:
    """All documented cases as one graph (the store's cases named graph)."""
    g = Graph()
    for case in _documented_cases():
        g += case_graph(case, iri=case_iri(case["id"]))
    return g
