"""HTTP caching for read endpoints: an ``ETag`` from the store version, 304 on a match.

Everything served is derived from the store, so the store's version (plus which
representation and which process) identifies a response body: when the version has not
moved, a client's cached copy is still right. The per-process token keeps a restarted
server (whose version counter starts again) from confirming a stale copy.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import Request, Response

from service.http.negotiation import content_type

_PROCESS = secrets.token_hex(4)
#: Default freshness: short, since submitted cases change listings at any time.
DEFAULT_MAX_AGE = 60


def etag(store: object, representation: str) -> str:
    """A strong validator for one representation of the store's current state."""
    version = getattr(store, "version", 0)
    return f'"{_PROCESS}{id(store):x}-{version}-{representation}"'


def _matches(if_none_match: str, tag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    candidates = (c.strip().removeprefix("W/") for c in if_none_match.split(","))
    return tag.removeprefix("W/") in candidates


def cached_response(
    request: Request,
    body: bytes,
    *,
    media_type: str,
    tag: str,
    max_age: int = DEFAULT_MAX_AGE,
    extra_headers: dict[str, str] | None = None,
) -> Response:
    """``body`` with ``ETag``/``Cache-Control``/``Vary``, or an empty 304 when the client has it."""
    headers = {
        "ETag": tag,
        "Cache-Control": f"public, max-age={max_age}",
        "Vary": "Accept",
        **(extra_headers or {}),
    }
    given = request.headers.get("if-none-match")
    if given is not None and _matches(given, tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON, as every cached JSON body is encoded."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def cached_json(
    request: Request, value: Any, *, store: object, name: str, max_age: int = DEFAULT_MAX_AGE
) -> Response:
    """JSON ``value`` with caching headers; ``name`` tells representations apart in the ETag."""
    return cached_response(
        request,
        json_bytes(value),
        media_type="application/json",
        tag=etag(store, name),
        max_age=max_age,
    )


def cached_page(
    request: Request, body: bytes, *, store: object, name: str, max_age: int = DEFAULT_MAX_AGE
) -> Response:
    """An HTML page with caching headers: ``cached_json``'s twin for the pages that share a
    route with a JSON representation."""
    return cached_response(
        request, body, media_type=content_type("html"), tag=etag(store, name), max_age=max_age
    )
