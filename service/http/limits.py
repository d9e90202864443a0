"""ASGI middleware that refuses request bodies over the configured size with 413.

It checks ``Content-Length`` up front. A body with no length (chunked) is read here, up
to the limit, before the app sees it: counting it while the app reads would not do, since
FastAPI turns any error raised while it reads a body into a 400 "error parsing the body".
The limit is small, so holding that much is cheap.

FastAPI 0.165's own ``max_body_size`` was tried in its place (issue 15) and does not do
the same: a declared-too-long body gets Starlette's ``text/plain`` 413 before any
handler runs, and a chunked one a problem without the limit in its detail.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.errors import PayloadTooLarge


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            # The HTTP server holds the client to the length it declared.
            if declared.isdigit() and int(declared) > self.max_bytes:
                await self._refuse(scope, send)
            else:
                await self.app(scope, receive, send)
        elif b"transfer-encoding" in headers:
            await self._buffered(scope, receive, send)
        else:
            # No body can follow (RFC 9112, 6.3): nothing to count on every plain GET.
            await self.app(scope, receive, send)

    async def _buffered(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read a body of unknown length whole (refusing it past the limit), then replay it."""
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                await self._refuse(scope, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # only a disconnect can come now
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        problem = PayloadTooLarge(
            f"request body is larger than the limit of {self.max_bytes} bytes"
        ).problem(instance=scope.get("path"))
        payload = json.dumps(problem).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
