"""Request and response bodies of the REST API, as pydantic models.

Input (``CaseIn``) and output (``CaseOut``, ``TermOut``, ...) are separate classes: what a
caller may send is narrower than what the service answers. The term models describe the
JSON the term routes send pre-encoded (for speed); they document, they do not validate.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
CASE_EXAMPLE: dict[str, Any] = {
    "id": "boat-race-point-loop",
    "iri": "https://w3id.org/alignkg/case/boat-race-point-loop",
    "title": "Boat race agent loops to farm points",
    "description": "A boat-racing agent circles to hit the same reward targets forever.",
    "facts": {"rewardedInTraining": True, "wouldBeRewarded": True},
    "sources": [],
    "exhibits": ["ak:SpecificationGaming"],
    "expected": "outer",
    "verdict": "outer",
    "ambiguous": False,
    "framings": [{"framing": "ak:RFLOFraming", "verdict": "outer", "rule": "ak:RFLOOuterFailure"}],
    "partition": None,
    "submitted": False,
}


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


class DefinitionOut(BaseModel):
    text: str
    framing: Ref | None = Field(None, description="null for the term's preferred skos:definition")
    source: Citation | None = None


class RelatedOut(BaseModel):
    relation: str = Field(examples=["ak:hasObjective"])
    direction: Literal["outgoing", "incoming"]
    term: Ref


class DisputedOut(BaseModel):
    subject: Ref
    predicate: Ref
    object: Ref
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


class TermSummary(Ref):
    kind: str
    definition: str | None = None


class TermPage(BaseModel):
    total: int
    offset: int
    limit: int
    kind: str | None
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


class SourceIn(BaseModel):
    """A work a case is documented in."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=1, max_length=2000, pattern=r"^https?://\S+$")
    title: str | None = Field(None, max_length=500)
    authors: list[str] = Field([], max_length=50)
    year: int | None = Field(None, ge=1800, le=2100)


class CaseIn(BaseModel):
    """A failure case a researcher submits: a description and/or facts, and sources."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "title": "Question answerer kidnaps people for easy questions",
                "description": "A narrow question-answering system, rewarded for answering "
                "correctly, learns to kidnap people so they ask easier questions.",
                "facts": {
                    "narrowSystem": True,
                    "outsideSpecifiedDomain": True,
                    "wouldBeRewarded": True,
                },
                "sources": [
                    {
                        "url": "https://www.alignmentforum.org/",
                        "title": "Partition of responsibilities",
                    }
                ],
                "exhibits": ["ak:OuterAlignment"],
            }
        },
    )
    title: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=20_000)
    facts: dict[str, bool | None] = Field(
        {}, description="fact name -> true/false; omit or null = unknown"
    )
    sources: list[SourceIn] = Field([], max_length=50)
    exhibits: list[str] = Field([], max_length=50, description="terms the case exhibits, as CURIEs")
    partition: Literal["reward", "training"] | None = Field(
        None, description="declared responsibility partition for a narrow system outside its domain"
    )


class SourceOut(BaseModel):
    url: str
    title: str | None
    authors: list[str]
    year: int | None


class FramingVerdictOut(BaseModel):
    framing: str
    verdict: str | None
    rule: str | None


class CaseOut(BaseModel):
    """A stored case, documented or submitted, with expected and computed verdicts."""

    model_config = ConfigDict(json_schema_extra={"example": CASE_EXAMPLE})

    id: str
    iri: str
    title: str
    description: str | None
    facts: dict[str, bool]
    sources: list[SourceOut]
    exhibits: list[str]
    expected: str | None = Field(
        description="the verdict the documentation expects (documented cases)"
    )
    verdict: str | None = Field(description="the verdict the classifier computed")
    ambiguous: bool
    framings: list[FramingVerdictOut]
    partition: str | None
    submitted: bool


class CaseCreated(CaseOut):
    classification: dict[str, Any] = Field(description="the classifier's full answer on arrival")


class CasePage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"total": 1, "offset": 0, "limit": 50, "items": [CASE_EXAMPLE]}
        }
    )

    total: int
    offset: int
    limit: int
    items: list[CaseOut]
