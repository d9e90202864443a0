"""Nothing acknowledged is lost: SIGKILL the real server mid-stream, restart, count.

The server runs as ``alignkg serve`` in its own process group (so its query workers die
with it); threads submit cases concurrently; the group is killed while they are still
sending; a new server over the same data directory must list every case that got a 201.
"""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest
from live_server import KEY, kill_group, running_server

SUBMITTERS = 6
#: How long submissions run before the kill; bounded so the test stays short.
STREAM_SECONDS = 2.0


def _submit_until_stopped(base: str, worker: int, stop: threading.Event, acked: list[str]) -> None:
    headers = {"Authorization": f"Bearer {KEY}"}
    with httpx.Client(base_url=base, headers=headers, timeout=10) as http:
        number = 0
        while not stop.is_set():
            number += 1
            case = {"title": f"crash {worker}-{number}", "facts": {"wouldBeRewarded": True}}
            try:
                response = http.post("/cases", json=case)
            except httpx.TransportError:
                return  # the server is gone; whatever was not acknowledged may be lost
            if response.status_code == 201:
                acked.append(response.json()["id"])


def _listed_case_ids(base: str) -> set[str]:
    ids: set[str] = set()
    offset = 0
    while True:
        params = {"offset": offset, "limit": 500}
        page = httpx.get(base + "/cases", params=params, timeout=30).json()
        ids |= {c["id"] for c in page["items"]}
        offset += 500
        if offset >= page["total"]:
            return ids


@pytest.mark.slow
def test_every_acknowledged_case_survives_sigkill(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    acked: list[str] = []
    stop = threading.Event()
    with running_server(data_dir) as (process, base):
        threads = [
            threading.Thread(target=_submit_until_stopped, args=(base, n, stop, acked))
            for n in range(SUBMITTERS)
        ]
        for thread in threads:
            thread.start()
        stop.wait(STREAM_SECONDS)  # let the stream run, then kill it mid-flight
        kill_group(process)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    print(f"{len(acked)} cases acknowledged before the kill")
    assert len(acked) >= 5, "the stream should have had cases acknowledged before the kill"
    with running_server(data_dir) as (_, base):
        missing = set(acked) - _listed_case_ids(base)
    assert not missing, f"{len(missing)} of {len(acked)} acknowledged cases were lost"
