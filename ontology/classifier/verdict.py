"""From rule truth values to verdicts: per framing, then overall.

The words themselves are defined here (a framing says ``both`` when its outer and inner
rules both hold, and so on); which cases satisfy which rule is the ontology's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import product

from ontology.classifier.framings import Criterion, Framing
from ontology.facts import ContradictoryFacts, Tri, close


class Verdict(StrEnum):
    OUTER = "outer"
    INNER = "inner"
    BOTH = "both"
    NONE = "none"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    UNDERDETERMINED = "underdetermined"


_BY_TRUTH = {
    (True, True): Verdict.BOTH,
    (True, False): Verdict.OUTER,
    (False, True): Verdict.INNER,
    (False, False): Verdict.NONE,
}


@dataclass(frozen=True)
class FramingVerdict:
    framing: Framing
    verdict: Verdict
    #: The rules that decided the verdict (held, or could not be decided for ``unknown``).
    rules: tuple[Criterion, ...]
    #: Left out of the overall verdict: its stance conflicts with the declared partition.
    set_aside: bool = False
    #: Left out of the overall verdict: it needs a declaration the caller did not make.
    awaiting_declaration: bool = False

    @property
    def counts(self) -> bool:
        return not (self.set_aside or self.awaiting_declaration)

    @property
    def rule(self) -> str:
        """The rule that fired, in words a reader can follow to the ontology."""
        named = " and ".join(c.named for c in self.rules)
        if self.verdict is Verdict.UNKNOWN:
            return "not decided by the known facts: " + named
        if self.verdict is Verdict.NONE:
            return f"neither {self.framing.outer.named} nor {self.framing.inner.named}"
        return named

    def to_dict(self) -> dict[str, object]:
        return {
            "framing": self.framing.curie,
            "label": self.framing.label,
            "verdict": self.verdict.value,
            "rule": self.rule,
            "set_aside": self.set_aside,
            "awaiting_declaration": self.awaiting_declaration,
        }


def judge(framing: Framing, facts: Mapping[str, bool]) -> FramingVerdict:
    """One framing's verdict on a case, with the rules that decided it."""
    gate = framing.inapplicable
    inapplicable: Tri = gate.expr.eval(facts) if gate else False
    if inapplicable is True:
        return from_truths(framing, inapplicable=True, outer=None, inner=None)
    outer, inner = framing.outer.expr.eval(facts), framing.inner.expr.eval(facts)
    return from_truths(framing, inapplicable=inapplicable, outer=outer, inner=inner)


def from_truths(framing: Framing, *, inapplicable: Tri, outer: Tri, inner: Tri) -> FramingVerdict:
    """The verdict words for a framing whose rules are true, false or unknown.

    Shared by both engines: the evaluator computes the truths itself, the HermiT path
    reads them off the reasoner's entailments.
    """
    gate = framing.inapplicable
    if inapplicable is True:
        assert gate is not None
        return FramingVerdict(framing, Verdict.NOT_APPLICABLE, (gate,))
    if inapplicable is None or outer is None or inner is None:
        pending = ((framing.outer, outer), (framing.inner, inner), (gate, inapplicable))
        return FramingVerdict(
            framing, Verdict.UNKNOWN, tuple(c for c, v in pending if c is not None and v is None)
        )
    held = tuple(c for c, v in ((framing.outer, outer), (framing.inner, inner)) if v)
    return FramingVerdict(framing, _BY_TRUTH[(outer, inner)], held)


def combine(verdicts: Iterable[FramingVerdict]) -> Verdict:
    """The overall verdict of the framings that count: agree, disagree, or cannot tell."""
    counted = [v for v in verdicts if v.counts]
    if any(v.verdict is Verdict.UNKNOWN for v in counted):
        return Verdict.UNKNOWN
    said = {v.verdict for v in counted if v.verdict is not Verdict.NOT_APPLICABLE}
    if not said:
        return Verdict.NOT_APPLICABLE
    return said.pop() if len(said) == 1 else Verdict.AMBIGUOUS


def possible_verdicts(framing: Framing, facts: Mapping[str, bool]) -> frozenset[Verdict]:
    """Every verdict ``framing`` could give, over the values its unknown facts could take
    (the implications between facts ruling out contradictory ones)."""
    unknown = sorted(n for n in framing.facts if n not in facts)
    found = set()
    for values in product((True, False), repeat=len(unknown)):
        try:
            completed = close({**facts, **dict(zip(unknown, values, strict=True))})
        except ContradictoryFacts:
            continue
        found.add(judge(framing, completed).verdict)
    return frozenset(found)


def disagreement(
    verdicts: Iterable[FramingVerdict], facts: Mapping[str, bool] | None = None
) -> dict[str, list[str]]:
    """Which counted framings say what, keyed by verdict. Given ``facts``, a framing still
    undecided is listed under what it could still say (``inner or none``) when every
    possibility is a verdict; otherwise it is left out."""
    sides = {Verdict.OUTER, Verdict.INNER, Verdict.BOTH, Verdict.NONE}
    table: dict[str, list[str]] = {}
    for v in verdicts:
        if not v.counts:
            continue
        if v.verdict in sides:
            table.setdefault(v.verdict.value, []).append(v.framing.curie)
        elif v.verdict is Verdict.UNKNOWN and facts is not None:
            possible = possible_verdicts(v.framing, facts)
            if possible and possible <= sides:
                key = " or ".join(sorted(p.value for p in possible))
                table.setdefault(key, []).append(v.framing.curie)
    return table
