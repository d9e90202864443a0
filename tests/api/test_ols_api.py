"""The OLS-shaped API on its own terms: HAL paging, problems, search filters, OpenAPI.

Through the TestClient, which decodes a path twice: entities are named here by CURIE in
paths (or by IRI in ``?iri=`` / ``?id=``); ``test_ols_clients.py`` covers IRIs encoded
twice in paths, over real HTTP.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from service.api import ols

ONTOLOGY = "/ols/api/ontologies/alignkg"
MESA = "https://w3id.org/alignkg/MesaOptimizer"


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def walk_pages(reader: TestClient, url: str, key: str) -> list[dict[str, Any]]:
    """Every item of a paged collection, following ``_links.next`` as a HAL client does."""
    items: list[dict[str, Any]] = []
    numbers = []
    while url:
        body = reader.get(url).json()
        items += body["_embedded"][key]
        numbers.append(body["page"]["number"])
        url = body["_links"].get("next", {}).get("href")
    assert numbers == list(range(len(numbers)))
    return items


def test_following_next_links_visits_every_term_once(reader: TestClient) -> None:
    record = reader.get(ONTOLOGY).json()
    first = reader.get(f"{ONTOLOGY}/terms", params={"size": 25}).json()
    total = record["numberOfTerms"]
    assert first["page"] == {
        "size": 25,
        "totalElements": total,
        "totalPages": math.ceil(total / 25),
        "number": 0,
    }
    assert "prev" not in first["_links"] and first["_links"]["last"]["href"].endswith("size=25")
    terms = walk_pages(reader, f"{ONTOLOGY}/terms?size=25", "terms")
    assert len(terms) == total == len({t["iri"] for t in terms})
    assert MESA in {t["iri"] for t in terms}
    labels = [t["label"].lower() for t in terms]
    assert labels == sorted(labels)


def test_sections_hold_classes_individuals_and_properties_apart(reader: TestClient) -> None:
    record = reader.get(ONTOLOGY).json()
    for section, count in [
        ("terms", "numberOfTerms"),
        ("individuals", "numberOfIndividuals"),
        ("properties", "numberOfProperties"),
    ]:
        page = reader.get(f"{ONTOLOGY}/{section}", params={"size": 500}).json()
        assert page["page"]["totalElements"] == record[count] > 0, section
        assert record["_links"][section]["href"].endswith(f"/alignkg/{section}")
    individuals = reader.get(f"{ONTOLOGY}/individuals", params={"size": 500}).json()
    framing = "https://w3id.org/alignkg/RFLOFraming"
    assert framing in {i["iri"] for i in individuals["_embedded"]["individuals"]}
    children = reader.get(f"{ONTOLOGY}/children", params={"id": "ak:Framing"}).json()
    assert framing not in {t["iri"] for t in children["_embedded"]["terms"]}
    types = reader.get(f"{ONTOLOGY}/individuals/ak:RFLOFraming/types").json()
    assert "https://w3id.org/alignkg/Framing" in {t["iri"] for t in types["_embedded"]["terms"]}


def test_a_page_past_the_end_is_empty_and_points_back(reader: TestClient) -> None:
    body = reader.get(f"{ONTOLOGY}/terms", params={"page": 1000, "size": 10}).json()
    assert body["_embedded"]["terms"] == [] and body["page"]["number"] == 1000
    assert "next" not in body["_links"] and "page=999" in body["_links"]["prev"]["href"]


def test_relatives_by_path_and_by_id_agree_with_the_native_api(reader: TestClient) -> None:
    native = reader.get("/terms/ak:MesaOptimizer/ancestors").json()["items"]
    by_path = reader.get(f"{ONTOLOGY}/terms/ak:MesaOptimizer/ancestors").json()
    by_id = reader.get(f"{ONTOLOGY}/hierarchicalAncestors", params={"id": MESA}).json()
    expected = [t["iri"] for t in native]
    assert [t["iri"] for t in by_path["_embedded"]["terms"]] == expected
    assert [t["iri"] for t in by_id["_embedded"]["terms"]] == expected
    term = reader.get(f"{ONTOLOGY}/terms/ak:MesaOptimizer").json()
    assert term["iri"] == MESA and not term["is_root"] and term["has_children"] is False
    assert term["_links"]["ancestors"]["href"].endswith("MesaOptimizer/ancestors")
    assert "children" not in term["_links"]  # it has none, and OLS leaves the link out


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        (f"{ONTOLOGY}/terms", {"size": "0"}, "size"),
        (f"{ONTOLOGY}/terms", {"size": "501"}, "size"),
        (f"{ONTOLOGY}/terms", {"page": "-1"}, "page"),
        (f"{ONTOLOGY}/terms/ak:Optimizer/children", {"page": "first"}, "page"),
        ("/ols/api/ontologies", {"size": "lots"}, "size"),
        ("/ols/api/search", {"q": "reward", "rows": "0"}, "rows"),
        ("/ols/api/search", {"q": "reward", "start": "-5"}, "start"),
        ("/ols/api/search", {"q": "reward", "type": "gene"}, "type"),
        ("/ols/api/search", {"q": "reward", "queryFields": "label,colour"}, "queryFields"),
        ("/ols/api/search", {}, "q"),
        (f"{ONTOLOGY}/terms", {"iri": " "}, "iri"),
        (f"{ONTOLOGY}/ancestors", {}, "id"),
    ],
)
def test_bad_paging_and_parameters_are_422_naming_the_field(
    reader: TestClient, path: str, params: dict[str, str], field: str
) -> None:
    body = problem(reader.get(path, params=params), 422)
    fields = {e["field"] for e in body.get("errors", [])} | {body.get("field")}
    assert field in fields


@pytest.mark.parametrize(
    "path",
    [
        "/ols/api/ontologies/go",
        "/ols/api/ontologies/go/terms",
        f"{ONTOLOGY}/classes",
        f"{ONTOLOGY}/terms/ak:MesaOptimiser",
        f"{ONTOLOGY}/terms/ak:RFLOFraming",  # an individual, not a class
        f"{ONTOLOGY}/terms/ak:MesaOptimizer/siblings",
        f"{ONTOLOGY}/properties/ak:hasMesaObjective/ancestors",
        f"{ONTOLOGY}/terms?iri=https://w3id.org/alignkg/Nothing",
        "/ols/api/genes",
    ],
)
def test_unknown_ontology_section_relation_or_term_is_404_problem(
    reader: TestClient, path: str
) -> None:
    problem(reader.get(path), 404)


def test_a_mistyped_term_suggests_the_one_meant(reader: TestClient) -> None:
    body = problem(reader.get(f"{ONTOLOGY}/terms", params={"iri": MESA[:-1] + "s"}), 404)
    assert body["close_matches"][0]["iri"] == MESA


def test_across_ontologies_an_unknown_iri_is_an_empty_page(reader: TestClient) -> None:
    missing = reader.get("/ols/api/terms", params={"iri": MESA + "s"}).json()
    assert missing["_embedded"]["terms"] == [] and missing["page"]["totalElements"] == 0
    found = reader.get("/ols/api/terms", params={"obo_id": "ak:MesaOptimizer"}).json()
    assert [t["iri"] for t in found["_embedded"]["terms"]] == [MESA]


def search(reader: TestClient, **params: Any) -> dict[str, Any]:
    response = reader.get("/ols/api/search", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()["response"]
    return body


def test_search_is_the_native_search_in_solr_shape(reader: TestClient) -> None:
    native = reader.get("/search", params={"q": "reward", "limit": 100}).json()
    every = search(reader, q="reward", rows=500)
    assert every["numFound"] == native["total"] == len(every["docs"])
    assert [d["iri"] for d in every["docs"]] == [r["iri"] for r in native["results"]]
    window = search(reader, q="reward", rows=3, start=2)
    assert window["start"] == 2 and window["docs"] == every["docs"][2:5]


def test_search_filters_narrow_the_hits(reader: TestClient) -> None:
    assert search(reader, q="mesa-optimizer", ontology="go,hp")["numFound"] == 0
    assert search(reader, q="mesa-optimizer", ontology="GO,AlignKG")["numFound"] > 0
    individuals = search(reader, q="framing", type="individual", rows=100)["docs"]
    assert individuals and {d["type"] for d in individuals} == {"individual"}
    exact = search(reader, q="mesa optimiser", exact="true")["docs"]
    assert [d["iri"] for d in exact] == [MESA]
    described = search(reader, q="runs a search of its own", queryFields="description")["docs"]
    assert MESA in {d["iri"] for d in described}
    assert search(reader, q="runs a search of its own", queryFields="label")["numFound"] == 0
    trimmed = search(reader, q="mesa-optimizer", fieldList="iri,label")["docs"]
    assert set(trimmed[0]) == {"iri", "label"}


def test_search_under_a_term_keeps_its_descendants(reader: TestClient) -> None:
    below = {t["iri"] for t in reader.get("/terms/ak:Optimizer/descendants").json()["items"]}
    direct = {t["iri"] for t in reader.get("/terms/ak:Optimizer/children").json()["items"]}
    optimizer = "https://w3id.org/alignkg/Optimizer"
    hits = search(reader, q="optimizer", allChildrenOf=optimizer, rows=100)["docs"]
    assert hits and {d["iri"] for d in hits} <= below
    near = search(reader, q="optimizer", childrenOf=optimizer, rows=100)["docs"]
    assert near and {d["iri"] for d in near} <= direct


def test_ols_routes_are_tagged_ols_with_their_handler_names_as_operation_ids(
    reader: TestClient,
) -> None:
    routes = [
        r for r in reader.app.routes if isinstance(r, APIRoute) and r.path.startswith("/ols/")
    ]
    handlers = {name for name in dir(ols) if name.startswith("get_ols_")}
    assert {r.endpoint.__name__ for r in routes} == handlers
    spec = reader.get("/openapi.json").json()
    for route in routes:
        operation = spec["paths"][route.path]["get"]
        assert operation["tags"] == ["ols"], route.path
        assert operation["operationId"] == route.endpoint.__name__, route.path
