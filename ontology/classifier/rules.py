"""Verdict rules as the ontology states them, evaluated in three-valued (Kleene) logic.

A rule is an OWL class expression over the case facts: ``owl:intersectionOf``,
``owl:unionOf``, ``owl:complementOf`` and ``owl:hasValue`` restrictions, plus named classes
defined by ``owl:equivalentClass``. This module reads those expressions from the parsed
ontology and compiles each into a small tree; nothing about any framing is written here.

Unknown facts are absent, so the three values line up with what an OWL reasoner entails
under the open world: a rule is true when the case is entailed to be in the class, false
when it is entailed to be outside it, unknown otherwise (the properties are functional,
so a fact asserted false rules out ``hasValue true``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from ontology.facts import Tri
from ontology.vocab import AK, BASE, in_namespace


class RuleError(ValueError):
    """A class expression outside the fragment both engines agree on."""


@dataclass(frozen=True)
class HasValue:
    fact: str
    value: bool

    def eval(self, facts: Mapping[str, bool]) -> Tri:
        known = facts.get(self.fact)
        return None if known is None else known == self.value


@dataclass(frozen=True)
class And:
    parts: tuple[Expr, ...]

    def eval(self, facts: Mapping[str, bool]) -> Tri:
        unknown = False
        for part in self.parts:
            value = part.eval(facts)
            if value is False:
                return False
            unknown = unknown or value is None
        return None if unknown else True


@dataclass(frozen=True)
class Or:
    parts: tuple[Expr, ...]

    def eval(self, facts: Mapping[str, bool]) -> Tri:
        unknown = False
        for part in self.parts:
            value = part.eval(facts)
            if value is True:
                return True
            unknown = unknown or value is None
        return None if unknown else False


@dataclass(frozen=True)
class Not:
    part: Expr

    def eval(self, facts: Mapping[str, bool]) -> Tri:
        value = self.part.eval(facts)
        return None if value is None else not value


@dataclass(frozen=True)
class Always:
    """A named class every case is asserted to belong to (``ak:FailureCase``)."""

    def eval(self, facts: Mapping[str, bool]) -> Tri:
        return True


Expr = HasValue | And | Or | Not | Always


def facts_in(expr: Expr) -> frozenset[str]:
    """The fact names an expression mentions."""
    if isinstance(expr, HasValue):
        return frozenset({expr.fact})
    if isinstance(expr, And | Or):
        return frozenset().union(*(facts_in(p) for p in expr.parts))
    if isinstance(expr, Not):
        return facts_in(expr.part)
    return frozenset()


def compile_class(graph: Graph, cls: URIRef) -> Expr:
    """Compile the named class ``cls`` (defined by ``owl:equivalentClass``) to a tree."""
    return _compile(graph, cls, seen=frozenset())


def _compile(graph: Graph, node: Node, *, seen: frozenset[Node]) -> Expr:
    if isinstance(node, URIRef):
        if node == AK.FailureCase:
            return Always()
        if node in seen:
            raise RuleError(f"{node} is defined in terms of itself")
        definition = graph.value(node, OWL.equivalentClass)
        if definition is None:
            raise RuleError(f"{node} has no owl:equivalentClass definition")
        return _compile(graph, definition, seen=seen | {node})
    for operator, build in ((OWL.intersectionOf, And), (OWL.unionOf, Or)):
        members = graph.value(node, operator)
        if members is not None:
            return build(tuple(_compile(graph, m, seen=seen) for m in Collection(graph, members)))
    complement = graph.value(node, OWL.complementOf)
    if complement is not None:
        return Not(_compile(graph, complement, seen=seen))
    if (node, RDF.type, OWL.Restriction) in graph:
        return _restriction(graph, node)
    raise RuleError(f"unsupported class expression {node!r}")


def _restriction(graph: Graph, node: Node) -> HasValue:
    prop = graph.value(node, OWL.onProperty)
    value = graph.value(node, OWL.hasValue)
    fact = in_namespace(str(prop), BASE) if isinstance(prop, URIRef) else None
    if fact is None:
        raise RuleError(f"restriction on {prop!r} is not on an alignkg fact")
    if not isinstance(value, Literal) or not isinstance(value.toPython(), bool):
        raise RuleError(f"restriction on {prop} needs a boolean owl:hasValue")
    return HasValue(fact=fact, value=bool(value.toPython()))
