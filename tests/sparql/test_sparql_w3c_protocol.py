"""The 34 tests of the W3C SPARQL 1.1 Protocol manifest, driven against the app.

The manifest is read as data; ``/sparql/`` paths go to ``/sparql``, dataset set-up
(``ut:graphData``) is a Graph Store Protocol PUT to ``/service``. Every request carries
the write key, as an authorised client would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sparql_w3c_manifest import ProtocolRequest, ProtocolTest, load_manifest, suite_dir

from service.app import create_app
from service.settings import Settings

KEY = "w3c-suite-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"},
}


#: The suite ships in tests/sparql/w3c: a missing folder fails collection, never skips.
TESTS = load_manifest(suite_dir())


@pytest.fixture(scope="module")
def w3c_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("w3c"), api_key=KEY)  # type: ignore[arg-type]
    with TestClient(create_app(settings)) as client:
        yield client


def _boolean(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media == "application/sparql-results+json":
        return bool(json.loads(response.text)["boolean"])
    match = re.search(r"<boolean>\s*(true|false)\s*</boolean>", response.text)
    assert match, response.text
    return match[1] == "true"


def _send(client: TestClient, request: ProtocolRequest) -> httpx.Response:
    assert request.path.startswith("/sparql/"), request.path
    path = "/sparql" + request.path.removeprefix("/sparql/")
    return client.request(
        request.method, path, content=request.body, headers={**request.headers, **AUTH}
    )


def _check(response: httpx.Response, request: ProtocolRequest) -> None:
    assert response.status_code // 100 in request.status_classes, (
        f"{request.method} {request.path} -> {response.status_code}: {response.text[:300]}"
    )
    if request.expected_format is not None:
        media = response.headers["content-type"].split(";")[0]
        assert media in FORMATS[request.expected_format], media
    if request.expected_boolean is not None:
        assert _boolean(response) is request.expected_boolean


def test_the_local_manifest_has_34_entries() -> None:
    """The suite the issue names: 34 protocol tests."""
    assert len(load_manifest(suite_dir())) == 34


@pytest.mark.parametrize("case", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(w3c_client: TestClient, case: ProtocolTest) -> None:
    """One manifest entry: set up its graphs through /service, then run its requests."""
    for data_file, graph in case.graph_data:
        put = w3c_client.put(
            "/service",
            params={"graph": graph},
            content=Path(data_file).read_bytes(),
            headers={"Content-Type": "application/n-triples", **AUTH},
        )
        assert put.status_code in (201, 204), put.text
    for request in case.requests:
        _check(_send(w3c_client, request), request)
