"""No query or update can make the server open a connection: a loopback listener that
records every connection must receive nothing but our own sentinel."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings

KEY = "no-network-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


class RecordingListener:
    """A TCP listener on 127.0.0.1 that records (and closes) every connection it accepts."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.accepted: list[bytes] = []
        self._sentinel_seen = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(200)
                except OSError:
                    first = b""
                self.accepted.append(first)
                if first.startswith(b"SENTINEL"):
                    self._sentinel_seen.set()

    def connections_before_sentinel(self) -> list[bytes]:
        """Connect ourselves last; connections are accepted in order, so anything the
        server opened earlier is recorded once our sentinel is."""
        with socket.create_connection(("127.0.0.1", self.port)) as conn:
            conn.sendall(b"SENTINEL")
            assert self._sentinel_seen.wait(5), "the listener did not see the sentinel"
        return [c for c in self.accepted if not c.startswith(b"SENTINEL")]

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[RecordingListener]:
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
