"""Request and response bodies of the cases routes: ``CaseIn`` in, ``CaseOut`` out.

What a researcher may send (``CaseIn``: description and/or facts, sources, exhibited
terms, a declared partition) is kept apart from what the service answers (``CaseOut``:
the stored case with its expected and computed verdicts).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from service.api.models import DescriptionIn, FactsIn, Iri

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


class SourceIn(BaseModel):
    """A work a case is documented in."""

    model_config = ConfigDict(extra="forbid")
    url: Iri = Field(min_length=1, max_length=2000, pattern=r"^https?://\S+$")
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
    description: DescriptionIn = Field(None, max_length=20_000)
    facts: FactsIn | None = Field(
        None,
        description="fact -> true/false; null: unknown on purpose (clears a presumption)",
    )
    provenance: dict[str, ProvenanceIn] = Field(
        {}, description="fact name -> where it comes from; a fact without it is the submitter's"
    )
    sources: list[SourceIn] = Field([], max_length=50)
    exhibits: list[str] = Field([], max_length=50, description="terms the case exhibits, as CURIEs")
    partition: Literal["reward", "training"] | None = Field(
        None, description="declared responsibility partition for a narrow system outside its domain"
    )


class CasePatch(BaseModel):
    """A correction to a submitted case: only the fields sent change.

    ``facts`` merges into the stored facts: true/false sets a fact, null makes it unknown
    on purpose (and clears a presumption); facts left out stay as they are.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "facts": {"deceptive": None, "pursuesOtherGoal": True},
                "provenance": {
                    "pursuesOtherGoal": {"kind": "judgement", "why": "the log shows it"}
                },
            }
        },
    )
    title: str | None = Field(None, min_length=1, max_length=300)
    description: DescriptionIn = Field(None, max_length=20_000)
    facts: FactsIn | None = None
    provenance: dict[str, ProvenanceIn] = Field(
        {}, description="fact name -> where a corrected fact comes from"
    )
    sources: list[SourceIn] | None = Field(None, max_length=50)
    exhibits: list[str] | None = Field(None, max_length=50)
    partition: Literal["reward", "training"] | None = None


class ProvenanceIn(BaseModel):
    """Where a submitted fact comes from (optional: a fact without it is the submitter's word)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["source", "inferred", "judgement"]
    quote: str | None = Field(None, max_length=400, description="the source's words (kind source)")
    locator: str | None = Field(None, max_length=300)
    source: int | None = Field(None, ge=0, lt=50, description="index into the case's sources")
    argument: str | None = Field(None, max_length=600, description="kind inferred: why it follows")
    why: str | None = Field(None, max_length=600, description="kind judgement: the reading and why")


class ProvenanceOut(BaseModel):
    kind: Literal["source", "inferred", "judgement", "presumption"] | None
    quote: str | None = None
    locator: str | None = None
    source: str | None = Field(None, description="the work the quote is from (its URL)")
    checked_at: str | None = Field(None, description="the copy the quote was compared with")
    reason: str | None = Field(None, description="the argument (inferred) or why (judgement)")


class SourceOut(BaseModel):
    url: Iri
    title: str | None
    authors: list[str]
    year: int | None


class CaseFramingVerdict(BaseModel):
    """A framing's stored verdict on a case (the classify answer has the full one)."""

    framing: str
    verdict: str | None
    rule: str | None


class CaseOut(BaseModel):
    """A stored case, documented or submitted, with expected and computed verdicts."""

    model_config = ConfigDict(json_schema_extra={"example": CASE_EXAMPLE})

    id: str
    iri: Iri
    title: str
    description: str | None
    facts: dict[str, bool] = Field(description="facts given, sourced or read from the text")
    presumed: dict[str, bool] = Field(
        {},
        description="facts the description was silent on, presumed by the reader; not facts,"
        " and PATCH with the fact as null clears one",
    )
    provenance: dict[str, ProvenanceOut] = Field(
        {}, description="fact name -> where the fact comes from (source, inferred, judgement)"
    )
    sources: list[SourceOut]
    exhibits: list[str]
    expected: str | None = Field(
        description="the verdict the documentation expects (documented cases)"
    )
    verdict: str | None = Field(description="the verdict the classifier computed")
    ambiguous: bool
    framings: list[CaseFramingVerdict]
    partition: str | None
    history: list[str] = Field([], description="dated notes of changes to the case")
    submitted: bool


class CaseDetail(CaseOut):
    """One case as ``GET /cases/{id}`` and ``POST /cases`` answer it: with the classifier's
    whole answer for its facts (the disagreement and the questions that would settle it)."""

    classification: dict[str, Any] = Field(description="the classifier's full answer")


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
