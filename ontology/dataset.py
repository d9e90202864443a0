"""Where alignkg's own files are, and loading them into a store as named graphs.

The ontology and the documented cases are system graphs: reloaded from their source
files at every start, so an edit to ``alignment.ttl`` or ``data/`` shows on restart,
while user graphs (submitted cases, Graph Store uploads) are left as they are.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .namespaces import CASES_GRAPH, ONTOLOGY_GRAPH
from .store import Store

ONTOLOGY_FILE = Path(__file__).with_name("alignment.ttl")
SHAPES_FILE = Path(__file__).with_name("shapes.ttl")
CHECKS_DIR = Path(__file__).with_name("checks")
#: ``data/`` sits beside the packages in the repository (the install is editable).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load_system_graphs(store: Store) -> None:
    """(Re)load the ontology and documented-case graphs from their source files."""
    from .cases import documented_cases_graph  # cases classify with the ontology's rules

    store.replace_graph(str(ONTOLOGY_GRAPH), ONTOLOGY_FILE.read_bytes(), fmt=ox.RdfFormat.TURTLE)
    cases = documented_cases_graph().serialize(format="nt", encoding="utf-8")
    store.replace_graph(str(CASES_GRAPH), cases, fmt=ox.RdfFormat.N_TRIPLES)
