"""Failure cases as the store holds them: documented and submitted, in one listing.

Documented cases live in the cases graph (reloaded from ``data/`` at every start);
submitted ones in the submitted graph, written here. Both are read back from the store,
never from the JSON, so a case added over HTTP is listed exactly like a documented one.
A write returns only after the store has committed it.
"""

from __future__ import annotations

import re
import secrets
import threading
import weakref
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from .namespaces import AK, CASE, CASES_GRAPH, SUBMITTED_GRAPH, shorten
from .store import Store
from .term_vocab import (
    AK_EXHIBITS,
    DC_CREATOR,
    DC_DESCRIPTION,
    DC_ISSUED,
    DC_SOURCE,
    DC_TITLE,
    RDF_TYPE,
    RDFS_LABEL,
)

FAILURE_CASE = str(AK.FailureCase)
DECLARED_PARTITION = str(AK.declaredPartition)
_SLUG = re.compile(r"[^a-z0-9]+")


class CaseError(ValueError):
    """A submitted case that cannot be stored as it is; names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class CaseBook:
    """Every case in the store at one version, as plain records."""

    def __init__(self, store: Store, version: int) -> None:
        self.version = version
        self.cases: dict[str, dict[str, Any]] = {}
        for graph, submitted in ((CASES_GRAPH, False), (SUBMITTED_GRAPH, True)):
            about: dict[str, list[ox.Quad]] = defaultdict(list)
            for quad in store.quads(str(graph)):
                about[str(quad.subject.value)].append(quad)  # type: ignore[union-attr]
            for subject, quads in about.items():
                if any(_is(q, RDF_TYPE, FAILURE_CASE) for q in quads):
                    record = _record(subject, quads, about, submitted=submitted)
                    self.cases[record["id"]] = record
        self.ordered = sorted(self.cases.values(), key=lambda c: (c["submitted"], c["id"]))


def _is(quad: ox.Quad, predicate: str, obj: str) -> bool:
    return quad.predicate.value == predicate and str(quad.object.value) == obj  # type: ignore[union-attr]


def _values(quads: list[ox.Quad], predicate: str) -> list[Any]:
    found = []
    for quad in quads:
        if quad.predicate.value == predicate and isinstance(quad.object, ox.Literal | ox.NamedNode):
            found.append(quad.object.value)
    return found


def _literal_value(quad: ox.Quad) -> Any:
    obj = quad.object
    if isinstance(obj, ox.Literal) and obj.datatype.value.endswith("#boolean"):
        return obj.value == "true"
    return obj.value  # type: ignore[union-attr]


def _record(
    iri: str, quads: list[ox.Quad], about: dict[str, list[ox.Quad]], *, submitted: bool
) -> dict[str, Any]:
    from .facts import fact_names

    known = set(fact_names())
    facts = {
        q.predicate.value.removeprefix(str(AK)): _literal_value(q)
        for q in quads
        if q.predicate.value.removeprefix(str(AK)) in known
    }
    one = lambda p: next(iter(_values(quads, p)), None)  # noqa: E731 - a local shorthand
    return {
        "id": iri.removeprefix(str(CASE)),
        "iri": iri,
        "title": one(RDFS_LABEL) or one(DC_TITLE) or shorten(iri),
        "description": one(DC_DESCRIPTION),
        "facts": dict(sorted(facts.items())),
        "sources": [_source(s, about.get(s, [])) for s in _values(quads, DC_SOURCE)],
        "exhibits": [shorten(t) for t in _values(quads, AK_EXHIBITS)],
        "expected": one(str(AK.expectedVerdict)),
        "verdict": one(str(AK.computedVerdict)),
        "ambiguous": one(str(AK.ambiguous)) == "true",
        "framings": sorted(
            (_framing_verdict(about.get(v, [])) for v in _values(quads, str(AK.hasFramingVerdict))),
            key=lambda f: str(f["framing"]),
        ),
        "partition": one(DECLARED_PARTITION),
        "submitted": submitted,
    }


def _source(url: str, quads: list[ox.Quad]) -> dict[str, Any]:
    year = next(iter(_values(quads, DC_ISSUED)), None)
    return {
        "url": url,
        "title": next(iter(_values(quads, DC_TITLE)), None),
        "authors": _values(quads, DC_CREATOR),
        "year": int(year[:4]) if year and year[:4].isdigit() else None,
    }


def _framing_verdict(quads: list[ox.Quad]) -> dict[str, Any]:
    framing = next(iter(_values(quads, str(AK.framing))), "")
    return {
        "framing": shorten(framing),
        "verdict": next(iter(_values(quads, str(AK.verdict))), None),
        "rule": next(iter(_values(quads, str(AK.rule))), None),
    }


_books: weakref.WeakKeyDictionary[Any, CaseBook] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def case_book(store: Store) -> CaseBook:
    """The cases as of the store's current version (re-read only after a write)."""
    book = _books.get(store)
    if book is not None and book.version == store.version:
        return book
    with _lock:
        version = store.version
        book = _books.get(store)
        if book is None or book.version != version:
            book = CaseBook(store, version)
            _books[store] = book
        return book


def list_cases(
    store: Store, *, verdict: str | None = None, offset: int = 0, limit: int = 50
) -> dict[str, Any]:
    """One page of cases, documented first, optionally only those with a computed verdict."""
    cases = case_book(store).ordered
    if verdict is not None:
        cases = [c for c in cases if c["verdict"] == verdict]
    return {
        "total": len(cases),
        "offset": offset,
        "limit": limit,
        "items": cases[offset : offset + limit],
    }


def get_case(store: Store, case_id: str) -> dict[str, Any] | None:
    return case_book(store).cases.get(case_id)


def new_case_id(title: str | None) -> str:
    """A fresh id: a slug of the title and a random suffix, so ids never collide."""
    slug = _SLUG.sub("-", (title or "case").lower()).strip("-")[:40].strip("-") or "case"
    return f"{slug}-{secrets.token_hex(4)}"


def submit_case(store: Store, case: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Classify a new case, store it durably, and return (stored record, classification).

    The facts stored are the ones the classifier used (given ones, plus any read from the
    description), so re-classifying the stored case gives the same verdict.
    """
    from .cases import case_graph
    from .classifier import classify

    if not case.get("facts") and not case.get("description"):
        raise CaseError("description", "give a description or at least one fact")
    result = classify(
        case.get("facts") or None, text=case.get("description"), partition=case.get("partition")
    )
    case_id = new_case_id(case.get("title"))
    stored = {**case, "id": case_id, "facts": dict(result.facts)}
    iri = str(CASE[case_id])
    graph = ox.NamedNode(str(SUBMITTED_GRAPH))
    triples = ox.parse(
        case_graph(stored, iri=iri).serialize(format="nt", encoding="utf-8"),
        format=ox.RdfFormat.N_TRIPLES,
    )
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    if case.get("partition"):
        quads.append(
            ox.Quad(
                ox.NamedNode(iri),
                ox.NamedNode(DECLARED_PARTITION),
                ox.Literal(case["partition"]),
                graph,
            )
        )
    store.add_quads(quads)
    record = get_case(store, case_id)
    assert record is not None, "a committed case is readable"
    return record, result.to_dict()


def delete_case(store: Store, case_id: str) -> bool:
    """Remove a submitted case (and its verdict nodes); False when there was none."""
    record = get_case(store, case_id)
    if record is None or not record["submitted"]:
        return False
    iri, graph = record["iri"], SUBMITTED_GRAPH
    sources = " ".join(f"<{s['url']}>" for s in record["sources"])
    store.update(
        f"DELETE WHERE {{ GRAPH <{graph}> {{ <{iri}> ?p ?o }} }} ;\n"
        f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> "
        f'{{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{iri}/")) }} }} ;\n'
        f"DELETE {{ GRAPH <{graph}> {{ ?doc ?p ?o }} }} WHERE {{ VALUES ?doc {{ {sources} }} "
        f"GRAPH <{graph}> {{ ?doc ?p ?o FILTER NOT EXISTS {{ ?other <{DC_SOURCE}> ?doc }} }} }}"
    )
    return True
