"""The Graph Store Protocol reads and writes through the remote adapter too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from remote_virtuoso import Virtuoso, remote_settings

from ontology.vocab import AK, ONTOLOGY_GRAPH
from service.app import create_app

USER_GRAPH = "https://w3id.org/alignkg/graph/user/remote-check"
TURTLE = '<https://example.org/s> <https://example.org/p> "remote" .'
DEFAULT_TURTLE = '<https://example.org/d> <https://example.org/p> "default" .'
DEFAULT_TRIPLE = (
    URIRef("https://example.org/d"),
    URIRef("https://example.org/p"),
    Literal("default"),
)


def test_reading_a_system_graph_gives_its_triples(client: TestClient) -> None:
    response = client.get(
        "/service", params={"graph": str(ONTOLOGY_GRAPH)}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200, response.text[:300]
    graph = Graph().parse(data=response.text, format="turtle")
    assert (AK.MesaOptimizer, None, None) in graph


def test_a_user_graph_put_with_the_key_reads_back(client: TestClient, auth: dict[str, str]) -> None:
    put = client.put(
        "/service",
        params={"graph": USER_GRAPH},
        content=TURTLE,
        headers={**auth, "Content-Type": "text/turtle"},
    )
    assert put.status_code in (201, 204), put.text[:300]
    got = client.get("/service", params={"graph": USER_GRAPH}, headers={"Accept": "text/turtle"})
    assert got.status_code == 200
    assert (URIRef("https://example.org/s"), None, None) in Graph().parse(
        data=got.text, format="turtle"
    )


@pytest.fixture
def caller(virtuoso: Virtuoso) -> Iterator[TestClient]:
    """As ``client``, but a server error reaches the test as the 500 a caller would get."""
    with TestClient(create_app(remote_settings(virtuoso)), raise_server_exceptions=False) as c:
        yield c


def test_the_default_graph_reads_back_alone(caller: TestClient, auth: dict[str, str]) -> None:
    """Issue 14: ``GET /service?default`` answered 500 over the remote store."""
    turtle = {**auth, "Content-Type": "text/turtle"}
    nt = {"Accept": "application/n-triples"}
    put = caller.put("/service?default", content=DEFAULT_TURTLE, headers=turtle)
    got = caller.get("/service?default", headers=nt)
    assert (put.status_code, got.status_code) == (204, 200), (put.text[:300], got.text[:300])
    # Exactly the PUT's triple: the union of all graphs would bring in the ontology too.
    assert set(Graph().parse(data=got.text, format="nt")) == {DEFAULT_TRIPLE}
    # Emptied again, as the Virtuoso is shared by the whole session.
    assert caller.delete("/service?default", headers=auth).status_code == 204
    emptied = caller.get("/service?default", headers=nt)
    assert emptied.status_code == 200
    assert len(Graph().parse(data=emptied.text, format="nt")) == 0
