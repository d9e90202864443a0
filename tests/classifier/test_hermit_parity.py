"""HermiT and the three-valued evaluator give identical per-framing answers."""

from __future__ import annotations

import random

import pytest

from ontology.cases.documented import load_documented_cases
from ontology.classifier.engine import classify
from ontology.classifier.hermit import ReasonerCase, hermit_verdicts
from ontology.facts import ContradictoryFacts, close, fact_names

PARTITION_FACT = "outOfDomainSafetyIsRewardsJob"


def _evaluator(case: ReasonerCase) -> dict[str, str]:
    declared = case.declarations.get(PARTITION_FACT)
    partition = None if declared is None else ("reward" if declared else "training")
    return {
        fv.framing.curie: fv.verdict.value
        for fv in classify(case.facts, partition=partition).framings
    }


def _documented() -> list[ReasonerCase]:
    cases = []
    for case in load_documented_cases():
        cases.append(ReasonerCase(case["id"], case["facts"], {}))
        for partition in case.get("partition_resolution") or {}:
            declared = {PARTITION_FACT: partition == "reward"}
            cases.append(ReasonerCase(f"{case['id']}-{partition}", case["facts"], declared))
    return cases


def _random(count: int, seed: int) -> list[ReasonerCase]:
    """Random fact sets the implications allow (a contradictory one is refused, not classified)."""
    rng = random.Random(seed)
    cases: list[ReasonerCase] = []
    while len(cases) < count:
        i = len(cases)
        facts = {n: v for n in fact_names() if (v := rng.choice((True, False, None))) is not None}
        try:
            close(facts)
        except ContradictoryFacts:
            continue
        declared = {PARTITION_FACT: rng.random() < 0.5} if i % 3 == 0 else {}
        cases.append(ReasonerCase(f"random-{i}", facts, declared))
    return cases


@pytest.mark.slow
def test_hermit_draws_the_implications_the_evaluator_applies() -> None:
    """Only the asserted facts go to HermiT: the implied one comes from the ontology's axioms.

    The threat-model verdict here needs ``rewardedInTraining=false``, which follows from
    ``wouldBeRewarded=false`` only by the contrapositive axiom.
    """
    case = ReasonerCase(
        "implied",
        {"wouldBeRewarded": False, "learnedFromFlawedFeedback": False, "pursuesOtherGoal": True},
        {},
    )
    assert "rewardedInTraining" not in case.facts
    by_hermit = hermit_verdicts([case])["implied"]
    assert by_hermit["ak:ThreatModelFraming"].value == "inner"
    assert {k: v.value for k, v in by_hermit.items()} == _evaluator(case)


@pytest.mark.slow
def test_hermit_agrees_with_the_evaluator_on_every_documented_and_random_case() -> None:
    cases = _documented() + _random(20, seed=7)
    by_hermit = hermit_verdicts(cases)
    mismatches = {
        case.id: (expected, by_hermit[case.id])
        for case in cases
        if (expected := _evaluator(case)) != {k: v.value for k, v in by_hermit[case.id].items()}
    }
    assert not mismatches
    assert {v.value for verdicts in by_hermit.values() for v in verdicts.values()} >= {
        "outer",
        "inner",
        "both",
        "none",
        "not_applicable",
        "unknown",
    }
