"""``/service``: the SPARQL 1.1 Graph Store HTTP Protocol (indirect graph identification).

``?graph=<iri>`` names a graph, ``?default`` the store's own default graph. GET and HEAD
read any graph; PUT (replace), POST (merge, or create a new graph with no parameter) and
DELETE need the bearer key and may touch user graphs only (see ``service.sparql.safety``).
Each write is one SPARQL Update transaction on the durable store.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ontology.store import Store
from ontology.vocab import USER_GRAPH_PREFIX
from service.deps import StoreDep, WriteGuard
from service.http.errors import BadRequest, NotAcceptable, NotFound, UnsupportedMediaType
from service.http.negotiation import choose_media
from service.sparql import openapi, results
from service.sparql.safety import refuse_entity_expansion, refuse_protected

router = APIRouter(tags=["graph store"])
#: Stands for "no graph parameter" (POST then creates a new graph).
NEW_GRAPH = "new"


def _graph_param(request: Request) -> str | None:
    """The named graph IRI, None for ``?default``, or NEW_GRAPH when neither is given."""
    pairs = parse_qsl(request.url.query, keep_blank_values=True)
    graphs = [v for k, v in pairs if k == "graph"]
    default = any(k == "default" for k, _ in pairs)
    if len(graphs) + default > 1:
        raise BadRequest("name exactly one graph: either ?graph=<iri> or ?default")
    if default:
        return None
    if not graphs:
        return NEW_GRAPH
    iri = graphs[0]
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise BadRequest(f"?graph must be an absolute IRI, got {iri!r}") from exc
    return iri


def _exists(store: Store, graph: str | None) -> bool:
    return graph is None or graph in store.named_graphs()


def _triples(store: Store, graph: str | None) -> list[ox.Triple]:
    """The triples of one graph (``None``: the store's own default graph)."""
    if graph is None:
        everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        answer: Iterable[ox.Triple] = store.query(everything, union_default_graph=False)  # type: ignore[assignment]
        return list(answer)
    return [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(graph)]


@router.get(
    "/service",
    summary="Read one graph",
    response_class=Response,
    openapi_extra=openapi.GRAPH_READ,
)
def get_stored_graph(request: Request, store: StoreDep) -> Response:
    return _read_graph(request, store)


def _read_graph(request: Request, store: Store) -> Response:
    graph = _graph_param(request)
    if graph == NEW_GRAPH:
        raise BadRequest("name a graph: ?graph=<iri> or ?default")
    if not _exists(store, graph):
        raise NotFound(f"no graph <{graph}> in the store")
    media = choose_media(request.headers.get("accept"), list(results.GRAPH_FORMATS))
    if media is None:
        raise NotAcceptable("graphs are offered as Turtle, N-Triples, RDF/XML or JSON-LD")
    body = results.serialize_triples(_triples(store, graph), media)
    # HEAD arrives here as a GET (service/head_requests.py) and loses the body on the way out.
    return Response(body, media_type=media, headers={"Vary": "Accept"})


async def _parse_body(request: Request, base: str) -> str:
    """The request body as N-Triples text, whatever RDF triple syntax it came in.

    JSON-LD is accepted as long as it names no graphs (pyoxigraph counts it as a dataset
    format). RDF/XML entities are sized before parsing, so a billion-laughs body is a 400
    rather than gigabytes of expansion in the server process.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if fmt is None or (fmt.supports_datasets and fmt != ox.RdfFormat.JSON_LD):
        raise UnsupportedMediaType(
            f"send Turtle, N-Triples, RDF/XML or JSON-LD, not {media_type or 'no Content-Type'}"
        )
    body = await request.body()
    if fmt == ox.RdfFormat.RDF_XML:
        refuse_entity_expansion(body, limit=request.app.state.settings.max_body_bytes)
    try:
        quads = list(ox.parse(body, format=fmt, base_iri=base))
    except SyntaxError as exc:
        raise BadRequest(f"the {media_type} body does not parse: {str(exc)[:300]}") from exc
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise BadRequest("a Graph Store upload is one graph; this JSON-LD names graphs")
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return (data or b"").decode()


def _update_target(store: Store, graph: str | None) -> str | None:
    """The graph an update writes for ``graph`` (None: the default graph).

    That is ``graph`` itself, and for the default graph either SPARQL's ``DEFAULT`` (None)
    or, on a store whose default graph an update cannot write, the graph standing in for it.
    """
    return store.default_graph_stand_in if graph is None else graph


def _graph_update(graph: str | None, data: str, *, replace: bool) -> str:
    """One SPARQL Update that replaces or extends ``graph`` with N-Triples ``data``."""
    if graph is None:
        return ("DROP SILENT DEFAULT ;\n" if replace else "") + f"INSERT DATA {{\n{data}}}"
    ops = [f"DROP SILENT GRAPH <{graph}>"] if replace else []
    ops += [f"CREATE SILENT GRAPH <{graph}>", f"INSERT DATA {{ GRAPH <{graph}> {{\n{data}}} }}"]
    return " ;\n".join(ops)


def _graph_delete(graph: str | None, target: str | None) -> str:
    """The SPARQL Update that empties the default graph or drops the named ``graph``."""
    if target is None:
        return "CLEAR DEFAULT"
    # A default graph's stand-in exists only once something was written to it.
    return f"DROP SILENT GRAPH <{target}>" if graph is None else f"DROP GRAPH <{target}>"


async def _write(request: Request, store: Store, *, replace: bool) -> Response:
    graph = _graph_param(request)
    created_location = None
    if graph == NEW_GRAPH:
        if replace:
            raise BadRequest("PUT needs ?graph=<iri> or ?default")
        graph = f"{USER_GRAPH_PREFIX}{uuid.uuid4().hex}"
        created_location = f"/service?graph={quote(graph, safe='')}"
    if graph is not None:
        refuse_protected({graph})
    existed = _exists(store, graph)
    data = await _parse_body(request, graph or str(request.url.replace(query="")))
    try:
        update = _graph_update(_update_target(store, graph), data, replace=replace)
        await run_in_threadpool(store.update, update)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise BadRequest(f"the graph could not be stored: {str(exc)[:300]}") from exc
    if created_location:
        return Response(status_code=201, headers={"Location": created_location})
    return Response(status_code=204 if existed else 201)


@router.put(
    "/service",
    dependencies=[WriteGuard],
    summary="Replace one user graph",
    status_code=204,
    responses={201: {"description": "the graph did not exist and was created"}},
    openapi_extra=openapi.GRAPH_WRITE,
)
async def put_graph(request: Request, store: StoreDep) -> Response:
    return await _write(request, store, replace=True)


@router.post(
    "/service",
    dependencies=[WriteGuard],
    summary="Add to (or create) a user graph",
    status_code=204,
    responses={
        201: {
            "description": "a graph was created (with no graph named, `Location` names it)",
            "headers": {"Location": {"description": "the new graph's IRI"}},
        }
    },
    openapi_extra=openapi.GRAPH_WRITE,
)
async def post_graph(request: Request, store: StoreDep) -> Response:
    return await _write(request, store, replace=False)


@router.delete(
    "/service",
    dependencies=[WriteGuard],
    summary="Delete one user graph",
    status_code=204,
    openapi_extra=openapi.GRAPH_DELETE,
)
async def delete_graph(request: Request, store: StoreDep) -> Response:
    graph = _graph_param(request)
    if graph == NEW_GRAPH:
        raise BadRequest("name a graph: ?graph=<iri> or ?default")
    if graph is not None:
        refuse_protected({graph})
    if not _exists(store, graph):
        raise NotFound(f"no graph <{graph}> in the store")
    await run_in_threadpool(store.update, _graph_delete(graph, _update_target(store, graph)))
    return Response(status_code=204)
