"""The readable HTML page of a term, rendered from ``templates/term.html``.

Plain HTML and CSS, no scripts and nothing from elsewhere: it works offline and is what
a browser gets when it dereferences an ontology IRI.
"""

from __future__ import annotations

from urllib.parse import quote

from ontology.terms.describe import history, term_record
from ontology.terms.index import TermIndex
from ontology.terms.term import Term
from service.pages.render import template


def term_page(index: TermIndex, term: Term) -> bytes:
    """The term page as UTF-8 HTML."""
    record = term_record(index, term)
    return (
        template("term.html")
        .render(
            term=record,
            readings=history(index, term),
            history_url=f"/terms/{quote(term.curie, safe=':')}/history",
            explorer_url="/explorer?focus=" + quote(term.curie, safe=":"),
            formats=[
                ("Turtle", "turtle"),
                ("JSON-LD", "jsonld"),
                ("RDF/XML", "rdfxml"),
                ("N-Triples", "ntriples"),
                ("JSON", "json"),
            ],
        )
        .encode()
    )
