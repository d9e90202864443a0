"""CORS: reads are open to browser tools on any origin; writes stay same-origin.

Starlette's middleware wraps every response's ``send`` to look for an ``Origin`` header,
even when the request has none (curl, wrk, other services), which is most traffic and
costs each request about 15 µs. Without ``Origin`` there is nothing to add, so such
requests go straight through; with one, Starlette's middleware answers as usual.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send


class ReadOnlyCORS(CORSMiddleware):
    def __init__(self, app: ASGIApp) -> None:
        super().__init__(
            app,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "OPTIONS"],
            expose_headers=["ETag", "Location", "Link"],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not any(k == b"origin" for k, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
