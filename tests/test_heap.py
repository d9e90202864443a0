"""Start-up leaves the lookup indexes built and out of the cycle collector's view
(``service/heap.py``), and shutdown gives them back so a process that builds many
apps can free them."""

import gc

from fastapi.testclient import TestClient

from ontology.terms.index import term_index
from service.app import create_app
from service.settings import Settings


def test_start_up_builds_the_indexes_and_freezes_them_shutdown_thaws(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        index = term_index(client.app.state.store)  # type: ignore[attr-defined]
        assert ("search-entries",) in index.memo  # built before the first request
        assert gc.get_freeze_count() > 10_000
        # gc.get_objects() lists the generations the collector scans, not the frozen one.
        assert not any(obj is index.terms for obj in gc.get_objects())
        assert client.get("/search", params={"q": "mesa"}).status_code == 200
    assert gc.get_freeze_count() == 0
    assert any(obj is index.terms for obj in gc.get_objects())
