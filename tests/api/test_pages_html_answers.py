"""Pages that link to pages: /terms, /search, /stats, /ontology and / answer HTML to a
browser and JSON (or RDF) to tools as before; IRIs resolve; the site has an icon."""

from __future__ import annotations

import html
import re
import struct
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontology.cases.book import case_book
from ontology.terms.hierarchy import root_paths
from ontology.terms.index import term_index

#: What Chromium sends when a link is clicked.
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TOOL = {"Accept": "application/json"}
CASE = "narrow-qa-kidnapping"
#: What someone might type into the search box or the address bar.
TYPED = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
)
#: Each resource a page links to, and the media type a tool gets from it by default.
RESOURCES = {
    "/": "application/json",
    "/terms": "application/json",
    "/search?q=mesa": "application/json",
    "/stats": "application/json",
    f"/cases/{CASE}": "application/json",
    "/ontology": "text/turtle",
}


def _media(response: Any) -> str:
    return str(response.headers["content-type"]).split(";")[0]


def _hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a [^>]*href="([^"]*)"', page)]


@pytest.mark.parametrize("path", RESOURCES)
def test_a_browser_gets_a_page_and_a_tool_what_it_got_before(reader: TestClient, path: str) -> None:
    clicked = reader.get(path, headers=BROWSER)
    assert clicked.status_code == 200 and _media(clicked) == "text/html"
    assert "<main>" in clicked.text and 'href="/favicon.svg"' in clicked.text
    join = "&" if "?" in path else "?"
    forced = reader.get(path + join + "format=html", headers=TOOL)
    assert forced.status_code == 200 and _media(forced) == "text/html"
    for headers in ({}, {"Accept": "*/*"}):
        assert _media(reader.get(path, headers=headers)) == RESOURCES[path], headers
    as_json = reader.get(path + join + "format=json", headers=BROWSER)
    assert as_json.status_code == 200 and _media(as_json).endswith("json")


@pytest.mark.parametrize("path", ["/terms", "/search?q=mesa", "/stats"])
def test_a_json_only_client_still_gets_json_whatever_it_accepts(
    reader: TestClient, path: str
) -> None:
    """These were JSON alone before they had pages: no Accept header makes them a 406."""
    for accept in ("text/*", "text/turtle", "image/png", "application/json;q=0.1, text/plain"):
        response = reader.get(path, headers={"Accept": accept})
        assert response.status_code == 200 and _media(response) == "application/json", accept


def test_the_term_list_page_shows_the_page_of_terms_with_kinds_and_paging(
    reader: TestClient,
) -> None:
    listing = reader.get("/terms", params={"offset": 10, "limit": 20}).json()
    page = reader.get("/terms", params={"offset": 10, "limit": 20}, headers=BROWSER).text
    links = _hrefs(page)
    term_links = [h for h in links if h.startswith("/terms/ak:")]
    assert term_links == [f"/terms/{t['curie']}" for t in listing["items"]]
    assert "/terms?offset=0&limit=20" in links and "/terms?offset=30&limit=20" in links
    framings = reader.get("/terms", params={"kind": "framing"}, headers=BROWSER).text
    assert '<strong aria-current="page">framing (' in framings
    assert "/terms?kind=framing" not in _hrefs(framings) and "/terms?kind=failure-mode" in _hrefs(
        framings
    )
    shown = len(re.findall(r'<tr><td><a href="/terms/', framings))
    assert shown == reader.get("/terms", params={"kind": "framing"}).json()["total"]


def test_the_search_page_lists_the_hits_in_order_and_works_before_a_search(
    reader: TestClient,
) -> None:
    found = reader.get("/search", params={"q": "mesa optimiser", "limit": 5}).json()
    page = reader.get("/search", params={"q": "mesa optimiser", "limit": 5}, headers=BROWSER).text
    hits = [h for h in _hrefs(page) if h.startswith("/terms/ak:")]
    assert hits == [f"/terms/{r['curie']}" for r in found["results"]]
    assert f"{found['total']} terms match" in html.unescape(page)
    assert "/search?q=mesa+optimiser&offset=5&limit=5" in _hrefs(page)
    assert 'value="mesa optimiser"' in page  # the box keeps what was asked
    empty = reader.get("/search", headers=BROWSER)  # the nav's link, and an empty form
    assert empty.status_code == 200 and 'name="q"' in empty.text and "match" not in empty.text
    assert "No term matches" in reader.get("/search?q=zzxqv", headers=BROWSER).text
    assert reader.get("/search").status_code == 422  # a tool still has to ask something


def test_the_stats_page_shows_every_count(reader: TestClient) -> None:
    counts = reader.get("/stats").json()
    page = reader.get("/stats", headers=BROWSER).text
    for kind, n in counts["kinds"].items():
        assert f'<a href="/terms?kind={kind}">{kind}</a></td><td>{n}</td>' in page
    assert f"<td>{counts['terms']}</td>" in page
    assert f"<td>{counts['cases']['documented']}</td>" in page
    for graph, n in counts["triples"]["by_graph"].items():
        assert f"<code>{graph}</code></td><td>{n}</td>" in page


def test_the_ontology_page_links_each_download_by_its_media_type(reader: TestClient) -> None:
    page = reader.get("/ontology", headers=BROWSER).text
    for fmt, media in [("turtle", "text/turtle"), ("rdfxml", "application/rdf+xml")]:
        assert f'<a href="?format={fmt}" type="{media}">' in page
        download = reader.get(f"/ontology?format={fmt}", headers=BROWSER)
        assert _media(download) == media
    assert _media(reader.get("/ontology?format=json")) == "application/ld+json"


def test_the_start_page_has_the_search_box_and_its_script_is_ours(reader: TestClient) -> None:
    page = reader.get("/", headers=BROWSER).text
    assert '<form class="site-search" role="search" action="/search" method="get">' in page
    assert re.findall(r'<script[^>]*src="([^"]+)"', page) == ["/assets/search-box.js"]
    script = reader.get("/assets/search-box.js")
    assert script.status_code == 200 and _media(script) == "text/javascript"
    assert "/suggest" in page and 'role", "combobox"' in script.text


def _tree(page: str) -> ElementTree.Element:
    """The term page's hierarchy, the nested list, parsed."""
    fragment = page.split('<section id="hierarchy"', 1)[1].split("</section>", 1)[0]
    return ElementTree.fromstring("<ul" + fragment.split("<ul", 1)[1])


def _follow(tree: ElementTree.Element, curies: list[str]) -> ElementTree.Element:
    """The item reached by going down the tree through ``curies``, root first."""
    level, item = tree, tree
    for curie in curies:
        found = [li for li in level.findall("li") if li.find("a").get("href") == f"/terms/{curie}"]  # type: ignore[union-attr]
        assert len(found) == 1, f"{curie} under {[a.text for a in level.iter('a')]}"
        item = found[0]
        below = item.find("ul")
        level = below if below is not None else ElementTree.Element("ul")
    return item


def test_a_term_page_shows_where_the_term_sits_with_the_term_current(reader: TestClient) -> None:
    index = term_index(reader.app.state.store)  # type: ignore[attr-defined]
    mesa = index.resolve("MesaOptimizer")
    assert mesa is not None
    page = reader.get("/terms/ak:MesaOptimizer", headers=BROWSER).text
    tree = _tree(page)
    chains = root_paths(index, mesa)
    assert len(chains) == len(mesa.parents) >= 2  # under learned algorithm and optimizer
    for chain in chains:  # each chain of broader terms is a branch, root first
        assert chain[0]["curie"] == "ak:AlignmentConcept" and chain[-1]["curie"] == mesa.curie
        here = _follow(tree, [ref["curie"] for ref in chain])
        assert here.find("a").get("aria-current") == "page"  # type: ignore[union-attr]
    marked = {a.get("href") for a in tree.iter("a") if a.get("aria-current")}
    assert marked == {"/terms/ak:MesaOptimizer"}
    assert 'id="site-search-q"' in page  # and a search box, as on every term page
    optimizer = index.resolve("Optimizer")
    assert optimizer is not None
    below = _follow(
        _tree(reader.get("/terms/ak:Optimizer", headers=BROWSER).text),
        [ref["curie"] for ref in root_paths(index, optimizer)[0]],
    )
    assert "/terms/ak:MesaOptimizer" in {a.get("href") for a in below.iter("a")}  # children


def test_a_term_page_gives_each_case_its_verdict(reader: TestClient) -> None:
    record = reader.get("/terms/ak:GoalMisgeneralization").json()
    assert record["cases"]
    page = html.unescape(reader.get("/terms/ak:GoalMisgeneralization", headers=BROWSER).text)
    row = r'<tr><td><a href="/cases/([^"]+)">.*?</td>\s*'
    rows = re.findall(row + r'<td class="verdict">([^<]+)</td>\s*<td>([^<]+)</td>', page)
    assert rows and sorted(r[0] for r in rows) == sorted(c["id"] for c in record["cases"])
    for case_id, verdict, disagree in rows:
        case = reader.get(f"/cases/{case_id}").json()  # what /cases says of it
        assert verdict == case["verdict"]
        assert disagree == ("yes" if case["ambiguous"] else "no")


def test_a_submitted_case_shows_on_its_term_page_and_its_iri_resolves(
    client: TestClient, auth: dict[str, str]
) -> None:
    case = {
        "title": "Cleaner robot hides messes under the rug",
        "facts": {"rewardedInTraining": True, "wouldBeRewarded": True, "deceptive": False},
        "exhibits": ["ak:SpecificationGaming"],
    }
    created = client.post("/cases", json=case, headers=auth).json()
    page = html.unescape(client.get("/terms/ak:SpecificationGaming", headers=BROWSER).text)
    row = re.search(
        rf'<a href="/cases/{created["id"]}">[^<]+</a> <span class="kind">submitted</span></td>'
        r'\s*<td class="verdict">([^<]+)</td>',
        page,
    )
    assert row is not None and row.group(1) == created["verdict"]
    stored = case_book(client.app.state.store).cases[created["id"]]  # type: ignore[attr-defined]
    assert stored["verdict"] == created["verdict"]
    moved = client.get(f"/case/{created['id']}", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/cases/{created['id']}"
    landed = client.get(f"/case/{created['id']}", headers=BROWSER)
    assert _media(landed) == "text/html" and created["id"] in landed.text


def test_case_and_term_iris_resolve_keeping_the_format(reader: TestClient) -> None:
    moved = reader.get(f"/case/{CASE}?format=html", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/cases/{CASE}?format=html"
    assert reader.get(f"/case/{CASE}").json()["id"] == CASE
    term = reader.get("/MesaOptimizer?format=turtle", follow_redirects=False)
    assert term.status_code == 303
    assert term.headers["location"] == "/terms/MesaOptimizer?format=turtle"
    assert _media(reader.get("/MesaOptimizer?format=turtle")) == "text/turtle"
    for missing in ("/case/no-such-case", "/MesaOptimiser", "/ak:MesaOptimizer"):
        response = reader.get(missing, follow_redirects=False)
        assert response.status_code == 404, missing
        assert _media(response) == "application/problem+json"
    assert reader.get("/MesaOptimiser").json()["close_matches"][0]["curie"] == "ak:MesaOptimizer"


def test_every_term_iri_resolves_and_no_route_is_shadowed(reader: TestClient) -> None:
    """Each ``ak:`` term's local name reaches its term; the routes with one-segment paths
    still answer as themselves (the IRI router is registered last)."""
    terms = reader.get("/terms", params={"limit": 500}).json()["items"]
    for term in terms:
        name = term["curie"].removeprefix("ak:")
        response = reader.get(f"/{name}", follow_redirects=False)
        assert response.status_code == 303, name
        assert response.headers["location"] == f"/terms/{name}"
    assert reader.get("/health").json()["status"] == "ok"
    assert "kinds" in reader.get("/stats").json()
    assert reader.get("/no-such-thing").status_code == 404


def test_the_site_icon_is_an_svg_and_an_ico_of_the_same_drawing(reader: TestClient) -> None:
    svg = reader.get("/favicon.svg")
    assert svg.status_code == 200 and _media(svg) == "image/svg+xml"
    assert ElementTree.fromstring(svg.content).tag == "{http://www.w3.org/2000/svg}svg"
    ico = reader.get("/favicon.ico")
    assert ico.status_code == 200 and _media(ico) == "image/x-icon"
    reserved, kind, count = struct.unpack("<HHH", ico.content[:6])
    assert (reserved, kind, count) == (0, 1, 1)
    width, height, *_, size, offset = struct.unpack("<BBBBHHII", ico.content[6:22])
    png = ico.content[offset : offset + size]
    assert (width, height) == (32, 32) and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (32, 32)


@pytest.mark.parametrize("path", ["/terms", "/stats", "/search?q=mesa", "/"])
def test_an_unknown_format_is_a_422_naming_format(reader: TestClient, path: str) -> None:
    join = "&" if "?" in path else "?"
    response = reader.get(path + join + "format=docx", headers=BROWSER)
    assert response.status_code == 422
    assert [e["field"] for e in response.json().get("errors", [])] in ([], ["format"])
    assert "format" in response.text


@pytest.mark.parametrize("path", ["/search?q={}", "/{}", "/case/{}"])
@given(text=TYPED)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_whatever_is_typed_a_browser_gets_a_page_or_a_problem(
    reader: TestClient, path: str, text: str
) -> None:
    response = reader.get(path.format(quote(text, safe="")), headers=BROWSER)
    assert response.status_code < 500
    expected = "text/html" if response.status_code == 200 else "application/problem+json"
    assert _media(response) == expected
