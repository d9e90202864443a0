"""The classifier on the worked checks of DESIGN.md, the documented cases, and properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ontology.cases.documented import classify_case, load_documented_cases
from ontology.classifier.engine import classify
from ontology.classifier.verdict import Verdict
from ontology.facts import ContradictoryFacts, FactError, close, fact_names

CASES = {c["id"]: c for c in load_documented_cases()}


def test_there_are_at_least_thirty_documented_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_documented_case_gets_its_expected_verdict(case_id: str) -> None:
    case = CASES[case_id]
    result = classify_case(case)
    assert result.verdict.value == case["expected"]["verdict"], result.to_dict()["framings"]
    by_framing = {fv.framing.name: fv.verdict.value for fv in result.framings}
    for framing, verdict in (case["expected"].get("framings") or {}).items():
        assert by_framing[framing] == verdict, framing


@pytest.mark.parametrize(
    "case_id", sorted(i for i, c in CASES.items() if c.get("partition_resolution"))
)
def test_declared_partition_resolves_an_ambiguous_case(case_id: str) -> None:
    case = CASES[case_id]
    for partition, verdict in case["partition_resolution"].items():
        assert classify_case({**case, "partition": partition}).verdict.value == verdict


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("evolution-birth-control", "inner"),
        ("narrow-qa-kidnapping", "ambiguous"),
        ("boat-race-point-loop", "outer"),
        ("coinrun-coin-at-end", "inner"),
    ],
)
def test_design_worked_checks(case_id: str, verdict: str) -> None:
    assert classify_case(CASES[case_id]).verdict.value == verdict


def test_a_flawed_reward_and_a_learned_wrong_goal_is_both() -> None:
    both = [c for c in CASES.values() if c["expected"]["verdict"] == "both"]
    assert both and all(classify_case(c).verdict is Verdict.BOTH for c in both)


def test_rflo_has_no_inner_question_without_a_mesa_optimizer() -> None:
    facts = {"learnedOptimizer": False, "wouldBeRewarded": False, "pursuesOtherGoal": True}
    rflo = classify(facts, framing="RFLOFraming").framings[0]
    assert rflo.verdict is Verdict.NOT_APPLICABLE


def test_no_facts_is_underdetermined_with_questions() -> None:
    result = classify({})
    assert result.verdict is Verdict.UNDERDETERMINED
    assert result.questions


def test_bad_input_names_the_field() -> None:
    with pytest.raises(FactError) as err:
        classify({"deceptive": "yes"})
    assert err.value.field == "facts.deceptive"
    with pytest.raises(FactError):
        classify({}, partition="nobody")
    with pytest.raises(FactError):
        classify({}, framing="ak:NoSuchFraming")


def _consistent(facts: dict[str, Any]) -> bool:
    """True unless two of the known facts contradict each other by the ontology's implications."""
    try:
        close({n: v for n, v in facts.items() if v is not None})
    except ContradictoryFacts:
        return False
    return True


tri = st.sampled_from([True, False, None])
fact_sets = st.fixed_dictionaries({name: tri for name in fact_names()}).filter(_consistent)
DECIDED = {Verdict.OUTER, Verdict.INNER, Verdict.BOTH, Verdict.NONE, Verdict.AMBIGUOUS}


@settings(max_examples=300, deadline=None)
@given(facts=fact_sets, extra=st.sampled_from(fact_names()), value=st.booleans())
def test_learning_a_fact_never_undoes_a_decided_verdict(
    facts: dict[str, Any], extra: str, value: bool
) -> None:
    before = classify(facts).verdict
    assume(_consistent({**facts, extra: value}))
    if before in DECIDED and facts[extra] is None:
        assert classify({**facts, extra: value}).verdict is before


@settings(max_examples=200, deadline=None)
@given(facts=fact_sets, seed=st.randoms())
def test_verdict_does_not_depend_on_the_order_of_facts(facts: dict[str, Any], seed: Any) -> None:
    items = list(facts.items())
    seed.shuffle(items)
    assert classify(dict(items)).to_dict() == classify(facts).to_dict()


@settings(max_examples=200, deadline=None)
@given(facts=fact_sets)
def test_every_question_names_an_unknown_fact_whose_answer_matters(facts: dict[str, Any]) -> None:
    result = classify(facts)
    asked = [q for q in result.questions if q.fact in fact_names()]

    def narrows(q: Any) -> bool:
        narrowed = {q.if_yes, q.if_no} != {result.verdict}
        return narrowed or q.possible_if_yes != q.possible_if_no

    for question in asked:
        assert facts[question.fact] is None
        assert question.fact not in result.implied
    # Either every question narrows the verdict by itself, or none does and they are the
    # facts that settle it only together with another answer.
    assert all(narrows(q) for q in asked) or not any(narrows(q) for q in asked)


def test_contradictory_facts_are_refused_naming_both() -> None:
    """The ontology states that what was rewarded in training would be rewarded."""
    with pytest.raises(ContradictoryFacts) as caught:
        classify({"rewardedInTraining": True, "wouldBeRewarded": False})
    assert set(caught.value.pair) == {"rewardedInTraining", "wouldBeRewarded"}


def test_an_implied_fact_is_not_asked_and_is_reported_as_implied() -> None:
    result = classify({"rewardedInTraining": True})
    assert result.implied == {"wouldBeRewarded": True}
    assert "wouldBeRewarded" not in {q.fact for q in result.questions}


def test_situationally_aware_reward_hacking_is_outer_under_rflo() -> None:
    """Concealment in service of the reward is not an inner failure by itself (Ngo et al.)."""
    facts = {
        "rewardedInTraining": True,
        "concealsForReward": True,
        "deceptive": False,
        "learnedOptimizer": True,
        "pursuesOtherGoal": True,
        "distributionShift": False,
        "oversightWouldCatch": True,
        "narrowSystem": False,
    }
    by_framing = {fv.framing.name: fv.verdict for fv in classify(facts).framings}
    assert by_framing["RFLOFraming"] is Verdict.OUTER
    assert by_framing["DesiderataFraming"] is Verdict.OUTER
    # playing along for a goal of its own instead is inner as well
    schemer = {
        fv.framing.name: fv.verdict for fv in classify({**facts, "deceptive": True}).framings
    }
    assert schemer["RFLOFraming"] is Verdict.BOTH


def test_flawed_feedback_that_generalizes_is_outer_under_the_threat_model() -> None:
    """Greenblatt's main outer case: feedback on one behaviour, a never-rewarded catastrophe."""
    facts = {"learnedFromFlawedFeedback": True, "rewardedInTraining": False, "deceptive": False}
    result = classify(facts, framing="ThreatModelFraming")
    assert result.framings[0].verdict is Verdict.OUTER
    assert result.implied["pursuesOtherGoal"] is True
    # the same act with no flaw upstream is the inner threat
    clean = classify(
        {**facts, "learnedFromFlawedFeedback": False, "pursuesOtherGoal": True},
        framing="ThreatModelFraming",
    )
    assert clean.framings[0].verdict is Verdict.INNER


def test_desiderata_draw_no_verdict_from_the_footnote_they_set_aside() -> None:
    """Outside the task's domain the desiderata still judge: no 'not applicable' rule."""
    facts = {
        "outsideSpecifiedDomain": True,
        "wouldBeRewarded": False,
        "pursuesOtherGoal": True,
        "deceptive": False,
    }
    verdict = classify(facts, framing="DesiderataFraming").framings[0].verdict
    assert verdict is Verdict.INNER


@settings(max_examples=150, deadline=None)
@given(facts=fact_sets)
def test_questions_come_in_information_order(facts: dict[str, Any]) -> None:
    """Fewest verdicts left on average over yes and no first, then the worse case."""
    ranks = [
        (
            (len(q.possible_if_yes) + len(q.possible_if_no)) / 2,
            max(len(q.possible_if_yes), len(q.possible_if_no)),
        )
        for q in classify(facts).questions
        if q.fact in fact_names()
    ]
    assert ranks == sorted(ranks)
