"""The app factory: settings in, a wired FastAPI app out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from ontology.cases.system_graphs import load_system_graphs
from ontology.store import EmbeddedStore, Store
from service.api import (
    cases,
    classify,
    docs,
    explorer,
    graph_store,
    health,
    home,
    iris,
    mappings,
    meta,
    ols,
    search,
    sparql,
    terms,
)
from service.heap import release_heap, settle_heap
from service.http.cors import ReadOnlyCORS
from service.http.head_requests import HeadAsGet
from service.http.limits import BodySizeLimit
from service.http.openapi import describe_errors_as_problems
from service.http.problems import install_problem_handlers
from service.settings import Settings
from service.sparql.workers import start_query_workers, stop_query_workers
from service.stores import open_remote_store


def open_store(settings: Settings) -> EmbeddedStore:
    store = EmbeddedStore(settings.data_dir / "store" if settings.data_dir else None)
    load_system_graphs(store)
    return store


def add_routes(app: FastAPI, router: APIRouter) -> None:
    """``app.include_router(router)``, flattened: the router's routes join the app's own.

    FastAPI 0.165 keeps an included router as one nested route and matches a request
    against its routes twice (to pick the router, then inside it), about 40 µs of a
    200 µs term lookup (``bench/rest_inprocess.py``). Our routers have no prefix or
    router-level options to apply (each route already carries its tags), so its routes
    can be the app's own.
    """
    if router.prefix:
        raise ValueError("add_routes copies routes as they are: give them no router prefix")
    for route in router.routes:
        if isinstance(route, APIRoute) and route.operation_id is None:
            # The handler's name is the operation id (get_ancestors, classify_one), so a
            # generated client reads client.get_ancestors(...), not a path-derived mouthful.
            route.operation_id = route.name
    app.router.routes.extend(router.routes)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        remote = settings.store == "remote"
        # Typed as the protocol so that mypy checks both adapters against it.
        store: Store = open_remote_store(settings) if remote else open_store(settings)
        app.state.store = store
        app.state.sparql_workers = start_query_workers(settings, app.state.store)
        settle_heap(app.state.store)
        yield
        release_heap()
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
        # FastAPI's own pages fetch Swagger UI and ReDoc from a CDN; api/docs.py serves
        # Swagger UI with its script from this machine.
        docs_url=None,
        redoc_url=None,
        telemetry={"tracing": on, "metrics": on, "logs": on},
    )
    install_problem_handlers(app)
    describe_errors_as_problems(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    # CORS: open for reads so browser tools can call the API; writes stay same-origin.
    app.add_middleware(ReadOnlyCORS)
    # Outermost, so that CORS and every route see a HEAD as the GET it stands for.
    app.add_middleware(HeadAsGet)
    # Routers, one per resource, tried in this order on every request: the most
    # requested (term lookup, search) first. Add yours to the tuple.
    routers = (
        terms,
        search,
        health,
        meta,
        cases,
        classify,
        explorer,
        sparql,
        graph_store,
        ols,
        mappings,
        docs,
        home,
        # Last: its /{name} (term IRIs arriving from w3id.org) matches any one-segment path.
        iris,
    )
    for router in routers:
        add_routes(app, router.router)
    return app
