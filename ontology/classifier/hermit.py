"""Classify cases with HermiT, from the same OWL axioms the fast evaluator reads.

The ontology and the cases (as individuals with their facts asserted) are exported to
RDF/XML (owlready2 does not read Turtle) and loaded into a fresh owlready2 ``World``;
nothing touches the served store. For every rule class C we add a named class
``not-C`` so that realisation reports both "entailed in C" and "entailed outside C";
neither means unknown, exactly the evaluator's third value.

``not-C`` is C's negation normal form, generated from C's own axiom with each
``hasValue v`` flipped to ``hasValue (not v)``. For individuals that carry only asserted
boolean facts on functional properties this is entailed exactly when ``complementOf C``
is, and HermiT decides it in seconds where the literal complement took minutes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ontology.classifier.framings import Criterion, Framing, framings
from ontology.classifier.rules import Always, And, Expr, HasValue, Not, Or, RuleError
from ontology.classifier.verdict import Verdict, from_truths
from ontology.facts import Tri
from ontology.files import ontology_graph
from ontology.vocab import AK, BASE, local_name

PROBE = BASE + "probe/"


@dataclass(frozen=True)
class ReasonerCase:
    id: str
    facts: Mapping[str, bool]
    #: Declarations (e.g. the responsibility partition) asserted like facts.
    declarations: Mapping[str, bool]


def _complement_iri(criterion: Criterion) -> URIRef:
    return URIRef(PROBE + "not-" + local_name(criterion.iri))


def build_world_graph(cases: Sequence[ReasonerCase]) -> Graph:
    """The ontology, the case individuals and one named complement per rule class."""
    g = Graph()
    for triple in ontology_graph():
        g.add(triple)
    for framing in framings():
        for criterion in framing.criteria():
            complement = _complement_iri(criterion)
            g.add((complement, RDF.type, OWL.Class))
            g.add((complement, OWL.equivalentClass, _to_owl(g, _negate(criterion.expr))))
    for case in cases:
        node = URIRef(PROBE + "case/" + case.id)
        g.add((node, RDF.type, OWL.NamedIndividual))
        g.add((node, RDF.type, AK.FailureCase))
        for name, value in {**case.facts, **case.declarations}.items():
            g.add((node, AK[name], Literal(value, datatype=XSD.boolean)))
    return g


def _negate(expr: Expr) -> Expr:
    """Negation normal form of ``not expr`` (Always has no negation: cases are cases)."""
    if isinstance(expr, HasValue):
        return HasValue(expr.fact, not expr.value)
    if isinstance(expr, And):
        return Or(tuple(_negate(p) for p in expr.parts if not isinstance(p, Always)))
    if isinstance(expr, Or):
        return And(tuple(_negate(p) for p in expr.parts))
    if isinstance(expr, Not):
        return expr.part
    raise RuleError("a rule that is always true has no negation")


def _to_owl(g: Graph, expr: Expr) -> BNode | URIRef:
    """Write an expression tree back as an OWL class expression; return its node."""
    if isinstance(expr, Always):
        return AK.FailureCase
    node = BNode()
    if isinstance(expr, HasValue):
        g.add((node, RDF.type, OWL.Restriction))
        g.add((node, OWL.onProperty, AK[expr.fact]))
        g.add((node, OWL.hasValue, Literal(expr.value, datatype=XSD.boolean)))
        return node
    g.add((node, RDF.type, OWL.Class))
    if isinstance(expr, Not):
        g.add((node, OWL.complementOf, _to_owl(g, expr.part)))
        return node
    members = [_to_owl(g, p) for p in expr.parts]
    if len(members) == 1:
        return members[0]
    head = BNode()
    Collection(g, head, list[Node](members))
    g.add((node, OWL.intersectionOf if isinstance(expr, And) else OWL.unionOf, head))
    return node


def realise(cases: Sequence[ReasonerCase]) -> dict[str, set[str]]:
    """Run HermiT; return, per case id, the IRIs of every class it is entailed to be in."""
    import owlready2

    graph = build_world_graph(cases)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "world.owl"
        graph.serialize(path, format="xml")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        types: dict[str, set[str]] = {}
        for case in cases:
            individual = world[PROBE + "case/" + case.id]
            types[case.id] = {c.iri for c in individual.INDIRECT_is_a if hasattr(c, "iri")}
        world.close()
    return types


def _truth(criterion: Criterion, entailed: set[str]) -> Tri:
    if criterion.iri in entailed:
        return True
    return False if str(_complement_iri(criterion)) in entailed else None


def hermit_verdicts(
    cases: Sequence[ReasonerCase], *, batch_size: int = 10
) -> dict[str, dict[str, Verdict]]:
    """Per case id, per framing CURIE, the verdict HermiT's entailments give.

    Cases are independent, and HermiT's realisation time grows faster than linearly with
    the number of individuals (about 8 s for 10 cases, 250 s for 60 here), so they are
    reasoned over in small batches.
    """
    entailed: dict[str, set[str]] = {}
    for start in range(0, len(cases), batch_size):
        entailed.update(realise(cases[start : start + batch_size]))
    result: dict[str, dict[str, Verdict]] = {}
    for case in cases:
        result[case.id] = {f.curie: _verdict(f, entailed[case.id]) for f in framings()}
    return result


def _verdict(framing: Framing, entailed: set[str]) -> Verdict:
    """Turn entailed memberships into the framing's verdict with the evaluator's own words."""
    gate = framing.inapplicable
    return from_truths(
        framing,
        inapplicable=_truth(gate, entailed) if gate else False,
        outer=_truth(framing.outer, entailed),
        inner=_truth(framing.inner, entailed),
    ).verdict
