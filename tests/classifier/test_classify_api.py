"""POST /classify and /classify/batch: answers, and clear 4xx for bad input."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from ontology.cases.documented import load_documented_cases
from ontology.cases.similar import similar_cases
from ontology.files import data_file

#: The seed's narrow-AI kidnapping case, as documented in data/.
KIDNAPPING_FACTS = next(
    c["facts"] for c in load_documented_cases() if c["id"] == "narrow-qa-kidnapping"
)


def test_kidnapping_is_ambiguous_with_the_partition_question(client: TestClient) -> None:
    body = client.post("/classify", json={"facts": KIDNAPPING_FACTS}).json()
    assert body["verdict"] == "ambiguous" and body["ambiguous"] is True
    assert set(body["disagreement"]) == {"outer", "inner"}
    assert body["questions"][0]["fact"] == "outOfDomainSafetyIsRewardsJob"
    assert (body["questions"][0]["if_yes"], body["questions"][0]["if_no"]) == ("outer", "inner")


def test_declaring_the_partition_resolves_the_kidnapping_case(client: TestClient) -> None:
    for partition, verdict in (("reward", "outer"), ("training", "inner")):
        body = client.post(
            "/classify", json={"facts": KIDNAPPING_FACTS, "partition": partition}
        ).json()
        assert body["verdict"] == verdict
        assert any(f["set_aside"] for f in body["framings"])


def test_framing_filter_answers_for_that_framing_only(client: TestClient) -> None:
    body = client.post(
        "/classify", json={"facts": KIDNAPPING_FACTS, "framing": "ak:GeneralizationCentricFraming"}
    ).json()
    assert [f["framing"] for f in body["framings"]] == ["ak:GeneralizationCentricFraming"]
    assert body["verdict"] == "inner"


def test_description_alone_is_read_into_facts_with_evidence(client: TestClient) -> None:
    text = "The agent deceived its overseers, behaving well while it was watched."
    body = client.post("/classify", json={"description": text}).json()
    assert body["facts"]["deceptive"] is True
    spans = [e for e in body["evidence"] if e["fact"] == "deceptive"]
    assert spans and all(text[e["start"] : e["end"]] == e["text"] for e in spans)


def test_unknown_fact_is_422_problem_naming_the_field(client: TestClient) -> None:
    response = client.post("/classify", json={"facts": {"kidnaps": True}})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "facts.kidnaps" in response.json()["detail"]


def test_wrong_type_empty_text_and_nothing_given_are_422(client: TestClient) -> None:
    for body in ({"facts": {"deceptive": "yes"}}, {"description": "   "}, {}):
        response = client.post("/classify", json=body)
        assert response.status_code == 422, body
        assert response.json()["status"] == 422


def test_batch_answers_in_order_and_names_the_bad_case(client: TestClient) -> None:
    cases = [{"facts": KIDNAPPING_FACTS}, {"facts": {"deceptive": True, "learnedOptimizer": True}}]
    body = client.post("/classify/batch", json={"cases": cases}).json()
    assert [r["verdict"] for r in body["results"]][0] == "ambiguous"
    bad = client.post("/classify/batch", json={"cases": [cases[0], {"facts": {"nope": True}}]})
    assert bad.status_code == 422 and "cases.1.facts.nope" in bad.json()["detail"]


def test_batch_over_1000_cases_is_refused(client: TestClient) -> None:
    response = client.post("/classify/batch", json={"cases": [{"facts": {}}] * 1001})
    assert response.status_code in (413, 422)


def test_contradictory_facts_are_422_naming_the_pair(client: TestClient) -> None:
    """What training paid for, the objective would pay for: the ontology says so."""
    response = client.post(
        "/classify", json={"facts": {"rewardedInTraining": True, "wouldBeRewarded": False}}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    detail = response.json()["detail"]
    assert "rewardedInTraining" in detail and "wouldBeRewarded" in detail
    assert client.get("/health").status_code == 200


def test_implied_facts_are_reported_and_not_asked(client: TestClient) -> None:
    body = client.post("/classify", json={"facts": {"rewardedInTraining": True}}).json()
    assert body["implied"] == {"wouldBeRewarded": True}
    assert "wouldBeRewarded" not in {q["fact"] for q in body["questions"]}


def test_a_description_finds_the_documented_case_it_describes(client: TestClient) -> None:
    body = client.post(
        "/classify",
        json={
            "description": "A narrow question answerer kidnaps people to be asked easy questions."
        },
    ).json()
    assert body["similar"][0]["id"] == "narrow-qa-kidnapping"
    assert body["similar"][0]["verdict"] == "ambiguous"
    scores = [s["score"] for s in body["similar"]]
    assert scores == sorted(scores, reverse=True)
    assert client.post("/classify", json={"facts": {"deceptive": True}}).json()["similar"] == []


def test_blind_descriptions_mostly_find_their_own_case() -> None:
    """Written by someone else, never used to tune anything: the case is the first hit."""
    blind = json.loads(data_file("blind_descriptions.json").read_text(encoding="utf-8"))
    hits = [similar_cases(d["text"])[:1] for d in blind["descriptions"]]
    found = sum(
        bool(h) and h[0]["id"] == d["id"] for h, d in zip(hits, blind["descriptions"], strict=True)
    )
    assert found >= 0.9 * len(blind["descriptions"])
