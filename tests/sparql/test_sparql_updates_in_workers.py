"""Updates run on a worker's copy under the query timeout; the server applies the change
the worker reports, and only in the graphs the analysis allowed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from ontology.store import EmbeddedStore, GraphChange, StoreChanged
from ontology.vocab import ONTOLOGY_GRAPH
from service.app import create_app
from service.settings import Settings

KEY = "update-worker-key"
UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {KEY}"}
MINE = "https://w3id.org/alignkg/graph/user/mine"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data_dir: Path = tmp_path_factory.mktemp("updates")
    settings = Settings(data_dir=data_dir, api_key=KEY, query_timeout_s=2)  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _update(client: TestClient, text: str) -> int:
    return client.post("/sparql", content=text, headers=UPDATE).status_code


def _graph(client: TestClient, graph: str) -> set[ox.Quad]:
    return set(client.app.state.store.quads(graph))  # type: ignore[attr-defined]


def test_an_update_past_the_timeout_is_stopped_and_changes_nothing(client: TestClient) -> None:
    before = _graph(client, MINE)
    # Four-way cross product of the ontology graph: billions of rows, minutes of work.
    slow = (
        f"INSERT {{ GRAPH <{MINE}> {{ ?a ?b ?c }} }} WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> "
        "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } }"
    )
    response = client.post("/sparql", content=slow, headers=UPDATE)
    assert response.status_code == 503, response.text
    assert response.json()["type"].endswith("/query-timeout")
    assert _graph(client, MINE) == before
    # ...and the endpoint goes on serving queries and updates.
    assert _update(client, f"INSERT DATA {{ GRAPH <{MINE}> {{ <a:s> <a:p> 1 }} }}") == 204
    assert len(_graph(client, MINE)) == len(before) + 1


def test_blank_nodes_written_by_one_update_are_found_by_the_next(client: TestClient) -> None:
    assert _update(client, f"CLEAR SILENT GRAPH <{MINE}>") == 204
    insert = f'INSERT DATA {{ GRAPH <{MINE}> {{ _:x <a:name> "x" ; <a:age> 3 . }} }}'
    assert _update(client, insert) == 204
    assert len(_graph(client, MINE)) == 2
    # The worker's copy names the blank node as the store does, so deleting it by
    # pattern removes the very quads the store holds.
    delete = (
        f"DELETE {{ GRAPH <{MINE}> {{ ?x ?p ?o }} }}"
        f' WHERE {{ GRAPH <{MINE}> {{ ?x <a:name> "x" ; ?p ?o }} }}'
    )
    assert _update(client, delete) == 204
    assert _graph(client, MINE) == set()


def test_create_and_drop_reach_the_store(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    empty = MINE + "-empty"
    assert _update(client, f"CREATE GRAPH <{empty}>") == 204
    assert empty in store.named_graphs()
    assert _update(client, f"DROP GRAPH <{empty}>") == 204
    assert empty not in store.named_graphs()


def test_a_failing_update_is_a_400_and_changes_nothing(client: TestClient) -> None:
    before = _graph(client, MINE)
    response = client.post("/sparql", content=f"CREATE GRAPH <{ONTOLOGY_GRAPH}x>", headers=UPDATE)
    assert response.status_code == 403  # protected prefix, refused by the analysis
    assert _update(client, f"CREATE GRAPH <{MINE}-twice>") == 204
    response = client.post("/sparql", content=f"CREATE GRAPH <{MINE}-twice>", headers=UPDATE)
    assert response.status_code == 400  # the graph exists: pyoxigraph's own error
    assert "update failed" in response.json()["detail"]
    assert _graph(client, MINE) == before


def test_a_change_computed_on_an_old_version_is_not_applied() -> None:
    store = EmbeddedStore()
    quad = ox.Quad(ox.NamedNode("a:s"), ox.NamedNode("a:p"), ox.Literal(1), ox.NamedNode(MINE))
    change = GraphChange(added=ox.serialize([quad], format=ox.RdfFormat.N_QUADS) or b"")
    store.add_quads([])  # another write: the store moves to version 1
    with pytest.raises(StoreChanged):
        store.apply_change(change, expected_version=0)
    assert list(store.quads(MINE)) == []
    store.apply_change(change, expected_version=1)
    assert list(store.quads(MINE)) == [quad]


@pytest.mark.parametrize("text", ["", " ", "# nothing to do\n", "PREFIX ex: <http://e/>"])
def test_an_update_with_no_operation_is_a_no_op(client: TestClient, text: str) -> None:
    """Found by the schemathesis run: an empty update answered 500. SPARQL 1.1 allows it."""
    store = client.app.state.store  # type: ignore[attr-defined]
    before = set(store.quads())
    assert _update(client, text) == 204
    assert set(store.quads()) == before
