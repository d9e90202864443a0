"""An OLS-shaped read API under ``/ols/api``, so that an existing OLS client reads alignkg.

The subset of OLS4's v1 API that clients use, in its JSON and its HAL paging
(``_embedded``, ``_links``, ``page`` with ``page``/``size`` parameters from 0): the
ontology list and record, terms (classes), individuals and properties listed or looked
up by IRI, a term's parents, children, ancestors and descendants (and OLS's
``hierarchical*`` names for them), an individual's types, and search. The one ontology
is ``alignkg``. As in OLS, an IRI in a path segment is URL-encoded twice, and a term may
also be named with ``?id=`` (IRI, short form or CURIE). Errors are problem+json: 404 for
an unknown ontology, section, relation or term, 422 for bad paging or parameters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import APIRouter, Path, Query, Request, Response

from ontology.terms.index import TermIndex, term_index
from ontology.terms.ols import ONTOLOGY_ID, RELATIONS, SECTIONS, entities, find_entity, relatives
from ontology.terms.ols_json import Hrefs, entity_json, hal_page, ontology_json
from ontology.terms.ols_search import ENTITY_TYPES, QUERY_FIELDS, OlsQuery, ols_search
from ontology.terms.search import close_matches
from ontology.terms.term import Term
from service.deps import StoreDep
from service.http.caching import cached_json
from service.http.errors import NotFound, TermNotFound, Unprocessable

router = APIRouter(tags=["ols"])

API = "/ols/api"
#: A term's relatives may also be asked for as ``/ontologies/{id}/{relation}?id=``.
TERM_RELATIONS = tuple(RELATIONS["terms"])
_ENTITY_NAMES = {"terms": "term", "individuals": "individual", "properties": "property"}

OntologyId = Annotated[str, Path(description="the ontology's OLS id", examples=[ONTOLOGY_ID])]
SectionName = Annotated[
    str, Path(description="terms, individuals or properties", examples=["terms"])
]
EntityIri = Annotated[
    str,
    Path(
        description="the IRI, URL-encoded twice as OLS takes it (a CURIE or short form works too)",
        examples=["https%253A%252F%252Fw3id.org%252Falignkg%252FMesaOptimizer"],
    ),
]
PageNumber = Annotated[int, Query(ge=0, description="which page, from 0", examples=[0])]
PageSize = Annotated[int, Query(ge=1, le=500, description="entities per page", examples=[20])]
IriFilter = Annotated[str | None, Query(description="only the entity with this IRI")]
ShortFormFilter = Annotated[str | None, Query(description="only the entity with this short form")]
OboIdFilter = Annotated[str | None, Query(description="only the entity with this CURIE")]
IdFilter = Annotated[str | None, Query(description="IRI, short form or CURIE")]

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such ontology, section, relation or entity"},
    422: {"description": "a page number or size out of range, or a bad parameter"},
}


def _checked_ontology(ontology_id: str) -> None:
    # OLS ids are lower case, and OLS reads them without regard to case.
    if ontology_id.lower() != ONTOLOGY_ID:
        raise NotFound(f"no ontology {ontology_id!r}; the one ontology here is {ONTOLOGY_ID!r}")


def _checked_section(section: str) -> None:
    if section not in SECTIONS:
        raise NotFound(f"no section {section!r}; the sections are {', '.join(SECTIONS)}")


def _found(index: TermIndex, section: str, identifier: str) -> Term:
    """The section's entity, or a 404 problem (suggesting terms for a mistyped term)."""
    entity = find_entity(index, section, identifier)
    if entity is None:
        hints = close_matches(index, identifier) if section != "properties" else []
        name = _ENTITY_NAMES[section]
        raise TermNotFound(f"no {name} {identifier!r} in {ONTOLOGY_ID}", close_matches=hints)
    return entity


def _one_filter(**filters: str | None) -> str | None:
    """The value of the one id filter given (OLS takes one of them), if any."""
    given = {name: value for name, value in filters.items() if value is not None}
    for name, value in given.items():
        if not value.strip():
            raise Unprocessable(f"{name}: give an id, or leave {name} out", field=name)
    return next(iter(given.values()), None)


def _json(request: Request, store: StoreDep, body: Any) -> Response:
    # Bodies carry absolute links, so each URL (host included) is its own representation.
    name = "ols-" + hashlib.sha256(str(request.url).encode()).hexdigest()[:16]
    return cached_json(request, body, store=store, name=name)


def _paged(
    request: Request,
    store: StoreDep,
    items: list[Any],
    *,
    key: str,
    page: int,
    size: int,
    shape: Callable[[Any], dict[str, Any]],
) -> Response:
    def href(number: int) -> str:
        return str(request.url.include_query_params(page=number, size=size))

    body = hal_page(items, key=key, page=page, size=size, shape=shape, href=href)
    return _json(request, store, body)


def _entity_shape(
    index: TermIndex, section: str, request: Request
) -> Callable[[Term], dict[str, Any]]:
    hrefs = Hrefs(str(request.base_url))
    return lambda entity: entity_json(index, section, entity, hrefs)


_ROOT_EXAMPLE = {
    "_links": {
        "ontologies": {"href": "http://127.0.0.1:8000/ols/api/ontologies"},
        "terms": {"href": "http://127.0.0.1:8000/ols/api/terms"},
        "search": {"href": "http://127.0.0.1:8000/ols/api/search"},
        "profile": {"href": "http://127.0.0.1:8000/openapi.json"},
    }
}


@router.get(
    API + "/",
    summary="OLS: where the OLS-shaped API's collections are",
    responses={200: {"content": {"application/json": {"example": _ROOT_EXAMPLE}}}},
)
async def get_ols_root(request: Request) -> dict[str, Any]:
    """Links to the ontology list, the entity sections across ontologies and search; the
    ``profile`` (in Spring's OLS, the API's self-description) is the OpenAPI document."""
    hrefs = Hrefs(str(request.base_url))
    names = ("ontologies", *SECTIONS, "search")
    links = {name: {"href": f"{hrefs.api}/{name}"} for name in names}
    return {"_links": {**links, "profile": {"href": hrefs.site.rstrip("/") + "/openapi.json"}}}


@router.get(API + "/ontologies", summary="OLS: the ontologies (one: alignkg)", responses=_NOT_FOUND)
async def get_ols_ontologies(
    request: Request, store: StoreDep, page: PageNumber = 0, size: PageSize = 20
) -> Response:
    """A HAL page of ontology records under ``_embedded.ontologies``."""
    index = term_index(store)
    hrefs = Hrefs(str(request.base_url))
    shape = lambda _: ontology_json(index, hrefs)  # noqa: E731 - one record, one ontology
    return _paged(
        request, store, [ONTOLOGY_ID], key="ontologies", page=page, size=size, shape=shape
    )


@router.get(
    API + "/ontologies/{ontology_id}",
    summary="OLS: one ontology's record",
    responses=_NOT_FOUND,
)
async def get_ols_ontology(request: Request, store: StoreDep, ontology_id: OntologyId) -> Response:
    """Title, description, version, counts, download location and links to its sections."""
    _checked_ontology(ontology_id)
    body = ontology_json(term_index(store), Hrefs(str(request.base_url)))
    return _json(request, store, body)


@router.get(
    API + "/ontologies/{ontology_id}/{section}",
    summary="OLS: an ontology's terms, individuals or properties; or a term's relatives by id",
    responses=_NOT_FOUND,
)
async def get_ols_section(
    request: Request,
    store: StoreDep,
    ontology_id: OntologyId,
    section: Annotated[
        str,
        Path(
            description="terms, individuals, properties, or a relation such as ancestors",
            examples=["terms"],
        ),
    ],
    iri: IriFilter = None,
    short_form: ShortFormFilter = None,
    obo_id: OboIdFilter = None,
    id: IdFilter = None,  # noqa: A002 - OLS calls the parameter id
    page: PageNumber = 0,
    size: PageSize = 20,
) -> Response:
    """A HAL page of the section's entities, or of the one that ``iri``, ``short_form``,
    ``obo_id`` or ``id`` names (404 if there is none). With a relation in place of the
    section (``parents``, ``ancestors``, ...), the relatives of the term ``id`` names."""
    _checked_ontology(ontology_id)
    index = term_index(store)
    wanted = _one_filter(iri=iri, short_form=short_form, obo_id=obo_id, id=id)
    if section in TERM_RELATIONS:
        if id is None:
            raise Unprocessable(f"id: name the term whose {section} to list", field="id")
        found = relatives(index, "terms", _found(index, "terms", id), section)
        key = "terms"
    else:
        _checked_section(section)
        found = [_found(index, section, wanted)] if wanted else entities(index, section)
        key = section
    shape = _entity_shape(index, "terms" if section in TERM_RELATIONS else section, request)
    return _paged(request, store, found, key=key, page=page, size=size, shape=shape)


@router.get(
    API + "/ontologies/{ontology_id}/{section}/{entity_iri}",
    summary="OLS: one term, individual or property by its IRI",
    responses=_NOT_FOUND,
)
async def get_ols_entity(
    request: Request,
    store: StoreDep,
    ontology_id: OntologyId,
    section: SectionName,
    entity_iri: EntityIri,
) -> Response:
    """Label, synonyms, descriptions, annotations, whether it is a root or has children,
    and links to its relatives."""
    _checked_ontology(ontology_id)
    _checked_section(section)
    index = term_index(store)
    entity = _found(index, section, unquote(entity_iri))
    return _json(request, store, _entity_shape(index, section, request)(entity))


@router.get(
    API + "/ontologies/{ontology_id}/{section}/{entity_iri}/{relation}",
    summary="OLS: a term's parents, children, ancestors or descendants; an individual's types",
    responses=_NOT_FOUND,
)
async def get_ols_relatives(
    request: Request,
    store: StoreDep,
    ontology_id: OntologyId,
    section: SectionName,
    entity_iri: EntityIri,
    relation: Annotated[
        str,
        Path(
            description="for terms: parents, children, ancestors, descendants and their "
            "hierarchical* names; for individuals: types, alltypes",
            examples=["ancestors"],
        ),
    ],
    page: PageNumber = 0,
    size: PageSize = 20,
) -> Response:
    """A HAL page of terms under ``_embedded.terms``, in label order. Ancestors and
    descendants are transitive; a class's individuals are not among its children."""
    _checked_ontology(ontology_id)
    _checked_section(section)
    if relation not in RELATIONS[section]:
        known = ", ".join(RELATIONS[section]) or "none"
        raise NotFound(f"no relation {relation!r} for {section}; there are: {known}")
    index = term_index(store)
    found = relatives(index, section, _found(index, section, unquote(entity_iri)), relation)
    shape = _entity_shape(index, "terms", request)
    return _paged(request, store, found, key="terms", page=page, size=size, shape=shape)


def _listed(value: str | None) -> tuple[str, ...]:
    """A comma-separated parameter as its items (OLS separates lists with commas)."""
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def _checked_values(name: str, values: tuple[str, ...], known: Any) -> tuple[str, ...]:
    unknown = [v for v in values if v not in known]
    if unknown:
        raise Unprocessable(f"{name}: {unknown[0]!r} is not one of {', '.join(known)}", field=name)
    return values


@router.get(
    API + "/search",
    summary="OLS: search terms and individuals, answered as Solr does",
    responses={422: _NOT_FOUND[422]},
)
async def get_ols_search(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["mesa-optimizer"])],
    ontology: Annotated[str | None, Query(description="ontology ids, comma-separated")] = None,
    type: Annotated[  # noqa: A002 - OLS calls the parameter type
        str | None, Query(description="class, individual, property or ontology")
    ] = None,
    exact: Annotated[bool, Query(description="only a whole label or synonym")] = False,
    query_fields: Annotated[
        str | None, Query(alias="queryFields", description="label, synonym, description")
    ] = None,
    field_list: Annotated[
        str | None, Query(alias="fieldList", description="fields to return, comma-separated")
    ] = None,
    children_of: Annotated[
        str | None, Query(alias="childrenOf", description="only direct children of these IRIs")
    ] = None,
    all_children_of: Annotated[
        str | None, Query(alias="allChildrenOf", description="only descendants of these IRIs")
    ] = None,
    rows: Annotated[int, Query(ge=1, le=500, description="hits per page")] = 10,
    start: Annotated[int, Query(ge=0, description="hits to skip")] = 0,
) -> Response:
    """alignkg's one search (labels, synonyms, definitions; spelling-insensitive), ranked
    as ``GET /search`` ranks, under ``response.docs`` with ``numFound`` and ``start``."""
    query = OlsQuery(
        q=q,
        start=start,
        rows=rows,
        ontologies=_listed(ontology),
        types=_checked_values("type", _listed(type), ENTITY_TYPES),
        exact=exact,
        query_fields=_checked_values("queryFields", _listed(query_fields), QUERY_FIELDS),
        field_list=_listed(field_list),
        children_of=_listed(children_of),
        all_children_of=_listed(all_children_of),
    )
    body = ols_search(term_index(store), query, params=dict(request.query_params))
    return _json(request, store, body)


@router.get(
    API + "/{section}",
    summary="OLS: terms, individuals or properties across ontologies, or the one with an IRI",
    responses=_NOT_FOUND,
)
async def get_ols_entities(
    request: Request,
    store: StoreDep,
    section: SectionName,
    iri: IriFilter = None,
    short_form: ShortFormFilter = None,
    obo_id: OboIdFilter = None,
    id: IdFilter = None,  # noqa: A002 - OLS calls the parameter id
    page: PageNumber = 0,
    size: PageSize = 20,
) -> Response:
    """As ``/ontologies/alignkg/{section}``, except that an id no ontology here has gives
    an empty page rather than 404: the question is which ontologies have it."""
    _checked_section(section)
    index = term_index(store)
    wanted = _one_filter(iri=iri, short_form=short_form, obo_id=obo_id, id=id)
    if wanted is None:
        found = entities(index, section)
    else:
        entity = find_entity(index, section, wanted)
        found = [entity] if entity is not None else []
    shape = _entity_shape(index, section, request)
    return _paged(request, store, found, key=section, page=page, size=size, shape=shape)
