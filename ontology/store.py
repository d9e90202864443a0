"""The store behind one small interface, and the embedded pyoxigraph adapter.

The service talks to ``Store``; which engine sits behind it is a setting. Today there is
one adapter, ``EmbeddedStore`` (pyoxigraph, on disk or in memory). A remote SPARQL 1.1
store can be added as another class with the same methods.

Every write bumps ``version`` so that caches and query workers can tell their copy is stale.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .namespaces import CASES_GRAPH, ONTOLOGY_GRAPH, SUBMITTED_GRAPH

#: Graphs alignkg itself owns; users may read them but never write them.
SYSTEM_GRAPHS = frozenset({str(ONTOLOGY_GRAPH), str(CASES_GRAPH)})


class Store(Protocol):
    """What alignkg needs of a quad store."""

    @property
    def version(self) -> int: ...

    def query(self, sparql: str, *, union_default_graph: bool = True) -> object: ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(self, graph: str, data: bytes, *, fmt: ox.RdfFormat) -> None: ...

    def add_quads(self, quads: Iterable[ox.Quad]) -> None: ...

    def remove_graph(self, graph: str) -> None: ...

    def named_graphs(self) -> list[str]: ...

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]: ...

    def dump(self, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> bytes: ...


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
        node = ox.NamedNode(graph)
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, node) for t in ox.parse(data, format=fmt)
        ]
        with self._lock:
            self._store.remove_graph(node) if self._store.contains_named_graph(node) else None
            self._store.extend(quads)
            self._version += 1

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        with self._lock:
            self._store.extend(list(quads))
            self._version += 1

    def remove_graph(self, graph: str) -> None:
        node = ox.NamedNode(graph)
        with self._lock:
            if self._store.contains_named_graph(node):
                self._store.remove_graph(node)
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


__all__ = ["SUBMITTED_GRAPH", "SYSTEM_GRAPHS", "EmbeddedStore", "Store"]
