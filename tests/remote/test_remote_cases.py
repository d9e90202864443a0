"""Submitting and deleting cases over the remote adapter: IRIs checked, quads removed by value.

The API tests are the embedded store's own, imported so that they run against Virtuoso.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ontology.store.remote import RemoteStore
from ontology.vocab import USER_GRAPH_PREFIX
from tests.api.test_api_cases import (
    test_deleting_a_case_removes_exactly_its_triples,
    test_source_url_that_is_no_iri_is_422_naming_it_and_stores_nothing,
)

__all__ = [
    "test_deleting_a_case_removes_exactly_its_triples",
    "test_source_url_that_is_no_iri_is_422_naming_it_and_stores_nothing",
]


def test_remove_quads_removes_exactly_those_whatever_their_literals(store: RemoteStore) -> None:
    graph = f"{USER_GRAPH_PREFIX}remove-quads"
    g, s, p = ox.NamedNode(graph), ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    objects = [
        ox.Literal('a "quoted"\nline } . <urn:x>', language="en"),
        ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        ox.Literal("2019", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
        ox.NamedNode("https://example.org/é?q=1#s"),
    ]
    kept = ox.Quad(s, p, ox.Literal("kept"), g)
    store.add_quads([kept, *(ox.Quad(s, p, o, g) for o in objects)])
    version = store.version
    store.remove_quads([q for q in store.quads(graph) if q != kept])
    assert list(store.quads(graph)) == [kept]
    assert store.version != version
    with pytest.raises(ValueError, match="blank nodes"):
        store.remove_quads([ox.Quad(s, p, ox.BlankNode(), g)])
    store.remove_graph(graph)
