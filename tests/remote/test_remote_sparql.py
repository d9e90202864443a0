"""``/sparql`` over a remote store: the store runs the analysed query; its answer is read
as it streams in, cut at the row cap and the timeout; nothing of its data is copied.

A small SPARQL server on loopback plays a store that answers slowly, drips rows, or sends
a great many of them (as Virtuoso labels blank nodes); the Virtuoso tests at the end show
that no API process reads the remote dataset to answer a query.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote

import pytest
from fastapi.testclient import TestClient
from remote_virtuoso import Virtuoso, remote_settings

from ontology.store.remote import RemoteStore
from ontology.store.wire import RemoteStoreError
from service.app import create_app
from service.http.errors import QueryTimeout
from service.sparql.remote_queries import run_remote
from service.sparql.workers import QueryWorkers

HEAD = (
    b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    b'<head><variable name="s"/></head><results>'
)
TAIL = b"</results></sparql>"
ROWS = 2_000_000
AUTH = {"Authorization": "Bearer test-key-0123456789"}


def _row(number: int) -> bytes:
    return (
        f'<result><binding name="s"><bnode>nodeID://b{number}</bnode></binding></result>'.encode()
    )


class _Store(BaseHTTPRequestHandler):
    """Answers by the word the query holds: SLOW (nothing for 5 s), DRIP (a row every
    0.1 s, for ever), MANY (``ROWS`` rows as fast as the socket takes them), REFUSE
    (Virtuoso's refusal of a path it cannot evaluate)."""

    sent: dict[str, int]

    def log_message(self, *args: Any) -> None:
        """Quiet."""

    def do_POST(self) -> None:
        length = int(self.headers["content-length"])
        query = parse_qs(self.rfile.read(length).decode())["query"][0]
        if "SLOW" in query:
            time.sleep(5)
        if "REFUSE" in query:
            self.send_response(500)
            self.end_headers()
            self.wfile.write(
                b"Virtuoso 37000 Error TR...: Query contains a transitive derived table"
            )
            return
        self.send_response(200)
        self.send_header("content-type", "application/sparql-results+xml")
        self.end_headers()
        try:
            self.wfile.write(HEAD)
            for number in range(ROWS):
                # Split each row across two writes, so labels straddle chunk boundaries.
                row = _row(number)
                self.wfile.write(row[:37])
                self.wfile.write(row[37:])
                self.sent["rows"] = number + 1
                if "DRIP" in query:
                    self.wfile.flush()
                    time.sleep(0.1)
            self.wfile.write(TAIL)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client stopped reading: what the row cap and the timeout do


@pytest.fixture
def fake_store() -> Iterator[tuple[str, dict[str, int]]]:
    sent: dict[str, int] = {"rows": 0}
    handler = type("Handler", (_Store,), {"sent": sent})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", sent
    server.shutdown()
    server.server_close()


def _job(text: str, max_rows: int = 5) -> dict[str, object]:
    return {
        "text": text,
        "base_iri": "http://testserver/sparql",
        "max_rows": max_rows,
        "dataset": {"default_graphs": ["http://example.org/g"], "named_graphs": []},
        "union_default": [None],
        "select_type": "application/sparql-results+json",
        "ask_type": "application/sparql-results+json",
        "graph_type": "application/n-triples",
    }


def _run(url: str, text: str, *, timeout_s: float = 30, max_rows: int = 5) -> dict[str, Any]:
    async def run() -> dict[str, Any]:
        store = RemoteStore(url, timeout_s=30)
        workers = QueryWorkers(store, size=1, timeout_s=timeout_s)
        try:
            return await run_remote(_job(text, max_rows), store=store, workers=workers)
        finally:
            workers.close()
            store.close()

    return asyncio.run(run())


def test_the_answer_is_cut_at_the_row_cap_and_the_store_stops_sending(
    fake_store: tuple[str, dict[str, int]],
) -> None:
    url, sent = fake_store
    outcome = _run(url, "SELECT ?s WHERE { ?s ?p ?o } # MANY")
    assert outcome["status"] == "ok" and outcome["truncated"] is True
    assert b'"rowLimit": 5' in outcome["body"]
    assert b'"value": "b0"' in outcome["body"]  # Virtuoso's label, made valid on the way
    time.sleep(0.5)  # let the fake store notice the closed connection
    assert sent["rows"] < ROWS // 2, sent  # read no further than the socket's buffers


def test_a_store_that_does_not_answer_in_time_is_a_query_timeout(
    fake_store: tuple[str, dict[str, int]],
) -> None:
    url, _ = fake_store
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        _run(url, "SELECT ?s WHERE { ?s ?p ?o } # SLOW", timeout_s=1)
    assert time.monotonic() - started < 4.5


def test_an_answer_that_keeps_dripping_is_cut_at_the_timeout(
    fake_store: tuple[str, dict[str, int]],
) -> None:
    url, sent = fake_store
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        _run(url, "SELECT ?s WHERE { ?s ?p ?o } # DRIP", timeout_s=1, max_rows=10_000)
    assert time.monotonic() - started < 4.5
    assert sent["rows"] < 60


def test_a_refused_query_never_reaches_the_store(fake_store: tuple[str, dict[str, int]]) -> None:
    url, sent = fake_store
    outcome = _run(url, "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert outcome["status"] == "refused" and outcome["error"] == "Forbidden"
    assert sent["rows"] == 0


@pytest.fixture
def no_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any read of a remote graph's whole content fails the request that makes it."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the remote dataset was copied into the API process")

    monkeypatch.setattr(RemoteStore, "quads", refuse)
    monkeypatch.setattr(RemoteStore, "dump", refuse)


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("SELECT ?o WHERE { GRAPH ?g { <http://e/r> ?p ?o } }", "text/csv"),
        ('ASK { GRAPH ?g { <http://e/r> ?p "fresh" } }', "application/json"),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?s = <http://e/r>) }",
            "text/turtle",
        ),
    ],
)
def test_queries_after_a_write_read_the_store_not_a_copy(
    virtuoso: Virtuoso, no_copy: None, query: str, accept: str
) -> None:
    with TestClient(create_app(remote_settings(virtuoso))) as client:
        graph = quote("https://w3id.org/alignkg/graph/user/remote-read", safe="")
        body = '<http://e/r> <http://example.org/p> "fresh" .'
        headers = AUTH | {"content-type": "application/n-triples"}
        assert client.put(f"/service?graph={graph}", content=body, headers=headers).is_success
        answer = client.get("/sparql", params={"query": query}, headers={"accept": accept})
        assert answer.status_code == 200, answer.text
        assert "fresh" in answer.text or answer.json()["boolean"] is True
        assert client.app.state.sparql_workers.snapshots is None  # type: ignore[attr-defined]


def test_a_query_the_store_cannot_run_is_refused_not_run_on_a_copy(
    fake_store: tuple[str, dict[str, int]],
) -> None:
    """Virtuoso 7 cannot run some property paths; over user data alignkg passes that on
    (400) instead of copying the data to run the query itself."""
    url, sent = fake_store
    query = "SELECT ?o WHERE { GRAPH <http://e/user> { <http://e/r> <http://e/p>* ?o } } # REFUSE"
    outcome = _run(url, query)
    assert outcome["status"] == "error" and "cannot run it" in outcome["message"]
    store = RemoteStore(url)
    with pytest.raises(RemoteStoreError, match="transitive derived table"):
        store.query(query)  # the store's own queries too: no copy of a user graph
    store.close()
    assert sent["rows"] == 0
