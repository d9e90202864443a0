"""Whole-ontology views: the term list by kind, framings side by side, and counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ontology.cases.book import case_book
from ontology.mappings.lookup import resolve_target, terms_mapped_to
from ontology.store import Store
from ontology.terms.describe import citation, definition_sources
from ontology.terms.index import TermIndex, node_key
from ontology.vocab import (
    AK_DEFINITION_TEXT,
    AK_FRAMING,
    AK_FRAMING_CLASS,
    AK_HAS_DEFINITION,
    CASES_GRAPH,
    DC_SOURCE,
    ONTOLOGY_GRAPH,
    OWL_VERSION_IRI,
    SUBMITTED_GRAPH,
)


class UnknownTarget(ValueError):
    """A ``mapped_to`` target that no mapping set knows."""


def list_terms(
    index: TermIndex,
    *,
    kind: str | None = None,
    offset: int = 0,
    limit: int = 50,
    mapped_to: str | None = None,
) -> dict[str, Any]:
    """One page of terms in label order, optionally only those of one kind.

    With ``mapped_to`` (an outside concept's IRI, CURIE or bare id), only our terms mapped
    to it, strongest match first, each with its ``match`` (predicate and comment).
    """
    terms = sorted(index.terms.values(), key=lambda t: t.label.lower())
    counts = Counter(k for t in terms for k in t.kinds)
    if kind is not None:
        terms = [t for t in terms if kind in t.kinds]
    matches: dict[str, dict[str, Any]] = {}
    target = resolve_target(mapped_to) if mapped_to is not None else None
    if mapped_to is not None:
        if target is None:
            raise UnknownTarget(f"no mapping set knows {mapped_to!r}; GET /mappings lists them")
        for match in terms_mapped_to(index, mapped_to):
            matches.setdefault(
                match.iri,
                {"predicate": match.predicate, "target": match.target, "comment": match.comment},
            )
        by_iri = {t.iri: t for t in terms}
        terms = [by_iri[iri] for iri in matches if iri in by_iri]
    items = [
        {**t.ref(), "kind": t.kind, "definition": t.definition}
        | ({"match": matches[t.iri]} if t.iri in matches else {})
        for t in terms[offset : offset + limit]
    ]
    return {
        "total": len(terms),
        "offset": offset,
        "limit": limit,
        "kind": kind,
        "mapped_to": target,
        "kinds": dict(sorted(counts.items())),
        "items": items,
    }


def _framing_definitions(index: TermIndex) -> dict[str, list[dict[str, Any]]]:
    """Framing IRI -> the per-framing definitions of terms that framing gives."""
    by_framing: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for term in index.terms.values():
        for node in index.objects(term.iri, AK_HAS_DEFINITION):
            key = node_key(node)
            texts = index.objects(key, AK_DEFINITION_TEXT)
            framings = index.objects(key, AK_FRAMING)
            if not texts or not framings:
                continue
            sources = [str(node_key(s)) for s in index.objects(key, DC_SOURCE)]
            by_framing[str(node_key(framings[0]))].append(
                {
                    "term": term.ref(),
                    "text": str(node_key(texts[0])),
                    **definition_sources(index, sources),
                }
            )
    return by_framing


def framings_overview(index: TermIndex) -> dict[str, Any]:
    """Every framing with its definitions, and the contested terms defined side by side."""
    by_framing = _framing_definitions(index)
    framings = [
        t
        for t in index.terms.values()
        if AK_FRAMING_CLASS in {index.terms[p].iri for p in t.parents} and t.individual
    ]
    framings.sort(key=lambda t: t.curie)
    contested: dict[str, dict[str, Any]] = {}
    for framing in framings:
        for entry in by_framing.get(framing.iri, []):
            row = contested.setdefault(
                entry["term"]["curie"], {"term": entry["term"], "by_framing": {}}
            )
            # A framing may define a term more than once (two papers of one school).
            given = {k: entry[k] for k in ("text", "source", "sources")}
            row["by_framing"].setdefault(framing.curie, []).append(given)
    sources = lambda t: [citation(index, str(node_key(s))) for s in index.objects(t.iri, DC_SOURCE)]  # noqa: E731
    return {
        "framings": [
            {
                **f.ref(),
                "alt_labels": f.alt_labels,
                "definition": f.definition,
                "sources": sources(f),
                "definitions": sorted(by_framing.get(f.iri, []), key=lambda d: d["term"]["label"]),
            }
            for f in framings
        ],
        "contested_terms": sorted(contested.values(), key=lambda r: r["term"]["label"].lower()),
    }


def stats(store: Store, index: TermIndex) -> dict[str, Any]:
    """Counts of terms (by kind), cases and triples, and the ontology's version."""

    def triples() -> dict[str, int]:
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        rows = store.query(query)
        return {row["g"].value: int(row["n"].value) for row in rows}  # type: ignore[attr-defined]

    per_graph: dict[str, int] = index.remember(("triple-counts",), triples)
    cases = case_book(store).cases.values()
    versions = [
        str(node_key(t.object))
        for group in index.by_subject.values()
        for t in group
        if t.predicate.value == OWL_VERSION_IRI
    ]
    return {
        "terms": len(index.terms),
        "kinds": dict(sorted(Counter(t.kind for t in index.terms.values()).items())),
        "cases": {
            "documented": sum(not c["submitted"] for c in cases),
            "submitted": sum(c["submitted"] for c in cases),
        },
        "triples": {
            "total": sum(per_graph.values()),
            "ontology": per_graph.get(str(ONTOLOGY_GRAPH), 0),
            "cases": per_graph.get(str(CASES_GRAPH), 0),
            "submitted": per_graph.get(str(SUBMITTED_GRAPH), 0),
            "by_graph": per_graph,
        },
        "ontology_version": versions[0] if versions else None,
        "store_version": store.version,
    }
