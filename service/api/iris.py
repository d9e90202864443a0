"""Where alignkg's IRIs land on the site: ``/case/{id}`` and ``/{LocalName}``.

w3id.org sends ``https://w3id.org/alignkg/<rest>`` to this site as ``/<rest>``, so a case
IRI (``.../alignkg/case/boat-race``) arrives as ``/case/boat-race`` and a term IRI
(``.../alignkg/MesaOptimizer``) as ``/MesaOptimizer``. Each is answered 303 See Other
with the resource that describes it (``/cases/{id}``, ``/terms/{LocalName}``), query
string and all, which then answers in the format asked for: a page for a browser, JSON
or RDF for a tool, ``?format=`` included. A name that is neither is a 404 problem.

``/{name}`` matches every one-segment path, so ``service/app.py`` registers this router
after every other: an existing route always wins.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ontology.cases.book import get_case
from ontology.terms.index import term_index
from ontology.terms.search import close_matches
from ontology.vocab import ak_iri
from service.deps import StoreDep
from service.http.errors import NotFound, TermNotFound

router = APIRouter(tags=["iris"])


def _see_other(request: Request, path: str) -> RedirectResponse:
    query = request.url.query
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=303)


@router.get("/case/{case_id}", include_in_schema=False)
async def resolve_case_iri(request: Request, store: StoreDep, case_id: str) -> RedirectResponse:
    """A case IRI, sent on to the case's description."""
    if get_case(store, case_id) is None:
        raise NotFound(f"no case {case_id!r}; GET /cases lists them")
    return _see_other(request, "/cases/" + quote(case_id, safe=""))


@router.get("/{name}", include_in_schema=False)
async def resolve_term_iri(request: Request, store: StoreDep, name: str) -> RedirectResponse:
    """A term IRI, sent on to the term's description; only an exact ``ak:`` local name."""
    index = term_index(store)
    if ak_iri(name) not in index.terms or ":" in name:
        # Close matches for what could be a mistyped term; not for long junk paths.
        suggestions = close_matches(index, name) if len(name) <= 100 else []
        hint = f"; did you mean {suggestions[0]['curie']}?" if suggestions else ""
        detail = f"nothing at /{name}: no route and no term{hint}"
        raise TermNotFound(detail, close_matches=suggestions)
    return _see_other(request, "/terms/" + quote(name, safe=""))
