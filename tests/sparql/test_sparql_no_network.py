"""No query or update can make the server open a connection: a loopback listener that
records every connection must receive nothing but our own sentinel."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from service.app import create_app
from service.settings import Settings
from tests.sparql.recording_listener import RecordingListener
from tests.sparql.test_sparql_guard_differential import (
    HERE,
    PROTECTED,
    protected_writes,
    service_queries,
)

KEY = "no-network-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def listener() -> Iterator[RecordingListener]:
    recorder = RecordingListener()
    yield recorder
    recorder.close()


@pytest.fixture(scope="module")
def module_listener() -> Iterator[RecordingListener]:
    """One listener for every example of a property (a fixture is not reset between them)."""
    recorder = RecordingListener()
    yield recorder
    recorder.close()


@pytest.fixture(scope="module")
def offline_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data_dir: Path = tmp_path_factory.mktemp("offline")
    settings = Settings(data_dir=data_dir, api_key=KEY)  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        yield client


def _query(client: TestClient, query: str, **params: str) -> int:
    return client.get("/sparql", params={"query": query, **params}).status_code


def test_from_and_from_named_never_fetch(
    offline_client: TestClient, listener: RecordingListener
) -> None:
    url = listener.url
    assert _query(offline_client, f"SELECT * FROM <{url}/g> {{ ?s ?p ?o }}") == 200
    assert (
        _query(offline_client, f"SELECT * FROM NAMED <{url}/g> {{ GRAPH ?g {{ ?s ?p ?o }} }}")
        == 200
    )
    assert listener.connections_before_sentinel() == []


def test_dataset_parameters_never_fetch(
    offline_client: TestClient, listener: RecordingListener
) -> None:
    url = listener.url
    query = "ASK { ?s ?p ?o }"
    assert _query(offline_client, query, **{"default-graph-uri": f"{url}/d"}) == 200
    assert _query(offline_client, query, **{"named-graph-uri": f"{url}/n"}) == 200
    assert listener.connections_before_sentinel() == []


def test_service_and_load_are_refused_without_a_connection(
    offline_client: TestClient, listener: RecordingListener
) -> None:
    url = listener.url
    assert _query(offline_client, f"SELECT * {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}") == 403
    for update in (f"LOAD <{url}/data.ttl>", f"LOAD SILENT <{url}/x> INTO GRAPH <http://e/g>"):
        response = offline_client.post(
            "/sparql",
            content=update,
            headers={"Content-Type": "application/sparql-update", **AUTH},
        )
        assert response.status_code == 403
    assert listener.connections_before_sentinel() == []


def test_update_using_a_remote_graph_never_fetches(
    offline_client: TestClient, listener: RecordingListener
) -> None:
    update = (
        f"INSERT {{ GRAPH <http://e/out> {{ ?s ?p ?o }} }}"
        f" USING <{listener.url}/g> WHERE {{ ?s ?p ?o }}"
    )
    response = offline_client.post(
        "/sparql", content=update, headers={"Content-Type": "application/sparql-update", **AUTH}
    )
    assert response.status_code == 204
    assert listener.connections_before_sentinel() == []


def test_the_listener_does_record_connections(listener: RecordingListener) -> None:
    """Control: a real connection to the listener is seen, so an empty record means none."""
    with socket.create_connection(("127.0.0.1", listener.port)) as conn:
        conn.sendall(b"GET / HTTP/1.0\r\n\r\n")
    assert listener.connections_before_sentinel() == [b"GET / HTTP/1.0\r\n\r\n"]


def _protected_quads(client: TestClient) -> set[object]:
    store = client.app.state.store  # type: ignore[attr-defined]
    return {q for graph in PROTECTED for q in store.quads(graph)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=service_queries())
def test_generated_service_queries_reach_no_listener_through_the_endpoint(
    offline_client: TestClient, module_listener: RecordingListener, query: str
) -> None:
    """Both walls together, as a caller meets them: the analyser and the worker sandbox."""
    text = query.replace(HERE, f"127.0.0.1:{module_listener.port}")
    status = offline_client.get("/sparql", params={"query": text}).status_code
    assert status in (200, 400, 403)
    assert module_listener.connections_before_sentinel() == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(update=protected_writes())
def test_generated_updates_change_no_protected_graph_through_the_endpoint(
    offline_client: TestClient, module_listener: RecordingListener, update: str
) -> None:
    before = _protected_quads(offline_client)
    text = update.replace(HERE, f"127.0.0.1:{module_listener.port}")
    response = offline_client.post(
        "/sparql", content=text, headers={"Content-Type": "application/sparql-update", **AUTH}
    )
    assert response.status_code in (204, 400, 403), response.text
    assert _protected_quads(offline_client) == before
    assert module_listener.connections_before_sentinel() == []
