"""``GET /mappings``: every SSSOM mapping from alignkg's terms to other vocabularies.

One mapping set, the union of the files in ``ontology/mappings``: SSSOM/TSV for mapping
tools (``text/tab-separated-values``), SSSOM/JSON for everyone else (the default).
``?format=tsv|json`` overrides the Accept header. The same mappings are the
``skos:*Match`` triples of the SPARQL dataset and of each term's RDF.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from ontology.mappings.catalogue import union_json, union_tsv
from service.deps import StoreDep
from service.http.caching import cached_json, cached_response, etag
from service.http.errors import NotAcceptable
from service.http.negotiation import choose_media

router = APIRouter(tags=["mappings"])

TSV = "text/tab-separated-values"
JSON = "application/json"
#: Media types served, the default first.
OFFERED = (JSON, TSV)
#: ``?format=`` value -> media type.
FORMATS = {"json": JSON, "tsv": TSV}

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the mapping set: SSSOM/JSON, or SSSOM/TSV when asked for",
        "content": {
            JSON: {"schema": {"type": "object"}},
            TSV: {"schema": {"type": "string"}},
        },
    },
    406: {"description": "neither SSSOM/JSON nor SSSOM/TSV is acceptable"},
    422: {"description": "an unknown ?format"},
}


def chosen_media(accept: str | None, fmt: str | None) -> str:
    """The media type to answer in: ``?format=`` first, else the Accept header."""
    if fmt is not None:
        return FORMATS[fmt]
    media = choose_media(accept, OFFERED)
    if media is None:
        raise NotAcceptable(
            f"nothing here matches Accept: {accept}; available: {', '.join(OFFERED)}",
            available=list(OFFERED),
        )
    return media


@router.get(
    "/mappings",
    summary="The SSSOM mappings from alignkg terms to other vocabularies",
    responses=_RESPONSES,
)
async def get_mappings(
    request: Request,
    store: StoreDep,
    format: Annotated[  # noqa: A002 - the query parameter is called format everywhere
        Literal["json", "tsv"] | None,
        Query(description="json or tsv (overrides Accept)", examples=["tsv"]),
    ] = None,
) -> Response:
    """Each mapping with its predicate (`skos:exactMatch`, `closeMatch`, `broadMatch`,
    `narrowMatch`, `relatedMatch`), its justification, author, date and, where the match
    is partial, a comment saying how."""
    media = chosen_media(request.headers.get("accept"), format)
    if media == TSV:
        return cached_response(
            request,
            union_tsv(),
            media_type=f"{TSV}; charset=utf-8",
            tag=etag(store, "mappings-tsv"),
        )
    return cached_json(request, union_json(), store=store, name="mappings-json")
