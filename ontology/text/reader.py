"""Read a case's facts out of a plain-text description, with the words behind each.

A transparent, offline extractor. The cues of ``ontology/text/cues.py`` are matched in the
text; a hedge just before a cue in its clause ("it may have", "seemed") keeps it from
counting, and a negation there ("never", "not", "no" right before) flips it. A cue found
inside a longer cue's match for the same fact does not count again. Each fact takes the
value most of its evidence points to (a tie leaves it unknown). Facts the text is silent
on are then filled in from what the facts it did settle imply by their definitions
(``IMPLICATIONS``), and failing that from the ontology's presumptions
(``ak:presumedInText``). Every fact comes with the span of text that led to it, or with
a note saying it was implied or presumed, so a reader can check and overrule it.

Speed: rather than scanning the whole text once per cue, the words of the text are
walked once and each cue is tried only at the words that can start it
(``ontology/text/prefilter.py``); the matches are the same, as the tests check against the
scan-every-cue path.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from functools import cache

from ontology.facts import case_facts
from ontology.text.cues import CUES, Cue
from ontology.text.evidence import Evidence
from ontology.text.prefilter import WordIndex, needles

#: Evidence text of a fact the description did not address (see ``ak:presumedInText``).
PRESUMED = "(not mentioned; presumed)"
#: Evidence text of a fact that follows from other facts read from the text.
IMPLIED = "(follows from {facts})"
#: What facts' values say about another fact, by the facts' definitions in the ontology,
#: used only where the text itself is silent on that fact: (if these hold, then this).
IMPLICATIONS: tuple[tuple[dict[str, bool], tuple[str, bool]], ...] = (
    # "Anything rewarded in training is also would-be rewarded" (ak:wouldBeRewarded)...
    ({"rewardedInTraining": True}, ("wouldBeRewarded", True)),
    # ...so what the objective would not reward, training did not reward either.
    ({"wouldBeRewarded": False}, ("rewardedInTraining", False)),
    # Without a shift the act happened in the situations trained on, so an objective
    # that rates it well there scored it well in training (ak:rewardedInTraining).
    ({"wouldBeRewarded": True, "distributionShift": False}, ("rewardedInTraining", True)),
    # The reward process includes its objective: an objective that would score the act
    # badly is oversight that would have flagged it (ak:oversightWouldCatch).
    ({"wouldBeRewarded": False}, ("oversightWouldCatch", True)),
)

#: Text within one clause: no clause punctuation, and no conjunction opening a new verb
#: phrase ("never paid for it and would score it badly") except "or", which a negation
#: carries over ("nothing like this came up, or was paid for"); nor "for", whose object
#: the negation does not reach ("paid nothing for chasing the marker").
_CLAUSE_GOES_ON = (
    r"(?!\b(?:and|but|yet|so|because|although|though|whereas|while|for)\b)[^,.;:]|, or\b"
)
# Negations are looked for in the folded text (below), as re.IGNORECASE would find them
# in the original but at less than half the cost.
_NEGATION = re.compile(
    r"\b(?:not|never|nothing|nobody|none|without|nor|neither|hardly|cannot|didn't|doesn't|don't|wasn't|"
    r"weren't|isn't|aren't|won't|wouldn't|couldn't|failed to|stopped|ceased)\b"
    rf"(?:{_CLAUSE_GOES_ON})*$"
    # "no" negates the word or two after it ("no change"), not the clause ("with no
    # monsters left it kept collecting shields")
    r"|\bno(?: [\w'-]+)?(?:,? or)? ?$"
)
#: A negation inside a cue's own match ("the score never paid for").
_NEGATION_INSIDE = re.compile(r"\b(?:not|never|no|nothing|n't)\b")
#: A hedge just before a cue ("it might", "seemed") keeps it from counting at all.
_HEDGE = re.compile(
    r"\b(?:might|may|perhaps|possibly|maybe|seem\w*|looked|looks|appears? to|appeared to|"
    r"apparently|supposedly|allegedly)\b[^,.;:]*$"
)
#: Letters re.IGNORECASE also takes for "i" and "s" that the lower-cased text keeps.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
#: How far back (characters, within the clause) a negation or hedge reaches a cue.
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

    A cue is tried only at the words that can start it (``ontology/text/prefilter.py``), and
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


@cache
def _hedge_needles() -> re.Pattern[str]:
    """Finds a string every hedge contains: where it finds none, there is no hedge."""
    return _any_of(needles(_HEDGE.pattern))


@cache
def _negation_needles() -> re.Pattern[str]:
    """Finds a string every negation contains: where it finds none, there is none."""
    return _any_of(needles(_NEGATION.pattern, _NEGATION_INSIDE.pattern))


def _any_of(strings: tuple[str, ...] | None) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, strings)) if strings else "")


def _sentence_starts(text: str) -> list[int]:
    """Where sentences start: 0 and just after each ".", "!", "?" or ";"."""
    starts = {0}
    for mark in ".!?;":
        at = text.find(mark)
        while at >= 0:
            starts.add(at + 1)
            at = text.find(mark, at + 1)
    return sorted(starts)


@cache
def _cue_values() -> tuple[tuple[str, bool, bool], ...]:
    return tuple((cue.fact, cue.value, cue.negatable) for cue in CUES)


#: One piece of evidence before it is kept: (fact, value, start, end).
_Found = tuple[str, bool, int, int]


def find_evidence(text: str, *, indexed: bool = True) -> list[Evidence]:
    """Every cue found in ``text``, with the value it suggests after negation.

    ``indexed=False`` scans the whole text once per cue instead of trying cues only at
    the words that can start them: slower, the same answer, kept to check that.
    """
    return [Evidence(f, v, text[s:e], s, e) for f, v, s, e in _find(text, indexed=indexed)]


def _find(text: str, *, indexed: bool = True) -> list[_Found]:
    """Cues found, less the hedged ones, each with its value after negation.

    Hedges and negations count only within the cue's own clause, looked for in a window
    of the folded text just before it and inside it.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    folded = lowered if lowered.isascii() else lowered.translate(_FOLD)
    hedge, negation = _hedge_needles(), _negation_needles()
    hedges = hedge.search(folded) is not None  # most texts have none at all
    sentences, found, cues = _sentence_starts(text), [], _cue_values()
    for index, start, end in _matches(lowered) if indexed else _scan_all(lowered):
        fact, value, negatable = cues[index]
        sentence = sentences[bisect_right(sentences, start) - 1]
        window = max(sentence, start - _NEGATION_REACH)
        # Each check first looks for a plain string every hedge or negation contains.
        if (  # a hedge before the cue, or within it after its first word
            hedges
            and hedge.search(folded, window, end)
            and (_HEDGE.search(folded, window, start) or _HEDGE.search(folded, start + 1, end))
        ):
            continue
        if (
            negatable
            and negation.search(folded, window, end)
            and (
                _NEGATION.search(folded, window, start)
                or _NEGATION_INSIDE.search(folded, start, end)
            )
        ):
            value = not value
        found.append((fact, value, start, end))
    return found


def extract_facts(text: str) -> tuple[dict[str, bool], tuple[Evidence, ...]]:
    """Facts the text supports (majority of the evidence per fact) and the evidence kept.

    Facts the text is silent on are then filled in from facts it did settle
    (``IMPLICATIONS``), and failing that from the ontology's presumptions; both say so.
    """
    by_fact: dict[str, list[_Found]] = defaultdict(list)
    for item in _find(text):
        by_fact[item[0]].append(item)
    facts: dict[str, bool] = {}
    kept: list[Evidence] = []
    for fact, items in by_fact.items():
        items = _outermost(items)
        yes = [item[1] for item in items].count(True)
        no = len(items) - yes
        if yes == no:
            continue
        value = facts[fact] = yes > no
        kept += [Evidence(fact, v, text[s:e], s, e) for _, v, s, e in items if v == value]
    kept.extend(_imply(facts, len(text)))
    kept.extend(_presume(facts, len(text)))
    return facts, tuple(sorted(kept, key=lambda e: e.start))


def _outermost(items: list[_Found]) -> list[_Found]:
    """Drop evidence lying inside a longer cue's match for the same fact, and repeats.

    A longer phrase is the more specific reading: "only ever paid for" is not also a
    "paid for", nor "nothing flagged it" a "flagged".
    """
    if len(items) < 2:
        return items
    inside, reach = set(), -1
    # Longest first among those starting together: a span ending no later than one
    # before it in this order lies inside that one.
    for start, end in sorted({(i[2], i[3]) for i in items}, key=lambda s: (s[0], -s[1])):
        if end <= reach:
            inside.add((start, end))
        else:
            reach = end
    seen: set[_Found] = set()
    kept = []
    for item in items:
        if item not in seen and (item[2], item[3]) not in inside:
            seen.add(item)
            kept.append(item)
    return kept


def _imply(facts: dict[str, bool], end: int) -> list[Evidence]:
    """Fill facts the text is silent on with what the facts it settled imply, saying so."""
    implied = []
    for given, (then, value) in IMPLICATIONS:
        if then not in facts and all(facts.get(f) is v for f, v in given.items()):
            facts[then] = value
            premises = ", ".join(f"{f} = {str(v).lower()}" for f, v in given.items())
            implied.append(Evidence(then, value, IMPLIED.format(facts=premises), end, end))
    return implied


def _presume(facts: dict[str, bool], end: int) -> list[Evidence]:
    """Fill facts the text is silent on with the ontology's presumption, saying so."""
    presumed = []
    for name, value in _presumptions():
        if name not in facts:
            facts[name] = value
            presumed.append(Evidence(name, value, PRESUMED, end, end))
    return presumed


@cache
def _presumptions() -> tuple[tuple[str, bool], ...]:
    facts = case_facts()
    return tuple((f.name, f.presumed_in_text) for f in facts if f.presumed_in_text is not None)
