"""``RemoteStore`` against a real Virtuoso: answers shaped as pyoxigraph's, versions, loads."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.compare import isomorphic
from remote_virtuoso import DBA_PASSWORD, Virtuoso, load_alignkg, load_command, remote_settings

from ontology.files import ONTOLOGY_FILE
from ontology.store.remote import DEFAULT_GRAPH, RemoteStore, RemoteStoreError
from ontology.terms.hierarchy import ancestors
from ontology.terms.index import term_index
from ontology.vocab import CASES_GRAPH, ONTOLOGY_GRAPH, USER_GRAPH_PREFIX
from service.app import create_app
from service.cli.load import graph_sizes
from service.settings import Settings
from service.stores import StoreNotConfigured, connect_remote_store
from tests.api.test_api_cases import BOAT

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
AUTH = {"Authorization": "Bearer test-key-0123456789"}


def _graph(store: RemoteStore, graph: str) -> rdflib.Graph:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(graph)]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=data.decode(), format="nt")


def test_loading_twice_leaves_the_same_triples(virtuoso: Virtuoso, store: RemoteStore) -> None:
    before = graph_sizes(store)
    printed = load_alignkg(virtuoso)
    assert graph_sizes(store) == before
    assert f"{ONTOLOGY_GRAPH}\t{before[str(ONTOLOGY_GRAPH)]} triples" in printed
    source = rdflib.Graph().parse(ONTOLOGY_FILE)
    assert isomorphic(_graph(store, str(ONTOLOGY_GRAPH)), source)  # blank nodes included


def test_load_with_a_wrong_password_fails_with_a_message(virtuoso: Virtuoso) -> None:
    env = {"ALIGNKG_SPARQL_PASSWORD": "wrong", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(load_command(virtuoso), env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert "401" in done.stderr


def test_select_answers_are_pyoxigraph_solutions_with_canonical_booleans(
    store: RemoteStore,
) -> None:
    rows = store.query(
        f"SELECT ?v WHERE {{ GRAPH <{CASES_GRAPH}> {{ ?case ?fact ?v }} "
        f"FILTER(DATATYPE(?v) = <{XSD_BOOLEAN}>) }} LIMIT 20"
    )
    assert isinstance(rows, ox.QuerySolutions)
    values = {row["v"].value for row in rows}
    assert values and values <= {"true", "false"}  # Virtuoso's JSON would say 1 and 0


def test_ask_and_construct_answer_as_pyoxigraph_does(store: RemoteStore) -> None:
    answer = store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
    assert isinstance(answer, ox.QueryBoolean) and bool(answer)
    triples = list(
        store.query(f"CONSTRUCT {{ ?s ?p ?o }} {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
    )  # type: ignore[call-overload]
    assert triples and all(isinstance(t, ox.Triple) for t in triples)


def test_syntax_errors_raise_syntax_error_as_pyoxigraph_does(store: RemoteStore) -> None:
    with pytest.raises(SyntaxError):
        store.query("SELEC nothing")


def test_a_path_virtuoso_cannot_run_is_answered_from_a_local_copy(store: RemoteStore) -> None:
    index = term_index(store)
    found = ancestors(index, index.terms["https://w3id.org/alignkg/MesaOptimizer"])
    assert "https://w3id.org/alignkg/Optimizer" in {a["iri"] for a in found}


def test_every_write_changes_the_version_other_stores_see(
    virtuoso: Virtuoso, store: RemoteStore
) -> None:
    other = RemoteStore(virtuoso.query_url)  # another worker: its own client and cache
    graph = f"{USER_GRAPH_PREFIX}versions"
    seen = [other.version]
    quad = ox.Quad(
        ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.BlankNode(), ox.NamedNode(graph)
    )
    store.add_quads([quad])
    seen.append(other.version)
    store.remove_graph(graph)
    seen.append(other.version)
    assert len(set(seen)) == 3
    assert store.version == other.version
    assert graph not in store.named_graphs()


def test_virtuoso_internal_graphs_are_hidden(store: RemoteStore) -> None:
    graphs = store.named_graphs()
    assert str(ONTOLOGY_GRAPH) in graphs
    assert not [g for g in graphs if "openlinksw" in g or "/store" in g]


def test_the_default_graph_alone_is_read_as_pyoxigraph_reads_it(store: RemoteStore) -> None:
    """``union_default_graph=False``: the default graph's triples, GRAPH reaching every graph."""
    triple = (ox.NamedNode("urn:default"), ox.NamedNode("urn:p"), ox.Literal("d"))
    store.add_quads([ox.Quad(*triple, ox.NamedNode(DEFAULT_GRAPH))])
    try:
        own = store.query("SELECT ?s WHERE { ?s ?p ?o }", union_default_graph=False)
        assert isinstance(own, ox.QuerySolutions)
        assert [row["s"] for row in own] == [triple[0]]
        named = f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"
        assert store.query(named, union_default_graph=False)
        assert DEFAULT_GRAPH not in store.named_graphs()
        assert ox.Quad(*triple) in set(store.quads())  # in the default graph, as pyoxigraph's
    finally:
        store.remove_graph(DEFAULT_GRAPH)


def test_a_case_posted_through_one_worker_is_read_through_another(virtuoso: Virtuoso) -> None:
    writer = TestClient(create_app(remote_settings(virtuoso)))
    reader = TestClient(create_app(remote_settings(virtuoso)))
    with writer, reader:
        assert reader.get("/cases").status_code == 200  # the reader has read (and cached)
        created = writer.post("/cases", json=BOAT, headers=AUTH)
        assert created.status_code == 201
        case_id = created.json()["id"]
        read = reader.get(f"/cases/{case_id}")
        assert read.status_code == 200
        assert read.json()["facts"] == created.json()["facts"]


def test_an_unreachable_store_is_a_remote_store_error() -> None:
    remote = RemoteStore("http://127.0.0.1:9/sparql", timeout_s=2)
    with pytest.raises(RemoteStoreError, match="did not answer"):
        remote.query("ASK {}")


def test_remote_without_a_query_url_says_which_setting_is_missing() -> None:
    with pytest.raises(StoreNotConfigured, match="ALIGNKG_SPARQL_QUERY_URL"):
        connect_remote_store(Settings(store="remote", data_dir=None))


def _job(text: str, *, graphs: list[str | None] | None) -> dict[str, object]:
    """A SPARQL endpoint job, as ``service.sparql.endpoint`` builds them."""
    return {
        "text": text,
        "base_iri": "http://127.0.0.1/sparql",
        "max_rows": 100,
        "dataset": None if graphs is None else {"default_graphs": graphs, "named_graphs": None},
        "union_default": [None],
        "select_type": "application/sparql-results+json",
        "ask_type": "application/sparql-results+json",
        "graph_type": "application/n-triples",
    }


@pytest.mark.parametrize(
    "text",
    [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }",
        "ASK { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <MesaOptimizer>) }",
    ],
)
def test_an_endpoint_job_answers_the_same_on_both_stores(store: RemoteStore, text: str) -> None:
    """The SPARQL endpoint can pass a checked query straight to the remote store."""
    from service.app import open_store
    from service.sparql.worker_process import run_job

    embedded = open_store(Settings(data_dir=None))
    graphs: list[str | None] = [str(ONTOLOGY_GRAPH), str(CASES_GRAPH)]
    job = _job(
        text.replace("<MesaOptimizer>", "<https://w3id.org/alignkg/MesaOptimizer>"), graphs=graphs
    )
    here, there = run_job(embedded.engine, job), run_job(store, job)  # type: ignore[arg-type]
    assert there["status"] == here["status"] == "ok"
    if job["text"].startswith("CONSTRUCT"):  # type: ignore[union-attr]
        parse = rdflib.Graph().parse
        assert isomorphic(
            parse(data=here["body"], format="nt"), parse(data=there["body"], format="nt")
        )
    else:
        assert there["body"] == here["body"]


def test_files_load_into_the_remote_store_with_their_blank_nodes(
    virtuoso: Virtuoso, store: RemoteStore, tmp_path: Path
) -> None:
    """``alignkg load FILE --graph G --store remote``: triples land in G, a blank node's
    triples stay on one node, and the version moves so workers see them."""
    graph = f"{USER_GRAPH_PREFIX}loaded"
    data = tmp_path / "data.ttl"
    lines = [f'<http://e/s{i}> <http://e/p> "v{i}" .' for i in range(700)]  # three batches
    data.write_text("\n".join([*lines, "_:b <http://e/q> 1 ; <http://e/r> 2 ."]) + "\n")
    before = store.version
    env = {**os.environ, "ALIGNKG_SPARQL_PASSWORD": DBA_PASSWORD}
    command = [*load_command(virtuoso), str(data), "--graph", graph]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "files\t702 triples added" in done.stdout and done.stderr == ""
    quads = list(store.quads(graph))
    assert len(quads) == 702
    blank = {q.subject for q in quads if isinstance(q.subject, ox.BlankNode)}
    assert len(blank) == 1
    assert store.version != before
    store.remove_graph(graph)
