"""The remote adapter: a SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, ...) over HTTP.

Same methods as ``EmbeddedStore``, spoken over the SPARQL 1.1 Protocol (query and update
URLs) and, when a URL is given, the Graph Store Protocol for whole-graph loads. ``query``
returns what pyoxigraph returns in-process (solutions, a boolean, triples), so callers
cannot tell the engines apart. Many API workers can share one remote store: the store
version lives in the store itself (a triple in ``STORE_GRAPH``), changed by every write
made through alignkg, so each worker's caches notice the others' writes.

Differences from the embedded store, and how they are hidden (see docs/scaling-out.md):

- Virtuoso has no default graph of its own: a query's default graph is the union of all
  graphs (what alignkg wants), and an update cannot write one (``INSERT DATA`` without
  ``GRAPH``, ``CLEAR DEFAULT`` are refused). The default graph's triples live in the named
  graph ``DEFAULT_GRAPH`` instead (``default_graph_stand_in``), which queries with
  ``union_default_graph=False`` or a ``DefaultGraph()`` in their dataset read, and ``quads()``
  gives in the default graph. SPARQL Update's ``DEFAULT`` is not rewritten to it.
- Virtuoso refuses blank nodes in ``INSERT DATA``; alignkg's own writes use
  ``INSERT { ... } WHERE {}``, whose template may hold them.
- ``remove_quads`` sends ``DELETE DATA``, which cannot name a blank node; quads with one
  are refused (alignkg's own deletions, of submitted cases, have none).
- Virtuoso keeps internal graphs beside the data; they are hidden from ``named_graphs``,
  ``quads()`` and ``dump``.
- There is no ``engine``: nothing can run pyoxigraph on the remote data in place, and no
  copy of the data is kept, except of the system graphs for alignkg's own queries that
  the remote engine cannot evaluate (``_system_copy``).
- ``stream_query`` hands a query to the store and its answer back as it arrives, for
  the SPARQL endpoint to pass on (capped) without holding it whole.
"""

from __future__ import annotations

import itertools
import re
import secrets
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import httpx
import pyoxigraph as ox

from ontology.store import SYSTEM_GRAPHS
from ontology.store.batches import blank_node_batches
from ontology.store.wire import (
    N_TRIPLES,
    RESULTS_XML,
    ChallengeAuth,
    RemoteStoreError,
    ask_answer,
    check_answer,
    engine_cannot,
    parse_results_xml,
    parse_triples,
    query_form,
)
from ontology.vocab import AK, GRAPH

#: Where alignkg keeps its bookkeeping in a remote store (never served as data).
STORE_GRAPH = str(GRAPH["store"])
#: Where a remote store keeps the default graph's triples, as Virtuoso has no default graph
#: an update can write. Hidden from ``named_graphs``, as it is no named graph to alignkg.
DEFAULT_GRAPH = str(GRAPH["default"])
_STORE = str(AK["store"])
_VERSION = str(AK["storeVersion"])
#: Graphs Virtuoso keeps for itself (quad maps, LDP, URIQA); never alignkg data.
VIRTUOSO_INTERNAL_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
    "http://www.w3.org/2002/07/owl#",
)


#: The graphs a query names with ``GRAPH <...>``, and ``GRAPH ?var`` (any graph).
_GRAPH_IRI = re.compile(r"\bGRAPH\s*<([^>]*)>", re.IGNORECASE)
_GRAPH_VARIABLE = re.compile(r"\bGRAPH\s*[?$]", re.IGNORECASE)

#: Triples per insert request: Virtuoso refuses updates that compile to over 10,000 lines
#: of SQL, which a template of about a thousand triples reaches.
BATCH_TRIPLES = 300


class RemoteStore:
    """A SPARQL 1.1 store at ``query_url`` (reads) and ``update_url`` (writes).

    ``version`` is an opaque number that changes on every write: a fresh random token
    written beside the data. Random, not a counter, so two workers writing at the same
    moment cannot both produce "N + 1"; should they race, both tokens stay and the version
    read is their XOR, which still differs from what either writer saw. A worker reuses a
    version it read for ``version_ttl_s`` seconds (0: ask the store every time, so a
    reader on any worker sees a write as soon as it was acknowledged).
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout_s: float = 30.0,
        version_ttl_s: float = 0.0,
        hidden_graph_prefixes: tuple[str, ...] = VIRTUOSO_INTERNAL_GRAPHS,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_store_url = graph_store_url
        self.version_ttl_s = version_ttl_s
        self.hidden = (STORE_GRAPH, DEFAULT_GRAPH, *hidden_graph_prefixes)
        auth = ChallengeAuth(user, password or "") if user else None
        self._http = httpx.Client(auth=auth, timeout=timeout_s, trust_env=False)
        self._version: tuple[int, float] | None = None
        self._copies: dict[str, tuple[int, list[ox.Quad]]] = {}
        self._graphs: tuple[int, list[str]] | None = None
        self._lock = threading.Lock()

    # -- reading ------------------------------------------------------------------------
    @property
    def version(self) -> int:
        cached = self._version
        if cached is not None and time.monotonic() - cached[1] < self.version_ttl_s:
            return cached[0]
        rows = self._select(
            f"SELECT ?v WHERE {{ GRAPH <{STORE_GRAPH}> {{ <{_STORE}> <{_VERSION}> ?v }} }}"
        )
        version = 0
        for row in rows:
            version ^= int(row["v"].value)  # type: ignore[union-attr]
        self._version = (version, time.monotonic())
        return version

    @property
    def default_graph_stand_in(self) -> str:
        """The named graph to write for the default graph: ``DEFAULT`` cannot reach it."""
        return DEFAULT_GRAPH

    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        base_iri: str | None = None,
        default_graph: Sequence[ox.NamedNode | ox.DefaultGraph] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> object:
        """Run a query; answer as pyoxigraph would (solutions, boolean, or triples).

        The keyword arguments are pyoxigraph's ``Store.query`` ones, so code that runs a
        query on a pyoxigraph store (the SPARQL endpoint's jobs) can run it here as is. The
        dataset goes to the store as the protocol's ``default-graph-uri`` and
        ``named-graph-uri``; ``DefaultGraph()`` is the store's own default graph (the
        triples in ``DEFAULT_GRAPH``). With no dataset, the default graph is the store's
        union of all graphs, or its own default graph alone if ``union_default_graph`` is
        False.
        """
        if not union_default_graph and default_graph is None:
            default_graph = [ox.DefaultGraph()]
        text = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        dataset = self._dataset_params(default_graph, named_graphs)
        try:
            form = query_form(text)
            if form in ("CONSTRUCT", "DESCRIBE"):
                return iter(parse_triples(self._post_query(text, accept=N_TRIPLES, **dataset)))
            answer = parse_results_xml(self._post_query(text, accept=RESULTS_XML, **dataset))
            return ask_answer(answer) if form == "ASK" else answer
        except RemoteStoreError as exc:
            if not engine_cannot(exc):
                raise
            copy = self._system_copy(text, exc)
        named: list[ox.NamedNode | ox.BlankNode] | None = (
            None if named_graphs is None else [*named_graphs]
        )
        if default_graph is None:
            return copy.query(text, use_default_graph_as_union=True, named_graphs=named)
        return copy.query(text, default_graph=[*default_graph], named_graphs=named)

    def _system_copy(self, sparql: str, refusal: RemoteStoreError) -> ox.Store:
        """An in-memory copy of the system graphs a query reads, for the queries of
        alignkg's own that the remote engine cannot run; ``refusal`` is raised for others.

        Virtuoso 7 refuses some property paths (``(a|b)/c*`` from a bound subject: "neither
        end of the transitive derived table is bound"), which the term index's hierarchy
        walks use on the ontology graph. Only a query that reads nothing but system graphs,
        each named with ``GRAPH <...>``, runs here: those graphs change only with
        ``alignkg load``, and no user data is ever copied into this process. Each graph's
        copy is taken once per store version.
        """
        graphs = set(_GRAPH_IRI.findall(sparql))
        if not graphs or not graphs <= SYSTEM_GRAPHS or _GRAPH_VARIABLE.search(sparql):
            raise refusal
        version = self.version
        copy = ox.Store()
        with self._lock:
            for graph in sorted(graphs):
                kept = self._copies.get(graph)
                if kept is None or kept[0] != version:
                    kept = (version, list(self.quads(graph)))
                    self._copies[graph] = kept
                copy.extend(kept[1])
        return copy

    @contextmanager
    def stream_query(
        self,
        sparql: str,
        *,
        accept: str,
        timeout_s: float,
        default_graph: Sequence[ox.NamedNode | ox.DefaultGraph] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
    ) -> Iterator[httpx.Response]:
        """Send a query and yield the store's response before its body is read (a
        context manager: the connection closes on exit, whatever was left unread).

        The dataset arguments are pyoxigraph's, as in ``query``. Raises ``TimeoutError``
        when the store takes longer than ``timeout_s`` to connect or between two reads,
        ``SyntaxError`` or ``RemoteStoreError`` when it refuses.
        """
        form = {"query": sparql, **self._dataset_params(default_graph, named_graphs)}
        headers = {"Accept": accept}
        try:
            with self._http.stream(
                "POST", self.query_url, data=form, headers=headers, timeout=timeout_s
            ) as response:
                if not response.is_success:
                    response.read()
                check_answer(response, operation="query")
                yield response
        except httpx.TimeoutException as exc:
            raise TimeoutError(f"the store at {self.query_url} took too long: {exc}") from exc
        except httpx.HTTPError as exc:
            raise RemoteStoreError(f"the store at {self.query_url} did not answer: {exc}") from exc

    def named_graphs(self) -> list[str]:
        """The visible named graphs, read once per store version (every SPARQL query that
        names no dataset needs them: ``_dataset_params``)."""
        version = self.version
        known = self._graphs
        if known is not None and known[0] == version:
            return list(known[1])
        # GROUP BY, not DISTINCT: Virtuoso 7 takes seconds over DISTINCT ?g, milliseconds here.
        rows = self._select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        graphs = (row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))
        found = sorted(g for g in graphs if not g.startswith(self.hidden))
        self._graphs = (version, found)
        return list(found)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of every graph alignkg may see: the default
        graph's in the default graph, as pyoxigraph gives them, then each named graph's."""
        if graph is None:
            named = (quad for name in self.named_graphs() for quad in self.quads(name))
            return itertools.chain(self._quads_in(DEFAULT_GRAPH, ox.DefaultGraph()), named)
        return self._quads_in(graph, ox.NamedNode(graph))

    def _quads_in(self, graph: str, label: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
        """The triples of the remote graph ``graph``, as quads in the graph ``label``."""
        body = self._post_query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
            accept=N_TRIPLES,
        )
        return iter([ox.Quad(t.subject, t.predicate, t.object, label) for t in parse_triples(body)])

    def dump(self, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> bytes:
        """Every visible graph, serialized (an export; nothing in the service calls it)."""
        return ox.serialize(list(self.quads()), format=fmt) or b""

    # -- writing ------------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        """Apply a SPARQL Update and change the version, in one request."""
        text = sparql.rstrip()
        separator = "\n" if text.endswith(";") else "\n;\n"
        self._post_update(text + separator + self._bump())

    def replace_graph(self, graph: str, data: bytes, *, fmt: ox.RdfFormat) -> None:
        """Replace one named graph's content with ``data`` (Graph Store PUT when possible).

        Without a Graph Store URL the graph is dropped and refilled in batches, so readers
        may see it part-filled for the moment the load takes.
        """
        if self.graph_store_url is None:
            self.replace_graph_triples(graph, ox.parse(data, format=fmt))
            return
        self._put_graph(graph, data, fmt)

    def replace_graph_triples(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """As ``replace_graph``, from triples already built: sent as N-Triples to a Graph
        Store, else inserted in batches."""
        if self.graph_store_url is not None:
            data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
            self._put_graph(graph, data, ox.RdfFormat.N_TRIPLES)
            return
        self.remove_graph(graph)
        node = ox.NamedNode(graph)
        self.add_quads(ox.Quad(t.subject, t.predicate, t.object, node) for t in triples)

    def _put_graph(self, graph: str, data: bytes, fmt: ox.RdfFormat) -> None:
        """A Graph Store Protocol PUT of ``data`` as the whole of ``graph``."""
        assert self.graph_store_url is not None
        try:
            response = self._http.put(
                self.graph_store_url,
                params={"graph-uri": graph, "graph": graph},
                content=data,
                headers={"Content-Type": fmt.media_type},
            )
        except httpx.HTTPError as exc:
            raise RemoteStoreError(f"{self.graph_store_url} did not answer: {exc}") from exc
        check_answer(response, operation="graph upload")
        self._post_update(self._bump())

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Insert quads in batches that keep each blank node's triples together.

        Virtuoso compiles an update to SQL and refuses large ones, and a blank node in two
        requests would become two nodes; so quads sharing a blank node share a batch.
        """
        for batch in blank_node_batches(quads, size=BATCH_TRIPLES):
            blocks = "\n".join(
                f"GRAPH <{graph}> {{\n{_n_triples(triples)}}}" for graph, triples in batch.items()
            )
            self.update(f"INSERT {{\n{blocks}\n}} WHERE {{}}")

    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Remove these quads with ``DELETE DATA``, in batches Virtuoso will compile.

        Written as N-Triples by pyoxigraph, so no IRI or literal can break out of its term.
        ``DELETE DATA`` cannot name a blank node (it would be a fresh one), so quads with
        blank nodes are refused rather than silently left in place.
        """
        quads = list(quads)
        if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
            raise ValueError("a remote store cannot remove quads with blank nodes by value")
        for batch in blank_node_batches(quads, size=BATCH_TRIPLES):  # none here: plain batches
            blocks = "\n".join(
                f"GRAPH <{graph}> {{\n{_n_triples(triples)}}}" for graph, triples in batch.items()
            )
            self.update(f"DELETE DATA {{\n{blocks}\n}}")

    def remove_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def flush(self) -> None:
        """Nothing to do: the remote store commits each request itself."""

    def close(self) -> None:
        self._http.close()

    # -- HTTP ---------------------------------------------------------------------------
    def _bump(self) -> str:
        """The update that gives the store a fresh version token (remembered at once)."""
        token = secrets.randbelow(2**62) + 1
        self._version = (token, time.monotonic())
        place = f"GRAPH <{STORE_GRAPH}> {{ <{_STORE}> <{_VERSION}> "
        return f"DELETE WHERE {{ {place}?v }} }} ;\nINSERT DATA {{ {place}{token} }} }}"

    def _select(self, sparql: str) -> ox.QuerySolutions:
        answer = parse_results_xml(self._post_query(sparql, accept=RESULTS_XML))
        assert isinstance(answer, ox.QuerySolutions)
        return answer

    def _dataset_params(
        self,
        default_graph: Sequence[ox.NamedNode | ox.DefaultGraph] | None,
        named_graphs: Sequence[ox.NamedNode] | None,
    ) -> dict[str, list[str]]:
        """The SPARQL protocol's dataset parameters for pyoxigraph's dataset arguments.

        A dataset that names default graphs but no named ones gets every visible named
        graph: pyoxigraph lets ``GRAPH`` reach all of them then, where Virtuoso (as the
        protocol says) would reach none.
        """
        params: dict[str, list[str]] = {}
        if default_graph is not None:
            params["default-graph-uri"] = [
                g.value if isinstance(g, ox.NamedNode) else DEFAULT_GRAPH for g in default_graph
            ]
            if named_graphs is None:
                named_graphs = [ox.NamedNode(g) for g in self.named_graphs()]
        if named_graphs is not None:
            params["named-graph-uri"] = [g.value for g in named_graphs]
        return params

    def _post_query(self, sparql: str, *, accept: str, **dataset: list[str]) -> bytes:
        form = {"query": sparql, **dataset}
        try:
            response = self._http.post(self.query_url, data=form, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            raise RemoteStoreError(f"the store at {self.query_url} did not answer: {exc}") from exc
        check_answer(response, operation="query")
        return response.content

    def _post_update(self, sparql: str) -> None:
        headers = {"Content-Type": "application/sparql-update; charset=utf-8"}
        try:
            response = self._http.post(self.update_url, content=sparql.encode(), headers=headers)
        except httpx.HTTPError as exc:
            raise RemoteStoreError(f"the store at {self.update_url} did not answer: {exc}") from exc
        check_answer(response, operation="update")


def _n_triples(triples: Iterable[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()


__all__ = ["DEFAULT_GRAPH", "STORE_GRAPH", "RemoteStore", "RemoteStoreError"]
