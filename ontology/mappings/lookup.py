"""Questions about the mappings: which of our terms match an outside concept, and what a
term matches.

``terms_mapped_to`` answers ``GET /terms?mapped_to=``: it asks the store's mappings graph,
so it says what SPARQL says. A target may be given as a full IRI, as a CURIE with a prefix
of the mapping files (``mit-ai-risk-repository:mit-ai-risk-subdomain-7.1``), with the
prefix ai-atlas-nexus writes the MIT causal taxonomy with, or as the bare identifier that
ai-atlas-nexus uses (``mit-ai-risk-subdomain-7.1``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from ontology.mappings.catalogue import MATCH_PREDICATES, mapping_sets, merged_curie_map
from ontology.mappings.sssom_tsv import Mapping, MappingSet
from ontology.mappings.triples import expand_curie
from ontology.store import Store
from ontology.vocab import (
    MAPPINGS_GRAPH,
    ONTOLOGY_GRAPH,
    OWL,
    RDFS_COMMENT,
    SKOS_PREF,
    CurieError,
    shorten,
)

#: Prefixes other mapping sets use for the same identifiers: ai-atlas-nexus's own SSSOM
#: files write the MIT causal taxonomy as ``mit-ai-risk-repository-causal:`` without
#: declaring it; ours cannot bind a second prefix to the same namespace.
PREFIX_ALIASES = {"mit-ai-risk-repository-causal": "mit-ai-risk-repository"}
#: The predicates by which our term is the target or a kind of it ("refines" it): a
#: ``predicates`` filter for ``terms_mapped_to`` that leaves out ``relatedMatch`` and
#: ``narrowMatch`` (our term broader than the target).
REFINES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch")
#: How the page words each predicate, read "this term <words> that concept".
RELATION_WORDS = {
    "skos:exactMatch": "is the same concept as",
    "skos:closeMatch": "is close to",
    "skos:broadMatch": "falls under",
    "skos:narrowMatch": "covers",
    "skos:relatedMatch": "is related to",
}


class IndexedStore(Protocol):
    """A term index (``ontology.terms.index.TermIndex``): its store and its memo."""

    @property
    def store(self) -> Store: ...

    def remember(
        self, key: tuple[str, ...], compute: Callable[[], Any], *, ontology_only: bool = False
    ) -> Any: ...


@dataclass(frozen=True)
class TermMatch:
    """One of our terms matched to the target: which term, how, and why."""

    iri: str
    curie: str
    label: str
    predicate: str
    target: str
    comment: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "iri": self.iri,
            "curie": self.curie,
            "label": self.label,
            "predicate": self.predicate,
            "target": self.target,
            "comment": self.comment,
        }


@cache
def _object_curies() -> dict[str, str]:
    """Every mapped object's IRI -> its CURIE as the files write it."""
    found = {}
    for mapping_set in mapping_sets():
        for mapping in mapping_set.mappings:
            iri = expand_curie(mapping.object_id, mapping_set.curie_map)
            found[iri] = mapping.object_id
    return found


def resolve_target(target: str) -> str | None:
    """The IRI of the mapped concept ``target`` names, or None if no mapping has it."""
    target = target.strip()
    objects = _object_curies()
    if "://" in target:
        return target if target in objects else None
    prefix, sep, local = target.partition(":")
    if sep:
        curie = f"{PREFIX_ALIASES.get(prefix, prefix)}:{local}"
        try:
            iri = expand_curie(curie, merged_curie_map(mapping_sets()))
        except CurieError:
            return None
        return iri if iri in objects else None
    bare = [iri for iri, curie in objects.items() if curie.partition(":")[2] == target]
    return bare[0] if len(bare) == 1 else None


def _query(target: str) -> str:
    predicates = ", ".join(
        f"<{expand_curie(p, merged_curie_map(mapping_sets()))}>" for p in MATCH_PREDICATES
    )
    return (
        "SELECT ?term ?predicate (SAMPLE(?name) AS ?label) (SAMPLE(?note) AS ?comment) WHERE {"
        f" GRAPH <{MAPPINGS_GRAPH}> {{ ?term ?predicate <{target}>"
        f" FILTER(?predicate IN ({predicates}))"
        f" OPTIONAL {{ ?axiom <{OWL}annotatedSource> ?term ; <{OWL}annotatedProperty> ?predicate ;"
        f" <{OWL}annotatedTarget> <{target}> ; <{RDFS_COMMENT}> ?note }} }}"
        f" OPTIONAL {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?term <{SKOS_PREF}> ?name }} }}"
        "} GROUP BY ?term ?predicate"
    )


def _matches(store: Store, target: str) -> list[TermMatch]:
    found = []
    for row in store.query(_query(target)):  # type: ignore[attr-defined]
        iri, predicate = row["term"].value, shorten(row["predicate"].value)
        label = row["label"].value if row["label"] is not None else shorten(iri)
        comment = row["comment"].value if row["comment"] is not None else None
        found.append(TermMatch(iri, shorten(iri), label, predicate, target, comment))
    rank = {p: n for n, p in enumerate(MATCH_PREDICATES)}
    return sorted(found, key=lambda m: (rank.get(m.predicate, 99), m.label.lower(), m.iri))


def terms_mapped_to(
    index_or_store: Store | IndexedStore,
    target: str,
    *,
    predicates: Collection[str] | None = None,
) -> list[TermMatch]:
    """Our terms with a mapping to ``target`` (IRI, CURIE or bare id), strongest match first.

    ``predicates`` keeps only those matches (CURIEs such as ``skos:broadMatch``); by
    default all five. An unknown target has no terms. Given a term index, the answer is
    kept for as long as the index (one store version).
    """
    iri = resolve_target(target)
    if iri is None:
        return []
    if hasattr(index_or_store, "remember"):
        indexed: IndexedStore = index_or_store  # type: ignore[assignment]
        found = indexed.remember(("mapped_to", iri), lambda: _matches(indexed.store, iri))
    else:
        found = _matches(index_or_store, iri)  # type: ignore[arg-type]
    return [m for m in found if predicates is None or m.predicate in predicates]


def _record(mapping_set: MappingSet, mapping: Mapping) -> dict[str, Any]:
    curie_map = mapping_set.curie_map
    return {
        "predicate": mapping.predicate_id,
        "relation": RELATION_WORDS.get(mapping.predicate_id, mapping.predicate_id),
        "object": {
            "iri": expand_curie(mapping.object_id, curie_map),
            "curie": mapping.object_id,
            "label": mapping.get("object_label") or mapping.object_id,
        },
        "mapping_set": {"id": mapping_set.mapping_set_id, "title": mapping_set.title},
        "justification": mapping.get("mapping_justification") or None,
        "authors": mapping.values("author_label") or mapping.values("author_id"),
        "date": mapping.get("mapping_date") or mapping_set.metadata.get("mapping_date"),
        "comment": mapping.get("comment") or None,
        "see_also": next(iter(mapping.values("see_also")), None),
    }


@cache
def _mappings_by_term() -> dict[str, tuple[tuple[MappingSet, Mapping], ...]]:
    """Each mapped term's IRI -> its mappings (with their sets), in the page's order."""
    found: dict[str, list[tuple[MappingSet, Mapping]]] = defaultdict(list)
    for mapping_set in mapping_sets():
        for mapping in mapping_set.mappings:
            subject = expand_curie(mapping.subject_id, mapping_set.curie_map)
            found[subject].append((mapping_set, mapping))
    rank = {p: n for n, p in enumerate(MATCH_PREDICATES)}

    def order(pair: tuple[MappingSet, Mapping]) -> tuple[str, int, str]:
        mapping_set, mapping = pair
        label = mapping.get("object_label") or mapping.object_id
        return (mapping_set.title, rank.get(mapping.predicate_id, 99), label.lower())

    return {term: tuple(sorted(pairs, key=order)) for term, pairs in found.items()}


def term_mappings(term_iri: str) -> list[dict[str, Any]]:
    """What a term is mapped to, as records for its JSON and its page."""
    return [_record(s, m) for s, m in _mappings_by_term().get(term_iri, ())]
