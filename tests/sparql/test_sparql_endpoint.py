"""The /sparql endpoint in process: errors, refusals, formats, row cap, updates."""

from __future__ import annotations

import csv
import gc
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from ontology.vocab import ONTOLOGY_GRAPH
from service.app import create_app
from service.settings import Settings
from service.sparql.examples import example_queries

KEY = "endpoint-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
UPDATE = {"Content-Type": "application/sparql-update"}
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
COUNT_ONTOLOGY = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"


def _settings(data_dir: Path, **extra: object) -> Settings:
    return Settings(data_dir=data_dir, api_key=KEY, **extra)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def sparql_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = _settings(tmp_path_factory.mktemp("sparql"), max_result_rows=5)
    with TestClient(create_app(settings)) as client:
        yield client


def _select(client: TestClient, query: str, **headers: str) -> list[dict[str, object]]:
    response = client.get("/sparql", params={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    bindings: list[dict[str, object]] = response.json()["results"]["bindings"]
    return bindings


def _count(client: TestClient) -> int:
    return int(_select(client, COUNT_ONTOLOGY)[0]["n"]["value"])  # type: ignore[index]


def test_syntax_error_is_400_naming_line_and_column(sparql_client: TestClient) -> None:
    response = sparql_client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert response.status_code == 400
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    # The analyser's parser (pyparsing) reports where the rule that failed began: the
    # incomplete triple on line 2, or the brace that closes too early on line 3.
    assert problem["line"] in (2, 3)
    assert f"line {problem['line']}, column {problem['column']}" in problem["detail"]


def test_update_syntax_error_names_line_and_column(sparql_client: TestClient) -> None:
    response = sparql_client.post("/sparql", content="CLEAR\nXYZ", headers=UPDATE | AUTH)
    assert response.status_code == 400
    assert response.json()["line"] == 2


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_federated_service_is_refused(sparql_client: TestClient, query: str) -> None:
    response = sparql_client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.json()["detail"]


def test_service_inside_a_string_is_not_a_keyword(sparql_client: TestClient) -> None:
    rows = _select(sparql_client, 'SELECT ?x { BIND("SERVICE <http://x/>" AS ?x) }')
    assert rows[0]["x"]["value"] == "SERVICE <http://x/>"  # type: ignore[index]


def test_load_is_refused_even_with_the_key(sparql_client: TestClient) -> None:
    response = sparql_client.post(
        "/sparql", content="LOAD <http://example.org/data.ttl>", headers=UPDATE | AUTH
    )
    assert response.status_code == 403


def test_select_rows_are_capped_with_a_marker(sparql_client: TestClient) -> None:
    response = sparql_client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    body = response.json()
    assert len(body["results"]["bindings"]) == 5
    assert response.headers["x-alignkg-truncated"] == "true"
    assert body["x-alignkg"] == {"truncated": True, "rowLimit": 5}


def test_small_results_carry_no_truncation_marker(sparql_client: TestClient) -> None:
    response = sparql_client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 2"})
    assert "x-alignkg-truncated" not in response.headers
    assert "x-alignkg" not in response.json()


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json"),
    ],
)
def test_select_format_follows_accept(sparql_client: TestClient, accept: str, media: str) -> None:
    query = 'SELECT ?a ?b { VALUES (?a ?b) { (<http://x/1> "o, \\"k\\"") } }'
    response = sparql_client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    if media == "text/csv":
        assert list(csv.reader(io.StringIO(response.text))) == [
            ["a", "b"],
            ["http://x/1", 'o, "k"'],
        ]


def test_unacceptable_accept_is_406(sparql_client: TestClient) -> None:
    response = sparql_client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}
    )
    assert response.status_code == 406


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_construct_answers_in_each_rdf_format(
    sparql_client: TestClient, accept: str, rdflib_format: str
) -> None:
    query = "CONSTRUCT { <http://x/s> <http://x/p> ?o } WHERE { VALUES ?o { 1 2 } }"
    response = sparql_client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.headers["content-type"].split(";")[0] == accept
    assert len(Graph().parse(data=response.text, format=rdflib_format)) == 2


def test_machines_get_the_service_description(sparql_client: TestClient) -> None:
    response = sparql_client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    services = list(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    assert (services[0], SD.supportedLanguage, SD.SPARQL11Query) in graph


def test_browsers_get_the_query_page(sparql_client: TestClient) -> None:
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = sparql_client.get("/sparql", headers={"Accept": browser_accept})
    assert response.headers["content-type"].startswith("text/html")
    # The editor (YASGUI, served from here) starts with the ontology's prefixes declared.
    assert '"PREFIX ak: <https://w3id.org/alignkg/>' in response.text
    assert "/sparql/yasgui/yasgui.min.js" in response.text


@pytest.mark.parametrize("example", example_queries(), ids=lambda e: e["title"][:30])
def test_every_example_query_answers_rows(
    sparql_client: TestClient, example: dict[str, str]
) -> None:
    """The query page's examples are documentation: each must run and find something."""
    response = sparql_client.post(
        "/sparql",
        content=example["query"],
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert len(response.text.splitlines()) > 1, f"no rows for {example['title']!r}"


def test_update_without_the_key_is_401(sparql_client: TestClient) -> None:
    update = "INSERT DATA { GRAPH <http://example.org/g> { <http://x/s> <http://x/p> 1 } }"
    response = sparql_client.post("/sparql", content=update, headers=UPDATE)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "update",
    [
        f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <http://x/s> <http://x/p> 1 }} }}",
        f"DROP GRAPH <{ONTOLOGY_GRAPH}>",
        f"WITH <{ONTOLOGY_GRAPH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        "BASE <https://w3id.org/alignkg/graph/> CLEAR GRAPH <ontology>",
        "PREFIX g: <https://w3id.org/alignkg/graph/> MOVE g:cases TO DEFAULT",
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_updates_touching_the_ontology_are_403(sparql_client: TestClient, update: str) -> None:
    before = _count(sparql_client)
    response = sparql_client.post("/sparql", content=update, headers=UPDATE | AUTH)
    assert response.status_code == 403, response.text
    assert _count(sparql_client) == before > 0


def test_clear_all_clears_user_graphs_only(sparql_client: TestClient) -> None:
    before = _count(sparql_client)
    insert = "INSERT DATA { GRAPH <http://example.org/mine> { <http://x/s> <http://x/p> 1 } }"
    assert sparql_client.post("/sparql", content=insert, headers=UPDATE | AUTH).status_code == 204
    assert (
        sparql_client.post("/sparql", content="DROP ALL", headers=UPDATE | AUTH).status_code == 204
    )
    assert _count(sparql_client) == before
    assert not _select(sparql_client, "SELECT * { GRAPH <http://example.org/mine> { ?s ?p ?o } }")


def test_reading_the_ontology_into_a_user_graph_is_allowed(sparql_client: TestClient) -> None:
    update = f"COPY <{ONTOLOGY_GRAPH}> TO <http://example.org/copy>"
    assert sparql_client.post("/sparql", content=update, headers=UPDATE | AUTH).status_code == 204
    rows = _select(
        sparql_client, "SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/copy> { ?s ?p ?o } }"
    )
    assert int(rows[0]["n"]["value"]) == _count(sparql_client)  # type: ignore[index]


def test_an_update_survives_an_app_restart(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "var")
    update = "INSERT DATA { GRAPH <http://example.org/kept> { <http://x/s> <http://x/p> 42 } }"
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.post("/sparql", content=update, headers=UPDATE | AUTH).status_code == 204
    del client, app
    gc.collect()  # the on-disk store is released when its last reference goes
    with TestClient(create_app(settings)) as client:
        rows = _select(client, "SELECT ?o { GRAPH <http://example.org/kept> { ?s ?p ?o } }")
    assert [r["o"]["value"] for r in rows] == ["42"]  # type: ignore[index]


def test_json_results_are_valid_json_with_head_and_bindings(sparql_client: TestClient) -> None:
    response = sparql_client.get("/sparql", params={"query": "SELECT ?x { BIND(1 AS ?x) }"})
    assert json.loads(response.text)["head"] == {"vars": ["x"]}


def test_using_graph_uri_cannot_smuggle_an_update(sparql_client: TestClient) -> None:
    """A dataset parameter is an IRI, never SPARQL text spliced into the update."""
    before = _count(sparql_client)
    smuggled = (
        f"http://x/> WHERE {{}} ; DROP GRAPH <{ONTOLOGY_GRAPH}> ; INSERT {{}} USING <http://x/"
    )
    response = sparql_client.post(
        "/sparql",
        params={"using-graph-uri": smuggled},
        content="INSERT { GRAPH <http://example.org/u> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
        headers=UPDATE | AUTH,
    )
    assert response.status_code == 400
    assert _count(sparql_client) == before


def test_a_get_with_a_body_is_400(sparql_client: TestClient) -> None:
    response = sparql_client.request(
        "GET", "/sparql", params={"query": "ASK {}"}, content=b"ASK {}"
    )
    assert response.status_code == 400
    assert "body" in response.json()["detail"]


def test_query_and_update_together_is_400(sparql_client: TestClient) -> None:
    response = sparql_client.post(
        "/sparql",
        content="query=ASK%20%7B%7D&update=CLEAR%20DEFAULT",
        headers={"Content-Type": "application/x-www-form-urlencoded", **AUTH},
    )
    assert response.status_code == 400


def test_a_form_with_no_operation_is_400(sparql_client: TestClient) -> None:
    response = sparql_client.post(
        "/sparql", content="x=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 400
