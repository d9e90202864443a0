"""Search and autocomplete over labels, alt labels and definitions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from ontology.terms.index import term_index
from ontology.terms.search import search, suggest
from service.api.models import SearchOut, Suggestion
from service.deps import StoreDep, store_of
from service.http.caching import cached_json, cached_response, etag, json_bytes
from service.http.hot_params import openapi_parameters, read_params

router = APIRouter(tags=["search"])


class SearchParams(BaseModel):
    """``GET /search``'s parameters (read by hand: see ``service/hot_params.py``)."""

    q: str = Field(
        min_length=1,
        max_length=200,
        description="what to look for; case-, hyphen- and British/American-spelling-insensitive",
        json_schema_extra={
            "openapi_examples": {
                "british": {"summary": "British spelling, no hyphen", "value": "mesa optimiser"},
                "words": {"summary": "words from a definition", "value": "reward signal"},
            }
        },
    )
    offset: int = Field(0, ge=0, description="hits to skip", examples=[0])
    limit: int = Field(20, ge=1, le=100, description="most hits to return", examples=[20])


@router.get(
    "/search",
    summary="Search terms: exact label, then prefix, then definitions",
    response_model=SearchOut,
    responses={422: {"description": "a parameter is missing or out of range"}},
    openapi_extra={"parameters": openapi_parameters(SearchParams)},
)
async def get_search(request: Request) -> Response:
    """Ranked hits; each says how it matched (``exact-label`` ... ``definition``)."""
    params = read_params(SearchParams, request)
    store = store_of(request)
    index = term_index(store)
    key = ("search-json", params.q, str(params.offset), str(params.limit))
    body = index.remember(  # search reads terms and definitions only: kept across case writes
        key,
        lambda: json_bytes(search(index, params.q, limit=params.limit, offset=params.offset)),
        ontology_only=True,
    )
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
