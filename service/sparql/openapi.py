"""What the OpenAPI document says of the SPARQL Protocol and Graph Store operations.

Those routes read the raw request (the protocol allows a query in the URL, a form or the
body, in several media types), so FastAPI cannot see their parameters. These fragments
(``openapi_extra``) declare them, with an example each, as the protocol defines them.
"""

from __future__ import annotations

from typing import Any

from ontology.vocab import PREFIXES, USER_GRAPH_PREFIX

_AK = PREFIXES["ak"]
EXAMPLE_QUERY = (
    f"PREFIX ak: <{_AK}>\nSELECT ?case ?verdict WHERE {{ ?case ak:computedVerdict ?verdict }}"
    " LIMIT 5"
)
EXAMPLE_GRAPH = f"{USER_GRAPH_PREFIX}my-notes"
EXAMPLE_UPDATE = (
    f"INSERT DATA {{ GRAPH <{EXAMPLE_GRAPH}> {{ <{_AK}MesaOptimizer> "
    '<http://www.w3.org/2000/01/rdf-schema#comment> "read again" } }'
)
EXAMPLE_TURTLE = f'<{_AK}MesaOptimizer> <http://www.w3.org/2000/01/rdf-schema#comment> "noted" .\n'
_RESULTS_EXAMPLE = {
    "head": {"vars": ["case", "verdict"]},
    "results": {
        "bindings": [
            {
                "case": {
                    "type": "uri",
                    "value": "https://w3id.org/alignkg/case/narrow-qa-kidnapping",
                },
                "verdict": {"type": "literal", "value": "ambiguous"},
            }
        ]
    },
}
_RESULTS = {
    "200": {
        "description": "query results, in the format the Accept header asks for",
        "content": {
            "application/sparql-results+json": {
                "schema": {"type": "object"},
                "example": _RESULTS_EXAMPLE,
            },
            "text/csv": {"schema": {"type": "string"}, "example": "case,verdict\n..."},
        },
    }
}
_BEARER: list[dict[str, list[str]]] = [{}, {"HTTPBearer": []}]  # queries need no key; updates do


def _query_param(name: str, description: str, example: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string"},
        "example": example,
    }


QUERY_GET: dict[str, Any] = {
    "parameters": [
        _query_param("query", "a SPARQL 1.1 query (none: the service description)", EXAMPLE_QUERY),
        _query_param(
            "default-graph-uri",
            "a graph of the store to query as the default graph",
            f"{_AK}graph/cases",
        ),
        _query_param(
            "named-graph-uri", "a graph of the store to query as a named graph", f"{_AK}graph/cases"
        ),
    ],
    "responses": _RESULTS,
}

QUERY_POST: dict[str, Any] = {
    "requestBody": {
        "description": "a query or (with the bearer key) an update, as the protocol allows",
        "content": {
            "application/sparql-query": {"schema": {"type": "string"}, "example": EXAMPLE_QUERY},
            "application/sparql-update": {"schema": {"type": "string"}, "example": EXAMPLE_UPDATE},
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {"query": {"type": "string"}, "update": {"type": "string"}},
                },
                "example": {"query": EXAMPLE_QUERY},
            },
        },
    },
    "responses": _RESULTS,
    "security": _BEARER,
}

_GRAPH_PARAMS = [
    _query_param(
        "graph", "the graph's IRI (or give `default` for the default graph)", EXAMPLE_GRAPH
    ),
    {
        "name": "default",
        "in": "query",
        "required": False,
        "description": "name the store's default graph instead of `graph`",
        "schema": {"type": "string"},
        "allowEmptyValue": True,
        "example": "",
    },
]
_RDF_BODY = {
    "content": {
        "text/turtle": {"schema": {"type": "string"}, "example": EXAMPLE_TURTLE},
        **{
            media: {"schema": {"type": "string"}}
            for media in ("application/n-triples", "application/rdf+xml", "application/ld+json")
        },
    }
}

GRAPH_READ: dict[str, Any] = {
    "parameters": _GRAPH_PARAMS,
    "responses": {
        "200": {
            "description": "the graph, in the RDF format the Accept header asks for",
            "content": {"text/turtle": {"schema": {"type": "string"}, "example": EXAMPLE_TURTLE}},
        }
    },
}
GRAPH_WRITE: dict[str, Any] = {"parameters": _GRAPH_PARAMS, "requestBody": _RDF_BODY}
GRAPH_DELETE: dict[str, Any] = {"parameters": _GRAPH_PARAMS}
