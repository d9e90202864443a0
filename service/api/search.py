"""Search and autocomplete over labels, alt labels and definitions.

``GET /search`` is JSON for tools and, for a browser (or ``?format=html``), a page with
the search form and the hits, each linking to its term page. ``GET /suggest`` feeds the
search box's suggestions (``service/pages/static/search-box.js``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from ontology.terms.index import term_index
from ontology.terms.search import search, suggest
from service.api.models import PAGE_FORMATS, SearchOut, Suggestion, prefers_page
from service.deps import StoreDep, store_of
from service.http.caching import cached_json, cached_page, cached_response, etag, json_bytes
from service.http.hot_params import openapi_parameters, read_params
from service.pages.search_page import search_page

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
    format: Literal["auto", "json", "html"] = Field(
        "auto",
        description="json or html (overrides Accept); auto goes by Accept",
        examples=["json"],
    )


class SearchPageParams(SearchParams):
    """The page's parameters: the same, but ``q`` may be empty (the form, before a search)."""

    q: str = Field("", max_length=200)


@router.get(
    "/search",
    summary="Search terms: exact label, then prefix, then definitions",
    response_model=SearchOut,
    responses={
        200: {"content": {"text/html": {"schema": {"type": "string"}}}},
        422: {"description": "a parameter is missing or out of range"},
    },
    openapi_extra={"parameters": openapi_parameters(SearchParams)},
)
async def get_search(request: Request) -> Response:
    """Ranked hits; each says how it matched (``exact-label`` ... ``definition``). A
    browser gets the search form and the hits as a page."""
    fmt = request.query_params.get("format", "auto")
    if fmt in PAGE_FORMATS and prefers_page(request.headers.get("accept"), fmt):
        return _search_page(request, read_params(SearchPageParams, request))
    params = read_params(SearchParams, request)  # an unknown format is a 422 here
    store = store_of(request)
    index = term_index(store)
    key = ("search-json", params.q, str(params.offset), str(params.limit))
    body = index.remember(  # search reads terms and definitions only: kept across case writes
        key,
        lambda: json_bytes(search(index, params.q, limit=params.limit, offset=params.offset)),
        ontology_only=True,
    )
    return cached_response(request, body, media_type="application/json", tag=etag(store, "search"))


def _search_page(request: Request, params: SearchPageParams) -> Response:
    store = store_of(request)
    index = term_index(store)
    query = params.q.strip()
    key = ("search-html", query, str(params.offset), str(params.limit))
    body = index.remember(  # like the JSON: terms and definitions only
        key,
        lambda: search_page(
            search(index, query, limit=params.limit, offset=params.offset) if query else None
        ),
        ontology_only=True,
    )
    return cached_page(request, body, store=store, name="search-html")


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
