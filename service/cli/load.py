"""``alignkg load [--store remote]``: (re)load the ontology and documented cases into a store.

Each system graph is replaced whole, so running it twice leaves the same triples. For a
remote store this is the deployment step that API workers rely on (they never load it
themselves); the URLs and credentials come from the ``ALIGNKG_SPARQL_*`` settings, or
from the flags here. The password is read from ``ALIGNKG_SPARQL_PASSWORD`` only.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from ontology.cases.system_graphs import load_system_graphs
from ontology.store import Store
from ontology.store.wire import RemoteStoreError
from ontology.vocab import CASES_GRAPH, ONTOLOGY_GRAPH
from service.app import open_store
from service.settings import Settings
from service.stores import StoreNotConfigured, connect_remote_store

_URL_FLAGS = {
    "query_url": "sparql_query_url",
    "update_url": "sparql_update_url",
    "graph_store_url": "sparql_graph_store_url",
    "user": "sparql_user",
}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "load", help="load the ontology and documented cases into the store (idempotent)"
    )
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


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    settings = settings_from(args)
    try:
        if settings.store == "remote":
            store: Any = connect_remote_store(settings)
            load_system_graphs(store)
        else:
            store = open_store(settings)  # the embedded store loads them as it opens
        sizes = graph_sizes(store)
    except (StoreNotConfigured, RemoteStoreError, SyntaxError) as exc:
        sys.stderr.write(f"alignkg load: {exc}\n")
        return 2
    for graph, size in sizes.items():
        out.write(f"{graph}\t{size} triples\n")
    store.flush()
    return 0
