"""The mappings in the store and the questions asked of them.

The mappings graph must say what the files say, in the RDF sssom-py itself writes for
them, plus the asserted match triples; ``terms_mapped_to`` must answer from that graph
for every way of naming a target.
"""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS, SKOS
from sssom.parsers import parse_sssom_table
from sssom.writers import write_rdf

from ontology.cases.system_graphs import load_system_graphs
from ontology.mappings.catalogue import MAPPING_FILE_GLOB, MAPPINGS_DIR, mapping_sets
from ontology.mappings.lookup import REFINES, resolve_target, term_mappings, terms_mapped_to
from ontology.mappings.triples import expand_curie
from ontology.store import EmbeddedStore
from ontology.terms.index import term_index
from ontology.vocab import MAPPINGS_GRAPH

MIT_7_1 = "https://airisk.mit.edu/mit-ai-risk-subdomain-7.1"
SSSOM = "https://w3id.org/sssom/"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    loaded = EmbeddedStore()
    load_system_graphs(loaded)
    return loaded


def _mapped_graph(store: EmbeddedStore) -> Graph:
    triples = [
        ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(str(MAPPINGS_GRAPH))
    ]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data.decode(), format="nt")


def _file_rows() -> list[tuple[str, str, str, str]]:
    """(subject, predicate, object, comment) of every row, expanded to IRIs."""
    rows = []
    for mapping_set in mapping_sets():
        curie_map = mapping_set.curie_map
        for m in mapping_set.mappings:
            iris = (expand_curie(c, curie_map) for c in (m.subject_id, m.predicate_id, m.object_id))
            rows.append((*iris, m.get("comment")))
    return rows


def test_the_store_holds_one_match_triple_per_mapping(store: EmbeddedStore) -> None:
    graph = _mapped_graph(store)
    matches = {(str(s), str(p), str(o)) for s, p, o in graph if str(p).startswith(str(SKOS))}
    assert matches == {row[:3] for row in _file_rows()}


def _axioms(graph: Graph) -> dict[tuple[str, str, str], dict[str, set[str]]]:
    """Each annotated triple -> its axiom's other properties and their values."""
    found = {}
    for axiom in graph.subjects(URIRef(str(OWL.annotatedSource)), None):
        key = tuple(
            str(graph.value(axiom, p))
            for p in (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)
        )
        props: dict[str, set[str]] = {}
        for p, o in graph.predicate_objects(axiom):
            props.setdefault(str(p), set()).add(str(o))
        found[key] = props
    return found


def test_each_axiom_says_what_sssom_py_writes_for_the_same_mapping(store: EmbeddedStore) -> None:
    ours = _axioms(_mapped_graph(store))
    compared = (
        RDFS.comment,
        "http://purl.org/pav/authoredBy",
        "http://purl.org/dc/terms/created",
        SSSOM + "mapping_justification",
        SSSOM + "object_label",
    )
    for path in sorted(MAPPINGS_DIR.glob(MAPPING_FILE_GLOB)):
        out = io.StringIO()
        write_rdf(parse_sssom_table(path), out)
        theirs = _axioms(Graph().parse(data=out.getvalue(), format="turtle"))
        assert theirs and set(theirs) <= set(ours), path.name
        for key, props in theirs.items():
            for prop in map(str, compared):
                assert props.get(prop) == ours[key].get(prop), (path.name, key, prop)


@pytest.mark.parametrize(
    "target",
    [
        "mit-ai-risk-subdomain-7.1",
        "mit-ai-risk-repository:mit-ai-risk-subdomain-7.1",
        MIT_7_1,
        " mit-ai-risk-subdomain-7.1 ",
    ],
)
def test_terms_mapped_to_mit_7_1_are_the_terms_the_files_map_to_it(
    store: EmbeddedStore, target: str
) -> None:
    found = terms_mapped_to(store, target)
    expected = {(s, p) for s, p, o, _ in _file_rows() if o == MIT_7_1}
    assert {(m.iri, expand_curie(m.predicate, {})) for m in found} == expected
    refinements = {m.curie for m in found if m.predicate == "skos:broadMatch"}
    assert {"ak:GoalMisgeneralization", "ak:RewardHacking", "ak:DeceptiveAlignment"} <= refinements
    assert all(m.target == MIT_7_1 and m.comment for m in found)


def test_strongest_matches_come_first_and_labels_are_the_ontologys(store: EmbeddedStore) -> None:
    found = terms_mapped_to(store, "mit-ai-risk-subdomain-7.1")
    ranks = [m.predicate for m in found]
    assert ranks == sorted(ranks, key=["skos:broadMatch", "skos:relatedMatch"].index)
    goal = next(m for m in found if m.curie == "ak:GoalMisgeneralization")
    assert goal.label == "goal misgeneralization"


def test_a_predicate_filter_keeps_only_those_matches(store: EmbeddedStore) -> None:
    every = terms_mapped_to(store, "mit-ai-risk-subdomain-7.1")
    broad = terms_mapped_to(store, "mit-ai-risk-subdomain-7.1", predicates={"skos:broadMatch"})
    assert broad == [m for m in every if m.predicate == "skos:broadMatch"]
    assert 0 < len(broad) < len(every)


def test_refinements_leave_out_related_matches(store: EmbeddedStore) -> None:
    refining = terms_mapped_to(store, "mit-ai-risk-subdomain-7.1", predicates=REFINES)
    assert refining and {m.predicate for m in refining} <= set(REFINES)
    related = {m.curie for m in terms_mapped_to(store, "mit-ai-risk-subdomain-7.1")} - {
        m.curie for m in refining
    }
    assert "ak:RewardMisspecification" in related


def test_the_package_prefix_for_the_causal_taxonomy_is_understood(store: EmbeddedStore) -> None:
    alias = "mit-ai-risk-repository-causal:mit-ai-causal-risk-entity-ai"
    assert resolve_target(alias) == "https://airisk.mit.edu/mit-ai-causal-risk-entity-ai"
    assert terms_mapped_to(store, alias) == terms_mapped_to(store, "mit-ai-causal-risk-entity-ai")
    assert terms_mapped_to(store, alias)


@pytest.mark.parametrize(
    "target", ["mit-ai-risk-subdomain-9.9", "unknown:x", "https://example.org/x", "", "7.1"]
)
def test_an_unknown_target_has_no_terms(store: EmbeddedStore, target: str) -> None:
    assert resolve_target(target) is None
    assert terms_mapped_to(store, target) == []


def test_a_term_index_gives_the_same_answer_and_keeps_it(store: EmbeddedStore) -> None:
    index = term_index(store)
    first = terms_mapped_to(index, "lwtag:inner-alignment")
    assert first == terms_mapped_to(store, "lwtag:inner-alignment")
    assert index.memo[("mapped_to", "https://www.lesswrong.com/tag/inner-alignment")] == first


def test_a_terms_mappings_are_its_rows() -> None:
    term = "https://w3id.org/alignkg/DistributionShift"
    records = term_mappings(term)
    expected = {(p, o) for s, p, o, _ in _file_rows() if s == term}
    assert {(expand_curie(r["predicate"], {}), r["object"]["iri"]) for r in records} == expected
    assert all(r["relation"] and r["mapping_set"]["title"] for r in records)
    assert term_mappings("https://w3id.org/alignkg/NoSuchTerm") == []
