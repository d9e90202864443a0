"""Shared fixtures: ``settings``, ``store`` and ``client`` (lifespan runs inside ``with``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ontology.store import EmbeddedStore
from service.app import create_app, open_store
from service.settings import Settings

API_KEY = "test-key-0123456789"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with an on-disk store in a fresh temporary folder and a known API key."""
    return Settings(data_dir=tmp_path / "var", api_key=API_KEY)  # type: ignore[arg-type]


@pytest.fixture
def store(settings: Settings) -> EmbeddedStore:
    return open_store(settings)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_KEY}"}
