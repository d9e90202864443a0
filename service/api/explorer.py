"""The graph explorer page and the vis-network script it loads from this same origin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from service.deps import StoreDep
from service.http.errors import TermNotFound, Unprocessable
from visualizations.render import (
    MAX_DEPTH,
    ExplorerView,
    UnknownFocus,
    UnknownFraming,
    explorer_html,
    vis_network_js,
)

router = APIRouter(tags=["explorer"])

VIS_PATH = "/explorer/vis-network.min.js"
#: Where the page's search box asks: GET /search (service/api/search.py).
SEARCH_PATH = "/search"
#: Most rendered pages kept per app, keyed by (store version, view).
PAGE_CACHE_SIZE = 32


@router.get("/explorer", response_class=HTMLResponse, summary="Interactive graph explorer")
def explorer(
    request: Request,
    store: StoreDep,
    focus: Annotated[
        str | None,
        Query(
            description="Show only the neighbourhood of this CURIE or IRI",
            examples=["ak:MesaOptimizer"],
        ),
    ] = None,
    depth: Annotated[
        int, Query(ge=0, le=MAX_DEPTH, description="Hops around focus", examples=[2])
    ] = 2,
    cases: Annotated[
        bool, Query(description="Include the documented cases", examples=[True])
    ] = True,
    framing: Annotated[
        str | None,
        Query(description="Colour cases by this framing's verdict", examples=["ak:RFLOFraming"]),
    ] = None,
    sources: Annotated[
        bool, Query(description="Show source nodes from the start", examples=[False])
    ] = False,
) -> HTMLResponse:
    """The ontology and cases as an interactive graph; works offline once loaded."""
    view = ExplorerView(focus=focus, depth=depth, cases=cases, framing=framing, sources=sources)
    pages = _page_cache(request)
    key = (store.version, view)
    if key not in pages:
        try:
            page = explorer_html(store, view, vis_src=VIS_PATH, search_url=SEARCH_PATH)
        except UnknownFocus as error:
            raise TermNotFound(str(error), close_matches=error.close) from None
        except UnknownFraming as error:
            raise Unprocessable(str(error), field="framing", framings=error.known) from None
        if len(pages) >= PAGE_CACHE_SIZE:
            pages.pop(next(iter(pages)))
        pages[key] = page
    return HTMLResponse(pages[key])


def _page_cache(request: Request) -> dict[tuple[int, ExplorerView], str]:
    """Rendered pages of this app (created on first use)."""
    pages: dict[tuple[int, ExplorerView], str] | None = getattr(
        request.app.state, "explorer_pages", None
    )
    if pages is None:
        pages = request.app.state.explorer_pages = {}
    return pages


@router.get(VIS_PATH, include_in_schema=False)
async def vis_network_script() -> Response:
    """vis-network as shipped inside the installed pyvis package (no CDN)."""
    return Response(
        vis_network_js(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400"},
    )
