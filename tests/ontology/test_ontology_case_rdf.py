"""The cases' RDF is built as pyoxigraph triples and stored as they are; it must be the
very quads the earlier rdflib detour stored (an rdflib graph, written as N-Triples and
read back by pyoxigraph). ``_rdflib_case_graph`` below is that earlier builder, kept
here as the reference."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from ontology.cases import book
from ontology.cases.documented import (
    case_triples,
    classify_case,
    documented_cases_graph,
    load_documented_cases,
)
from ontology.cases.system_graphs import load_system_graphs
from ontology.classifier.engine import classify
from ontology.store import EmbeddedStore
from ontology.vocab import CASES_GRAPH, SUBMITTED_GRAPH, case_iri

AK = Namespace("https://w3id.org/alignkg/")
PROV = Namespace("http://www.w3.org/ns/prov#")
BIBO_DOCUMENT = URIRef("http://purl.org/ontology/bibo/Document")

TRICKY = {
    "title": 'Boat \u2018race\u2019 "quoted" \\ tab\t and\nnewline',
    "description": "A boat-racing agent circles the same targets forever. \u00e9 \U0001f600",
    "facts": {"rewardedInTraining": True, "wouldBeRewarded": True, "deceptive": False},
    "sources": [
        {
            "url": "https://example.org/a?x=1&y=%20",
            "title": "T",
            "authors": ["A", "A", "B"],
            "year": 2019,
        },
        {"url": "https://example.org/a?x=1&y=%20", "title": "T", "authors": ["A"], "year": 2019},
        {"url": "https://example.org/b", "title": None, "authors": [], "year": None},
    ],
    "exhibits": ["ak:SpecificationGaming", "ak:RewardHacking"],
    "partition": "reward",
}


def _rdflib_case_graph(case: Mapping[str, Any], iri: str) -> Graph:
    """A case as the case book built it with rdflib before issue 15, with the provenance
    (one ``ak:FactAssertion`` per fact) and history added since, spelled independently."""
    node = URIRef(iri)
    g = Graph()
    sources = list(case.get("sources") or ())
    for name, record in (case.get("provenance") or {}).items():
        value = (case.get("facts") or {}).get(name)
        if value is None:
            continue
        fact = URIRef(f"{iri}/fact/{name}")
        g.add((node, AK.hasFactAssertion, fact))
        g.add((fact, ns.RDF.type, AK.FactAssertion))
        g.add((fact, AK.aboutFact, AK[name]))
        g.add((fact, AK.factValue, Literal(bool(value), datatype=ns.XSD.boolean)))
        g.add((fact, AK.provenanceKind, Literal(record["kind"])))
        if record.get("quote"):
            g.add((fact, AK.quote, Literal(record["quote"], lang="en")))
        if record.get("locator"):
            g.add((fact, AK.locator, Literal(record["locator"])))
        if record.get("checked_at"):
            g.add((fact, AK.checkedAgainst, Literal(record["checked_at"])))
        if isinstance(record.get("source"), int):
            g.add((fact, PROV.wasDerivedFrom, URIRef(sources[record["source"]]["url"])))
        if record.get("argument") or record.get("why"):
            reason = record.get("argument") or record.get("why")
            g.add((fact, AK.reason, Literal(reason, lang="en")))
    # A presumption: the assertion alone, no fact triple on the case.
    for name, value in (case.get("presumed") or {}).items():
        fact = URIRef(f"{iri}/fact/{name}")
        g.add((node, AK.hasFactAssertion, fact))
        g.add((fact, ns.RDF.type, AK.FactAssertion))
        g.add((fact, AK.aboutFact, AK[name]))
        g.add((fact, AK.factValue, Literal(bool(value), datatype=ns.XSD.boolean)))
        g.add((fact, AK.provenanceKind, Literal("presumption")))
        why = "presumed by alignkg's reader: the description would say so if it held"
        g.add((fact, AK.reason, Literal(why, lang="en")))
    for change in case.get("history") or ():
        g.add((node, ns.DCTERMS.modified, Literal(change["date"])))
        g.add((node, ns.SKOS.changeNote, Literal(f"{change['date']}: {change['note']}", lang="en")))
    g.add((node, ns.RDF.type, AK.FailureCase))
    g.add((node, ns.RDFS.label, Literal(case.get("title") or case["id"], lang="en")))
    g.add((node, ns.DCTERMS.identifier, Literal(case["id"])))
    if case.get("description"):
        g.add((node, ns.DCTERMS.description, Literal(case["description"], lang="en")))
    for name, value in (case.get("facts") or {}).items():
        if value is not None:
            g.add((node, AK[name], Literal(bool(value), datatype=ns.XSD.boolean)))
    for source in case.get("sources") or ():
        doc = URIRef(source["url"])
        g.add((node, ns.DCTERMS.source, doc))
        g.add((doc, ns.RDF.type, BIBO_DOCUMENT))
        g.add((doc, ns.FOAF.page, doc))
        if source.get("title"):
            g.add((doc, ns.DCTERMS.title, Literal(source["title"], lang="en")))
        authors = source.get("authors") or ()
        for author in authors:
            g.add((doc, ns.DCTERMS.creator, Literal(author)))
        if len(authors) > 1:
            g.add((doc, AK.authorList, Literal("; ".join(authors))))
        if source.get("year"):
            g.add((doc, ns.DCTERMS.issued, Literal(str(source["year"]), datatype=ns.XSD.gYear)))
    for term in case.get("exhibits") or ():
        g.add((node, AK.exhibits, AK[term.removeprefix("ak:")]))
    expected = (case.get("expected") or {}).get("verdict")
    if expected:
        g.add((node, AK.expectedVerdict, Literal(expected)))
    result = classify_case(case)
    g.add((node, AK.computedVerdict, Literal(result.verdict.value)))
    g.add((node, AK.ambiguous, Literal(result.ambiguous)))
    for fv in result.framings:
        verdict_node = URIRef(f"{node}/verdict/{fv.framing.name}")
        g.add((node, AK.hasFramingVerdict, verdict_node))
        g.add((verdict_node, ns.RDF.type, AK.FramingVerdict))
        g.add((verdict_node, AK.framing, URIRef(fv.framing.iri)))
        g.add((verdict_node, AK.verdict, Literal(fv.verdict.value)))
        g.add((verdict_node, AK.rule, Literal(fv.rule)))
    return g


def _via_rdflib(graph: Graph, graph_name: str) -> set[ox.Quad]:
    """What the detour stored: rdflib's N-Triples, read back by pyoxigraph."""
    data = graph.serialize(format="nt", encoding="utf-8")
    name = ox.NamedNode(graph_name)
    return {
        ox.Quad(t.subject, t.predicate, t.object, name)
        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    }


def test_the_stored_cases_graph_is_the_quads_the_rdflib_detour_stored() -> None:
    store = EmbeddedStore()
    load_system_graphs(store)
    reference = Graph()
    for case in load_documented_cases():
        reference += _rdflib_case_graph(case, case_iri(case["id"]))
    stored = list(store.quads(str(CASES_GRAPH)))
    assert len(stored) == len(reference) > 0
    assert set(stored) == _via_rdflib(reference, str(CASES_GRAPH))


def test_the_shacl_check_reads_the_same_graph_rdflib_built() -> None:
    reference = Graph()
    for case in load_documented_cases():
        reference += _rdflib_case_graph(case, case_iri(case["id"]))
    assert set(documented_cases_graph()) == set(reference)


def test_a_submitted_case_is_stored_as_the_rdflib_detour_stored_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(book, "new_case_id", lambda title: "boat-race-0000")
    store = EmbeddedStore()
    record, _ = book.submit_case(store, TRICKY)
    stored = set(store.quads(str(SUBMITTED_GRAPH)))

    iri = case_iri("boat-race-0000")
    # The case is stored with the facts the classifier used (given, and read from the text).
    answer = classify(TRICKY["facts"], text=TRICKY["description"], partition="reward")
    used = answer.facts
    provenance = book.submitted_provenance(TRICKY, used, answer.evidence)
    case = {
        **TRICKY,
        "id": "boat-race-0000",
        "facts": dict(used),
        "presumed": dict(answer.presumed),
        "provenance": provenance,
    }
    expected = _via_rdflib(_rdflib_case_graph(case, iri), iri)
    graph = ox.NamedNode(str(SUBMITTED_GRAPH))
    expected = {ox.Quad(q.subject, q.predicate, q.object, graph) for q in expected}
    partition = ox.Literal("reward")
    expected.add(ox.Quad(ox.NamedNode(iri), ox.NamedNode(AK.declaredPartition), partition, graph))
    assert stored == expected
    # The answer lists each source and author once, and is the case as stored (the store
    # gives a case's sources and exhibited terms in an order of its own).
    by_url = {s["url"]: s for s in record["sources"]}
    assert len(by_url) == len(record["sources"]) == 2
    assert by_url["https://example.org/a?x=1&y=%20"]["authors"] == ["A", "B"]
    again = book.get_case(store, "boat-race-0000")
    assert again is not None
    assert {**again, "sources": None, "exhibits": None} == {
        **record,
        "sources": None,
        "exhibits": None,
    }
    assert sorted(again["exhibits"]) == sorted(record["exhibits"])
    assert sorted(again["sources"], key=str) == sorted(record["sources"], key=str)


def test_case_triples_name_each_triple_once() -> None:
    triples = case_triples({**TRICKY, "id": "x"}, iri=case_iri("x"))
    assert len(triples) == len(set(triples))
