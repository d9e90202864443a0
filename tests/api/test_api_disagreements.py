"""GET /framings/disagreements: per pair of framings, the cases that separate them."""

from __future__ import annotations

from itertools import combinations

from fastapi.testclient import TestClient

from ontology.classifier.engine import classify
from ontology.classifier.framings import framings


def test_every_pair_of_rule_framings_is_listed_once(client: TestClient) -> None:
    body = client.get("/framings/disagreements").json()
    ruled = sorted(f.curie for f in framings() if not f.needs_declaration)
    expected = {tuple(sorted(p)) for p in combinations(ruled, 2)}
    assert {tuple(sorted(p["framings"])) for p in body["pairs"]} == expected
    counts = [p["count"] for p in body["pairs"]]
    assert counts == sorted(counts, reverse=True)
    assert all(p["count"] == len(p["cases"]) for p in body["pairs"])


def test_the_kidnapping_case_separates_the_two_readings_by_would_be_rewarded(
    client: TestClient,
) -> None:
    """Judged on every situation (Atlas) it is outer; on training situations, inner."""
    body = client.get("/framings/disagreements").json()
    pair = next(
        p
        for p in body["pairs"]
        if set(p["framings"]) == {"ak:GeneralizationCentricFraming", "ak:ObjectiveCentricFraming"}
    )
    case = next(c for c in pair["cases"] if c["id"] == "narrow-qa-kidnapping")
    assert case["verdicts"] == {
        "ak:GeneralizationCentricFraming": "inner",
        "ak:ObjectiveCentricFraming": "outer",
    }
    assert {"fact": "wouldBeRewarded", "value": True} in case["separating"]


def test_a_listed_disagreement_holds_whatever_the_unknown_facts_are(client: TestClient) -> None:
    """Two framings listed as disagreeing never agree on any completion of the facts, so
    the classifier cannot call the case agreed (outer, inner, both or none)."""
    body = client.get("/framings/disagreements").json()
    listed = [case for pair in body["pairs"] for case in pair["cases"]]
    assert listed
    for case in listed:
        facts = client.get(f"/cases/{case['id']}").json()["facts"]
        assert classify(facts).verdict.value in {"ambiguous", "underdetermined"}, case["id"]
        for words in case["verdicts"].values():
            assert set(words.split(" or ")) <= {"outer", "inner", "both", "none"}


def test_a_browser_gets_a_page_with_the_pairs_and_case_links(client: TestClient) -> None:
    response = client.get("/framings/disagreements", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<h1>Where the framings disagree</h1>" in html
    assert 'href="/cases/narrow-qa-kidnapping"' in html
    assert "<script" not in html and "//cdn" not in html


def test_an_unoffered_format_is_a_problem_not_a_crash(client: TestClient) -> None:
    response = client.get("/framings/disagreements", params={"format": "turtle"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
