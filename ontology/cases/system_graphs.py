"""Loading alignkg's own graphs into a store.

The ontology, the documented cases and the SSSOM mappings (``ontology/mappings``) are
system graphs: reloaded from their source files at every start, so an edit to
``alignment.ttl``, ``data/`` or a mapping file shows on restart, while user graphs
(submitted cases, Graph Store uploads) are left as they are.
"""

from __future__ import annotations

import pyoxigraph as ox

from ontology.cases.documented import documented_case_triples
from ontology.files import ONTOLOGY_FILE
from ontology.mappings.catalogue import mapping_sets
from ontology.mappings.triples import graph_triples
from ontology.store import Store
from ontology.vocab import CASES_GRAPH, MAPPINGS_GRAPH, ONTOLOGY_GRAPH


def load_system_graphs(store: Store) -> None:
    """(Re)load the ontology, documented-case and mappings graphs from their source files."""
    store.replace_graph(str(ONTOLOGY_GRAPH), ONTOLOGY_FILE.read_bytes(), fmt=ox.RdfFormat.TURTLE)
    store.replace_graph_triples(str(CASES_GRAPH), documented_case_triples())
    store.replace_graph_triples(str(MAPPINGS_GRAPH), graph_triples(mapping_sets()))
