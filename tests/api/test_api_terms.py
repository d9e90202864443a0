"""Terms over REST: lookup by every kind of id, negotiation, errors, caching, hierarchy."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

AK = "https://w3id.org/alignkg/"
MESA = URIRef(AK + "MesaOptimizer")


@pytest.mark.parametrize(
    "path",
    [
        "/terms/MesaOptimizer",
        "/terms/ak:MesaOptimizer",
        f"/terms/lookup?iri={AK}MesaOptimizer",
        "/terms/lookup?iri=ak:MesaOptimizer",
    ],
)
def test_term_is_found_by_local_name_curie_and_full_iri(reader: TestClient, path: str) -> None:
    response = reader.get(path)
    assert response.status_code == 200
    body = response.json()
    assert body["iri"] == str(MESA)
    assert body["curie"] == "ak:MesaOptimizer"


def test_the_old_iri_lookup_on_the_listing_is_sent_to_the_lookup_route(
    reader: TestClient,
) -> None:
    response = reader.get(f"/terms?iri={AK}MesaOptimizer&format=turtle", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"].endswith(
        f"/terms/lookup?iri={AK}MesaOptimizer&format=turtle"
    )


def test_lookup_without_an_iri_is_a_problem(reader: TestClient) -> None:
    for query in ("", "?iri=", "?iri=%20"):
        response = reader.get("/terms/lookup" + query)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"


def test_term_json_has_labels_definitions_sources_and_neighbours(reader: TestClient) -> None:
    body = reader.get("/terms/ak:MesaOptimizer").json()
    assert body["label"] == "mesa-optimizer"
    assert "mesa optimizer" in body["alt_labels"]
    assert body["definition"] and body["definitions"][0]["text"] == body["definition"]
    assert all(s["citation"] for s in body["sources"])
    parents = {p["curie"] for p in body["parents"]}
    assert "ak:Optimizer" in parents
    optimizer = reader.get("/terms/ak:Optimizer").json()
    assert "ak:MesaOptimizer" in {c["curie"] for c in optimizer["children"]}


def test_framed_definitions_name_their_framing_and_source(reader: TestClient) -> None:
    framed = [
        d
        for t in ("OuterAlignment", "InnerAlignment")
        for d in reader.get(f"/terms/{t}").json()["definitions"]
        if d["framing"]
    ]
    assert framed, "the contested terms carry per-framing definitions"
    assert all(d["framing"]["curie"].startswith("ak:") and d["text"] for d in framed)


def test_terms_list_pages_and_filters_by_kind(reader: TestClient) -> None:
    page = reader.get("/terms", params={"limit": 5}).json()
    assert len(page["items"]) == 5 and page["total"] > 5
    assert page["kinds"]["framing"] >= 6
    framings = reader.get("/terms", params={"kind": "framing", "limit": 500}).json()
    curies = {t["curie"] for t in framings["items"]}
    assert {"ak:RFLOFraming", "ak:ThreatModelFraming"} <= curies
    assert "ak:MesaOptimizer" not in curies


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ],
)
def test_rdf_representations_parse_back_to_the_terms_triples(
    reader: TestClient, accept: str, rdf_format: str
) -> None:
    response = reader.get("/terms/ak:MesaOptimizer", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=rdf_format)
    assert (MESA, RDFS.label, Literal("mesa-optimizer", lang="en")) in graph
    assert (MESA, RDFS.subClassOf, URIRef(AK + "Optimizer")) in graph
    assert (MESA, SKOS.definition, None) in graph


def test_accept_q_values_pick_the_preferred_format(reader: TestClient) -> None:
    accept = "application/ld+json;q=0.5, text/turtle;q=0.9, */*;q=0.1"
    response = reader.get("/terms/ak:MesaOptimizer", headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/turtle")


def test_format_parameter_overrides_accept(reader: TestClient) -> None:
    response = reader.get(
        "/terms/ak:MesaOptimizer", params={"format": "nt"}, headers={"Accept": "text/html"}
    )
    assert response.headers["content-type"].startswith("application/n-triples")


def test_unacceptable_type_is_406_problem_listing_what_is_offered(reader: TestClient) -> None:
    response = reader.get("/terms/ak:MesaOptimizer", headers={"Accept": "image/png"})
    assert response.status_code == 406
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "text/turtle" in problem["available"]


def test_unknown_format_parameter_is_400_naming_format(reader: TestClient) -> None:
    response = reader.get("/terms/ak:MesaOptimizer", params={"format": "docx"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("format:")


def test_browser_gets_a_readable_page_with_framings_and_links(reader: TestClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = reader.get("/terms/ak:InnerAlignment", headers={"Accept": browser})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<h1>inner alignment</h1>" in html
    assert 'href="/explorer?focus=ak:InnerAlignment"' in html
    assert 'id="framings"' in html and "Definitions by framing" in html
    assert 'href="/terms/ak:' in html
    # One script, ours, served from this site (the search box's suggestions); nothing from a CDN.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/assets/search-box.js" defer>']
    assert "//cdn" not in html


def test_unknown_term_is_404_problem_with_close_matches(reader: TestClient) -> None:
    response = reader.get("/terms/ak:MesaOptimiser")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert problem["status"] == 404
    assert problem["close_matches"][0]["curie"] == "ak:MesaOptimizer"
    assert "ak:MesaOptimizer" in problem["detail"]


def test_etag_revalidation_answers_304_without_a_body(reader: TestClient) -> None:
    first = reader.get("/terms/ak:MesaOptimizer")
    tag = first.headers["etag"]
    assert "max-age" in first.headers["cache-control"]
    again = reader.get("/terms/ak:MesaOptimizer", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    turtle = reader.get(
        "/terms/ak:MesaOptimizer", headers={"If-None-Match": tag, "Accept": "text/turtle"}
    )
    assert turtle.status_code == 200, "another representation has another ETag"


def test_etag_changes_when_the_store_changes(client: TestClient, auth: dict[str, str]) -> None:
    before = client.get("/terms/ak:MesaOptimizer").headers["etag"]
    client.post("/cases", json={"facts": {"wouldBeRewarded": True}}, headers=auth)
    after = client.get("/terms/ak:MesaOptimizer", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["etag"] != before


def test_cors_is_open_for_gets(reader: TestClient) -> None:
    response = reader.get("/terms/ak:MesaOptimizer", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = reader.options(
        "/terms/ak:MesaOptimizer",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    # Writes stay same-origin: a browser is told POST is not allowed cross-origin.
    write = reader.options(
        "/cases",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert write.status_code == 400
    assert write.headers["content-type"].startswith("application/problem+json")
    assert "same-origin" in write.json()["detail"]
    # Without Origin (curl, other services) there is nothing to add.
    plain = reader.get("/terms/ak:MesaOptimizer")
    assert "access-control-allow-origin" not in plain.headers


def test_a_browser_tool_may_revalidate_cross_origin(reader: TestClient) -> None:
    """The preflight for a conditional GET passes, and the ETag it needs is exposed."""
    origin = {"Origin": "https://example.org"}
    preflight = reader.options(
        "/terms/ak:MesaOptimizer",
        headers={
            **origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert "if-none-match" in preflight.headers["access-control-allow-headers"].lower()
    first = reader.get("/terms/ak:MesaOptimizer", headers=origin)
    assert "etag" in first.headers["access-control-expose-headers"].lower()
    again = reader.get(
        "/terms/ak:MesaOptimizer", headers={**origin, "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/health", "application/json"),
        ("/terms", "application/json"),
        ("/terms/ak:MesaOptimizer", "text/turtle"),
        ("/terms/ak:MesaOptimizer", "text/html"),
        ("/search?q=mesa", "application/json"),
        ("/ontology", "application/n-triples"),
        ("/cases/narrow-qa-kidnapping", "application/json"),
        ("/docs", "text/html"),
    ],
)
def test_head_answers_wherever_get_does_with_its_headers_and_no_body(
    reader: TestClient, path: str, accept: str
) -> None:
    get = reader.get(path, headers={"Accept": accept})
    head = reader.head(path, headers={"Accept": accept})
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    for header in ("content-type", "content-length", "etag", "cache-control"):
        assert head.headers.get(header) == get.headers.get(header), header


def test_head_of_an_unknown_term_is_404_and_of_a_write_only_route_405(reader: TestClient) -> None:
    assert reader.head("/terms/ak:NoSuchTerm").status_code == 404
    assert reader.head("/classify/batch").status_code == 405


def test_ancestors_are_transitive_and_descendants_mirror_them(reader: TestClient) -> None:
    ancestors = reader.get("/terms/ak:MesaOptimizer/ancestors").json()["items"]
    curies = {a["curie"] for a in ancestors}
    assert {"ak:Optimizer", "ak:AlignmentConcept"} <= curies
    for ancestor in curies:
        below = reader.get(f"/terms/{ancestor}/descendants").json()["items"]
        assert "ak:MesaOptimizer" in {d["curie"] for d in below}


def test_parents_and_children_are_direct(reader: TestClient) -> None:
    parents = reader.get("/terms/ak:MesaOptimizer/parents").json()["items"]
    assert "ak:AlignmentConcept" not in {p["curie"] for p in parents}
    for parent in parents:
        children = reader.get(f"/terms/{parent['curie']}/children").json()["items"]
        assert "ak:MesaOptimizer" in {c["curie"] for c in children}


def test_neighbourhood_graph_has_named_edges_within_depth(reader: TestClient) -> None:
    one = reader.get("/terms/ak:MesaOptimizer/graph", params={"depth": 1}).json()
    two = reader.get("/terms/ak:MesaOptimizer/graph", params={"depth": 2}).json()
    assert len(two["nodes"]) > len(one["nodes"]) > 1
    ids = {n["curie"] for n in one["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in one["edges"])
    assert any(e["relation"] == "rdfs:subClassOf" for e in one["edges"])
    assert max(n["depth"] for n in one["nodes"]) == 1


def test_graph_depth_out_of_range_is_422_naming_depth(reader: TestClient) -> None:
    response = reader.get("/terms/ak:MesaOptimizer/graph", params={"depth": 99})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "depth"


def test_wrong_method_on_a_read_route_is_405_naming_the_allowed_one(reader: TestClient) -> None:
    # Routes are registered flat on the app (service/app.py add_routes); Starlette must
    # still tell "no such path" (404) from "no such method here" (405).
    response = reader.post("/terms/ak:MesaOptimizer")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert reader.get("/no/such/path").status_code == 404


def test_citations_list_authors_in_the_papers_own_order(reader: TestClient) -> None:
    """RDF keeps no order among creators; ak:authorList restores the paper's byline."""
    sources = reader.get("/terms/ak:MesaOptimizer").json()["sources"]
    rflo = next(s for s in sources if s["curie"] == "aksrc:Hubinger2019RFLO")
    byline = ["Evan Hubinger", "Chris van Merwijk", "Vladimir Mikulik", "Joar Skalse"]
    assert rflo["authors"] == [*byline, "Scott Garrabrant"]
    assert rflo["citation"].startswith("Evan Hubinger, Chris van Merwijk")


def test_a_definition_cites_every_source_it_has(reader: TestClient) -> None:
    graph = Graph().parse("ontology/alignment.ttl", format="turtle")
    has_definition, source = URIRef(AK + "hasDefinition"), URIRef(DCTERMS + "source")
    term, definition = next(
        (t, d)
        for t, d in graph.subject_objects(has_definition)
        if len(set(graph.objects(d, source))) > 1
    )
    expected = {str(s) for s in graph.objects(definition, source)}
    text = str(graph.value(definition, URIRef(AK + "definitionText")))
    body = reader.get("/terms", params={"iri": str(term)}).json()
    given = next(d for d in body["definitions"] if d["text"] == text)
    assert {s["iri"] for s in given["sources"]} == expected
    assert given["source"] == given["sources"][0]
    assert expected <= {s["iri"] for s in body["sources"]}


def test_disputed_relations_carry_question_sides_and_note(reader: TestClient) -> None:
    disputed = reader.get("/terms/ak:InnerAlignment").json()["disputed"]
    only_mesa = next(d for d in disputed if d["object"]["curie"] == "ak:MesaOptimizer")
    assert only_mesa["iri"] == AK + "DisputeInnerAlignmentOnlyMesaOptimizers"
    assert only_mesa["question"] == "is inner alignment only about mesa-optimizers?"
    assert only_mesa["note"] and "coined for mesa-optimizers" in only_mesa["note"]
    assert "ak:RFLOFraming" in {a["curie"] for a in only_mesa["asserted_by"]}
    atlas = next(b for b in only_mesa["disputed_by"] if b["curie"] == "aksrc:AISafetyAtlasCh7")
    assert atlas["label"].startswith("AI Safety Atlas")  # a source is named by its title
    page = reader.get("/terms/ak:InnerAlignment", headers={"Accept": "text/html"}).text
    assert "is inner alignment only about mesa-optimizers?" in page and "Asserted by" in page


def test_symmetric_relations_are_listed_once_per_pair(reader: TestClient) -> None:
    for curie in ("ak:InnerAlignment", "ak:MesaOptimizer", "ak:GoalMisgeneralization"):
        related = reader.get(f"/terms/{curie}").json()["related"]
        pairs = [(r["relation"], r["term"]["curie"]) for r in related]
        symmetric = [p for p in pairs if p[0] == "skos:related"]
        assert len(symmetric) == len(set(symmetric)), curie


def test_history_lists_each_reading_oldest_first_with_the_sources_words(
    reader: TestClient,
) -> None:
    body = reader.get("/terms/ak:OuterAlignment/history").json()
    assert body["term"]["curie"] == "ak:OuterAlignment"
    dates = [entry["date"] for entry in body["history"]]
    assert dates == sorted(dates) and dates[0] == "2019"
    by_framing = {e["framing"]["curie"]: e for e in body["history"] if e["framing"]}
    hubinger = by_framing["ak:Hubinger2020Framing"]
    assert "limit of perfect training and infinite data" in hubinger["quote"]
    assert hubinger["locator"] and hubinger["checked_against"]
    assert hubinger["source"]["curie"] == "aksrc:Hubinger2020Clarifying"
    assert all(e["quote"] and e["locator"] for e in body["history"])


def test_history_includes_close_matches_saying_which_term_each_defines(
    reader: TestClient,
) -> None:
    """Scheming (Carlsmith 2023) is a close match of deceptive alignment, not a synonym."""
    body = reader.get("/terms/ak:DeceptiveAlignment/history").json()
    defined = {(e["term"]["curie"], e["date"]) for e in body["history"]}
    assert ("ak:DeceptiveAlignment", "2019") in defined
    assert ("ak:Scheming", "2023") in defined


def test_history_of_an_unknown_term_is_404(reader: TestClient) -> None:
    response = reader.get("/terms/ak:NoSuchTerm/history")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_term_page_quotes_each_source_beside_our_words(reader: TestClient) -> None:
    html = reader.get("/terms/ak:GoalMisgeneralization", headers={"Accept": "text/html"}).text
    assert "leads to good performance in training situations" in html
    assert "Our extrapolation:" in html
    assert 'href="/terms/ak:GoalMisgeneralization/history"' in html
