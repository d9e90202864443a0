"""Bodies over the size limit get 413 however they are sent, and bodies under it arrive whole.

A chunked body declares no length, so the limit can only be found by reading it; the
service must still answer 413 (not FastAPI's 400 "error parsing the body").
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.settings import Settings

JSON = {"Content-Type": "application/json"}


def _chunked(body: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    """A generator body: httpx sends it with Transfer-Encoding: chunked and no length."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


def _over_limit(settings: Settings) -> bytes:
    return json.dumps({"description": "reward " * (settings.max_body_bytes // 7 + 10)}).encode()


@pytest.mark.parametrize("path", ["/classify", "/cases", "/classify/batch"])
def test_chunked_body_over_the_limit_is_413_problem(
    client: TestClient, settings: Settings, auth: dict[str, str], path: str
) -> None:
    response = client.post(path, content=_chunked(_over_limit(settings)), headers={**JSON, **auth})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert str(settings.max_body_bytes) in response.json()["detail"]
    assert client.get("/health").status_code == 200


def test_chunked_body_under_the_limit_arrives_whole(client: TestClient) -> None:
    facts = {"learnedOptimizer": True, "deceptive": True, "rewardedInTraining": False}
    body = json.dumps({"facts": facts, "description": "x" * 90_000}).encode()
    response = client.post("/classify", content=_chunked(body, size=1000), headers=JSON)
    assert response.status_code == 200, response.text
    assert {k: response.json()["facts"][k] for k in facts} == facts


def test_declared_length_over_the_limit_is_413(client: TestClient, settings: Settings) -> None:
    response = client.post("/classify", content=_over_limit(settings), headers=JSON)
    assert response.status_code == 413
