"""Classify a failure case under every framing at once.

``classify`` takes facts (and/or a plain-text description), evaluates each framing's rules
from the ontology, and returns the per-framing verdicts, the overall verdict, whether
the framings disagree, and the questions whose answers would change the verdict.

Unknown facts are settled by trying them: a case whose verdict is the same whatever the
unknown facts turn out to be gets that verdict; otherwise it is ``underdetermined``.
Facts are closed under the ontology's implications first (``ontology.facts.close``), so an
implied fact is never asked about, and a trial value that contradicts the known facts is
not a possibility at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from ontology.classifier.framings import Framing, framings, resolve_framing
from ontology.classifier.verdict import FramingVerdict, Verdict, combine, disagreement, judge
from ontology.facts import (
    ContradictoryFacts,
    FactError,
    close,
    declarations,
    fact_by_name,
    fact_names,
    parse_facts,
)
from ontology.text.evidence import Evidence
from ontology.text.reader import PRESUMED, extract_facts

Partition = Literal["reward", "training"]
PARTITIONS: tuple[Partition, ...] = ("reward", "training")
#: Facts as a hashable, order-independent key.
FactKey = tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Question:
    fact: str
    question: str
    if_yes: Verdict
    if_no: Verdict
    #: Every verdict still possible after each answer (one, when the answer decides it).
    possible_if_yes: frozenset[Verdict] = frozenset()
    possible_if_no: frozenset[Verdict] = frozenset()

    def answer(self) -> dict[str, object]:
        """Where the answer goes in the next request, and what to send for yes and for no.

        A declaration is answered in ``partition`` (``facts`` takes it too, as a boolean);
        a fact in ``facts``, where ``null`` says "don't know".
        """
        if self.fact in _declaration_names():
            return {"field": "partition", "yes": "reward", "no": "training"}
        return {"field": f"facts.{self.fact}", "yes": True, "no": False}

    def to_dict(self) -> dict[str, object]:
        return {
            "fact": self.fact,
            "question": self.question,
            "answer": self.answer(),
            "if_yes": self.if_yes.value,
            "if_no": self.if_no.value,
            "possible_if_yes": sorted(v.value for v in self.possible_if_yes),
            "possible_if_no": sorted(v.value for v in self.possible_if_no),
        }


@dataclass(frozen=True)
class Classification:
    verdict: Verdict
    framings: tuple[FramingVerdict, ...]
    facts: dict[str, bool]
    questions: tuple[Question, ...] = ()
    #: Facts that follow from the given ones by the ontology's implications.
    implied: dict[str, bool] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = field(default=())
    partition: Partition | None = None
    #: Facts the text reader presumed because the description is silent on them (see
    #: ``ak:presumedInText``): used like facts, reported apart, cleared by a ``null``.
    presumed: dict[str, bool] = field(default_factory=dict)

    @property
    def ambiguous(self) -> bool:
        return self.verdict is Verdict.AMBIGUOUS

    def to_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict.value,
            "ambiguous": self.ambiguous,
            "partition": self.partition,
            "framings": [f.to_dict() for f in self.framings],
            "disagreement": (
                disagreement(self.framings, {**self.facts, **self.presumed, **self.implied})
                if self.ambiguous
                else {}
            ),
            "facts": dict(self.facts),
            "presumed": dict(self.presumed),
            "implied": dict(self.implied),
            "evidence": [e.to_dict() for e in self.evidence],
            "questions": [q.to_dict() for q in self.questions],
        }


@lru_cache(maxsize=1)
def _declaration_framings() -> tuple[Framing, ...]:
    return tuple(f for f in framings() if f.needs_declaration)


@lru_cache(maxsize=1)
def _declaration_names() -> frozenset[str]:
    return frozenset(d.name for d in declarations())


def _partition_arises(facts: Mapping[str, bool]) -> bool | None:
    """Whether the responsibility-partition question arises for these facts (None: unknown)."""
    states = []
    for f in _declaration_framings():
        states.append(True if f.inapplicable is None else _not(f.inapplicable.expr.eval(facts)))
    if any(s is True for s in states):
        return True
    return None if any(s is None for s in states) else False


def _not(value: bool | None) -> bool | None:
    return None if value is None else not value


@lru_cache(maxsize=1 << 17)
def _judge_all(
    key: FactKey, partition: Partition | None, selected: tuple[str, ...]
) -> tuple[FramingVerdict, ...]:
    facts = dict(key)
    for f in _declaration_framings():
        if partition is not None and f.needs_declaration:
            facts[f.needs_declaration] = partition == "reward"
    arises = _partition_arises(facts)
    verdicts = []
    for framing in (resolve_framing(name) for name in selected):
        verdict = judge(framing, facts)
        # A framing that does not apply to these facts waits for nothing.
        applies = verdict.verdict is not Verdict.NOT_APPLICABLE
        if framing.needs_declaration and partition is None and applies:
            verdict = replace(verdict, awaiting_declaration=True)
        elif partition and arises and framing.partition_stance not in (None, partition):
            verdict = replace(verdict, set_aside=True)
        verdicts.append(verdict)
    return tuple(verdicts)


@lru_cache(maxsize=64)
def _mentioned(selected: tuple[str, ...]) -> tuple[str, ...]:
    """Facts that any selected framing (or the partition test) mentions, in fact order."""
    mentioned: set[str] = set()
    for framing in (*(resolve_framing(n) for n in selected), *_declaration_framings()):
        mentioned |= framing.facts
    return tuple(n for n in fact_names() if n in mentioned)


def _unknowns(key: FactKey, selected: tuple[str, ...]) -> tuple[str, ...]:
    known = {name for name, _ in key}
    return tuple(n for n in _mentioned(selected) if n not in known)


@lru_cache(maxsize=1 << 17)
def _outcomes(
    key: FactKey, partition: Partition | None, selected: tuple[str, ...]
) -> frozenset[Verdict]:
    """Every overall verdict the case could still get, over all values of its unknown facts.

    Kleene evaluation is monotone (learning a fact never undoes a decided verdict), so
    the search splits on one unknown fact at a time and stops where the verdict is
    decided; the cache shares sub-results between cases and questions.
    """
    verdict = combine(_judge_all(key, partition, selected))
    unknown = _unknowns(key, selected)
    if verdict is not Verdict.UNKNOWN or not unknown:
        return frozenset({verdict})
    first = unknown[0]
    return _tried(key, first, True, partition, selected) | _tried(
        key, first, False, partition, selected
    )


def _tried(
    key: FactKey, name: str, value: bool, partition: Partition | None, selected: tuple[str, ...]
) -> frozenset[Verdict]:
    """The outcomes with ``name`` set to ``value``; none if that contradicts the known facts."""
    try:
        extended = _with(key, name, value)
    except ContradictoryFacts:
        return frozenset()
    return _outcomes(extended, partition, selected)


def _overall(key: FactKey, partition: Partition | None, selected: tuple[str, ...]) -> Verdict:
    return _one(_outcomes(key, partition, selected))


def _with(key: FactKey, name: str, value: bool) -> FactKey:
    """``key`` plus one fact, closed under the implications (raises if they contradict)."""
    return _key(close({**dict(key), name: value}))


def _key(facts: dict[str, bool]) -> FactKey:
    return tuple(sorted(facts.items()))


@lru_cache(maxsize=1 << 17)
def _questions(
    key: FactKey, partition: Partition | None, selected: tuple[str, ...]
) -> tuple[Question, ...]:
    """Unknown facts (and the partition, if undeclared) whose answer narrows the verdict.

    A fact is worth asking when either answer rules out some verdict the case could still
    get. They come in information order: fewest verdicts left on average over the two
    answers first (the expected size of what remains possible, taking yes and no as equally
    likely), then fewest left in the worse case, then the documented fact order. When no
    single answer narrows anything but the verdict is still open (two facts decide it only
    together), the facts that narrow it with one other answer are asked, in fact order.
    """
    possible = _outcomes(key, partition, selected)
    ranked = []
    jointly = []
    for name in _unknowns(key, selected):
        yes, no = (_tried(key, name, v, partition, selected) for v in (True, False))
        if not yes or not no:
            continue  # one answer contradicts the known facts: the other is already implied
        question = Question(name, fact_by_name(name).question, _one(yes), _one(no), yes, no)
        if yes != possible or no != possible:
            expected = (len(yes) + len(no)) / 2
            ranked.append((expected, max(len(yes), len(no)), fact_names().index(name), question))
        elif _narrows_with_another(key, name, partition, selected, possible):
            jointly.append(question)
    found = [q for *_, q in sorted(ranked, key=lambda r: r[:3])] or jointly
    if partition is None and Verdict.AMBIGUOUS in possible and _partition_arises(dict(key)):
        reward, training = (_outcomes(key, p, selected) for p in PARTITIONS)
        if {_one(reward), _one(training)} != {Verdict.AMBIGUOUS}:
            for f in _declaration_framings():
                assert f.needs_declaration is not None
                decl = fact_by_name(f.needs_declaration)
                question = Question(
                    decl.name, decl.question, _one(reward), _one(training), reward, training
                )
                found.insert(0, question)
    return tuple(found)


def _narrows_with_another(
    key: FactKey,
    name: str,
    partition: Partition | None,
    selected: tuple[str, ...],
    possible: frozenset[Verdict],
) -> bool:
    """Whether answering ``name`` and one other unknown fact can rule out a verdict."""
    for value in (True, False):
        try:
            first = _with(key, name, value)
        except ContradictoryFacts:
            continue
        for other in _unknowns(first, selected):
            for second in (True, False):
                outcome = _tried(first, other, second, partition, selected)
                if outcome and outcome != possible:
                    return True
    return False


def _one(outcomes: frozenset[Verdict]) -> Verdict:
    return next(iter(outcomes)) if len(outcomes) == 1 else Verdict.UNDERDETERMINED


def _selection(framing: str | Sequence[str] | None) -> tuple[str, ...]:
    if framing is None:
        return tuple(f.iri for f in framings())
    names = [framing] if isinstance(framing, str) else list(framing)
    try:
        return tuple(resolve_framing(n).iri for n in names)
    except KeyError as err:
        raise FactError("framing", str(err.args[0])) from None


def _merge(given: Mapping[str, bool], extra: Mapping[str, bool]) -> dict[str, bool]:
    """Given facts plus ``extra`` ones, leaving out any extra fact that contradicts them.

    Given facts win; an extra fact (read from the text, or presumed) that clashes with them
    (directly or through an implication) is dropped, and a question will ask for it instead.
    """
    merged = dict(given)
    for name, value in extra.items():
        if name in merged:
            continue
        try:
            close({**merged, name: value})
        except ContradictoryFacts:
            continue
        merged[name] = value
    return merged


def declared_partition(raw: dict[str, object], partition: str | None) -> str | None:
    """The partition, whether declared in ``partition`` or answered as a fact in ``facts``.

    The question about a declaration names ``partition``; a client that answers every
    question in ``facts`` is understood too (true: the reward's job, false: training's).
    The declaration is taken out of ``raw``, which then holds case facts only.
    """
    for name in _declaration_names():
        if name not in raw:
            continue
        value = raw.pop(name)
        if value is None:
            continue
        if not isinstance(value, bool):
            raise FactError(f"facts.{name}", f"must be true, false or null, not {value!r}")
        answered = "reward" if value else "training"
        if partition is not None and partition != answered:
            raise FactError(
                f"facts.{name}",
                f"{str(value).lower()} declares the {answered} partition, but partition is"
                f" {partition!r}; send one of them",
            )
        partition = answered
    return partition


def classify(
    facts: Mapping[str, object] | None = None,
    *,
    text: str | None = None,
    partition: str | None = None,
    framing: str | Sequence[str] | None = None,
    presumed: Mapping[str, bool] | None = None,
) -> Classification:
    """Classify a case given by facts and/or a plain-text description.

    Facts given explicitly win over facts read from the text, and the evidence kept is for
    the facts the text decided: words behind a fact the caller settled led to nothing.
    A fact given as ``None`` is unknown on purpose: neither read from the text nor
    presumed. ``presumed`` adds presumptions (a stored case's) to the reader's own.
    """
    raw = dict(facts or {})
    partition = declared_partition(raw, partition)
    if partition is not None and partition not in PARTITIONS:
        raise FactError("partition", "must be 'reward' or 'training'")
    given = parse_facts(raw)
    cleared = {name for name, value in raw.items() if value is None}
    read: dict[str, bool] = {}
    presumptions = {n: v for n, v in (presumed or {}).items() if n not in cleared}
    evidence: tuple[Evidence, ...] = ()
    if text is not None:
        extracted, evidence = extract_facts(text)
        guessed = {e.fact for e in evidence if e.text == PRESUMED}
        read = {n: v for n, v in extracted.items() if n not in guessed | cleared}
        presumptions.update(
            {n: extracted[n] for n in guessed if n not in cleared and n not in presumptions}
        )
    known = _merge(given, read)
    evidence = tuple(e for e in evidence if e.fact in known and e.fact not in given)
    assumed = _merge(known, presumptions)
    selected = _selection(framing)
    closed = close(assumed)
    key = _key(closed)
    part: Partition | None = partition  # type: ignore[assignment]
    verdict = _overall(key, part, selected)
    return Classification(
        verdict=verdict,
        framings=_judge_all(key, part, selected),
        facts=known,
        presumed={n: v for n, v in assumed.items() if n not in known},
        implied={n: v for n, v in closed.items() if n not in assumed},
        questions=_questions(key, part, selected),
        evidence=evidence,
        partition=part,
    )
