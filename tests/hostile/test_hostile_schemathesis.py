"""schemathesis against the service's own OpenAPI document, every operation.

Each generated request carries the API key (so writes get past the guard and reach their
validation). Checked on every response: no 5xx; every 4xx is ``application/problem+json``
with a numeric ``status`` equal to the HTTP status; a documented response matches its
schema. Nothing is excluded: the SPARQL Protocol and Graph Store operations document
their parameters and bodies (``service/sparql/openapi.py``), sent as raw text.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from service.app import create_app
from service.settings import Settings

KEY = "schemathesis-key-0123456789"
#: Examples per operation: 29 operations x 12 = several hundred requests per run.
EXAMPLES_PER_OPERATION = 12


#: The store lives for the whole test process.
_DATA_DIR = tempfile.TemporaryDirectory(prefix="alignkg-schemathesis-")
APP = create_app(Settings(data_dir=Path(_DATA_DIR.name) / "var", api_key=KEY))  # type: ignore[arg-type]


class LifespanOnce:
    """The app, with its lifespan started once and kept for the whole run.

    schemathesis's pytest plugin ends an ASGI app's lifespan after every test item and
    starts it again for the next: a store load and new query workers per operation (and,
    before ``EmbeddedStore.close``, a lock error reopening the store). Once is enough.
    """

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.context: AbstractAsyncContextManager[Any] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self.context is None:
                    self.context = self.app.router.lifespan_context(self.app)
                    await self.context.__aenter__()
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return


#: The SPARQL Protocol and Graph Store bodies are text in media types of their own: sent
#: as the UTF-8 of whatever string schemathesis makes (the documented example among them).
RAW_TEXT_TYPES = (
    "application/sparql-query",
    "application/sparql-update",
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
)


@schemathesis.serializer(*RAW_TEXT_TYPES)
def _raw_text(ctx: Any, value: Any) -> bytes:
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else str(value).encode()


schema = schemathesis.openapi.from_dict(APP.openapi())
LIFESPAN = LifespanOnce(APP)
#: Responses checked, by status class (printed at the end of the run: ``-s`` shows it).
RESPONSES_SEEN: dict[int, int] = {}
schema.app = LIFESPAN


@pytest.fixture(scope="module", autouse=True)
def _end_lifespan_after_the_run() -> Iterator[None]:
    yield
    print(f"schemathesis: responses by status class {sorted(RESPONSES_SEEN.items())}")
    if LIFESPAN.context is not None:  # the lifespan body only calls sync code: any loop will do
        asyncio.run(LIFESPAN.context.__aexit__(None, None, None))


def problem_json_on_client_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx is RFC 9457 problem+json whose ``status`` is the HTTP status."""
    RESPONSES_SEEN[response.status_code // 100] = (
        RESPONSES_SEEN.get(response.status_code // 100, 0) + 1
    )
    if not 400 <= response.status_code < 500:
        return None
    content_type = response.headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type.startswith("application/problem+json"), (
        f"{case.method} {case.formatted_path} -> {response.status_code} with {content_type!r}"
    )
    if case.method.upper() == "HEAD":
        return True  # no body to check
    body = response.json()
    assert body.get("status") == response.status_code, body
    assert isinstance(body.get("title"), str) and isinstance(body.get("detail"), str), body
    return True


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_without_5xx_and_with_problem_json(case: Any) -> None:
    """Generated requests (valid and invalid) never get a 5xx; errors are problem+json."""
    case.call_and_validate(
        headers={"Authorization": f"Bearer {KEY}"},
        checks=[not_a_server_error, response_schema_conformance, problem_json_on_client_error],
    )
