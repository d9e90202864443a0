"""Cutting quads into insert batches that never split a blank node across two batches."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

Batch = dict[str, list[ox.Triple]]


def _components(quads: list[ox.Quad]) -> list[list[ox.Quad]]:
    """Groups of quads linked by shared blank nodes (a quad without one is its own group)."""
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(node: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for quad in quads:
        blanks = [n for n in (quad.subject, quad.object) if isinstance(n, ox.BlankNode)]
        for other in blanks[1:]:
            parent[root(other)] = root(blanks[0])
    groups: dict[object, list[ox.Quad]] = {}
    for index, quad in enumerate(quads):
        blanks = [n for n in (quad.subject, quad.object) if isinstance(n, ox.BlankNode)]
        groups.setdefault(root(blanks[0]) if blanks else index, []).append(quad)
    return list(groups.values())


def blank_node_batches(quads: Iterable[ox.Quad], *, size: int) -> list[Batch]:
    """Batches of about ``size`` triples by graph; one blank node's quads share a batch.

    A group larger than ``size`` becomes a batch of its own rather than being split.

    >>> g, b = ox.NamedNode("urn:g"), ox.BlankNode()
    >>> quads = [ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), b, g) for i in range(3)]
    >>> [sum(map(len, batch.values())) for batch in blank_node_batches(quads, size=2)]
    [3]
    """
    batches: list[Batch] = []
    current: Batch = {}
    count = 0
    for group in _components(list(quads)):
        if count and count + len(group) > size:
            batches.append(current)
            current, count = {}, 0
        for quad in group:
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise ValueError("a remote store takes quads in named graphs only")
            triple = ox.Triple(quad.subject, quad.predicate, quad.object)
            current.setdefault(quad.graph_name.value, []).append(triple)
        count += len(group)
    if count:
        batches.append(current)
    return batches
