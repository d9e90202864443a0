"""Start-up heap: build the lookup indexes, then hide them from the cycle collector.

The term index, the search keys and the loaded ontology are some 120,000 Python
objects that live as long as the process. Left in the collector's oldest generation,
every full collection walks all of them: 70-90 ms on this machine, a pause every
request in flight waits out, which is what set the p99 of ``GET /search`` at three
times the bare endpoint's (``bench/rest.py``). ``gc.freeze()`` moves them to a
generation the collector never scans; the same full collection then takes under 1 ms.
"""

from __future__ import annotations

import gc

from ontology.store import EmbeddedStore, Store
from ontology.terms.index import term_index
from ontology.terms.search import search


def settle_heap(store: Store) -> int:
    """Build what every lookup needs, collect start-up garbage, freeze the rest.

    Returns how many objects were frozen. A remote store is not read here: start-up
    must not wait on (or fail with) a server that may still be coming up.
    """
    if isinstance(store, EmbeddedStore):
        index = term_index(store)
        search(index, "alignment", limit=1)  # builds the search keys of every term
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def release_heap() -> None:
    """Undo ``settle_heap`` at shutdown: frozen objects are never freed if they form
    cycles, and a process that builds many apps (the test suite) would keep every one."""
    gc.unfreeze()
