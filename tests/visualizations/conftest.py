"""A small fixed ontology for the explorer's unit tests, independent of the real content."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from ontology.store import EmbeddedStore
from ontology.vocab import ONTOLOGY_GRAPH
from visualizations.graph import build_graph

FIXTURE = Path(__file__).with_name("explorer_fixture.ttl")


@pytest.fixture
def fixture_store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.replace_graph(str(ONTOLOGY_GRAPH), FIXTURE.read_bytes(), fmt=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture
def fixture_graph(fixture_store: EmbeddedStore) -> nx.MultiDiGraph:
    return build_graph(fixture_store)
