"""Step 3: run untrusted queries and updates in worker processes that can be killed.

pyoxigraph cannot interrupt a running query, and the on-disk store cannot be shared with
a second process while the server writes to it. So each worker reads a snapshot of the
dataset (``snapshots``: a RocksDB checkpoint opened read-only, or an in-memory copy of an
N-Quads dump), taken whenever ``store.version`` has changed; a worker moves to the newest
snapshot before a job when its own is older. After a write, idle workers are moved forward
in the background (checkpoints only), so the next query usually finds one ready.

A query that runs past the timeout gets its worker killed (its CPU and memory go with it)
and replaced, and the caller gets a 503 ``QueryTimeout``. An update runs the same way on a
private copy; the worker reports what it changed and the server applies that change to the
store (``endpoint``), so an update past the timeout changes nothing.

Over a remote store the workers hold no dataset: they only analyse queries (``check_query``),
and the remote store runs them (``remote_queries``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from multiprocessing.connection import Connection
from typing import Any

from ontology.store import EmbeddedStore, Store
from service.http.errors import QueryTimeout, ServiceUnavailable
from service.settings import Settings
from service.sparql.snapshots import Kind, Snapshot, Snapshots, snapshots_for

Job = dict[str, Any]
Outcome = dict[str, Any]
#: Seconds a worker may take to start, or to load a snapshot, before it counts as failed.
STARTUP_TIMEOUT_S = 120.0
#: Seconds at least between two background refreshes. A write after a quiet spell is
#: taken at once; a stream of writes is taken at most this often in the background (a
#: query still takes a checkpoint of its own if the store moved since), so checkpoints do
#: not crowd out the writes.
REFRESH_EVERY_S = 0.25


class _Worker:
    """One worker process, its pipe, and the snapshot it has open."""

    def __init__(self, process: subprocess.Popen[bytes], conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.snapshot: Snapshot | None = None

    @property
    def version(self) -> int | None:
        return None if self.snapshot is None else self.snapshot.version

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
        snapshots: Kind = "checkpoint",
    ) -> None:
        """``snapshots`` picks how workers read an embedded store (``checkpoint`` needs
        an on-disk one; an in-memory store always uses ``nquads``). ``analyse=False``
        starts workers that run queries unanalysed: only for the tests that show what the
        sandbox alone holds; the service never does."""
        self.store = store
        self.analyse = analyse
        self.memory_mb = memory_mb
        self.size = max(size, 1)
        self.timeout_s = timeout_s
        self.snapshots: Snapshots | None = None
        if isinstance(store, EmbeddedStore):
            self.snapshots = snapshots_for(store, snapshots)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._refresher: asyncio.Task[None] | None = None
        self._stale = False
        self._refreshed = float("-inf")
        self._stop_listening: Any = None
        #: Held from an update's run in a worker to its change applied to the store, so
        #: updates apply one after another, each on the state the one before left.
        self.update_lock = asyncio.Lock()

    # -- worker processes ------------------------------------------------------------------
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
            self._forget(worker)
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
            started = await asyncio.gather(*(self._start_worker() for _ in range(self.size)))
            for worker in started:
                self._idle.put_nowait(worker)
            self._listen()
        return self._idle

    # -- snapshots ---------------------------------------------------------------------------
    async def _load(self, worker: _Worker, at_least: int) -> None:
        """Bring the worker's snapshot up to version ``at_least`` (the store's when the
        request came in) if it is older."""
        assert self.snapshots is not None
        if worker.version is not None and worker.version >= at_least:
            return
        snapshot = await self.snapshots.current(at_least)
        if worker.version != snapshot.version:
            await self._open(worker, snapshot)

    async def _open(self, worker: _Worker, snapshot: Snapshot) -> None:
        """Have ``worker`` open ``snapshot`` in place of the one it holds."""
        assert self.snapshots is not None
        self.snapshots.hold(snapshot)
        try:
            worker.conn.send(snapshot.load_message())
            answer = await self._receive(worker, STARTUP_TIMEOUT_S)
        except BaseException:
            self.snapshots.release(snapshot)
            raise
        old, worker.snapshot = worker.snapshot, None
        if old is not None:
            self.snapshots.release(old)  # the worker let go of it before answering
        if answer.get("status") == "load-failed":
            self.snapshots.release(snapshot)
            raise ServiceUnavailable(
                f"the query worker could not load the dataset: {answer['detail']}"
            )
        worker.snapshot = snapshot

    def _listen(self) -> None:
        """After each write, move idle workers to a new checkpoint in the background, so
        that the next query does not wait for it. Not with N-Quads: there each move costs a
        dump of the whole dataset, paid only when a query asks."""
        store = self.store
        if self.snapshots is None or self.snapshots.kind != "checkpoint":
            return
        assert isinstance(store, EmbeddedStore)
        self._loop = asyncio.get_running_loop()
        self._stop_listening = store.on_change(self._store_changed)

    def _store_changed(self, _version: int) -> None:
        """Called from the writing thread (or the loop's own)."""
        loop = self._loop
        if loop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop is closing: nothing to refresh
            loop.call_soon_threadsafe(self._refresh_soon)

    def _refresh_soon(self) -> None:
        self._stale = True
        if self._refresher is None or self._refresher.done():
            self._refresher = asyncio.create_task(self._refresh_idle())

    async def _refresh_idle(self) -> None:
        """Open a checkpoint of the newest write in the idle workers, one at a time; again
        while writes came meanwhile.

        One at a time, and each back in the queue as soon as it is done: the first query
        after a write then waits for one open, not for all of them sharing the CPU. A
        query that takes a worker still behind opens the checkpoint itself; workers busy
        with a job are left alone and move before their next one.
        """
        assert self.snapshots is not None and self._idle is not None
        loop = asyncio.get_running_loop()
        while self._stale:
            await asyncio.sleep(max(0.0, self._refreshed + REFRESH_EVERY_S - loop.time()))
            self._refreshed = loop.time()
            self._stale = False
            try:
                snapshot = await self.snapshots.current(self.store.version)
            except ServiceUnavailable:
                return  # the next query tries again and reports the failure
            while (worker := self._take_idle_behind(snapshot.version)) is not None:
                try:
                    await self._open(worker, snapshot)
                except ServiceUnavailable:
                    # It said why: still a good worker. The next query tries again and
                    # reports the failure; trying again here could only loop.
                    self._idle.put_nowait(worker)
                    return
                except (TimeoutError, EOFError, OSError):
                    await self._replace(worker)
                    continue
                self._idle.put_nowait(worker)

    def _take_idle_behind(self, version: int) -> _Worker | None:
        """Take out of the idle queue the first worker older than ``version``, if any."""
        assert self._idle is not None
        waiting = [self._idle.get_nowait() for _ in range(self._idle.qsize())]
        behind = next((w for w in waiting if w.version is None or w.version < version), None)
        for worker in waiting:
            if worker is not behind:
                self._idle.put_nowait(worker)
        return behind

    # -- jobs ----------------------------------------------------------------------------------
    async def run(self, job: Job) -> Outcome:
        """Run a query job in a worker; kill and replace the worker if it overruns."""
        outcome, _ = await self._dispatch({"op": "query", **job}, "query")
        return outcome

    async def check_query(self, text: str) -> Outcome:
        """Analyse a query in a worker, under the same timeout (for a remote store)."""
        outcome, _ = await self._dispatch({"op": "analyse", "text": text}, "query")
        return outcome

    async def run_update(self, job: Job) -> tuple[Outcome, int]:
        """Apply an update job to a private copy of the dataset in a worker, under the
        same timeout as queries; answer the worker's outcome and the store version that
        copy was at."""
        return await self._dispatch({"op": "update", **job}, "update")

    async def _prepare(
        self, worker: _Worker, message: Job, arrival: int
    ) -> tuple[int, Snapshot | None]:
        """Give the worker what the job reads; answer that version and any private copy."""
        if message["op"] == "analyse" or self.snapshots is None:
            return -1, None
        if message["op"] == "update":
            private = await self.snapshots.private()
            if private is not None:
                message["checkpoint"] = private.path
                return private.version, private
            arrival = self.store.version  # an update runs on the newest state, exactly
        await self._load(worker, arrival)
        assert worker.version is not None
        return worker.version, None

    async def _dispatch(self, message: Job, kind: str) -> tuple[Outcome, int]:
        # The version when the request came in (a remote store's costs a round trip, and
        # its workers read no snapshot).
        arrival = self.store.version if self.snapshots is not None else -1
        idle = await self._ready()
        try:
            worker = await asyncio.wait_for(idle.get(), self.timeout_s)
        except TimeoutError:
            raise ServiceUnavailable("every query worker is busy; try again shortly") from None
        private: Snapshot | None = None
        try:
            version, private = await self._prepare(worker, message, arrival)
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
        except ServiceUnavailable:
            idle.put_nowait(worker)
            raise
        finally:
            if private is not None and self.snapshots is not None:
                self.snapshots.discard(private)  # closed by the worker, or the worker killed
        if outcome.get("status") == "load-failed":
            idle.put_nowait(worker)
            raise ServiceUnavailable(f"the query worker could not open a copy: {outcome['detail']}")
        if message["op"] == "update" and private is None and worker.snapshot is not None:
            # The update ran on the worker's in-memory copy, which now differs from every
            # snapshot: it reloads before its next job.
            assert self.snapshots is not None
            self.snapshots.release(worker.snapshot)
            worker.snapshot = None
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

    def _forget(self, worker: _Worker) -> None:
        """The worker is gone: it holds no snapshot any more."""
        self._workers.discard(worker)
        if worker.snapshot is not None and self.snapshots is not None:
            self.snapshots.release(worker.snapshot)
            worker.snapshot = None

    async def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` (freeing its CPU at once) and start a replacement in the background."""
        await asyncio.to_thread(worker.kill)
        self._forget(worker)
        replacement = await asyncio.to_thread(self._spawn)
        self._background.add(task := asyncio.create_task(self._refill(replacement)))
        task.add_done_callback(self._background.discard)

    def close(self) -> None:
        """Stop every worker and delete the snapshots."""
        if self._stop_listening is not None:
            self._stop_listening()
        for worker in list(self._workers):
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            try:
                worker.process.wait(1)
            except subprocess.TimeoutExpired:
                worker.kill()
        self._workers.clear()
        if self.snapshots is not None:
            self.snapshots.close()


def start_query_workers(settings: Settings, store: Store) -> QueryWorkers:
    """The app's worker pool (processes start on the first query). Call in the lifespan."""
    return QueryWorkers(
        store,
        size=settings.query_workers,
        timeout_s=settings.query_timeout_s,
        memory_mb=settings.query_worker_memory_mb,
        snapshots=settings.sparql_snapshots,
    )


def stop_query_workers(workers: QueryWorkers | None) -> None:
    """Stop the pool at shutdown."""
    if workers is not None:
        workers.close()
