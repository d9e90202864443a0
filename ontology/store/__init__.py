"""The store behind one small interface, and the embedded pyoxigraph adapter.

The service talks to ``Store``; which engine sits behind it is a setting: ``EmbeddedStore``
here (pyoxigraph, on disk or in memory) or ``RemoteStore`` in ``remote_store`` (a SPARQL
1.1 store over HTTP), with the same methods.

Every write bumps ``version`` so that caches and query workers can tell their copy is stale.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
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
    """

    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
        self._store = ox.Store(str(path)) if path is not None else ox.Store()
        self._lock = threading.Lock()
        self._version = 0

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

    def update(self, sparql: str) -> None:
        with self._lock:
            self._store.update(sparql)
            self._version += 1

    def replace_graph(self, graph: str, data: bytes, *, fmt: ox.RdfFormat) -> None:
        """Atomically-enough replace one named graph's content with ``data``."""
        self.replace_graph_triples(graph, ox.parse(data, format=fmt))

    def replace_graph_triples(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Atomically-enough replace one named graph's content with ``triples``."""
        node = ox.NamedNode(graph)
        quads = [ox.Quad(t.subject, t.predicate, t.object, node) for t in triples]
        with self._lock:
            self._store.remove_graph(node) if self._store.contains_named_graph(node) else None
            self._store.extend(quads)
            self._version += 1

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        with self._lock:
            self._store.extend(list(quads))
            self._version += 1

    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Remove these quads (those not in the store are ignored).

        One quad at a time, as pyoxigraph has no batch removal: a reader at that moment
        may see some of them gone and the others not yet.
        """
        with self._lock:
            for quad in quads:
                self._store.remove(quad)
            self._version += 1

    def remove_graph(self, graph: str) -> None:
        node = ox.NamedNode(graph)
        with self._lock:
            if self._store.contains_named_graph(node):
                self._store.remove_graph(node)
            self._version += 1

    def apply_change(self, change: GraphChange, *, expected_version: int) -> None:
        """Apply an update's change, if the store is still at ``expected_version``.

        Under the write lock, so no other write comes between the check and the change.
        Removals go one quad at a time (pyoxigraph's Python API has no transaction that
        spans removing and adding); the additions are one transaction.
        """
        removed, added = change.quads
        with self._lock:
            if self._version != expected_version:
                raise StoreChanged(f"store at version {self._version}, not {expected_version}")
            for graph in change.dropped:
                self._store.remove_graph(ox.NamedNode(graph))
            for quad in removed:
                self._store.remove(quad)
            for graph in change.created:
                self._store.add_graph(ox.NamedNode(graph))
            self._store.extend(added)
            self._version += 1

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
