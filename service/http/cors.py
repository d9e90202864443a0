"""CORS: reads are open to browser tools on any origin; writes stay same-origin.

Starlette's middleware wraps every response's ``send`` to look for an ``Origin`` header,
even when the request has none (curl, wrk, other services), which is most traffic and
costs each request about 15 µs. Without ``Origin`` there is nothing to add, so such
requests go straight through; with one, Starlette's middleware answers as usual.
"""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from service.http.errors import CorsRefused

#: Request headers a cross-origin reader may send beyond the CORS-safelisted ones:
#: conditional GETs, so a browser tool can revalidate with the ETag it was shown.
READ_HEADERS = ["If-None-Match", "If-Modified-Since"]


class ReadOnlyCORS(CORSMiddleware):
    def __init__(self, app: ASGIApp) -> None:
        super().__init__(
            app,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=READ_HEADERS,
            expose_headers=["ETag", "Location", "Link", "Content-Disposition"],
            max_age=600,
        )

    def preflight_response(self, request_headers: Headers) -> Response:
        """Starlette's answer, but a refusal as problem+json like every other error."""
        answer = super().preflight_response(request_headers)
        if answer.status_code != 400:
            return answer
        problem = CorsRefused(
            f"{bytes(answer.body).decode()}: cross-origin callers may read (GET, HEAD) with"
            f" the headers {', '.join(READ_HEADERS)} besides the CORS-safelisted ones;"
            " writes are same-origin only"
        ).problem()
        dropped = ("content-length", "content-type")
        headers = {k: v for k, v in answer.headers.items() if k.lower() not in dropped}
        return Response(
            json.dumps(problem),
            problem["status"],
            headers=headers,
            media_type="application/problem+json",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not any(k == b"origin" for k, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
