"""Settings to a store: the embedded one (default) or a remote SPARQL 1.1 store."""

from __future__ import annotations

from ontology.store.remote import RemoteStore
from ontology.vocab import ONTOLOGY_GRAPH
from service.settings import Settings


class StoreNotConfigured(RuntimeError):
    """The remote store is chosen but not usable (no URL, or nothing loaded into it)."""


def connect_remote_store(settings: Settings) -> RemoteStore:
    """A ``RemoteStore`` from the ``ALIGNKG_SPARQL_*`` settings (loads nothing)."""
    if not settings.sparql_query_url:
        raise StoreNotConfigured(
            "ALIGNKG_STORE=remote needs ALIGNKG_SPARQL_QUERY_URL (and usually "
            "ALIGNKG_SPARQL_UPDATE_URL, ALIGNKG_SPARQL_USER, ALIGNKG_SPARQL_PASSWORD)"
        )
    password = settings.sparql_password.get_secret_value() if settings.sparql_password else None
    return RemoteStore(
        settings.sparql_query_url,
        update_url=settings.sparql_update_url,
        graph_store_url=settings.sparql_graph_store_url,
        user=settings.sparql_user,
        password=password,
        timeout_s=max(settings.query_timeout_s, 30.0),
        version_ttl_s=settings.sparql_version_ttl_s,
    )


def open_remote_store(settings: Settings) -> RemoteStore:
    """The remote store, checked to hold alignkg's ontology (workers never load it).

    Loading is ``alignkg load --store remote``'s job, run once per deployment: with many
    workers starting together, each reloading the graphs would race the others' readers.
    """
    store = connect_remote_store(settings)
    if not store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"):
        store.close()
        raise StoreNotConfigured(
            f"the remote store at {settings.sparql_query_url} holds no alignkg ontology; "
            "run `alignkg load --store remote` first"
        )
    return store
