"""The app factory: settings in, a wired FastAPI app out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from ontology.dataset import load_system_graphs
from ontology.store import EmbeddedStore

from .cors import ReadOnlyCORS
from .limits import BodySizeLimit
from .problems import install_problem_handlers
from .routers import cases, classify, explorer, graph_store, health, meta, search, sparql, terms
from .settings import Settings
from .sparql.workers import start_query_workers, stop_query_workers
from .stores import open_remote_store


def open_store(settings: Settings) -> EmbeddedStore:
    store = EmbeddedStore(settings.data_dir / "store" if settings.data_dir else None)
    load_system_graphs(store)
    return store


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        remote = settings.store == "remote"
        app.state.store = open_remote_store(settings) if remote else open_store(settings)
        app.state.sparql_workers = start_query_workers(settings, app.state.store)
        yield
        stop_query_workers(app.state.sparql_workers)
        if isinstance(app.state.store, EmbeddedStore):
            app.state.store.close()
        else:
            app.state.store.flush()

    on = settings.telemetry
    app = FastAPI(
        title="alignkg",
        summary="AI-alignment terminology as a knowledge graph",
        version="0.1.0",
        lifespan=lifespan,
        telemetry={"tracing": on, "metrics": on, "logs": on},
    )
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    # CORS: open for reads so browser tools can call the API; writes stay same-origin.
    app.add_middleware(ReadOnlyCORS)
    # Routers, one per resource. FastAPI tries them in this order on every request, so
    # the most requested (term lookup, search) go first; add yours on its own line.
    app.include_router(terms.router)
    app.include_router(search.router)
    app.include_router(health.router)
    app.include_router(meta.router)
    app.include_router(cases.router)
    app.include_router(classify.router)
    app.include_router(explorer.router)
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    return app
