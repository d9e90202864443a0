"""Step 3: run untrusted queries and updates in worker processes that can be killed.

pyoxigraph cannot interrupt a running query, and the on-disk store cannot be opened by a
second process while the server writes to it. So each worker holds an in-memory copy of
the dataset, loaded from an N-Quads snapshot the main process writes whenever
``store.version`` has changed; a worker reloads when its copy is older than the job's.
A query that runs past the timeout gets its worker killed (its CPU and memory go with
it) and replaced, and the caller gets a 503 ``QueryTimeout``. An update runs the same way on
a worker's copy; the worker reports what it changed and the server applies that change to
the store (``endpoint``), so an update past the timeout changes nothing.
"""

from __future__ import annotations

import asyncio
import os
import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ontology.store import Store
from service.http.errors import QueryTimeout, ServiceUnavailable
from service.settings import Settings
from service.sparql.worker_process import graphs_path

Job = dict[str, Any]
Outcome = dict[str, Any]
#: Seconds a worker may take to start, or to load a snapshot, before it counts as failed.
STARTUP_TIMEOUT_S = 120.0


class _Worker:
    """One worker process, its pipe, and the snapshot version it holds."""

    def __init__(self, process: subprocess.Popen[bytes], conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.version: int | None = None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class QueryWorkers:
    """A pool of query worker processes, started lazily on the first query."""

    def __init__(
        self,
        store: Store,
        *,
        size: int,
        timeout_s: float,
        memory_mb: int | None = None,
        analyse: bool = True,
    ) -> None:
        """``analyse=False`` starts workers that run queries unanalysed: only for the
        tests that show what the sandbox alone holds; the service never does."""
        self.store = store
        self.analyse = analyse
        self.memory_mb = memory_mb
        self.size = max(size, 1)
        self.timeout_s = timeout_s
        self._dir = Path(tempfile.mkdtemp(prefix="alignkg-sparql-"))
        self._snapshot: tuple[str, int] | None = None
        self._snapshot_lock: asyncio.Lock | None = None
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._refills: set[asyncio.Task[None]] = set()
        #: Held from an update's run in a worker to its change applied to the store, so
        #: updates apply one after another, each on the state the one before left.
        self.update_lock = asyncio.Lock()

    def _spawn(self) -> _Worker:
        """Start ``python -m service.sparql.worker_process`` on one end of a socket pair.

        A plain subprocess (not multiprocessing's spawn) imports only pyoxigraph and the
        serializers, never the server's ``__main__``, so it starts in a fraction of a second.
        """
        parent, child = socket.socketpair()
        command = [sys.executable, "-m", "service.sparql.worker_process"]
        command += [str(child.fileno()), str(self.memory_mb or 0)]
        command += [] if self.analyse else ["--no-analysis"]
        process = subprocess.Popen(
            command, pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, close_fds=True
        )
        child.close()
        worker = _Worker(process, Connection(parent.detach()))
        self._workers.add(worker)
        return worker

    async def _start_worker(self) -> _Worker:
        """Spawn a worker and wait until it says it is ready."""
        worker = await asyncio.to_thread(self._spawn)
        await self._await_ready(worker)
        return worker

    async def _await_ready(self, worker: _Worker) -> None:
        """Wait for the worker's first word; a worker without its sandbox never runs a job."""
        hello = await self._receive(worker, STARTUP_TIMEOUT_S)
        if hello.get("status") != "ready":
            self._workers.discard(worker)
            await asyncio.to_thread(worker.kill)
            raise ServiceUnavailable(
                f"the query worker did not start: {hello.get('detail', hello.get('status'))}"
            )

    async def _refill(self, worker: _Worker) -> None:
        """Make a freshly spawned worker available once it says it is ready."""
        try:
            await self._await_ready(worker)
        except ServiceUnavailable:
            return
        except (TimeoutError, EOFError, OSError):
            self._workers.discard(worker)
            await asyncio.to_thread(worker.kill)
            return
        if self._idle is not None:
            self._idle.put_nowait(worker)

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        return [w.process.pid for w in self._workers]

    async def _ready(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            self._snapshot_lock = asyncio.Lock()
            started = await asyncio.gather(*(self._start_worker() for _ in range(self.size)))
            for worker in started:
                self._idle.put_nowait(worker)
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
        # N-Quads cannot say that an empty named graph exists; the list beside it does
        # (an update's CREATE/DROP in a worker must see the graphs the store has).
        graphs_path(path).write_text("\n".join(self.store.named_graphs()), encoding="utf-8")
        partial = path.with_suffix(".partial")
        partial.write_bytes(self.store.dump(ox.RdfFormat.N_QUADS))
        partial.replace(path)

    def _forget_before(self, previous: tuple[str, int] | None) -> None:
        """Delete snapshots older than the previous one (a worker may still be reading it)."""
        keep = {self._snapshot[0] if self._snapshot else "", previous[0] if previous else ""}
        for path in self._dir.glob("snapshot-*.nq"):
            if str(path) not in keep:
                path.unlink(missing_ok=True)
                graphs_path(path).unlink(missing_ok=True)

    async def _load(self, worker: _Worker) -> None:
        """Bring the worker's copy of the dataset up to the store's version."""
        path, version = await self.snapshot()
        if worker.version != version:
            worker.conn.send({"op": "load", "snapshot": path, "version": version})
            answer = await self._receive(worker, STARTUP_TIMEOUT_S)
            if answer.get("status") == "load-failed":
                raise ServiceUnavailable(
                    f"the query worker could not load the dataset: {answer['detail']}"
                )
            worker.version = version

    async def run(self, job: Job) -> Outcome:
        """Run a query job in a worker; kill and replace the worker if it overruns."""
        outcome, _ = await self._dispatch({"op": "query", **job}, "query")
        return outcome

    async def run_update(self, job: Job) -> tuple[Outcome, int]:
        """Apply an update job to a worker's copy of the dataset, under the same timeout as
        queries; answer the worker's outcome and the store version its copy was at."""
        return await self._dispatch({"op": "update", **job}, "update")

    async def _dispatch(self, message: Job, kind: str) -> tuple[Outcome, int]:
        idle = await self._ready()
        try:
            worker = await asyncio.wait_for(idle.get(), self.timeout_s)
        except TimeoutError:
            raise ServiceUnavailable("every query worker is busy; try again shortly") from None
        try:
            await self._load(worker)
            version = worker.version
            assert version is not None
            worker.conn.send(message)
            outcome = await self._receive(worker, self.timeout_s)
        except TimeoutError:
            await self._replace(worker)
            raise QueryTimeout(
                f"the {kind} ran longer than {self.timeout_s:g} s and was stopped",
                timeout_s=self.timeout_s,
            ) from None
        except (EOFError, OSError):
            await self._replace(worker)
            raise ServiceUnavailable(
                "the query worker stopped (out of memory?); it was restarted"
            ) from None
        if kind == "update":
            worker.version = None  # its copy now differs from every snapshot
        idle.put_nowait(worker)
        return outcome, version

    async def _receive(self, worker: _Worker, timeout: float) -> Outcome:
        """The worker's next message, waiting at most ``timeout`` seconds without blocking."""
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
        # uvloop's add_reader leaves the descriptor non-blocking; a reply larger than the
        # socket buffer would then fail part-way with EAGAIN instead of being waited for.
        os.set_blocking(fd, True)
        outcome: Outcome = await asyncio.to_thread(worker.conn.recv)
        return outcome

    async def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` (freeing its CPU at once) and start a replacement in the background."""
        self._workers.discard(worker)
        await asyncio.to_thread(worker.kill)
        replacement = await asyncio.to_thread(self._spawn)
        self._refills.add(task := asyncio.create_task(self._refill(replacement)))
        task.add_done_callback(self._refills.discard)

    def close(self) -> None:
        """Stop every worker and delete the snapshots."""
        for worker in list(self._workers):
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            try:
                worker.process.wait(1)
            except subprocess.TimeoutExpired:
                worker.kill()
        self._workers.clear()
        shutil.rmtree(self._dir, ignore_errors=True)


def start_query_workers(settings: Settings, store: Store) -> QueryWorkers:
    """The app's worker pool (processes start on the first query). Call in the lifespan."""
    return QueryWorkers(
        store,
        size=settings.query_workers,
        timeout_s=settings.query_timeout_s,
        memory_mb=settings.query_worker_memory_mb,
    )


def stop_query_workers(workers: QueryWorkers | None) -> None:
    """Stop the pool at shutdown."""
    if workers is not None:
        workers.close()
