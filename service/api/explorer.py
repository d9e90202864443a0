"""The graph explorer page and the vis-network script it loads from this same origin.

The page holds the whole graph whatever view it opens on; the query only says where it
opens (and the page keeps it up to date as the view changes), so a view is a link. The
graph, its layout and the panel texts are built once per store version; each view adds a
few bytes to that (``visualizations.render.render_page``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from service.deps import StoreDep
from service.http.errors import TermNotFound, Unprocessable
from visualizations.render import (
    MAX_DEPTH,
    ExplorerData,
    ExplorerView,
    UnknownFocus,
    UnknownFraming,
    explorer_data,
    render_page,
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
            description="Open on the neighbourhood of this CURIE, IRI or label, its panel open",
            examples=["ak:MesaOptimizer"],
        ),
    ] = None,
    depth: Annotated[
        int, Query(ge=0, le=MAX_DEPTH, description="Hops around focus", examples=[1])
    ] = 1,
    view: Annotated[
        Literal["core", "all"],
        Query(
            description="Without focus: the objective taxonomy's core, or every node",
            examples=["all"],
        ),
    ] = "core",
    cases: Annotated[bool, Query(description="Show the documented cases", examples=[True])] = True,
    framing: Annotated[
        str | None,
        Query(description="Colour cases by this framing's verdict", examples=["ak:RFLOFraming"]),
    ] = None,
    sources: Annotated[
        bool, Query(description="Show source nodes from the start", examples=[False])
    ] = False,
) -> HTMLResponse:
    """The ontology and cases as an interactive graph; works offline once loaded."""
    chosen = ExplorerView(
        focus=focus, depth=depth, cases=cases, framing=framing, sources=sources, scope=view
    )
    pages = _page_cache(request)
    key = (store.version, chosen)
    if key not in pages:
        data = _data(request, store.version, lambda: explorer_data(store, search_url=SEARCH_PATH))
        try:
            page = render_page(data, chosen, vis_src=VIS_PATH)
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


def _data(request: Request, version: int, build: Callable[[], ExplorerData]) -> ExplorerData:
    """The page data of this store version (built on first use, one version kept)."""
    kept: tuple[int, ExplorerData] | None = getattr(request.app.state, "explorer_data", None)
    if kept is None or kept[0] != version:
        kept = request.app.state.explorer_data = (version, build())
    return kept[1]


@router.get(VIS_PATH, include_in_schema=False)
async def vis_network_script() -> Response:
    """vis-network as shipped inside the installed pyvis package (no CDN)."""
    return Response(
        vis_network_js(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400"},
    )
