"""Fixtures that put alignkg over a real remote SPARQL store: a throw-away Virtuoso.

``virtuoso`` starts the server once per session and loads alignkg into it with
``alignkg load --store remote``. ``remote_settings`` point an app at it; ``reader``,
``client`` and ``sparql_client`` override the API fixtures of the same names, so API tests
imported into this folder run unchanged against the remote adapter; ``store`` is a
``RemoteStore`` on it. In CI (``CI=true``) a
Virtuoso that cannot be installed or started fails the run instead of skipping it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from remote_virtuoso import (
    DBA_PASSWORD,
    Virtuoso,
    VirtuosoMissing,
    load_alignkg,
    remote_settings,
    start,
)

from ontology.store.remote import RemoteStore
from service.app import create_app


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    try:
        server = start(tmp_path_factory.mktemp("virtuoso"))
    except VirtuosoMissing as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Virtuoso is required in CI: {exc}")
        pytest.skip(str(exc))
    try:
        load_alignkg(server)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def reader(virtuoso: Virtuoso) -> Iterator[TestClient]:
    with TestClient(create_app(remote_settings(virtuoso))) as client:
        yield client


@pytest.fixture
def client(virtuoso: Virtuoso) -> Iterator[TestClient]:
    with TestClient(create_app(remote_settings(virtuoso))) as c:
        yield c


@pytest.fixture(scope="module")
def sparql_client(virtuoso: Virtuoso) -> Iterator[TestClient]:
    """As tests/sparql's fixture of that name: its key, results capped at five rows."""
    settings = remote_settings(virtuoso, api_key="endpoint-key", max_result_rows=5)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def store(virtuoso: Virtuoso) -> Iterator[RemoteStore]:
    """A ``RemoteStore`` on the throw-away Virtuoso (overrides the embedded ``store``)."""
    remote = RemoteStore(
        virtuoso.query_url, update_url=virtuoso.update_url, user="dba", password=DBA_PASSWORD
    )
    yield remote
    remote.close()
