"""The facts that describe a failure case, read from the ontology, and their validation.

Facts are the ``xsd:boolean`` sub-properties of ``ak:caseFact`` (declarations, such as the
responsibility partition, of ``ak:caseDeclaration``). Each is three-valued: true, false,
or unknown (absent). Python holds no list of them: adding a fact to ``alignment.ttl``
adds it here.

Some facts follow from others ("rewarded in training" implies "would be rewarded"). The
ontology states each such implication as an OWL axiom, ``[p hasValue v] rdfs:subClassOf
[q hasValue w]``, which HermiT reads as it is; ``close`` applies the same axioms to a
fact mapping for the fast evaluator, and refuses facts that contradict one another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ontology.files import ontology_graph
from ontology.vocab import AK, BASE, in_namespace, local_name

#: A fact's value: True, False, or None for unknown.
Tri = bool | None


class FactError(ValueError):
    """A fact name that does not exist, or a value that is not true/false/null."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class ContradictoryFacts(FactError):
    """Two facts that cannot both hold, by an implication the ontology states."""

    def __init__(self, given: tuple[str, bool], clashing: tuple[str, bool], why: str) -> None:
        super().__init__(
            f"facts.{given[0]}",
            f"contradicts facts.{clashing[0]}: {why}, so {given[0]}={_word(given[1])} "
            f"and {clashing[0]}={_word(clashing[1])} cannot both hold",
        )
        self.pair = (given[0], clashing[0])


def _word(value: bool) -> str:
    return "true" if value else "false"


@dataclass(frozen=True)
class Implication:
    """``when`` fact has ``when_value``, then ``then`` fact has ``then_value``."""

    when: str
    when_value: bool
    then: str
    then_value: bool

    def __str__(self) -> str:
        return f"{self.when}={_word(self.when_value)} implies {self.then}={_word(self.then_value)}"


@dataclass(frozen=True)
class Fact:
    name: str  # local name, e.g. "wouldBeRewarded"
    iri: str
    label: str
    question: str
    order: int
    #: Value the text reader presumes when a description is silent on this fact.
    presumed_in_text: bool | None = None


def _boolean(node: object) -> bool | None:
    return bool(node.toPython()) if isinstance(node, Literal) else None


def _sub_properties(graph: Graph, parent: URIRef) -> tuple[Fact, ...]:
    facts = []
    for prop in graph.subjects(RDFS.subPropertyOf, parent):
        assert isinstance(prop, URIRef)
        facts.append(
            Fact(
                name=local_name(str(prop)),
                iri=str(prop),
                label=str(graph.value(prop, RDFS.label)),
                question=str(graph.value(prop, AK.question)),
                order=int(str(graph.value(prop, AK.factOrder) or 99)),
                presumed_in_text=_boolean(graph.value(prop, AK.presumedInText)),
            )
        )
    return tuple(sorted(facts, key=lambda f: (f.order, f.name)))


@cache
def case_facts() -> tuple[Fact, ...]:
    """The facts a case is described by, in their documented order."""
    return _sub_properties(ontology_graph(), AK.caseFact)


@cache
def declarations() -> tuple[Fact, ...]:
    """Choices a caller may declare about reading a case (the responsibility partition)."""
    return _sub_properties(ontology_graph(), AK.caseDeclaration)


@cache
def fact_names() -> tuple[str, ...]:
    return tuple(f.name for f in case_facts())


def fact_by_name(name: str) -> Fact:
    for fact in case_facts() + declarations():
        if fact.name == name:
            return fact
    raise FactError(name, "no such fact")


def _has_value(graph: Graph, node: object) -> tuple[str, bool] | None:
    """``(fact, value)`` for a ``[owl:onProperty ak:fact ; owl:hasValue b]`` node, else None."""
    if not isinstance(node, BNode) or (node, RDF.type, OWL.Restriction) not in graph:
        return None
    prop, value = graph.value(node, OWL.onProperty), graph.value(node, OWL.hasValue)
    fact = in_namespace(str(prop), BASE) if isinstance(prop, URIRef) else None
    if fact is None or not isinstance(value, Literal) or not isinstance(value.toPython(), bool):
        return None
    return fact, bool(value.toPython())


def read_implications(graph: Graph) -> tuple[Implication, ...]:
    """Every ``[p hasValue v] rdfs:subClassOf [q hasValue w]`` axiom of ``graph``."""
    found = []
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        when, then = _has_value(graph, sub), _has_value(graph, sup)
        if when is not None and then is not None:
            found.append(Implication(*when, *then))
    return tuple(sorted(found, key=str))


@cache
def implications() -> tuple[Implication, ...]:
    """The implications between facts that ``alignment.ttl`` states."""
    return read_implications(ontology_graph())


def close(facts: Mapping[str, bool]) -> dict[str, bool]:
    """``facts`` with everything they imply added; raise if two of them contradict.

    >>> close({"rewardedInTraining": True})["wouldBeRewarded"]
    True
    >>> close({"rewardedInTraining": True, "wouldBeRewarded": False})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ontology.facts.ContradictoryFacts: facts.rewardedInTraining: contradicts ...
    """
    return dict(_closure(tuple(sorted(facts.items()))))


@lru_cache(maxsize=1 << 16)
def _closure(key: tuple[tuple[str, bool], ...]) -> tuple[tuple[str, bool], ...]:
    """``close`` on a hashable key, cached: the classifier closes the same sets often."""
    facts = dict(key)
    closed = dict(facts)
    #: For each fact, the given fact it follows from (itself, for a given fact).
    origin = {name: name for name in facts}
    changed = True
    while changed:
        changed = False
        for rule in implications():
            if closed.get(rule.when) is not rule.when_value:
                continue
            held = closed.get(rule.then)
            if held is None:
                closed[rule.then] = rule.then_value
                origin[rule.then] = origin[rule.when]
                changed = True
            elif held is not rule.then_value:
                source, other = origin[rule.when], origin[rule.then]
                raise ContradictoryFacts(
                    (source, closed[source]), (other, closed[other]), str(rule)
                )
    return tuple(sorted(closed.items()))


def parse_facts(raw: Mapping[str, object] | None, *, field: str = "facts") -> dict[str, bool]:
    """Validate a fact mapping and keep the known facts; ``None`` values mean unknown.

    >>> parse_facts({"deceptive": True, "narrowSystem": None})
    {'deceptive': True}
    >>> parse_facts({"kidnaps": True})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ontology.facts.FactError: facts.kidnaps: unknown fact; known facts are ...
    """
    known = fact_names()
    facts: dict[str, bool] = {}
    for name, value in (raw or {}).items():
        if name not in known:
            raise FactError(f"{field}.{name}", "unknown fact; known facts are " + ", ".join(known))
        if value is None:
            continue
        if not isinstance(value, bool):
            raise FactError(f"{field}.{name}", f"must be true, false or null, not {value!r}")
        facts[name] = value
    close(facts)  # refuse contradictory facts here, where every caller passes
    return facts


__all__ = [
    "ContradictoryFacts",
    "Fact",
    "FactError",
    "Implication",
    "Tri",
    "case_facts",
    "close",
    "declarations",
    "implications",
    "parse_facts",
]
