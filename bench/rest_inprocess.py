"""CPU per request inside one process, calling the ASGI apps directly (no sockets).

Shared machines make wrk's req/s swing by tens of percent between runs; CPU time per
request of the app alone is steadier, and shows where the time goes. Used by
``bench/rest.py`` as a second table.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

CALLS = 3000
BEST_OF = 3
ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


async def _call(app: ASGIApp, path: str, query: bytes) -> None:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "app": app,
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            assert message["status"] == 200, (path, message["status"])

    await app(scope, receive, send)


async def _cpu_us(app: ASGIApp, path: str, query: bytes = b"") -> float:
    """Best-of-N mean CPU microseconds per request."""
    for _ in range(200):
        await _call(app, path, query)
    best = float("inf")
    for _ in range(BEST_OF):
        start = time.process_time()
        for _ in range(CALLS):
            await _call(app, path, query)
        best = min(best, (time.process_time() - start) / CALLS * 1e6)
    return best


def _full_collection_ms() -> float:
    best = float("inf")
    for _ in range(BEST_OF):
        start = time.perf_counter()
        gc.collect()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def gc_pause_ms() -> tuple[float, float]:
    """A full collection in a process serving alignkg: (heap frozen at start-up, not)."""
    return asyncio.run(_gc_pause_ms())


async def _gc_pause_ms() -> tuple[float, float]:
    from service.app import create_app
    from service.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        ours = create_app(Settings(data_dir=Path(tmp) / "var", api_key=None))
        async with ours.router.lifespan_context(ours):
            await _call(ours, "/search", b"q=reward")  # type: ignore[arg-type]
            frozen = _full_collection_ms()
            gc.unfreeze()
            thawed = _full_collection_ms()
            gc.freeze()
    return frozen, thawed


async def _measure() -> list[tuple[str, str, float]]:
    from bench.rest_apps import bare
    from service.app import create_app
    from service.settings import Settings

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        ours = create_app(Settings(data_dir=Path(tmp) / "var", api_key=None))
        async with ours.router.lifespan_context(ours):
            for name, app in (("bare FastAPI (constant dict)", bare()), ("alignkg", ours)):
                term = await _cpu_us(app, "/terms/ak:MesaOptimizer")  # type: ignore[arg-type]
                search = await _cpu_us(app, "/search", b"q=reward")  # type: ignore[arg-type]
                rows += [(name, "GET /terms/{id}", term), (name, "GET /search?q=", search)]
    return rows


def table() -> str:
    """Markdown: CPU µs per request, and the bare endpoint's share of alignkg's."""
    rows = asyncio.run(_measure())
    bare = {endpoint: us for name, endpoint, us in rows if name.startswith("bare")}
    lines = [
        "| server | endpoint | CPU µs / request | bare ÷ this |",
        "| --- | --- | ---: | ---: |",
    ]
    for name, endpoint, us in rows:
        lines.append(f"| {name} | {endpoint} | {us:.0f} | {bare[endpoint] / us:.0%} |")
    return "\n".join(lines)
