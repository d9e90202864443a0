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
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "close_matches": {
            "type": "array",
            "description": "with an unknown term: the terms it probably meant",
            "items": {"type": "object"},
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


def _rewrite(schema: dict[str, Any]) -> None:
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
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
