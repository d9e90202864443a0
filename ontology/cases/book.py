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
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from ontology.cases.documented import case_triples
from ontology.classifier.engine import classify, declared_partition
from ontology.facts import fact_names
from ontology.store import Store
from ontology.vocab import (
    AK_ABOUT_FACT,
    AK_AMBIGUOUS,
    AK_AUTHOR_LIST,
    AK_CHECKED_AGAINST,
    AK_COMPUTED_VERDICT,
    AK_DECLARED_PARTITION,
    AK_EXHIBITS,
    AK_EXPECTED_VERDICT,
    AK_FACT_VALUE,
    AK_FAILURE_CASE,
    AK_FRAMING,
    AK_HAS_FACT_ASSERTION,
    AK_HAS_FRAMING_VERDICT,
    AK_LOCATOR,
    AK_PROVENANCE_KIND,
    AK_QUOTE,
    AK_REASON,
    AK_RULE,
    AK_VERDICT,
    CASES_GRAPH,
    DC_CREATOR,
    DC_DESCRIPTION,
    DC_ISSUED,
    DC_SOURCE,
    DC_TITLE,
    PROV_DERIVED_FROM,
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_CHANGE_NOTE,
    SUBMITTED_GRAPH,
    XSD_BOOLEAN,
    ak_iri,
    case_id,
    case_iri,
    local_name,
    ordered_authors,
    shorten,
)

_SLUG = re.compile(r"[^a-z0-9]+")


class CaseError(ValueError):
    """A submitted case that cannot be stored as it is; names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


#: Subject -> predicate -> object values (booleans as bool, everything else as str).
Description = dict[str, dict[str, list[Any]]]


def describe_quads(quads: Iterable[ox.Quad | ox.Triple]) -> Description:
    """Group triples by subject and predicate, reading literal values into Python."""
    about: Description = defaultdict(lambda: defaultdict(list))
    for quad in quads:
        obj = quad.object
        if isinstance(obj, ox.Literal):
            value: Any = obj.value == "true" if obj.datatype.value == XSD_BOOLEAN else obj.value
        elif isinstance(obj, ox.NamedNode):
            value = obj.value
        else:
            continue
        about[str(quad.subject.value)][quad.predicate.value].append(value)  # type: ignore[union-attr]
    return about


def case_records(about: Description, *, submitted: bool) -> dict[str, dict[str, Any]]:
    """Every ``ak:FailureCase`` of a grouped graph as a record, keyed by case id."""
    records = {}
    for subject, values in about.items():
        if AK_FAILURE_CASE in values.get(RDF_TYPE, ()):
            record = _record(subject, values, about, submitted=submitted)
            records[record["id"]] = record
    return records


class CaseBook:
    """Every case in the store at one version, as plain records."""

    def __init__(self, store: Store, version: int, documented: dict[str, dict[str, Any]]) -> None:
        self.version = version
        self.documented = documented
        submitted = case_records(describe_quads(store.quads(str(SUBMITTED_GRAPH))), submitted=True)
        self.cases = {**documented, **submitted}
        self.ordered = sorted(self.cases.values(), key=lambda c: (c["submitted"], c["id"]))


def _record(
    iri: str, values: dict[str, list[Any]], about: Description, *, submitted: bool
) -> dict[str, Any]:
    facts = {name: values[ak_iri(name)][0] for name in fact_names() if ak_iri(name) in values}
    one = lambda p: next(iter(values.get(p, ())), None)  # noqa: E731 - a local shorthand
    provenance, presumed = _provenance(values, about)
    return {
        "id": case_id(iri),
        "iri": iri,
        "title": one(RDFS_LABEL) or one(DC_TITLE) or shorten(iri),
        "description": one(DC_DESCRIPTION),
        "facts": dict(sorted(facts.items())),
        "presumed": presumed,
        "provenance": provenance,
        "sources": [_source(s, about.get(s, {})) for s in values.get(DC_SOURCE, ())],
        "exhibits": [shorten(t) for t in values.get(AK_EXHIBITS, ())],
        "expected": one(AK_EXPECTED_VERDICT),
        "verdict": one(AK_COMPUTED_VERDICT),
        "ambiguous": one(AK_AMBIGUOUS) is True,
        "framings": sorted(
            (_framing_verdict(about.get(v, {})) for v in values.get(AK_HAS_FRAMING_VERDICT, ())),
            key=lambda f: str(f["framing"]),
        ),
        "partition": one(AK_DECLARED_PARTITION),
        "history": sorted(str(note) for note in values.get(SKOS_CHANGE_NOTE, ())),
        "submitted": submitted,
    }


def _provenance(
    values: dict[str, list[Any]], about: Description
) -> tuple[dict[str, dict[str, Any]], dict[str, bool]]:
    """Where each fact comes from, keyed by fact name, read from its ``ak:FactAssertion``;
    and the presumptions (assertions of kind ``presumption``, which have no fact triple)."""
    found = {}
    presumed = {}
    for node in values.get(AK_HAS_FACT_ASSERTION, ()):
        record = about.get(node, {})
        one = lambda p, r=record: next(iter(r.get(p, ())), None)  # noqa: E731
        fact = one(AK_ABOUT_FACT)
        if fact is None:
            continue
        if one(AK_PROVENANCE_KIND) == "presumption":
            presumed[local_name(fact)] = bool(one(AK_FACT_VALUE))
        found[local_name(fact)] = {
            "kind": one(AK_PROVENANCE_KIND),
            "quote": one(AK_QUOTE),
            "locator": one(AK_LOCATOR),
            "source": one(PROV_DERIVED_FROM),
            "checked_at": one(AK_CHECKED_AGAINST),
            "reason": one(AK_REASON),
        }
    return dict(sorted(found.items())), dict(sorted(presumed.items()))


def _source(url: str, values: dict[str, list[Any]]) -> dict[str, Any]:
    year = str(next(iter(values.get(DC_ISSUED, ())), ""))
    return {
        "url": url,
        "title": next(iter(values.get(DC_TITLE, ())), None),
        "authors": ordered_authors(
            [str(a) for a in values.get(DC_CREATOR, ())],
            next(iter(values.get(AK_AUTHOR_LIST, ())), None),
        ),
        "year": int(year[:4]) if year[:4].isdigit() else None,
    }


def _framing_verdict(values: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "framing": shorten(next(iter(values.get(AK_FRAMING, ())), "")),
        "verdict": next(iter(values.get(AK_VERDICT, ())), None),
        "rule": next(iter(values.get(AK_RULE, ())), None),
    }


_books: weakref.WeakKeyDictionary[Any, CaseBook] = weakref.WeakKeyDictionary()
_documented: weakref.WeakKeyDictionary[Any, tuple[int, dict[str, dict[str, Any]]]] = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def _graph_size(store: Store, graph: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))["n"].value)  # type: ignore[call-overload]


def case_book(store: Store) -> CaseBook:
    """The cases as of the store's current version (re-read only after a write).

    Documented cases are re-read only when their graph's size changes: it is a system
    graph that only start-up reloads, while submissions change the store's version often.
    """
    book = _books.get(store)
    if book is not None and book.version == store.version:
        return book
    with _lock:
        version = store.version
        book = _books.get(store)
        if book is None or book.version != version:
            size = _graph_size(store, str(CASES_GRAPH))
            documented = _documented.get(store)
            if documented is None or documented[0] != size:
                about = describe_quads(store.quads(str(CASES_GRAPH)))
                documented = (size, case_records(about, submitted=False))
                _documented[store] = documented
            book = CaseBook(store, version, documented[1])
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

    if not case.get("facts") and not case.get("description"):
        raise CaseError("description", "give a description or at least one fact")
    result = classify(
        case.get("facts") or None, text=case.get("description"), partition=case.get("partition")
    )
    case_id = new_case_id(case.get("title"))
    stored = {
        **case,
        "id": case_id,
        "facts": dict(result.facts),
        "presumed": dict(result.presumed),
        "provenance": submitted_provenance(case, result.facts, result.evidence),
    }
    quads = _case_quads({**stored, "partition": result.partition}, case_iri(case_id))
    store.add_quads(quads)
    record = case_records(describe_quads(quads), submitted=True)[case_id]
    return record, result.to_dict()


def _case_quads(case: Mapping[str, Any], iri: str) -> list[ox.Quad]:
    """A submitted case's quads in the submitted graph, its declared partition included."""
    graph = ox.NamedNode(str(SUBMITTED_GRAPH))
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in case_triples(case, iri=iri)]
    if case.get("partition"):
        quads.append(
            ox.Quad(
                ox.NamedNode(iri),
                ox.NamedNode(AK_DECLARED_PARTITION),
                ox.Literal(case["partition"]),
                graph,
            )
        )
    return quads


def _stored_case(record: Mapping[str, Any]) -> dict[str, Any]:
    """A stored record back in the shape ``case_triples`` writes (provenance cites its
    source by position; history notes are dated), so a correction rewrites it faithfully."""
    sources = list(record["sources"])
    urls = [s["url"] for s in sources]
    provenance = {}
    for name, was in record["provenance"].items():
        if was.get("kind") == "presumption":
            continue  # written again from ``presumed``
        kept = {k: was[k] for k in ("kind", "quote", "locator", "checked_at") if was.get(k)}
        if was.get("reason"):
            kept["why"] = was["reason"]
        if was.get("source") in urls:
            kept["source"] = urls.index(was["source"])
        provenance[name] = kept
    history = []
    for note in record["history"]:
        date, _, text = note.partition(": ")
        history.append({"date": date, "note": text})
    return {
        "id": record["id"],
        "title": record["title"],
        "description": record["description"],
        "facts": dict(record["facts"]),
        "presumed": dict(record["presumed"]),
        "provenance": provenance,
        "sources": sources,
        "exhibits": list(record["exhibits"]),
        "partition": record["partition"],
        "history": history,
    }


def _corrected(case: dict[str, Any], changes: Mapping[str, Any]) -> list[str]:
    """Apply a correction to ``case`` in place; what changed, in words, for the history.

    ``facts`` merges: a boolean sets the fact (it is the submitter's word unless
    ``provenance`` says where it comes from) and drops any presumption; ``null`` makes the
    fact unknown on purpose, whether it was a fact or a presumption. Other fields replace.
    """
    said = []
    raw = dict(changes.get("facts") or {})
    # A declaration answered in ``facts`` is the partition, as ``POST /classify`` reads it.
    partition = declared_partition(raw, changes.get("partition"))
    if partition is not None:
        changes = {**changes, "partition": partition}
    for name in raw:
        if name not in fact_names():
            raise CaseError(f"facts.{name}", "no such fact")
    given = dict(changes.get("provenance") or {})
    for name, value in raw.items():
        case["facts"].pop(name, None)
        case["presumed"].pop(name, None)
        case["provenance"].pop(name, None)
        if value is None:
            said.append(f"{name} cleared")
            continue
        case["facts"][name] = value
        case["provenance"][name] = dict(
            given.get(name) or {"kind": "judgement", "why": "stated by the submitter"}
        )
        said.append(f"{name} = {str(value).lower()}")
    for name in ("title", "description", "sources", "exhibits", "partition"):
        if name in changes and changes[name] != case[name]:
            case[name] = changes[name]
            said.append(f"{name} changed")
    return said


def correct_case(
    store: Store, case_id: str, changes: Mapping[str, Any], *, today: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Correct a submitted case, keeping its id and its history (a dated note is added);
    return (stored record, classification), as ``submit_case`` does.

    The new quads are added before the old ones are taken away, so a crash between the two
    leaves the case with both its old and its new statements, never without the case.
    """
    record = get_case(store, case_id)
    if record is None:
        raise CaseError("case_id", f"no case {case_id!r}")
    if not record["submitted"]:
        raise CaseError("case_id", f"case {case_id!r} is documented in data/ and read-only")
    case = _stored_case(record)
    said = _corrected(case, changes)
    # No text is read again: the stored facts and presumptions are the case now, so a
    # cleared presumption stays cleared.
    result = classify(case["facts"], partition=case["partition"], presumed=case["presumed"])
    case["partition"] = result.partition
    case["history"].append({"date": today, "note": "corrected: " + ("; ".join(said) or "nothing")})
    old = set(_quads_of(store, record))
    new = _case_quads(case, record["iri"])
    store.add_quads([q for q in new if q not in old])
    kept = set(new)
    store.remove_quads([q for q in old if q not in kept])
    again = case_records(describe_quads(new), submitted=True)[case_id]
    return again, result.to_dict()


def _quads_of(store: Store, record: Mapping[str, Any]) -> list[ox.Quad]:
    """A submitted case's quads: its own, its verdicts' and facts' (named under its IRI),
    and those of the sources no other case cites."""
    case, source = ox.NamedNode(record["iri"]), ox.NamedNode(DC_SOURCE)
    below = record["iri"] + "/"
    quads = list(store.quads(str(SUBMITTED_GRAPH)))
    cited = {q.object for q in quads if q.predicate == source and q.subject == case}
    # A source another case cites stays: its title and authors are that case's too.
    cited_elsewhere = {q.object for q in quads if q.predicate == source and q.subject != case}
    orphans = cited - cited_elsewhere
    return [
        q
        for q in quads
        if q.subject == case
        or q.subject in orphans
        or (isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(below))
    ]


def submitted_provenance(
    case: Mapping[str, Any], facts: Mapping[str, bool], evidence: Iterable[Any]
) -> dict[str, dict[str, Any]]:
    """Where a submitted case's facts come from: the submitter's word, or the description.

    A fact the caller gave is the submitter's judgement unless they sent its provenance; a
    fact the reader took from the description is inferred from the words it quotes.
    """
    given = dict(case.get("provenance") or {})
    for name in given:
        if name not in fact_names():
            raise CaseError(f"provenance.{name}", "no such fact")
    stated = {n for n, v in (case.get("facts") or {}).items() if v is not None}
    words = {e.fact: e.text for e in evidence}
    found: dict[str, dict[str, Any]] = {}
    for name in facts:
        if name in given:
            found[name] = dict(given[name])
        elif name in words and name not in stated:
            found[name] = {
                "kind": "inferred",
                "argument": f"read from the submitted description: \u201c{words[name]}\u201d",
            }
        else:
            found[name] = {"kind": "judgement", "why": "stated by the submitter"}
    return found


def delete_case(store: Store, case_id: str) -> bool:
    """Remove a submitted case, its verdict nodes and the sources no other case cites;
    False when there was none.

    The quads to remove are picked from the graph and removed by value, so no IRI a
    caller sent is ever spliced into SPARQL text.
    """
    record = get_case(store, case_id)
    if record is None or not record["submitted"]:
        return False
    store.remove_quads(_quads_of(store, record))
    return True
