"""Cases over REST: listing, filtering, submitting with the key, durability, deletion."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from ontology.classifier.engine import classify
from ontology.terms.index import term_index
from ontology.vocab import BASE
from service.app import create_app
from service.settings import Settings

BOAT = {
    "title": "Boat loops to farm points",
    "facts": {
        "rewardedInTraining": True,
        "wouldBeRewarded": True,
        "pursuesOtherGoal": True,
        "learnedOptimizer": False,
        "deceptive": False,
        "distributionShift": False,
        "outsideSpecifiedDomain": False,
        "narrowSystem": False,
        "oversightWouldCatch": True,
    },
    "sources": [
        {"url": "https://example.org/faulty-reward", "title": "Faulty rewards", "year": 2016}
    ],
    "exhibits": ["ak:SpecificationGaming"],
}


def _documented(client: TestClient) -> dict[str, Any]:
    items = client.get("/cases", params={"limit": 500}).json()["items"]
    return next(c for c in items if not c["submitted"])


def test_cases_list_documented_cases_read_from_the_store(client: TestClient) -> None:
    page = client.get("/cases", params={"limit": 500}).json()
    assert page["total"] == len(page["items"]) > 0
    case = page["items"][0]
    assert {"id", "title", "facts", "sources", "expected", "verdict", "framings"} <= case.keys()
    assert case["verdict"] and case["framings"]


def test_cases_filter_by_computed_verdict(client: TestClient) -> None:
    every = client.get("/cases", params={"limit": 500}).json()["items"]
    for verdict in {c["verdict"] for c in every}:
        page = client.get("/cases", params={"verdict": verdict, "limit": 500}).json()
        assert page["items"] and all(c["verdict"] == verdict for c in page["items"])
        assert page["total"] == sum(c["verdict"] == verdict for c in every)


def test_unknown_verdict_filter_is_422_naming_verdict(client: TestClient) -> None:
    response = client.get("/cases", params={"verdict": "sideways"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "verdict"


def test_one_case_has_expected_and_computed_verdicts(client: TestClient) -> None:
    case = _documented(client)
    body = client.get(f"/cases/{case['id']}").json()
    assert {k: v for k, v in body.items() if k != "classification"} == case
    assert body["expected"] is not None
    assert body["classification"]["verdict"] == body["verdict"]


def test_unknown_case_is_404_problem(client: TestClient) -> None:
    response = client.get("/cases/no-such-case")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_post_case_classifies_and_answers_201_with_location(
    client: TestClient, auth: dict[str, str]
) -> None:
    response = client.post("/cases", json=BOAT, headers=auth)
    assert response.status_code == 201
    created = response.json()
    assert response.headers["location"] == f"/cases/{created['id']}"
    expected = classify(BOAT["facts"]).verdict.value
    assert created["verdict"] == created["classification"]["verdict"] == expected
    assert created["submitted"] and created["exhibits"] == ["ak:SpecificationGaming"]
    fetched = client.get(response.headers["location"]).json()
    assert fetched["facts"] == BOAT["facts"] and fetched["sources"][0]["year"] == 2016
    listed = client.get("/cases", params={"verdict": expected, "limit": 500}).json()["items"]
    assert created["id"] in {c["id"] for c in listed}


def test_posted_case_is_visible_in_sparql(client: TestClient, auth: dict[str, str]) -> None:
    created = client.post("/cases", json=BOAT, headers=auth).json()
    verdict = "<https://w3id.org/alignkg/computedVerdict>"
    query = f"SELECT ?v WHERE {{ <{created['iri']}> {verdict} ?v }}"
    response = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    rows = response.json()["results"]["bindings"]
    assert [r["v"]["value"] for r in rows] == [created["verdict"]]


def test_post_with_unknown_fact_is_422_naming_it(client: TestClient, auth: dict[str, str]) -> None:
    response = client.post("/cases", json={"facts": {"isEvil": True}}, headers=auth)
    assert response.status_code == 422
    assert "isEvil" in response.json()["detail"]


def test_post_with_unknown_exhibited_term_is_422(client: TestClient, auth: dict[str, str]) -> None:
    case = {**BOAT, "exhibits": ["ak:NoSuchTerm"]}
    response = client.post("/cases", json=case, headers=auth)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("exhibits.0")


def test_post_with_neither_description_nor_facts_is_422(
    client: TestClient, auth: dict[str, str]
) -> None:
    response = client.post("/cases", json={"title": "empty"}, headers=auth)
    assert response.status_code == 422
    assert "description" in response.json()["detail"]


@pytest.mark.parametrize("value", ["yes", 1, 0, 1.0, "true"])
def test_post_with_a_fact_that_is_not_a_boolean_is_422_and_stores_nothing(
    client: TestClient, auth: dict[str, str], value: object
) -> None:
    """/cases reads facts as strictly as /classify: "yes" or 1 is refused, never guessed."""
    before = client.get("/cases").json()["total"]
    response = client.post("/cases", json={"facts": {"deceptive": value}}, headers=auth)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "facts.deceptive"
    assert client.get("/cases").json()["total"] == before


@pytest.mark.parametrize("path", ["/cases", "/classify"])
def test_blank_description_is_422_naming_the_field(
    client: TestClient, auth: dict[str, str], path: str
) -> None:
    response = client.post(path, json={"description": " \n\t "}, headers=auth)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "description" and not error["message"].startswith("Value error")


def test_malformed_json_is_a_problem_naming_the_body_and_where(client: TestClient) -> None:
    response = client.post(
        "/classify",
        content=b'{"facts": {"deceptive": tru}}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    error = response.json()["errors"][0]
    assert error["field"] == "body" and "not valid JSON at character 24" in error["message"]


def test_post_without_key_is_401(client: TestClient) -> None:
    response = client.post("/cases", json=BOAT)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/cases", json=BOAT, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_writes_without_a_configured_key_are_503_and_reads_work(settings: Settings) -> None:
    keyless = settings.model_copy(update={"api_key": None})
    with TestClient(create_app(keyless)) as client:
        response = client.post("/cases", json=BOAT, headers={"Authorization": "Bearer x"})
        assert response.status_code == 503
        assert "ALIGNKG_API_KEY" in response.json()["detail"]
        assert client.get("/cases").status_code == 200


def test_oversized_case_is_413(client: TestClient, auth: dict[str, str]) -> None:
    limit = client.app.state.settings.max_body_bytes  # type: ignore[attr-defined]
    case = {**BOAT, "description": "x" * (limit + 1)}
    response = client.post("/cases", json=case, headers=auth)
    assert response.status_code == 413
    assert response.json()["status"] == 413


def test_deleting_a_documented_case_is_403(client: TestClient, auth: dict[str, str]) -> None:
    case = _documented(client)
    response = client.delete(f"/cases/{case['id']}", headers=auth)
    assert response.status_code == 403
    assert client.get(f"/cases/{case['id']}").status_code == 200


def test_deleting_a_submitted_case_removes_it(client: TestClient, auth: dict[str, str]) -> None:
    created = client.post("/cases", json=BOAT, headers=auth).json()
    assert client.delete(f"/cases/{created['id']}").status_code == 401
    assert client.delete(f"/cases/{created['id']}", headers=auth).status_code == 204
    assert client.get(f"/cases/{created['id']}").status_code == 404
    assert client.delete(f"/cases/{created['id']}", headers=auth).status_code == 404
    store = client.app.state.store  # type: ignore[attr-defined]
    assert list(store.quads("https://w3id.org/alignkg/graph/submitted")) == []


def test_submitted_case_survives_a_restart(settings: Settings, auth: dict[str, str]) -> None:
    app = create_app(settings)
    with TestClient(app) as client:
        created = client.post("/cases", json=BOAT, headers=auth).json()
    del app.state.store
    del app, client
    gc.collect()
    with TestClient(create_app(settings)) as client:
        again = client.get(f"/cases/{created['id']}")
        assert again.status_code == 200
        assert again.json() == created  # the same answer as on arrival, classification too
        turtle = client.get("/terms/ak:SpecificationGaming", headers={"Accept": "text/turtle"})
        graph = Graph().parse(data=turtle.text, format="turtle")
        exhibits = URIRef("https://w3id.org/alignkg/exhibits")
        assert (URIRef(created["iri"]), exhibits, None) in graph


def test_description_only_case_is_classified_from_its_text(
    client: TestClient, auth: dict[str, str]
) -> None:
    text = (
        "A narrow question-answering system rewarded for correct answers learns, outside its "
        "domain, to kidnap people so that they ask easier questions."
    )
    response = client.post(
        "/cases", json={"title": "QA kidnapper", "description": text}, headers=auth
    )
    assert response.status_code == 201
    created = response.json()
    assert created["facts"], "facts read from the description are stored with the case"
    assert created["facts"] == created["classification"]["facts"]
    assert created["verdict"] == created["classification"]["verdict"]
    assert created["verdict"] == classify(created["facts"]).verdict.value
    assert client.get(f"/cases/{created['id']}").json()["description"] == text


def test_one_case_carries_the_whole_answer_with_the_question_that_settles_it(
    client: TestClient,
) -> None:
    case = client.get("/cases/narrow-qa-kidnapping").json()
    answer = case["classification"]
    assert answer["verdict"] == case["verdict"] == "ambiguous"
    assert set(answer["disagreement"]) == {"outer", "inner"}
    assert "outOfDomainSafetyIsRewardsJob" in {q["fact"] for q in answer["questions"]}


def test_unknown_kind_or_blank_iri_is_422_naming_the_parameter(client: TestClient) -> None:
    kind = client.get("/terms", params={"kind": "nonsense"})
    assert kind.status_code == 422 and kind.json()["errors"][0]["field"] == "kind"
    assert "framing" in kind.json()["detail"]  # the kinds there are, to choose from
    blank = client.get("/terms/lookup", params={"iri": " "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "iri"


@pytest.mark.parametrize("character", [">", "<", '"', "{", "}", "|", "\\", "^", "`", " "])
def test_source_url_that_is_no_iri_is_422_naming_it_and_stores_nothing(
    client: TestClient, auth: dict[str, str], character: str
) -> None:
    """Issue 14: a URL the pattern let through but RDF cannot hold was a 500 on serializing."""
    before = client.get("/cases").json()["total"]
    url = f"https://example.org/paper{character}draft"
    case = {**BOAT, "sources": [{"url": url}]}
    response = client.post("/cases", json=case, headers=auth)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "sources.0.url"
    assert client.get("/cases").json()["total"] == before
    assert client.post("/cases", json=BOAT, headers=auth).status_code == 201


def test_deleting_a_case_removes_exactly_its_triples(
    client: TestClient, auth: dict[str, str]
) -> None:
    """The source it shares with another case stays; its own source and verdicts go."""
    submitted = "https://w3id.org/alignkg/graph/submitted"
    store = client.app.state.store  # type: ignore[attr-defined]
    shared = {"url": "https://example.org/shared", "title": 'A "quoted"\ntitle', "year": 2019}
    other = client.post("/cases", json={**BOAT, "sources": [shared]}, headers=auth).json()
    before = set(store.quads(submitted))
    own = {"url": "https://example.org/only-mine/é?q=1#s", "authors": ["A. B", "C. D"]}
    case = {**BOAT, "description": 'says "so"\n', "sources": [shared, own]}
    created = client.post("/cases", json=case, headers=auth).json()
    assert set(store.quads(submitted)) > before
    assert client.delete(f"/cases/{created['id']}", headers=auth).status_code == 204
    assert set(store.quads(submitted)) == before
    assert client.get(f"/cases/{other['id']}").json()["sources"][0]["title"] == shared["title"]


def test_a_case_write_keeps_what_depends_on_the_ontology_alone(
    client: TestClient, auth: dict[str, str]
) -> None:
    """Each cached value's scope is declared where it is cached: the routes' framings, paths
    and searches and the term index's walks outlive a case write; a term's record, which
    lists the cases exhibiting it, does not."""
    store = client.app.state.store  # type: ignore[attr-defined]
    reads = ["/framings", "/search?q=mesa", "/path?from=ak:MesaOptimizer&to=ak:InnerAlignment"]
    reads += ["/tree", "/terms/ak:SpecificationGaming"]
    for url in reads:
        assert client.get(url).status_code == 200
    before = term_index(store).memo
    kept = [k for k in before if k[0] in ("framings", "search-json", "path", "tree")]
    assert len(kept) == 4 and ("json", BASE + "SpecificationGaming") in before

    assert client.post("/cases", json=BOAT, headers=auth).status_code == 201
    after = term_index(store).memo
    assert after is not before
    assert all(after[k] is before[k] for k in kept)
    assert ("search-entries",) in after
    assert ("json", BASE + "SpecificationGaming") not in after


def test_a_submitted_case_says_where_each_fact_comes_from(
    client: TestClient, auth: dict[str, str]
) -> None:
    """Given facts are the submitter's word unless they say otherwise; nothing is unsourced."""
    case = {
        **BOAT,
        "provenance": {
            "rewardedInTraining": {
                "kind": "source",
                "quote": "the agent collects points instead of finishing",
                "locator": "second paragraph",
                "source": 0,
            }
        },
    }
    created = client.post("/cases", json=case, headers=auth).json()
    fetched = client.get(f"/cases/{created['id']}").json()
    provenance = fetched["provenance"]
    assert set(provenance) == set(fetched["facts"])
    sourced = provenance["rewardedInTraining"]
    assert sourced["kind"] == "source" and sourced["source"] == BOAT["sources"][0]["url"]
    others = [p for name, p in provenance.items() if name != "rewardedInTraining"]
    assert others and all(p["kind"] == "judgement" and p["reason"] for p in others)


def test_provenance_for_an_unknown_fact_is_422(client: TestClient, auth: dict[str, str]) -> None:
    case = {**BOAT, "provenance": {"kidnaps": {"kind": "judgement", "why": "no"}}}
    response = client.post("/cases", json=case, headers=auth)
    assert response.status_code == 422
    assert "provenance.kidnaps" in response.json()["detail"]
