"""``/docs``: the API documentation page (Swagger UI), served whole from this machine.

FastAPI's own page loads Swagger UI from a CDN, so it goes blank offline. The
``fastapi-offline`` package ships the same script in its wheel; these routes serve it from
there and point the page at it. No ReDoc page: its sidebar fetches a logo from its vendor's
CDN whatever it is told.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from service.http.errors import NotFound

router = APIRouter(include_in_schema=False)
ASSETS_URL = "/docs/assets"
# The only files served, by name: nothing else in the package folder is reachable.
ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png")
ASSET_DIR = Path(str(files("fastapi_offline") / "static"))


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title}: API",
        swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
        swagger_ui_parameters=request.app.swagger_ui_parameters,
    )


@router.get(ASSETS_URL + "/{name}")
async def asset(name: str) -> FileResponse:
    if name not in ASSETS:
        raise NotFound(f"no documentation asset {name!r}")
    # Immutable for as long as the installed package is: a day keeps reloads cheap.
    return FileResponse(ASSET_DIR / name, headers={"Cache-Control": "public, max-age=86400"})
