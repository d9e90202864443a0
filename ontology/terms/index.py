"""Terms of the ontology: an in-memory index over the store, and one term's record.

The store is the source of truth; this index is a read-mostly copy of what lookups need
(labels, definitions, hierarchy, edges), rebuilt whenever ``store.version`` changes. A
term lookup is then a dict access, which keeps ``GET /terms/{id}`` near the speed of a
bare endpoint. Terms are the ontology's named classes and individuals under ``ak:``.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from ontology.store import Store
from ontology.terms.edges import Edge, disputed_edges, term_edges
from ontology.terms.term import Node, Term
from ontology.vocab import (
    AK_EXHIBITS,
    BASE,
    DC_TITLE,
    NOT_TERM_TYPES,
    ONTOLOGY_GRAPH,
    OWL_CLASS,
    OWL_INDIVIDUAL,
    RDF_TYPE,
    RDFS_LABEL,
    RDFS_SUBCLASS,
    SKOS_ALT,
    SKOS_DEF,
    SKOS_PREF,
    CurieError,
    ak_iri,
    expand,
    in_namespace,
    kind_slug,
    local_name,
    shorten,
)

#: Most derived values one index keeps (bodies, walks, search answers).
MEMO_LIMIT = 20_000


class TermIndex:
    """Everything a lookup needs, built once per store version."""

    by_subject: dict[str, list[ox.Triple]]
    blank: dict[ox.BlankNode, list[ox.Triple]]
    terms: dict[str, Term]
    labels: dict[str, str]
    edges: list[Edge]

    def __init__(self, store: Store, version: int, previous: TermIndex | None = None) -> None:
        """Read the store; reuse ``previous``'s ontology part if that graph is unchanged.

        The ontology graph is a system graph that only start-up reloads, while case
        submissions bump the store version often; its size tells the two apart cheaply.
        """
        # Weak, so that the cache of indexes (keyed weakly on the store) never keeps a
        # closed store, and its on-disk lock, alive.
        self._store = weakref.ref(store)
        self.version = version
        self.ontology_size = _graph_size(store, str(ONTOLOGY_GRAPH))
        self.exhibited_by: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.memo: dict[tuple[str, ...], Any] = {}
        #: Keys of the values their callers said depend on the ontology graph alone.
        self._ontology_only: set[tuple[str, ...]] = set()
        self._memo_lock = threading.Lock()
        if previous is not None and previous.ontology_size == self.ontology_size:
            self.by_subject, self.blank = previous.by_subject, previous.blank
            self.terms, self.labels, self.edges = previous.terms, previous.labels, previous.edges
            with previous._memo_lock:
                self._ontology_only = set(previous._ontology_only)
                self.memo = {k: previous.memo[k] for k in self._ontology_only}
        else:
            self.by_subject = defaultdict(list)
            self.blank = defaultdict(list)
            self.terms, self.labels, self.edges = {}, {}, []
            self._read_ontology()
            self._read_terms()
            self._read_edges()
        self._read_exhibits()

    @property
    def store(self) -> Store:
        store = self._store()
        if store is None:
            raise RuntimeError("the store of this index has been closed")
        return store

    # -- building -----------------------------------------------------------------------
    def _read_ontology(self) -> None:
        titles: dict[str, str] = {}
        for quad in self.store.quads(str(ONTOLOGY_GRAPH)):
            triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            if isinstance(quad.subject, ox.NamedNode):
                self.by_subject[quad.subject.value].append(triple)
            elif isinstance(quad.subject, ox.BlankNode):
                self.blank[quad.subject].append(triple)
            label, subject = quad.object, quad.subject
            if isinstance(subject, ox.NamedNode) and isinstance(label, ox.Literal):
                if quad.predicate.value in (RDFS_LABEL, SKOS_PREF):
                    self.labels.setdefault(subject.value, label.value)
                elif quad.predicate.value == DC_TITLE:
                    titles.setdefault(subject.value, label.value)
        # A source has a title, not a label: where something points at it, say its title.
        for iri, title in titles.items():
            self.labels.setdefault(iri, title)

    def _read_terms(self) -> None:
        for iri, triples in self.by_subject.items():
            types = {
                t.object.value
                for t in triples
                if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode)
            }
            if not _is_term_iri(iri) or types & NOT_TERM_TYPES or iri not in self.labels:
                continue
            if OWL_CLASS not in types and not (
                OWL_INDIVIDUAL in types or any(_is_term_iri(t) for t in types)
            ):
                continue
            self.terms[iri] = self._make_term(iri, triples, types)
        for term in self.terms.values():
            term.parents = [p for p in term.parents if p in self.terms]
            for parent in term.parents:
                self.terms[parent].children.append(term.iri)
        for term in self.terms.values():
            term.children.sort(key=lambda i: self.terms[i].label.lower())
            term.kinds = self._kinds(term)

    def _make_term(self, iri: str, triples: list[ox.Triple], types: set[str]) -> Term:
        objs = _objects_by_predicate(triples)
        individual = OWL_CLASS not in types
        parents = objs.get(RDF_TYPE, []) if individual else objs.get(RDFS_SUBCLASS, [])
        return Term(
            iri=iri,
            curie=shorten(iri),
            label=self.labels.get(iri, local_name(iri)),
            alt_labels=[str(o) for o in objs.get(SKOS_ALT, [])],
            definition=next(iter(objs.get(SKOS_DEF, [])), None),
            types=sorted(shorten(t) for t in types),
            parents=[str(p) for p in parents],
            individual=individual,
        )

    def _kinds(self, term: Term) -> list[str]:
        """Slugs of the term's top-level ancestors (below the root), then of all others."""
        lineage = self._lineage(term.iri)
        roots = [a for a in lineage if not self.terms[a].parents]
        tops = [a for a in lineage if any(p in roots for p in self.terms[a].parents)]
        ordered = tops + [a for a in lineage if a not in tops and a not in roots]
        if not tops and term.iri not in roots:
            ordered = lineage
        slugs = [kind_slug(self.terms[a].curie) for a in ordered]
        return list(dict.fromkeys(slugs)) or [kind_slug(term.curie)]

    def _lineage(self, iri: str) -> list[str]:
        """The term itself and every ancestor, nearest first (no cycles)."""
        seen: list[str] = []
        frontier = [iri]
        while frontier:
            current = frontier.pop(0)
            if current in seen or current not in self.terms:
                continue
            seen.append(current)
            frontier.extend(self.terms[current].parents)
        return seen

    def _read_edges(self) -> None:
        self.edges = term_edges(self) + disputed_edges(self)

    def _read_exhibits(self) -> None:
        query = (
            "SELECT ?case ?term (SAMPLE(?name) AS ?title) WHERE {"
            f" ?case <{AK_EXHIBITS}> ?term OPTIONAL {{ ?case <{RDFS_LABEL}>|<{DC_TITLE}> ?name }}"
            "} GROUP BY ?case ?term ORDER BY ?case"
        )
        for row in self.store.query(query):  # type: ignore[attr-defined]
            title = row["title"].value if row["title"] is not None else shorten(row["case"].value)
            self.exhibited_by[row["term"].value].append((row["case"].value, title))

    # -- reading ------------------------------------------------------------------------
    def remember(
        self, key: tuple[str, ...], compute: Callable[[], Any], *, ontology_only: bool = False
    ) -> Any:
        """Compute a derived value once per index (that is, once per store version).

        The caller says what the value depends on: with ``ontology_only`` it is read from
        the ontology graph alone, so the next index keeps it when only cases changed (a
        case write bumps the store's version but leaves the ontology as it was).
        Past ``MEMO_LIMIT`` entries (keys can come from callers' queries) values are
        computed and returned without being kept.
        """
        if key in self.memo:
            return self.memo[key]
        value = compute()
        if len(self.memo) < MEMO_LIMIT:
            with self._memo_lock:
                value = self.memo.setdefault(key, value)
                if ontology_only:
                    self._ontology_only.add(key)
        return value

    def resolve(self, identifier: str) -> Term | None:
        """A term from its local name, CURIE or full IRI; None when there is none.

        >>> from ontology.terms.index import _is_term_iri
        >>> _is_term_iri("https://w3id.org/alignkg/MesaOptimizer")
        True
        """
        identifier = identifier.strip()
        candidates = [ak_iri(identifier)]
        with contextlib.suppress(CurieError):
            candidates.insert(0, expand(identifier))
        for iri in candidates:
            if iri in self.terms:
                return self.terms[iri]
        # Case-blind on the local name only: the base IRI is lower case already.
        lowered = ak_iri(identifier.lower())
        for term in self.terms.values():
            if term.iri.lower() == lowered:
                return term
        return None

    def ref(self, iri: str) -> dict[str, str]:
        """``{"iri", "curie", "label"}`` for a term or any other labelled resource."""
        if iri in self.terms:
            return self.terms[iri].ref()
        return {"iri": iri, "curie": shorten(iri), "label": self.labels.get(iri, shorten(iri))}

    def triples_of(self, subject: str | ox.BlankNode) -> list[ox.Triple]:
        """The ontology graph's triples about an IRI or a blank node."""
        if isinstance(subject, ox.BlankNode):
            return self.blank.get(subject, [])
        return self.by_subject.get(subject, [])

    def objects(self, subject: str | ox.BlankNode, predicate: str) -> list[Node]:
        return [
            t.object  # type: ignore[misc]
            for t in self.triples_of(subject)
            if t.predicate.value == predicate
        ]


def _graph_size(store: Store, graph: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))["n"].value)  # type: ignore[call-overload]


def node_key(node: object) -> str | ox.BlankNode:
    """How the index keys a node: a blank node as itself, anything else as its string."""
    if isinstance(node, ox.BlankNode):
        return node
    if isinstance(node, ox.NamedNode | ox.Literal):
        return node.value
    return str(node)


def _is_term_iri(iri: str) -> bool:
    """Terms are named directly under ``ak:`` (cases, sources and graphs are deeper)."""
    return in_namespace(iri, BASE) is not None


def _objects_by_predicate(triples: list[ox.Triple]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for t in triples:
        if isinstance(t.object, ox.NamedNode | ox.Literal):
            found[t.predicate.value].append(str(t.object.value))
    return found


_indexes: weakref.WeakKeyDictionary[Any, TermIndex] = weakref.WeakKeyDictionary()
_build_lock = threading.Lock()


def term_index(store: Store) -> TermIndex:
    """The index for the store as it is now; rebuilt only after the store changed."""
    current = _indexes.get(store)
    if current is not None and current.version == store.version:
        return current
    with _build_lock:
        current = _indexes.get(store)
        version = store.version
        if current is None or current.version != version:
            current = TermIndex(store, version, previous=current)
            _indexes[store] = current
        return current


__all__ = ["Edge", "Term", "TermIndex", "node_key", "term_index"]
