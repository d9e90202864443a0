"""HEAD answered wherever GET is (RFC 9110, 9.3.2): the GET's status and headers, no body.

FastAPI routes declared for GET refuse HEAD with 405, and declaring HEAD on each would
double every operation in the OpenAPI document. So a HEAD request is served as a GET
and the body is dropped on the way out; ``Content-Length`` stays what the GET's would be.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
