"""The readable HTML page of a term, rendered from ``templates/term.html``.

HTML and CSS with one small script of our own (the search box's suggestions), nothing
from elsewhere: it works offline, and without the script, and is what a browser gets
when it dereferences an ontology IRI.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ontology.cases.book import case_book
from ontology.terms.describe import history, term_record
from ontology.terms.hierarchy import children, root_paths
from ontology.terms.index import TermIndex
from ontology.terms.term import Term
from service.pages.render import template

#: (link text, ?format= value, media type) of the term's other representations.
FORMATS = [
    ("Turtle", "turtle", "text/turtle"),
    ("JSON-LD", "jsonld", "application/ld+json"),
    ("RDF/XML", "rdfxml", "application/rdf+xml"),
    ("N-Triples", "ntriples", "application/n-triples"),
    ("JSON", "json", "application/json"),
]


def hierarchy(index: TermIndex, term: Term) -> list[dict[str, Any]]:
    """The term's chains of broader terms merged into one tree from the root(s) down.

    Each node is a ref with ``current`` (whether it is the term) and ``children``; the
    term's first place in the tree also holds its narrower terms, one level down.
    """
    roots: list[dict[str, Any]] = []
    first_place: list[dict[str, Any]] | None = None
    for chain in root_paths(index, term):
        level = roots
        for ref in chain:
            node = next((n for n in level if n["iri"] == ref["iri"]), None)
            if node is None:
                node = {**ref, "current": ref["iri"] == term.iri, "children": []}
                level.append(node)
            level = node["children"]
        if first_place is None:
            first_place = level
    if first_place is not None:
        first_place.extend(
            {**ref, "current": False, "children": []} for ref in children(index, term)
        )
    return roots


def case_verdicts(index: TermIndex, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The cases that exhibit the term, each with the verdict ``/cases`` shows for it."""
    book = case_book(index.store).cases
    found = []
    for case in record["cases"]:
        stored = book.get(case["id"], {})
        found.append(
            {
                **case,
                "verdict": stored.get("verdict"),
                "ambiguous": stored.get("ambiguous", False),
                "submitted": stored.get("submitted", False),
            }
        )
    return found


def term_page(index: TermIndex, term: Term) -> bytes:
    """The term page as UTF-8 HTML."""
    record = term_record(index, term)
    return (
        template("term.html")
        .render(
            term=record,
            readings=history(index, term),
            hierarchy=hierarchy(index, term),
            cases=case_verdicts(index, record),
            history_url=f"/terms/{quote(term.curie, safe=':')}/history",
            explorer_url="/explorer?focus=" + quote(term.curie, safe=":"),
            formats=FORMATS,
        )
        .encode()
    )
