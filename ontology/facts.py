"""The facts that describe a failure case, read from the ontology, and their validation.

Facts are the ``xsd:boolean`` sub-properties of ``ak:caseFact`` (declarations, such as the
responsibility partition, of ``ak:caseDeclaration``). Each is three-valued: true, false,
or unknown (absent). Python holds no list of them: adding a fact to ``alignment.ttl``
adds it here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from ontology.files import ontology_graph
from ontology.vocab import AK, local_name

#: A fact's value: True, False, or None for unknown.
Tri = bool | None


class FactError(ValueError):
    """A fact name that does not exist, or a value that is not true/false/null."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


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
    return facts


__all__ = ["Fact", "FactError", "Tri", "case_facts", "declarations", "parse_facts"]
