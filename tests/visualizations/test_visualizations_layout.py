"""Starting positions: the subclass tree reads outward, nothing piles up, hubs are bigger."""

from __future__ import annotations

import math
from itertools import combinations

import networkx as nx

from visualizations.layout import compute_layout, tree_parents


def _radius(point: tuple[float, float]) -> float:
    return math.hypot(*point)


def test_every_node_gets_a_position_and_a_size(fixture_graph: nx.MultiDiGraph) -> None:
    layout = compute_layout(fixture_graph)
    assert set(layout.positions) == set(fixture_graph)
    assert set(layout.sizes) == set(fixture_graph)


def test_the_root_is_in_the_middle_and_each_subclass_sits_further_out(
    fixture_graph: nx.MultiDiGraph,
) -> None:
    layout = compute_layout(fixture_graph)
    assert layout.positions["ak:AlignmentConcept"] == (0.0, 0.0)
    terms = [n for n, k in fixture_graph.nodes(data="kind") if k == "term"]
    for child, parent in tree_parents(fixture_graph, terms).items():
        assert _radius(layout.positions[child]) > _radius(layout.positions[parent])
        assert layout.levels[child] == layout.levels[parent] + 1


def test_the_deepest_superclass_is_the_tree_parent(fixture_graph: nx.MultiDiGraph) -> None:
    terms = [n for n, k in fixture_graph.nodes(data="kind") if k == "term"]
    assert tree_parents(fixture_graph, terms)["ak:MesaOptimizer"] == "ak:Optimizer"


def test_no_two_nodes_start_on_top_of_each_other(fixture_graph: nx.MultiDiGraph) -> None:
    positions = compute_layout(fixture_graph).positions
    for a, b in combinations(positions, 2):
        assert math.dist(positions[a], positions[b]) > 20, (a, b)


def test_cases_start_outside_the_terms_they_exhibit(fixture_graph: nx.MultiDiGraph) -> None:
    positions = compute_layout(fixture_graph).positions
    assert _radius(positions["akcase:evolution"]) > _radius(positions["ak:MesaOptimizer"])


def test_many_cases_on_one_term_spread_out_without_overlap(
    fixture_graph: nx.MultiDiGraph,
) -> None:
    graph = fixture_graph.copy()
    for index in range(200):
        case = f"akcase:generated-{index}"
        graph.add_node(case, kind="case", label=case)
        graph.add_edge(case, "ak:MesaOptimizer", kind="exhibits", label="exhibits")
    positions = compute_layout(graph).positions
    cases = [positions[n] for n in graph if n.startswith("akcase:generated")]
    closest = min(math.dist(a, b) for a, b in combinations(cases, 2))
    assert closest > 15


def test_better_connected_nodes_are_drawn_bigger(fixture_graph: nx.MultiDiGraph) -> None:
    sizes = compute_layout(fixture_graph).sizes
    assert sizes["ak:AlignmentConcept"] > sizes["ak:BaseOptimizer"]


def test_siblings_in_one_community_are_neighbours(fixture_graph: nx.MultiDiGraph) -> None:
    layout = compute_layout(fixture_graph)
    assert set(layout.communities) == {
        n for n, k in fixture_graph.nodes(data="kind") if k == "term"
    }
