"""``reader``: one app per test module for tests that only read, so each test does not
pay for a fresh store and query workers. Tests that write use ``client`` (a fresh app)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("reader") / "var", api_key=None)
    with TestClient(create_app(settings)) as client:
        yield client
