"""Terms: list, look up (in JSON, RDF or HTML), and walk the hierarchy around one term.

``GET /terms/{id}`` takes a local name or a CURIE in the path; a full IRI goes in
``GET /terms/lookup?iri=`` so nobody has to double-encode it. Bodies are built once per store
version and sent pre-encoded, which keeps lookups close to a bare endpoint's speed.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from ontology.terms.describe import RDF_FORMATS, history, term_rdf, term_record
from ontology.terms.hierarchy import ancestors, children, descendants, neighbourhood, parents
from ontology.terms.index import TermIndex, term_index
from ontology.terms.overview import UnknownTarget, list_terms
from ontology.terms.search import close_matches
from ontology.terms.term import Term
from service.api.models import (
    PAGE_FORMATS,
    GraphOut,
    HistoryOut,
    TermList,
    TermOut,
    TermPage,
    prefers_page,
)
from service.deps import StoreDep, store_of
from service.http.caching import cached_json, cached_page, cached_response, etag, json_bytes
from service.http.errors import TermNotFound, Unprocessable
from service.http.hot_params import openapi_parameters, read_params
from service.http.negotiation import MEDIA_TYPES, content_type, negotiate
from service.pages.term_list_page import term_list_page
from service.pages.term_page import term_page

router = APIRouter(tags=["terms"])

TERM_FORMATS = ("json", "jsonld", "turtle", "rdfxml", "ntriples", "html")
TERM_ID_EXAMPLES: dict[str, Any] = {
    "curie": {"summary": "a CURIE", "value": "ak:MesaOptimizer"},
    "local": {"summary": "a local name", "value": "InnerAlignment"},
}
TermId = Annotated[
    str,
    Path(
        description="local name (`MesaOptimizer`) or CURIE (`ak:MesaOptimizer`)",
        openapi_examples=TERM_ID_EXAMPLES,
    ),
]
FormatParam = Annotated[
    str | None,
    Query(
        alias="format",
        description="overrides Accept: json, jsonld, turtle, rdfxml, ntriples or html",
        examples=["turtle"],
    ),
]


class TermLookup(BaseModel):
    """``GET /terms/{term_id}``'s parameters (read by hand: see ``service/hot_params.py``)."""

    term_id: str = Field(
        description="local name (`MesaOptimizer`) or CURIE (`ak:MesaOptimizer`)",
        json_schema_extra={"openapi_examples": TERM_ID_EXAMPLES},
    )


class FormatChoice(BaseModel):
    format: str | None = Field(
        None,
        description="overrides Accept: json, jsonld, turtle, rdfxml, ntriples or html",
        examples=["turtle"],
    )


_TERM_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "model": TermOut,
        "content": {MEDIA_TYPES[f]: {} for f in TERM_FORMATS if f != "json"},
        "description": "the term, in the representation the Accept header asks for",
    },
    404: {"description": "no such term; `close_matches` lists likely ones"},
    406: {"description": "none of the Accept header's types is offered"},
}


#: What a route under /terms/{term_id} answers for a term that does not exist.
NO_SUCH_TERM: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such term; `close_matches` lists likely ones"}
}


def find_term(index: TermIndex, identifier: str) -> Term:
    """The term, or a 404 problem that suggests the closest terms."""
    term = index.resolve(identifier)
    if term is None:
        suggestions = close_matches(index, identifier)
        hint = f"; did you mean {suggestions[0]['curie']}?" if suggestions else ""
        raise TermNotFound(f"no term {identifier!r}{hint}", close_matches=suggestions)
    return term


def _term_body(index: TermIndex, term: Term, fmt: str) -> bytes:
    if fmt == "json":
        return index.remember(("json", term.iri), lambda: json_bytes(term_record(index, term)))  # type: ignore[no-any-return]
    if fmt == "html":
        return index.remember(("html", term.iri), lambda: term_page(index, term))  # type: ignore[no-any-return]
    return term_rdf(index, term, fmt)


def term_response(request: Request, index: TermIndex, term: Term, fmt: str | None) -> Response:
    chosen = negotiate(request.headers.get("accept"), TERM_FORMATS, fmt=fmt)
    return cached_response(
        request,
        _term_body(index, term, chosen),
        media_type=content_type(chosen),
        tag=etag(index.store, f"{chosen}"),
        max_age=300,
        extra_headers={"Link": f'<{term.iri}>; rel="canonical"'},
    )


@router.get(
    "/terms",
    summary="List terms, paged, by kind",
    response_model=TermPage,
    responses={
        200: {"content": {"text/html": {"schema": {"type": "string"}}}},
        422: {"description": "an unknown kind, or paging out of range"},
    },
)
async def list_term_page(
    request: Request,
    store: StoreDep,
    kind: Annotated[
        str | None,
        Query(
            description="only terms of this kind or under it (the page lists every kind)",
            examples=["framing"],
        ),
    ] = None,
    offset: Annotated[int, Query(ge=0, examples=[0])] = 0,
    limit: Annotated[int, Query(ge=1, le=500, examples=[50])] = 50,
    mapped_to: Annotated[
        str | None,
        Query(
            description="only our terms mapped to this outside concept (IRI, CURIE or id;"
            " GET /mappings lists them), strongest match first",
            examples=["mit-ai-risk-subdomain-7.1"],
        ),
    ] = None,
    format: Annotated[  # noqa: A002 - the query parameter is called format everywhere
        str,
        # Checked in the body, not here: the old ``?iri=...&format=turtle`` must still
        # reach its redirect (a value only the lookup offers).
        Query(
            description="json or html (overrides Accept); auto goes by Accept",
            examples=["json"],
            json_schema_extra={"enum": list(PAGE_FORMATS)},
        ),
    ] = "auto",
) -> Response:
    """A page of terms, with every kind and its count. A browser gets them as a table
    with a link per kind and to the previous and next pages."""
    iri = request.query_params.get("iri")
    if iri is not None:
        # ?iri= on the listing was the lookup before it had a route of its own: keep
        # old links working by sending them on, without documenting the union again.
        return RedirectResponse(str(request.url.replace(path="/terms/lookup")), status_code=308)
    if format not in PAGE_FORMATS:
        choices = ", ".join(PAGE_FORMATS)
        raise Unprocessable(f"format: {format!r} is not offered; use {choices}", field="format")
    index = term_index(store)
    try:
        page = list_terms(index, kind=kind, offset=offset, limit=limit, mapped_to=mapped_to)
    except UnknownTarget as err:
        raise Unprocessable(f"mapped_to: {err}", field="mapped_to") from None
    if kind is not None and kind not in page["kinds"]:
        known = ", ".join(page["kinds"])
        raise Unprocessable(f"kind: no kind {kind!r}; the kinds are {known}", field="kind")
    if prefers_page(request.headers.get("accept"), format):
        body = term_list_page(page, main_kinds={t.kind for t in index.terms.values()})
        return cached_page(request, body, store=store, name="terms-html")
    return cached_json(request, page, store=store, name="terms")


@router.get(
    "/terms/lookup",
    summary="One term by its full IRI, as JSON, RDF or an HTML page",
    response_model=TermOut,
    responses=_TERM_RESPONSES,
)
async def lookup_term(
    request: Request,
    store: StoreDep,
    iri: Annotated[
        str,
        Query(
            description="a full term IRI (a CURIE or local name works too)",
            examples=["https://w3id.org/alignkg/MesaOptimizer"],
        ),
    ],
    fmt: FormatParam = None,
) -> Response:
    """Answers like ``GET /terms/{term_id}``; a full IRI goes here so nobody has to
    encode its slashes into a path."""
    if not iri.strip():
        raise Unprocessable("iri: give a full term IRI", field="iri")
    index = term_index(store)
    return term_response(request, index, find_term(index, iri), fmt)


@router.get(
    "/terms/{term_id}",
    summary="One term, as JSON, RDF or an HTML page",
    responses=_TERM_RESPONSES,
    response_model=TermOut,
    openapi_extra={
        "parameters": openapi_parameters(TermLookup, "path") + openapi_parameters(FormatChoice)
    },
)
async def get_term(request: Request) -> Response:
    """Labels, definitions per framing with sources, neighbours, disputes and cases.

    Ask for `text/turtle`, `application/ld+json`, `application/rdf+xml` or
    `application/n-triples` to get the term's RDF description, `text/html` for a page.
    """
    term_id = read_params(TermLookup, request, "path").term_id
    fmt = read_params(FormatChoice, request).format
    index = term_index(store_of(request))
    return term_response(request, index, find_term(index, term_id), fmt)


RdfFormat = Literal["turtle", "jsonld", "rdfxml", "ntriples"]


@router.get(
    "/terms/{term_id}/rdf",
    summary="One term's RDF description, in the format asked for",
    response_class=Response,
    responses={
        200: {
            # JSON-LD is JSON (any value); the other three are text.
            "content": {
                MEDIA_TYPES[f]: {"schema": {} if f == "jsonld" else {"type": "string"}}
                for f in RDF_FORMATS
            },
            "description": "the term's triples",
        },
        **NO_SUCH_TERM,
    },
)
async def get_term_rdf(
    request: Request,
    store: StoreDep,
    term_id: TermId,
    fmt: Annotated[RdfFormat, Query(alias="format", examples=["turtle"])] = "turtle",
) -> Response:
    """What ``GET /terms/{term_id}`` answers for an RDF media type, at an address of its
    own: a generated client reads this operation's body as text, where the negotiated
    one would be parsed as the JSON term."""
    index = term_index(store)
    return term_response(request, index, find_term(index, term_id), fmt)


def _walk_response(
    request: Request, store: StoreDep, term_id: str, walk: Any, name: str
) -> Response:
    index = term_index(store)
    term = find_term(index, term_id)
    body = {"term": term.ref(), "items": walk(index, term)}
    return cached_json(request, body, store=store, name=name)


@router.get(
    "/terms/{term_id}/ancestors",
    summary="Every class above a term",
    response_model=TermList,
    responses=NO_SUCH_TERM,
)
async def get_ancestors(request: Request, store: StoreDep, term_id: TermId) -> Response:
    """Transitive superclasses (for an individual: its classes and theirs)."""
    return _walk_response(request, store, term_id, ancestors, "ancestors")


@router.get(
    "/terms/{term_id}/descendants",
    summary="Every class and individual below a term",
    response_model=TermList,
    responses=NO_SUCH_TERM,
)
async def get_descendants(request: Request, store: StoreDep, term_id: TermId) -> Response:
    """Transitive subclasses and their individuals."""
    return _walk_response(request, store, term_id, descendants, "descendants")


@router.get(
    "/terms/{term_id}/parents",
    summary="Direct superclasses of a term",
    response_model=TermList,
    responses=NO_SUCH_TERM,
)
async def get_parents(request: Request, store: StoreDep, term_id: TermId) -> Response:
    """Direct superclasses (for an individual: its classes)."""
    return _walk_response(request, store, term_id, parents, "parents")


@router.get(
    "/terms/{term_id}/children",
    summary="Direct subclasses and individuals of a term",
    response_model=TermList,
    responses=NO_SUCH_TERM,
)
async def get_children(request: Request, store: StoreDep, term_id: TermId) -> Response:
    """Direct subclasses and the individuals typed with the term."""
    return _walk_response(request, store, term_id, children, "children")


@router.get(
    "/terms/{term_id}/history",
    summary="Who defined a term how, oldest first",
    response_model=HistoryOut,
    responses=NO_SUCH_TERM,
)
async def get_history(request: Request, store: StoreDep, term_id: TermId) -> Response:
    """Each source's reading of the term and of its close matches (``skos:closeMatch``),
    ordered by the source's year, with the source's own words and where they are."""
    index = term_index(store)
    term = find_term(index, term_id)
    body = {"term": term.ref(), "history": history(index, term)}
    return cached_json(request, body, store=store, name="history")


@router.get(
    "/terms/{term_id}/graph",
    summary="A term's neighbourhood as nodes and edges",
    response_model=GraphOut,
    responses=NO_SUCH_TERM,
)
async def get_term_graph(
    request: Request,
    store: StoreDep,
    term_id: TermId,
    depth: Annotated[int, Query(ge=1, le=5, description="hops from the term", examples=[1])] = 1,
) -> Response:
    """Every term within ``depth`` hops over any relation, and the named edges among them."""
    index = term_index(store)
    term = find_term(index, term_id)
    return cached_json(
        request, neighbourhood(index, term, depth=depth), store=store, name=f"graph{depth}"
    )


__all__ = ["RDF_FORMATS", "find_term", "router"]
