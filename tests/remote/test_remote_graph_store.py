"""The Graph Store Protocol reads and writes through the remote adapter too."""

from __future__ import annotations

from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from ontology.namespaces import AK, ONTOLOGY_GRAPH

USER_GRAPH = "https://w3id.org/alignkg/graph/user/remote-check"
TURTLE = '<https://example.org/s> <https://example.org/p> "remote" .'


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
