"""The content: every term the issue names is there, labelled, defined, sourced and placed;
competing definitions and disputed relations are first-class."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ontology.files import ONTOLOGY_FILE
from ontology.vocab import AK

FOAF = Namespace("http://xmlns.com/foaf/0.1/")

#: Every term named in issue 2 and in the interfaces the other modules build on.
ISSUE_TERMS = [
    "Optimizer",
    "BaseOptimizer",
    "MesaOptimizer",
    "LearnedAlgorithm",
    "Subagent",
    "AlgorithmicRange",
    "Reachability",
    "IntendedGoal",
    "BaseObjective",
    "MesaObjective",
    "BehavioralObjective",
    "OuterAlignment",
    "InnerAlignment",
    "OuterAlignmentProblem",
    "InnerAlignmentProblem",
    "OuterMisalignment",
    "InnerMisalignment",
    "OuterAlignmentDesideratum",
    "InnerAlignmentDesideratum",
    "ThreatModel",
    "Desideratum",
    "RewardProvisionProcess",
    "LocalAdequacy",
    "GoalMisgeneralization",
    "CapabilityMisgeneralization",
    "DistributionShift",
    "SpecificationGaming",
    "RewardHacking",
    "ProxyAlignment",
    "PseudoAlignment",
    "DeceptiveAlignment",
    "TreacherousTurn",
    "GradientHacking",
    "ObjectiveTaxonomy",
    "GeneralizationTaxonomy",
    "AIControl",
    "ElicitingLatentKnowledge",
    "RecursiveOversight",
    "ValueLearning",
    "FailureCase",
    "Framing",
    "AlignmentConcept",
    "VerdictRule",
    "Definition",
    "DisputedRelation",
]

FRAMINGS = {
    AK[name]
    for name in (
        "RFLOFraming",
        "Hubinger2020Framing",
        "LowStakesFraming",
        "ObjectiveCentricFraming",
        "GeneralizationCentricFraming",
        "ThreatModelFraming",
        "DesiderataFraming",
        "ResponsibilityPartitionFraming",
    )
}


@pytest.fixture(scope="module")
def g() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _english(g: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return [
        str(o)
        for o in g.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == "en"
    ]


@pytest.mark.parametrize("name", ISSUE_TERMS)
def test_issue_term_is_a_labelled_defined_sourced_class_in_the_hierarchy(
    g: Graph, name: str
) -> None:
    term = AK[name]
    assert (term, RDF.type, OWL.Class) in g
    assert _english(g, term, RDFS.label)
    assert len(_english(g, term, SKOS.prefLabel)) == 1
    assert len(_english(g, term, SKOS.definition)) == 1
    sources = list(g.objects(term, DCTERMS.source))
    assert sources, f"{name} cites no source"
    for source in sources:
        assert g.value(source, DCTERMS.title) is not None, f"{source} has no title"
    if name != "AlignmentConcept":
        assert AK.AlignmentConcept in set(g.transitive_objects(term, RDFS.subClassOf))


@pytest.mark.parametrize(
    ("name", "synonym"),
    [
        ("MesaOptimizer", "mesa optimizer"),
        ("MesaOptimizer", "inner optimizer"),
        ("MesaOptimizer", "learned optimizer"),
        ("DeceptiveAlignment", "deceptively aligned mesa-optimizer"),
        ("RewardHacking", "reward gaming"),
        ("ElicitingLatentKnowledge", "ELK"),
    ],
)
def test_common_synonyms_are_alternative_labels(g: Graph, name: str, synonym: str) -> None:
    assert synonym in _english(g, AK[name], SKOS.altLabel)


def test_subagent_explains_why_a_mesa_optimizer_is_not_one(g: Graph) -> None:
    notes = " ".join(_english(g, AK.Subagent, SKOS.scopeNote))
    assert "mesa-optimizer is not a subagent" in notes.lower()
    assert (AK.Subagent, SKOS.related, AK.MesaOptimizer) in g


@pytest.mark.parametrize(
    "name",
    [
        "OuterAlignment",
        "InnerAlignment",
        "OuterMisalignment",
        "InnerMisalignment",
        "GoalMisgeneralization",
    ],
)
def test_contested_term_has_one_definition_per_framing(g: Graph, name: str) -> None:
    definitions = list(g.objects(AK[name], AK.hasDefinition))
    framings = [g.value(d, AK.framing) for d in definitions]
    assert len(set(framings)) >= 4, f"{name} has readings from too few framings"
    for definition in definitions:
        assert (definition, RDF.type, AK.Definition) in g
        assert isinstance(definition, URIRef), "definitions have IRIs, not blank nodes"
        assert _english(g, definition, AK.definitionText)
        assert g.value(definition, AK.framing) in FRAMINGS | {None}, "a framing, or none"
        assert g.value(definition, DCTERMS.source) is not None
        assert _english(g, definition, AK.quote), "the source's own words sit beside ours"
        assert g.value(definition, AK.locator) is not None


def test_each_framing_individual_has_a_source(g: Graph) -> None:
    for framing in FRAMINGS:
        assert (framing, RDF.type, AK.Framing) in g
        assert g.value(framing, DCTERMS.source) is not None


def test_specification_gaming_versus_reward_hacking_is_recorded_as_disputed(g: Graph) -> None:
    disputes = set(g.subjects(RDF.type, AK.DisputedRelation))
    pair = {AK.SpecificationGaming, AK.RewardHacking}
    matching = [
        d
        for d in disputes
        if {g.value(d, AK.disputedSubject), g.value(d, AK.disputedObject)} == pair
    ]
    assert len(matching) == 1
    dispute = matching[0]
    assert g.value(dispute, AK.disputedPredicate) == RDFS.subClassOf
    assert list(g.objects(dispute, AK.disputedBy))
    # ...and neither nesting is asserted as fact.
    assert (AK.SpecificationGaming, RDFS.subClassOf, AK.RewardHacking) not in g
    assert (AK.RewardHacking, RDFS.subClassOf, AK.SpecificationGaming) not in g


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        ("optimizes", "Optimizer", "Objective"),
        ("hasMesaObjective", "MesaOptimizer", "MesaObjective"),
        ("hasBaseObjective", "BaseOptimizer", "BaseObjective"),
        ("addresses", "ResearchAgenda", "ProblemFormulation"),
        ("subProblemOf", "AlignmentConcept", "AlignmentProblem"),
        ("partOfTaxonomy", "AlignmentConcept", "Taxonomy"),
    ],
)
def test_object_property_has_domain_range_and_is_used_in_a_restriction(
    g: Graph, prop: str, domain: str, range_: str
) -> None:
    assert (AK[prop], RDF.type, OWL.ObjectProperty) in g
    assert g.value(AK[prop], RDFS.domain) == AK[domain]
    assert g.value(AK[prop], RDFS.range) == AK[range_]
    restricted = set(g.subjects(OWL.onProperty, AK[prop]))
    assert restricted or list(g.subjects(RDFS.subPropertyOf, AK[prop]))


def test_header_has_licence_creator_dated_version_and_preferred_prefix(g: Graph) -> None:
    header = URIRef("https://w3id.org/alignkg/ontology")
    vann = Namespace("http://purl.org/vocab/vann/")
    assert g.value(header, DCTERMS.license) is not None
    assert g.value(header, DCTERMS.creator) is not None
    assert g.value(header, DCTERMS.created) is not None
    assert str(g.value(header, OWL.versionIRI)).rsplit("/", 1)[-1][:4].isdigit()
    assert str(g.value(header, vann.preferredNamespacePrefix)) == "ak"
    assert str(g.value(header, vann.preferredNamespaceUri)) == str(AK)


def test_lead_sources_are_described_bibliographically(g: Graph) -> None:
    src = Namespace("https://w3id.org/alignkg/source/")
    rflo = src.Hubinger2019RFLO
    assert "Risks from Learned Optimization" in str(g.value(rflo, DCTERMS.title))
    assert Literal("Evan Hubinger") in set(g.objects(rflo, DCTERMS.creator))
    assert str(g.value(rflo, DCTERMS.issued)) == "2019"
    assert g.value(rflo, FOAF.page) == URIRef("https://arxiv.org/abs/1906.01820")
    for name in (
        "Hubinger2020Clarifying",
        "Shah2022GoalMisgeneralization",
        "ThreatModelsDesiderataComment",
        "NarrowAIPartitionPost",
    ):
        assert g.value(src[name], DCTERMS.title) is not None, name
