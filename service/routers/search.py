"""Search and autocomplete over labels, alt labels and definitions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ontology.search import search, suggest
from ontology.terms import term_index

from ..caching import cached_json, cached_response, etag, json_bytes
from ..deps import StoreDep
from ..models import SearchOut, Suggestion

router = APIRouter(tags=["search"])

QueryText = Annotated[
    str,
    Query(
        min_length=1,
        max_length=200,
        description="what to look for; case-, hyphen- and British/American-spelling-insensitive",
        openapi_examples={
            "british": {"summary": "British spelling, no hyphen", "value": "mesa optimiser"},
            "words": {"summary": "words from a definition", "value": "reward signal"},
        },
    ),
]


@router.get(
    "/search",
    summary="Search terms: exact label, then prefix, then definitions",
    response_model=SearchOut,
)
async def get_search(
    request: Request,
    store: StoreDep,
    q: QueryText,
    offset: Annotated[int, Query(ge=0, examples=[0])] = 0,
    limit: Annotated[int, Query(ge=1, le=100, examples=[20])] = 20,
) -> Response:
    """Ranked hits; each says how it matched (``exact-label`` ... ``definition``)."""
    index = term_index(store)
    key = ("search-json", q, str(offset), str(limit))
    body = index.remember(key, lambda: json_bytes(search(index, q, limit=limit, offset=offset)))
    return cached_response(request, body, media_type="application/json", tag=etag(store, "search"))


@router.get("/suggest", summary="Autocomplete term labels", response_model=list[Suggestion])
async def get_suggest(
    request: Request,
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="what has been typed so far",
            examples=["mesa"],
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=50, examples=[10])] = 10,
) -> Response:
    """Terms whose label, alt label or a word of them starts with ``q``, best first."""
    index = term_index(store)
    return cached_json(request, suggest(index, q, limit=limit), store=store, name="suggest")
