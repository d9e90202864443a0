"""Read a case's facts out of a plain-text description, with the words behind each.

A transparent, offline extractor: the cues of ``ontology/cues.py`` are matched sentence
by sentence, a negation just before a cue flips it, and each fact takes the value most
of its evidence points to (a tie leaves it unknown). Every fact found comes with the
span of text that led to it, so a reader can check and overrule it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from functools import cache

from .classifier import Evidence
from .cues import CUES, Cue
from .facts import case_facts

#: Evidence text of a fact the description did not address (see ``ak:presumedInText``).
PRESUMED = "(not mentioned; presumed)"

_BOUNDARY = re.compile(r"[.!?;]+")
_NEGATION = re.compile(
    r"\b(?:not|never|no|nothing|nobody|none|without|nor|neither|hardly|cannot|didn't|doesn't|don't|wasn't|"
    r"weren't|isn't|aren't|won't|wouldn't|couldn't|failed to)\b[^,.;:]*$",
    re.IGNORECASE,
)
#: How far back (characters, within the clause) a negation still applies to a cue.
_NEGATION_REACH = 40


@cache
def _compiled() -> tuple[tuple[Cue, re.Pattern[str]], ...]:
    # Cues are written in lower case and matched against lower-cased text: much faster
    # than re.IGNORECASE on every cue (and lower-casing a pattern could change \W to \w).
    for cue in CUES:
        if cue.pattern != cue.pattern.lower():
            raise ValueError(f"cue patterns are lower case: {cue.pattern!r}")
    return tuple((c, re.compile(rf"\b(?:{c.pattern})\b")) for c in CUES)


_NEGATION_INSIDE = re.compile(r"\b(?:not|never|no|nothing|n't)\b", re.IGNORECASE)


def _negated(sentence: str, start: int, end: int) -> bool:
    """A negation just before the cue, or inside it ("the score never paid for")."""
    window = sentence[max(0, start - _NEGATION_REACH) : start]
    return bool(_NEGATION.search(window) or _NEGATION_INSIDE.search(sentence[start:end]))


def find_evidence(text: str) -> list[Evidence]:
    """Every cue found in ``text``, with the value it suggests after negation.

    Each cue is one scan of the whole text; a negation counts only within the cue's own
    sentence, so sentence starts are looked up rather than the text split.
    """
    starts = [0] + [m.end() for m in _BOUNDARY.finditer(text)]
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    found = []
    for cue, pattern in _compiled():
        for match in pattern.finditer(lowered):
            start, end = match.span()
            sentence_start = starts[bisect_right(starts, start) - 1]
            value = cue.value
            if cue.negatable and _negated(
                text[sentence_start:end], start - sentence_start, end - sentence_start
            ):
                value = not value
            found.append(Evidence(cue.fact, value, text[start:end], start, end))
    return found


def extract_facts(text: str) -> tuple[dict[str, bool], tuple[Evidence, ...]]:
    """Facts the text supports (majority of the evidence per fact) and the evidence kept."""
    by_fact: dict[str, list[Evidence]] = defaultdict(list)
    for item in find_evidence(text):
        by_fact[item.fact].append(item)
    facts: dict[str, bool] = {}
    kept: list[Evidence] = []
    for fact, items in by_fact.items():
        yes = sum(1 for e in items if e.value)
        no = len(items) - yes
        if yes == no:
            continue
        facts[fact] = yes > no
        kept.extend(e for e in items if e.value == facts[fact])
    if facts.get("rewardedInTraining") and "wouldBeRewarded" not in facts:
        facts["wouldBeRewarded"] = True  # by definition: what training paid for, it would pay for
    kept.extend(_presume(facts, len(text)))
    return facts, tuple(sorted(kept, key=lambda e: e.start))


def _presume(facts: dict[str, bool], end: int) -> list[Evidence]:
    """Fill facts the text is silent on with the ontology's presumption, saying so."""
    presumed = []
    for fact in case_facts():
        if fact.name not in facts and fact.presumed_in_text is not None:
            facts[fact.name] = fact.presumed_in_text
            presumed.append(Evidence(fact.name, fact.presumed_in_text, PRESUMED, end, end))
    return presumed
