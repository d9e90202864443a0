"""Response bodies of the term, search and ontology routes, as pydantic models.

The term routes send JSON pre-encoded (for speed), so these models document the shape in
OpenAPI rather than validate it. The cases' input and output models are in
``case_models``; the field types request bodies share (``DescriptionIn``, ``FactsIn``,
``Iri``) are here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

import pyoxigraph as ox
from fastapi import Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, create_model

from ontology.facts import case_facts, declarations
from service.http.negotiation import choose_media, negotiate

MESA: dict[str, Any] = {
    "iri": "https://w3id.org/alignkg/MesaOptimizer",
    "curie": "ak:MesaOptimizer",
    "label": "mesa-optimizer",
}


OPTIMIZER: dict[str, Any] = {
    "iri": "https://w3id.org/alignkg/Optimizer",
    "curie": "ak:Optimizer",
    "label": "optimizer",
}


def _not_blank(text: str | None) -> str | None:
    if text is not None and not text.strip():
        raise ValueError("is empty or only white space: give the case in words, or leave it out")
    return text


def _iri(text: str) -> str:
    try:
        ox.NamedNode(text)
    except ValueError as err:
        raise ValueError(f"is not a valid IRI: {err}") from None
    return text


#: An absolute IRI as pyoxigraph reads it. Checked on arrival because a string a looser
#: check lets through (``>``, ``{``) fails only when the case's graph is serialized: a 500.
Iri = Annotated[str, AfterValidator(_iri), Field(json_schema_extra={"format": "iri"})]

#: A case's plain-text description, as callers send it: absent, or words.
DescriptionIn = Annotated[str | None, AfterValidator(_not_blank)]


def _facts_model() -> type[BaseModel]:
    """The facts a case is described by, one optional boolean each, built from the ontology
    (``ak:caseFact`` and ``ak:caseDeclaration``) so the schema names every fact a client may
    send, with its question, and cannot drift from what the classifier reads."""
    fields: dict[str, Any] = {
        fact.name: (
            StrictBool | None,
            Field(None, title=fact.label, description=fact.question),
        )
        for fact in (*case_facts(), *declarations())
    }
    return create_model(  # type: ignore[no-any-return, call-overload]
        "Facts",
        __config__=ConfigDict(extra="forbid"),
        __doc__="Fact name -> true, false or null (unknown on purpose: nothing is read from"
        " the description or presumed for it). Strict: 'yes', 1 and 0 are refused.",
        **fields,
    )


if TYPE_CHECKING:  # the checker sees a model; its fields exist only once the ontology is read

    class FactsIn(BaseModel): ...

else:
    #: Facts as a request sends them: every field optional; read with ``exclude_unset`` so
    #: an explicit null (clear a presumption) differs from leaving the fact out.
    FactsIn = _facts_model()


class Ref(BaseModel):
    """A pointer to a term: enough to show it and to fetch it."""

    model_config = ConfigDict(json_schema_extra={"example": MESA})
    iri: str
    curie: str
    label: str


class Citation(BaseModel):
    iri: str | None = None
    curie: str | None = None
    title: str
    authors: list[str] = []
    year: str | None = None
    url: str | None = None
    citation: str


#: ``?format=json|html`` on a resource that is JSON for tools and a page for people;
#: ``auto`` (the default) goes by the Accept header.
PAGE_FORMATS = ("auto", "json", "html")
PageFormat = Annotated[
    Literal["auto", "json", "html"],
    Query(description="json or html (overrides Accept); auto goes by Accept", examples=["json"]),
]


def wants_page(accept: str | None, value: str) -> bool:
    """Whether to answer with the HTML page (a browser, or ``?format=html``) or JSON."""
    fmt = None if value == "auto" else value
    return negotiate(accept, ("json", "html"), fmt=fmt) == "html"


def prefers_page(accept: str | None, value: str) -> bool:
    """``wants_page`` for a resource that was JSON alone before it had a page.

    Only a client that names HTML (``text/html``, ``application/xhtml+xml``) and prefers
    it to JSON gets the page; every other one gets JSON as before, never a 406, whatever
    its Accept header says (``*/*``, ``text/*``, ``text/turtle``).

    >>> prefers_page("text/html,application/xhtml+xml,*/*;q=0.8", "auto")
    True
    >>> prefers_page("text/*", "auto"), prefers_page("image/png", "auto")
    (False, False)
    >>> prefers_page("application/json", "html")
    True
    """
    if value != "auto":
        return value == "html"
    if not accept or "html" not in accept.lower():
        return False
    return choose_media(accept, ("application/json", "text/html")) == "text/html"


class DefinitionOut(BaseModel):
    """Our paraphrase and, for a source's reading, the source's own words and where they are."""

    definition: Ref | None = Field(
        None, description="the ak:Definition (null for skos:definition or a blank node)"
    )
    text: str
    framing: Ref | None = Field(None, description="the framing this reading belongs to, if any")
    date: str | None = Field(None, description="year (or date) of the source", examples=["2019"])
    quote: str | None = Field(None, description="the source's own words, at most ~50 words")
    locator: str | None = Field(None, description="where the quote is in the source")
    checked_against: str | None = Field(None, description="the copy the quote was compared with")
    checked_on: str | None = None
    extrapolation: str | None = Field(None, description="where the reading goes beyond its source")
    source: Citation | None = Field(None, description="the first of sources, for one-line display")
    sources: list[Citation] = []


class HistoryEntry(DefinitionOut):
    term: Ref = Field(description="the term this reading defines (the term or a close match)")


class HistoryOut(BaseModel):
    """Who defined a term how, oldest first, with the source's words for each reading."""

    term: Ref
    history: list[HistoryEntry]


class RelatedOut(BaseModel):
    relation: str = Field(examples=["ak:hasObjective"])
    direction: Literal["outgoing", "incoming"]
    term: Ref


class DisputedOut(BaseModel):
    iri: str | None = None
    question: str | None = None
    subject: Ref
    predicate: Ref
    object: Ref
    asserted_by: list[Ref] = []
    disputed_by: list[Ref]
    note: str | None = None


class CaseRef(BaseModel):
    id: str
    iri: str
    title: str


class TermOut(BaseModel):
    """``GET /terms/{id}`` as JSON."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                **MESA,
                "id": "MesaOptimizer",
                "alt_labels": ["mesa optimiser", "learned optimizer"],
                "kind": "optimizer",
                "kinds": ["optimizer", "mesa-optimizer"],
                "types": ["owl:Class"],
                "definition": "A learned model that is itself an optimizer.",
                "definitions": [],
                "sources": [],
                "parents": [],
                "children": [],
                "related": [],
                "disputed": [],
                "cases": [],
            }
        }
    )
    iri: str
    curie: str
    id: str
    label: str
    alt_labels: list[str]
    kind: str
    kinds: list[str]
    types: list[str]
    definition: str | None
    definitions: list[DefinitionOut]
    sources: list[Citation]
    parents: list[Ref]
    children: list[Ref]
    related: list[RelatedOut]
    disputed: list[DisputedOut]
    cases: list[CaseRef]
    mappings: list[dict[str, Any]] = Field(
        [], description="SSSOM mappings of the term to outside vocabularies (GET /mappings)"
    )


class MatchOut(BaseModel):
    """How a term matches the ``mapped_to`` concept (one SSSOM mapping)."""

    predicate: str = Field(examples=["skos:broadMatch"])
    target: str
    comment: str | None


class TermSummary(Ref):
    kind: str
    definition: str | None = None
    match: MatchOut | None = Field(None, description="with ?mapped_to: how the term matches")


class TermPage(BaseModel):
    total: int
    offset: int
    limit: int
    kind: str | None
    mapped_to: str | None = Field(None, description="with ?mapped_to: the concept's full IRI")
    kinds: dict[str, int] = Field(description="every kind with its number of terms")
    items: list[TermSummary]


class TermList(BaseModel):
    """Ancestors, descendants, parents or children of one term."""

    model_config = ConfigDict(json_schema_extra={"example": {"term": MESA, "items": [OPTIMIZER]}})

    term: Ref
    items: list[Ref]


class SearchHit(Ref):
    kind: str
    match: Literal[
        "exact-label",
        "exact-alt-label",
        "label-prefix",
        "alt-label-prefix",
        "word-prefix",
        "definition",
    ]
    definition: str | None = None


class SearchOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "query": "mesa optimiser",
                "total": 1,
                "offset": 0,
                "limit": 20,
                "results": [{**MESA, "kind": "optimization-concept", "match": "exact-alt-label"}],
            }
        }
    )

    query: str
    total: int
    offset: int
    limit: int
    results: list[SearchHit]


class Suggestion(Ref):
    match: str


class TreeNode(Ref):
    kind: str
    children: list[TreeNode]


class GraphNode(Ref):
    kind: str
    depth: int


class GraphEdge(BaseModel):
    source: str
    target: str
    relation: str
    label: str
    disputed: bool


class GraphOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "focus": "ak:MesaOptimizer",
                "depth": 1,
                "nodes": [{**MESA, "kind": "optimization-concept", "depth": 0}],
                "edges": [
                    {
                        "source": "ak:MesaOptimizer",
                        "target": "ak:Optimizer",
                        "relation": "rdfs:subClassOf",
                        "label": "rdfs:subClassOf",
                        "disputed": False,
                    }
                ],
            }
        }
    )

    focus: str
    depth: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class PathStep(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: Ref = Field(alias="from")
    relation: str
    to: Ref
    direction: Literal["forward", "backward"]
    disputed: bool


class PathOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str
    found: bool
    length: int | None
    steps: list[PathStep]
