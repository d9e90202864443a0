"""Several real API worker processes over one Virtuoso: a write through one is read by all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from remote_virtuoso import API_KEY, DBA_PASSWORD, Virtuoso, free_port

from tests.api.test_api_cases import BOAT

WORKERS = 2
START_TIMEOUT_S = 90.0


@pytest.fixture
def workers(virtuoso: Virtuoso) -> Iterator[str]:
    """``uvicorn --workers 2`` over the Virtuoso, version re-read on every access."""
    port = free_port()
    env = os.environ | {
        "ALIGNKG_STORE": "remote",
        "ALIGNKG_SPARQL_QUERY_URL": virtuoso.query_url,
        "ALIGNKG_SPARQL_UPDATE_URL": virtuoso.update_url,
        "ALIGNKG_SPARQL_USER": "dba",
        "ALIGNKG_SPARQL_PASSWORD": DBA_PASSWORD,
        "ALIGNKG_SPARQL_VERSION_TTL_S": "0",
        "ALIGNKG_API_KEY": API_KEY,
    }
    command = [sys.executable, "-m", "uvicorn", "service.app:create_app", "--factory"]
    command += ["--workers", str(WORKERS), "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(base):
            assert process.poll() is None, "uvicorn exited during start-up"
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.2)  # waiting for a server to come up, not papering over a race
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def _answers(base: str) -> bool:
    try:
        return httpx.get(base + "/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.slow
def test_cases_posted_through_any_worker_are_read_at_once_through_every_other(
    workers: str,
) -> None:
    auth = {"Authorization": f"Bearer {API_KEY}"}
    for _ in range(8):
        with httpx.Client(base_url=workers) as writer:  # a new connection per request,
            created = writer.post("/cases", json=BOAT, headers=auth, timeout=30)  # so any
        assert created.status_code == 201, created.text  # worker may take either one
        with httpx.Client(base_url=workers) as reader:
            read = reader.get(f"/cases/{created.json()['id']}", timeout=30)
        assert read.status_code == 200, read.text
        assert read.json()["facts"] == created.json()["facts"]
