"""The query worker process: an in-memory pyoxigraph copy of the dataset, answering jobs.

Run as ``python -m service.sparql.worker_process <fd> <memory MiB>`` by ``workers``; it
imports only pyoxigraph and the serializers, so it starts fast. It then forbids itself the
network (``sandbox``). On the socket: the worker first says ``{"status": "ready"}``
(or ``{"status": "sandbox-failed", "detail"}``, and exits); ``{"op": "load", "snapshot",
"version"}`` (re)loads the dataset and answers ``{"status": "loaded"}``; ``{"op":
"query", ...}`` answers an outcome; ``None`` stops it.
"""

from __future__ import annotations

import contextlib
import ctypes
import resource
import signal
import sys
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from . import results
from .sandbox import SandboxUnavailable, forbid_network

Job = dict[str, Any]
Outcome = dict[str, Any]


def _dataset_args(job: Job) -> dict[str, Any]:
    """pyoxigraph's ``default_graph``/``named_graphs`` arguments for the job's dataset."""
    args: dict[str, Any] = {}
    if job["default_graphs"] is not None:
        args["default_graph"] = [
            ox.DefaultGraph() if g is None else ox.NamedNode(g) for g in job["default_graphs"]
        ]
    if job["named_graphs"] is not None:
        args["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    return args


def _not_acceptable(form: str) -> Outcome:
    return {"status": "not_acceptable", "form": form}


def _ok(body: bytes, media: str, truncated: bool = False) -> Outcome:
    return {"status": "ok", "body": body, "media_type": media, "truncated": truncated}


def _select(answer: ox.QuerySolutions, media: str, limit: int) -> Outcome:
    names = [v.value for v in answer.variables]
    rows: list[list[Any]] = []
    for solution in answer:
        if len(rows) == limit:
            body = results.serialize_select(names, rows, media, truncated=True, limit=limit)
            return _ok(body, media, True)
        rows.append([solution[name] for name in names])
    return _ok(results.serialize_select(names, rows, media, truncated=False, limit=limit), media)


def _graph(answer: ox.QueryTriples, media: str, limit: int) -> Outcome:
    triples: list[ox.Triple] = []
    for triple in answer:
        if len(triples) == limit:
            return _ok(results.serialize_triples(triples, media), media, True)
        triples.append(triple)
    return _ok(results.serialize_triples(triples, media), media)


def run_job(store: ox.Store, job: Job) -> Outcome:
    """Run one query on ``store`` and serialize it as the job asks (in the worker)."""
    try:
        answer = store.query(job["text"], base_iri=job["base_iri"], **_dataset_args(job))
        if isinstance(answer, ox.QueryBoolean):
            media = job["ask_type"]
            if media is None:
                return _not_acceptable("boolean")
            return _ok(results.serialize_boolean(bool(answer), media), media)
        if isinstance(answer, ox.QuerySolutions):
            media = job["select_type"]
            return _select(answer, media, job["max_rows"]) if media else _not_acceptable("tabular")
        media = job["graph_type"]
        return _graph(answer, media, job["max_rows"]) if media else _not_acceptable("RDF")
    except SyntaxError as exc:
        return {"status": "syntax", "message": str(exc)}
    except MemoryError:
        return {"status": "error", "message": "the query needed more memory than allowed"}
    except (OSError, ValueError, RuntimeError) as exc:
        return {"status": "error", "message": str(exc)}


def _limit_memory(memory_mb: int | None) -> None:
    """Cap this process's address space so a runaway query fails here, not on the host."""
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def worker_main(conn: Connection, memory_mb: int | None = None) -> None:
    """The worker loop: say ready, then load snapshots and answer queries until told to stop.

    The network goes before the first job: from here on, the process can open no socket
    but the Unix one it was handed (``sandbox``).
    """
    _limit_memory(memory_mb)
    try:
        forbid_network()
    except SandboxUnavailable as exc:
        conn.send({"status": "sandbox-failed", "detail": str(exc)})
        return
    store = ox.Store()
    conn.send({"status": "ready"})
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        if message["op"] == "load":
            store = ox.Store()
            try:
                store.bulk_load(path=message["snapshot"], format=ox.RdfFormat.N_QUADS)
            except (OSError, SyntaxError, ValueError) as exc:
                # Say why instead of dying: the server answers 503 with this reason.
                conn.send({"status": "load-failed", "detail": f"{type(exc).__name__}: {exc}"})
                continue
            conn.send({"status": "loaded", "version": message["version"]})
        else:
            conn.send(run_job(store, message))


def _exit_with_parent() -> None:
    """Ask Linux to kill this worker if the server dies, so no query outlives it."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


if __name__ == "__main__":
    _exit_with_parent()
    worker_main(Connection(int(sys.argv[1])), int(sys.argv[2]) or None)
