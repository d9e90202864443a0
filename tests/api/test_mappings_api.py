"""``/mappings`` in SSSOM/JSON and SSSOM/TSV, and the mappings in a term's RDF, JSON and
page and in the SPARQL dataset."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from ontology.mappings.catalogue import mapping_sets, union
from ontology.mappings.validation import file_problems

TSV = "text/tab-separated-values"
MIT_7_1 = "https://airisk.mit.edu/mit-ai-risk-subdomain-7.1"
GOAL_MISGENERALIZATION = URIRef("https://w3id.org/alignkg/GoalMisgeneralization")
ROWS = sum(len(s.mappings) for s in mapping_sets())


def _table(text: str) -> list[dict[str, str]]:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_json_is_the_default_and_holds_every_mapping(reader: TestClient) -> None:
    response = reader.get("/mappings")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["mapping_set_id"] == "https://w3id.org/alignkg/mappings"
    assert body["curie_map"]["skos"] == str(SKOS)
    assert len(body["mappings"]) == ROWS
    for mapping in body["mappings"]:
        assert mapping["predicate_id"].startswith("skos:") and mapping["predicate_id"].endswith(
            "Match"
        )
        assert mapping["mapping_justification"] == "semapv:ManualMappingCuration"
        assert mapping["author_id"] == ["akauthor:alignkg-team"] and mapping["mapping_date"]
        assert mapping["predicate_id"] == "skos:exactMatch" or mapping["comment"]


def test_tsv_for_mapping_tools_is_valid_sssom(reader: TestClient, tmp_path: Path) -> None:
    response = reader.get("/mappings", headers={"Accept": f"{TSV}, application/json;q=0.5"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(TSV)
    assert response.headers["vary"] == "Accept"
    rows = _table(response.text)
    assert len(rows) == ROWS
    assert {r["object_id"] for r in rows} == {m.object_id for m in union().mappings}
    served = tmp_path / "served.sssom.tsv"
    served.write_text(response.text)
    assert file_problems(served) == []


@pytest.mark.parametrize(
    ("fmt", "accept", "media"),
    [("tsv", "application/json", TSV), ("json", TSV, "application/json")],
)
def test_format_overrides_accept(reader: TestClient, fmt: str, accept: str, media: str) -> None:
    response = reader.get(f"/mappings?format={fmt}", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


def test_both_formats_carry_the_same_mappings(reader: TestClient) -> None:
    as_json = reader.get("/mappings?format=json").json()["mappings"]
    as_tsv = _table(reader.get("/mappings?format=tsv").text)
    key = ("subject_id", "predicate_id", "object_id", "comment")
    assert sorted(tuple(m.get(k, "") for k in key) for m in as_json) == sorted(
        tuple(r[k] for k in key) for r in as_tsv
    )


def test_an_unknown_format_is_a_422_problem(reader: TestClient) -> None:
    response = reader.get("/mappings?format=xml")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 422


def test_an_unacceptable_accept_is_a_406_problem(reader: TestClient) -> None:
    response = reader.get("/mappings", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert TSV in response.json()["available"]


def test_an_unchanged_copy_is_confirmed_with_304(reader: TestClient) -> None:
    first = reader.get("/mappings?format=tsv")
    again = reader.get("/mappings?format=tsv", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_a_terms_turtle_carries_its_matches_and_their_comments(reader: TestClient) -> None:
    response = reader.get("/terms/GoalMisgeneralization?format=turtle")
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert (GOAL_MISGENERALIZATION, SKOS.broadMatch, URIRef(MIT_7_1)) in graph
    axiom = next(
        a
        for a in graph.subjects(OWL.annotatedTarget, URIRef(MIT_7_1))
        if (a, OWL.annotatedSource, GOAL_MISGENERALIZATION) in graph
    )
    assert "goal misgeneralisation" in str(graph.value(axiom, RDFS.comment))
    others = {o for p in (SKOS.closeMatch, SKOS.relatedMatch) for o in graph.objects(None, p)}
    assert (
        URIRef("https://www.ibm.com/docs/en/watsonx/saas?topic=atlas-misaligned-actions-agentic")
        in others
    )


def test_a_terms_json_and_page_list_its_mappings(reader: TestClient) -> None:
    record = reader.get("/terms/DistributionShift", headers={"Accept": "application/json"}).json()
    assert {m["object"]["curie"] for m in record["mappings"]} >= {"lwtag:distributional-shifts"}
    page = reader.get("/terms/DistributionShift", headers={"Accept": "text/html"}).text
    section = page.split('<section id="mappings">', 1)[1].split("</section>", 1)[0]
    assert "Distributional Shifts" in section
    assert 'href="https://www.lesswrong.com/tag/distributional-shifts"' in section
    assert "skos:exactMatch" in section


def test_a_term_without_mappings_has_no_mappings_section(reader: TestClient) -> None:
    record = reader.get("/terms/SearchSpace", headers={"Accept": "application/json"}).json()
    assert record["mappings"] == []
    assert 'id="mappings"' not in reader.get("/terms/SearchSpace?format=html").text


def test_sparql_sees_the_matches_in_the_default_graph(reader: TestClient) -> None:
    query = f"SELECT ?term WHERE {{ ?term <{SKOS.broadMatch}> <{MIT_7_1}> }} ORDER BY ?term"
    response = reader.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    found = response.text.splitlines()[1:]
    expected = sorted(
        f"https://w3id.org/alignkg/{m.subject_id.partition(':')[2]}"
        for s in mapping_sets()
        for m in s.mappings
        if m.object_id == "mit-ai-risk-repository:mit-ai-risk-subdomain-7.1"
        and m.predicate_id == "skos:broadMatch"
    )
    assert found == expected


def test_sparql_reads_each_mappings_comment_from_its_axiom(reader: TestClient) -> None:
    query = (
        "SELECT (COUNT(?note) AS ?n) WHERE { GRAPH <https://w3id.org/alignkg/graph/mappings> {"
        f" ?axiom <{OWL.annotatedSource}> ?s ; <{RDFS.comment}> ?note }} }}"
    )
    response = reader.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    commented = sum(1 for m in union().mappings if m.get("comment"))
    assert response.text.splitlines()[1] == str(commented)


@pytest.mark.parametrize(
    "target",
    [
        "mit-ai-risk-subdomain-7.1",
        "mit-ai-risk-repository:mit-ai-risk-subdomain-7.1",
    ],
)
def test_terms_mapped_to_a_risk_are_listed_with_how_they_match(
    reader: TestClient, target: str
) -> None:
    page = reader.get("/terms", params={"mapped_to": target, "limit": 500}).json()
    by_curie = {t["curie"]: t for t in page["items"]}
    assert "ak:GoalMisgeneralization" in by_curie and page["total"] == len(page["items"])
    assert by_curie["ak:GoalMisgeneralization"]["match"]["predicate"] == "skos:broadMatch"
    assert page["mapped_to"].endswith("mit-ai-risk-subdomain-7.1")
    # Strongest match first: no related match comes before a broad one.
    order = [t["match"]["predicate"] for t in page["items"]]
    assert order == sorted(order, key=lambda p: p == "skos:relatedMatch")


def test_an_unknown_mapping_target_is_a_422_naming_mapped_to(reader: TestClient) -> None:
    response = reader.get("/terms", params={"mapped_to": "mit-ai-risk-subdomain-99.9"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "mapped_to"
