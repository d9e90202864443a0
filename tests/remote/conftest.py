"""Fixtures that put alignkg over a real remote SPARQL store: a throw-away Virtuoso.

``virtuoso`` starts the server once per session and loads alignkg into it with
``alignkg load --store remote``. ``remote_settings`` point an app at it; ``reader``,
``client`` and ``sparql_client`` override the API fixtures of the same names, so API tests
imported into this folder run unchanged against the remote adapter. In CI (``CI=true``) a
Virtuoso that cannot be installed or started fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from remote_virtuoso import DBA_PASSWORD, Virtuoso, VirtuosoMissing, start

from service.app import create_app
from service.settings import Settings

API_KEY = "test-key-0123456789"  # the key tests/conftest.py's ``auth`` sends


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


def load_command(server: Virtuoso) -> list[str]:
    """``alignkg load --store remote`` with the flags that point it at ``server``."""
    return [
        sys.executable, "-m", "service.cli", "load", "--store", "remote",
        "--query-url", server.query_url, "--update-url", server.update_url,
        "--graph-store-url", server.graph_store_url, "--user", "dba",
    ]  # fmt: skip


def load_alignkg(server: Virtuoso) -> str:
    """Run the load command (as a user would) and return what it printed."""
    env = {**os.environ, "ALIGNKG_SPARQL_PASSWORD": DBA_PASSWORD}
    done = subprocess.run(load_command(server), env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def remote_settings(server: Virtuoso, **overrides: object) -> Settings:
    """Settings for an app over ``server``; the version is re-read on every access."""
    values: dict[str, object] = {
        "store": "remote",
        "data_dir": None,
        "api_key": API_KEY,
        "sparql_query_url": server.query_url,
        "sparql_update_url": server.update_url,
        "sparql_graph_store_url": server.graph_store_url,
        "sparql_user": "dba",
        "sparql_password": DBA_PASSWORD,
        "sparql_version_ttl_s": 0.0,
        "query_workers": 1,
    }
    return Settings(**(values | overrides))  # type: ignore[arg-type]


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
