"""Read a case's facts out of a plain-text description, with the words behind each.

A transparent, offline extractor: the cues of ``ontology/cues.py`` are matched sentence
by sentence, a negation just before a cue flips it, and each fact takes the value most
of its evidence points to (a tie leaves it unknown). Every fact found comes with the
span of text that led to it, so a reader can check and overrule it.

Speed: rather than scanning the whole text once per cue, the words of the text are
walked once and each cue is tried only at the words that can start it
(``ontology/prefilter.py``); the matches are the same, as the tests check against the
scan-every-cue path.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from functools import cache

from .classifier import Evidence
from .cues import CUES, Cue
from .facts import case_facts
from .prefilter import WordIndex

#: Evidence text of a fact the description did not address (see ``ak:presumedInText``).
PRESUMED = "(not mentioned; presumed)"

_BOUNDARY = re.compile(r"[.!?;]+")
# Negations are looked for in the folded text (below), as re.IGNORECASE would find them
# in the original but at less than half the cost.
_NEGATION = re.compile(
    r"\b(?:not|never|no|nothing|nobody|none|without|nor|neither|hardly|cannot|didn't|doesn't|don't|wasn't|"
    r"weren't|isn't|aren't|won't|wouldn't|couldn't|failed to)\b[^,.;:]*$"
)
#: Letters re.IGNORECASE also takes for "i" and "s" that the lower-cased text keeps.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
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


@cache
def _index() -> WordIndex:
    return WordIndex([pattern.pattern for _, pattern in _compiled()])


def _matches(lowered: str) -> list[tuple[int, int, int]]:
    """(cue, start, end) of every cue match, as one ``finditer`` per cue would find them.

    A cue is tried only at the words that can start it (``ontology/prefilter.py``), and
    not inside its own previous match, so the matches are the same non-overlapping,
    leftmost ones; cues whose start is not known are scanned in full.
    """
    index, match = _index(), _matchers()
    starting, begins = index.starting, lowered.startswith
    found: list[tuple[int, int, int]] = []
    resume = [0] * len(match)  # per cue, where its previous match ended
    for word in index.words.finditer(lowered):
        at = word.start()
        for cue, starts in starting(word.group()):
            # "the same", not just "the"; and not inside the cue's own previous match
            if at >= resume[cue] and begins(starts, at):
                matched = match[cue](lowered, at)
                if matched:
                    end = resume[cue] = matched.end()
                    found.append((cue, at, end))
    patterns = _compiled()
    for cue in index.unindexed:
        found.extend((cue, *m.span()) for m in patterns[cue][1].finditer(lowered))
    return sorted(found)


@cache
def _matchers() -> tuple[Callable[[str, int], re.Match[str] | None], ...]:
    return tuple(pattern.match for _, pattern in _compiled())


def _scan_all(lowered: str) -> list[tuple[int, int, int]]:
    """The plain way: one ``finditer`` per cue over the whole text (the reference)."""
    return [(i, *m.span()) for i, (_, p) in enumerate(_compiled()) for m in p.finditer(lowered)]


_NEGATION_INSIDE = re.compile(r"\b(?:not|never|no|nothing|n't)\b")


def _negated(sentence: str, start: int, end: int) -> bool:
    """A negation just before the cue, or inside it ("the score never paid for")."""
    window = sentence[max(0, start - _NEGATION_REACH) : start]
    return bool(_NEGATION.search(window) or _NEGATION_INSIDE.search(sentence[start:end]))


def find_evidence(text: str, *, indexed: bool = True) -> list[Evidence]:
    """Every cue found in ``text``, with the value it suggests after negation.

    ``indexed=False`` scans the whole text once per cue instead of trying cues only at
    the words that can start them: slower, the same answer, kept to check that. A
    negation counts only within the cue's own sentence, so sentence starts are looked up
    rather than the text split.
    """
    starts = [0] + [m.end() for m in _BOUNDARY.finditer(text)]
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    folded = lowered if lowered.isascii() else lowered.translate(_FOLD)
    found = []
    cues = _compiled()
    for index, start, end in _matches(lowered) if indexed else _scan_all(lowered):
        cue = cues[index][0]
        sentence_start = starts[bisect_right(starts, start) - 1]
        value = cue.value
        if cue.negatable and _negated(
            folded[sentence_start:end], start - sentence_start, end - sentence_start
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
