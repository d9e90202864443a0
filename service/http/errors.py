"""The errors alignkg raises on purpose, and how HTTP sees them.

    AlignKGError                 any error with a clear message for the caller
    ├── BadRequest               400: malformed input the caller can fix
    │   └── SparqlSyntaxError    400: with line and column
    ├── Unauthorized             401: no or wrong bearer key
    ├── Forbidden                403: the target is read-only (system graphs, documented cases)
    ├── NotFound                 404: no such term / case / graph
    │   └── TermNotFound         404: with close matches
    ├── NotAcceptable            406: no representation for the Accept header
    ├── Conflict                 409: the store changed under a write; send it again
    ├── PayloadTooLarge          413
    ├── UnsupportedMediaType     415
    ├── Unprocessable            422: well-formed but invalid (unknown fact, wrong type)
    ├── QueryTimeout             503: a SPARQL query ran past its limit and was stopped
    └── ServiceUnavailable       503: writes disabled (no key configured), store down

Each carries ``status``, ``title`` and ``detail``; one handler turns them into RFC 9457
``application/problem+json``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ontology.vocab import BASE

#: Problem types (RFC 9457) are named under the base IRI.
PROBLEM_BASE = BASE + "problems/"


class AlignKGError(Exception):
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"
    slug: ClassVar[str] = "internal"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


class BadRequest(AlignKGError):
    status, title, slug = 400, "Bad request", "bad-request"


class CorsRefused(BadRequest):
    title, slug = "Cross-origin request refused", "cors-refused"


class SparqlSyntaxError(BadRequest):
    title, slug = "SPARQL syntax error", "sparql-syntax"


class Unauthorized(AlignKGError):
    status, title, slug = 401, "Unauthorized", "unauthorized"


class Forbidden(AlignKGError):
    status, title, slug = 403, "Forbidden", "forbidden"


class NotFound(AlignKGError):
    status, title, slug = 404, "Not found", "not-found"


class TermNotFound(NotFound):
    title, slug = "Term not found", "term-not-found"


class NotAcceptable(AlignKGError):
    status, title, slug = 406, "Not acceptable", "not-acceptable"


class PayloadTooLarge(AlignKGError):
    status, title, slug = 413, "Payload too large", "payload-too-large"


class UnsupportedMediaType(AlignKGError):
    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"


class Unprocessable(AlignKGError):
    """A request that parses but does not fit, in the shape FastAPI's own validation errors
    take (``service/http/problems.py``), so a client reads every 422 one way: ``errors``
    lists ``{field, message}``."""

    status, title, slug = 422, "Invalid request", "validation"

    def __init__(self, detail: str, *, field: str, **extra: Any) -> None:
        message = detail.removeprefix(f"{field}: ")
        super().__init__(detail, errors=[{"field": field, "message": message}], **extra)


class Conflict(AlignKGError):
    status, title, slug = 409, "Conflict", "conflict"


class QueryTimeout(AlignKGError):
    status, title, slug = 503, "Query timed out", "query-timeout"


class ServiceUnavailable(AlignKGError):
    status, title, slug = 503, "Service unavailable", "unavailable"
