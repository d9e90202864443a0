"""The ontology as a whole: download, framings side by side, counts, tree and paths."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ontology.cases.book import case_book
from ontology.cases.disagreements import disagreement_table
from ontology.classifier.framings import framings
from ontology.terms.describe import ontology_rdf
from ontology.terms.hierarchy import shortest_path, tree
from ontology.terms.index import term_index
from ontology.terms.overview import framings_overview, stats
from service.api.models import PageFormat, PathOut, TreeNode, prefers_page, wants_page
from service.api.terms import NO_SUCH_TERM, find_term
from service.deps import StoreDep
from service.http.caching import cached_json, cached_page, cached_response, etag
from service.http.negotiation import MEDIA_TYPES, content_type, negotiate
from service.pages.disagreements_page import disagreements_page
from service.pages.framings_page import framings_page
from service.pages.ontology_pages import ontology_page, stats_page

router = APIRouter(tags=["ontology"])

ONTOLOGY_FORMATS = ("turtle", "jsonld", "rdfxml", "ntriples")
_EXTENSIONS = {"turtle": "ttl", "jsonld": "jsonld", "rdfxml": "rdf", "ntriples": "nt"}
#: The download page's links: (name, ?format= value, media type).
_DOWNLOADS = [
    ("Turtle", "turtle", MEDIA_TYPES["turtle"]),
    ("RDF/XML", "rdfxml", MEDIA_TYPES["rdfxml"]),
    ("N-Triples", "ntriples", MEDIA_TYPES["ntriples"]),
    ("JSON-LD", "jsonld", MEDIA_TYPES["jsonld"]),
]


@router.get(
    "/ontology",
    summary="Download the whole ontology as Turtle, JSON-LD, RDF/XML or N-Triples",
    responses={
        200: {
            "content": {
                **{MEDIA_TYPES[f]: {} for f in ONTOLOGY_FORMATS},
                "text/turtle": {"example": "ak:MesaOptimizer a owl:Class ; ..."},
                "text/html": {"schema": {"type": "string"}},
            }
        }
    },
    response_class=Response,
)
async def get_ontology(
    request: Request,
    store: StoreDep,
    fmt: Annotated[
        str | None,
        Query(
            alias="format",
            description="overrides Accept: turtle, jsonld, rdfxml, ntriples or html",
            examples=["turtle"],
        ),
    ] = None,
) -> Response:
    """The ontology graph in the format Accept (or ``?format=``) asks for; Turtle by default.

    Plain ``application/json`` (and ``?format=json``) gets JSON-LD. A client that names
    ``text/html`` and prefers it (a browser) gets a page with a download link per format;
    wildcards alone never reach the page, so tools get RDF as before."""
    accept = request.headers.get("accept")
    if accept and "application/json" in accept and "ld+json" not in accept:
        accept = accept.replace("application/json", "application/ld+json")
    names_html = accept is not None and "html" in accept.lower()
    offered = (*ONTOLOGY_FORMATS, "html") if names_html or fmt == "html" else ONTOLOGY_FORMATS
    chosen = negotiate(accept, offered, fmt="jsonld" if fmt == "json" else fmt)
    index = term_index(store)
    if chosen == "html":
        page = ontology_page(stats(store, index), _DOWNLOADS)
        return cached_page(request, page, store=store, name="ontology-html")
    return cached_response(
        request,
        ontology_rdf(index, chosen),
        media_type=content_type(chosen),
        tag=etag(store, f"ontology-{chosen}"),
        max_age=300,
        extra_headers={"Content-Disposition": f'inline; filename="alignkg.{_EXTENSIONS[chosen]}"'},
    )


_FRAMINGS_EXAMPLE = {
    "framings": [
        {
            "iri": "https://w3id.org/alignkg/RFLOFraming",
            "curie": "ak:RFLOFraming",
            "label": "Risks from Learned Optimization (2019)",
            "alt_labels": ["RFLO"],
            "definition": "Outer alignment: the base objective captures the intended goal. ...",
            "sources": [],
            "definitions": [],
        }
    ],
    "contested_terms": [
        {
            "term": {"curie": "ak:InnerAlignment", "label": "inner alignment"},
            "by_framing": {"ak:RFLOFraming": [{"text": "...", "source": None, "sources": []}]},
        }
    ],
}
_STATS_EXAMPLE = {
    "terms": 97,
    "kinds": {"framing": 7},
    "cases": {"documented": 40, "submitted": 2},
    "triples": {"total": 4187, "ontology": 1996, "cases": 2191, "submitted": 0, "by_graph": {}},
    "ontology_version": "https://w3id.org/alignkg/ontology/2026-11-23",
    "store_version": 2,
}


def _example(value: object) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {"application/json": {"example": value}}}}


@router.get(
    "/framings",
    summary="Framings of outer/inner alignment, with their definitions side by side",
    responses=_example(_FRAMINGS_EXAMPLE),
)
async def get_framings(
    request: Request,
    store: StoreDep,
    format: PageFormat = "auto",  # noqa: A002 - the query parameter is called format everywhere
) -> Response:
    """Each framing's own definition and sources, its definitions of contested terms, and a
    ``contested_terms`` table: term -> framing -> that framing's definitions of it. A
    browser gets them side by side, with each framing's verdict rules in words."""
    chosen = "html" if wants_page(request.headers.get("accept"), format) else "json"
    index = term_index(store)
    # The framings and their definitions are the ontology's alone: kept across case writes.
    body = index.remember(("framings",), lambda: framings_overview(index), ontology_only=True)
    if chosen == "html":
        page = index.remember(
            ("framings-html",), lambda: framings_page(body, _rules(index)), ontology_only=True
        )
        return cached_page(request, page, store=store, name="framings-html")
    return cached_json(request, body, store=store, name="framings", max_age=300)


def _rules(index: Any) -> dict[str, dict[str, Any]]:
    """Each framing's verdict rules in words: the rule class and its definition."""

    def words(criterion: Any) -> dict[str, str]:
        term = index.terms.get(criterion.iri)
        return {"curie": criterion.curie, "text": term.definition if term else criterion.label}

    return {
        f.curie: {
            "outer": words(f.outer),
            "inner": words(f.inner),
            "inapplicable": words(f.inapplicable) if f.inapplicable else None,
        }
        for f in framings()
    }


_DISAGREEMENTS_EXAMPLE = {
    "framings": [{"curie": "ak:ObjectiveCentricFraming", "label": "objective-focused"}],
    "pairs": [
        {
            "framings": ["ak:GeneralizationCentricFraming", "ak:ObjectiveCentricFraming"],
            "labels": ["generalization-focused", "objective-focused"],
            "count": 1,
            "cases": [
                {
                    "id": "narrow-qa-kidnapping",
                    "title": "Question answerer kidnaps people for easy questions",
                    "verdicts": {
                        "ak:GeneralizationCentricFraming": "inner",
                        "ak:ObjectiveCentricFraming": "outer",
                    },
                    "separating": [{"fact": "wouldBeRewarded", "value": True}],
                }
            ],
        }
    ],
}


@router.get(
    "/framings/disagreements",
    summary="For each pair of framings, the cases they classify differently and why",
    responses={
        200: {
            "content": {
                "application/json": {"example": _DISAGREEMENTS_EXAMPLE},
                "text/html": {"schema": {"type": "string"}},
            }
        },
    },
)
async def get_disagreements(
    request: Request,
    store: StoreDep,
    format: PageFormat = "auto",  # noqa: A002 - the query parameter is called format everywhere
) -> Response:
    """Every pair of framings (agreeing pairs with no cases), documented and submitted
    cases on which they give different decided verdicts, and the separating facts: those
    whose other value would make the two framings agree. HTML for a browser."""
    chosen = "html" if wants_page(request.headers.get("accept"), format) else "json"
    index = term_index(store)
    table = index.remember(
        ("disagreements",),
        lambda: disagreement_table(case_book(store).ordered),
    )
    if chosen == "html":
        body = disagreements_page(table)
        return cached_page(request, body, store=store, name="dis-html", max_age=60)
    return cached_json(request, table, store=store, name="disagreements", max_age=60)


@router.get(
    "/stats",
    summary="Counts of terms, cases and triples; the ontology version",
    responses={
        200: {
            "content": {
                "application/json": {"example": _STATS_EXAMPLE},
                "text/html": {"schema": {"type": "string"}},
            }
        }
    },
)
async def get_stats(
    request: Request,
    store: StoreDep,
    format: PageFormat = "auto",  # noqa: A002 - the query parameter is called format everywhere
) -> Response:
    """Term counts by kind, documented and submitted cases, triples per graph, versions.
    A browser gets them as tables."""
    index = term_index(store)
    counts = stats(store, index)
    if prefers_page(request.headers.get("accept"), format):
        page = stats_page(counts)
        return cached_page(request, page, store=store, name="stats-html", max_age=10)
    return cached_json(request, counts, store=store, name="stats", max_age=10)


@router.get("/tree", summary="The whole hierarchy as nested JSON", response_model=list[TreeNode])
async def get_tree(request: Request, store: StoreDep) -> Response:
    """Roots (terms with no parent) with their children, recursively; a term with two
    parents appears under both."""
    index = term_index(store)
    return cached_json(request, tree(index), store=store, name="tree", max_age=300)


@router.get(
    "/path",
    summary="How two terms are related: the shortest path, with relation names",
    response_model=PathOut,
    responses=NO_SUCH_TERM,
)
async def get_path(
    request: Request,
    store: StoreDep,
    start: Annotated[
        str,
        Query(alias="from", description="a term id, CURIE or IRI", examples=["ak:MesaOptimizer"]),
    ],
    end: Annotated[
        str,
        Query(alias="to", description="a term id, CURIE or IRI", examples=["ak:InnerAlignment"]),
    ],
) -> Response:
    """Fewest hops over any relation, in either direction; each step names its relation and
    says whether it is followed forward or backward. ``found`` is false when none exists."""
    index = term_index(store)
    start_term, end_term = find_term(index, start), find_term(index, end)
    body = index.remember(  # a path between terms: the ontology's alone
        ("path", start_term.iri, end_term.iri),
        lambda: shortest_path(index, start_term, end_term),
        ontology_only=True,
    )
    return cached_json(request, body, store=store, name="path", max_age=300)
