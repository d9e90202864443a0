"""The OpenAPI document as the service really answers: errors are problem+json.

FastAPI documents every 422 as ``HTTPValidationError`` in ``application/json``, but the
service answers each error as RFC 9457 ``application/problem+json`` (``problems.py``).
This rewrites the document once, when it is first built, so generated clients and
schemathesis expect the body they will get.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; extra members carry what the caller can act on.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "examples": ["https://w3id.org/alignkg/problems/validation"]},
        "title": {"type": "string", "examples": ["Invalid request"]},
        "status": {"type": "integer", "examples": [422]},
        "detail": {"type": "string", "examples": ["facts.deceptive: Input should be a boolean"]},
        "instance": {"type": "string", "examples": ["/classify"]},
        "errors": {
            "type": "array",
            "description": "with 422: each bad field and what is wrong with it",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "close_matches": {
            "type": "array",
            "description": "with an unknown term: the terms it probably meant",
            "items": {
                "type": "object",
                "required": ["iri", "curie", "label"],
                "properties": {
                    "iri": {"type": "string"},
                    "curie": {"type": "string"},
                    "label": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
}
_UNUSED_ONCE_REWRITTEN = ("HTTPValidationError", "ValidationError")


def describe_errors_as_problems(app: FastAPI) -> None:
    """Make ``app.openapi()`` document every 4xx/5xx response as problem+json."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _rewrite(build())
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


#: Problems any operation of a kind can answer, whether or not its route declares them:
#: (which operations, status, what it means). A generated client keeps the problem's
#: fields (``errors``, ``close_matches``) only for a status the document declares.
_COMMON_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("with_input", "422", "the request does not fit: `errors` names each field"),
    ("with_path", "404", "no such resource"),
    ("negotiated", "406", "none of the Accept header's types is offered"),
    ("with_body", "413", "the body is larger than the service accepts"),
    ("with_body", "415", "the body's Content-Type is not one this operation reads"),
)


def _kinds(operation: dict[str, Any]) -> set[str]:
    """Which of ``_COMMON_PROBLEMS``'s kinds an operation is."""
    params = operation.get("parameters", [])
    kinds = set()
    if params or "requestBody" in operation:
        kinds.add("with_input")
    if any(p.get("in") == "path" for p in params):
        kinds.add("with_path")
    if "requestBody" in operation:
        kinds.add("with_body")
    ok: dict[str, Any] = next(
        (r for s, r in operation.get("responses", {}).items() if s.startswith("2")), {}
    )
    if len(ok.get("content", {})) > 1:
        kinds.add("negotiated")
    return kinds


def _schema_for(media_type: str) -> dict[str, Any]:
    """A schema for a representation the route documented by media type alone: JSON ones
    are any JSON value; RDF, HTML and SPARQL results in text are a string."""
    return {} if media_type.endswith("json") else {"type": "string"}


def _rewrite(schema: dict[str, Any]) -> None:
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            kinds = _kinds(operation)
            for kind, status, description in _COMMON_PROBLEMS:
                if kind in kinds and status not in responses:
                    responses[status] = {"description": description}
            for status, response in responses.items():
                for media_type, content in response.get("content", {}).items():
                    content.setdefault("schema", _schema_for(media_type))
                if status[0] in "45":
                    response["content"] = {"application/problem+json": {"schema": PROBLEM_REF}}
                    if status == "422":
                        response["description"] = (
                            "the request does not fit: `errors` names each field"
                        )
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for name in _UNUSED_ONCE_REWRITTEN:
        schemas.pop(name, None)
