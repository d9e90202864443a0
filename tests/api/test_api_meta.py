"""The ontology as a whole: download, framings, stats, tree and paths."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

AK = "https://w3id.org/alignkg/"


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ],
)
def test_ontology_downloads_whole_in_each_format(
    reader: TestClient, accept: str, rdf_format: str
) -> None:
    response = reader.get("/ontology", headers={"Accept": accept})
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=rdf_format)
    assert (URIRef(AK + "MesaOptimizer"), RDF.type, OWL.Class) in graph
    assert len(graph) == reader.get("/stats").json()["triples"]["ontology"]


def test_framings_list_each_framing_with_definitions_side_by_side(reader: TestClient) -> None:
    body = reader.get("/framings").json()
    framings = {f["curie"]: f for f in body["framings"]}
    assert {"ak:RFLOFraming", "ak:GeneralizationCentricFraming"} <= framings.keys()
    assert all(f["definition"] for f in framings.values())
    contested = {row["term"]["curie"]: row for row in body["contested_terms"]}
    assert "ak:InnerAlignment" in contested
    assert len(contested["ak:InnerAlignment"]["by_framing"]) >= 2


def test_framings_table_keeps_every_definition_a_framing_gives(reader: TestClient) -> None:
    """Goal misgeneralization is read differently by several framings, and none is lost."""
    body = reader.get("/framings").json()
    framed_here = {
        (d["term"]["curie"], f["curie"], d["text"])
        for f in body["framings"]
        for d in f["definitions"]
    }
    in_table = {
        (row["term"]["curie"], framing, d["text"])
        for row in body["contested_terms"]
        for framing, given in row["by_framing"].items()
        for d in given
    }
    assert framed_here == in_table
    row = next(
        r for r in body["contested_terms"] if r["term"]["curie"] == "ak:GoalMisgeneralization"
    )
    assert {
        "ak:GeneralizationCentricFraming",
        "ak:ObjectiveCentricFraming",
        "ak:ThreatModelFraming",
    } <= row["by_framing"].keys()


def test_stats_count_terms_cases_and_triples(reader: TestClient) -> None:
    stats = reader.get("/stats").json()
    assert stats["terms"] == reader.get("/terms").json()["total"]
    assert stats["cases"]["documented"] == reader.get("/cases").json()["total"]
    assert stats["triples"]["total"] >= stats["triples"]["ontology"] > 0
    assert stats["ontology_version"].startswith(AK + "ontology/")


def _walk(nodes: list[dict[str, Any]], parent: str | None, pairs: set[tuple[str, str]]) -> None:
    for node in nodes:
        if parent:
            pairs.add((parent, node["curie"]))
        _walk(node["children"], node["curie"], pairs)


def test_tree_nests_every_term_under_its_parents(reader: TestClient) -> None:
    roots = reader.get("/tree").json()
    assert "ak:AlignmentConcept" in {r["curie"] for r in roots}
    pairs: set[tuple[str, str]] = set()
    _walk(roots, None, pairs)
    for parent in reader.get("/terms/ak:MesaOptimizer/parents").json()["items"]:
        assert (parent["curie"], "ak:MesaOptimizer") in pairs


def test_path_names_each_relation_between_two_terms(reader: TestClient) -> None:
    body = reader.get("/path", params={"from": "ak:MesaOptimizer", "to": "ak:BaseOptimizer"}).json()
    assert body["found"] and body["length"] == len(body["steps"]) >= 1
    assert body["steps"][0]["from"]["curie"] == "ak:MesaOptimizer"
    assert body["steps"][-1]["to"]["curie"] == "ak:BaseOptimizer"
    for here, there in zip(body["steps"], body["steps"][1:], strict=False):
        assert here["to"] == there["from"]
    assert all(s["relation"] and s["direction"] in ("forward", "backward") for s in body["steps"])


def test_path_from_a_term_to_itself_is_empty(reader: TestClient) -> None:
    body = reader.get("/path", params={"from": "MesaOptimizer", "to": "ak:MesaOptimizer"}).json()
    assert body["found"] and body["steps"] == []


def test_path_with_unknown_term_is_404_with_close_matches(reader: TestClient) -> None:
    response = reader.get("/path", params={"from": "ak:MesaOptimizer", "to": "ak:BaseOptimiser"})
    assert response.status_code == 404
    assert response.json()["close_matches"][0]["curie"] == "ak:BaseOptimizer"


def test_openapi_gives_every_endpoint_a_summary(reader: TestClient) -> None:
    spec = reader.get("/openapi.json").json()
    mine = ["/terms", "/terms/{term_id}", "/search", "/suggest", "/cases", "/ontology", "/path"]
    for path in mine:
        for operation in spec["paths"][path].values():
            assert operation.get("summary"), path
    parameters = spec["paths"]["/terms/{term_id}"]["get"]["parameters"]
    assert parameters[0]["examples"]["curie"]["value"] == "ak:MesaOptimizer"


def _has_example(node: object, schemas: dict[str, Any], seen: frozenset[str] = frozenset()) -> bool:
    """Whether an OpenAPI fragment (following $refs into components) carries an example."""
    if isinstance(node, dict):
        if "example" in node or "examples" in node:
            return True
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            return name not in seen and _has_example(schemas.get(name), schemas, seen | {name})
        return any(_has_example(v, schemas, seen) for v in node.values())
    if isinstance(node, list):
        return any(_has_example(v, schemas, seen) for v in node)
    return False


def test_openapi_gives_every_operation_an_example(reader: TestClient) -> None:
    """Every operation shows an example of what to send or of what comes back; one
    that takes input shows an example of the input."""
    spec = reader.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    lacking = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            inputs = [*operation.get("parameters", []), operation.get("requestBody") or {}]
            outputs = {k: v for k, v in operation.get("responses", {}).items() if k[0] == "2"}
            takes_input = any(inputs)
            if (takes_input and not _has_example(inputs, schemas)) or not (
                _has_example(inputs, schemas) or _has_example(outputs, schemas)
            ):
                lacking.append(f"{method.upper()} {path}")
    assert lacking == []


def test_openapi_documents_errors_as_problem_json_and_writes_as_bearer(
    reader: TestClient,
) -> None:
    spec = reader.get("/openapi.json").json()
    assert "HTTPValidationError" not in json.dumps(spec)
    invalid = spec["paths"]["/classify"]["post"]["responses"]["422"]["content"]
    assert invalid == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path, method in [("/cases", "post"), ("/cases/{case_id}", "delete"), ("/service", "put")]:
        assert {"HTTPBearer": []} in spec["paths"][path][method]["security"], (path, method)
    assert "security" not in spec["paths"]["/cases"]["get"]


def test_the_documented_classify_answer_is_what_the_classifier_says(reader: TestClient) -> None:
    from service.api.classify import KIDNAPPING, KIDNAPPING_ANSWER

    live = reader.post("/classify", json={"facts": KIDNAPPING["facts"]}).json()
    for key in ("verdict", "ambiguous", "disagreement", "facts", "questions"):
        assert KIDNAPPING_ANSWER[key] == live[key], key
    for framing in KIDNAPPING_ANSWER["framings"]:
        assert framing in live["framings"]


def test_the_root_links_to_every_face_and_every_link_answers(reader: TestClient) -> None:
    home = reader.get("/")
    assert home.status_code == 200 and home.headers["content-type"].startswith("application/json")
    links = home.json()["links"]
    assert {"/explorer", "/sparql", "/terms", "/docs"} <= set(links)
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # what a click sends
    for path in links:
        assert reader.get(path, headers=browser).status_code == 200, path
    page = reader.get("/", headers=browser)
    assert page.headers["content-type"].startswith("text/html")
    assert all(f'href="{path}"' in page.text.replace("&amp;", "&") for path in links)


def test_the_openapi_document_suits_a_client_generator(reader: TestClient) -> None:
    """Operation ids are the handlers' names and unique; no two schemas share a title
    (a generator keeps one of them and loses the other's type); the SPARQL Update example
    in /docs is an update that parses."""
    from rdflib.plugins.sparql.parser import parseUpdate

    from service.sparql.openapi import EXAMPLE_UPDATE

    spec = reader.get("/openapi.json").json()
    ids = [
        op["operationId"]
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "responses" in op
    ]
    assert len(ids) == len(set(ids))
    assert "get_ancestors" in ids and "classify_one" in ids
    # FastAPI's default would be get_ancestors_terms__term_id__ancestors_get
    assert not [i for i in ids if "__" in i or len(i) > 30 or not i.isidentifier()]
    titles = [schema.get("title") for schema in spec["components"]["schemas"].values()]
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
    parseUpdate(EXAMPLE_UPDATE)


def test_a_missing_term_or_case_is_a_declared_404_problem(reader: TestClient) -> None:
    """A generator then keeps the problem's close_matches instead of dropping the body."""
    spec = reader.get("/openapi.json").json()
    for path in (
        "/terms/{term_id}",
        "/terms/{term_id}/ancestors",
        "/terms/{term_id}/descendants",
        "/terms/{term_id}/parents",
        "/terms/{term_id}/children",
        "/terms/{term_id}/history",
        "/terms/{term_id}/graph",
        "/path",
        "/cases/{case_id}",
    ):
        missing = spec["paths"][path]["get"]["responses"]["404"]
        assert "application/problem+json" in missing["content"], path
    assert reader.get("/terms/ak:MesaOptimiser/ancestors").json()["close_matches"]
