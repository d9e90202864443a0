"""Loading alignkg's own graphs into a store.

The ontology and the documented cases are system graphs: reloaded from their source
files at every start, so an edit to ``alignment.ttl`` or ``data/`` shows on restart,
while user graphs (submitted cases, Graph Store uploads) are left as they are.
"""

from __future__ import annotations

import pyoxigraph as ox

from ontology.cases.documented import documented_case_triples
from ontology.files import ONTOLOGY_FILE
from ontology.store import Store
from ontology.vocab import CASES_GRAPH, ONTOLOGY_GRAPH


def load_system_graphs(store: Store) -> None:
    """(Re)load the ontology and documented-case graphs from their source files."""
    store.replace_graph(str(ONTOLOGY_GRAPH), ONTOLOGY_FILE.read_bytes(), fmt=ox.RdfFormat.TURTLE)
    store.replace_graph_triples(str(CASES_GRAPH), documented_case_triples())
