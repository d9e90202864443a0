"""What OLS4's v1 API would see in alignkg: one ontology, three sections of entities, and
the relations between them.

OLS (the EBI Ontology Lookup Service) keeps its entities in three sections, and so does
this view: ``terms`` are the classes, ``individuals`` the named individuals (the framings,
among others), ``properties`` the declared properties. ``ols_json`` writes them in OLS's
JSON; ``ols_search`` answers OLS's search.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pyoxigraph as ox

from ontology.terms.hierarchy import ancestors, children, descendants, parents
from ontology.terms.index import TermIndex, node_key
from ontology.terms.term import Term
from ontology.vocab import (
    BASE,
    OWL,
    RDF_TYPE,
    RDFS,
    RDFS_COMMENT,
    SKOS_ALT,
    SKOS_DEF,
    CurieError,
    ak_iri,
    expand,
    local_name,
    shorten,
)

#: The one ontology this service holds, under the id OLS clients ask for.
ONTOLOGY_ID = "alignkg"
PREFIX = "ak"
SECTIONS = ("terms", "individuals", "properties")
PROPERTY_TYPES = frozenset(
    OWL + kind for kind in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")
)

Walk = Callable[[TermIndex, Term], list[dict[str, str]]]
#: OLS's ``hierarchical*`` walks add the part-of-like relations an ontology's OLS
#: configuration names; alignkg names none, so they are the is-a walks.
_TERM_WALKS: dict[str, Walk] = {
    "parents": parents,
    "children": children,
    "ancestors": ancestors,
    "descendants": descendants,
}
RELATIONS: dict[str, dict[str, Walk]] = {
    "terms": {
        **_TERM_WALKS,
        **{"hierarchical" + k.title(): walk for k, walk in _TERM_WALKS.items()},
    },
    "individuals": {"types": parents, "alltypes": ancestors},
    "properties": {},
}


def entities(index: TermIndex, section: str) -> list[Term]:
    """The section's entities in label order."""

    def build() -> list[Term]:
        if section == "properties":
            found = list(_properties(index).values())
        else:
            wanted = section == "individuals"
            found = [t for t in index.terms.values() if t.individual == wanted]
        return sorted(found, key=lambda t: (t.label.lower(), t.iri))

    return index.remember(("ols-entities", section), build, ontology_only=True)  # type: ignore[no-any-return]


def find_entity(index: TermIndex, section: str, identifier: str) -> Term | None:
    """The section's entity with this IRI, CURIE or short form (OLS's three ids); else None."""
    by_iri = {t.iri: t for t in entities(index, section)}
    candidates = [identifier, ak_iri(identifier)]
    with contextlib.suppress(CurieError):
        candidates.insert(1, expand(identifier))
    return next((by_iri[c] for c in candidates if c in by_iri), None)


def relatives(index: TermIndex, section: str, entity: Term, relation: str) -> list[Term]:
    """The entities ``relation`` reaches from ``entity``, kept to what OLS would list.

    A class's walks list classes only: OLS keeps a class's individuals in their own section.
    """
    found = [index.terms[ref["iri"]] for ref in RELATIONS[section][relation](index, entity)]
    return [t for t in found if not t.individual]


def _properties(index: TermIndex) -> dict[str, Term]:
    """Every declared property of the ontology graph, as a term-shaped record."""

    def build() -> dict[str, Term]:
        found: dict[str, Term] = {}
        for iri, triples in index.by_subject.items():
            types = set(_values(triples, RDF_TYPE))
            if not types & PROPERTY_TYPES:
                continue
            found[iri] = Term(
                iri=iri,
                curie=shorten(iri),
                label=index.labels.get(iri, local_name(iri)),
                alt_labels=_values(triples, SKOS_ALT),
                definition=next(
                    iter(_values(triples, SKOS_DEF) + _values(triples, RDFS_COMMENT)), None
                ),
                types=sorted(shorten(t) for t in types),
                parents=_values(triples, RDFS + "subPropertyOf"),
            )
        for prop in found.values():
            prop.parents = [p for p in prop.parents if p in found]
            for parent in prop.parents:
                found[parent].children.append(prop.iri)
        return found

    return index.remember(("ols-properties",), build, ontology_only=True)  # type: ignore[no-any-return]


def _values(triples: list[ox.Triple], predicate: str) -> list[str]:
    return [str(node_key(t.object)) for t in triples if t.predicate.value == predicate]


def ontology_header(index: TermIndex) -> tuple[str, dict[str, list[str]]]:
    """The IRI of the ``owl:Ontology`` header, and its values by predicate."""

    def build() -> tuple[str, dict[str, list[str]]]:
        for iri, triples in index.by_subject.items():
            if any(
                t.predicate.value == RDF_TYPE and node_key(t.object) == OWL + "Ontology"
                for t in triples
            ):
                values: dict[str, list[str]] = {}
                for t in triples:
                    values.setdefault(t.predicate.value, []).append(str(node_key(t.object)))
                return iri, values
        return BASE + "ontology", {}

    return index.remember(("ols-header",), build, ontology_only=True)  # type: ignore[no-any-return]
