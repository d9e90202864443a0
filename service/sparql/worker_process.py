"""The query worker process: an in-memory pyoxigraph copy of the dataset, answering jobs.

Run as ``python -m service.sparql.worker_process <fd> <memory MiB>`` by ``workers``; it
imports pyoxigraph, the serializers and the analyser (rdflib's grammar), not the web app,
so it starts in well under a second. It then forbids itself the network (``sandbox``).

On the socket, the worker first says ``{"status": "ready"}`` (or ``{"status":
"sandbox-failed", "detail"}``, and exits). Then: ``{"op": "load", "snapshot", "version"}``
(re)loads the dataset and answers ``{"status": "loaded"}``; ``{"op": "query", ...}``
analyses and runs a query and answers an outcome; ``{"op": "update", ...}`` analyses an
update, applies it to the copy and answers what it changed; ``None`` stops it. An
analysis that refuses answers ``{"status": "refused", "error", "detail", "extra"}``.
"""

from __future__ import annotations

import contextlib
import ctypes
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
from service.sparql.sandbox import SandboxUnavailable, forbid_network
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


def _dataset_args(job: Job, *, names_dataset: bool) -> dict[str, Any]:
    """pyoxigraph's ``default_graph``/``named_graphs`` arguments: the request's dataset,
    else the query's own ``FROM`` clauses, else the union of the job's default graphs."""
    dataset = job["dataset"]
    if dataset is None:
        if names_dataset:
            return {}
        dataset = {"default_graphs": job["union_default"], "named_graphs": None}
    args: dict[str, Any] = {}
    if dataset["default_graphs"] is not None:
        args["default_graph"] = [
            ox.DefaultGraph() if g is None else ox.NamedNode(g) for g in dataset["default_graphs"]
        ]
    if dataset["named_graphs"] is not None:
        args["named_graphs"] = [ox.NamedNode(g) for g in dataset["named_graphs"]]
    return args


def _engine_failure(exc: BaseException, kind: str) -> Outcome:
    """The outcome for pyoxigraph refusing or failing a query or update."""
    if isinstance(exc, SyntaxError):
        return {"status": "syntax", "message": str(exc)}
    if isinstance(exc, MemoryError):
        return {"status": "error", "message": f"the {kind} needed more memory than allowed"}
    return {"status": "error", "message": str(exc)}


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
            return {
                "status": "refused",
                "error": type(exc).__name__,
                "detail": exc.detail,
                "extra": exc.extra,
            }
        text, names_dataset = analysis.text, analysis.names_dataset
    try:
        args = _dataset_args(job, names_dataset=names_dataset)
        answer = store.query(text, base_iri=job["base_iri"], **args)
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
    except (SyntaxError, MemoryError, OSError, ValueError, RuntimeError) as exc:
        return _engine_failure(exc, "query")


def _graph_node(graph: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph == "" else ox.NamedNode(graph)


def _content(store: ox.Store, graphs: list[str]) -> set[ox.Quad]:
    return {q for g in graphs for q in store.quads_for_pattern(None, None, None, _graph_node(g))}


def _named(store: ox.Store, graphs: list[str]) -> set[str]:
    return {g for g in graphs if g and store.contains_named_graph(ox.NamedNode(g))}


def _refused(exc: AlignKGError) -> Outcome:
    return {
        "status": "refused",
        "error": type(exc).__name__,
        "detail": exc.detail,
        "extra": exc.extra,
    }


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
        return _refused(exc)
    graphs = sorted(update.writes)
    before, existed = _content(store, graphs), _named(store, graphs)
    try:
        store.update(update.text, base_iri=job["base_iri"])
    except (SyntaxError, MemoryError, OSError, ValueError, RuntimeError) as exc:
        return _engine_failure(exc, "update")
    after, exists = _content(store, graphs), _named(store, graphs)
    return {
        "status": "applied",
        "removed": ox.serialize(before - after, format=ox.RdfFormat.N_QUADS) or b"",
        "added": ox.serialize(after - before, format=ox.RdfFormat.N_QUADS) or b"",
        "created": sorted(exists - existed),
        "dropped": sorted(existed - exists),
    }


def graphs_path(snapshot: Path) -> Path:
    """The file beside a snapshot that lists the store's named graphs, one IRI a line."""
    return snapshot.with_suffix(".graphs")


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
            try:
                store = _load(message["snapshot"])
            except (OSError, SyntaxError, ValueError) as exc:
                # Say why instead of dying: the server answers 503 with this reason.
                conn.send({"status": "load-failed", "detail": f"{type(exc).__name__}: {exc}"})
                continue
            conn.send({"status": "loaded", "version": message["version"]})
        elif message["op"] == "update":
            conn.send(run_update(store, message))
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
