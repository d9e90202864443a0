"""``POST /classify`` and ``POST /classify/batch``: a case in, every framing's verdict out."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ontology.cases.similar import similar_cases
from ontology.classifier.engine import classify
from ontology.facts import FactError
from service.api.models import DescriptionIn, FactsIn, PageFormat, wants_page
from service.http.caching import cached_response, json_bytes
from service.http.errors import Unprocessable
from service.http.negotiation import content_type
from service.pages import STATIC
from service.pages.classify_page import classify_page, fact_questions

router = APIRouter(tags=["classify"])

VerdictWord = Literal[
    "outer", "inner", "both", "none", "ambiguous", "underdetermined", "not_applicable", "unknown"
]

KIDNAPPING: dict[str, Any] = {
    "description": "A narrow question-answering system kidnaps people to get easy questions.",
    "facts": {
        "narrowSystem": True,
        "outsideSpecifiedDomain": True,
        "rewardedInTraining": False,
        "wouldBeRewarded": True,
        "distributionShift": True,
        "pursuesOtherGoal": True,
        "deceptive": False,
        "learnedFromFlawedFeedback": False,
        "oversightWouldCatch": False,
    },
}


class CaseToClassify(BaseModel):
    """A failure case: a description, facts, or both (facts win where they overlap)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [KIDNAPPING]})

    description: DescriptionIn = Field(default=None, max_length=100_000)
    facts: FactsIn | None = None
    partition: Literal["reward", "training"] | None = None
    framing: str | list[str] | None = None

    @model_validator(mode="after")
    def _something_to_classify(self) -> CaseToClassify:
        if self.description is None and self.facts is None:
            raise ValueError("give a description, facts, or both")
        return self


class FramingVerdictOut(BaseModel):
    framing: str
    label: str
    verdict: VerdictWord
    rule: str
    set_aside: bool
    awaiting_declaration: bool


class EvidenceOut(BaseModel):
    fact: str
    value: bool
    text: str
    start: int
    end: int


class AnswerOut(BaseModel):
    """How to answer a question in the next request: set ``field`` to ``yes`` or ``no``."""

    field: str = Field(examples=["facts.wouldBeRewarded", "partition"])
    yes: bool | str
    no: bool | str


class QuestionOut(BaseModel):
    fact: str
    question: str
    answer: AnswerOut
    if_yes: VerdictWord
    if_no: VerdictWord
    possible_if_yes: list[VerdictWord]
    possible_if_no: list[VerdictWord]


#: The answer for KIDNAPPING's facts, abridged to two framings (a test keeps it true to them).
KIDNAPPING_ANSWER: dict[str, Any] = {
    "verdict": "ambiguous",
    "ambiguous": True,
    "partition": None,
    "framings": [
        {
            "framing": "ak:DesiderataFraming",
            "label": "desiderata (Greenblatt)",
            "verdict": "outer",
            "rule": "ak:DesiderataOuterFailure"
            " (reward process not locally adequate (desiderata outer))",
            "set_aside": False,
            "awaiting_declaration": False,
        },
        {
            "framing": "ak:GeneralizationCentricFraming",
            "label": "generalization-focused (Koch, Langosco et al. 2021; Turner)",
            "verdict": "inner",
            "rule": "ak:GeneralizationInnerFailure"
            " (objective-robustness failure (generalization-focused inner))",
            "set_aside": False,
            "awaiting_declaration": False,
        },
    ],
    "disagreement": {
        "outer": [
            "ak:DesiderataFraming",
            "ak:Hubinger2020Framing",
            "ak:ObjectiveCentricFraming",
            "ak:RFLOFraming",
        ],
        "inner": ["ak:GeneralizationCentricFraming", "ak:ThreatModelFraming"],
    },
    "facts": KIDNAPPING["facts"],
    "presumed": {},
    "implied": {},
    "evidence": [],
    "questions": [
        {
            "fact": "outOfDomainSafetyIsRewardsJob",
            "question": "Is keeping a narrow system safe outside its task's domain the job of the"
            " reward function (answer yes: such a failure is outer) or of the training process"
            " (answer no: it is inner)?",
            "answer": {"field": "partition", "yes": "reward", "no": "training"},
            "if_yes": "outer",
            "if_no": "inner",
            "possible_if_yes": ["outer"],
            "possible_if_no": ["inner"],
        }
    ],
}


class SimilarCase(BaseModel):
    """A documented case that reads like the description (BM25 over titles and descriptions)."""

    id: str
    title: str
    score: float = Field(description="BM25 score; only comparable within one answer")
    verdict: VerdictWord = Field(description="the documented case's expected verdict")


class ClassificationOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [KIDNAPPING_ANSWER]})

    verdict: VerdictWord
    ambiguous: bool
    partition: Literal["reward", "training"] | None
    framings: list[FramingVerdictOut]
    disagreement: dict[str, list[str]]
    facts: dict[str, bool] = Field(description="facts given, or read from the description")
    presumed: dict[str, bool] = Field(
        {},
        description="facts the description is silent on, presumed as the ontology says"
        " (ak:presumedInText); send the fact as null to clear a presumption",
    )
    implied: dict[str, bool] = Field(
        description="facts that follow from the given ones by the ontology's implications"
    )
    evidence: list[EvidenceOut]
    questions: list[QuestionOut]
    similar: list[SimilarCase] = Field(
        [], description="documented cases that read most like the description, best first"
    )


class Batch(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"cases": [KIDNAPPING]}]}
    )

    cases: list[CaseToClassify] = Field(min_length=1, max_length=1000)


class BatchOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"results": [KIDNAPPING_ANSWER]}]})

    results: list[ClassificationOut]


def _classify(case: CaseToClassify, *, field: str = "") -> dict[str, object]:
    try:
        facts = case.facts.model_dump(exclude_unset=True) if case.facts else None
        result = classify(
            facts, text=case.description, partition=case.partition, framing=case.framing
        )
    except FactError as err:
        name = f"{field}{err.field}"
        raise Unprocessable(f"{name}: {err.args[0].split(': ', 1)[-1]}", field=name) from None
    answer = result.to_dict()
    answer["similar"] = similar_cases(case.description) if case.description else []
    return answer


@router.post("/classify", response_model=ClassificationOut, summary="Classify one failure case")
async def classify_one(case: Annotated[CaseToClassify, Body()]) -> dict[str, object]:
    """Verdicts under every framing, the overall verdict, and what would settle it."""
    return _classify(case)


@router.post("/classify/batch", response_model=BatchOut, summary="Classify up to 1,000 cases")
async def classify_batch(batch: Batch) -> dict[str, object]:
    """One answer per case, in order."""
    return {"results": [_classify(c, field=f"cases.{i}.") for i, c in enumerate(batch.cases)]}


@router.get(
    "/classify",
    summary="The classify page (browsers), or the facts a case is described by (tools)",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "facts": [
                            {
                                "name": "rewardedInTraining",
                                "label": "rewarded in training",
                                "question": "Did the objective as actually specified ...",
                            }
                        ]
                    }
                },
                "text/html": {"schema": {"type": "string"}},
            }
        }
    },
)
async def classify_form(
    request: Request,
    format: PageFormat = "auto",  # noqa: A002 - the query parameter is called format everywhere
) -> Response:
    """A browser gets the page: describe a failure, see the facts read from it with their
    words, answer the questions in the order that settles the verdict fastest. A tool gets
    the facts and declarations with their questions, to build a ``POST /classify`` body."""
    chosen = "html" if wants_page(request.headers.get("accept"), format) else "json"
    if chosen == "html":
        return cached_response(
            request, classify_page(), media_type=content_type("html"), tag='"classify-page"'
        )
    return Response(json_bytes({"facts": list(fact_questions())}), media_type=content_type("json"))


@router.get("/classify/classify.js", include_in_schema=False)
def classify_script() -> FileResponse:
    return FileResponse(STATIC / "classify.js", media_type="text/javascript")


@router.get("/classify/classify.css", include_in_schema=False)
def classify_style() -> FileResponse:
    return FileResponse(STATIC / "classify.css", media_type="text/css")
