"""Failure cases: the documented ones and those researchers submit, in one listing.

``POST /cases`` classifies the case under every framing, stores it in the submitted
graph and answers 201 only after the store has committed it. Documented cases (from
``data/``) are read-only: deleting one is 403.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query, Request, Response

from ontology.cases.book import (
    CaseError,
    case_book,
    correct_case,
    delete_case,
    get_case,
    list_cases,
    submit_case,
)
from ontology.cases.documented import classify_case
from ontology.cases.similar import similar_cases
from ontology.facts import FactError, case_facts
from ontology.terms.index import term_index
from service.api.case_models import CaseDetail, CaseIn, CasePage, CasePatch
from service.api.models import PageFormat, wants_page
from service.deps import StoreDep, WriteGuard
from service.http.caching import cached_json, cached_page
from service.http.errors import Forbidden, NotFound, Unprocessable
from service.pages.case_pages import SORTS, case_page, cases_page

router = APIRouter(tags=["cases"])

VerdictName = Literal[
    "outer", "inner", "both", "none", "ambiguous", "underdetermined", "not_applicable"
]
CaseId = Annotated[
    str,
    Path(
        max_length=200,
        description="the case's id (the last segment of its IRI)",
        openapi_examples={
            "documented": {"summary": "a documented case", "value": "boat-race-point-loop"}
        },
    ),
]
#: A case to change: the example shows the refusal a documented case gets (``x-status``
#: tells tests/api/test_openapi_examples.py to expect it).
WritableCaseId = Annotated[
    str,
    Path(
        max_length=200,
        description="a submitted case's id (documented cases are read-only: 403)",
        openapi_examples={
            "documented": {
                "summary": "a documented case, which is refused",
                "value": "boat-race-point-loop",
                "x-status": 403,
            }
        },
    ),
]
_HTML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {"schema": {"type": "string"}}}}
}
_NO_SUCH_CASE: dict[int | str, dict[str, Any]] = {404: {"description": "no such case"}}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no or wrong `Authorization: Bearer <key>`"},
    503: {"description": "writes are disabled: no API key is configured"},
}


@router.get(
    "/cases",
    summary="List cases (paged), optionally by computed verdict",
    response_model=CasePage,
    responses=_HTML,
)
async def get_cases(
    request: Request,
    store: StoreDep,
    verdict: Annotated[
        VerdictName | None,
        Query(description="only cases with this computed verdict", examples=["ambiguous"]),
    ] = None,
    offset: Annotated[int, Query(ge=0, examples=[0])] = 0,
    limit: Annotated[int, Query(ge=1, le=500, examples=[50])] = 50,
    sort: Annotated[
        Literal["title", "year", "verdict"], Query(description="order of the HTML table")
    ] = "title",
    format: PageFormat = "auto",  # noqa: A002 - the query parameter is called format everywhere
) -> Response:
    """Documented cases first, then submitted ones; each with facts, sources and verdicts.
    A browser gets every case as a table it can sort by title, year or verdict."""
    if wants_page(request.headers.get("accept"), format):
        cases = case_book(store).ordered
        if verdict is not None:
            cases = [c for c in cases if c["verdict"] == verdict]
        index = term_index(store)
        disagreements = index.remember(("case-disagreements",), lambda: _disagreements(store))
        body = cases_page(cases, disagreements, sort=sort if sort in SORTS else "title")
        return cached_page(request, body, store=store, name=f"cases-{sort}")
    page = list_cases(store, verdict=verdict, offset=offset, limit=limit)
    return cached_json(request, page, store=store, name="cases", max_age=0)


def _disagreements(store: StoreDep) -> dict[str, dict[str, list[str]]]:
    """Per case id, what the framings that disagree on it say (empty when they agree)."""
    found: dict[str, dict[str, list[str]]] = {}
    for case in case_book(store).ordered:
        result = classify_case(case)
        found[case["id"]] = result.to_dict()["disagreement"]  # type: ignore[assignment]
    return found


@router.get(
    "/cases/{case_id}",
    summary="One case with its expected and computed verdicts",
    response_model=CaseDetail,
    responses={**_HTML, **_NO_SUCH_CASE},
)
async def get_one_case(
    request: Request,
    store: StoreDep,
    case_id: CaseId,
    format: PageFormat = "auto",  # noqa: A002 - the query parameter is called format everywhere
) -> Response:
    """Description, facts with their provenance, sources, the expected verdict, each
    framing's computed one, and the classifier's whole answer (what the framings disagree
    on, what would settle it). A browser gets the case page."""
    chosen = "html" if wants_page(request.headers.get("accept"), format) else "json"
    case = get_case(store, case_id)
    if case is None:
        raise NotFound(f"no case {case_id!r}; GET /cases lists them")
    # The stored facts are the ones the classifier used, so this is the answer on arrival.
    answer = classify_case(case).to_dict()
    if chosen == "html":
        labels = {f.name: f.label for f in case_facts()}
        similar = similar_cases(case["description"]) if case["description"] else []
        body = case_page(case, answer, similar=similar, labels=labels)
        return cached_page(request, body, store=store, name=f"case-{case_id}")
    return cached_json(
        request, {**case, "classification": answer}, store=store, name="case", max_age=0
    )


def _exhibited_terms(store: StoreDep, exhibits: list[str]) -> list[str]:
    index = term_index(store)
    curies = []
    for position, identifier in enumerate(exhibits):
        term = index.resolve(identifier)
        if term is None:
            raise Unprocessable(
                f"exhibits.{position}: no term {identifier!r}", field=f"exhibits.{position}"
            )
        curies.append(term.curie)
    return curies


@router.post(
    "/cases",
    summary="Submit a case: classified on arrival, stored durably",
    status_code=201,
    response_model=CaseDetail,
    responses={
        201: {"headers": {"Location": {"description": "the new case's URL"}}},
        **_WRITE_ERRORS,
    },
    dependencies=[WriteGuard],
)
def post_case(
    store: StoreDep, response: Response, case: Annotated[CaseIn, Body()]
) -> dict[str, Any]:
    """Needs `Authorization: Bearer <ALIGNKG_API_KEY>`. Give a description and/or facts.

    The answer is sent only once the case is committed to the on-disk store, so a case
    that got a 201 survives a crash.
    """
    submission = case.model_dump()
    # Unset facts are unknown; a fact sent as null is unknown on purpose (nothing presumed).
    submission["facts"] = case.facts.model_dump(exclude_unset=True) if case.facts else {}
    submission["exhibits"] = _exhibited_terms(store, case.exhibits)
    try:
        record, classification = submit_case(store, submission)
    except (FactError, CaseError) as err:
        raise Unprocessable(str(err), field=err.field) from None
    response.headers["Location"] = f"/cases/{record['id']}"
    return {**record, "classification": classification}


@router.patch(
    "/cases/{case_id}",
    summary="Correct a submitted case (documented cases are read-only)",
    response_model=CaseDetail,
    responses={
        403: {"description": "a documented case"},
        **_NO_SUCH_CASE,
        **_WRITE_ERRORS,
    },
    dependencies=[WriteGuard],
)
def patch_case(
    store: StoreDep, case_id: WritableCaseId, changes: Annotated[CasePatch, Body()]
) -> dict[str, Any]:
    """Needs the API key. Only the fields sent change; ``facts`` merges (null clears a fact
    or a presumption). The case is classified again and keeps its id and its history, with
    a dated note of the correction."""
    case = get_case(store, case_id)
    if case is None:
        raise NotFound(f"no case {case_id!r}; GET /cases lists them")
    if not case["submitted"]:
        raise Forbidden(f"case {case_id!r} is documented in data/ and read-only")
    patch = changes.model_dump(exclude_unset=True)
    if changes.facts is not None:
        patch["facts"] = changes.facts.model_dump(exclude_unset=True)
    if changes.exhibits is not None:
        patch["exhibits"] = _exhibited_terms(store, changes.exhibits)
    try:
        record, classification = correct_case(
            store, case_id, patch, today=datetime.now(UTC).date().isoformat()
        )
    except (FactError, CaseError) as err:
        raise Unprocessable(str(err), field=err.field) from None
    return {**record, "classification": classification}


@router.delete(
    "/cases/{case_id}",
    summary="Delete a submitted case (documented cases are read-only)",
    status_code=204,
    response_class=Response,
    responses={
        403: {"description": "a documented case"},
        404: {"description": "no such case"},
        **_WRITE_ERRORS,
    },
    dependencies=[WriteGuard],
)
def remove_case(store: StoreDep, case_id: WritableCaseId) -> Response:
    """Needs the API key. Removes the case and its verdicts from the submitted graph."""
    case = get_case(store, case_id)
    if case is None:
        raise NotFound(f"no case {case_id!r}")
    if not case["submitted"]:
        raise Forbidden(f"case {case_id!r} is documented in data/ and read-only")
    delete_case(store, case_id)
    return Response(status_code=204)
