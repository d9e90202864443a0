"""alignkg's ontology and entities written as OLS4's v1 JSON API writes them, with HAL
pages (``_embedded``, ``_links``, ``page``).

Answering in OLS's shape lets OLS clients, in whatever language, read alignkg as they
read any OLS ontology. Links are absolute, as OLS gives them, so the caller says where
the service is (``Hrefs``):

>>> Hrefs("http://127.0.0.1:8000").entity("terms", "https://w3id.org/alignkg/Optimizer")
'http://127.0.0.1:8000/ols/api/ontologies/alignkg/terms/https%253A%252F%252Fw3id.org%252Falignkg%252FOptimizer'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from ontology.terms.describe import definitions
from ontology.terms.index import TermIndex
from ontology.terms.ols import (
    ONTOLOGY_ID,
    PREFIX,
    RELATIONS,
    SECTIONS,
    entities,
    ontology_header,
    relatives,
)
from ontology.terms.term import Term
from ontology.vocab import (
    BASE,
    DC_CREATOR,
    DC_DESCRIPTION,
    DC_TITLE,
    DCTERMS,
    OWL,
    RDFS_COMMENT,
    RDFS_LABEL,
    SKOS_ALT,
    SKOS_DEF,
    SKOS_PREF,
    in_namespace,
    local_name,
)

#: Said by the entity's own fields (label, synonyms, description), not again as annotations.
_SHOWN_ELSEWHERE = frozenset({RDFS_LABEL, SKOS_PREF, SKOS_ALT, SKOS_DEF, RDFS_COMMENT})


@dataclass(frozen=True)
class Hrefs:
    """Absolute links into the OLS-shaped API of the service at ``site``."""

    site: str

    @property
    def api(self) -> str:
        return self.site.rstrip("/") + "/ols/api"

    def ontology(self) -> str:
        return f"{self.api}/ontologies/{ONTOLOGY_ID}"

    def section(self, section: str) -> str:
        return f"{self.ontology()}/{section}"

    def entity(self, section: str, iri: str) -> str:
        # OLS takes an IRI in a path segment encoded twice (a web server decodes once).
        return f"{self.section(section)}/{quote(quote(iri, safe=''), safe='')}"


def entity_json(index: TermIndex, section: str, entity: Term, hrefs: Hrefs) -> dict[str, Any]:
    """One term, individual or property, with the fields an OLS v1 client reads."""
    above, below = _has_relatives(index, section, entity)
    return {
        "iri": entity.iri,
        "lang": "en",
        "description": _descriptions(index, section, entity),
        "synonyms": entity.alt_labels,
        "annotation": _annotations(index, entity),
        "label": entity.label,
        "ontology_name": ONTOLOGY_ID,
        "ontology_prefix": PREFIX,
        "ontology_iri": ontology_header(index)[0],
        "is_obsolete": False,
        "term_replaced_by": None,
        "is_defining_ontology": in_namespace(entity.iri, BASE) is not None,
        "has_children": below,
        "is_root": not above,
        "short_form": local_name(entity.iri),
        "obo_id": entity.curie,
        "in_subset": None,
        "obo_definition_citation": None,
        "obo_xref": None,
        "obo_synonym": None,
        "is_preferred_root": False,
        "_links": _entity_links(section, entity, hrefs, above=above, below=below),
    }


def _has_relatives(index: TermIndex, section: str, entity: Term) -> tuple[bool, bool]:
    """Whether the entity has anything above it, and anything below it, in its section."""
    if section == "properties":
        return bool(entity.parents), bool(entity.children)
    if section == "individuals":
        return bool(relatives(index, section, entity, "types")), False
    above = relatives(index, section, entity, "parents")
    return bool(above), bool(relatives(index, section, entity, "children"))


def _entity_links(
    section: str, entity: Term, hrefs: Hrefs, *, above: bool, below: bool
) -> dict[str, dict[str, str]]:
    own = hrefs.entity(section, entity.iri)
    links = {"self": {"href": own}}
    for relation in RELATIONS[section]:
        downward = relation.lower().endswith(("children", "descendants"))
        if below if downward else above:
            links[relation] = {"href": f"{own}/{relation}"}
    return links


def _descriptions(index: TermIndex, section: str, entity: Term) -> list[str]:
    if section == "properties":
        return [entity.definition] if entity.definition else []
    return list(dict.fromkeys(d["text"] for d in definitions(index, entity)))


def _annotations(index: TermIndex, entity: Term) -> dict[str, list[str]]:
    """Literal-valued annotations by property label, as OLS's ``annotation`` map has them."""
    found: dict[str, list[str]] = {}
    for triple in index.triples_of(entity.iri):
        predicate = triple.predicate.value
        if isinstance(triple.object, ox.Literal) and predicate not in _SHOWN_ELSEWHERE:
            name = index.labels.get(predicate, local_name(predicate))
            found.setdefault(name, []).append(triple.object.value)
    return found


def ontology_json(index: TermIndex, hrefs: Hrefs) -> dict[str, Any]:
    """The ontology's record, as OLS describes each ontology it has loaded."""
    iri, header = ontology_header(index)
    first = lambda p: next(iter(header.get(p, [])), None)  # noqa: E731
    version = first(OWL + "versionInfo")
    config = {
        "id": ONTOLOGY_ID,
        "versionIri": first(OWL + "versionIRI"),
        "namespace": ONTOLOGY_ID,
        "preferredPrefix": PREFIX,
        "title": first(DC_TITLE),
        "description": first(DC_DESCRIPTION),
        "homepage": hrefs.site.rstrip("/") + "/",
        "version": version,
        "mailingList": None,
        "tracker": None,
        "logo": None,
        "creators": header.get(DC_CREATOR, []),
        "annotations": {"license": header.get(DCTERMS + "license", [])},
        "fileLocation": hrefs.site.rstrip("/") + "/ontology",
        "oboSlims": False,
        "labelProperty": SKOS_PREF,
        "definitionProperties": [SKOS_DEF],
        "synonymProperties": [SKOS_ALT],
        "hierarchicalProperties": [],
        "baseUris": [BASE],
        "hiddenProperties": [],
        "preferredRootTerms": [],
        "isSkos": False,
        "allowDownload": True,
    }
    return {
        "languages": ["en"],
        "lang": "en",
        "ontologyId": ONTOLOGY_ID,
        "ontologyIri": iri,
        # OLS stamps when it loaded the file; alignkg keeps no such time, so says none.
        "loaded": None,
        "updated": None,
        "status": "LOADED",
        "message": "",
        "version": version,
        "fileHash": None,
        "loadAttempts": 0,
        "numberOfTerms": len(entities(index, "terms")),
        "numberOfProperties": len(entities(index, "properties")),
        "numberOfIndividuals": len(entities(index, "individuals")),
        "config": config,
        "baseUris": [BASE],
        "_links": {
            "self": {"href": hrefs.ontology()},
            **{section: {"href": hrefs.section(section)} for section in SECTIONS},
        },
    }


def hal_page(
    items: list[Any],
    *,
    key: str,
    page: int,
    size: int,
    shape: Callable[[Any], dict[str, Any]],
    href: Callable[[int], str],
) -> dict[str, Any]:
    """Page ``page`` (from 0) of ``items`` as a Spring HAL page, the shape OLS pages in.

    ``shape`` turns one item into JSON (only the page's items are shaped); ``href`` gives
    the link to another page. Unlike Spring, an empty page still has ``_embedded`` with
    an empty list, so that a client reading ``_embedded`` does not stumble on it.
    """
    total_pages = math.ceil(len(items) / size)
    links = {"self": {"href": href(page)}}
    if total_pages:
        links["first"] = {"href": href(0)}
        if page > 0:
            links["prev"] = {"href": href(page - 1)}
        if page < total_pages - 1:
            links["next"] = {"href": href(page + 1)}
        links["last"] = {"href": href(total_pages - 1)}
    start = page * size
    return {
        "_embedded": {key: [shape(item) for item in items[start : start + size]]},
        "_links": links,
        "page": {
            "size": size,
            "totalElements": len(items),
            "totalPages": total_pages,
            "number": page,
        },
    }
