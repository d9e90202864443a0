"""Step 3: run untrusted queries in worker processes that can be killed.

pyoxigraph cannot interrupt a running query, and the on-disk store cannot be opened by a
second process while the server writes to it. So each worker holds an in-memory copy of
the dataset, loaded from an N-Quads snapshot the main process writes whenever
``store.version`` has changed; a worker reloads when its copy is older than the job's.
A query that runs past the timeout gets its worker killed (its CPU and memory go with
it) and replaced, and the caller gets a 503 ``QueryTimeout``.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import shutil
import tempfile
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ontology.store import EmbeddedStore

from ..errors import QueryTimeout, ServiceUnavailable
from ..settings import Settings
from . import results

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
    except (OSError, ValueError, RuntimeError) as exc:
        return {"status": "error", "message": str(exc)}


def worker_main(conn: Connection) -> None:
    """The worker loop: receive a job, (re)load the snapshot if stale, answer."""
    store = ox.Store()
    version: int | None = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        if job["version"] != version:
            store = ox.Store()
            store.bulk_load(path=job["snapshot"], format=ox.RdfFormat.N_QUADS)
            version = job["version"]
        conn.send(run_job(store, job))


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryWorkers:
    """A pool of query worker processes, started lazily on the first query."""

    def __init__(self, store: EmbeddedStore, *, size: int, timeout_s: float) -> None:
        self.store = store
        self.size = max(size, 1)
        self.timeout_s = timeout_s
        self._context = multiprocessing.get_context("spawn")
        self._dir = Path(tempfile.mkdtemp(prefix="alignkg-sparql-"))
        self._snapshot: tuple[str, int] | None = None
        self._snapshot_lock: asyncio.Lock | None = None
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=worker_main, args=(child,), daemon=True, name="alignkg-sparql"
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.add(worker)
        return worker

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    async def _ready(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            self._snapshot_lock = asyncio.Lock()
            for _ in range(self.size):
                self._idle.put_nowait(await asyncio.to_thread(self._spawn))
        return self._idle

    async def snapshot(self) -> tuple[str, int]:
        """The path and version of an N-Quads snapshot no older than the store."""
        assert self._snapshot_lock is not None
        async with self._snapshot_lock:
            version = self.store.version
            if self._snapshot is None or self._snapshot[1] != version:
                path = self._dir / f"snapshot-{version}.nq"
                await asyncio.to_thread(self._write_snapshot, path)
                old, self._snapshot = self._snapshot, (str(path), version)
                self._forget_before(old)
            return self._snapshot

    def _write_snapshot(self, path: Path) -> None:
        partial = path.with_suffix(".partial")
        partial.write_bytes(self.store.dump(ox.RdfFormat.N_QUADS))
        partial.replace(path)

    def _forget_before(self, previous: tuple[str, int] | None) -> None:
        """Delete snapshots older than the previous one (a worker may still be reading it)."""
        keep = {self._snapshot[0] if self._snapshot else "", previous[0] if previous else ""}
        for path in self._dir.glob("snapshot-*.nq"):
            if str(path) not in keep:
                path.unlink(missing_ok=True)

    async def run(self, job: Job) -> Outcome:
        """Run ``job`` in a worker; kill and replace the worker if it overruns the timeout."""
        idle = await self._ready()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        try:
            worker = await asyncio.wait_for(idle.get(), self.timeout_s)
        except TimeoutError:
            raise ServiceUnavailable("every query worker is busy; try again shortly") from None
        try:
            path, version = await self.snapshot()
            worker.conn.send({**job, "snapshot": path, "version": version})
            outcome = await self._receive(worker, max(deadline - loop.time(), 0.01))
        except TimeoutError:
            await self._replace(worker)
            raise QueryTimeout(
                f"the query ran longer than {self.timeout_s:g} s and was stopped",
                timeout_s=self.timeout_s,
            ) from None
        except (EOFError, OSError):
            await self._replace(worker)
            raise ServiceUnavailable("the query worker failed; it has been restarted") from None
        idle.put_nowait(worker)
        return outcome

    async def _receive(self, worker: _Worker, timeout: float) -> Outcome:
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()

        def wake() -> None:
            if not readable.done():
                readable.set_result(None)

        loop.add_reader(fd, wake)
        try:
            await asyncio.wait_for(readable, timeout)
        finally:
            loop.remove_reader(fd)
        outcome: Outcome = await asyncio.to_thread(worker.conn.recv)
        return outcome

    async def _replace(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        await asyncio.to_thread(worker.kill)
        if self._idle is not None:
            self._idle.put_nowait(await asyncio.to_thread(self._spawn))

    def close(self) -> None:
        """Stop every worker and delete the snapshots."""
        for worker in list(self._workers):
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(1)
            if worker.process.is_alive():
                worker.kill()
        self._workers.clear()
        shutil.rmtree(self._dir, ignore_errors=True)


def start_query_workers(settings: Settings, store: EmbeddedStore) -> QueryWorkers:
    """The app's worker pool (processes start on the first query). Call in the lifespan."""
    return QueryWorkers(store, size=settings.query_workers, timeout_s=settings.query_timeout_s)


def stop_query_workers(workers: QueryWorkers | None) -> None:
    """Stop the pool at shutdown."""
    if workers is not None:
        workers.close()
