"""Read the W3C SPARQL 1.1 Protocol test manifest as data (rdflib) into plain records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

#: The suite is kept in the repository, with its licence (``w3c/protocol/LICENSE.md``).
SUITE_DIR = Path(__file__).resolve().parent / "w3c" / "protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")


@dataclass
class ProtocolRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status_classes: set[int]
    expected_boolean: bool | None
    expected_format: str | None


@dataclass
class ProtocolTest:
    name: str
    label: str
    graph_data: list[tuple[Path, str]] = field(default_factory=list)
    requests: list[ProtocolRequest] = field(default_factory=list)


def suite_dir() -> Path:
    """The suite folder; it ships with the repository, so a missing one is a failure."""
    if not (SUITE_DIR / "manifest.ttl").is_file():
        pytest.fail(f"the W3C protocol test suite is missing at {SUITE_DIR}")
    return SUITE_DIR


def _items(graph: Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def _request(graph: Graph, node: Node) -> ProtocolRequest:
    headers = {
        str(graph.value(h, HT.fieldName)): str(graph.value(h, HT.fieldValue))
        for h in _items(graph, graph.value(node, HT.headers))
    }
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = {int(str(s)[-3]) for s in graph.objects(response, MF.expectedStatus)}
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    return ProtocolRequest(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        status_classes=statuses,
        expected_boolean=None if boolean is None else str(boolean) == "true",
        expected_format=None if fmt is None else str(fmt),
    )


def load_manifest(folder: Path) -> list[ProtocolTest]:
    """Every entry of the manifest, in manifest order."""
    graph = Graph().parse(folder / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in _items(graph, graph.value(manifest, MF.entries)):
        test = ProtocolTest(
            name=str(entry).rsplit("#", 1)[-1], label=str(graph.value(entry, MF.name))
        )
        for data in graph.objects(entry, UT.graphData):
            file_name = str(graph.value(data, UT.graph)).rsplit("/", 1)[-1]
            test.graph_data.append((folder / file_name, str(graph.value(data, RDFS.label))))
        action = graph.value(entry, MF.action)
        for node in _items(graph, graph.value(action, HT.requests)):
            test.requests.append(_request(graph, node))
        tests.append(test)
    return tests
