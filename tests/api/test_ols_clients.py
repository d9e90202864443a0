"""OLS clients from the registry (ols-client, ols-py) read alignkg's OLS-shaped API.

Issue 21's test: a client lists our ontology, finds mesa-optimizer by search and walks its
ancestors. Both clients send real HTTP with ``requests``, so the service runs as ``alignkg
serve`` on a free loopback port (``tests/live_server.py``); that also checks the IRIs the
clients encode twice in paths, which a TestClient would decode once too often. Expected
answers are read from the Turtle source with rdflib, not from the service.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from live_server import running_server
from ols_client import Client
from ols_py.client import Ols4Client
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS

from ontology.files import ONTOLOGY_FILE

AK = Namespace("https://w3id.org/alignkg/")
MESA = str(AK.MesaOptimizer)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("ols") / "var") as (_, url):
        yield url


@pytest.fixture(scope="module")
def source() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def named_superclasses(graph: Graph, iri: str) -> set[str]:
    """Every named class above ``iri`` by ``rdfs:subClassOf``, transitively."""
    above = graph.transitive_objects(URIRef(iri), RDFS.subClassOf)
    return {str(c) for c in above if isinstance(c, URIRef) and str(c) != iri}


def named_subclasses(graph: Graph, iri: str) -> set[str]:
    below = graph.subjects(RDFS.subClassOf, URIRef(iri))
    return {str(c) for c in below if (c, RDF.type, OWL.Class) in graph}


def test_ols_client_lists_the_ontology_finds_mesa_optimizer_and_walks_its_ancestors(
    base: str, source: Graph
) -> None:
    client = Client(base + "/ols")
    assert [o["ontologyId"] for o in client.get_ontologies()] == ["alignkg"]
    header = next(source.subjects(RDF.type, OWL.Ontology))
    assert client.get_description("alignkg") == str(source.value(header, DCTERMS.description))
    hits = client.search("mesa-optimizer")
    assert hits[0]["iri"] == MESA and hits[0]["label"] == "mesa-optimizer"
    ancestors = {term["iri"] for term in client.iter_ancestors("alignkg", MESA)}
    assert ancestors == named_superclasses(source, MESA)
    assert {str(AK.Optimizer), str(AK.LearnedAlgorithm)} < ancestors


def test_ols_client_reads_a_term_by_iri_and_the_parent_child_pairs(
    base: str, source: Graph
) -> None:
    client = Client(base + "/ols")
    [term] = client.get_term("alignkg", MESA)["_embedded"]["terms"]
    assert term["label"] == str(source.value(AK.MesaOptimizer, SKOS.prefLabel))
    assert set(term["synonyms"]) == {
        str(a) for a in source.objects(AK.MesaOptimizer, SKOS.altLabel)
    }
    pairs = set(client.iter_hierarchy("alignkg"))
    assert {("optimizer", "mesa-optimizer"), ("learned algorithm", "mesa-optimizer")} <= pairs


def test_ols_py_parses_every_answer_with_its_own_schemas(base: str, source: Graph) -> None:
    """ols-py validates each response with pydantic models of OLS4's JSON."""
    ols = Ols4Client(base + "/ols/api/")
    assert ols.get_api_info().links.ontologies.href.path == "/ols/api/ontologies"
    [ontology] = ols.get_ontologies().embedded.ontologies
    assert ontology.ontologyId == "alignkg" and ontology.status == "LOADED"
    record = ols.get_ontology("alignkg")
    assert record.numberOfTerms == ontology.numberOfTerms > 100
    assert ols.get_term("alignkg", MESA).label == "mesa-optimizer"
    ancestors = ols.get_term_ancestors("alignkg", MESA, params={"size": 100}).embedded.terms
    assert {str(t.iri) for t in ancestors} == named_superclasses(source, MESA)
    parents = ols.get_term_parents("alignkg", "ak:MesaOptimizer").embedded.terms
    assert {str(t.iri) for t in parents} == {str(AK.Optimizer), str(AK.LearnedAlgorithm)}
    children = ols.get_term_children("alignkg", str(AK.Optimizer)).embedded.terms
    assert {str(t.iri) for t in children} == named_subclasses(source, str(AK.Optimizer))
    below = ols.get_term_descendants("alignkg", str(AK.LearnedAlgorithm), params={"size": 100})
    assert MESA in {str(t.iri) for t in below.embedded.terms}
    found = ols.search("mesa optimiser", params={"ontology": "alignkg", "type": "class"})
    assert found.response.docs[0].iri == MESA and found.response.numFound >= 1
    assert ols.find_terms(params={"iri": MESA}).embedded.terms[0].short_form == "MesaOptimizer"
    by_short = ols.get_terms("alignkg", params={"short_form": "MesaOptimizer"})
    assert [str(t.iri) for t in by_short.embedded.terms] == [MESA]
    framing = ols.get_individual("alignkg", str(AK.RFLOFraming))
    assert framing.label == str(source.value(AK.RFLOFraming, RDFS.label))


def test_an_unknown_iri_in_a_path_is_a_404_problem_with_close_matches(base: str) -> None:
    twice = quote(quote(MESA + "s", safe=""), safe="")
    for path in (twice, twice + "/ancestors"):
        response = httpx.get(f"{base}/ols/api/ontologies/alignkg/terms/{path}", timeout=10)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
        assert MESA in {m["iri"] for m in response.json()["close_matches"]}
