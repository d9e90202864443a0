"""Schema and sanity checks on the documented failure cases in ``data/cases.json``.

These check the file as data (names, values, provenance, sources, wording), independently
of the classifier. Every fact says where it comes from; the expected verdict is what the
facts give under the framings' rules, and ``tests/classifier`` holds the classifier to it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from ontology.facts import ContradictoryFacts, close, fact_names
from ontology.files import CASES_FILE_NAME, ONTOLOGY_FILE, data_file
from ontology.vocab import BASE, in_namespace

#: The file the service loads (``data/cases.json`` in an editable install).
CASES_FILE = data_file(CASES_FILE_NAME)

#: The facts the ontology declares (sub-properties of ak:caseFact).
FACT_NAMES = set(fact_names())
#: "underdetermined" where the sources leave a deciding fact unknown (it stays unknown).
CASE_VERDICTS = {"outer", "inner", "both", "none", "ambiguous", "underdetermined"}
FRAMING_VERDICTS = {"outer", "inner", "both", "none", "not_applicable", "unknown"}
FRAMINGS = {
    "RFLOFraming",
    "ObjectiveCentricFraming",
    "GeneralizationCentricFraming",
    "ThreatModelFraming",
    "DesiderataFraming",
    "ResponsibilityPartitionFraming",
}
#: Terms a case may exhibit: the ontology's classes.
ONTOLOGY_TERMS = {
    name
    for node in Graph().parse(ONTOLOGY_FILE).subjects(RDF.type, OWL.Class)
    if (name := in_namespace(str(node), BASE)) is not None
}
REQUIRED_KEYS = {
    "id",
    "title",
    "description",
    "facts",
    "provenance",
    "sources",
    "expected",
    "exhibits",
    "notes",
}
ALLOWED_KEYS = REQUIRED_KEYS | {"partition_resolution", "history", "source_says"}
PROVENANCE_KINDS = {"source", "inferred", "judgement"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Words that would give the label away to a text classifier reading the description.
LABEL_WORDS = re.compile(
    r"\bouter|\binner\b|misgenerali[sz]|\bmesa"
    r"|specification gaming|reward hacking|deceptive alignment",
    re.IGNORECASE,
)


def _load() -> list[dict[str, Any]]:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    assert isinstance(cases, list)
    return cases


CASES = _load()
BY_ID = {case["id"]: case for case in CASES}


def _case_id(case: dict[str, Any]) -> str:
    return str(case["id"])


def test_there_are_enough_cases_with_a_spread_of_verdicts() -> None:
    """At least 120 cases, and every verdict is represented (5+ none, 1+ both, 5+ ambiguous)."""
    counts = Counter(case["expected"]["verdict"] for case in CASES)
    assert len(CASES) >= 120
    assert counts["outer"] >= 10 and counts["inner"] >= 10
    assert counts["none"] >= 5 and counts["both"] >= 1 and counts["ambiguous"] >= 5


def test_case_ids_are_unique_slugs() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert [i for i in ids if not SLUG.match(i)] == []


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_case_has_exactly_the_known_keys(case: dict[str, Any]) -> None:
    assert REQUIRED_KEYS <= case.keys() <= ALLOWED_KEYS, case.keys() ^ REQUIRED_KEYS


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_facts_use_known_names_and_boolean_values(case: dict[str, Any]) -> None:
    facts = case["facts"]
    assert set(facts) <= FACT_NAMES, set(facts) - FACT_NAMES
    assert all(isinstance(value, bool) for value in facts.values())


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_facts_respect_the_implications(case: dict[str, Any]) -> None:
    """What training paid for, the objective would pay for; and the ontology's other axioms."""
    try:
        close(case["facts"])
    except ContradictoryFacts as err:
        pytest.fail(str(err))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_every_fact_says_where_it_comes_from(case: dict[str, Any]) -> None:
    """source (quote, locator, which source, the copy checked), inferred (argument) or
    judgement (why); nothing else, and nothing for a fact the case does not state."""
    provenance = case["provenance"]
    assert set(provenance) == set(case["facts"]), set(provenance) ^ set(case["facts"])
    for name, record in provenance.items():
        kind = record.get("kind")
        assert kind in PROVENANCE_KINDS, (name, kind)
        if kind == "source":
            quote = record.get("quote") or ""
            assert 0 < len(quote.split()) <= 45, (name, quote)
            assert record.get("locator"), name
            assert 0 <= record.get("source", -1) < len(case["sources"]), name
            assert str(record.get("checked_at", "")).strip(), name  # the copy compared with
        elif kind == "inferred":
            assert len(record.get("argument") or "") >= 20, name
        else:
            assert len(record.get("why") or "") >= 20, name


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_history_entries_are_dated_notes(case: dict[str, Any]) -> None:
    for change in case.get("history", []):
        assert set(change) == {"date", "note"} and DATE.match(change["date"]), change
        assert len(change["note"]) >= 20


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_expected_verdicts_are_valid(case: dict[str, Any]) -> None:
    expected = case["expected"]
    assert expected["verdict"] in CASE_VERDICTS
    framings = expected.get("framings", {})
    assert set(framings) <= FRAMINGS, set(framings) - FRAMINGS
    assert set(framings.values()) <= FRAMING_VERDICTS


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_every_source_has_title_authors_year_and_url(case: dict[str, Any]) -> None:
    assert case["sources"], "a case needs at least one source"
    for source in case["sources"]:
        assert source["title"].strip()
        assert source["authors"] and all(a.strip() for a in source["authors"])
        assert isinstance(source["year"], int) and 1900 < source["year"] < 2100
        assert source["url"].startswith("https://")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_description_is_long_and_does_not_name_the_label(case: dict[str, Any]) -> None:
    description = case["description"]
    assert len(description) >= 200
    assert LABEL_WORDS.search(description) is None, LABEL_WORDS.search(description)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_exhibits_name_terms_of_the_ontology(case: dict[str, Any]) -> None:
    assert set(case["exhibits"]) <= ONTOLOGY_TERMS, set(case["exhibits"]) - ONTOLOGY_TERMS


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_partition_resolution_only_on_ambiguous_narrow_cases(case: dict[str, Any]) -> None:
    resolution = case.get("partition_resolution")
    if resolution is None:
        return
    assert case["expected"]["verdict"] == "ambiguous"
    assert case["facts"].get("narrowSystem") is True
    assert set(resolution) == {"reward", "training"}
    assert set(resolution.values()) <= CASE_VERDICTS - {"ambiguous"}


def test_seed_worked_checks_are_present_with_their_expected_verdicts() -> None:
    """The five worked checks of DESIGN.md appear among the documented cases."""
    assert BY_ID["evolution-birth-control"]["expected"]["verdict"] == "inner"
    assert BY_ID["boat-race-point-loop"]["expected"]["verdict"] == "outer"
    kidnapping = BY_ID["narrow-qa-kidnapping"]
    assert kidnapping["expected"]["verdict"] == "ambiguous"
    assert kidnapping["partition_resolution"] == {"reward": "outer", "training": "inner"}
    correct_reward_shift = BY_ID["seed-correlation-breaks-after-deployment"]
    assert correct_reward_shift["expected"]["verdict"] == "inner"
    assert correct_reward_shift["facts"]["rewardedInTraining"] is False
    assert BY_ID["feedback-trained-model-manipulates-raters"]["expected"]["verdict"] == "both"
