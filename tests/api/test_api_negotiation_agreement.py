"""One Accept header, one answer: ``GET /ontology`` and a SPARQL CONSTRUCT pick the same RDF format.

Both offer exactly Turtle, JSON-LD, RDF/XML and N-Triples, in that order, so for any header
built from the RDF media types, their aliases and wildcards they must choose the same media
type, or both answer 406. (``application/json`` is left out: ``/ontology`` reads it as
JSON-LD, a rule of that route and not of negotiation.)
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"
HEADERS = [
    "text/turtle;q=1.5, application/n-triples",
    "text/turtle, application/n-triples;q=1.5",
    "application/n-triples;q=0.5, text/turtle;q=0.5",
    "*/*",
    "text/*",
    "application/*",
    "application/rdf+xml;q=0, */*",
    "application/xml",
    "text/plain",
    "text/*;q=0.5, text/plain",
    "image/png",
    "text/turtle;q=0, application/n-triples;q=0",
]
#: The RDF media types, the aliases either route might read, wildcards and one unoffered type.
ALPHABET = [
    "text/turtle",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-triples",
    "application/x-turtle",
    "application/xml",
    "text/xml",
    "text/plain",
    "*/*",
    "text/*",
    "application/*",
    "image/png",
]
Q_VALUES = [None, "0", "0.3", "0.5", "1", "1.5", "-1"]
accept_range = st.tuples(st.sampled_from(ALPHABET), st.sampled_from(Q_VALUES)).map(
    lambda mq: mq[0] if mq[1] is None else f"{mq[0]};q={mq[1]}"
)
accept_header = st.lists(accept_range, min_size=1, max_size=4).map(", ".join)


def _answer(client: TestClient, path: str, accept: str, **params: str) -> str:
    """The media type answered, or ``"406"``."""
    response = client.get(path, params=params, headers={"Accept": accept})
    if response.status_code == 406:
        return "406"
    assert response.status_code == 200, response.text
    return response.headers["content-type"].split(";")[0].strip()


def _assert_agree(client: TestClient, accept: str) -> None:
    rest = _answer(client, "/ontology", accept)
    sparql = _answer(client, "/sparql", accept, query=CONSTRUCT)
    assert rest == sparql, f"Accept: {accept}: /ontology says {rest}, /sparql says {sparql}"


@pytest.mark.parametrize("accept", HEADERS)
def test_rest_and_sparql_choose_the_same_rdf_format(client: TestClient, accept: str) -> None:
    _assert_agree(client, accept)


@given(accept_header)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_rest_and_sparql_agree_on_any_header(client: TestClient, accept: str) -> None:
    """The client is only read from, so sharing it between examples is safe."""
    _assert_agree(client, accept)
