"""One place that turns every error into RFC 9457 ``application/problem+json``.

Bad input never reaches the caller as a stack trace: alignkg's own errors carry their
status; FastAPI's validation errors become 422 naming the field; unknown routes 404; an
unexpected exception is logged here and answered as a bare 500 problem.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.http.errors import PROBLEM_BASE, AlignKGError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("alignkg")


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=body["status"], media_type=PROBLEM_JSON, headers=headers)


def _field_name(loc: tuple[Any, ...]) -> str:
    """``("body", "facts", "deceptive")`` -> ``facts.deceptive``."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


async def _alignkg_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AlignKGError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem_response(exc.problem(instance=request.url.path), headers)


def _validation_entry(error: Mapping[str, Any]) -> dict[str, str]:
    """One pydantic error as ``{"field", "message"}`` in words a caller can act on."""
    loc = tuple(error.get("loc", ()))
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    if error.get("type") == "json_invalid":
        # pydantic puts the character offset where the field would be: say it in words.
        offset = loc[-1] if loc and isinstance(loc[-1], int) else None
        where = f" at character {offset}" if offset is not None else ""
        reason = (error.get("ctx") or {}).get("error", "")
        return {"field": "body", "message": f"not valid JSON{where}: {reason}".rstrip(": ")}
    return {"field": _field_name(loc), "message": message}


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_validation_entry(e) for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    body = {
        "type": PROBLEM_BASE + "validation",
        "title": "Invalid request",
        "status": 422,
        "detail": detail or "the request does not match the schema",
        "instance": request.url.path,
        "errors": errors,
    }
    return problem_response(body)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    body = {
        "type": "about:blank",
        "title": exc.detail if isinstance(exc.detail, str) else "HTTP error",
        "status": exc.status_code,
        "detail": exc.detail if isinstance(exc.detail, str) else str(exc.detail),
        "instance": request.url.path,
    }
    return problem_response(body, dict(exc.headers) if exc.headers else None)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    body = {
        "type": PROBLEM_BASE + "internal",
        "title": "Internal error",
        "status": 500,
        "detail": "the server failed on this request; it has been logged",
        "instance": request.url.path,
    }
    return problem_response(body)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AlignKGError, _alignkg_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
