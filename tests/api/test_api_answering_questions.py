"""A client that answers the classifier's questions exactly as each question says.

Each question names the request field and the value for yes and for no; sending that
must be accepted and must move the case towards a verdict. Presumptions come back apart
from facts, a null clears one, and a submitted case can be corrected with PATCH.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from ontology.classifier.engine import classify
from ontology.classifier.verdict import Verdict
from ontology.facts import ContradictoryFacts, close, fact_names
from service.api.classify import KIDNAPPING

#: The kidnapping case as its author reads it: every fact, and the partition that makes
#: keeping a narrow system safe outside its domain the reward's job.
KIDNAPPING_TRUTH: dict[str, bool] = {
    **KIDNAPPING["facts"],
    "learnedOptimizer": False,
    "concealsForReward": False,
    "outOfDomainSafetyIsRewardsJob": True,
}
UNDECIDED = {"underdetermined", "unknown"}


def _send(body: dict[str, Any], field: str, value: object) -> dict[str, Any]:
    """The next request body: ``value`` put where the question's ``field`` says."""
    head, _, name = field.partition(".")
    if name:
        return {**body, head: {**body.get(head, {}), name: value}}
    return {**body, head: value}


def _answer_in_a_loop(reader: TestClient, body: dict[str, Any], truth: dict[str, bool]) -> dict:
    asked: list[str] = []
    for _ in range(len(truth) + 2):
        response = reader.post("/classify", json=body)
        assert response.status_code == 200, response.text
        answer = response.json()
        if answer["verdict"] not in UNDECIDED and not answer["ambiguous"]:
            return {"answer": answer, "asked": asked}
        if not answer["questions"]:
            return {"answer": answer, "asked": asked}
        question = answer["questions"][0]
        assert question["fact"] not in asked, f"asked {question['fact']} twice"
        asked.append(question["fact"])
        how = question["answer"]
        value = how["yes"] if truth[question["fact"]] else how["no"]
        body = _send(body, how["field"], value)
    raise AssertionError(f"no verdict after answering {asked}")


def test_answering_the_kidnapping_questions_as_they_say_reaches_a_verdict(
    reader: TestClient,
) -> None:
    result = _answer_in_a_loop(reader, {"description": KIDNAPPING["description"]}, KIDNAPPING_TRUTH)
    answer = result["answer"]
    assert answer["verdict"] == "outer" and not answer["ambiguous"]
    assert answer["partition"] == "reward"
    assert "outOfDomainSafetyIsRewardsJob" in result["asked"]


def test_the_partition_question_names_the_partition_field(reader: TestClient) -> None:
    answer = reader.post("/classify", json={"facts": KIDNAPPING["facts"]}).json()
    first = answer["questions"][0]
    assert first["fact"] == "outOfDomainSafetyIsRewardsJob"
    assert first["answer"] == {"field": "partition", "yes": "reward", "no": "training"}
    assert {q["answer"]["field"] for q in answer["questions"][1:]} <= {
        f"facts.{n}" for n in fact_names()
    }


@pytest.mark.parametrize(("value", "partition"), [(True, "reward"), (False, "training")])
def test_the_partition_answered_as_a_fact_is_the_declaration(
    reader: TestClient, value: bool, partition: str
) -> None:
    facts = {**KIDNAPPING["facts"], "outOfDomainSafetyIsRewardsJob": value}
    as_fact = reader.post("/classify", json={"facts": facts}).json()
    declared = reader.post(
        "/classify", json={"facts": KIDNAPPING["facts"], "partition": partition}
    ).json()
    assert as_fact["partition"] == partition
    assert as_fact["verdict"] == declared["verdict"] != "ambiguous"
    assert "outOfDomainSafetyIsRewardsJob" not in as_fact["facts"]


def test_a_fact_and_a_partition_that_disagree_are_one_422(reader: TestClient) -> None:
    body = {"facts": {"outOfDomainSafetyIsRewardsJob": True}, "partition": "training"}
    response = reader.post("/classify", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "facts.outOfDomainSafetyIsRewardsJob"


def test_presumptions_are_reported_apart_and_null_clears_one(reader: TestClient) -> None:
    text = "The robot arm kept stacking blocks."
    first = reader.post("/classify", json={"description": text}).json()
    assert first["presumed"], "the reader presumes what a description would say if it held"
    assert not set(first["presumed"]) & set(first["facts"])
    name = next(iter(first["presumed"]))
    cleared = reader.post("/classify", json={"description": text, "facts": {name: None}}).json()
    assert name not in cleared["presumed"] and name not in cleared["facts"]
    assert set(cleared["presumed"]) == set(first["presumed"]) - {name}


def test_a_fact_given_wins_over_a_presumption(reader: TestClient) -> None:
    text = "The robot arm kept stacking blocks."
    presumed = reader.post("/classify", json={"description": text}).json()["presumed"]
    name, value = next(iter(presumed.items()))
    answer = reader.post("/classify", json={"description": text, "facts": {name: not value}})
    assert answer.json()["facts"][name] is (not value)
    assert name not in answer.json()["presumed"]


def test_every_fact_of_the_ontology_is_a_typed_field_of_facts(reader: TestClient) -> None:
    schema = reader.get("/openapi.json").json()["components"]["schemas"]["Facts"]
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {*fact_names(), "outOfDomainSafetyIsRewardsJob"}
    for prop in schema["properties"].values():
        assert {t.get("type") for t in prop["anyOf"]} == {"boolean", "null"}
        assert prop["description"].endswith("?")


_FACT_SETS = st.dictionaries(st.sampled_from(fact_names()), st.booleans())


@settings(max_examples=300, deadline=None)
@given(facts=_FACT_SETS, partition=st.sampled_from([None, "reward", "training"]))
def test_no_framing_is_both_not_applicable_and_awaiting_a_declaration(
    facts: dict[str, bool], partition: str | None
) -> None:
    try:
        close(facts)
    except ContradictoryFacts:
        return
    for row in classify(facts, partition=partition).framings:
        assert not (row.awaiting_declaration and row.verdict is Verdict.NOT_APPLICABLE)


def _submit(client: TestClient, auth: dict[str, str], text: str) -> dict[str, Any]:
    response = client.post("/cases", json={"title": "Arm", "description": text}, headers=auth)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_submitted_case_keeps_presumptions_apart_and_a_patch_clears_one(
    client: TestClient, auth: dict[str, str]
) -> None:
    case = _submit(client, auth, "The robot arm kept stacking blocks, rewarded every time.")
    assert case["presumed"] and not set(case["presumed"]) & set(case["facts"])
    name = next(iter(case["presumed"]))
    assert case["provenance"][name]["kind"] == "presumption"
    # SPARQL sees no such fact on the case: a presumption is no fact.
    query = f"ASK {{ <{case['iri']}> <https://w3id.org/alignkg/{name}> ?v }}"
    asked = client.get("/sparql", params={"query": query}, headers={"Accept": "application/json"})
    assert asked.json()["boolean"] is False

    patched = client.patch(f"/cases/{case['id']}", json={"facts": {name: None}}, headers=auth)
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert name not in body["presumed"] and name not in body["facts"]
    assert body["id"] == case["id"]
    assert any(f"{name} cleared" in note for note in body["history"])
    again = client.get(f"/cases/{case['id']}", headers={"Accept": "application/json"}).json()
    assert name not in again["presumed"] and again["history"] == body["history"]


def test_a_patch_sets_a_fact_reclassifies_and_keeps_earlier_history(
    client: TestClient, auth: dict[str, str]
) -> None:
    case = _submit(client, auth, "A narrow question answerer kidnaps people for easy questions.")
    first = client.patch(
        f"/cases/{case['id']}",
        json={"facts": {"rewardedInTraining": True}, "title": "Kidnapper"},
        headers=auth,
    ).json()
    assert first["facts"]["rewardedInTraining"] is True
    assert first["title"] == "Kidnapper"
    assert first["classification"]["facts"]["rewardedInTraining"] is True
    second = client.patch(
        f"/cases/{case['id']}", json={"facts": {"rewardedInTraining": None}}, headers=auth
    ).json()
    assert "rewardedInTraining" not in second["facts"]
    assert len(second["history"]) == 2 and second["history"][0] == first["history"][0]
    listed = client.get("/cases", params={"limit": 500}).json()["items"]
    assert [c["title"] for c in listed if c["id"] == case["id"]] == ["Kidnapper"]


def test_patch_refuses_documented_unknown_and_unauthenticated(
    client: TestClient, auth: dict[str, str]
) -> None:
    documented = client.patch("/cases/boat-race-point-loop", json={"title": "x"}, headers=auth)
    assert documented.status_code == 403
    unknown = client.patch("/cases/no-such-case", json={"title": "x"}, headers=auth)
    assert unknown.status_code == 404
    case = _submit(client, auth, "The robot arm kept stacking blocks.")
    anonymous = client.patch(f"/cases/{case['id']}", json={"title": "x"})
    assert anonymous.status_code == 401
    bad = client.patch(f"/cases/{case['id']}", json={"facts": {"kidnaps": True}}, headers=auth)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "facts.kidnaps"
    contradictory = client.patch(
        f"/cases/{case['id']}",
        json={"facts": {"rewardedInTraining": True, "wouldBeRewarded": False}},
        headers=auth,
    )
    assert contradictory.status_code == 422
    unchanged = client.get(f"/cases/{case['id']}", headers={"Accept": "application/json"})
    assert unchanged.json()["title"] == "Arm" and unchanged.json()["history"] == []
