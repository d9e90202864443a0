"""The explorer's graph: nodes by kind, labelled edges, groups, focus + depth."""

from __future__ import annotations

import networkx as nx

from ontology.store import EmbeddedStore
from ontology.terms.edges import disputed_records
from ontology.terms.index import term_index
from ontology.vocab import expand
from visualizations.graph import build_graph, core_nodes, find_node, neighbourhood, url_key

NOT_TERMS = ("case", "source")


def _edge_kinds(graph: nx.MultiDiGraph, source: str, target: str) -> set[str]:
    return {d["kind"] for d in graph.get_edge_data(source, target, default={}).values()}


def test_terms_framings_sources_and_cases_are_nodes_with_their_kind(
    fixture_store: EmbeddedStore, fixture_graph: nx.MultiDiGraph
) -> None:
    kinds = dict(fixture_graph.nodes(data="kind"))
    assert kinds["ak:MesaOptimizer"] == "term"
    assert kinds["ak:RFLOFraming"] == "framing"
    assert kinds["aksrc:RFLO"] == "source"
    assert kinds["aksrc:Shah2022"] == "source"
    assert kinds["akcase:evolution"] == "case"
    assert fixture_graph.nodes["ak:MesaOptimizer"]["label"] == "mesa-optimizer"
    for term in term_index(fixture_store).terms.values():
        assert fixture_graph.nodes[term.curie]["label"] == term.label
        assert fixture_graph.nodes[term.curie]["kinds"] == term.kinds


def test_the_terms_shown_are_the_term_index_terms(
    fixture_store: EmbeddedStore, fixture_graph: nx.MultiDiGraph
) -> None:
    """One reader of the ontology: what the term index calls a term (a verdict rule class
    included) is a node, and nothing else is, besides cases and sources."""
    shown = {expand(n) for n, kind in fixture_graph.nodes(data="kind") if kind not in NOT_TERMS}
    assert shown == set(term_index(fixture_store).terms)
    assert "ak:SomeRule" in fixture_graph


def test_each_relation_becomes_an_edge_of_its_own_kind(fixture_graph: nx.MultiDiGraph) -> None:
    g = fixture_graph
    assert "subclass" in _edge_kinds(g, "ak:MesaOptimizer", "ak:Optimizer")
    assert "related" in _edge_kinds(g, "ak:GoalMisgeneralization", "ak:InnerAlignment")
    assert "disputed" in _edge_kinds(g, "ak:GoalMisgeneralization", "ak:InnerAlignment")
    assert "defined_in" in _edge_kinds(g, "ak:InnerAlignment", "ak:GeneralizationCentricFraming")
    assert "exhibits" in _edge_kinds(g, "akcase:evolution", "ak:MesaOptimizer")
    assert "cites" in _edge_kinds(g, "ak:MesaOptimizer", "aksrc:RFLO")
    properties = g.get_edge_data("ak:MesaOptimizer", "ak:MesaObjective").values()
    assert {(d["kind"], d["label"]) for d in properties} == {("property", "has objective")}


def test_every_edge_carries_a_kind_and_a_label(fixture_graph: nx.MultiDiGraph) -> None:
    for _, _, data in fixture_graph.edges(data=True):
        assert data["kind"] and data["label"]


def test_disputed_edge_says_who_disputes_it(fixture_graph: nx.MultiDiGraph) -> None:
    data = fixture_graph.get_edge_data("ak:GoalMisgeneralization", "ak:InnerAlignment")
    disputed = [d for d in data.values() if d["kind"] == "disputed"]
    assert "RFLO (2019)" in disputed[0]["label"]


def test_disputed_edge_carries_the_note_the_term_record_gives(
    fixture_store: EmbeddedStore, fixture_graph: nx.MultiDiGraph
) -> None:
    (record,) = disputed_records(term_index(fixture_store))
    assert record["note"], "the fixture's dispute has a note"
    data = fixture_graph.get_edge_data("ak:GoalMisgeneralization", "ak:InnerAlignment")
    (disputed,) = [d for d in data.values() if d["kind"] == "disputed"]
    assert record["note"] in disputed["label"]


def test_a_term_carries_its_definition_under_each_framing(
    fixture_graph: nx.MultiDiGraph,
) -> None:
    definitions = fixture_graph.nodes["ak:InnerAlignment"]["definitions"]
    by_framing = {d["framing"]: d for d in definitions}
    assert set(by_framing) == {"ak:RFLOFraming", "ak:GeneralizationCentricFraming"}
    assert by_framing["ak:GeneralizationCentricFraming"]["source"] == "aksrc:Shah2022"


def test_a_case_carries_facts_and_verdicts(fixture_graph: nx.MultiDiGraph) -> None:
    case = fixture_graph.nodes["akcase:evolution"]
    assert case["facts"] == {
        "learnedOptimizer": True,
        "distributionShift": True,
        "wouldBeRewarded": False,
    }
    assert case["verdicts"]["computed_by"] in ("classifier", "expected")
    assert case["verdicts"]["expected"] == "inner"


def test_cases_can_be_left_out(fixture_store: EmbeddedStore) -> None:
    graph = build_graph(fixture_store, include_cases=False)
    assert "case" not in {kind for _, kind in graph.nodes(data="kind")}
    assert "ak:MesaOptimizer" in graph


def test_groups_collect_taxonomies_and_the_threat_desideratum_split(
    fixture_graph: nx.MultiDiGraph,
) -> None:
    groups = fixture_graph.graph["groups"]
    assert "ak:InnerAlignment" in groups["ak:ObjectiveTaxonomy"]["members"]
    assert "ak:GoalMisgeneralization" in groups["ak:GeneralizationTaxonomy"]["members"]
    assert "ak:OuterMisalignment" in groups["ak:ThreatModel"]["members"]
    assert "ak:OuterAlignmentDesideratum" in groups["ak:Desideratum"]["members"]
    assert "ak:OuterMisalignment" not in groups["ak:Desideratum"]["members"]


def test_focus_and_depth_limit_the_graph_to_a_neighbourhood(
    fixture_graph: nx.MultiDiGraph,
) -> None:
    one = neighbourhood(fixture_graph, "ak:MesaOptimizer", 1)
    two = neighbourhood(fixture_graph, "ak:MesaOptimizer", 2)
    assert {"ak:MesaOptimizer", "ak:Optimizer", "akcase:evolution"} <= set(one)
    assert "ak:AlignmentConcept" not in one
    assert "ak:AlignmentConcept" in two
    assert set(one) < set(two) < set(fixture_graph)
    undirected = fixture_graph.to_undirected()
    for node in two:
        assert nx.shortest_path_length(undirected, "ak:MesaOptimizer", node) <= 2


def test_depth_zero_is_the_focus_alone(fixture_graph: nx.MultiDiGraph) -> None:
    assert list(neighbourhood(fixture_graph, "ak:Optimizer", 0)) == ["ak:Optimizer"]


def test_nodes_are_found_by_curie_iri_or_label(fixture_graph: nx.MultiDiGraph) -> None:
    assert find_node(fixture_graph, "ak:MesaOptimizer") == "ak:MesaOptimizer"
    assert find_node(fixture_graph, "https://w3id.org/alignkg/MesaOptimizer") == "ak:MesaOptimizer"
    assert find_node(fixture_graph, "Mesa-Optimizer") == "ak:MesaOptimizer"
    assert find_node(fixture_graph, "ak:NoSuchThing") is None


def test_a_paper_cited_by_url_and_described_in_the_ontology_is_one_node(
    fixture_graph: nx.MultiDiGraph,
) -> None:
    """The kidnap case cites the RFLO paper by a bare URL (http, www, trailing slash); the
    ontology describes it as aksrc:RFLO with bibo:uri https://arxiv.org/abs/1906.01820."""
    assert "cites" in _edge_kinds(fixture_graph, "akcase:kidnap", "aksrc:RFLO")
    sources = [n for n, kind in fixture_graph.nodes(data="kind") if kind == "source"]
    by_url = [
        url_key(str(fixture_graph.nodes[n]["url"]))
        for n in sources
        if fixture_graph.nodes[n]["url"]
    ]
    assert len(by_url) == len(set(by_url)), "two source nodes share a URL"
    assert not [n for n in sources if "1906.01820" in n]
    assert fixture_graph.nodes["aksrc:RFLO"]["label"] == "Risks from Learned Optimization"


def test_the_core_is_the_objective_taxonomy_and_the_terms_next_to_it(
    fixture_graph: nx.MultiDiGraph,
) -> None:
    core = core_nodes(fixture_graph)
    assert {"ak:ObjectiveTaxonomy", "ak:InnerAlignment"} <= set(core)
    assert "ak:GoalMisgeneralization" in core, "related to inner alignment"
    assert {fixture_graph.nodes[n]["kind"] for n in core} <= {"term", "framing"}
    assert "ak:OuterMisalignment" not in core


def test_a_neighbourhood_over_some_kinds_does_not_pass_through_the_others(
    fixture_graph: nx.MultiDiGraph,
) -> None:
    """With cases switched off, the evolution case is no bridge between what it exhibits
    and what it cites."""
    kinds = {"term", "framing", "individual", "source"}
    through_cases = neighbourhood(fixture_graph, "aksrc:RFLO", 2)
    without = neighbourhood(fixture_graph, "aksrc:RFLO", 2, kinds=kinds)
    assert "akcase:evolution" in through_cases and "akcase:evolution" not in without
    assert {fixture_graph.nodes[n]["kind"] for n in without} <= kinds
    assert set(without) < set(through_cases)
