"""The two reference servers of ``bench/rest.py``, as uvicorn app factories.

- ``bare``: FastAPI returning a constant dict, the ceiling on this machine;
- ``rdflib_endpoint``: rdflib-endpoint serving the same ontology file over SPARQL.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

CONSTANT = {
    "iri": "https://w3id.org/alignkg/MesaOptimizer",
    "curie": "ak:MesaOptimizer",
    "label": "mesa-optimizer",
}


def bare() -> FastAPI:
    """A bare FastAPI app: the same paths as alignkg, answering a constant dict."""
    app = FastAPI()

    @app.get("/terms/{term_id}")
    async def term(term_id: str) -> dict[str, Any]:
        return CONSTANT

    @app.get("/search")
    async def search(q: str) -> dict[str, Any]:
        return CONSTANT

    return app


def rdflib_endpoint() -> FastAPI:
    """rdflib-endpoint over ``ontology/alignment.ttl`` (SPARQL at ``/``)."""
    from rdflib import Graph
    from rdflib_endpoint import SparqlEndpoint

    from ontology.files import ONTOLOGY_FILE

    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return SparqlEndpoint(graph=graph, cors_enabled=False)
