"""What the query workers read after a write: a snapshot per store version, by checkpoint
(the on-disk store's default) or by N-Quads dump (the in-memory store, or chosen), each
deleted once no worker holds it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from service.sparql.workers import QueryWorkers

KEY = "snapshot-key-0123456789"
WRITE = {"Authorization": f"Bearer {KEY}", "content-type": "application/n-triples"}
UPDATE = {"Authorization": f"Bearer {KEY}", "content-type": "application/sparql-update"}
GRAPH = "https://w3id.org/alignkg/graph/user/snapshots-{}"


def _app(data_dir: Path | None, **extra: object) -> TestClient:
    settings = Settings(data_dir=data_dir, api_key=KEY, query_workers=2, **extra)  # type: ignore[arg-type]
    return TestClient(create_app(settings))


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _app(tmp_path_factory.mktemp("checkpoints")) as client:
        yield client


def _workers(client: TestClient) -> QueryWorkers:
    workers: QueryWorkers = client.app.state.sparql_workers  # type: ignore[attr-defined]
    return workers


def _put(client: TestClient, number: int) -> None:
    url = f"/service?graph={quote(GRAPH.format(number), safe='')}"
    body = f'<http://example.org/s> <http://example.org/n> "{number}" .'
    assert client.put(url, content=body, headers=WRITE).status_code in (201, 204)


def _sees(client: TestClient, number: int) -> bool:
    query = f'ASK {{ GRAPH <{GRAPH.format(number)}> {{ ?s ?p "{number}" }} }}'
    answer = client.get("/sparql", params={"query": query}, headers={"accept": "application/json"})
    assert answer.status_code == 200, answer.text
    return bool(answer.json()["boolean"])


@pytest.mark.parametrize(
    ("data_dir", "chosen", "used"),
    [("disk", None, "checkpoint"), ("disk", "nquads", "nquads"), (None, None, "nquads")],
)
def test_every_query_sees_the_writes_acknowledged_before_it(
    tmp_path: Path, data_dir: str | None, chosen: str | None, used: str
) -> None:
    """Read-your-writes on both workers, whichever way they get the dataset."""
    extra = {"sparql_snapshots": chosen} if chosen else {}
    with _app(tmp_path / "var" if data_dir else None, **extra) as client:
        for number in range(3):
            _put(client, number)
            assert [_sees(client, number) for _ in range(2)] == [True, True]  # both workers
        snapshots = _workers(client).snapshots
        assert snapshots is not None and snapshots.kind == used


def test_old_checkpoints_are_deleted_once_no_worker_holds_them(checkpoints: TestClient) -> None:
    snapshots = _workers(checkpoints).snapshots
    assert snapshots is not None
    for number in range(10, 16):
        _put(checkpoints, number)
        assert _sees(checkpoints, number)
    kept = snapshots.on_disk()
    # At most one per worker plus the newest; the folder holds nothing else.
    assert 1 <= len(kept) <= 3, kept
    on_disk = {str(p) for p in snapshots.directory.iterdir() if not p.name.endswith(".tmp")}
    assert on_disk <= set(kept), on_disk


def test_after_a_write_idle_workers_move_to_it_before_any_query(checkpoints: TestClient) -> None:
    workers, store = _workers(checkpoints), checkpoints.app.state.store  # type: ignore[attr-defined]
    assert _sees(checkpoints, 10)  # the workers are running
    _put(checkpoints, 20)
    deadline = time.monotonic() + 30
    while {w.version for w in workers._workers} != {store.version}:
        assert time.monotonic() < deadline, [w.version for w in workers._workers]
        time.sleep(0.02)  # waiting for the background refresh, bounded by the deadline


def test_an_update_runs_on_a_private_checkpoint_that_is_deleted_after(
    checkpoints: TestClient,
) -> None:
    snapshots = _workers(checkpoints).snapshots
    assert snapshots is not None
    insert = f'INSERT DATA {{ GRAPH <{GRAPH.format(30)}> {{ <http://e/s> <http://e/p> "30" }} }}'
    response = checkpoints.post("/sparql", content=insert, headers=UPDATE)
    assert response.status_code == 204, response.text
    assert _sees(checkpoints, 30)
    kept = snapshots.on_disk()
    assert 1 <= len(kept) <= 3, kept  # the update's own copy is gone


def test_checkpoints_left_by_a_killed_server_are_deleted_at_start(tmp_path: Path) -> None:
    stale = tmp_path / "var" / "snapshots" / "alignkg-old" / "checkpoint-7"
    stale.mkdir(parents=True)
    (stale / "CURRENT").write_text("MANIFEST-000001\n")
    with _app(tmp_path / "var") as client:
        assert not stale.parent.exists()
        assert _sees(client, 99) is False
    assert list((tmp_path / "var" / "snapshots").iterdir()) == []  # and its own at shutdown
