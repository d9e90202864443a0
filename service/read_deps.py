"""An ``async`` twin of ``deps.StoreDep`` for the hot read routes.

``deps.get_store`` is a plain ``def``, which FastAPI runs in its thread pool on every
request; for a lookup that is otherwise a dict access, that hop halves throughput. The
store is only fetched from ``app.state`` here, so an ``async`` dependency is safe.
(If ``deps.get_store`` becomes ``async``, this module can go and routes use StoreDep.)
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ontology.store import EmbeddedStore


async def get_store_async(request: Request) -> EmbeddedStore:
    store: EmbeddedStore = request.app.state.store
    return store


StoreDep = Annotated[EmbeddedStore, Depends(get_store_async)]
