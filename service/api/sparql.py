"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query and update), its service
description for machines and the query page for browsers."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from ontology.vocab import PREFIXES
from service.deps import SettingsDep, StoreDep, require_write_key
from service.http.errors import NotAcceptable, NotFound
from service.http.negotiation import choose_media
from service.pages import STATIC, TEMPLATES
from service.sparql import openapi
from service.sparql.endpoint import answer_query, apply_update
from service.sparql.examples import example_queries
from service.sparql.protocol import parse_operation
from service.sparql.service_description import DESCRIPTION_FORMATS, describe
from service.sparql.workers import QueryWorkers

router = APIRouter(tags=["sparql"])
PAGE = TEMPLATES / "query.html"
#: The vendored YASGUI release the query page runs (``scripts/vendor_yasgui.py`` refreshes it).
YASGUI_DIR = STATIC / "vendor" / "yasgui"
#: The only files served from it, by name, with their media types.
YASGUI_FILES = {
    "yasgui.min.js": "text/javascript",
    "yasgui.min.css": "text/css",
    "LICENSE": "text/plain; charset=utf-8",
    "THIRD-PARTY-LICENSES": "text/plain; charset=utf-8",
}


def _endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element (no ``</`` to end it early)."""
    return json.dumps(value).replace("</", "<\\/")


def _query_page() -> HTMLResponse:
    html = PAGE.read_text(encoding="utf-8")
    html = html.replace("{{ examples_json }}", _script_json(example_queries()))
    html = html.replace("{{ prefixes_json }}", _script_json(PREFIXES))
    version = (YASGUI_DIR / "VERSION").read_text(encoding="utf-8").strip()
    html = html.replace("{{ yasgui_version }}", version)
    return HTMLResponse(html)


def _no_query(request: Request) -> Response:
    """A browser gets the query page; a machine gets the service description."""
    accept = request.headers.get("accept")
    if choose_media(accept, [*DESCRIPTION_FORMATS, "text/html"]) == "text/html":
        return _query_page()
    described = describe(_endpoint_url(request), accept)
    if described is None:
        raise NotAcceptable(
            "the service description is offered as Turtle, RDF/XML, N-Triples"
            " or JSON-LD, and the query page as text/html"
        )
    body, media = described
    return Response(body, media_type=media, headers={"Vary": "Accept"})


@router.get(
    "/sparql",
    summary="SPARQL 1.1 query by GET, or the service description / query page",
    response_class=Response,
    openapi_extra=openapi.QUERY_GET,
)
async def sparql_get(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Query by ``?query=``; with no query, the service description (or, for browsers, the
    query page)."""
    return await _sparql(request, store, settings)


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query or update by POST (W3C SPARQL 1.1 Protocol)",
    response_class=Response,
    responses={204: {"description": "the update was applied"}},
    openapi_extra=openapi.QUERY_POST,
)
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Query or update, form-encoded or direct; updates need the bearer key."""
    return await _sparql(request, store, settings)


async def _sparql(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Query by GET ``?query=`` or POST; update by POST with the bearer key."""
    operation = await parse_operation(request)
    if operation is None:
        return _no_query(request)
    base = _endpoint_url(request)
    workers: QueryWorkers = request.app.state.sparql_workers
    if operation.kind == "update":
        require_write_key(request, settings)
        return await apply_update(operation, store=store, workers=workers, base=base)
    return await answer_query(
        operation,
        workers=workers,
        accept=request.headers.get("accept"),
        base=base,
        max_rows=settings.max_result_rows,
    )


@router.get("/sparql/query.js", include_in_schema=False)
def query_script() -> FileResponse:
    return FileResponse(STATIC / "query.js", media_type="text/javascript")


@router.get("/sparql/query.css", include_in_schema=False)
def query_style() -> FileResponse:
    return FileResponse(STATIC / "query.css", media_type="text/css")


@router.get("/sparql/yasgui/{name}", include_in_schema=False)
def yasgui_file(name: str) -> FileResponse:
    """The vendored YASGUI build and its licences; nothing else in that folder."""
    media = YASGUI_FILES.get(name)
    if media is None:
        raise NotFound(f"no YASGUI file {name!r}")
    # Fixed for as long as the installed package is: a day keeps reloads cheap.
    headers = {"Cache-Control": "public, max-age=86400"}
    return FileResponse(YASGUI_DIR / name, media_type=media, headers=headers)
