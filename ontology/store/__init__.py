"""The store behind one small interface, and the embedded pyoxigraph adapter.

The service talks to ``Store``; which engine sits behind it is a setting: ``EmbeddedStore``
here (pyoxigraph, on disk or in memory) or ``RemoteStore`` in ``remote_store`` (a SPARQL
1.1 store over HTTP), with the same methods.

Every write bumps ``version`` so that caches and query workers can tell their copy is stale,
and tells the listeners registered with ``EmbeddedStore.on_change`` (the query workers
bring their snapshot forward then, before the next query asks for it).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from ontology.vocab import CASES_GRAPH, ONTOLOGY_GRAPH, SUBMITTED_GRAPH

#: Graphs alignkg itself owns; users may read them but never write them.
SYSTEM_GRAPHS = frozenset({str(ONTOLOGY_GRAPH), str(CASES_GRAPH)})


class Store(Protocol):
    """What alignkg needs of a quad store."""

    @property
    def version(self) -> int: ...

    @property
    def default_graph_stand_in(self) -> str | None:
        """The named graph that holds the default graph's triples, where the store has no
        default graph that SPARQL Update can write; None where ``DEFAULT`` reaches it."""
        ...

    def query(self, sparql: str, *, union_default_graph: bool = True) -> object:
        """Solutions, a boolean or triples, as pyoxigraph answers.

        The query's default graph is the union of all graphs, or with
        ``union_default_graph=False`` the store's default graph alone.
        """
        ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(self, graph: str, data: bytes, *, fmt: ox.RdfFormat) -> None: ...

    def replace_graph_triples(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """As ``replace_graph``, from triples already built (nothing to parse)."""
        ...

    def add_quads(self, quads: Iterable[ox.Quad]) -> None: ...

    def remove_quads(self, quads: Iterable[ox.Quad]) -> None: ...

    def remove_graph(self, graph: str) -> None: ...

    def named_graphs(self) -> list[str]: ...

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]: ...

    def dump(self, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> bytes: ...


def _parse_n_quads(data: bytes) -> list[ox.Quad]:
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


class StoreChanged(RuntimeError):
    """The store is no longer at the version a change was computed against."""


@dataclass(frozen=True)
class GraphChange:
    """What an update did to some graphs: quads removed and added (N-Quads, blank node
    labels as the store writes them), named graphs created and dropped."""

    removed: bytes = b""
    added: bytes = b""
    created: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @cached_property
    def quads(self) -> tuple[list[ox.Quad], list[ox.Quad]]:
        """The removed and the added quads, parsed once (checked, then applied)."""
        return _parse_n_quads(self.removed), _parse_n_quads(self.added)

    def graphs(self) -> set[str]:
        """Every graph the change touches ("" for the default graph)."""
        removed, added = self.quads
        touched = {*self.created, *self.dropped}
        for quad in (*removed, *added):
            touched.add(quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else "")
        return touched


class EmbeddedStore:
    """pyoxigraph in this process: on disk under ``path`` (durable), or in memory.

    Writes are serialised by a lock; pyoxigraph itself is safe for concurrent reads.
    A write returns only after pyoxigraph has committed it to its write-ahead log, so a
    killed process loses nothing that was acknowledged.

    Most writes are one pyoxigraph transaction (a SPARQL update, an ``extend``, dropping a
    graph). The others (replacing a graph's triples, removing quads one by one, applying an
    update's change) also hold a second lock, the gate, which ``checkpoint`` takes: a
    checkpoint never sees half of a write, and it never waits for (nor holds up) the
    one-transaction writes, which are what users send.
    """

    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
        #: Where the store lives on disk; None for an in-memory store.
        self.path = path
        self._store = ox.Store(str(path)) if path is not None else ox.Store()
        self._lock = threading.Lock()
        self._gate = threading.Lock()
        self._version = 0
        self._listeners: list[Callable[[int], None]] = []

    @property
    def version(self) -> int:
        return self._version

    @property
    def default_graph_stand_in(self) -> None:
        """None: pyoxigraph's own default graph is what SPARQL Update's ``DEFAULT`` writes."""
        return None

    @property
    def engine(self) -> ox.Store:
        """The pyoxigraph store itself, for the SPARQL endpoint's own execution."""
        return self._store

    def query(self, sparql: str, *, union_default_graph: bool = True) -> object:
        return self._store.query(sparql, use_default_graph_as_union=union_default_graph)

    @contextmanager
    def _writing(self, *, transactions: int = 1) -> Iterator[ox.Store]:
        """Hold the write lock for one write (and the gate too if it takes more than one
        transaction); bump the version if it succeeds, then tell the listeners (outside
        the locks, so a listener cannot hold up the next write)."""
        with self._gate if transactions > 1 else contextlib.nullcontext(), self._lock:
            yield self._store
            self._version += 1
            version = self._version
        for listener in list(self._listeners):
            listener(version)

    def on_change(self, listener: Callable[[int], None]) -> Callable[[], None]:
        """Call ``listener(new_version)`` after every write, from the writing thread;
        answers a function that stops the calls."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    def update(self, sparql: str) -> None:
        with self._writing() as store:
            store.update(sparql)

    def replace_graph(self, graph: str, data: bytes, *, fmt: ox.RdfFormat) -> None:
        """Atomically-enough replace one named graph's content with ``data``."""
        self.replace_graph_triples(graph, ox.parse(data, format=fmt))

    def replace_graph_triples(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Atomically-enough replace one named graph's content with ``triples``."""
        node = ox.NamedNode(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, node) for t in triples]
        with self._writing(transactions=2) as store:
            store.remove_graph(node) if store.contains_named_graph(node) else None
            store.extend(quads)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        with self._writing() as store:
            store.extend(list(quads))

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add many quads fast, outside a transaction (pyoxigraph's bulk loader).

        For ``alignkg load``, which runs while no server holds the store: a reader during
        the load could see part of it, and a crash in the middle leaves part of it.
        """
        with self._writing(transactions=2) as store:  # the bulk loader has none
            store.bulk_extend(quads)

    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Remove these quads (those not in the store are ignored).

        One quad at a time, as pyoxigraph has no batch removal: a reader at that moment
        may see some of them gone and the others not yet.
        """
        with self._writing(transactions=2) as store:
            for quad in quads:
                store.remove(quad)

    def remove_graph(self, graph: str) -> None:
        node = ox.NamedNode(graph)
        with self._writing() as store:
            if store.contains_named_graph(node):
                store.remove_graph(node)

    def apply_change(self, change: GraphChange, *, expected_version: int) -> None:
        """Apply an update's change, if the store is still at ``expected_version``.

        Under the write lock, so no other write comes between the check and the change.
        Removals go one quad at a time (pyoxigraph's Python API has no transaction that
        spans removing and adding); the additions are one transaction.
        """
        removed, added = change.quads
        with self._writing(transactions=2) as store:
            if self._version != expected_version:
                raise StoreChanged(f"store at version {self._version}, not {expected_version}")
            for graph in change.dropped:
                store.remove_graph(ox.NamedNode(graph))
            for quad in removed:
                store.remove(quad)
            for graph in change.created:
                store.add_graph(ox.NamedNode(graph))
            store.extend(added)

    def checkpoint(self, target: Path) -> int:
        """Write a consistent copy of the on-disk store into ``target`` (which must not
        exist) and answer the version it holds at least.

        A RocksDB checkpoint: on the same file system it hard-links the store's immutable
        files, so it takes milliseconds whatever the store's size, and it can be opened by
        another process (read-only, or read-write as a private copy). It holds every write
        acknowledged before it began, never part of a write (the gate), and maybe writes
        that came during it: its content can be newer than the version answered, not older.
        """
        if self.path is None:
            raise ValueError("an in-memory store has no checkpoints")
        with self._gate:
            version = self._version
            self._store.backup(str(target))
            return version

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph is not None else None
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def dump(self, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> bytes:
        return self._store.dump(format=fmt) or b""

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        """Flush and let go of the on-disk store, so a restarted app can open it at once.

        pyoxigraph has no close(); its RocksDB lock goes when the last reference does.
        """
        self._store.flush()
        del self._store


__all__ = [
    "SUBMITTED_GRAPH",
    "SYSTEM_GRAPHS",
    "EmbeddedStore",
    "GraphChange",
    "Store",
    "StoreChanged",
]
