"""The query worker process: a snapshot of the dataset (``snapshots``), answering jobs.

Run as ``python -m service.sparql.worker_process <fd> <memory MiB>`` by ``workers``; it
imports pyoxigraph, the serializers and the analyser (rdflib's grammar), not the web app,
so it starts in well under a second. It then forbids itself the network (``sandbox``).

On the socket, the worker first says ``{"status": "ready"}`` (or ``{"status":
"sandbox-failed", "detail"}``, and exits). Then:

- ``{"op": "load", "snapshot", "version", "kind"}`` opens a checkpoint read-only, or loads
  an N-Quads snapshot into memory, in place of what it had; answers ``{"status": "loaded"}``
  (or ``"load-failed"`` with the reason);
- ``{"op": "query", ...}`` analyses and runs a query and answers an outcome;
- ``{"op": "update", ..., "checkpoint"}`` analyses an update, applies it to the private
  checkpoint named (opened read-write, closed before answering) or, with none, to the
  in-memory copy, and answers what it changed;
- ``{"op": "analyse", "text"}`` only analyses a query (over a remote store, which runs it);
- ``None`` stops it.

An analysis that refuses answers ``{"status": "refused", "error", "detail", "extra"}``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import resource
import signal
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from service.http.errors import AlignKGError
from service.sparql import results
from service.sparql.analysis import analyse_query
from service.sparql.outcomes import (
    dataset_args,
    engine_failure,
    graph_outcome,
    not_acceptable,
    ok,
    refused,
    select_outcome,
)
from service.sparql.sandbox import SandboxUnavailable, forbid_network
from service.sparql.snapshots import graphs_path
from service.sparql.updates import prepare_update

Job = dict[str, Any]
Outcome = dict[str, Any]

#: rdflib's grammar recurses once per triple pattern and many times per bracket: at
#: Python's default limit (1,000) a query of about 70 triple patterns, or 40 nested groups,
#: is refused. The worker runs in a thread with a large stack so that a higher limit is
#: safe: about 1,200 patterns or 700 nested groups, still far below the depth at which
#: pyoxigraph's own recursive parser overflows (about 10,000 nested groups).
RECURSION_LIMIT = 20_000
THREAD_STACK_MB = 256


def run_job(store: ox.Store, job: Job, *, analyse: bool = True) -> Outcome:
    """Analyse one query, run it on ``store`` and serialize it as the job asks.

    The analysis (``analysis.analyse_query``) runs here rather than in the server: it is
    milliseconds of pure Python per query, which here runs in parallel, under the
    worker's timeout and memory cap. What it refuses never reaches pyoxigraph.
    ``analyse=False`` exists only for the tests that show the sandbox alone.
    """
    text, names_dataset = job["text"], False
    if analyse:
        try:
            analysis = analyse_query(text)
        except AlignKGError as exc:
            return refused(exc)
        text, names_dataset = analysis.text, analysis.names_dataset
    try:
        args = dataset_args(job, names_dataset=names_dataset)
        answer = store.query(text, base_iri=job["base_iri"], **args)
        if isinstance(answer, ox.QueryBoolean):
            media = job["ask_type"]
            if media is None:
                return not_acceptable("boolean")
            return ok(results.serialize_boolean(bool(answer), media), media)
        if isinstance(answer, ox.QuerySolutions):
            media = job["select_type"]
            if media is None:
                return not_acceptable("tabular")
            names = [v.value for v in answer.variables]
            return select_outcome(answer, names, media, job["max_rows"])
        media = job["graph_type"]
        return graph_outcome(answer, media, job["max_rows"]) if media else not_acceptable("RDF")
    except (SyntaxError, MemoryError, OSError, ValueError, RuntimeError) as exc:
        return engine_failure(exc, "query")


def _graph_node(graph: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph == "" else ox.NamedNode(graph)


def _content(store: ox.Store, graphs: list[str]) -> set[ox.Quad]:
    return {q for g in graphs for q in store.quads_for_pattern(None, None, None, _graph_node(g))}


def _named(store: ox.Store, graphs: list[str]) -> set[str]:
    return {g for g in graphs if g and store.contains_named_graph(ox.NamedNode(g))}


def run_update(store: ox.Store, job: Job) -> Outcome:
    """Analyse an update (``updates.prepare_update``), apply it to this worker's copy and
    say what it changed in the graphs the analysis says it writes: the server applies that
    change to the real store. Nothing outside those graphs is reported, so nothing else
    can change.
    """
    user_graphs = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    try:
        update = prepare_update(
            job["text"],
            user_graphs=user_graphs,
            using_graphs=job["using_graphs"],
            using_named=job["using_named"],
        )
    except AlignKGError as exc:
        return refused(exc)
    graphs = sorted(update.writes)
    before, existed = _content(store, graphs), _named(store, graphs)
    try:
        store.update(update.text, base_iri=job["base_iri"])
    except (SyntaxError, MemoryError, OSError, ValueError, RuntimeError) as exc:
        return engine_failure(exc, "update")
    after, exists = _content(store, graphs), _named(store, graphs)
    return {
        "status": "applied",
        "removed": ox.serialize(before - after, format=ox.RdfFormat.N_QUADS) or b"",
        "added": ox.serialize(after - before, format=ox.RdfFormat.N_QUADS) or b"",
        "created": sorted(exists - existed),
        "dropped": sorted(existed - exists),
    }


def analyse_job(job: Job) -> Outcome:
    """Only analyse a query: the text to run and whether it names its own dataset."""
    try:
        analysis = analyse_query(job["text"])
    except AlignKGError as exc:
        return refused(exc)
    return {"status": "analysed", "text": analysis.text, "names_dataset": analysis.names_dataset}


def update_job(store: ox.Store, job: Job) -> Outcome:
    """Run an update on the private checkpoint the job names, else on ``store``.

    The checkpoint is a copy of the store's files that no one else opens; it is closed
    before the answer goes back, so the server can delete it at once.
    """
    if not job.get("checkpoint"):
        return run_update(store, job)
    try:
        private = ox.Store(job["checkpoint"])
    except OSError as exc:
        return {"status": "load-failed", "detail": f"{type(exc).__name__}: {exc}"}
    try:
        return run_update(private, job)
    finally:
        del private


def _open(message: Job) -> ox.Store:
    """The snapshot a ``load`` message names: a checkpoint opened read-only (milliseconds,
    nothing copied), or an N-Quads file loaded into memory."""
    if message.get("kind") == "checkpoint":
        return ox.Store.read_only(message["snapshot"])
    return _load(message["snapshot"])


def _load(path: str) -> ox.Store:
    """A fresh in-memory store with the snapshot's quads, blank node labels kept (the
    server names blank nodes by those labels when it applies an update's change), and
    its named graphs, empty ones included."""
    store = ox.Store()
    store.extend(ox.parse(path=path, format=ox.RdfFormat.N_QUADS))
    for graph in graphs_path(Path(path)).read_text(encoding="utf-8").split():
        store.add_graph(ox.NamedNode(graph))
    return store


def _limit_memory(memory_mb: int | None) -> None:
    """Cap this process's address space so a runaway query fails here, not on the host."""
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def worker_main(conn: Connection, memory_mb: int | None = None, *, analyse: bool = True) -> None:
    """The worker loop: say ready, then open snapshots and answer jobs until told to stop.

    The network goes before the first job: from here on, the process can open no socket
    but the Unix one it was handed (``sandbox``).
    """
    _limit_memory(memory_mb)
    try:
        forbid_network()
    except SandboxUnavailable as exc:
        conn.send({"status": "sandbox-failed", "detail": str(exc)})
        return
    try:
        _serve(conn, analyse=analyse)
    finally:
        # Collect here, in the thread that made them: pyoxigraph's query answers must be
        # dropped on their own thread, and one left in a cycle would otherwise be dropped
        # by the main thread at exit, with an error on stderr.
        gc.collect()


def _serve(conn: Connection, *, analyse: bool) -> None:
    """Answer messages until told to stop (see the module docstring)."""
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
            # Let go of the old snapshot first: the server deletes it once no worker holds
            # it, and an in-memory copy should not sit beside the next one.
            store = ox.Store()
            try:
                store = _open(message)
            except (OSError, SyntaxError, ValueError) as exc:
                # Say why instead of dying: the server answers 503 with this reason.
                conn.send({"status": "load-failed", "detail": f"{type(exc).__name__}: {exc}"})
                continue
            conn.send({"status": "loaded", "version": message["version"]})
        elif message["op"] == "update":
            conn.send(update_job(store, message))
        elif message["op"] == "analyse":
            conn.send(analyse_job(message))
        else:
            conn.send(run_job(store, message, analyse=analyse))


def _exit_with_parent() -> None:
    """Ask Linux to kill this worker if the server dies, so no query outlives it."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def main(argv: list[str]) -> None:
    """Run ``worker_main`` in a thread whose stack fits ``RECURSION_LIMIT`` frames."""
    _exit_with_parent()
    sys.setrecursionlimit(RECURSION_LIMIT)
    threading.stack_size(THREAD_STACK_MB * 1024 * 1024)
    worker = threading.Thread(
        target=worker_main,
        args=(Connection(int(argv[1])), int(argv[2]) or None),
        kwargs={"analyse": argv[3:] != ["--no-analysis"]},
        name="alignkg-query-worker",
    )
    worker.start()
    worker.join()


if __name__ == "__main__":
    main(sys.argv)
