"""A small fixed ontology and cases for the explorer's unit tests, independent of the real
content: the ontology in the ontology graph (where the term index reads it), the cases in
the cases graph (where the case book reads them)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from ontology.store import EmbeddedStore
from ontology.vocab import CASES_GRAPH, ONTOLOGY_GRAPH
from visualizations.graph import build_graph

FIXTURE = Path(__file__).with_name("explorer_fixture.ttl")
CASES = Path(__file__).with_name("explorer_cases.ttl")


@pytest.fixture
def fixture_store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.replace_graph(str(ONTOLOGY_GRAPH), FIXTURE.read_bytes(), fmt=ox.RdfFormat.TURTLE)
    store.replace_graph(str(CASES_GRAPH), CASES.read_bytes(), fmt=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture
def fixture_graph(fixture_store: EmbeddedStore) -> nx.MultiDiGraph:
    return build_graph(fixture_store)
