"""The dataset the query workers read: one snapshot per store version, deleted once unused.

Two kinds, chosen by ``Settings.sparql_snapshots`` (``snapshots_for``):

- ``checkpoint`` (the on-disk store; ``make serve``'s default): a RocksDB checkpoint of the
  store (``EmbeddedStore.checkpoint``). It hard-links the store's immutable files, so it
  takes milliseconds whatever the store holds, and every worker opens the same one
  read-only, also in milliseconds, without copying the data into its memory.
- ``nquads`` (the in-memory store, which has no checkpoints, or chosen to compare): the
  whole dataset dumped to N-Quads, with the named graphs listed beside it (N-Quads cannot
  say that an empty graph exists); each worker parses it into an in-memory copy. A write
  then costs a dump and a reload per worker, in proportion to the whole dataset.

An update runs on a private copy: with checkpoints, a checkpoint of its own that the worker
opens read-write and the server deletes afterwards (``private``); with N-Quads, the
worker's in-memory copy, which it reloads before its next job.

A snapshot is deleted once a newer one exists and no worker holds it (``hold`` /
``release``): a worker holds the snapshot it has open until it moves to another or dies.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox

from ontology.store import EmbeddedStore
from service.http.errors import ServiceUnavailable

Kind = Literal["checkpoint", "nquads"]


@dataclass(frozen=True)
class Snapshot:
    """One snapshot on disk: where it is, the store version it holds, and its kind."""

    path: str
    version: int
    kind: Kind

    def load_message(self) -> dict[str, Any]:
        """What a worker is sent to open (or load) this snapshot."""
        return {"op": "load", "snapshot": self.path, "version": self.version, "kind": self.kind}


def graphs_path(snapshot: Path) -> Path:
    """The file beside an N-Quads snapshot that lists the named graphs, one IRI a line."""
    return snapshot.with_suffix(".graphs")


class Snapshots:
    """The snapshots of one store for one worker pool, in a folder of their own."""

    def __init__(self, store: EmbeddedStore, *, kind: Kind, directory: Path) -> None:
        self.store = store
        self.kind = kind
        self.directory = directory
        self._current: Snapshot | None = None
        self._taken: dict[str, Snapshot] = {}
        self._holders: Counter[str] = Counter()
        self._numbers = itertools.count(1)
        self._lock: asyncio.Lock | None = None

    async def current(self, at_least: int) -> Snapshot:
        """The newest snapshot, taken now unless it holds version ``at_least`` already.

        A caller passes the store's version when its request came in: every write
        acknowledged before it is then in the answer, and the requests that waited here
        together share one new snapshot instead of taking one each.
        """
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._current is None or self._current.version < at_least:
                taken = await asyncio.to_thread(self._take_or_refuse)
                old, self._current = self._current, taken
                if old is not None:
                    self._collect(old)
            return self._current

    async def private(self) -> Snapshot | None:
        """A checkpoint of the store for one update to write into (None with N-Quads,
        where the update runs on the worker's in-memory copy). ``discard`` it after."""
        if self.kind != "checkpoint":
            return None
        return await asyncio.to_thread(self._take_or_refuse)

    def hold(self, snapshot: Snapshot) -> None:
        """A worker has ``snapshot`` open: keep it until ``release``."""
        self._holders[snapshot.path] += 1

    def release(self, snapshot: Snapshot) -> None:
        """A worker no longer has ``snapshot`` open (it moved on, or was killed)."""
        self._holders[snapshot.path] -= 1
        self._collect(snapshot)

    def discard(self, snapshot: Snapshot) -> None:
        """Delete a private snapshot once its update is done (or its worker killed)."""
        self._delete(snapshot)

    def on_disk(self) -> list[str]:
        """The snapshots that exist now (for tests and diagnostics)."""
        return sorted(self._taken)

    def close(self) -> None:
        """Delete every snapshot (the workers are gone)."""
        self._taken.clear()
        shutil.rmtree(self.directory, ignore_errors=True)

    def _take_or_refuse(self) -> Snapshot:
        """``_take``, with a failure (a full disk, a folder deleted under us) as a 503."""
        try:
            return self._take()
        except OSError as exc:
            raise ServiceUnavailable(f"could not snapshot the store for queries: {exc}") from exc

    def _take(self) -> Snapshot:
        number = next(self._numbers)
        if self.kind == "checkpoint":
            path = self.directory / f"checkpoint-{number}"
            version = self.store.checkpoint(path)
        else:
            path = self.directory / f"snapshot-{number}.nq"
            version = self._dump(path)
        snapshot = Snapshot(str(path), version, self.kind)
        self._taken[snapshot.path] = snapshot
        return snapshot

    def _dump(self, path: Path) -> int:
        """Write the N-Quads snapshot and its list of graphs; answer the version read
        before the dump (a write during it makes the copy newer than its label, never
        older, so a worker reloads rather than serve stale data)."""
        version = self.store.version
        graphs_path(path).write_text("\n".join(self.store.named_graphs()), encoding="utf-8")
        partial = path.with_suffix(".partial")
        partial.write_bytes(self.store.dump(ox.RdfFormat.N_QUADS))
        partial.replace(path)
        return version

    def _collect(self, snapshot: Snapshot) -> None:
        """Delete ``snapshot`` if it is not the newest and no worker holds it."""
        if snapshot.path not in self._taken:
            return
        newest = self._current is not None and self._current.path == snapshot.path
        if not newest and self._holders[snapshot.path] <= 0:
            self._delete(snapshot)

    def _delete(self, snapshot: Snapshot) -> None:
        self._taken.pop(snapshot.path, None)
        self._holders.pop(snapshot.path, None)
        path = Path(snapshot.path)
        if snapshot.kind == "checkpoint":
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
            graphs_path(path).unlink(missing_ok=True)


def snapshots_for(store: EmbeddedStore, kind: Kind) -> Snapshots:
    """The pool's snapshots: checkpoints beside an on-disk store (hard links need the same
    file system), else N-Quads files in a temporary folder.

    Checkpoints left by a server that was killed are deleted first: the store is open
    here, so no other server uses this data directory.
    """
    if kind == "checkpoint" and store.path is not None:
        root = store.path.with_name("snapshots")
        if root.exists():
            for stale in root.iterdir():
                shutil.rmtree(stale, ignore_errors=True)
        root.mkdir(parents=True, exist_ok=True)
        return Snapshots(store, kind="checkpoint", directory=Path(tempfile.mkdtemp(dir=root)))
    directory = Path(tempfile.mkdtemp(prefix="alignkg-sparql-"))
    return Snapshots(store, kind="nquads", directory=directory)
