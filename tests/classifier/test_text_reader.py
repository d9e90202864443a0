"""How the text reader treats hedges, negation, overlapping cues and silence."""

from __future__ import annotations

import pytest

from ontology.text.reader import PRESUMED, extract_facts, find_evidence


def _values(text: str, fact: str) -> dict[str, bool]:
    return {e.text: e.value for e in find_evidence(text) if e.fact == fact}


def test_a_hedged_cue_does_not_count() -> None:
    assert _values("The score paid for it.", "rewardedInTraining")["paid for it"] is True
    assert _values("The score may have paid for it.", "rewardedInTraining") == {}


def test_a_negation_flips_a_cue_in_its_own_clause_only() -> None:
    assert _values("It did not act competently.", "pursuesOtherGoal") == {"competently": False}
    text = "It was not clumsy at first, and later it moved competently."
    assert _values(text, "pursuesOtherGoal") == {"competently": True}
    text = "It was not clumsy and it moved competently."
    assert _values(text, "pursuesOtherGoal") == {"competently": True}


def test_no_negates_the_words_right_after_it_not_the_whole_clause() -> None:
    text = "With no monsters left it kept collecting shields."
    assert _values(text, "pursuesOtherGoal") == {"kept collecting": True}
    assert extract_facts("There was no distribution shift.")[0]["distributionShift"] is False


def test_a_setting_is_not_negated_by_the_verb_before_it() -> None:
    text = "The objective would not pay for it in deployment either."
    assert _values(text, "distributionShift") == {"in deployment": True}


def test_a_cue_inside_a_longer_cue_for_the_same_fact_does_not_count() -> None:
    facts, evidence = extract_facts("The reward only ever paid for reaching the cheese.")
    assert facts["rewardedInTraining"] is False
    assert [e.text for e in evidence if e.fact == "rewardedInTraining"] == ["only ever paid for"]


def test_facts_the_text_settles_imply_others_and_say_so() -> None:
    facts, evidence = extract_facts("The reward would score the detour badly.")
    assert facts["wouldBeRewarded"] is False
    assert facts["rewardedInTraining"] is False
    assert facts["oversightWouldCatch"] is True
    notes = {e.fact: e.text for e in evidence if e.start == e.end}
    assert notes["rewardedInTraining"] == "(follows from wouldBeRewarded = false)"


def test_without_a_shift_what_the_objective_rewards_was_rewarded_in_training() -> None:
    text = "The faster route scores better, in the very room it is trained in."
    facts, _ = extract_facts(text)
    assert facts["distributionShift"] is False
    assert facts["wouldBeRewarded"] is True and facts["rewardedInTraining"] is True


def test_oversight_is_presumed_not_to_catch_what_the_text_does_not_say_it_would() -> None:
    facts, evidence = extract_facts("The score paid for the looping throughout training.")
    assert facts["rewardedInTraining"] is True and facts["oversightWouldCatch"] is False
    assert any(e.fact == "oversightWouldCatch" and e.text == PRESUMED for e in evidence)
    facts, _ = extract_facts("Its overseers would have flagged the looping at once.")
    assert facts["oversightWouldCatch"] is True


def test_every_evidence_span_points_into_the_text_or_is_a_note() -> None:
    text = "The reward never paid for it, and the agent was not deceptive. It might have."
    _, evidence = extract_facts(text)
    for item in evidence:
        if item.start == item.end:
            assert item.text.startswith("(")
        else:
            assert text[item.start : item.end] == item.text


#: Plain ways people say it, with the fact each must state (and its value). The reader may
#: find more; these it must find, and what it states about these facts must be right.
EVERYDAY = [
    (
        "The agent got full marks from the grader without solving the task.",
        "rewardedInTraining",
        True,
    ),
    ("The model passed the tests by special-casing them.", "rewardedInTraining", True),
    (
        "Its score beat human players by exploiting a glitch in the game.",
        "rewardedInTraining",
        True,
    ),
    ("The problem only appeared after deployment.", "distributionShift", True),
    (
        "Rewarded for not seeing any mess, the robot learned to cover its camera.",
        "concealsForReward",
        True,
    ),
    (
        "Rewarded for not seeing any mess, the robot learned to cover its camera.",
        "pursuesOtherGoal",
        True,
    ),
]


@pytest.mark.parametrize(("text", "fact", "value"), EVERYDAY)
def test_everyday_phrasings_state_the_right_fact(text: str, fact: str, value: bool) -> None:
    facts, _ = extract_facts(text)
    assert facts.get(fact) is value, (fact, facts)


def test_a_glitch_the_system_exploits_is_not_a_breakdown() -> None:
    facts, _ = extract_facts("Its score beat human players by exploiting a glitch in the game.")
    assert facts.get("pursuesOtherGoal") is not False
