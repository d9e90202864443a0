"""``alignkg load [FILE ...] [--graph IRI] [--store remote]``: (re)load the ontology and
documented cases into a store, and add RDF files as user data.

Each system graph is replaced whole, so running it twice leaves the same triples. For a
remote store this is the deployment step that API workers rely on (they never load it
themselves); the URLs and credentials come from the ``ALIGNKG_SPARQL_*`` settings, or
from the flags here. The password is read from ``ALIGNKG_SPARQL_PASSWORD`` only.

Files (any format pyoxigraph reads, by extension or ``--format``) are added as they are
parsed, without holding them in memory: quads keep their graph, triples (and quads in the
default graph) go to ``--graph`` or else the default graph. A protected graph (alignkg's
own) is refused where it first appears in a file; what came before it stays loaded. Into
the embedded store files go through pyoxigraph's bulk loader, so run it while no server
holds the store (it refuses to open one that is held). On a terminal a line shows the
triples loaded and the rate; piped, only the results print.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pyoxigraph as ox

from ontology.cases.system_graphs import load_system_graphs
from ontology.store import EmbeddedStore, Store
from ontology.store.remote import RemoteStore
from ontology.store.wire import RemoteStoreError
from ontology.vocab import CASES_GRAPH, ONTOLOGY_GRAPH
from service.app import open_store
from service.settings import Settings
from service.sparql.safety import is_protected_graph
from service.stores import StoreNotConfigured, connect_remote_store

_URL_FLAGS = {
    "query_url": "sparql_query_url",
    "update_url": "sparql_update_url",
    "graph_store_url": "sparql_graph_store_url",
    "user": "sparql_user",
}
#: Seconds between two redraws of the progress line.
REDRAW_S = 0.25


class LoadRefused(ValueError):
    """A file cannot be loaded as asked (unknown format, protected graph)."""


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "load",
        help="load the ontology and documented cases into the store (idempotent), "
        "and add RDF files as user data",
    )
    p.add_argument("files", nargs="*", type=Path, help="RDF files to add (N-Quads, Turtle, ...)")
    p.add_argument("--graph", default=None, help="graph IRI for the files' triples")
    p.add_argument("--format", default=None, help="file format by extension (nq, ttl, nt...)")
    p.add_argument("--store", choices=["embedded", "remote"], default=None)
    p.add_argument("--query-url", default=None, help="SPARQL query URL of the remote store")
    p.add_argument("--update-url", default=None, help="SPARQL update URL of the remote store")
    p.add_argument("--graph-store-url", default=None, help="Graph Store Protocol URL")
    p.add_argument("--user", default=None, help="user name for the remote store")
    p.set_defaults(func=run)


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings, with whatever the flags give in place of the environment's."""
    given = {field: getattr(args, flag) for flag, field in _URL_FLAGS.items()}
    overrides: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if args.store is not None:
        overrides["store"] = args.store
    return Settings(**overrides)


def graph_sizes(store: Store) -> dict[str, int]:
    """Triples in each system graph, as the store itself counts them."""
    sizes = {}
    for graph in (str(ONTOLOGY_GRAPH), str(CASES_GRAPH)):
        rows: Any = store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        )
        sizes[graph] = int(next(iter(rows))["n"].value)
    return sizes


class Progress:
    """One line, redrawn in place, with the triples loaded and the rate; only on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = stream.isatty()
        self.count = 0
        self._started = self._drawn = time.monotonic()

    def add(self, triples: int) -> None:
        self.count += triples
        now = time.monotonic()
        if self.shown and now - self._drawn >= REDRAW_S:
            self._drawn = now
            self.stream.write(f"\r{self.line()}\x1b[K")  # ESC[K: clear what a longer line left
            self.stream.flush()

    def line(self) -> str:
        seconds = max(time.monotonic() - self._started, 1e-9)
        return f"{self.count:,} triples loaded, {self.count / seconds:,.0f} triples/s"

    def finish(self) -> None:
        if self.shown:
            seconds = time.monotonic() - self._started
            self.stream.write(f"\r{self.line()}, {seconds:.1f} s in all\x1b[K\n")
            self.stream.flush()


def _format(path: Path, given: str | None) -> ox.RdfFormat:
    extension = given or "".join(path.suffixes[-1:]).lstrip(".")
    fmt = ox.RdfFormat.from_extension(extension)
    if fmt is None:
        raise LoadRefused(f"{path}: unknown RDF format {extension!r}; give --format")
    return fmt


def _quads(
    path: Path, *, fmt: ox.RdfFormat, graph: str | None, progress: Progress
) -> Iterator[ox.Quad]:
    """The file's quads as they are parsed, with the default graph mapped to ``graph``."""
    target = ox.NamedNode(graph) if graph else None
    checked: set[str] = set()
    for quad in ox.parse(path=path, format=fmt):
        if target is not None and isinstance(quad.graph_name, ox.DefaultGraph):
            quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
        name = quad.graph_name
        if isinstance(name, ox.NamedNode) and name.value not in checked:
            if is_protected_graph(name.value):
                raise LoadRefused(f"{path}: graph <{name.value}> is alignkg's own (read-only)")
            checked.add(name.value)
        progress.add(1)
        yield quad


def _add_files(store: Store, args: argparse.Namespace, err: TextIO) -> int:
    """Add every file to the store; answer the triples added."""
    graph = args.graph
    if graph is not None and is_protected_graph(graph):
        raise LoadRefused(f"graph <{graph}> is alignkg's own (read-only)")
    # Every format first: an unknown one is refused before anything is loaded.
    formats = [(path, _format(path, args.format)) for path in args.files]
    progress = Progress(err)
    for path, fmt in formats:
        if isinstance(store, EmbeddedStore):
            store.bulk_add(_quads(path, fmt=fmt, graph=graph, progress=progress))
        else:
            default = graph or store.default_graph_stand_in
            store.add_quads(_quads(path, fmt=fmt, graph=default, progress=progress))
    progress.finish()
    return progress.count


def run(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    settings = settings_from(args)
    try:
        if settings.store == "remote":
            store: Any = connect_remote_store(settings)
            load_system_graphs(store)
        else:
            store = open_store(settings)  # the embedded store loads them as it opens
        sizes = graph_sizes(store)
        added = _add_files(store, args, err) if args.files else None
    except (StoreNotConfigured, RemoteStoreError, SyntaxError, LoadRefused, OSError) as exc:
        err.write(f"alignkg load: {exc}\n")
        return 2
    for graph, size in sizes.items():
        out.write(f"{graph}\t{size} triples\n")
    if added is not None:
        out.write(f"files\t{added} triples added\n")
    if isinstance(store, EmbeddedStore | RemoteStore):
        store.flush()
    return 0
