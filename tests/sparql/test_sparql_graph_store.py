"""The SPARQL 1.1 Graph Store HTTP Protocol at /service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from ontology.vocab import CASES_GRAPH, ONTOLOGY_GRAPH, SUBMITTED_GRAPH
from service.app import create_app
from service.settings import Settings

KEY = "graph-store-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
TURTLE = {"Content-Type": "text/turtle", **AUTH}
GRAPH = "http://example.org/graphs/g1"
DATA = "<http://x/s> <http://x/p> 1 .\n"
MORE = "<http://x/s> <http://x/q> 'two' .\n"


@pytest.fixture(scope="module")
def gsp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("gsp"), api_key=KEY)  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        yield client


def _graph(client: TestClient, graph: str) -> Graph:
    response = client.get("/service", params={"graph": graph}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="turtle")


def test_put_creates_then_replaces_a_graph(gsp: TestClient) -> None:
    first = gsp.put("/service", params={"graph": GRAPH}, content=DATA, headers=TURTLE)
    assert first.status_code == 201
    again = gsp.put("/service", params={"graph": GRAPH}, content=MORE, headers=TURTLE)
    assert again.status_code == 204
    assert set(_graph(gsp, GRAPH)) == {(URIRef("http://x/s"), URIRef("http://x/q"), Literal("two"))}


def test_post_merges_into_a_graph(gsp: TestClient) -> None:
    gsp.put("/service", params={"graph": GRAPH}, content=DATA, headers=TURTLE)
    assert (
        gsp.post("/service", params={"graph": GRAPH}, content=MORE, headers=TURTLE).status_code
        == 204
    )
    assert len(_graph(gsp, GRAPH)) == 2


def test_post_without_a_graph_creates_a_user_graph(gsp: TestClient) -> None:
    response = gsp.post("/service", content=DATA, headers=TURTLE)
    assert response.status_code == 201
    location = response.headers["location"]
    assert gsp.get(location).status_code == 200


def test_delete_removes_a_graph_and_then_it_is_404(gsp: TestClient) -> None:
    gsp.put("/service", params={"graph": GRAPH}, content=DATA, headers=TURTLE)
    assert gsp.delete("/service", params={"graph": GRAPH}, headers=AUTH).status_code == 204
    assert gsp.get("/service", params={"graph": GRAPH}).status_code == 404
    assert gsp.delete("/service", params={"graph": GRAPH}, headers=AUTH).status_code == 404


def test_head_has_headers_and_no_body(gsp: TestClient) -> None:
    gsp.put("/service", params={"graph": GRAPH}, content=DATA, headers=TURTLE)
    response = gsp.head("/service", params={"graph": GRAPH}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert response.content == b""


def test_the_default_graph_is_writable_and_readable(gsp: TestClient) -> None:
    assert gsp.put("/service?default", content=DATA, headers=TURTLE).status_code == 204
    response = gsp.get("/service?default", headers={"Accept": "application/n-triples"})
    assert (
        response.text.strip()
        == '<http://x/s> <http://x/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    )


def test_system_graphs_are_readable(gsp: TestClient) -> None:
    assert len(_graph(gsp, str(ONTOLOGY_GRAPH))) > 100


@pytest.mark.parametrize("graph", [ONTOLOGY_GRAPH, CASES_GRAPH, SUBMITTED_GRAPH])
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_to_system_graphs_are_403(gsp: TestClient, graph: str, method: str) -> None:
    response = gsp.request(
        method, "/service", params={"graph": str(graph)}, content=DATA, headers=TURTLE
    )
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_without_the_key_are_401(gsp: TestClient, method: str) -> None:
    response = gsp.request(
        method,
        "/service",
        params={"graph": GRAPH},
        content=DATA,
        headers={"Content-Type": "text/turtle"},
    )
    assert response.status_code == 401


def test_unparseable_body_is_400_and_unknown_type_415(gsp: TestClient) -> None:
    bad = gsp.put("/service", params={"graph": GRAPH}, content="<x> <y", headers=TURTLE)
    assert bad.status_code == 400
    wrong = gsp.put(
        "/service",
        params={"graph": GRAPH},
        content=DATA,
        headers={"Content-Type": "image/png", **AUTH},
    )
    assert wrong.status_code == 415


def test_graph_and_default_together_are_400(gsp: TestClient) -> None:
    assert gsp.get("/service", params={"graph": GRAPH, "default": ""}).status_code == 400
