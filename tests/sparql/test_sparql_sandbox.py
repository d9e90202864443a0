"""The second wall: a query worker cannot open a network socket, whatever it is asked.

These tests go around the analyser on purpose (they hand jobs straight to the worker
pool, or run the sandbox in a bare process), so they show what holds if the analyser is
ever wrong.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from ontology.store import EmbeddedStore
from service.sparql.workers import QueryWorkers
from tests.sparql.recording_listener import RecordingListener


@pytest.fixture
def listener() -> Iterator[RecordingListener]:
    recorder = RecordingListener()
    yield recorder
    recorder.close()


def _job(text: str) -> dict[str, object]:
    return {
        "text": text,
        "base_iri": "http://testserver/sparql",
        "max_rows": 100,
        "dataset": None,
        "union_default": [None],
        "select_type": "application/sparql-results+json",
        "ask_type": "application/sparql-results+json",
        "graph_type": "application/n-triples",
    }


async def _run_in_worker(text: str, *, analyse: bool = False) -> dict[str, object]:
    workers = QueryWorkers(EmbeddedStore(), size=1, timeout_s=30, analyse=analyse)
    try:
        return await workers.run(_job(text))
    finally:
        workers.close()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * {{ BIND(1 AS ?one) OPTIONAL {{ SERVICE <{url}/nested> {{ ?s ?p ?o }} }} }}",
        "CONSTRUCT {{ ?s ?p ?o }} {{ {{ SELECT * {{ SERVICE <{url}/sub> {{ ?s ?p ?o }} }} }} }}",
    ],
)
def test_a_worker_given_service_makes_no_connection(
    listener: RecordingListener, query: str
) -> None:
    """The analyser never sees these queries: the worker runs them, and the kernel says no."""
    outcome = asyncio.run(_run_in_worker(query.format(url=listener.url)))
    assert listener.connections_before_sentinel() == []
    assert outcome["status"] == "error", outcome
    assert "Permission denied" in str(outcome["message"])


def test_service_silent_in_a_worker_answers_empty_without_a_connection(
    listener: RecordingListener,
) -> None:
    outcome = asyncio.run(
        _run_in_worker(f"SELECT * {{ SERVICE SILENT <{listener.url}/s> {{ ?s ?p ?o }} }}")
    )
    assert listener.connections_before_sentinel() == []
    assert outcome["status"] == "ok", outcome


def test_a_worker_with_its_analyser_refuses_service_before_running_it(
    listener: RecordingListener,
) -> None:
    """The service's workers analyse first: the query never reaches pyoxigraph."""
    query = f"SELECT * {{ SERVICE <{listener.url}/s> {{ ?s ?p ?o }} }}"
    outcome = asyncio.run(_run_in_worker(query, analyse=True))
    assert outcome["status"] == "refused"
    assert outcome["error"] == "Forbidden"
    assert listener.connections_before_sentinel() == []


def test_the_same_query_outside_the_sandbox_does_connect(listener: RecordingListener) -> None:
    """Control: pyoxigraph really calls a SERVICE when nothing stops it, so the empty
    record above is the sandbox's doing."""
    script = textwrap.dedent(
        f"""
        import pyoxigraph as ox
        try:
            list(ox.Store().query("SELECT * {{ SERVICE <{listener.url}/s> {{ ?s ?p ?o }} }}"))
        except OSError:
            pass
        """
    )
    subprocess.run([sys.executable, "-c", script], timeout=60, check=True)
    assert len(listener.connections_before_sentinel()) == 1


SANDBOXED_PROBE = textwrap.dedent(
    """
    import socket, sys
    from service.sparql.sandbox import forbid_network
    left, right = socket.socketpair()  # opened before: the worker's line to the server
    forbid_network()
    left.sendall(b"ok"); assert right.recv(2) == b"ok"  # ...still works afterwards
    refused = []
    kinds = [(socket.AF_INET, socket.SOCK_STREAM), (socket.AF_INET6, socket.SOCK_STREAM),
             (socket.AF_INET, socket.SOCK_DGRAM), (socket.AF_UNIX, socket.SOCK_STREAM),
             (socket.AF_NETLINK, socket.SOCK_RAW), (socket.AF_PACKET, socket.SOCK_RAW)]
    for family, kind in kinds:
        try:
            socket.socket(family, kind).close()
        except PermissionError:
            refused.append(family.name)
    try:
        socket.socketpair()
    except PermissionError:
        refused.append("socketpair")
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
    except PermissionError:
        refused.append("connect")
    print(",".join(refused))
    """
)


def test_the_sandbox_refuses_every_new_socket_but_keeps_the_open_one(
    listener: RecordingListener,
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SANDBOXED_PROBE, str(listener.port)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    refused = result.stdout.strip().split(",")
    assert refused == [
        "AF_INET",
        "AF_INET6",
        "AF_INET",
        "AF_UNIX",
        "AF_NETLINK",
        "AF_PACKET",
        "socketpair",
        "connect",
    ]
    assert listener.connections_before_sentinel() == []


def test_the_sandbox_is_inherited_by_children() -> None:
    """A worker that somehow started a program could not give it the network back."""
    script = textwrap.dedent(
        """
        import subprocess, sys
        from service.sparql.sandbox import forbid_network
        forbid_network()
        child = "import socket\\ntry:\\n socket.socket()\\n"
        child += "except PermissionError:\\n print('refused')"
        print(subprocess.run([sys.executable, "-c", child], capture_output=True, text=True).stdout)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "refused"
