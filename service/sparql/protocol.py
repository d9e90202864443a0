"""Step 1: turn an HTTP request into one SPARQL operation, as the SPARQL 1.1 Protocol says.

Query: GET with ``query=``, POST form-encoded with ``query=``, or POST with
``application/sparql-query``. Update: POST form-encoded with ``update=`` or POST with
``application/sparql-update``. Dataset parameters (``default-graph-uri``,
``named-graph-uri``, ``using-graph-uri``, ``using-named-graph-uri``) may repeat and may be
given in the URL or, for form posts, in the body. Anything else is a 400 with a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl

from fastapi import Request

from service.http.errors import BadRequest

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Operation:
    """One SPARQL query or update with the dataset its request named."""

    kind: Literal["query", "update"]
    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    params: dict[str, list[str]] = field(default_factory=dict)

    @property
    def has_dataset(self) -> bool:
        """True if the request itself named a dataset (overriding FROM / USING)."""
        return bool(self.default_graphs or self.named_graphs)


def _media_type(request: Request) -> tuple[str, dict[str, str]]:
    """The request's media type (lower case) and its parameters."""
    raw = request.headers.get("content-type", "")
    kind, *rest = raw.split(";")
    params: dict[str, str] = {}
    for part in rest:
        key, _, value = part.strip().partition("=")
        params[key.strip().lower()] = value.strip().strip('"')
    return kind.strip().lower(), params


def _decode(body: bytes, charset: str | None) -> str:
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise BadRequest(f"the body must be UTF-8, not {charset!r} (SPARQL 1.1 Protocol 2.1)")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the body is not valid UTF-8 (byte {exc.start})") from exc


def _collect(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    collected: dict[str, list[str]] = {}
    for key, value in pairs:
        collected.setdefault(key, []).append(value)
    return collected


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise BadRequest(f"the request carries {len(values)} '{name}' parameters; send one")
    return values[0] if values else None


def _operation(params: dict[str, list[str]], direct: tuple[str, str] | None) -> Operation | None:
    """Build the operation from the merged parameters and an optional direct body."""
    query, update = _single(params, "query"), _single(params, "update")
    if direct is not None:
        if query is not None or update is not None:
            raise BadRequest("a direct POST carries its operation in the body, not in 'query='")
        query, update = (direct[1], None) if direct[0] == "query" else (None, direct[1])
    if query is not None and update is not None:
        raise BadRequest("a request carries either 'query' or 'update', not both")
    if update is not None:
        return Operation(
            "update",
            update,
            tuple(params.get("using-graph-uri", [])),
            tuple(params.get("using-named-graph-uri", [])),
            params,
        )
    if query is None:
        return None
    return Operation(
        "query",
        query,
        tuple(params.get("default-graph-uri", [])),
        tuple(params.get("named-graph-uri", [])),
        params,
    )


async def parse_operation(request: Request) -> Operation | None:
    """The operation a request carries; None for a GET with no query (describe the service)."""
    url_params = _collect(parse_qsl(request.url.query, keep_blank_values=True))
    body = await request.body()
    if request.method == "GET":
        if body:
            raise BadRequest("a GET request must not have a body; POST the query instead")
        if "update" in url_params:
            raise BadRequest("updates must be sent by POST, never by GET (SPARQL 1.1 Protocol)")
        return _operation(url_params, None)
    media_type, media_params = _media_type(request)
    if media_type == FORM:
        text = _decode(body, media_params.get("charset"))
        form = _collect(parse_qsl(text, keep_blank_values=True))
        merged = {k: url_params.get(k, []) + form.get(k, []) for k in {*url_params, *form}}
        operation = _operation(merged, None)
        if operation is None:
            raise BadRequest("the form has neither a 'query' nor an 'update' field")
        return operation
    if media_type in (SPARQL_QUERY, SPARQL_UPDATE):
        text = _decode(body, media_params.get("charset"))
        kind = "query" if media_type == SPARQL_QUERY else "update"
        return _operation(url_params, (kind, text))
    shown = media_type or "no Content-Type"
    raise BadRequest(
        f"a POST to the SPARQL endpoint must be {FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE};"
        f" got {shown}"
    )
