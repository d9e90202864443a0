"""FastAPI dependencies: the store, the settings, and the write guard."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ontology.store import Store
from service.http.errors import ServiceUnavailable, Unauthorized
from service.settings import Settings


# Both are ``async`` on purpose: a plain ``def`` dependency is run in FastAPI's thread
# pool on every request, which halved the throughput of a term lookup.
async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def store_of(request: Request) -> Store:
    """The store, for the two hottest routes (term lookup, search).

    What ``StoreDep`` gives, without the dependency: FastAPI solves each sub-dependency
    per request, about 25 µs, an eighth of a term lookup (``bench/rest_inprocess.py``).
    """
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def require_write_key(request: Request, settings: SettingsDep) -> None:
    """Allow a write only with ``Authorization: Bearer <ALIGNKG_API_KEY>``.

    The key is compared in constant time. With no key configured, writes are off.
    """
    if settings.api_key is None or not settings.api_key.get_secret_value():
        raise ServiceUnavailable(
            "writes are disabled: no API key is configured (set ALIGNKG_API_KEY)"
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = settings.api_key.get_secret_value()
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("this write needs 'Authorization: Bearer <key>' with the API key")


#: Declared so that the OpenAPI document names the scheme (and /docs shows "Authorize");
#: ``require_write_key`` reads the header itself, as the SPARQL endpoint calls it directly.
_BEARER = HTTPBearer(auto_error=False, description="the service's ALIGNKG_API_KEY")


def _guard_write(
    request: Request,
    settings: SettingsDep,
    _documented: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> None:
    require_write_key(request, settings)


WriteGuard = Depends(_guard_write)
