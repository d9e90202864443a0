"""Starting positions and sizes computed with networkx, so the browser's physics only polishes.

Terms sit on a radial tree of the subclass hierarchy (the root in the middle, each level
one ring further out, siblings ordered by community so related subtrees are neighbours).
Cases gather in small sunflower clusters just outside the terms they exhibit; framings and
sources sit on outer rings, each near the terms it touches. Sizes grow with degree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

#: Least distance between tree levels, in vis-network pixels.
LEVEL_GAP = 150.0
#: Least arc between neighbouring nodes on one level (room for a label).
MIN_ARC = 75.0
#: How far every other leaf steps out, as a share of LEVEL_GAP.
STAGGER = 0.4
#: Distance between neighbouring cases in one cluster.
CASE_GAP = 34.0
GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
TREE_EDGE_KINDS = frozenset({"subclass", "related", "property", "disputed"})

Point = tuple[float, float]


@dataclass
class Layout:
    positions: dict[str, Point] = field(default_factory=dict)
    sizes: dict[str, float] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    communities: dict[str, int] = field(default_factory=dict)


def compute_layout(graph: nx.MultiDiGraph) -> Layout:
    """Positions for every node of ``graph`` and a size for each by its degree."""
    terms = [n for n, kind in graph.nodes(data="kind") if kind == "term"]
    tree = nx.DiGraph((parent, child) for child, parent in tree_parents(graph, terms).items())
    tree.add_nodes_from(terms)
    layout = radial_tree(tree, term_communities(graph))
    outer = max((math.hypot(*p) for p in layout.positions.values()), default=0.0)
    _place_cases(graph, layout.positions, radius=outer + 0.9 * LEVEL_GAP)
    for kind, ring in (("framing", 2.2), ("individual", 2.8), ("source", 3.4)):
        _place_on_ring(graph, layout.positions, kind=kind, radius=outer + ring * LEVEL_GAP)
    layout.sizes = degree_sizes(graph)
    return layout


def term_communities(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Louvain communities of the term graph (subclass, related, property links)."""
    simple = nx.Graph()
    simple.add_nodes_from(n for n, k in graph.nodes(data="kind") if k == "term")
    simple.add_edges_from(
        (u, v)
        for u, v, kind in graph.edges(data="kind")
        if kind in TREE_EDGE_KINDS and u in simple and v in simple
    )
    if simple.number_of_edges() == 0:
        return {node: 0 for node in simple}
    found = nx.community.louvain_communities(simple, seed=7)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {node: index for index, members in enumerate(ordered) for node in members}


def tree_parents(graph: nx.MultiDiGraph, terms: list[str]) -> dict[str, str]:
    """One drawing parent per term: the deepest of its superclasses, so the tree shows
    specificity; a member of a group (a taxonomy, the threat-model/desideratum split) hangs
    under the group's anchor instead, so each group is one compact wedge."""
    dag = nx.DiGraph()
    dag.add_nodes_from(terms)
    term_set = set(terms)
    dag.add_edges_from(
        (v, u)
        for u, v, kind in graph.edges(data="kind")
        if kind == "subclass" and u in term_set and v in term_set
    )
    roots = [n for n in dag if dag.in_degree(n) == 0]
    depth = nx.multi_source_dijkstra_path_length(dag, roots) if roots else {}
    parents: dict[str, str] = {}
    for term in sorted(terms):
        candidates = sorted(dag.predecessors(term), key=lambda p: (-depth.get(p, 0), p))
        if candidates:
            parents[term] = candidates[0]
    for anchor, group in graph.graph.get("groups", {}).items():
        if anchor not in term_set:
            continue
        for member in group["members"]:
            if member in term_set and member != anchor and anchor not in nx.ancestors(dag, member):
                parents[member] = anchor
    return _break_cycles(parents)


def _break_cycles(parents: dict[str, str]) -> dict[str, str]:
    """Drop the parent link that closes a cycle (equivalent classes subclass each other)."""
    for start in sorted(parents):
        seen = {start}
        node = parents.get(start)
        while node is not None and node in parents:
            if node in seen:
                parents.pop(node)
                break
            seen.add(node)
            node = parents.get(node)
    return parents


def drawing_tree(tree: nx.DiGraph) -> tuple[nx.DiGraph, str | None]:
    """The tree with one centre: other roots (classes with no superclass) hang under the
    biggest one, for drawing only."""
    tree = tree.copy()
    roots = sorted(
        (n for n in tree if tree.in_degree(n) == 0),
        key=lambda n: (-len(nx.descendants(tree, n)), n),
    )
    for other in roots[1:]:
        tree.add_edge(roots[0], other)
    return tree, (roots[0] if roots else None)


def wedges(
    tree: nx.DiGraph, root: str, communities: dict[str, int]
) -> dict[str, tuple[float, float, int]]:
    """(angle, angular span, level) per node: each subtree's span is in proportion to its
    leaves, siblings ordered by community so related subtrees sit side by side."""
    weights: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(tree))):
        weights[node] = max(1, sum(weights[c] for c in tree.successors(node)))
    found: dict[str, tuple[float, float, int]] = {}
    stack = [(root, 0.0, 2 * math.pi, 0)]
    while stack:
        node, low, high, level = stack.pop()
        found[node] = ((low + high) / 2, high - low, level)
        cursor = low
        for child in sorted(tree.successors(node), key=lambda c: (communities.get(c, 0), c)):
            span = (high - low) * weights[child] / weights[node]
            stack.append((child, cursor, cursor + span, level + 1))
            cursor += span
    return found


def ring_radii(found: dict[str, tuple[float, float, int]]) -> dict[int, float]:
    """Radius of each level: at least one gap further out than the last, and wide enough
    that the narrowest wedge on it still leaves room for a label."""
    radii: dict[int, float] = {0: 0.0}
    for level in range(1, max((lv for _, _, lv in found.values()), default=0) + 1):
        narrowest = min((span for _, span, lv in found.values() if lv == level), default=1.0)
        radii[level] = max(radii[level - 1] + LEVEL_GAP, MIN_ARC / max(narrowest, 1e-3))
    return radii


def radial_tree(tree: nx.DiGraph, communities: dict[str, int]) -> Layout:
    """Radial tree positions and levels; leaves alternate slightly in and out so that
    neighbouring labels do not collide."""
    layout = Layout(communities=communities)
    tree, root = drawing_tree(tree)
    if root is None:
        return layout
    found = wedges(tree, root, communities)
    radii = ring_radii(found)
    leaf_turn: dict[int, int] = {}
    for node, (angle, _, level) in sorted(found.items(), key=lambda item: item[1][0]):
        radius = radii[level]
        if tree.out_degree(node) == 0 and level > 0:
            leaf_turn[level] = leaf_turn.get(level, 0) + 1
            radius += (leaf_turn[level] % 2) * LEVEL_GAP * STAGGER
        layout.positions[node] = (radius * math.cos(angle), radius * math.sin(angle))
        layout.levels[node] = level
    return layout


def _centroid(points: list[Point]) -> Point | None:
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _neighbour_points(
    graph: nx.MultiDiGraph, node: str, positions: dict[str, Point]
) -> list[Point]:
    near = set(graph.successors(node)) | set(graph.predecessors(node))
    return [positions[n] for n in sorted(near) if n in positions]


def _place_cases(graph: nx.MultiDiGraph, positions: dict[str, Point], *, radius: float) -> None:
    """Cases in sunflower clusters outside the centroid of the terms each exhibits."""
    clusters: dict[Point, list[str]] = {}
    for node in sorted(n for n, k in graph.nodes(data="kind") if k == "case"):
        anchor = _centroid(_neighbour_points(graph, node, positions)) or (0.0, radius * 1.5)
        length = math.hypot(*anchor) or 1.0
        reach = max(length + LEVEL_GAP * 0.8, radius)
        key = (round(anchor[0] / length * reach, 0), round(anchor[1] / length * reach, 0))
        clusters.setdefault(key, []).append(node)
    for (cx, cy), members in clusters.items():
        for index, node in enumerate(members):
            r = CASE_GAP * math.sqrt(index)
            positions[node] = (
                cx + r * math.cos(index * GOLDEN_ANGLE),
                cy + r * math.sin(index * GOLDEN_ANGLE),
            )


def _place_on_ring(
    graph: nx.MultiDiGraph, positions: dict[str, Point], *, kind: str, radius: float
) -> None:
    """Spread nodes of one kind evenly on a ring, in the angular order of their neighbours."""
    nodes = sorted(n for n, k in graph.nodes(data="kind") if k == kind)
    if not nodes:
        return
    wanted: list[tuple[float, str]] = []
    for node in nodes:
        centre = _centroid(_neighbour_points(graph, node, positions)) or (0.0, 1.0)
        wanted.append((math.atan2(centre[1], centre[0]), node))
    wanted.sort()
    step = 2 * math.pi / len(wanted)
    shift = math.atan2(
        sum(math.sin(a - i * step) for i, (a, _) in enumerate(wanted)),
        sum(math.cos(a - i * step) for i, (a, _) in enumerate(wanted)),
    )
    for index, (_, node) in enumerate(wanted):
        angle = shift + index * step
        positions[node] = (radius * math.cos(angle), radius * math.sin(angle))


def degree_sizes(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Node size from degree (square root, so hubs stand out without swamping the page)."""
    base = {"term": 12.0, "framing": 18.0, "source": 9.0, "case": 8.0, "individual": 8.0}
    sizes: dict[str, float] = {}
    for node, kind in graph.nodes(data="kind"):
        degree = sum(1 for _, _, k in graph.edges(node, data="kind") if k != "exhibits")
        degree += sum(1 for _, _, k in graph.in_edges(node, data="kind") if k != "exhibits")
        sizes[node] = round(base.get(kind, 10.0) + 3.0 * math.sqrt(degree), 1)
    return sizes
