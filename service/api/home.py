"""``/``: where a person or a tool starts: what the service is and where each face lives.

A browser gets a short page of links with a search box; anything else gets the same
links as JSON, so a client can find the API without knowing its paths beforehand. The
files every page uses (the site's icon, the search box's script) are served here too.
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from service.api.models import PageFormat, wants_page
from service.http.negotiation import content_type
from service.pages import STATIC
from service.pages.favicon import favicon_ico, favicon_svg
from service.pages.home_page import home_page

router = APIRouter(tags=["service"])

#: (path, what it is), in the order a newcomer wants them.
LINKS: list[tuple[str, str]] = [
    ("/explorer", "interactive graph explorer of the terms, framings and cases"),
    ("/classify", "classify a failure: describe it, answer the questions, see every framing"),
    ("/sparql", "SPARQL 1.1 endpoint and query page"),
    ("/terms", "the terms, paged; /terms/{id} for one, as JSON, RDF or a page"),
    ("/search?q=mesa+optimizer", "search labels, synonyms and definitions"),
    ("/framings", "the framings of outer/inner alignment, side by side"),
    ("/framings/disagreements", "for each pair of framings, the cases they classify differently"),
    ("/cases", "documented failure cases and their verdicts"),
    ("/docs", "the REST API, with an example for every operation"),
    ("/ontology", "the whole ontology, in Turtle, RDF/XML, N-Triples or JSON-LD"),
    ("/stats", "counts of terms, cases and triples; the ontology's version"),
]
_ABOUT = (
    "A knowledge graph of AI-alignment terminology: an OWL ontology of the objective"
    " taxonomy, and a classifier that reads a failure case under every framing of"
    " outer and inner alignment."
)
#: Icons change only with a release: let browsers keep them for a day.
_ICON_HEADERS = {"Cache-Control": "public, max-age=86400"}


@cache
def _page() -> bytes:
    return home_page(_ABOUT, LINKS)


@router.get(
    "/",
    summary="Where to start: links to every part of the service",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {"name": "alignkg", "about": _ABOUT, "links": dict(LINKS[:2])}
                },
                "text/html": {"schema": {"type": "string"}},
            }
        }
    },
)
async def home(
    request: Request,
    format: PageFormat = "auto",  # noqa: A002 - the query parameter is called format everywhere
) -> Response:
    if not wants_page(request.headers.get("accept"), format):
        body = {"name": "alignkg", "about": _ABOUT, "links": dict(LINKS)}
        return JSONResponse(body, headers={"Vary": "Accept"})
    return Response(_page(), media_type=content_type("html"), headers={"Vary": "Accept"})


@router.get("/favicon.ico", include_in_schema=False)
async def get_favicon_ico() -> Response:
    return Response(favicon_ico(), media_type="image/x-icon", headers=_ICON_HEADERS)


@router.get("/favicon.svg", include_in_schema=False)
async def get_favicon_svg() -> Response:
    return Response(favicon_svg(), media_type="image/svg+xml", headers=_ICON_HEADERS)


@router.get("/assets/search-box.js", include_in_schema=False)
async def search_box_script() -> FileResponse:
    """The search box's suggestions (``templates/_search_box.html`` loads it)."""
    return FileResponse(STATIC / "search-box.js", media_type="text/javascript")
