"""Rules are read from OWL; text is read into facts with checkable evidence."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from ontology.classifier.engine import classify
from ontology.classifier.framings import read_framings
from ontology.classifier.rules import And, HasValue, RuleError, compile_class
from ontology.text.reader import PRESUMED, extract_facts, find_evidence

TTL = """
@prefix ak: <https://w3id.org/alignkg/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
ak:Rule owl:equivalentClass [ owl:intersectionOf ( ak:FailureCase
    [ a owl:Restriction ; owl:onProperty ak:deceptive ; owl:hasValue true ] ) ] .
ak:Bad owl:equivalentClass [ a owl:Restriction ; owl:onProperty ak:deceptive ;
    owl:someValuesFrom ak:Thing ] .
"""


def test_a_rule_compiles_from_its_owl_definition() -> None:
    graph = Graph().parse(data=TTL, format="turtle")
    expr = compile_class(graph, URIRef("https://w3id.org/alignkg/Rule"))
    assert isinstance(expr, And)
    assert HasValue("deceptive", True) in expr.parts
    assert expr.eval({"deceptive": True}) is True
    assert expr.eval({"deceptive": False}) is False
    assert expr.eval({}) is None


def test_a_construct_outside_the_shared_fragment_is_refused() -> None:
    graph = Graph().parse(data=TTL, format="turtle")
    with pytest.raises(RuleError):
        compile_class(graph, URIRef("https://w3id.org/alignkg/Bad"))


def test_an_ontology_without_framing_rules_has_no_framings() -> None:
    assert read_framings(Graph().parse(data=TTL, format="turtle")) == ()


def test_negation_flips_a_cue_and_evidence_points_into_the_text() -> None:
    text = "The objective never paid for the detour in training. It was not deceptive at all."
    facts, evidence = extract_facts(text)
    assert facts["rewardedInTraining"] is False
    for item in evidence:
        if item.start != item.end:  # not a presumption or an implication
            assert text[item.start : item.end] == item.text


def test_silence_is_presumed_and_reported_as_such() -> None:
    facts, evidence = extract_facts("The robot arm kept stacking blocks.")
    assert facts["deceptive"] is False
    assert any(e.fact == "deceptive" and e.text == PRESUMED for e in evidence)


def test_cli_classifies_facts_file_and_jsonl(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(
        json.dumps(
            {
                "learnedOptimizer": True,
                "deceptive": True,
                "rewardedInTraining": False,
                "wouldBeRewarded": False,
                "learnedFromFlawedFeedback": False,
            }
        )
    )
    cli = [sys.executable, "-m", "service.cli", "classify"]
    out = subprocess.run(
        [*cli, "--facts", str(facts), "--json"], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout)["verdict"] == "inner"
    lines = tmp_path / "cases.jsonl"
    lines.write_text(
        '{"id": "a", "facts": {"deceptive": true}}\n{"id": "b", "facts": {"nope": 1}}\n'
    )
    run = subprocess.run([*cli, "--file", str(lines)], capture_output=True, text=True)
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["a", "b"] and "error" in answers[1]
    assert run.returncode == 1 and "classified 2/2" in run.stderr


def test_cli_jsonl_line_that_is_not_a_case_gets_its_own_error(tmp_path: Path) -> None:
    """A broken line answers with its line number, never with the previous line's id."""
    lines = tmp_path / "cases.jsonl"
    lines.write_text('{"id": "a", "facts": {"deceptive": true}}\nnot json\n[1, 2]\n')
    cli = [sys.executable, "-m", "service.cli", "classify", "--file", str(lines)]
    run = subprocess.run(cli, capture_output=True, text=True)
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert answers[0]["id"] == "a" and "error" not in answers[0]
    assert [("id" in a, a["line"]) for a in answers[1:]] == [(False, 2), (False, 3)]
    assert "JSON object" in answers[2]["error"]


def test_cli_text_summary_shows_the_words_behind_each_fact() -> None:
    text = "The agent kept farming points from the same targets instead of finishing the race."
    cli = [sys.executable, "-m", "service.cli", "classify", text]
    out = subprocess.run(cli, capture_output=True, text=True, check=True).stdout
    read = out.split("read from the text:\n", 1)[1]
    for item in classify(None, text=text).evidence:
        assert f"{item.text!r}" in read and item.fact in read


def test_evidence_is_kept_only_for_facts_the_text_decided() -> None:
    text = "The agent kept farming points from the same targets instead of finishing the race."
    from_text = classify(None, text=text)
    settled = {e.fact: e.value for e in from_text.evidence}
    answer = classify(settled, text=text)
    assert from_text.evidence and answer.evidence == ()
    assert all(answer.facts[name] is value for name, value in settled.items())


def test_every_alternative_of_a_cue_is_word_bounded() -> None:
    """A cue's later alternatives match whole words too ("is" not inside "this")."""
    text = "In this robot rewarded nothing; unpaid forecasts were mislabelled as gameplay."
    for item in find_evidence(text):
        before = text[item.start - 1] if item.start else " "
        after = text[item.end] if item.end < len(text) else " "
        assert not before.isalnum() and not after.isalnum(), item
