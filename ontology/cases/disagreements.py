"""Where the framings part ways: for each pair of framings, the cases they classify differently.

Two framings disagree on a case when, whatever the case's unknown facts turn out to be,
both give it a decided verdict (outer, inner, both or none) and never the same one: their
sets of possible verdicts are disjoint. (A case can be ambiguous overall while a framing
is still undecided, so comparing only the verdicts decided now would miss most of them.)
What separates them is read off the rules, not guessed: a separating fact is a known fact
whose other value would let the two framings agree (for the kidnapping case, "would be
rewarded": were it false, the objective-focused reading would say inner too). Where no
single fact does that, the facts that decide one framing's verdict but not the other's
are given instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

from ontology.classifier.framings import Framing, framings
from ontology.classifier.verdict import Verdict, judge, possible_verdicts
from ontology.facts import ContradictoryFacts, close

#: Verdicts that take a side; unknown, not applicable and awaiting declarations do not.
DECIDED = frozenset({Verdict.OUTER, Verdict.INNER, Verdict.BOTH, Verdict.NONE})


def deciding_facts(framing: Framing, facts: Mapping[str, bool]) -> tuple[str, ...]:
    """The known facts without which ``framing``'s decided verdict would be undecided."""
    verdict = judge(framing, facts).verdict
    found = []
    for name in sorted(facts):
        if name not in framing.facts:
            continue
        rest = {n: v for n, v in facts.items() if n != name}
        if judge(framing, rest).verdict is not verdict:
            found.append(name)
    return tuple(found)


def _disagree(a: Framing, b: Framing, facts: Mapping[str, bool]) -> bool:
    va, vb = possible_verdicts(a, facts), possible_verdicts(b, facts)
    return bool(va) and bool(vb) and va <= DECIDED and vb <= DECIDED and not va & vb


def separating_facts(a: Framing, b: Framing, facts: Mapping[str, bool]) -> list[str]:
    """Known facts whose other value lets ``a`` and ``b`` give the same verdict."""
    found = []
    for name in sorted(facts):
        try:
            flipped = close(_flip(facts, name))
        except ContradictoryFacts:
            continue
        if not _disagree(a, b, flipped) and possible_verdicts(a, flipped) & possible_verdicts(
            b, flipped
        ):
            found.append(name)
    if found:
        return found
    return sorted(set(deciding_facts(a, facts)) ^ set(deciding_facts(b, facts)))


def _flip(facts: Mapping[str, bool], name: str) -> dict[str, bool]:
    """``facts`` with one value flipped and what only followed from the old value dropped."""
    kept = {n: v for n, v in facts.items() if n != name}
    return {**kept, name: not facts[name]}


def _rule_framings() -> tuple[Framing, ...]:
    # The responsibility partition needs a declaration no documented case makes.
    return tuple(f for f in framings() if not f.needs_declaration)


def case_disagreements(case: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every pair of framings that classify ``case`` differently, with what separates them."""
    facts = close(case.get("facts") or {})
    found = []
    for a, b in combinations(_rule_framings(), 2):
        if _disagree(a, b, facts):
            separating = separating_facts(a, b, facts)
            found.append(
                {
                    "pair": (a.curie, b.curie),
                    "verdicts": {
                        a.curie: _words(possible_verdicts(a, facts)),
                        b.curie: _words(possible_verdicts(b, facts)),
                    },
                    "separating": [{"fact": n, "value": facts[n]} for n in separating],
                }
            )
    return found


def _words(verdicts: frozenset[Verdict]) -> str:
    """One verdict as its word; several possible ones as ``outer or both``."""
    return " or ".join(sorted(v.value for v in verdicts))


def disagreement_table(cases: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Per pair of framings (every pair, agreeing ones with no cases), the cases that
    separate them; and per case, how many pairs disagree on it."""
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {
        (a.curie, b.curie): [] for a, b in combinations(_rule_framings(), 2)
    }
    labels = {f.curie: f.label for f in _rule_framings()}
    for case in cases:
        for found in case_disagreements(case):
            pairs[found["pair"]].append(
                {
                    "id": case["id"],
                    "title": case.get("title") or case["id"],
                    "verdicts": found["verdicts"],
                    "separating": found["separating"],
                }
            )
    return {
        "framings": [{"curie": c, "label": label} for c, label in labels.items()],
        "pairs": [
            {
                "framings": list(pair),
                "labels": [labels[pair[0]], labels[pair[1]]],
                "count": len(found),
                "cases": found,
            }
            for pair, found in sorted(pairs.items(), key=lambda item: (-len(item[1]), item[0]))
        ],
    }


__all__ = [
    "case_disagreements",
    "deciding_facts",
    "disagreement_table",
    "possible_verdicts",
    "separating_facts",
]
