"""Search in the shape of OLS4's ``/api/search``: a Solr response over alignkg's one search.

The ranking is ``ontology.terms.search``'s; this module only narrows its hits as OLS's
parameters ask (ontology, type, exact, query fields, children of a term) and lays them
out as Solr does, ``responseHeader`` and ``response.docs``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ontology.terms.hierarchy import descendants
from ontology.terms.index import TermIndex
from ontology.terms.ols import ONTOLOGY_ID, PREFIX
from ontology.terms.search import TIERS, search
from ontology.terms.term import Term
from ontology.vocab import local_name

#: The ``type`` values OLS knows; a search here finds classes and individuals.
ENTITY_TYPES = ("class", "individual", "property", "ontology")
#: The match tiers of our search that each OLS query field stands for. A label word
#: (``word-prefix``) may be a word of a label or of a synonym, so it counts for both.
QUERY_FIELDS: dict[str, frozenset[str]] = {
    "label": frozenset({"exact-label", "label-prefix", "word-prefix"}),
    "synonym": frozenset({"exact-alt-label", "alt-label-prefix", "word-prefix"}),
    "description": frozenset({"definition"}),
}
#: ``exact=true``: the whole query is a label or a synonym.
EXACT_TIERS = frozenset({"exact-label", "exact-alt-label"})


@dataclass(frozen=True)
class OlsQuery:
    """OLS's search parameters, read; empty tuples mean "no restriction"."""

    q: str
    start: int = 0
    rows: int = 10
    ontologies: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    exact: bool = False
    query_fields: tuple[str, ...] = ()
    field_list: tuple[str, ...] = ()
    children_of: tuple[str, ...] = ()
    all_children_of: tuple[str, ...] = ()


def ols_search(index: TermIndex, query: OlsQuery, *, params: dict[str, str]) -> dict[str, Any]:
    """The hits of ``query`` as a Solr select response; ``params`` are echoed in its header."""
    began = time.perf_counter()
    hits = _matching(index, query)
    docs = [_doc(term) for term in hits[query.start : query.start + query.rows]]
    if query.field_list:
        docs = [{k: v for k, v in doc.items() if k in query.field_list} for doc in docs]
    return {
        "responseHeader": {
            "status": 0,
            "QTime": round((time.perf_counter() - began) * 1000),
            "params": params,
        },
        "response": {"numFound": len(hits), "start": query.start, "docs": docs},
    }


def _matching(index: TermIndex, query: OlsQuery) -> list[Term]:
    """Every hit the query keeps, best first."""
    if query.ontologies and ONTOLOGY_ID not in {o.lower() for o in query.ontologies}:
        return []
    tiers = frozenset(TIERS)
    if query.exact:
        tiers &= EXACT_TIERS
    if query.query_fields:
        tiers &= frozenset().union(*(QUERY_FIELDS[f] for f in query.query_fields))
    under = _under(index, query)
    ranked = search(index, query.q, limit=len(index.terms))["results"]
    terms = [index.terms[hit["iri"]] for hit in ranked if hit["match"] in tiers]
    return [
        t
        for t in terms
        if (not query.types or _type(t) in query.types) and (under is None or t.iri in under)
    ]


def _under(index: TermIndex, query: OlsQuery) -> set[str] | None:
    """IRIs below the ``childrenOf`` / ``allChildrenOf`` terms; None when neither is asked."""
    if not query.children_of and not query.all_children_of:
        return None
    found: set[str] = set()
    for iri in query.children_of:
        if iri in index.terms:
            found.update(index.terms[iri].children)
    for iri in query.all_children_of:
        if iri in index.terms:
            found.update(ref["iri"] for ref in descendants(index, index.terms[iri]))
    return found


def _type(term: Term) -> str:
    return "individual" if term.individual else "class"


def _doc(term: Term) -> dict[str, Any]:
    return {
        "id": f"{ONTOLOGY_ID}:{_type(term)}:{term.iri}",
        "iri": term.iri,
        "short_form": local_name(term.iri),
        "obo_id": term.curie,
        "label": term.label,
        "description": [term.definition] if term.definition else [],
        "synonym": term.alt_labels,
        "ontology_name": ONTOLOGY_ID,
        "ontology_prefix": PREFIX,
        "type": _type(term),
        "is_defining_ontology": True,
    }
