"""The wire helpers of the remote adapter, without a server: auth schemes, forms, errors."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from ontology.store.batches import blank_node_batches
from ontology.store.wire import ChallengeAuth, RemoteStoreError, check_answer, query_form


def _server(scheme: str, seen: list[str | None]) -> httpx.MockTransport:
    """A server that challenges with ``scheme`` and accepts any credentials in that scheme."""

    def handle(request: httpx.Request) -> httpx.Response:
        given = request.headers.get("authorization")
        seen.append(given)
        if given and given.lower().startswith(scheme):
            return httpx.Response(200, text="ok")
        challenge = 'Basic realm="r"' if scheme == "basic" else 'Digest realm="r", nonce="n1"'
        return httpx.Response(401, headers={"WWW-Authenticate": challenge})

    return httpx.MockTransport(handle)


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_credentials_follow_the_scheme_the_server_asks_for(scheme: str) -> None:
    seen: list[str | None] = []
    auth = ChallengeAuth("dba", "secret")
    with httpx.Client(transport=_server(scheme, seen), auth=auth) as client:
        assert client.post("http://store/sparql", content=b"x").status_code == 200
        assert client.post("http://store/sparql", content=b"y").status_code == 200
    assert seen[0] is None  # the first request goes out bare, to learn the scheme
    assert seen[-1] is not None and seen[-1].lower().startswith(scheme)


def test_update_forms_and_prologues_do_not_hide_the_query_form() -> None:
    assert query_form("# SELECT in a comment\nPREFIX a: <http://x/#> DESCRIBE <http://x/>") == (
        "DESCRIBE"
    )
    assert query_form("  select * {}") == "SELECT"


def test_a_partial_answer_is_an_error_not_data() -> None:
    partial = httpx.Response(200, headers={"X-SQL-State": "S1TAT", "X-SQL-Message": "timeout"})
    with pytest.raises(RemoteStoreError, match="only in part"):
        check_answer(partial, operation="query")


def test_syntax_errors_and_refusals_raise_different_types() -> None:
    with pytest.raises(SyntaxError):
        check_answer(httpx.Response(400, text="Virtuoso 37000 Error SP030: syntax"), operation="q")
    with pytest.raises(RemoteStoreError, match="403"):
        check_answer(httpx.Response(403, text="no"), operation="update")


def test_batches_never_split_a_blank_node_and_stay_near_the_size() -> None:
    graph, blank = ox.NamedNode("urn:g"), ox.BlankNode()
    linked = [
        ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), blank, graph) for i in range(5)
    ]
    plain = [
        ox.Quad(ox.NamedNode(f"urn:t{i}"), ox.NamedNode("urn:p"), ox.Literal(i), graph)
        for i in range(7)
    ]
    batches = blank_node_batches(plain[:3] + linked + plain[3:], size=4)
    holding = [b for b in batches if any(isinstance(t.object, ox.BlankNode) for t in b["urn:g"])]
    assert len(holding) == 1 and len(holding[0]["urn:g"]) == 5
    assert sum(len(b["urn:g"]) for b in batches) == 12
    assert all(len(b["urn:g"]) <= 4 for b in batches if b not in holding)
