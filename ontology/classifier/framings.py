"""The framings of outer/inner alignment, read from the ontology with their compiled rules.

A framing individual names its rules by annotation: ``ak:outerCriterion``,
``ak:innerCriterion``, optionally ``ak:inapplicableWhen`` and ``ak:needsDeclaration``, and
says by ``ak:judgesSpecificationOn`` which situations it judges the objective on (which
is how a declared responsibility partition sides with some framings and not others).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ontology.classifier.rules import Expr, compile_class, facts_in
from ontology.files import ontology_graph
from ontology.vocab import AK, local_name, shorten


@dataclass(frozen=True)
class Criterion:
    """One named rule class and its compiled expression."""

    iri: str
    label: str
    expr: Expr
    curie: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "curie", shorten(self.iri))

    @property
    def named(self) -> str:
        """``ak:RFLOOuterFailure (outer failure (RFLO))``: how a rule is cited to a reader."""
        return f"{self.curie} ({self.label})"


@dataclass(frozen=True)
class Framing:
    iri: str
    label: str
    outer: Criterion
    inner: Criterion
    inapplicable: Criterion | None
    #: Declaration (fact name) the framing cannot decide without, if any.
    needs_declaration: str | None
    #: The partition value ("reward" / "training") this framing's stance agrees with.
    partition_stance: str | None
    curie: str = ""
    #: The fact names any of its rules mention (computed once).
    facts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "curie", shorten(self.iri))
        mentioned = frozenset().union(*(facts_in(c.expr) for c in self.criteria()))
        object.__setattr__(self, "facts", mentioned)

    @property
    def name(self) -> str:
        return local_name(self.iri)

    def criteria(self) -> tuple[Criterion, ...]:
        extra = (self.inapplicable,) if self.inapplicable else ()
        return (self.outer, self.inner, *extra)


def _criterion(graph: Graph, framing: URIRef, link: URIRef) -> Criterion | None:
    cls = graph.value(framing, link)
    if cls is None:
        return None
    assert isinstance(cls, URIRef)
    return Criterion(str(cls), str(graph.value(cls, RDFS.label) or cls), compile_class(graph, cls))


def _stance(graph: Graph, framing: URIRef) -> str | None:
    scope = graph.value(framing, AK.judgesSpecificationOn)
    agrees = graph.value(scope, AK.agreesWithPartition) if scope is not None else None
    if not isinstance(agrees, Literal):
        return None
    return "reward" if agrees.toPython() else "training"


def read_framings(graph: Graph) -> tuple[Framing, ...]:
    """Every ``ak:Framing`` individual in ``graph`` with its compiled rules, by IRI."""
    framings = []
    for node in sorted(graph.subjects(RDF.type, AK.Framing), key=str):
        assert isinstance(node, URIRef)
        outer, inner = (
            _criterion(graph, node, AK.outerCriterion),
            _criterion(graph, node, AK.innerCriterion),
        )
        if outer is None or inner is None:
            continue  # a framing without rules is documented but takes no part in verdicts
        declaration = graph.value(node, AK.needsDeclaration)
        framings.append(
            Framing(
                iri=str(node),
                label=str(graph.value(node, RDFS.label) or node),
                outer=outer,
                inner=inner,
                inapplicable=_criterion(graph, node, AK.inapplicableWhen),
                needs_declaration=local_name(str(declaration)) if declaration else None,
                partition_stance=_stance(graph, node),
            )
        )
    return tuple(framings)


@cache
def framings() -> tuple[Framing, ...]:
    """The framings of ``alignment.ttl``, compiled once per process."""
    return read_framings(ontology_graph())


@cache
def resolve_framing(name: str) -> Framing:
    """Find a framing by local name, CURIE or IRI (``RFLOFraming``, ``ak:RFLOFraming``)."""
    for framing in framings():
        if name in (framing.iri, framing.curie, framing.name):
            return framing
    known = ", ".join(f.curie for f in framings())
    raise KeyError(f"no framing {name!r}; known framings are {known}")
